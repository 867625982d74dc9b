"""Shared fixtures: the bundled dataset and an in-process runner of the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import techhubs
from techhubs.cli import main
from techhubs.core.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "cities.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def error(self) -> Any:
        return json.loads(self.stderr)["error"]


Run = Callable[..., Result]


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return techhubs.load(DATA_FILE)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Run:
    """Run ``techhubs ARGS`` through the real entry point, at 100 columns, no colour."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TECHHUBS_NO_CACHE", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("TECHHUBS_DATA", raising=False)
    monkeypatch.delenv("TECHHUBS_DEBUG", raising=False)
    monkeypatch.delenv("TECHHUBS_FILL", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(int(code), out, err)

    return invoke
