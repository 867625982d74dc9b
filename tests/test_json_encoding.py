"""JSON is written by orjson where it writes what the json module would (issue 15).

``json.dumps(data, indent=2)`` indents in pure Python: on 100x data it took
0.8 s of a cold start, and as long again for each large list.  orjson writes
the same bytes ten times faster, except for a few values it writes otherwise
(floats from 1e-5 to 1e-9) or refuses (integers beyond 64 bits, keys that are
not strings, half a surrogate pair).  These tests hold ``to_json`` to the json
module's bytes for any value, and check the fast path is really the one taken
for the data techhubs holds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA_FILE, Run
from techhubs.core.dataset import KIND_OF, Dataset
from techhubs.output import plain, records


def reference(data: Any, ascii_only: bool = False) -> str:
    return json.dumps(data, ensure_ascii=ascii_only, indent=2)


#: Values where orjson and the json module part ways, or orjson refuses.
AWKWARD = [
    1e-05, -1e-05, 3.14159e-05, 1e-06, 1.5e-07, -9.99e-08, 1e-09, 1e-10, 5e-324, 0.0001,
    1e16, 1.2345678901234568e17, -0.0, 10.00001, 2**63, -(2**63), 2**64, -(2**64) - 1,
    "zte-6", "0.00001", "1e-7", "\x00\x1f\x7f\u2028\u2029é😀\"\\/\b\f\n\r\t", "\ud800",
    {1: "a"}, {"": []}, [{}], {"a": {"b": []}},
]  # fmt: skip


@pytest.mark.parametrize("value", AWKWARD, ids=repr)
def test_awkward_values_are_written_as_the_json_module_writes_them(value: Any) -> None:
    assert plain.to_json(value) == reference(value)
    assert plain.to_json([value, {"v": value}]) == reference([value, {"v": value}])
    assert plain.to_json(value, ascii_only=True) == reference(value, ascii_only=True)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_any_value_is_written_as_the_json_module_writes_it(value: Any) -> None:
    assert plain.to_json(value) == reference(value)


def test_without_orjson_the_json_module_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson now fails
    value = {"city": "深圳", "gdp": [1.5, 2**64, 1e-05]}
    assert plain._orjson(value) is None
    assert plain.to_json(value) == reference(value)


def every_record(dataset: Dataset) -> list[Any]:
    return [
        records.of_kind(kind, entity, dataset)
        for collection, kind in KIND_OF.items()
        if collection != "indicators"
        for entity in getattr(dataset, collection)
    ]


def test_every_record_takes_the_fast_path(dataset: Dataset) -> None:
    # The speed is only there if orjson writes the records: a record it may
    # write otherwise falls back to the json module (right, but slow).
    found = every_record(dataset)
    slow = [r["id"] for r in found if plain._orjson(r) is None]
    assert slow == []
    assert all(plain.to_json(r) == reference(r) for r in found)


def test_a_list_joined_from_its_items_is_the_list_encoded(dataset: Dataset) -> None:
    found = every_record(dataset)
    for items in (found, found[:1], []):
        texts = [plain.to_json(r) for r in items]
        assert records.json_list(texts) == reference(items)


@pytest.mark.parametrize(
    "value", [{"id": "zte-6"}, ["e-7", "1e-70", 10.00001, 1e-10, "v10.00001"]], ids=repr
)
def test_text_that_only_looks_like_a_small_float_keeps_the_fast_path(value: Any) -> None:
    # Ids such as "zte-6" are common in generated data; a fallback for each
    # would cost the json module's pure-Python indenting again.
    fast = plain._orjson(value)
    assert fast is not None and fast == reference(value)


@pytest.mark.parametrize("value", [1e-05, -1e-05, 1.5e-06, 1e-07, 9e-08, 1e-09, [0, 3e-06]])
def test_a_small_float_is_left_to_the_json_module(value: Any) -> None:
    assert plain._orjson(value) is None
    assert plain.to_json(value) == reference(value)


# -- numbers JSON cannot write (a review found them) ----------------------------------------


def _extreme_data(tmp_path: Path) -> Path:
    """The bundled data with an indicator whose values span 1e-300 to 1e16: valid
    (inside its declared range), yet their growth and their ratios overflow."""
    import yaml

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["indicators"].append(
        {
            "id": "tiny",
            "aliases": [],
            "name": "Tiny",
            "name_zh": "小",
            "unit": "per-10k",  # not a whole-number unit: 1e-300 is the point
            "description": "an extreme series",
            "higher_is_better": True,
            "applies_to": "cities",
            "plausible": {"low": 1e-300, "high": 1e16},
        }
    )
    beijing = next(c for c in data["cities"] if c["id"] == "beijing")
    beijing["observations"] += [
        {"indicator": "tiny", "year": 2020, "value": 1e-300, "source": "s"},
        {"indicator": "tiny", "year": 2021, "value": 1e16, "source": "s"},
    ]
    path = tmp_path / "extreme.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_growth_that_overflows_is_no_value(run: Run, tmp_path: Path) -> None:
    # 1e-300 to 1e16 in a year is infinite growth: it was written 'Infinity' (not
    # JSON) by the json module and 'null' by orjson, and ranked first.
    data = str(_extreme_data(tmp_path))
    result = run("--data", data, "rank", "--by", "tiny", "--growth", "--since", "2020", "--json")
    assert result.exit_code == 0, result.stderr
    assert "Infinity" not in result.stdout and "NaN" not in result.stdout
    [beijing] = [r for r in result.json() if r["id"] == "beijing"]
    assert beijing["value"] is None and beijing["rank"] is None


@pytest.mark.parametrize(
    "expression", ["to_number('nan')", "`1e400`", "[`1`, to_number('-1e999')]"]
)
def test_a_query_answer_json_cannot_write_is_an_error(run: Run, expression: str) -> None:
    # JMESPath can make NaN and infinities; JSON has no way to write them.
    result = run("cities", "--query", expression)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "NaN" in result.stderr or "infinit" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_ratio_that_overflows_is_no_figure() -> None:
    # A derived figure of a value over a tiny one was inf: written 'Infinity' (not
    # JSON), or, for a whole-number ratio, a crash converting it to an integer.
    from techhubs.core.entities import Figure, ratios

    top, bottom = [Figure(1e300, 2020, "s")], [Figure(1e-300, 2020, "s")]
    assert ratios(top, bottom, 1.0, 0, "x ÷ y") == []
    assert ratios(top, bottom, 1.0, 2, "x ÷ y") == []
    assert ratios([Figure(6.0, 2020, "s")], [Figure(3.0, 2020, "s")], 1.0, 0, "x ÷ y")[0].value == 2


@pytest.mark.parametrize("kind", ["dataclass", "datetime"])
def test_what_the_json_module_refuses_is_refused(kind: str) -> None:
    # orjson would write dataclasses and datetimes; the json module raises, and
    # so must to_json, whichever encoder it tries first.
    import dataclasses
    import datetime as dt

    @dataclasses.dataclass
    class Point:
        x: int

    value = Point(1) if kind == "dataclass" else dt.datetime(2026, 1, 1)
    assert plain._orjson({"v": value}) is None
    with pytest.raises(TypeError):
        plain.to_json({"v": value})
