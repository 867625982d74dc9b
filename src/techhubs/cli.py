"""The techhubs command line: parse, ask the domain, render.

Each command is a few lines (STYLE.md, practice 1): it resolves its arguments
against the dataset, calls one query, and hands a View to the output layer.
Errors are raised as TechhubsError subclasses and turned into one sentence
and a documented exit code by :func:`main`, the console entry point.
"""

import enum
import functools
import inspect
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from techhubs import __version__
from techhubs.errors import (
    DataError,
    ExitCode,
    InternalError,
    NoMatchError,
    StdoutClosed,
    TechhubsError,
    UsageError,
    printable,
)
from techhubs.output import Format, View, emit, write
from techhubs.output import options as chosen_output
from techhubs.session import Session

# The domain modules (queries, views, models) are imported inside the
# commands that use them: every import here is paid by every run, including
# `--help` and shell completion.

HELP = """An offline, scriptable reference to China's technology hubs.

Profiles of the cities that lead China's tech industry, the companies that
anchor them and the fields each one leads in. Every command prints a table
for people or --json (also yaml, csv, markdown) for scripts.
"""


def _state(ctx: typer.Context) -> Session:
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session()
    return root.obj


# -- completion ---------------------------------------------------------------


def _complete(kind: str, ctx: typer.Context, incomplete: str) -> list[str]:
    """Ids of ``kind`` whose names start with ``incomplete``; nothing on any error.

    Uses the data file the command line names (--data or $TECHHUBS_DATA).
    """
    try:
        from techhubs.loading import load_path

        data = ctx.find_root().params.get("data")
        return load_path(data).completions(kind, incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def _complete_city(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("city", ctx, incomplete)


def _complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("company", ctx, incomplete)


def _complete_area(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("focus area", ctx, incomplete)


# -- shared options (declared once, reused by every command) -------------------

FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-o",
        help="Output format: table, json, yaml, csv or markdown.",
        case_sensitive=False,
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
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


_OUTPUT_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("fmt", FormatOpt, Format.table),
    ("as_json", JsonOpt, False),
    ("fields", FieldsOpt, None),
    ("query", QueryOpt, None),
    ("save_svg", SvgOpt, None),
    ("save_html", HtmlOpt, None),
)


def output_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared output options, declared once (STYLE.md, practice 2).

    Like sqlite-utils' ``output_options`` decorator: the options are added to
    the command's signature for Typer to parse, and :func:`_emit` reads them
    from the parsed parameters, so no command lists or handles them itself.
    """
    signature = inspect.signature(command)
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, kind, default in _OUTPUT_OPTIONS
    ]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        for name, _, _ in _OUTPUT_OPTIONS:
            kwargs.pop(name, None)
        command(*args, **kwargs)

    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *added]
    )
    run.__annotations__ = {
        **command.__annotations__,
        **{name: kind for name, kind, _ in _OUTPUT_OPTIONS},
    }
    return run


def _emit(ctx: typer.Context, view: View) -> None:
    """Print ``view`` as the shared output options (see output_options) ask."""
    p = ctx.params
    emit(
        view,
        chosen_output(
            Format(p.get("fmt") or "table"),  # Click keeps the choice as text
            p.get("as_json", False),
            p.get("fields"),
            _state(ctx).color,
            p.get("query"),
            p.get("save_svg"),
            p.get("save_html"),
        ),
    )


def _examples(*lines: str) -> str:
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in lines)


app = typer.Typer(
    name="techhubs",
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=_examples(
        "techhubs city shenzhen",
        "techhubs compare beijing hangzhou",
        "techhubs cities --sort gdp --json | jq '.[0].name'",
    )
    + "\n\nExit codes: 0 success, 1 not found, 2 usage error, 3 data file unusable,"
    " 70 a bug, 74 output not written, 130 interrupted, 141 output closed.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"techhubs {__version__}")
        raise typer.Exit()


@app.callback()
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
        bool, typer.Option("--debug", help="Show the full trace of an internal error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """An offline, scriptable reference to China's technology hubs."""
    if data is not None and not data.strip():
        raise UsageError("--data needs the path of a data file, e.g. --data mine.yaml")
    ctx.obj = Session(data=data, color=not no_color, use_cache=not no_cache)


# -- cities -------------------------------------------------------------------------


@app.command(
    epilog=_examples(
        "techhubs city shenzhen",
        "techhubs city 杭州 xian --json",
        "techhubs city beijing --fields id,population,gdp -o yaml",
    )
)
@output_options
def city(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="City id, English or Chinese name, pinyin or alias.",
            autocompletion=_complete_city,
            show_default=False,
        ),
    ],
) -> None:
    """Profile one or more cities: figures, districts, companies, focus areas."""
    from techhubs import views

    found = _state(ctx).records("city", names)
    _emit(ctx, views.city_profiles(found))


class StatusChoice(str, enum.Enum):
    established = "established"
    emerging = "emerging"


class SortChoice(str, enum.Enum):
    name = "name"
    population = "population"
    gdp = "gdp"
    gdp_per_capita = "gdp-per-capita"
    companies = "companies"
    focus_areas = "focus-areas"


def _limit(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise UsageError("--limit must be 1 or more")
    return value


@app.command(
    epilog=_examples(
        "techhubs cities",
        "techhubs cities --status emerging",
        "techhubs cities --focus ai --sort gdp --limit 3",
        "techhubs cities --json | jq -r '.[].id'",
    )
)
@output_options
def cities(
    ctx: typer.Context,
    focus: Annotated[
        str | None,
        typer.Option(
            metavar="AREA",
            help="Only cities that lead in this focus area.",
            autocompletion=_complete_area,
        ),
    ] = None,
    status: Annotated[
        StatusChoice | None, typer.Option(help="Only established or emerging hubs.")
    ] = None,
    sort: Annotated[
        SortChoice, typer.Option(help="Sort by this; numbers largest first.")
    ] = SortChoice.name,
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: Annotated[int | None, typer.Option(metavar="N", help="Show at most N cities.")] = None,
) -> None:
    """List every hub, filtered and sorted."""
    from techhubs import queries, records, views

    dataset = _state(ctx).dataset()
    found = queries.list_cities(
        dataset,
        focus,
        status.value if status else None,
        sort.value,
        reverse,
        _limit(limit),
    )
    data = [records.city(c, dataset) for c in found]
    _emit(ctx, views.city_list(data, len(dataset.cities)))


@app.command(
    epilog=_examples(
        "techhubs compare beijing hangzhou",
        "techhubs compare sz sh bj --json | jq '.shared'",
    )
)
@output_options
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="CITY...",
            help="2 to 6 different cities.",
            autocompletion=_complete_city,
            show_default=False,
        ),
    ],
) -> None:
    """Lay 2 to 6 cities side by side: figures, focus areas, companies, overlap."""
    from techhubs import comparing, views

    comparing.check_count(names)
    cities = _state(ctx).records("city", names)
    _emit(ctx, views.comparison(comparing.compare(names, cities)))


class RankChoice(str, enum.Enum):
    population = "population"
    gdp = "gdp"
    gdp_per_capita = "gdp-per-capita"
    companies = "companies"
    focus_areas = "focus-areas"


@app.command(
    epilog=_examples(
        "techhubs rank --by gdp",
        "techhubs rank --by gdp-per-capita --json | jq '.[0]'",
    )
)
@output_options
def rank(
    ctx: typer.Context,
    by: Annotated[RankChoice, typer.Option("--by", help="The figure to rank by.")] = (
        RankChoice.gdp
    ),
) -> None:
    """Rank the hubs by a figure, drawn as a bar chart; each value with its year."""
    from techhubs import analysis, records, views

    ranked = analysis.rank(_state(ctx).dataset(), by.value)
    _emit(ctx, views.ranking([records.ranked(r) for r in ranked], by.value))


@app.command(
    epilog=_examples("techhubs similar shenzhen", "techhubs similar hangzhou --limit 3 --json")
)
@output_options
def similar(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="CITY",
            help="The city to find hubs like.",
            autocompletion=_complete_city,
            show_default=False,
        ),
    ],
    limit: Annotated[int | None, typer.Option(metavar="N", help="Show at most N hubs.")] = None,
) -> None:
    """The other hubs, most alike first: shared focus areas and companies."""
    from techhubs import analysis, records, views

    dataset = _state(ctx).dataset()
    city = dataset.city(name)
    found = analysis.similar(dataset, city, _limit(limit))
    data = [records.similarity(s, dataset) for s in found]
    _emit(ctx, views.similar(data, city.name))


# -- companies ---------------------------------------------------------------------


@app.command(epilog=_examples("techhubs company tencent", "techhubs company 华为 --json"))
@output_options
def company(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="Company id, English or Chinese name, or alias.",
            autocompletion=_complete_company,
            show_default=False,
        ),
    ],
) -> None:
    """Profile one or more companies: headquarters, founding year, fields, cities."""
    from techhubs import views

    found = _state(ctx).records("company", names)
    _emit(ctx, views.company_profiles(found))


@app.command(
    epilog=_examples(
        "techhubs companies",
        "techhubs companies --city shenzhen",
        "techhubs companies --focus semiconductors -o csv",
    )
)
@output_options
def companies(
    ctx: typer.Context,
    city_name: Annotated[
        str | None,
        typer.Option(
            "--city",
            metavar="CITY",
            help="Only companies tied to this city.",
            autocompletion=_complete_city,
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            metavar="AREA", help="Only companies in this focus area.", autocompletion=_complete_area
        ),
    ] = None,
) -> None:
    """List companies, by city or focus area."""
    from techhubs import queries, records, views

    dataset = _state(ctx).dataset()
    found = queries.list_companies(dataset, city_name, focus)
    title = "Companies"
    if city_name is not None:  # already resolved by the query: this cannot fail
        title += f" in {dataset.city(city_name).name}"
    if focus is not None:
        title += f" · {dataset.focus_area(focus).name}"
    data = [records.company(c, dataset) for c in found]
    _emit(ctx, views.company_list(data, title))


# -- focus areas ---------------------------------------------------------------------


@app.command(epilog=_examples("techhubs area ai", "techhubs area 'e-commerce' --json"))
@output_options
def area(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="Focus area id, name or alias (AI, fintech, …).",
            autocompletion=_complete_area,
            show_default=False,
        ),
    ],
) -> None:
    """Show a focus area with the cities that lead in it and its companies."""
    from techhubs import views

    found = _state(ctx).records("focus area", names)
    _emit(ctx, views.area_profiles(found))


@app.command(epilog=_examples("techhubs areas", "techhubs areas --json | jq -r '.[].id'"))
@output_options
def areas(
    ctx: typer.Context,
) -> None:
    """List every focus area with its cities and number of companies."""
    from techhubs import queries, records, views

    dataset = _state(ctx).dataset()
    data = [records.area_summary(a) for a in queries.all_areas(dataset)]
    _emit(ctx, views.area_list(data))


# -- search and overview ----------------------------------------------------------------


class KindChoice(str, enum.Enum):
    city = "city"
    district = "district"
    company = "company"
    focus_area = "focus_area"


@app.command(
    epilog=_examples(
        "techhubs search 'hardware silicon valley'",
        "techhubs search Zhongguancun",
        "techhubs search 东湖 --json",
    )
)
@output_options
def search(
    ctx: typer.Context,
    text: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="What to look for.", show_default=False)
    ],
    kind: Annotated[
        list[KindChoice] | None, typer.Option(help="Only hits of this kind (repeatable).")
    ] = None,
    limit: Annotated[int | None, typer.Option(metavar="N", help="Show at most N hits.")] = None,
) -> None:
    """Search cities, districts, nicknames, companies and focus areas."""
    from techhubs import queries, records, views

    dataset = _state(ctx).dataset()
    query = " ".join(text)
    kinds = [k.value for k in kind] if kind else None
    hits = queries.search(dataset, query, kinds, _limit(limit))
    if not hits:
        raise NoMatchError(query)
    city_names = {c.id: c.name for c in dataset.cities}
    view = views.search_hits([records.hit(h) for h in hits], city_names, query)
    _emit(ctx, view)


@app.command(epilog=_examples("techhubs overview", "techhubs overview --json | jq '.challenges'"))
@output_options
def overview(
    ctx: typer.Context,
) -> None:
    """The national picture: the hubs, government support, challenges, opportunities."""
    from techhubs import records, views

    _emit(ctx, views.overview(records.overview(_state(ctx).dataset())))


@app.command(
    name="map",
    epilog=_examples("techhubs map", "techhubs map --focus semiconductors"),
)
@output_options
def map_(
    ctx: typer.Context,
    focus: Annotated[
        str | None,
        typer.Option(
            metavar="AREA",
            help="Highlight the hubs that lead in this focus area.",
            autocompletion=_complete_area,
        ),
    ] = None,
) -> None:
    """Draw the hubs on a map of China in the terminal (braille characters)."""
    from techhubs import geo, records, views

    dataset = _state(ctx).dataset()
    area = dataset.focus_area(focus) if focus is not None else None
    outline = geo.outline()
    data = records.city_map(dataset, outline.source, area)
    _emit(ctx, views.city_map(data, outline.rings))


# -- export and data -------------------------------------------------------------------


class ExportFormat(str, enum.Enum):
    yaml = "yaml"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"


class ExportKind(str, enum.Enum):
    cities = "cities"
    companies = "companies"
    focus_areas = "focus_areas"


@app.command(
    epilog=_examples(
        "techhubs export > mine.yaml && techhubs --data mine.yaml cities",
        "techhubs export --format csv --kind companies > companies.csv",
        "techhubs export --format sqlite hubs.db && sqlite3 hubs.db 'select name from cities'",
    )
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
        ExportFormat,
        typer.Option(
            "--format",
            "-o",
            case_sensitive=False,
            help="yaml (the data-file schema), json, csv, markdown or sqlite.",
        ),
    ] = ExportFormat.yaml,
    as_json: JsonOpt = False,
    kind: Annotated[ExportKind | None, typer.Option(help="csv/markdown: only this table.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write the whole dataset: YAML/JSON in the data-file schema, tables, or SQLite."""
    from techhubs import exporting

    if as_json and fmt not in (ExportFormat.yaml, ExportFormat.json):
        raise UsageError(f"--json contradicts --format {fmt.value}; give one of them")
    chosen = "json" if as_json else fmt.value
    target = exporting.check_target(chosen, kind.value if kind else None, file, force)
    dataset = _state(ctx).dataset()
    if target is None:
        write(exporting.export_text(dataset, chosen, kind.value if kind else None))
    else:
        exporting.export_file(dataset, chosen, kind.value if kind else None, target)


data_app = typer.Typer(
    help="Check or locate the data file.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(data_app, name="data")


def _shown_path(path: Path) -> str:
    """A path as a person would write it: relative when it is below here."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


@data_app.command(
    "validate",
    epilog=_examples("techhubs data validate", "techhubs data validate my-cities.yaml"),
)
@output_options
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
) -> None:
    """Validate a data file; list every problem with its line and path (exit 3)."""
    from techhubs.loading import load_path, resolve_path

    state = _state(ctx)
    target = file if file is not None else state.data
    path = resolve_path(target)
    dataset = load_path(path, use_cache=state.use_cache)
    from techhubs import views

    report = {
        "file": _shown_path(path),
        "valid": True,
        "cities": len(dataset.cities),
        "companies": len(dataset.companies),
        "focus_areas": len(dataset.focus_areas),
    }
    _emit(ctx, views.validation(report))


@data_app.command(
    "path", epilog=_examples("techhubs data path", 'cp "$(techhubs data path)" mine.yaml')
)
def data_path(ctx: typer.Context) -> None:
    """Print where the data file in use is (the bundled one unless --data is given)."""
    from techhubs.loading import resolve_path

    typer.echo(str(resolve_path(_state(ctx).data)))


# -- the entry point -----------------------------------------------------------------------


def _wants_json(args: list[str]) -> bool:
    """Whether errors should be JSON: the user asked for --json, -o json or --query."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--json", "--query", "--format=json", "-ojson") or arg.startswith("--query="):
            return True
        if arg in ("--format", "-o") and i + 1 < len(args) and args[i + 1].lower() == "json":
            return True
    return False


def _report(error: TechhubsError, as_json: bool) -> None:
    if as_json:
        import json

        payload: dict[str, Any] = {
            "code": error.code,
            "message": error.message,
            "suggestions": error.suggestions,
        }
        if isinstance(error, DataError):
            payload["problems"] = [
                {"line": p.line, "path": p.path, "message": p.message} for p in error.problems
            ]
        sys.stderr.write(json.dumps({"error": payload}, ensure_ascii=False) + "\n")
        return
    # Messages may quote data or input: never let an escape sequence through.
    sys.stderr.write(f"techhubs: error: {printable(error.message, limit=2000)}\n")
    if isinstance(error, DataError) and len(error.problems) > 1:
        for line in error.details():
            sys.stderr.write(f"  {printable(line, limit=2000)}\n")
        sys.stderr.write(
            f"{len(error.problems)} problems; fix them and run 'techhubs data validate'.\n"
        )


def _prepare_streams() -> None:
    """Never fail on a stream that cannot encode Chinese (PYTHONIOENCODING=ascii)."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=errors)


def _silence_stdout() -> None:
    # The reader went away (`techhubs cities | head -1`): point stdout at
    # /dev/null so the interpreter's final flush cannot complain either.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run techhubs; return its exit code (the README's table)."""
    from techhubs.streams import GuardedStdout

    args = list(sys.argv[1:] if argv is None else argv)
    _prepare_streams()
    as_json = _wants_json(args)
    debug = "--debug" in args or os.environ.get("TECHHUBS_DEBUG", "") not in ("", "0")
    original_stdout = sys.stdout
    sys.stdout = GuardedStdout(original_stdout)
    try:
        return _run(args, as_json, debug)
    finally:
        sys.stdout = original_stdout


def _run(args: list[str], as_json: bool, debug: bool) -> int:
    """main() without the stream set-up: every exit code of the README's table."""
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
    from typer._click.exceptions import UsageError as ClickUsageError

    command: Any = None
    try:
        command = typer.main.get_command(app)
        result = command.main(args=args, prog_name="techhubs", standalone_mode=False)
        code = result if isinstance(result, int) else ExitCode.OK
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into a quiet exit 130
            sys.stderr.write("techhubs: interrupted\n")
        return code
    except TechhubsError as error:
        _report(error, as_json)
        return error.exit_code
    except NoArgsIsHelpError as error:
        # `techhubs` or `techhubs data` alone: show the help, as --help would.
        write(error.ctx.get_help() if error.ctx is not None else "")
        return ExitCode.OK
    except ClickUsageError as error:
        _report(UsageError(_usage_message(error, command)), as_json)
        return ExitCode.USAGE
    except ClickException as error:
        _report(UsageError(error.format_message()), as_json)
        return error.exit_code
    except (Abort, KeyboardInterrupt):
        sys.stderr.write("techhubs: interrupted\n")
        return ExitCode.INTERRUPTED
    except (StdoutClosed, BrokenPipeError):
        _silence_stdout()
        return ExitCode.STDOUT_CLOSED
    except Exception as error:  # a bug: one line, and how to see the trace
        if debug:
            import traceback

            traceback.print_exc()
            return ExitCode.INTERNAL
        message = (
            f"internal error: {type(error).__name__}: {printable(str(error))}. "
            "This is a bug; run again with --debug (or TECHHUBS_DEBUG=1) for the full trace"
        )
        if as_json:
            _report(InternalError(message), as_json)
        else:
            sys.stderr.write(f"techhubs: {message}.\n")
        return ExitCode.INTERNAL


def _usage_message(error: Any, command: Any) -> str:
    """Click's usage error as one sentence that says what to do next."""
    from typer._click.exceptions import NoSuchOption

    ctx = getattr(error, "ctx", None)
    if isinstance(error, NoSuchOption) and ctx is not None and ctx.parent is not None:
        for param in ctx.find_root().command.params:
            if error.option_name in param.opts:
                usage = error.option_name
                if not getattr(param, "is_flag", False):
                    usage += f" {param.metavar or 'VALUE'}"
                return (
                    f"{error.option_name} belongs to techhubs itself: put it before the "
                    f"command, e.g. 'techhubs {usage} {ctx.info_name} ...'."
                )
    if isinstance(error, NoSuchOption) and error.possibilities:
        message = f"no such option {error.option_name}; did you mean {error.possibilities[0]}?"
    else:
        message = printable(" ".join(error.format_message().split()), limit=400)
        message = message[:1].lower() + message[1:]
        if message and message[-1] not in ".?!":
            message += "."
    where = ctx.command_path if ctx is not None else "techhubs"
    return f"{message} Run '{where} --help' for usage."
