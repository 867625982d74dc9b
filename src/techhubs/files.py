"""Every file techhubs writes: exports, saved pictures and its own cache.

Writing over a user's file is the one way a reference tool can damage data,
so every target is checked before any work is done (it must not exist unless
``--force`` says so, and never be a link, device or pipe).  Every file, the
user's and the cache's alike, is written by :func:`write_atomically`: to a
temporary file beside it, then renamed into place, so a reader never sees
half a file and a failed write leaves nothing behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from techhubs.errors import UsageError
from techhubs.text import printable


def check_target(file: str, force: bool = False, flag: str = "") -> Path:
    """The path to write ``file`` to; UsageError if writing it would be wrong."""
    shown = printable(file)
    if not file.strip():
        raise UsageError(f"{flag or 'the output'} needs a file name")
    target = Path(file)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"'{shown}' is a directory; give a file name to write")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(
                f"'{shown}' is not a regular file (a link, device or pipe); not replacing it"
            )
        if not force:
            raise UsageError(f"'{shown}' exists; add --force to replace it")
    if not target.absolute().parent.is_dir():
        raise UsageError(f"the folder of '{shown}' does not exist")
    return target


def write_atomically(target: Path, fill: Callable[[str], None], private: bool = False) -> None:
    """Create ``target`` by calling ``fill(temporary_path)``, then renaming.

    A user's file gets the permissions ``open()`` would give it; a ``private``
    one (the cache) keeps mkstemp's 0600.  Raises OSError; the temporary file
    never outlives a failure.
    """
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        fill(temp)
        if not private:
            try:  # a file replaced (--force) keeps its permissions
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise


def write_text(target: Path, text: str) -> None:
    """Write a user's file (an export, a picture); UsageError (exit 2) if we cannot."""

    def fill(path: str) -> None:
        Path(path).write_text(text, encoding="utf-8")

    write_output(target, fill)


def write_output(target: Path, fill: Callable[[str], None]) -> None:
    """:func:`write_atomically` for a file the user asked for: failures are exit 2."""
    try:
        write_atomically(target.absolute(), fill)
    except OSError as exc:
        raise UsageError(
            f"cannot write '{printable(str(target))}': {exc.strerror or exc}"
        ) from None
