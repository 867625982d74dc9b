"""Issue 9: each entity declared once, and everything else derived from or checked against it.

A declared field must reach every output — JSON, YAML, CSV, the data-file
export, SQLite, ``--fields`` — and docs/json.md must document it; the code
must keep the shape the architecture promises (plain Typer options, one
sanitiser, a field named in few files, nothing outside the repository).
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import subprocess
from pathlib import Path
from typing import Annotated, NamedTuple

import pytest
import yaml

from conftest import ROOT, Run
from techhubs.core import entities
from techhubs.core.entities import City, Company, FocusArea
from techhubs.core.fields import Field, fields_of, text

SRC = ROOT / "src" / "techhubs"
DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")

# (the entity's declaration, a command that prints one, the CSV listing, its SQLite table)
ENTITIES = [
    (City, ["city", "shenzhen"], ["cities"], "cities"),
    (Company, ["company", "lenovo"], ["companies"], "companies"),
    (FocusArea, ["area", "ai"], ["areas"], "focus_areas"),
]
IDS = ["city", "company", "focus_area"]


def _in_records(cls: type) -> list[Field]:
    """The fields a JSON record shows as they are (a city's observations it shows
    digested, as ``indicators``)."""
    return [f for f in fields_of(cls) if f.spec.in_record]


def _csv_columns(field: Field) -> set[str]:
    """The CSV columns a field becomes: a nested single entity is dotted, a
    reference (or a list of them) its id and its name, the rest one column."""
    if field.spec.kind == "entity" and not field.spec.many:
        return {f"{field.key}.{sub.key}" for sub in fields_of(field.spec.entity)}
    if field.spec.kind == "ref":
        return {f"{field.key}.id", f"{field.key}.name"}
    if field.spec.kind == "entity":  # a list of links keyed by a reference: {id, name, …}
        subs = fields_of(field.spec.entity)
        if any(sub.key == "id" and sub.spec.kind == "ref" for sub in subs):
            linked = {f"{field.key}.{sub.key}" for sub in subs if sub.key == "relation"}
            return {f"{field.key}.id", f"{field.key}.name", *linked}
    return {field.key}


@pytest.mark.parametrize(("cls", "show", "listing", "table"), ENTITIES, ids=IDS)
def test_every_declared_field_reaches_json_yaml_csv_and_fields(
    run: Run, cls: type, show: list[str], listing: list[str], table: str
) -> None:
    keys = [f.key for f in _in_records(cls)]
    as_json = run(*show, "--json").json()
    as_yaml = yaml.safe_load(run(*show, "-o", "yaml").stdout)
    header = next(csv.reader(io.StringIO(run(*listing, "-o", "csv").stdout)))
    for field in _in_records(cls):
        assert field.key in as_json, field.key
        assert field.key in as_yaml, field.key
        assert _csv_columns(field) <= set(header), (field.key, header)
    picked = run(*show, "--json", "--fields", ",".join(keys))
    assert picked.exit_code == 0, picked.stderr
    assert list(picked.json()) == keys


@pytest.mark.parametrize(("cls", "show", "listing", "table"), ENTITIES, ids=IDS)
def test_every_declared_field_reaches_the_exports(
    run: Run, tmp_path: Path, cls: type, show: list[str], listing: list[str], table: str
) -> None:
    document = yaml.safe_load(run("export").stdout)[table]
    present = {key for entry in document for key in entry}
    target = tmp_path / "hubs.db"
    assert run("export", "-o", "sqlite", str(target)).exit_code == 0
    db = sqlite3.connect(target)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    one = {"cities": "city", "companies": "company", "focus_areas": "focus_area"}[table]
    for field in fields_of(cls):
        assert field.key in present, (table, field.key)
        spec = field.spec
        if spec.many:
            assert f"{one}_{field.key}" in tables, (field.key, sorted(tables))
        elif spec.kind == "entity":
            subs = fields_of(spec.entity)
            wanted = {
                s.key if spec.flat else (field.key if s.key == "value" else f"{field.key}_{s.key}")
                for s in subs
            }
            assert wanted <= columns, (field.key, columns)
        else:
            assert field.key in columns, (field.key, columns)


def _documented(shape: str) -> list[str]:
    section = re.search(rf"^### {shape}\n(.*?)(?=^### |\Z)", DOC, flags=re.M | re.S)
    assert section, shape
    return re.findall(r"^\| (\w+) \|", section.group(1), flags=re.M)[1:]  # past "field"


@pytest.mark.parametrize(
    ("shape", "cls"),
    [
        ("city", City),
        ("company", Company),
        ("area", FocusArea),
        ("figure", entities.Figure),
        ("nickname", entities.Nickname),
        ("district", entities.District),
        ("institution", entities.Institution),
        ("policy", entities.Policy),
        ("coordinates", entities.Coordinates),
        ("topic", entities.Topic),
        ("title", entities.Title),
        ("landmark", entities.Landmark),
        ("indicator", entities.Indicator),
        ("range", entities.Range),
        ("derivation", entities.Derivation),
        ("claim", entities.Claim),
    ],
)
def test_docs_json_documents_every_declared_field(shape: str, cls: type) -> None:
    documented = _documented(shape)
    for field in _in_records(cls):
        assert field.key in documented, f"docs/json.md, ### {shape}: no row for '{field.key}'"


def test_city_json_order_is_the_declared_order(run: Run) -> None:
    record = run("city", "wuhan", "--json").json()
    declared = [f.key for f in _in_records(City)]
    assert [key for key in record if key in declared] == declared


# -- adding a field is one declaration ------------------------------------------------


def test_a_new_city_field_needs_only_its_declaration(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Declare a field the code has never heard of: every output carries it, unchanged code."""
    from techhubs.core import fields
    from techhubs.loader import schema
    from techhubs.output import records

    plus = NamedTuple(  # type: ignore[misc]
        "CityPlus",
        [
            *((f.attr, City.__annotations__[f.attr]) for f in fields_of(City)),
            ("motto", Annotated[str, text()]),
        ],
    )
    for name, member in vars(City).items():  # its methods and properties, as they are
        if not name.startswith("_") and name not in City._fields:
            setattr(plus, name, member)
    cities_field = entities.Contents.__annotations__["cities"]
    monkeypatch.setitem(
        entities.Contents.__annotations__,
        "cities",
        Annotated[cities_field.__origin__, fields.entity(plus, many=True, non_empty=True)],
    )
    caches = (fields._FIELDS, schema._COMPILED, schema._REFERRING, records._CONVERTERS)
    for cache in caches:
        cache.clear()
    monkeypatch.setattr(records, "City", plus)
    try:
        data = yaml.safe_load((ROOT / "data" / "cities.yaml").read_text(encoding="utf-8"))
        for city in data["cities"]:
            city["motto"] = f"{city['name']} builds"
        mine = tmp_path / "mine.yaml"
        mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        env = {"TECHHUBS_NO_CACHE": "1"}

        assert run("--data", str(mine), "city", "xian", "--json", env=env).json()["motto"] == (
            "Xi'an builds"
        )
        header = run("--data", str(mine), "cities", "-o", "csv", env=env).stdout.split("\n")[0]
        assert "motto" in header.split(",")
        exported = yaml.safe_load(run("--data", str(mine), "export", env=env).stdout)
        assert exported["cities"][0]["motto"] == "Beijing builds"
        target = tmp_path / "plus.db"
        assert (
            run("--data", str(mine), "export", "-o", "sqlite", str(target), env=env).exit_code == 0
        )
        mottos = sqlite3.connect(target).execute("SELECT motto FROM cities").fetchall()
        assert ("Wuhan builds",) in mottos
        del data["cities"][0]["motto"]
        mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        refused = run("--data", str(mine), "cities", env=env)
        assert refused.exit_code == 3 and "cities[0]: missing key 'motto'" in refused.stderr
    finally:
        for cache in caches:
            cache.clear()


# -- JSON errors follow the options as parsed (the bug: a hand-written argv scan) -----


@pytest.mark.parametrize(
    "flags",
    [["--format=JSON"], ["-oJSON"], ["-o", "Json"], ["--format", "json"], ["--query", "id"]],
    ids=["--format=JSON", "-oJSON", "-o Json", "--format json", "--query"],
)
def test_json_asked_for_in_any_spelling_gives_a_json_error(run: Run, flags: list[str]) -> None:
    result = run("city", "nowhere", *flags)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.error()["code"] == "not_found"


def test_a_table_error_stays_text(run: Run) -> None:
    result = run("city", "nowhere", "-o", "csv")
    assert result.exit_code == 1
    assert result.stderr.startswith("techhubs: error: no city called 'nowhere'")


# -- the shape of the code -----------------------------------------------------------------


def _source(folder: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py"))}


def test_the_cli_uses_plain_typer() -> None:
    """No signature rewriting, no private Typer or Click imports, no second argv parser."""
    for path, code in _source(SRC).items():
        assert "__signature__" not in code, path
        assert not re.search(r"__annotations__\s*=", code), path
        assert "_click" not in code, path
        assert "import click" not in code, path
    for path, code in _source(SRC / "cli").items():
        assert not re.search(r"for \w+ in (args|argv|sys\.argv)", code), path
        assert '"--json" in' not in code and "'--json' in" not in code, path


@pytest.mark.parametrize("name", ["institutions", "policies", "nicknames", "headline", "founded"])
def test_a_field_is_named_in_at_most_three_source_files(name: str) -> None:
    naming = [p for p, code in _source(SRC).items() if re.search(rf"\b{name}\b", code)]
    assert len(naming) <= 3, [str(p.relative_to(SRC)) for p in naming]


def test_one_sanitiser_one_number_formatter_one_atomic_write() -> None:
    code = _source(SRC)
    for needle in ("def printable", "def human_number", "os.replace(", "mkstemp("):
        holders = [p for p, text in code.items() if needle in text]
        assert len(holders) == 1, (needle, holders)


def test_no_file_refers_outside_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    outside = re.compile(r"\.\./shared|shared/(source|hooks)|STYLE\.md")
    offenders = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".png", ".db", ".sqlite"} or not path.is_file():
            continue
        if outside.search(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(name)
    assert offenders == []


def test_the_layers_only_import_downwards() -> None:
    """data file → loader → core → output → cli: a lower layer never imports a higher one."""
    higher = {
        "core": ("techhubs.loader", "techhubs.output", "techhubs.cli", "rich", "typer", "yaml"),
        "loader": ("techhubs.output", "techhubs.cli", "rich", "typer"),
        "output": ("techhubs.cli", "typer", "techhubs.loader.schema", "techhubs.loader.yamlsafe"),
    }
    for layer, forbidden in higher.items():
        for path, code in _source(SRC / layer).items():
            imports = re.findall(r"^\s*(?:from|import) ([\w.]+)", code, flags=re.M)
            bad = [i for i in imports if i.startswith(forbidden)]
            assert not bad, (str(path.relative_to(SRC)), bad)


def test_a_hit_record_is_its_hit_field_for_field() -> None:
    """Promise: a search hit's JSON (HitRecord, typed for the tables) is its Hit's
    fields, in order: Hit.record() hands the tuple on as it is, so the two
    declarations must not drift apart."""
    from techhubs.core.search import Hit, HitRecord

    assert list(HitRecord.__annotations__) == list(Hit._fields)
    hit = Hit("city", "shenzhen", "Shenzhen", None, "name", 100)
    assert hit.record() == dict(zip(Hit._fields, hit, strict=True))


def test_the_readme_names_every_key_a_data_file_may_hold() -> None:
    """ux14 #6: 'comparable_from' was validated, exported and documented in the
    JSON, but the README's list of a data file's keys left it out: someone writing
    their own file could not learn it exists. Every declared key is named there."""
    from techhubs.core import entities
    from techhubs.core.fields import fields_of

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Your own data") : readme.index("## Speed and the cache")]
    named = set(re.findall(r"`([a-z_]+)`", section))
    for group in re.findall(r"`\{([^}]*)\}`", section):
        named |= {word.strip() for word in group.split(",")}
    declared = {
        field.key
        for cls in vars(entities).values()
        if isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields")
        for field in fields_of(cls)
    }
    assert declared and not declared - named, sorted(declared - named)
