"""One hub, company or focus area by name: the lookups a shell loop runs."""

from typing import Annotated

import typer

from techhubs.cli.commands import app, examples, given, print_stored_record, show
from techhubs.cli.options import (
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    HtmlOpt,
    JsonOpt,
    QueryOpt,
    RawOpt,
    SvgOpt,
    complete_area,
    complete_city,
    complete_company,
    names_something,
    session,
)
from techhubs.errors import named_once
from techhubs.output import Format


@app.command(
    short_help="Profile cities: figures, districts, companies.",
    epilog=examples(
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
    _profiles(ctx, "city", names, fmt, as_json, fields, query, raw, save_svg, save_html, force)


@app.command(
    short_help="Profile companies: founders, shares, figures.",
    epilog=examples("techhubs company tencent", "techhubs company 华为 --json"),
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
    _profiles(ctx, "company", names, fmt, as_json, fields, query, raw, save_svg, save_html, force)


@app.command(
    short_help="Show a focus area: its hubs and companies.",
    epilog=examples("techhubs area ai", "techhubs area 'e-commerce' --json"),
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
    _profiles(
        ctx, "focus area", names, fmt, as_json, fields, query, raw, save_svg, save_html, force
    )


_EXAMPLES = {"city": "shenzhen", "company": "tencent", "focus area": "ai"}


def _profiles(
    ctx: typer.Context,
    kind: str,
    names: list[str],
    fmt: Format | None,
    as_json: bool,
    fields: list[str] | None,
    query: str | None,
    raw: bool,
    save_svg: str | None,
    save_html: str | None,
    force: bool,
) -> None:
    """What each lookup does: for a script's plain --json of one name, the stored
    record as it is (no decoding, no encoding); else the profiles, as asked."""

    names_something(names, kind, f"techhubs {kind.split()[-1]} {_EXAMPLES[kind]}")
    plain = not given(fields, query, raw, save_svg, save_html)
    if print_stored_record(ctx, kind, names, fmt, as_json, plain):
        return
    from techhubs.output import views

    found = session(ctx).records(kind, names)
    # as compare and trend: each once, or a script counting the answers miscounts
    pairs = zip(names, found, strict=True)
    named_once(((n, r["id"], r["name"]) for n, r in pairs), f"; name each {kind} once")
    if kind == "company":  # its money in another currency is written in yuan too
        foreign = any(i["currency"] for r in found for i in r["indicators"])
        rates = session(ctx).exchange_rates() if foreign else None
        view = views.company_profiles(found, rates)
    else:
        view = {"city": views.city_profiles, "focus area": views.area_profiles}[kind](found)
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)
