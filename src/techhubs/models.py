"""Immutable typed models of the hub dataset.

Everything past the loader works with these and never with raw YAML
dictionaries: the loader has already checked every field, so the models carry
no defensive code.  They are frozen so one Dataset can be shared freely (the
CLI caches it for the life of the process).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from techhubs.names import NameIndex

Status = Literal["established", "emerging"]
Relation = Literal["headquarters", "operations"]

STATUSES: tuple[Status, ...] = ("established", "emerging")
RELATIONS: tuple[Relation, ...] = ("headquarters", "operations")


class Figure(NamedTuple):
    """A statistic that is only ever shown with its year and its source."""

    value: int | float
    year: int
    source: str


class Coordinates(NamedTuple):
    lat: float
    lon: float


class Nickname(NamedTuple):
    """A nickname together with what it names (a city or one of its districts)."""

    name: str
    refers_to: str


class District(NamedTuple):
    name: str
    name_zh: str
    description: str


class Institution(NamedTuple):
    name: str
    name_zh: str


class Policy(NamedTuple):
    name: str
    description: str
    year: int | None = None


class CompanyLink(NamedTuple):
    """A city's tie to a company: its headquarters, or significant operations."""

    company: str
    relation: Relation


class City(NamedTuple):
    id: str
    name: str
    name_zh: str
    pinyin: str
    aliases: tuple[str, ...]
    province: str
    region: str
    status: Status
    headline: str
    nicknames: tuple[Nickname, ...]
    summary: str
    districts: tuple[District, ...]
    companies: tuple[CompanyLink, ...]
    focus_areas: tuple[str, ...]
    institutions: tuple[Institution, ...]
    policies: tuple[Policy, ...]
    coordinates: Coordinates
    sources: tuple[str, ...]
    population: Figure | None = None
    gdp: Figure | None = None

    @property
    def gdp_per_capita(self) -> Figure | None:
        """GDP per resident, derived only when both figures are for one year."""
        if self.population is None or self.gdp is None:
            return None
        if self.population.year != self.gdp.year or self.population.value <= 0:
            return None
        return Figure(
            value=round(self.gdp.value / self.population.value),
            year=self.gdp.year,
            source=f"derived: GDP ÷ population ({self.gdp.source})",
        )

    def company_ids(self, relation: Relation | None = None) -> tuple[str, ...]:
        return tuple(
            link.company for link in self.companies if relation is None or link.relation == relation
        )


class Company(NamedTuple):
    id: str
    name: str
    name_zh: str
    headquarters: str
    founded: int
    focus_areas: tuple[str, ...]
    description: str
    aliases: tuple[str, ...] = ()


class FocusArea(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    description: str


class Topic(NamedTuple):
    """One item of the national picture: a kind of support, a challenge, an opportunity."""

    name: str
    description: str
    focus_areas: tuple[str, ...] = ()


class National(NamedTuple):
    government_support: tuple[Topic, ...]
    challenges: tuple[Topic, ...]
    opportunities: tuple[Topic, ...]


class Source(NamedTuple):
    name: str
    reference: str


class Meta(NamedTuple):
    version: str
    as_of: str
    description: str
    sources: tuple[Source, ...]


class Dataset:
    """The whole validated dataset, with indexed lookups.

    Lookups never scan: ids map straight to entities, and names go through the
    :class:`~techhubs.names.NameIndex` built once when the dataset is made.
    Treat it as immutable: everything it holds is a tuple or a NamedTuple.
    """

    __slots__ = ("_index", "cities", "companies", "focus_areas", "meta", "national")

    def __init__(
        self,
        meta: Meta,
        cities: tuple[City, ...],
        companies: tuple[Company, ...],
        focus_areas: tuple[FocusArea, ...],
        national: National,
    ) -> None:
        self.meta = meta
        self.cities = cities
        self.companies = companies
        self.focus_areas = focus_areas
        self.national = national
        self._index = _Indices.build(self)

    def _fields(self) -> tuple[object, ...]:
        return (self.meta, self.cities, self.companies, self.focus_areas, self.national)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # equal by value, and not meant as a key

    def __repr__(self) -> str:
        return (
            f"Dataset({len(self.cities)} cities, {len(self.companies)} companies, "
            f"{len(self.focus_areas)} focus areas)"
        )

    # -- by id -------------------------------------------------------------
    def city_by_id(self, city_id: str) -> City:
        return self._index.cities[city_id]

    def company_by_id(self, company_id: str) -> Company:
        return self._index.companies[company_id]

    def focus_area_by_id(self, area_id: str) -> FocusArea:
        return self._index.focus_areas[area_id]

    # -- by any name (id, English, Chinese, pinyin, alias) -------------------
    def city(self, name: str) -> City:
        """The city called ``name``; raises NotFoundError with close matches."""
        return self._index.cities[self._index.city_names.resolve(name, "city")]

    def company(self, name: str) -> Company:
        return self._index.companies[self._index.company_names.resolve(name, "company")]

    def focus_area(self, name: str) -> FocusArea:
        return self._index.focus_areas[self._index.area_names.resolve(name, "focus area")]

    # -- relations ---------------------------------------------------------
    def links_of_company(self, company_id: str) -> tuple[tuple[City, Relation], ...]:
        """The cities tied to a company, headquarters first."""
        return self._index.company_cities.get(company_id, ())

    def cities_in_area(self, area_id: str) -> tuple[City, ...]:
        return self._index.area_cities.get(area_id, ())

    def companies_in_area(self, area_id: str) -> tuple[Company, ...]:
        return self._index.area_companies.get(area_id, ())

    def completions(self, kind: str, typed: str) -> list[str]:
        """Ids of ``kind`` ("city", "company", "focus area") whose names start with ``typed``."""
        index = {
            "city": self._index.city_names,
            "company": self._index.company_names,
            "focus area": self._index.area_names,
        }[kind]
        return index.completions(typed)


class _Indices(NamedTuple):
    cities: dict[str, City]
    companies: dict[str, Company]
    focus_areas: dict[str, FocusArea]
    city_names: NameIndex
    company_names: NameIndex
    area_names: NameIndex
    company_cities: dict[str, tuple[tuple[City, Relation], ...]]
    area_cities: dict[str, tuple[City, ...]]
    area_companies: dict[str, tuple[Company, ...]]

    @classmethod
    def build(cls, dataset: Dataset) -> _Indices:
        company_cities: dict[str, list[tuple[City, Relation]]] = {}
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
        return cls(
            cities={c.id: c for c in dataset.cities},
            companies={c.id: c for c in dataset.companies},
            focus_areas={a.id: a for a in dataset.focus_areas},
            city_names=NameIndex.of(
                (c.id, (c.id, c.name, c.name_zh, c.pinyin, *c.aliases)) for c in dataset.cities
            ),
            company_names=NameIndex.of(
                (c.id, (c.id, c.name, c.name_zh, *c.aliases)) for c in dataset.companies
            ),
            area_names=NameIndex.of(
                (a.id, (a.id, a.name, *a.aliases)) for a in dataset.focus_areas
            ),
            company_cities={
                k: tuple(sorted(v, key=lambda cr: cr[1] != "headquarters"))
                for k, v in company_cities.items()
            },
            area_cities={k: tuple(v) for k, v in area_cities.items()},
            area_companies={k: tuple(v) for k, v in area_companies.items()},
        )
