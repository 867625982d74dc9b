"""The data file and the cache: ``techhubs data …`` and ``techhubs cache …``."""

import os
from pathlib import Path
from typing import Annotated

import typer

from techhubs.cli.commands import app, examples, help_without_a_command, said, show
from techhubs.cli.options import (
    App,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    HtmlOpt,
    JsonOpt,
    PartOpt,
    QueryOpt,
    RawOpt,
    SvgOpt,
    session,
)
from techhubs.text import counted, printable

data_app = App(
    help="Check or locate the data file.",
    rich_markup_mode=None,
    epilog=examples("techhubs data validate", "techhubs data validate mine.yaml --json"),
)


app.add_typer(data_app, name="data")


@data_app.callback(invoke_without_command=True)
def data_group(ctx: typer.Context) -> None:
    """Check or locate the data file."""
    help_without_a_command(ctx)


cache_app = App(
    help="See or clear the cache of parsed data and ready-made records.",
    rich_markup_mode=None,
    epilog=examples("techhubs cache info", "techhubs cache clear"),
)


app.add_typer(cache_app, name="cache")


@cache_app.callback(invoke_without_command=True)
def cache_group(ctx: typer.Context) -> None:
    """See or clear the cache of parsed data and ready-made records."""
    help_without_a_command(ctx)


@cache_app.command(
    "info",
    short_help="Where the cache is, and its entries.",
    epilog=examples("techhubs cache info", "techhubs cache info --json"),
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

    why = cache.refusal()
    if why is None and not (session(ctx).use_cache and cache.enabled()):
        why = "switched off by --no-cache or TECHHUBS_NO_CACHE"
    if why is None:
        why = cache.unwritable()
    view = views.cache_report(cache.directory(), why, cache.entries(), cache.sources())
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, raw=raw, force=force)


@cache_app.command(
    "clear", short_help="Remove every cache entry.", epilog=examples("techhubs cache clear")
)
def cache_clear() -> None:
    """Remove every entry of the cache (the next run rebuilds what it needs)."""
    from techhubs.loader import cache

    removed, kept = cache.clear()
    size = sum(entry.size for entry in removed)
    entries = counted(len(removed), "cache entry", "cache entries")
    where = printable(cache.directory(), limit=None, exact=True)
    if kept:
        from techhubs.errors import NotRemovedError

        raise NotRemovedError(
            f"removed {entries} ({size:,} bytes) from {where}, but "
            f"{counted(len(kept), 'file', 'files')} could not be removed (e.g. "
            f"{printable(kept[0].name)}: a read-only folder, or a folder in its place); "
            "remove them by hand, or run 'techhubs --no-cache …' meanwhile"
        )
    said(f"removed {entries} ({size:,} bytes) from {where}")


def _shown_path(path: Path) -> str:
    """A path no one typed, as a person would write it: relative when it is below here."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


@data_app.command(
    "validate",
    short_help="Check a data file; list every problem.",
    epilog=examples("techhubs data validate", "techhubs data validate my-cities.yaml"),
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
    from techhubs.loader import lines_of, load_path, resolve_path
    from techhubs.output import views

    state = session(ctx)
    given = file if file is not None else state.data
    path = resolve_path(given)
    dataset = load_path(path, use_cache=state.use_cache)
    # a path the user gave, as given (a script reads it from where it ran); the
    # bundled file's, relative when it is below here
    shown = given if given is not None else _shown_path(path)
    view = views.validation(shown, dataset, lambda: lines_of(path))
    show(ctx, view, fmt, as_json, fields, query, save_svg, save_html, part, raw=raw, force=force)


@data_app.command(
    "path",
    short_help="Print the path of the data file in use.",
    epilog=examples("techhubs data path", 'cp "$(techhubs data path)" mine.yaml'),
)
def data_path(ctx: typer.Context) -> None:
    """Print where the data file in use is (the bundled one unless --data is given):
    its whole path, so a script may use it from any folder; exit 3, as every
    command that reads it, when it is missing or a directory."""
    import os

    from techhubs.loader import resolve_path, usable

    path = resolve_path(session(ctx).data)
    usable(path)
    typer.echo(os.path.abspath(path))
