"""The options every data command shares, declared once as Annotated aliases.

A command lists them in its own signature (``fmt: FormatOpt = Format.table``),
so a reader sees every option a command takes, and Typer parses them like any
other.  The options that ask for JSON also tell the session to report errors
as JSON (their callbacks), so a script that asked for JSON gets its error as
JSON too, whatever goes wrong afterwards.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techhubs.cli.session import Session
from techhubs.errors import UsageError
from techhubs.output import Format


def session(ctx: typer.Context) -> Session:
    """This run's Session (made by main(), filled in by the root callback)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session()
    return root.obj


def _json_errors(ctx: typer.Context, value: Any) -> Any:
    """--json, --format json and --query: errors are reported as JSON from here on."""
    if value and (not isinstance(value, Format) or value is Format.json):
        session(ctx).json_errors = True
    # Typer converts what a callback returns once more, from the choice's text.
    return value.value if isinstance(value, Format) else value


FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-o",
        help="Output format: table, json, yaml, csv or markdown.",
        case_sensitive=False,
        show_default=False,
        callback=_json_errors,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Shorthand for --format json.", callback=_json_errors)
]
FieldsOpt = Annotated[
    str | None,
    typer.Option("--fields", metavar="A,B,C", help="Keep only these fields (comma-separated)."),
]
QueryOpt = Annotated[
    str | None,
    typer.Option(
        "--query",
        metavar="EXPR",
        help="Filter the JSON with a JMESPath expression (implies --json).",
        callback=_json_errors,
    ),
]
SvgOpt = Annotated[
    str | None,
    typer.Option("--save-svg", metavar="FILE", help="Also save the table as an SVG picture."),
]
HtmlOpt = Annotated[
    str | None,
    typer.Option("--save-html", metavar="FILE", help="Also save the table as an HTML page."),
]


def _at_least_one(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise UsageError("--limit must be 1 or more")
    return value


LimitOpt = Annotated[
    int | None, typer.Option(metavar="N", help="Show at most N.", callback=_at_least_one)
]


# -- completion of names ------------------------------------------------------------


def _complete(kind: str, ctx: typer.Context, incomplete: str) -> list[str]:
    """Names of ``kind`` that start with ``incomplete``; nothing on any error.

    Uses the data file the command line names (--data or $TECHHUBS_DATA).
    """
    try:
        from techhubs.loader import load_path

        data = ctx.find_root().params.get("data")
        return load_path(data).completions(kind, incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_city(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("city", ctx, incomplete)


def complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("company", ctx, incomplete)


def complete_area(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("focus area", ctx, incomplete)
