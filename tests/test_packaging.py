"""Packaging: the wheel carries the data, and the installed command runs anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import techhubs
from conftest import DATA_FILE, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    built = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return Path(built[0])


def test_wheel_contains_the_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "techhubs/data/cities.yaml" in names
        assert "techhubs/data/china-outline.json" in names
        assert "techhubs/data/schema.json" in names  # techhubs schema / fields
        assert "techhubs/py.typed" in names
        assert archive.read("techhubs/data/cities.yaml") == DATA_FILE.read_bytes()


def test_wheel_install_finds_its_data_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import techhubs; from techhubs.loader import bundled_path;"
        "print(bundled_path()); print(techhubs.load().city('sz').id)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [str(target / "techhubs" / "data" / "cities.yaml"), "shenzhen"]


def test_module_entry_point_runs_in_a_subprocess(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "techhubs", "city", "shenzhen", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "shenzhen"


def test_version_is_single_sourced() -> None:
    from importlib.metadata import version

    assert version("techhubs") == techhubs.__version__
