"""Files techhubs writes on request: exports and saved pictures.

Writing over a user's file is the one way a reference tool can damage data,
so every target is checked before any work is done (it must not exist unless
``--force`` says so, and never be a link, device or pipe), and written
atomically: to a temporary file beside it, then renamed into place, with the
permissions a newly created file would get.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from techhubs.errors import UsageError, printable


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
            hint = "add --force to replace it" if flag == "" else "choose another name or remove it"
            raise UsageError(f"'{shown}' exists; {hint}")
    if not target.absolute().parent.is_dir():
        raise UsageError(f"the folder of '{shown}' does not exist")
    return target


def write_atomically(target: Path, fill: Callable[[str], None]) -> None:
    """Create ``target`` by calling ``fill(temporary_path)``, then renaming.

    UsageError (exit 2) when the folder cannot be written.
    """
    folder = target.absolute().parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            fill(temp)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)  # as open() would create it, not mkstemp's 0600
            os.replace(temp, target)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError as exc:
        raise UsageError(
            f"cannot write '{printable(str(target))}': {exc.strerror or exc}"
        ) from None


def write_text(target: Path, text: str) -> None:
    def fill(path: str) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)

    write_atomically(target, fill)
