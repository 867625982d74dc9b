"""Questions asked of a Dataset: listings, comparison, search, the overview.

Plain functions over the immutable models; they never print and know nothing
of Typer or Rich, so the CLI, the Python API and the tests share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, NamedTuple

from techhubs.errors import UsageError
from techhubs.models import City, Company, Dataset, Figure, FocusArea
from techhubs.names import normalize

CitySort = Literal["name", "population", "gdp", "gdp-per-capita", "companies", "focus-areas"]


def city_figure(city: City, metric: CitySort) -> Figure | None:
    """The sourced figure behind ``metric`` (None for counts and names)."""
    if metric == "population":
        return city.population
    if metric == "gdp":
        return city.gdp
    if metric == "gdp-per-capita":
        return city.gdp_per_capita
    return None


def city_metric(city: City, metric: CitySort) -> float | None:
    """The number a city is sorted or ranked by; None where the data has none."""
    if metric in ("population", "gdp", "gdp-per-capita"):
        figure = city_figure(city, metric)
        return figure.value if figure else None
    if metric == "companies":
        return len(city.companies)
    if metric == "focus-areas":
        return len(city.focus_areas)
    return None


def list_cities(
    dataset: Dataset,
    focus: str | None = None,
    status: str | None = None,
    sort: CitySort = "name",
    reverse: bool = False,
    limit: int | None = None,
) -> list[City]:
    """Cities filtered by focus area and status, sorted; numbers largest first.

    Cities without the sorted figure go last whatever the direction: a
    missing number is not a small one.
    """
    cities: Iterable[City] = dataset.cities
    if focus is not None:
        area = dataset.focus_area(focus)
        cities = [c for c in cities if area.id in c.focus_areas]
    if status is not None:
        cities = [c for c in cities if c.status == status]
    if sort == "name":
        ordered = sorted(cities, key=lambda c: c.name.casefold(), reverse=reverse)
    else:
        known = [c for c in cities if city_metric(c, sort) is not None]
        unknown = [c for c in cities if city_metric(c, sort) is None]
        known.sort(key=lambda c: (-(city_metric(c, sort) or 0), c.name.casefold()))
        if reverse:
            known.reverse()
        ordered = known + sorted(unknown, key=lambda c: c.name.casefold())
    return ordered[:limit] if limit is not None else ordered


def list_companies(
    dataset: Dataset, city: str | None = None, focus: str | None = None
) -> list[Company]:
    """Companies (A→Z), optionally those tied to a city or working in a field."""
    companies: Iterable[Company] = dataset.companies
    if city is not None:
        tied = set(dataset.city(city).company_ids())
        companies = [c for c in companies if c.id in tied]
    if focus is not None:
        area = dataset.focus_area(focus)
        companies = [c for c in companies if area.id in c.focus_areas]
    return sorted(companies, key=lambda c: c.name.casefold())


def resolve_cities(dataset: Dataset, names: Iterable[str]) -> list[City]:
    return [dataset.city(name) for name in names]


# -- search --------------------------------------------------------------------

HitKind = Literal["city", "district", "company", "focus_area"]
HIT_KINDS: tuple[HitKind, ...] = ("city", "district", "company", "focus_area")


class Hit(NamedTuple):
    kind: HitKind
    id: str
    name: str
    city: str | None
    matched: str
    score: int


# Names count fully; descriptive text counts for less, so a city whose name
# matches outranks one whose summary merely mentions the words.
_NAME, _LABEL, _AREA, _TEXT = 1.0, 0.9, 0.7, 0.5
_WORD_BREAK = re.compile(r"[\s\-–—/,;:()'\"“”‘’.!?]+")
#: Shorter queries match only at the start of a word ("ai" must not find
#: "Shanghai"), and two letters only a whole word ("ai" is not "aircraft");
#: longer ones, and Chinese (which has no spaces), anywhere.
_ANYWHERE = 5


def _anywhere(fragment: str) -> bool:
    return len(fragment) >= _ANYWHERE or not fragment.isascii()


def _match_score(query: str, words: list[str], value: str, key: str) -> int:
    """How well ``value`` (normalised: ``key``) matches: whole, start, a word, a word's start."""
    if not key:
        return 0
    if key == query:
        return 100
    if key.startswith(query):
        return 80
    # Every match below needs the query (or each of its words) inside the key:
    # checking that first spares splitting most values into words.
    if query not in key and not (len(words) > 1 and all(w in key for w in words)):
        return 0
    tokens = [t for t in (normalize(w) for w in _WORD_BREAK.split(value)) if t]
    if query in tokens:
        return 70
    if len(query) > 2 and any(t.startswith(query) for t in tokens):
        return 60
    if _anywhere(query) and query in key:
        return 50
    if len(words) > 1 and all(
        any(t.startswith(w) for t in tokens) or (_anywhere(w) and w in key) for w in words
    ):
        return 40
    return 0


def _area_fields(
    dataset: Dataset, area_ids: Iterable[str], weight: float
) -> list[tuple[str, str, float]]:
    fields = []
    for area_id in area_ids:
        area = dataset.focus_area_by_id(area_id)
        fields.append(("focus_areas", area.name, weight))
        fields.extend(("focus_areas", alias, weight) for alias in area.aliases)
    return fields


def _fields_of_city(city: City, dataset: Dataset) -> list[tuple[str, str, float]]:
    return [
        ("id", city.id, _NAME),
        ("name", city.name, _NAME),
        ("name_zh", city.name_zh, _NAME),
        ("pinyin", city.pinyin, _NAME),
        *(("aliases", a, _NAME) for a in city.aliases),
        *(("nicknames", n.name, _LABEL) for n in city.nicknames),
        ("headline", city.headline, _LABEL),
        *_area_fields(dataset, city.focus_areas, _AREA),
        *(("districts", d.name, _TEXT) for d in city.districts),
        *(("districts", d.name_zh, _TEXT) for d in city.districts),
        *(("institutions", i.name, _TEXT) for i in city.institutions),
        *(("institutions", i.name_zh, _TEXT) for i in city.institutions),
        *(("policies", p.name, _TEXT) for p in city.policies),
        ("summary", city.summary, _TEXT),
    ]


def search(
    dataset: Dataset, text: str, kinds: Iterable[str] | None = None, limit: int | None = None
) -> list[Hit]:
    """Rank cities, districts, companies and focus areas that match ``text``.

    Matching ignores case, accents, spaces and punctuation, so English,
    Chinese characters and pinyin (with or without tones) all work.  Each hit
    keeps the best-scoring field it matched.
    """
    query = normalize(text)
    if not query:
        raise UsageError("give some text to search for, e.g. 'techhubs search silicon'")
    words = [w for w in (normalize(part) for part in text.split()) if w]
    wanted = set(kinds) if kinds else set(HIT_KINDS)
    hits: list[Hit] = []

    keys: dict[str, str] = {}  # focus areas and districts recur: normalise each once

    def best(fields: Iterable[tuple[str, str, float]]) -> tuple[int, str]:
        top, where = 0, ""
        for field_name, value, weight in fields:
            key = keys.get(value)
            if key is None:
                key = keys[value] = normalize(value)
            score = round(_match_score(query, words, value, key) * weight)
            if score > top:
                top, where = score, field_name
        return top, where

    for city in dataset.cities:
        if "city" in wanted:
            score, field_name = best(_fields_of_city(city, dataset))
            if score:
                hits.append(Hit("city", city.id, city.name, None, field_name, score))
        if "district" in wanted:
            for district in city.districts:
                score, field_name = best(
                    [
                        ("name", district.name, _NAME),
                        ("name_zh", district.name_zh, _NAME),
                        *(
                            ("nicknames", n.name, _LABEL)
                            for n in city.nicknames
                            if n.refers_to == district.name
                        ),
                        ("description", district.description, _TEXT),
                    ]
                )
                if score:
                    hits.append(
                        Hit(
                            "district",
                            normalize(district.name),
                            district.name,
                            city.id,
                            field_name,
                            score,
                        )
                    )
    if "company" in wanted:
        for company in dataset.companies:
            score, field_name = best(
                [
                    ("id", company.id, _NAME),
                    ("name", company.name, _NAME),
                    ("name_zh", company.name_zh, _NAME),
                    *(("aliases", a, _NAME) for a in company.aliases),
                    *_area_fields(dataset, company.focus_areas, _TEXT),
                    ("description", company.description, _TEXT),
                ]
            )
            if score:
                hits.append(Hit("company", company.id, company.name, None, field_name, score))
    if "focus_area" in wanted:
        for area in dataset.focus_areas:
            score, field_name = best(
                [
                    ("id", area.id, _NAME),
                    ("name", area.name, _NAME),
                    *(("aliases", a, _NAME) for a in area.aliases),
                    ("description", area.description, _TEXT),
                ]
            )
            if score:
                hits.append(Hit("focus_area", area.id, area.name, None, field_name, score))
    order = {kind: i for i, kind in enumerate(HIT_KINDS)}
    hits.sort(key=lambda h: (-h.score, order[h.kind], h.name.casefold()))
    return hits[:limit] if limit is not None else hits


# -- focus areas -----------------------------------------------------------------


class AreaSummary(NamedTuple):
    area: FocusArea
    cities: tuple[City, ...]
    companies: tuple[Company, ...]


def area_summary(dataset: Dataset, area: FocusArea) -> AreaSummary:
    return AreaSummary(
        area,
        dataset.cities_in_area(area.id),
        tuple(sorted(dataset.companies_in_area(area.id), key=lambda c: c.name.casefold())),
    )


def all_areas(dataset: Dataset) -> list[AreaSummary]:
    """Every focus area with its cities and companies, busiest first."""
    summaries = [area_summary(dataset, area) for area in dataset.focus_areas]
    summaries.sort(key=lambda s: (-len(s.cities), -len(s.companies), s.area.name.casefold()))
    return summaries
