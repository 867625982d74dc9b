"""docs/json.md is the contract: real output must match its tables exactly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run

DOC = ROOT / "docs" / "json.md"


def _shapes() -> dict[str, dict[str, str]]:
    """Each documented shape's fields and types, read as scripts/make_schema.py reads them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_schema", ROOT / "scripts" / "make_schema.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = module.shapes(DOC.read_text(encoding="utf-8"))
    return {name: {f: kind for f, (kind, _) in fields.items()} for name, fields in found.items()}


SHAPES = _shapes()
SCALARS = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def check(value: Any, kind: str, where: str) -> None:
    """Assert ``value`` has the documented type ``kind``."""
    if "|" in kind and not kind.startswith("{"):
        options = kind.split("|")
        errors = []
        for option in options:
            try:
                check(value, option, where)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{where}: none of {options} fits: {errors}")
    if kind.startswith("[") and kind.endswith("]"):
        assert isinstance(value, list), f"{where}: expected a list"
        for i, item in enumerate(value):
            check(item, kind[1:-1], f"{where}[{i}]")
        return
    mapping = re.match(r"^\{id: ([\w|]+)\}$", kind)
    if mapping:
        assert isinstance(value, dict), f"{where}: expected an object"
        for key, item in value.items():
            check(item, mapping.group(1), f"{where}.{key}")
        return
    if kind in SCALARS:
        assert SCALARS[kind](value), f"{where}: {value!r} is not {kind}"
        return
    shape = SHAPES[kind]
    assert isinstance(value, dict), f"{where}: expected a {kind} object"
    assert set(value) == set(shape), (
        f"{where}: fields {sorted(value)} != documented {sorted(shape)}"
    )
    for field, field_kind in shape.items():
        check(value[field], field_kind, f"{where}.{field}")


def test_every_shape_is_documented() -> None:
    for needed in ("city", "company", "area", "hit", "comparison", "overview", "error"):
        assert SHAPES.get(needed), needed


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["city", "shenzhen"], "city"),
        (["city", "nanjing"], "city"),  # a city without GDP: nulls are documented
        (["city", "bj", "sh"], "[city]"),
        (["cities"], "[city]"),
        (["compare", "beijing", "hangzhou", "wuhan"], "comparison"),
        (["compare", "huawei", "tencent"], "company_comparison"),
        (["compare", "ai", "semiconductors", "ev"], "area_comparison"),
        (["company", "alibaba"], "company"),
        (["companies"], "[company]"),
        (["area", "ai"], "area"),
        (["areas"], "[area]"),
        (["search", "valley"], "[hit]"),
        (["overview"], "overview"),
        (["data", "validate"], "validation"),
        (["rank", "--by", "gdp"], "[rank]"),
        (["rank", "--by", "companies"], "[rank]"),
        (["rank", "--by", "rd-intensity"], "[rank]"),
        (["rank", "--by", "wipo-cluster-rank", "--year", "2025"], "[rank]"),
        (["rank", "--by", "population", "--growth", "--since", "2021"], "[rank]"),
        (["indicators"], "[indicator]"),
        (["cache", "info"], "cache"),
        (["trend", "chengdu", "wuhan", "shenzhen"], "trend"),
        (["trend", "hefei", "--by", "nature-index-city-rank"], "trend"),
        (["similar", "shenzhen"], "[similar]"),
        (["map"], "map"),
        (["map", "--focus", "ai"], "map"),
    ],
)
def test_output_matches_the_contract(run: Run, args: list[str], kind: str) -> None:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    check(result.json(), kind, " ".join(args))


@pytest.mark.parametrize("args", [["city", "nowhere"], ["compare", "bj"], ["search", "qqqqzz"]])
def test_errors_match_the_contract(run: Run, args: list[str]) -> None:
    result = run(*args, "--json")
    assert result.exit_code in (1, 2)
    error = result.error()
    error_shape = {k: v for k, v in SHAPES["error"].items() if k != "problems"}
    assert set(error) == set(error_shape)
    for field, kind in error_shape.items():
        check(error[field], kind, field)


def test_data_errors_match_the_contract(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: {}\ncities: []\n", encoding="utf-8")
    result = run("--data", str(bad), "cities", "--json")
    assert result.exit_code == 3
    check(result.error(), "error", "error")


def test_every_note_and_url_of_the_data_reaches_the_json(run: Run) -> None:
    """Fresh eyes (ux15 #2): the data qualifies values ('ROUNDED as published',
    'R&D investment, not the expensed figure', a page seen only on a repost host)
    and gives where the source can be read, but only 'export' showed either: a
    figure now carries its observation's url and note."""
    import yaml

    from conftest import DATA_FILE

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for kind, command in (("cities", "city"), ("companies", "company")):
        for entity in data[kind]:
            noted = [o for o in entity.get("observations", []) if o.get("note") or o.get("url")]
            if not noted:
                continue
            shown = run(command, entity["id"], "--json").json()
            series = {i["id"]: {p["year"]: p for p in i["series"]} for i in shown["indicators"]}
            for o in noted:
                point = series[o["indicator"]][o["year"]]
                assert (point["url"], point["note"]) == (o.get("url"), o.get("note")), o
    [sz] = [c for c in data["cities"] if c["id"] == "shenzhen"]
    [held] = [o for o in sz["observations"] if o["indicator"] == "high-tech-enterprises"][-1:]
    assert "rounded as published" in held["note"]
    ranked = run("rank", "--by", "high-tech-enterprises", "--year", str(held["year"]), "--json")
    row = next(r for r in ranked.json() if r["id"] == "shenzhen")
    assert (row["value"], row["url"], row["note"]) == (held["value"], held.get("url"), held["note"])
