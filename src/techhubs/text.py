"""The one sanitiser: text from a data file or the command line, made safe to show.

A data file and an argument are input like any other: a name may hide an
escape sequence that would recolour, retitle or clear the user's terminal.
Every string that reaches a terminal — an error message, a table cell — passes
through :func:`printable`, which shows control and other unprintable
characters as escapes instead of sending them raw.  Tabs and line breaks
become spaces: a message is one line and a cell lays out its own lines.
The one spelling rule for choices (:func:`spelled`) and field names
(:func:`field_key`) lives here too, so every command compares them alike, and
so does the reading of a repeatable option's values (:func:`one_of`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACES = {0x09: " ", 0x0A: " ", 0x0D: " "}


def spelled(text: str) -> str:
    """A choice or a name as it is compared: any case, and '-', '_' or spaces alike
    ('Focus_Area', 'focus area' and 'focus-area' are one)."""
    return re.sub(r"[\s_-]+", "-", text.strip().casefold())


def field_key(text: str) -> str:
    """A field as a user may write it ('GDP-per-capita', 'gdp per capita') as the
    JSON names it ('gdp_per_capita'): field names are snake_case, so '-', spaces
    and case do not matter."""
    return re.sub(r"[\s-]+", "_", text.strip().casefold())


def on_terminal(text: str) -> str:
    """Data text (CSV, JSON, …) for a terminal: every line kept, but within lines
    controls and other unprintable characters escaped, as :func:`printable` does.
    Only for a terminal: piped or saved, data stays byte for byte what it is."""
    if text.isprintable():
        return text
    return "\n".join(printable(line, limit=None) for line in text.split("\n"))


def printable(value: object, limit: int | None = 80, exact: bool = False) -> str:
    """``value`` as text safe to echo: controls escaped, at most ``limit`` characters.

    A tab or line break reads as a space, as in prose; ``exact`` (a file's path,
    which must be typed back as it is) escapes them too ('new\\nline.svg')."""
    text = str(value)
    cut = limit is not None and len(text) > limit
    shown = text[:limit] if cut else text
    spaces = {} if exact else _SPACES
    if not shown.isprintable():
        shown = "".join(
            ch if ch.isprintable() else spaces.get(ord(ch)) or ch.encode("unicode_escape").decode()
            for ch in shown
        )
    return shown + ("…" if cut else "")


def quoted(text: str) -> str:
    """``text`` set off in a sentence: in single quotes, or in double ones when it
    holds a single quote itself (a lone quote then reads as itself)."""
    return f'"{text}"' if "'" in text else f"'{text}'"


def undecoded(text: str) -> bool:
    """Whether ``text`` holds bytes no encoding read (os.fsdecode's surrogate
    escapes): a name all the same, if one that cannot be shown as typed."""
    return any(0xDC80 <= ord(ch) <= 0xDCFF for ch in text)


def shell_word(text: str) -> str:
    """``text`` as a shell takes it back: quoted as needed (shlex); a text with a
    tab, a line break or another control written as bash's $'...', so the command
    a message suggests looks for what was typed, not for 'a b'. In $'...', a byte
    that was not UTF-8 (read as a surrogate escape) is written back as that byte
    (\\xff) and any other character past ASCII as itself (\\u0085): bash's \\x85
    is the byte 0x85, not U+0085."""
    if text.isprintable():
        import shlex

        return shlex.quote(text)
    return "$'" + "".join(_bash_escape(ch) for ch in text) + "'"


_BASH_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "'": "\\'", "\\": "\\\\"}


def _bash_escape(ch: str) -> str:
    """One character of a $'...' word, as bash reads it back."""
    if ch in _BASH_NAMED:
        return _BASH_NAMED[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte no encoding read (os.fsdecode's escape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_of(values: Iterable[str] | None) -> list[str]:
    """A repeatable filter's values: repeats and comma lists mean the same (``ai,ev``).

    Here, with no domain to import, so a list the store answers parses its
    filters as the full path does (techhubs.core.queries) at no import cost."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


#: How Click reads a boolean option from its environment variable (--no-cache
#: from TECHHUBS_NO_CACHE): what the code reading the variable itself must agree with.
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})


def switched_on(value: str | None) -> bool:
    """Whether an environment variable's value turns a switch on, as Click reads it:
    '1', 'true', 'yes', 'on'…; '', '0', 'false', 'no', 'off' do not (any case)."""
    return value is not None and value.strip().lower() in _TRUE


def counted(count: int, one: str, many: str) -> str:
    """'1 city', '12 cities': a count with its noun, singular for one."""
    return f"{count:,} {one if count == 1 else many}"


def in_sentence(name: str) -> str:
    """'Population' -> 'population' inside a sentence; 'GDP', 'R&D intensity' stay, and
    so does a name that opens with a proper name ('Nature Index science city rank')."""
    words = name.split()
    proper = len(words) > 1 and words[1][:1].isupper()
    return name[:1].lower() + name[1:] if name[1:2].islower() and not proper else name
