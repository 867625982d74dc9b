"""The options every data command shares, declared once as Annotated aliases.

A command lists them in its own signature (``fmt: FormatOpt = Format.table``),
so a reader sees every option a command takes, and Typer parses them like any
other.  Every command is a :class:`Command`, which, once the options are
parsed and before the command runs, tells the session whether they asked for
JSON, so a script that asked for JSON gets its error as JSON too.
"""

import enum
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand

from techhubs.cli.session import Session
from techhubs.errors import UsageError
from techhubs.output import Format
from techhubs.text import printable, spelled


def session(ctx: typer.Context) -> Session:
    """This run's Session (made by main(), filled in by the root callback)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session()
    return root.obj


CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])


#: The options of techhubs itself that a command also takes after its name
#: (``techhubs rank --no-color``), as kubectl's and gh's do.
GLOBAL_OPTIONS = ("data", "no_color", "no_cache", "debug")

#: The years a --year or --since may name: those a figure may have, from the
#: People's Republic's first (core.entities.FIRST_YEAR) to core.fields.YEARS' last
#: (not imported here: a command's start-up would pay for them).
FIRST_YEAR, LAST_YEAR = 1949, 2100


def year_option(help: str) -> Any:
    """A --year or --since: a year a figure may have, or a usage error that names
    the range ('rank --year -1' drew twelve dashes, exit 0)."""
    return typer.Option(metavar="YEAR", min=FIRST_YEAR, max=LAST_YEAR, help=help)


class Command(TyperCommand):
    """A techhubs command: takes the global options too, and notes before it runs
    whether errors are to be JSON.

    Done here, on the parsed options, rather than with option callbacks:
    Typer inspects every callback's signature at start-up, and one callback
    per command cost every run ~10 ms.
    """

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        own = {p.name for p in params}
        root = ctx.find_root().command
        shared = [p for p in root.params if p.name in GLOBAL_OPTIONS and p.name not in own]
        return [*params, *shared]

    def invoke(self, ctx: Any) -> Any:
        params = ctx.params
        state = session(ctx)
        state.command_path = ctx.command_path
        for name in GLOBAL_OPTIONS:
            value = params.pop(name, None)
            if ctx.get_parameter_source(name) is not None and _given(ctx, name):
                apply_global(state, name, value)
        fmt = params.get("fmt")
        # JSON errors where JSON is the output: --json, -o json, or a --query
        # that no -o turns into another format
        queried = params.get("query") is not None and fmt in (None, Format.json)
        if params.get("as_json") or queried or fmt == Format.json:
            state.json_errors = True
        return super().invoke(ctx)


def _given(ctx: Any, name: str) -> bool:
    """Whether an option was given on the command line (not its default or $VAR)."""
    return str(getattr(ctx.get_parameter_source(name), "name", "")) == "COMMANDLINE"


def apply_global(state: Session, name: str, value: Any) -> None:
    """Set one of techhubs' own options on this run's session."""
    if name == "data":
        if value is not None and not str(value).strip():
            raise UsageError("--data needs the path of a data file, e.g. --data mine.yaml")
        state.data = value
    elif name == "no_color":
        state.color = not value
    elif name == "no_cache":
        state.use_cache = not value
    elif name == "debug":
        state.debug = bool(value)


class App(typer.Typer):
    """The Typer app whose commands are :class:`Command` s."""

    def command(  # the same parameters as Typer.command, passed on
        self, *args: Any, **kwargs: Any
    ) -> Callable[[CommandFunction], CommandFunction]:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


Choice = TypeVar("Choice", bound=enum.Enum)


def shown(choice: enum.Enum) -> str:
    """How a choice is written in help and messages: kebab-case, as indicator ids."""
    return str(choice.value).replace("_", "-")


class BadChoice(typer.BadParameter):
    """A value that is none of an option's choices, with the nearest ones: what a
    --json error lists as its "suggestions" (cli.main), as a name's did-you-mean."""

    def __init__(self, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


def choice(kind: type[Choice], aliases: Mapping[str, Choice] | None = None) -> Callable[[Any], str]:
    """A parser for an option of ``kind``'s values, taken in any spelling (and by
    ``aliases``); anything else is a usage error that names the nearest choice.
    It returns the choice's value, which Typer turns into the member.

    One convention for every choice: kebab-case, as the indicator ids are; the
    JSON keeps its own values (a search hit's kind stays 'focus_area').
    """
    table = {spelled(str(m.value)): m for m in kind}
    table.update({spelled(a): m for a, m in (aliases or {}).items()})

    def parse(value: Any) -> str:
        # The choice's own value: Typer turns it into the enum member.
        if isinstance(value, kind):
            return str(value.value)
        found = table.get(spelled(str(value)))
        if found is not None:
            return str(found.value)
        import difflib

        names = ", ".join(shown(m) for m in kind)
        close = difflib.get_close_matches(spelled(str(value)), list(table), n=1, cutoff=0.5)
        hint = f"; did you mean {shown(table[close[0]])}?" if close else ""
        raise BadChoice(
            f"'{printable(str(value), limit=60)}' is not one of {names}{hint}",
            [shown(table[c]) for c in close],
        )

    return parse


def names_something(names: list[str], what: str, example: str) -> None:
    """A name with no letter or digit ('' or '!!') names nothing: a usage error
    (exit 2), as a filter given no name is, not a name nobody has (exit 1) that a
    search could find (bytes no encoding read, as surrogate escapes, are a name:
    one not found). ``example`` is a command line that names something."""
    from techhubs.core.names import normalize
    from techhubs.text import quoted, undecoded

    for name in names:
        if not normalize(name) and not undecoded(name):
            raise UsageError(
                f"{quoted(printable(name, exact=True))} is no {what}'s name; give one, "
                f"e.g. '{example}'"
            )


def no_blank(values: list[str] | None, option: str, example: str) -> None:
    """A filter given no name ('--city=', or '--city "$CITY"' with CITY empty) is a
    usage error, not "no filter": a script whose variable came out empty must not
    get every record back as the answer to its question."""
    for value in values or ():
        if not value.replace(",", "").strip():
            raise UsageError(
                f"{option} was given no name; give one (e.g. '{option} {example}') or leave it out"
            )


def chosen_all(
    values: list[str] | None,
    kind: type[Choice],
    option: str,
    aliases: Mapping[str, Choice] | None = None,
) -> list[Choice]:
    """A repeatable choice option's values, each of them maybe a comma list
    (``--status established,emerging``), as members; a usage error names the
    option and the nearest choice."""
    parse = choice(kind, aliases)
    out: list[Choice] = []
    for value in values or ():
        for part in (p for p in value.split(",") if p.strip()):
            try:
                member = kind(parse(part))
            except BadChoice as wrong:
                raise UsageError(
                    f"invalid value for '{option}': {wrong.message}", wrong.suggestions
                ) from None
            if member not in out:
                out.append(member)
    return out


def choices(kind: type[enum.Enum]) -> str:
    """The metavar of a choice option: [a|b|c]."""
    return "[" + "|".join(shown(m) for m in kind) + "]"


def complete_choice(kind: type[enum.Enum]) -> Callable[[str], list[str]]:
    """Shell completion of a choice option's values."""
    return lambda incomplete: [shown(m) for m in kind if shown(m).startswith(incomplete)]


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-o",
        help="Output format: table (the default; json with --query), json, yaml, csv or markdown.",
        parser=choice(Format, {"yml": Format.yaml, "md": Format.markdown}),
        metavar=choices(Format),
        autocompletion=complete_choice(Format),
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


def complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """The fields of what this command prints, after any already listed (a,b,c)."""
    from techhubs.output import contract

    command = ctx.info_name or ""
    if ctx.parent is not None and ctx.parent.parent is not None:  # data validate
        command = f"{ctx.parent.info_name} {command}"
    done, _, last = incomplete.rpartition(",")
    head = f"{done}," if done else ""
    return [head + f for f in contract.fields_for_command(command) if f.startswith(last)]


FieldsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Keep only these fields (comma-separated, or --fields again; see 'techhubs "
        "fields KIND').",
        autocompletion=complete_fields,
    ),
]
QueryOpt = Annotated[
    str | None,
    typer.Option(
        "--query",
        metavar="EXPR",
        help="Filter the JSON records with a JMESPath expression, then write the result "
        "in the format asked for (json unless -o says otherwise).",
    ),
]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw", "-r", help="With --query: write strings unquoted, one per line (as jq -r)."
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


PartOpt = Annotated[
    str | None,
    typer.Option(
        "--part",
        metavar="NAME",
        help="csv: the table to write (default: the first); markdown: only this table.",
    ),
]
ReverseOpt = Annotated[
    bool, typer.Option("--reverse", help="Reverse the order (those without a value stay last).")
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace a file this command writes if it exists, keeping its permissions: "
        "a new file takes its place (yours, and no longer hard-linked to other names); "
        "without it an existing file is never touched.",
    ),
]


def sort_field(kind: str, places: bool = False) -> Any:
    """--sort of a list the domain does not order (a ranking, hits, similar hubs):
    any field of its ``kind`` of record, named where every list names its own
    ('techhubs fields KIND'); ``places``: its records hold places, sorted 1 first."""
    return typer.Option(
        "--sort",
        metavar="FIELD",
        help=f"Sort by any field of the records (see 'techhubs fields {kind}'), dotted for a "
        "nested one: numbers largest first"
        + (" (a place, 1 first)" if places else "")
        + ", text A to Z.",
    )


LimitOpt = Annotated[int | None, typer.Option(metavar="N", help="Show at most N.")]


def at_least_one(limit: int | None) -> int | None:
    """--limit, checked: a limit of 0 or less is a mistake, not an empty answer."""
    if limit is not None and limit < 1:
        raise UsageError("--limit must be 1 or more")
    return limit


# -- completion of names ------------------------------------------------------------


#: What a shell reads as more than a character: quotes, spaces, operators.
_SHELL_UNSAFE = frozenset(" \t'\"\\$`!;&|<>()*?[]{}#~")


def _complete(kinds: str | tuple[str, ...], ctx: typer.Context, incomplete: str) -> list[str]:
    """Names of ``kinds`` that start with ``incomplete``; nothing on any error."""
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    return _offer(ctx, incomplete, lambda s: [n for kind in kinds for n in s.spellings(kind)])


def _offer(
    ctx: typer.Context, incomplete: str, candidates: Callable[[Session], list[str]]
) -> list[str]:
    """The ``candidates`` a session of the data asks that start with ``incomplete``,
    as the shell may take them; nothing on any error.

    Uses the data file the command line names (--data or $TECHHUBS_DATA), read
    once for all the candidates (a cold start parses it, and fills the cache, once).
    """
    try:
        session = Session()  # the root callback does not run while completing
        params = ctx.find_root().params
        session.data = params.get("data")
        session.use_cache = not params.get("no_cache")
        session.quiet = True
        names = candidates(session)
        # The run's own session never sees this one: a fill it left for after the
        # answer is handed on here, to the background as the run's would be.
        session.detach = getattr(getattr(ctx.find_root(), "obj", None), "detach", False)
        session.finish()
        # A candidate goes into the user's command line as it is: never a control
        # character, nor a name the shell would read otherwise (Xi'an opened a
        # quote); every one of these has a spelling without (xian, ping-an).
        return [
            name
            for name in names
            if name.startswith(incomplete)
            and name.isprintable()
            and not _SHELL_UNSAFE.intersection(name)
        ]
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_city(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("city", ctx, incomplete)


def complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("company", ctx, incomplete)


def complete_area(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete("focus area", ctx, incomplete)


def complete_any(ctx: typer.Context, incomplete: str) -> list[str]:
    """Cities, companies and focus areas: what compare takes."""
    kinds = ("city", "company", "focus area")
    return _complete(kinds, ctx, incomplete)


def complete_indicator(ctx: typer.Context, incomplete: str) -> list[str]:
    """Indicators, by any name: what a trend follows."""
    return _complete("indicator", ctx, incomplete)


def complete_measure(ctx: typer.Context, incomplete: str) -> list[str]:
    """Indicators (by any name), and the counts a ranking may use."""
    from techhubs.core.kinds import Count, choices_of

    counts = [c for c in choices_of(Count) if c.startswith(incomplete)]
    return complete_indicator(ctx, incomplete) + counts


def complete_sort(holders: str) -> Callable[[typer.Context, str], list[str]]:
    """Shell completion of the --sort of the list of ``holders`` ("cities",
    "companies"): what it takes, not what the other list does ('cities --sort
    revenue' is an error): name, its own indicators by id, then a hub's counts, and
    the fields of its records that hold one number (a company's founding year)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from techhubs.core.kinds import Count, choices_of
        from techhubs.output import contract

        ids = _offer(ctx, incomplete, lambda s: s.indicator_ids(holders))
        counts = choices_of(Count) if holders == "cities" else ()
        fields = [
            row["name"]
            for row in contract.fields_of(holders)[1]
            if "." not in row["name"] and row["type"].split("|")[0] in ("integer", "number")
        ]
        return [c for c in ("name", *ids, *counts, *fields) if c.startswith(incomplete)]

    return complete
