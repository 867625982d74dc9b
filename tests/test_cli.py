"""The CLI through its real entry point: every command, every format, every error."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

from conftest import GOLDEN, Run
from techhubs import __version__
from techhubs.errors import ExitCode

UPDATE = os.environ.get("TECHHUBS_UPDATE_GOLDEN") == "1"

# Every command with arguments that succeed on the bundled data.
COMMANDS: dict[str, list[str]] = {
    "city": ["city", "shenzhen"],
    "cities": ["cities"],
    "compare": ["compare", "beijing", "hangzhou"],
    "company": ["company", "tencent"],
    "companies": ["companies", "--city", "shenzhen"],
    "area": ["area", "ai"],
    "areas": ["areas"],
    "search": ["search", "hardware", "silicon", "valley"],
    "overview": ["overview"],
    "rank": ["rank", "--by", "gdp"],
    "indicators": ["indicators"],
    "trend": ["trend", "chengdu", "wuhan", "shenzhen"],
    "similar": ["similar", "shenzhen"],
    "map": ["map", "--focus", "semiconductors"],
}


# -- golden renderings ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_matches_golden(run: Run, name: str) -> None:
    result = run(*COMMANDS[name])
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout  # no colour when not a terminal / NO_COLOR
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_tables_fit_the_width(run: Run) -> None:
    for args in COMMANDS.values():
        out = run(*args).stdout
        assert max(len(line) for line in out.splitlines()) <= 100, args


# -- every command in every format ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "markdown"])
def test_every_format_parses(run: Run, name: str, fmt: str) -> None:
    result = run(*COMMANDS[name], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    as_json = run(*COMMANDS[name], "--json").json()
    if fmt == "json":
        assert result.json() == as_json
    elif fmt == "yaml":
        assert yaml.safe_load(result.stdout) == as_json
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        body = [r for r in rows if r and not r[0].startswith("#")]
        assert len(body) >= 2  # a header and at least one row
    else:
        assert result.stdout.lstrip().startswith(("|", "##"))
        assert "| --- |" in result.stdout


def test_city_json_values(run: Run) -> None:
    city = run("city", "shenzhen", "--json").json()
    assert city["id"] == "shenzhen"
    assert city["name_zh"] == "深圳"
    assert city["status"] == "established"
    assert city["headline"] == "From Manufacturing to Tech Powerhouse"
    assert {"id": "huawei", "name": "Huawei Technologies", "relation": "headquarters"} in city[
        "companies"
    ]
    assert {"id": "telecommunications", "name": "Telecommunications"} in city["focus_areas"]
    # GDP per person comes from GDP and population of one and the same year.
    series = {i["id"]: {p["year"]: p["value"] for p in i["series"]} for i in city["indicators"]}
    per_capita = city["gdp_per_capita"]
    year = per_capita["year"]
    assert per_capita["value"] == round(series["gdp"][year] / series["population"][year])
    assert year == max(set(series["gdp"]) & set(series["population"]))
    assert {
        "name": "hardware Silicon Valley of China",
        "refers_to": "Shenzhen",
        "note": None,
        "name_zh": "硬件硅谷",
    } in city["nicknames"]


def test_city_json_is_utf8_not_escaped(run: Run) -> None:
    assert "深圳" in run("city", "sz", "--json").stdout


def test_city_many_is_array_one_is_object(run: Run) -> None:
    assert isinstance(run("city", "bj", "--json").json(), dict)
    both = run("city", "bj", "杭州", "--json").json()
    assert [c["id"] for c in both] == ["beijing", "hangzhou"]


def test_cities_filters_and_sorts(run: Run) -> None:
    emerging = run("cities", "--status", "emerging", "--json").json()
    assert emerging and all(c["status"] == "emerging" for c in emerging)
    assert {"chengdu", "wuhan"} <= {c["id"] for c in emerging}
    by_gdp = run("cities", "--sort", "gdp", "--json").json()
    values = [c["gdp"]["value"] for c in by_gdp if c["gdp"]]
    assert values == sorted(values, reverse=True)
    assert by_gdp[0]["id"] == "shanghai"
    by_rd = run("cities", "--sort", "rd-intensity", "--json").json()
    latest = [
        next(i["latest"] for i in c["indicators"] if i["id"] == "rd-intensity") for c in by_rd
    ]
    assert latest[-1] is None and latest[0] is not None  # a missing figure sorts last
    reverse = run("cities", "--sort", "population", "--reverse", "--limit", "2", "--json").json()
    assert len(reverse) == 2
    assert reverse[0]["population"]["value"] <= reverse[1]["population"]["value"]
    names = [c["name"] for c in run("cities", "--json").json()]
    assert names == sorted(names, key=str.casefold)
    optics = run("cities", "--focus", "photonics", "--json").json()
    assert [c["id"] for c in optics] == ["wuhan"]


def test_cities_fields(run: Run) -> None:
    rows = run("cities", "--json", "--fields", "id,status").json()
    assert all(set(r) == {"id", "status"} for r in rows)
    out = run("cities", "-o", "csv", "--fields", "id,population").stdout
    header = out.splitlines()[0]
    assert header == (
        "id,population.value,population.year,population.source,population.url,population.note,"
        "population.period_end"
    )


def test_compare_json(run: Run) -> None:
    data = run("compare", "beijing", "hangzhou", "--json").json()
    assert [c["id"] for c in data["cities"]] == ["beijing", "hangzhou"]
    shared = {a["id"] for a in data["shared"]["focus_areas"]}
    assert "artificial-intelligence" in shared
    assert "biotechnology" in {a["id"] for a in data["unique"]["beijing"]["focus_areas"]}
    assert "digital-economy" in {a["id"] for a in data["unique"]["hangzhou"]["focus_areas"]}
    assert "baidu" in {c["id"] for c in data["unique"]["beijing"]["companies"]}
    # Alibaba: headquarters in Hangzhou, operations in Beijing.
    assert "alibaba" in {c["id"] for c in data["shared"]["companies"]}


def test_compare_marks_the_highest(run: Run) -> None:
    out = run("compare", "shanghai", "chengdu").stdout
    population_line = next(line for line in out.splitlines() if "Population" in line)
    assert population_line.index("▲") < population_line.index("21.40")


def test_company_json(run: Run) -> None:
    data = run("company", "阿里巴巴集团", "--json").json()
    assert data["id"] == "alibaba"
    assert data["headquarters"] == {"id": "hangzhou", "name": "Hangzhou"}
    assert data["founded"] == 1999
    assert {"id": "shanghai", "name": "Shanghai", "relation": "operations"} in data["cities"]
    assert data["cities"][0]["relation"] == "headquarters"


def test_companies_filters(run: Run) -> None:
    sz = run("companies", "--city", "sz", "--json").json()
    assert {"huawei", "tencent", "dji"} <= {c["id"] for c in sz}
    chips = run("companies", "--focus", "chips", "--json").json()
    assert chips and all("semiconductors" in {a["id"] for a in c["focus_areas"]} for c in chips)


def test_area_and_areas(run: Run) -> None:
    ai = run("area", "AI", "--json").json()
    assert ai["id"] == "artificial-intelligence"
    assert {"beijing", "shenzhen"} <= {c["id"] for c in ai["cities"]}
    assert "baidu" in {c["id"] for c in ai["companies"]}
    every = run("areas", "--json").json()
    assert len(every) == len({a["id"] for a in every}) >= 14
    assert all(
        {"id", "name", "aliases", "description", "cities", "companies"} <= set(a) for a in every
    )


def test_a_list_of_areas_says_its_order(run: Run) -> None:
    """Fresh eyes (ux17 #14): 'areas' is sorted by hubs, then companies, and its
    table did not say so; it says the order of each count it is sorted by."""
    wide = {"COLUMNS": "200"}
    areas = run("areas", "--json").json()
    hubs = [len(a["cities"]) for a in areas]
    assert hubs == sorted(hubs, reverse=True)  # what the caption says
    last = run("areas", env=wide).stdout.splitlines()[-1]
    assert last == "21 focus areas, the most hubs first, then the most companies."
    reverse = run("areas", "--sort", "companies", "--reverse", env=wide).stdout
    assert reverse.splitlines()[-1] == "21 focus areas, the fewest companies first."
    assert run("areas", "--sort", "name", env=wide).stdout.splitlines()[-1] == "21 focus areas."


def test_search_ranks_and_reports_fields(run: Run) -> None:
    hits = run("search", "hardware silicon valley", "--json").json()
    assert hits[0] == {
        "kind": "city",
        "id": "shenzhen",
        "name": "Shenzhen",
        "city": None,
        "matched": "nicknames",
        "score": hits[0]["score"],
    }
    zgc = run("search", "Zhongguancun", "--json").json()
    assert zgc[0]["kind"] == "district" and zgc[0]["city"] == "beijing"
    assert any(h["kind"] == "city" and h["id"] == "beijing" for h in zgc)
    scores = [h["score"] for h in zgc]
    assert scores == sorted(scores, reverse=True)
    assert run("search", "深圳", "--json").json()[0]["id"] == "shenzhen"
    assert run("search", "Shēnzhèn", "--json").json()[0]["id"] == "shenzhen"


def test_search_kind_filter(run: Run) -> None:
    hits = run("search", "silicon", "--kind", "district", "--json").json()
    assert hits and all(h["kind"] == "district" for h in hits)


def _table_hits(out: str) -> list[str]:
    """The kind cell of each hit row of a search table (a wrapped name's second
    line has none)."""
    kinds = ("city ", "district ", "company ", "focus area ")
    return [line.strip() for line in out.splitlines() if line.strip().startswith(kinds)]


def test_search_table_shows_the_best_twenty_and_says_how_to_see_all(run: Run) -> None:
    every = run("search", "tech", "--json").json()
    assert len(every) > 20  # a broad word: dozens of hits in the bundled data
    result = run("search", "tech")
    assert result.exit_code == 0
    shown = _table_hits(result.stdout)
    assert len(shown) == 20
    # the best twenty, in the JSON's order (the first column, then the name's first word)
    for line, hit in zip(shown, every[:20], strict=True):
        assert line.startswith(hit["kind"].replace("_", " ") + " ")
        assert hit["name"].split()[0] in line
    caption = f"20 of {len(every)} matches for 'tech'; --limit {len(every)} shows them all."
    assert result.stdout.rstrip().endswith(caption)
    # --limit takes the place of the default, either way; the hint is only for the default
    wider = run("search", "tech", "--limit", "30")
    assert len(_table_hits(wider.stdout)) == 30
    assert wider.stdout.rstrip().endswith(f"30 of {len(every)} matches for 'tech'.")
    everything = run("search", "tech", "--limit", str(len(every)))
    assert len(_table_hits(everything.stdout)) == len(every)
    assert everything.stdout.rstrip().endswith(f"{len(every)} matches for 'tech'.")
    # --fields narrows the same twenty, and says so
    narrowed = run("search", "tech", "--fields", "name")
    assert narrowed.stdout.rstrip().endswith(caption)
    assert [h["name"] for h in every[:20]][-1] in narrowed.stdout
    assert every[20]["name"] not in narrowed.stdout.split(every[19]["name"])[1]


def test_search_formats_for_scripts_keep_every_hit(run: Run) -> None:
    every = run("search", "tech", "--json").json()
    rows = list(csv.DictReader(io.StringIO(run("search", "tech", "-o", "csv").stdout)))
    assert [r["id"] for r in rows] == [h["id"] for h in every]
    assert yaml.safe_load(run("search", "tech", "-o", "yaml").stdout) == every
    markdown = run("search", "tech", "-o", "markdown").stdout
    # a header line, its rule, then a line a hit
    assert sum(line.startswith("| ") for line in markdown.splitlines()) == len(every) + 2
    assert run("search", "tech", "--query", "length(@)").json() == len(every)


def test_search_table_cap_at_its_edges(run: Run) -> None:
    """Up to 25 hits: all shown, no hint (cutting would hide a handful to save a
    handful of lines); 26: the first 20, and the hint."""
    # (since tickers and exchanges are searched, 'n' also finds NASDAQ and NYSE)
    for word, kinds, count, among in (
        ("ai", [], 21, ""),
        ("in", ["--kind", "city,district"], 25, " among city or district hits"),
    ):
        every = run("search", word, *kinds, "--json").json()
        assert len(every) == count
        whole = run("search", word, *kinds)
        assert len(_table_hits(whole.stdout)) == count and "--limit" not in whole.stdout
        assert whole.stdout.rstrip().endswith(f"{count} matches for '{word}'{among}.")
    more = run("search", "m", "--json").json()
    assert len(more) == 26
    cut = run("search", "m")
    assert len(_table_hits(cut.stdout)) == 20
    assert cut.stdout.rstrip().endswith("20 of 26 matches for 'm'; --limit 26 shows them all.")


def test_search_table_cap_follows_sort_reverse_and_kind(run: Run) -> None:
    """The table shows the first 20 in the order asked for, not the 20 best."""
    for options in (["--sort", "name"], ["--reverse"], ["--kind", "company"]):
        every = run("search", "tech", *options, "--json").json()
        shown = _table_hits(run("search", "tech", *options).stdout)
        assert len(every) > 20 and len(shown) == 20, options
        for line, hit in zip(shown, every[:20], strict=True):
            assert line.startswith(hit["kind"].replace("_", " ") + " "), options
            assert hit["name"].split()[0] in line, options
    assert "among company hits; --limit" in run("search", "tech", "--kind", "company").stdout


def test_search_query_takes_every_hit_in_any_format(run: Run) -> None:
    """Bug (the table's cap, before this fix): '--query EXPR -o table' ran the query
    over the 20 hits the table shows, and said nothing: 'length(@)' printed 20 of 68."""
    every = run("search", "tech", "--json").json()
    for options in ([], ["-o", "table"], ["-o", "yaml"]):
        result = run("search", "tech", "--query", "length(@)", *options)
        assert result.exit_code == 0 and result.stdout.split() == [str(len(every))], options
    companies = [h["name"] for h in every if h["kind"] == "company"]
    table = run("search", "tech", "--query", "[?kind=='company'].name", "-o", "table").stdout
    assert all(name.split()[0] in table for name in companies) and len(companies) > 20


def test_search_saved_pictures_show_the_table_as_printed(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "hits.html"
    result = run("search", "tech", "--save-html", str(page))
    assert result.exit_code == 0
    every = run("search", "tech", "--json").json()
    assert f"--limit {len(every)} shows them all" in page.read_text(encoding="utf-8")
    assert f"--limit {len(every)} shows them all" in result.stdout


def test_search_table_of_few_hits_is_whole(run: Run) -> None:
    every = run("search", "silicon", "--json").json()
    assert 0 < len(every) <= 20
    result = run("search", "silicon")
    assert len(_table_hits(result.stdout)) == len(every)
    assert "--limit" not in result.stdout


def test_overview_json(run: Run) -> None:
    data = run("overview", "--json").json()
    assert set(data) == {
        "cities",
        "government_support",
        "challenges",
        "opportunities",
        "article_claims",
    }
    claims = {c["section"]: c["claim"] for c in data["article_claims"]}
    assert "one of the world's most innovative countries" in claims["Introduction"]
    assert "will likely increase" in claims["Conclusion"]
    assert len(data["cities"]) == 12
    assert [o["name"] for o in data["opportunities"]] == [
        "5G",
        "Artificial intelligence",
        "Renewable energy",
    ]


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"techhubs {__version__}"


def test_help_lists_every_command(run: Run) -> None:
    out = run("--help").stdout
    for name in [*COMMANDS, "export", "data"]:
        assert f" {name} " in out or f" {name}\n" in out, name


@pytest.mark.parametrize("name", [*sorted(COMMANDS), "export", "data validate", "data path"])
def test_every_command_has_examples(run: Run, name: str) -> None:
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "$ techhubs" in result.stdout


# -- export ----------------------------------------------------------------------------------


def test_export_yaml_round_trips(run: Run, tmp_path: os.PathLike[str]) -> None:
    first = run("export").stdout
    path = os.path.join(tmp_path, "exported.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(first)
    assert run("--data", path, "data", "validate").exit_code == 0
    assert run("--data", path, "export").stdout == first
    assert run("--data", path, "city", "sz", "--json").json() == run("city", "sz", "--json").json()


def test_export_json_is_the_data_schema(run: Run) -> None:
    data = run("export", "--format", "json").json()
    assert set(data) == {"meta", "focus_areas", "cities", "companies", "national", "indicators"}
    assert yaml.safe_load(run("export").stdout) == data


def test_export_csv_tables(run: Run) -> None:
    # Issue 12: a csv export is one table, chosen with --part (--kind still works).
    refused = run("export", "--format", "csv")
    assert refused.exit_code == 2
    assert "cities, companies, focus-areas, indicators, observations" in refused.stderr
    observations = list(
        csv.DictReader(io.StringIO(run("export", "-o", "csv", "--kind", "observations").stdout))
    )
    wuhan_gdp = {
        o["year"]: o["value"]
        for o in observations
        if o["city"] == "wuhan" and o["indicator"] == "gdp"
    }
    city = run("city", "wuhan", "--json").json()
    gdp = next(i for i in city["indicators"] if i["id"] == "gdp")
    assert wuhan_gdp == {str(p["year"]): str(p["value"]) for p in gdp["series"]}
    companies = list(
        csv.DictReader(io.StringIO(run("export", "-o", "csv", "--kind", "companies").stdout))
    )
    assert len(companies) >= 40
    assert next(c for c in companies if c["id"] == "tencent")["headquarters"] == "shenzhen"
    md = run("export", "-o", "markdown").stdout
    assert "## cities" in md and "| id |" in md


# -- errors and exit codes ------------------------------------------------------------------


def test_unknown_city_suggests(run: Run) -> None:
    result = run("city", "shenzen")
    assert result.exit_code == ExitCode.NOT_FOUND == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == "techhubs: error: no city called 'shenzen'; did you mean shenzhen or shanghai?\n"
    )


def test_unknown_city_json_error(run: Run) -> None:
    result = run("city", "shenzen", "--json")
    assert result.exit_code == 1
    assert result.error() == {
        "code": "not_found",
        "message": "no city called 'shenzen'; did you mean shenzhen or shanghai?",
        "suggestions": ["shenzhen", "shanghai"],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "beijing"], "compare takes 2 to 6 cities, got 1"),
        (["compare", *["bj", "sz", "sh", "hz", "cd", "wh", "tianjin"]], "got 7"),
        (["compare", "bj", "Peking"], "are both Beijing"),
        (["cities", "--sort", "size"], "invalid value for '--sort'"),
        (["cities", "--limit", "0"], "--limit must be 1 or more"),
        (["city", "sz", "--jsn"], "no such option --jsn; did you mean --json?"),
        # ux15 #6: '--csv' suggested --focus, and '--yaml' was worded another way
        (["cities", "--csv"], "no such option --csv; for csv use '-o csv' (--format csv)."),
        (["city", "sz", "--yml"], "for yaml use '-o yaml'"),
        (["rank", "--markdown"], "for markdown use '-o markdown'"),
        (["cities", "--qqq"], "no such option --qqq."),
        # ux15 #15: Click's own words for its types
        (["rank", "--year", "abc"], "invalid value for '--year': 'abc' is not a whole number."),
        (["rank", "--limit", "x"], "'x' is not a whole number."),
        (["cty", "sz"], "no such command 'cty'"),
        (["city", "sz", "--fields", "nope"], "unknown field 'nope'"),
        (["city", "sz", "--json", "-o", "csv"], "--json contradicts --format csv"),
        (["search", "   "], "give some text to search for"),
        (["cities", "--version"], "--version belongs to techhubs itself: put it before"),
    ],
)
def test_usage_errors(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1  # one sentence, no traceback
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["city", "tencent"], "no city called 'tencent'; 'tencent' is a company "
         "(see 'techhubs company tencent')"),
        (["company", "shenzhen"], "no company called 'shenzhen'; 'shenzhen' is a city "
         "(see 'techhubs city shenzhen')"),
        (["area", "tencent"], "no focus area called 'tencent'; 'tencent' is a company "
         "(see 'techhubs company tencent')"),
        (["city", "ai"], "no city called 'ai'; 'ai' is a focus area (see 'techhubs area ai')"),
    ],
)  # fmt: skip
def test_a_name_of_another_kind_says_what_it_is(run: Run, args: list[str], said: str) -> None:
    """Bug: 'city tencent' said 'did you mean tianjin?', and 'company shenzhen' gave no
    hint: a name of another kind now says which kind it is, and where to look."""
    result = run(*args)
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == f"techhubs: error: {said}\n"
    error = run(*args, "--json").error()
    assert error["message"] == said and error["suggestions"] == []
    # a name of no kind still gets its did-you-mean
    assert "did you mean" in run("city", "tencnt").stderr


@pytest.mark.parametrize("cache", [(), ("--no-cache",)])
def test_a_trend_of_the_other_kind_says_which_figure_to_follow(
    run: Run, cache: tuple[str, ...]
) -> None:
    """Fresh eyes (ux16 #9): 'trend huawei tencent' (the default --by is GDP, a city's)
    said 'huawei' is a company, see 'techhubs company huawei', exit 1: the user
    wants a chart, and the way to it is a company figure."""
    result = run(*cache, "trend", "huawei", "tencent")
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert result.stderr == (
        "techhubs: error: 'huawei' is a company, and 'gdp' a figure of cities: follow a "
        "company figure, e.g. 'techhubs trend huawei tencent --by revenue' "
        "('techhubs indicators' lists them).\n"
    )
    cities = run(*cache, "trend", "shenzhen", "--by", "revenue")
    assert cities.exit_code == ExitCode.USAGE
    assert "'shenzhen' is a city, and 'revenue' a figure of companies: follow a city figure, " in (
        cities.stderr
    )
    assert run(*cache, "trend", "huawei", "tencent", "--by", "revenue").exit_code == 0
    # a name of no kind is still not found
    assert run(*cache, "trend", "shenzhen", "nowhere").exit_code == ExitCode.NOT_FOUND


def test_a_trend_with_no_value_says_why_on_stderr(run: Run) -> None:
    """Bug: 'trend hefei --by rd-intensity' (a help example) printed an empty chart and
    nothing else, where rank in the same case adds a note; the answer stays as it is."""
    result = run("trend", "hefei", "--by", "rd-intensity")
    assert result.exit_code == 0 and "No values for this hub." in result.stdout
    assert result.stderr == (
        "techhubs: note: no value of 'R&D intensity' for Hefei; "
        "'techhubs indicators' shows the years each figure covers\n"
    )
    later = run("trend", "shenzhen", "--since", "2030", "--json")
    assert later.exit_code == 0 and later.json()["series"][0]["points"] == []
    assert "no value of 'GDP' for Shenzhen since 2030" in later.stderr
    assert run("trend", "shenzhen", "hefei", "--by", "rd-intensity").stderr == ""


def test_a_count_of_one_is_singular(run: Run) -> None:
    """Bug: 'companies --city hefei --focus quantum' ended with '1 companies'."""
    one = run("companies", "--city", "hefei", "--focus", "quantum")
    assert len(run("companies", "--city", "hefei", "--focus", "quantum", "--json").json()) == 1
    assert one.stdout.rstrip().endswith("\n1 company.")
    assert run("companies", "--city", "hefei").stdout.rstrip().endswith(" companies.")


@pytest.mark.parametrize(
    ("args", "suggested"),
    [
        (["city", "sz", "--fields", "populaton"], ["population"]),
        (["cities", "--status", "emergin"], ["emerging"]),
        (["cities", "--sort", "provnce"], ["province"]),
        (["search", "ai", "--kind", "compny"], ["company"]),
        (["rank", "--by", "gpd"], ["gdp"]),
    ],
)
def test_a_json_error_carries_the_suggestion_its_message_makes(
    run: Run, args: list[str], suggested: list[str]
) -> None:
    """Bug: '--fields populaton --json' said 'did you mean population?' with
    "suggestions": [] (so did a choice's typo); a script reads the list."""
    error = run(*args, "--json").error()
    assert error["code"] == "usage" and error["suggestions"] == suggested
    assert f"did you mean {suggested[0]}?" in error["message"]


def test_an_unknown_field_without_a_near_one_is_a_sentence(run: Run) -> None:
    """Bug: 'unknown field 'population' Choose from: …' ran two sentences together."""
    error = run("compare", "beijing", "shanghai", "--fields", "population", "--json").error()
    assert error["message"].startswith(
        "unknown field 'population'. 'techhubs fields comparison' lists them."
    )


def test_an_unknown_field_of_many_points_to_their_list(run: Run) -> None:
    """Fresh eyes (ux15 #15): 'city sz --fields popluation' printed all 53 names in one
    sentence after the did-you-mean; past a dozen, the error says where they are."""
    result = run("city", "sz", "--fields", "popluation")
    assert result.exit_code == 2
    assert "did you mean population? 'techhubs fields city' lists them." in result.stderr
    assert "Choose from" not in result.stderr and "gdp_per_capita" not in result.stderr
    fields = run("fields", "city", "--json").json()
    assert "population" in {f["name"] for f in fields}


def test_a_field_of_a_list_of_references_is_kept_in_json(run: Run) -> None:
    """Bug: 'city beijing --json --fields companies.name' said "unknown field
    'companies.name'; did you mean companies.name?" (the CSV takes that column,
    and the error listed it as a choice): JSON keeps that field of each."""
    city = run("city", "beijing", "--json", "--fields", "name,companies.name").json()
    assert city["name"] == "Beijing"
    assert city["companies"][0] == {"name": "Baidu"}
    assert all(list(c) == ["name"] for c in city["companies"])
    both = run("city", "beijing", "--json", "--fields", "companies.id,companies.relation").json()
    assert both["companies"][0] == {"id": "baidu", "relation": "headquarters"}
    compared = run(
        "compare", "beijing", "hangzhou", "--json", "--fields", "items.name,shared.companies.id"
    ).json()
    assert compared == {
        "items": [{"name": "Beijing"}, {"name": "Hangzhou"}],
        "shared": {"companies": [{"id": "alibaba"}]},
    }
    # a list of plain values has no fields to reach into
    error = run("city", "beijing", "--json", "--fields", "aliases.x").error()
    assert error["message"].startswith("unknown field 'aliases.x'; did you mean aliases?")


def test_similar_in_another_order_keeps_each_hubs_place(run: Run) -> None:
    """Bug: 'similar sz --reverse --limit 2' numbered the two least alike #1 and #2
    under 'Hubs most like Shenzhen'; as rank --reverse does, # is each hub's place."""
    best_first = [h["id"] for h in run("similar", "sz", "--json").json()]
    for args in (["--reverse", "--limit", "2"], ["--sort", "name", "--limit", "3"]):
        shown = run("similar", "sz", *args, "--json").json()
        table = run("similar", "sz", *args).stdout.splitlines()
        # a hub's row starts with its place; the count under the table ('2 of 11 hubs') does not
        rows = [line.split() for line in table if line.strip()[:1].isdigit() and " of " not in line]
        assert [int(r[0]) for r in rows] == [best_first.index(h["id"]) + 1 for h in shown], args
    assert [r.split()[0] for r in run("similar", "sz", "--reverse", "--limit", "2")
            .stdout.splitlines() if r.strip()[:1].isdigit() and " of " not in r
            ] == ["11", "10"]  # fmt: skip


def test_search_without_hits(run: Run) -> None:
    result = run("search", "zzzzqqq")
    assert result.exit_code == 1
    assert "nothing matches 'zzzzqqq'" in result.stderr


@pytest.mark.parametrize("cached", [True, False])
def test_a_search_that_finds_nothing_suggests_the_names_close_to_it(run: Run, cached: bool) -> None:
    """Fresh eyes (ux18 #8): 'search huawai' said only that nothing matches, where
    'company huawai' suggests Huawei, and 'search 北亰' nothing where 'city 北亰'
    suggests 北京."""
    extra = [] if cached else ["--no-cache"]
    for typed, meant in (
        ("huawei technolgies", "Huawei Technologies"),  # a name with a space (round20 #2)
        ("huawai", "Huawei"),
        ("北亰", "北京"),
        ("shenzen", "Shenzhen"),
        ("tencnet", "Tencent"),
    ):
        result = run("search", *typed.split(), *extra)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr == (
            f"techhubs: error: nothing matches '{typed}'; did you mean '{meant}'?\n"
        )
        error = run("search", *typed.split(), "--json", *extra).error()
        assert (error["code"], error["suggestions"]) == ("no_match", [meant])
        # and what it suggests is found
        assert run("search", meant, *extra).exit_code == 0
    # of the kinds asked for
    city = run("search", "tencnet", "--kind", "city", *extra).stderr
    assert "did you mean" in city and "Tencent" not in city
    # nothing close: what to do instead, as before
    assert "try fewer or other words" in run("search", "xyzzy", *extra).stderr


def test_unknown_focus_and_company(run: Run) -> None:
    assert "did you mean" in run("cities", "--focus", "fintec").stderr
    assert run("company", "tencen").stderr.startswith(
        "techhubs: error: no company called 'tencen'; did you mean tencent"
    )


def test_data_path(run: Run) -> None:
    path = run("data", "path").stdout.strip()
    assert path.endswith("cities.yaml") and os.path.isfile(path)


def test_data_path_is_whole_and_refuses_what_the_others_refuse(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fresh eyes (ux18 #3): 'data path' echoed --data as typed ('nonexist.yaml', a
    directory) and exited 0, where every command that reads it exits 3: a script
    asking which file is in use was told a file that cannot be."""
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(Path(run("data", "path").stdout.strip()).read_bytes())
    monkeypatch.chdir(tmp_path)
    for args, env in (
        (["--data", "mine.yaml"], {}),
        ([], {"TECHHUBS_DATA": "mine.yaml"}),
    ):
        result = run(*args, "data", "path", env=env)
        assert (result.exit_code, result.stdout) == (0, f"{mine}\n")
    (tmp_path / "empty.yaml").write_bytes(b"")
    for given, said in (
        ("nonexist.yaml", "no such file"),
        (str(tmp_path), "is a directory"),
        ("empty.yaml", "the file is empty"),  # round20 #10
    ):
        result = run("--data", given, "data", "path")
        assert (result.exit_code, result.stdout) == (3, "")
        assert said in result.stderr
        assert run("--data", given, "cities").exit_code == 3  # as every command says


# -- shell completion ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("techhubs city she", {"shenzhen"}),
        ("techhubs compare beijing hang", {"hangzhou"}),
        ("techhubs company tenc", {"tencent"}),
        ("techhubs area fin", {"fintech"}),
    ],
)
def test_completion_offers_names(
    words: str, expected: set[str], tmp_path: os.PathLike[str]
) -> None:
    result = _complete(words, str(len(words.split()) - 1), tmp_path)
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == expected


@pytest.mark.parametrize("args", [[], ["data"]])
def test_no_command_shows_the_help(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: techhubs")
    assert "Commands" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["compare", "bj", "sh", "--json", "--fields", "shared"], {"shared"}),
        (
            ["overview", "--json", "--fields", "challenges,opportunities"],
            {"challenges", "opportunities"},
        ),
        (["map", "--json", "--fields", "cities"], {"cities"}),
    ],
)
def test_fields_select_top_level_keys_of_an_object(
    run: Run, args: list[str], expected: set[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert set(result.json()) == expected


def test_fields_select_columns_of_every_table(run: Run) -> None:
    out = run("compare", "bj", "sh", "-o", "csv", "--fields", "id,focus_areas").stdout
    # one table: the compared items; references as their ids and their names
    assert out.splitlines()[0] == "id,focus_areas.id,focus_areas.name"
    part = run(
        "compare", "bj", "sh", "-o", "csv", "--part", "shared and unique", "--fields", "focus_areas"
    ).stdout
    assert part.splitlines()[0] == "focus_areas.id,focus_areas.name"  # this table has no id
    assert run("compare", "bj", "sh", "-o", "csv", "--fields", "nope").exit_code == 2


def test_search_matches_words_not_fragments(run: Run) -> None:
    hits = run("search", "ai", "--json").json()
    ids = {(h["kind"], h["id"]) for h in hits}
    assert ("focus_area", "artificial-intelligence") in ids
    assert {("city", c) for c in ("beijing", "shenzhen", "hangzhou", "hefei")} <= ids
    assert ("city", "shanghai") not in ids  # "ai" inside "Shanghai" is no match
    assert ("company", "chengdu-aircraft") not in ids
    assert hits[0]["id"] == "artificial-intelligence"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("techhubs city 杭", {"杭州"}),
        ("techhubs city SH", {"SH"}),
        ("techhubs company Ali", {"Alibaba", "Alipay"}),
    ],
)
def test_completion_offers_the_spelling_begun(
    words: str, expected: set[str], tmp_path: os.PathLike[str]
) -> None:
    result = _complete(words, str(len(words.split()) - 1), tmp_path)
    assert set(result.stdout.split()) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (
            "techhubs city sz --fields name,popu",
            {
                "name,population",
                "name,population.value",
                "name,population.year",
                "name,population.source",
                "name,population.url",
                "name,population.note",
                "name,population.period_end",
            },
        ),
        ("techhubs rank --by gdp --fields ye", {"year"}),
        ("techhubs compare ai ev --kind a", {"area"}),
        ("techhubs search x --kind focus", {"focus-area"}),
        ("techhubs completion z", {"zsh"}),
    ],
)
def test_completion_offers_fields_and_choices(
    words: str, expected: set[str], tmp_path: os.PathLike[str]
) -> None:
    """Issue 12: --fields offered nothing, and choices only their exact values."""
    result = _complete(words, str(len(words.split()) - 1), tmp_path)
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == expected


def test_completion_reads_the_data_file_given(tmp_path: os.PathLike[str]) -> None:
    import yaml

    from conftest import DATA_FILE

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["cities"][0]["aliases"].append("Peking-Town")
    mine = os.path.join(tmp_path, "mine.yaml")
    with open(mine, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False)
    result = _complete(f"techhubs --data {mine} city Peking-", "4", tmp_path)
    assert result.stdout.split() == ["Peking-Town"]


def _complete_here(run: Run, capsys: pytest.CaptureFixture[str], words: str) -> list[str]:
    """The candidates bash is offered for the last of ``words`` (maybe empty), in
    this process: completion ends the run with SystemExit, as Click's does."""
    env = {"_TECHHUBS_COMPLETE": "complete_bash", "COMP_WORDS": words}
    env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    with pytest.raises(SystemExit):
        run(env=env)
    return capsys.readouterr().out.split()


def test_each_list_completes_the_sorts_it_takes(
    run: Run, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fresh eyes: 'cities --sort' and 'companies --sort' offered the same: every
    indicator of both kinds ('cities --sort revenue' is an error) and the counts,
    never name, nor a company's founding year. Each offers what it takes (and the
    fields of its records that hold one number), and a warm TAB still reads
    the indicators' kinds from the store, never loading the dataset."""
    from techhubs.cli.session import Session

    listed = run("--no-cache", "indicators", "--json").json()
    ids = {
        kind: [i["id"] for i in listed if i["applies_to"] == kind]
        for kind in ("cities", "companies")
    }
    expected = {
        "cities": ["name", *ids["cities"], "companies", "focus-areas"],
        "companies": ["name", *ids["companies"], "founded", "fiscal_year_end_month"],
    }
    assert "revenue" in ids["companies"] and "gdp" in ids["cities"]
    for kind in expected:
        assert _complete_here(run, capsys, f"techhubs {kind} --sort ") == expected[kind]

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    for kind in expected:
        assert _complete_here(run, capsys, f"techhubs {kind} --sort ") == expected[kind]
    assert _complete_here(run, capsys, "techhubs companies --sort r") == ["revenue", "rd-expense"]


def test_a_warm_tab_completes_indicator_names_from_the_store(
    run: Run, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bug: the store kept no indicator's names, so every 'rank --by' TAB loaded the
    whole dataset (and wrote the store again, as if it were damaged)."""
    from techhubs.cli.session import Session

    cold = _complete_here(run, capsys, "techhubs rank --by r")
    assert cold == ["residents", "rd-spending", "rd-intensity", "revenue", "rd-expense"]

    def refuse(self: Session) -> None:
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr(Session, "dataset", refuse)
    assert _complete_here(run, capsys, "techhubs rank --by r") == cold
    assert _complete_here(run, capsys, "techhubs rank --by f") == ["focus-areas"]
    # a trend follows an indicator, never a count ('companies is a count, not a figure
    # over time'), which its --by offered too
    ranked = _complete_here(run, capsys, "techhubs rank --by ")
    assert ranked[-2:] == ["companies", "focus-areas"]
    assert _complete_here(run, capsys, "techhubs trend sz --by ") == ranked[:-2]


def _complete(words: str, cword: str, cwd: os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    """Ask the installed command for bash completions, as the shell does."""
    env = {
        **os.environ,
        "_TECHHUBS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": cword,
    }
    return subprocess.run(
        [sys.executable, "-m", "techhubs"], env=env, capture_output=True, text=True, cwd=cwd
    )


# -- commands are built lazily (issue 15) ---------------------------------------------------


def _invoke(command: object, args: list[str]) -> str:
    import contextlib
    import io

    from techhubs.cli.session import Session

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
        command.main(  # type: ignore[attr-defined]
            args=args, prog_name="techhubs", standalone_mode=False, obj=Session()
        )
    return buffer.getvalue()


def test_a_run_builds_only_the_command_it_runs() -> None:
    """Promise: 'techhubs city X' builds the Click form of one command, not all 22
    (Typer builds every command's options at start-up: most of a warm run's own time)."""
    from techhubs.cli.commands import command

    root = command()
    assert '"id": "shenzhen"' in _invoke(root, ["city", "shenzhen", "--json"])
    assert list(root.commands._built) == ["city"]
    assert len(root.commands) > 15


def test_a_run_imports_only_its_own_command_module(tmp_path: Path) -> None:
    """Promise: 'techhubs city X' imports the module of the lookups alone, not the
    other command modules, whose 19 signatures each build their options' objects at
    import (~8 ms of a warm 'city --json'); help imports them all."""
    probe = (
        "import sys, io, contextlib\n"
        "from techhubs.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = main(sys.argv[1:])\n"
        "assert code == 0, code\n"
        "prefix = 'techhubs.cli.commands.'\n"
        "print(sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix)))\n"
    )

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("TECHHUBS_DATA", None)
    env.pop("TECHHUBS_NO_CACHE", None)

    def modules(*args: str) -> list[str]:
        found = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        names: list[str] = yaml.safe_load(found.stdout)
        return names

    assert modules("city", "shenzhen", "--json") == ["lookup"]
    assert modules("company", "tencent") == ["lookup"]
    assert modules("search", "silicon") == ["lists"]
    assert modules("data", "path") == ["upkeep"]
    from techhubs.cli.commands import MODULES

    every = sorted(set(MODULES.values()))
    assert modules("--help") == every and len(every) == 6


def test_a_command_missing_from_its_module_is_a_bug(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name in MODULES whose module declares no such command is reported as a bug
    (exit 70), not as an unknown command with itself for a suggestion."""
    from techhubs.cli import commands

    monkeypatch.setitem(commands.MODULES, "bogus", "lookup")
    result = run("bogus")
    assert result.exit_code == ExitCode.INTERNAL
    assert "'bogus' is not declared where it is said to be" in result.stderr
    assert "did you mean" not in result.stderr.lower()


def test_lazy_commands_change_no_help() -> None:
    """Promise: help, for the app and every command, is what Typer's own eager build
    prints, word for word."""
    import typer

    from techhubs.cli.commands import command, loaded

    eager, lazy = typer.main.get_command(loaded()), command()
    names = list(eager.commands)  # type: ignore[attr-defined]
    assert names == list(lazy.commands)
    # loaded() registers them in MODULES' order, so that order is pinned here: it is
    # the order help lists them in (the one the single commands.py declared them in)
    assert names == [
        "city", "cities", "compare", "rank", "indicators", "trend", "similar", "company",
        "companies", "area", "areas", "search", "overview", "map", "export", "fields",
        "schema", "completion", "data", "cache",
    ]  # fmt: skip
    runs = [["--help"], ["data"], ["data", "validate", "--help"], ["cache", "info", "--help"]]
    for args in runs + [[name, "--help"] for name in names]:
        shown = _invoke(eager, args)
        assert shown and shown == _invoke(lazy, args), args


@pytest.mark.parametrize(
    "args",
    [
        ["cities", "--json", "--nosuch"],
        ["cities", "--json", "--limit", "x"],
        ["city", "--json"],
        ["cities", "-o", "json", "--nosuch"],
        ["cities", "--format=json", "--nosuch"],
        ["cities", "--query", "[0]", "--nosuch"],
        ["cities", "--nosuch", "--json"],  # asked for after the bad word
        ["data", "validate", "--bad", "--json"],
    ],
)
def test_a_parse_error_answers_in_json_when_json_was_asked_for(run: Run, args: list[str]) -> None:
    """Fresh eyes: 'cities --json --nosuch' (or a bad --limit, or a missing name)
    wrote plain text, where '--status foo' wrote JSON: Click stops before the
    options that ask for JSON are read."""
    result = run(*args)
    assert result.exit_code == 2
    assert result.error()["code"] == "usage"


def test_a_parse_error_is_text_when_another_format_is_asked_for(run: Run) -> None:
    result = run("cities", "-o", "csv", "--nosuch")
    assert result.exit_code == 2 and result.stderr.startswith("techhubs: error: no such option")


def test_a_picture_of_a_query_answer_without_records_is_refused(run: Run, tmp_path: Path) -> None:
    """Fresh eyes: "cities --query '[0].id' -o table --save-svg q.svg" printed the
    value, exit 0, and wrote no file; and '-o csv --save-svg' blamed --json."""
    picture = tmp_path / "q.svg"
    result = run("cities", "--query", "[0].id", "-o", "table", "--save-svg", str(picture))
    assert result.exit_code == 2 and result.stdout == "" and not picture.exists()
    assert "this query's answer is values, not records" in result.stderr
    records = run("cities", "--query", "[?status=='emerging']", "-o", "table", "--save-svg",
                  str(picture))  # fmt: skip
    assert records.exit_code == 0 and picture.read_text(encoding="utf-8").startswith("<svg")
    implicit = run("cities", "--query", "[0]", "--save-svg", str(picture)).error()["message"]
    assert "--query, which answers in JSON unless -o says otherwise" in implicit
    csv_ = run("cities", "-o", "csv", "--save-svg", str(tmp_path / "x.svg"))
    assert csv_.stderr == (
        "techhubs: error: --save-svg saves the table; it cannot be combined with --format csv."
        " Run 'techhubs cities --help' for usage.\n"
    )


@pytest.mark.parametrize(
    ("kind", "listing"),
    [
        ("company", ["companies"]),
        ("city", ["cities"]),
        ("indicator", ["indicators"]),  # derived.by.id: a list two levels down
        ("similar", ["similar", "sz"]),  # shared.companies.id
        ("rank", ["rank"]),
        ("hit", ["search", "silicon"]),
        ("area", ["areas"]),
    ],
)
def test_fields_names_every_column_of_the_csv(run: Run, kind: str, listing: list[str]) -> None:
    """Fresh eyes: 'fields company' left out focus_areas.id, cities.relation and
    the other columns the CSV header writes for a list of references, though it
    says it lists 'the names --fields and the CSV header use'; and its caption's
    example of a dotted name ('--fields indicators') was not one."""
    header = next(csv.reader(io.StringIO(run(*listing, "-o", "csv").stdout)))
    named = [f["name"] for f in run("fields", kind, "--json").json()]
    assert set(header) <= set(named), set(header) - set(named)
    caption = run("fields", kind).stdout.strip().splitlines()[-1]
    if any("." in name for name in named):  # else there is no caption
        assert caption.startswith("Dotted names reach inside a record: --fields ")
        assert "." in caption.removesuffix(".").rsplit(" ", 1)[-1]


def test_fields_of_a_document_part_and_of_focus_area_say_what_works(run: Run) -> None:
    """Fresh eyes (ux12 #7): 'fields figure_row' ended 'Dotted names reach inside a
    record: --fields growth.since', which compare refuses in CSV, JSON and YAML (the
    figure rows are a part of its document); 'fields focus_area' showed area's
    fields, and 'fields' gave focus_area no meaning."""
    assert "Dotted names" not in run("fields", "figure_row").stdout
    assert run("compare", "sz", "bj", "--growth", "--fields", "growth.since", "--json").exit_code
    names = [f["name"] for f in run("fields", "focus_area", "--json").json()]
    assert names == ["id", "name", "name_zh", "aliases", "description"]
    assert "cities" in [f["name"] for f in run("fields", "focus-area", "--json").json()]
    kinds = {f["name"]: f["meaning"] for f in run("fields", "--json").json()}
    assert kinds["focus_area"] == "in the data file (export)"


def test_export_errors_name_what_the_options_take(run: Run) -> None:
    """Fresh eyes: 'export -o csv' offered 'focus_areas' where --part takes
    'focus-areas'; 'export --part companies' did not say to add -o csv; and
    Click named the option "'--part' / '--kind'"."""
    need = run("export", "--format", "csv").stderr
    assert "one of: cities, companies, focus-areas, indicators" in need
    yaml_ = run("export", "--part", "companies").stderr
    assert "add -o csv or -o markdown (e.g. 'techhubs export -o csv --part companies')" in yaml_
    bad = run("export", "--format", "csv", "--part", "cty").stderr
    assert bad.startswith("techhubs: error: invalid value for '--part': 'cty' is not one of")
    assert run("export", "--format", "csv", "--part", "focus-areas").exit_code == 0


@pytest.mark.parametrize(
    ("words", "expected"),
    [("techhubs city X", {"Xian", "XA"}), ("techhubs city Ch", {"Chengdu", "Chéngdū"})],
)
def test_completion_offers_no_name_the_shell_would_misread(
    words: str, expected: set[str], tmp_path: os.PathLike[str]
) -> None:
    """Fresh eyes: 'city X<TAB>' offered Xi'an, which bash inserts unquoted and
    so opens a quote (and 'city Ch' Chang'an); each has a spelling without."""
    result = _complete(words, str(len(words.split()) - 1), tmp_path)
    assert set(result.stdout.split()) == expected


def test_a_command_option_before_the_command_says_where_it_goes(run: Run) -> None:
    """Fresh eyes: 'techhubs --json cities' said "no such option --json; did you
    mean --version?"."""
    result = run("--json", "cities")
    assert result.exit_code == 2 and result.stderr == (
        "techhubs: error: --json is an option of the commands: put it after the command, "
        "e.g. 'techhubs cities --json'.\n"
    )
    plain = run("-o", "csv", "cities")
    assert plain.exit_code == 2 and "put it after the command" in plain.stderr
    # any command's option, read from the commands (a review: '--by' had no hint)
    by = run("--by", "gdp", "rank").stderr
    assert "e.g. 'techhubs rank --by ...'" in by
    nested = run("data", "--json", "validate").stderr  # a group's command, too
    assert "e.g. 'techhubs data validate --json'" in nested


def test_a_second_look_at_a_bad_command_line_runs_no_option(run: Run) -> None:
    """The options of a command line Click could not parse are read again to see
    whether JSON was asked for; that look must not act on them ('--version'
    printed the version before the error)."""
    result = run("--version", "--nosuch")
    assert result.exit_code == 2 and result.stdout == ""
    assert run("--version").stdout == f"techhubs {__version__}\n"


def test_messages_say_what_is_true_and_what_to_do(run: Run) -> None:
    """Fresh eyes (ux11 #17): a JMESPath type error was 'not valid JMESPath' with a
    300-character record; 'city ""' suggested "search ''", itself a usage error;
    'search 东湖 --kind company' said nothing matches though a district does;
    'schema error' was titled 'techhubs error --json'; 'fields nothing' asked
    'did you mean warning?'; '--limit 0' and 'unknown field' lacked the 'Run
    --help' ending the other option errors have."""
    typed = run("cities", "--query", "sort_by(@, &population)")
    assert typed.exit_code == 2
    message = typed.error()["message"]
    assert "not valid" not in message and "'id': 'beijing'" not in message
    assert "sort_by() takes" in message and "population.value" in message
    assert "was given an object" in message  # round 13: jmespath's own type names too
    # round 12: JMESPath's type names, not Python's; the figure hint only for figures
    summed = run("cities", "--query", "sum([].name)").error()["message"]
    assert "was given a string" in summed and ".value" not in summed
    # ux12: a function's types in words, the hint not for a record holding a figure
    records = run("cities", "--query", "sum(@)").error()["message"]
    assert "sum() takes an array of numbers, and was given an object." in records
    assert ".value" not in records
    nan = run("cities", "--query", "to_number('nan')").error()["message"]
    assert nan.startswith("--query's answer holds NaN") and nan.endswith("for usage.")
    empty = run("city", "")
    assert empty.exit_code == 2 and "search ''" not in empty.stderr
    assert "give one, e.g. 'techhubs city shenzhen'" in empty.stderr
    kinds = run("search", "东湖", "--kind", "company")
    assert kinds.exit_code == 1 and "(it matches a district" in kinds.stderr
    assert "drop --kind" in kinds.stderr
    assert run("schema", "error").json()["title"] == "techhubs error (stderr, with --json)"
    assert "did you mean" not in run("fields", "nothing").stderr
    for args in (["rank", "--limit", "0"], ["cities", "--fields", "nosuch"]):
        assert run(*args).stderr.rstrip().endswith(f"Run 'techhubs {args[0]} --help' for usage.")


def test_usage_errors_point_at_the_right_help_and_say_plainly(run: Run) -> None:
    """Fresh eyes (ux12 #10): an option's missing value pointed at 'techhubs --help'
    (Click raised it without the command's context); a bad boolean variable listed
    its words from an empty one (', 0, 1, f, …'); 'search %' said to give some
    text, though text was given."""
    missing = run("cities", "--json", "--sort")
    assert missing.exit_code == 2
    assert missing.error()["message"] == (
        "option '--sort' requires an argument. Run 'techhubs cities --help' for usage."
    )
    nested = run("data", "validate", "--part").stderr
    assert nested.endswith("Run 'techhubs data validate --help' for usage.\n")
    symbol = run("search", "%")
    assert symbol.exit_code == 2
    assert "'%' has no letters or digits to search for" in symbol.stderr
    assert '"\'" has no letters or digits' in run("search", "'").stderr  # round 13
    assert "give some text" in run("search", " ").stderr
    flag = run("cities", env={"TECHHUBS_DEBUG": "2"})  # (set for the rest of the test)
    assert flag.exit_code == 2 and "Recognized values: ," not in flag.stderr
    assert "'2' is not a valid boolean; use 1 or 0, true or false, yes or no, on or off." in (
        flag.stderr
    )


def test_a_query_table_says_what_was_asked(run: Run) -> None:
    """Fresh eyes (ux12 #10): a --query answer drawn as a table was titled 'query',
    and --raw's help did not say it works only with --query."""
    table = run("cities", "--query", "[].{a:id}", "-o", "table").stdout
    assert table.splitlines()[0] == "China's technology hubs, --query [].{a:id}"
    helped = " ".join(run("cities", "--help").stdout.split())
    assert "With --query: write strings unquoted, one per line" in helped


def test_every_help_fits_80_columns(run: Run) -> None:
    """Round 13 (L5): 'export --help' at 80 columns had an 86-cell line, its --part
    choices as a metavar (Click does not wrap the option column). Every command's
    help, and the groups' commands', fits the width it is given."""
    from techhubs.cli.commands import MODULES

    groups = {"data": ["validate", "path"], "cache": ["info", "clear"]}
    helps = [[name] for name in MODULES]
    helps += [[group, sub] for group, subs in groups.items() for sub in subs]
    for words in [[], *helps]:
        shown = run(*words, "--help", env={"COLUMNS": "80"}).stdout
        widest = max(cell_len(line) for line in shown.splitlines())
        assert widest <= 80, (words, widest)


@pytest.mark.parametrize(
    "name",
    [
        "a\tb",
        "\udcff\udcfe",
        "a\u0085b",
        "x\\y\tz",
        "it's\tok",
        "-qqqq",
        "-x y",
        "-a\tb",
        "nosuchplace",
    ],
)
def test_the_search_a_miss_suggests_looks_for_the_name_typed(run: Run, name: str) -> None:
    """Bug (ux14 #4): the suggested search wrote an undecodable byte as $'\\udcff'
    (bash: the bytes ED B3 BF), U+0085 as \\x85 (bash: the byte 0x85), a name
    starting with '-' as an option. bash reads the suggestion back as the bytes typed."""
    import os
    import re
    import subprocess

    result = run("similar", "--", name)
    assert result.exit_code == 1
    found = re.search(r"or (['\"])(techhubs search .*)\1 to look for it anywhere", result.stderr)
    assert found is not None, result.stderr
    words = found.group(2).removeprefix("techhubs search ")
    out = subprocess.run(
        ["bash", "-c", f"printf '%s\\0' {words}"], capture_output=True, check=True
    ).stdout
    args = out.split(b"\0")[:-1]
    assert (args[0] == b"--") is name.startswith("-")  # not read as an option
    assert args[1:] == [os.fsencode(name)] if args[0] == b"--" else args == [os.fsencode(name)]
    if args[0] == b"--":  # and the search runs as suggested: no usage error
        assert run("search", "--", name).exit_code in (0, 1)


@pytest.mark.parametrize("name", ["%", "ab" * 50])
def test_a_miss_suggests_no_search_that_cannot_be_run(run: Run, name: str) -> None:
    """ux14 #4: '%' (no letter or digit: search refuses it) and a name cut at 80
    characters were offered 'techhubs search …' that could not be run as written."""
    result = run("company", name)
    assert result.exit_code in (1, 2)
    assert "techhubs search" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["similar", ""],
        ["trend", ""],
        ["trend", "sz", "!!"],
        ["compare", "sz", ""],
        ["map", "--focus", ""],
    ],
)
def test_an_empty_name_is_a_usage_error_everywhere(run: Run, args: list[str]) -> None:
    """ux14 #4: 'city ""' was exit 2 ("is no city's name"), but similar, trend and
    compare answered 'no city called ""' with exit 1, and 'map --focus ""' too,
    though a filter given no name is exit 2 (README)."""
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "give" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--by", "x" * 5000],
        ["cities", "--sort", "x" * 5000],
        ["rank", "--limit", "x" * 5000],
        ["rank", "--year", "x" * 5000],
        ["cities", "--limit", "it's " + "x" * 5000],  # Click quotes it in "…" (round 14)
    ],
)
def test_a_long_value_is_echoed_cut_as_everywhere(run: Run, args: list[str]) -> None:
    """ux14 #8: most errors echo a value's first 80 characters, but --by and --sort
    echoed 5,000 (2 KB of stderr) and --limit and --year 400."""
    result = run(*args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "x" * 70 + "…" in result.stderr and len(result.stderr) < 300, len(result.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["shenzhen"], "no such command 'shenzhen'; to look it up, run 'techhubs city shenzhen'."),
        (["ai"], "run 'techhubs area ai'."),
        (["腾讯"], "run \"techhubs company '腾讯'\"."),
        (["xi'an"], 'no such command "xi\'an"; to look it up, run'),
        (["cty", "sz"], "no such command 'cty'; did you mean 'city'?"),
        (
            ["comapre", "sz"],
            "no such command 'comapre'; did you mean 'compare', 'companies' or 'map'?",
        ),
        (["zzzq"], "no such command 'zzzq'. Run 'techhubs --help' for usage."),
    ],
)
def test_a_name_where_a_command_goes_points_to_its_lookup(
    run: Run, args: list[str], message: str
) -> None:
    """Fresh eyes (ux15 #17): 'techhubs shenzhen', a likely first try, said only
    "no such command 'shenzhen'"."""
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "count"),
    [
        (["cities"], "12 of 12 hubs."),
        (["rank", "--limit", "3"], "3 of 12 hubs."),
        (["similar", "shenzhen"], "11 hubs."),
        (["areas", "--sort", "name"], "21 focus areas."),
        (["companies", "--limit", "2"], "2 of 52 companies."),
        (["search", "silicon", "--kind", "company"], "matches for 'silicon' among company hits."),
    ],
)
def test_every_list_counts_in_one_way(run: Run, args: list[str], count: str) -> None:
    """A list's count line names hubs as hubs and is a sentence, in every command.
    (Before: rank counted '3 of 12 cities.'; areas, companies and search had no full stop.)"""
    result = run(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert any(line.startswith(count) or line.endswith(count) for line in lines), lines[-6:]


@pytest.mark.parametrize(
    ("command", "kind"),
    [("rank", "rank"), ("similar", "similar"), ("search", "hit"), ("cities", "city"),
     ("companies", "company"), ("areas", "area")],
)  # fmt: skip
def test_sort_help_names_the_fields_it_takes(run: Run, command: str, kind: str) -> None:
    """Fresh eyes (ux16 #14): --sort's help said '(see --json)' in rank, similar and
    search, '(see 'techhubs fields city')' elsewhere, and '(a place, 1 first)' where
    the records hold no place. Every list now names its own kind of record."""
    shown = " ".join(run(command, "--help", env={"COLUMNS": "200"}).stdout.split())
    assert f"(see 'techhubs fields {kind}')" in shown and "see --json" not in shown
    assert ("(a place, 1 first)" in shown) == (command == "rank")
    assert run("fields", kind, "--json").exit_code == 0


def test_a_count_sort_of_companies_says_what_they_sort_by(run: Run) -> None:
    """Fresh eyes (ux16 #14): 'companies --sort focus-areas' said companies sort by
    name or a figure, though any field of theirs ('--sort founded') works."""
    result = run("companies", "--sort", "focus-areas")
    assert result.exit_code == 2
    assert "any field of their records (see 'techhubs fields company')" in result.stderr
    assert run("companies", "--sort", "founded", "--json").exit_code == 0


@pytest.mark.parametrize("cached", [True, False])
def test_search_finds_a_word_in_its_other_forms(run: Run, cached: bool) -> None:
    """Fresh eyes (ux17 #10): 'search "optical valley"' put Wuhan, the Optics Valley
    of China, last (15, its fields holding 'valley' alone) below two descriptions
    that say 'optical'; 电动车, the everyday word for an EV, found nothing."""
    extra = [] if cached else ["--no-cache"]
    hits = run("search", "optical valley", "--json", *extra).json()
    assert (hits[0]["kind"], hits[0]["id"], hits[0]["matched"]) == ("city", "wuhan", "nicknames")
    # a stem's match scores below the words as written in the same field
    typed = run("search", "optics valley", "--json", *extra).json()[0]
    assert typed["id"] == "wuhan" and typed["score"] > hits[0]["score"]
    # warm or cold, the same hits
    other = ["--no-cache"] if cached else []
    assert run("search", "optical valley", "--json", *other).json() == hits
    ev = run("search", "电动车", "--json", *extra).json()
    assert ev[0]["id"] == "electric-vehicles" and ev[0]["matched"] == "aliases"
    # a short word is searched as typed: 'ai' is no fragment of Shanghai
    assert not any(h["id"] == "shanghai" for h in run("search", "ai", "--json", *extra).json())


def test_a_warm_search_by_stems_finds_what_a_cold_one_does(run: Run, tmp_path: Path) -> None:
    """round20 #5: the store picks the rows a warm search ranks; a row that holds a
    word's stem but not the word ('batteries': 'battery') must be picked too, or a
    warm search finds less than a cold one (1 hit against 4)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for words in ("batteries", "optical", "computing", "byd batteries", "optical valley"):
        cold = run("search", *words.split(), "--json", "--no-cache", env=env)
        run("search", *words.split(), "--json", env=env)  # fills the store
        warm = run("search", *words.split(), "--json", env=env)
        assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout), words
    assert list((tmp_path / "cache" / "techhubs").glob("records-*.sqlite"))


def test_stems_add_no_unrelated_hits(run: Run) -> None:
    """round20 #3: '-al' made 'internal' find the internet and International, and
    'universal' universities; it is dropped only after '-ic' ('optical')."""
    from techhubs.core.search import stem

    assert [stem(w) for w in ("internal", "universal", "general", "electrical")] == [
        "internal",
        "universal",
        "general",
        "electric",
    ]
    assert run("search", "universal", "--json").exit_code == 1
    # words held between fields count by their stems too (round20 #6)
    assert ("company", "byd") in {
        (h["kind"], h["id"]) for h in run("search", "byd", "batteries", "--json").json()
    }


def test_a_citys_companies_rank_below_what_speaks_of_the_city(run: Run) -> None:
    """round20 #8: a company headquartered in Beijing (50) outranked Beijing's
    districts that name it in their description (40)."""
    hits = run("search", "beijing", "--json").json()
    based = [h for h in hits if h["matched"] == "headquarters"]
    districts = [h for h in hits if h["kind"] == "district" and h["city"] == "beijing"]
    assert based and districts
    assert max(h["score"] for h in based) < min(h["score"] for h in districts)


def test_a_stem_is_the_word_less_an_ending() -> None:
    from techhubs.core.search import stem, stems_of

    assert [stem(w) for w in ("optical", "optics", "batteries", "computing", "valley")] == [
        "optic",
        "optic",
        "batter",
        "comput",
        "valle",
    ]
    # too short to mean the same word, or not all letters: as typed
    assert [stem(w) for w in ("cars", "bytes", "5g", "h100", "电动车")] == [
        "cars",
        "bytes",
        "5g",
        "h100",
        "电动车",
    ]
    assert stems_of(["silicon", "china"]) == []  # nothing to add to the search
    assert stems_of(["optical", "china"]) == ["optic", "china"]


@pytest.mark.parametrize("cached", [True, False])
def test_search_finds_a_company_by_its_headquarters(run: Run, cached: bool) -> None:
    """Fresh eyes (ux18 #1): 'search byd shenzhen' found nothing (exit 1), though
    BYD's profile says Headquarters Shenzhen: a company's headquarters was not
    searched, so a company and its city could not be asked for together."""
    extra = [] if cached else ["--no-cache"]
    for words, company in (
        ("byd shenzhen", "byd"),
        ("xiaomi beijing", "xiaomi"),
        ("sungrow hefei", "sungrow"),
        ("tencent shenzhen", "tencent"),
    ):
        result = run("search", *words.split(), "--json", *extra)
        assert result.exit_code == 0, result.stderr
        assert ("company", company) in {(h["kind"], h["id"]) for h in result.json()}
    # a city's name finds the companies based there, below the city itself
    hits = run("search", "shenzhen", "--json", *extra).json()
    assert (hits[0]["kind"], hits[0]["id"]) == ("city", "shenzhen")
    based = {h["id"] for h in hits if h["kind"] == "company" and h["matched"] == "headquarters"}
    companies = run("companies", "--city", "shenzhen", "--json").json()
    headquartered = {c["id"] for c in companies if c["headquarters"]["id"] == "shenzhen"}
    assert based == headquartered
    other = ["--no-cache"] if cached else []
    assert (
        run("search", "byd", "shenzhen", "--json", *other).json()
        == run("search", "byd", "shenzhen", "--json", *extra).json()
    )
