"""The record store answers lookups exactly as the full path would, and heals."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA_FILE, Run
from techhubs.loader import cache

LOOKUPS = [
    ["city", "shenzhen", "--json"],
    ["city", "xian", "杭州", "--json"],
    ["company", "tencent", "--json"],
    ["area", "ai", "--json"],
    ["compare", "bj", "sh", "--json"],
    ["city", "wuhan"],
    ["compare", "beijing", "hangzhou"],
    ["city", "西安市", "--json"],
    ["company", "小米", "--json"],
    ["compare", "华为", "腾讯", "--json"],
    ["rank", "--by", "gdp", "--json"],
    ["rank", "--by", "GDP per person"],
    ["rank", "--by", "revenue", "--reverse", "--limit", "4"],
    ["rank", "--by", "companies", "--json"],
    ["rank", "--by", "focus_areas", "--sort", "name", "--limit", "3"],
    ["rank", "--by", "nature-index-city-rank", "--fields", "name,value", "-o", "csv"],
    ["rank", "--by", "WIPO rank", "--query", "[0].name", "--raw"],
    ["trend", "chengdu", "wuhan", "shenzhen", "--json"],
    ["trend", "hefei", "--by", "rd-intensity"],
    ["trend", "beijing", "上海", "--by", "population", "--since", "2022", "-o", "csv"],
    ["trend", "alibaba", "tencent", "--by", "revenue", "--json"],
]


def _store(home: Path) -> Path:
    return home / "techhubs" / f"records-{cache.key_of(DATA_FILE.read_bytes(), False)}.sqlite"


@pytest.mark.parametrize("args", LOOKUPS, ids=[" ".join(a) for a in LOOKUPS])
def test_store_answers_as_the_full_path(run: Run, tmp_path: Path, args: list[str]) -> None:
    home = str(tmp_path / "cache")
    cold = run(*args, env={"XDG_CACHE_HOME": home})
    assert _store(tmp_path / "cache").is_file()  # the cold run filled the store
    warm = run(*args, env={"XDG_CACHE_HOME": home})
    uncached = run("--no-cache", *args)
    assert cold.exit_code == warm.exit_code == uncached.exit_code == 0
    assert cold.stdout == warm.stdout == uncached.stdout


def test_the_store_knows_names_without_their_chinese_endings(run: Run, tmp_path: Path) -> None:
    """西安市 and 小米 are answered from the store, not by loading the dataset."""
    run("city", "sz", "--json", env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    key = cache.key_of(DATA_FILE.read_bytes(), False)
    found = cache.lookup(key, "city", ["西安市"])
    assert found is not None and found[0]["id"] == "xian"
    found = cache.lookup(key, "company", ["小米"])
    assert found is not None and found[0]["id"] == "xiaomi"
    assert cache.kinds(key, ["华为", "人工智能"]) == [{"company"}, {"focus area"}]


def test_a_name_the_store_does_not_know_gets_the_full_answer(run: Run, tmp_path: Path) -> None:
    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    run("city", "sz", "--json", env=home)
    result = run("city", "shenzen", env=home)
    assert result.exit_code == 1
    assert "did you mean shenzhen" in result.stderr


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-schema"])
def test_a_damaged_store_is_rebuilt(run: Run, tmp_path: Path, damage: str) -> None:
    home = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(home)}
    expected = run("city", "sz", "--json", env=env).stdout
    store = _store(home)
    if damage == "garbage":
        store.write_bytes(b"not a database at all")
    elif damage == "truncated":
        store.write_bytes(store.read_bytes()[:100])
    else:
        db = sqlite3.connect(store)
        db.execute("DROP TABLE records")
        db.commit()
        db.close()
    assert run("city", "sz", "--json", env=env).stdout == expected  # answered anyway
    db = sqlite3.connect(store)  # and the store was rebuilt
    assert db.execute("SELECT count(*) FROM records WHERE kind = 'city'").fetchone()[0] == 12
    db.close()


def test_a_piped_data_file_is_read_once(run: Run, tmp_path: Path) -> None:
    """--data <(cat file) can be read only once; the lookup must not read it twice."""
    import os
    import threading

    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as pipe:
            pipe.write(DATA_FILE.read_bytes())

    writer = threading.Thread(target=feed)
    writer.start()
    result = run(
        "--data",
        str(fifo),
        "city",
        "shenzhen",
        "--json",
        env={"XDG_CACHE_HOME": str(tmp_path / "c")},
    )
    writer.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert result.json()["id"] == "shenzhen"


def test_no_cache_validate_writes_no_cache(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "cache"
    assert run("--no-cache", "data", "validate", env={"XDG_CACHE_HOME": str(home)}).exit_code == 0
    assert not home.exists()


def test_a_cold_search_makes_its_rows_once(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A search that finds no store ranks every row of the dataset and then
    # stores them: the rows were made twice (issue 15: ~0.6 s on 100x data).
    from techhubs.core import queries

    made = []
    real = queries.search_rows

    def counted(dataset: object) -> object:
        made.append(1)
        return real(dataset)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "search_rows", counted)
    cold = run("search", "silicon", "--json")
    assert cold.exit_code == 0 and _store(tmp_path / "cache").is_file()
    assert len(made) == 1
    warm = run("search", "silicon", "--json")
    assert warm.stdout == cold.stdout and len(made) == 1  # the warm one reads the store


def test_a_warm_ranking_reads_the_store_not_the_dataset(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise (issue 15): 'rank --by X' in its default year is answered from the store,
    as the dataset would answer it; another year, growth, or a name the store does
    not know take the full path. (Before: every ranking loaded the whole dataset,
    0.66 s at 100x.)"""
    from techhubs.cli.session import Session

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    asked = [
        ["rank", "--by", b, "--json"] for b in ("gdp", "rd-intensity", "companies", "营业收入")
    ]
    cold = [run(*args, env=env) for args in asked]
    assert all(r.exit_code == 0 for r in cold), [r.stderr for r in cold]

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    with monkeypatch.context() as patch:
        patch.setattr(Session, "dataset", refuse)
        for args, before in zip(asked, cold, strict=True):
            assert run(*args, env=env).stdout == before.stdout
    # the full path still answers what the store cannot
    assert run("rank", "--by", "gdp", "--year", "2023", "--json", env=env).json()[0]["year"] == 2023
    typo = run("rank", "--by", "gdq", env=env)
    assert typo.exit_code == 2 and "did you mean gdp" in typo.stderr


def test_a_damaged_stored_ranking_is_rebuilt(run: Run, tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    before = run("rank", "--by", "gdp", "--json", env=env).stdout
    with sqlite3.connect(_store(tmp_path / "cache")) as db:
        changed = db.execute(
            "UPDATE records SET record = replace(record, '\"rank\": 1', '\"rank\": 7') "
            "WHERE kind = 'ranking' AND id = 'gdp'"
        ).rowcount
    assert changed == 1
    assert run("rank", "--by", "gdp", "--json", env=env).stdout == before


def test_a_warm_trend_reads_the_store_not_the_dataset(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Promise (issue 15): a trend is drawn from the stored records of the hubs (or
    companies) it names, as the dataset would draw it; what the store cannot answer
    takes the full path, with the same words. (Before: every trend loaded the whole
    dataset, 0.53 s at 100x.)"""
    from techhubs.cli.session import Session

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    asked = [
        ["trend", "chengdu", "wuhan", "--json"],
        ["trend", "合肥", "--by", "GDP per person", "--since", "2022", "--json"],
        ["trend", "byd", "--by", "营业收入", "--json"],
    ]
    cold = [run(*args, env=env) for args in asked]
    assert all(r.exit_code == 0 for r in cold), [r.stderr for r in cold]
    wrong = [
        ["trend", "chengdu", "成都"],  # one hub twice
        ["trend", "chengdu", "--by", "companies"],  # a count
        ["trend", "chengdoo"],  # an unknown hub
        ["trend", "chengdu", "--by", "gdq"],  # an unknown indicator
        ["trend", "a", "b", "c", "d", "e", "f", "g"],  # too many
        ["trend", "tencent"],  # a company, for a figure of cities
    ]
    before = [run("--no-cache", *args) for args in wrong]  # the full path alone
    with monkeypatch.context() as patch:

        def refuse(self: Session) -> None:
            raise AssertionError("the dataset was loaded")

        patch.setattr(Session, "dataset", refuse)
        for args, answer in zip(asked, cold, strict=True):
            assert run(*args, env=env).stdout == answer.stdout
    for args, answer in zip(wrong, before, strict=True):
        again = run(*args, env=env)
        assert answer.exit_code != 0 and answer.stderr
        assert (again.exit_code, again.stderr) == (answer.exit_code, answer.stderr)


def _with_indicator_names(tmp_path: Path, changes: dict[str, dict[str, Any]]) -> Path:
    """A copy of the bundled data with some indicators' fields changed."""
    import yaml

    text = DATA_FILE.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for indicator in data["indicators"]:
        indicator.update(changes.get(indicator["id"], {}))
    for city in data["cities"]:  # observations follow a renamed id
        for o in city.get("observations", []):
            new = changes.get(o["indicator"], {}).get("id")
            o["indicator"] = new or o["indicator"]
    path = tmp_path / "renamed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "by"),
    [
        ({}, "companies市"),  # a count's name with a Chinese ending is no count
        ({}, "FOCUS AREAS区"),
        ({"unicorns": {"aliases": ["companies集团"]}}, "companies 集团"),  # an indicator's
        ({"unicorns": {"aliases": ["companies集团"]}}, "companies县"),
        ({"unicorns": {"aliases": ["companies"]}}, "companies"),  # the count comes first
    ],
)
def test_a_stored_ranking_answers_to_the_names_rank_takes(
    run: Run, tmp_path: Path, changes: dict[str, dict[str, Any]], by: str
) -> None:
    # A red-team review: the store found a count by its name stripped of a Chinese
    # ending ('companies市'), where the full path says there is no such indicator,
    # or finds the indicator whose alias it is.
    data = str(_with_indicator_names(tmp_path, changes))
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run("--data", data, "city", "beijing", env=env).exit_code == 0  # fills the store
    bare = run("--no-cache", "--data", data, "rank", "--by", by)
    warm = run("--data", data, "rank", "--by", by, env=env)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (bare.exit_code, bare.stdout, bare.stderr)
    trend = ["trend", "beijing", "--by", by]
    bare = run("--no-cache", "--data", data, *trend)
    warm = run("--data", data, *trend, env=env)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (bare.exit_code, bare.stdout, bare.stderr)


def test_an_indicator_with_a_count_for_its_id_keeps_the_store(run: Run, tmp_path: Path) -> None:
    # An indicator whose id is 'companies' (valid data) clashed with the count's row:
    # the store was never written, and every run took the full path.
    data = str(_with_indicator_names(tmp_path, {"unicorns": {"id": "companies"}}))
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run("--data", data, "rank", "--by", "companies", env=env).exit_code == 0
    assert list((tmp_path / "cache" / "techhubs").glob("records-*.sqlite"))
    for by in ("companies", "unicorns"):
        bare = run("--no-cache", "--data", data, "rank", "--by", by, "--json")
        assert run("--data", data, "rank", "--by", by, "--json", env=env).stdout == bare.stdout


WARM_REFUSALS = [
    ["cities", "--limit", "0", "--json"],
    ["companies", "--limit", "0", "--json"],
    ["cities", "--query=", "--json"],
    ["city", "sz", "--query=", "--json"],
    ["company", "tencent", "--query=", "--json"],
    ["cities", "--save-svg=", "--json"],
    ["city", "sz", "--save-html=", "--json"],
    ["cities", "--fields=", "--json"],
]


@pytest.mark.parametrize("args", WARM_REFUSALS, ids=[" ".join(a) for a in WARM_REFUSALS])
def test_a_warm_store_refuses_what_the_full_path_refuses(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    """Fresh eyes (ux13 #1): the shortcut that writes stored JSON took '--limit 0'
    and an empty --query, --save-svg or --save-html for 'not given' (exit 0, the
    whole list), where the full path refuses them (exit 2)."""
    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run("cities", "--json", env=home).exit_code == 0  # the store is warm
    uncached = run("--no-cache", *args)
    warm = run(*args, env=home)
    assert uncached.exit_code == 2, uncached.stderr
    assert (warm.exit_code, warm.stdout, warm.stderr) == (2, "", uncached.stderr)


def test_an_empty_filter_is_read_alike_warm_or_not(run: Run, tmp_path: Path) -> None:
    """ux13 #1: the store's shortcut took '--city=' for no option at all; it now
    goes the way of a given filter, and answers as the full path does (which
    refuses it: tests/test_filtered_lists.py)."""
    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run("companies", "--json", env=home).exit_code == 0  # the store is warm
    for args in (["companies", "--city=", "--json"], ["cities", "--focus=", "--json"]):
        uncached = run("--no-cache", *args)
        warm = run(*args, env=home)
        assert (warm.exit_code, warm.stdout) == (uncached.exit_code, uncached.stdout), args
