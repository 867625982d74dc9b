"""Issue 13: a filtered list says its filter in the title, and the field filtered on
is shown whole, next to the name, at every width.

On the old code ``cities --focus ai`` at 80 columns was titled "China's technology
hubs" and cut the focus-area column to ``E-commerce, Digit…``.
"""

from __future__ import annotations

import re

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
