"""Output: one place that turns a command's result into text on stdout.

A command builds a :class:`View` (the JSON-contract data, the rows for
tabular formats, and a factory for the Rich rendering) and hands it to
:func:`emit` with the chosen format.  JSON, YAML, CSV and Markdown are written
straight to stdout without Rich (STYLE.md, practice 3); Rich is imported only
when a table is actually drawn.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from techhubs.errors import UsageError, printable

if TYPE_CHECKING:
    from rich.console import RenderableType

Record = Mapping[str, Any]


class Format(str, enum.Enum):
    """Every command's output formats."""

    table = "table"
    json = "json"
    yaml = "yaml"
    csv = "csv"
    markdown = "markdown"


class View(NamedTuple):
    """What a command shows, in every format.

    ``data`` is the JSON contract; ``sections`` are ``(title, records)`` for
    CSV and Markdown (one table each); ``table`` builds the Rich rendering.
    """

    data: Any
    sections: Sequence[tuple[str, Sequence[Record]]]
    table: Callable[[], RenderableType]


def choose_format(fmt: Format, as_json: bool) -> Format:
    """``--json`` is shorthand for ``--format json``; it cannot contradict ``-o``."""
    if as_json and fmt not in (Format.table, Format.json):
        raise UsageError(f"--json contradicts --format {fmt.value}; give one of them")
    return Format.json if as_json else fmt


def parse_fields(fields: str | None) -> list[str] | None:
    if fields is None:
        return None
    names = [f.strip() for f in fields.split(",") if f.strip()]
    if not names:
        raise UsageError("--fields needs at least one field name, e.g. --fields id,name")
    return names


def select(data: Any, fields: list[str]) -> Any:
    """Keep only ``fields`` of a record, or of every record of a list."""
    if isinstance(data, list):
        return [select(item, fields) for item in data]
    if isinstance(data, dict):
        unknown = [f for f in fields if f not in data]
        if unknown:
            shown = printable(unknown[0])
            raise UsageError(f"unknown field '{shown}'; choose from: {', '.join(data)}")
        return {f: data[f] for f in fields}
    return data


class Options(NamedTuple):
    """How a command's output is wanted: every output option in one value."""

    fmt: Format = Format.table
    fields: list[str] | None = None
    color: bool = True
    query: str | None = None
    save_svg: str | None = None
    save_html: str | None = None


def options(
    fmt: Format,
    as_json: bool,
    fields: str | None,
    color: bool,
    query: str | None = None,
    save_svg: str | None = None,
    save_html: str | None = None,
) -> Options:
    """Check the output options against each other; UsageError if they clash."""
    chosen = choose_format(fmt, as_json)
    if query is not None:
        if chosen is Format.table:
            chosen = Format.json  # a query answers in data, never in a table
        elif chosen not in (Format.json, Format.yaml):
            raise UsageError(f"--query works on json or yaml output, not {chosen.value}")
    for flag, file in (("--save-svg", save_svg), ("--save-html", save_html)):
        if file is None:
            continue
        if chosen is not Format.table:
            clash = "--query" if query is not None else f"--json/--format {chosen.value}"
            raise UsageError(f"{flag} saves the table; it cannot be combined with {clash}")
        from techhubs.files import check_target

        check_target(file, flag=flag)
    return Options(chosen, parse_fields(fields), color, query, save_svg, save_html)


def _select_columns(
    sections: Sequence[tuple[str, Sequence[Record]]], fields: list[str]
) -> list[tuple[str, list[Record]]]:
    """Keep ``fields`` in every table that has them; UsageError for one none has."""
    known: list[str] = []
    for _, rows in sections:
        for row in rows:
            known.extend(k for k in row if k not in known)
    unknown = [f for f in fields if f not in known]
    if unknown:
        shown = printable(unknown[0])
        raise UsageError(f"unknown field '{shown}'; choose from: {', '.join(known)}")
    return [
        (title, [{f: row[f] for f in fields if f in row} for row in rows])
        for title, rows in sections
    ]


def emit(view: View, how: Options) -> None:
    """Write ``view`` to stdout as asked."""
    _emit(view, how)


def write(text: str) -> None:
    """Write data text (an export) to stdout, every character intact."""
    from techhubs.streams import write_data

    write_data(text)


def _emit(view: View, how: Options) -> None:
    from techhubs.output import plain

    data = view.data
    sections = view.sections
    fmt, fields = how.fmt, how.fields
    if fields is not None:
        # Fields select from what is written: the JSON/YAML document, or the
        # rows of the tables (a comparison's tables have different columns).
        if fmt in (Format.json, Format.yaml):
            data = select(data, fields)
        else:
            sections = _select_columns(sections, fields)
    if how.query is not None:
        data = _query(data, how.query)
    from techhubs.streams import is_unicode

    ascii_only = not is_unicode(sys.stdout)
    if fmt is Format.json:
        write(plain.to_json(data, ascii_only))
    elif fmt is Format.yaml:
        write(plain.to_yaml(data, ascii_only))
    elif fmt is Format.csv:
        write(plain.to_csv(sections))
    elif fmt is Format.markdown:
        write(plain.to_markdown(sections))
    else:
        from techhubs.output import console

        renderables: list[RenderableType]
        if fields is not None:
            from techhubs.output.tables import records_table

            renderables = [records_table(title, rows) for title, rows in sections]
        else:
            renderables = [view.table()]
        console.show(renderables, how.color, how.save_svg, how.save_html)


def _query(data: Any, expression: str) -> Any:
    """Apply a JMESPath expression (imported only when a query is given)."""
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.search(expression, data)
    except JMESPathError as exc:
        reason = " ".join(str(exc).split())
        raise UsageError(f"--query is not valid JMESPath: {printable(reason, limit=300)}") from None
