"""Every file techhubs writes: exports, saved pictures and its own cache.

Writing over a user's file is the one way a reference tool can damage data,
so every target is checked before any work is done (it must not exist unless
``--force`` says so, and never be a link, device or pipe).  Every file, the
user's and the cache's alike, is written by :func:`write_atomically`: to a
temporary file beside it, then renamed into place, so a reader never sees
half a file and a failed write leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from techhubs.errors import OutputError, UsageError
from techhubs.text import printable


def check_target(file: str, force: bool = False, flag: str = "") -> Path:
    """The path to write ``file`` to; UsageError if writing it would be wrong."""
    shown = printable(file, exact=True)
    if not file.strip():
        raise UsageError(f"{flag or 'the output'} needs a file name")
    target = Path(file)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:  # a name too long, a folder in the path that is a file…
        reason = (error.strerror or str(error)).lower()
        raise UsageError(f"cannot write '{shown}': {reason}; give another file name") from None
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


#: Every temporary file techhubs writes is named so, beside its target: short
#: enough that any valid target name works, and known, so that one left by a
#: killed run can be recognised and swept (:func:`sweep`).
TEMP_PREFIX = ".techhubs-"
TEMP_SUFFIX = ".tmp"


def write_atomically(
    target: Path, fill: Callable[[str], None], private: bool = False, replace: bool = True
) -> None:
    """Create ``target`` by calling ``fill(temporary_path)``, then publishing it.

    A user's file gets the permissions ``open()`` would give it, or those of the
    file it replaces; a ``private`` one (the cache) keeps mkstemp's 0600.
    Without ``replace``, a file that appeared at ``target`` since it was checked
    is never replaced (FileExistsError). Raises OSError; the temporary file
    never outlives a failure.
    """
    sweep(target.parent, legacy=target.name)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
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
        if replace:
            os.replace(temp, target)
        else:
            _publish_new(temp, target)
    except BaseException:
        for leftover in (temp, f"{temp}-journal"):  # and SQLite's journal beside it
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
        raise


def _publish_new(temp: str, target: Path) -> None:
    """Move ``temp`` to ``target`` only if nothing is there: a hard link fails
    when the name is taken, where a rename would silently replace."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network or FAT file systems):
        # claim the name first, so a file made meanwhile is never replaced
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(temp, target)
        return
    os.unlink(temp)


def sweep(folder: Path, older_than: float = 3600.0, legacy: str | None = None) -> None:
    """Remove temporary files of ours that a killed run left in ``folder``
    (only those over ``older_than`` seconds old: a run writing now still owns
    its own). ``legacy`` names a target whose temporaries techhubs 1.0 named
    after it (``.NAME-XXXXXXXX.tmp``, as mkstemp made them): those go too, as do
    the cache files' (names no one else writes: ``.dataset-<40 hex>.json-…``)."""
    import re
    import time

    old = re.compile(
        r"\.(?:" + (re.escape(legacy) if legacy else "(?!)") + r"|(?:dataset|records)-[0-9a-f]{40}"
        r"\.(?:json|sqlite))-[a-z0-9_]{8}\.tmp(?:-journal)?"
    )
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        ours = name.startswith(TEMP_PREFIX) and name.endswith((TEMP_SUFFIX, "-journal"))
        if not (ours or old.fullmatch(name)):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                os.unlink(entry.path)


def write_text(target: Path, text: str, force: bool = False) -> None:
    """Write a user's file (an export, a picture); UsageError (exit 2) if we cannot."""

    def fill(path: str) -> None:
        Path(path).write_text(text, encoding="utf-8")

    write_output(target, fill, force)


def write_output(target: Path, fill: Callable[[str], None], force: bool = False) -> None:
    """:func:`write_atomically` for a file the user asked for. A file that
    appeared meanwhile is kept unless ``force`` (exit 2); a write that fails
    on the way — a full disk — is exit 74, leaving nothing behind."""
    import errno

    try:
        write_atomically(target.absolute(), fill, replace=force)
    except FileExistsError:
        raise UsageError(
            f"'{printable(str(target))}' was created while techhubs was writing it; "
            "not replacing it (add --force to replace it)"
        ) from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG):
            raise OutputError(f"'{printable(str(target))}': {exc.strerror or exc}") from None
        raise UsageError(
            f"cannot write '{printable(str(target))}': {exc.strerror or exc}"
        ) from None
