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
    names = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert names == ["dataset", "identity", "records"]


@pytest.mark.parametrize("name", ["with#hash", "pct%41"])
def test_a_cache_path_with_uri_characters_is_read_where_it_is(
    run: Run, tmp_path: Path, name: str
) -> None:
    """The store's SQLite URI was built unescaped: '#' rebuilt it every run, '%41'
    read another folder ('pctA'), where false data could be planted."""
    home = tmp_path / name
    env = {"XDG_CACHE_HOME": str(home)}
    assert run("city", "shenzhen", "--json", env=env).exit_code == 0
    store = home / "techhubs" / f"records-{cache.key_of(DATA_FILE.read_bytes(), False)}.sqlite"
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


def test_cache_info_says_when_the_cache_is_switched_off(run: Run, tmp_path: Path) -> None:
    """Bug: '--no-cache cache info' (or TECHHUBS_NO_CACHE=1) said '(used)'."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("city", "sz", "--json", env=env).exit_code == 0
    used = run("cache", "info", env=env)
    assert "(used)" in used.stdout
    assert any(line.startswith("1 entry,") for line in used.stdout.splitlines())
    for off in (["--no-cache", "cache", "info", "--json"], ["cache", "info", "--json"]):
        extra = {} if off[0] == "--no-cache" else {"TECHHUBS_NO_CACHE": "1"}
        info = run(*off, env={**env, **extra}).json()
        assert info["used"] is False, off
        assert info["refused_because"] == "switched off by --no-cache or TECHHUBS_NO_CACHE"
        assert len(info["entries"]) == 1  # what is there is still shown


# -- keyed by the file's identity: no hashing of the whole file on a warm run ----------------


def scaled(tmp_path: Path, scale: int) -> Path:
    """The bundled data, or a file generated at ``scale`` times it (benchmarks/generate.py)."""
    if scale == 1:
        return DATA_FILE
    import subprocess
    import sys

    from conftest import ROOT

    data = tmp_path / "big.yaml"
    generate = ROOT / "benchmarks" / "generate.py"
    subprocess.run(
        [sys.executable, str(generate), "--scale", str(scale), "--out", str(data)],
        check=True,
        capture_output=True,
    )
    return data


def _data_copy(tmp_path: Path, age_s: int = 60) -> Path:
    """A copy of the bundled data whose times lie ``age_s`` seconds in the past, so a
    recorded identity is not 'racily clean' (recorded within the timestamp granularity)."""
    import time

    data = tmp_path / "hubs.yaml"
    data.write_bytes(DATA_FILE.read_bytes())
    then = time.time() - age_s
    os.utime(data, (then, then))
    return data


def test_a_warm_run_does_not_read_the_data_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: once a run has hashed a data file, later runs find its key by the file's
    identity (path, device, inode, size, times), as git's index does, and neither read
    nor hash it. (Before: every run read and BLAKE2-hashed the whole file: 69 ms and
    50 MiB at 400x.)"""
    import techhubs.loader as loader

    # The copy was just written, so its change time is 'now': without this the
    # entry would be racily clean for the next three seconds.
    monkeypatch.setattr(cache, "RACY_NS", 0)
    data = _data_copy(tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    first = run("--data", str(data), "city", "shenzhen", "--json", env=env)
    assert first.exit_code == 0
    assert run("--data", str(data), "cities", "--json", env=env).exit_code == 0

    def refuse(path: Path) -> bytes:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(loader, "read_bytes", refuse)
    for args in (["city", "shenzhen", "--json"], ["cities", "--json"], ["city", "wuhan"]):
        result = run("--data", str(data), *args, env=env)
        assert result.exit_code == 0, result.stderr
    assert run("--data", str(data), "city", "shenzhen", "--json", env=env).json() == first.json()


def test_a_data_file_whose_name_is_not_utf8_gets_its_identity_trusted(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path that is not UTF-8 (bytes a Linux file name may hold) was recorded with
    the raw byte in the entry, which then never decoded: such a file was read and
    hashed on every run. The entry now escapes it, and the warm run reads nothing."""
    import techhubs.loader as loader

    monkeypatch.setattr(cache, "RACY_NS", 0)
    data = _data_copy(tmp_path)
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/hubs-\xff.yaml"))
    data.rename(odd)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    first = run("--data", str(odd), "city", "shenzhen", "--json", env=env)
    assert first.exit_code == 0, first.stderr

    def refuse(path: Path) -> bytes:
        raise AssertionError(f"read {path!r}")

    monkeypatch.setattr(loader, "read_bytes", refuse)
    warm = run("--data", str(odd), "city", "shenzhen", "--json", env=env)
    assert warm.exit_code == 0, warm.stderr
    assert warm.json() == first.json()


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: an edit is never hidden by the identity key, even one that keeps the
    file's size and sets its modification time back: the change time moves anyway."""
    import time

    monkeypatch.setattr(cache, "RACY_NS", 0)  # trust the entry at once (see above)
    data = _data_copy(tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    before = run("--data", str(data), "city", "shenzhen", "--json", env=env).json()
    text = data.read_text(encoding="utf-8")
    assert text.count("pinyin: Shēnzhèn\n") == 1
    info = data.stat()
    data.write_text(text.replace("pinyin: Shēnzhèn\n", "pinyin: Shēnzhān\n"), encoding="utf-8")
    os.utime(data, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert data.stat().st_size == info.st_size and data.stat().st_mtime_ns == info.st_mtime_ns
    time.sleep(0.01)
    after = run("--data", str(data), "city", "shenzhen", "--json", env=env).json()
    assert (before["pinyin"], after["pinyin"]) == ("Shēnzhèn", "Shēnzhān")


def _identity_file(tmp_path: Path) -> Path:
    [found] = (tmp_path / "c" / "techhubs").glob("identity-*")
    return found


def test_a_damaged_or_racy_identity_is_not_trusted(run: Run, tmp_path: Path) -> None:
    """Promise: a recorded identity is used only when its checksum holds and the file's
    times lie clearly before the recording (else the file might have changed within
    the clock's granularity): otherwise the file is hashed again — never false data.
    Each case plants another file's key in the entry, so trusting it would show that
    file's data."""
    import time

    data = _data_copy(tmp_path)
    other = tmp_path / "other.yaml"
    text = data.read_text(encoding="utf-8")
    other.write_text(text.replace("pinyin: Shēnzhèn\n", "pinyin: Elsewhere\n"), "utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("--data", str(other), "city", "shenzhen", "--json", env=env).exit_code == 0
    expected = run("--data", str(data), "city", "shenzhen", "--json", env=env).json()
    entry = next(
        f
        for f in (tmp_path / "c" / "techhubs").glob("identity-*")
        if str(data).encode() in f.read_bytes()
    )
    # a sealed entry: its sum, then the key, when it was recorded, the identity
    _, _, _, named = entry.read_bytes().split(b"\n", 3)
    planted_key = cache.key_of(other.read_bytes())

    def plant(recorded_ns: int, good_sum: bool) -> str:
        body = f"{planted_key}\n{recorded_ns}\n".encode() + named
        mark = cache._sum(body) if good_sum else cache._sum(b"something else")
        entry.write_bytes(mark.encode() + b"\n" + body)
        result = run("--data", str(data), "city", "shenzhen", "--json", env=env)
        pinyin: str = result.json()["pinyin"]
        return pinyin

    later = time.time_ns() + 60 * 10**9
    assert plant(time.time_ns(), good_sum=True) == expected["pinyin"]  # racy: hashed again
    assert plant(later, good_sum=False) == expected["pinyin"]  # damaged: hashed again
    assert plant(later, good_sum=True) == "Elsewhere"  # sound and not racy: it is used


def test_cache_clear_removes_the_identities_too(run: Run, tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("--data", str(data), "city", "shenzhen", "--json", env=env).exit_code == 0
    assert _identity_file(tmp_path).is_file()
    assert run("cache", "clear", env=env).exit_code == 0
    assert list((tmp_path / "c" / "techhubs").iterdir()) == []


# -- lists served from the store -------------------------------------------------------------


def test_a_warm_list_is_printed_from_the_store(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a warm 'cities --json' or 'companies --json' prints the list straight
    from the store, without loading the dataset. (Before: every run loaded the whole
    JSON cache, validated it again and encoded every record: 647 ms at 100x.)"""
    from techhubs.cli.session import Session

    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    expected = {k: run(k, "--json", env=env).stdout for k in ("cities", "companies")}

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    for kind, text in expected.items():
        assert run(kind, "--json", env=env).stdout == text
        assert run(kind, "--format", "json", env=env).stdout == text


#: Commands over every hub, area or indicator whose answer the store holds.
STORED_ANSWERS = [
    ["indicators"],
    ["indicators", "--json"],
    ["areas"],
    ["areas", "--json"],
    ["areas", "--sort", "companies", "--reverse", "--limit", "4", "--json"],
    ["areas", "--sort", "name_zh", "-o", "csv"],
    ["overview", "--json"],
    ["overview", "-o", "csv", "--part", "challenges"],
    ["overview"],
    ["map"],
    ["map", "--focus", "semiconductors", "--json"],
    ["map", "--focus", "芯片"],
    ["cities"],
    ["cities", "--sort", "status", "--reverse", "--json"],
    ["cities", "--focus", "ai,ev", "--status", "emerging", "--json"],
    ["cities", "--reverse", "--limit", "3", "-o", "csv"],
    ["cities", "--fields", "id,gdp.value", "--query", "[0]"],
    ["companies"],
    ["companies", "--city", "shenzhen", "--json"],
    ["companies", "--city", "sz,杭州", "--focus", "ai", "--reverse"],
    ["companies", "--sort", "founded", "--limit", "5", "-o", "csv"],
    ["companies", "--focus", "semiconductors", "--sort", "website", "--json"],
    ["cities", "--sort", "gdp", "--json"],
    ["cities", "--sort", "nature-index-city-rank", "--limit", "4", "-o", "csv"],
    ["cities", "--sort", "population", "--reverse"],
    ["cities", "--sort", "companies", "--reverse", "--json"],
    ["cities", "--sort", "focus_areas", "--status", "emerging"],
    ["companies", "--sort", "revenue"],
    ["companies", "--sort", "revenue", "--reverse", "--limit", "6", "--json"],
    ["companies", "--city", "shenzhen", "--sort", "rd-expense", "--json"],
    ["similar", "shenzhen"],
    ["similar", "hangzhou", "--limit", "3", "--json"],
    ["similar", "深圳", "--sort", "name", "--reverse"],
    ["similar", "wuhan", "-o", "csv"],
    ["similar", "sz", "--fields", "id,score,reason", "--limit", "4"],
    ["rank", "--by", "gdp", "--year", "2023"],
    ["rank", "--by", "gdp", "--growth", "--year", "2025", "--json"],
    ["rank", "--by", "revenue", "--year", "2024", "--json"],
    ["rank", "--by", "revenue", "--growth", "--since", "2023", "-o", "csv"],
    ["rank", "--by", "population", "--year", "1990", "--json"],
    ["rank", "--by", "population", "--growth", "--since", "2020", "--limit", "3"],
    ["rank", "--by", "gdp-per-capita", "--limit", "4"],
    ["rank", "--by", "wipo-cluster-rank", "--year", "2024", "--reverse", "--json"],
    ["rank", "--by", "rd-spending", "--growth", "--sort", "name", "--fields", "id,value"],
]


def test_answers_over_everything_are_printed_from_the_store(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a warm indicators, areas, overview or map (its focus area named in any
    way a lookup takes), a list of hubs or companies filtered by the names a lookup
    takes and sorted by name, a field or a figure, and similar, load no dataset, and
    print what they print without the cache. (Before: each loaded the whole dataset:
    500–900 ms at 100x.)"""
    from techhubs.cli.session import Session

    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    expected = [run("--no-cache", *args).stdout for args in STORED_ANSWERS]
    assert run("city", "shenzhen", env=env).exit_code == 0  # fills the store

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    for args, text in zip(STORED_ANSWERS, expected, strict=True):
        assert run(*args, env=env).stdout == text, args


@pytest.mark.parametrize("scale", [1, 10])
def test_output_is_the_same_with_and_without_the_cache(
    run: Run, tmp_path: Path, scale: int
) -> None:
    """Promise: the cache changes no output, byte for byte: cold, warm and without it,
    on the bundled data and on a generated 10x file."""
    data = scaled(tmp_path, scale)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    commands = [
        ["cities", "--json"],
        ["companies", "--json"],
        ["city", "shenzhen", "--json"],
        ["company", "tencent", "--json"],
        ["compare", "beijing", "hangzhou", "--json"],
        ["search", "silicon", "--json"],
        ["search", "hardware", "silicon", "valley"],
        ["search", "深圳", "--kind", "city,district", "--json"],
        ["search", "zhongguancun", "--sort", "name"],
        ["search", "bio", "tech", "-o", "csv"],
        ["rank", "--by", "gdp", "--json"],
        ["rank", "--by", "revenue", "--reverse", "--limit", "7"],
        ["rank", "--by", "focus-areas"],
        ["trend", "chengdu", "wuhan", "--json"],
        ["trend", "hefei", "--by", "population", "--since", "2022"],
        ["cities"],
        ["companies", "--limit", "5"],
        ["city", "wuhan"],
        *STORED_ANSWERS,
    ]
    for args in commands:
        bare = run("--no-cache", "--data", str(data), *args)
        cold = run("--data", str(data), *args, env=env)
        warm = run("--data", str(data), *args, env=env)
        assert bare.exit_code == cold.exit_code == warm.exit_code == 0, args
        assert bare.stdout == cold.stdout == warm.stdout, args


@pytest.mark.parametrize(
    ("change", "args"),
    [
        ("UPDATE records SET record = replace(record, '17989500', '97989500')", ["city", "sz"]),
        ("UPDATE records SET record = replace(record, '17989500', '97989500')", ["cities"]),
        ("UPDATE names SET id = 'wuhan' WHERE kind = 'city' AND key = 'shenzhen'", ["city", "sz"]),
    ],
    ids=["a-record", "a-list", "a-name"],
)
def test_a_changed_store_row_is_a_rebuild_not_false_data(
    run: Run, tmp_path: Path, change: str, args: list[str]
) -> None:
    """Promise: every row of the store carries a sum of its content, so a changed
    record, list or name is a rebuild, never false data. (Before: a flipped digit in a
    stored record showed Shenzhen's population as 97989500, exit 0.)"""
    args = ["city", "shenzhen"] if args == ["city", "sz"] else args
    env, _, store = _warm(run, tmp_path)
    expected = run("--no-cache", *args, "--json").stdout
    assert "17989500" in expected
    db = sqlite3.connect(store)
    assert db.execute(change).rowcount >= 1
    db.commit()
    db.close()
    assert run(*args, "--json", env=env).stdout == expected


def test_completion_takes_names_from_the_store(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a warm TAB takes the names from the store, never loading the whole
    dataset (Before: every completion loaded it: 412 ms at 100x.) A cold one fills it."""
    from types import SimpleNamespace

    from techhubs.cli.options import complete_city
    from techhubs.cli.session import Session

    root = SimpleNamespace(params={"data": None, "no_cache": False})

    class Ctx:
        def find_root(self) -> SimpleNamespace:
            return root

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    cold = complete_city(Ctx(), "sh")  # type: ignore[arg-type]
    assert sorted(cold) == ["shanghai", "shenzhen"]
    assert list((tmp_path / "c" / "techhubs").glob("records-*.sqlite"))

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    assert complete_city(Ctx(), "sh") == cold  # type: ignore[arg-type]
    assert complete_city(Ctx(), "深") == ["深圳"]  # type: ignore[arg-type]


def test_a_warm_search_reads_the_store_not_the_dataset(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a warm search ranks the rows the store says may match, without loading
    the dataset, and finds what a search of the dataset finds. (Before: every search
    loaded the whole dataset: 816 ms at 100x.)"""
    from techhubs.cli.session import Session

    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    expected = run("search", "silicon", "valley", "--json", env=env).stdout
    assert '"id": "shenzhen"' in expected

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    assert run("search", "silicon", "valley", "--json", env=env).stdout == expected
    nothing = run("search", "qqqqzzzz", env=env)
    assert nothing.exit_code == 1 and "nothing matches" in nothing.stderr


@pytest.mark.parametrize("scale", [1, 10])
def test_the_trusted_build_of_the_cache_is_the_validated_one(tmp_path: Path, scale: int) -> None:
    """Promise: the dataset cache, built without validating it again, gives exactly
    the dataset validation gives — every value, and every value's type."""
    import json

    from techhubs import loader
    from techhubs.loader import schema

    data = scaled(tmp_path, scale)
    validated, plain = loader.parse_text(data.read_text(encoding="utf-8"), str(data))
    cached = json.loads(json.dumps(plain, ensure_ascii=False))  # as the cache holds it
    trusted = schema.build_trusted(cached)
    assert trusted == validated
    assert repr(trusted._fields()) == repr(validated._fields())  # 1 and 1.0 differ here


def test_a_cache_that_cannot_be_built_is_read_afresh(run: Run, tmp_path: Path) -> None:
    """Promise: a dataset cache whose sum holds but whose content this code could not
    have written (a key missing) is ignored: the data file is read afresh."""
    import json

    env, dataset, _ = _warm(run, tmp_path)
    header, payload = dataset.read_bytes().split(b"\n", 1)
    data = json.loads(payload)
    del data["cities"][0]["name"]
    body = json.dumps(data).encode()
    key = header.split(b" ")[1]  # the header: the sum (of the key and payload), the key
    mark = cache._keyed_sum(key.decode(), body)
    dataset.write_bytes(mark.encode() + b" " + key + b"\n" + body)
    result = run("rank", "--by", "gdp", "--json", env=env)  # needs the whole dataset
    assert result.exit_code == 0
    assert {row["id"]: row["name"] for row in result.json()}["beijing"] == "Beijing"


def test_cache_files_may_grow_with_the_data_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Promise: raising the data cap raises the bound on cache files with it. (Before:
    a fixed 256 MiB bound took the 345 MB store of a 70 MiB file for damage and rebuilt
    it on every run: 15 s a lookup.)"""
    assert cache.max_cache_bytes() == 256 * 2**20
    monkeypatch.setenv("TECHHUBS_MAX_DATA_MIB", "100")
    assert cache.max_cache_bytes() == 800 * 2**20
    monkeypatch.setenv("TECHHUBS_MAX_DATA_MIB", "nonsense")
    assert cache.max_cache_bytes() == 256 * 2**20


def test_the_cache_key_covers_all_code_whose_output_it_holds() -> None:
    """Promise: a change to any module that shapes what the cache holds (the records,
    the store's keys, lists and search rows, and what they import) changes the key, so
    an upgrade or an edit never serves stale answers."""
    import ast

    from conftest import ROOT

    package = ROOT / "src" / "techhubs"

    def imports(relative: str) -> set[str]:
        tree = ast.parse((package / relative).read_text(encoding="utf-8"))
        found: set[str] = set()

        def visit(node: ast.AST) -> None:
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                return
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("techhubs."):
                found.add(node.module.removeprefix("techhubs.").replace(".", "/") + ".py")
            for child in ast.iter_child_nodes(node):
                visit(child)

        visit(tree)
        return {m for m in found if (package / m).is_file()}

    wanted = {"output/records.py", "core/queries.py", "loader/schema.py", "loader/cache.py"}
    seen: set[str] = set()
    while wanted - seen:
        module = sorted(wanted - seen)[0]
        seen.add(module)
        wanted |= imports(module)
    leaves = {"errors.py", "text.py", "files.py", "loader/places.py"}  # no data shaped there
    assert wanted - leaves - {"__init__.py"} <= set(cache._PRODUCERS), sorted(
        wanted - leaves - set(cache._PRODUCERS)
    )


def test_another_orjson_is_another_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: the store's JSON is written by orjson, so an upgrade of it (which
    replaces its folder) keys afresh: versions before 3.11.7 wrote 1e16 where the
    json module writes 1e+16, and a cache from one must not serve the other."""
    import importlib.util
    from types import SimpleNamespace

    before = cache._code_stamp()
    assert "orjson:" in before
    other = tmp_path / "orjson"
    other.mkdir()
    fake = SimpleNamespace(submodule_search_locations=[str(other)])
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: fake)
    assert cache._code_stamp() != before


def test_a_warm_lookup_prints_the_stored_json_as_it_is(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a warm 'city X --json' (and company, area) writes the record's JSON as
    the store holds it, rendered as the command renders it: no decoding, no encoding
    (the pure-Python indenting encoder was the biggest part of a lookup's own work)."""
    import techhubs.output.plain as plain

    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    wanted = [["city", "shenzhen"], ["company", "腾讯"], ["area", "ai"]]
    expected = {tuple(args): run(*args, "--json", env=env).stdout for args in wanted}

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("encoded again")

    monkeypatch.setattr(plain, "to_json", refuse)
    for args, text in expected.items():
        assert run(*args, "--json", env=env).stdout == text


# -- what a red-team review of the cache found ----------------------------------------------


def test_an_edit_while_the_cache_is_rebuilt_does_not_poison_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a key found by the file's identity is used only for the bytes it was
    recorded for. (Before: when the cache had to be rebuilt, the file was read again
    and filed under that key; an edit saved in between was then served for the
    original content, for good — any copy of the bundled data showed the edit.)"""
    import shutil

    import techhubs.loader as loader

    monkeypatch.setattr(cache, "RACY_NS", 0)  # the copy was just written (see above)
    data = _data_copy(tmp_path)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("--data", str(data), "city", "shenzhen", "--json", env=env).exit_code == 0
    for stale in (tmp_path / "c" / "techhubs").glob("[dr]*-*"):  # dataset and records
        stale.unlink()
    text = data.read_text(encoding="utf-8")
    assert text.count("value: 17989500\n") == 1
    reading = loader.read_bytes

    def edited_meanwhile(path: Path) -> bytes:
        data.write_text(text.replace("value: 17989500\n", "value: 97989500\n"), "utf-8")
        return reading(path)

    monkeypatch.setattr(loader, "read_bytes", edited_meanwhile)
    edited = run("--data", str(data), "city", "shenzhen", "--json", env=env).json()
    assert edited["population"]["value"] == 97989500  # what was read
    monkeypatch.setattr(loader, "read_bytes", reading)
    original = tmp_path / "original.yaml"
    shutil.copyfile(DATA_FILE, original)
    again = run("--data", str(original), "city", "shenzhen", "--json", env=env).json()
    assert again["population"]["value"] == 17989500


def test_the_same_bytes_as_json_and_as_yaml_are_two_cache_entries(run: Run, tmp_path: Path) -> None:
    """Promise: the reader is part of the key. (Before: YAML bytes cached from
    'hubs.yaml' made 'hubs.json' with the same bytes valid, though they are no JSON.)"""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    as_yaml, as_json = tmp_path / "hubs.yaml", tmp_path / "hubs.json"
    as_yaml.write_bytes(DATA_FILE.read_bytes())
    as_json.write_bytes(DATA_FILE.read_bytes())
    assert run("--data", str(as_yaml), "cities", "--json", env=env).exit_code == 0
    result = run("--data", str(as_json), "data", "validate", env=env)
    assert result.exit_code == 3 and "not valid JSON" in result.stderr


def test_the_size_cap_holds_on_a_warm_run(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a file over the cap is refused whether its answer is cached or not.
    (Before: once cached, TECHHUBS_MAX_DATA_MIB=1 let a 1.4 MB file through.)"""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # trust the identity at once (see above)
    data = tmp_path / "padded.yaml"
    data.write_text(
        DATA_FILE.read_text(encoding="utf-8") + "# padding\n" * 150_000, encoding="utf-8"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("--data", str(data), "city", "shenzhen", "--json", env=env).exit_code == 0
    capped = {**env, "TECHHUBS_MAX_DATA_MIB": "1"}
    for args in (["city", "shenzhen", "--json"], ["cities", "--json"], ["search", "ai"]):
        result = run("--data", str(data), *args, env=capped)
        assert result.exit_code == 3 and "TECHHUBS_MAX_DATA_MIB" in result.stderr, args


def test_yaml_output_is_the_same_cached_or_not(run: Run, tmp_path: Path) -> None:
    """Promise: YAML output writes every value in full (no '&id001' anchors), so a
    record read from the cache prints as one built from the data."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    for args in (["city", "shenzhen"], ["company", "tencent"], ["city", "sz", "wuhan"]):
        bare = run("--no-cache", *args, "-o", "yaml").stdout
        cold = run(*args, "-o", "yaml", env=env).stdout
        warm = run(*args, "-o", "yaml", env=env).stdout
        assert bare == cold == warm and "&id" not in bare, args


def test_cache_clear_leaves_what_is_not_a_cache_file(run: Run, tmp_path: Path) -> None:
    """Promise: a folder named like a cache file is left alone, and 'cache clear' still
    works. (Before: IsADirectoryError, exit 70.)"""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("city", "shenzhen", "--json", env=env).exit_code == 0
    folder = tmp_path / "c" / "techhubs"
    for name in ("identity-x", "dataset-x.json"):
        (folder / name).mkdir()
    result = run("cache", "clear", env=env)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["dataset-x.json", "identity-x"]


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE search SET key = replace(key, 'silicon', 'silicoo') "
        "WHERE rowid = (SELECT min(rowid) FROM search WHERE instr(key, 'silicon') > 0)",
        "UPDATE search SET kind = 'citx' "
        "WHERE rowid = (SELECT min(rowid) FROM search WHERE instr(key, 'silicon') > 0)",
    ],
    ids=["a-key", "a-kind"],
)
def test_damage_to_a_search_row_never_hides_a_hit(run: Run, tmp_path: Path, change: str) -> None:
    """Promise: a search of the store finds what a search of the data finds, even when
    a row it filters on is damaged: the columns it filters on are kept twice, so the
    row is still read and its sum shows the damage. (Before: one changed byte in a
    row's key dropped that hit silently — '6 matches' where there are 7.)"""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    expected = run("--no-cache", "search", "silicon", "--json").stdout
    assert run("search", "silicon", "--json", env=env).stdout == expected
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    db = sqlite3.connect(store)
    assert db.execute(change).rowcount == 1
    db.commit()
    db.close()
    assert run("search", "silicon", "--json", env=env).stdout == expected


# -- a deleted row is damage too ------------------------------------------------------------


def _delete(store: Path, statement: str) -> None:
    db = sqlite3.connect(store)
    assert db.execute(statement).rowcount == 1
    db.commit()
    db.close()


def test_a_deleted_search_row_never_hides_a_hit(run: Run, tmp_path: Path) -> None:
    """Promise: the store knows how many rows each table holds, and a search counts
    them in the same pass that finds its matches, so a row that is gone is a rebuild.
    (Before: deleting one matching row dropped that hit silently.)"""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    expected = run("--no-cache", "search", "silicon", "--json").stdout
    assert run("search", "silicon", "--json", env=env).stdout == expected
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    _delete(
        store,
        "DELETE FROM search WHERE rowid = (SELECT max(rowid) FROM search "
        "WHERE instr(key, 'silicon') > 0)",
    )
    assert run("search", "silicon", "--json", env=env).stdout == expected


def test_a_deleted_name_never_answers_for_another_entity(run: Run, tmp_path: Path) -> None:
    """Promise: a name whose row is gone is a rebuild, not a lookup of the name without
    its Chinese ending, which another entity may own. (Before: with '腾讯集团' an alias
    of Alibaba's, deleting its row made 'company 腾讯集团' print Tencent.)"""
    from test_robustness import bundled, write_yaml

    data = bundled()
    alibaba = next(c for c in data["companies"] if c["id"] == "alibaba")
    alibaba["aliases"].append("腾讯集团")
    hubs = write_yaml(tmp_path / "hubs.yaml", data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "TECHHUBS_DATA": str(hubs)}
    assert run("company", "腾讯集团", "--json", env=env).json()["id"] == "alibaba"
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    _delete(store, "DELETE FROM names WHERE key = '腾讯集团'")
    assert run("company", "腾讯集团", "--json", env=env).json()["id"] == "alibaba"


def test_a_deleted_record_is_rebuilt_not_worked_around_on_every_run(
    run: Run, tmp_path: Path
) -> None:
    """Promise: a lookup whose record is gone rebuilds the store once. (Before: the
    lookup fell back to the whole dataset on every run, and the store stayed damaged.)"""
    env, _, store = _warm(run, tmp_path)
    expected = run("--no-cache", "city", "shenzhen", "--json").stdout
    _delete(store, "DELETE FROM records WHERE kind = 'city' AND id = 'shenzhen'")
    assert run("city", "shenzhen", "--json", env=env).stdout == expected
    db = sqlite3.connect(store)
    [[count]] = db.execute("SELECT count(*) FROM records WHERE id = 'shenzhen'").fetchall()
    db.close()
    assert count == 1


def test_a_list_from_the_store_fails_as_the_full_path_does(run: Run, tmp_path: Path) -> None:
    """Promise: a list the store answers reports bad options in the full path's words
    and order (a bad status before a bad limit, an unknown city before it)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("city", "shenzhen", env=env).exit_code == 0  # fills the store
    for args in (
        ["cities", "--focus", "nosuch"],
        ["cities", "--status", "bogus", "--limit", "0"],
        ["cities", "--focus", "nosuch", "--limit", "0"],
        ["companies", "--city", "nowhere", "--limit", "0"],
        ["companies", "--focus", "ai", "--city", "nowhere"],
        ["cities", "--sort", "bogus"],
        ["companies", "--sort", "gdp"],
        ["similar", "nowhere"],
        ["similar", "sz", "--limit", "0"],
        ["similar", "sz", "--sort", "bogus"],
        ["rank", "--by", "gdp", "--since", "2020"],
        ["rank", "--by", "wipo-cluster-rank", "--growth"],
        ["rank", "--by", "gdp", "--growth", "--since", "2030"],
        ["rank", "--by", "companies", "--year", "2020"],
        ["rank", "--by", "bogus", "--year", "2020"],
        ["rank", "--by", "gdp", "--year", "2023", "--limit", "0"],
    ):
        bare, warm = run("--no-cache", *args), run(*args, env=env)
        assert bare.exit_code in (1, 2) and bare.stderr.startswith("techhubs: error:"), args
        assert (warm.exit_code, warm.stderr) == (bare.exit_code, bare.stderr), args


def test_a_money_sort_from_the_store_converts_as_the_full_path_does(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: a list of companies sorted by a money figure, served from the store,
    ranks a figure in another currency at the data's rate for its year, as the full
    path does, and leaves it apart where the data has none."""
    from techhubs.cli.session import Session
    from test_robustness import bundled, write_yaml

    data = bundled()
    data["exchange_rates"] = [
        {"currency": "USD", "year": 2025, "yuan": 7.1429, "source": "a test's rate"}
    ]
    hubs = write_yaml(tmp_path / "hubs.yaml", data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "TECHHUBS_DATA": str(hubs)}
    args = ["companies", "--sort", "rd-expense", "--json"]
    expected = run("--no-cache", *args, env=env).json()
    ids = [c["id"] for c in expected]

    def in_yuan(company: dict[str, object]) -> bool:
        [entry] = [i for i in company["indicators"] if i["id"] == "rd-expense"]  # type: ignore[attr-defined]
        return entry["latest"] is not None and entry["currency"] in (None, "CNY")

    assert ids.index("lenovo") < sum(map(in_yuan, expected))  # ranked, not left apart
    assert run("city", "shenzhen", env=env).exit_code == 0  # fills the store

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    assert run(*args, env=env).json() == expected


def test_a_ranking_in_another_year_converts_money_as_the_full_path_does(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: 'rank --year' and '--growth', worked out from the store's series, rank
    a figure in another currency at the data's rate for its year (not another
    year's), and leave it apart without one."""
    from techhubs.cli.session import Session
    from test_robustness import bundled, write_yaml

    data = bundled()
    rated = {
        **data,
        "exchange_rates": [
            {"currency": "USD", "year": 2025, "yuan": 7.1429, "source": "a test's rate"},
            {"currency": "USD", "year": 2023, "yuan": 0.5, "source": "another year's"},
        ],
    }
    asked = [
        ["rank", "--by", "rd-expense", "--year", "2025", "--json"],
        ["rank", "--by", "revenue", "--year", "2025", "--json"],
        ["rank", "--by", "revenue", "--growth", "--since", "2024", "--year", "2025", "--json"],
    ]
    runs = []
    for name, content in (("rated", rated), ("bare", data)):
        hubs = write_yaml(tmp_path / f"{name}.yaml", content)
        env = {"XDG_CACHE_HOME": str(tmp_path / name), "TECHHUBS_DATA": str(hubs)}
        runs.append((env, [run("--no-cache", *args, env=env).json() for args in asked]))
    [rated_answers, bare_answers] = [answers for _, answers in runs]
    for answers, ranked in ((rated_answers, True), (bare_answers, False)):
        lenovo = next(r for r in answers[1] if r["id"] == "lenovo")
        assert lenovo["currency"] == "USD" and (lenovo["rank"] is not None) == ranked
    # at 7.1429 (¥494 B), not 0.5 (¥35 B): above ZTE's ¥134 B
    place = {r["id"]: r["rank"] for r in rated_answers[1]}
    assert place["lenovo"] < place["zte"]
    for env, _ in runs:
        assert run("city", "shenzhen", env=env).exit_code == 0  # fills the store

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    for env, answers in runs:
        for args, answer in zip(asked, answers, strict=True):
            assert run(*args, env=env).json() == answer, args


def test_a_hubs_companies_are_read_by_id_not_as_the_whole_list(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: 'companies --city X' reads X's companies from the store by id, so its
    time does not grow with the data, and prints what the full path does."""
    from techhubs.cli.session import Session

    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("city", "shenzhen", env=env).exit_code == 0  # fills the store

    def no_lists(self: Session, name: str) -> str | None:
        raise AssertionError(f"the whole {name} list was read")

    monkeypatch.setattr(Session, "listing", no_lists)
    for args in (
        ["companies", "--city", "shenzhen", "--json"],
        ["companies", "--city", "sz,bj", "--focus", "ai", "--sort", "founded", "--reverse"],
    ):
        assert run(*args, env=env).stdout == run("--no-cache", *args).stdout, args


# -- found by the red team of the stored lists ------------------------------------------------


def _damaged(run: Run, tmp_path: Path, statement: str) -> dict[str, str]:
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    assert run("cities", env=env).exit_code == 0  # fills the store
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    _delete(store, statement)
    return env


def test_a_damaged_measure_never_sorts_a_list_by_a_field_of_its_name(
    run: Run, tmp_path: Path
) -> None:
    """Promise: a store that breaks while a list is answered from it sends the list
    down the full path, and is rebuilt. (Before: with the measure 'gdp' gone from
    the store, 'cities --sort gdp' sorted by the record field 'gdp' — smallest GDP
    first — on every run.)"""
    env = _damaged(run, tmp_path, "DELETE FROM names WHERE kind = 'measure' AND key = 'gdp'")
    args = ["cities", "--sort", "gdp", "--fields", "name,gdp.value", "-o", "csv"]
    expected = run("--no-cache", *args).stdout
    assert expected.splitlines()[1].startswith("Shanghai")
    assert run(*args, env=env).stdout == expected
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    db = sqlite3.connect(store)
    query = "SELECT count(*) FROM names WHERE kind = 'measure' AND key = 'gdp'"
    [[rebuilt]] = db.execute(query).fetchall()
    db.close()
    assert rebuilt == 1
    assert run(*args, env=env).stdout == expected


def test_a_name_whose_key_changed_leaves_compare_to_the_full_path(run: Run, tmp_path: Path) -> None:
    """Promise: compare takes the kinds of the names from the store only when the store
    knows every name. (Before: with the row of 'sz' changed to another key — the
    count holds — 'compare sz tencent' said there is no company called 'sz'.)"""
    env = _damaged(run, tmp_path, "UPDATE names SET key = 'szx' WHERE kind = 'city' AND key = 'sz'")
    bare = run("--no-cache", "compare", "sz", "tencent")
    warm = run("compare", "sz", "tencent", env=env)
    assert bare.exit_code == 2 and "is a city" in bare.stderr
    assert (warm.exit_code, warm.stderr) == (bare.exit_code, bare.stderr)


def test_a_stored_money_sort_takes_the_first_of_two_rates_as_the_data_does(
    run: Run, tmp_path: Path
) -> None:
    """Promise: the rates a stored list ranks money at are the ones the dataset uses
    (the value's own year's). (Before, with two rates for one year, now refused
    by validation: the last, Lenovo 28th, not 7th.)"""
    from test_robustness import bundled, write_yaml

    data = bundled()
    data["exchange_rates"] = [
        {"currency": "USD", "year": 2024, "yuan": 0.0001, "source": "b"},
        {"currency": "USD", "year": 2025, "yuan": 7.18, "source": "a"},
    ]
    hubs = write_yaml(tmp_path / "hubs.yaml", data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "TECHHUBS_DATA": str(hubs)}
    args = ["companies", "--sort", "revenue", "--fields", "id", "-o", "csv"]
    expected = run("--no-cache", *args, env=env).stdout
    assert expected.splitlines().index("lenovo") < 10
    assert run("cities", env=env).exit_code == 0  # fills the store
    assert run(*args, env=env).stdout == expected


@pytest.mark.parametrize(
    "lines",
    [
        {
            "gauge": ["gdp", "GDP", "yuan", True, "cities", None],
            "lines": [[]],
        },  # one line, two hubs
        {"gauge": ["gdp", "GDP", "yuan", "yes", "cities", None], "lines": [[], []]},
        {"gauge": ["gdp", "GDP", "yuan", True, "cities", None], "lines": [[[1, 2020, "s"]], []]},
        {
            "gauge": ["gdp", "GDP", "yuan", True, "cities", None],
            "lines": [[["1", 2020, "s", None, None, None, None]], []],
        },
        {"gauge": ["gdp", "GDP", "yuan", True, "cities", None], "lines": [[], []], "more": 1},
        {
            "gauge": ["gdp", "GDP", "yuan", True, "cities", None],
            "lines": [[[1, 2020, "s", None, 5, None, None]], []],
        },
    ],
    ids=[
        "lines-and-holders-differ",
        "a-flag-not-bool",
        "a-short-point",
        "a-text-value",
        "a-key",
        "a-url-not-text",
    ],
)
def test_stored_lines_of_another_shape_are_refused(lines: dict[str, object]) -> None:
    """Promise: stored series that are not the shape records.answers writes are a
    ValueError (a rebuild), never a ranking of whatever they hold."""
    from techhubs.output.records import stored_lines

    holders = [["a", "A", "甲"], ["b", "B", "乙"]]
    with pytest.raises(ValueError):
        stored_lines(lines, holders)
    good = {
        "gauge": ["gdp", "GDP", "yuan", True, "cities", None],
        "lines": [[[1, 2020, "s", None, "https://example.org", "rounded", "2020-03-31"]], []],
    }
    what, found = stored_lines(good, holders)
    assert what.id == "gdp" and [h.id for h, _ in found] == ["a", "b"]
    assert found[0][1][0].value == 1 and found[1][1] == []
    assert (found[0][1][0].url, found[0][1][0].note) == ("https://example.org", "rounded")
    assert found[0][1][0].period_end == "2020-03-31"
    # a point of the code before period_end (six fields) is another shape
    old = {**good, "lines": [[[1, 2020, "s", None, None, None]], []]}
    with pytest.raises(ValueError):
        stored_lines(old, holders)


@pytest.mark.parametrize(
    ("statement", "args"),
    [
        ("UPDATE records SET kind = 'cityx' WHERE kind = 'city' AND id = 'shenzhen'", ["city"]),
        ("UPDATE records SET id = 'tencentx' WHERE kind = 'company' AND id = 'tencent'",
         ["company"]),
    ],
    ids=["a-records-kind", "a-records-id"],
)  # fmt: skip
def test_a_record_moved_away_from_its_name_is_a_rebuild(
    run: Run, tmp_path: Path, statement: str, args: list[str]
) -> None:
    """Promise: every name in the store has its record; a name whose record is not
    where it points (its row's kind or id changed, which its sum would catch only
    if read) is a rebuild. (Before: the lookup missed, the full path answered — the
    right answer — and the store stayed damaged, worked around on every run.)"""
    name = "shenzhen" if args == ["city"] else "tencent"
    expected = run("--no-cache", *args, name, "--json").stdout
    env = _damaged(run, tmp_path, statement)
    assert run(*args, name, "--json", env=env).stdout == expected
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    db = sqlite3.connect(store)
    kind = args[0]
    [[held]] = db.execute("SELECT count(*) FROM records WHERE kind = ? AND id = ?", (kind, name))
    db.close()
    assert held == 1  # rebuilt


def test_a_shared_name_whose_row_changed_is_a_rebuild_for_compare(run: Run, tmp_path: Path) -> None:
    """Promise: a name that several kinds share (a company with a hub's name as an
    alias) is filed with all its kinds, so a row of it changed to another key — the
    count holds, and the changed row is not read — is a rebuild, not a narrower
    answer. (Before: 'compare wuhan beijing' said 'wuhan' is a company.)"""
    from test_robustness import bundled, write_yaml

    data = bundled()
    tencent = next(c for c in data["companies"] if c["id"] == "tencent")
    tencent["aliases"] = [*(tencent.get("aliases") or []), "Wuhan"]
    hubs = write_yaml(tmp_path / "hubs.yaml", data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "TECHHUBS_DATA": str(hubs)}
    args = ["compare", "wuhan", "beijing", "--json"]
    bare = run("--no-cache", *args, env=env)
    assert bare.exit_code == 0 and bare.json()["kind"] == "city"
    assert run(*args, env=env).stdout == bare.stdout  # fills the store
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    for kind in ("city", "company"):
        _delete(store, f"UPDATE names SET key = 'wuhanx' WHERE kind = '{kind}' AND key = 'wuhan'")
        warm = run(*args, env=env)
        assert (warm.exit_code, warm.stdout) == (0, bare.stdout), kind
        db = sqlite3.connect(store)
        [[held]] = db.execute("SELECT count(*) FROM names WHERE key = 'wuhan'").fetchall()
        db.close()
        assert held >= 2, kind  # rebuilt


def test_a_link_named_json_to_a_yaml_file_is_read_as_json(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: the cache remembers a file by its identity and by how its name says to
    read it. (Before: a warm run through 'link.json' pointing at a YAML file took the
    YAML's cache and answered — exit 0 — where without the cache it is not JSON.)"""
    monkeypatch.setattr(cache, "RACY_NS", -(10**18))  # trust entries at once (ctime is now)
    data = _data_copy(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    args = ["city", "shenzhen", "--json"]
    assert run("--data", str(data), *args, env=env).exit_code == 0  # the YAML, remembered
    bare = run("--no-cache", "--data", str(link), *args)
    assert bare.exit_code == 3 and "JSON" in bare.stderr
    for _ in range(2):  # its first run, and one after
        warm = run("--data", str(link), *args, env=env)
        assert (warm.exit_code, warm.stdout, warm.stderr) == (3, "", bare.stderr)


@pytest.mark.parametrize("answer", ["lines:gdp", "holders:cities", "rates"])
def test_a_ranking_whose_stored_series_moved_is_a_rebuild(
    run: Run, tmp_path: Path, answer: str
) -> None:
    """Promise: every indicator has its stored series, so one that is not where it
    belongs (its row's kind changed: the count holds) is a rebuild. (Before: every
    warm 'rank --year' loaded the dataset from then on, and the store stayed so.)"""
    args = ["rank", "--by", "gdp", "--year", "2023", "--json"]
    expected = run("--no-cache", *args).stdout
    env = _damaged(run, tmp_path, f"UPDATE records SET kind = 'answerx' WHERE id = '{answer}'")
    assert run(*args, env=env).stdout == expected
    [store] = (tmp_path / "c" / "techhubs").glob("records-*.sqlite")
    db = sqlite3.connect(store)
    [[held]] = db.execute(
        "SELECT count(*) FROM records WHERE kind = 'answer' AND id = ?", (answer,)
    )
    db.close()
    assert held == 1  # rebuilt


def _forge(store: Path, kind: str, ident: str, text: str) -> None:
    """Replace a store row with ``text`` under a sum that holds: a row no damage makes."""
    db = sqlite3.connect(store)
    changed = db.execute(
        "UPDATE records SET record = ?, sum = ? WHERE kind = ? AND id = ?",
        (text, cache._row_sum(kind, ident, text), kind, ident),
    ).rowcount
    db.commit()
    db.close()
    assert changed == 1


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("kind", "ident", "text", "args"),
    [
        ("answer", "lines:gdp", '{"gauge": ["gdp", "GDP", "furlongs", true, "cities"], '
         '"lines": [' + ", ".join(["[]"] * 12) + "]}", ["rank", "--by", "gdp", "--year", "2023"]),
        ("answer", "lines:gdp", DEEP, ["rank", "--by", "gdp", "--year", "2023"]),
        ("city", "shenzhen", DEEP, ["city", "shenzhen"]),
        ("seal", "counts", DEEP, ["city", "nowhere"]),
        ("ranking", "gdp", DEEP, ["rank", "--by", "gdp"]),
    ],
    ids=["an-unknown-unit", "deep-series", "deep-record", "deep-counts", "deep-ranking"],
)  # fmt: skip
def test_a_row_no_damage_makes_is_a_rebuild_not_a_crash(
    run: Run, tmp_path: Path, kind: str, ident: str, text: str, args: list[str]
) -> None:
    """Promise: stored rows are parsed as techhubs wrote them or not at all — a unit
    no ranking has, JSON nested past the stack — so even a row planted with a sum
    that holds is a rebuild. (Before: KeyError or RecursionError, exit 70.)"""
    bare = run("--no-cache", *args)
    env, _, store = _warm(run, tmp_path)
    _forge(store, kind, ident, text)
    warm = run(*args, env=env)
    assert (warm.exit_code, warm.stdout) == (bare.exit_code, bare.stdout)
    assert run(*args, env=env).stdout == bare.stdout  # and after the rebuild


def test_completion_from_a_planted_deep_row_is_a_rebuild(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise: as above, for the names a TAB completes. (Before: RecursionError.)"""
    from types import SimpleNamespace

    from techhubs.cli.options import complete_city

    root = SimpleNamespace(params={"data": None, "no_cache": False})

    class Ctx:
        def find_root(self) -> SimpleNamespace:
            return root

    _, _, store = _warm(run, tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    _forge(store, "spellings", "city", DEEP)
    assert sorted(complete_city(Ctx(), "sh")) == ["shanghai", "shenzhen"]  # type: ignore[arg-type]


def test_another_datas_cache_under_this_key_is_not_used(run: Run, tmp_path: Path) -> None:
    """Promise: a cache file is used only for the data it was written for: its sum
    covers its key, and the store records its key. (Before: another data file's
    dataset cache with this key in its header, or its store renamed to this key,
    was read as this data: Lenovo ranked, where this data has no exchange rate.)"""
    from test_robustness import bundled, write_yaml

    rated = bundled()
    rated["exchange_rates"] = [{"currency": "USD", "year": 2025, "yuan": 7.1, "source": "x"}]
    other = write_yaml(tmp_path / "rated.yaml", rated)
    args = ["rank", "--by", "revenue", "--year", "2025", "--json"]
    expected = run("--no-cache", *args).stdout
    assert (
        '"currency": "USD"' in expected
        and expected != run("--no-cache", "--data", str(other), *args).stdout
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    folder = tmp_path / "c" / "techhubs"
    assert run(*args, env=env).exit_code == 0
    [mine] = [p.name[len("records-") : -len(".sqlite")] for p in folder.glob("records-*")]
    assert run("--data", str(other), *args, env=env).exit_code == 0
    [theirs] = {p.name[len("records-") : -len(".sqlite")] for p in folder.glob("records-*")} - {
        mine
    }
    for planted in ("store", "dataset"):
        if planted == "dataset":  # their dataset cache, headed with my key; no store of mine
            head, body = (folder / f"dataset-{theirs}.json").read_bytes().split(b"\n", 1)
            mark = head.split(b" ")[0]
            (folder / f"dataset-{mine}.json").write_bytes(
                mark + b" " + mine.encode() + b"\n" + body
            )
            (folder / f"records-{mine}.sqlite").unlink()
        else:  # their store under my key
            (folder / f"records-{mine}.sqlite").write_bytes(
                (folder / f"records-{theirs}.sqlite").read_bytes()
            )
        assert run(*args, env=env).stdout == expected, planted
        assert run(*args, env=env).stdout == expected, planted


def test_money_in_another_currency_ranks_and_grows_in_yuan(run: Run, tmp_path: Path) -> None:
    """Promise: a company whose figures are in another currency grows in that
    currency (its own growth, whatever the rates did), and a row without a value for
    the year shows its older value in that value's currency — warm as without the
    cache. (Before: an older US-dollar revenue showed as ¥69.10 billion. A series in
    two currencies, which once grew -82.73% a year, is now refused by validation.)"""
    from test_robustness import bundled, write_yaml

    data = bundled()
    lenovo = next(c for c in data["companies"] if c["id"] == "lenovo")
    [usd] = [o for o in lenovo["observations"] if o["indicator"] == "revenue"]
    lenovo["observations"].append({**usd, "year": 2024, "value": 60e9})
    data["exchange_rates"] = [
        {"currency": "USD", "year": 2025, "yuan": 7.0, "source": "x"},
        {"currency": "USD", "year": 2024, "yuan": 7.2, "source": "x"},
    ]
    hubs = write_yaml(tmp_path / "hubs.yaml", data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "TECHHUBS_DATA": str(hubs)}
    growth = ["rank", "--by", "revenue", "--growth", "--since", "2024", "--year", "2025", "--json"]
    later = ["rank", "--by", "revenue", "--year", "2026"]
    for first in (["--no-cache"], [], []):  # without the cache, cold, warm
        result = run(*first, *growth, env=env)
        assert result.exit_code == 0, result.stderr
        [row] = [r for r in result.json() if r["id"] == "lenovo"]
        assert row["value"] == round((69.1e9 / 60e9 - 1) * 100, 2)  # +15.17%, in US dollars
        assert row["source"].endswith("growth of Revenue, 2024–2025")
        table = run(*first, *later, env={**env, "COLUMNS": "120", "NO_COLOR": "1"}).stdout
        assert "—  US$69.10 billion (FY2025)" in table


def test_money_ranked_at_a_rate_is_drawn_and_given_in_yuan(run: Run, tmp_path: Path) -> None:
    """Promise: a value in another currency is ranked, drawn and given (``in_yuan``)
    at its year's rate, warm as without the cache. (Before: Lenovo ranked 3rd on
    US$69.1 bn at 7.1 yuan, but its bar was drawn from 69.1 bn, shorter than 4th's.)
    Fresh eyes (#8): at 80 columns the yuan it was ranked at was not shown, and the
    rate's source nowhere: the table writes both, the JSON gives the rate."""
    from test_robustness import bundled, write_yaml

    data = bundled()
    data["exchange_rates"] = [{"currency": "USD", "year": 2025, "yuan": 7.1, "source": "x"}]
    hubs = write_yaml(tmp_path / "hubs.yaml", data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "TECHHUBS_DATA": str(hubs)}
    args = ["rank", "--by", "revenue", "--year", "2025"]
    for first in (["--no-cache"], [], []):  # without the cache, cold, warm
        rows = run(*first, *args, "--json", env=env).json()
        places = {r["id"]: r for r in rows}
        assert places["lenovo"]["in_yuan"] == 69.1e9 * 7.1
        assert all(r["in_yuan"] is None for r in rows if r["id"] != "lenovo")
        table = run(*first, *args, env={**env, "COLUMNS": "120", "NO_COLOR": "1"}).stdout
        bars = {line.split()[1]: line.count("█") for line in table.splitlines()[1:6]}
        assert bars["Lenovo"] > bars["ZTE"] > 0  # ¥491 bn against ¥134 bn, drawn in yuan
        assert "US$69.10 billion (FY2025) ≈ ¥490.61 billion" in table
        rate = {"currency": "USD", "year": 2025, "yuan": 7.1, "source": "x"}
        assert places["lenovo"]["exchange_rate"] == rate
        assert all(r["exchange_rate"] is None for r in rows if r["id"] != "lenovo")
        narrow = run(*first, *args, env={**env, "COLUMNS": "80"}).stdout.splitlines()
        assert any(line.endswith("US$69.10 B FY’25 ≈ ¥490.61 B") for line in narrow)
        assert "• US$1 = ¥7.1 in 2025, for Lenovo Group: x" in narrow


def test_a_list_sorted_by_money_at_a_rate_shows_it_in_yuan(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux17 #3): 'companies --sort revenue' placed Lenovo's US$69.10 B
    above Xiaomi's ¥365.91 B by its value in yuan, but showed neither that value nor
    the rate: the cell writes it as rank does, and the sources name the rate, warm
    as without the cache; so does the company's profile, where the list sends a
    reader for its sources."""
    from test_robustness import bundled, write_yaml

    data = bundled()
    data["exchange_rates"] = [{"currency": "USD", "year": 2025, "yuan": 7.1, "source": "x"}]
    hubs = write_yaml(tmp_path / "hubs.yaml", data)
    env = {"XDG_CACHE_HOME": str(tmp_path / "c"), "TECHHUBS_DATA": str(hubs), "COLUMNS": "120"}
    for first in (["--no-cache"], [], []):  # without the cache, cold, warm
        lines = run(*first, "companies", "--sort", "revenue", env=env).stdout.splitlines()
        [lenovo] = [line for line in lines if "≈" in line]
        assert "Lenovo Group 联想集团" in lenovo and "US$69.10 B FY’25 ≈ ¥490.61 B" in lenovo
        assert "Sources: techhubs company NAME; US$1 = ¥7.1 in 2025, for Lenovo Group: x." in lines
        profile = run(*first, "company", "lenovo", env=env).stdout
        assert "US$69.10 B (FY to Mar 2025) ≈ ¥490.61 B" in profile
        assert "• US$1 = ¥7.1 in 2025, for Revenue and R&D expense: x" in profile


@pytest.mark.parametrize(
    ("value", "used"),
    [("false", True), ("no", True), ("OFF", True), ("0", True), ("1", False), ("yes", False)],
)
def test_the_no_cache_variable_reads_as_its_option_does(run: Run, value: str, used: bool) -> None:
    """Fresh eyes: TECHHUBS_NO_CACHE=false switched the cache off (and
    TECHHUBS_DEBUG=false debug on): only '' and '0' counted as off, where the
    option, reading the same variable, takes false, no and off as off too."""
    result = run("cache", "info", "--json", env={"TECHHUBS_NO_CACHE": value})
    assert result.exit_code == 0 and result.json()["used"] is used


def test_cache_info_says_when_a_file_is_in_the_caches_way(run: Run, tmp_path: Path) -> None:
    """Fresh eyes: with $XDG_CACHE_HOME/techhubs a file, 'cache info' said
    '(used)' with no entries, though no run can write a cache there."""
    base = tmp_path / "base"
    base.mkdir()
    (base / "techhubs").write_text("not a folder")
    report = run("cache", "info", "--json", env={"XDG_CACHE_HOME": str(base)}).json()
    assert report["used"] is False
    assert report["refused_because"] == "a file of that name is in its way"
    assert run("city", "sz", "--json", env={"XDG_CACHE_HOME": str(base)}).exit_code == 0


def test_cache_info_says_when_a_link_on_the_way_leads_nowhere(run: Run, tmp_path: Path) -> None:
    """A review: with $XDG_CACHE_HOME a link to nothing, 'cache info' said
    '(used)' though no run can make the folder."""
    base = tmp_path / "base"
    base.symlink_to(tmp_path / "gone")
    report = run("cache", "info", "--json", env={"XDG_CACHE_HOME": str(base)}).json()
    assert report["used"] is False
    assert report["refused_because"] == f"{base} is a link that leads nowhere"


def test_cache_info_keeps_its_dates_and_names_each_entrys_data_file(
    run: Run, tmp_path: Path
) -> None:
    """Fresh eyes (ux17 #9): at 120 columns 'cache info' left out Written with the
    list of every file's name (two hashes each), and no entry said which data file
    it was made from. Files are counted by kind; --json still lists each one."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "c")}
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(DATA_FILE.read_bytes())
    for width in ("60", "70"):  # two tables kept
        assert run("--data", str(mine), "cities", env={**env, "COLUMNS": width}).exit_code == 0
    [entry] = run("cache", "info", "--json", env=env).json()["entries"]
    assert len(entry["files"]) == 4 and set(entry) == {"key", "files", "bytes", "modified"}
    lines = run("cache", "info", env={**env, "COLUMNS": "120"}).stdout.splitlines()
    header, rows = lines[2], lines[4 : lines.index("", 4)]
    assert header.split() == ["Entry", "Data", "file", "Files", "Size", "Written"]
    assert rows[0].split()[-2:] == [f"{entry['bytes']:,}", entry["modified"]]

    def column(name: str) -> list[str]:  # a cell's lines: up to the gap before the next
        return [row[header.index(name) :].split("  ")[0] for row in rows]

    assert "".join(column("Data file")) == str(mine.resolve())  # folded, not cut
    assert column("Files") == ["1 dataset,", "1 store,", "2 tables"]
