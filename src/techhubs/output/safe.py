"""Text from a data file, made safe to put on a terminal.

A data file is input like any other: a name may hide an escape sequence
that would recolour, retitle or clear the user's terminal.  Every string a
renderer draws passes through :func:`visible`, which shows control and other
unprintable characters as escapes instead of sending them raw.
"""

from __future__ import annotations

_CONTROL = {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7F)}
_CONTROL.update({0x09: " ", 0x0A: " "})


def visible(value: object) -> str:
    text = str(value).translate(_CONTROL)
    return "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in text)
