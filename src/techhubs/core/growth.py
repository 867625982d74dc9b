"""Compound annual growth, on bare numbers.

Apart from techhubs.core.indicators (which holds the rest of what figures mean)
so that a comparison of stored records — plain JSON, no dataset — can work out
growth without importing the declarations and the dataset (~5 ms a run).
"""

from __future__ import annotations

import math


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
