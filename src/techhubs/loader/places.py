"""Places in a data file: the path a problem names and the line it is on.

The YAML reader records where each value came from; the schema reports
problems by path (``cities[3].observations[0].value``).  Both sides meet here,
without importing a YAML library, so a JSON file or a cached dataset
validates without paying for one.
"""

from __future__ import annotations

import re
from typing import Any

from techhubs.text import printable

#: How much of a key or value an error message echoes.
KEY_SHOWN = 60

#: A place in the document, built as the walk goes down and turned into a path
#: string only when a problem is reported there: ``(parent, key or index)``.
At = tuple[Any, str | int] | None
#: The line of a value and of what it holds: a mapping's entries by key, a
#: list's by index, or None for a scalar.
Entry = tuple[int, Any]


class Lines:
    """The line each value came from, looked up by the path a problem names.

    A tree that mirrors the data rather than a table of path strings: a path
    string per value costs memory in proportion to the file *times* its depth
    and key lengths (one 1 MB key over a 10,000-item list made 10 GB of paths).
    """

    def __init__(self, root: Entry | None) -> None:
        self._root = root

    def get(self, path: str) -> int | None:
        """The line of ``path`` (as ``a.b[3].c``), or None if it is not in the file."""
        if self._root is None:
            return None
        line, kids = self._root
        rest = path
        while rest:
            if rest[0] == "[" and isinstance(kids, list):
                end = rest.find("]")
                index = rest[1:end]
                if end < 0 or not index.isdigit() or int(index) >= len(kids):
                    return None
                line, kids = kids[int(index)]
                rest = rest[end + 1 :]
                continue
            if not isinstance(kids, dict):
                return None
            if rest[0] == "." and rest is not path:
                rest = rest[1:]
            # A key runs to the next '.' or '[', unless the key itself holds one.
            cuts = [m.start() for m in _SEPARATOR.finditer(rest, 1)] + [len(rest)]
            key = next((rest[:cut] for cut in cuts if rest[:cut] in kids), None)
            if key is None:
                return None
            line, kids = kids[key]
            rest = rest[len(key) :]
        return line


_SEPARATOR = re.compile(r"[.\[]")


def path_of(at: At) -> str:
    """The path string of a place, as the schema writes paths (``a.b[3]``); long
    keys are clipped, since the path is shown in an error message."""
    parts: list[str | int] = []
    while at is not None:
        at, part = at
        parts.append(part)
    text = ""
    for part in reversed(parts):
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{printable(part, KEY_SHOWN)}" if text else printable(part, KEY_SHOWN)
    return text
