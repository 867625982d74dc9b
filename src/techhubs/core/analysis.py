"""Analyses across hubs: rankings by a figure, and how alike two hubs are.

Plain functions over the Dataset, like techhubs.core.queries; they never print.
"""

from __future__ import annotations

from typing import NamedTuple

from techhubs.core.dataset import Dataset
from techhubs.core.entities import City, Figure
from techhubs.core.queries import city_figure, city_metric


class Ranked(NamedTuple):
    """One city's place in a ranking; figure is None where the data has none."""

    rank: int | None
    city: City
    value: float | None
    figure: Figure | None


def rank(dataset: Dataset, metric: str) -> list[Ranked]:
    """Every city by ``metric``, largest first; cities without the figure last, unranked.

    Ties share a rank (1, 2, 2, 4), as in a league table.
    """
    known: list[tuple[float, City]] = []
    unknown: list[City] = []
    for city in dataset.cities:
        value = city_metric(city, metric)
        if value is None:
            unknown.append(city)
        else:
            known.append((value, city))
    known.sort(key=lambda vc: (-vc[0], vc[1].name.casefold()))
    ranked: list[Ranked] = []
    for i, (value, city) in enumerate(known):
        place = ranked[-1].rank if ranked and ranked[-1].value == value else i + 1
        ranked.append(Ranked(place, city, value, city_figure(city, metric)))
    ranked.extend(Ranked(None, city, None, None) for city in sorted(unknown, key=lambda c: c.name))
    return ranked


class Similarity(NamedTuple):
    """How alike another city is: the Jaccard score of focus areas and companies."""

    city: City
    score: float
    shared_areas: tuple[str, ...]
    shared_companies: tuple[str, ...]


def _features(city: City) -> set[tuple[str, str]]:
    return {("area", a) for a in city.focus_areas} | {("company", c) for c in city.company_ids()}


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
        union = mine | theirs
        score = len(mine & theirs) / len(union) if union else 0.0
        results.append(
            Similarity(
                other,
                round(score, 3),
                tuple(a for a in city.focus_areas if a in other.focus_areas),
                tuple(c for c in city.company_ids() if ("company", c) in theirs),
            )
        )
    results.sort(key=lambda s: (-s.score, s.city.name.casefold()))
    return results[:limit] if limit is not None else results
