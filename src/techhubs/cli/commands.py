"""The techhubs commands: each resolves its arguments, asks the domain, renders.

A command body is a few lines: it takes its parsed options (the shared output
options are Annotated aliases from techhubs.cli.options, visible in each
signature), asks the session or one domain function, builds a View and hands
it to :func:`show`.  Errors are raised as TechhubsError subclasses and turned
into one sentence and a documented exit code by techhubs.cli.main.

The domain modules (queries, records, views) are imported inside the commands
that use them: every import at the top of this file is paid by every run,
including ``--help`` and shell completion.  For the same reason this module
(like options.py) has no ``from __future__ import annotations``: Typer reads
every command's annotations at start-up, and strings would each be evaluated.
"""

import enum
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from techhubs import __version__
from techhubs.cli.options import (
    App,
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
    SortFieldOpt,
    SvgOpt,
    apply_global,
    at_least_one,
    choice,
    choices,
    chosen_all,
    complete_any,
    complete_area,
    complete_choice,
    complete_city,
    complete_company,
    complete_measure,
    session,
)
from techhubs.core.kinds import AreaSort, HitKind, Status
from techhubs.errors import NoMatchError, UsageError
from techhubs.output import (
    ExportFormat,
    ExportKind,
    Format,
    View,
    choose_format,
    emit,
    options,
    sort_records,
    write,
)
from techhubs.text import one_of

HELP = """An offline, scriptable reference to China's technology hubs.

Profiles of the cities that lead China's tech industry, the companies that
anchor them and the fields each one leads in. Every command prints a table
for people or --json (also yaml, csv, markdown) for scripts.
"""

EXIT_CODES = (
    "Exit codes: 0 success, 1 not found, 2 usage error, 3 data file unusable,"
    " 70 a bug, 74 output not written, 129 hung up, 130 interrupted, 141 output closed,"
    " 143 terminated."
)


def said(message: str) -> None:
    """A word on stderr about what was done (a file written): stdout stays data."""
    import sys

    from techhubs.text import printable

    sys.stderr.write(f"techhubs: {printable(message, limit=None)}\n")


def _field_sort(dataset: Any, sort: str, kind: str) -> str | None:
    """The field of the records ``--sort`` names when it is no indicator or count
    (a city's status, a company's founding year); None to sort as the domain does.
    A name that is neither is the indicator lookup's usage error."""
    from techhubs.core import indicators

    if sort == "name":
        return None
    try:
        indicators.measure(dataset, sort, "--sort")
        return None
    except UsageError:
        from techhubs.output import contract
        from techhubs.text import field_key

        field = field_key(sort)
        known = contract.field_names(kind)
        if field in known:
            return field
        import difflib

        close = difflib.get_close_matches(field, known, n=1)
        if close:
            raise UsageError(
                f"invalid value for '--sort': '{sort}' is no indicator and no field of the "
                f"records; did you mean {close[0]}? (see 'techhubs fields {kind}')"
            ) from None
        raise


def _examples(*lines: str) -> str:
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in lines)


def _print_stored_record(
    ctx: typer.Context,
    kind: str,
    names: list[str],
    fmt: Format | None,
    as_json: bool,
    plain: bool,
) -> bool:
    """Print one named entity's JSON as the store holds it (rendered as this command
    would), when nothing asks for more than that; whether it did. A loop of
    'techhubs city X --json' then neither decodes nor encodes a record."""
    if len(names) != 1 or not plain:
        return False
    return _print_stored_json(ctx, fmt, as_json, lambda: session(ctx).record_text(kind, names[0]))


def _print_stored(
    ctx: typer.Context, name: str, fmt: Format | None, as_json: bool, raw: bool
) -> bool:
    """Print list ``name`` ("cities", "companies") as JSON straight from the cache's
    store, for a command given no option that changes the list; whether it did.

    The list is stored as the JSON the command prints (the same calls build it:
    records.default_lists), so a warm run neither loads the dataset nor encodes
    it: at 100x data that was most of 650 ms."""
    return not raw and _print_stored_json(ctx, fmt, as_json, lambda: session(ctx).listing(name))


def _print_stored_json(
    ctx: typer.Context, fmt: Format | None, as_json: bool, stored: Callable[[], str | None]
) -> bool:
    """Write ``stored()`` — JSON the store holds as the command would print it — when
    the output is JSON on a stream that takes UTF-8 (elsewhere JSON escapes what
    the stream cannot carry); whether it did."""
    import sys

    from techhubs.output import choose_format, write
    from techhubs.output.streams import is_unicode

    if choose_format(fmt, as_json) is not Format.json or not is_unicode(sys.stdout):
        return False
    text = stored()
    if text is None:
        return False
    write(text)
    return True


def show(
    ctx: typer.Context,
    view: View,
    fmt: Format | None,
    as_json: bool,
    fields: str | None,
    query: str | None,
    save_svg: str | None,
    save_html: str | None,
    part: str | None = None,
    raw: bool = False,
    force: bool = False,
) -> None:
    """Print ``view`` as the shared output options ask."""
    color = session(ctx).color
    how = options(fmt, as_json, fields, color, query, save_svg, save_html, part, raw, force)
    emit(view, how)


app = App(
    name="techhubs",
    help=HELP,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=_examples(
        "techhubs city shenzhen",
        "techhubs compare beijing hangzhou",
        "techhubs cities --sort gdp --json | jq '.[0].name'",
    )
    + "\n\n"
    + EXIT_CODES,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"techhubs {__version__}")
        raise typer.Exit()


def _help_without_a_command(ctx: typer.Context) -> None:
    """`techhubs` or `techhubs data` alone: the help, as --help would show it."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="FILE",
            envvar="TECHHUBS_DATA",
            show_envvar=True,
            help="Use this data file (same schema as the bundled one).",
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never use colour.")] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="TECHHUBS_NO_CACHE",
            show_envvar=True,
            help="Read the data file afresh; neither use nor fill the cache.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="TECHHUBS_DEBUG",
            show_envvar=True,
            help="Show the full trace of an internal error.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """An offline, scriptable reference to China's technology hubs."""
    state = session(ctx)
    for name, value in (
        ("debug", debug),
        ("data", data),
        ("no_color", no_color),
        ("no_cache", no_cache),
    ):
        apply_global(state, name, value)
    _help_without_a_command(ctx)


# -- cities -------------------------------------------------------------------------


@app.command(
    short_help="Profile cities: figures, districts, companies.",
    epilog=_examples(
        "techhubs city shenzhen",
        "techhubs city 杭州 xian --json",
        "techhubs city beijing --fields id,population,gdp -o yaml",
    ),
)
def city(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="City id, English or Chinese name, pinyin or alias.",
            autocompletion=complete_city,
            show_default=False,
        ),
    ],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """Profile one or more cities: figures, districts, companies, focus areas."""
    plain = not (fields or query or raw or save_svg or save_html)
    if _print_stored_record(ctx, "city", names, fmt, as_json, plain):
        return
    from techhubs.output import views

    found = session(ctx).records("city", names)
    show(
        ctx,
        views.city_profiles(found),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


@app.command(
    short_help="List every hub, filtered and sorted.",
    epilog=_examples(
        "techhubs cities",
        "techhubs cities --status emerging",
        "techhubs cities --focus ai --sort gdp --limit 3",
        "techhubs cities --focus ai,ev",
        "techhubs cities --json | jq -r '.[].id'",
    ),
)
def cities(
    ctx: typer.Context,
    focus: Annotated[
        list[str] | None,
        typer.Option(
            metavar="AREA",
            help="Only cities that lead in this focus area; repeat it or give a comma list "
            "for any of several (--focus ai,ev).",
            autocompletion=complete_area,
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            help="Only established or emerging hubs (repeat it or give a comma list for both).",
            metavar=choices(Status),
            autocompletion=complete_choice(Status),
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            metavar="WHAT",
            help="Sort by name, an indicator (see 'techhubs indicators'), companies, "
            "focus-areas (best first), or any field of the records (see 'techhubs fields city').",
            autocompletion=complete_measure,
        ),
    ] = "name",
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
    """List every hub, filtered and sorted."""
    plain = not (focus or status or fields or query or reverse or limit or save_svg or save_html)
    if plain and sort == "name" and _print_stored(ctx, "cities", fmt, as_json, raw):
        return
    from techhubs.cli.stored import stored_cities

    view = stored_cities(ctx, focus, status, sort, reverse, limit)
    if view is None:
        view = _cities(ctx, focus, status, sort, reverse, limit)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)
    session(ctx).fill_store()


def _cities(
    ctx: typer.Context,
    focus: list[str] | None,
    status: list[str] | None,
    sort: str,
    reverse: bool,
    limit: int | None,
) -> View:
    """The hub list from the whole dataset."""
    from techhubs.core import queries
    from techhubs.output import records, views

    dataset = session(ctx).dataset()
    statuses = [s.value for s in chosen_all(status, Status, "--status")]
    field = _field_sort(dataset, sort, "city")
    most = at_least_one(limit)
    if field is None:
        found = queries.list_cities(dataset, focus, statuses, sort, reverse, None)
        data = [records.city(c, dataset) for c in found[:most]]
    else:
        found = queries.list_cities(dataset, focus, statuses, "name", False, None)
        data = sort_records([records.city(c, dataset) for c in found], field, reverse)[:most]
    areas = [dataset.focus_area(name) for name in one_of(focus)]
    chosen = [(a.id, a.name) for a in areas]
    return views.city_list(data, len(dataset.cities), chosen, statuses, len(found))


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
    epilog=_examples(
        "techhubs compare beijing hangzhou",
        "techhubs compare chengdu wuhan --growth",
        "techhubs compare huawei tencent",
        "techhubs compare ai semiconductors",
        "techhubs compare sz sh bj --json | jq '.shared'",
        "techhubs compare sz sh -o csv --part 'shared and unique'",
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
        bool, typer.Option("--growth", help="Cities: also show each figure's growth a year.")
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
    state = session(ctx)
    chosen = comparison.choose_kind(names, state.kinds_of(names), kind.value if kind else None)
    found = state.records(chosen, names)
    view = views.comparison(comparison.compare(chosen, names, found), growth)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, part, raw=raw, force=force)


@app.command(
    short_help="Rank hubs or companies by a figure.",
    epilog=_examples(
        "techhubs rank --by gdp",
        "techhubs rank --by rd-intensity --year 2023",
        "techhubs rank --by gdp --growth --since 2020",
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
        typer.Option(metavar="YEAR", help="The year to rank (default: the latest most hubs have)."),
    ] = None,
    growth: Annotated[
        bool, typer.Option("--growth", help="Rank by compound annual growth instead.")
    ] = False,
    since: Annotated[
        int | None,
        typer.Option(metavar="YEAR", help="--growth from this year (default: five years before)."),
    ] = None,
    sort: SortFieldOpt = None,
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
    from techhubs.core import queries
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
    if sort is None:
        ranked = sum(r["rank"] is not None for r in rows)
        data = queries.arranged(rows, reverse, at_least_one(limit), ranked)
    else:  # in another order than best first: by any field of the rows
        data = sort_records(rows, sort, reverse)[: at_least_one(limit)]
    show(ctx, views.ranking(heading, data), fmt, as_json, fields, query, save_svg, save_html,
         raw=raw, force=force)  # fmt: skip
    if rows and all(r["rank"] is None for r in rows):
        # A chart of dashes says nothing of why: a year before the data, or a
        # figure nobody has yet. The answer itself (stdout) stays what it is.
        import sys

        from techhubs.text import printable

        sys.stderr.write(
            f"techhubs: note: no value to rank in '{printable(heading.title)}'; "
            "'techhubs indicators' shows the years each figure covers.\n"
        )


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
    epilog=_examples(
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
    from techhubs.output import records, views

    state = session(ctx)
    data = state.answer("indicators")
    if data is None:
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


@app.command(
    short_help="Chart how hubs or companies changed.",
    epilog=_examples(
        "techhubs trend chengdu wuhan shenzhen",
        "techhubs trend hefei --by rd-intensity",
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
            autocompletion=complete_measure,
        ),
    ] = "gdp",
    since: Annotated[
        int | None, typer.Option(metavar="YEAR", help="Start the chart at this year.")
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
    from techhubs.core import indicators as figures
    from techhubs.output import records, views

    data = _stored_trend(ctx, names, by, since)
    if data is None:
        dataset = session(ctx).dataset()
        data = records.trend(figures.trend(dataset, names, by, since))
        session(ctx).fill_store()
    show(ctx, views.trend(data), fmt, as_json, fields, query, save_svg, save_html, raw=raw,
         force=force)  # fmt: skip


def _stored_trend(ctx: typer.Context, names: list[str], by: str, since: int | None) -> Any:
    """trend's answer from the store — what --by stands for and each named hub's (or
    company's) record, whose series are the ones trend draws — without loading the
    dataset; None where the store cannot say, or the request is not one it can
    draw: the full path then answers, or says why."""
    from techhubs.core.indicators import MAX_TREND_CITIES
    from techhubs.output.records import stored_trend

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
    epilog=_examples("techhubs similar shenzhen", "techhubs similar hangzhou --limit 3 --json"),
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
    sort: SortFieldOpt = None,
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
    from techhubs.output import records, views

    state = session(ctx)
    hub = state.stored_records("city", [name])
    every = stored_every(ctx, "cities") if hub is not None else None
    areas = state.answer("areas:name") if every is not None else None
    if hub is not None and every is not None and areas is not None and not state.store_broken():
        most = at_least_one(limit)
        data = records.stored_similar(hub[0], every, areas)
        title = hub[0]["name"]
        if sort is None and not reverse:
            data = data[:most]
    else:
        from techhubs.core import analysis

        dataset = state.dataset()
        city = dataset.city(name)
        title = city.name
        most = at_least_one(limit)
        found = analysis.similar(dataset, city, most if sort is None and not reverse else None)
        data = [records.similarity(s, dataset) for s in found]
        state.fill_store()
    if sort is not None or reverse:
        data = sort_records(data, sort or "score", reverse)[:most]
    show(
        ctx,
        views.similar(data, title),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


# -- companies ---------------------------------------------------------------------


@app.command(
    short_help="Profile companies: founders, shares, figures.",
    epilog=_examples("techhubs company tencent", "techhubs company 华为 --json"),
)
def company(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="Company id, English or Chinese name, or alias.",
            autocompletion=complete_company,
            show_default=False,
        ),
    ],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """Profile one or more companies: headquarters, founding year, fields, cities."""
    plain = not (fields or query or raw or save_svg or save_html)
    if _print_stored_record(ctx, "company", names, fmt, as_json, plain):
        return
    from techhubs.output import views

    found = session(ctx).records("company", names)
    show(
        ctx,
        views.company_profiles(found),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


@app.command(
    short_help="List companies, by city, field or figure.",
    epilog=_examples(
        "techhubs companies",
        "techhubs companies --city shenzhen",
        "techhubs companies --city sz,hz --focus ai",
        "techhubs companies --focus semiconductors -o csv",
        "techhubs companies --sort revenue",
    ),
)
def companies(
    ctx: typer.Context,
    city_name: Annotated[
        list[str] | None,
        typer.Option(
            "--city",
            metavar="CITY",
            help="Only companies tied to this city; repeat it or give a comma list for any "
            "of several.",
            autocompletion=complete_city,
        ),
    ] = None,
    focus: Annotated[
        list[str] | None,
        typer.Option(
            metavar="AREA",
            help="Only companies in this focus area; repeat it or give a comma list for any "
            "of several.",
            autocompletion=complete_area,
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            metavar="WHAT",
            help="Sort by name, a company figure (revenue, …; best first), or any field of "
            "the records (see 'techhubs fields company').",
            autocompletion=complete_measure,
        ),
    ] = "name",
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
    """List companies, by city or focus area, by name or by a figure."""

    plain = not (city_name or focus or fields or query or reverse or limit or save_svg or save_html)
    if plain and sort == "name" and _print_stored(ctx, "companies", fmt, as_json, raw):
        return
    from techhubs.cli.stored import stored_companies

    view = stored_companies(ctx, city_name, focus, sort, reverse, limit)
    if view is None:
        view = _companies(ctx, city_name, focus, sort, reverse, limit)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)
    session(ctx).fill_store()


def _companies(
    ctx: typer.Context,
    city_name: list[str] | None,
    focus: list[str] | None,
    sort: str,
    reverse: bool,
    limit: int | None,
) -> View:
    """The company list from the whole dataset."""
    from techhubs.core import indicators, queries
    from techhubs.core.entities import Indicator
    from techhubs.output import records, views

    dataset = session(ctx).dataset()
    hubs = [dataset.city(name) for name in one_of(city_name)]
    areas = [dataset.focus_area(name) for name in one_of(focus)]
    field = _field_sort(dataset, sort, "company")
    most = at_least_one(limit)
    if field is not None:
        found = queries.list_companies(dataset, hubs, areas, "name", False, None)
        data = sort_records([records.company(c, dataset) for c in found], field, reverse)
        data, sort = data[:most], "name"
    else:
        found = queries.list_companies(dataset, hubs, areas, sort, reverse, None)
        data = [records.company(c, dataset) for c in found[:most]]
    by = None if sort == "name" else indicators.measure(dataset, sort, "--sort")
    figure = by.id if isinstance(by, Indicator) else None  # list_companies refused counts
    chosen = [(a.id, a.name) for a in areas]
    return views.company_list(data, [h.name for h in hubs], chosen, figure, len(found))


# -- focus areas ---------------------------------------------------------------------


@app.command(
    short_help="Show a focus area: its hubs and companies.",
    epilog=_examples("techhubs area ai", "techhubs area 'e-commerce' --json"),
)
def area(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="Focus area id, name or alias (AI, fintech, …).",
            autocompletion=complete_area,
            show_default=False,
        ),
    ],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """Show a focus area with the cities that lead in it and its companies."""
    plain = not (fields or query or raw or save_svg or save_html)
    if _print_stored_record(ctx, "focus area", names, fmt, as_json, plain):
        return
    from techhubs.output import views

    found = session(ctx).records("focus area", names)
    show(
        ctx,
        views.area_profiles(found),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


@app.command(
    short_help="List every focus area.",
    epilog=_examples("techhubs areas", "techhubs areas --json | jq -r '.[].id'"),
)
def areas(
    ctx: typer.Context,
    sort: Annotated[
        str,
        typer.Option(
            metavar="WHAT",
            help="busiest (hubs, then companies), name, cities or companies, or any "
            "field of the records (see 'techhubs fields area').",
            autocompletion=complete_choice(AreaSort),
        ),
    ] = AreaSort.busiest.value,
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
    """List every focus area with its cities and number of companies."""
    try:  # a way of ordering areas, in any spelling …
        order = AreaSort(choice(AreaSort)(sort))
        field = None
    except typer.BadParameter:  # … or a field of the records
        import difflib

        from techhubs.output import contract
        from techhubs.text import field_key, printable

        field = field_key(sort)
        known = contract.field_names("area")
        if field not in known:
            orders = [o.value for o in AreaSort]
            close = difflib.get_close_matches(field, orders + known, n=1)
            raise UsageError(
                f"invalid value for '--sort': '{printable(sort, limit=60)}' is neither a way "
                f"to order areas ({', '.join(orders)}) nor a field of the records (see "
                "'techhubs fields area')" + (f"; did you mean {close[0]}?" if close else "")
            ) from None
        order = AreaSort.name
    most = at_least_one(limit)
    state = session(ctx)
    data = state.answer(f"areas:{order.value}")
    if data is None:
        from techhubs.output import records

        data = records.area_list(state.dataset(), order.value)
        state.fill_store()
    if field is not None:
        data = sort_records(data, field, reverse)[:most]
    else:
        from techhubs.core.queries import arranged

        data = arranged(data, reverse, most)  # as all_areas turns and cuts its list
    from techhubs.output import views

    show(
        ctx,
        views.area_list(data),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


# -- search and overview ----------------------------------------------------------------

#: The most hits search's table shows unless --limit says otherwise: a broad word
#: matches dozens of things in the bundled data (and hundreds in a larger file).
TABLE_HITS = 20


@app.command(
    short_help="Search every name and description.",
    epilog=_examples(
        "techhubs search 'hardware silicon valley'",
        "techhubs search Zhongguancun",
        "techhubs search 东湖 --json",
    ),
)
def search(
    ctx: typer.Context,
    text: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="What to look for.", show_default=False)
    ],
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="Only hits of this kind (repeat it or give a comma list for several).",
            metavar=choices(HitKind),
            autocompletion=complete_choice(HitKind),
        ),
    ] = None,
    sort: SortFieldOpt = None,
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
    """Search cities, districts, companies and focus areas by any name or word.

    The table shows the best 20 hits (--limit sets how many); --json and the
    other formats carry every hit.
    """
    from techhubs.core import queries
    from techhubs.output import records, views

    words = " ".join(text)
    areas = {"area": HitKind.focus_area, "areas": HitKind.focus_area}
    kinds = [k.value for k in chosen_all(kind, HitKind, "--kind", areas)] or None
    most = at_least_one(limit)
    # From the store, only the rows that can match; else every row of the dataset.
    rows = session(ctx).search_rows(words, kinds or list(queries.HIT_KINDS))
    if rows is None:
        rows = session(ctx).every_search_row()
        session(ctx).fill_store()
    every = queries.rank_hits(rows, words, kinds)
    if not every:
        raise NoMatchError(words)
    hits = [records.hit(h) for h in every]
    if sort is not None or reverse:
        hits = sort_records(hits, sort or "score", reverse)
    if most is None and choose_format(fmt, as_json, query) is Format.table:
        # A person reads the best few; the caption says how to see the rest, and a
        # script's formats (--json, csv…) are given every hit.
        most = TABLE_HITS if len(hits) > TABLE_HITS else None
        shortened = most is not None
    else:
        shortened = False
    hits = hits[:most] if most is not None else hits
    city_names = {r.city: r.city_name for r in rows if r.city is not None}
    # each hit's Chinese name, for the table to show beside its English one
    chinese = {f"{r.kind}:{r.id}": r.name_zh for r in rows if r.kind != "district"}
    view = views.search_hits(hits, city_names, words, len(every), kinds or (), chinese, shortened)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)


@app.command(
    short_help="The national picture, and the article's view.",
    epilog=_examples(
        "techhubs overview",
        "techhubs overview --json | jq '.challenges'",
        "techhubs overview -o csv --part opportunities",
    ),
)
def overview(
    ctx: typer.Context,
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
    """The national picture: the hubs, government support, challenges, opportunities."""
    from techhubs.output import records, views

    state = session(ctx)
    stored, cities = state.answer("overview"), state.listing("cities")
    data = None
    if stored is not None and cities is not None:
        from techhubs.output.plain import from_json

        data = records.stored_overview(stored, from_json(cities))
    if data is None:
        data = records.overview(state.dataset())
        state.fill_store()
    view = views.overview(data)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, part, raw=raw, force=force)


@app.command(
    short_help="Draw the hubs on a map of China.",
    name="map",
    epilog=_examples("techhubs map", "techhubs map --focus semiconductors"),
)
def map_(
    ctx: typer.Context,
    focus: Annotated[
        str | None,
        typer.Option(
            metavar="AREA",
            help="Highlight the hubs that lead in this focus area.",
            autocompletion=complete_area,
        ),
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
    """Draw the hubs on a map of China in the terminal (braille characters)."""
    from techhubs.loader.outline import outline
    from techhubs.output import records, views

    state = session(ctx)
    points = state.answer("map")
    area = state.stored_records("focus area", [focus]) if focus is not None else None
    if points is None or (focus is not None and area is None):
        dataset = state.dataset()  # which also says what is wrong with the name
        points = records.map_points(dataset)
        area = [records.ref(dataset.focus_area(focus))] if focus is not None else None
        state.fill_store()
    highlight = records.ref_of(area[0]) if area else None
    drawn = outline()
    data = records.city_map(points, drawn.source, highlight)
    show(
        ctx,
        views.city_map(data, drawn.rings),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


# -- export and data -------------------------------------------------------------------


@app.command(
    short_help="Write the whole dataset to a file or stdout.",
    epilog=_examples(
        "techhubs export > mine.yaml && techhubs --data mine.yaml cities",
        "techhubs export --format csv --part companies > companies.csv",
        "techhubs export --format sqlite hubs.db && sqlite3 hubs.db 'select name from cities'",
        "techhubs export companies.csv --part companies",
    ),
)
def export(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="Write here instead of stdout (required for sqlite).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-o",
            help="yaml (the data-file schema; the default), json, csv, markdown or sqlite; "
            "by default the one FILE's extension names.",
            parser=choice(
                ExportFormat,
                {"yml": ExportFormat.yaml, "md": ExportFormat.markdown, "db": ExportFormat.sqlite},
            ),
            metavar=choices(ExportFormat),
            autocompletion=complete_choice(ExportFormat),
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    kind: Annotated[
        ExportKind | None,
        typer.Option(
            "--part",
            "--kind",
            help="The table of csv (required) or markdown (else all).",
            parser=choice(ExportKind),
            metavar=choices(ExportKind),
            autocompletion=complete_choice(ExportKind),
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Write the whole dataset: YAML/JSON in the data-file schema, tables, or SQLite."""
    from techhubs.output import export as exporting

    if as_json and fmt not in (None, ExportFormat.yaml, ExportFormat.json):
        raise UsageError(f"--json contradicts --format {fmt.value}; give one of them")
    file = None if file == "-" else file  # '-' is standard output, as everywhere
    chosen = exporting.choose_format(ExportFormat.json if as_json else fmt, file)
    table = kind.value if kind else None
    target = exporting.check_target(chosen, table, file, force)
    dataset = session(ctx).dataset()
    if target is None:
        write(exporting.export_text(dataset, chosen, table))
    else:
        exporting.export_file(dataset, chosen, table, target, force)
        said(f"wrote {file} ({chosen})")


class Shell(str, enum.Enum):
    """The shells techhubs can complete in."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command(
    short_help="List a record's fields: name, type, meaning.",
    epilog=_examples(
        "techhubs fields city",
        "techhubs fields company --json | jq -r '.[].name'",
        "techhubs fields",
    ),
)
def fields(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="KIND",
            help="city, company, area, hit, rank, … (without it: every kind).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    query: QueryOpt = None,
    raw: RawOpt = False,
    save_svg: SvgOpt = None,
    save_html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """List the fields of a kind of record, each with its type and meaning: the
    names --fields takes and the CSV header uses (dotted inside a record)."""
    from techhubs.output import contract, views

    if kind is None:
        rows = [
            {"name": k, "type": "record", "meaning": contract.printed_by(k)}
            for k in contract.kinds()
        ]
        view = views.field_list("every kind of record (techhubs fields KIND)", rows)
    else:
        name, rows = contract.fields_of(kind)
        view = views.field_list(name, rows)
    show(ctx, view, fmt, as_json, None, query, save_svg, save_html, raw=raw, force=force)


@app.command(
    short_help="Print the JSON Schema of a command's --json.",
    epilog=_examples(
        "techhubs schema city",
        "techhubs schema 'data validate'",
        "techhubs schema > techhubs.schema.json",
    ),
)
def schema(
    command: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COMMAND]",
            help="The command (without it: every command's, and every shape).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) that a command's --json output follows,
    for a script to validate it; generated from docs/json.md, the JSON contract."""
    import sys

    from techhubs.output import contract
    from techhubs.output.plain import to_json
    from techhubs.output.streams import is_unicode

    whole = contract.document() if not command else contract.for_command(" ".join(command))
    write(to_json(whole, not is_unicode(sys.stdout)) + "\n")


@app.command(
    short_help="Print the completion script for a shell.",
    epilog=_examples(
        "techhubs completion bash >> ~/.bashrc",
        "techhubs completion zsh >> ~/.zshrc",
        "techhubs completion fish > ~/.config/fish/completions/techhubs.fish",
    ),
)
def completion(
    shell: Annotated[
        Shell,
        typer.Argument(
            help="bash, zsh, fish or powershell.",
            parser=choice(Shell),
            metavar="SHELL",
            autocompletion=complete_choice(Shell),
            show_default=False,
        ),
    ],
) -> None:
    """Print the script that completes techhubs' commands, options and names in SHELL.

    The one you ask for, whatever shell runs the command (--show-completion
    guesses it from the running shell).
    """
    # typer.completion is public; it re-exports the function without __all__.
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    script = get_completion_script(
        prog_name="techhubs", complete_var="_TECHHUBS_COMPLETE", shell=shell.value
    )
    write(script)


data_app = App(
    help="Check or locate the data file.",
    rich_markup_mode=None,
    epilog=_examples("techhubs data validate", "techhubs data validate mine.yaml --json"),
)
app.add_typer(data_app, name="data")


@data_app.callback(invoke_without_command=True)
def data_group(ctx: typer.Context) -> None:
    """Check or locate the data file."""
    _help_without_a_command(ctx)


cache_app = App(
    help="See or clear the cache of parsed data and ready-made records.",
    rich_markup_mode=None,
    epilog=_examples("techhubs cache info", "techhubs cache clear"),
)
app.add_typer(cache_app, name="cache")


@cache_app.callback(invoke_without_command=True)
def cache_group(ctx: typer.Context) -> None:
    """See or clear the cache of parsed data and ready-made records."""
    _help_without_a_command(ctx)


@cache_app.command(
    "info",
    short_help="Where the cache is, and its entries.",
    epilog=_examples("techhubs cache info", "techhubs cache info --json"),
)
def cache_info(
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
    """Where the cache is, whether it is used, and its entries (one per data file)."""
    from techhubs.loader import cache
    from techhubs.output import views

    view = views.cache_report(cache.directory(), cache.refusal(), cache.entries())
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)


@cache_app.command(
    "clear", short_help="Remove every cache entry.", epilog=_examples("techhubs cache clear")
)
def cache_clear() -> None:
    """Remove every entry of the cache (the next run rebuilds what it needs)."""
    from techhubs.loader import cache

    removed = cache.clear()
    size = sum(entry.size for entry in removed)
    said(f"removed {len(removed)} cache entries ({size:,} bytes) from {cache.directory()}")


def _shown_path(path: Path) -> str:
    """A path as a person would write it: relative when it is below here."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


@data_app.command(
    "validate",
    short_help="Check a data file; list every problem.",
    epilog=_examples("techhubs data validate", "techhubs data validate my-cities.yaml"),
)
def data_validate(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="Data file to check (default: the one in use).",
            show_default=False,
        ),
    ] = None,
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
    """Validate a data file; list every problem with its line and path (exit 3)."""
    from techhubs.loader import load_path, resolve_path
    from techhubs.output import views

    state = session(ctx)
    path = resolve_path(file if file is not None else state.data)
    dataset = load_path(path, use_cache=state.use_cache)
    view = views.validation(_shown_path(path), dataset)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, part, raw=raw, force=force)


@data_app.command(
    "path",
    short_help="Print the path of the data file in use.",
    epilog=_examples("techhubs data path", 'cp "$(techhubs data path)" mine.yaml'),
)
def data_path(ctx: typer.Context) -> None:
    """Print where the data file in use is (the bundled one unless --data is given)."""
    from techhubs.loader import resolve_path

    typer.echo(str(resolve_path(session(ctx).data)))
