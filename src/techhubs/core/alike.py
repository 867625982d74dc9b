"""How alike two hubs are: the Jaccard index of their focus areas and companies.

On bare ids, apart from techhubs.core.analysis (which ranks the dataset's hubs
with it), so that ``similar`` answered from stored records — plain JSON, no
dataset — imports neither the declarations nor the dataset (~5 ms a run).
"""

from __future__ import annotations

from collections.abc import Iterable


def features(areas: Iterable[str], companies: Iterable[str]) -> set[tuple[str, str]]:
    """What a hub is compared by: its focus areas' and companies' ids."""
    return {("area", a) for a in areas} | {("company", c) for c in companies}


def alike(mine: set[tuple[str, str]], theirs: set[tuple[str, str]]) -> float:
    """The Jaccard index of two hubs' features, to three places (0 with none)."""
    union = mine | theirs
    return round(len(mine & theirs) / len(union), 3) if union else 0.0
