"""Work done after the answer: filling the cache in a process of its own.

A run on a big data file spends most of a cold start writing the cache (every
record, the search rows, their sums, the SQLite file: about three quarters of
it at 100x), none of which the answer needs. So such a run answers first and
leaves the filling to a child process, as git leaves its automatic gc: the
command returns, the shell prompt comes back, and the next run finds the cache
filled. The child is in a session of its own (a Ctrl-C at the terminal is not
for it), with stdin, stdout and stderr on /dev/null and every other inherited
descriptor closed (a pipe reading the command's output ends when the command
does, and nothing it does can print), in the root folder, and it leaves by
``os._exit``, never through the parent's exit handlers. It waits its turn behind
another fill at most ``Session``'s FILL_PATIENCE, and a parent that is PID 1
never gets one (a container's main program may never reap it).

Only the console command does this (``techhubs.entry``): ``main()`` run in a
process that goes on (a test, a library user) fills the cache itself, after
the answer. And only on POSIX; elsewhere, or when no child can be started, the
run fills the cache before it ends, as a small data file always does.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

#: Environment variable choosing when the cache is filled: ``now`` (before the
#: run ends), ``later`` (after the answer, in the background) or ``auto``.
FILL_ENV = "TECHHUBS_FILL"
#: With ``auto`` (the default), a data file this big or bigger is filled later:
#: below it filling takes a fraction of a second (the bundled file is ~240 KB).
LATER_FROM_BYTES = 4 * 2**20


def fills_later(size: int) -> bool:
    """Whether a run on a data file of ``size`` bytes fills the cache after its
    answer (:data:`FILL_ENV`); UsageError for a value it does not know."""
    raw = os.environ.get(FILL_ENV, "")
    given = raw.strip().lower()
    if given in ("", "auto"):
        return size >= LATER_FROM_BYTES
    if given in ("now", "later"):
        return given == "later"
    from techhubs.errors import UsageError
    from techhubs.text import printable

    raise UsageError(
        f"{FILL_ENV} must be now, later or auto (the default), not '{printable(raw, 40)}'"
    )


def detach(work: Callable[[], None]) -> bool:
    """Start ``work`` in a child process of its own and return at once: True in the
    parent once the child is started, False when it could not be (no fork here,
    or the system refused one) and nothing was done. The child never returns."""
    fork = getattr(os, "fork", None)
    if fork is None or os.getppid() == 1:
        # a parent that is PID 1 (a container's main program) may never reap the
        # orphan: a zombie a fill, for the container's life
        return False
    for stream in (sys.stdout, sys.stderr):
        # what the answer wrote must not be written twice, nor lost
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    try:
        pid = fork()
    except OSError:
        return False
    if pid:
        return True
    code = 0
    try:
        os.setsid()
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(quiet, fd)
        # nor any other descriptor the caller handed down (a pipe on fd 3 whose
        # reader waits for its end): the fill opens what it writes itself
        os.closerange(3, _open_max())
        os.chdir("/")  # nor the caller's folder, which it may mean to remove or unmount
        work()
    except BaseException:  # nobody is left to tell; the next run rebuilds what is missing
        code = 1
    finally:
        os._exit(code)


def _open_max() -> int:
    """One past the highest file descriptor the process may have open."""
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (AttributeError, OSError, ValueError):
        return 65536
