"""Hubs, companies or focus areas side by side: what they share, what only one has.

Works on the entities' JSON-contract records, so a comparison can be made
from records read ready-made from the store without loading the dataset.
Which kind is compared is inferred from the names (``compare huawei
tencent`` compares companies) unless ``--kind`` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from techhubs.errors import UsageError, named_once

if TYPE_CHECKING:
    from techhubs.output.answers import Record, RefRecord

MIN_ITEMS, MAX_ITEMS = 2, 6

#: What --kind takes, the kind of record it compares, and the lists whose
#: overlap a comparison shows for it.
KINDS: dict[str, tuple[str, tuple[str, str]]] = {
    "city": ("city", ("focus_areas", "companies")),
    "company": ("company", ("focus_areas", "cities")),
    "area": ("focus area", ("cities", "companies")),
}
_WORDS = {"city": "a city", "company": "a company", "focus area": "a focus area"}


def check_count(names: Sequence[str]) -> None:
    """UsageError unless there are 2 to 6 names (checked before any lookup)."""
    if not MIN_ITEMS <= len(names) <= MAX_ITEMS:
        if any("," in name for name in names):
            spaced = " ".join(part for name in names for part in name.split(",") if part)
            raise UsageError(
                f"separate the names with spaces, not commas: 'techhubs compare {spaced}'"
            )
        raise UsageError(
            f"compare takes {MIN_ITEMS} to {MAX_ITEMS} cities, got {len(names)} (or as many "
            "companies, or focus areas); e.g. 'techhubs compare beijing hangzhou'"
        )


def choose_kind(names: Sequence[str], found: Sequence[set[str]], forced: str | None) -> str:
    """The kind of record to compare (``city``, ``company`` or ``focus area``).

    ``found`` holds, for each name, the kinds it names. All names must name one
    kind; a name nothing knows is left to the lookup, which says what it may
    have meant. UsageError for a mix of kinds, or a choice only --kind can make.
    """
    if forced is not None:
        return KINDS[forced][0]
    known = [(name, kinds) for name, kinds in zip(names, found, strict=True) if kinds]
    if not known:
        return "city"
    common = set.intersection(*(kinds for _, kinds in known))
    if len(common) == 1:
        return common.pop()
    hint = "choose one with --kind city|company|area"
    if common:
        name = next(n for n, kinds in known if len(kinds) > 1)
        both = " and ".join(sorted(_WORDS[k] for k in common))
        raise UsageError(f"'{name}' names {both}; {hint}")
    said = [f"'{name}' is {' or '.join(sorted(_WORDS[k] for k in kinds))}" for name, kinds in known]
    raise UsageError(
        f"{', '.join(said[:-1])} and {said[-1]}: compare one kind at a time, or {hint}"
    )


def compare(kind: str, names: Sequence[str], items: Sequence[Record]) -> Record:
    """Compare the entities ``names`` resolved to; UsageError if two are one entity."""
    check_count(names)
    pairs = zip(names, items, strict=True)
    named_once(((n, i["id"], i["name"]) for n, i in pairs), "; compare different ones")
    flag = next(k for k, (record_kind, _) in KINDS.items() if record_kind == kind)
    lists = KINDS[flag][1]
    splits = {key: _split(items, key) for key in lists}
    result: dict[str, Any] = {"kind": flag, "items": list(items)}
    if flag == "city":  # the keys a city comparison has always had
        result["cities"] = list(items)
    if flag in ("city", "company"):  # what has figures lines them up
        result["figures"] = aligned_figures(items)
    result["shared"] = {key: splits[key][0] for key in lists}
    result["unique"] = {
        item["id"]: {key: splits[key][1][item["id"]] for key in lists} for item in items
    }
    return result


def _split(items: Sequence[Record], key: str) -> tuple[list[RefRecord], dict[str, list[RefRecord]]]:
    """What every item holds in its list ``key``, and what only each one holds."""
    held = {i["id"]: {r["id"]: _ref(r) for r in i[key]} for i in items}
    first = held[items[0]["id"]]
    shared = [ref for ref_id, ref in first.items() if all(ref_id in h for h in held.values())]
    unique = {
        item_id: [
            ref
            for ref_id, ref in refs.items()
            if not any(ref_id in other for oid, other in held.items() if oid != item_id)
        ]
        for item_id, refs in held.items()
    }
    return shared, unique


def aligned_figures(cities: Sequence[Record]) -> list[Record]:
    """Each indicator for the latest year every compared hub (or company) has it,
    and the best.

    Figures of different years are never set side by side: a row is for one
    year (it says which), or, where they share no year, it lists none; nor are
    figures in different currencies (a row's values are in one: ``currency``,
    null for yuan). Growth is the compound annual rate from the earliest shared
    year to that one, never across the year an indicator is comparable from.
    """
    from techhubs.core.growth import annual_growth

    rows = []
    for position, indicator in enumerate(cities[0]["indicators"]):
        series = [{p["year"]: p for p in c["indicators"][position]["series"]} for c in cities]
        shared = set.intersection(*(set(s) for s in series))
        currencies = {c["indicators"][position].get("currency") for c in cities}
        if not shared or len(currencies) > 1:
            continue
        year = max(shared)
        # growth from the earliest shared year on the basis of the latest (never
        # across the year the figures are comparable from: a census revision)
        floor = indicator.get("comparable_from")
        first = min(y for y in shared if floor is None or year < floor or y >= floor)
        values = {c["id"]: s[year] for c, s in zip(cities, series, strict=True)}
        numbers = [v["value"] for v in values.values()]
        best_value = max(numbers) if indicator["higher_is_better"] else min(numbers)
        rates = None
        if first < year and indicator["unit"] != "rank":  # a rank has no growth
            rates = {
                c["id"]: annual_growth(first, s[first]["value"], year, s[year]["value"])
                for c, s in zip(cities, series, strict=True)
            }
        rows.append(
            {
                "id": indicator["id"],
                "name": indicator["name"],
                "unit": indicator["unit"],
                "currency": next(iter(currencies)),
                "year": year,
                "values": values,
                "best": [cid for cid, v in values.items() if v["value"] == best_value]
                if len(cities) > 1
                else [],
                "growth": None if rates is None else {"since": first, "rates": rates},
            }
        )
    return rows


def _ref(entity: RefRecord) -> RefRecord:
    # A company link carries its relation; the overlap lists only id and name.
    return {"id": entity["id"], "name": entity["name"]}
