"""Serialisers for scripts: JSON, YAML, CSV and Markdown, without Rich.

(YAML here is output, the JSON contract written as YAML; the renderers that
draw tables know nothing of it, and reading YAML is the loader's alone.)

CSV and Markdown are flat, so records are flattened by one generic rule:
nested mappings become dotted columns (``population.value``), lists of plain
values are joined with ``"; "``, and lists of records are joined by each
record's name (with its relation, where it has one).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

Record = Mapping[str, Any]
JOIN = "; "


def to_json(data: Any, ascii_only: bool = False) -> str:
    # UTF-8 as is, no \u escapes, unless stdout cannot carry it: then JSON's
    # own escapes keep every character, and the stream stays ASCII.
    return json.dumps(data, ensure_ascii=ascii_only, indent=2)


def to_yaml(data: Any, ascii_only: bool = False) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=not ascii_only,
        width=100,
        default_flow_style=False,
    )
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        if "name" not in value and "id" not in value:  # a listing: 'HKEX 0700'
            return " ".join(_cell(v) for v in value.values() if v is not None)
        label = str(value.get("name", value.get("id", "")))
        return f"{label} ({value['relation']})" if "relation" in value else label
    if isinstance(value, list):
        return JOIN.join(_cell(item) for item in value)
    return str(value)


def flatten(record: Record, prefix: str = "") -> dict[str, str]:
    """One flat row: nested mappings become dotted columns, lists are joined."""
    row: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and "relation" not in value and "name" not in value:
            row.update(flatten(value, f"{name}."))
        elif isinstance(value, dict) and "id" in value and "name" in value:
            row[name] = str(value["id"])
        else:
            row[name] = _cell(value)
    return row


def _rows(records: Sequence[Record]) -> tuple[list[str], list[dict[str, str]]]:
    """The rows and the columns of one table: every row has the same columns.

    A null where another row has a nested record (one city's GDP is missing)
    is the same dotted columns left empty, never a column of its own.
    """
    rows = [flatten(r) if isinstance(r, dict) else {"value": _cell(r)} for r in records]
    columns: list[str] = []
    for row in rows:
        for column in row:
            if column not in columns:
                columns.append(column)
    nested = {c.split(".", 1)[0] for c in columns if "." in c}
    columns = [c for c in columns if c not in nested]
    return columns, rows


def to_csv(sections: Sequence[tuple[str, Sequence[Record]]]) -> str:
    """Exactly one RFC 4180 table: a header row, then the records, nothing else.

    A result of several parts is cut to one before it gets here (--part).
    """
    [(_, records)] = sections
    out = io.StringIO()
    columns, rows = _rows(records)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(sections: Sequence[tuple[str, Sequence[Record]]]) -> str:
    """GitHub-flavoured Markdown tables; several are each headed by ``## title``."""
    parts: list[str] = []
    for title, records in sections:
        columns, rows = _rows(records)
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
