"""Figures over time: each indicator's series for a city, derived values, coverage, growth.

An indicator is data (``indicators:`` in the data file), and a city's values
are its ``observations``.  This module turns them into series: the published
values, and where an indicator declares how it is derived (GDP per person,
R&D intensity), values computed from two published indicators of the *same*
year — never stored, and each marked in its source as derived, and how.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from techhubs.core.dataset import Dataset
from techhubs.core.entities import City, Company, Figure, Indicator, derivation_words, ratios
from techhubs.core.growth import Rate, Rates, to_yuan
from techhubs.core.kinds import MAX_TREND_CITIES, Count, Holder, Unit, count_named
from techhubs.errors import NotFoundError, UsageError, named_once
from techhubs.text import printable, quoted

#: What ``--by`` and ``--sort`` accept: an indicator, or a count of the dataset.
Measure = Indicator | Count


class Gauge(Protocol):
    """What a ranking needs to know of an indicator: an Indicator has it, and so
    does what the store keeps of one (a ranking from the store has no dataset)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def higher_is_better(self) -> bool: ...
    @property
    def applies_to(self) -> str: ...
    @property
    def comparable_from(self) -> int | None: ...


def measure(dataset: Dataset, text: str, option: str) -> Measure:
    """The indicator or count ``text`` names; UsageError (with close matches) if none.

    Any spelling of a count will do (``focus_areas``, ``Focus-Areas``); indicators
    answer to their ids, names and aliases in any case and punctuation.
    """
    count = count_named(text)
    if count is not None:
        return count
    try:
        return dataset.indicator(text)
    except NotFoundError as missing:
        hint = f"; did you mean {' or '.join(missing.suggestions)}?" if missing.suggestions else ""
        raise UsageError(
            f"invalid value for '{option}': no indicator called "
            f"{quoted(printable(missing.name, exact=True))}{hint or '.'} "
            "Run 'techhubs indicators' to see them all"
            + (
                " (or 'techhubs fields' for the fields a list sorts by)"
                if option == "--sort"
                else ""
            )
            + ".",
            missing.suggestions,
        ) from None


def value_of(dataset: Dataset, city: City, what: Measure) -> Figure | None:
    """``city``'s latest value of an indicator, or its count (year 0, no source)."""
    if isinstance(what, Count):
        count = len(city.companies) if what is Count.companies else len(city.focus_areas)
        return Figure(count, 0, "")
    return latest(dataset, city, what)


def holders(dataset: Dataset, indicator: Indicator) -> tuple[City, ...] | tuple[Company, ...]:
    """Who an indicator measures: the hubs, or the companies."""
    return dataset.companies if indicator.applies_to == Holder.companies else dataset.cities


def of_holders(indicator: Indicator, kind: Holder, option: str) -> None:
    """UsageError unless ``indicator`` measures ``kind`` (a ranking of cities by revenue…)."""
    if indicator.applies_to != kind:
        raise UsageError(
            f"{indicator.name} is a figure of {indicator.applies_to}, not of {kind.value}; "
            f"{option} here takes a figure of {kind.value} (see 'techhubs indicators')"
        )


def in_yuan(dataset: Dataset, figure: Figure) -> float | None:
    """A money figure in yuan, converted at its year's average rate where the data has
    one; None for a foreign-currency figure without a rate."""
    return to_yuan(figure.value, figure.currency, figure.year, rates_of(dataset))


def rates_of(dataset: Dataset) -> Rates:
    """The data's exchange rates by (currency, year), the first of two as
    Dataset.yuan_per finds it."""
    rates: dict[tuple[str, int], Rate] = {}
    for rate in dataset.exchange_rates:
        rates.setdefault((rate.currency, rate.year), Rate(rate.yuan, rate.source))
    return rates


def series(dataset: Dataset, city: City | Company, indicator: Indicator) -> list[Figure]:
    """A city's or company's values of ``indicator``, oldest first: published, else
    derived (worked out once per dataset: the dataset is immutable)."""
    key = (type(city).__name__, city.id, indicator.id)
    return list(dataset.series(key, lambda: tuple(_series(dataset, city, indicator))))


def _series(dataset: Dataset, city: City | Company, indicator: Indicator) -> list[Figure]:
    published = {f.year: f for f in city.observed(indicator.id)}
    derivation = indicator.derived
    how = derived_how(dataset, indicator)
    if derivation is not None and how is not None:
        for figure in ratios(
            city.observed(derivation.divide),
            city.observed(derivation.by),
            derivation.times,
            derivation.digits,
            how,
        ):
            published.setdefault(figure.year, figure)
    return [published[year] for year in sorted(published)]


def derived_how(dataset: Dataset, indicator: Indicator) -> str | None:
    """How a derived indicator is computed, in words ('GDP ÷ Population'), else None."""
    derivation = indicator.derived
    if derivation is None:
        return None
    names = {i: dataset.indicator_by_id(i).name for i in (derivation.divide, derivation.by)}
    return derivation_words(derivation, names)


def latest(dataset: Dataset, city: City | Company, indicator: Indicator) -> Figure | None:
    found = series(dataset, city, indicator)
    return found[-1] if found else None


def in_year(dataset: Dataset, indicator: Indicator, year: int) -> dict[str, Figure]:
    """Every city's value of ``indicator`` for ``year``, by city id (only those that have one)."""
    found = {}
    for city in holders(dataset, indicator):
        for figure in series(dataset, city, indicator):
            if figure.year == year:
                found[city.id] = figure
    return found


class Coverage(NamedTuple):
    """How many hubs have a value of an indicator, and over which years."""

    cities: int
    first_year: int | None
    last_year: int | None
    default_year: int | None  # the latest year with the widest coverage


def coverage(dataset: Dataset, indicator: Indicator) -> Coverage:
    """How many of the indicator's holders have a value, and over which years."""
    return coverage_of(series(dataset, h, indicator) for h in holders(dataset, indicator))


def coverage_of(lines: Iterable[Sequence[Figure]]) -> Coverage:
    """:func:`coverage` of each holder's series (a ranking from the store has no dataset)."""
    per_year: Counter[int] = Counter()
    covered = 0
    for line in lines:
        years = {f.year for f in line}
        covered += bool(years)
        per_year.update(years)
    if not per_year:
        return Coverage(0, None, None, None)
    widest = max(per_year.values())
    default = max(year for year, count in per_year.items() if count == widest)
    return Coverage(covered, min(per_year), max(per_year), default)


def growth(start: Figure, end: Figure) -> float | None:
    """Compound annual growth from ``start`` to ``end``, in percent (None if undefined)."""
    from techhubs.core.growth import annual_growth

    return annual_growth(start.year, start.value, end.year, end.value)


def best_first(what: Measure, value: float) -> float:
    """A sort key that puts the best first: the largest value, or the smallest where
    lower is better (a rank, where 1 is first)."""
    if isinstance(what, Indicator) and not what.higher_is_better:
        return value
    return -value


def is_rank(indicator: Gauge) -> bool:
    """Whether ``indicator`` is a place in a ranking (1 is first): no growth of it."""
    return indicator.unit == Unit.rank.value


class Trend(NamedTuple):
    """One indicator for 1 to 6 hubs (or companies) over the years: each one's series."""

    indicator: Indicator
    since: int | None
    lines: list[tuple[City | Company, list[Figure]]]


def trend(dataset: Dataset, names: list[str], by: str, since: int | None = None) -> Trend:
    """The series of ``by`` for the named hubs, from ``since`` on (UsageError if the
    request cannot be drawn: no hubs, too many, one hub twice, or a count)."""
    if not 1 <= len(names) <= MAX_TREND_CITIES:
        raise UsageError(
            f"trend takes 1 to {MAX_TREND_CITIES} cities, got {len(names)} (or as many "
            "companies, for a figure of companies); e.g. 'techhubs trend chengdu wuhan'"
        )
    what = measure(dataset, by, "--by")
    if isinstance(what, Count):
        raise UsageError(f"{what.value} is a count, not a figure over time; choose an indicator")
    find = dataset.company if what.applies_to == Holder.companies else dataset.city
    cities: list[City | Company] = [find(name) for name in names]
    named_once((n, c.id, c.name) for n, c in zip(names, cities, strict=True))
    lines = [
        (city, [f for f in series(dataset, city, what) if since is None or f.year >= since])
        for city in cities
    ]
    return Trend(what, since, lines)
