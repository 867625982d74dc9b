"""Issue 10: figures over time — indicators as data, series, derived values, the commands."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA_FILE, Run

BUNDLED = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def _series(city: dict[str, Any], indicator: str) -> dict[int, dict[str, Any]]:
    found = next(i for i in city["indicators"] if i["id"] == indicator)
    return {p["year"]: p for p in found["series"]}


# -- the data ---------------------------------------------------------------------------------


def test_every_value_has_a_year_a_source_and_an_indicator() -> None:
    indicators = {i["id"] for i in BUNDLED["indicators"]}
    for city in BUNDLED["cities"]:
        for o in city["observations"]:
            assert o["indicator"] in indicators, (city["id"], o)
            assert o["source"].strip() and 1949 <= o["year"] <= 2026, (city["id"], o)


def test_no_stored_value_is_derived() -> None:
    derived = {i["id"] for i in BUNDLED["indicators"] if i.get("derived")}
    stored = {o["indicator"] for c in BUNDLED["cities"] for o in c["observations"]}
    assert "gdp-per-capita" in derived
    assert not (stored & {"gdp-per-capita"}), "GDP per person is computed, never stored"


def test_indicators_list_at_least_eight_with_coverage(run: Run) -> None:
    rows = run("indicators", "--json").json()
    assert len(rows) >= 8
    by_id = {r["id"]: r for r in rows}
    assert by_id["population"]["coverage"]["cities"] == 12
    assert by_id["gdp"]["coverage"]["cities"] == 12
    assert by_id["gdp"]["coverage"]["last_year"] == 2025
    assert by_id["gdp-per-capita"]["how"] == "GDP ÷ Population"
    assert by_id["wipo-cluster-rank"]["higher_is_better"] is False
    for r in rows:
        cover = r["coverage"]
        if cover["cities"]:
            assert cover["first_year"] <= cover["default_year"] <= cover["last_year"]


def test_a_derived_value_is_from_one_year_and_says_how(run: Run) -> None:
    city = run("city", "beijing", "--json").json()
    gdp, people = _series(city, "gdp"), _series(city, "population")
    per_person = _series(city, "gdp-per-capita")
    assert per_person, "Beijing has GDP and population of the same years"
    for year, point in per_person.items():
        assert point["value"] == round(gdp[year]["value"] / people[year]["value"])
        assert point["source"] == f"derived: GDP ÷ Population, both for {year}"
    assert set(per_person) == set(gdp) & set(people)


def test_a_published_value_wins_over_a_derived_one(run: Run) -> None:
    """R&D intensity: Shenzhen publishes it; where it does not, it is derived."""
    city = run("city", "shenzhen", "--json").json()
    intensity = _series(city, "rd-intensity")
    assert intensity[2024]["value"] == 6.67
    assert not intensity[2024]["source"].startswith("derived:")


def test_validate_warns_of_a_published_value_its_inputs_contradict(
    run: Run, tmp_path: Path
) -> None:
    """A published value of a derived indicator far from what its inputs give is a
    warning, not an error (published figures differ a little from the quotient);
    one a little off is none. (Before: used silently, with no warning.) It names
    its line, as an error does, and the hub by its name (ux17 #13: neither)."""
    assert run("data", "validate", "--json").json()["warnings"] == []

    def change(data: dict[str, Any]) -> None:
        shenzhen = next(c for c in data["cities"] if c["id"] == "shenzhen")
        for o in shenzhen["observations"]:
            if o["indicator"] == "rd-intensity":  # 6.67 (2024), 6.46 (2023)
                o["value"] = {2024: 2.0, 2023: 5.0}[o["year"]]

    path = _seeded(tmp_path, change)
    result = run("--no-cache", "data", "validate", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    i = next(i for i, c in enumerate(data["cities"]) if c["id"] == "shenzhen")
    j = next(
        j
        for j, o in enumerate(data["cities"][i]["observations"])
        if o["indicator"] == "rd-intensity" and o["year"] == 2024
    )
    [warning] = result.json()["warnings"]
    assert warning["path"] == f"cities[{i}].observations[{j}].value"
    assert warning["message"] == (
        "Shenzhen gives R&D intensity 2 for 2024, but R&D spending ÷ GDP × 100 of 2024 "
        "is 6.67; check the value and its inputs"
    )
    line = warning["line"]
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].split() == ["value:", "2.0"]
    table = run("--no-cache", "data", "validate", str(path), env={"COLUMNS": "200"}).stdout
    assert f"⚠ {path}:{line}: {warning['path']}: Shenzhen gives" in table


def test_gaps_are_gaps_not_zeros(run: Run) -> None:
    city = run("city", "nanjing", "--json").json()
    for indicator in city["indicators"]:
        for point in indicator["series"]:
            assert point["value"] > 0
        if not indicator["series"]:
            assert indicator["latest"] is None


# -- data validate catches each mistake, with its line ------------------------------------------


def _seeded(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "seeded.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _observation(data: dict[str, Any], city: str, indicator: str) -> dict[str, Any]:
    found = next(c for c in data["cities"] if c["id"] == city)
    return next(o for o in found["observations"] if o["indicator"] == indicator)


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize(
    ("mistake", "needle", "message"),
    [
        (
            lambda d: _observation(d, "wuhan", "gdp").update(indicator="gpd"),
            "indicator: gpd",
            "unknown indicator 'gpd'",
        ),
        (
            lambda d: _observation(d, "wuhan", "gdp").update(year=1900),
            "year: 1900",
            "1900 is outside 1949 to the data's as_of year 2026",
        ),
        (
            lambda d: _observation(d, "wuhan", "gdp").update(year=2031),
            "year: 2031",
            "2031 is outside 1949 to the data's as_of year 2026",
        ),
        (
            lambda d: _observation(d, "wuhan", "population").update(value=1380.91),
            "value: 1380.91",
            "1,380.91 is not a plausible population",
        ),
        (
            lambda d: _observation(d, "wuhan", "gdp").pop("source"),
            "- indicator: gdp",
            "missing key 'source'",
        ),
    ],
    ids=["unknown indicator", "year before 1949", "year after as_of", "implausible", "no source"],
)
def test_data_validate_catches_each_mistake_with_its_line(
    run: Run, tmp_path: Path, mistake: Any, needle: str, message: str
) -> None:
    path = _seeded(tmp_path, mistake)
    result = run("data", "validate", str(path), "--json")
    assert result.exit_code == 3, result.stderr
    problems = result.error()["problems"]
    found = [p for p in problems if message in p["message"]]
    assert found, problems
    wuhan = next(i for i, c in enumerate(BUNDLED["cities"]) if c["id"] == "wuhan")
    assert found[0]["path"].startswith(f"cities[{wuhan}].observations[")
    if needle.startswith("- indicator"):
        assert found[0]["line"] is not None
    else:
        assert found[0]["line"] == _line(path, needle)


def test_data_validate_catches_a_duplicate_year(run: Run, tmp_path: Path) -> None:
    def twice(data: dict[str, Any]) -> None:
        wuhan = next(c for c in data["cities"] if c["id"] == "wuhan")
        first = next(o for o in wuhan["observations"] if o["indicator"] == "gdp")
        wuhan["observations"].append({**first, "value": 123456789012, "source": "a second"})

    path = _seeded(tmp_path, twice)
    result = run("data", "validate", str(path))
    assert result.exit_code == 3
    assert re.search(
        r"wuhan gives 'gdp' for \d{4} twice \(also observations\[\d+\]\)", result.stderr
    )
    assert f"{path}:{_line(path, 'value: 123456789012') - 2}:" in result.stderr


# -- rank --------------------------------------------------------------------------------------


def test_rank_by_gdp_in_2025_lists_the_2025_values(run: Run) -> None:
    rows = run("rank", "--by", "gdp", "--year", "2025", "--json").json()
    cities = {c["id"]: c for c in run("cities", "--json").json()}
    for r in rows:
        points = _series(cities[r["id"]], "gdp")
        if 2025 in points:
            assert r["rank"] is not None and r["value"] == points[2025]["value"]
        else:
            assert r["rank"] is None and r["value"] is None
            assert r["older"] == points[max(points)] if points else r["older"] is None
    assert rows[0]["id"] == "shanghai"
    assert {r["id"] for r in rows if r["rank"] is not None} >= {"beijing", "shanghai", "nanjing"}


def test_rank_puts_the_best_rank_first(run: Run) -> None:
    rows = run("rank", "--by", "wipo-cluster-rank", "--json").json()
    values = [r["value"] for r in rows if r["rank"] is not None]
    assert values == sorted(values)  # 1 is first
    assert rows[0]["rank"] == 1


def test_rank_by_growth(run: Run) -> None:
    rows = run(
        "rank", "--by", "population", "--growth", "--since", "2021", "--year", "2024", "--json"
    )
    data = rows.json()
    cities = {c["id"]: c for c in run("cities", "--json").json()}
    ranked = [r for r in data if r["rank"] is not None]
    assert ranked and all(r["since"] == 2021 and r["year"] == 2024 for r in data)
    for r in ranked:
        points = _series(cities[r["id"]], "population")
        rate = ((points[2024]["value"] / points[2021]["value"]) ** (1 / 3) - 1) * 100
        assert r["value"] == round(rate, 2)
    assert [r["value"] for r in ranked] == sorted((r["value"] for r in ranked), reverse=True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "--by", "gpd"], "invalid value for '--by': no indicator called 'gpd'"),
        (["rank", "--by", "companies", "--year", "2024"], "rank indicators, not companies"),
        (["rank", "--by", "wipo-cluster-rank", "--growth"], "is a rank"),
        (["rank", "--by", "gdp", "--since", "2020"], "--since goes with --growth"),
        (["trend", "wuhan", "--by", "companies"], "is a count"),
        (["trend", "wuhan", "wuhan"], "are both Wuhan"),
        (["trend", *["bj", "sh", "sz", "hz", "cd", "wh", "tj"]], "1 to 6 cities, got 7"),
    ],
)
def test_indicator_usage_errors(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


# -- trend -------------------------------------------------------------------------------------


def test_trend_json_and_csv(run: Run) -> None:
    data = run("trend", "chengdu", "wuhan", "shenzhen", "--by", "gdp", "--json").json()
    assert data["indicator"] == {
        "id": "gdp",
        "name": "GDP",
        "unit": "yuan",
        "comparable_from": 2024,
    }
    assert [s["city"]["id"] for s in data["series"]] == ["chengdu", "wuhan", "shenzhen"]
    years = {p["year"] for s in data["series"] for p in s["points"]}
    assert min(years) == 2019 and max(years) == 2025
    rows = list(csv.DictReader(io.StringIO(run("trend", "chengdu", "wuhan", "-o", "csv").stdout)))
    points = sum(len(s["points"]) for s in data["series"][:2])
    assert len(rows) == points and {r["city"] for r in rows} == {"chengdu", "wuhan"}


def test_trend_since(run: Run) -> None:
    data = run("trend", "shenzhen", "--since", "2023", "--json").json()
    assert all(p["year"] >= 2023 for p in data["series"][0]["points"])


def test_trend_chart_reads_without_colour(run: Run) -> None:
    out = run("trend", "chengdu", "wuhan", "shenzhen").stdout
    lines = out.splitlines()
    assert lines[0] == "GDP over time"
    assert "● Chengdu" in out and "■ Wuhan" in out and "▲ Shenzhen" in out
    assert any("2019" in line and "2025" in line for line in lines)
    assert "Sources:" in out and "\x1b" not in out


def test_a_trend_of_lines_with_the_same_values_says_so(run: Run) -> None:
    """Fresh eyes (#6): Shanghai and Suzhou share a WIPO cluster, so the same ranks:
    one line of Suzhou's ■ was drawn, labelled '● Shanghai #6', and Suzhou's end
    label was lost. Now the line is drawn once, its label names both, a note says so."""
    out = run("trend", "sh", "suzhou", "--by", "wipo-cluster-rank", env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    end = next(line for line in lines if line.startswith("#6 ┤"))
    assert end.endswith("● ● Shanghai, Suzhou #6") and "■" not in out
    assert "Suzhou: the same values as Shanghai, drawn as one line." in lines
    others = run("trend", "gz", "sz", "bj", "--by", "wipo-cluster-rank").stdout
    assert "● Guangzhou, Shenzhen #1  ▲ Beijing #4" in others  # Beijing keeps its marker


def test_every_trend_line_keeps_its_end_label() -> None:
    """Two lines ending on the chart's bottom row: the second's name had no row
    below to move to and was dropped; it goes on the nearest free row above."""
    from rich.console import Console

    from techhubs.output.tables import trend_chart

    def line(name: str, values: list[float]) -> dict[str, object]:
        points = [{"year": 2020 + i, "value": v, "source": "s"} for i, v in enumerate(values)]
        return {"city": {"id": name.lower(), "name": name}, "currency": None, "points": points}

    data = {
        "indicator": {"id": "x", "name": "X", "unit": "count", "comparable_from": None},
        "since": None,
        "series": [line("Alpha", [5, 1]), line("Beta", [3, 1])],
    }
    console = Console(width=80, record=True)
    console.print(trend_chart(data))
    rows = console.export_text().splitlines()[1:13]
    assert rows[-1].endswith("● Alpha 1") and rows[-2].endswith("■ Beta 1")


# -- city and compare --------------------------------------------------------------------------


def test_city_profile_shows_each_indicator_with_a_sparkline(run: Run) -> None:
    out = run("city", "shenzhen").stdout
    assert "Figures over time" in out
    figures = out.split("Figures over time")[1].splitlines()
    row = next(line for line in figures if line.startswith("│ GDP "))
    assert "¥3.87 T (2025)" in row and re.search(r"[▁▂▃▄▅▆▇█]+ 2019–2025", row)


def test_compare_aligns_figures_on_one_year(run: Run) -> None:
    data = run("compare", "chengdu", "wuhan", "--json").json()
    cities = {c["id"]: c for c in data["cities"]}
    for row in data["figures"]:
        shared = set.intersection(*(set(_series(c, row["id"])) for c in cities.values()))
        assert row["year"] == max(shared)
        for cid, value in row["values"].items():
            assert value == _series(cities[cid], row["id"])[row["year"]]
    gdp = next(r for r in data["figures"] if r["id"] == "gdp")
    best = max(gdp["values"].values(), key=lambda v: v["value"])
    assert [cid for cid, v in gdp["values"].items() if v == best] == gdp["best"]
    out = run("compare", "chengdu", "wuhan", "--growth").stdout
    assert "a year since" in out and "▲" in out


def test_overview_carries_the_articles_claims(run: Run) -> None:
    out = run("overview").stdout
    assert "What the source article says" in out
    assert "will likely increase" in out


def test_sqlite_export_holds_the_series(run: Run, tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "hubs.db"
    assert run("export", "-o", "sqlite", str(target)).exit_code == 0
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = db.execute(
        "SELECT year, value FROM city_observations WHERE city_id = 'wuhan' "
        "AND indicator_id = 'gdp' ORDER BY year"
    ).fetchall()
    city = run("city", "wuhan", "--json").json()
    assert rows == [(y, p["value"]) for y, p in sorted(_series(city, "gdp").items())]
    flags = dict(db.execute("SELECT id, higher_is_better FROM indicators").fetchall())
    assert flags["gdp"] == 1 and flags["wipo-cluster-rank"] == 0
    derived = db.execute(
        "SELECT derived_divide, derived_by FROM indicators WHERE id = 'gdp-per-capita'"
    ).fetchone()
    assert derived == ("gdp", "population")


@pytest.mark.parametrize(
    ("by", "title"),
    [
        ("nature-index-city-rank", "Cities by Nature Index science city rank (rank, 1 is first)"),
        ("population", "Cities by population (year-end residents)"),
        ("unicorns-china", "Cities by unicorns (China Unicorn Report) (number)"),
    ],
)
def test_a_ranking_title_keeps_proper_names(run: Run, by: str, title: str) -> None:
    # "Cities by nature Index science city rank": the title lower-cased the first
    # letter of a name that opens with a proper name.
    result = run("rank", "--by", by, "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(title), result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    "args", [["--by", "gdp", "--year", "1990"], ["--by", "employees", "--year", "2021"]]
)
def test_a_ranking_with_nothing_to_rank_says_why(run: Run, args: list[str]) -> None:
    # Every hub a dash, and no word of why: a year before the data, or a figure no
    # company has for that year. The answer stays as it is; a note on stderr points the way,
    # whether the ranking was worked out or read from the store (the second run).
    for _ in range(2):
        result = run("rank", *args, "--json")
        assert result.exit_code == 0, result.stderr
        assert result.json() and all(row["rank"] is None for row in result.json())
        assert result.stderr.startswith("techhubs: note: no value to rank in '")
        assert "'techhubs indicators'" in result.stderr and result.stderr.count("\n") == 1


def test_a_ranking_with_values_has_no_note(run: Run) -> None:
    result = run("rank", "--by", "gdp", "--year", "2024")
    assert result.exit_code == 0 and result.stderr == ""


def test_trend_keeps_each_line_in_its_currency(run: Run) -> None:
    """Fresh eyes: 'trend lenovo tencent --by revenue' drew Lenovo's US$69.10 B as
    '¥69.10 B' on Tencent's yuan axis, and its JSON and CSV named no currency."""
    args = ("trend", "lenovo", "tencent", "--by", "revenue")
    for _ in range(2):  # worked out, then read from the store
        series = run(*args, "--json").json()["series"]
        assert [(s["city"]["id"], s["currency"]) for s in series] == [
            ("lenovo", "USD"),
            ("tencent", None),
        ]
    chart = run(*args, env={"COLUMNS": "80"}).stdout
    assert "¥69.10" not in chart and "● Lenovo Group" not in chart  # no marker: not drawn
    assert "Not drawn: Lenovo Group US$69.10 B; this chart draws values in ¥ only" in chart
    assert "■ Tencent ¥660.26 B" in chart.splitlines()[7]  # drawn, its name at its line's end
    alone = run("trend", "lenovo", "--by", "revenue", env={"COLUMNS": "80"}).stdout
    assert alone.splitlines()[1].startswith("US$69.10 B ┤") and "Not drawn" not in alone
    rows = list(csv.DictReader(io.StringIO(run(*args, "-o", "csv").stdout)))
    assert [(r["city"], r["currency"]) for r in rows] == [("lenovo", "USD"), ("tencent", "")]


def test_a_ranking_by_growth_gives_no_level_as_older(run: Run) -> None:
    """Fresh eyes: 'rank --by gdp --growth --since 2020 --json' gave Hangzhou an
    'older' of its 2023 GDP in yuan, in a ranking of percent a year (the CSV
    too), though it lacks only the 2020 value; the table showed a dash. (GDP's
    growth is ranked from 2024 on now: the hubs without a 2025 value are unranked.)"""
    args = ("rank", "--by", "gdp", "--growth", "--since", "2024", "--year", "2025")
    for _ in range(2):  # worked out, then from the store
        rows = run(*args, "--json").json()
        unranked = [r for r in rows if r["rank"] is None]
        assert unranked and all(r["older"] is None for r in unranked)
    table = list(csv.DictReader(io.StringIO(run(*args, "-o", "csv").stdout)))
    assert all(r["older.value"] == "" for r in table if r["rank"] == "")
    # a ranking of levels still gives a hub without the year its latest earlier one
    levels = run("rank", "--by", "gdp", "--year", "2025", "--json").json()
    assert any(r["older"] is not None and r["older"]["year"] < 2025 for r in levels)


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--year", "-1"],
        ["rank", "--year", "99999999999999999999"],
        ["rank", "--year", "1900"],  # before any figure the data may hold
        ["rank", "--by", "gdp", "--growth", "--since", "-5"],
        ["trend", "sz", "--since", "99999999999999999"],
    ],
)
def test_a_year_no_figure_can_have_is_a_usage_error(run: Run, args: list[str]) -> None:
    """Fresh eyes: 'rank --year -1' drew 'Cities by GDP (yuan), -1', twelve
    dashes, exit 0; --since took any integer too."""
    from techhubs.cli.options import FIRST_YEAR, LAST_YEAR
    from techhubs.core import entities
    from techhubs.core.fields import YEARS

    assert (entities.FIRST_YEAR, YEARS[1]) == (FIRST_YEAR, LAST_YEAR)
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert "is not from 1949 to 2100." in result.stderr  # in words, not Click's '1949<=x<=2100'


def test_rank_sorts_by_a_field_the_first_row_has_null(run: Run) -> None:
    """Fresh eyes: 'rank --by gdp-per-capita --sort older.value' was refused
    ('did you mean value?') because the first row's 'older' is null, though
    'fields rank' lists older.value."""
    result = run("rank", "--by", "gdp-per-capita", "--sort", "older.value", "--json")
    assert result.exit_code == 0, result.stderr
    olders = [r["older"]["value"] for r in result.json() if r["older"] is not None]
    assert olders and [r["older"] is not None for r in result.json()][: len(olders)] == [
        True
    ] * len(olders)
    assert olders == sorted(olders, reverse=True)


def test_gdp_per_person_is_one_figure_where_a_file_publishes_it(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux11 #5): with a published GDP per person, 'city sz' showed two
    different values for 2024 (the record's was always worked out from GDP and
    population), and 'cities --sort gdp-per-capita' disagreed with its own CSV."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    shenzhen = next(c for c in data["cities"] if c["id"] == "shenzhen")
    published = {"indicator": "gdp-per-capita", "year": 2024, "value": 205580}
    shenzhen["observations"].append({**published, "source": "a published figure"})
    mine = tmp_path / "published.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    city = run("--data", str(mine), "city", "sz", "--json").json()
    assert city["gdp_per_capita"]["value"] == 205580
    assert _series(city, "gdp-per-capita")[2024]["value"] == 205580
    table = run("--data", str(mine), "city", "sz").stdout
    rows_shown = [line for line in table.splitlines() if "GDP per person" in line and "¥" in line]
    assert len(rows_shown) == 2, table  # the facts and the figures over time
    assert {line.split("¥")[1].split()[0] for line in rows_shown} == {"205,580"}, table
    rows = run(
        "--data",
        str(mine),
        "cities",
        "--sort",
        "gdp-per-capita",
        "-o",
        "csv",
        "--fields",
        "id,gdp_per_capita.value",
    ).stdout
    assert "shenzhen,205580" in rows.splitlines()
    assert run("city", "sz", "--json").json()["gdp_per_capita"]["value"] != 205580


def test_trend_never_says_the_data_has_no_rate(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux11 #6): with an exchange rate in the data (which rank used),
    trend said "techhubs has no exchange rate", and its legend showed Lenovo's
    marker for a line it did not draw."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["exchange_rates"] = [{"currency": "USD", "year": 2025, "yuan": 7.2, "source": "a rate"}]
    mine = tmp_path / "rated.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    chart = run("--data", str(mine), "trend", "lenovo", "alibaba", "--by", "revenue").stdout
    assert "no exchange rate" not in chart and "● Lenovo" not in chart
    assert "'techhubs rank --by revenue' converts them" in " ".join(chart.split())
    ranked = run("--data", str(mine), "rank", "--by", "revenue", "--year", "2025", "--json")
    assert next(r for r in ranked.json() if r["id"] == "lenovo")["rank"] is not None


def test_a_bar_keeps_its_length_whatever_rows_are_shown(run: Run) -> None:
    """Fresh eyes (ux11 #11): bars were shares of the rows shown, so under
    'rank --reverse --limit 3' Tianjin's ¥1.80 T drew the full width Shanghai's
    ¥5.39 T has in the whole chart; a rank's bar changed with --limit."""

    eighths = {c: (i + 1) / 8 for i, c in enumerate("▏▎▍▌▋▊▉█")}

    def bars(*args: str) -> dict[str, float]:
        """Each hub's bar as a share of the room the chart gives bars."""
        shares = {}
        for line in run("rank", *args).stdout.splitlines():
            start = next((i for i, c in enumerate(line) if c in eighths), None)
            if start is None:
                continue
            end = start
            while end < len(line) and line[end] in eighths:
                end += 1
            room = len(line[start:]) - len(line[start:].lstrip("▏▎▍▌▋▊▉█ ")) - 2  # the gap
            shares[line.split()[1]] = sum(eighths[c] for c in line[start:end]) / room
        return shares

    for by in ("gdp", "nature-index-city-rank"):
        whole = bars("--by", by)
        for cut in (["--reverse", "--limit", "3"], ["--limit", "5"], ["--sort", "name"]):
            for name, share in bars("--by", by, *cut).items():
                assert abs(share - whole[name]) < 0.03, (by, cut, name, share, whole[name])
    assert bars("--reverse", "--limit", "3")["Tianjin"] < 0.5


def test_a_decline_draws_no_bar_whatever_else_is_ranked(run: Run) -> None:
    """Fresh eyes (ux17 #5): bars start at zero. Ranked alone, Baidu's -6.77% growth
    of employees drew the full width, the longest bar there is; beside growth,
    a decline already drew none. A rank (1 is first) still draws 1 longest."""

    def bar_of(*args: str) -> dict[str, str]:
        lines = run("rank", *args).stdout.splitlines()[1:]
        return {line.split()[1]: line for line in lines if line[:2].strip().isdigit()}

    declines = bar_of("--by", "employees", "--growth")
    assert "-6.77%" in declines["Baidu"] and "█" not in declines["Baidu"]
    mixed = bar_of("--by", "population", "--growth", "--since", "2021", "--year", "2024")
    assert "█" in mixed["Hangzhou"] and "█" not in mixed["Beijing"]
    ranks = bar_of("--by", "nature-index-city-rank")
    assert ranks["Beijing"].count("█") > ranks["Shanghai"].count("█") > 0


def test_a_derivation_that_gives_implausible_values_is_refused(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux11 #20): 'times: 1e-9' made every GDP per person 0 (values
    stored must be plausible, derived ones were not checked): the trend drew an
    axis from ¥-1 to ¥1 and rank tied every hub first."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    per_person = next(i for i in data["indicators"] if i["id"] == "gdp-per-capita")
    per_person["derived"]["times"] = 1e-9
    mine = tmp_path / "zero.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("--no-cache", "--data", str(mine), "data", "validate")
    assert result.exit_code == 3
    assert "derived: it gives beijing 0 for 2021, not a plausible value of GDP per person" in (
        result.stderr
    )
    assert "(1,000 to 10,000,000 yuan)" in result.stderr


def test_a_since_before_a_revision_is_what_the_error_names(run: Run) -> None:
    """Fresh eyes (ux18 #7): 'rank --by gdp --growth --since 2019' said that 2024 is
    the year ranked, a year the reader had not chosen, where the cause was the
    --since they had; with --year 2025 it named the --since. Both name it now."""
    for year, advice in (
        ([], "rank its growth from 2024 to a later year (e.g. '--since 2024 --year 2025')"),
        (["--year", "2025"], "rank its growth --since 2024 or later"),
    ):
        result = run("rank", "--by", "gdp", "--growth", "--since", "2019", *year)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.startswith(
            "techhubs: error: --since 2019 is before 2024, when GDP was revised (see "
            "'techhubs indicators')"
        )
        assert advice in result.stderr
        # and what it advises works
        shown = advice.split("e.g. ")[-1].strip("')") if "e.g." in advice else "--since 2024"
        assert run("rank", "--by", "gdp", "--growth", *shown.split(), *year).exit_code == 0


def test_growth_never_spans_a_revision_of_the_series(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux13 #2): 'rank --by gdp --growth --since 2023' ranked Shanghai
    at +14.2% and Beijing at +13.9% a year, against about 5% in their communiqués:
    the 2023 figures are as first published, and the fifth economic census raised
    them afterwards and is the base of 2024's. GDP (and what is derived from it)
    is comparable only from 2024 on, and no growth spans that year."""
    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):  # worked out, then from the store
        across = run("rank", "--by", "gdp", "--growth", "--since", "2023", env=home)
        assert across.exit_code == 2 and across.stdout == ""
        assert "--since 2023 is before 2024, when GDP was revised" in across.stderr
        # asked for no year, growth is ranked to the first year it can be (ux15 #10:
        # it was an error that said to rank '--year 2025')
        default = run("rank", "--by", "gdp", "--growth", "--json", env=home)
        assert default.exit_code == 0, default.stderr
        assert {(r["year"], r["since"]) for r in default.json()} == {(2025, 2024)}
        at_break = run("rank", "--by", "gdp", "--growth", "--year", "2024", env=home)
        assert at_break.exit_code == 2 and "e.g. '--year 2025'" in at_break.stderr
        rows = run("rank", "--by", "gdp", "--growth", "--year", "2025", "--json", env=home)
        ranked = [r for r in rows.json() if r["rank"] is not None]
        assert len(ranked) >= 7 and all(r["since"] == 2024 for r in ranked)
        assert all(0 < r["value"] < 10 for r in ranked)  # a year's growth, not a revision
        per_person = run("rank", "--by", "gdp-per-capita", "--growth", "--since", "2023", env=home)
        assert per_person.exit_code == 2  # derived from GDP: the same break
    figures = run("compare", "beijing", "shanghai", "--growth", "--json").json()["figures"]
    gdp = next(f for f in figures if f["id"] == "gdp")
    assert gdp["year"] == 2025 and gdp["growth"]["since"] == 2024
    assert all(0 < rate < 10 for rate in gdp["growth"]["rates"].values())
    listed = {i["id"]: i for i in run("indicators", "--json").json()}
    assert {k: i["comparable_from"] for k, i in listed.items() if i["comparable_from"]} == {
        "gdp": 2024,
        "gdp-per-capita": 2024,
        "rd-intensity": 2024,
        # Beijing's and Shanghai's 2019 figures per the pre-census population (ux14 #5)
        "invention-patents-per-10k": 2020,
    }
    [entry] = [i for i in run("city", "sz", "--json").json()["indicators"] if i["id"] == "gdp"]
    assert entry["comparable_from"] == 2024
    # population has no such break: its growth spans any years
    assert run("rank", "--by", "population", "--growth", "--since", "2021").exit_code == 0


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda d: next(i for i in d["indicators"] if i["id"] == "gdp-per-capita").pop(
                "comparable_from"
            ),
            "'gdp', which it is derived from, is comparable only from 2024",
        ),
        (
            lambda d: next(i for i in d["indicators"] if i["id"] == "gdp").update(
                comparable_from=2031
            ),
            "2031 is after the data's as_of year",
        ),
    ],
    ids=["derived without its input's break", "a break after as_of"],
)
def test_a_revision_year_is_checked(run: Run, tmp_path: Path, change: Any, says: str) -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    mine = tmp_path / "revised.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("--no-cache", "--data", str(mine), "data", "validate")
    assert result.exit_code == 3 and says in result.stderr, result.stderr


# -- a revised series is drawn with its break -------------------------------------------------


def _markers(rows: list[str], marker: str) -> list[int]:
    return sorted({i for r in rows for i, ch in enumerate(r) if ch == marker})


def test_trend_breaks_its_line_where_a_series_was_revised(run: Run) -> None:
    """Bug (ux13 #2, left): growth no longer spans GDP's 2023-2024 revision, but the
    chart joined 2023 to 2024 as if the jump were growth, and said nothing of it."""
    data = run("trend", "shanghai", "--by", "gdp", "--json").json()
    assert data["indicator"]["comparable_from"] == 2024
    assert [p["year"] for p in data["series"][0]["points"]] == list(range(2020, 2026))
    out = run("trend", "shanghai", "--by", "gdp").stdout
    note = " ".join(line.strip() for line in out.split("Sources:")[0].splitlines()[-3:])
    assert "The line breaks at 2024" in note and "'techhubs indicators'" in note
    plot = [line[9:] for line in out.splitlines()[1:13]]  # right of the axis
    marks = _markers(plot, "●")[:6]  # 2020 … 2025 (the legend's marker is further right)
    assert len(marks) == 6
    joined = lambda a, b: "".join(r[a + 1 : b] for r in plot).strip()  # noqa: E731
    assert joined(marks[3], marks[4]) == ""  # 2023 and 2024: not joined
    assert all(joined(a, b) for a, b in [(marks[2], marks[3]), (marks[4], marks[5])])


def test_a_trend_on_one_side_of_a_revision_says_nothing_of_it(run: Run) -> None:
    assert "breaks" not in run("trend", "shanghai", "--by", "gdp", "--since", "2024").stdout
    assert "breaks" not in run("trend", "shanghai", "--by", "population").stdout
    data = run("trend", "shanghai", "--by", "population", "--json").json()
    assert data["indicator"]["comparable_from"] is None


def test_a_warm_trend_carries_the_break_as_a_cold_one(run: Run) -> None:
    cold = run("--no-cache", "trend", "shanghai", "beijing", "--json").stdout
    run("trend", "shanghai", "beijing", "--json")  # fills the store
    warm = run("trend", "shanghai", "beijing", "--json").stdout
    assert warm == cold and '"comparable_from": 2024' in warm


def test_the_profile_marks_a_revision_in_its_sparklines(run: Run) -> None:
    out = run("city", "shanghai").stdout
    figures = out.split("Figures over time")[1].split("Sources")[0].splitlines()
    gdp = next(line for line in figures if line.startswith("│ GDP "))
    per_person = next(line for line in figures if line.startswith("│ GDP per person "))
    population = next(line for line in figures if line.startswith("│ Population "))
    # 2020-2023 as first published, the mark, then 2024-2025
    assert re.search(r"[▁▂▃▄▅▆▇█]{4}╎[▁▂▃▄▅▆▇█]{2} 2020–2025", gdp), gdp
    assert re.search(r"[▁▂▃▄▅▆▇█]{3}╎[▁▂▃▄▅▆▇█] 2021–2024", per_person), per_person
    assert "╎" not in population
    note = " ".join(line.strip("│ ") for line in figures)
    assert "╎ a revision:" in note and "'techhubs indicators'" in note
    # too narrow for the sparklines: nor is the note that explains their mark drawn
    narrow = run("city", "shanghai", env={"COLUMNS": "40"}).stdout
    assert "Over the years" not in narrow and "╎" not in narrow


def test_a_ranking_dims_only_its_ranks_and_older_values() -> None:
    """Bug (ux14 #2): each row's Text was made with style 'dim', which every part
    appended to it inherits: in colour, names, bars and ranked values were all dim,
    and a ranked value looked like a hub's older one."""
    from rich.console import Console

    from techhubs.output.tables import rank_chart

    def row(rank: int | None, name: str, value: float | None) -> dict[str, object]:
        older = {"value": 1.0, "year": 2020, "source": "s"}
        return {
            "rank": rank, "id": name.lower(), "name": name, "name_zh": "", "indicator": "x",
            "value": value, "year": 2024, "source": "s", "period_end": None,
                "currency": None, "in_yuan": None, "exchange_rate": None,
            "since": None, "older": None if value is not None else older, "newer": None,
        }  # fmt: skip

    console = Console(width=80, force_terminal=True, color_system="standard", record=True)
    console.print(rank_chart([row(1, "Alpha", 5.0), row(None, "Beta", None)], "T", "count"))
    spans = [(seg.text, seg.style) for seg in console._record_buffer if seg.text.strip()]
    dim = {text.strip() for text, style in spans if style is not None and style.dim}
    assert "Alpha" not in dim and "5" not in dim and "1" in dim
    assert any("2020" in text for text in dim)  # Beta's older value, with its year


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--by", "gdp", "--growth", "--since", "2023"],
        ["rank", "--by", "gdp", "--growth", "--year", "2024"],
        ["rank", "--by", "gdp", "--growth", "--since", "2021", "--year", "2025"],
        ["rank", "--by", "invention-patents-per-10k", "--growth", "--since", "2019"],
    ],
)
def test_the_advice_at_a_revision_can_be_followed(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    """Bug (ux14 #3): '--since 2023' was told to rank '--since 2024 or later', which
    then failed as '--since must be before the year ranked (2024)'. Whatever the
    message advises now runs, worked out and from the store."""
    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):
        refused = run(*args, env=home)
        assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
        advice = re.search(r"e\.g\. '([^']+)'|(--since \d+) or later", refused.stderr)
        assert advice is not None, refused.stderr
        asked = args[: args.index("--since")] if "--since" in args else args
        if advice.group(1):
            follow = [*asked, *advice.group(1).split()]
        else:
            follow = [*args[: args.index("--since")], *advice.group(2).split()]
            follow += args[args.index("--since") + 2 :]
        followed = run(*follow, "--json", env=home)
        assert followed.exit_code == 0, (follow, followed.stderr)
        assert any(r["rank"] is not None for r in followed.json())


def test_growth_since_the_latest_year_says_there_is_none_later(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux17 #12): '--growth --since 2025' said '--since must be before the
    year ranked (2024)', a year never asked for (the default, before --since). It
    says 2025 is GDP's latest year, and the --since it advises runs, worked out and
    from the store. Asked for --year 2024, the year ranked is still the one named."""
    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):
        refused = run("rank", "--by", "gdp", "--growth", "--since", "2025", env=home)
        assert refused.exit_code == 2
        assert refused.stderr == (
            "techhubs: error: 2025 is the latest year of GDP; there is no later year "
            "to grow to (try --since 2024)\n"
        )
        followed = run("rank", "--by", "gdp", "--growth", "--since", "2024", "--json", env=home)
        assert followed.exit_code == 0 and followed.json()[0]["since"] == 2024
    asked = run("rank", "--by", "gdp", "--growth", "--since", "2025", "--year", "2024")
    assert "--since must be before the year ranked (2024)" in asked.stderr


def test_a_revision_with_nothing_after_it_says_there_is_no_growth_yet(run: Run) -> None:
    """ux14 #3: GDP per person has no value after 2024; it was told to rank 'a later year'."""
    result = run("rank", "--by", "gdp-per-capita", "--growth")
    assert result.exit_code == 2
    assert "no value is later than 2024: there is no growth of it to rank yet" in result.stderr
    described = {i["id"]: i["description"] for i in run("indicators", "--json").json()}
    for broken in ("gdp-per-capita", "rd-intensity", "invention-patents-per-10k"):
        assert "no growth is worked out across" in described[broken]


def test_a_figure_is_rounded_as_it_is_written(run: Run) -> None:
    """ux14 #5: Beijing's 136.95 high-value patents per 10,000 people showed as
    136.9 everywhere: formatting rounded the binary double, 136.9499…, down."""
    from techhubs.output.tables import human_number

    assert human_number(136.95, "per-10k") == "137.0"
    assert human_number(136.94, "per-10k") == "136.9"
    assert human_number(6.675, "percent") == "6.68%"
    assert human_number(-0.05, "per-10k") == "-0.1"
    assert human_number(1234.25, "per-10k") == "1,234.3"
    # and a scaled amount (round 14): 11,965,000 persons, ¥133,125,000,000
    assert human_number(11_965_000, "persons") == "11.97 million"
    assert human_number(133_125_000_000, "yuan") == "¥133.13 billion"
    shown = run("rank", "--by", "high-value-patents-per-10k", "--year", "2023").stdout
    assert "137.0 (2023)" in shown and "136.9" not in shown


def test_wording_says_what_it_means(run: Run) -> None:
    """Fresh eyes (ux15 #15): a ranking's title said its unit twice ('… per 10,000
    people (per 10,000 residents)'), a one-hub trend spoke of 'these hubs', and
    'fields' said the error record is 'printed by error', a command there is not."""
    title = run("rank", "--by", "invention-patents-per-10k").stdout.splitlines()[0]
    assert title.startswith("Cities by invention patents per 10,000 people, ")
    assert run("rank", "--by", "gdp").stdout.startswith("Cities by GDP (yuan), ")
    assert "No values for this hub." in run("trend", "beijing", "--since", "2030").stdout
    assert "No values for these hubs." in run("trend", "bj", "sh", "--since", "2030").stdout
    fields = run("fields").stdout
    assert "printed on stderr by any command that fails" in " ".join(fields.split())


def test_a_growth_rate_says_the_years_it_spans(run: Run) -> None:
    """Fresh eyes (ux15 #9): 'rank --by population --growth --since 2021' wrote
    Hangzhou's 1.29% a year as '1.29% (2023)', which reads as the 2023 value."""
    out = run("rank", "--by", "population", "--growth", "--since", "2021").stdout
    hangzhou = next(line for line in out.splitlines() if "Hangzhou" in line)
    assert hangzhou.endswith("% (2021–23)")
    narrow = run("rank", "--by", "gdp", "--growth", env={"COLUMNS": "40"}).stdout
    assert "’24–25" in narrow


def test_a_default_growth_year_is_one_someone_can_be_ranked_in(run: Run) -> None:
    """Review (round15 #6, #7): with no --year, 'rank --by rd-expense --growth' picked
    2025, where no company has both ends, and drew 52 dashes; a narrow growth
    ranking explained M/B/T and ’24, which its rows ('’24–25') never use."""
    result = run("rank", "--by", "rd-expense", "--growth")
    assert result.exit_code == 2 and result.stdout == ""
    narrow = run("rank", "--by", "gdp", "--growth", env={"COLUMNS": "40"}).stdout
    assert "’24–25" in narrow and "M million" not in narrow


def test_indicators_say_how_many_of_how_many_have_each(run: Run) -> None:
    """Fresh eyes (ux15 #15): 'Has it: 12' (and 'Has it: 28' for revenue, meaning
    companies) needed a footnote to read. Each count now says of how many: 12/12
    hubs, 28/52 cos.; the JSON's coverage says it too ('of')."""
    rows = {r["id"]: r for r in run("indicators", "--json").json()}
    cities, companies = len(run("cities", "--json").json()), len(run("companies", "--json").json())
    assert rows["population"]["coverage"]["of"] == cities
    assert rows["revenue"]["coverage"]["of"] == companies
    revenue = rows["revenue"]["coverage"]["cities"]
    table = run("indicators", env={"COLUMNS": "100"}).stdout
    lines = table.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  Revenue "))
    assert f" {revenue}/{companies} " in lines[at] and " cos. " in lines[at + 1]
    at = next(i for i, line in enumerate(lines) if line.startswith("  Population "))
    assert f" {cities}/{cities} " in lines[at] and " hubs " in lines[at + 1]


def test_growth_of_a_city_s_money_is_said_to_be_nominal(run: Run) -> None:
    """Fresh eyes (ux16 #5): Shenzhen's GDP grew '5.24%' in rank and compare, beside a
    note quoting its bureau's 5.5%: the first is at current prices, the second at
    constant ones, and nothing said which is which."""
    wide = {"COLUMNS": "100"}
    ranked = run("rank", "--by", "gdp", "--growth", env=wide).stdout
    assert ranked.startswith("Cities by nominal growth of GDP, 2024–2025 (a year)")
    row = next(r for r in run("rank", "--by", "gdp", "--growth", "--json").json())
    assert row["source"].endswith(", nominal (at current prices)")
    compared = " ".join(run("compare", "shenzhen", "beijing", "--growth", env=wide).stdout.split())
    assert (
        "Growth of GDP is nominal, at current prices; the growth the statistics bureaus "
        "publish is real, at constant prices."
    ) in compared
    # people are counted, not priced; a company's revenue grows as it reports it
    assert "nominal" not in run("rank", "--by", "population", "--growth", env=wide).stdout
    assert "nominal" not in run("rank", "--by", "revenue", "--growth", env=wide).stdout


@pytest.mark.parametrize("cache", [(), ("--no-cache",)])
def test_a_default_growth_ranking_spans_years_hubs_have(run: Run, cache: tuple[str, ...]) -> None:
    """Fresh eyes (ux16 #2): 'rank --by rd-intensity --growth' ranked 2017-2021 (five
    years before the widest year, 2017 being Wuhan's lone value): twelve dashes,
    exit 0; population ranked 2 hubs over 2020-2023. With no --since, a growth
    ranking spans the years the most hubs have both ends of."""

    def ranked(*args: str) -> list[dict[str, Any]]:
        rows = run(*cache, "rank", "--growth", "--json", *args).json()
        return [r for r in rows if r["rank"] is not None]

    population = ranked("--by", "population")
    assert {(r["since"], r["year"]) for r in population} == {(2022, 2023)}
    assert len(population) == 8
    # no other span to 2023 ranks more hubs
    series = {
        r["id"]: {p["year"] for p in r["series"]}
        for r in (
            next(
                i for i in run("city", c, "--json").json()["indicators"] if i["id"] == "population"
            )
            | {"id": c}
            for c in [x["id"] for x in run("cities", "--json").json()]
        )
    }
    widest = max(sum(1 for ys in series.values() if {s, 2023} <= ys) for s in range(2015, 2023))
    assert widest == 8
    assert ranked("--by", "rd-intensity"), "a default growth ranking with nothing ranked"
    # the latest growth still wins where hubs have it (GDP: 2024-2025, after its revision)
    assert {(r["since"], r["year"]) for r in ranked("--by", "gdp")} == {(2024, 2025)}
    # a --year asked for is kept; its span is the widest to it
    assert {r["year"] for r in ranked("--by", "population", "--year", "2024")} == {2024}


@pytest.mark.parametrize("cache", [(), ("--no-cache",)])
def test_rank_says_when_limit_cuts_through_a_tie(run: Run, cache: tuple[str, ...]) -> None:
    """Fresh eyes (ux16 #11): 'rank --by wipo-cluster-rank --limit 1' showed Guangzhou
    alone, though Shenzhen shares its rank; 'similar' already said so of its ties."""
    wide = {"COLUMNS": "100"}

    def chart(*args: str) -> str:
        return run(*cache, "rank", *args, env=wide).stdout

    assert "1 of 12 hubs. Not shown: Shenzhen, tied with one shown; --limit 2 shows it." in (
        chart("--by", "wipo-cluster-rank", "--limit", "1")
    )
    assert "Not shown" not in chart("--by", "gdp", "--limit", "3")
    assert "Not shown" not in chart("--by", "wipo-cluster-rank", "--limit", "1", "--sort", "name")
    rows = run(*cache, "rank", "--by", "wipo-cluster-rank", "--limit", "1", "--json").json()
    assert [(r["id"], r["rank"]) for r in rows] == [("guangzhou", 1)]


def test_a_profile_says_a_rank_s_sparkline_is_turned_over(run: Run) -> None:
    """Fresh eyes (ux16 #10): Hefei's WIPO rank (#40, #36, #39) drew '▁█▃' beside
    '#39': a taller bar is a better rank, which trend says ('rank: up is better')
    and the profile did not."""
    profile = " ".join(run("city", "hefei", env={"COLUMNS": "100"}).stdout.split())
    assert "▁█▃ 2023–2025" in profile
    assert "A rank's line is turned over: up is better (#1 is first)." in profile
    company = " ".join(run("company", "alibaba", env={"COLUMNS": "100"}).stdout.split())
    assert "turned over" not in company


def test_a_chart_s_sources_say_whose_values_of_which_years_they_back(run: Run) -> None:
    """Fresh eyes (ux16 #3): rank and trend listed their sources bare, so a reader
    had to guess which one backed 'Shenzhen 6.46% (2023)'; a profile labels its
    own ('Population 2024: …'). Each bullet now says whose values, of which years."""
    wide = {"COLUMNS": "200"}
    ranked = run("rank", "--by", "rd-intensity", env=wide).stdout
    assert "• Shenzhen 2023: Guangdong Provincial Statistics Bureau" in ranked
    assert "• Wuhan 2017: Wuhan Municipal Science and Technology Bureau" in ranked
    shared = run("rank", "--by", "wipo-cluster-rank", "--year", "2023", env=wide).stdout
    assert "• Guangzhou 2023, Shenzhen 2023, Beijing 2023 and 8 more: WIPO" in shared
    chart = run("trend", "alibaba", "jd", "--by", "revenue", env=wide).stdout
    assert "• JD.com 2025: JD.com, Inc., Form 20-F for FY2025" in chart
    assert "• Alibaba Group FY to Mar 2026: Alibaba Group Holding Ltd, Form 20-F" in chart


def test_a_ranking_cites_what_a_derived_value_or_a_growth_is_worked_out_from(run: Run) -> None:
    """Fresh eyes (ux17 #4): 'rank --by gdp-per-capita' cited 'Chengdu 2023: derived:
    GDP ÷ Population, both for 2023', and 'rank --growth' only 'derived: compound
    annual growth of GDP, 2024–2025': no value either is worked out from, nor its
    source, was there to check them by. Now each is cited: a derived value's inputs
    of its year, labelled so, and a growth's two ends, with whose and which year."""
    cities = {c["id"]: c for c in run("cities", "--json").json()}

    def bullets(*args: str) -> list[str]:
        out = run("rank", *args, env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
        return [" ".join(b.split()) for b in out.split("\nSources:\n")[1].split("• ")[1:]]

    said = bullets("--by", "gdp-per-capita")
    for row in run("rank", "--by", "gdp-per-capita", "--json").json():
        shown = row if row["value"] is not None else row["older"] or row["newer"]
        if shown is None:
            continue  # nothing shown: nothing to cite
        year, whose = shown["year"], re.escape(row["name"])
        for figure in ("GDP", "Population"):
            source = _series(cities[row["id"]], figure.lower())[year]["source"]
            label = rf"\b{figure}\b[^:;]* {whose} {year}\b[^:;]* \(input of GDP per person\)"
            assert any(b.endswith(f": {source}") and re.search(label, b) for b in said), row["id"]

    said = bullets("--by", "gdp", "--growth")
    for row in run("rank", "--by", "gdp", "--growth", "--json").json():
        if row["value"] is None:
            continue
        for year in (row["since"], row["year"]):
            source = _series(cities[row["id"]], "gdp")[year]["source"]
            bullet = next(b for b in said if b.endswith(f": {source}"))
            assert f"{row['name']} {year}" in bullet, (row["id"], year)


def test_a_growths_ends_are_named_apart_from_the_growth(run: Run) -> None:
    """Review (round19 L5): 'rank --by gdp --growth' listed 'Chengdu 2025: derived:
    compound annual growth…' and 'Chengdu 2025: Chengdu Municipal Bureau…', one label
    for two things; an end is named by its figure ('GDP, Chengdu 2025')."""
    out = " ".join(run("rank", "--by", "gdp", "--growth", "--limit", "1").stdout.split())
    bullets = [b.strip() for b in out.split("Sources:", 1)[1].split("•") if b.strip()]
    growth = [b for b in bullets if "derived: compound annual growth" in b]
    ends = [b for b in bullets if b.startswith("GDP, ")]
    assert len(growth) == 1 and not growth[0].startswith("GDP")
    assert len(ends) == 2 and all("derived" not in b.split(":", 1)[1] for b in ends), bullets
