"""Issue 13: a filtered list says its filter in the title, and the field filtered on
is shown whole, next to the name, at every width.

On the old code ``cities --focus ai`` at 80 columns was titled "China's technology
hubs" and cut the focus-area column to ``E-commerce, Digit…``.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from conftest import Run


@pytest.mark.parametrize("width", ["40", "60", "80", "100", "200"])
def test_cities_filtered_by_area_show_the_area_whole(run: Run, width: str) -> None:
    result = run("cities", "--focus", "ai", env={"COLUMNS": width})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Hubs that lead in Artificial")
    assert all(len(line) <= int(width) for line in lines)
    assert "…" not in result.stdout
    ids = [c["id"] for c in run("cities", "--focus", "ai", "--json").json()]
    names = {c["id"]: c["name"] for c in run("cities", "--json").json()}
    body = "\n".join(lines)
    for city_id in ids:
        assert names[city_id] in body
    # the area asked about is whole, on one line, in every hub's row
    assert body.count("Artificial intelligence") >= len(ids)


def test_the_filtered_column_comes_next_to_the_name(run: Run) -> None:
    header = next(
        line
        for line in run("cities", "--focus", "ev", env={"COLUMNS": "100"}).stdout.splitlines()
        if line.lstrip().startswith("City")
    )
    assert header.split()[:3] == ["City", "Leads", "in"]


def test_cities_unfiltered_keep_their_title_and_columns(run: Run) -> None:
    out = run("cities", env={"COLUMNS": "100"}).stdout.splitlines()
    assert out[0] == "China's technology hubs"
    header = next(line for line in out if line.lstrip().startswith("City"))
    assert header.split()[:2] == ["City", "Status"]


def test_status_filter_is_in_the_title(run: Run) -> None:
    out = run("cities", "--status", "emerging", "--focus", "semiconductors").stdout
    assert out.splitlines()[0] == "Emerging hubs that lead in Semiconductors"
    assert run("cities", "--status", "emerging").stdout.splitlines()[0] == "Emerging hubs"


def test_companies_filtered_by_area_list_that_area_first(run: Run) -> None:
    result = run("companies", "--focus", "hardware", env={"COLUMNS": "200"})
    assert result.stdout.splitlines()[0] == "Companies · Hardware"
    data = run("companies", "--focus", "hardware", "--json").json()
    rows = [line for line in result.stdout.splitlines() if "Hardware" in line][1:]
    assert len(rows) == len(data)
    for row, company in zip(rows, data, strict=True):
        assert company["name"] in row
        # the focus-area cell comes next to the name and begins with the area asked about
        cells = re.split(r"\s{2,}", row.strip())
        assert cells[1].startswith("Hardware"), cells


@pytest.mark.parametrize("cached", [True, False])
def test_cities_sorted_by_a_figure_show_it(run: Run, cached: bool) -> None:
    """Fresh eyes: 'cities --sort rd-intensity' ordered the hubs by a figure the
    table did not show, so the order looked random (companies showed theirs)."""
    extra = [] if cached else ["--no-cache"]
    lines = run("cities", "--sort", "rd-intensity", *extra).stdout.splitlines()
    assert lines[2].split()[:3] == ["City", "R&D", "intensity"]
    data = run("cities", "--sort", "rd-intensity", "--json").json()
    first = next(i for i in data[0]["indicators"] if i["id"] == "rd-intensity")["latest"]
    assert f"{first['value']:.2f}% ’{first['year'] % 100}" in lines[4]
    assert "R&D" not in run("cities", "--sort", "gdp", *extra).stdout.splitlines()[2]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["companies", "--city="], "--city"),
        (["companies", "--city", "sz", "--city", " "], "--city"),
        (["companies", "--focus", ","], "--focus"),
        (["cities", "--focus="], "--focus"),
        (["cities", "--status="], "--status"),
        (["search", "silicon", "--kind="], "--kind"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else a,
)
def test_a_filter_given_no_name_is_refused(run: Run, args: list[str], option: str) -> None:
    """'techhubs companies --city "$CITY" --json' with CITY empty listed every
    company, exit 0: a script got the whole list as the companies of its city.
    A filter given no name is a usage error, as 'city ""' is."""
    for extra in ([], ["--json"]):
        result = run(*args, *extra)
        assert result.exit_code == 2 and result.stdout == ""
        assert f"{option} was given no name" in result.stderr
    assert run("companies", "--city", "sz,", "--json").exit_code == 0  # a stray comma is fine


def test_a_list_sorted_by_a_figure_of_different_years_says_so(run: Run) -> None:
    """Fresh eyes (ux16 #4): 'cities --sort gdp' put Xi'an (2025) above Hefei (2024),
    where 'rank --by gdp' ranks 2024 and puts Hefei first; nothing said the sorted
    values were of different years."""
    wide = {"COLUMNS": "200"}
    cities = run("cities", "--sort", "gdp", env=wide).stdout
    assert (
        "Sorted by each one's latest value, of 2024 and 2025: techhubs rank --by gdp ranks "
        "one year."
    ) in cities
    companies = " ".join(run("companies", "--sort", "revenue", env=wide).stdout.split())
    assert "Sorted by each one's latest value, of 2024, 2025 and 2026: techhubs rank --by " in (
        companies
    )
    # sorted by no figure, or by one of a single year: nothing to say
    assert "Sorted by" not in run("cities", "--sort", "name", env=wide).stdout
    assert "Sorted by" not in run("cities", "--sort", "gdp", "--limit", "2", env=wide).stdout


def _latest(record: dict[str, Any], figure: str) -> Any:
    return next(i for i in record["indicators"] if i["id"] == figure)["latest"]


@pytest.mark.parametrize("cached", [True, False])
@pytest.mark.parametrize(("kind", "figure"), [("cities", "rd-intensity"), ("companies", "revenue")])
def test_a_list_sorted_by_a_figure_carries_it_in_csv(
    run: Run, cached: bool, kind: str, figure: str
) -> None:
    """Fresh eyes (ux17 #1): 'companies --sort revenue -o csv' wrote the rows in
    revenue order and no revenue in any column, and '--fields name,revenue' had
    nothing to pick: a spreadsheet got an order nothing in it explained."""
    extra = [] if cached else ["--no-cache"]
    data = run(kind, "--sort", figure, "--json", *extra).json()
    rows = list(
        csv.DictReader(io.StringIO(run(kind, "--sort", figure, "-o", "csv", *extra).stdout))
    )
    assert [r["id"] for r in rows] == [d["id"] for d in data]
    header = list(rows[0])
    # the record's own columns first, unchanged, then the figure's
    plain = run(kind, "--sort", "name", "-o", "csv", *extra).stdout.splitlines()[0].split(",")
    assert header[: len(plain)] == plain
    assert header[len(plain) :] == [
        "sorted_by." + c
        for c in [
            "indicator",
            "unit",
            "currency",
            "value",
            "year",
            "source",
            "url",
            "note",
            "period_end",
        ]
    ]
    for row, record in zip(rows, data, strict=True):
        latest = _latest(record, figure)
        assert row["sorted_by.indicator"] == figure
        if latest is None:
            assert row["sorted_by.value"] == row["sorted_by.year"] == ""
        else:
            assert float(row["sorted_by.value"]) == latest["value"]
            assert int(row["sorted_by.year"]) == latest["year"]
            assert row["sorted_by.source"] == latest["source"]
    # the values are in the order the list is sorted by (those held first)
    values = [float(r["sorted_by.value"]) for r in rows if r["sorted_by.value"]]
    if kind == "cities":
        assert values == sorted(values, reverse=True)
    picked = run(kind, "--sort", figure, "--fields", "name,sorted_by.value", "-o", "csv", *extra)
    assert picked.stdout.splitlines()[0] == "name,sorted_by.value"
    assert picked.stdout.splitlines()[1] == f"{rows[0]['name']},{rows[0]['sorted_by.value']}"
    markdown = run(kind, "--sort", figure, "-o", "markdown", "--limit", "1", *extra).stdout
    assert "sorted\\_by.value" in markdown.splitlines()[0]


def test_a_missing_figure_has_the_figures_columns() -> None:
    """A record without the value it is sorted by leaves the figure's columns empty:
    the null it stands for has exactly the documented figure's fields."""
    from techhubs.output import contract, views

    assert list(views._NO_VALUE) == contract.columns("figure")


def test_a_list_sorted_by_a_figure_keeps_its_json_whole(run: Run) -> None:
    """The JSON keeps its records as documented (the value is in indicators[].latest);
    asking it for a sorted_by column says where the value is instead."""
    assert "sorted_by" not in run("cities", "--sort", "rd-intensity", "--json").json()[0]
    for args in (
        ["companies", "--sort", "revenue", "--json"],
        ["companies", "-o", "csv"],  # sorted by name: no such columns
    ):
        result = run(*args, "--fields", "name,sorted_by.value")
        assert result.exit_code == 2 and result.stdout == ""
        assert "indicators[].latest" in result.stderr and "--sort ID" in result.stderr
    # sorted by a field or a count: no figure to carry
    for sort in ("name", "status", "companies"):
        header = run("cities", "--sort", sort, "-o", "csv").stdout.splitlines()[0]
        assert "sorted_by" not in header
