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

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, NamedTuple

from techhubs.core.fields import (
    AREA,
    LABEL,
    NAME,
    PLACE,
    TEXT,
    YEARS,
    amount,
    choice,
    entity,
    fields_of,
    flag,
    has_id,
    ident,
    number,
    ref,
    text,
    whole,
)
from techhubs.core.growth import YUAN_CODE
from techhubs.core.kinds import CHINA_LAT, CHINA_LON, Holder, Relation, Status, Unit, in_china
from techhubs.text import in_sentence, printable

# No figure of a city reaches 10^16 (GDP in yuan is ~10^13): anything larger
# is a unit mistake. Each indicator narrows this with its plausible range.
_YUAN = 1e16
#: Figures describe the People's Republic: none is older than 1949.
FIRST_YEAR = 1949


class Figure(NamedTuple):
    """A statistic that is only ever shown with its year and its source."""

    value: Annotated[int | float, amount(_YUAN)]
    year: Annotated[int, whole(*YEARS)]
    source: Annotated[str, text()]
    # Money not in yuan: its currency. Shown by the series and rankings that hold
    # it (a figure's JSON has no currency of its own).
    currency: Annotated[str | None, text(optional=True, in_record=False)] = None
    # Where the source can be read, and what qualifies the value ('rounded as
    # published', 'R&D investment, not the expensed figure'): the observation's,
    # so a reader checking a number sees what the data says of it.
    url: Annotated[str | None, text(optional=True)] = None
    note: Annotated[str | None, text(optional=True)] = None
    # The last day of the fiscal year a company's figure covers, when that year
    # does not end on 31 December ('2025-03-31' for Alibaba's 2025): a year label
    # alone would set April 2024 to March 2025 beside a calendar 2025.
    period_end: Annotated[str | None, text(optional=True)] = None


class Observation(NamedTuple):
    """One published value of an indicator for a city: a year, a number, who said so."""

    indicator: Annotated[str, ref("indicators")]
    year: Annotated[int, whole(*YEARS)]
    value: Annotated[int | float, amount(_YUAN)]
    source: Annotated[str, text()]
    url: Annotated[str | None, text(optional=True)] = None
    note: Annotated[str | None, text(optional=True)] = None
    # For money: the currency the value is in (ISO 4217), where it is not yuan.
    currency: Annotated[str | None, text(optional=True)] = None


class Range(NamedTuple):
    """The values an indicator can plausibly take: outside it is a mistake of units."""

    low: Annotated[float, number(-1e18, 1e18)]
    high: Annotated[float, number(-1e18, 1e18)]


class Derivation(NamedTuple):
    """How an indicator is computed where it is not published: ``divide`` ÷ ``by`` × ``times``,
    from values of one and the same year, rounded to ``digits`` decimals."""

    divide: Annotated[str, ref("indicators")]
    by: Annotated[str, ref("indicators")]
    times: Annotated[float, number(1e-9, 1e9)]
    digits: Annotated[int, whole(0, 6)]


class Indicator(NamedTuple):
    """A measure of a hub (population, GDP, R&D spending, a ranking …), declared in the data."""

    id: Annotated[str, ident(search=NAME)]
    name: Annotated[str, text(lookup=True, label=True, search=NAME)]
    name_zh: Annotated[str, text(lookup=True, search=NAME)]
    aliases: Annotated[tuple[str, ...], text(many=True, lookup=True, label=True, search=NAME)]
    unit: Annotated[str, choice(Unit)]
    description: Annotated[str, text(search=TEXT)]
    higher_is_better: Annotated[bool, flag()]
    applies_to: Annotated[str, choice(Holder)]
    plausible: Annotated[Range, entity(Range)]
    derived: Annotated[Derivation | None, entity(Derivation, optional=True)]
    # The first year of a revised basis (an economic census raised the years
    # before it after they were published): growth never spans it.
    comparable_from: Annotated[int | None, whole(*YEARS, optional=True)] = None


class Coordinates(NamedTuple):
    lat: Annotated[float, number(-90, 90)]
    lon: Annotated[float, number(-180, 180)]


class Nickname(NamedTuple):
    """A nickname together with what it names (a city or one of its districts)."""

    name: Annotated[str, text(label=True)]
    refers_to: Annotated[str, text()]
    note: Annotated[str | None, text(optional=True)] = None
    # As Chinese readers know it (光谷 for the Optics Valley): what they would search.
    name_zh: Annotated[str | None, text(optional=True, label=True)] = None


class Title(NamedTuple):
    """An official designation a city holds, such as 'China Software Famous City'."""

    name: Annotated[str, text(label=True)]
    name_zh: Annotated[str, text(label=True)]
    year: Annotated[int | None, whole(*YEARS, optional=True)]
    granted_by: Annotated[str | None, text(optional=True)]


class Landmark(NamedTuple):
    """A sight the city is known by, with where that is said."""

    name: Annotated[str, text(label=True)]
    name_zh: Annotated[str, text(label=True)]
    description: Annotated[str, text()]
    source: Annotated[str, text()]


class District(NamedTuple):
    name: Annotated[str, text(label=True)]
    name_zh: Annotated[str, text(label=True)]
    description: Annotated[str, text()]


class Institution(NamedTuple):
    name: Annotated[str, text(label=True)]
    name_zh: Annotated[str, text(label=True)]
    # The fields it works in: what it backs among its city's focus areas.
    focus_areas: Annotated[tuple[str, ...], ref("focus_areas", many=True, optional=True)] = ()


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
    # labels: a company is searched by its headquarters' names ('byd shenzhen')
    name: Annotated[str, text(lookup=True, label=True, search=NAME)]
    name_zh: Annotated[str, text(lookup=True, label=True, search=NAME)]
    pinyin: Annotated[str, text(lookup=True, search=NAME)]
    aliases: Annotated[tuple[str, ...], text(many=True, lookup=True, search=NAME)]
    province: Annotated[str, text()]
    region: Annotated[str, text()]
    status: Annotated[str, choice(Status)]
    status_basis: Annotated[str | None, text(optional=True)]
    headline: Annotated[str, text(search=LABEL)]
    nicknames: Annotated[tuple[Nickname, ...], entity(Nickname, many=True, search=LABEL)]
    titles: Annotated[tuple[Title, ...], entity(Title, many=True, optional=True, search=LABEL)]
    summary: Annotated[str, text(search=TEXT)]
    focus_areas: Annotated[tuple[str, ...], ref("focus_areas", many=True, search=AREA)]
    companies: Annotated[tuple[CompanyLink, ...], entity(CompanyLink, many=True)]
    districts: Annotated[tuple[District, ...], entity(District, many=True, search=TEXT)]
    institutions: Annotated[tuple[Institution, ...], entity(Institution, many=True, search=TEXT)]
    policies: Annotated[tuple[Policy, ...], entity(Policy, many=True, search=TEXT)]
    landmarks: Annotated[
        tuple[Landmark, ...], entity(Landmark, many=True, optional=True, search=TEXT)
    ]
    coordinates: Annotated[Coordinates, entity(Coordinates, flat=True)]
    sources: Annotated[tuple[str, ...], text(many=True, non_empty=True)]
    # Its figures over time; the JSON shows them digested, as ``indicators``.
    observations: Annotated[
        tuple[Observation, ...], entity(Observation, many=True, optional=True, in_record=False)
    ]

    def observed(self, indicator: str) -> tuple[Figure, ...]:
        """This city's published values of ``indicator``, oldest first."""
        return observed(self.observations, indicator)

    def latest(self, indicator: str) -> Figure | None:
        """The newest published value of ``indicator``."""
        return latest_of(self.observations, indicator)

    @property
    def population(self) -> Figure | None:
        """The latest year-end resident population (a shortcut of the Python API)."""
        return self.latest("population")

    @property
    def gdp(self) -> Figure | None:
        """The latest GDP in yuan (a shortcut of the Python API)."""
        return self.latest("gdp")

    @property
    def gdp_per_capita(self) -> Figure | None:
        """GDP per resident in the latest year that has a value: published where the
        data publishes one, else GDP ÷ population of that year (never from two
        years) in whole yuan, as the bundled data's ``gdp-per-capita`` indicator
        derives it, for users of the Python API. (A data file that derives it
        otherwise — other ``times`` or ``digits`` — is followed by the JSON record
        and every command, which use the indicator's series, not this.)
        """
        by_year = {f.year: f for f in self.observed("gdp-per-capita")}
        worked_out = ratios(
            self.observed("gdp"), self.observed("population"), 1, 0, "GDP ÷ Population"
        )
        for derived in worked_out:
            by_year.setdefault(derived.year, derived)
        return by_year[max(by_year)] if by_year else None

    def company_ids(self, relation: str | None = None) -> tuple[str, ...]:
        return tuple(
            link.company for link in self.companies if relation is None or link.relation == relation
        )


def observed(
    observations: Sequence[Observation], indicator: str, year_ends: int | None = None
) -> tuple[Figure, ...]:
    """The values of ``indicator`` among ``observations``, oldest first, as Figures;
    ``year_ends``: the month a fiscal year ends in, when not December."""
    found = sorted((o for o in observations if o.indicator == indicator), key=_year)
    return tuple(
        Figure(o.value, o.year, o.source, o.currency, o.url, o.note, period_end(o.year, year_ends))
        for o in found
    )


def period_end(year: int, month: int | None) -> str | None:
    """'2025-03-31': the last day of a fiscal year ``year`` that ends in ``month``
    (labelled, as companies label it, by the calendar year it ends in); None for
    a calendar year."""
    if month is None:
        return None
    import calendar

    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def latest_of(
    observations: Sequence[Observation], indicator: str, year_ends: int | None = None
) -> Figure | None:
    """The newest value of ``indicator`` among ``observations`` (:func:`observed`)."""
    found = observed(observations, indicator, year_ends)
    return found[-1] if found else None


def _year(observation: Observation) -> int:
    return observation.year


class Listing(NamedTuple):
    """Where a company's shares trade: searched by both ('search 0700', 'search nasdaq')."""

    exchange: Annotated[str, text(label=True)]
    ticker: Annotated[str, text(label=True)]


class ExchangeRate(NamedTuple):
    """How many yuan one unit of a currency was worth on average in a year."""

    currency: Annotated[str, text()]
    year: Annotated[int, whole(*YEARS)]
    yuan: Annotated[float, number(1e-6, 1e6)]
    source: Annotated[str, text()]


class Company(NamedTuple):
    id: Annotated[str, ident(search=NAME)]
    name: Annotated[str, text(lookup=True, search=NAME)]
    name_zh: Annotated[str, text(lookup=True, search=NAME)]
    aliases: Annotated[tuple[str, ...], text(many=True, optional=True, lookup=True, search=NAME)]
    headquarters: Annotated[str, ref("cities", search=PLACE)]
    founded: Annotated[int | None, whole(*YEARS, optional=True)]
    focus_areas: Annotated[tuple[str, ...], ref("focus_areas", many=True, search=TEXT)]
    description: Annotated[str, text(search=TEXT)]
    founders: Annotated[tuple[str, ...], text(many=True, optional=True, search=TEXT)]
    # True: listed (see listings); False: confirmed private; absent: not known.
    listed: Annotated[bool | None, flag(optional=True)]
    # 'company "HKEX 0700"' (the profile's Shares line) names the company too
    listings: Annotated[
        tuple[Listing, ...], entity(Listing, many=True, optional=True, search=TEXT, lookup=True)
    ]
    website: Annotated[str | None, text(optional=True)]
    # The month its fiscal year ends in, when not December (Alibaba's and
    # Lenovo's end in March); absent: the calendar year. Each of its figures
    # carries the period's end (Figure.period_end).
    fiscal_year_end_month: Annotated[
        int | None, whole(1, 11, optional=True, hint="for December, leave it out")
    ]
    sources: Annotated[tuple[str, ...], text(many=True, optional=True)]
    observations: Annotated[
        tuple[Observation, ...], entity(Observation, many=True, optional=True, in_record=False)
    ]

    def observed(self, indicator: str) -> tuple[Figure, ...]:
        """This company's published values of ``indicator``, oldest first."""
        return observed(self.observations, indicator, self.fiscal_year_end_month)

    def latest(self, indicator: str) -> Figure | None:
        return latest_of(self.observations, indicator, self.fiscal_year_end_month)


class FocusArea(NamedTuple):
    id: Annotated[str, ident(search=NAME)]
    name: Annotated[str, text(lookup=True, label=True, search=NAME)]
    name_zh: Annotated[str, text(lookup=True, label=True, search=NAME)]
    aliases: Annotated[tuple[str, ...], text(many=True, lookup=True, label=True, search=NAME)]
    description: Annotated[str, text(search=TEXT)]


class Topic(NamedTuple):
    """One item of the national picture: a kind of support, a challenge, an opportunity."""

    name: Annotated[str, text()]
    description: Annotated[str, text()]
    focus_areas: Annotated[tuple[str, ...], ref("focus_areas", many=True, optional=True)] = ()


class Claim(NamedTuple):
    """What the source article says of China as a whole, attributed to it."""

    claim: Annotated[str, text()]
    section: Annotated[str, text()]


class National(NamedTuple):
    government_support: Annotated[tuple[Topic, ...], entity(Topic, many=True, non_empty=True)]
    challenges: Annotated[tuple[Topic, ...], entity(Topic, many=True, non_empty=True)]
    opportunities: Annotated[tuple[Topic, ...], entity(Topic, many=True, non_empty=True)]
    article_claims: Annotated[tuple[Claim, ...], entity(Claim, many=True, optional=True)] = ()


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
    indicators: Annotated[tuple[Indicator, ...], entity(Indicator, many=True, optional=True)]
    exchange_rates: Annotated[
        tuple[ExchangeRate, ...], entity(ExchangeRate, many=True, optional=True)
    ]


def ratios(
    divide: Sequence[Figure],
    by: Sequence[Figure],
    times: float,
    digits: int,
    how: str,
) -> list[Figure]:
    """``divide`` ÷ ``by`` × ``times`` for every year both have, oldest first.

    Only values of one and the same year are ever combined, and only values in
    yuan (or of no currency): a revenue in US dollars divided by a headcount is
    no yuan a head, and is left out rather than shown as one. The source says
    that the figure is derived, and how (the inputs' own sources stand beside
    them in the city's series).
    """
    below = {o.year: o for o in by if o.value and o.currency is None}
    out = []
    for top in divide:
        bottom = below.get(top.year)
        if bottom is None or top.currency is not None:
            continue
        value = round(top.value / bottom.value * times, digits)
        if not math.isfinite(value):
            continue  # a ratio too large for a number is no figure (JSON has none for it)
        source = f"derived: {how}, both for {top.year}"
        # one holder's two figures of one year cover one period (a fiscal year's)
        ends = top.period_end if top.period_end == bottom.period_end else None
        out.append(Figure(int(value) if digits == 0 else value, top.year, source, period_end=ends))
    return out


#: The collections, whose entities have ids and are referred to by them.
COLLECTIONS = tuple(f.key for f in fields_of(Contents) if f.spec.many and has_id(f.spec.entity))


# -- the rules that tie entities together ---------------------------------------

Report = Callable[[str, str], None]


def check_rules(
    report: Report,
    cities: Sequence[City | None],
    companies: Sequence[Company | None],
    indicators: Sequence[Indicator | None],
    known: dict[str, set[str]],
    as_of: str | None,
    rates: Sequence[ExchangeRate | None] = (),
) -> None:
    """The cross-entity rules no single field can state, each reported with its path.

    A nickname names its city or one of its districts; a city that lists a
    company as headquartered there agrees with the company's headquarters,
    and the other way round; a private company has no listings; a city or
    company gives only its own kind of indicator, and each at most one value a
    year, for a year from 1949 to the data's ``as_of`` year (nor is a company
    founded, a policy made or a title granted after it), inside the
    indicator's plausible range, in yuan or in a currency named by its ISO 4217
    code.  ``meta.as_of`` is a date; an exchange rate is given once a currency
    and year (a second would make a ranking hang on the order of the lines).
    (That references resolve at all is checked for every declared reference by
    the loader.)
    """
    company_by_id = {x.id: x for x in companies if x is not None}
    indicator_by_id = {x.id: x for x in indicators if x is not None}
    last_year = _year_of(as_of)
    if as_of is not None and not _is_date(as_of):
        report("meta.as_of", f"'{printable(as_of, exact=True)}' is not a date (YYYY-MM-DD)")
    first_rate: dict[tuple[str, int], int] = {}
    yuan_per: dict[tuple[str, int], float] = {}
    for i, rate in enumerate(rates):
        if rate is None:
            continue
        if rate.currency == YUAN_CODE:
            report(f"exchange_rates[{i}].currency", "the yuan (CNY) needs no exchange rate")
        elif not _is_currency(rate.currency):
            report(f"exchange_rates[{i}].currency", _not_a_currency(rate.currency))
        if last_year is not None and rate.year > last_year:
            report(f"exchange_rates[{i}].year", f"{rate.year} is after the data's as_of year")
        yuan_per.setdefault((rate.currency, rate.year), rate.yuan)
        first = first_rate.setdefault((rate.currency, rate.year), i)
        if first != i:
            report(
                f"exchange_rates[{i}]",
                f"{rate.currency} in {rate.year} is given twice (also exchange_rates[{first}]); "
                "keep one rate a currency and year",
            )
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
                    f"'{printable(nickname.refers_to, exact=True)}' is neither {city.name} "
                    "nor one of its districts",
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
        _check_observations(report, city, Holder.cities, path, indicator_by_id, last_year, yuan_per)
        for j, policy in enumerate(city.policies):
            _not_after(report, f"{path}.policies[{j}].year", policy.year, last_year)
        for j, title in enumerate(city.titles):
            _not_after(report, f"{path}.titles[{j}].year", title.year, last_year)
    built_cities = {x.id for x in cities if x is not None}
    for i, co in enumerate(companies):
        if co is None:
            continue
        where = f"companies[{i}]"
        _not_after(report, f"{where}.founded", co.founded, last_year)
        _check_observations(
            report, co, Holder.companies, where, indicator_by_id, last_year, yuan_per
        )
        if co.listed is False and co.listings:
            report(f"companies[{i}].listings", "a company with listed: false has no listings")
        if co.headquarters not in built_cities:
            continue
        if co.headquarters not in hq_links.get(co.id, []):
            report(
                f"companies[{i}].headquarters",
                f"'{co.id}' is headquartered in '{co.headquarters}', "
                f"but that city does not list it with relation headquarters",
            )
    for i, indicator in enumerate(indicators):
        if indicator is None:
            continue
        if indicator.plausible.low > indicator.plausible.high:
            report(f"indicators[{i}].plausible", "low must not be above high")
        _not_after(report, f"indicators[{i}].comparable_from", indicator.comparable_from, last_year)
        if indicator.derived is None:
            continue
        for key in ("divide", "by"):
            source = indicator_by_id.get(getattr(indicator.derived, key))
            if source is not None and source.derived is not None:
                report(
                    f"indicators[{i}].derived.{key}",
                    f"'{source.id}' is itself derived; derive only from published indicators",
                )
            floor = (source.comparable_from or 0) if source is not None else 0
            if source is not None and (indicator.comparable_from or 0) < floor:
                report(
                    f"indicators[{i}].comparable_from",
                    f"'{source.id}', which it is derived from, is comparable only from {floor}: "
                    f"give it comparable_from: {floor} (or later)",
                )
        _check_derived(report, f"indicators[{i}].derived", indicator, [*cities, *companies])


def _not_after(report: Report, path: str, year: int | None, last_year: int | None) -> None:
    """A year of the data (a founding, a policy) is not after the data's as_of year:
    a company founded in 2030 is a typo, not a fact of 2026."""
    if year is not None and last_year is not None and year > last_year:
        report(path, f"{year} is after the data's as_of year {last_year}")


def unbacked_focus_areas(
    cities: Sequence[City], companies: Sequence[Company]
) -> list[tuple[str, str]]:
    """Each hub's focus area that none of its companies or institutions works in.

    Not an error, a warning (``data validate`` prints them): a hub is said to
    lead in a field, and the data should show who does the work.
    """
    fields_of_company = {co.id: set(co.focus_areas) for co in companies}
    found = []
    for i, city in enumerate(cities):
        backed = {a for co in city.company_ids() for a in fields_of_company.get(co, ())}
        backed |= {a for institution in city.institutions for a in institution.focus_areas}
        for j, area in enumerate(city.focus_areas):
            if area not in backed:
                found.append(
                    (
                        f"cities[{i}].focus_areas[{j}]",
                        f"{city.name} leads in '{area}', but none of its companies or "
                        "institutions works in it",
                    )
                )
    return found


#: Currencies one unit of which has been worth more than a yuan in every year
#: the data may hold: a rate below 1 for one of them is written the wrong way
#: round (yuan per dollar is about 7; dollars per yuan about 0.14). Only that
#: fact, no "true" rate: the Hong Kong dollar, worth about 0.9 yuan, is not one.
DEARER_THAN_YUAN = frozenset({"USD", "EUR", "GBP", "CHF"})


def inverted_rates(rates: Sequence[ExchangeRate]) -> list[tuple[str, str]]:
    """Each exchange rate that gives a currency in :data:`DEARER_THAN_YUAN` below
    one yuan a unit: most likely units of the currency per yuan, which would
    place every value converted at it at a seventh of itself or less.

    Not an error, a warning (``data validate`` prints them): the rate is valid
    as a number, and the converted values may still lie in a plausible range."""
    return [
        (
            f"exchange_rates[{i}].yuan",
            f"{rate.currency} at {rate.yuan:g} yuan a unit: is it written the wrong way "
            f"round? (yuan per one {rate.currency})",
        )
        for i, rate in enumerate(rates)
        if rate.currency in DEARER_THAN_YUAN and rate.yuan < 1
    ]


def off_the_map(cities: Sequence[City]) -> list[tuple[str, str]]:
    """Each hub whose coordinates lie outside China: most likely a sign flipped or
    latitude and longitude swapped. A warning, not an error (the numbers are
    valid), as ``data validate`` prints them; the map lists it rather than
    drawing it on its edge."""
    (south, north), (west, east) = CHINA_LAT, CHINA_LON
    return [
        (
            f"cities[{i}].coordinates",
            f"{city.name} at lat {city.coordinates.lat:g}, lon {city.coordinates.lon:g} is "
            f"outside China ({south:g} to {north:g} north, {west:g} to {east:g} east): is "
            "a sign flipped, or are lat and lon swapped? The map leaves it out",
        )
        for i, city in enumerate(cities)
        if not in_china(city.coordinates.lat, city.coordinates.lon)
    ]


def unused_rates(
    rates: Sequence[ExchangeRate], cities: Sequence[City], companies: Sequence[Company]
) -> list[tuple[str, str]]:
    """Each exchange rate of a currency no figure of the data is in: most likely a
    code mistyped ('USS' for USD; any three capitals pass as a code), which
    leaves the figures it was meant for unconverted. A warning (``data
    validate``): a rate given ahead of the figures is no error."""
    used = {o.currency for c in cities for o in c.observations}
    used |= {o.currency for c in companies for o in c.observations}
    return [
        (
            f"exchange_rates[{i}].currency",
            f"no figure of the data is in {rate.currency}: is the code mistyped? (the "
            f"currencies figures are in: {', '.join(sorted(c for c in used if c)) or 'none'})",
        )
        for i, rate in enumerate(rates)
        if rate.currency not in used
    ]


def derivation_words(derived: Derivation, names: Mapping[str, str]) -> str:
    """How ``derived`` is computed, in words ('GDP ÷ Population'), with ``names``
    of the indicators by id."""
    how = f"{names[derived.divide]} ÷ {names[derived.by]}"
    return how + (f" × {derived.times:g}" if derived.times != 1 else "")


#: How far a published value of a derived indicator may be from what its inputs
#: give before ``data validate`` warns: a published figure differs a little from
#: the plain quotient (per person of the average population, not the year-end
#: one; inputs revised since), by percent, not by times. (The bundled data's
#: published values are within 0.1% of their quotient.)
DERIVED_APART = 2.0


def contradicted_derivations(
    indicators: Sequence[Indicator], cities: Sequence[City], companies: Sequence[Company]
) -> list[tuple[str, str]]:
    """Each published value of a derived indicator more than :data:`DERIVED_APART`
    times off from what its own inputs of that year give (a GDP per person of
    999,999 beside a GDP and a population that make 152,843).

    Not an error, a warning (``data validate`` prints them; nothing else pays for
    them): the published value is what every command shows, and may be right
    where an input is wrong."""
    names = {i.id: i.name for i in indicators}
    derived = [i for i in indicators if i.derived is not None]
    holders: list[tuple[str, City | Company]] = [
        *((f"cities[{i}]", city) for i, city in enumerate(cities)),
        *((f"companies[{i}]", company) for i, company in enumerate(companies)),
    ]
    return [
        found
        for where, holder in holders
        for indicator in derived
        for found in _contradicted(where, holder, indicator, names)
    ]


def _contradicted(
    where: str, holder: City | Company, indicator: Indicator, names: Mapping[str, str]
) -> list[tuple[str, str]]:
    """:func:`contradicted_derivations` of one holder and one derived indicator:
    only values above zero, in yuan (or of no currency), have a ratio to compare."""
    derived = indicator.derived
    assert derived is not None
    top: dict[int, float] = {}
    below: dict[int, float] = {}
    for o in holder.observations:
        if o.currency is None and o.value > 0:
            if o.indicator == derived.divide:
                top[o.year] = o.value
            elif o.indicator == derived.by:
                below[o.year] = o.value
    found = []
    for j, o in enumerate(holder.observations):
        if o.indicator != indicator.id or o.currency is not None or o.value <= 0:
            continue
        if o.year not in top or o.year not in below:
            continue
        worked = top[o.year] / below[o.year] * derived.times
        if not math.isfinite(worked) or max(o.value / worked, worked / o.value) <= DERIVED_APART:
            continue
        shown = round(worked, derived.digits)
        found.append(
            (
                f"{where}.observations[{j}].value",
                f"{holder.name} gives {indicator.name} {_number(o.value)} for {o.year}, but "
                f"{derivation_words(derived, names)} of {o.year} is "
                f"{_number(int(shown) if derived.digits == 0 else shown)}; "
                "check the value and its inputs",
            )
        )
    return found


def _check_derived(
    report: Report, where: str, indicator: Indicator, holders: Sequence[City | Company | None]
) -> None:
    """A derived value must be plausible, as a published one must: a derivation
    that rounds every GDP per person to 0 (``times: 1e-9``) is a mistake of
    units, not a figure to rank or draw. Reported once, with the first holder."""
    derived = indicator.derived
    if derived is None:
        return
    low, high = indicator.plausible
    for holder in holders:
        if holder is None or _plausibly_derived(holder.observations, derived, low, high):
            continue
        for figure in ratios(
            holder.observed(derived.divide), holder.observed(derived.by), derived.times,
            derived.digits, "",
        ):  # fmt: skip
            if not low <= figure.value <= high:
                report(
                    where,
                    f"it gives {holder.id} {figure.value:,} for {figure.year}, not a plausible "
                    f"value of {indicator.name} ({_number(low)} to {_number(high)} "
                    f"{indicator.unit}); check times and digits",
                )
                return


def _plausibly_derived(
    observations: Sequence[Observation], derived: Derivation, low: float, high: float
) -> bool:
    """Whether every value :func:`ratios` derives from ``observations`` is within
    ``low`` to ``high``: the same arithmetic, without building, sorting or
    sourcing a figure (a cold 1000x start derives 128,000 series), so that only
    a holder with an implausible one is derived again, to say which."""
    below = {
        o.year: o.value for o in observations if o.indicator == derived.by and o.value
        and o.currency is None
    }  # fmt: skip
    if not below:
        return True
    times, digits = derived.times, derived.digits
    for o in observations:
        if o.indicator != derived.divide or o.currency is not None or o.year not in below:
            continue
        value = round(o.value / below[o.year] * times, digits)
        if math.isfinite(value) and not low <= (int(value) if digits == 0 else value) <= high:
            return False
    return True


def _number(value: float) -> str:
    """A bound as people write it: 10,000,000, never 1e+07."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _is_date(text: str) -> bool:
    """YYYY-MM-DD, a real day: not another form Python also reads ('2026-W48-1')."""
    import datetime as dt
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is None:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_currency(code: str) -> bool:
    """An ISO 4217 code as written: three capital letters ('USD', never 'usd')."""
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def _bad_currency(
    report: Report, where: str, obs: Observation, indicator: Indicator, kind: Holder
) -> bool:
    """Whether an observation's currency is one it may not have (reported): a
    figure that is not money, a city's (a city's figures are in yuan), the
    yuan's own code, or no ISO 4217 code."""
    if indicator.unit != "yuan":
        problem = (
            f"'{indicator.id}' is not money (its unit is {indicator.unit}): it has no currency"
        )
    elif kind is Holder.cities:
        problem = (
            f"a city's figures are in yuan, and this {indicator.name} is in "
            f"{obs.currency}: give it in yuan, or leave it out"
        )
    elif obs.currency == YUAN_CODE:
        problem = "a value in yuan has no currency: leave it out"
    elif not _is_currency(obs.currency or ""):
        problem = _not_a_currency(obs.currency or "")
    else:
        return False
    report(f"{where}.currency", problem)
    return True


def _not_a_currency(code: str) -> str:
    return (
        f"'{printable(code, exact=True)}' is not an ISO 4217 currency code "
        "(three capital letters, e.g. USD)"
    )


def _year_of(as_of: str | None) -> int | None:
    """The year of ``meta.as_of`` ('2026-11-29' -> 2026), if it starts with one."""
    head = (as_of or "")[:4]
    return int(head) if head.isdigit() else None


#: Units whose values are counted in whole ones: persons, things, places in a ranking.
_WHOLE_UNITS = frozenset((Unit.persons.value, Unit.count.value, Unit.rank.value))


def _check_observations(
    report: Report,
    holder: City | Company,
    kind: Holder,
    path: str,
    indicators: dict[str, Indicator],
    last_year: int | None,
    yuan_per: dict[tuple[str, int], float],
) -> None:
    seen: dict[tuple[str, int], int] = {}
    # Every year of a figure is in one currency: a series in two would be drawn,
    # compared and grown on one axis as if it were in one.
    currency_of: dict[str, tuple[str | None, int]] = {}
    for j, obs in enumerate(holder.observations):
        # (its place and the indicator's name in a sentence are worked out only
        # for a problem: a cold 1000x start checks 600,000 observations)
        first = seen.setdefault((obs.indicator, obs.year), j)
        if first != j:
            report(
                f"{path}.observations[{j}]",
                f"{holder.id} gives '{obs.indicator}' for {obs.year} twice "
                f"(also observations[{first}]); keep one value a year",
            )
        if obs.year < FIRST_YEAR or (last_year is not None and obs.year > last_year):
            upto = f"the data's as_of year {last_year}" if last_year is not None else "now"
            report(
                f"{path}.observations[{j}].year", f"{obs.year} is outside {FIRST_YEAR} to {upto}"
            )
        indicator = indicators.get(obs.indicator)
        if indicator is None:
            continue
        if indicator.applies_to != kind:
            report(
                f"{path}.observations[{j}].indicator",
                f"'{indicator.id}' is a figure of {indicator.applies_to}, not of {kind.value}",
            )
            continue
        # (a currency it may not have, once said, is not said again as a second one)
        refused = obs.currency is not None and _bad_currency(
            report, f"{path}.observations[{j}]", obs, indicator, kind
        )
        if indicator.unit == "yuan" and kind is Holder.companies and not refused:
            other, k = currency_of.setdefault(obs.indicator, (obs.currency, j))
            if other != obs.currency:
                report(
                    f"{path}.observations[{j}].currency",
                    f"{holder.id} gives '{obs.indicator}' in {other or 'yuan'} "
                    f"(observations[{k}]) and in {obs.currency or 'yuan'} here; give every "
                    "year of a figure in one currency",
                )
        if (
            indicator.unit in _WHOLE_UNITS
            and type(obs.value) is float
            and not obs.value.is_integer()
        ):
            # 36.6 unicorns would be shown as 37, and a rank of 1.4 as #1 placed second
            report(
                f"{path}.observations[{j}].value",
                f"{obs.value} is not a whole number, and {in_sentence(indicator.name)} "
                f"({indicator.unit}) is counted in whole ones",
            )
        low, high = indicator.plausible
        # money in another currency is judged in yuan at the data's rate where it has
        # one (a rate a hundred times too high would rank its company first)
        rate = yuan_per.get((obs.currency, obs.year)) if obs.currency else None
        if rate is None and not low <= obs.value <= high:
            report(
                f"{path}.observations[{j}].value",
                f"{obs.value:,} is not a plausible {in_sentence(indicator.name)} "
                f"({_number(low)} to {_number(high)} {indicator.unit}); check the units",
            )
        elif rate is not None and not low <= obs.value * rate <= high:
            report(
                f"{path}.observations[{j}].value",
                f"{obs.value:,} {obs.currency} at the data's {obs.year} rate of {rate:g} yuan "
                f"is {_number(obs.value * rate)} yuan, not a plausible "
                f"{in_sentence(indicator.name)} "
                f"({_number(low)} to {_number(high)} yuan); check the rate or the units",
            )
