"""Output: one place that turns a command's result into text on stdout.

A command builds a :class:`View` (the JSON-contract data, the rows for
tabular formats, and a factory for the Rich rendering) and hands it to
:func:`emit` with the chosen format.  JSON, YAML, CSV and Markdown are written
straight to stdout without Rich; Rich is imported only when a table is
actually drawn.  A format is one entry in :data:`WRITERS`.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from techhubs.errors import UsageError
from techhubs.text import printable

if TYPE_CHECKING:
    from rich.console import RenderableType

Record = Mapping[str, Any]
Sections = Sequence[tuple[str, Sequence[Record]]]


class Format(str, enum.Enum):
    """Every command's output formats."""

    table = "table"
    json = "json"
    yaml = "yaml"
    csv = "csv"
    markdown = "markdown"


class ExportFormat(str, enum.Enum):
    """What ``export`` writes: the data-file schema, tables, or a database."""

    yaml = "yaml"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"


class ExportKind(str, enum.Enum):
    """The tables of a csv or markdown export: the collections, and the cities' figures."""

    cities = "cities"
    companies = "companies"
    focus_areas = "focus_areas"
    indicators = "indicators"
    observations = "observations"


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
    part: str | None = None


def options(
    fmt: Format,
    as_json: bool,
    fields: str | None,
    color: bool,
    query: str | None = None,
    save_svg: str | None = None,
    save_html: str | None = None,
    part: str | None = None,
) -> Options:
    """Check the output options against each other; UsageError if they clash."""
    chosen = choose_format(fmt, as_json)
    if part is not None and chosen not in (Format.csv, Format.markdown):
        raise UsageError(f"--part picks a table of csv or markdown output, not of {chosen.value}")
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
    return Options(chosen, parse_fields(fields), color, query, save_svg, save_html, part)


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
    from techhubs.output.streams import write_data

    write_data(text)


def _show_table(view: View, how: Options, sections: Sections) -> None:
    from techhubs.output import console

    renderables: list[RenderableType]
    if how.fields is not None:
        from techhubs.output.tables import records_table

        renderables = [records_table(title, rows) for title, rows in sections]
    else:
        renderables = [view.table()]
    console.show(renderables, how.color, how.save_svg, how.save_html)


def _text_writer(name: str) -> Callable[[View, Options, Sections], None]:
    """A writer of data text: ``plain.to_<name>`` of the document or of the tables."""

    def writer(view: View, how: Options, sections: Sections) -> None:
        from techhubs.output import plain
        from techhubs.output.streams import is_unicode

        data: Any = view.data
        if name in ("json", "yaml"):
            data = data if how.fields is None else select(data, how.fields)
            if how.query is not None:
                data = _query(data, how.query)
            write(getattr(plain, f"to_{name}")(data, not is_unicode(sys.stdout)))
        else:
            write(getattr(plain, f"to_{name}")(sections))

    return writer


#: How each format is written: a new format is one entry here (and in Format).
WRITERS: dict[Format, Callable[[View, Options, Sections], None]] = {
    Format.table: _show_table,
    **{fmt: _text_writer(fmt.value) for fmt in Format if fmt is not Format.table},
}


def _part(sections: Sections, how: Options) -> Sections:
    """The tables to write: CSV is always one table (the one --part names, else the
    first); Markdown writes every table unless --part names one."""
    names = [title for title, _ in sections]
    if how.part is not None:
        chosen = [(t, rows) for t, rows in sections if t == how.part]
        if not chosen:
            raise UsageError(
                f"no part called '{printable(how.part)}' here; choose from: {', '.join(names)}"
            )
        return chosen
    return sections[:1] if how.fmt is Format.csv else sections


def _emit(view: View, how: Options) -> None:
    sections = view.sections
    if how.fmt in (Format.csv, Format.markdown):
        sections = _part(sections, how)
    if how.fields is not None and how.fmt not in (Format.json, Format.yaml):
        # Fields select from what is written: the JSON/YAML document, or the
        # rows of the tables (a comparison's tables have different columns).
        sections = _select_columns(sections, how.fields)
    WRITERS[how.fmt](view, how, sections)


def _query(data: Any, expression: str) -> Any:
    """Apply a JMESPath expression (imported only when a query is given)."""
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.search(expression, data)
    except JMESPathError as exc:
        reason = " ".join(str(exc).split())
        raise UsageError(f"--query is not valid JMESPath: {printable(reason, limit=300)}") from None
