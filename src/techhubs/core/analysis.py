"""Analyses across hubs: rankings by a figure, and how alike two hubs are.

Plain functions over the Dataset, like techhubs.core.queries; they never print.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol

from techhubs.core import indicators
from techhubs.core.alike import alike, features
from techhubs.core.dataset import Dataset
from techhubs.core.entities import City, Figure
from techhubs.core.growth import YUAN_CODE, Rate, Rates, annual_growth, to_yuan
from techhubs.core.indicators import Gauge, Measure
from techhubs.core.kinds import Count
from techhubs.errors import UsageError


class Named(Protocol):
    """Who a ranking row is about: a hub, a company, or what the store keeps of one."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_zh(self) -> str: ...


class HolderNames(NamedTuple):
    """A hub or company as a stored ranking knows it (:func:`rank_lines`)."""

    id: str
    name: str
    name_zh: str


class Measured(NamedTuple):
    """An indicator as a stored ranking knows it: what :func:`rank_lines` and the
    ranking's heading need (an Indicator has it all, and more)."""

    id: str
    name: str
    unit: str
    higher_is_better: bool
    applies_to: str
    comparable_from: int | None = None


class Ranked(NamedTuple):
    """One city's (or company's) place in a ranking.

    ``figure`` is its value for the ranking's year (for a count: the count,
    with no year), or None; then ``older`` is its latest value before that
    year and ``newer`` its first value after it, where it has them, so a gap
    shows as a gap with what is known beside it (a hub whose figures all
    came later is not taken for one without any).
    A value in a currency the data has no exchange rate for is shown, unranked.
    """

    rank: int | None
    holder: Named
    figure: Figure | None
    older: Figure | None = None
    #: a value in another currency: the yuan it was ranked at (its year's rate)
    in_yuan: float | None = None
    newer: Figure | None = None
    #: the rate ``in_yuan`` was converted at, with its source
    rate: Rate | None = None


class Ranking(NamedTuple):
    """A ranking: what by, for which year (and from which, for growth), and its rows."""

    measure: Gauge | Count
    year: int | None
    since: int | None
    rows: list[Ranked]


#: Each holder of an indicator, in the data's order, with its series (oldest first).
Lines = Sequence[tuple[Named, Sequence[Figure]]]


def rank(
    dataset: Dataset,
    what: Measure,
    year: int | None = None,
    growth: bool = False,
    since: int | None = None,
) -> Ranking:
    """Every hub by an indicator in one year (by default the latest year with the
    widest coverage), or by a count, best first; hubs without a value last, unranked.
    An indicator's ranking is :func:`rank_lines` of every holder's series."""
    if isinstance(what, Count):
        if year is not None or growth or since is not None:
            raise UsageError(f"--year, --growth and --since rank indicators, not {what.value}")
        counts = {c.id: indicators.value_of(dataset, c, what) for c in dataset.cities}
        return Ranking(what, None, None, _league(dataset.cities, counts, True, {}))
    lines = [(h, indicators.series(dataset, h, what)) for h in indicators.holders(dataset, what)]
    return rank_lines(what, lines, indicators.rates_of(dataset), year, growth, since)


def rank_lines(
    what: Gauge,
    lines: Lines,
    rates: Rates,
    year: int | None = None,
    growth: bool = False,
    since: int | None = None,
) -> Ranking:
    """The holders of ``lines`` ranked by ``what`` in ``year`` (by default the latest
    year with the widest coverage), best first; money in another currency at
    ``rates``.  Needs no dataset: the full path passes the dataset's series, a
    warm run the store's (the same answer, from one function).

    With ``growth``, hubs are ranked by the compound annual growth of the
    indicator from ``since`` (by default the year most holders have with ``year``:
    :func:`_widest_span`) to ``year``; each
    hub needs a value in both years.  Ties share a rank (1, 2, 2, 4), as in a
    league table.
    """
    if since is not None and not growth:
        raise UsageError(
            "--since goes with --growth, e.g. 'techhubs rank --by population --growth --since 2021'"
        )
    if growth and indicators.is_rank(what):
        raise UsageError(f"{what.name} is a rank; rank it by --year, not by --growth")
    cover = indicators.coverage_of(line for _, line in lines)
    asked = year
    year = year if year is not None else cover.default_year
    everyone = [holder for holder, _ in lines]
    if year is None:  # no hub has a value
        return Ranking(what, None, None, _league(everyone, {}, what.higher_is_better, rates))
    if growth:
        widest = _widest_span(what, lines, cover, year, asked) if since is None else None
        if widest is not None:
            year, since = widest
        try:
            since_year = _since(what, year, since, cover.first_year, cover.last_year)
        except UsageError:
            # Not asked for a year: the first later one growth can be ranked to (GDP's
            # 2025, its widest year 2024 being where it became comparable).
            later = range(year + 1, (cover.last_year or year) + 1) if asked is None else ()
            spans = _growth_years(what, later, since, cover)
            # ... and one some holder has a value at both ends of (not 52 dashes)
            found = next((s for s in spans if _both(lines, *s)), None)
            if found is None:
                # --since at the end: said so, not the year ranked by default (never asked for)
                last = cover.last_year
                if asked is None and since is not None and last is not None and since >= last:
                    raise _nothing_later(what, lines, cover, since, last) from None
                raise
            year, since_year = found
        since = since_year
    values: dict[str, Figure | None] = {}
    older: dict[str, Figure] = {}
    newer: dict[str, Figure] = {}
    for holder, line in lines:
        points = {f.year: f for f in line}
        if not growth:  # a level is no stand-in for a rate of growth
            before = [f for y, f in points.items() if y < year]
            after = [f for y, f in points.items() if y > year]
            if before:
                older[holder.id] = max(before, key=lambda f: f.year)
            if after:
                newer[holder.id] = min(after, key=lambda f: f.year)
        end = points.get(year)
        if not growth:
            values[holder.id] = end
            continue
        start = points.get(since) if since is not None else None
        if start is None or end is None:
            values[holder.id] = None
            continue
        rate = _growth(start, end, rates)
        how = f"derived: compound annual growth of {what.name}, {since}–{year}"
        if what.unit == "yuan" and what.applies_to == "cities":  # the bureaus publish real growth
            how += ", nominal (at current prices)"
        if _currency(start) != _currency(end):
            how += ", in yuan at each year's average rate"
        # a rate between two fiscal years: the later one's end says which
        ends = end.period_end
        values[holder.id] = None if rate is None else Figure(rate, year, how, period_end=ends)
    # Faster growth ranks first, whatever the indicator.
    higher_is_better = growth or what.higher_is_better
    rows = _league(everyone, values, higher_is_better, rates, older, newer)
    return Ranking(what, year, since if growth else None, rows)


def _since(what: Gauge, year: int, since: int | None, first: int | None, last: int | None) -> int:
    """The year growth is ranked from: ``since``, else five years before ``year``
    (or the first there is, if later); never across the year the indicator's figures are
    comparable from (``comparable_from``: an economic census revised the years
    before it), which would rank the revision, not the growth."""
    floor = what.comparable_from
    if floor is not None and floor > year:
        floor = None  # both years before the revised basis: comparable with each other
    if since is None:
        since = max(year - 5, first or year, floor or 0)
        if since >= year and floor is not None:
            raise _across(what, floor, year, last, None)
    elif floor is not None and since < floor:
        raise _across(what, floor, year, last, since)
    if since >= year:
        raise UsageError(f"--since must be before the year ranked ({year})")
    return since


def _nothing_later(
    what: Gauge, lines: Lines, cover: indicators.Coverage, since: int, last: int
) -> UsageError:
    """Why growth from ``since``, at or after ``last``, the indicator's latest year,
    cannot be ranked when no --year was asked: there is no later year to grow to
    (not that --since must be before the year ranked by default, one never asked
    for); with a --since that can be followed, where there is one
    (:func:`_widest_span`)."""
    head = (
        f"{last} is the latest year of {what.name}"
        if since == last
        else f"{since} is after the latest year of {what.name} ({last})"
    )
    span = _widest_span(what, lines, cover, last, last)
    advice = f" (try --since {span[1]})" if span is not None else ""
    return UsageError(f"{head}; there is no later year to grow to{advice}")


def _widest_span(
    what: Gauge, lines: Lines, cover: indicators.Coverage, year: int, asked: int | None
) -> tuple[int, int] | None:
    """The (year, since) a growth ranking with no --since is ranked over: to
    ``year`` (the widest year, or the one asked for), else to the first later
    year, else the latest earlier one, that some holder has two values to;
    from the year the most holders have with it, then the one nearest five
    years before; None when no holder has two years.

    Five years before the widest year could be one no one has: R&D intensity
    ranked 2017-2021, twelve dashes, and population 2 hubs over 2020-2023
    where 7 have 2021-2023. Never across the indicator's revision (:func:`_since`)."""
    first, last = cover.first_year, cover.last_year
    if first is None or last is None:
        return None
    held = [{f.year for f in line} for _, line in lines]
    # (not back to years before a revision by default: they are superseded)
    later = range(year + 1, last + 1)
    earlier = range(year - 1, max(first, (what.comparable_from or 0) - 1), -1)
    for end in [year] if asked is not None else [year, *later, *earlier]:
        best: tuple[int, int] | None = None
        for since in range(first, end):
            try:
                _since(what, end, since, first, last)
            except UsageError:
                continue
            count = sum(1 for years in held if since in years and end in years)
            key = (count, -abs(end - since - 5))
            if count and (best is None or key > best):
                best = key
                found = since
        if best is not None:
            return end, found
    return None


def _growth_years(
    what: Gauge, years: Iterable[int], since: int | None, cover: indicators.Coverage
) -> Iterator[tuple[int, int]]:
    """Each of ``years`` growth can be ranked to, with the year it is ranked from."""
    for year in years:
        try:
            yield year, _since(what, year, since, cover.first_year, cover.last_year)
        except UsageError:
            continue


def _both(lines: Lines, year: int, since: int) -> bool:
    """Whether some holder has a value for both ``since`` and ``year``."""
    return any({since, year} <= {f.year for f in line} for _, line in lines)


def _across(what: Gauge, floor: int, year: int, last: int | None, since: int | None) -> UsageError:
    """Why growth to ``year`` cannot be ranked from before ``floor`` (the year the
    indicator is comparable from), with advice that can be followed: a later
    --since while there are years after the break to rank, else a later --year
    (with that --since, if one was given: ``since``), else that there is none yet.
    A --since given is named first: 'rank --growth --since 2019' blamed the year
    ranked, which the reader had not chosen."""
    head = (
        f"{what.name} is comparable only from {floor} on (the years before were revised: "
        "see 'techhubs indicators')"
    )
    if since is not None:
        head = (
            f"--since {since} is before {floor}, when {what.name} was revised (see "
            "'techhubs indicators')"
        )
    if year > floor:
        return UsageError(f"{head}; rank its growth --since {floor} or later")
    if last is not None and last > year:
        if since is not None:
            return UsageError(
                f"{head}, and {year} is the year ranked: rank its growth from {floor} to "
                f"a later year (e.g. '--since {floor} --year {last}')"
            )
        return UsageError(
            f"{head}, and {year} is the year ranked: rank its growth to a later year "
            f"(e.g. '--year {last}')"
        )
    return UsageError(
        f"{head}, and no value is later than {year}: there is no growth of it to rank yet"
    )


def _growth(start: Figure, end: Figure, rates: Rates) -> float | None:
    """Growth from ``start`` to ``end``: in their currency when they share one; in
    yuan, each at its year's rate, when they do not (a company that changed the
    currency it reports in); None where a rate is missing."""
    if _currency(start) == _currency(end):
        return indicators.growth(start, end)
    first = to_yuan(start.value, start.currency, start.year, rates)
    last = to_yuan(end.value, end.currency, end.year, rates)
    if first is None or last is None:
        return None
    return annual_growth(start.year, first, end.year, last)


def _currency(figure: Figure) -> str:
    """The currency a figure is in: yuan unless it names another."""
    return figure.currency or YUAN_CODE


def _league(
    everyone: Sequence[Named],
    values: dict[str, Figure | None],
    higher_is_better: bool,
    rates: Rates,
    older: dict[str, Figure] | None = None,
    newer: dict[str, Figure] | None = None,
) -> list[Ranked]:
    known: list[tuple[float, Figure, Named]] = []
    apart: list[Ranked] = []  # a value, but in a currency with no rate: shown, unranked
    for holder in everyone:
        figure = values.get(holder.id)
        if figure is None:
            continue
        amount = to_yuan(figure.value, figure.currency, figure.year, rates)
        if amount is None:
            apart.append(Ranked(None, holder, figure))
        else:
            known.append((amount, figure, holder))
    sign = -1 if higher_is_better else 1
    known.sort(key=lambda entry: (sign * entry[0], entry[2].name.casefold()))
    ranked: list[Ranked] = []
    last: float | None = None
    for i, (amount, figure, holder) in enumerate(known):
        same = ranked and last == amount
        converted = amount if _currency(figure) != YUAN_CODE else None
        rate = None if converted is None else rates.get((_currency(figure), figure.year))
        place = ranked[-1].rank if same else i + 1
        ranked.append(Ranked(place, holder, figure, None, converted, None, rate))
        last = amount
    ranked.extend(apart)
    unknown = sorted(
        (c for c in everyone if values.get(c.id) is None), key=lambda c: c.name.casefold()
    )
    before, after = older or {}, newer or {}
    ranked.extend(Ranked(None, c, None, before.get(c.id), None, after.get(c.id)) for c in unknown)
    return ranked


class Similarity(NamedTuple):
    """How alike another city is: the Jaccard score of focus areas and companies."""

    city: City
    score: float
    shared_areas: tuple[str, ...]
    shared_companies: tuple[str, ...]


def _features(city: City) -> set[tuple[str, str]]:
    return features(city.focus_areas, city.company_ids())


def similar(dataset: Dataset, city: City, limit: int | None = None) -> list[Similarity]:
    """The other hubs ranked by how alike they are to ``city``, most alike first.

    Alike means sharing focus areas and companies: the score is the Jaccard
    index |A ∩ B| / |A ∪ B| over both together, from 0 (nothing shared) to 1.
    """
    mine = _features(city)
    results: list[Similarity] = []
    for other in dataset.cities:
        if other.id == city.id:
            continue
        theirs = _features(other)
        results.append(
            Similarity(
                other,
                alike(mine, theirs),
                tuple(a for a in city.focus_areas if a in other.focus_areas),
                tuple(c for c in city.company_ids() if ("company", c) in theirs),
            )
        )
    results.sort(key=lambda s: (-s.score, s.city.name.casefold()))
    return results[:limit] if limit is not None else results
