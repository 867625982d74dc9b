"""``techhubs export --format sqlite FILE``: the dataset as a normalised database.

Every table is derived from the declarations (techhubs.core.entities), so a
new field reaches the database without a line here:

* a collection (cities, companies, focus areas) is a table keyed by ``id``;
  its plain fields are columns, a reference is a column with a foreign key, a
  nested entity (coordinates, a figure) is a group of columns;
* each list field is a child table named ``<entity>_<field>``
  (``city_aliases``, ``city_districts``, ``company_focus_areas`` …) holding
  ``<entity>_id``, ``position`` (the item's place in the list: rows have no
  order of their own, and the data's order means something — a city's first
  focus area is its lead one) and the item's columns; a reference becomes
  ``<target>_id`` with a foreign key, and a list inside an item (an
  institution's focus areas) a JSON array;
* ``meta`` and ``national``, which have no ids, are a key/value table (with
  ``meta_sources`` in order) and the ``national_topics`` tables; a top-level
  list without ids (``exchange_rates``) is a table in the file's order.

So the data can be queried with SQL or browsed with Datasette.  techhubs.files
writes it to a temporary name and renames it into place, so a failed export
never leaves half a database behind.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from techhubs.core.dataset import Dataset
from techhubs.core.entities import Contents, Meta, National, Topic
from techhubs.core.fields import Field, fields_of, has_id, singular
from techhubs.output.records import collections_of

_TYPES = {"whole": "INTEGER", "flag": "INTEGER", "number": "REAL", "amount": "NUMERIC"}


class _Table:
    """One table being derived: its columns as SQL, and how to read a row's values."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.columns: list[str] = []
        self.extra: list[str] = []  # table constraints
        self.rows: list[tuple[Any, ...]] = []

    def create(self) -> str:
        return (
            f"CREATE TABLE {self.name} (\n    "
            + ",\n    ".join([*self.columns, *self.extra])
            + "\n)"
        )


def _column(name: str, field: Field, nullable: bool = False) -> str:
    spec = field.spec
    sql = f"{name} {_TYPES.get(spec.kind, 'TEXT')}"
    if spec.kind == "id":
        return sql + " PRIMARY KEY"
    if not (nullable or spec.optional):
        sql += " NOT NULL"
    if spec.kind == "ref":
        sql += f" REFERENCES {spec.target} (id)"
    if spec.kind == "choice":
        sql += f" CHECK ({name} IN ({', '.join(repr(c) for c in spec.choices)}))"
    return sql


def _flat(field: Field) -> list[tuple[str, Field, Any]]:
    """The columns of a single field: (name, its declaration, how to read it from the value).

    A nested entity gives one column per field, named ``<field>_<sub>`` (its
    ``value`` takes the field's own name: ``gdp``, ``gdp_year``), or just
    ``<sub>`` when it is declared flat (``lat``, ``lon``).
    """
    spec = field.spec
    if spec.kind != "entity":
        return [(field.key, field, lambda v: v)]
    columns = []
    for sub in fields_of(spec.entity):
        if spec.flat:
            name = sub.key
        else:
            name = field.key if sub.key == "value" else f"{field.key}_{sub.key}"
        attr = sub.attr
        nullable = sub._replace(spec=sub.spec._replace(optional=spec.optional))
        columns.append((name, nullable, lambda v, a=attr: None if v is None else getattr(v, a)))
    return columns


def _tables(dataset: Dataset) -> list[_Table]:
    main: list[_Table] = []
    children: list[_Table] = []
    for collection in collections_of():
        cls, one = collection.spec.entity, singular(collection.key)
        table = _Table(collection.key)
        getters = []
        for field in fields_of(cls):
            if field.spec.many:
                items = [(x.id, getattr(x, field.attr)) for x in getattr(dataset, collection.key)]
                children.append(
                    _child(f"{one}_{field.key}", f"{one}_id", collection.key, field, items)
                )
                continue
            for name, column_field, get in _flat(field):
                table.columns.append(_column(name, column_field))
                getters.append((field.attr, get))
        table.rows = [
            tuple(get(getattr(item, attr)) for attr, get in getters)
            for item in getattr(dataset, collection.key)
        ]
        main.append(table)
    return [
        *_meta(dataset.meta),
        *main,
        *children,
        *_national(dataset.national),
        *_unkeyed(dataset),
    ]


def _unkeyed(dataset: Dataset) -> list[_Table]:
    """The top-level lists whose items have no id (the exchange rates): a table
    each, with the item's place in the file and its columns."""
    tables = []
    for field in fields_of(Contents):
        if not field.spec.many or has_id(field.spec.entity):
            continue
        table = _Table(field.key)
        table.columns.append("position INTEGER PRIMARY KEY")
        columns = [
            (sub.attr, *column) for sub in fields_of(field.spec.entity) for column in _flat(sub)
        ]
        table.columns += [_column(name, declared) for _, name, declared, _ in columns]
        table.rows = [
            (position, *(get(getattr(item, attr)) for attr, _, _, get in columns))
            for position, item in enumerate(getattr(dataset, field.attr))
        ]
        tables.append(table)
    return tables


def _child(
    name: str, owner: str, owner_table: str, field: Field, items: list[tuple[str, Any]]
) -> _Table:
    """The table of one list field: an owner column, the item's place in the
    owner's list (rows of a table have no order of their own), then its columns."""
    table = _Table(name)
    table.columns.append(f"{owner} TEXT NOT NULL REFERENCES {owner_table} (id)")
    table.columns.append("position INTEGER NOT NULL")
    spec = field.spec
    if spec.kind == "entity":
        subs = fields_of(spec.entity)
        keyed = [s for s in subs if s.spec.kind == "ref" and not s.spec.many]
        for sub in subs:
            if sub.spec.many:  # a list inside a list item: a JSON array of text
                table.columns.append(f"{sub.key} TEXT NOT NULL")
                continue
            column = f"{singular(sub.spec.target)}_id" if sub.spec.kind == "ref" else sub.key
            table.columns.append(_column(column, sub))
        if keyed and keyed[0].key == "id":
            table.extra.append(f"PRIMARY KEY ({owner}, {singular(keyed[0].spec.target)}_id)")
            table.extra.append(f"UNIQUE ({owner}, position)")
        else:
            table.extra.append(f"PRIMARY KEY ({owner}, position)")
        table.rows = [
            (owner_id, position, *(_cell(getattr(item, s.attr), s) for s in subs))
            for owner_id, values in items
            for position, item in enumerate(values)
        ]
        return table
    if spec.kind == "ref":
        column = f"{singular(spec.target)}_id"
        table.columns.append(f"{column} TEXT NOT NULL REFERENCES {spec.target} (id)")
        table.extra.append(f"PRIMARY KEY ({owner}, {column})")
        table.extra.append(f"UNIQUE ({owner}, position)")
    else:
        table.columns.append(f"{singular(field.key)} {_TYPES.get(spec.kind, 'TEXT')} NOT NULL")
        table.extra.append(f"PRIMARY KEY ({owner}, position)")
    table.rows = [
        (owner_id, position, value)
        for owner_id, values in items
        for position, value in enumerate(values)
    ]
    return table


def _cell(value: Any, field: Field) -> Any:
    return json.dumps(list(value), ensure_ascii=False) if field.spec.many else value


def _meta(meta: Meta) -> list[_Table]:
    """``meta`` as key/value rows, and its sources in their order."""
    table = _Table("meta")
    table.columns = ["key TEXT PRIMARY KEY", "value TEXT NOT NULL"]
    sources = _Table("meta_sources")
    for field in fields_of(Meta):
        value = getattr(meta, field.attr)
        if field.spec.kind == "entity":
            subs = fields_of(field.spec.entity)
            sources.columns = ["position INTEGER PRIMARY KEY", *(_column(s.key, s) for s in subs)]
            sources.rows = [
                (position, *(getattr(item, s.attr) for s in subs))
                for position, item in enumerate(value)
            ]
        else:
            table.rows.append((field.key, value))
    return [table, sources]


def _national(national: National) -> list[_Table]:
    """The national picture: its topics by section and position, and their focus areas."""
    topic_fields = [f for f in fields_of(National) if f.spec.entity is Topic]
    sections = [f.key for f in topic_fields]
    topics = _Table("national_topics")
    topics.columns = [
        f"section TEXT NOT NULL CHECK (section IN ({', '.join(repr(s) for s in sections)}))",
        "position INTEGER NOT NULL",
    ]
    topics.extra = ["PRIMARY KEY (section, position)"]
    plain = [f for f in fields_of(Topic) if not f.spec.many]
    topics.columns += [_column(f.key, f) for f in plain]
    links: list[_Table] = []
    for field in fields_of(Topic):
        if not field.spec.many:
            continue
        table = _Table(f"national_topic_{field.key}")
        column = f"{singular(field.spec.target)}_id"
        # position: the topic's place in its section; ordinal: the item's in the topic
        table.columns = [
            "section TEXT NOT NULL",
            "position INTEGER NOT NULL",
            "ordinal INTEGER NOT NULL",
            f"{column} TEXT NOT NULL REFERENCES {field.spec.target} (id)",
        ]
        table.extra = [
            "PRIMARY KEY (section, position, ordinal)",
            "FOREIGN KEY (section, position) REFERENCES national_topics (section, position)",
        ]
        links.append(table)
    for section in topic_fields:
        for position, topic in enumerate(getattr(national, section.attr)):
            topics.rows.append((section.key, position, *(getattr(topic, f.attr) for f in plain)))
            many = [f for f in fields_of(Topic) if f.spec.many]
            for table, field in zip(links, many, strict=True):
                table.rows += [
                    (section.key, position, ordinal, x)
                    for ordinal, x in enumerate(getattr(topic, field.attr))
                ]
    others = []
    for field in fields_of(National):
        if field in topic_fields:
            continue
        table = _Table(f"national_{field.key}")
        subs = fields_of(field.spec.entity)
        table.columns = ["position INTEGER PRIMARY KEY", *(_column(s.key, s) for s in subs)]
        table.rows = [
            (i, *(getattr(item, s.attr) for s in subs))
            for i, item in enumerate(getattr(national, field.attr))
        ]
        others.append(table)
    return [topics, *links, *others]


def write(dataset: Dataset, path: str) -> None:
    """Write ``dataset`` as a new SQLite database at ``path``."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        tables = _tables(dataset)
        for table in tables:
            db.execute(table.create())
        for table in tables:
            if table.rows:
                marks = ", ".join("?" * len(table.rows[0]))
                db.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table.rows)
        db.commit()
    finally:
        db.close()
