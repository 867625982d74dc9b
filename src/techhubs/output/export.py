"""``techhubs export``: the whole dataset as text.

YAML and JSON carry exactly the data-file schema, so an export can be edited
and read back with ``--data``; CSV and Markdown give one table per entity
kind, for spreadsheets and reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techhubs.core.dataset import Dataset
from techhubs.core.entities import Contents
from techhubs.core.fields import fields_of
from techhubs.errors import UsageError
from techhubs.output import ExportFormat, ExportKind, plain, records
from techhubs.text import printable


def _tables(dataset: Dataset, kind: str | None) -> list[tuple[str, list[dict[str, Any]]]]:
    """One flat table per kind; the cities' observations are a table of their own
    (one row per city, indicator and year), not a column of the cities."""
    document = records.data_document(dataset)
    observations = [
        {
            "city": holder["id"] if kind == "cities" else None,
            "company": holder["id"] if kind == "companies" else None,
            **observation,
        }
        for kind in ("cities", "companies")
        for holder in document[kind]
        for observation in holder.pop("observations", [])
    ]
    tables = {**document, "observations": observations}
    # Every declared field is a column, present or not in this data (the
    # document leaves absent optional ones out, a list with none included):
    # the header never depends on it.
    return [
        (k.value, _declared(tables.get(k.value, []), *_shape(k.value)))
        for k in ExportKind
        if kind in (None, k.value)
    ]


def _shape(kind: str) -> tuple[type, list[str]]:
    """The entity a part's rows are, and the columns that lead them."""
    shapes = {f.key: f.spec.entity for f in fields_of(Contents) if f.spec.many}
    city_fields = {f.key: f for f in fields_of(shapes["cities"])}
    shapes["observations"] = city_fields["observations"].spec.entity
    return shapes[kind], (["city", "company"] if kind == "observations" else [])


def _template(cls: type) -> dict[str, Any]:
    """A row of ``cls`` with every field empty but its nested records' own fields:
    what an empty part's CSV header is made from, by the rule that makes the
    header of rows (so the two never differ)."""
    return {
        f.key: _template(f.spec.entity)
        if f.spec.kind == "entity" and not f.spec.many
        else ([] if f.spec.many else None)
        for f in fields_of(cls)
    }


def _declared(rows: list[dict[str, Any]], cls: type, lead: list[str]) -> list[dict[str, Any]]:
    """``rows`` with every field ``cls`` declares, in declared order (after ``lead``)."""
    # (a city's or company's observations are the table of their own above)
    keys = [*lead, *(f.key for f in fields_of(cls) if f.key not in [*lead, "observations"])]
    empty: dict[str, Any] = {f.key: [] if f.spec.many else None for f in fields_of(cls)}
    return [{key: row.get(key, empty.get(key)) for key in keys} for row in rows]


def export_text(dataset: Dataset, fmt: str, kind: str | None = None) -> str:
    if fmt == "yaml":
        return _yaml_header(dataset) + plain.to_yaml(records.data_document(dataset))
    if fmt == "json":
        return plain.to_json(records.data_document(dataset)) + "\n"
    if fmt == "csv":
        [(part, rows)] = _tables(dataset, kind)
        if not rows:  # the header alone, as a part with rows has it
            cls, lead = _shape(part)
            header = plain.to_csv([(part, _declared([_template(cls)], cls, lead))])
            return header.split("\n", 1)[0] + "\n"
        return plain.to_csv([(part, rows)])
    return plain.to_markdown(_tables(dataset, kind))


def _yaml_header(dataset: Dataset) -> str:
    # The header is a comment: data in it must not be able to end the line.
    version, as_of = printable(dataset.meta.version), printable(dataset.meta.as_of)
    return (
        f"# techhubs data, exported (dataset {version}, as of {as_of}).\n"
        "# Edit it and use it with: techhubs --data FILE ...\n"
    )


#: What a file's extension says it holds.
_SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
}


def choose_format(fmt: ExportFormat | None, file: str | None) -> str:
    """The format asked for, else the one FILE's extension names, else yaml.

    UsageError when the two disagree (YAML written into 'out.csv' helps nobody).
    """
    suffix = Path(file).suffix.lower() if file else ""
    named = _SUFFIXES.get(suffix)
    if fmt is None:
        if suffix and named is None:  # 'out.txt': which format was meant is a guess
            known = ", ".join(sorted(_SUFFIXES))
            raise UsageError(
                f"'{printable(file or '', exact=True)}' has no extension techhubs knows ({known}); "
                "name the format with --format"
            )
        return named or "yaml"
    if named is not None and named != fmt.value:
        raise UsageError(
            f"'{printable(file or '', exact=True)}' is named like {named} but --format "
            f"{fmt.value} was asked; change one of them"
        )
    chosen: str = fmt.value
    return chosen


def check_target(fmt: str, kind: str | None, file: str | None, force: bool) -> Path | None:
    """The file to write, or None for stdout; UsageError before any work is done."""
    if kind is not None and fmt not in ("csv", "markdown"):
        raise UsageError(
            f"--part picks one table of csv or markdown, not of {fmt}; add -o csv or -o "
            f"markdown (e.g. 'techhubs export -o csv --part {kind.replace('_', '-')}')"
        )
    if kind is None and fmt == "csv":
        parts = ", ".join(k.value.replace("_", "-") for k in ExportKind)  # as --part takes them
        raise UsageError(
            f"a csv export is one table: choose it with --part, one of: {parts} "
            "(e.g. 'techhubs export -o csv --part cities')"
        )
    if file is None:
        if fmt == "sqlite":
            raise UsageError(
                "a sqlite export needs a FILE, e.g. 'techhubs export --format sqlite hubs.db'"
            )
        return None
    from techhubs import files

    return files.check_target(file, force)


def export_file(
    dataset: Dataset, fmt: str, kind: str | None, target: Path, force: bool = False
) -> None:
    """Write the export to ``target`` atomically."""
    from techhubs import files

    if fmt == "sqlite":
        files.write_output(target, lambda path: _sqlite(dataset, path), force)
    else:
        files.write_text(target, export_text(dataset, fmt, kind), force)


def _sqlite(dataset: Dataset, path: str) -> None:
    """The SQLite export; SQLite's own failure to write (a full disk) as the OSError
    every other write raises, so it is reported the same way (exit 74)."""
    import errno
    import sqlite3

    from techhubs.output import sqlite

    try:
        sqlite.write(dataset, path)
    except sqlite3.Error as exc:
        full = "full" in str(exc).lower()
        raise OSError(errno.ENOSPC if full else errno.EIO, str(exc)) from None
