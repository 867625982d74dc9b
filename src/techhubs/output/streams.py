"""stdout as techhubs writes to it: every failure becomes an error main() knows.

Writing can fail in three ways that are not bugs: the reader went away
(``techhubs cities | head -1``), the disk is full (``> /dev/full``), or the
terminal cannot encode Chinese (``PYTHONIOENCODING=ascii``).  Typer, Click and
Rich each handle a closed pipe their own way (all with exit 1, which we use
for "not found"), so main() wraps stdout once in :class:`GuardedStdout`,
and every writer — our own, Rich, Typer's help — goes through it.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from techhubs.errors import OutputError, StdoutClosed


def _translate(error: OSError) -> Exception:
    if isinstance(error, BrokenPipeError):
        return StdoutClosed()
    return OutputError(error.strerror or str(error))


class GuardedStdout:
    """A text stream that raises StdoutClosed or OutputError instead of OSError."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise _translate(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise _translate(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class ClosedStdout:
    """stdout when techhubs was started without one (``techhubs cities >&-``).

    Only writing to it fails (exit 74, said on stderr), so a command that
    writes nothing there (an export to a file) still works, and an error found
    before any output keeps its own exit code."""

    encoding = "utf-8"
    errors = "strict"
    buffer = None

    def write(self, text: str) -> int:
        raise OutputError("standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("standard output is closed")


class QuietStderr:
    """stderr that never fails: closed (``2>&-``) or full (``2>/dev/full``), a
    message is lost but the exit code stays the documented one. (Unguarded, the
    OSError of writing an error message replaced that error's code with 1.)"""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text) if self._stream is not None else len(text)
        except (OSError, ValueError):
            return len(text)

    def flush(self) -> None:
        try:
            if self._stream is not None:
                self._stream.flush()
        except (OSError, ValueError):
            pass

    def isatty(self) -> bool:
        try:
            return bool(self._stream is not None and self._stream.isatty())
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def is_unicode(stream: Any) -> bool:
    encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("-", "")
    return bool(encoding.startswith("utf"))


def _encodes(text: str, stream: Any) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def write_data(text: str) -> None:
    """Write machine-readable output (YAML, CSV, …) without ever losing a character.

    Tables may degrade to '?' on a terminal that cannot show Chinese; data
    must not (an export read back must equal the data).  JSON and YAML escape
    what the stream cannot carry; anything else still not encodable (CSV,
    Markdown, an export) goes out as UTF-8 bytes.
    """
    if not text.endswith("\n"):
        text += "\n"
    stdout = sys.stdout
    try:
        terminal = stdout.isatty()
    except (OSError, ValueError):
        terminal = False
    if terminal:  # a person is reading: a data file's escape sequences stay inert
        from techhubs.text import on_terminal

        text = on_terminal(text)
    buffer = getattr(stdout, "buffer", None)
    if is_unicode(stdout) or buffer is None or _encodes(text, stdout):
        stdout.write(text)
        stdout.flush()
        return
    try:
        stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except OSError as error:
        raise _translate(error) from None
