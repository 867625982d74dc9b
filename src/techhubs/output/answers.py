"""The shapes of computed answers, and the answers a warm run reads back from
the store: plain records, checked, with no dataset and no declarations.

An entity's record is derived from its declaration (techhubs.output.records);
what a command computes — a ranking, a trend, the overview, the map — has its
shape here, as a TypedDict (docs/json.md documents each; a search hit's is
techhubs.core.search.HitRecord, beside the ranking of hits). The store keeps those
answers ready-made; reading one back needs only the checks below, so a warm
``rank`` (in its default year), ``indicators``, ``overview``, ``map`` or ``similar`` imports
neither the declarations nor the dataset (their imports alone cost ~5 ms a run).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, TypedDict

from techhubs.core.alike import alike, features
from techhubs.core.growth import Rate
from techhubs.core.kinds import Count

Record = dict[str, Any]


class RefRecord(TypedDict):
    id: str
    name: str


class OverlapRecord(TypedDict):
    focus_areas: list[RefRecord]
    companies: list[RefRecord]


class OverviewRecord(TypedDict):
    cities: list[Record]
    government_support: list[Record]
    challenges: list[Record]
    opportunities: list[Record]
    article_claims: list[Record]


class RankRecord(TypedDict):
    rank: int | None
    id: str
    name: str
    name_zh: str
    indicator: str
    value: int | float | None
    year: int | None
    source: str | None
    url: str | None
    note: str | None
    period_end: str | None
    currency: str | None
    in_yuan: float | None
    exchange_rate: Record | None
    since: int | None
    older: Record | None
    newer: Record | None


class SimilarRecord(TypedDict):
    id: str
    name: str
    name_zh: str
    score: float
    shared: OverlapRecord
    reason: str


class MapCityRecord(TypedDict):
    id: str
    name: str
    name_zh: str
    lat: float
    lon: float
    highlighted: bool


class MapRecord(TypedDict):
    outline: str
    focus_area: RefRecord | None
    cities: list[MapCityRecord]


class RankingHeading(NamedTuple):
    """What a ranking's chart says above and beside its bars."""

    title: str
    unit: str
    lower_is_better: bool


def ref_of(found: Record) -> RefRecord:
    """The reference to an entity whose record (stored or built) is ``found``."""
    return {"id": found["id"], "name": found["name"]}


def count_id(count: Count) -> str:
    """A count's id in the store: 'count:' and its name (no indicator id holds ':')."""
    return f"count:{count.value}"


#: How a unit is named in a title.
UNIT_WORDS = {
    "persons": "year-end residents",
    "yuan": "yuan",
    "percent": "%",
    "count": "number",
    "rank": "rank, 1 is first",
    "per-10k": "per 10,000 residents",
}


def stored_trend(measure: Any, found: list[Any], since: int | None) -> Record | None:
    """What ``trend`` prints (:func:`trend`), from a stored measure (:func:`_measures`)
    and the stored records of the hubs or companies named; None where they cannot
    say it (a hub named twice): the full path then says why."""
    if type(measure) is not dict:
        return None
    ids = [r.get("id") for r in found]
    if len(set(ids)) != len(ids):
        return None
    series = []
    for holder in found:
        entry = next(
            (i for i in holder.get("indicators", ()) if i.get("id") == measure["id"]), None
        )
        if entry is None:
            return None
        points = [p for p in entry["series"] if since is None or p["year"] >= since]
        series.append(
            {
                "city": {"id": holder["id"], "name": holder["name"]},
                # the series' last point is the last of these, and the currency its
                "currency": entry.get("currency") if points else None,
                "points": points,
            }
        )
    indicator = {
        "id": measure["id"],
        "name": measure["name"],
        "unit": measure["unit"],
        "comparable_from": measure.get("comparable_from"),
    }
    return {"indicator": indicator, "since": since, "series": series}


def stored_ranking(data: Any) -> tuple[RankingHeading, list[RankRecord]] | None:
    """A ranking as :func:`_rankings` stored it (None: one it could not work out);
    ValueError if it is not that shape."""
    if data == {"unranked": True}:
        return None
    if type(data) is not dict or set(data) != {"title", "unit", "lower_is_better", "rows"}:
        raise ValueError("not a stored ranking")
    title, unit, lower, rows = data["title"], data["unit"], data["lower_is_better"], data["rows"]
    shaped = isinstance(title, str) and unit in UNIT_WORDS and isinstance(lower, bool)
    if not (shaped and isinstance(rows, list)):
        raise ValueError("not a stored ranking")
    if not all(type(row) is dict and set(row) == set(RankRecord.__annotations__) for row in rows):
        raise ValueError("not a stored ranking")
    return RankingHeading(title, unit, lower), rows


def stored_rates(stored: Any) -> dict[tuple[str, int], Rate]:
    """The stored ``rates`` answer (:func:`answers`) by (currency, year), the first of
    two as Dataset.yuan_per finds it; ValueError if it is not that shape."""
    if type(stored) is not list:
        raise ValueError("not stored exchange rates")
    rates: dict[tuple[str, int], Rate] = {}
    for rate in stored:
        if not (type(rate) is list and len(rate) == 4):
            raise ValueError("not stored exchange rates")
        currency, year, yuan, source = rate
        if not (type(currency) is str and type(year) is int and type(yuan) in (int, float)):
            raise ValueError("not stored exchange rates")
        if type(source) is not str:
            raise ValueError("not stored exchange rates")
        rates.setdefault((currency, year), Rate(yuan, source))
    return rates


def city_map(points: list[Record], outline_source: str, highlight: RefRecord | None) -> MapRecord:
    """What ``map`` prints: the hubs (:func:`map_points`), those that lead in the
    focus area ``highlight`` marked."""
    return {
        "outline": outline_source,
        "focus_area": highlight,
        "cities": [
            {
                "id": p["id"],
                "name": p["name"],
                "name_zh": p["name_zh"],
                "lat": p["lat"],
                "lon": p["lon"],
                "highlighted": highlight is not None and highlight["id"] in p["focus_areas"],
            }
            for p in points
        ],
    }


def stored_overview(stored: Any, cities: Any) -> OverviewRecord | None:
    """The overview from its stored answer (:func:`answers`) and the stored list of
    every hub's record, in the data's order; None if they do not fit together."""
    if type(stored) is not dict or type(cities) is not list:
        return None
    by_id = {c.get("id"): c for c in cities if type(c) is dict}
    order = stored.get("order")
    if type(order) is not list or len(order) != len(by_id) or set(order) != set(by_id):
        return None
    return overview_of([by_id[i] for i in order], stored)


def overview_of(cities: list[Record], topics: Record) -> OverviewRecord:
    """The overview from the hubs' records and :func:`overview_topics`, in its order."""
    return {
        "cities": cities,
        "government_support": topics["government_support"],
        "challenges": topics["challenges"],
        "opportunities": topics["opportunities"],
        "article_claims": topics["article_claims"],
    }


def similar_record(
    city: Record, score: float, areas: list[tuple[RefRecord, str]], companies: list[RefRecord]
) -> SimilarRecord:
    """What ``similar`` prints for one hub: its score and what it shares (``areas``
    with the short name the reason gives each), from the dataset or the store."""
    parts = []
    if areas:
        parts.append(", ".join(short for _, short in areas))
    if companies:
        parts.append(", ".join(c["name"] for c in companies))
    return {
        "id": city["id"],
        "name": city["name"],
        "name_zh": city["name_zh"],
        "score": score,
        "shared": {
            "focus_areas": [area for area, _ in areas],
            "companies": companies,
        },
        "reason": "shares " + "; ".join(parts) if parts else "shares nothing",
    }


def stored_similar(hub: Record, cities: list[Record], areas: list[Record]) -> list[SimilarRecord]:
    """Every other hub as ``similar`` prints it, most alike first, from stored
    records: the hub's, every hub's (the stored list) and every area's."""

    def features_of(c: Record) -> set[tuple[str, str]]:
        return features([a["id"] for a in c["focus_areas"]], [k["id"] for k in c["companies"]])

    short = {a["id"]: short_name(a["name"], a["aliases"]) for a in areas}
    mine = features_of(hub)
    found = []
    for other in cities:
        if other["id"] == hub["id"]:
            continue
        theirs = features_of(other)
        shared = [ref_of(a) for a in hub["focus_areas"] if ("area", a["id"]) in theirs]
        firms = [ref_of(k) for k in hub["companies"] if ("company", k["id"]) in theirs]
        city = {"id": other["id"], "name": other["name"], "name_zh": other["name_zh"]}
        pairs = [(a, short[a["id"]]) for a in shared]
        found.append(similar_record(city, alike(mine, theirs), pairs, firms))
    found.sort(key=lambda s: (-s["score"], s["name"].casefold()))  # as analysis.similar
    return found


def short_name(name: str, aliases: Sequence[str]) -> str:
    """'AI' for artificial intelligence, 'e-commerce' for E-commerce: how one says it."""
    first = aliases[0] if aliases else ""
    if first.isupper() and len(first) <= 4:
        return first
    return name if name[:1].isdigit() else name[:1].lower() + name[1:]
