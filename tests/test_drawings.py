"""Drawings: a table command's text, kept in the cache and written again word for
word when the same question comes back on the same console (loader/cache.py,
"drawings"; output/console.py). Kept or not, the output is byte for byte what
drawing it anew prints; damage is a new drawing, never another's text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run
from techhubs.loader import cache
from techhubs.output import console

TABLES = [
    ["city", "shenzhen"],
    ["company", "tencent"],
    ["area", "ai"],
    ["compare", "beijing", "hangzhou", "shanghai"],
    ["compare", "sz", "gz", "--growth"],
    ["cities"],
    ["companies", "--city", "shenzhen"],
    ["areas"],
    ["search", "silicon"],
    ["rank", "--by", "gdp"],
    ["trend", "chengdu", "wuhan"],
    ["similar", "hangzhou"],
    ["indicators"],
    ["overview"],
    ["map"],
    ["city", "beijing", "--fields", "name,population"],
]


def _home(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache")}


def _drawings(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "techhubs").glob("drawn-*.txt"))


def _drawing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, drawing a table is an error: only a kept drawing can answer."""

    def refuse(*args: object) -> str:
        raise AssertionError("drawn again")

    monkeypatch.setattr(console, "_drawn", refuse)


@pytest.mark.parametrize("args", TABLES, ids=[" ".join(a) for a in TABLES])
def test_a_kept_drawing_is_the_table_drawn_anew(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    home = _home(tmp_path)
    cold = run(*args, env=home)
    assert cold.exit_code == 0 and len(_drawings(tmp_path)) == 1
    uncached = run("--no-cache", *args)
    _drawing_fails(monkeypatch)
    warm = run(*args, env=home)
    assert cold.exit_code == warm.exit_code == uncached.exit_code == 0
    assert warm.stdout == cold.stdout == uncached.stdout
    assert warm.stderr == cold.stderr


@pytest.mark.parametrize(
    "setting",
    [{"COLUMNS": "60"}, {"COLUMNS": "140"}, {"FORCE_COLOR": "1", "NO_COLOR": ""}],
    ids=["narrower", "wider", "colour on a terminal"],
)
def test_another_console_gets_its_own_drawing(
    run: Run, tmp_path: Path, setting: dict[str, str]
) -> None:
    """A drawing at 100 columns, no colour, is never written where the console is
    narrower, wider or a coloured terminal: each is drawn for itself, and then kept
    (the setting holds for the rest of the test)."""
    home = _home(tmp_path)
    at_100 = run("city", "shenzhen", env=home).stdout
    other = run("city", "shenzhen", env={**home, **setting})
    if setting != {"COLUMNS": "140"}:  # (prose is set at most 100 wide: the same text)
        assert other.stdout != at_100
    assert run("--no-cache", "city", "shenzhen").stdout == other.stdout
    assert run("city", "shenzhen", env=home).stdout == other.stdout  # kept, and read back
    assert len(_drawings(tmp_path)) == 2
    if "FORCE_COLOR" in setting:
        assert "\x1b[" in other.stdout  # a terminal's drawing: colour, and the padding kept


def test_the_height_of_the_terminal_draws_nothing_else(run: Run) -> None:
    """Why a drawing is not keyed on the terminal's height: nothing drawn uses it."""
    for args in (["city", "shenzhen"], ["trend", "beijing"], ["map"], ["overview"]):
        tall = run("--no-cache", *args, env={"LINES": "200"}).stdout
        assert run("--no-cache", *args, env={"LINES": "3"}).stdout == tall


def test_another_command_line_or_data_is_another_drawing(run: Run, tmp_path: Path) -> None:
    home = _home(tmp_path)
    assert run("city", "wuhan", env=home).stdout != run("city", "shenzhen", env=home).stdout
    mine = tmp_path / "mine.yaml"
    text = (Path(__file__).parent.parent / "data" / "cities.yaml").read_text(encoding="utf-8")
    mine.write_text(text.replace("Shenzhen has grown rapidly", "Shenzhen grew"), encoding="utf-8")
    theirs = run("city", "shenzhen", env=home).stdout
    mine_drawn = run("--data", str(mine), "city", "shenzhen", env=home).stdout
    assert "Shenzhen grew" in mine_drawn and "Shenzhen grew" not in theirs
    assert run("city", "shenzhen", env=home).stdout == theirs


@pytest.mark.parametrize("damage", ["a changed byte", "another's drawing", "a link", "a fifo"])
def test_a_damaged_drawing_is_drawn_anew(run: Run, tmp_path: Path, damage: str) -> None:
    """A drawing's sum covers its text and the whole request it was drawn for: a
    flipped byte, a file renamed from another request's, a link or a FIFO where it
    was are drawn anew, never shown (and never hang)."""
    home = _home(tmp_path)
    expected = run("city", "shenzhen", env=home).stdout
    [kept] = _drawings(tmp_path)
    if damage == "a changed byte":
        raw = kept.read_bytes()
        at = raw.index(b"17.99 million")
        kept.write_bytes(raw[:at] + b"97" + raw[at + 2 :])
    elif damage == "another's drawing":
        run("city", "wuhan", env=home)
        [wuhan] = [f for f in _drawings(tmp_path) if f != kept]
        shutil.copyfile(wuhan, kept)
    elif damage == "a link":
        run("city", "wuhan", env=home)
        [wuhan] = [f for f in _drawings(tmp_path) if f != kept]
        kept.unlink()
        kept.symlink_to(wuhan)
    else:
        kept.unlink()
        os.mkfifo(kept)
    again = run("city", "shenzhen", env=home)
    assert again.exit_code == 0 and again.stdout == expected


def test_a_drawing_knows_the_request_it_was_drawn_for(tmp_path: Path) -> None:
    """The file's name is a sum of the request; its content holds the request itself."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path)
    try:
        key = "ab" * 20
        cache.keep_drawing(key, b"city\0sz", "drawn\n")
        assert cache.drawing(key, b"city\0sz") == "drawn\n"
        assert cache.drawing(key, b"city\0gz") is None
        assert cache.drawing("cd" * 20, b"city\0sz") is None  # another data file's
        [kept] = (tmp_path / "techhubs").glob("drawn-*.txt")
        kept.rename(kept.with_name(f"drawn-{key}-{cache._sum(b'city' + bytes(1) + b'gz')}.txt"))
        assert cache.drawing(key, b"city\0gz") is None  # renamed: not the request it holds
    finally:
        del os.environ["XDG_CACHE_HOME"]


def test_an_edit_of_techhubs_or_an_upgrade_of_a_library_is_a_new_stamp(tmp_path: Path) -> None:
    package = tmp_path / "techhubs"
    shutil.copytree(Path(cache.__file__).parent.parent, package)
    before = cache.drawing_stamp(str(package))
    tables = package / "output" / "tables.py"
    os.utime(tables, ns=(1, 1))
    assert cache.drawing_stamp(str(package)) != before
    # red team: a same-size edit with its times put back (cp -p, rsync -t) changed
    # the map's outline under a kept map; the change time cannot be put back
    again = cache.drawing_stamp(str(package))
    info = tables.stat()
    tables.write_bytes(tables.read_bytes().replace(b"Indicator", b"INDICATOR"))
    os.utime(tables, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert tables.stat().st_size == info.st_size and cache.drawing_stamp(str(package)) != again
    assert "outline:" in again
    assert {"rich", "typer"} <= {part.split(":")[0] for part in cache.library_stamp().split("\0")}


def test_a_drawing_made_while_techhubs_changed_under_the_run_is_not_kept(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team: a run that started before an upgrade draws with the old code, but
    kept its drawing under the stamp of the new files, which every later run (on
    the new code) then read back. The stamp is now the one the run started with,
    and a drawing is kept only if the files are still as they were."""
    stamps = iter(["as the run started", "after an upgrade"])
    monkeypatch.setattr(cache, "drawing_stamp", lambda package=None: next(stamps))
    assert run("city", "shenzhen", env=_home(tmp_path)).exit_code == 0
    assert _drawings(tmp_path) == []


def test_a_run_that_cannot_write_its_table_keeps_no_drawing(tmp_path: Path) -> None:
    """Red team: 'city shenzhen >/dev/full' exited 74 and kept the drawing: a run
    that fails keeps nothing."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "COLUMNS": "100"}
    for name in ("TECHHUBS_NO_CACHE", "TECHHUBS_DATA"):
        env.pop(name, None)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "techhubs", "city", "shenzhen"],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 74 and "No space left" in done.stderr
    assert list((tmp_path / "techhubs").glob("drawn-*")) == []


def test_cache_info_and_clear_survive_a_drawing_evicted_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team: 'cache info' listed the folder, then another run evicted a drawing
    before it was measured: FileNotFoundError, exit 70."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = "ab" * 20
    cache.keep_drawing(key, b"one", "1\n")
    cache.keep_drawing(key, b"two", "2\n")
    gone, kept = sorted((tmp_path / "techhubs").glob("drawn-*"))
    listed = os.listdir

    def listing(folder: object) -> list[str]:
        names = listed(folder)  # type: ignore[call-overload]
        gone.unlink(missing_ok=True)  # evicted between the listing and the lstat
        return list(names)

    monkeypatch.setattr(cache.os, "listdir", listing)
    [entry] = cache.entries()
    assert entry.files == (kept,) and entry.size == kept.stat().st_size
    removed, left = cache.clear()
    assert [e.key for e in removed] == [key] and left == []


def test_cache_clear_says_what_it_could_not_remove(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team: on a read-only cache 'cache clear' said 'removed 1 cache entry'
    and exited 0, with every file still there."""
    home = _home(tmp_path)
    run("city", "shenzhen", env=home)
    monkeypatch.setattr(cache, "_remove", lambda file: False)  # (root may write anywhere)
    result = run("cache", "clear", env=home)
    assert result.exit_code == 74
    message = " ".join(result.stderr.split())
    assert "removed 0 cache entries (0 bytes)" in message
    assert "3 files could not be removed (e.g. " in message and "remove them by hand" in message


def test_only_the_newest_drawings_are_kept(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP_DRAWINGS", 3)
    home = _home(tmp_path)
    for width in (60, 70, 80, 90, 100):
        assert run("city", "shenzhen", env={**home, "COLUMNS": str(width)}).exit_code == 0
    kept = _drawings(tmp_path)
    assert len(kept) == 3
    info = run("cache", "info", "--json", env=home).json()
    [entry] = info["entries"]
    assert sum(name.startswith("drawn-") for name in entry["files"]) == 3
    assert entry["bytes"] == sum(
        (tmp_path / "cache" / "techhubs" / name).stat().st_size for name in entry["files"]
    )
    # the newest three: drawn at 80, 90 and 100 columns, read back as they were drawn
    assert (
        run("city", "shenzhen", env={**home, "COLUMNS": "80"}).stdout
        == run("--no-cache", "city", "shenzhen", env={"COLUMNS": "80"}).stdout
    )
    assert run("cache", "clear", env=home).exit_code == 0
    assert _drawings(tmp_path) == []


@pytest.mark.parametrize(
    "args",
    [
        ["cache", "info"],
        ["data", "validate"],
        ["fields", "city"],
        ["city", "shenzhen", "--json"],
        ["city", "shenzhen", "-o", "markdown"],
        ["--no-cache", "city", "shenzhen"],
    ],
    ids=lambda a: " ".join(a),
)
def test_what_is_not_a_table_of_the_data_alone_keeps_no_drawing(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    """`cache info` and `data validate` show more than the data (the cache, a file
    named); data formats are written without Rich; --no-cache keeps nothing."""
    home = _home(tmp_path)
    run("city", "wuhan", "--json", env=home)  # the cache is there to be used
    assert run(*args, env=home).exit_code == 0
    assert _drawings(tmp_path) == []


def test_a_saved_picture_is_drawn_for_it(run: Run, tmp_path: Path) -> None:
    """--save-svg records the drawing as it is made: a kept text cannot make one."""
    home = _home(tmp_path)
    drawn = run("city", "shenzhen", env=home).stdout
    svg = tmp_path / "sz.svg"
    saved = run("city", "shenzhen", "--save-svg", str(svg), env=home)
    assert saved.exit_code == 0 and saved.stdout == drawn
    assert "Shenzhen" in svg.read_text(encoding="utf-8")


def test_a_table_drawn_before_imports_neither_the_tables_nor_rich_table(tmp_path: Path) -> None:
    """The point of keeping a drawing: a profile's ~100 lines of nested tables cost
    Rich ~15 ms to draw, more than the rest of a warm run takes to find the record."""
    probe = (
        "import sys, io, contextlib\n"
        "from techhubs.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = main(['city', 'shenzhen'])\n"
        "assert code == 0 and 'Shenzhen' in out.getvalue(), code\n"
        "print(sorted(m for m in ('techhubs.output.tables', 'rich.table', 'rich.panel')\n"
        "             if m in sys.modules))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "COLUMNS": "100"}
    for name in ("TECHHUBS_NO_CACHE", "TECHHUBS_DATA"):
        env.pop(name, None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    first, second = (json.loads(r.stdout.replace("'", '"')) for r in runs)
    assert first == ["rich.panel", "rich.table", "techhubs.output.tables"]
    assert second == []
