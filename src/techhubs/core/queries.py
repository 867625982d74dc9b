"""Questions asked of a Dataset: listings, comparison, search, the overview.

Plain functions over the immutable models; they never print and know nothing
of Typer or Rich, so the CLI, the Python API and the tests share them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from techhubs.core import indicators
from techhubs.core.dataset import Dataset
from techhubs.core.entities import City, Company, FocusArea, Indicator
from techhubs.core.fields import LABEL, NAME, TEXT, fields_of, labels_of
from techhubs.core.kinds import Count, HitKind, Holder
from techhubs.core.names import normalize
from techhubs.core.order import arranged
from techhubs.core.search import Hit, SearchRow, rank_hits
from techhubs.errors import UsageError
from techhubs.text import one_of


def list_cities(
    dataset: Dataset,
    focus: Iterable[str] | None = None,
    status: Iterable[str] | None = None,
    sort: str = "name",
    reverse: bool = False,
    limit: int | None = None,
) -> list[City]:
    """Cities filtered by focus area and status, sorted by name or by a measure
    (its latest value), best first.

    Several values of one filter mean any of them; different filters must all
    hold. Cities without the sorted figure go last whatever the direction: a
    missing number is not a small one.
    """
    cities: Iterable[City] = dataset.cities
    areas = {dataset.focus_area(name).id for name in one_of(focus)}
    if areas:
        cities = [c for c in cities if areas & set(c.focus_areas)]
    statuses = set(one_of(status))
    if statuses:
        cities = [c for c in cities if c.status in statuses]
    if sort == "name":
        ordered = sorted(cities, key=lambda c: c.name.casefold(), reverse=reverse)
    else:
        what = indicators.measure(dataset, sort, "--sort")
        if isinstance(what, Indicator):
            indicators.of_holders(what, Holder.cities, "--sort")
        known: list[tuple[float, str, City]] = []
        unknown: list[City] = []
        for c in cities:
            figure = indicators.value_of(dataset, c, what)
            if figure is None:
                unknown.append(c)
            else:
                known.append((indicators.best_first(what, figure.value), c.name.casefold(), c))
        known.sort(key=lambda entry: entry[:2])
        if reverse:
            known.reverse()
        ordered = [c for *_, c in known] + sorted(unknown, key=lambda c: c.name.casefold())
    return ordered[:limit] if limit is not None else ordered


def list_companies(
    dataset: Dataset,
    cities: Iterable[City] = (),
    areas: Iterable[FocusArea] = (),
    sort: str = "name",
    reverse: bool = False,
    limit: int | None = None,
) -> list[Company]:
    """Companies, optionally those tied to any of ``cities`` and working in any of
    ``areas``; A→Z, or by the latest value of a company figure, best first (those
    without it last, whatever the direction)."""
    companies: Iterable[Company] = dataset.companies
    tied = {company for city in cities for company in city.company_ids()}
    if cities:
        companies = [c for c in companies if c.id in tied]
    wanted = {area.id for area in areas}
    if wanted:
        companies = [c for c in companies if wanted & set(c.focus_areas)]
    by_name = sorted(companies, key=lambda c: c.name.casefold())
    if sort == "name":
        return arranged(by_name, reverse, limit)
    what = indicators.measure(dataset, sort, "--sort")
    if isinstance(what, Count):
        raise UsageError(
            f"--sort {what.value} sorts cities; companies sort by name, a figure of theirs "
            "or any field of their records (see 'techhubs fields company')"
        )
    indicators.of_holders(what, Holder.companies, "--sort")
    known: list[tuple[float, Company]] = []
    apart: list[Company] = []  # a value in a currency with no exchange rate in the data
    missing: list[Company] = []
    for company in by_name:
        figure = indicators.latest(dataset, company, what)
        amount = None if figure is None else indicators.in_yuan(dataset, figure)
        if amount is not None:
            known.append((amount, company))
        else:
            (missing if figure is None else apart).append(company)
    known.sort(key=lambda ac: indicators.best_first(what, ac[0]))
    return arranged([c for _, c in known] + apart + missing, reverse, limit, len(known))


# -- search --------------------------------------------------------------------

#: A searchable text: the field it is in, the text, and how much a match counts.
SearchField = tuple[str, str, float]


def _search_fields(item: City | Company | FocusArea, dataset: Dataset) -> Iterator[SearchField]:
    """Every searchable text of an entity, with the field it is in and its weight.

    Derived from the declarations: a field declared with a search weight
    counts with it; a reference counts the names of what it refers to (a
    city's focus areas by their names and aliases), a nested list its items'
    labels (districts by their names).
    """
    for field in fields_of(type(item)):
        weight, spec = field.spec.search, field.spec
        if not weight:
            continue
        value = getattr(item, field.attr)
        values = value if spec.many else (value,)
        if spec.kind == "ref":
            for ref in values:
                for label in labels_of(dataset.by_id(spec.target, ref)):
                    yield field.key, label, weight
        elif spec.kind == "entity":
            for nested in values:
                for label in labels_of(nested):
                    yield field.key, label, weight
        else:
            for text in values:
                yield field.key, text, weight


def search_rows(dataset: Dataset) -> Iterator[SearchRow]:
    """Every searchable text, entity by entity: cities, companies, focus areas, then
    districts (found by their names, their description, and the nicknames that name
    them — a cross-reference: "China's Silicon Valley" is Zhongguancun)."""
    keys: dict[str, str] = {}  # focus areas and districts recur: normalise each once

    def key(value: str) -> str:
        found = keys.get(value)
        if found is None:
            found = keys[value] = normalize(value)
        return found

    for kind, items in (
        (HitKind.city, dataset.cities),
        (HitKind.company, dataset.companies),
        (HitKind.focus_area, dataset.focus_areas),
    ):
        for item in items:
            for field, value, weight in _search_fields(item, dataset):
                yield SearchRow(
                    kind.value, item.id, item.name, item.name_zh, None, None,
                    field, value, key(value), weight,
                )  # fmt: skip
    for city in dataset.cities:
        for district in city.districts:
            fields: list[SearchField] = [
                ("name", district.name, NAME),
                ("name_zh", district.name_zh, NAME),
                *(
                    ("nicknames", n.name, LABEL)
                    for n in city.nicknames
                    if n.refers_to == district.name
                ),
                ("description", district.description, TEXT),
            ]
            for field, value, weight in fields:
                yield SearchRow(
                    HitKind.district.value, normalize(district.name), district.name,
                    district.name_zh, city.id, city.name, field, value, key(value), weight,
                )  # fmt: skip


def search(
    dataset: Dataset, text: str, kinds: Iterable[str] | None = None, limit: int | None = None
) -> list[Hit]:
    """Rank cities, districts, companies and focus areas that match ``text``.

    Matching ignores case, accents, spaces and punctuation, so English,
    Chinese characters and pinyin (with or without tones) all work.  Each hit
    keeps the best-scoring field it matched.
    """
    return rank_hits(search_rows(dataset), text, kinds, limit)


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


def all_areas(
    dataset: Dataset, sort: str = "busiest", reverse: bool = False, limit: int | None = None
) -> list[AreaSummary]:
    """Every focus area with its cities and companies: busiest first (most hubs, then
    most companies), or by name, hubs or companies."""
    summaries = [area_summary(dataset, area) for area in dataset.focus_areas]
    keys = {
        "busiest": lambda s: (-len(s.cities), -len(s.companies), s.area.name.casefold()),
        "name": lambda s: (s.area.name.casefold(),),
        "cities": lambda s: (-len(s.cities), s.area.name.casefold()),
        "companies": lambda s: (-len(s.companies), s.area.name.casefold()),
    }
    summaries.sort(key=keys[sort])
    if reverse:
        summaries.reverse()
    return summaries[:limit] if limit is not None else summaries
