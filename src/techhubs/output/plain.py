"""Serialisers for scripts: JSON, YAML, CSV and Markdown, without Rich.

(YAML here is output, the JSON contract written as YAML; the renderers that
draw tables know nothing of it, and reading YAML is the loader's alone.)

CSV and Markdown are flat, so records are flattened by one rule (written
out for users in docs/formats.md): nested mappings become dotted columns
(``population.value``); a reference is its id and its name in two columns
(``headquarters.id``, ``headquarters.name``), and so is a list of references,
each column joined (``focus_areas.id``, ``focus_areas.name``, and
``cities.relation`` where links have one); other lists are joined with
``"; "``, a record in them by its name, and a ``;`` or ``\\`` inside an item
is escaped with a backslash. The columns come from the record's shape in
the JSON contract (output.contract), never from its values, so a null or an
empty list leaves the same columns empty.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

Record = Mapping[str, Any]
JOIN = "; "


def from_json(text: str) -> Any:
    """Parse JSON that techhubs wrote (a stored answer): with orjson, about three
    times the json module on a hub list at 100x; with the json module where orjson
    is missing or refuses it (an integer beyond 64 bits). ValueError if not JSON."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency, but not one to fail on
        return _loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _loads(text)


def _loads(text: str) -> Any:
    # Nested deeper than the interpreter's stack (which orjson refuses at 1024
    # levels): not JSON techhubs wrote, so a ValueError like any other.
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None


def to_json(data: Any, ascii_only: bool = False) -> str:
    """``data`` as indented JSON: UTF-8 as is, no \\u escapes, unless stdout cannot
    carry it; then JSON's own escapes keep every character, and the stream stays ASCII.

    The bytes are always those of ``json.dumps(data, indent=2)``; orjson writes
    them about ten times faster where it writes the same (the json module
    indents in pure Python: 0.8 s of a cold start on 100x data). Numbers must
    be finite: JSON has no NaN or infinity (the json module would write them
    as ``NaN``, orjson as ``null``), and no command hands one over — the data
    file may not hold one, a growth or ratio that overflows is no value, and a
    --query answer with one is an error."""
    if not ascii_only:
        fast = _orjson(data)
        if fast is not None:
            return fast
    return json.dumps(data, ensure_ascii=ascii_only, indent=2)


def _may_differ(raw: bytes) -> bool:
    """Whether orjson's ``raw`` may differ from the json module's text: a float from
    1e-5 to 1e-9, which orjson writes 0.00001 and 1e-6 … 1e-9 where Python writes
    1e-05 … 1e-09 (a string that only looks like one costs the slower encoder).

    Plain searches, each hit checked by hand: a regular expression over a 100x
    list's JSON took longer than encoding it, and ids such as "zte-6" are common."""
    for mark in (b"e-6", b"e-7", b"e-8", b"e-9"):
        at = raw.find(mark)
        while at != -1:
            if at and raw[at - 1] in _DIGITS and not raw[at + 3 : at + 4].isdigit():
                return True
            at = raw.find(mark, at + 3)
    at = raw.find(b"0.0000")
    while at != -1:
        if at == 0 or raw[at - 1] not in _DIGITS_OR_POINT:
            return True
        at = raw.find(b"0.0000", at + 6)
    return False


_DIGITS = frozenset(b"0123456789")
_DIGITS_OR_POINT = frozenset(b"0123456789.")


def _orjson(data: Any) -> str | None:
    """``data`` as ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it, by
    orjson; None where orjson is missing, refuses the data (an integer beyond 64
    bits, a key that is not a string, half a surrogate pair, a type the json
    module would refuse too) or may write it otherwise."""
    try:
        import orjson
    except ImportError:
        return None
    # Dataclasses and datetimes are left to the json module, which refuses them.
    option = (
        orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
    )
    try:
        raw = orjson.dumps(data, option=option)
    except TypeError:  # orjson.JSONEncodeError is one
        return None
    if _may_differ(raw):
        return None
    return raw.decode()


def to_yaml(data: Any, ascii_only: bool = False) -> str:
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[valid-type,misc]
        # Every value written out in full, never '&id001' / '*id001': a record
        # built from the data shares objects, one read from the cache does not,
        # and the output must not depend on which it was.
        def ignore_aliases(self, data: Any) -> bool:
            return True

    text: str = yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=not ascii_only,
        width=100,
        default_flow_style=False,
    )
    return text


def _cell(value: Any, escape: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if "name" not in value and "id" not in value:  # a listing: 'HKEX 0700'
            return " ".join(_cell(v) for v in value.values() if v is not None)
        return str(value.get("name", value.get("id", "")))
    if isinstance(value, list):
        return JOIN.join((_item if escape else str)(_cell(item, escape)) for item in value)
    return str(value)


def _item(text: str) -> str:
    """One item of a joined list: its own ';' and '\\' escaped, so the list splits back."""
    return text.replace("\\", "\\\\").replace(";", "\\;")


#: The fields of a reference, in the order its columns come.
REF_FIELDS = ("id", "name", "relation")


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and "id" in value and "name" in value


def _refs(name: str, items: list[Any], escape: bool = True) -> dict[str, str]:
    """A list of references as one column a field, each joined in the same order."""
    present = [f for f in REF_FIELDS if any(f in item for item in items)]
    item = _item if escape else str
    return {f"{name}.{f}": JOIN.join(item(_cell(i.get(f))) for i in items) for f in present}


def flatten(record: Record, prefix: str = "", escape: bool = True) -> dict[str, str]:
    """One flat row: nested mappings become dotted columns, references their id
    and name, other lists are joined (a ';' in an item escaped, unless the row
    is for people to read, in a table, not for a program to split)."""
    row: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if _is_ref(value):
            row.update(_refs(name, [value], escape))
        elif isinstance(value, dict) and "name" not in value:
            row.update(flatten(value, f"{name}.", escape))
        elif isinstance(value, list) and value and all(_is_ref(v) for v in value):
            row.update(_refs(name, value, escape))
        else:
            row[name] = _cell(value, escape)
    return row


def table_columns(records: Sequence[Record], keys: Sequence[str] = ()) -> list[str]:
    """The columns the CSV writes for ``records`` (what --fields picks from)."""
    return _rows(records, keys=keys)[0]


def _rows(
    records: Sequence[Record], chosen: bool = False, keys: Sequence[str] = ()
) -> tuple[list[str], list[dict[str, str]]]:
    """The rows and the columns of one table: every row has the same columns.

    Records of a documented shape take its columns (a null figure or an empty
    list of references leaves them empty); others, the columns their values
    give, where a null beside another row's nested record is the same dotted
    columns left empty, never a column of its own. Rows ``chosen`` by --fields
    keep the order asked for, though their columns may look like a shape's
    ('name,id' is not a reference to be written 'id,name'). ``keys`` are the ids
    the shape's maps are keyed by (a comparison's items): each has its columns,
    though every row's map be null (growth of ranks only).
    """
    from techhubs.output import contract

    rows = [flatten(r) if isinstance(r, dict) else {"value": _cell(r)} for r in records]
    dicts = [r for r in records if isinstance(r, dict)]
    shape = contract.shape_of(dicts[0]) if dicts and len(dicts) == len(records) else None
    if chosen:
        shape = None
    if shape is not None and all(contract.shape_of(r) == shape for r in dicts):
        declared = contract.section_columns_of(shape, keys)
        # a map keyed by ids (a comparison's 'unique') has a column per id
        parents = {c.rsplit(".", 1)[0] for c in declared if "." in c}
        extra = [c for row in rows for c in row if c not in declared and c not in parents]
        return declared + list(dict.fromkeys(extra)), rows
    columns: list[str] = []
    for row in rows:
        for column in row:
            if column not in columns:
                columns.append(column)
    # A record null in the first rows stands where its columns go, once a later
    # row gives them: in the records' own order, not after every other field.
    ordered: list[str] = []
    for column in columns:
        inner = [c for c in columns if c.startswith(column + ".")]
        for name in inner or [column]:
            if name not in ordered:
                ordered.append(name)
    return ordered, rows


def to_csv(
    sections: Sequence[tuple[str, Sequence[Record]]],
    fields: Sequence[str] | None = None,
    keys: Sequence[str] = (),
) -> str:
    """Exactly one RFC 4180 table: a header row, then the records, nothing else.

    A result of several parts is cut to one before it gets here (--part), and
    its columns to ``fields`` (--fields); without records, the header is the
    shape's, with a column for each of ``keys`` its maps are keyed by (a
    comparison's ids), cut to ``fields`` by the same rule (a name, or a record's
    dotted names).
    """
    import csv  # only CSV output pays for it

    [(title, records)] = sections
    out = io.StringIO()
    columns, rows = _rows(records, chosen=fields is not None, keys=keys)
    if not records:
        # No records, yet the header a reader splits columns by: from the shape
        # the part's records have (an empty file had no columns at all).
        from techhubs.output import contract

        columns = contract.section_columns(title, keys) or columns
        if fields:
            columns = [
                c for field in fields for c in columns if c == field or c.startswith(field + ".")
            ]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def to_json_line(data: Any) -> str:
    """``data`` as JSON on one line (UTF-8 as is): a value among values a line."""
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def values_to_csv(values: Sequence[Any]) -> str:
    """A query's answer of values (not records) as CSV: a row a value, a list's
    items its cells (``[].[id, name]``), each cell as the CSV writes any (null
    empty, a list joined with '; '); no header, as the values have no names."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for value in values:
        writer.writerow([_cell(cell) for cell in (value if isinstance(value, list) else [value])])
    return out.getvalue()


#: What Markdown would read as markup in a cell: a data file's text is shown as
#: it is, never as emphasis, code, a link or HTML in a rendered report.
_MARKUP = str.maketrans(
    {c: "\\" + c for c in "\\|*_~`[]"} | {"<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "}
)
#: An '&' that Markdown reads as markup: one that begins a character reference
#: ('&amp;', '&#38;', '&#x26;'). Any other is text to a renderer ('R&D' shows as
#: 'R&D'), so it is written as it is: a cell reads the same raw and rendered.
_REFERENCE = r"&(?=[A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)"


def _md(text: str) -> str:
    if "&" in text:
        import re

        text = re.sub(_REFERENCE, "&amp;", text)
    return text.translate(_MARKUP)


def to_markdown(
    sections: Sequence[tuple[str, Sequence[Record]]],
    chosen: bool = False,
    keys: Sequence[str] = (),
) -> str:
    """GitHub-flavoured Markdown tables; several are each headed by ``## title``
    (their columns in the order --fields gave, when ``chosen`` by it)."""
    parts: list[str] = []
    for title, records in sections:
        columns, rows = _rows(records, chosen, keys)
        lines = []
        if len(sections) > 1:
            lines.append(f"## {title}\n")
        if not columns:
            lines.append("_(none)_")
        else:
            lines.append("| " + " | ".join(_md(c) for c in columns) + " |")
            lines.append("|" + "|".join(" --- " for _ in columns) + "|")
            for row in rows:
                lines.append("| " + " | ".join(_md(row.get(c, "")) for c in columns) + " |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
