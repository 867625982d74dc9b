"""Issue 12 (part): every CSV output is exactly one table, its columns fixed by the records."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import Run

COMMANDS = [
    ["city", "shenzhen"],
    ["city", "nanjing", "sz"],
    ["cities"],
    ["compare", "sz", "hz"],
    ["compare", "huawei", "tencent"],
    ["company", "tencent"],
    ["companies"],
    ["area", "ai"],
    ["areas"],
    ["search", "valley"],
    ["overview"],
    ["rank", "--by", "gdp"],
    ["similar", "wuhan"],
    ["indicators"],
    ["trend", "wuhan", "chengdu"],
    ["map"],
    ["data", "validate"],
    ["export", "--part", "observations"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_csv_is_one_table(run: Run, args: list[str]) -> None:
    result = run(*args, "-o", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and not lines[0].startswith("#")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    width = len(rows[0])
    assert all(len(row) == width for row in rows), "every row has the header's columns"
    assert all(cell for cell in rows[0]), "no empty column name"
    assert "" not in lines  # no blank line between tables: there is one table


def test_a_part_is_chosen_by_name(run: Run) -> None:
    out = run("overview", "-o", "csv", "--part", "opportunities").stdout
    assert [r["name"] for r in csv.DictReader(io.StringIO(out))] == [
        "5G",
        "Artificial intelligence",
        "Renewable energy",
    ]
    wrong = run("overview", "-o", "csv", "--part", "nope")
    assert wrong.exit_code == 2 and "Choose from: cities, government-support" in wrong.stderr
    assert run("overview", "--json", "--part", "cities").exit_code == 2


def test_markdown_keeps_every_part_unless_one_is_named(run: Run) -> None:
    md = run("overview", "-o", "markdown").stdout
    assert "## cities" in md and "## opportunities" in md
    one = run("overview", "-o", "markdown", "--part", "challenges").stdout
    assert "## " not in one and one.startswith("| name |")


def test_a_null_leaves_the_nested_columns_empty(tmp_path: object, run: Run) -> None:
    """No bare 'gdp' column beside 'gdp.value' when one city lacks a figure."""
    out = run("cities", "-o", "csv", "--fields", "id,gdp_per_capita").stdout
    header = next(csv.reader(io.StringIO(out)))
    assert header == [
        "id",
        "gdp_per_capita.value",
        "gdp_per_capita.year",
        "gdp_per_capita.source",
        "gdp_per_capita.url",
        "gdp_per_capita.note",
        "gdp_per_capita.period_end",
    ]
    rows = list(csv.DictReader(io.StringIO(out)))
    missing = [r for r in rows if r["gdp_per_capita.value"] == ""]
    assert missing and all(r["gdp_per_capita.year"] == "" for r in missing)


# -- global options and piped tables ----------------------------------------------------------


def test_global_options_work_after_the_command(run: Run, tmp_path: object) -> None:
    """Issue 12: 'techhubs rank --no-color' was an error; now it is as before the command."""
    assert run("rank", "--no-color").exit_code == 0
    missing = run("city", "sz", "--data", "no-such.yaml")
    assert missing.exit_code == 3 and "no-such.yaml: no such file" in missing.stderr
    assert run("city", "sz", "--no-cache", "--json").json()["id"] == "shenzhen"
    assert "--data FILE" in run("city", "--help").stdout


@pytest.mark.parametrize(
    "args", [["cities"], ["city", "wuhan"], ["compare", "bj", "hz"], ["rank"], ["indicators"]]
)
def test_piped_tables_have_no_trailing_spaces(run: Run, args: list[str]) -> None:
    out = run(*args).stdout
    assert out and not [line for line in out.splitlines() if line.endswith(" ")]


def test_help_summaries_are_whole(run: Run) -> None:
    listing = run("--help").stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in listing
    assert "Examples:" in run("data", "--help").stdout


# -- --query in every format -----------------------------------------------------------------


def test_query_renders_records_in_the_format_asked(run: Run) -> None:
    expression = "[?founded > `2010`].{id: id, founded: founded}"
    wanted = [
        {"id": c["id"], "founded": c["founded"]}
        for c in run("companies", "--json").json()
        if c["founded"] is not None and c["founded"] > 2010
    ]
    assert run("companies", "--query", expression).json() == wanted  # json by default
    rows = list(
        csv.DictReader(io.StringIO(run("companies", "--query", expression, "-o", "csv").stdout))
    )
    assert rows == [{k: str(v) for k, v in w.items()} for w in wanted]
    title, body = run("companies", "--query", expression, "-o", "table").stdout.split("\n", 1)
    assert title == f"Companies, --query {expression}"  # what was asked, of what
    assert "founded" in body and "{" not in body  # rows, not JSON
    md = run("companies", "--query", expression, "-o", "markdown").stdout
    assert md.startswith("| id | founded |")


def test_query_values_are_lines_and_raw_strips_quotes(run: Run) -> None:
    emerging = [c["id"] for c in run("cities", "--json").json() if c["status"] == "emerging"]
    expression = "[?status=='emerging'].id"
    assert run("cities", "--query", expression).json() == emerging
    assert run("cities", "--query", expression, "--raw").stdout.split() == emerging
    assert run("cities", "--query", expression, "-o", "csv").stdout.split() == emerging
    assert run("city", "sz", "--query", "name", "-r").stdout == "Shenzhen\n"


# -- filters -----------------------------------------------------------------------------------


def _ids(run: Run, *args: str) -> list[str]:
    return [c["id"] for c in run(*args, "--json").json()]


def test_repeated_filters_mean_any_and_commas_the_same(run: Run) -> None:
    """'cities --focus ai --focus ev' kept only the last filter; now it is either."""
    ai = set(_ids(run, "cities", "--focus", "ai"))
    ev = set(_ids(run, "cities", "--focus", "ev"))
    either = _ids(run, "cities", "--focus", "ai", "--focus", "ev")
    assert set(either) == ai | ev and ai - ev and ev - ai
    assert _ids(run, "cities", "--focus", "ai,ev") == either
    sz = set(_ids(run, "companies", "--city", "sz"))
    hz = set(_ids(run, "companies", "--city", "hz"))
    assert set(_ids(run, "companies", "--city", "sz", "--city", "hz")) == sz | hz
    both = set(_ids(run, "companies", "--city", "sz,hz", "--focus", "ai"))
    assert both == (sz | hz) & set(_ids(run, "companies", "--focus", "ai"))  # filters AND
    title = run("companies", "--city", "sz,hz").stdout.splitlines()[0]
    assert title == "Companies in Shenzhen or Hangzhou"


def test_the_search_footer_counts_true(run: Run) -> None:
    """'search ai --limit 3' said '3 matches' while 21 matched."""
    total = len(run("search", "ai", "--json").json())
    limited = run("search", "ai", "--limit", "3")
    assert len(run("search", "ai", "--limit", "3", "--json").json()) == 3
    assert f"3 of {total} matches for 'ai'" in limited.stdout


# -- files ---------------------------------------------------------------------------------------


def test_export_reads_the_format_from_the_file_name(run: Run, tmp_path: Path) -> None:
    """'export out.csv' wrote YAML into out.csv; now the extension names the format."""
    target = tmp_path / "companies.csv"
    result = run("export", str(target), "--part", "companies")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"techhubs: wrote {target} (csv)\n"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {r["id"] for r in rows} >= {"tencent", "huawei"}
    clash = run("export", str(tmp_path / "other.csv"), "-o", "yaml")
    assert clash.exit_code == 2 and "named like csv but --format yaml" in clash.stderr
    assert not (tmp_path / "other.csv").exists()
    assert run("export", "-").stdout == run("export").stdout  # '-' is standard output


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o"), ("zsh", "#compdef"), ("fish", "complete --command")],
)
def test_completion_prints_the_script_of_the_shell_named(run: Run, shell: str, marker: str) -> None:
    """'--show-completion zsh' printed bash; 'completion SHELL' prints SHELL's script."""
    result = run("completion", shell)
    assert result.exit_code == 0 and marker in result.stdout
    assert "_TECHHUBS_COMPLETE" in result.stdout


def test_fields_take_the_dotted_names_of_the_csv_header(run: Run) -> None:
    city = run("city", "sz", "--json", "--fields", "name,population.value,population.year").json()
    full = run("city", "sz", "--json").json()
    assert city == {
        "name": "Shenzhen",
        "population": {k: full["population"][k] for k in ("value", "year")},
    }
    out = run("cities", "-o", "csv", "--fields", "name,population.value,gdp").stdout
    header = next(csv.reader(io.StringIO(out)))
    assert header == [
        "name",
        "population.value",
        "gdp.value",
        "gdp.year",
        "gdp.source",
        "gdp.url",
        "gdp.note",
        "gdp.period_end",
    ]
    wrong = run("city", "sz", "--json", "--fields", "population.size")
    assert wrong.exit_code == 2
    assert "'techhubs fields city' lists them" in wrong.error()["message"]  # where they are


def test_sort_reverse_and_limit_on_the_list_commands(run: Run) -> None:
    ranked = run("rank", "--by", "gdp", "--json").json()
    known = [r for r in ranked if r["rank"] is not None]
    backwards = run("rank", "--by", "gdp", "--reverse", "--limit", "3", "--json").json()
    assert [r["id"] for r in backwards] == [r["id"] for r in reversed(known)][:3]
    names = [a["name"] for a in run("areas", "--sort", "name", "--json").json()]
    assert names == sorted(names, key=str.casefold)
    assert len(run("areas", "--limit", "4", "--json").json()) == 4
    busiest = run("areas", "--sort", "companies", "--json").json()
    counts = [len(a["companies"]) for a in busiest]
    assert counts == sorted(counts, reverse=True)
    least = run("companies", "--sort", "revenue", "--reverse", "--limit", "1", "--json").json()
    with_revenue = [
        c
        for c in run("companies", "--sort", "revenue", "--json").json()
        if next(i for i in c["indicators"] if i["id"] == "revenue")["currency"] is None
        and next(i for i in c["indicators"] if i["id"] == "revenue")["latest"]
    ]
    assert least[0]["id"] == with_revenue[-1]["id"]  # those without it stay last
    assert run("rank", "--limit", "0").exit_code == 2


def test_a_picture_can_go_to_standard_output(run: Run, tmp_path: Path) -> None:
    out = run("city", "sz", "--save-svg", "-").stdout
    assert out.startswith("<svg") and "Shenzhen" in out and "╭" not in out.split("<svg")[0]
    same = run("city", "sz", "--save-svg", str(tmp_path / "a"), "--save-html", str(tmp_path / "a"))
    assert same.exit_code == 2 and "name the same file" in same.stderr


def _header(run: Run, *args: str) -> list[str]:
    result = run(*args, "-o", "csv")
    assert result.exit_code == 0, result.stderr
    return next(csv.reader(io.StringIO(result.stdout)))


def test_one_record_has_the_columns_of_its_kind_whatever_its_values(run: Run) -> None:
    """On the old code 'city nanjing -o csv' had a bare 'gdp_per_capita' column
    (its value is null) where 'city sz -o csv' had gdp_per_capita.value/.year/.source."""
    assert _header(run, "city", "nanjing") == _header(run, "city", "shenzhen")
    assert _header(run, "company", "bytedance") == _header(run, "company", "tencent")
    assert "gdp_per_capita.value" in _header(run, "city", "nanjing")


def test_references_are_ids_in_one_column_and_names_in_another(run: Run) -> None:
    """On the old code a row wrote 'headquarters' as an id but 'cities' as names."""
    rows = list(csv.DictReader(io.StringIO(run("companies", "-o", "csv").stdout)))
    alibaba = next(r for r in rows if r["id"] == "alibaba")
    assert alibaba["headquarters.id"] == "hangzhou"
    assert alibaba["headquarters.name"] == "Hangzhou"
    assert alibaba["cities.id"].split("; ")[0] == "hangzhou"
    assert alibaba["cities.relation"].split("; ")[0] == "headquarters"
    assert "artificial-intelligence" in alibaba["focus_areas.id"].split("; ")
    assert "Artificial intelligence" in alibaba["focus_areas.name"].split("; ")
    assert "headquarters" not in alibaba and "cities" not in alibaba


def _split(cell: str) -> list[str]:
    """A joined list cell back into its items, as docs/formats.md says to."""
    items, current, escaped = [], "", False
    for ch in cell:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [item.removeprefix(" ") for item in items] if cell else []


def test_a_separator_inside_an_item_is_escaped(run: Run) -> None:
    """A source such as 'A; B' inside a list read back as two sources."""
    companies = run("companies", "--json").json()
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run("companies", "-o", "csv").stdout))}
    assert any(";" in s for c in companies for s in c["sources"])  # the case is in the data
    for company in companies:
        assert _split(rows[company["id"]]["sources"]) == company["sources"]


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["overview", "-o", "csv", "--part", "Government-Support"], "name"),
        (["compare", "sz", "hz", "-o", "csv", "--part", "shared-and-unique"], "city"),
        (["export", "-o", "csv", "--part", "focus-areas"], "id"),
    ],
)
def test_a_part_takes_any_spelling(run: Run, args: list[str], first: str) -> None:
    """Issue 12 review: '--part Government-Support' and 'focus-areas' were refused."""
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split(",", 1)[0] == first


def test_the_export_header_never_depends_on_the_data(run: Run, tmp_path: Path) -> None:
    """Issue 12 review: a data file without titles or websites lost those columns."""
    import yaml

    from conftest import DATA_FILE

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for city in data["cities"]:
        city.pop("titles", None)
        city.pop("landmarks", None)
    for company in data["companies"]:
        company.pop("website", None)
        company.pop("aliases", None)
    mine = tmp_path / "mine.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for part in ("cities", "companies", "observations"):
        full = _header(run, "export", "--part", part)
        trimmed = _header(run, "--data", str(mine), "export", "--part", part)
        assert trimmed == full, part


def test_an_export_of_an_empty_part_has_that_parts_header(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux11 #1, #9): a valid file without indicators crashed 'export
    --format markdown' and 'export -o csv --part indicators' (exit 70, KeyError);
    a file without companies gave the --json record's header, and one without
    observations a lone newline."""
    import json as json_module

    base = run("export", "--format", "json").json()
    bare = json_module.loads(json_module.dumps(base))
    bare["indicators"] = []
    bare["companies"] = []
    for city in bare["cities"]:
        city["companies"] = []
        city.pop("observations", None)
    mine = tmp_path / "bare.json"
    mine.write_text(json_module.dumps(bare), encoding="utf-8")
    assert run("--data", str(mine), "data", "validate").exit_code == 0
    for part in ("indicators", "companies", "observations"):
        empty = run("--data", str(mine), "export", "-o", "csv", "--part", part)
        assert empty.exit_code == 0, empty.stderr
        assert len(empty.stdout.splitlines()) == 1, part
        header = next(csv.reader(io.StringIO(empty.stdout)))
        assert header == _header(run, "export", "--part", part), part
    markdown = run("--data", str(mine), "export", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    assert "## indicators\n\n_(none)_" in markdown.stdout


def test_counts_stay_true_after_a_limit(run: Run) -> None:
    """Issue 12 review: 'companies --limit 3' said '3 companies' of 50; 'cities
    --focus ai --limit 2' said '2 of 12 hubs' where 4 match."""
    every = len(run("companies", "--json").json())
    assert run("companies", "--limit", "3").stdout.rstrip().endswith(f"3 of {every} companies.")
    matching = len(run("cities", "--focus", "ai", "--json").json())
    out = run("cities", "--focus", "ai", "--limit", "2").stdout
    assert f"2 of {matching} hubs (of 12)" in out


def test_comma_lists_work_on_every_repeatable_filter(run: Run) -> None:
    """Issue 12 review: '--status established,emerging' and '--kind city,company' exit 2."""
    both = run("cities", "--status", "established,EMERGING", "--json").json()
    assert len(both) == len(run("cities", "--json").json())
    kinds = {h["kind"] for h in run("search", "ai", "--kind", "city,company", "--json").json()}
    assert kinds == {"city", "company"}
    wrong = run("cities", "--status", "estab")
    assert wrong.exit_code == 2 and "did you mean established?" in wrong.stderr


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["cities", "-o", "cvs"], "did you mean csv?"),
        (["export", "-o", "jsno"], "did you mean json?"),
        (["cities", "--sort", "nme"], "did you mean name?"),
        (["companies", "--sort", "foundd"], "did you mean founded?"),
        (["cities", "--fields", "nmae"], "did you mean name?"),
        (["rank", "--by", "gdp", "--sort", "nmae"], "did you mean name?"),
    ],
)
def test_typos_get_the_nearest_choice(run: Run, args: list[str], hint: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert hint in result.stderr and result.stderr.count("\n") == 1


def test_the_same_file_under_two_spellings_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    """Issue 12 review: './c.svg' and 'c.svg' wrote one, then failed on the other."""
    target = tmp_path / "c.svg"
    other = tmp_path / "." / "c.svg"
    result = run("cities", "--save-svg", str(other), "--save-html", str(target))
    assert result.exit_code == 2 and "name the same file" in result.stderr
    assert not target.exists()


def test_an_export_to_an_unknown_extension_is_refused(run: Run, tmp_path: Path) -> None:
    """Issue 12 review: 'export out.txt' silently wrote YAML."""
    result = run("export", str(tmp_path / "out.txt"))
    assert result.exit_code == 2 and "name the format with --format" in result.stderr
    assert not (tmp_path / "out.txt").exists()
    assert run("export", str(tmp_path / "out.txt"), "-o", "yaml").exit_code == 0


def test_rank_sorts_by_any_field(run: Run) -> None:
    rows = run("rank", "--by", "gdp", "--sort", "name", "--json").json()
    assert [r["name"] for r in rows] == sorted((r["name"] for r in rows), key=str.casefold)


def test_sub_command_summaries_are_whole(run: Run) -> None:
    for group in ("data", "cache"):
        out = run(group, "--help", env={"COLUMNS": "200"}).stdout
        assert "..." not in out.split("Commands:")[1], group


def test_errors_are_json_only_where_the_output_is(run: Run) -> None:
    """Issue 12 review: a bad --query with -o csv answered with a JSON error."""
    plain = run("companies", "--query", "[", "-o", "csv")
    assert plain.exit_code == 2 and plain.stderr.startswith("techhubs: error: --query")
    as_json = run("companies", "--query", "[")
    assert as_json.exit_code == 2 and as_json.error()["code"] == "usage"


def test_a_table_shows_a_list_unescaped(run: Run) -> None:
    """The escaped ';' of CSV is for programs; a table is for people."""
    table = run("companies", "--fields", "name,sources").stdout
    assert "\\;" not in table
    csv_out = run("companies", "--fields", "name,sources", "-o", "csv").stdout
    assert "\\;" in csv_out


@pytest.mark.parametrize(
    ("empty", "full"),
    [
        (["companies", "--city", "tianjin", "--focus", "gaming"], ["companies"]),
        (["cities", "--status", "emerging", "--focus", "e-commerce"], ["cities"]),
    ],
)
def test_an_empty_csv_still_has_its_header(run: Run, empty: list[str], full: list[str]) -> None:
    """Fresh eyes: 'companies --city tianjin --focus gaming -o csv' wrote a lone
    newline: no header, so a CSV reader saw a file without columns."""
    nothing = run(*empty, "-o", "csv")
    assert nothing.exit_code == 0 and run(*empty, "--json").json() == []
    lines = nothing.stdout.splitlines()
    assert lines == [run(*full, "-o", "csv").stdout.splitlines()[0]]
    assert (
        run("data", "validate", "-o", "csv", "--part", "warnings").stdout == "path,line,message\n"
    )


def test_a_trend_without_points_still_has_its_header(run: Run) -> None:
    """Known limit, now mended: 'trend xian --by high-tech-enterprises -o csv' (no
    value) wrote a lone newline where a trend with points writes its header."""
    empty = ["trend", "xian", "--by", "high-tech-enterprises"]
    nothing = run(*empty, "-o", "csv")
    assert nothing.exit_code == 0
    assert run(*empty, "--json").json()["series"][0]["points"] == []
    header = run("trend", "xian", "--by", "gdp", "-o", "csv").stdout.splitlines()[0]
    assert nothing.stdout.splitlines() == [header]
    assert header.split(",")[:2] == ["city", "indicator"]
    picked = run(*empty, "-o", "csv", "--fields", "year,city")
    assert picked.exit_code == 0 and picked.stdout == "year,city\n"


def test_every_part_named_for_an_empty_header_has_a_shape() -> None:
    from techhubs.output import contract

    assert set(contract.SECTION_SHAPES.values()) <= set(contract.kinds())


def test_a_query_answer_of_lists_is_csv_rows(run: Run) -> None:
    """Fresh eyes: "cities --query '[].[id,name]' -o csv" wrote multi-line JSON
    (neither CSV nor a value a line), and a null was written 'null'."""
    rows = list(
        csv.reader(io.StringIO(run("cities", "--query", "[].[id,name]", "-o", "csv").stdout))
    )
    assert rows[0] == ["beijing", "Beijing"] and all(len(r) == 2 for r in rows)
    values = run("cities", "--query", '`[1, "a", null, true]`', "-o", "csv").stdout
    assert list(csv.reader(io.StringIO(values))) == [["1"], ["a"], [""], ["true"]]
    lines = run("cities", "--query", "[].[id,name]", "-o", "table").stdout.splitlines()
    assert lines[0] == '["beijing", "Beijing"]'


def test_fields_take_the_declared_names_when_values_are_null_or_missing(run: Run) -> None:
    """A review of the fixes above: with 'older' now null in every row of a
    ranking by growth, '--fields id,older.value' and '--sort older.value' were
    refused (names came from the values); an empty list refused every field;
    JSON '--fields companies.name' failed on a hub with no companies."""
    from techhubs.output import select

    by_growth = ("rank", "--by", "gdp", "--growth", "--year", "2025")
    growth = run(*by_growth, "-o", "csv", "--fields", "id,older.value")
    assert growth.exit_code == 0 and growth.stdout.splitlines()[0] == "id,older.value"
    assert run(*by_growth, "--sort", "older.value").exit_code == 0
    nothing = run("cities", "--status", "emerging", "--focus", "fintech", "-o", "csv",
                  "--fields", "id,population")  # fmt: skip
    assert nothing.stdout == (
        "id,population.value,population.year,population.source,population.url,population.note,"
        "population.period_end\n"
    )
    city = run("city", "beijing", "--json").json()
    assert select({**city, "companies": []}, ["id", "companies.name"]) == {
        "id": "beijing",
        "companies": [],
    }


@pytest.mark.parametrize(
    ("args", "header"),
    [
        (["cities", "--fields", "name,id"], ["name", "id"]),
        (["rank", "--fields", "source,year,value"], ["source", "year", "value"]),
        (["map", "--fields", "lon,lat"], ["lon", "lat"]),
        (["cities", "--fields", "status,id,name"], ["status", "id", "name"]),
    ],
)
def test_fields_keep_their_order_in_every_format(
    run: Run, args: list[str], header: list[str]
) -> None:
    """Fresh eyes (ux11 #7): CSV and Markdown wrote 'name,id' as id,name (the cut
    row looked like a reference), 'source,year,value' as a figure's value,year,
    source and 'lon,lat' as lat,lon; JSON and the table kept the order asked."""
    assert _header(run, *args) == header
    markdown = run(*args, "-o", "markdown").stdout.splitlines()[0]
    assert [c.strip() for c in markdown.strip("|").split("|")] == header
    if args[0] != "map":  # (a map's JSON is one document: its cities' fields are dotted)
        assert list(run(*args, "--json").json()[0]) == header


def test_overview_csv_has_the_columns_of_a_city(run: Run) -> None:
    """Fresh eyes (ux11 #8): 'overview -o csv' wrote 11 of a city's 36 columns, and
    '--fields summary' was refused, though its JSON's cities are city records."""
    assert _header(run, "overview") == _header(run, "cities")
    picked = run("overview", "-o", "csv", "--fields", "id,summary")
    assert picked.exit_code == 0, picked.stderr
    rows = list(csv.DictReader(io.StringIO(picked.stdout)))
    assert len(rows) == 12 and rows[0]["summary"]


def test_no_option_is_silently_ignored_or_collapsed(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux11 #19, #17): '--raw' without '--query' did nothing (exit 0);
    a second '--fields' replaced the first, where '--focus' adds; 'city sz sz'
    printed Shenzhen twice; '--save-svg x.html' wrote an SVG into an HTML name;
    '--part' with a table said 'not of table'."""
    raw = run("cities", "--raw")
    assert raw.exit_code == 2 and "add one (e.g. --query" in raw.stderr
    both = run("cities", "--fields", "name", "--fields", "id", "-o", "csv")
    assert both.stdout.splitlines()[0] == "name,id"
    twice = run("city", "sz", "shenzhen")
    assert twice.exit_code == 2 and "are both Shenzhen; name each city once" in twice.stderr
    picture = tmp_path / "x.html"
    misnamed = run("cities", "--save-svg", str(picture))
    assert misnamed.exit_code == 2 and "named like html" in misnamed.stderr
    assert not picture.exists()
    part = run("compare", "sz", "bj", "--part", "figures")
    assert part.exit_code == 2 and "add -o csv or -o markdown" in part.stderr


def test_markdown_shows_a_cells_text_not_its_markup(run: Run, tmp_path: Path) -> None:
    """ux14 #8: only '|' was escaped: a data file's '*star*' rendered as emphasis and
    '<b>tag</b>' as HTML in a Markdown report. An '&' is escaped only where it
    begins a character reference (ux17 #14: every 'R&D' was written 'R&amp;D')."""
    import json

    raw = run("compare", "sz", "bj", "-o", "markdown").stdout
    assert "; R&D spending;" in raw and "R&amp;D" not in raw
    data = json.loads(run("export", "--format", "json").stdout)
    data["cities"][0]["headline"] = (
        "Pipe | *star* <b>tag</b> [x](y) `c` _e_ ~~s~~ R&amp;D &#38; &#x26; R&D a\rb"
    )
    mine = tmp_path / "md.json"
    mine.write_text(json.dumps(data), encoding="utf-8")
    md = run("--data", str(mine), "cities", "-o", "markdown", "--fields", "id,headline").stdout
    row = next(line for line in md.splitlines() if "Pipe" in line)
    assert (
        r"Pipe \| \*star\* &lt;b&gt;tag&lt;/b&gt; \[x\](y) \`c\` \_e\_ \~\~s\~\~ R&amp;amp;D "
        r"&amp;#38; &amp;#x26; R&D a b" in row
    )


def test_a_figures_value_in_a_table_brings_its_year(run: Run) -> None:
    """Fresh eyes (ux16 #17): 'cities --fields name,gdp.value' drew Beijing's GDP
    of 2025 above Hangzhou's of 2024 with no year; a table now shows the year
    beside the value, while the CSV keeps exactly the columns named."""
    years = {c["name"]: c["gdp"]["year"] for c in run("cities", "--json").json()}
    assert len(set(years.values())) > 1  # the case: values of different years
    table = run("cities", "--fields", "name,gdp.value", env={"COLUMNS": "120"}).stdout
    assert table.splitlines()[2].split() == ["name", "gdp.value", "gdp.year"]
    for name, year in years.items():
        row = next(line for line in table.splitlines() if line.strip().startswith(name))
        assert row.split()[-1] == str(year), row
    rows = list(
        csv.DictReader(io.StringIO(run("cities", "--fields", "name,gdp.value", "-o", "csv").stdout))
    )
    assert list(rows[0]) == ["name", "gdp.value"]
