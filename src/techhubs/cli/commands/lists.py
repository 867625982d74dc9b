"""The lists: every hub, company or focus area, filtered and sorted; and search."""

from typing import Annotated, Any

import typer

from techhubs.cli.commands import app, examples, given, print_stored, show
from techhubs.cli.options import (
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    HtmlOpt,
    JsonOpt,
    LimitOpt,
    QueryOpt,
    RawOpt,
    ReverseOpt,
    SvgOpt,
    at_least_one,
    choice,
    choices,
    chosen_all,
    complete_area,
    complete_choice,
    complete_city,
    complete_sort,
    no_blank,
    session,
    sort_field,
)
from techhubs.core.kinds import AreaSort, HitKind, Status
from techhubs.errors import NoMatchError, UsageError
from techhubs.output import Format, View, choose_format, sort_records
from techhubs.text import one_of

#: A hit's kind in a sentence, one and many.
_HIT_WORDS = {
    "city": ("a city", "cities"),
    "district": ("a district", "districts"),
    "company": ("a company", "companies"),
    "focus_area": ("a focus area", "focus areas"),
}


def _close_names(ctx: typer.Context, words: str, kinds: list[str] | None) -> list[str]:
    """Names of the ``kinds`` of hit asked for (every kind when None) close to
    ``words``, from the names the shell completes (the store's, on a warm run):
    a hit's kind is a lookup's ('focus_area' is 'focus area'); a district has none."""
    from techhubs.core.search import HIT_KINDS, close_names

    state = session(ctx)
    wanted = [k.replace("_", " ") for k in (kinds or HIT_KINDS) if k != "district"]
    return close_names([n for kind in wanted for n in state.spellings(kind)], words)


def _elsewhere(ctx: typer.Context, words: str) -> str | None:
    """What a search of every kind finds, in words ('a district', '2 companies'),
    when --kind left it out; None when nothing matches at all."""
    from collections import Counter

    from techhubs.core.search import HIT_KINDS, rank_hits

    rows = session(ctx).rows_to_search(words, list(HIT_KINDS))
    found = Counter(h.kind for h in rank_hits(rows, words, None))
    said = []
    for kind, n in found.items():
        one, many = _HIT_WORDS.get(kind, (kind, kind))
        said.append(one if n == 1 else f"{n} {many}")
    return " and ".join(said) or None


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
        from techhubs.text import field_key, printable

        field = field_key(sort)
        known = contract.field_names(kind)
        if field in known:
            return field
        listed = [row["name"] for row in contract.fields_of(kind, lists=True)[1]]
        if field in listed:  # a column of a list ('focus_areas.name'): one a list item
            raise UsageError(
                f"--sort takes a field with one value a record, and '{printable(sort)}' holds "
                f"a list (one a {field.split('.')[0]} item); --fields shows it"
            ) from None
        import difflib

        close = difflib.get_close_matches(field, known, n=1)
        if close:
            raise UsageError(
                f"invalid value for '--sort': '{sort}' is no indicator and no field of the "
                f"records; did you mean {close[0]}? (see 'techhubs fields {kind}')",
                close,
            ) from None
        raise


@app.command(
    short_help="List every hub, filtered and sorted.",
    epilog=examples(
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
            autocompletion=complete_sort("cities"),
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
    no_blank(focus, "--focus", "ai")
    no_blank(status, "--status", "emerging")
    plain = not given(focus, status, fields, query, reverse, limit, save_svg, save_html)
    if plain and sort == "name" and print_stored(ctx, "cities", fmt, as_json, raw):
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
    from techhubs.core import indicators, queries
    from techhubs.core.entities import Indicator
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
    plain = field is not None or sort == "name"
    by = None if plain else indicators.measure(dataset, sort, "--sort")
    figure = by.id if isinstance(by, Indicator) else None  # a count has its own column
    return views.city_list(data, len(dataset.cities), chosen, statuses, len(found), figure)


@app.command(
    short_help="List companies, by city, field or figure.",
    epilog=examples(
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
            autocompletion=complete_sort("companies"),
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
    no_blank(city_name, "--city", "shenzhen")
    no_blank(focus, "--focus", "ai")
    plain = not given(city_name, focus, fields, query, reverse, limit, save_svg, save_html)
    if plain and sort == "name" and print_stored(ctx, "companies", fmt, as_json, raw):
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
    rates = indicators.rates_of(dataset)  # what money in another currency was sorted at
    return views.company_list(data, [h.name for h in hubs], chosen, figure, len(found), rates)


@app.command(
    short_help="List every focus area.",
    epilog=examples("techhubs areas", "techhubs areas --json | jq -r '.[].id'"),
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
                "'techhubs fields area')" + (f"; did you mean {close[0]}?" if close else ""),
                close,
            ) from None
        order = AreaSort.name
    most = at_least_one(limit)
    state = session(ctx)
    data = state.answer(f"areas:{order.value}")
    if data is None:
        from techhubs.output import records

        data = records.area_list(state.dataset(), order.value)
        state.fill_store()
    total = len(data)
    if field is not None:
        data = sort_records(data, field, reverse)[:most]
    else:
        from techhubs.core.order import arranged

        data = arranged(data, reverse, most)  # as all_areas turns and cuts its list
    from techhubs.output import views

    show(
        ctx,
        views.area_list(data, total, order.value if field is None else "", reverse),
        fmt,
        as_json,
        fields,
        query,
        save_svg,
        save_html,
        raw=raw,
        force=force,
    )


#: The most hits search's table shows unless --limit says otherwise: a broad word
#: matches dozens of things in the bundled data (and hundreds in a larger file).
TABLE_HITS = 20
#: A table of up to this many more is shown whole: cutting it would hide a handful
#: of hits to save a handful of lines.
TABLE_SLACK = 5


@app.command(
    short_help="Search every name and description.",
    epilog=examples(
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
    sort: Annotated[str | None, sort_field("hit")] = None,
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

    The table of more than 25 hits shows the first 20, best first unless --sort
    or --reverse order them otherwise (--limit sets how many); --json, the other
    formats and --query take every hit unless --limit is given.
    """
    from techhubs.core.names import simplified, without_endings
    from techhubs.core.search import ACROSS, HIT_KINDS, rank_hits
    from techhubs.output import views

    words = " ".join(text)
    no_blank(kind, "--kind", "company")
    areas = {"area": HitKind.focus_area, "areas": HitKind.focus_area}
    kinds = [k.value for k in chosen_all(kind, HitKind, "--kind", areas)] or None
    most = at_least_one(limit)

    def searched(text: str) -> tuple[list[Any], list[Any]]:
        # From the store, only the rows that can match; else every row of the dataset.
        found_rows = session(ctx).rows_to_search(text, kinds or list(HIT_KINDS))
        return found_rows, rank_hits(found_rows, text, kinds)

    rows, every = searched(words)

    # Tried again as a lookup is: 'Tencent Holdings' as 'Tencent', 騰訊 as 腾讯 (the
    # data is in simplified characters), whichever finds the better best hit: 'Wuhan
    # City' is in one hub's summary, but names Wuhan; 'Ant Group' is a name as it is.
    # Chinese is converted (loading OpenCC) only where nothing better than a hit
    # across fields was found.
    def better(other: str | None) -> None:
        nonlocal rows, every, words
        if other is not None:
            found_rows, found = searched(other)
            if found and (not every or found[0].score > every[0].score):
                rows, every, words = found_rows, found, other

    better(without_endings(words))
    if not every or every[0].score <= ACROSS:
        simple = simplified(words)
        better(simple)
        if simple is not None:  # 騰訊 Holdings: both at once
            better(without_endings(simple))
    if not every:
        elsewhere = _elsewhere(ctx, words) if kinds else None
        # a typo ('huawai'): the names close to it, as a lookup suggests them (a miss
        # is rare enough to pay for the dataset's names)
        close = _close_names(ctx, words, kinds) if elsewhere is None else None
        raise NoMatchError(words, elsewhere, close)
    hits = [h.record() for h in every]
    if sort is not None or reverse:
        hits = sort_records(hits, sort or "score", reverse)
    if most is None and query is None and choose_format(fmt, as_json) is Format.table:
        # A person reads the first few (the best, unless --sort says otherwise); the
        # caption says how to see the rest. A script's formats (--json, csv…) and a
        # --query, in any format, are given every hit.
        most = TABLE_HITS if len(hits) > TABLE_HITS + TABLE_SLACK else None
        shortened = most is not None
    else:
        shortened = False
    hits = hits[:most] if most is not None else hits
    city_names = {r.city: r.city_name for r in rows if r.city is not None}
    # each hit's Chinese name, for the table to show beside its English one
    chinese = {f"{r.kind}:{r.id}": r.name_zh for r in rows if r.kind != "district"}
    view = views.search_hits(hits, city_names, words, len(every), kinds or (), chinese, shortened)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)
