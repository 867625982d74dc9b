"""Issue 15 (part): the cache is used only when it is safe to trust."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from conftest import DATA_FILE, Run
from techhubs.loader import cache


def test_a_folder_others_may_write_is_not_used(run: Run, tmp_path: Path) -> None:
    """Another user sharing the cache could plant false data: warn and run without it."""
    folder = tmp_path / "shared" / "techhubs"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    env = {"XDG_CACHE_HOME": str(tmp_path / "shared")}
    first = run("city", "shenzhen", "--json", env=env)
    assert first.exit_code == 0 and first.json()["id"] == "shenzhen"
    assert "not using the cache" in first.stderr and "others may write to it" in first.stderr
    assert first.stderr.count("\n") == 1  # said once
    assert list(folder.iterdir()) == []  # nothing read from it, nothing written to it


def test_a_new_cache_folder_is_private(run: Run, tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "fresh")}
    assert run("city", "shenzhen", "--json", env=env).stderr == ""
    folder = tmp_path / "fresh" / "techhubs"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".sqlite"]


@pytest.mark.parametrize("name", ["with#hash", "pct%41"])
def test_a_cache_path_with_uri_characters_is_read_where_it_is(
    run: Run, tmp_path: Path, name: str
) -> None:
    """The store's SQLite URI was built unescaped: '#' rebuilt it every run, '%41'
    read another folder ('pctA'), where false data could be planted."""
    home = tmp_path / name
    env = {"XDG_CACHE_HOME": str(home)}
    assert run("city", "shenzhen", "--json", env=env).exit_code == 0
    store = home / "techhubs" / f"records-{cache.key_of(DATA_FILE.read_bytes())}.sqlite"
    assert store.is_file()
    built = store.stat().st_mtime_ns
    decoy = tmp_path / "pctA" / "techhubs" / store.name
    if name == "pct%41":  # a planted store where the unescaped URI would look
        decoy.parent.mkdir(parents=True)
        db = sqlite3.connect(decoy)
        db.execute("CREATE TABLE records (kind TEXT, id TEXT, record TEXT)")
        db.execute("CREATE TABLE names (kind TEXT, key TEXT, id TEXT)")
        db.execute("INSERT INTO records VALUES ('city', 'shenzhen', ?)", ('{"id": "planted"}',))
        db.execute("INSERT INTO names VALUES ('city', 'shenzhen', 'shenzhen')")
        db.commit()
        db.close()
    again = run("city", "shenzhen", "--json", env=env)
    assert again.json()["id"] == "shenzhen"
    assert store.stat().st_mtime_ns == built  # read, not rebuilt


# -- damage is a rebuild, never false data, a crash or a hang -------------------------------


def _warm(run: Run, tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("cities", "--json", env=env).exit_code == 0  # fills the dataset cache
    assert run("city", "shenzhen", "--json", env=env).exit_code == 0  # and the store
    folder = tmp_path / "c" / "techhubs"
    [dataset] = folder.glob("dataset-*.json")
    [store] = folder.glob("records-*.sqlite")
    return env, dataset, store


def test_a_changed_byte_in_the_cache_is_a_rebuild(run: Run, tmp_path: Path) -> None:
    """Flipping one byte changed Shenzhen's population, silently; the sum catches it."""
    env, dataset, _ = _warm(run, tmp_path)
    expected = run("--no-cache", "cities", "--json").json()
    raw = dataset.read_bytes()
    at = raw.index(b"17989500")
    dataset.write_bytes(raw[:at] + b"97989500" + raw[at + 8 :])
    assert run("cities", "--json", env=env).json() == expected


def test_a_fifo_or_a_link_where_the_cache_was_is_not_followed(run: Run, tmp_path: Path) -> None:
    env, dataset, store = _warm(run, tmp_path)
    expected = run("--no-cache", "cities", "--json").json()
    dataset.unlink()
    os.mkfifo(dataset)  # opening it for reading would wait for a writer forever
    assert run("cities", "--json", env=env).json() == expected
    dataset.unlink()
    dataset.symlink_to("/dev/zero")  # reading it would never end
    assert run("cities", "--json", env=env).json() == expected
    store.unlink()
    store.symlink_to(dataset)
    assert run("city", "shenzhen", "--json", env=env).json()["id"] == "shenzhen"


def test_a_store_with_a_view_or_trigger_is_rebuilt(run: Run, tmp_path: Path) -> None:
    """A planted view with a recursive query could hang a lookup: only the two tables pass."""
    env, _, store = _warm(run, tmp_path)
    db = sqlite3.connect(store)
    db.execute(
        "CREATE VIEW forever AS WITH RECURSIVE n(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n"
    )
    db.commit()
    db.close()
    assert run("city", "shenzhen", "--json", env=env).json()["id"] == "shenzhen"
    db = sqlite3.connect(store)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert "forever" not in names  # rebuilt


# -- the cache shrinks ---------------------------------------------------------------------


def test_old_entries_are_evicted_and_cache_commands_show_and_clear(
    run: Run, tmp_path: Path
) -> None:
    """Every edit of a data file left a new cache behind, for ever; now the newest 3 stay."""
    import yaml

    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for i in range(5):  # five edits of one data file
        data["meta"]["version"] = f"edit {i}"
        mine = tmp_path / "mine.yaml"
        mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        os.utime(mine, ns=(i * 10**9, i * 10**9))
        assert run("--data", str(mine), "cities", "--json", env=env).exit_code == 0
    info = run("cache", "info", "--json", env=env).json()
    assert info["used"] is True and len(info["entries"]) == cache.KEEP_ENTRIES
    assert info["directory"] == str(tmp_path / "c" / "techhubs")
    assert info["bytes"] == sum(e["bytes"] for e in info["entries"])
    cleared = run("cache", "clear", env=env)
    assert cleared.exit_code == 0 and "removed 3 cache entries" in cleared.stderr
    assert run("cache", "info", "--json", env=env).json()["entries"] == []


def test_cache_info_says_why_a_folder_is_not_used(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "shared" / "techhubs"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    info = run("cache", "info", "--json", env={"XDG_CACHE_HOME": str(tmp_path / "shared")})
    assert info.json()["used"] is False
    assert "others may write" in info.json()["refused_because"]
