"""The techhubs app: its root options, what every command shares, and where each
command is declared (:data:`MODULES`).

A command body is a few lines: it takes its parsed options (the shared output
options are Annotated aliases from techhubs.cli.options, visible in each
signature), asks the session or one domain function, builds a View and hands
it to :func:`show`.  Errors are raised as TechhubsError subclasses and turned
into one sentence and a documented exit code by techhubs.cli.main.

The commands live in this package's modules, a topic each (``lookup``: city,
company, area; ``lists``; ``figures``; ``overview``; ``files``; ``upkeep``), and
a run imports only the one it needs (techhubs.cli.lazy).  Inside them the domain
modules (queries, records, views) are imported by the commands that use them:
every import at the top of a module is paid by every run of its commands.  For
the same reason none of them has ``from __future__ import annotations``: Typer
reads the annotations when it builds a command, and strings would each be
evaluated.
"""

from collections.abc import Callable
from typing import Annotated, Any

import typer

from techhubs import __version__
from techhubs.cli.options import App, apply_global, session
from techhubs.output import Format, View, choose_format, emit, options, write

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


def examples(*lines: str) -> str:
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in lines)


def given(*values: object) -> bool:
    """Whether any of these options was given: an empty text or a 0 is given (the
    full path refuses '--query=' and '--limit 0'), a flag is given when on, a
    repeated option when it has a value. What decides that a shortcut (the store's
    ready JSON) answers as the full path would."""
    return any(value is not None and value is not False and value != [] for value in values)


def print_stored_record(
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


def print_stored(
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
    fields: list[str] | None,
    query: str | None,
    save_svg: str | None,
    save_html: str | None,
    part: str | None = None,
    raw: bool = False,
    force: bool = False,
) -> None:
    """Print ``view`` as the shared output options ask."""
    color = session(ctx).color
    # --fields again adds to the list, as --focus and --status do
    joined = None if fields is None else ",".join(fields)
    how = options(fmt, as_json, joined, color, query, save_svg, save_html, part, raw, force)
    if how.fmt is Format.table and _drawn_alike(ctx):
        state = session(ctx)
        key = state.drawing_key()
        if key is not None and state.stamp is not None:
            state.tables += 1  # the question: the command line, and which table of the run
            asked = "\0".join([str(state.tables), *state.args])
            how = how._replace(drawing=(key, asked, state.stamp))
    emit(view, how)


#: The command modules whose tables are a function of the command line and the
#: data alone, and so may keep what they draw (techhubs.output.console.show):
#: not ``files`` or ``upkeep``, which read other files or the cache itself.
DRAWN_ALIKE = ("lookup", "lists", "figures", "overview")


def _drawn_alike(ctx: typer.Context) -> bool:
    """Whether the command running draws the same table for the same command line
    and data (a top-level command of a module in :data:`DRAWN_ALIKE`)."""
    parent = ctx.parent
    top = parent is not None and parent.parent is None
    return top and MODULES.get(ctx.info_name or "") in DRAWN_ALIKE


app = App(
    name="techhubs",
    help=HELP,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=examples(
        "techhubs city shenzhen",
        "techhubs compare beijing hangzhou",
        "techhubs cities --sort gdp --json | jq '.[0].name'",
    )
    + "\n\n"
    + EXIT_CODES,
)


def _version(ctx: typer.Context, value: bool) -> None:
    # not while a usage error's second look reads the options (cli.main)
    if value and not ctx.resilient_parsing:
        typer.echo(f"techhubs {__version__}")
        raise typer.Exit()


def help_without_a_command(ctx: typer.Context) -> None:
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
    help_without_a_command(ctx)


#: Every command, in the order help lists them, and the module under this package
#: that declares it. A run imports only the module of the command it runs: each
#: command's signature builds its options' objects at import (22 of them took
#: ~8 ms of a warm 'city --json', a tenth of it).
MODULES: dict[str, str] = {
    "city": "lookup",
    "cities": "lists",
    "compare": "figures",
    "rank": "figures",
    "indicators": "figures",
    "trend": "figures",
    "similar": "figures",
    "company": "lookup",
    "companies": "lists",
    "area": "lookup",
    "areas": "lists",
    "search": "lists",
    "overview": "overview",
    "map": "overview",
    "export": "files",
    "fields": "files",
    "schema": "files",
    "completion": "files",
    "data": "upkeep",
    "cache": "upkeep",
}


def load(name: str) -> None:
    """Import the module that declares command ``name`` (registering it on ``app``)."""
    import importlib

    importlib.import_module(f"{__name__}.{MODULES[name]}")


def loaded() -> App:
    """``app`` with every command registered, in :data:`MODULES` order: for Typer's
    own eager build (the tests hold the lazy one to it) and anything that needs
    every command at once."""
    from techhubs.cli.lazy import command_name

    for name in MODULES:
        load(name)

    def position(info: Any) -> int:
        return list(MODULES).index(command_name(info))

    app.registered_commands.sort(key=position)
    return app


def command() -> Any:
    """The Click form of the app to run: each command's module imported, and the
    command built, only when it is used (techhubs.cli.lazy)."""
    from techhubs.cli.lazy import command_of

    return command_of(app, MODULES, load)
