"""What each command shows: records of the JSON contract and their renderings.

Each function takes records (techhubs.output.records) and returns a
:class:`~techhubs.output.View`: the JSON data, the rows for CSV/Markdown and a
*lazy* Rich rendering, so JSON output never imports Rich, and nothing here
needs the models, so a lookup served from the record store stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from techhubs.output import SORTED_BY, View
from techhubs.text import printable

if TYPE_CHECKING:
    from rich.console import RenderableType

    from techhubs.core.dataset import Dataset
    from techhubs.core.growth import Rates
    from techhubs.core.search import HitRecord
    from techhubs.loader.places import Lines
    from techhubs.output.answers import (
        MapRecord,
        OverviewRecord,
        RankingHeading,
        RankRecord,
        Record,
        SimilarRecord,
    )


def _one_or_many(data: Sequence[Any]) -> Any:
    # `city A --json` is an object; `city A B --json` an array.
    return data[0] if len(data) == 1 else list(data)


def _named(data: Sequence[Record]) -> str:
    """The title of profiles narrowed by --fields: the names profiled."""
    return " · ".join(r["name"] for r in data)


def city_profiles(data: Sequence[Record]) -> View:
    def table() -> RenderableType:
        from rich.console import Group

        from techhubs.output import tables

        return Group(*(tables.readable(tables.city_profile(c)) for c in data))

    return View(_one_or_many(data), [("cities", data)], table, _named(data))


def city_list(
    data: Sequence[Record],
    total: int,
    areas: Sequence[tuple[str, str]] = (),
    statuses: Sequence[str] = (),
    matched: int | None = None,
    figure: str | None = None,
) -> View:
    """The hubs; a filtered list says its filters (``areas`` as (id, name)) in the title;
    ``matched`` is how many the filters let through before --limit; sorted by a
    ``figure`` (an indicator's id), the table shows it."""
    if not statuses and not areas:
        title = "China's technology hubs"
    else:
        title = f"{' or '.join(statuses).capitalize()} hubs" if statuses else "Hubs"
        title += f" that lead in {' or '.join(name for _, name in areas)}" if areas else ""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.cities_table(data, total, title, [i for i, _ in areas], matched, figure)

    return View(list(data), [("cities", sorted_by(data, figure))], table, title)


#: A figure's fields (docs/json.md, 'figure'; a test holds them to it), null: the
#: columns of a record without the value, so every row has the same ones.
_NO_VALUE = dict.fromkeys(("value", "year", "source", "url", "note", "period_end"))


def sorted_by(data: Sequence[Record], figure: str | None) -> Sequence[Record]:
    """The rows of a list for CSV and Markdown: each record, then, when the list is
    sorted by an indicator (``figure``), that indicator's latest value, as the table
    shows it beside the name. A spreadsheet got rows in an order nothing in them
    explained; the JSON keeps each record whole (the value is its
    ``indicators[].latest``)."""
    if figure is None:
        return data
    rows: list[Record] = []
    for record in data:
        held = next((i for i in record.get("indicators", ()) if i["id"] == figure), None)
        latest = (held or {}).get("latest") or _NO_VALUE
        unit = held["unit"] if held else None
        currency = held["currency"] if held else None
        shown = {"indicator": figure, "unit": unit, "currency": currency, **latest}
        rows.append({**record, SORTED_BY: shown})
    return rows


def comparison(
    data: Record, show_growth: bool = False, inputs: Mapping[str, Sequence[str]] | None = None
) -> View:
    """A comparison of any kind: the items side by side, then what they share; the
    sources of a derived figure's ``inputs`` (by its id, their ids) with its own."""
    kind = data["kind"]
    overlap = [
        {kind: "(shared)", **data["shared"]},
        *({kind: item_id, **unique} for item_id, unique in data["unique"].items()),
    ]

    def table() -> RenderableType:
        from techhubs.output import tables

        # Each item's column needs about 30 cells; more only leaves gaps.
        width = max(tables.MEASURE, 26 + 30 * len(data["items"]))
        return tables.readable(tables.comparison_view(data, show_growth, inputs), width)

    plural = {"city": "cities", "company": "companies", "area": "focus_areas"}[kind]
    # A comparison of cities lines up their figures too: one row an indicator.
    figures = [("figures", data["figures"])] if "figures" in data else []
    return View(
        data,
        [(plural, data["items"]), *figures, ("shared and unique", overlap)],
        table,
        "Side by side",
        keys=[item["id"] for item in data["items"]],
    )


def company_profiles(data: Sequence[Record], rates: Rates | None = None) -> View:
    """Companies' profiles; their money in another currency also in yuan at ``rates``."""

    def table() -> RenderableType:
        from rich.console import Group

        from techhubs.output import tables

        return Group(*(tables.readable(tables.company_profile(c, rates)) for c in data))

    return View(_one_or_many(data), [("companies", data)], table, _named(data))


def company_list(
    data: Sequence[Record],
    cities: Sequence[str] = (),
    areas: Sequence[tuple[str, str]] = (),
    figure: str | None = None,
    matched: int | None = None,
    rates: Rates | None = None,
) -> View:
    """Companies, titled by the cities and focus areas (id, name) they were chosen by;
    sorted by a ``figure``, the table shows it (in yuan at ``rates`` where it was
    sorted so); ``matched``: how many before --limit."""
    title = "Companies"
    title += f" in {' or '.join(cities)}" if cities else ""
    title += f" · {' or '.join(name for _, name in areas)}" if areas else ""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.companies_table(data, title, figure, [i for i, _ in areas], matched, rates)

    return View(list(data), [("companies", sorted_by(data, figure))], table, title)


def area_profiles(data: Sequence[Record]) -> View:
    def table() -> RenderableType:
        from rich.console import Group

        from techhubs.output import tables

        return Group(*(tables.readable(tables.area_profile(a)) for a in data))

    return View(_one_or_many(data), [("focus_areas", data)], table, _named(data))


def area_list(
    data: Sequence[Record], total: int | None = None, order: str = "", reverse: bool = False
) -> View:
    """``areas``: the areas listed (``total`` of them before --limit), in ``order``
    (its --sort, '' for a field), ``reverse``d or not."""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.areas_table(data, total, order, reverse)

    return View(list(data), [("focus_areas", data)], table, "Focus areas")


def search_hits(
    data: Sequence[HitRecord],
    city_names: dict[str, str],
    query: str,
    total: int,
    kinds: Sequence[str] = (),
    chinese: Mapping[str, str] | None = None,
    shortened: bool = False,
) -> View:
    """The hits shown (``--limit`` may cut them), and how many matched in all;
    ``shortened`` when the table was cut to its default length, not by --limit
    (its caption then says how to see every hit)."""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.search_table(data, city_names, query, total, kinds, chinese or {}, shortened)

    title = f"Matches for '{printable(query)}'"

    def narrowed(chosen: Sequence[Mapping[str, Any]]) -> RenderableType:
        from techhubs.output import tables

        caption = tables.search_caption(query, len(chosen), total, kinds, shortened)
        return tables.records_table(title, chosen, caption=caption)

    return View(list(data), [("results", data)], table, title, narrowed)


def overview(data: OverviewRecord) -> View:
    """``overview``: the hubs and what the article says of the country. Its cities
    part is the city records (the columns of a city anywhere; --fields cuts them)."""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.readable(tables.overview_view(data))

    return View(
        data,
        [
            ("cities", data["cities"]),
            ("government_support", data["government_support"]),
            ("challenges", data["challenges"]),
            ("opportunities", data["opportunities"]),
            ("article_claims", data["article_claims"]),
        ],
        table,
        "The hubs at a glance",
    )


def ranking(
    heading: RankingHeading,
    data: Sequence[RankRecord],
    whole: Sequence[RankRecord] | None = None,
    tied_out: Sequence[str] = (),
    worked_from: Callable[[], Sequence[Record]] | None = None,
) -> View:
    """A ranking as a bar chart: its title says what by, in which unit and year;
    its bars are shares of the ``whole`` ranking's (``data`` may be a cut of it);
    ``tied_out`` names the rows the cut left out that share a rank shown; the
    sources cite what its values are ``worked_from`` too (asked for only when the
    chart is drawn: JSON needs none of it)."""
    title, unit, lower_is_better = heading

    def extent() -> tuple[float, float]:
        from techhubs.output import tables

        return tables.bar_extent(data if whole is None else whole)

    def table() -> RenderableType:
        from techhubs.output import tables

        total = None if whole is None else len(whole)
        cited = worked_from() if worked_from is not None else ()
        return tables.rank_chart(
            data, title, unit, lower_is_better, extent(), total, tied_out, cited
        )

    def narrowed(chosen: Sequence[Mapping[str, Any]]) -> RenderableType:
        from techhubs.output import tables

        return tables.rank_fields(title, data, chosen, unit, lower_is_better, extent())

    return View(list(data), [("ranking", data)], table, title, narrowed)


def indicator_list(data: Sequence[Record]) -> View:
    """``indicators``: each indicator with its unit, its latest widely covered year and
    its coverage."""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.indicators_table(data)

    return View(list(data), [("indicators", data)], table)


def trend(data: Record) -> View:
    """``trend``: a line chart; CSV has one row per (city, year)."""
    rows = [
        {
            "city": line["city"]["id"],
            "indicator": data["indicator"]["id"],
            **point,
            "currency": line.get("currency"),
        }
        for line in data["series"]
        for point in line["points"]
    ]

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.trend_chart(data)

    title = f"{data['indicator']['name']} over time"

    def narrowed(chosen: Sequence[Mapping[str, Any]]) -> RenderableType:
        from techhubs.output import tables

        # each value as the chart labels it: in the indicator's unit and currency
        unit = data["indicator"]["unit"]
        shown = [
            {
                "value": tables.human_number(r["value"], unit, currency=r.get("currency")),
                **tables.fiscal_year(r),
            }
            for r in rows
        ]
        names = {line["city"]["id"]: line["city"]["name"] for line in data["series"]}
        note = tables.fiscal_note((names[r["city"]], r.get("period_end")) for r in rows)
        shows = bool(chosen) and "year" in chosen[0]  # only the year cells say 'FY'
        return tables.records_table(title, chosen, shown, caption=(note if shows else "") or None)

    return View(data, [("trend", rows)], table, title, narrowed)


def similar(
    data: Sequence[SimilarRecord],
    city_name: str,
    places: Mapping[str, int] | None = None,
    total: int | None = None,
    tied_out: Sequence[str] = (),
) -> View:
    """The hubs like one; ``places`` their place most alike first, by id (shown in
    the table's # whatever the order asked for); ``total`` how many before --limit;
    ``tied_out`` the names of hubs --limit left out that share a place shown."""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.readable(tables.similar_table(data, city_name, places or {}, total, tied_out))

    return View(list(data), [("similar", data)], table, f"Hubs most like {city_name}")


def city_map(data: MapRecord, outline: Sequence[Sequence[Sequence[float]]]) -> View:
    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.city_map(data, outline)

    return View(data, [("cities", data["cities"])], table)


def cache_report(
    folder: Any,
    refusal: str | None,
    entries: Sequence[Any],
    sources: Mapping[str, Sequence[str]],
) -> View:
    """``cache info``: where the cache is, whether it is trusted, and what it holds;
    the table names each entry's data files (``sources``, by key) where known."""
    import datetime as dt

    rows: list[Record] = [
        {
            "key": e.key,
            "files": [f.name for f in e.files],
            "bytes": e.size,
            "modified": dt.datetime.fromtimestamp(e.modified, dt.timezone.utc).isoformat(
                timespec="seconds"
            ),
        }
        for e in entries
    ]
    report: Record = {
        "directory": str(folder),
        "used": refusal is None,
        "refused_because": refusal,
        "bytes": sum(r["bytes"] for r in rows),
        "entries": rows,
    }

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.cache_table(report, sources)

    return View(report, [("entries", rows)], table)


def validation(file: str, dataset: Dataset, lines: Callable[[], Lines] | None = None) -> View:
    """``data validate``: the file, its counts, that it is sound, and its warnings,
    each on its line as an error is (``lines``, asked only when there is one)."""
    from techhubs.core.entities import (
        contradicted_derivations,
        inverted_rates,
        off_the_map,
        unbacked_focus_areas,
        unused_rates,
    )

    found = [
        *unbacked_focus_areas(dataset.cities, dataset.companies),
        *contradicted_derivations(dataset.indicators, dataset.cities, dataset.companies),
        *inverted_rates(dataset.exchange_rates),
        *off_the_map(dataset.cities),
        *unused_rates(dataset.exchange_rates, dataset.cities, dataset.companies),
    ]
    places = lines() if found and lines is not None else None
    warnings: list[Record] = [
        {"path": path, "line": places.get(path) if places else None, "message": message}
        for path, message in found
    ]
    report: Record = {
        "file": file,
        "valid": True,
        # how fresh the data is: a reference says what it knows as of when
        "version": dataset.meta.version,
        "as_of": dataset.meta.as_of,
        "cities": len(dataset.cities),
        "companies": len(dataset.companies),
        "focus_areas": len(dataset.focus_areas),
        "indicators": len(dataset.indicators),
        "observations": sum(len(c.observations) for c in dataset.cities)
        + sum(len(c.observations) for c in dataset.companies),
        "warnings": warnings,
    }

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.validation_report(report)

    summary: Record = {k: v for k, v in report.items() if k != "warnings"}
    return View(report, [("validation", [summary]), ("warnings", warnings)], table)


def field_list(kind: str, rows: Sequence[Record]) -> View:
    """``fields KIND``: each field of a record with its type and meaning."""

    def table() -> RenderableType:
        from techhubs.output import tables

        return tables.fields_table(kind, rows)

    return View(list(rows), [("fields", rows)], table, f"Fields of {kind}")
