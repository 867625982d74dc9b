"""stdout as techhubs writes to it: every failure becomes an error main() knows.

Writing can fail in three ways that are not bugs: the reader went away
(``techhubs cities | head -1``), the disk is full (``> /dev/full``), or the
terminal cannot encode Chinese (``PYTHONIOENCODING=ascii``).  Typer, Click and
Rich each handle a closed pipe their own way (all with exit 1, which we use
for "not found"), so main() wraps stdout once in :class:`GuardedStdout`,
and every writer — our own, Rich, Typer's help — goes through it.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from techhubs.errors import OutputError, StdoutClosed


def _translate(error: OSError) -> Exception:
    if isinstance(error, BrokenPipeError):
        return StdoutClosed()
    return OutputError(error.strerror or str(error))


class GuardedStdout:
    """A text stream that raises StdoutClosed or OutputError instead of OSError, and
    that writes every byte or fails: where the text layer would drop the rest of a
    short write, it writes to the descriptor itself (:func:`_direct_fd`)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._fd = _direct_fd(stream)

    def write(self, text: str) -> int:
        try:
            if self._fd is None:
                return self._stream.write(text)
            self._stream.flush()  # anything the text layer holds goes first
            encoding = getattr(self._stream, "encoding", None) or "utf-8"
            errors = getattr(self._stream, "errors", None) or "strict"
            _write_fully(self._fd, text.encode(encoding, errors))
            return len(text)
        except OSError as error:
            raise _translate(error) from None

    def write_bytes(self, data: bytes) -> None:
        """Bytes below the text layer (data a stream's encoding cannot carry)."""
        try:
            self._stream.flush()
            if self._fd is not None:
                _write_fully(self._fd, data)
                return
            self._stream.buffer.write(data)
            self._stream.buffer.flush()
        except OSError as error:
            raise _translate(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise _translate(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _direct_fd(stream: TextIO) -> int | None:
    """stdout's descriptor, when its text layer would lose output; else None.

    Unbuffered (``python -u``, ``PYTHONUNBUFFERED``, common in containers), the text
    layer sits on the raw file and ignores a short write: when a pipe's reader
    went away mid-write, the rest was dropped with exit 0, not 141. Non-blocking
    (a parent's choice), a full pipe dropped the rest or failed the run. POSIX
    only: elsewhere the text layer also translates line endings."""
    import io

    if os.name != "posix":
        return None
    try:
        fd = stream.fileno()
        blocking = os.get_blocking(fd)
    except (AttributeError, OSError, ValueError):
        return None
    unbuffered = isinstance(getattr(stream, "buffer", None), io.RawIOBase)
    return fd if unbuffered or not blocking else None


def _write_fully(fd: int, data: bytes) -> None:
    """Every byte of ``data`` to ``fd``, waiting while a non-blocking pipe is full;
    a reader that went away is BrokenPipeError (exit 141), as for the text layer."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            import select

            select.select([], [fd], [])
            continue
        view = view[written:]


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
            self._give_up()
            return len(text)

    def flush(self) -> None:
        try:
            if self._stream is not None:
                self._stream.flush()
        except (OSError, ValueError):
            self._give_up()

    def _give_up(self) -> None:
        """Send the rest to /dev/null: a buffered message that could not be written
        stays in the buffer, and the interpreter's last flush of it failed the run
        with exit 120 (seen only without PYTHONUNBUFFERED: a buffered stderr)."""
        if self._stream is not None:
            silence(self._stream)

    def isatty(self) -> bool:
        try:
            return bool(self._stream is not None and self._stream.isatty())
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def silence(stream: Any) -> None:
    """Point ``stream``'s descriptor at /dev/null, so that nothing written to it
    later — the interpreter's last flush included — can fail the run."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


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
    if isinstance(stdout, GuardedStdout):
        stdout.write_bytes(text.encode("utf-8"))
        return
    try:
        stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    except OSError as error:
        raise _translate(error) from None
