"""The parsed-data cache: structural guards only (speed is measured in benchmarks/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA_FILE, Run
from techhubs.loader import cache, load_path

PROBE = (
    "import sys, io, contextlib\n"
    "from techhubs.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
    "    code = main(['city', 'shenzhen', '--json'])\n"
    "assert code == 0 and out.getvalue().startswith('{'), code\n"
    "print(sorted(m for m in ('rich', 'yaml') if m in sys.modules))\n"
)


def _probe(cache_home: Path, *extra: str) -> list[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    env.pop("TECHHUBS_NO_CACHE", None)
    env.pop("TECHHUBS_DATA", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(result.stdout.replace("'", '"'))
    return loaded


def test_warm_json_lookup_imports_neither_rich_nor_yaml(tmp_path: Path) -> None:
    assert _probe(tmp_path) == ["yaml"]  # cold: the YAML had to be parsed
    assert _probe(tmp_path) == []  # warm: neither YAML nor Rich


def test_a_warm_lookup_for_a_script_imports_no_json_module(tmp_path: Path) -> None:
    """Promise: a warm 'city X --json' on a UTF-8 stream writes the stored record as
    it is and reads the cache's own entries without the json module (~1.3 ms of
    every such run). (Before: the identity entry and the files' headers were JSON.)"""
    probe = (
        "import sys\n"
        "from techhubs.cli import main\n"
        "code = main(['city', 'shenzhen', '--json'])\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('json'))))\n"
        "raise SystemExit(code)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    env.pop("TECHHUBS_NO_CACHE", None)
    env.pop("TECHHUBS_DATA", None)
    runs = [
        subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout and json.loads(runs[1].stdout)["id"] == "shenzhen"
    assert "json" in runs[0].stderr  # cold: the data was parsed and stored
    assert runs[1].stderr == "[]"  # warm


def test_cache_is_keyed_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "data.yaml"
    copy.write_bytes(DATA_FILE.read_bytes())
    assert load_path(copy).city("sz").name == "Shenzhen"
    copy.write_text(
        DATA_FILE.read_text(encoding="utf-8").replace(
            "headline: From Manufacturing to Tech Powerhouse", "headline: Changed", 1
        ),
        encoding="utf-8",
    )
    assert load_path(copy).city("shenzhen").headline == "Changed"
    assert len(list((tmp_path / "cache" / "techhubs").glob("dataset-*.json"))) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "not json at all",
        lambda text: json.dumps({"key": "wrong", "data": {}}),
        lambda text: text.replace('"Shenzhen"', "12345"),  # valid JSON, invalid data
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_path(DATA_FILE)
    [cached] = (tmp_path / "techhubs").glob("dataset-*.json")
    cached.write_text(damage(cached.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    assert load_path(DATA_FILE).city("shenzhen").name == "Shenzhen"
    key = cache.key_of(DATA_FILE.read_bytes(), False)
    assert cache.read(key) is not None  # rebuilt


def test_an_unwritable_cache_directory_breaks_nothing(run: Run, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    result = run("city", "sz", "--json", env={"XDG_CACHE_HOME": str(blocked)})
    assert result.exit_code == 0 and result.json()["id"] == "shenzhen"
    assert result.stderr == ""


def test_no_cache_neither_reads_nor_writes(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "nocache"
    assert (
        run("--no-cache", "city", "sz", "--json", env={"XDG_CACHE_HOME": str(home)}).exit_code == 0
    )
    assert not home.exists()
    assert (
        run(
            "city", "sz", "--json", env={"XDG_CACHE_HOME": str(home), "TECHHUBS_NO_CACHE": "1"}
        ).exit_code
        == 0
    )
    assert not home.exists()


def test_two_processes_fill_the_cache_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("TECHHUBS_NO_CACHE", None)
    command = [sys.executable, "-m", "techhubs", "city", "shenzhen", "--json"]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert json.loads(out)["id"] == "shenzhen"
    assert len(list((tmp_path / "techhubs").glob("dataset-*.json"))) == 1
    assert not list((tmp_path / "techhubs").glob(".dataset-*"))  # no temp files left


WARM_IMPORTS = (
    "import sys, io, contextlib\n"
    "from techhubs.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
    "    code = main(sys.argv[1:])\n"
    "assert code == 0, code\n"
    "print(sorted(m for m in sys.modules if m.startswith(('techhubs', 'tempfile'))))\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "beijing", "hangzhou", "shanghai"],
        ["compare", "beijing", "hangzhou", "--growth", "--json"],
        ["city", "shenzhen"],
        ["cities"],
        ["search", "silicon"],
        ["search", "silicon", "--kind", "company", "--json"],
        ["areas", "--reverse"],
        ["rank", "--by", "gdp", "--limit", "3", "--json"],
        ["indicators"],
        ["overview", "--json"],
        ["map", "--focus", "ai"],
        ["trend", "shenzhen", "beijing", "--by", "gdp"],
        ["similar", "shenzhen", "--limit", "3"],
    ],
)
def test_a_warm_table_imports_no_declarations_dataset_or_file_writer(
    tmp_path: Path, args: list[str]
) -> None:
    """Promise: a warm command answered from the store imports neither the
    declarations nor the dataset (whose imports alone cost ~5 ms), nor what writes
    files, which only --save-svg/--save-html need. (Before: compare imported all
    three to work out growth, and every table imported the file writer; search,
    areas and rank imported the declarations with the queries, for the rules that
    rank hits and turn a list; rank, indicators, overview and map with the
    records module, for the shapes of their stored answers; trend with the
    figures' module, for the most lines it draws; similar with the analysis, for
    how alike two hubs are.)"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "c")}
    env.pop("TECHHUBS_NO_CACHE", None)
    env.pop("TECHHUBS_DATA", None)
    script = [sys.executable, "-c", WARM_IMPORTS, *args]
    subprocess.run(script, env=env, capture_output=True, check=True)  # fills the cache
    result = subprocess.run(script, env=env, capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.replace("'", '"'))
    assert loaded and not {
        "techhubs.core.entities",
        "techhubs.core.dataset",
        "techhubs.core.indicators",
        "techhubs.files",
        "tempfile",
        "techhubs.cli.background",  # nothing to fill: a warm run leaves nothing for later
    } & set(loaded), loaded


def test_counts_of_one_are_singular(run: Run) -> None:
    """Fresh eyes: 'cache clear' said 'removed 1 cache entries'; 'data validate'
    of a one-city file said '1 cities'."""
    from rich.console import Console

    from techhubs.output.tables import validation_report

    run("cities")  # one entry in the cache
    assert run("cache", "clear").stderr.startswith("techhubs: removed 1 cache entry (")
    report = {"file": "one.yaml", "version": "1", "as_of": "2026-01-01", "cities": 1}
    report |= {"companies": 1, "focus_areas": 1}
    report |= {"indicators": 1, "observations": 0, "warnings": []}
    console = Console(width=120, no_color=True)
    with console.capture() as shown:
        console.print(validation_report(report))
    assert "): 1 city, 1 company, 1 focus area, 1 indicator, 0 observations." in shown.get()
