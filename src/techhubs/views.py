"""What each command shows: query results paired with their renderings.

Each function takes query results and returns a :class:`~techhubs.output.View`
holding the JSON-contract data, the rows for CSV/Markdown and a *lazy* Rich
rendering, so JSON output never imports Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from techhubs import records
from techhubs.models import City, Company, Dataset
from techhubs.output import View
from techhubs.queries import AreaSummary, Comparison, Hit

if TYPE_CHECKING:
    from rich.console import RenderableType


def _one_or_many(data: list[dict[str, Any]]) -> Any:
    # `city A --json` is an object; `city A B --json` an array.
    return data[0] if len(data) == 1 else data


def city_profiles(found: Sequence[City], dataset: Dataset) -> View:
    data = [records.city(c, dataset) for c in found]

    def table() -> RenderableType:
        from rich.console import Group

        from techhubs.output import tables

        return Group(*(tables.city_profile(c, dataset) for c in found))

    return View(_one_or_many(data), [("cities", data)], table)


def city_list(found: Sequence[City], dataset: Dataset) -> View:
    data = [records.city(c, dataset) for c in found]

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.cities_table(found, dataset)

    return View(data, [("cities", data)], table)


def comparison(result: Comparison, dataset: Dataset) -> View:
    data = records.comparison(result, dataset)
    rows = data["cities"]
    overlap = [
        {
            "city": "(shared)",
            "focus_areas": data["shared"]["focus_areas"],
            "companies": data["shared"]["companies"],
        },
        *({"city": cid, **unique} for cid, unique in data["unique"].items()),
    ]

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.comparison_view(result, dataset)

    return View(data, [("cities", rows), ("shared and unique", overlap)], table)


def company_profiles(found: Sequence[Company], dataset: Dataset) -> View:
    data = [records.company(c, dataset) for c in found]

    def table() -> RenderableType:
        from rich.console import Group

        from techhubs.output import tables

        return Group(*(tables.company_profile(c, dataset) for c in found))

    return View(_one_or_many(data), [("companies", data)], table)


def company_list(found: Sequence[Company], dataset: Dataset, title: str) -> View:
    data = [records.company(c, dataset) for c in found]

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.companies_table(found, dataset, title)

    return View(data, [("companies", data)], table)


def area_profiles(found: Sequence[AreaSummary]) -> View:
    data = [records.area_summary(s) for s in found]

    def table() -> RenderableType:
        from rich.console import Group

        from techhubs.output import tables

        return Group(*(tables.area_profile(s) for s in found))

    return View(_one_or_many(data), [("focus_areas", data)], table)


def area_list(found: Sequence[AreaSummary]) -> View:
    data = [records.area_summary(s) for s in found]

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.areas_table(found)

    return View(data, [("focus_areas", data)], table)


def search_hits(hits: Sequence[Hit], dataset: Dataset, query: str) -> View:
    data = [records.hit(h) for h in hits]

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.search_table(hits, dataset, query)

    return View(data, [("results", data)], table)


def overview(dataset: Dataset) -> View:
    data = records.overview(dataset)
    glance = [
        {k: c[k] for k in ("id", "name", "name_zh", "status", "headline", "population", "gdp")}
        for c in data["cities"]
    ]

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.overview_view(dataset)

    return View(
        data,
        [
            ("cities", glance),
            ("government_support", data["government_support"]),
            ("challenges", data["challenges"]),
            ("opportunities", data["opportunities"]),
        ],
        table,
    )
