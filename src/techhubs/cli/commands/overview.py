"""The whole picture: the overview of the hubs and the map."""

from typing import Annotated

import typer

from techhubs.cli.commands import app, examples, show
from techhubs.cli.options import (
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    HtmlOpt,
    JsonOpt,
    PartOpt,
    QueryOpt,
    RawOpt,
    SvgOpt,
    complete_area,
    no_blank,
    session,
)


@app.command(
    short_help="The national picture, and the article's view.",
    epilog=examples(
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
    from techhubs.output import answers, views

    state = session(ctx)
    stored, cities = state.answer("overview"), state.listing("cities")
    data = None
    if stored is not None and cities is not None:
        from techhubs.output.plain import from_json

        data = answers.stored_overview(stored, from_json(cities))
    if data is None:
        from techhubs.output import records

        data = records.overview(state.dataset())
        state.fill_store()
    view = views.overview(data)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, part, raw=raw, force=force)


@app.command(
    short_help="Draw the hubs on a map of China.",
    name="map",
    epilog=examples("techhubs map", "techhubs map --focus semiconductors"),
)
def map_(
    ctx: typer.Context,
    focus_given: Annotated[
        list[str] | None,
        typer.Option(
            "--focus",
            metavar="AREA",
            help="Highlight the hubs that lead in this focus area (one).",
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
    from techhubs.output import answers, views

    no_blank(focus_given, "--focus", "semiconductors")
    if focus_given is not None and (len(focus_given) > 1 or "," in focus_given[0]):
        from techhubs.errors import UsageError
        from techhubs.text import printable, shell_word

        # the map has one colour to highlight with: cities and companies take a list
        given = ", ".join(focus_given)
        first = given.split(",")[0].strip() or "semiconductors"
        raise UsageError(
            f"--focus of a map takes one focus area, and '{printable(given, limit=60)}' "
            f"are several; draw one map an area (e.g. --focus {shell_word(first)})"
        )
    focus = focus_given[0] if focus_given else None
    state = session(ctx)
    points = state.answer("map")
    area = state.stored_records("focus area", [focus]) if focus is not None else None
    if points is None or (focus is not None and area is None):
        from techhubs.output import records

        dataset = state.dataset()  # which also says what is wrong with the name
        points = records.map_points(dataset)
        area = [records.ref(dataset.focus_area(focus))] if focus is not None else None
        state.fill_store()
    highlight = answers.ref_of(area[0]) if area else None
    drawn = outline()
    data = answers.city_map(points, drawn.source, highlight)
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
