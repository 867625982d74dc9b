"""The whole validated dataset, with indexed lookups by id and by any name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from techhubs.core.entities import (
    City,
    Company,
    ExchangeRate,
    Figure,
    FocusArea,
    Indicator,
    Meta,
    National,
)
from techhubs.core.fields import names_of
from techhubs.core.kinds import Relation
from techhubs.core.names import ENDINGS, NameIndex
from techhubs.errors import NotFoundError

#: How the CLI and the errors speak of each collection's entities.
KIND_OF = {
    "cities": "city",
    "companies": "company",
    "focus_areas": "focus area",
    "indicators": "indicator",
}
COLLECTION_OF = {kind: collection for collection, kind in KIND_OF.items()}


class Dataset:
    """The whole validated dataset, with indexed lookups.

    Lookups never scan: ids map straight to entities, and names go through a
    :class:`~techhubs.core.names.NameIndex` per collection, built from each
    entity's declared lookup fields the first time that collection is asked
    for by name.  Treat it
    as immutable: everything it holds is a tuple or a NamedTuple.
    """

    __slots__ = (
        "_index",
        "_series",
        "cities",
        "companies",
        "exchange_rates",
        "focus_areas",
        "indicators",
        "meta",
        "national",
    )

    def __init__(
        self,
        meta: Meta,
        cities: tuple[City, ...],
        companies: tuple[Company, ...],
        focus_areas: tuple[FocusArea, ...],
        national: National,
        indicators: tuple[Indicator, ...] = (),
        exchange_rates: tuple[ExchangeRate, ...] = (),
    ) -> None:
        self.meta = meta
        self.cities = cities
        self.companies = companies
        self.focus_areas = focus_areas
        self.national = national
        self.indicators = indicators
        self.exchange_rates = exchange_rates
        self._index = _Indices.build(self)
        #: Each holder's series of each indicator, worked out once
        #: (techhubs.core.indicators.series): a cold start asks for every one
        #: four times over (records, rankings, coverage, stored series).
        self._series: dict[tuple[str, str, str], tuple[Figure, ...]] = {}

    def _fields(self) -> tuple[object, ...]:
        return (
            self.meta,
            self.cities,
            self.companies,
            self.focus_areas,
            self.national,
            self.indicators,
            self.exchange_rates,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # equal by value, and not meant as a key

    def __repr__(self) -> str:
        return (
            f"Dataset({len(self.cities)} cities, {len(self.companies)} companies, "
            f"{len(self.focus_areas)} focus areas, {len(self.indicators)} indicators)"
        )

    # -- by id -------------------------------------------------------------
    def series(
        self, key: tuple[str, str, str], work: Callable[[], tuple[Figure, ...]]
    ) -> tuple[Figure, ...]:
        """The series ``key`` names (kind, holder id, indicator id), worked out by
        ``work`` the first time it is asked for (techhubs.core.indicators.series)."""
        found = self._series.get(key)
        if found is None:
            found = self._series[key] = work()
        return found

    def by_id(self, collection: str, entity_id: str) -> Any:
        """The entity of ``collection`` ("cities", …) with this id."""
        return self._index.ids[collection][entity_id]

    def city_by_id(self, city_id: str) -> City:
        return self._index.cities[city_id]

    def company_by_id(self, company_id: str) -> Company:
        return self._index.companies[company_id]

    def focus_area_by_id(self, area_id: str) -> FocusArea:
        return self._index.focus_areas[area_id]

    # -- by any name (id, English, Chinese, pinyin, alias) -------------------
    def named(self, kind: str, name: str) -> Any:
        """The entity of ``kind`` ("city", "company", "focus area") called ``name``.

        Raises NotFoundError with the close matches.
        """
        collection = COLLECTION_OF[kind]
        return self.by_id(collection, self._resolve(collection, name))

    def city(self, name: str) -> City:
        """The city called ``name``; raises NotFoundError with close matches."""
        return self._index.cities[self._resolve("cities", name)]

    def company(self, name: str) -> Company:
        return self._index.companies[self._resolve("companies", name)]

    def focus_area(self, name: str) -> FocusArea:
        return self._index.focus_areas[self._resolve("focus_areas", name)]

    def _resolve(self, collection: str, name: str) -> str:
        """The id ``name`` names in ``collection``. NotFoundError otherwise: when the
        name is another kind's ('city tencent'), it says so rather than suggesting
        a city whose name looks alike ('did you mean tianjin?')."""
        kind = KIND_OF[collection]
        try:
            return self._index.names[collection].resolve(name, kind)
        except NotFoundError:
            for other in ("cities", "companies", "focus_areas"):
                if other != collection and self._index.names[other].get(name) is not None:
                    raise NotFoundError(kind, name, [], elsewhere=KIND_OF[other]) from None
            raise

    def indicator(self, name: str) -> Indicator:
        """The indicator called ``name`` (id, name, Chinese name or alias)."""
        found: Indicator = self.named("indicator", name)
        return found

    def indicator_by_id(self, indicator_id: str) -> Indicator:
        found: Indicator = self._index.ids["indicators"][indicator_id]
        return found

    # -- relations ---------------------------------------------------------
    def links_of_company(self, company_id: str) -> tuple[tuple[City, str], ...]:
        """The cities tied to a company, headquarters first."""
        return self._index.company_cities.get(company_id, ())

    def cities_in_area(self, area_id: str) -> tuple[City, ...]:
        return self._index.area_cities.get(area_id, ())

    def companies_in_area(self, area_id: str) -> tuple[Company, ...]:
        return self._index.area_companies.get(area_id, ())

    def yuan_per(self, currency: str, year: int) -> ExchangeRate | None:
        """The average rate of ``currency`` in ``year``, if the data holds it."""
        for rate in self.exchange_rates:
            if rate.currency == currency and rate.year == year:
                return rate
        return None

    def kinds_named(self, name: str) -> set[str]:
        """The kinds of entity ("city", "company", …) that answer to ``name``."""
        return {
            KIND_OF[collection]
            for collection in ("cities", "companies", "focus_areas")
            if self._index.names[collection].get(name) is not None
        }

    def completions(self, kind: str, typed: str) -> list[str]:
        """Names of ``kind`` ("city", "company", "focus area") that start with ``typed``."""
        return self._index.names[COLLECTION_OF[kind]].completions(typed)


class _Names:
    """Each collection's NameIndex, built the first time it is asked for.

    A lookup by name needs its own collection's index only: a cold start on a
    1000x file built the companies' (222,000 names, 0.7 s) to answer
    ``city shenzhen``.
    """

    __slots__ = ("_built", "_collections")

    def __init__(self, collections: dict[str, tuple[Any, ...]]) -> None:
        self._collections = collections
        self._built: dict[str, NameIndex] = {}

    def __getitem__(self, collection: str) -> NameIndex:
        found = self._built.get(collection)
        if found is None:
            items = self._collections[collection]  # KeyError for no collection, as a dict
            found = self._built[collection] = NameIndex.of(
                [(e.id, names_of(e)) for e in items], ENDINGS.get(collection, frozenset())
            )
        return found


class _Indices(NamedTuple):
    ids: dict[str, dict[str, Any]]
    names: _Names
    cities: dict[str, City]
    companies: dict[str, Company]
    focus_areas: dict[str, FocusArea]
    company_cities: dict[str, tuple[tuple[City, str], ...]]
    area_cities: dict[str, tuple[City, ...]]
    area_companies: dict[str, tuple[Company, ...]]

    @classmethod
    def build(cls, dataset: Dataset) -> _Indices:
        company_cities: dict[str, list[tuple[City, str]]] = {}
        area_cities: dict[str, list[City]] = {}
        area_companies: dict[str, list[Company]] = {}
        for city in dataset.cities:
            for link in city.companies:
                company_cities.setdefault(link.company, []).append((city, link.relation))
            for area in city.focus_areas:
                area_cities.setdefault(area, []).append(city)
        for company in dataset.companies:
            for area in company.focus_areas:
                area_companies.setdefault(area, []).append(company)
        collections: dict[str, tuple[Any, ...]] = {
            "cities": dataset.cities,
            "companies": dataset.companies,
            "focus_areas": dataset.focus_areas,
            "indicators": dataset.indicators,
        }
        ids = {name: {e.id: e for e in items} for name, items in collections.items()}
        return cls(
            ids=ids,
            names=_Names(collections),
            cities=ids["cities"],
            companies=ids["companies"],
            focus_areas=ids["focus_areas"],
            company_cities={
                k: tuple(sorted(v, key=lambda cr: cr[1] != Relation.headquarters))
                for k, v in company_cities.items()
            },
            area_cities={k: tuple(v) for k, v in area_cities.items()},
            area_companies={k: tuple(v) for k, v in area_companies.items()},
        )
