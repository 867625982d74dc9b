"""Issue 12: a JSON Schema for every command's output, checked mechanically.

On the old code there was no ``techhubs schema`` or ``techhubs fields``
("no such command"). The schema is generated from docs/json.md, the contract
the other tests hold to the declarations and to real output; here every
command's real --json output is validated against it with the reference
validator, as a consumer would.
"""

from __future__ import annotations

import importlib.util
import json

import jsonschema
import pytest

from conftest import ROOT, Run

spec = importlib.util.spec_from_file_location("make_schema", ROOT / "scripts" / "make_schema.py")
assert spec and spec.loader
make_schema = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_schema)


def test_the_schema_file_is_in_step_with_the_contract() -> None:
    assert make_schema.main(["--check"]) == 0, "run python scripts/make_schema.py"


def test_the_schema_is_a_valid_json_schema(run: Run) -> None:
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    whole = result.json()
    jsonschema.Draft202012Validator.check_schema(whole)
    assert set(whole["commands"]) >= {"city", "compare", "rank", "search", "error"}


OUTPUTS = [
    ("city", ["city", "shenzhen"]),
    ("city", ["city", "sz", "hz"]),
    ("cities", ["cities"]),
    ("compare", ["compare", "beijing", "hangzhou"]),
    ("compare", ["compare", "huawei", "tencent"]),
    ("compare", ["compare", "ai", "ev"]),
    ("rank", ["rank", "--by", "gdp"]),
    ("rank", ["rank", "--by", "revenue"]),
    ("rank", ["rank", "--by", "gdp", "--growth", "--year", "2025"]),
    ("indicators", ["indicators"]),
    ("trend", ["trend", "bj", "sh", "--by", "gdp"]),
    ("similar", ["similar", "wuhan"]),
    ("company", ["company", "tencent"]),
    ("companies", ["companies"]),
    ("area", ["area", "ai"]),
    ("areas", ["areas"]),
    ("search", ["search", "silicon", "valley"]),
    ("overview", ["overview"]),
    ("map", ["map"]),
    ("data validate", ["data", "validate"]),
    ("cache info", ["cache", "info"]),
    ("fields", ["fields", "city"]),
    ("fields", ["fields"]),
]


@pytest.mark.parametrize(
    ("command", "args"), OUTPUTS, ids=lambda x: " ".join(x) if isinstance(x, list) else x
)
def test_real_output_follows_the_schema(run: Run, command: str, args: list[str]) -> None:
    schema = run("schema", *command.split()).json()
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    jsonschema.validate(result.json(), schema, cls=jsonschema.Draft202012Validator)


def test_an_error_follows_the_schema(run: Run) -> None:
    schema = run("schema", "error").json()
    result = run("city", "atlantis", "--json")
    assert result.exit_code == 1
    jsonschema.validate(json.loads(result.stderr), schema)


def test_the_schema_catches_a_broken_record(run: Run) -> None:
    """It is not a schema that lets anything through."""
    schema = run("schema", "city").json()
    record = run("city", "shenzhen", "--json").json()
    record["population"]["value"] = "lots"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)
    del record["population"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema)


def test_an_unknown_command_is_a_usage_error(run: Run) -> None:
    result = run("schema", "citty")
    assert result.exit_code == 2
    assert "did you mean city?" in result.stderr


def test_fields_lists_every_field_with_its_type_and_meaning(run: Run) -> None:
    rows = run("fields", "city", "--json").json()
    names = [r["name"] for r in rows]
    record = run("city", "shenzhen", "--json").json()
    assert [n for n in names if "." not in n] == list(record)
    assert "population.value" in names  # the dotted names --fields takes
    assert all(r["type"] and r["meaning"] for r in rows)
    # every name listed is one --fields accepts
    dotted = ",".join(n for n in names if "." in n)
    assert run("city", "shenzhen", "--fields", dotted, "--json").exit_code == 0


@pytest.mark.parametrize("kind", ["company", "companies", "Company", "area", "focus-area", "areas"])
def test_fields_takes_a_kind_in_any_spelling(run: Run, kind: str) -> None:
    result = run("fields", kind, "-o", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "name,type,meaning"


def test_fields_of_an_unknown_kind_suggests_one(run: Run) -> None:
    result = run("fields", "comany")
    assert result.exit_code == 2
    assert "did you mean company?" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_says_why_it_has_no_record_schema(run: Run) -> None:
    result = run("schema", "export")
    assert result.exit_code == 2 and "data-file schema" in result.stderr


@pytest.mark.parametrize(("command", "kind"), [("compare", "comparison"), ("search", "hit")])
def test_fields_takes_the_command_that_prints_a_kind(run: Run, command: str, kind: str) -> None:
    """Fresh eyes (ux16 #14): 'fields compare' said 'did you mean company?' and
    'fields search' found nothing: a command whose record has another name
    gives that record's fields."""
    assert run("fields", command, "--json").json() == run("fields", kind, "--json").json()
