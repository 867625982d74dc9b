"""The entry point: run the app, and turn every failure into an exit code.

Exit codes are named in techhubs.errors.ExitCode and mapped from exceptions
here, in one place: an expected failure (a TechhubsError, or Click's usage
errors, which Typer raises as TyperException subclasses) is one sentence on
stderr — or a JSON error object when the command line asked for JSON — and
anything else is a bug, reported as such (exit 70) unless --debug asks for
the trace.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

import typer

from techhubs.cli.session import Session
from techhubs.errors import (
    LOOKUP_COMMAND,
    DataError,
    ExitCode,
    InternalError,
    StdoutClosed,
    TechhubsError,
    Terminated,
    UsageError,
)
from techhubs.text import printable, quoted, switched_on


def _report(error: TechhubsError, as_json: bool) -> None:
    if as_json:
        import json

        payload: dict[str, Any] = {
            "code": error.code,
            # The same sanitiser as the text errors: no bidi override, C1 control
            # or escape sequence reaches a terminal through a JSON error either.
            "message": printable(error.message, limit=2000),
            "suggestions": [printable(s, limit=200) for s in error.suggestions],
        }
        if isinstance(error, DataError):
            payload["problems"] = [
                {
                    "line": p.line,
                    "path": printable(p.path, limit=400),
                    "message": printable(p.message, limit=2000),
                }
                for p in error.problems
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


def _as_typed(arg: str) -> str:
    """An argument as the user typed it: in a locale that is not UTF-8 (LANG=C),
    Python hands over a UTF-8 argument's bytes as surrogate escapes, so
    '西安' matched nothing; they are decoded as the UTF-8 they are, when they are."""
    if arg.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in arg):
        return arg
    try:
        return arg.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        return arg  # not UTF-8 either: left as it came, and reported as it is


def main(argv: list[str] | None = None, *, detach: bool = False) -> int:
    """Run techhubs; return its exit code (the README's table).

    ``detach`` (the console command only): a run that fills the cache after its
    answer may leave that to a process of its own (techhubs.cli.background)."""
    from techhubs.output.streams import ClosedStdout, GuardedStdout, QuietStderr

    args = [_as_typed(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    original_stdout, original_stderr = sys.stdout, sys.stderr
    sys.stderr = QuietStderr(original_stderr)
    _prepare_streams()
    # Started with stdout closed (techhubs cities >&-): only a write to it fails.
    sys.stdout = GuardedStdout(original_stdout) if original_stdout is not None else ClosedStdout()
    previous = _on_termination()
    state = Session()
    state.detach = detach
    try:
        return _run(args, state)
    finally:
        sys.stdout, sys.stderr = original_stdout, original_stderr
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _on_termination() -> dict[int, Any]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated`, as Python turns SIGINT
    into KeyboardInterrupt, so a write in progress cleans up after itself.
    Returns the handlers replaced, to be put back (main() may run in-process)."""

    def stop(signum: int, frame: object) -> None:
        raise Terminated(signum)

    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave be
            previous[signum] = signal.signal(signum, stop)
    return previous


def _run(args: list[str], state: Session) -> int:
    """main() without the stream set-up: every exit code of the README's table.

    ``state`` is this run's Session: the commands fill it in as they parse
    (--debug, and whether JSON was asked for), so the handlers below know how
    to report an error that escapes from anywhere.
    """
    from techhubs.cli.commands import command as click_command
    from techhubs.cli.lazy import LOOKED_UP

    LOOKED_UP.clear()  # this run's (a test runs many in one process)
    state.args = list(args)
    command: Any = None
    try:
        # background.FILL_ENV and loader.MAX_ENV, read here without importing the modules
        # a warm run needs not: a bad value fails every run alike, cached or not, loading
        # data or not
        if os.environ.get("TECHHUBS_FILL"):
            from techhubs.cli.background import fills_later

            fills_later(0)
        if os.environ.get("TECHHUBS_MAX_DATA_MIB"):
            from techhubs.loader import max_file_bytes

            max_file_bytes()
        command = click_command()
        result = command.main(args=args, prog_name="techhubs", standalone_mode=False, obj=state)
        code = result if isinstance(result, int) else ExitCode.OK
        state.finish()  # the answer is out: fill the cache, if it was left for now
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into a quiet exit 130
            sys.stderr.write("techhubs: interrupted\n")
        return code
    except TechhubsError as error:
        _report(_with_help(error, state.command_path), state.json_errors)
        _finish_anyway(state)  # a name not found: the data it loaded is worth keeping
        return error.exit_code
    except typer.TyperException as error:  # Click's usage errors, as Typer raises them
        # Parsing stopped before the output options were read: the words say.
        json_errors = state.json_errors or _asks_for_json(command, args)
        message = _name_for_a_command(error, state) or _usage_message(error, args)
        _report(UsageError(message, _suggested(error)), json_errors)
        return ExitCode.USAGE if error.exit_code == ExitCode.USAGE else error.exit_code
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("techhubs: interrupted\n")
        return ExitCode.INTERRUPTED
    except Terminated as stopped:
        hung_up = stopped.signum == getattr(signal, "SIGHUP", None)
        sys.stderr.write(f"techhubs: {'hung up' if hung_up else 'terminated'}\n")
        return ExitCode.HUNG_UP if hung_up else ExitCode.TERMINATED
    except (StdoutClosed, BrokenPipeError):
        # The reader went away (`techhubs cities | head -1`): the interpreter's
        # final flush must not complain either.
        from techhubs.output.streams import silence

        silence(sys.stdout)
        _finish_anyway(state)  # the reader went away, not the data
        return ExitCode.STDOUT_CLOSED
    except Exception as error:  # a bug: one line, and how to see the trace
        if state.debug or switched_on(os.environ.get("TECHHUBS_DEBUG")):
            import traceback

            traceback.print_exc()
            return ExitCode.INTERNAL
        message = (
            f"internal error: {type(error).__name__}: {printable(str(error))}. "
            "This is a bug; run again with --debug (or TECHHUBS_DEBUG=1) for the full trace"
        )
        if state.json_errors:
            _report(InternalError(message), True)
        else:
            sys.stderr.write(f"techhubs: {message}.\n")
        return ExitCode.INTERNAL


def _finish_anyway(state: Session) -> None:
    """Fill the cache a run left for after its answer, when the run ended in an
    error it reported: silently, as every cache write is (its exit code stands)."""
    with contextlib.suppress(Exception):
        state.finish()


def _with_help(error: TechhubsError, command_path: str) -> TechhubsError:
    """An option's bad value, as a command found it, says where to read more, as
    Click's own usage errors do ("… Run 'techhubs cities --help' for usage.");
    one that already says what to run next is left as it is."""
    message = error.message
    if not (isinstance(error, UsageError) and command_path):
        return error
    # "invalid value for '--x': …", "--limit must be …", "unknown field 'x' …": what
    # an option was given (a sentence that names a command to run already says more)
    about_an_option = message.startswith(("invalid value for '", "--", "unknown field '"))
    if not about_an_option or "run '" in message.lower():
        return error
    stop = "" if message.endswith((".", "?", "!")) else "."
    return UsageError(f"{message}{stop} Run '{command_path} --help' for usage.", error.suggestions)


def _asks_for_json(command: Any, args: list[str]) -> bool:
    """Whether the command line asks for JSON (--json, -o json, or a --query with
    no -o), when parsing stopped before the options were read: a parse error then
    answers in JSON as every other error of the run would.

    Click's own parser reads them again, told to stop at nothing (as it does for
    completion) and to step over an option it does not know.
    """
    from techhubs.output import Format

    try:
        lenient = {"resilient_parsing": True, "ignore_unknown_options": True}
        ctx = command.make_context("techhubs", list(args), **lenient)
        while hasattr(ctx.command, "resolve_command"):
            # what a group left for its command (Click 8.2 keeps its name apart)
            held = "_protected_args" if hasattr(ctx, "_protected_args") else "protected_args"
            left = [*getattr(ctx, held), *ctx.args]
            if not left:
                break
            name, sub, rest = ctx.command.resolve_command(ctx, left)
            if sub is None:
                break
            ctx = sub.make_context(name, rest, parent=ctx, **lenient)
        fmt = ctx.params.get("fmt")
        queried = ctx.params.get("query") is not None and fmt is None
        return bool(ctx.params.get("as_json")) or fmt == Format.json or queried
    except Exception:  # a second look must never hide the first error
        return False


def _suggested(error: typer.TyperException) -> list[str]:
    """What a usage error suggests, for a --json error's "suggestions": a choice's
    nearest value (options.choice), or the option Click found close to a typo."""
    from techhubs.cli.options import BadChoice

    if isinstance(error, BadChoice):
        return error.suggestions
    possibilities = getattr(error, "possibilities", None)
    if _misplaced(error) is not None:  # the message says where it goes, not what is near
        return []
    if getattr(error, "option_name", None) and possibilities:
        return [str(possibilities[0])]
    return []


def _misplaced(error: typer.TyperException, named: Sequence[str] = ()) -> str | None:
    """The command whose option was given before it (`techhubs --json cities`,
    `techhubs data --json validate`): one ``named`` on the command line if it has
    the option, else the first in help's order that does; None if none does.
    Read from the commands themselves, which only a usage error pays for loading."""
    ctx = getattr(error, "ctx", None)
    option = getattr(error, "option_name", None)
    if option is None or ctx is None or not hasattr(ctx.command, "list_commands"):
        return None  # only a group (techhubs, or 'data' and 'cache') has commands after it
    from techhubs.cli.commands import loaded

    group = typer.main.get_command(loaded())
    path = ctx.command_path.split()[1:]  # 'techhubs data' -> ['data']
    for word in path:
        group = group.get_command(ctx, word)  # type: ignore[attr-defined]
    every = list(group.list_commands(ctx))  # type: ignore[attr-defined]
    for name in sorted(every, key=lambda name: name not in named):  # the one named first
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        if any(option in param.opts for param in getattr(command, "params", ())):
            return " ".join([*path, str(name)])
    return None


def _name_for_a_command(error: typer.TyperException, state: Session) -> str | None:
    """'techhubs shenzhen' (a name where a command goes): the lookup to run instead,
    when the word names a hub, company or area and is no command's misspelling;
    else None. Asked only on this error, so no run that parses pays for it."""
    import re

    found = re.fullmatch(r"No such command (['\"])(.+)\1\.", error.format_message())
    if found is None or not found.group(2).strip():
        return None
    word = found.group(2)
    try:
        kinds = state.kinds_of([word])[0]
    except TechhubsError:  # no data to ask (a broken file says so when it is used)
        return None
    from techhubs.text import shell_word

    typed = printable(shell_word(word))
    runs = [quoted(f"techhubs {LOOKUP_COMMAND[k]} {typed}") for k in LOOKUP_COMMAND if k in kinds]
    if not runs:
        return None
    return f"no such command {quoted(printable(word, 80))}; to look it up, run {' or '.join(runs)}."


def _format_asked(option: str | None, ctx: Any) -> str | None:
    """The output format an unknown option like --csv or --yaml asks for, where the
    command takes --format (only --json is a shorthand): 'csv', 'yaml'…; else None."""
    from techhubs.output import Format

    if not option or not option.startswith("--") or ctx is None:
        return None
    word = option[2:].lower()
    word = {"yml": "yaml", "md": "markdown"}.get(word, word)
    takes_format = any("--format" in param.opts for param in ctx.command.params)
    return word if takes_format and word in {f.value for f in Format} else None


def _usage_message(error: typer.TyperException, args: Sequence[str] = ()) -> str:
    """Click's usage error as one sentence that says what to do next."""
    import re

    ctx = getattr(error, "ctx", None)
    option = getattr(error, "option_name", None)
    if option and ctx is not None and ctx.parent is not None:
        for param in ctx.find_root().command.params:
            if option in param.opts:
                usage = option
                if not getattr(param, "is_flag", False):
                    usage += f" {param.metavar or 'VALUE'}"
                return (
                    f"{option} belongs to techhubs itself: put it before the "
                    f"command, e.g. 'techhubs {usage} {ctx.info_name} ...'."
                )
    possibilities = getattr(error, "possibilities", None)
    owner = _misplaced(error, args)
    if owner is not None:
        return (
            f"{option} is an option of the commands: put it after the command, "
            f"e.g. 'techhubs {owner} {option}{'' if option == '--json' else ' ...'}'."
        )
    wanted = _format_asked(option, ctx)
    if wanted is not None:
        message = f"no such option {option}; for {wanted} use '-o {wanted}' (--format {wanted})."
    elif option and possibilities:
        message = f"no such option {option}; did you mean {possibilities[0]}?"
    else:
        message = " ".join(error.format_message().split())
        # a value is echoed as other errors echo it: its first 80 characters
        message = re.sub(r"'([^']{80})[^']+'", r"'\1…'", message)
        message = printable(re.sub(r'"([^"]{80})[^"]+"', r'"\1…"', message), limit=400)
        # Click names an option by all its names ("'--part' / '--kind'"): the first
        # is the one the help shows
        message = re.sub(r"('--?[\w-]+')(?: / '--?[\w-]+')+", r"\1", message)
        # Click lists the empty string first among a flag's words (', 0, 1, f, …')
        message = re.sub(
            r"is not a valid boolean\. Recognized values: [^.]*\.?",
            "is not a valid boolean; use 1 or 0, true or false, yes or no, on or off.",
            message,
        )
        # Click names its types ('is not a valid int range'): say what is wanted
        message = re.sub(
            r"is not a valid int(?:eger)?(?: range)?\b", "is not a whole number", message
        )
        message = re.sub(
            r"is not in the range (-?\d+)<=x<=(-?\d+)", r"is not from \1 to \2", message
        )
        message = re.sub(r"is not in the range x>=(-?\d+)", r"is less than \1", message)
        message = message[:1].lower() + message[1:]
        # as the sentences above word it: "no such option --yaml", not "no such option: --yaml"
        message = message.replace("no such option: ", "no such option ", 1)
        # "no such command 'citi'; did you mean 'cities' or 'city'?", as the option's
        # and every other did-you-mean read (Click: ". Did you mean 'cities', 'city'?")
        close = re.match(r"(no such command '[^']*')\. Did you mean (.+)\?$", message)
        if close is not None:
            *first, last = close.group(2).split(", ")
            either = f"{', '.join(first)} or {last}" if first else last
            message = f"{close.group(1)}; did you mean {either}?"
        if message and message[-1] not in ".?!":
            message += "."
    if ctx is not None:
        where = ctx.command_path
    else:  # (an option's missing value): the command whose words were being read
        from techhubs.cli.lazy import LOOKED_UP

        where = " ".join(["techhubs", *LOOKED_UP])
    return f"{message} Run '{where} --help' for usage."
