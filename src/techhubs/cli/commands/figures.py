"""The figures: comparisons, rankings, indicators, trends and look-alikes."""

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

import typer

from techhubs.cli.commands import app, examples, said, show
from techhubs.cli.options import (
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    HtmlOpt,
    JsonOpt,
    LimitOpt,
    PartOpt,
    QueryOpt,
    RawOpt,
    ReverseOpt,
    SvgOpt,
    at_least_one,
    choice,
    choices,
    complete_any,
    complete_choice,
    complete_city,
    complete_indicator,
    complete_measure,
    names_something,
    session,
    sort_field,
    year_option,
)
from techhubs.errors import NotFoundError, UsageError
from techhubs.output import sort_records


class CompareKind(str, enum.Enum):
    """What --kind forces compare to take the names as."""

    city = "city"
    company = "company"
    area = "area"


#: Other names of the kinds, as other commands and the JSON spell them.
_KIND_ALIASES = {
    "cities": CompareKind.city,
    "hub": CompareKind.city,
    "hubs": CompareKind.city,
    "companies": CompareKind.company,
    "areas": CompareKind.area,
    "focus-area": CompareKind.area,
    "focus-areas": CompareKind.area,
}


@app.command(
    short_help="Lay cities, companies or areas side by side.",
    epilog=examples(
        "techhubs compare beijing hangzhou",
        "techhubs compare shenzhen beijing --growth",
        "techhubs compare huawei tencent",
        "techhubs compare ai semiconductors",
        "techhubs compare sz sh bj --json | jq '.shared'",
        "techhubs compare sz sh bj -o csv --part figures",
        "techhubs compare sz sh -o csv --part shared-and-unique",
    ),
)
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="2 to 6 cities, or companies, or focus areas.",
            autocompletion=complete_any,
            show_default=False,
        ),
    ],
    kind: Annotated[
        CompareKind | None,
        typer.Option(
            help="Take the names as this kind (inferred from them otherwise).",
            parser=choice(CompareKind, _KIND_ALIASES),
            metavar=choices(CompareKind),
            autocompletion=complete_choice(CompareKind),
        ),
    ] = None,
    growth: Annotated[
        bool,
        typer.Option(
            "--growth", help="Cities and companies: also show each figure's growth a year."
        ),
    ] = False,
    part: PartOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """Lay 2 to 6 cities, companies or focus areas side by side: what they share."""
    from techhubs.output import comparison, views

    comparison.check_count(names)
    names_something(names, "city, company or area", "techhubs compare beijing hangzhou")
    state = session(ctx)
    chosen = comparison.choose_kind(names, state.kinds_of(names), kind.value if kind else None)
    if growth and chosen not in ("city", "company"):
        from techhubs.errors import UsageError

        raise UsageError(
            "--growth adds the growth of the figures side by side; focus areas have none "
            "(see 'techhubs trend' or 'techhubs rank --growth')"
        )
    found = state.records(chosen, names)
    inputs = state.inputs() if chosen in ("city", "company") else None  # a derived row's
    view = views.comparison(comparison.compare(chosen, names, found), growth, inputs)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, part, raw=raw, force=force)


@app.command(
    short_help="Rank hubs or companies by a figure.",
    epilog=examples(
        "techhubs rank --by gdp",
        "techhubs rank --by gdp --year 2025",
        "techhubs rank --by population --growth --since 2021",
        "techhubs rank --by gdp-per-capita --json | jq '.[0]'",
        "techhubs rank --by revenue",
    ),
)
def rank(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="WHAT",
            help="An indicator (see 'techhubs indicators'), or companies or focus-areas.",
            autocompletion=complete_measure,
        ),
    ] = "gdp",
    year: Annotated[
        int | None,
        year_option(
            "The year to rank (default: the latest most hubs have; with --growth, the "
            "first from it on, else the latest before it, that a hub has growth to)."
        ),
    ] = None,
    growth: Annotated[
        bool, typer.Option("--growth", help="Rank by compound annual growth instead.")
    ] = False,
    since: Annotated[
        int | None,
        year_option(
            "--growth from this year (default: the year the most hubs have a value of "
            "as well as the year ranked, the nearest to five years before of those; never "
            "before a revision of the series)."
        ),
    ] = None,
    sort: Annotated[str | None, sort_field("rank", places=True)] = None,
    reverse: ReverseOpt = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """Rank the hubs (or companies, by a company figure) in one year, as a bar chart."""
    from techhubs.core.order import arranged
    from techhubs.output import views

    state = session(ctx)
    # No dataset to load (at 100x data that was most of the time): in its default
    # year, as the store holds it; in any other, or by growth, worked out from each
    # holder's stored series by the function the full path uses.
    if year is None and not growth and since is None:
        stored = state.ranking(by)
    else:
        stored = _stored_ranking(state, by, year, growth, since)
    if stored is None:
        from techhubs.core import analysis, indicators
        from techhubs.output import records

        dataset = state.dataset()
        what = indicators.measure(dataset, by, "--by")
        result = analysis.rank(dataset, what, year, growth, since)
        heading, rows = records.ranking_heading(result), records.ranking(result)
        state.fill_store()
    else:
        heading, rows = stored
    tied_out: list[str] = []
    if sort is None:
        ranked = sum(r["rank"] is not None for r in rows)
        data = arranged(rows, reverse, at_least_one(limit), ranked)
        # a cut through a tie leaves out a row as good as one shown: the chart says so
        tied_out = _tied_out(rows, data, lambda r: r["rank"])
    else:  # in another order than best first: by any field of the rows
        # a ranking by a rank (1 is first): its values read from the first too
        places = ("value", "older.value", "newer.value") if heading.unit == "rank" else ()
        data = sort_records(rows, sort, reverse, places)[: at_least_one(limit)]
    view = views.ranking(heading, data, rows, tied_out, lambda: _worked_from(state, data))
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)
    if rows and all(r["rank"] is None for r in rows):
        # A chart of dashes says nothing of why: a year before the data, or a
        # figure nobody has yet. The answer itself (stdout) stays what it is.
        import sys

        from techhubs.text import printable

        sys.stderr.write(
            f"techhubs: note: no value to rank in '{printable(heading.title)}'; "
            "'techhubs indicators' shows the years each figure covers.\n"
        )


def _tied_out(
    every: Sequence[Mapping[str, Any]],
    shown: Sequence[Mapping[str, Any]],
    place: Callable[[Mapping[str, Any]], int | None],
) -> list[str]:
    """The names of the rows of ``every`` that a cut to ``shown`` left out though
    they share a ``place`` (a rank, a place in likeness) with one shown."""
    ids = {r["id"] for r in shown}
    places = {place(r) for r in shown} - {None}
    return [r["name"] for r in every if r["id"] not in ids and place(r) in places]


def _worked_from(state: Any, rows: Sequence[Any]) -> list[Any]:
    """What the ranking's values shown are worked out from, for its sources: each
    growth's two ends, and the inputs of a derived value (GDP and Population beside
    a GDP per person), from the series the store holds, else the dataset's."""
    ranked = rows[0]["indicator"] if rows else None
    inputs = state.inputs().get(ranked, []) if ranked else []
    if not inputs and all(r["since"] is None for r in rows):
        return []
    from techhubs.output import records, tables

    lines: dict[str, list[Any]] = {}  # a holder's series of each, as its record has them
    for what, held in state.series([ranked, *inputs]).values():
        for holder, series in held:
            line = {"id": what.id, "name": what.name, "series": list(map(records.figure, series))}
            lines.setdefault(holder.id, []).append(line)
    return tables.ranked_inputs(rows, lines, inputs)


def _stored_ranking(
    state: Any, by: str, year: int | None, growth: bool, since: int | None
) -> tuple[Any, list[Any]] | None:
    """rank's heading and rows for another year or by growth, from the stored series
    (Session.ranking_lines); None where the store cannot say: the full path then
    answers, or says why (a count given a year, an unknown name)."""
    found = state.ranking_lines(by)
    if found is None:
        return None
    from techhubs.core import analysis
    from techhubs.output import records

    what, lines, rates = found
    result = analysis.rank_lines(what, lines, rates, year, growth, since)
    return records.ranking_heading(result), records.ranking(result)


@app.command(
    short_help="List the figures techhubs holds.",
    epilog=examples(
        "techhubs indicators",
        "techhubs indicators --json | jq -r '.[].id'",
    ),
)
def indicators(
    ctx: typer.Context,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """List the indicators: what each measures, its unit, which hubs and years have it."""
    from techhubs.output import views

    state = session(ctx)
    data = state.answer("indicators")
    if data is None:
        from techhubs.output import records

        data = records.indicator_list(state.dataset())
        state.fill_store()
    show(
        ctx,
        views.indicator_list(data),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


def _other_kind(missing: NotFoundError, names: list[str], by: str) -> UsageError:
    """What to do when a chart's name is of the other kind than its figure's."""
    from techhubs.text import printable, quoted, shell_word

    named = quoted(printable(missing.name, exact=True))
    given = " ".join(printable(shell_word(n)) for n in names)
    if missing.elsewhere == "company":
        return UsageError(
            f"{named} is a company, and '{printable(by)}' a figure of cities: follow a "
            f"company figure, e.g. 'techhubs trend {given} --by revenue' "
            "('techhubs indicators' lists them)."
        )
    return UsageError(
        f"{named} is a city, and '{printable(by)}' a figure of companies: follow a city "
        f"figure, e.g. 'techhubs trend {given} --by gdp' ('techhubs indicators' lists them)."
    )


@app.command(
    short_help="Chart how hubs or companies changed.",
    epilog=examples(
        "techhubs trend chengdu wuhan shenzhen",
        "techhubs trend shenzhen beijing --by rd-intensity",
        "techhubs trend beijing shanghai --by population --since 2021 --json",
        "techhubs trend alibaba tencent --by revenue",
    ),
)
def trend(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="1 to 6 cities (or companies, for a company figure).",
            autocompletion=complete_city,
            show_default=False,
        ),
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="INDICATOR",
            help="The indicator to follow (see 'techhubs indicators').",
            autocompletion=complete_indicator,
        ),
    ] = "gdp",
    since: Annotated[
        int | None,
        year_option("Start the chart at this year."),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """How 1 to 6 hubs (or companies) changed over the years: a line chart of one figure."""
    from techhubs.output import views

    names_something(names, "city or company", "techhubs trend shenzhen beijing")

    try:
        data = _stored_trend(ctx, names, by, since)
        if data is None:
            from techhubs.core import indicators as figures
            from techhubs.output import records

            dataset = session(ctx).dataset()
            data = records.trend(figures.trend(dataset, names, by, since))
            session(ctx).fill_store()
    except NotFoundError as missing:
        if missing.elsewhere not in ("city", "company"):
            raise
        # 'trend huawei tencent' asks for a chart of companies, by the default
        # --by (GDP, a city's): the way on is a figure of theirs, not a profile
        raise _other_kind(missing, names, by) from None
    show(ctx, views.trend(data), fmt, as_json, fields, query, save_svg, save_html, raw=raw,
         force=force)  # fmt: skip
    if not any(line["points"] for line in data["series"]):
        # As rank says of a ranking of dashes: an empty chart says nothing of why.
        holders = ", ".join(line["city"]["name"] for line in data["series"])
        after = f" since {data['since']}" if data["since"] is not None else ""
        said(
            f"note: no value of '{data['indicator']['name']}' for {holders}{after}; "
            "'techhubs indicators' shows the years each figure covers"
        )


def _stored_trend(ctx: typer.Context, names: list[str], by: str, since: int | None) -> Any:
    """trend's answer from the store — what --by stands for and each named hub's (or
    company's) record, whose series are the ones trend draws — without loading the
    dataset; None where the store cannot say, or the request is not one it can
    draw: the full path then answers, or says why."""
    from techhubs.core.kinds import MAX_TREND_CITIES
    from techhubs.output.answers import stored_trend

    if not 1 <= len(names) <= MAX_TREND_CITIES:
        return None
    state = session(ctx)
    measure = state.measure(by)
    if not isinstance(measure, dict):
        return None
    kind = "company" if measure.get("applies_to") == "companies" else "city"
    found = state.stored_records(kind, names)
    return None if found is None else stored_trend(measure, found, since)


@app.command(
    short_help="Find the hubs most like one.",
    epilog=examples("techhubs similar shenzhen", "techhubs similar hangzhou --limit 3 --json"),
)
def similar(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="CITY",
            help="The city to find hubs like.",
            autocompletion=complete_city,
            show_default=False,
        ),
    ],
    sort: Annotated[str | None, sort_field("similar")] = None,
    reverse: ReverseOpt = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """The other hubs, most alike first: shared focus areas and companies."""
    from techhubs.cli.stored import stored_every
    from techhubs.output import answers, views

    names_something([name], "city", "techhubs similar shenzhen")
    state = session(ctx)
    hub = state.stored_records("city", [name])
    every = stored_every(ctx, "cities") if hub is not None else None
    areas = state.answer("areas:name") if every is not None else None
    if hub is not None and every is not None and areas is not None and not state.store_broken():
        most = at_least_one(limit)
        data = answers.stored_similar(hub[0], every, areas)
        title, total = hub[0]["name"], len(data)
    else:
        from techhubs.core import analysis
        from techhubs.output import records

        dataset = state.dataset()
        city = dataset.city(name)
        title, total = city.name, len(dataset.cities) - 1  # every other hub
        most = at_least_one(limit)
        found = analysis.similar(dataset, city, None)
        data = [records.similarity(s, dataset) for s in found]
        state.fill_store()
    # each hub's place, most alike first: kept in another order, as rank keeps its
    # ranks; equal scores share a place, as equal values share a rank (1, 1, 3)
    places: dict[str, int] = {}
    for place, r in enumerate(data, start=1):
        tied = place > 1 and data[place - 2]["score"] == r["score"]
        places[r["id"]] = places[data[place - 2]["id"]] if tied else place
    every_hub = data
    data = (sort_records(data, sort or "score", reverse) if sort or reverse else data)[:most]
    # a cut through a tie, in the order of likeness, leaves out a hub as alike as
    # one shown: the table says so (cut in another order, it is no tie it cut)
    by_likeness = sort in (None, "score")
    tied_out = _tied_out(every_hub, data, lambda r: places[r["id"]]) if by_likeness else []
    show(
        ctx,
        views.similar(data, title, places, total, tied_out),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )
