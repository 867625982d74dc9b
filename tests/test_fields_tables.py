"""Issue 13: a table narrowed by --fields keeps its title and readable figures.

On the old code ``rank --fields name,value`` was titled "ranking" with values
like 5392671000000, and ``area ai --fields cities`` was titled "focus_areas".
"""

from __future__ import annotations

import pytest

from conftest import Run


def _lines(run: Run, *args: str) -> list[str]:
    result = run(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_rank_with_fields_keeps_its_title_units_and_bars(run: Run) -> None:
    """On the old code the narrowed ranking lost its bars and wrote 5392671000000."""
    full = _lines(run, "rank", "--by", "gdp")
    narrowed = _lines(run, "rank", "--by", "gdp", "--fields", "name,value")
    assert narrowed[0] == full[0]
    assert narrowed[0].startswith("Cities by GDP")
    ranked = run("rank", "--by", "gdp", "--json").json()
    top, second = ranked[0], ranked[1]
    row = next(line for line in narrowed if top["name"] in line)
    # the value as the chart writes it: unit, scale and year
    chart_row = next(line for line in full if f" {top['name']} " in line)
    written = chart_row.split("█")[-1].strip()  # '¥5.39 trillion (2024)'
    assert written.startswith("¥") and f"({top['year']})" in written
    assert written in row
    assert str(top["value"]) not in row
    # and its bar, the longest for the first, shorter for the second
    bar = {line.split()[0]: line.count("█") for line in narrowed if "█" in line}
    assert bar[top["name"]] > bar[second["name"]] > 0


def test_rank_with_fields_but_no_value_has_no_bars(run: Run) -> None:
    lines = _lines(run, "rank", "--by", "gdp", "--fields", "rank,name")
    assert not any("█" in line for line in lines)
    assert lines[0].startswith("Cities by GDP")


def test_area_with_fields_is_titled_by_the_area(run: Run) -> None:
    lines = _lines(run, "area", "ai", "--fields", "cities")
    assert lines[0] == "Artificial intelligence"
    assert "focus_areas" not in "\n".join(lines)


def test_years_and_ids_are_not_grouped(run: Run) -> None:
    out = "\n".join(_lines(run, "city", "shenzhen", "--fields", "population.year,gdp.value"))
    data = run("city", "shenzhen", "--json").json()
    assert str(data["population"]["year"]) in out  # 2024, not 2,024
    # a figure as the profile writes it, unit and scale (not 3873180000000)
    assert f"¥{data['gdp']['value'] / 1e12:.2f} trillion" in out


def test_a_figure_keeps_its_unit_in_a_fields_table(run: Run) -> None:
    """A review of issue 13: 'cities --fields name,gdp' printed 5,207,340,000,000."""
    out = "\n".join(_lines(run, "cities", "--fields", "name,gdp.value,population.value"))
    assert "trillion" in out and "¥" in out and "million" in out
    assert ",000,000" not in out


def test_compare_with_fields_leaves_out_tables_without_them(run: Run) -> None:
    lines = _lines(run, "compare", "beijing", "shanghai", "--fields", "name")
    assert lines[0] == "Side by side"
    assert [line.strip() for line in lines if line.strip()][1:2] == ["name"]
    assert not any("Shared" in line for line in lines)
    shown = [line.strip() for line in lines if line.strip()]
    # the hubs, then the figures' names (each part that has the field)
    assert shown.index("Beijing") < shown.index("Shanghai") < shown.index("Figures")
    assert shown[shown.index("Figures") :][-1] == "Unicorns (China Unicorn Report)"


def test_trend_with_fields_keeps_its_title_and_units(run: Run) -> None:
    """A review of issue 13: 'trend bj sh --by gdp --fields city,value' was titled
    'Trend' and wrote 3,537,130,000,000."""
    lines = _lines(run, "trend", "bj", "sh", "--by", "gdp", "--fields", "city,value")
    assert lines[0] == "GDP over time"
    assert any("trillion" in line and "¥" in line for line in lines)


@pytest.mark.parametrize(
    ("kind", "command"),
    [
        ("city", ["city", "sz"]),
        ("company", ["company", "tencent"]),
        ("rank", ["rank"]),
        ("similar", ["similar", "sz"]),
    ],
)
def test_the_fields_caption_names_a_field_fields_takes(
    run: Run, kind: str, command: list[str]
) -> None:
    """Fresh eyes (ux11 #13): 'fields trend' suggested '--fields indicator.unit',
    which every format refused (a reference gives only its id and name)."""
    caption = run("fields", kind).stdout.strip().splitlines()[-1]
    field = caption.rsplit("--fields ", 1)[1].rstrip(".")
    for how in ("--json", "--format=csv", "--format=markdown"):  # round 12: every format
        result = run(*command, "--fields", field, how)
        assert result.exit_code == 0, (caption, how, result.stderr)
    for document in ("trend", "map", "overview"):  # their CSV has other columns
        assert "--fields" not in run("fields", document).stdout


@pytest.mark.parametrize(
    "args",
    [
        ("cities", "--fields", "name,population,gdp"),
        ("city", "beijing", "--fields", "id,population,gdp"),
        ("companies", "--fields", "name,founded,headquarters"),
    ],
)
@pytest.mark.parametrize("width", ["60", "70", "80", "90", "100", "120"])
def test_a_figure_keeps_its_year_at_every_width(
    run: Run, args: tuple[str, ...], width: str
) -> None:
    """Fresh eyes (ux15 #3): at 80 columns 'cities --fields name,population,gdp'
    dropped population.year but kept population.value, so Chengdu's 2023
    population read as current. A year goes only with its value."""
    out = run(*args, env={"COLUMNS": width}).stdout
    words = set(out.replace(":", " ").split())
    for figure in ("population", "gdp"):
        if f"{figure}.value" in words:
            assert f"{figure}.year" in words, (width, out[:400])


def test_a_part_that_kept_only_names_is_left_out(run: Run) -> None:
    """Fresh eyes (ux15 #11): 'compare sz sh --fields name,population' drew a Figures
    table of seven indicator names and no values (only 'name' applies to it); with
    '--fields name' alone, every part's names are what was asked for."""
    out = run("compare", "sz", "sh", "--fields", "name,population", env={"COLUMNS": "100"}).stdout
    assert "17.99 million" in out and "Figures" not in out and "Nature Index" not in out
    names = run("compare", "sz", "sh", "--fields", "name", env={"COLUMNS": "100"}).stdout
    assert "Figures" in names and "Shenzhen" in names


def test_a_drawn_table_shows_a_figure_s_note_only_when_named(run: Run) -> None:
    """A figure's url and note reach every format a script reads; a table for a
    reader shows them when named (a paragraph a row would bury the numbers)."""
    wide = {"COLUMNS": "250"}
    table = run("cities", "--fields", "name,gdp", env=wide).stdout
    assert "gdp.source" in table and "gdp.note" not in table and "gdp.url" not in table
    assert "gdp.note" in run("cities", "--fields", "name,gdp", "-o", "csv").stdout.splitlines()[0]
    named = run("cities", "--fields", "name,gdp.note", env=wide).stdout
    assert "gdp.note" in named and "HK01" in named


def test_a_drawn_table_leaves_out_a_period_no_city_figure_has(run: Run) -> None:
    """'--fields name,gdp' drew a gdp.period_end column of nothing but blanks once
    figures carried period_end (a company's fiscal year): shown only when named."""
    wide = {"COLUMNS": "250"}
    table = run("cities", "--fields", "name,gdp", env=wide).stdout
    assert "gdp.year" in table and "period_end" not in table
    assert "gdp.period_end" in run("cities", "--fields", "name,gdp", "-o", "csv").stdout
    ranked = run("rank", "--by", "revenue", "--year", "2025", "--fields", "name,period_end")
    assert "2025-03-31" in ranked.stdout, ranked.stdout


@pytest.mark.parametrize("width", ["60", "80", "100"])
def test_a_named_url_column_is_folded_not_dropped(run: Run, width: str) -> None:
    """Review (round15): '--fields id,gdp.url' at 80 columns drew the ids alone: a
    url has no space to wrap at, so its column was wider than the terminal and
    dropped without a word. A named url is now folded where it must be."""
    urls = [c["gdp"]["url"] for c in run("cities", "--json").json() if c["gdp"]["url"]]
    out = run("cities", "--fields", "id,gdp.url", env={"COLUMNS": width}).stdout
    assert "gdp.url" in out
    joined = "".join(out.split())
    assert urls and all(url in joined for url in urls)
    assert all(len(line) <= int(width) for line in out.splitlines())
    sites = run("companies", "--fields", "name,website", env={"COLUMNS": width}).stdout
    assert "cac.avic.com" in sites


@pytest.mark.parametrize(
    ("width", "args"),
    [
        ("40", ["cities", "--fields", "name,gdp.value,gdp.note"]),
        ("80", ["cities", "--fields", "name,gdp.value,gdp.year,gdp.url,gdp.note"]),
        ("80", ["cities", "--fields", "name,gdp.value,gdp.year,gdp.note,gdp.url"]),
        ("40", ["companies", "--fields", "name,website,founded,description"]),
        ("30", ["cities", "--fields", "name,gdp.url"]),
        ("40", ["city", "shenzhen", "--fields", "name,gdp.url,gdp.note"]),
    ],
)
def test_no_field_asked_for_is_left_out_at_any_width(run: Run, width: str, args: list[str]) -> None:
    """'--fields name,gdp.value,gdp.note' at 40 columns drew names and values only,
    and (review round16) a named url went at 30-80 columns, the first of equal
    columns to go being the first named. A table of named fields leaves none out:
    where they do not all fit, its rows become 'field: value' blocks."""
    out = run(*args, env={"COLUMNS": width}).stdout
    joined = "".join(out.split())
    fields = args[args.index("--fields") + 1].split(",")
    records = run(*args[: args.index("--fields")], "--json").json()
    records = records if isinstance(records, list) else [records]
    for field in fields[1:]:
        assert field in out, (field, out)
        owner, _, part = field.partition(".")
        for r in records:
            value = r[owner][part] if part else r[field]
            if isinstance(value, str) and value.startswith("http"):
                assert value in joined, value
    assert all(len(line) <= int(width) for line in out.splitlines())


def test_a_ranking_s_fields_stay_a_table_when_only_its_bars_do_not_fit(run: Run) -> None:
    """Review (round17): once no named field could be left out, 'rank --by gdp
    --fields rank,name,value' at 60 columns became a list of blocks, though only
    the bars (which no one named) did not fit. The bars go; the table stays."""
    out = run("rank", "--by", "gdp", "--fields", "rank,name,value", env={"COLUMNS": "60"}).stdout
    assert "  rank   name " in out and "rank:" not in out
    assert "¥5.39 trillion (2024)" in out and "█" not in out
    # trend's fiscal note only where a year or value is shown
    cities = run("trend", "alibaba", "jd", "--by", "revenue", "--fields", "city").stdout
    assert "FY" not in cities
