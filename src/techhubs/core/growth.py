"""Compound annual growth and money at an exchange rate, on bare numbers.

Apart from techhubs.core.indicators (which holds the rest of what figures mean)
so that a comparison or a list of stored records — plain JSON, no dataset —
can work out growth, or rank money in another currency, without importing the
declarations and the dataset (~5 ms a run).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple


class Rate(NamedTuple):
    """A currency's average exchange rate in a year: yuan a unit, and its source
    (a value ranked at it says at what, and on whose word)."""

    yuan: float
    source: str

    def record(self, currency: str | None, year: int) -> dict[str, str | int | float | None]:
        """As the JSON gives it (a ranking's ``exchange_rate``): the data's own entry."""
        return {"currency": currency, "year": year, **self._asdict()}


#: (currency, year) -> its rate: the data's exchange rates, the first of two
#: for one year where the data has two (Dataset.yuan_per finds the first).
Rates = Mapping[tuple[str, int], Rate]
#: The yuan's ISO 4217 code: a value in yuan names no currency, and needs no rate.
YUAN_CODE = "CNY"


def to_yuan(value: float, currency: str | None, year: int, rates: Rates) -> float | None:
    """A money value in yuan: as it is when in yuan (or no currency), else at its
    year's average rate; None for another currency without a rate that year, or
    where the product overflows (no number, as JSON has none for it)."""
    if currency in (None, YUAN_CODE):
        return value
    rate = rates.get((currency, year)) if currency is not None else None
    if rate is None:
        return None
    converted = value * rate.yuan
    return converted if math.isfinite(converted) else None


def annual_growth(
    first_year: int, first_value: float, last_year: int, last_value: float
) -> float | None:
    """Compound annual growth from the first value to the last, in percent, to two
    places; None where it is undefined (no years between, a value not above 0)."""
    years = last_year - first_year
    if years <= 0 or first_value <= 0 or last_value <= 0:
        return None
    try:
        rate: float = ((last_value / first_value) ** (1 / years) - 1) * 100
    except OverflowError:
        return None
    # From 1e-300 to 1e16 is infinite growth: no number, as JSON has none for it.
    return round(rate, 2) if math.isfinite(rate) else None


def later_is_nearer(year: int, before: int | None, after: int | None) -> bool:
    """Whether a value of year ``after`` stands for ``year`` better than one of
    ``before`` (either may be missing): the nearer does, the earlier on a tie. A
    ranking shows it beside a hub with no value for the year ranked."""
    return after is not None and (before is None or after - year < year - before)
