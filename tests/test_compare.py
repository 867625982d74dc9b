"""Issue 11: compare cities, companies or focus areas; the kind inferred from the names."""

from __future__ import annotations

import csv
import io
import re

import pytest

from conftest import Run


@pytest.mark.parametrize(
    ("names", "kind", "ids"),
    [
        (["huawei", "tencent"], "company", ["huawei", "tencent"]),
        (["大疆", "小米"], "company", ["dji", "xiaomi"]),
        (["ai", "semiconductors"], "area", ["artificial-intelligence", "semiconductors"]),
        (["beijing", "hangzhou"], "city", ["beijing", "hangzhou"]),
    ],
)
def test_compare_infers_the_kind(run: Run, names: list[str], kind: str, ids: list[str]) -> None:
    data = run("compare", *names, "--json").json()
    assert data["kind"] == kind
    assert [i["id"] for i in data["items"]] == ids
    shown = run("compare", *names, "--json", "--fields", "items").json()["items"]
    single = {"company": "company", "area": "area", "city": "city"}[kind]
    assert shown == [run(single, i, "--json").json() for i in ids]  # the same objects
    for fmt in ("table", "csv", "markdown", "yaml"):
        assert run("compare", *names, "-o", fmt).exit_code == 0, fmt


def test_compare_shared_and_unique_for_companies(run: Run) -> None:
    data = run("compare", "huawei", "tencent", "--json").json()
    huawei, tencent = data["items"]
    shared = {r["id"] for r in data["shared"]["cities"]}
    assert shared == {c["id"] for c in huawei["cities"]} & {c["id"] for c in tencent["cities"]}
    only = {r["id"] for r in data["unique"]["huawei"]["focus_areas"]}
    assert only == {a["id"] for a in huawei["focus_areas"]} - {
        a["id"] for a in tencent["focus_areas"]
    }


def test_compare_keeps_the_city_keys(run: Run) -> None:
    data = run("compare", "beijing", "hangzhou", "--json").json()
    assert data["cities"] == data["items"] and "figures" in data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["huawei", "beijing"], "'huawei' is a company and 'beijing' is a city"),
        (["huawei", "ai", "beijing"], "compare one kind at a time"),
        (["huawei", "tencent", "--kind", "city"], "no city called 'huawei'"),
    ],
)
def test_compare_a_mix_of_kinds_is_refused(run: Run, args: list[str], message: str) -> None:
    result = run("compare", *args)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    if "city called" not in message:
        assert result.exit_code == 2 and "--kind city|company|area" in result.stderr


def test_compare_kind_forces_the_kind(run: Run) -> None:
    data = run("compare", "semiconductors", "ai", "--kind", "area", "--json").json()
    assert data["kind"] == "area"


def test_a_city_comparison_gives_scripts_its_figures_as_a_part(run: Run) -> None:
    """'compare -o csv' had no part for the figures side by side, the heart of a
    city comparison: a script reached them only through JSON."""
    figures = run("compare", "beijing", "hangzhou", "--json").json()["figures"]
    out = run("compare", "beijing", "hangzhou", "-o", "csv", "--part", "figures").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [f["id"] for f in figures]
    for row, figure in zip(rows, figures, strict=True):
        assert row["year"] == str(figure["year"])
        assert row["best"] == "; ".join(figure["best"])
        for city in ("beijing", "hangzhou"):
            assert row[f"values.{city}.value"] == str(figure["values"][city]["value"])
            assert row[f"values.{city}.source"] == figure["values"][city]["source"]
    parts = run("compare", "beijing", "hangzhou", "-o", "markdown").stdout
    assert [line for line in parts.splitlines() if line.startswith("## ")] == [
        "## cities",
        "## figures",
        "## shared and unique",
    ]
    # focus areas have no figures side by side: the part is not there to name
    result = run(
        "compare", "semiconductors", "ai", "--kind", "area", "-o", "csv", "--part", "figures"
    )
    assert result.exit_code == 2
    assert "Choose from: focus-areas, shared-and-unique" in result.stderr


def test_an_empty_figures_part_has_the_columns_a_full_one_has(run: Run) -> None:
    """Left from ux12: 'compare lenovo alibaba -o csv --part figures' (no figure
    row: their revenues are in two currencies) wrote a header without the
    values.<id>.* and growth.rates.<id> columns a part with rows has, so a script
    reading by column name found none of them on the day there was no row."""
    full = run("compare", "beijing", "shanghai", "-o", "csv", "--part", "figures").stdout
    header = full.splitlines()[0].split(",")
    assert "values.shanghai.source" in header and "growth.rates.beijing" in header
    empty = run("compare", "lenovo", "alibaba", "-o", "csv", "--part", "figures").stdout
    assert empty.splitlines() == [
        ",".join(header).replace("beijing", "lenovo").replace("shanghai", "alibaba")
    ]
    cut = run(
        "compare", "lenovo", "alibaba", "-o", "csv", "--part", "figures",
        "--fields", "id,values",
    ).stdout  # fmt: skip
    assert cut == (
        "id,values.lenovo.value,values.lenovo.year,values.lenovo.source,values.lenovo.url,"
        "values.lenovo.note,values.lenovo.period_end,values.alibaba.value,values.alibaba.year,"
        "values.alibaba.source,values.alibaba.url,values.alibaba.note,values.alibaba.period_end\n"
    )


def test_a_figures_part_has_every_compared_ids_columns_whatever_its_values(run: Run) -> None:
    """Fresh eyes (ux13 #3): 'compare huawei tencent -o csv --part figures' (every
    row's growth null) had no growth.rates.<id> columns, which an empty part and a
    part with a growth have, and '--fields growth.rates.huawei' was refused."""
    out = run("compare", "huawei", "tencent", "-o", "csv", "--part", "figures").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(not r["growth.since"] for r in rows)  # no growth in any row
    header = out.splitlines()[0].split(",")
    assert header[-2:] == ["growth.rates.huawei", "growth.rates.tencent"]
    cut = run(
        "compare", "huawei", "tencent", "-o", "csv", "--part", "figures",
        "--fields", "id,growth.rates.huawei",
    )  # fmt: skip
    assert cut.exit_code == 0 and cut.stdout.splitlines()[0] == "id,growth.rates.huawei"
    markdown = run("compare", "huawei", "tencent", "-o", "markdown", "--part", "figures")
    assert "| growth.rates.huawei | growth.rates.tencent |" in markdown.stdout


def test_growth_of_what_has_no_figures_is_refused(run: Run) -> None:
    """Fresh eyes: 'compare ai ev --growth' exited 0 and said nothing of an option
    that does nothing for focus areas (companies have figures side by side now)."""
    result = run("compare", "ai", "ev", "--growth")
    assert result.exit_code == 2 and result.stdout == ""
    assert "focus areas have none" in result.stderr
    assert run("compare", "sz", "sh", "--growth").exit_code == 0
    assert run("compare", "huawei", "tencent", "--growth").exit_code == 0


def test_companies_side_by_side_have_their_figures_in_one_currency(run: Run) -> None:
    """Fresh eyes (ux11 #15): 'compare huawei tencent' showed neither revenue nor
    R&D, though both have 2024 values; docs/architecture.md said compare follows
    every indicator. A row's values are of one year and in one currency: Lenovo's
    US dollars are never set beside Tencent's yuan."""
    data = run("compare", "huawei", "tencent", "--json").json()
    revenue = next(f for f in data["figures"] if f["id"] == "revenue")
    assert revenue["year"] == 2024 and revenue["currency"] is None
    assert revenue["best"] == ["huawei"]
    assert revenue["values"]["tencent"]["value"] == 660257000000
    table = run("compare", "huawei", "tencent").stdout
    assert "Revenue 2024" in table and "¥862.10 billion ▲" in table
    mixed = run("compare", "lenovo", "tencent", "--json").json()
    assert all(f["id"] != "revenue" for f in mixed["figures"])
    assert "Revenue 20" not in run("compare", "lenovo", "tencent").stdout  # no row
    rows = list(
        csv.DictReader(
            io.StringIO(
                run("compare", "huawei", "tencent", "-o", "csv", "--part", "figures").stdout
            )
        )
    )
    assert [r["id"] for r in rows] == [f["id"] for f in data["figures"]]


def test_a_comparison_says_which_figures_it_leaves_out_and_why(run: Run) -> None:
    """Fresh eyes (ux12 #5): 'compare lenovo alibaba' showed no figure row, and no
    word of why, though both have a 2025 revenue (Lenovo's in US dollars): the
    caption that explains it was printed only beside a figure row."""
    wide = {"COLUMNS": "200", "NO_COLOR": "1"}  # the caption wraps at the table's width
    table = " ".join(run("compare", "lenovo", "alibaba", env=wide).stdout.split())
    assert "Revenue 20" not in table
    assert "▲" not in table  # round 13: no row, so no word of rows or of the best
    assert (
        "No figure is compared: a row needs a year all these companies have, in one currency. "
        "Left out: Revenue (Lenovo Group in US$, Alibaba Group in ¥); R&D expense (Alibaba "
        "Group has none)."
    ) in table
    years = " ".join(run("compare", "tencent", "alibaba", env=wide).stdout.split())
    assert "Revenue (no year all have)" in years
    shown = " ".join(run("compare", "huawei", "tencent", env=wide).stdout.split())  # rows
    assert "Revenue 2024" in shown and "is left out." in shown


def test_fields_of_a_comparison_as_docs_json_says(run: Run) -> None:
    """docs/json.md: a comparison is one record to --fields in JSON (its parts,
    dotted inside them); a table picks the columns of each of its tables."""
    parts = run("compare", "sz", "sh", "--json", "--fields", "items,figures").json()
    assert list(parts) == ["items", "figures"] and len(parts["items"]) == 2
    names = run("compare", "sz", "sh", "--json", "--fields", "items.name").json()
    assert names == {"items": [{"name": "Shenzhen"}, {"name": "Shanghai"}]}
    table = run("compare", "sz", "sh", "--fields", "name,population")
    assert table.exit_code == 0 and "Shenzhen" in table.stdout


def test_compare_says_why_a_row_has_no_growth(run: Run) -> None:
    """Bug (ux14 #1): since growth stopped spanning GDP's 2023-2024 revision,
    'compare chengdu wuhan --growth' (compare's help example) dropped GDP's growth
    line without a word, as a row with one shared year does; the caption now says
    which rows have none, and why."""
    out = " ".join(run("compare", "chengdu", "wuhan", "--growth").stdout.split())
    assert "No growth for GDP: the figures before 2024 are not comparable with later ones" in out
    assert ": one shared year." in out
    data = run("compare", "chengdu", "wuhan", "--growth", "--json").json()
    gdp = next(f for f in data["figures"] if f["id"] == "gdp")
    assert gdp["year"] == 2024 and gdp["growth"] is None
    # without --growth, nothing is said of growth
    assert "No growth" not in run("compare", "chengdu", "wuhan").stdout
    # the help's example shows GDP's growth
    assert "techhubs compare shenzhen beijing --growth" in run("compare", "--help").stdout
    shown = run("compare", "shenzhen", "beijing", "--growth").stdout
    gdp_row = shown.split("GDP 2025")[1].splitlines()[1]
    assert "a year since 2024" in gdp_row and "%" in gdp_row


def test_compare_growth_names_the_rank_rows_it_does_not_grow(run: Run) -> None:
    """Fresh eyes (ux16 #13): 'compare shenzhen beijing --growth' named the rows with
    no growth and why, but left out WIPO's and Nature Index's ranks, which share
    2023-2025 yet are never grown (as 'rank --growth' says of a rank)."""
    out = " ".join(
        run("compare", "shenzhen", "beijing", "--growth", env={"COLUMNS": "100"}).stdout.split()
    )
    assert (
        "No growth for WIPO cluster rank, Nature Index science city rank: a place in a "
        "ranking is not grown."
    ) in out


@pytest.mark.parametrize("names", [["shenzhen", "beijing", "--growth"], ["huawei", "tencent"]])
def test_compare_says_whose_value_of_which_year_each_source_backs(
    run: Run, names: list[str]
) -> None:
    """Fresh eyes (ux16 #3): compare printed figures with years and no source at
    all, though its years are often not the profile's latest. Each value shown
    (and, with --growth, each value a growth is worked out from) now has its
    source in a bullet that names the row, whose value and which year."""
    data = run("compare", *names, "--json").json()
    out = run("compare", *names, env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    bullets = [" ".join(b.split()) for b in out.split("\nSources:\n")[1].split("• ")[1:]]
    shown = []
    for row in data["figures"]:
        for item in data["items"]:
            value = row["values"][item["id"]]
            shown.append((row["name"], item["name"], value["year"], value["source"]))
            if row["growth"] is not None and "--growth" in names:
                line = next(i for i in item["indicators"] if i["id"] == row["id"])
                since = next(p for p in line["series"] if p["year"] == row["growth"]["since"])
                shown.append((row["name"], item["name"], since["year"], since["source"]))
    years = {year for _, _, year, _ in shown}
    assert len(years) > (2 if "--growth" in names else 0)  # Shenzhen's population of 2021
    for what, who, year, source in shown:
        assert any(
            b.endswith(f": {source}") and what in b and f"{who} {year}" in b for b in bullets
        ), (what, who, year)
    # one bullet a source: values that share one share a bullet
    assert len(bullets) == len({source for *_, source in shown}) < len(shown)


def test_compare_cites_the_inputs_of_a_derived_value(run: Run) -> None:
    """Fresh eyes (ux17 #4): six hubs compared GDP per person of 2023 beside GDP of
    2024, and its sources said only 'derived: GDP ÷ Population, both for 2023': no
    2023 GDP, nor its source, was anywhere to check ¥194,526 by. Each input of the
    year, and its source, is now cited as an input (once, where a row shows it)."""
    hubs = ["shenzhen", "shanghai", "beijing", "guangzhou", "hangzhou", "chengdu"]
    data = run("compare", *hubs, "--json").json()
    out = run("compare", *hubs, env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    bullets = [" ".join(b.split()) for b in out.split("\nSources:\n")[1].split("• ")[1:]]
    rows = {r["id"]: r for r in data["figures"]}
    year = rows["gdp-per-capita"]["year"]
    assert rows["gdp"]["year"] != year  # the GDP it is worked out from is in no row
    for item in data["items"]:
        assert rows["gdp-per-capita"]["values"][item["id"]]["source"].startswith("derived:")
        gdp = next(i for i in item["indicators"] if i["id"] == "gdp")["series"]
        source = next(p["source"] for p in gdp if p["year"] == year)
        assert any(
            b.endswith(f": {source}")
            and f"GDP, {item['name']} {year} (input of GDP per person)" in b
            for b in bullets
        ), item["id"]
    # the population of that year is a row already: its bullet is not repeated
    assert not any(re.search(r"Population,[^;:]* \(input of", b) for b in bullets)
