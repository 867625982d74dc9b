"""The loader: from a data file on disk to a validated Dataset.

This module knows where the bundled file lives, reads a file defensively
(missing, a directory, unreadable, too large, not UTF-8 are each one clear
problem) and hands the text to the strict YAML reader and the schema.  Every
failure is a DataError (exit 3) that lists every problem with its place.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from techhubs.errors import DataError, Problem
from techhubs.text import printable

if TYPE_CHECKING:
    from collections.abc import Callable

    from techhubs.core.dataset import Dataset
    from techhubs.loader.places import Lines

#: Environment variable naming a data file to use instead of the bundled one.
DATA_ENV = "TECHHUBS_DATA"
#: Data files larger than this are refused before they are read: the bundled
#: file is ~200 KB and a 100x dataset ~18 MB, so 32 MiB leaves ample room while
#: keeping memory bounded (a file at the cap takes ~1 GB to validate).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Environment variable that raises (or lowers) the cap, in MiB, for a user who
#: means to load a larger file.
MAX_ENV = "TECHHUBS_MAX_DATA_MIB"


def max_file_bytes() -> int:
    """The size cap: $TECHHUBS_MAX_DATA_MIB MiB if set, else 32 MiB; UsageError for
    a value that is not a whole number of MiB from 1 to 4096."""
    given = os.environ.get(MAX_ENV, "").strip()
    if not given:
        return MAX_FILE_BYTES
    if not (given.isascii() and given.isdigit()) or not 1 <= int(given) <= 4096:
        from techhubs.errors import UsageError

        raise UsageError(
            f"{MAX_ENV} must be a whole number of MiB from 1 to 4096 "
            f"(e.g. {MAX_ENV}=100), not '{printable(given, 40)}'"
        )
    return int(given) * 2**20


def bundled_path(name: str = "cities.yaml") -> Path:
    """A data file shipped with techhubs (the dataset, or the map outline).

    A wheel carries it inside the package (``techhubs/data/NAME``); an
    editable install from a checkout reads ``data/NAME`` at the root of the
    source tree, the single source of truth.
    """
    here = Path(__file__).resolve().parent.parent  # the techhubs package
    packaged = here / "data" / name
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / name


def resolve_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The file to load: an explicit path, else $TECHHUBS_DATA, else the bundled one."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = os.environ.get(DATA_ENV, "")
    if from_env:
        return Path(from_env)
    return bundled_path()


_NO_SUCH_FILE = "no such file; check the path"
_A_DIRECTORY = "is a directory, not a data file; give the path of a .yaml file"
_EMPTY = "the file is empty; a data file needs meta, cities, companies, focus_areas and national"


def usable(path: Path) -> None:
    """A DataError, worded as :func:`read_bytes` words it, when ``path`` is missing,
    a directory, an empty file or cannot be looked at: what ``data path`` checks
    without reading the file (a pipe given as --data can be read only once)."""
    import stat

    file = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError(file, [Problem("", _NO_SUCH_FILE)]) from None
    except OSError as exc:
        raise DataError(file, [Problem("", f"cannot be read ({exc.strerror or exc})")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(file, [Problem("", _A_DIRECTORY)])
    if stat.S_ISREG(info.st_mode) and info.st_size == 0:  # (a pipe's size says nothing)
        raise DataError(file, [Problem("", _EMPTY)])


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a DataError that says why it cannot be read."""
    file = str(path)

    def fail(message: str) -> DataError:
        return DataError(file, [Problem("", message)])

    cap = max_file_bytes()

    def too_big(size: int | None) -> DataError:
        need = -(-size // 2**20) if size is not None else 2 * cap // 2**20
        return fail(
            (f"is {size:,} bytes, more" if size is not None else "is more")
            + f" than the {cap:,} bytes ({cap // 2**20} MiB) techhubs reads; trim it, or "
            f"raise the cap if you mean to load it ({MAX_ENV}={need})"
        )

    try:
        if path.is_dir():
            raise fail(_A_DIRECTORY)
        size = path.stat().st_size
        if size > cap:
            raise too_big(size)
        # Whatever the file is (a pipe, /dev/zero, a file still growing), read
        # at most one byte past the cap: the size above is only a first guess.
        with path.open("rb") as handle:
            raw = _read_at_most(handle, cap + 1)
        if len(raw) > cap:
            raise too_big(None)
    except FileNotFoundError:
        raise fail(_NO_SUCH_FILE) from None
    except PermissionError:
        raise fail("permission denied; make the file readable") from None
    except IsADirectoryError:
        raise fail(_A_DIRECTORY) from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise fail(_EMPTY)
    return raw


def _read_at_most(handle: Any, limit: int) -> bytes:
    """Up to ``limit`` bytes, read a MiB at a time: ``read(limit)`` would allocate
    the whole limit at once (a raised cap of 4 GiB was a MemoryError)."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = handle.read(min(2**20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text (a BOM is allowed), or a DataError naming the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise DataError(file, [Problem("", message, line)]) from None


def parse_text(text: str, file: str = "<data>") -> tuple[Dataset, Any]:
    """Parse and validate YAML text: the Dataset and the plain data it came from.

    Raises DataError with every problem when the data cannot be used.
    """
    import gc

    from techhubs.loader import schema, yamlsafe

    # Parsing allocates millions of small objects and no cycles; the cyclic
    # collector would walk them all again and again (a 7 MB file took 2.4x
    # longer with it on), so it is paused while we parse and build.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # A .json file (as 'export --format json' writes) is read as JSON: YAML
        # would turn U+2028, U+2029 and U+0085 into spaces and refuse U+009B.
        parsed = _parse_json(text) if file.lower().endswith(".json") else yamlsafe.parse(text)
        dataset, problems = schema.build(parsed.data, parsed.lines)
    except yamlsafe.FatalYAMLError as exc:
        raise DataError(file, [exc.problem]) from None
    finally:
        if collecting:
            gc.enable()
    # A refused value (a forbidden tag, say) is read as null; its place has
    # already been reported, so drop the schema's "found nothing" echo of it.
    refused = {p.path for p in parsed.problems}
    problems = [p for p in problems if p.path not in refused]
    problems = sorted([*parsed.problems, *problems], key=lambda p: p.line or 0)
    if problems or dataset is None:
        raise DataError(file, problems or [Problem("", "the data is not usable")])
    return dataset, parsed.data


def _parse_json(text: str) -> Any:
    """JSON ``text`` as the YAML reader's result (without lines): FatalYAMLError,
    with line and column, for text that is not JSON or nests too deeply, and
    with the object's path for a key written twice in one object."""
    import json

    from techhubs.loader import yamlsafe
    from techhubs.loader.places import Lines

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if len(built) < len(pairs):  # decided in C: 600,000 objects in a 1000x file
            # JSON would keep the last silently; YAML refuses too
            raise _Repeated(_repeated_key(pairs))
        return built

    try:
        data = json.loads(text, object_pairs_hook=no_repeats)
    except json.JSONDecodeError as exc:
        problem = Problem("", f"is not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        raise yamlsafe.FatalYAMLError(problem) from None
    except _Repeated as exc:
        where = _path_of_repeat(text)
        # the document itself has no path: it is named, as a top-level problem has none
        message = (
            f"the key '{printable(exc.key)}' appears twice in "
            f"{'one object' if where else 'the top-level object'}"
        )
        raise yamlsafe.FatalYAMLError(Problem(where, message)) from None
    except ValueError as exc:  # a number too long to be read, say
        raise yamlsafe.FatalYAMLError(Problem("", str(exc))) from None
    except RecursionError:
        raise yamlsafe.FatalYAMLError(Problem("", "nests too deeply to be a data file")) from None
    lone = _lone_surrogate(text)
    if lone is not None:
        escape, line = lone
        message = (
            f"holds {escape}, half of a UTF-16 surrogate pair, which is no character on "
            "its own; write the whole character (or its pair of escapes)"
        )
        raise yamlsafe.FatalYAMLError(Problem("", message, line))
    return yamlsafe.Parsed(data, Lines(None), [])


class _Repeated(Exception):
    """An object of a JSON file holds ``key`` twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _repeated_key(pairs: list[tuple[str, Any]]) -> str:
    """The first key of ``pairs`` that an earlier pair already had."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    raise AssertionError("no key repeats")  # pragma: no cover - called only on a repeat


def _path_of_repeat(text: str) -> str:
    """The path (``cities[3]``) of the first object in JSON ``text`` that holds a
    key twice.  The object hook cannot know where it is, so only once a repeat
    has been found is the text read again: the first such object is kept, and
    then looked for in what the whole text became."""
    import json

    from techhubs.loader.places import At, path_of

    first: list[dict[str, Any]] = []

    def mark(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if not first and len(built) < len(pairs):
            first.append(built)
        return built

    try:
        data = json.loads(text, object_pairs_hook=mark)
    except (ValueError, RecursionError):  # the text goes wrong after the repeat
        return ""
    if not first:  # pragma: no cover - called only once a repeat was found
        return ""
    # Iteratively, as deep as JSON nests: each value with its place in the document.
    pending: list[tuple[Any, At]] = [(data, None)]
    while pending:
        value, at = pending.pop()
        if value is first[0]:
            return path_of(at)
        if isinstance(value, dict):
            pending.extend((kid, (at, key)) for key, kid in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend((kid, (at, i)) for i, kid in reversed(list(enumerate(value))))
    return ""  # pragma: no cover - the object marked is in the data


def _lone_surrogate(text: str) -> tuple[str, int] | None:
    """The first ``\\uD800``-``\\uDFFF`` escape in JSON ``text`` that is not half of a
    pair, and its line: JSON lets it through, but it is no character, and could be
    neither shown nor written back (it was an internal error)."""
    if "\\u" not in text:
        return None
    import re

    for match in re.finditer(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})", text):
        if len(match.group(1)) % 2 == 0:
            continue  # an escaped backslash followed by 'u', not an escape
        unit = int(match.group(2), 16)
        end = match.end()
        if unit < 0xDC00:  # a high half: a low one must follow
            after = re.match(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", text[end : end + 6])
            if after is not None:
                continue
        else:
            escape = match.end(1) - 1
            before = text[max(0, escape - 6) : escape]
            if re.fullmatch(r"\\u[dD][89abAB][0-9a-fA-F]{2}", before):
                continue
        return "\\u" + match.group(2), text.count("\n", 0, match.start()) + 1
    return None


def lines_of(path: Path) -> Lines:
    """The line of each value of the YAML file at ``path``, for a warning about the
    dataset built from it (which holds no lines, and may have come from the cache):
    read and parsed again, so only once there is a warning. A JSON file has none,
    as its errors have none; nor has a file that cannot be read twice (a pipe)."""
    from techhubs.loader import yamlsafe
    from techhubs.loader.places import Lines

    if str(path).lower().endswith(".json"):
        return Lines(None)
    try:
        return yamlsafe.parse(decode(read_bytes(path), str(path))).lines
    except (DataError, yamlsafe.FatalYAMLError):
        return Lines(None)


def load_path(
    path: str | os.PathLike[str] | None = None, use_cache: bool = True, raw: bytes | None = None
) -> Dataset:
    """Load the dataset from ``path`` ($TECHHUBS_DATA or the bundled file if None).

    A valid file's parsed form is cached (see :mod:`techhubs.loader.cache`), so the
    next run with the same bytes skips YAML.  ``raw`` is the file's bytes when
    the caller has read them already (a pipe such as ``--data <(…)`` can be
    read only once).
    """
    return load_keyed(path, use_cache, raw)[0]


def load_keyed(
    path: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    raw: bytes | None = None,
    later: list[Callable[[], None]] | None = None,
) -> tuple[Dataset, str | None]:
    """:func:`load_path`, and the cache key of the bytes the dataset came from (None
    without the cache): what a record store built from this dataset must be filed under.

    With ``later``, the dataset cache is not written now: what writes it is put
    there, for the caller to run once it has answered (techhubs.cli.background)."""
    from techhubs.loader import cache, schema

    resolved = resolve_path(path)
    use_cache = use_cache and cache.enabled()
    json_file = str(resolved).lower().endswith(".json")
    key = ""
    if use_cache:
        if raw is None:
            key, raw = cache.key_of_file(resolved, lambda: read_bytes(resolved))
        else:
            key = cache.key_of(raw, json_file)
        cached = cache.read(key)
        if cached is not None:
            # Checksummed, and written by this very code from a file it had
            # validated: built as it is, not validated again.
            try:
                return schema.build_trusted(cached), key
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # not what this code wrote after all: read the file afresh
    if raw is None:
        # The key came from the file's identity, but the file is read now: key
        # what is read, which may not be what that key was recorded for.
        raw = read_bytes(resolved)
        key = cache.key_of(raw, json_file) if use_cache else ""
    dataset, data = parse_text(decode(raw, str(resolved)), str(resolved))
    if use_cache:
        if later is None:
            cache.write(key, data)
        else:
            written = key
            later.append(lambda: cache.write(written, data))
    return dataset, (key or None)
