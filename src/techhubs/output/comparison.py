"""Hubs side by side: what they share and what only one of them has.

Works on the cities' JSON-contract records, so a comparison can be made
from records read ready-made from the store without loading the dataset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from techhubs.errors import UsageError

if TYPE_CHECKING:
    from techhubs.output.records import ComparisonRecord, Record, RefRecord

MIN_CITIES, MAX_CITIES = 2, 6


def check_count(names: Sequence[str]) -> None:
    """UsageError unless there are 2 to 6 names (checked before any lookup)."""
    if not MIN_CITIES <= len(names) <= MAX_CITIES:
        raise UsageError(
            f"compare takes {MIN_CITIES} to {MAX_CITIES} cities, got {len(names)}; "
            "e.g. 'techhubs compare beijing hangzhou'"
        )


def compare(names: Sequence[str], cities: Sequence[Record]) -> ComparisonRecord:
    """Compare the cities ``names`` resolved to; UsageError if two are one city."""
    check_count(names)
    seen: dict[str, str] = {}
    for name, city in zip(names, cities, strict=True):
        if city["id"] in seen:
            raise UsageError(
                f"'{seen[city['id']]}' and '{name}' are both {city['name']}; "
                "compare different cities"
            )
        seen[city["id"]] = name

    def split(
        get: Callable[[Record], Sequence[RefRecord]],
    ) -> tuple[list[RefRecord], dict[str, list[RefRecord]]]:
        held = {c["id"]: {r["id"]: _ref(r) for r in get(c)} for c in cities}
        first = held[cities[0]["id"]]
        shared = [ref for key, ref in first.items() if all(key in h for h in held.values())]
        unique = {
            cid: [
                ref
                for key, ref in refs.items()
                if not any(key in other for oid, other in held.items() if oid != cid)
            ]
            for cid, refs in held.items()
        }
        return shared, unique

    shared_areas, unique_areas = split(lambda c: c["focus_areas"])
    shared_companies, unique_companies = split(lambda c: c["companies"])
    return {
        "cities": list(cities),
        "figures": aligned_figures(cities),
        "shared": {"focus_areas": shared_areas, "companies": shared_companies},
        "unique": {
            c["id"]: {
                "focus_areas": unique_areas[c["id"]],
                "companies": unique_companies[c["id"]],
            }
            for c in cities
        },
    }


def aligned_figures(cities: Sequence[Record]) -> list[Record]:
    """Each indicator for the latest year every compared hub has it, and the best.

    Figures of different years are never set side by side: a row is for one
    year (it says which), or, where the hubs share no year, it lists none.
    Growth is the compound annual rate from the earliest shared year to that one.
    """
    from techhubs.core.entities import Figure
    from techhubs.core.indicators import growth

    rows = []
    for position, indicator in enumerate(cities[0]["indicators"]):
        series = [{p["year"]: p for p in c["indicators"][position]["series"]} for c in cities]
        shared = set.intersection(*(set(s) for s in series))
        if not shared:
            continue
        year, first = max(shared), min(shared)
        values = {c["id"]: s[year] for c, s in zip(cities, series, strict=True)}
        numbers = [v["value"] for v in values.values()]
        best_value = max(numbers) if indicator["higher_is_better"] else min(numbers)
        rates = None
        if first < year and indicator["unit"] != "rank":  # a rank has no growth
            rates = {
                c["id"]: growth(Figure(**s[first]), Figure(**s[year]))
                for c, s in zip(cities, series, strict=True)
            }
        rows.append(
            {
                "id": indicator["id"],
                "name": indicator["name"],
                "unit": indicator["unit"],
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
