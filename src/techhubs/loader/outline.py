"""The outline of China that `techhubs map` draws, shipped with the package.

Derived from Natural Earth (public domain) by scripts/make_outline.py; read
from disk at run time, never fetched.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from techhubs.errors import DataError, Problem


class Outline(NamedTuple):
    rings: list[list[list[float]]]
    source: str


def outline() -> Outline:
    """The bundled outline; DataError if the install is missing it."""
    from techhubs.loader import bundled_path

    path = bundled_path("china-outline.json")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Outline(document["rings"], document["source"])
    except (OSError, ValueError, KeyError, TypeError):
        raise DataError(
            str(path), [Problem("", "the map outline is missing or damaged; reinstall techhubs")]
        ) from None
