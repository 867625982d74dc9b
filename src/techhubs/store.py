"""An indexed store of ready-made JSON records, for instant lookups.

Scripts call ``techhubs city X --json`` in loops, so that one question must
not cost a parse of the whole dataset, nor even building it from the JSON
cache (which grows with the data: ~0.5 s for a dataset 100x ours).  Next to
the JSON cache we therefore keep a small SQLite file, keyed like it by the
data file's bytes, holding every name's lookup key and every city's,
company's and focus area's finished JSON record.  A lookup is then two
indexed queries, whatever the size of the data.

The store is only a shortcut.  It is written atomically (temporary file,
then rename); a missing, unreadable or corrupt store, or a name it does not
know, sends the caller back to the full path, which raises the helpful
errors (did you mean …) and rebuilds a store that is missing or broken.  SQLite holds only text, so
a damaged or tampered file cannot run code.
"""

from __future__ import annotations

import json
import os
import sqlite3
from typing import TYPE_CHECKING, Any

from techhubs import cache
from techhubs.names import normalize

if TYPE_CHECKING:
    from techhubs.models import Dataset


class StoreBroken(Exception):
    """The store exists but cannot be read; it should be rebuilt."""


def lookup(key: str, kind: str, names: list[str]) -> list[dict[str, Any]] | None:
    """The stored records of ``names`` (a ``kind``), or None if one is unknown.

    Raises StoreBroken when the store is missing or cannot be read.
    """
    path = cache.store_path(key)
    if not path.is_file():
        raise StoreBroken(str(path))
    if not all(normalize(n) for n in names):
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found: list[dict[str, Any]] = []
            for name in names:
                row = db.execute(
                    "SELECT record FROM names JOIN records USING (kind, id) "
                    "WHERE names.kind = ? AND names.key = ?",
                    (kind, normalize(name)),
                ).fetchone()
                if row is None:
                    return None
                record = json.loads(row[0])
                if not isinstance(record, dict):
                    raise StoreBroken(str(path))
                found.append(record)
            return found
        finally:
            db.close()
    except (sqlite3.Error, ValueError, TypeError) as error:
        raise StoreBroken(str(path)) from error


def build(key: str, dataset: Dataset) -> None:
    """Write the store for ``dataset``; silently give up if the cache is not writable."""
    from techhubs import queries, records

    rows: list[tuple[str, str, str]] = []
    names: list[tuple[str, str, str]] = []
    for city in dataset.cities:
        rows.append(("city", city.id, json.dumps(records.city(city, dataset), ensure_ascii=False)))
        names.extend(
            ("city", key, city.id)
            for key in _keys(city.id, city.name, city.name_zh, city.pinyin, *city.aliases)
        )
    for company in dataset.companies:
        text = json.dumps(records.company(company, dataset), ensure_ascii=False)
        rows.append(("company", company.id, text))
        names.extend(
            ("company", key, company.id)
            for key in _keys(company.id, company.name, company.name_zh, *company.aliases)
        )
    for area in dataset.focus_areas:
        text = json.dumps(
            records.area_summary(queries.area_summary(dataset, area)), ensure_ascii=False
        )
        rows.append(("focus area", area.id, text))
        names.extend(
            ("focus area", key, area.id) for key in _keys(area.id, area.name, *area.aliases)
        )
    try:
        import tempfile

        folder = cache.directory()
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".records-", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            with sqlite3.connect(temp) as db:
                db.execute(
                    "CREATE TABLE records (kind TEXT, id TEXT, record TEXT, PRIMARY KEY (kind, id))"
                )
                db.execute(
                    "CREATE TABLE names (kind TEXT, key TEXT, id TEXT, PRIMARY KEY (kind, key))"
                )
                db.executemany("INSERT INTO records VALUES (?, ?, ?)", rows)
                # The first entity to claim a name keeps it, as in NameIndex.
                db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", names)
            db.close()
            os.replace(temp, cache.store_path(key))
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, sqlite3.Error):
        pass


def _keys(*names: str) -> list[str]:
    return [key for key in (normalize(n) for n in names) if key]
