"""How a list turns and is cut, as --reverse and --limit ask, on any rows.

Apart from the queries so that the store's lists and rankings — plain records,
no dataset — are turned and cut by the same rule without importing the
declarations and the dataset (~5 ms a run).
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def arranged(
    items: list[T], reverse: bool, limit: int | None, ranked: int | None = None
) -> list[T]:
    """``items`` reversed and cut to ``limit`` as --reverse and --limit ask.

    Only the first ``ranked`` items turn round (those without a value stay
    last, whatever the direction: a missing number is not a small one).
    """
    head = len(items) if ranked is None else ranked
    if reverse:
        items = [*reversed(items[:head]), *items[head:]]
    return items[:limit] if limit is not None else items
