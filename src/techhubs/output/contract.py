"""The JSON contract as data: the JSON Schema of every command's output.

``data/schema.json`` is generated from docs/json.md (scripts/make_schema.py),
the description of the JSON that the tests hold both to the declarations and
to real output; it ships inside the package, like the dataset. ``techhubs
schema`` prints it, and ``techhubs fields`` lists a record's fields from it:
each with its type and meaning, the names ``--fields`` and the CSV header use.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from techhubs.errors import UsageError
from techhubs.text import printable
from techhubs.text import spelled as _spelled


@cache
def document() -> dict[str, Any]:
    """The whole schema: ``commands`` (what each prints) and ``$defs`` (the shapes)."""
    from techhubs.loader import bundled_path

    loaded: dict[str, Any] = json.loads(bundled_path("schema.json").read_text(encoding="utf-8"))
    return loaded


def _choose(asked: str, known: list[str], what: str) -> str:
    """``asked`` as one of ``known`` (any case; '-', '_' and spaces alike)."""
    by_spelling = {_spelled(k): k for k in known}
    found = by_spelling.get(_spelled(asked))
    if found is not None:
        return found
    close = difflib.get_close_matches(_spelled(asked), list(by_spelling), n=1, cutoff=0.6)
    hint = f"; did you mean {by_spelling[close[0]]}?" if close else "."
    raise UsageError(
        f"no {what} called '{printable(asked, limit=60)}'{hint} Choose from: {', '.join(known)}",
        [by_spelling[c] for c in close],
    )


def commands() -> list[str]:
    return list(document()["commands"])


def for_command(command: str) -> dict[str, Any]:
    """A standalone JSON Schema of what ``techhubs COMMAND --json`` prints."""
    whole = document()
    if _spelled(command) == "export":
        raise UsageError(
            "export writes the data file itself (yaml, json, …), not records: its shape is "
            "the data-file schema that 'techhubs data validate' checks, not a JSON Schema here"
        )
    name = _choose(command, commands(), "command with JSON output (or error, an error's shape)")
    title = "techhubs error (stderr, with --json)" if name == "error" else f"techhubs {name} --json"
    return {
        "$schema": whole["$schema"],
        "title": title,
        "description": whole["description"],
        **whole["commands"][name],
        "$defs": whole["$defs"],
    }


#: What people call the records (and what ``compare --kind`` and the JSON call
#: them) that are not the name of their shape; and the commands that print a
#: record of another name ('fields compare': a comparison of cities).
_KIND_NAMES = {
    "focus-area": "area",
    "focus-areas": "area",
    "hub": "city",
    "hubs": "city",
    "compare": "comparison",
    "search": "hit",
}


def field_names(kind: str) -> list[str]:
    """The names --fields and --sort take for ``kind``, dotted inside a record."""
    return [row["name"] for row in fields_of(kind)[1]]


def kinds() -> list[str]:
    return list(document()["$defs"])


def fields_of(kind: str, lists: bool = False) -> tuple[str, list[dict[str, str]]]:
    """A shape's name and its fields, nested objects' fields dotted as --fields
    takes them: ``[{name, type, meaning}]``; with ``lists``, also a list of
    references' columns (``companies.id``), as --fields and the CSV header take
    them, though no list is sorted by one."""
    defs = document()["$defs"]
    # a shape's own name first: 'focus_area' is one (the data file's), though
    # people say 'focus area' for what area prints
    asked = kind if kind in defs else _KIND_NAMES.get(_spelled(kind), kind)
    if _spelled(asked) not in {_spelled(k) for k in defs}:
        singular = asked[:-3] + "y" if asked.endswith("ies") else asked.rstrip("s")
        asked = singular if _spelled(singular) in {_spelled(k) for k in defs} else asked
    name = _choose(asked, kinds(), "kind of record")
    return name, _field_rows(defs, name, "", lists, nested=True)


def _field_rows(
    defs: dict[str, Any], shape: str, prefix: str, lists: bool, nested: bool
) -> list[dict[str, str]]:
    """The fields of ``shape`` under ``prefix``; a nested object's own (one level
    down, as --sort takes them) and, with ``lists``, a list of references' columns
    wherever the CSV writes them (``companies.id``, ``shared.companies.id``)."""
    from techhubs.output.plain import REF_FIELDS

    rows: list[dict[str, str]] = []
    for field, prop in defs[shape]["properties"].items():
        name = f"{prefix}{field}"
        rows.append({"name": name, "type": _type_name(prop), "meaning": prop["description"]})
        listed = _listed_ref(prop, defs) if lists else None
        if listed is not None:
            subs = defs[listed]["properties"]
            rows.extend(
                {
                    "name": f"{name}.{sub}",
                    "type": f"[{_type_name(subs[sub])}]",
                    "meaning": f"of each: {subs[sub]['description']}",
                }
                for sub in REF_FIELDS
                if sub in subs
            )
        inner = _object_ref(prop)
        if inner is not None and nested:
            rows.extend(_field_rows(defs, inner, f"{name}.", lists, nested=False))
        elif inner is not None and lists and {"id", "name"} <= set(defs[inner]["properties"]):
            subs = defs[inner]["properties"]  # a reference two levels down, as the CSV writes it
            rows.extend(
                {
                    "name": f"{name}.{sub}",
                    "type": _type_name(subs[sub]),
                    "meaning": subs[sub]["description"],
                }
                for sub in REF_FIELDS
                if sub in subs
            )
    return rows


def _listed_ref(prop: dict[str, Any], defs: dict[str, Any]) -> str | None:
    """The shape of a list's items when they are references (an id and a name):
    the CSV writes such a list as a column a field of theirs."""
    items = prop.get("items", {}) if prop.get("type") == "array" else {}
    shape = str(items.get("$ref", "")).rsplit("/", 1)[-1]
    held = defs.get(shape, {}).get("properties", {})
    return shape if "id" in held and "name" in held else None


def _object_ref(prop: dict[str, Any]) -> str | None:
    """The shape a field holds, when it is one object (or null): its fields dot."""
    options = prop.get("anyOf", [prop])
    refs = [o["$ref"].rsplit("/", 1)[-1] for o in options if "$ref" in o]
    others = [o for o in options if "$ref" not in o and o.get("type") != "null"]
    return refs[0] if len(refs) == 1 and not others else None


def _type_name(prop: dict[str, Any]) -> str:
    """A schema fragment written back as docs/json.md writes types."""
    if "anyOf" in prop:
        return "|".join(_type_name(option) for option in prop["anyOf"])
    if "$ref" in prop:
        return str(prop["$ref"].rsplit("/", 1)[-1])
    if prop.get("type") == "array":
        return f"[{_type_name(prop['items'])}]"
    if prop.get("type") == "object" and "additionalProperties" in prop:
        return f"{{id: {_type_name(prop['additionalProperties'])}}}"
    return str(prop.get("type", "any"))


def shape_of(record: dict[str, Any]) -> str | None:
    """The documented shape whose fields are exactly ``record``'s, if one is; a list's
    row that also carries the figure it is sorted by is of its record's shape (the
    figure's columns come after the shape's)."""
    from techhubs.output import SORTED_BY

    return _by_fields().get(frozenset(record).difference((SORTED_BY,)))


@cache
def _by_fields() -> dict[frozenset[str], str]:
    found: dict[frozenset[str], str] = {}
    for name, shape in document()["$defs"].items():
        found.setdefault(frozenset(shape["properties"]), name)
    return found


#: The fields of a reference that become columns, in order (as output.plain writes them).
_REF_FIELDS = ("id", "name", "relation")


#: The shape of each part's records, by the part's name (output.View's sections):
#: what an empty part's CSV header is made of.
SECTION_SHAPES = {
    "cities": "city",
    "companies": "company",
    "focus_areas": "area",
    "results": "hit",
    "ranking": "rank",
    "indicators": "indicator",
    "similar": "similar",
    "figures": "figure_row",
    "warnings": "warning",
    "entries": "cache_entry",
    "fields": "field",
}
#: The parts that are a list inside a command's JSON document, not the list it
#: prints (compare's figures, data validate's warnings, cache info's entries):
#: --fields in JSON names the document's own fields, not their rows'.
DOCUMENT_PARTS = frozenset({"figures", "warnings", "entries"})


def section_columns(title: str, keys: Sequence[str] = ()) -> list[str]:
    """The CSV columns of a part named ``title`` when it has no records: its
    shape's, or for a trend (a row per city and year, made by output.views.trend)
    the series' city and indicator, a figure's columns and the series' currency.

    ``keys`` are the ids its maps are keyed by (a comparison's items): a part with
    records has a column for each (``values.<id>.value``, ``growth.rates.<id>``)
    after the shape's own, and so has an empty one."""
    if title == "trend":
        return ["city", "indicator", *columns("figure"), "currency"]
    shape = SECTION_SHAPES.get(title)
    return [] if shape is None else section_columns_of(shape, keys)


def section_columns_of(shape: str, keys: Sequence[str] = ()) -> list[str]:
    """The CSV columns of records of ``shape``: its own, then a column (or a
    record's columns) per id of ``keys`` for each of its maps keyed by ids."""
    return columns(shape) + (_keyed(shape, tuple(keys)) if keys else [])


def _keyed(shape: str, keys: tuple[str, ...], prefix: str = "") -> list[str]:
    """The columns of ``shape``'s maps keyed by ids (nested records' too), for
    ``keys``: in the order a record's flattening writes them (output.plain)."""
    out: list[str] = []
    for name, target in _properties(shape, prefix):
        value = target.get("additionalProperties")
        if target.get("type") == "object" and isinstance(value, dict):
            nested = _name(value) if "$ref" in value else None
            for key in keys:
                if nested is None:
                    out.append(f"{name}.{key}")
                else:
                    out.extend(columns(nested, f"{name}.{key}."))
        elif "$ref" in target and not _is_reference(_name(target)):
            out.extend(_keyed(_name(target), keys, f"{name}."))
    return out


@cache
def columns(shape: str, prefix: str = "") -> list[str]:
    """The CSV columns of a shape, from its declaration alone: nested records
    dotted, references (alone or in a list) as their id and name."""
    defs = document()["$defs"]
    out: list[str] = []
    for name, target in _properties(shape, prefix):
        if target.get("type") == "array":
            target = target["items"]
            if "$ref" not in target or not _is_reference(_name(target)):
                out.append(name)
                continue
        if "$ref" in target:
            nested = _name(target)
            if _is_reference(nested):
                fields = defs[nested]["properties"]
                out.extend(f"{name}.{f}" for f in _REF_FIELDS if f in fields)
            else:
                out.extend(columns(nested, f"{name}."))
        elif target.get("type") == "object":
            continue  # a map keyed by ids: its columns are its keys
        else:
            out.append(name)
    return out


def _properties(shape: str, prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Each field of ``shape``, its name under ``prefix``, and what it holds when
    not null (an empty schema where it may be one of several kinds)."""
    for field, prop in document()["$defs"][shape]["properties"].items():
        options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
        yield f"{prefix}{field}", options[0] if len(options) == 1 else {}


def _name(prop: dict[str, Any]) -> str:
    return str(prop["$ref"].rsplit("/", 1)[-1])


def _is_reference(shape: str) -> bool:
    """A record with an id and a name: written as those two columns."""
    return {"id", "name"} <= set(document()["$defs"][shape]["properties"])


def fields_for_command(command: str) -> list[str]:
    """The field names --fields takes for what ``command`` prints (for completion);
    none for a command without JSON output."""
    schema = document()["commands"].get(command)
    if schema is None:
        return []
    text = json.dumps(schema)
    first = text.split("#/$defs/", 1)[1].split('"', 1)[0] if "#/$defs/" in text else None
    return [] if first is None else field_names(first)


def printed_by(kind: str) -> str:
    """Which commands print records of ``kind`` (a shape inside others: 'inside …')."""
    whole = document()
    direct = [
        name for name, schema in whole["commands"].items() if f'/{kind}"' in json.dumps(schema)
    ]
    if direct == ["error"]:  # no command of that name: the document of a failure
        return "printed on stderr by any command that fails"
    if direct:
        return "printed by " + ", ".join(direct)
    within = [name for name, shape in whole["$defs"].items() if f'/{kind}"' in json.dumps(shape)]
    # a shape no command prints nor holds: the data file's own (a focus area)
    return "inside " + ", ".join(within) if within else "in the data file (export)"
