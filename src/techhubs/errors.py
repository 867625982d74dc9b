"""The errors techhubs expects, each tied to a documented exit code.

Every failure a user can cause is one of these; the CLI turns them into one
sentence on stderr (or a JSON error object) and the matching exit code.  Any
other exception is a bug and is reported as such (exit 70).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import NamedTuple

from techhubs.text import printable, quoted, shell_word, undecoded


class ExitCode(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    DATA = 3
    INTERNAL = 70  # EX_SOFTWARE from sysexits.h: a bug in techhubs
    OUTPUT = 74  # EX_IOERR from sysexits.h: stdout could not be written
    HUNG_UP = 129  # 128 + SIGHUP: the terminal went away
    INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
    STDOUT_CLOSED = 141  # 128 + SIGPIPE, as shells report a closed pipe
    TERMINATED = 143  # 128 + SIGTERM: asked to stop (kill, a service manager)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: raised where the program is, so every ``finally``
    and cleanup runs (a half-written file is removed) as for Ctrl-C. Not an
    ``Exception``: nothing that catches errors may swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class TechhubsError(Exception):
    """Base of every expected failure."""

    exit_code: ExitCode = ExitCode.INTERNAL
    code: str = "error"

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []


class InternalError(TechhubsError):
    """A bug in techhubs, reported as such (exit 70)."""

    exit_code = ExitCode.INTERNAL
    code = "internal"


class StdoutClosed(Exception):
    """The reader of stdout went away (``techhubs cities | head -1``).

    Raised in place of BrokenPipeError (see techhubs.output.streams), which Typer,
    Click and Rich would otherwise each turn into exit 1 ("not found").
    """


class OutputError(TechhubsError):
    """stdout could not be written: a full disk, a device error (exit 74)."""

    exit_code = ExitCode.OUTPUT
    code = "output"

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write the output: {reason}")


class NotRemovedError(TechhubsError):
    """Files that could not be removed (a read-only folder; a folder where a file
    was): exit 74, as for a file that cannot be written."""

    exit_code = ExitCode.OUTPUT
    code = "output"


#: The command that looks up each kind of entity a name may name.
LOOKUP_COMMAND = {"city": "city", "company": "company", "focus area": "area"}


class NotFoundError(TechhubsError):
    """A name that resolves to nothing (exit 1)."""

    exit_code = ExitCode.NOT_FOUND
    code = "not_found"

    def __init__(
        self,
        kind: str,
        name: str,
        suggestions: list[str],
        shown: list[str] | None = None,
        elsewhere: str | None = None,
    ) -> None:
        """``suggestions`` are ids (for --json errors); ``shown`` how the message
        names them, e.g. in Chinese for a Chinese query; ``elsewhere`` the kind the
        name does belong to, if any."""
        shown_name = quoted(printable(name, exact=True))  # a tab shown as \t, as typed
        typed = printable(shell_word(name))
        message = f"no {kind} called {shown_name}"
        if elsewhere is not None:
            see = quoted(f"techhubs {LOOKUP_COMMAND[elsewhere]} {typed}")
            message += f"; {shown_name} is a {elsewhere} (see {see})"
        elif suggestions:
            message += "; did you mean " + " or ".join(shown or suggestions) + "?"
        else:
            plural = "cities" if kind == "city" else ("companies" if kind == "company" else "areas")
            message += f"; run 'techhubs {plural}' to see them all"
            # a district, a nickname or a field is found by search, not by a name: a
            # search that can be run as it is written (a word that search takes,
            # whole, and not read as an option)
            word = shell_word(name)
            if (undecoded(name) or any(ch.isalnum() for ch in name)) and len(word) <= 80:
                dashes = "-- " if name.startswith("-") else ""  # quoted or not
                search = quoted(f"techhubs search {dashes}{word}")
                message += f", or {search} to look for it anywhere"
            message += "."
        super().__init__(message, suggestions)
        self.kind = kind
        self.name = name
        self.elsewhere = elsewhere


class NoMatchError(TechhubsError):
    """A search that found nothing (exit 1, like grep)."""

    exit_code = ExitCode.NOT_FOUND
    code = "no_match"

    def __init__(
        self, query: str, elsewhere: str | None = None, suggestions: list[str] | None = None
    ) -> None:
        """``elsewhere``: what matches among the kinds --kind left out, in words;
        ``suggestions``: names close to the query (a typo's did-you-mean)."""
        if elsewhere is not None:  # --kind left out what matched
            super().__init__(
                f"nothing of the kinds asked for matches '{printable(query)}' (it matches "
                f"{elsewhere}); drop --kind to see every hit"
            )
            return
        if suggestions:
            shown = " or ".join(quoted(printable(s)) for s in suggestions)
            super().__init__(
                f"nothing matches '{printable(query)}'; did you mean {shown}?", suggestions
            )
            return
        super().__init__(
            f"nothing matches '{printable(query)}'; try fewer or other words, "
            "or browse with 'techhubs cities'"
        )


class UsageError(TechhubsError):
    """Arguments that cannot be acted on (exit 2)."""

    exit_code = ExitCode.USAGE
    code = "usage"


def named_once(found: Iterable[tuple[str, str, str]], then: str = "") -> None:
    """UsageError when two of the names given are one entity ('sz' and 'shenzhen'):
    each of ``found`` is (the name as given, the entity's id, its name); ``then``
    ends the sentence with what to do. (compare, trend and the lookups.)"""
    seen: dict[str, str] = {}
    for name, ident, entity in found:
        if ident in seen:
            raise UsageError(
                f"'{printable(seen[ident])}' and '{printable(name)}' are both {entity}{then}"
            )
        seen[ident] = name


class Problem(NamedTuple):
    """One thing wrong with a data file, with its place."""

    path: str
    message: str
    line: int | None = None

    def render(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line is not None else file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(TechhubsError):
    """A data file that cannot be used (exit 3); lists every problem found."""

    exit_code = ExitCode.DATA
    code = "data"

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        file = printable(file, limit=None, exact=True)  # as typed: a line break as \n
        if len(problems) == 1:
            message = f"cannot use data file: {problems[0].render(file)}"
        else:
            message = f"cannot use data file {file}: {len(problems)} problems"
        super().__init__(message)

    def details(self) -> list[str]:
        return [p.render(self.file) for p in self.problems]
