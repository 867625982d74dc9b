"""The loader's straight-line check of a sound entity agrees with the full checks (#15).

A cold start validates every entity of the file before its first answer; the
loader writes one function a class that builds a sound entity in one pass and
hands anything doubtful to the full, field-by-field checks that report each
problem at its place.  That function must never accept what the full checks
refuse, nor build another value than they do: any value put anywhere in a
real entity (a wrong type, an edge of a range, NaN, a missing or unknown key)
gets the same answer from both.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA_FILE
from techhubs.core import entities
from techhubs.core.entities import COLLECTIONS, Contents, Derivation, Observation, observed, ratios
from techhubs.core.fields import fields_of
from techhubs.loader import schema

FAIL = schema._FAIL

BUNDLED: dict[str, Any] = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in plain data: each key of a mapping and each item of a list."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield (*path, i)
            yield from places(item, (*path, i))


def entries(cls: type, value: Any) -> Iterator[tuple[type, dict[str, Any]]]:
    """(class, plain data) of ``value`` and of every entity nested in it."""
    yield cls, value
    for field in fields_of(cls):
        if field.spec.kind == "entity" and field.key in value:
            nested = value[field.key]
            for item in nested if field.spec.many else [nested]:
                yield from entries(field.spec.entity, item)


#: (the entity's class, its plain data) for every entity of the bundled file, nested or not
ENTRIES = [
    found
    for field in fields_of(Contents)
    if field.key in BUNDLED
    for entry in (BUNDLED[field.key] if field.spec.many else [BUNDLED[field.key]])
    for found in entries(field.spec.entity, entry)
]
#: for each class, the entry of it with the most places (optional fields given)
WIDEST = {
    cls: max((e for c, e in ENTRIES if c is cls), key=lambda e: len(list(places(e))))
    for cls in {c for c, _ in ENTRIES}
}

#: values at the edges of what some field accepts, and past them
ODD = [
    None,
    "",
    " ",
    "\t\n",
    "text",
    "Not An Id",
    "an-id",
    "-an-id",
    "persons",
    "home",
    0,
    -1,
    1,
    11,
    12,
    1799,
    1800,
    2100,
    2101,
    0.5,
    -0.5,
    1.0,
    1e300,
    -1e18,
    1e18,
    1e19,
    1e9,
    math.inf,
    math.nan,
    True,
    False,
    [],
    ["text"],
    ["an-id"],
    [1],
    [None],
    {},
    {"name": "x"},
    10**30,
]


def full_check(cls: type, value: Any, high: float = 0) -> tuple[Any, list[Any]]:
    """What the field-by-field checks alone make of ``value``: the entity (or None),
    and the problems."""
    real = schema._FASTS.copy()
    try:
        for kind in {c for c, _ in ENTRIES}:
            schema._FASTS[kind] = lambda v, h: FAIL
        checker = schema._Checker(None)
        return schema._entity(checker, cls, value, "x", high), checker.problems
    finally:
        schema._FASTS.clear()
        schema._FASTS.update(real)


def agree(cls: type, value: Any, high: float = 0) -> None:
    """The straight-line check builds nothing the full checks would not, as they would."""
    fast = schema._fast(cls)(value, high)
    entity, problems = full_check(cls, value, high)
    if fast is FAIL:
        return  # the full checks decide, as they always did
    assert problems == [], problems
    assert same(fast, entity)


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0 here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b or (a != a and b != b)


def test_every_bundled_entity_is_built_by_the_straight_line_check() -> None:
    """The point of it: sound data never falls through to the slow checks."""
    for cls, entry in ENTRIES:
        built = schema._fast(cls)(entry, 0)
        assert built is not FAIL, (cls.__name__, entry.get("id"))
        entity, problems = full_check(cls, entry)
        assert problems == [] and same(built, entity)


def test_a_broken_entry_falls_through_to_the_full_checks() -> None:
    """A wrong value is still reported at its place, with the file's words."""
    data = copy.deepcopy(BUNDLED)
    data["cities"][1]["observations"][0]["value"] = -3
    dataset, problems = schema.build(data)
    assert dataset is None
    assert [(p.path, p.message) for p in problems] == [
        ("cities[1].observations[0].value", "-3 is out of range (0 to 1e+16)")
    ]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_change_anywhere_gets_the_same_answer_from_both(data: st.DataObject) -> None:
    cls, entry = data.draw(st.sampled_from(ENTRIES))
    changed = copy.deepcopy(entry)
    path = data.draw(st.sampled_from(list(places(changed))))
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    how = data.draw(st.sampled_from(["value", "value", "value", "drop", "unknown key"]))
    if how == "value":
        holder[path[-1]] = data.draw(st.sampled_from(ODD))
    elif how == "drop":
        del holder[path[-1]]
    elif isinstance(holder, dict):
        holder["no_such_field"] = 1
    agree(cls, changed, data.draw(st.sampled_from([0, 1e6])))


@pytest.mark.parametrize("cls", sorted(WIDEST, key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_every_odd_value_in_every_field_gets_the_same_answer_from_both(cls: type) -> None:
    """Each field of each class (and the first item of a list of values) given each
    odd value, each field left out, and a key no field has."""
    entry = WIDEST[cls]
    for key, value in entry.items():
        for odd in ODD:
            for high in (0, 1e6):
                agree(cls, {**entry, key: odd}, high)
                if isinstance(value, list) and value and not isinstance(value[0], dict):
                    agree(cls, {**entry, key: [odd, *value[1:]]}, high)
        agree(cls, {k: v for k, v in entry.items() if k != key})
    agree(cls, {**entry, "no_such_field": 1})


@pytest.mark.parametrize("value", [True, 1.0, "1", None])
def test_a_year_that_is_not_a_whole_number_is_refused(value: Any) -> None:
    """bool is an int in Python; a year of `true` is no year (both checks agree)."""
    cls, entry = next((c, e) for c, e in ENTRIES if c.__name__ == "Company" and "founded" in e)
    changed = {**entry, "founded": value}
    assert schema._fast(cls)(changed, 0) is FAIL
    entity, problems = full_check(cls, changed)
    assert entity is None and [p.path for p in problems] == ["x.founded"]


# -- references ----------------------------------------------------------------------------

DATASET, _ = schema.build(copy.deepcopy(BUNDLED))
KNOWN = {kind: schema._raw_ids(BUNDLED.get(kind)) for kind in COLLECTIONS}
#: every entity of the bundled file that holds a reference, with its place
REFERRING = [
    (entity, f"{kind}[{i}]")
    for kind in ("cities", "companies", "focus_areas", "indicators")
    for i, entity in enumerate(getattr(DATASET, kind))
    if schema._referring(type(entity))
]


def references_agree(entity: Any, where: str, known: dict[str, set[str]]) -> bool:
    """Whether the one-set check and the place-by-place check agree; returns the
    verdict."""
    checker = schema._Checker(None)
    schema._references(checker, entity, where, known)
    resolved = schema._resolved(type(entity))(entity, known)
    assert resolved == (checker.problems == []), (where, checker.problems)
    return resolved


def test_the_bundled_references_all_resolve_at_once() -> None:
    assert all(references_agree(entity, where, KNOWN) for entity, where in REFERRING)


@pytest.mark.parametrize("kind", ["cities", "companies", "focus_areas", "indicators"])
def test_a_reference_to_any_missing_entity_is_caught_by_both(kind: str) -> None:
    """Each id of each collection taken away in turn: every entity referring to
    it, by whatever field, nested or keyed, fails both checks alike."""
    caught = 0
    for gone in sorted(KNOWN[kind]):
        known = {**KNOWN, kind: KNOWN[kind] - {gone}}
        caught += sum(not references_agree(e, where, known) for e, where in REFERRING)
    assert caught > 0


def test_an_id_listed_twice_is_caught_by_both() -> None:
    """A list of ids, or of items keyed by an id, naming one entity twice."""
    twice = 0
    for entity, where in REFERRING:
        for field in schema._referring(type(entity)):
            held = getattr(entity, field.attr)
            by_id = field.spec.kind == "ref" or schema._keyed_by(field.spec.entity) is not None
            if field.spec.many and held and by_id:
                doubled = entity._replace(**{field.attr: (*held, held[0])})
                assert not references_agree(doubled, where, KNOWN)
                twice += 1
    assert twice > 50


def test_an_id_listed_twice_inside_a_nested_entity_is_caught_by_both() -> None:
    """An institution naming one focus area twice, checked an institution at a time."""
    doubled = 0
    for entity, where in REFERRING:
        for i, institution in enumerate(getattr(entity, "institutions", ())):
            if institution.focus_areas:
                areas = (*institution.focus_areas, institution.focus_areas[0])
                held = list(entity.institutions)
                held[i] = institution._replace(focus_areas=areas)
                changed = entity._replace(institutions=tuple(held))
                assert not references_agree(changed, where, KNOWN)
                doubled += 1
    assert doubled > 5


# -- derived values --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["gdp", "population", "other"]),
            st.integers(2019, 2025),
            st.one_of(st.integers(1, 10**9), st.floats(1e-3, 1e18)),
            st.sampled_from([None, None, "USD"]),
        ),
        max_size=12,
    ),
    times=st.sampled_from([1, 1e-9, 1e4, 1e300]),
    digits=st.integers(0, 3),
    bounds=st.sampled_from([(1000, 1e7), (0, 1e300), (1, 2)]),
)
def test_the_quick_plausibility_check_agrees_with_the_derived_figures(
    rows: list[tuple[str, int, float, str | None]],
    times: float,
    digits: int,
    bounds: tuple[float, float],
) -> None:
    """The rule 'a derived value is plausible' says no exactly when a figure that
    ratios() derives (and the commands show) is out of the indicator's range."""
    observations = [
        Observation(indicator, year, value, "a source", currency=currency)
        for indicator, year, value, currency in rows
    ]
    derived = Derivation("gdp", "population", times, digits)
    figures = ratios(
        observed(observations, "gdp"), observed(observations, "population"), times, digits, ""
    )
    low, high = bounds
    expected = all(low <= f.value <= high for f in figures)
    assert entities._plausibly_derived(observations, derived, low, high) is expected


def test_a_trusted_build_compiles_no_checks() -> None:
    """Review (round18 #3): a warm run built from the trusted cache compiled every
    class's checks (~8 ms) that it never runs; they are compiled when first used."""
    real = schema._FASTS.copy()
    schema._FASTS.clear()
    try:
        schema.build_trusted(copy.deepcopy(BUNDLED))
        assert schema._FASTS == {}
        schema.build(copy.deepcopy(BUNDLED))
        assert {c.__name__ for c in schema._FASTS} >= {"City", "Company", "Observation"}
    finally:
        schema._FASTS.clear()
        schema._FASTS.update(real)
