"""Every entity of the hub dataset, declared once, and the Dataset that holds them.

Each class below is at once the typed, immutable model that everything past
the loader works with, and the declaration of its fields (see
techhubs.core.fields): the loader validates the data file against it, and
the JSON records, CSV columns, data-file export, SQLite tables and the
contract in docs/json.md are derived from it.  Field order is the order of
the JSON records.  Only the rules that tie entities together and cannot be
said field by field are written by hand, in :func:`check_rules`.

This module deliberately has no ``from __future__ import annotations``: the
``Annotated`` declarations must be real objects for the fields to be read.
"""

from collections.abc import Callable, Sequence
from typing import Annotated, NamedTuple

from techhubs.core.fields import (
    AREA,
    LABEL,
    NAME,
    TEXT,
    YEARS,
    amount,
    choice,
    entity,
    fields_of,
    ident,
    number,
    ref,
    text,
    whole,
)
from techhubs.core.kinds import Relation, Status

# Populations up to 10 billion persons and GDP up to 10^16 yuan: anything
# larger is a unit mistake, not a city.
_PEOPLE, _YUAN = 1e10, 1e16


class Figure(NamedTuple):
    """A statistic that is only ever shown with its year and its source."""

    value: Annotated[int | float, amount(_YUAN)]
    year: Annotated[int, whole(*YEARS)]
    source: Annotated[str, text()]


class Coordinates(NamedTuple):
    lat: Annotated[float, number(-90, 90)]
    lon: Annotated[float, number(-180, 180)]


class Nickname(NamedTuple):
    """A nickname together with what it names (a city or one of its districts)."""

    name: Annotated[str, text(label=True)]
    refers_to: Annotated[str, text()]


class District(NamedTuple):
    name: Annotated[str, text(label=True)]
    name_zh: Annotated[str, text(label=True)]
    description: Annotated[str, text()]


class Institution(NamedTuple):
    name: Annotated[str, text(label=True)]
    name_zh: Annotated[str, text(label=True)]


class Policy(NamedTuple):
    name: Annotated[str, text(label=True)]
    year: Annotated[int | None, whole(*YEARS, optional=True)]
    description: Annotated[str, text()]


class CompanyLink(NamedTuple):
    """A city's tie to a company: its headquarters, or significant operations."""

    company: Annotated[str, ref("companies", key="id")]
    relation: Annotated[str, choice(Relation)]


class City(NamedTuple):
    """A technology hub."""

    id: Annotated[str, ident(search=NAME)]
    name: Annotated[str, text(lookup=True, search=NAME)]
    name_zh: Annotated[str, text(lookup=True, search=NAME)]
    pinyin: Annotated[str, text(lookup=True, search=NAME)]
    aliases: Annotated[tuple[str, ...], text(many=True, lookup=True, search=NAME)]
    province: Annotated[str, text()]
    region: Annotated[str, text()]
    status: Annotated[str, choice(Status)]
    headline: Annotated[str, text(search=LABEL)]
    nicknames: Annotated[tuple[Nickname, ...], entity(Nickname, many=True, search=LABEL)]
    summary: Annotated[str, text(search=TEXT)]
    population: Annotated[Figure | None, entity(Figure, optional=True, high=_PEOPLE)]
    gdp: Annotated[Figure | None, entity(Figure, optional=True, high=_YUAN)]
    focus_areas: Annotated[tuple[str, ...], ref("focus_areas", many=True, search=AREA)]
    companies: Annotated[tuple[CompanyLink, ...], entity(CompanyLink, many=True)]
    districts: Annotated[tuple[District, ...], entity(District, many=True, search=TEXT)]
    institutions: Annotated[tuple[Institution, ...], entity(Institution, many=True, search=TEXT)]
    policies: Annotated[tuple[Policy, ...], entity(Policy, many=True, search=TEXT)]
    coordinates: Annotated[Coordinates, entity(Coordinates, flat=True)]
    sources: Annotated[tuple[str, ...], text(many=True, non_empty=True)]

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

    def company_ids(self, relation: str | None = None) -> tuple[str, ...]:
        return tuple(
            link.company for link in self.companies if relation is None or link.relation == relation
        )


class Company(NamedTuple):
    id: Annotated[str, ident(search=NAME)]
    name: Annotated[str, text(lookup=True, search=NAME)]
    name_zh: Annotated[str, text(lookup=True, search=NAME)]
    aliases: Annotated[tuple[str, ...], text(many=True, optional=True, lookup=True, search=NAME)]
    headquarters: Annotated[str, ref("cities")]
    founded: Annotated[int, whole(*YEARS)]
    focus_areas: Annotated[tuple[str, ...], ref("focus_areas", many=True, search=TEXT)]
    description: Annotated[str, text(search=TEXT)]


class FocusArea(NamedTuple):
    id: Annotated[str, ident(search=NAME)]
    name: Annotated[str, text(lookup=True, label=True, search=NAME)]
    aliases: Annotated[tuple[str, ...], text(many=True, lookup=True, label=True, search=NAME)]
    description: Annotated[str, text(search=TEXT)]


class Topic(NamedTuple):
    """One item of the national picture: a kind of support, a challenge, an opportunity."""

    name: Annotated[str, text()]
    description: Annotated[str, text()]
    focus_areas: Annotated[tuple[str, ...], ref("focus_areas", many=True, optional=True)] = ()


class National(NamedTuple):
    government_support: Annotated[tuple[Topic, ...], entity(Topic, many=True, non_empty=True)]
    challenges: Annotated[tuple[Topic, ...], entity(Topic, many=True, non_empty=True)]
    opportunities: Annotated[tuple[Topic, ...], entity(Topic, many=True, non_empty=True)]


class Source(NamedTuple):
    name: Annotated[str, text()]
    reference: Annotated[str, text()]


class Meta(NamedTuple):
    version: Annotated[str, text()]
    as_of: Annotated[str, text()]
    description: Annotated[str, text()]
    sources: Annotated[tuple[Source, ...], entity(Source, many=True, non_empty=True)]


class Contents(NamedTuple):
    """The whole data file: its top-level keys, in the order errors name them."""

    meta: Annotated[Meta, entity(Meta)]
    cities: Annotated[tuple[City, ...], entity(City, many=True, non_empty=True)]
    companies: Annotated[tuple[Company, ...], entity(Company, many=True)]
    focus_areas: Annotated[tuple[FocusArea, ...], entity(FocusArea, many=True)]
    national: Annotated[National, entity(National)]


#: The collections, whose entities have ids and are referred to by them.
COLLECTIONS = tuple(f.key for f in fields_of(Contents) if f.key != "meta" and f.key != "national")


# -- the rules that tie entities together ---------------------------------------

Report = Callable[[str, str], None]


def check_rules(
    report: Report,
    cities: Sequence[City | None],
    companies: Sequence[Company | None],
    known: dict[str, set[str]],
) -> None:
    """The cross-entity rules no single field can state, each reported with its path.

    A nickname names its city or one of its districts; a city that lists a
    company as headquartered there agrees with the company's headquarters,
    and the other way round.  (That references resolve at all is checked for
    every declared reference by the loader.)
    """
    company_by_id = {x.id: x for x in companies if x is not None}
    hq_links: dict[str, list[str]] = {}
    for i, city in enumerate(cities):
        if city is None:
            continue
        path = f"cities[{i}]"
        named = {city.name, *(d.name for d in city.districts)}
        for j, nickname in enumerate(city.nicknames):
            if nickname.refers_to not in named:
                report(
                    f"{path}.nicknames[{j}].refers_to",
                    f"'{nickname.refers_to}' is neither {city.name} nor one of its districts",
                )
        for j, link in enumerate(city.companies):
            if link.relation != Relation.headquarters or link.company not in known["companies"]:
                continue
            hq_links.setdefault(link.company, []).append(city.id)
            company = company_by_id.get(link.company)
            if company is not None and company.headquarters != city.id:
                report(
                    f"{path}.companies[{j}]",
                    f"{city.id} lists '{link.company}' as headquartered here, "
                    f"but the company's headquarters is '{company.headquarters}'",
                )
    built_cities = {x.id for x in cities if x is not None}
    for i, co in enumerate(companies):
        if co is None or co.headquarters not in built_cities:
            continue
        if co.headquarters not in hq_links.get(co.id, []):
            report(
                f"companies[{i}].headquarters",
                f"'{co.id}' is headquartered in '{co.headquarters}', "
                f"but that city does not list it with relation headquarters",
            )
