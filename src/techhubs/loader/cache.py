"""The cache, all of it: parsed data files, and ready-made records for lookups.

Two shortcuts, kept under ``$XDG_CACHE_HOME/techhubs`` (``~/.cache/techhubs``)
and keyed alike by a hash of the data file's bytes, the techhubs version and
the code that produces them (a warm run finds that key by the file's identity,
without reading the file: see "keys by file identity" below):

* **the dataset cache** (``dataset-KEY.json``): the parsed data file as JSON.
  Parsing YAML costs more than everything else a run does (importing PyYAML
  alone is ~15 ms), so later runs read the JSON instead.  It is written only
  from a file that validated, by the code its key names, with a checksum: so
  it is built without validating it again (``schema.build_trusted``), and a
  corrupt, truncated or altered file is ignored.
* **the record store** (``records-KEY.sqlite``): every city's, company's and
  focus area's finished record (as the JSON a lookup prints), and every name it
  answers to; the default lists, completion names and search rows too.  Scripts
  call ``techhubs city X --json`` in loops, and that one question must not cost
  building the whole dataset (which grows with the data): a lookup is two
  indexed queries, whatever the size.  The store knows nothing of records: the
  caller hands it rows (techhubs.cli.session).

JSON and SQLite text, never pickle or marshal: a cache file cannot run code.
Both are written with techhubs.files.write_atomically, so two processes
filling the cache at once both succeed, and every failure to read or write is
silent: the cache is only ever a shortcut.  A missing, unreadable or damaged
store raises :class:`StoreBroken`, and the caller rebuilds it.  ``--no-cache``
or ``TECHHUBS_NO_CACHE=1`` bypasses both.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from techhubs import __version__
from techhubs.core.names import core

try:  # the C type itself: importing hashlib costs ~2 ms of a warm run
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b as _blake2b

NO_CACHE_ENV = "TECHHUBS_NO_CACHE"
#: Bumped whenever the cached forms change meaning.
CACHE_FORMAT = 19


def enabled() -> bool:
    """Whether the cache may be used: not switched off, and its folder is safe."""
    from techhubs.text import switched_on

    return not switched_on(os.environ.get(NO_CACHE_ENV)) and refusal() is None


def _base() -> Path | None:
    """The user's cache folder, as the XDG base-directory spec says: an absolute
    $XDG_CACHE_HOME (a relative one is ignored), else $HOME/.cache; an empty or
    relative $HOME gives way to the home in the password database. None when
    there is no home to be had."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg)
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError, OSError):
            home = ""
    return Path(home) / ".cache" if os.path.isabs(home) else None


def directory() -> Path:
    """techhubs' own cache folder (under a path that cannot exist when there is
    no home to keep it in: :func:`refusal` then says so)."""
    return (_base() or Path(os.devnull)) / "techhubs"


_REFUSALS: dict[Path, str | None] = {}


def refusal() -> str | None:
    """Why the cache folder must not be trusted, or None when it may be.

    As ssh and gpg do: the folder must be a real folder (no link) owned by the
    user running techhubs and writable by nobody else — otherwise another user
    sharing the cache could plant files that techhubs would show as data.
    A missing folder is fine: it is created 0700 when first written.
    """
    folder = directory()
    if _base() is None:
        return "there is no home folder to keep it in (HOME is not set)"
    if folder not in _REFUSALS:
        _REFUSALS[folder] = _judge(folder)
    return _REFUSALS[folder]


def unwritable() -> str | None:
    """Why the cache folder cannot be written (and so is never used), or None:
    a file in its way, or a parent that is no folder or refuses a new one. A run
    then goes without the cache, silently; 'cache info' says why."""
    folder = directory()
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        dangling = next((p for p in (folder, *folder.parents) if p.is_symlink()), None)
        if dangling is not None:  # on the way, a link to nothing: no folder is made
            return f"{dangling} is a link that leads nowhere"
        parent = next((p for p in folder.parents if p.exists()), None)
        if parent is None or not parent.is_dir():
            return f"{parent or folder} is not a folder"
        if not os.access(parent, os.W_OK | os.X_OK):
            return f"no folder can be made in {parent}"
        return None
    except OSError as exc:
        return f"it cannot be reached ({exc.strerror or exc})"
    import stat

    if not stat.S_ISDIR(info.st_mode):
        return "a file of that name is in its way"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "it cannot be written"
    return None


def _judge(folder: Path) -> str | None:
    import stat

    try:
        info = os.lstat(folder)
    except OSError:  # missing, or unreachable: nothing can be read from it either
        return None
    if stat.S_ISLNK(info.st_mode):
        return "it is a link, which could lead anywhere"
    if not stat.S_ISDIR(info.st_mode):
        return None  # a file in the way: the cache cannot be written, and reads find nothing
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "it belongs to another user"
    if info.st_mode & 0o022:
        return "others may write to it (chmod 700 it)"
    return None


def _uri(path: Path) -> str:
    """A read-only SQLite URI for ``path``, its special characters escaped."""
    escaped = str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{escaped}?mode=ro"


#: The modules whose output the cache holds: the declarations, the schema and
#: the records. A change to any of them (an upgrade, or a developer's edit)
#: must not serve stale data.
_PRODUCERS = (
    "core/entities.py",
    "core/fields.py",
    "core/kinds.py",
    "core/dataset.py",
    "core/names.py",  # the lookup keys and spellings the store holds
    "core/queries.py",  # the default lists' order, the search rows
    "core/search.py",  # the search rows' columns
    "core/order.py",  # how the default lists turn
    "core/indicators.py",  # the figures inside each record
    "core/growth.py",  # growth, inside the figures
    "loader/schema.py",
    "loader/cache.py",
    "output/records.py",
    "output/answers.py",  # the shapes of the stored answers
    "core/alike.py",  # (imported by them: how alike two hubs are)
    "output/plain.py",  # the JSON the default lists are stored as
    "core/analysis.py",  # the rankings
)


def _code_stamp() -> str:
    package = Path(__file__).resolve().parent.parent
    parts = []
    for name in _PRODUCERS:
        try:
            info = (package / name).stat()
        except OSError:
            continue
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    # The store's JSON is written by orjson (output/plain.py): another version of
    # it (an upgrade replaces its folder) must not be trusted with the last one's.
    from importlib.util import find_spec

    try:
        spec = find_spec("orjson")
        folders = spec.submodule_search_locations if spec is not None else None
        if folders:
            info = os.stat(next(iter(folders)))
            parts.append(f"orjson:{info.st_ino}:{info.st_mtime_ns}")
    except (ImportError, ValueError, OSError):
        pass  # no orjson: the json module writes it all
    return ";".join(parts)


def key_of(raw: bytes, json_file: bool = False) -> str:
    """The cache key of a data file's bytes — and of how they are read: the same
    bytes are JSON in a .json file and YAML elsewhere, and the two readings differ."""
    try:  # the built-in BLAKE2 module: `import hashlib` also loads OpenSSL (~2.5 ms)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython build has _blake2
        from hashlib import blake2b
    digest = blake2b(raw, digest_size=20)
    reader = "json" if json_file else "yaml"
    digest.update(f"\0{reader}\0{__version__}\0{CACHE_FORMAT}\0{_code_stamp()}".encode())
    return digest.hexdigest()


# -- keys by file identity -------------------------------------------------------
#
# Hashing the data file is the one part of a warm run that grows with the
# data (reading and hashing 18 MB takes ~40 ms).  So, as git's index does, a
# run that hashed a file records its key under the file's identity — path,
# device, inode, size, and modification and change times to the nanosecond —
# and later runs that find the same identity use that key without reading the
# file.  Any write to the file changes its change time (which no one can set
# back), so a recorded identity cannot outlive the bytes it was taken from.
# One hole remains: a write within the file system's timestamp granularity of
# the recording could leave both times unchanged.  Such "racily clean" entries
# (times within RACY_NS of when the entry was recorded) are not trusted: the
# file is hashed again, and the entry recorded anew.

#: How close to the recording a file's times may be before its entry is not
#: trusted (coarser than any file system's timestamp granularity: FAT's is 2 s).
RACY_NS = 3_000_000_000
#: How many identities are remembered (a few data files, each a few hundred bytes).
KEEP_IDENTITIES = 16


class Identity(NamedTuple):
    """What names one version of a regular file without reading it."""

    path: str
    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int


def identity(path: Path) -> Identity | None:
    """The identity of a regular file (None for pipes, devices and the missing:
    their bytes must be read and hashed every time)."""
    import stat

    try:
        info = os.stat(path)
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return Identity(
        real, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns
    )


def _identity_path(ident: Identity, reader: str) -> Path:
    return directory() / f"identity-{_sum(_identity_bytes(ident, reader))}"


def _identity_bytes(ident: Identity, reader: str) -> bytes:
    # The reader ("json" or "yaml", from the name the file is given by) is part of
    # it: a link named .json to a YAML file is the same file read another way.
    # A path that is not UTF-8 holds lone surrogates, which surrogateescape turns
    # back into its bytes (such a file was once hashed on every run).
    text = "\0".join(map(str, ident)) + f"\0{reader}"
    text += f"\0{__version__}\0{CACHE_FORMAT}\0{_code_stamp()}"
    return text.encode("utf-8", "surrogateescape")


def known_key(ident: Identity, reader: str) -> str | None:
    """The key recorded for this identity by an earlier run, if it can be trusted.

    The entry is three lines — the key, when it was recorded (ns), the identity
    with this code's version (:func:`_identity_bytes`) — not JSON: a warm lookup
    then never imports the json module (~1.3 ms of every run)."""
    sealed = _unseal(_identity_path(ident, reader))
    if sealed is None:
        return None
    parts = sealed[1].split(b"\n", 2)
    if len(parts) != 3:
        return None
    key, recorded, named = parts
    if named != _identity_bytes(ident, reader) or not recorded.isdigit() or not _is_hex(key):
        return None
    if max(ident.mtime_ns, ident.ctime_ns) >= int(recorded) - RACY_NS:
        return None  # racily clean: hash the file again
    return key.decode("ascii")


def remember(ident: Identity, reader: str, key: str) -> None:
    """Record that the file of this identity, read by ``reader``, has cache key ``key``."""
    import time

    entry = f"{key}\n{time.time_ns()}\n".encode("ascii") + _identity_bytes(ident, reader)
    _write_sealed(_identity_path(ident, reader), entry)


def _is_hex(text: bytes) -> bool:
    return bool(text) and all(c in b"0123456789abcdef" for c in text)


def key_of_file(path: Path, read: Any) -> tuple[str, bytes | None]:
    """The cache key of the data file at ``path``, and its bytes if they had to be
    read (``read()`` reads them; a known, trusted identity spares reading at all).

    A key found by identity is good only for the bytes it was recorded for: a
    caller that must read the file after all (its cache was evicted, say) keys
    what it read with :func:`key_of`, never with this key — the file may have
    changed since."""
    from techhubs.loader import max_file_bytes

    json_file = path.name.lower().endswith(".json")
    reader = "json" if json_file else "yaml"
    before = identity(path)
    if before is not None and before.size <= max_file_bytes():  # too big: read() says so
        known = known_key(before, reader)
        if known is not None:
            return known, None
    raw: bytes = read()
    key = key_of(raw, json_file)
    if before is not None and identity(path) == before:  # unchanged while it was read
        remember(before, reader, key)
    return key, raw


#: What each kind of file in an entry is, by how its name starts: the parsed
#: dataset, the record store and a kept drawing (``cache info`` counts them so).
FILE_KINDS = {"dataset-": "dataset", "records-": "store", "drawn-": "table"}


def _dataset_path(key: str) -> Path:
    return directory() / f"dataset-{key}.json"


def store_path(key: str) -> Path:
    return directory() / f"records-{key}.sqlite"


#: How many data files (by their cache key) keep their cache: an edited file,
#: or a new techhubs, starts a new entry, and the oldest beyond these are removed.
KEEP_ENTRIES = 3


def _write(target: Path, fill: Any) -> None:
    """Write a cache file atomically, or silently not at all; then evict old entries."""
    import sqlite3

    from techhubs.files import write_atomically

    try:
        if not _made(target.parent):
            return
        write_atomically(target, fill, private=True)
        _evict(target.parent)
    except (OSError, ValueError, TypeError, sqlite3.Error):
        pass


def _made(folder: Path) -> bool:
    """Make the cache ``folder`` if it is missing; whether it may be written.

    The cache base (~/.cache) only inside a home that exists, as XDG asks, 0700;
    never a chain of folders above it. OSError if it cannot be made."""
    if _base() is None:
        return False
    folder.parent.mkdir(mode=0o700, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    return refusal() is None


@contextlib.contextmanager
def filling(make: bool = True, patience: float | None = None) -> Iterator[bool]:
    """Hold the cache folder's lock while a run fills the cache in the background.

    A run on a big data file answers first and fills the cache afterwards, in a
    process of its own (techhubs.cli.background); two such fills take turns, so
    the second finds the first's store and need not build its own (it checks:
    :func:`store_stamp`). `cache clear` takes it too (:func:`clear`). The lock is
    an flock on the folder itself: no lock file to leave behind, and it is let go
    when the process ends, however it ends.
    Yields whether to go on: False only when ``patience`` seconds passed and the
    lock was still another's (a fill stuck behind it gives up, and the next run
    fills; it does not wait for ever holding its copy of the data). A folder that
    cannot be made or locked is filled without the lock: the files are written
    atomically all the same. Without ``make`` (clearing), a folder that is not
    there is not made, only not locked."""
    folder = directory()
    handle = -1
    ours = True
    try:
        if _made(folder) if make else folder.is_dir() and refusal() is None:
            flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
            handle = os.open(folder, flags)
            import fcntl

            if patience is None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            else:
                ours = _lock_within(handle, patience)
    except (OSError, ImportError):
        pass
    try:
        yield ours
    finally:
        if handle >= 0:
            os.close(handle)


def _lock_within(handle: int, patience: float) -> bool:
    """Take the flock on ``handle`` if it comes free within ``patience`` seconds."""
    import fcntl
    import time

    deadline = time.monotonic() + patience
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def store_stamp(key: str) -> tuple[int, int, int] | None:
    """The record store of ``key`` as a file (inode, size, modification time), or
    None when there is none: a fill that waited its turn writes the store unless it
    has changed since its run found it missing or damaged (another fill wrote it).
    A damaged store is not skipped for being there."""
    try:
        info = os.stat(store_path(key), follow_symlinks=False)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


class Entry(NamedTuple):
    """One data file's cache: its key, its files, their size and when last written."""

    key: str
    files: tuple[Path, ...]
    size: int
    modified: float


def entries(folder: Path | None = None) -> list[Entry]:
    """The cache's entries, newest first (only techhubs' own files are counted)."""
    import stat

    folder = folder or directory()
    grouped: dict[str, list[Path]] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        for prefix, suffix in (("dataset-", ".json"), ("records-", ".sqlite")):
            if name.startswith(prefix) and name.endswith(suffix):
                key = name[len(prefix) : -len(suffix)]
                grouped.setdefault(key, []).append(folder / name)
        drawn = _drawn_key(name)
        if drawn is not None:
            grouped.setdefault(drawn, []).append(folder / name)
    found = []
    for key, files in grouped.items():
        present = []
        for file in files:
            with contextlib.suppress(OSError):  # removed since listed (another run evicted it)
                info = file.lstat()
                if not stat.S_ISDIR(info.st_mode):  # a folder of that name is no cache file
                    present.append((file, info))
        if present:
            found.append(
                Entry(
                    key,
                    tuple(file for file, _ in present),
                    sum(info.st_size for _, info in present),
                    max(info.st_mtime for _, info in present),
                )
            )
    return sorted(found, key=lambda e: e.modified, reverse=True)


def sources(folder: Path | None = None) -> dict[str, list[str]]:
    """The data files each key was made from, by key, as the recorded identities
    name them (newest first): an entry whose file no run recorded, or whose record
    was evicted, has none. Read for 'cache info', never trusted for a key."""
    found: dict[str, list[str]] = {}
    for file in _identities(folder or directory()):
        sealed = _unseal(file)
        parts = sealed[1].split(b"\n", 2) if sealed else []
        if len(parts) != 3 or not _is_hex(parts[0]):
            continue
        path = parts[2].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
        paths = found.setdefault(parts[0].decode("ascii"), [])
        if path not in paths:
            paths.append(path)
    return found


def _identities(folder: Path) -> list[Path]:
    """The recorded identities, newest first."""
    try:
        found = [folder / n for n in os.listdir(folder) if n.startswith("identity-")]
        return sorted(found, key=_written, reverse=True)
    except OSError:
        return []


def _written(file: Path) -> int:
    """When ``file`` was last written (0 for one removed meanwhile: oldest)."""
    try:
        return file.lstat().st_mtime_ns
    except OSError:
        return 0


def _remove(file: Path) -> bool:
    """Remove a cache file; anything else in its place (a folder) is left alone.
    Whether it is gone."""
    with contextlib.suppress(OSError):
        file.unlink(missing_ok=True)
    return not os.path.lexists(file)


def _evict(folder: Path) -> None:
    kept = entries(folder)
    for old in kept[KEEP_ENTRIES:]:
        for file in old.files:
            _remove(file)
    for entry in kept[:KEEP_ENTRIES]:
        drawings = [f for f in entry.files if _drawn_key(f.name) is not None]
        if len(drawings) > KEEP_DRAWINGS:
            drawings.sort(key=_written, reverse=True)
            for file in drawings[KEEP_DRAWINGS:]:
                _remove(file)
    for file in _identities(folder)[KEEP_IDENTITIES:]:
        _remove(file)


def clear() -> tuple[list[Entry], list[Path]]:
    """Remove every entry of the cache: the entries removed whole, and the files
    that could not be removed (a read-only folder, a folder in a file's place)."""
    with filling(make=False):  # after a fill in the background, not under it
        return _clear()


def _clear() -> tuple[list[Entry], list[Path]]:
    removed: list[Entry] = []
    kept: list[Path] = []
    for entry in entries():
        left = [file for file in entry.files if not _remove(file)]
        if left:
            kept.extend(left)
        else:
            removed.append(entry)
    for file in _identities(directory()):
        _remove(file)
    from techhubs.files import sweep

    sweep(directory(), older_than=0)  # and what killed runs left half-written
    return removed, kept


# -- the dataset cache -------------------------------------------------------------


#: A cache file larger than this is damage, not data: the store of a data file
#: at the 32 MiB cap takes ~160 MB (the bundled data's ~1 MB). A user who raises
#: the cap (TECHHUBS_MAX_DATA_MIB) raises this with it: see :func:`max_cache_bytes`.
MAX_CACHE_BYTES = 256 * 1024 * 1024


def max_cache_bytes() -> int:
    """The largest cache file read: 256 MiB, or 8 times the data-file cap if larger."""
    from techhubs.errors import UsageError
    from techhubs.loader import max_file_bytes

    try:
        return max(MAX_CACHE_BYTES, 8 * max_file_bytes())
    except UsageError:  # reported where the data file is read
        return MAX_CACHE_BYTES


def _read_regular(path: Path) -> bytes | None:
    """A cache file's bytes: only a regular file, never through a link, never a FIFO
    or device (which could hang or never end), and never more than max_cache_bytes()."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        limit = max_cache_bytes()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(info.st_size + 1)  # what fstat said, not the limit
        return raw if len(raw) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _sum(payload: bytes) -> str:
    return _blake2b(payload, digest_size=20).hexdigest()


def read(key: str) -> Any | None:
    """The cached plain data for ``key``, or None (missing, unreadable, damaged)."""
    sealed = _unseal(_dataset_path(key))
    if sealed is None or sealed[0] != key:
        return None
    try:
        return loads(sealed[1])
    except ValueError:
        return None


def loads(text: str | bytes) -> Any:
    """Parse JSON the cache wrote; ValueError for anything else, however deeply it
    nests (the json module overflows the stack past ~1,000 levels): damage or a
    planted file is a rebuild, never a crash."""
    import json

    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None


def write(key: str, data: Any) -> None:
    """Store ``data`` for ``key``; silently do nothing if we cannot."""
    _write_sealed(_dataset_path(key), _encoded(data), key)


def _write_sealed(target: Path, payload: bytes, key: str | None = None) -> None:
    """Write a cache file as a header line — the payload's sum (a BLAKE2 of its
    bytes, and of the key it is for, if any), then that key — then the payload:
    any damage is a rebuild, never false data."""
    header = _sum(payload) if key is None else f"{_keyed_sum(key, payload)} {key}"
    sealed = header.encode("ascii") + b"\n" + payload

    def fill(path: str) -> None:
        with open(path, "wb") as handle:
            handle.write(sealed)

    _write(target, fill)


def _unseal(path: Path) -> tuple[str | None, bytes] | None:
    """A cache file's key (None if it has none) and its payload, if its sum holds;
    else None."""
    raw = _read_regular(path)
    if raw is None:
        return None
    head, _, payload = raw.partition(b"\n")
    mark, _, key = head.partition(b" ")
    if not _is_hex(mark) or (key and not _is_hex(key)):
        return None
    named = key.decode("ascii") if key else None
    expected = _sum(payload) if named is None else _keyed_sum(named, payload)
    if mark.decode("ascii") != expected:
        return None
    return named, payload


def _keyed_sum(key: str, payload: bytes) -> str:
    """The sum of a file written for ``key``: over the key too, so a file with
    another's header (or renamed from another's) fails it."""
    return _sum(key.encode("ascii") + b"\n" + payload)


# -- drawings -----------------------------------------------------------------------
#
# A table command draws the same text for the same question, data, width and
# terminal: its drawing (the exact text it wrote to stdout) is kept under the
# data's key, with the whole request it answers — the command line, the
# settings that shape a drawing, and a stamp of every file of techhubs and of
# the Rich that drew it — and written again word for word when that request
# comes back.  A city's profile is ~100 lines of nested tables, and Rich takes
# longer to draw them (~15 ms) than the rest of a warm run takes to find the
# record; a drawing read back costs a fraction of a millisecond.  What builds
# the request, and decides which commands may keep one, is the caller's
# (techhubs.output.console, techhubs.cli.commands); here they are sealed files.

#: How many drawings a data file's entry keeps (the newest written): one for
#: each question a person or a script asks again, not every one ever asked.
KEEP_DRAWINGS = 64


def _drawn_key(name: str) -> str | None:
    """The cache key of a drawing's file name ('drawn-KEY-REQUEST.txt'), else None."""
    if not (name.startswith("drawn-") and name.endswith(".txt")):
        return None
    key, _, request = name[len("drawn-") : -len(".txt")].partition("-")
    return key if _is_hex(key.encode()) and _is_hex(request.encode()) else None


def _drawing_path(key: str, request: bytes) -> Path:
    return directory() / f"drawn-{key}-{_sum(request)}.txt"


def drawing_stamp(package: str | None = None) -> str:
    """What a drawing is drawn by, besides the data and the libraries: every module
    of techhubs and the map outline it ships (each file's inode, size, times: an
    edit or an upgrade draws anew; a change time no copy can set back), and the
    Python (its Unicode tables). ``package`` is techhubs' folder (another, to
    test the rule on a copy).

    Taken when a run first asks the cache (techhubs.cli.session) and again before
    its drawing is kept: a drawing made by code that changed under the run is not
    kept."""
    import sys

    parts = [sys.version]
    folders = [package or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    while folders:
        try:
            found = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for item in found:
            name = item.name
            if name.endswith(".py"):
                with contextlib.suppress(OSError):
                    parts.append(f"{item.path}:{_file_stamp(item.stat())}")
            elif (
                name.isidentifier() and name != "__pycache__" and item.is_dir(follow_symlinks=False)
            ):
                folders.append(item.path)  # a subpackage (not a cache, not a link)
    from techhubs.loader import bundled_path

    with contextlib.suppress(OSError):  # the map's outline, a file techhubs ships
        parts.append(f"outline:{_file_stamp(bundled_path('china-outline.json').stat())}")
    return "\0".join(sorted(parts))


def _file_stamp(info: os.stat_result) -> str:
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


#: The libraries whose work a drawing shows: Rich draws it, Typer (and the Click
#: it carries) reads the command line, JMESPath answers a --query.
DRAWN_WITH = ("rich", "typer", "click", "jmespath")


def library_stamp() -> str:
    """The folder of each library of :data:`DRAWN_WITH` this run has imported (an
    upgrade replaces it)."""
    import sys

    parts = []
    for name in DRAWN_WITH:
        where = getattr(sys.modules.get(name), "__file__", None)
        if where:
            with contextlib.suppress(OSError):
                parts.append(f"{name}:{_file_stamp(os.stat(os.path.dirname(where)))}")
    return "\0".join(parts)


def _drawing_payload(request: bytes, text: str) -> bytes:
    return b"%d\n" % len(request) + request + text.encode("utf-8", "surrogatepass")


def drawing(key: str, request: bytes) -> str | None:
    """The text drawn before for ``request`` on the data of ``key``; None when there
    is none, or it is damaged, or was drawn for another request."""
    sealed = _unseal(_drawing_path(key, request))
    if sealed is None or sealed[0] != key:
        return None
    size, _, rest = sealed[1].partition(b"\n")
    if not size.isdigit() or rest[: int(size)] != request:
        return None
    try:
        return rest[int(size) :].decode("utf-8", "surrogatepass")
    except UnicodeError:
        return None


def keep_drawing(key: str, request: bytes, text: str) -> None:
    """Keep ``text``, drawn for ``request`` on the data of ``key``; silently not at all
    if the cache cannot be written."""
    _write_sealed(_drawing_path(key, request), _drawing_payload(request, text), key)


# -- the record store --------------------------------------------------------------


class StoreBroken(Exception):
    """The store is missing or cannot be read; it should be rebuilt."""


class StoredRecord(NamedTuple):
    """One entity for the store: its kind and id, its lookup keys, its JSON record."""

    kind: str
    id: str
    keys: Iterable[str]
    record: Any


@contextlib.contextmanager
def _reading(key: str) -> Iterator[tuple[Any, Path]]:
    """The store of ``key``, open read-only with its schema checked, and its path.

    Every way it can fail — missing, not a regular file, not SQLite, not our
    schema, a query that fails — is StoreBroken, so the caller rebuilds it."""
    import sqlite3

    path = store_path(key)
    if not _is_regular(path):
        raise StoreBroken(str(path))
    try:
        db = sqlite3.connect(_uri(path), uri=True)
    except sqlite3.Error as error:
        raise StoreBroken(str(path)) from error
    try:
        _check_schema(db, path)
        # Written for this key (a store renamed from another's is not ours)
        row = db.execute("SELECT record, sum FROM records WHERE kind = ? AND id = ?", _KEY)
        found = row.fetchone()
        if found is None or found[0] != key:
            raise StoreBroken(str(path))
        _verify(path, found[1], *_KEY, found[0])
        yield db, path
    except (sqlite3.Error, ValueError, TypeError) as error:
        raise StoreBroken(str(path)) from error
    finally:
        db.close()


def lookup(key: str, kind: str, names: list[str]) -> list[dict[str, Any]] | None:
    """The stored records of ``names`` (lookup keys of a ``kind``), or None if one is unknown.

    Raises StoreBroken when the store is missing or cannot be read.
    """
    return _parsed(key, lookup_text(key, kind, names))


def by_id(key: str, kind: str, ids: list[str]) -> list[dict[str, Any]] | None:
    """The stored records of ``kind`` with ``ids``, in that order, or None if one is
    not held. Raises StoreBroken when the store is missing or cannot be read."""
    return _parsed(key, texts_by_id(key, kind, ids))


def _parsed(key: str, texts: list[str] | None) -> list[dict[str, Any]] | None:
    """Stored records' JSON texts as records; StoreBroken if one is not a record."""
    if texts is None:
        return None
    found: list[dict[str, Any]] = []
    for text in texts:
        try:
            record = loads(text)
        except ValueError as error:
            raise StoreBroken(str(store_path(key))) from error
        if not isinstance(record, dict):
            raise StoreBroken(str(store_path(key)))
        found.append(record)
    return found


def lookup_text(key: str, kind: str, names: list[str]) -> list[str] | None:
    """The stored records of ``names`` as their JSON text (as a lookup prints it), or
    None if one is unknown. Raises StoreBroken when the store is missing or cannot be read.
    """
    if not all(names):
        if not _is_regular(store_path(key)):
            raise StoreBroken(str(store_path(key)))
        return None
    with _reading(key) as (db, path):
        texts: list[str] = []
        for name in names:
            row = None
            for wanted in dict.fromkeys((name, core(name))):  # as NameIndex.get
                # Every name has its record: one not there (its row's kind or id
                # changed, which its sum shows only when read) is damage.
                row = db.execute(
                    "SELECT names.id, names.sum, record, records.sum "
                    "FROM names LEFT JOIN records USING (kind, id) "
                    "WHERE names.kind = ? AND names.key = ?",
                    (kind, wanted),
                ).fetchone()
                if row is not None:
                    _verify(path, row[1], kind, wanted, row[0])
                    _verify(path, row[3], kind, row[0], row[2])
                    break
            if row is None or wanted != name:
                # A name may be unknown, or known only without its Chinese ending;
                # but its row may be the one gone, and the stripped name another's.
                _counted(db, path, "names", "records")
            if row is None:
                return None
            texts.append(row[2])
        return texts


def kinds(key: str, names: list[str]) -> list[set[str]]:
    """For each lookup key in ``names``, the kinds of entity it names (maybe none).

    Raises StoreBroken when the store is missing or cannot be read, or when a key
    that several kinds share is not found under each of them (:data:`SHARED`).
    """
    with _reading(key) as (db, path):
        query = "SELECT kind, key, id, sum FROM names WHERE key IN (?, ?)"  # or its core
        found = []
        for name in names:
            rows = db.execute(query, (name, core(name))).fetchall()
            under: dict[str, set[str]] = {}  # each key's kinds, and those filed as shared
            shared: dict[str, set[str]] = {}
            for kind, wanted, ident, mark in rows:
                _verify(path, mark, kind, wanted, ident)
                if kind == SHARED:
                    shared[wanted] = set(ident.split(","))
                else:
                    under.setdefault(wanted, set()).add(kind)
            for wanted in under.keys() | shared.keys():
                held = under.get(wanted, set())
                if (len(held) > 1 or wanted in shared) and shared.get(wanted) != held:
                    raise StoreBroken(str(path))
            found.append(set().union(*under.values()))
        _counted(db, path, "names")  # a name of one kind that is gone changes the answer
        return found


def texts_by_id(key: str, kind: str, ids: list[str]) -> list[str] | None:
    """The stored records of ``kind`` with ``ids``, as their JSON text, in that order;
    None if one is not held (and the table holds all it was written with).

    Raises StoreBroken when the store is missing, cannot be read, or is damaged."""
    with _reading(key) as (db, path):
        query = "SELECT record, sum FROM records WHERE kind = ? AND id = ?"
        texts: list[str] = []
        for ident in ids:
            row = db.execute(query, (kind, ident)).fetchone()
            if row is None:
                _counted(db, path, "records")  # never there, or gone
                return None
            _verify(path, row[1], kind, ident, row[0])
            texts.append(row[0])
        return texts


def text(key: str, kind: str, ident: str) -> str:
    """A record stored as text (a pre-rendered answer, such as a whole list's JSON).

    Raises StoreBroken when the store is missing, cannot be read, or lacks it.
    """
    with _reading(key) as (db, path):
        query = "SELECT record, sum FROM records WHERE kind = ? AND id = ?"
        row = db.execute(query, (kind, ident)).fetchone()
        if row is None or not isinstance(row[0], str):
            raise StoreBroken(str(path))
        _verify(path, row[1], kind, ident, row[0])
        found: str = row[0]
        return found


#: The record that says how many rows each table was written with: a row that is
#: gone (rather than changed, which fails its sum) shows as a count that does not hold.
_COUNTS = ("seal", "counts")
#: The record that says which data the store was written for (its cache key).
_KEY = ("seal", "key")
#: The kind under which a name that several kinds share is filed once more, with
#: all of them (``city,company``): a row of it changed to another key — which its
#: sum shows only when read — then shows as a name that lost a kind.
SHARED = "*"


def _counted(db: Any, path: Path, *tables: str) -> None:
    """StoreBroken unless each of ``tables`` holds as many rows as it was written with.

    Counting reads the whole table, so it is done only where a missing row could
    change an answer and the pass is cheap (a lookup that falls back or misses;
    the names of a compare); a search counts its table in the pass it makes anyway."""
    counts = _written_counts(db, path)
    for table in tables:
        [[rows]] = db.execute(f"SELECT count(*) FROM {table}").fetchall()
        if counts.get(table) != rows:
            raise StoreBroken(str(path))


def _written_counts(db: Any, path: Path) -> dict[str, Any]:
    query = "SELECT record, sum FROM records WHERE kind = ? AND id = ?"
    row = db.execute(query, _COUNTS).fetchone()
    if row is None:
        raise StoreBroken(str(path))
    _verify(path, row[1], *_COUNTS, row[0])
    try:
        counts = loads(row[0])
    except ValueError as error:
        raise StoreBroken(str(path)) from error
    if type(counts) is not dict:
        raise StoreBroken(str(path))
    return counts


def _compact(record: Any) -> str:
    """A stored answer's JSON, which is parsed (never printed as it is)."""
    return _encoded(record).decode("utf-8")


def _encoded(record: Any) -> bytes:
    """JSON that is parsed, never printed as it is (a stored answer, the dataset
    cache): by orjson, about five times the json module (~0.2 s of a cold start
    at 100x data on the stored rankings and series, ~0.15 s on the dataset), else
    by the json module (orjson missing, or an integer beyond 64 bits, which it
    refuses). Validated data holds no NaN, which orjson would write as null."""
    import json

    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency, but not one to fail on
        return json.dumps(record, ensure_ascii=False).encode("utf-8")
    try:
        return orjson.dumps(record)
    except orjson.JSONEncodeError:
        return json.dumps(record, ensure_ascii=False).encode("utf-8")


def _row_sum(*parts: str) -> str:
    """The sum a store row is written with: damage to any of its parts shows.
    (Called for each of a cold start's ~190,000 rows at 100x: hence inline.)"""
    return _blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _verify(path: Path, mark: object, *parts: str) -> None:
    """StoreBroken unless ``mark`` is the sum of the row's ``parts``."""
    if not all(isinstance(p, str) for p in parts) or mark != _row_sum(*parts):
        raise StoreBroken(str(path))


def _is_regular(path: Path) -> bool:
    """A regular file, not a link to one (lstat), and not too large."""
    import stat

    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= max_cache_bytes()


#: All the store may hold: three tables and the indices of the two with primary keys. A
#: view or trigger (a recursive one could hang a lookup) is damage.
_STORE_SCHEMA = {
    ("table", "records"),
    ("table", "names"),
    ("table", "search"),
    ("index", "sqlite_autoindex_records_1"),
    ("index", "sqlite_autoindex_names_1"),
}


#: A search row's columns, as techhubs.core.search.SearchRow has them.
SEARCH_COLUMNS = (
    "kind", "id", "name", "name_zh", "city", "city_name", "field", "value", "key", "weight",
)  # fmt: skip
#: The store's columns: a table with others (or without these) is not ours.
_STORE_COLUMNS = {
    "records": ["kind", "id", "record", "sum"],
    "names": ["kind", "key", "id", "sum"],
    "search": [*SEARCH_COLUMNS, "sum", "key2", "kind2"],
}


def _check_schema(db: Any, path: Path) -> None:
    found = set(db.execute("SELECT type, name FROM sqlite_master").fetchall())
    if found != _STORE_SCHEMA:
        raise StoreBroken(str(path))
    for table, columns in _STORE_COLUMNS.items():
        if [row[1] for row in db.execute(f"PRAGMA table_info({table})")] != columns:
            raise StoreBroken(str(path))


def _search_sum(row: tuple[Any, ...]) -> str:
    return _row_sum(*["" if v is None else str(v) for v in row])


def search(key: str, query: str, words: list[str], kinds: list[str]) -> list[tuple[Any, ...]]:
    """The stored search rows of ``kinds`` that may match (the query, or any of
    ``words`` — its several words, or their stems — inside the normalised text:
    an entity may hold them between its fields), in the order they were stored.

    Raises StoreBroken when the store is missing, cannot be read, or a row's sum
    does not hold."""

    # The columns the query filters on are stored twice (key2, kind2) and a row
    # is taken when either copy matches: damage to one copy cannot hide a row
    # that should match, and the row's sum then shows the damage (a rebuild).
    def matches(column: str) -> tuple[str, list[Any]]:
        where = f"instr({column}, ?) > 0"
        params: list[Any] = [query]
        if words != [query]:
            where = f"({where} OR {' OR '.join([f'instr({column}, ?) > 0'] * len(words))})"
            params += words
        return where, params

    first, first_params = matches("key")
    second, second_params = matches("key2")
    marks = ", ".join("?" * len(kinds))
    where = f"({first} OR {second}) AND (kind IN ({marks}) OR kind2 IN ({marks}))"
    params = [*first_params, *second_params, *kinds, *kinds]
    with _reading(key) as (db, path):
        # One pass finds the matching rows and counts the table: a row that is gone
        # (which no sum can show) is then a rebuild, not a hit silently missing.
        counted, matched = db.execute(
            f"SELECT count(*), group_concat(CASE WHEN {where} THEN rowid END) FROM search",
            params,
        ).fetchone()
        if _written_counts(db, path).get("search") != counted:
            raise StoreBroken(str(path))
        ids = sorted(int(i) for i in matched.split(",")) if matched else []
        rows = []
        columns = f"{', '.join(SEARCH_COLUMNS)}, sum, key2, kind2"
        for start in range(0, len(ids), 500):  # under SQLite's oldest limit on parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += db.execute(
                f"SELECT {columns} FROM search WHERE rowid IN ({marks}) ORDER BY rowid", chunk
            ).fetchall()
        if len(rows) != len(ids):
            raise StoreBroken(str(path))
    width = len(SEARCH_COLUMNS)
    found = []
    for row in rows:
        fields, mark, key2, kind2 = row[:width], row[width], row[width + 1], row[width + 2]
        if mark != _search_sum(fields) or (key2, kind2) != (fields[8], fields[0]):
            raise StoreBroken(str(path))
        if fields[0] in kinds:
            found.append(fields)
    return found


def store(
    key: str, entries: Iterable[StoredRecord], searchable: Iterable[tuple[Any, ...]] = ()
) -> None:
    """Write the record store for ``key``; silently give up if the cache is not writable.

    ``searchable`` are the search rows (techhubs.core.queries.search_rows), kept
    in their order so a search of the store ranks exactly as one of the dataset."""
    import json
    import sqlite3

    rows: list[tuple[str, str, str, str]] = []
    names: list[tuple[str, str, str]] = []
    for entry in entries:
        # A record given as text is stored as it is: an answer rendered in advance.
        record = entry.record
        text = record if isinstance(record, str) else _compact(record)
        rows.append((entry.kind, entry.id, text, _row_sum(entry.kind, entry.id, text)))
        names.extend((entry.kind, name, entry.id) for name in entry.keys if name)
    # The first entity to claim a name keeps it, and a name without its Chinese
    # ending (小米 for 小米集团) comes after every full name: as in NameIndex.
    claimed: dict[tuple[str, str], str] = {}
    for kind, name, entity_id in names:
        claimed.setdefault((kind, name), entity_id)
    for kind, name, entity_id in names:
        claimed.setdefault((kind, core(name)), entity_id)
    named = [(k, n, i, _row_sum(k, n, i)) for (k, n), i in claimed.items()]
    holders: dict[str, list[str]] = {}
    for kind, name in claimed:
        holders.setdefault(name, []).append(kind)
    for name, held in holders.items():
        if len(held) > 1:
            named.append((SHARED, name, ",".join(held), _row_sum(SHARED, name, ",".join(held))))
    found = [(*row, _search_sum(row), row[8], row[0]) for row in searchable]
    rows.append((*_KEY, key, _row_sum(*_KEY, key)))
    counts = json.dumps({"records": len(rows) + 1, "names": len(named), "search": len(found)})
    rows.append((*_COUNTS, counts, _row_sum(*_COUNTS, counts)))

    def fill(path: str) -> None:
        with sqlite3.connect(path) as db:
            # A new file, published by rename only once it is whole: a rollback
            # journal and syncs buy nothing (a store cut short by a crash fails
            # its seal and counts, and is rebuilt). ~15% of writing it at 100x.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute(
                "CREATE TABLE records "
                "(kind TEXT, id TEXT, record TEXT, sum TEXT, PRIMARY KEY (kind, id))"
            )
            db.execute(
                "CREATE TABLE names "
                "(kind TEXT, key TEXT, id TEXT, sum TEXT, PRIMARY KEY (kind, key))"
            )
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", rows)
            db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", named)
            columns = ", ".join(
                f"{c} {'REAL' if c == 'weight' else 'TEXT'}" for c in SEARCH_COLUMNS
            )
            db.execute(f"CREATE TABLE search ({columns}, sum TEXT, key2 TEXT, kind2 TEXT)")
            marks = ", ".join("?" * (len(SEARCH_COLUMNS) + 3))
            db.executemany(f"INSERT INTO search VALUES ({marks})", found)
        db.close()

    _write(store_path(key), fill)
