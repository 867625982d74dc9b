"""A cache of parsed data files, so most runs skip YAML entirely.

Parsing YAML costs more than everything else a lookup does (importing PyYAML
alone is ~15 ms), so the first run after a data file changes stores the
parsed data as JSON under ``$XDG_CACHE_HOME/techhubs`` (``~/.cache/techhubs``),
keyed by a hash of the file's bytes and the techhubs version.  Later runs
read the JSON and validate it again with the same schema (a few ms), so a
corrupt, truncated or tampered cache file is simply ignored and rebuilt.

JSON, never pickle or marshal: a cache file cannot run code.  Writes are
atomic (temporary file, then rename), so two processes filling the cache at
once both succeed, and every failure to read or write is silent: the cache is
only ever a shortcut.  ``--no-cache`` or ``TECHHUBS_NO_CACHE=1`` bypasses it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from techhubs import __version__

NO_CACHE_ENV = "TECHHUBS_NO_CACHE"
#: Bumped whenever the cached form changes meaning.
CACHE_FORMAT = 1


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "techhubs"


#: The modules whose output the cache and the record store hold: a change to
#: any of them (an upgrade, or a developer's edit) must not serve stale records.
_PRODUCERS = ("schema.py", "models.py", "records.py", "contract.py", "store.py", "queries.py")


def _code_stamp() -> str:
    here = Path(__file__).parent
    parts = []
    for name in _PRODUCERS:
        try:
            info = (here / name).stat()
        except OSError:
            continue
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return ";".join(parts)


def key_of(raw: bytes) -> str:
    try:  # the built-in BLAKE2 module: `import hashlib` also loads OpenSSL (~2.5 ms)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython build has _blake2
        from hashlib import blake2b
    digest = blake2b(raw, digest_size=20)
    digest.update(f"\0{__version__}\0{CACHE_FORMAT}\0{_code_stamp()}".encode())
    return digest.hexdigest()


def _path(key: str) -> Path:
    return directory() / f"dataset-{key}.json"


def store_path(key: str) -> Path:
    """Where the indexed record store of this data lives (see techhubs.store)."""
    return directory() / f"records-{key}.sqlite"


def read(key: str) -> Any | None:
    """The cached plain data for ``key``, or None (missing, unreadable, corrupt)."""
    try:
        with open(_path(key), encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("key") != key:
        return None
    return document.get("data")


def write(key: str, data: Any) -> None:
    """Store ``data`` for ``key`` atomically; silently do nothing if we cannot."""
    try:
        import tempfile

        folder = directory()
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".dataset-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"key": key, "data": data}, handle, ensure_ascii=False)
            os.replace(temp, _path(key))
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, ValueError, TypeError):
        pass
