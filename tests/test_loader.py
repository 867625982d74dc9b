"""The loader refuses every kind of broken data file and says where the problem is.

Broken files are made from the bundled one: loaded with ``yaml.safe_load``,
changed in one place, and dumped to a temporary file, so the expected line of
each problem is found in the dumped text. Syntax errors and duplicate keys
cannot survive a round trip through PyYAML, so those files are edited as text.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import techhubs
from conftest import DATA_FILE, Run
from techhubs.core.dataset import Dataset
from techhubs.errors import DataError, ExitCode, Problem
from techhubs.loader import load_path

BUNDLED_TEXT = DATA_FILE.read_text(encoding="utf-8")
BUNDLED: dict[str, Any] = yaml.safe_load(BUNDLED_TEXT)


# -- helpers ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test starts with an empty parsed-data cache, away from the user's home.

    So each load here really reads and validates its file, and no test leaves
    anything behind in ~/.cache.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("TECHHUBS_NO_CACHE", raising=False)


def bundled() -> dict[str, Any]:
    """A fresh, mutable copy of the bundled data."""
    return copy.deepcopy(BUNDLED)


def index(items: list[dict[str, Any]], ident: str) -> int:
    """The position of the entity with id ``ident`` in a list of entities."""
    return next(i for i, item in enumerate(items) if item["id"] == ident)


def dump(tmp_path: Path, data: Any, name: str = "cities.yaml") -> Path:
    path = tmp_path / name
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def write(tmp_path: Path, text: str, name: str = "cities.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The 1-based number of the line of ``path`` that contains ``needle``.

    Without ``after`` the needle must be on exactly one line; with it, the
    first line holding the needle after the one line that is ``after``.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        starts = [n for n, line in enumerate(lines, start=1) if line == after]
        assert len(starts) == 1, f"{after!r} is on lines {starts}, expected exactly one"
        start = starts[0]
    found = [n for n, line in enumerate(lines, start=1) if n > start and needle in line]
    if after is None:
        assert len(found) == 1, f"{needle!r} is on lines {found}, expected exactly one"
    assert found, f"{needle!r} is not in {path}"
    return found[0]


def refused(path: Path) -> DataError:
    """The DataError loading ``path`` raises (the test fails if it loads)."""
    with pytest.raises(DataError) as caught:
        load_path(path)
    error = caught.value
    assert error.file == str(path)
    assert error.problems, "a DataError must list at least one problem"
    return error


def only_problem(error: DataError) -> Problem:
    assert len(error.problems) == 1, "\n".join(error.details())
    return error.problems[0]


def problem_at(error: DataError, path: str) -> Problem:
    """The problem reported for ``path`` (others may follow from the same mistake)."""
    found = [p for p in error.problems if p.path == path]
    assert found, f"no problem at {path}; got:\n" + "\n".join(error.details())
    return found[0]


def assert_rendered(error: DataError, problem: Problem) -> None:
    """details() names the file, the line and the path of ``problem``."""
    where = f"{error.file}:{problem.line}: " if problem.line is not None else f"{error.file}: "
    expected = where + (f"{problem.path}: " if problem.path else "") + problem.message
    assert expected in error.details()


# -- the bundled file ---------------------------------------------------------------------


def test_the_bundled_file_loads() -> None:
    dataset = load_path(DATA_FILE)
    assert isinstance(dataset, Dataset)
    assert [c.id for c in dataset.cities] == [c["id"] for c in BUNDLED["cities"]]


def test_load_without_a_path_uses_the_bundled_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TECHHUBS_DATA", raising=False)
    assert techhubs.load() == load_path(DATA_FILE)


def test_a_dump_of_the_bundled_data_loads(tmp_path: Path) -> None:
    # Every other test here changes one thing in such a dump; this proves the
    # dump itself is sound, so each failure is caused by that one change.
    assert load_path(dump(tmp_path, bundled())) == load_path(DATA_FILE)


# -- syntax and shape -------------------------------------------------------------------


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    good = "  headline: The Innovation Hub"
    bad = "  headline: The Innovation: Hub"  # a second ': ' starts a mapping mid-value
    assert BUNDLED_TEXT.count(good + "\n") == 1
    path = write(tmp_path, BUNDLED_TEXT.replace(good + "\n", bad + "\n"))

    problem = only_problem(error := refused(path))

    assert problem.line == line_of(path, bad)
    assert "YAML syntax error" in problem.message
    assert f"(column {bad.index(': Hub') + 1})" in problem.message
    assert_rendered(error, problem)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- meta\n- cities\n", "found a list"),
        ("just some words\n", "found text"),
        ("42\n", "found a number"),
    ],
    ids=["list", "string", "number"],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, found: str) -> None:
    problem = only_problem(error := refused(write(tmp_path, text)))
    assert problem.line == 1
    assert "must be a mapping" in problem.message
    assert found in problem.message
    assert_rendered(error, problem)


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    data = bundled()
    city = data["cities"][0]
    city["observatons"] = city.pop("observations")
    path = dump(tmp_path, data)

    problem = only_problem(error := refused(path))

    assert problem.path == "cities[0].observatons"
    assert problem.line == line_of(path, "observatons:")
    assert "unknown key 'observatons'" in problem.message
    assert "did you mean 'observations'?" in problem.message
    assert_rendered(error, problem)


def test_missing_key_names_the_entity(tmp_path: Path) -> None:
    data = bundled()
    i = index(data["cities"], "shanghai")
    del data["cities"][i]["headline"]
    path = dump(tmp_path, data)

    problem = only_problem(error := refused(path))

    assert problem.path == f"cities[{i}]"
    assert problem.message == "missing key 'headline'"
    assert problem.line == line_of(path, "- id: shanghai")
    assert_rendered(error, problem)


@pytest.mark.parametrize(
    ("kind", "key", "value", "expected", "needle"),
    [
        ("companies", "founded", "1998", "expected a whole number, found text", "founded: '1998'"),
        ("companies", "founded", True, "expected a whole number, found a boolean", "founded: true"),
        ("cities", "name", 12, "expected text, found a number (12)", "name: 12"),
        (
            "cities",
            "coordinates",
            "north of here",
            "expected a mapping, found text",
            "coordinates: north of here",
        ),
        ("cities", "aliases", "Peking", "expected a list, found text", "aliases: Peking"),
    ],
)
def test_wrong_type_names_the_field(
    tmp_path: Path, kind: str, key: str, value: object, expected: str, needle: str
) -> None:
    data = bundled()
    data[kind][0][key] = value
    path = dump(tmp_path, data)

    problem = only_problem(error := refused(path))

    assert problem.path == f"{kind}[0].{key}"
    assert expected in problem.message
    assert problem.line == line_of(path, needle)
    assert_rendered(error, problem)


@pytest.mark.parametrize("kind", ["companies", "focus_areas", "cities"])
def test_duplicate_ids_name_both_places(tmp_path: Path, kind: str) -> None:
    data = bundled()
    first = data[kind][0]["id"]
    data[kind][1]["id"] = first
    path = dump(tmp_path, data)

    error = refused(path)

    # What pointed at the replaced id is reported too; the duplicate itself
    # must be among the problems, on the second entity's id line.
    problem = problem_at(error, f"{kind}[1].id")
    assert problem.message == f"duplicate id '{first}' (also {kind}[0])"
    text = path.read_text(encoding="utf-8").splitlines()
    id_lines = [n for n, line in enumerate(text, start=1) if line == f"- id: {first}"]
    assert len(id_lines) == 2
    assert problem.line == id_lines[1]
    assert_rendered(error, problem)


def test_duplicate_key_in_one_mapping_names_key_and_both_lines(tmp_path: Path) -> None:
    lines = BUNDLED_TEXT.splitlines(keepends=True)
    first = next(n for n, line in enumerate(lines) if line.startswith("  headline: "))
    text = "".join([*lines[: first + 1], "  headline: A second headline\n", *lines[first + 1 :]])
    path = write(tmp_path, text)

    problem = only_problem(error := refused(path))

    assert problem.path == "cities[0].headline"
    assert problem.line == line_of(path, "A second headline")
    assert "duplicate key 'headline'" in problem.message
    assert f"first at line {first + 1}" in problem.message
    assert_rendered(error, problem)


# -- references ---------------------------------------------------------------------------


def test_headquarters_that_is_no_city(tmp_path: Path) -> None:
    data = bundled()
    i = index(data["companies"], "baidu")
    data["companies"][i]["headquarters"] = "atlantis"
    path = dump(tmp_path, data)

    error = refused(path)

    problem = problem_at(error, f"companies[{i}].headquarters")
    assert problem.message == "unknown city 'atlantis'"
    assert problem.line == line_of(path, "headquarters: atlantis")
    assert_rendered(error, problem)


@pytest.mark.parametrize(
    ("kind", "ident", "area", "hint"),
    [
        ("companies", "tencent", "quantum-gravity", None),
        ("cities", "chengdu", "softwar-development", "software-development"),
    ],
)
def test_unknown_focus_area(
    tmp_path: Path, kind: str, ident: str, area: str, hint: str | None
) -> None:
    data = bundled()
    i = index(data[kind], ident)
    areas = data[kind][i]["focus_areas"]
    areas.append(area)
    path = dump(tmp_path, data)

    problem = only_problem(error := refused(path))

    assert problem.path == f"{kind}[{i}].focus_areas[{len(areas) - 1}]"
    assert f"unknown focus area '{area}'" in problem.message
    if hint is not None:
        assert f"did you mean '{hint}'?" in problem.message
    assert problem.line == line_of(path, f"- {area}")
    assert_rendered(error, problem)


def test_city_links_a_company_that_does_not_exist(tmp_path: Path) -> None:
    data = bundled()
    data["cities"][3]["companies"][1]["id"] = "no-such-company"
    path = dump(tmp_path, data)

    error = refused(path)

    problem = problem_at(error, "cities[3].companies[1]")
    assert problem.message.startswith("unknown company 'no-such-company'")
    assert problem.line == line_of(path, "id: no-such-company")
    assert_rendered(error, problem)


def test_headquarters_city_that_does_not_list_the_company(tmp_path: Path) -> None:
    data = bundled()
    c = index(data["companies"], "baidu")
    b = index(data["cities"], "beijing")
    link = next(link for link in data["cities"][b]["companies"] if link["id"] == "baidu")
    link["relation"] = "operations"
    path = dump(tmp_path, data)

    problem = only_problem(error := refused(path))

    assert problem.path == f"companies[{c}].headquarters"
    assert "'baidu' is headquartered in 'beijing'" in problem.message
    assert "does not list it with relation headquarters" in problem.message
    assert problem.line == line_of(path, "headquarters: beijing", after="- id: baidu")
    assert_rendered(error, problem)


def test_city_claims_the_headquarters_of_a_company_based_elsewhere(tmp_path: Path) -> None:
    data = bundled()
    b = index(data["cities"], "beijing")
    links = data["cities"][b]["companies"]
    links.append({"id": "huawei", "relation": "headquarters"})
    path = dump(tmp_path, data)

    error = refused(path)

    problem = problem_at(error, f"cities[{b}].companies[{len(links) - 1}]")
    assert "beijing lists 'huawei' as headquartered here" in problem.message
    assert "'shenzhen'" in problem.message
    assert_rendered(error, problem)


# -- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "path", "needle"),
    [
        (("coordinates", "lat"), 200, "coordinates.lat", "lat: 200"),
        (("coordinates", "lon"), -181.5, "coordinates.lon", "lon: -181.5"),
        (("observations", 0, "value"), -5, "observations[0].value", "value: -5"),
        (("observations", 0, "value"), 0, "observations[0].value", "value: 0"),
        (("observations", 1, "year"), 1700, "observations[1].year", "year: 1700"),
    ],
)
def test_out_of_range_values(
    tmp_path: Path, field: tuple[Any, ...], value: float, path: str, needle: str
) -> None:
    data = bundled()
    *groups, key = field
    target = data["cities"][0]
    for group in groups:
        target = target[group]
    target[key] = value
    file = dump(tmp_path, data)

    problem = only_problem(error := refused(file))

    assert problem.path == f"cities[0].{path}"
    assert str(value) in problem.message
    assert "out of range" in problem.message or "greater than zero" in problem.message
    assert problem.line == line_of(file, needle)
    assert_rendered(error, problem)


# -- hostile files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object/apply:subprocess.call",
    ],
)
def test_tags_that_construct_python_objects_are_refused_and_nothing_runs(
    tmp_path: Path, tag: str
) -> None:
    marker = tmp_path / "techhubs-pwned"
    command = f'["touch {marker}"]' if "os.system" in tag else f'[["touch", "{marker}"]]'
    path = write(tmp_path, f"meta: {tag} {command}\n")

    error = refused(path)

    problem = problem_at(error, "meta")
    assert "not allowed" in problem.message
    assert tag.removeprefix("!!") in problem.message
    assert problem.line == 1
    assert not marker.exists(), "loading the file ran code"


def test_python_tag_inside_the_bundled_file_is_refused(tmp_path: Path, run: Run) -> None:
    marker = tmp_path / "techhubs-pwned"
    text = BUNDLED_TEXT.replace(
        "version: 1.0.0", f'version: !!python/object/apply:os.system ["touch {marker}"]', 1
    )
    path = write(tmp_path, text)

    problem = problem_at(refused(path), "meta.version")
    assert "not allowed" in problem.message
    assert problem.line == line_of(path, "!!python/object/apply")

    result = run("data", "validate", str(path))
    assert result.exit_code == ExitCode.DATA
    assert not marker.exists(), "loading the file ran code"


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    problem = only_problem(refused(write(tmp_path, BILLION_LAUGHS)))
    assert "alias" in problem.message
    assert "refused" in problem.message


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    data = bundled()
    data["cities"][0]["observatons"] = data["cities"][0].pop("observations")
    data["cities"][1]["coordinates"]["lat"] = 200
    data["cities"][2]["status"] = "rising"
    data["companies"][3]["founded"] = "long ago"
    path = dump(tmp_path, data)

    error = refused(path)

    expected = {
        "cities[0].observatons": line_of(path, "observatons:"),
        "cities[1].coordinates.lat": line_of(path, "lat: 200"),
        "cities[2].status": line_of(path, "status: rising"),
        "companies[3].founded": line_of(path, "founded: long ago"),
    }
    assert {p.path: p.line for p in error.problems} == expected
    assert f"{len(expected)} problems" in error.message
    for problem in error.problems:
        assert_rendered(error, problem)
    lines = [p.line or 0 for p in error.problems]
    assert lines == sorted(lines), "problems are listed in file order"


# -- files that cannot be read ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"", b"  \n\n\t\n", b"# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cities.yaml"
    path.write_bytes(content)
    problem = only_problem(error := refused(path))
    assert "empty" in problem.message
    assert_rendered(error, problem)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "no-such.yaml"
    problem = only_problem(error := refused(path))
    assert "no such file" in problem.message
    assert error.details()[0].startswith(f"{path}: ")


def test_missing_file_through_the_public_api(tmp_path: Path) -> None:
    path = tmp_path / "no-such.yaml"
    with pytest.raises(DataError) as caught:
        techhubs.load(path)
    assert caught.value.file == str(path)
    assert str(path) in caught.value.message


def test_a_directory(tmp_path: Path) -> None:
    problem = only_problem(error := refused(tmp_path))
    assert "is a directory" in problem.message
    assert error.details()[0].startswith(f"{tmp_path}: ")


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cities.yaml"
    path.write_bytes(b"meta:\n  version: 1.0.0\n" + "  as_of: café\n".encode("latin-1"))
    problem = only_problem(error := refused(path))
    assert "not UTF-8" in problem.message
    assert "0xe9" in problem.message
    assert problem.line == 3
    assert_rendered(error, problem)


# -- through the command line --------------------------------------------------------------------


def broken_file(tmp_path: Path) -> Path:
    """A data file with three problems in three places."""
    data = bundled()
    data["cities"][0]["coordinates"]["lat"] = 200
    data["cities"][2]["status"] = "rising"
    data["companies"][3]["founded"] = "long ago"
    return dump(tmp_path, data)


def test_cli_validate_lists_every_problem_with_file_and_line(tmp_path: Path, run: Run) -> None:
    path = broken_file(tmp_path)
    expected = refused(path)

    result = run("data", "validate", str(path))

    assert result.exit_code == 3  # the documented exit code for bad data (ExitCode.DATA)
    assert result.stdout == ""
    assert len(expected.problems) == 3
    for problem in expected.problems:
        assert f"{path}:{problem.line}: {problem.path}: {problem.message}" in result.stderr
    assert "3 problems" in result.stderr


def test_cli_validate_one_problem(tmp_path: Path, run: Run) -> None:
    data = bundled()
    data["cities"][0]["coordinates"]["lat"] = 200
    path = dump(tmp_path, data)

    result = run("data", "validate", str(path))

    assert result.exit_code == ExitCode.DATA
    line = line_of(path, "lat: 200")
    assert f"{path}:{line}: cities[0].coordinates.lat: 200 is out of range" in result.stderr


def test_cli_validate_the_bundled_file(run: Run) -> None:
    result = run("data", "validate")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stderr == ""
    # how fresh the data is, from its meta
    meta = BUNDLED["meta"]
    assert f"is valid (data {meta['version']} of {meta['as_of']}): " in result.stdout


def test_cli_validate_json_on_the_bundled_file(run: Run) -> None:
    result = run("data", "validate", str(DATA_FILE), "--json")
    assert result.exit_code == ExitCode.OK, result.stderr
    report = result.json()
    assert report["valid"] is True
    meta = BUNDLED["meta"]
    assert (report["version"], report["as_of"]) == (meta["version"], meta["as_of"])
    assert report["cities"] == len(BUNDLED["cities"])
    assert report["companies"] == len(BUNDLED["companies"])


def test_cli_bad_data_gives_a_json_error(tmp_path: Path, run: Run) -> None:
    path = broken_file(tmp_path)
    expected = refused(path)

    result = run("--data", str(path), "city", "beijing", "--json")

    assert result.exit_code == ExitCode.DATA
    assert result.stdout == ""
    payload = json.loads(result.stderr)
    assert set(payload) == {"error"}
    error = payload["error"]
    assert error["code"] == "data"
    assert error["message"] == expected.message
    assert isinstance(error["suggestions"], list)
    assert error["problems"] == [
        {"line": p.line, "path": p.path, "message": p.message} for p in expected.problems
    ]


def test_cli_bad_data_from_the_environment(tmp_path: Path, run: Run) -> None:
    path = broken_file(tmp_path)
    result = run("city", "beijing", env={"TECHHUBS_DATA": str(path)})
    assert result.exit_code == ExitCode.DATA
    assert str(path) in result.stderr


def test_reference_problems_are_reported_beside_structural_ones(tmp_path: Path) -> None:
    """One broken entry does not hide the cross-reference problems of the others."""
    data = yaml.safe_load(BUNDLED_TEXT)
    data["companies"][0]["founded"] = "long ago"  # a type problem
    data["cities"][1]["companies"].append({"id": "no-such-company", "relation": "operations"})
    path = tmp_path / "mixed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_path(path)
    messages = [(p.path, p.message) for p in caught.value.problems]
    assert ("companies[0].founded", "expected a whole number, found text ('long ago')") in messages
    assert any(
        p == f"cities[1].companies[{len(data['cities'][1]['companies']) - 1}]"
        and m.startswith("unknown company 'no-such-company'")
        for p, m in messages
    )
    assert len(messages) == 2  # the broken company is not also "unknown" anywhere


def test_a_refused_tag_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text(
        BUNDLED_TEXT.replace("version: 1.0.0", "version: !!binary aGVsbG8=", 1), encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_path(path)
    assert [p.path for p in caught.value.problems] == ["meta.version"]
    assert "tag" in caught.value.problems[0].message


def test_an_unquoted_ticker_read_as_octal_says_how_it_was_read(tmp_path: Path) -> None:
    """ux14 #8: 'ticker: 0700' unquoted (YAML 1.1 reads it as octal) was refused as
    'found a number (448)': the user typed 0700. The message says to quote it, and
    how the number typed was read."""
    text = DATA_FILE.read_text(encoding="utf-8").replace("ticker: '0700'", "ticker: 0700", 1)
    assert "ticker: 0700" in text
    path = tmp_path / "octal.yaml"
    path.write_text(text, encoding="utf-8")
    problem = only_problem(refused(path))
    assert problem.path.endswith(".ticker")
    assert "put it in quotes to keep it as written" in problem.message
    assert "YAML reads a leading 0 as octal: 0700 as 448" in problem.message
    # round 14: a plain 1810 was told '03422 is read as 1810'; no number is made up
    plain = tmp_path / "plain.yaml"
    plain.write_text(text.replace("ticker: 0700", "ticker: 1810", 1), encoding="utf-8")
    assert "0342" not in only_problem(refused(plain)).message


@pytest.mark.parametrize(
    ("indicator", "value", "unit"),
    [
        ("unicorns", 36.6, "count"),
        ("wipo-cluster-rank", 1.4, "rank"),
        ("population", 2.5e7 + 0.5, "persons"),
    ],
)
def test_a_count_a_rank_or_people_in_fractions_is_refused(
    tmp_path: Path, indicator: str, value: float, unit: str
) -> None:
    """Fresh eyes (ux16 #7): 36.6 unicorns passed validation and was shown as 37; a
    WIPO rank of 1.4 read '#1' but was placed second, below another '#1'."""
    data = bundled()
    shenzhen = data["cities"][index(data["cities"], "shenzhen")]
    j = next(j for j, o in enumerate(shenzhen["observations"]) if o["indicator"] == indicator)
    shenzhen["observations"][j]["value"] = value
    problem = only_problem(refused(dump(tmp_path, data)))
    assert problem.path == f"cities[{index(data['cities'], 'shenzhen')}].observations[{j}].value"
    assert f"{value} is not a whole number" in problem.message and f"({unit})" in problem.message
    # a whole number written with a point is whole
    shenzhen["observations"][j]["value"] = float(round(value))
    load_path(dump(tmp_path, data, "whole.yaml"), use_cache=False)


def test_an_id_ending_in_a_newline_is_refused(tmp_path: Path) -> None:
    """Review (round18): 'xian\\n' passed the id rule (its '$' matches before a final
    newline), so a file that used it throughout validated, and a CSV export wrote
    an id across two lines."""
    data = bundled()
    i = index(data["cities"], "xian")
    data["cities"][i]["id"] = "xian\n"
    for company in data["companies"]:
        if company["headquarters"] == "xian":
            company["headquarters"] = "xian\n"
    path = tmp_path / "newline.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    problem = problem_at(refused(path), f"cities[{i}].id")
    assert "must be lowercase ASCII words joined by '-'" in problem.message


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("cities", "beijing", "name"), " Beijing "),
        (("cities", "beijing", "name_zh"), "北京 "),
        (("companies", "tencent", "aliases"), ["Tencent ", "腾讯"]),
        (("focus_areas", "hardware", "name"), "\tHardware"),
    ],
    ids=["name", "name_zh", "alias", "area"],
)
def test_a_name_with_spaces_around_it_is_refused(
    tmp_path: Path, where: tuple[str, str, str], value: Any
) -> None:
    """Fresh eyes (ux18 #5): a city named ' Beijing ' passed validation and kept its
    spaces in JSON and CSV, and sorted first; a blank name was refused already."""
    kind, ident, key = where
    data = bundled()
    data[kind][index(data[kind], ident)][key] = value
    problem = only_problem(refused(dump(tmp_path, data)))
    assert problem.path.startswith(f"{kind}[{index(data[kind], ident)}].{key}")
    assert "begins or ends with a space; write the name without" in problem.message
    assert problem.line is not None


def test_running_text_may_keep_a_final_newline(tmp_path: Path) -> None:
    """A description written as a YAML block ends with a newline: it is no name."""
    data = bundled()
    data["cities"][0]["summary"] += "\n"
    assert load_path(dump(tmp_path, data)).cities[0].summary.endswith("\n")


def test_a_huge_number_is_shown_in_powers_of_ten(tmp_path: Path) -> None:
    """Fresh eyes (ux18 #10): a 401-digit value was echoed whole, on one line."""
    data = json.loads(json.dumps(bundled(), default=str))
    data["cities"][0]["observations"][0]["value"] = 10**400
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    problem = only_problem(refused(path))
    assert problem.message.startswith("1.000e+400 (401 digits) is out of range (0 to ")
    assert len(problem.message) < 80


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2.1832e7", "YAML reads '2.1832e7' as text: write 21832000"),
        ("2e+7", "YAML reads '2e+7' as text: write 20000000"),  # no quotes to blame
        ("-.5e+7", "YAML reads '-.5e+7' as text: write -5000000"),
        ('"21832000"', "a number in quotes is text: write 21832000, without them"),
        ('"nan"', "expected a number, found text ('nan')"),
    ],
)
def test_a_number_read_as_text_says_how_to_write_it(
    tmp_path: Path, written: str, said: str
) -> None:
    """Fresh eyes (ux18 #11): 2.1832e7, which YAML 1.1 reads as text, was refused as
    'found text' with no word of why: the form with a sign (2.1832e+7) is a number."""
    first = BUNDLED["cities"][0]["observations"][0]
    text = BUNDLED_TEXT.replace(f"value: {first['value']}\n", f"value: {written}\n", 1)
    assert text != BUNDLED_TEXT
    path = tmp_path / "cities.yaml"
    path.write_text(text, encoding="utf-8")
    problem = only_problem(refused(path))
    assert problem.path == "cities[0].observations[0].value"
    assert said in problem.message
    if written == '"nan"':
        assert ";" not in problem.message  # no advice that would not help
    # the advice is itself a number, to YAML as to JSON
    advice = said.rsplit("write ", 1)[-1].split(",")[0]
    if written != '"nan"':
        assert isinstance(yaml.safe_load(f"v: {advice}")["v"], int | float)
        assert isinstance(json.loads(advice), int | float)


def test_a_number_in_quotes_in_json_is_told_so(tmp_path: Path) -> None:
    """A JSON string is text because it is quoted: no word of YAML there."""
    data = json.loads(json.dumps(bundled(), default=str))
    data["cities"][0]["observations"][0]["value"] = "2.1832e7"
    path = tmp_path / "quoted.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    problem = only_problem(refused(path))
    assert problem.message.endswith("a number in quotes is text: write 21832000, without them")
