"""Output: one place that turns a command's result into text on stdout.

A command builds a :class:`View` (the JSON-contract data, the rows for
tabular formats, and a factory for the Rich rendering) and hands it to
:func:`emit` with the chosen format.  JSON, YAML, CSV and Markdown are written
straight to stdout without Rich; Rich is imported only when a table is
actually drawn.  A format is one entry in :data:`WRITERS`.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from techhubs.errors import UsageError
from techhubs.text import field_key, printable, spelled

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
    """The tables of a csv or markdown export: the collections, the figures of the
    cities and companies, and the exchange rates their money is ranked at."""

    cities = "cities"
    companies = "companies"
    focus_areas = "focus_areas"
    indicators = "indicators"
    observations = "observations"
    exchange_rates = "exchange_rates"


#: The key of a list's CSV and Markdown rows that holds the figure it is sorted by
#: (output.views.sorted_by): its columns follow the record's own.
SORTED_BY = "sorted_by"


class View(NamedTuple):
    """What a command shows, in every format.

    ``data`` is the JSON contract; ``sections`` are ``(title, records)`` for
    CSV and Markdown (one table each); ``table`` builds the Rich rendering;
    ``title`` is what a reader calls it, kept when --fields narrows the table;
    ``narrowed``, given the first section's rows cut to --fields, draws them as
    the view would (a ranking keeps its bars); without it, a plain table.
    """

    data: Any
    sections: Sequence[tuple[str, Sequence[Record]]]
    table: Callable[[], RenderableType]
    title: str = ""
    narrowed: Callable[[Sequence[Record]], RenderableType] | None = None
    #: The ids the sections' maps are keyed by (a comparison's items, in order):
    #: an empty part's CSV header has their columns, as a part with rows has.
    keys: Sequence[str] = ()


def choose_format(fmt: Format | None, as_json: bool, query: str | None = None) -> Format:
    """``--json`` is shorthand for ``--format json``; it cannot contradict ``-o``.

    Without either, a table; but a --query answers in JSON unless -o asks otherwise.
    """
    if as_json and fmt not in (None, Format.table, Format.json):
        raise UsageError(f"--json contradicts --format {fmt.value}; give one of them")
    if as_json:
        return Format.json
    if fmt is None:
        return Format.json if query is not None else Format.table
    return fmt


#: What each picture option writes, and the file names that say the other.
_PICTURES = {"--save-svg": ("svg", (".html", ".htm")), "--save-html": ("html", (".svg",))}


def _named_like(flag: str, file: str) -> None:
    """UsageError when ``file``'s extension says the other picture ('x.html' for
    --save-svg): the file would hold what its name says it does not."""
    import os

    kind, others = _PICTURES[flag]
    suffix = os.path.splitext(file)[1].lower()
    if suffix in others:
        other = "--save-html" if flag == "--save-svg" else "--save-svg"
        raise UsageError(
            f"{flag} writes {kind}, but '{printable(file, exact=True)}' is named like "
            f"{suffix[1:]}; name it .{kind}, or use {other}"
        )


def parse_fields(fields: str | None) -> list[str] | None:
    if fields is None:
        return None
    # Field names are snake_case; 'gdp-per-capita' and 'GDP_per_capita' mean the same.
    names = [field_key(f) for f in fields.split(",") if f.strip()]
    if not names:
        raise UsageError("--fields needs at least one field name, e.g. --fields id,name")
    return names


def select(data: Any, fields: list[str]) -> Any:
    """Keep only ``fields`` of a record, or of every record of a list.

    A dotted name keeps part of a nested record (``population.value``), as the
    CSV header names it; the JSON keeps its nesting.
    """
    if isinstance(data, list):
        return [select(item, fields) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for field in fields:
        head, _, rest = field.partition(".")
        if head not in data or (rest and not isinstance(data[head], dict | list | None)):
            _unknown(field, _names_in(data), _kind_of(data))
        if rest and isinstance(data[head], dict | list) and field not in _names_in(data):
            _unknown(field, _names_in(data), _kind_of(data))
        if not rest:
            out[head] = data[head]
        elif data[head] is None:
            out.setdefault(head, None)
        elif isinstance(data[head], list):
            # A list of references (``companies.name``, as the CSV header
            # names its column): that field of each.
            part = [select(item, [rest]) for item in data[head]]
            kept = out.get(head)
            out[head] = (
                [{**k, **p} for k, p in zip(kept, part, strict=True)]
                if isinstance(kept, list)
                else part
            )
        else:
            part = select(data[head], [rest])
            kept = out.get(head)
            out[head] = {**kept, **part} if isinstance(kept, dict) else part
    return out


Ordered = TypeVar("Ordered", bound=Mapping[str, object])


def _named_in_any(records: Sequence[Mapping[str, object]], field: str) -> bool:
    return any(field in _names_in(r) for r in records)


def sort_records(
    records: Sequence[Ordered], by: str, reverse: bool = False, places: Sequence[str] = ()
) -> list[Ordered]:
    """``records`` ordered by one of their fields (dotted for a nested one):
    numbers largest first, text A to Z; a place (``rank``, and the ``places``
    fields, e.g. the values of a ranking by a rank) 1 first; records without a
    value stay last, also when ``reverse``d. What ``--sort`` does on lists not
    sorted by the domain (search hits, similar hubs)."""
    field = field_key(by)
    # A nested record may be null in the first record and not in others
    # ('rank --sort older.value'): the names of every record, when the first's fall short.
    if records and field not in _names_in(records[0]) and not _named_in_any(records, field):
        import difflib

        known = [n for n in _names_in(records[0]) if not isinstance(_dig(records[0], n), dict)]
        close = difflib.get_close_matches(field, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise UsageError(
            f"--sort takes a field of these records: {', '.join(known)}"
            f" (got '{printable(by, limit=60)}'){hint}",
            close,
        )
    for r in records:
        held = _held(r, field)
        if held is not None:
            raise UsageError(
                f"--sort takes a field with one value a record, and '{printable(by, limit=60)}' "
                f"holds {held}"
            )
    valued: list[Ordered] = []
    rest: list[Ordered] = []
    for r in records:  # one pass: asking 'r in valued' compared whole records, n² times
        (rest if _dig(r, field) in (None, "", []) else valued).append(r)
    # a place (1 is first) sorts from the first, as it is read; other numbers largest first
    sign = 1 if field.rsplit(".", 1)[-1] == "rank" or field in places else -1

    def key(record: Ordered) -> Any:
        value = _dig(record, field)
        if isinstance(value, bool | int | float):
            return (0, sign * value, "")
        return (1, 0, str(value).casefold())

    valued.sort(key=key)
    if reverse:
        valued.reverse()
    return valued + rest


def _held(record: Mapping[str, object], field: str) -> str | None:
    """What ``field`` holds in ``record`` when it is not one value: 'a record (sort
    by one of its fields, e.g. coordinates.lat)' or 'a list'; else None."""
    value: Any = record
    parts = field.split(".")
    for i, part in enumerate(parts):
        if isinstance(value, list):
            return f"a list ({'.'.join(parts[:i])} has one a {part})"
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, dict) and value:
        return f"a record (sort by one of its fields, e.g. {field}.{next(iter(value))})"
    if isinstance(value, list) and value:
        return "a list"
    return None


def _dig(record: Mapping[str, object], field: str) -> Any:
    value: Any = record
    for part in field.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _names_in(record: Mapping[str, object]) -> list[str]:
    """Every name --fields takes for ``record``: its keys, and its nested keys dotted
    — those its values have, and those its documented shape declares (a null
    'older' or an empty list of companies still has them)."""
    from techhubs.output import contract
    from techhubs.output.plain import flatten

    shape = contract.shape_of(dict(record))
    declared = contract.columns(shape) if shape is not None else []
    return list(dict.fromkeys([*record, *flatten(record), *declared]))


def _kind_of(record: Mapping[str, object]) -> str | None:
    """The kind of record ``record`` is ('city'), as 'techhubs fields' names it."""
    from techhubs.output import contract

    return contract.shape_of(dict(record))


#: The most field names an error lists; more, and it names the command that lists them.
_LISTED = 12


def _unknown(field: str, known: Sequence[str], kind: str | None = None) -> None:
    """UsageError for a field the records have not: the closest name, and the
    names to choose from (past :data:`_LISTED`, where to find them: a city's 53
    in one sentence buried the did-you-mean)."""
    import difflib

    if field.split(".")[0] == SORTED_BY:
        raise UsageError(
            f"unknown field '{printable(field)}': the {SORTED_BY} columns are those of a "
            "list sorted by an indicator (--sort ID) in CSV, Markdown and tables; its JSON "
            "holds the value in each record's indicators[].latest"
        )
    close = difflib.get_close_matches(field, list(known), n=1)
    hint = f"; did you mean {close[0]}?" if close else "."
    if len(known) <= _LISTED:
        choose = f"Choose from: {', '.join(known)}"
    else:
        listing = f"techhubs fields {kind}" if kind else "techhubs fields"
        choose = f"'{listing}' lists them."
    raise UsageError(f"unknown field '{printable(field)}'{hint} {choose}", close)


class Options(NamedTuple):
    """How a command's output is wanted: every output option in one value."""

    fmt: Format = Format.table
    fields: list[str] | None = None
    color: bool = True
    query: str | None = None
    save_svg: str | None = None
    save_html: str | None = None
    part: str | None = None
    raw: bool = False
    force: bool = False
    #: (the data's cache key, the question, the stamp of techhubs' files when the
    #: run first asked the cache) when a table drawn may be kept and read back
    #: (techhubs.output.console.show); the CLI sets it for the commands whose
    #: drawing depends on nothing but their command line and the data.
    drawing: tuple[str, str, str] | None = None


def options(
    fmt: Format | None,
    as_json: bool,
    fields: str | None,
    color: bool,
    query: str | None = None,
    save_svg: str | None = None,
    save_html: str | None = None,
    part: str | None = None,
    raw: bool = False,
    force: bool = False,
) -> Options:
    """Check the output options against each other; UsageError if they clash."""
    chosen = choose_format(fmt, as_json, query)
    if part is not None and chosen not in (Format.csv, Format.markdown):
        raise UsageError(
            f"--part picks one table of csv or markdown output, and this is {chosen.value} "
            f"output; add -o csv or -o markdown (e.g. '-o csv --part {printable(part, 40)}')"
        )
    if raw and query is None:
        raise UsageError(
            "--raw writes the strings a --query answers with unquoted; add one "
            "(e.g. --query '[].id' --raw)"
        )
    if save_svg not in (None, "-") and save_html not in (None, "-") and _same(save_svg, save_html):
        raise UsageError("--save-svg and --save-html name the same file; give each its own")
    if save_svg == "-" and save_html == "-":
        raise UsageError("only one picture can go to standard output ('-')")
    for flag, file in (("--save-svg", save_svg), ("--save-html", save_html)):
        if file is None:
            continue
        if chosen is not Format.table:
            asked = (
                "--json"
                if as_json
                else "--query, which answers in JSON unless -o says otherwise"
                if fmt is None and query is not None
                else f"--format {chosen.value}"
            )
            raise UsageError(f"{flag} saves the table; it cannot be combined with {asked}")
        if file == "-":  # standard output: the picture instead of the table
            continue
        _named_like(flag, file)
        from techhubs.files import check_target

        check_target(file, force, flag)
    fields_ = parse_fields(fields)
    return Options(chosen, fields_, color, query, save_svg, save_html, part, raw, force)


def _same(one: str | None, other: str | None) -> bool:
    """Whether two paths name one file ('c.svg', './c.svg', '/abs/c.svg', a link)."""
    return os.path.realpath(one or "") == os.path.realpath(other or "")


def _select_columns(
    sections: Sequence[tuple[str, Sequence[Record]]],
    fields: list[str],
    escape: bool = True,
    keys: Sequence[str] = (),
    drawn: bool = False,
) -> list[tuple[str, list[Record]]]:
    """Keep ``fields`` in every table that has them; UsageError for one none has.

    Tables are flat: a field names a column (``population.value``) or every
    column of a nested record (``population``). An empty table has its shape's
    columns, with those of ``keys`` (View.keys). A ``drawn`` table (for a
    reader, not a script) takes a figure's url and note only when named
    (``population.note``): a paragraph in every row of a narrow table buries
    the numbers it qualifies; its year comes with its value.
    """
    from techhubs.output.contract import section_columns
    from techhubs.output.plain import flatten, table_columns

    def declared(title: str, rows: Sequence[Record]) -> list[str]:
        """A table's columns as the CSV writes them (a documented shape's, so a null
        nested record or an empty list keeps its dotted columns); with no rows,
        its shape's."""
        if rows:
            return table_columns(rows, keys)
        return section_columns(title, keys)

    known: list[str] = []
    for title, rows in sections:
        names = declared(title, rows)
        # a nested record by its own name too ('population' for its dotted columns)
        for name in [*(n.split(".")[0] for n in names), *names]:
            if name not in known:
                known.append(name)
        for row in rows:
            known.extend(k for k in _names_in(row) if k not in known)
    for field in fields:
        if field not in known:
            from techhubs.output.contract import SECTION_SHAPES

            kinds = {SECTION_SHAPES.get(title) for title, _ in sections}
            _unknown(field, known, kinds.pop() if len(kinds) == 1 else None)

    def wanted(column: str) -> int | None:
        for i, field in enumerate(fields):
            if column == field:
                return i
            # a drawn figure's value brings its year: a list's values are of
            # different years, and a number is never shown without its year
            if drawn and column.endswith(".year") and field == column[:-5] + ".value":
                return i
            if column.startswith(field + ".") and not (drawn and column.endswith(_ASIDES)):
                return i
        return None

    chosen: list[tuple[str, list[Record]]] = []
    for title, rows in sections:
        kept = [c for c in declared(title, rows) if wanted(c) is not None]
        kept.sort(key=lambda c: wanted(c) or 0)
        flat = [flatten(row, escape=escape) for row in rows]
        chosen.append((title, [{c: row.get(c, "") for c in kept} for row in flat]))
    return chosen


def emit(view: View, how: Options) -> None:
    """Write ``view`` to stdout as asked."""
    _emit(view, how)


def write(text: str) -> None:
    """Write data text (an export) to stdout, every character intact."""
    from techhubs.output.streams import write_data

    write_data(text)


#: A figure's columns a drawn table shows only when named (:func:`_select_columns`):
#: a city's figure has no period_end, and a column of nothing but blanks tells nothing.
_ASIDES = (".url", ".note", ".period_end")

#: The columns that name a row rather than tell anything of it.
_NAMING = frozenset(("id", "name", "name_zh"))


def _show_table(view: View, how: Options, sections: Sections) -> None:
    from techhubs.output import console

    def make() -> list[RenderableType]:
        if how.fields is None:
            return [view.table()]
        from techhubs.output.tables import records_table

        # A table none of the fields are in is left out; so is one that kept only
        # its names, when another kept what was asked about (compare's Figures rows
        # under '--fields name,population' were a list of indicator names).
        def telling(rows: Sequence[Record]) -> bool:
            return any(column not in _NAMING for row in rows for column in row)

        told = any(telling(rows) for _, rows in sections)
        # The view's own title for its first table; a section's name, in words,
        # for the others (a comparison's "shared and unique").
        return [
            view.narrowed(rows)
            if i == 0 and view.narrowed is not None
            else records_table(
                view.title if i == 0 and view.title else title.replace("_", " ").capitalize(),
                rows,
            )
            for i, (title, rows) in enumerate(sections)
            if any(rows) and (telling(rows) or not told)
        ]

    console.show(make, how.color, how.save_svg, how.save_html, how.force, how.drawing)


def _text_writer(name: str) -> Callable[[View, Options, Sections], None]:
    """A writer of data text: ``plain.to_<name>`` of the document or of the tables."""

    def writer(view: View, how: Options, sections: Sections) -> None:
        from techhubs.output import plain
        from techhubs.output.streams import is_unicode

        data: Any = view.data
        if name in ("json", "yaml"):
            data = data if how.fields is None else select(data, how.fields)
            write(getattr(plain, f"to_{name}")(data, not is_unicode(sys.stdout)))
        elif name == "csv":
            # an empty table's header, cut to them
            write(plain.to_csv(sections, how.fields, view.keys))
        else:
            write(plain.to_markdown(sections, chosen=how.fields is not None, keys=view.keys))

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
        # any case, and '-', '_' or spaces alike, as every other choice
        chosen = [(t, rows) for t, rows in sections if spelled(t) == spelled(how.part)]
        if not chosen:
            import difflib

            close = difflib.get_close_matches(
                spelled(how.part), [spelled(n) for n in names], n=1, cutoff=0.5
            )
            # each as it is typed, one way ('focus-areas', 'shared-and-unique': no
            # quotes needed), though any spelling is taken
            hint = f"; did you mean '{close[0]}'?" if close else "."
            raise UsageError(
                f"no part called '{printable(how.part)}' here{hint} "
                f"Choose from: {', '.join(spelled(n) for n in names)}",
                close,
            )
        return chosen
    return sections[:1] if how.fmt is Format.csv else sections


def _queried(view: View, how: Options) -> View | None:
    """The view of a --query's answer, in any format; None when it was written as lines.

    The expression runs on the JSON records (after --fields). A record or a list
    of records is shown like any result; a value or a list of values is written
    one per line (strings unquoted with --raw, as JSON otherwise).
    """
    from techhubs.output import plain

    data: Any = view.data if how.fields is None else select(view.data, how.fields)
    answer = _query(data, how.query or "")
    rows = [answer] if isinstance(answer, dict) else answer
    if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows):

        def table() -> RenderableType:
            from techhubs.output.tables import records_table

            # what was asked, of what: the answer is no longer the command's records
            asked = f"--query {printable(how.query or '', limit=80)}"
            return records_table(f"{view.title}, {asked}" if view.title else asked, rows)

        return View(answer, [("query", rows)], table)
    if how.fmt in (Format.json, Format.yaml) and not how.raw:
        return View(answer, [("query", [])], lambda: "")
    values = answer if isinstance(answer, list) else [answer]
    for flag, file in (("--save-svg", how.save_svg), ("--save-html", how.save_html)):
        if file is not None:  # said before anything is written
            raise UsageError(
                f"{flag} saves a table, and this query's answer is values, not records; "
                "drop it, or query for records (e.g. '[?status==`emerging`]')"
            )
    if how.fmt is Format.csv:
        write(plain.values_to_csv(values))
        return None
    write(
        "\n".join(
            v
            if isinstance(v, str) and (how.raw or how.fmt is not Format.json)
            # one value a line: a list or a record on one line, unless JSON was asked for
            else plain.to_json(v)
            if how.fmt is Format.json
            else plain.to_json_line(v)
            for v in values
        )
    )
    return None


def _emit(view: View, how: Options) -> None:
    if how.query is not None:
        queried = _queried(view, how)
        if queried is None:
            return
        view, how = queried, how._replace(fields=None, query=None)
    sections = view.sections
    if how.fmt in (Format.csv, Format.markdown):
        sections = _part(sections, how)
    if how.fields is not None and how.fmt not in (Format.json, Format.yaml):
        # Fields select from what is written: the JSON/YAML document, or the
        # rows of the tables (a comparison's tables have different columns).
        table = how.fmt is Format.table
        sections = _select_columns(
            sections, how.fields, escape=not table, keys=view.keys, drawn=table
        )
    WRITERS[how.fmt](view, how, sections)


#: The longest --query taken: enough for any real filter, and a bound on the
#: work (and the recursion) of parsing one.
MAX_QUERY = 2000


def _query(data: Any, expression: str) -> Any:
    """Apply a JMESPath expression (imported only when a query is given)."""
    import jmespath
    from jmespath.exceptions import JMESPathError, JMESPathTypeError

    if len(expression) > MAX_QUERY:
        raise UsageError(
            f"--query is {len(expression):,} characters long; techhubs takes at most "
            f"{MAX_QUERY:,} (a longer expression is better as a jq program)"
        )
    # Work and answer are bounded by the data asked of: a few characters can ask
    # for 2^14 copies of it ('[@,@]|[@,@]|…'), which no length limit catches.
    bound = QUERY_GROWTH * _size(data, None) + QUERY_FLOOR
    try:
        answer = _evaluate(jmespath.compile(expression).parsed, data, bound)
    except RecursionError:  # jmespath parses recursively: '[[[[…' runs out of stack
        raise UsageError(
            "--query nests too deeply to be read; flatten its brackets or parentheses"
        ) from None
    except JMESPathTypeError as exc:  # valid, but a function given the wrong kind of value
        expected = " or ".join(_JMESPATH_TYPES.get(t, t) for t in exc.expected_types)
        given = _JMESPATH_TYPES.get(exc.actual_type, exc.actual_type)
        value = exc.current_value
        # the usual slip: a figure ({value, year, source}) where its number is meant;
        # jmespath reports the figure, or (sort_by, max_by…) the record holding it
        holder = exc.function_name in ("sort_by", "max_by", "min_by")
        figures = [value, *(value.values() if holder else ())] if isinstance(value, dict) else []
        hint = (
            " (if it is a figure, its number is .value, e.g. sort_by(@, &population.value))"
            if any(isinstance(f, dict) and {"value", "year"} <= set(f) for f in figures)
            else ""
        )
        raise UsageError(
            f"--query's {exc.function_name}() takes {expected}, and was given {given}{hint}"
        ) from None
    except JMESPathError as exc:
        reason = " ".join(str(exc).split())
        raise UsageError(f"--query is not valid JMESPath: {printable(reason, limit=300)}") from None
    if isinstance(answer, _TooLarge):
        raise UsageError(
            f"--query asks for more work than {QUERY_GROWTH} times the values it reads (a "
            "long text counts by its length); repeat less of the data (e.g. drop a '[@,@]') "
            "or make its text once a record (e.g. [?to_string(@) | contains(@, 'x')])"
        )
    if _size(answer, bound) > bound:
        raise UsageError(
            f"--query asks for too large an answer (more than {QUERY_GROWTH} times the "
            "values it reads); repeat less of the data, e.g. drop a '[@,@]'"
        )
    if not _finite(answer):
        raise UsageError(
            "--query's answer holds NaN or an infinity (from to_number, or a number too "
            "large), which JSON cannot write; change the expression"
        )
    return answer


#: How many times the values of the data a --query may evaluate and answer with
#: (plus a floor, for the smallest documents): enough for any reshaping, never for
#: an answer that doubles itself again and again.
QUERY_GROWTH = 20
QUERY_FLOOR = 100_000


#: The types jmespath names — what a function takes and what it was given, in
#: JMESPath's names or (for some checks) Python's — in words.
_JMESPATH_TYPES = {
    "object": "an object",  # jmespath's own names, as its type checks report them
    "string": "a string",
    "array": "an array",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
    "array-number": "an array of numbers",  # what a function takes
    "array-string": "an array of strings",
    "expref": "an expression (&field)",
    "dict": "an object",  # Python's, as some checks report them
    "str": "a string",
    "list": "an array",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "NoneType": "null",
}


class _TooLarge:
    """The answer of a --query that ran out of its budget of work."""


#: A string counts as one value and one more for each this many characters: a
#: string doubled again and again ("join('', [@,@])") grows as a list does.
STRING_UNIT = 8


def _size(value: Any, limit: int | None) -> int:
    """How many values ``value`` holds, counting each time one is reached (a list
    that holds one record twice holds it twice) and a long string as several (see
    STRING_UNIT); past ``limit`` it stops counting."""
    count, pending = 0, [value]
    while pending and (limit is None or count <= limit):
        item = pending.pop()
        count += 1
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            count += len(item) // STRING_UNIT
    return count


class _OutOfWork(Exception):
    """A --query's evaluation went past its budget of steps."""


def _makes(node: Any) -> bool:
    """Whether a step of the expression makes a new value (a function's), rather than
    handing on one the data or an earlier step holds."""
    return isinstance(node, dict) and node.get("type") == "function_expression"


def _evaluate(parsed: Any, data: Any, budget: int) -> Any:
    """JMESPath's own tree interpreter, stopped once ``budget`` is spent: a step (a
    node of the expression applied to a value) costs one, and the list, record or
    long string it hands on costs the values it holds (its length); _TooLarge then."""
    from jmespath.visitor import TreeInterpreter

    interpreter = TreeInterpreter()
    step = interpreter.visit
    left = [budget]

    def visit(node: Any, *args: Any, **kwargs: Any) -> Any:
        left[0] -= 1
        if left[0] < 0:
            raise _OutOfWork
        value = step(node, *args, **kwargs)
        # a long string is paid for where a function makes it (to_string, join…);
        # a field or '@' that only hands an existing one on is one step
        made = isinstance(value, str) and len(value) > STRING_UNIT and _makes(node)
        if isinstance(value, list | dict) or made:
            # the values a step hands on are paid for before anything uses them:
            # to_string() or '==' of a value repeated 2^31 times, or join() of a
            # string doubled, runs in C, out of reach of a count of steps
            # (counting stops at the budget left)
            left[0] -= _size(value, left[0])
            if left[0] < 0:
                raise _OutOfWork
        return value

    # An attribute of the instance, so every nested step (and a function's
    # &expression) goes through it too.
    setattr(interpreter, "visit", visit)  # noqa: B010
    try:
        return interpreter.visit(parsed, data)
    except _OutOfWork:
        return _TooLarge()


def _finite(value: Any) -> bool:
    """Whether ``value`` holds no NaN and no infinity (JSON has no way to write them).

    A loop, not recursion: a literal in the expression may nest as deep as
    JMESPath's parser allows."""
    import math

    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return False
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True
