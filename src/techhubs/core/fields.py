"""How an entity is declared once: typed fields that carry what they mean.

Every entity of the data (a city, a company, a district, a figure …) is a
NamedTuple whose fields are annotated with a :class:`Spec`::

    class District(NamedTuple):
        name: Annotated[str, text(label=True)]
        name_zh: Annotated[str, text(label=True)]
        description: Annotated[str, text()]

The annotation is the whole truth about the field: its type for mypy, and for
techhubs its kind (text, id, reference, choice, number, nested entity), its
name in the data file and the JSON, whether it may be absent, its bounds,
whether the entity answers to it by name, and how much a search match in it
counts.  The loader validates by walking these declarations, the output layer
derives the JSON and YAML records, the CSV columns, the data-file document
and the SQLite tables from them, and tests check docs/json.md against them:
adding a field is one line here.

NamedTuples rather than dataclasses: they are built a million times when a
large file is loaded, and a tuple is the cheapest object Python makes.
``Annotated`` metadata costs nothing at run time; :func:`fields_of` reads it
once per class from ``__annotations__`` (no ``get_type_hints``, no
evaluation), so declaring costs no start-up time.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any, NamedTuple

from techhubs.core.kinds import choices_of

# How much a search match counts, by where it is found: names fully, labels a
# little less, focus areas less again, and running text least, so a city
# whose name matches outranks one whose summary merely mentions the words.
NAME, LABEL, AREA, TEXT = 1.0, 0.9, 0.7, 0.5
#: Where a company is based: a city's name finds its companies, below the
#: districts and texts that speak of the city ('search beijing').
PLACE = 0.35

#: Years a data file may speak of.
YEARS = (1800, 2100)


class Spec(NamedTuple):
    """What one field is. Build it with the helpers below, not by hand."""

    kind: str  # text | id | ref | choice | flag | whole | number | amount | entity
    many: bool = False  # a list of such values
    optional: bool = False  # may be absent from the data file
    key: str = ""  # its name in the file and the JSON, when not the attribute's
    target: str = ""  # ref: the collection it points into ("cities", …)
    choices: tuple[str, ...] = ()
    low: float = 0
    high: float = 0
    entity: Any = None  # entity: the nested NamedTuple class
    non_empty: bool = False  # many: at least one item
    lookup: bool = False  # the entity answers to this name
    label: bool = False  # a nested item's name: searched and shown for it
    search: float = 0.0  # weight of a search match here (0: not searched)
    flat: bool = False  # SQLite: nested columns keep their own names
    in_record: bool = True  # False: data only; the JSON record shows it another way
    hint: str = ""  # whole: said with the value just past high ('for December, leave it out')


class Field(NamedTuple):
    """A declared field: its attribute, its name in the data, and its Spec."""

    attr: str
    key: str
    spec: Spec

    @property
    def empty(self) -> tuple[()] | None:
        """What an absent optional field holds."""
        return () if self.spec.many else None


def text(
    *,
    many: bool = False,
    optional: bool = False,
    in_record: bool = True,
    non_empty: bool = False,
    lookup: bool = False,
    label: bool = False,
    search: float = 0.0,
) -> Spec:
    """Non-empty text (or a list of it)."""
    return Spec(
        "text",
        many=many,
        optional=optional,
        in_record=in_record,
        non_empty=non_empty,
        lookup=lookup,
        label=label,
        search=search,
    )


def ident(*, search: float = 0.0) -> Spec:
    """The entity's id: lowercase ASCII words joined by '-'; always a lookup name."""
    return Spec("id", lookup=True, search=search)


def ref(
    target: str, *, many: bool = False, optional: bool = False, key: str = "", search: float = 0.0
) -> Spec:
    """The id of an entity in the collection ``target``; must resolve."""
    return Spec("ref", many=many, optional=optional, key=key, target=target, search=search)


def choice(values: type[enum.Enum]) -> Spec:
    """One of an enum's values (kept as plain text)."""
    return Spec("choice", choices=choices_of(values))


def flag(*, optional: bool = False) -> Spec:
    """true or false."""
    return Spec("flag", optional=optional)


def whole(low: float, high: float, *, optional: bool = False, hint: str = "") -> Spec:
    """A whole number from ``low`` to ``high``; ``hint`` is said with ``high`` + 1
    (a fiscal year's last month: 12 is said by leaving it out)."""
    return Spec("whole", optional=optional, low=low, high=high, hint=hint)


def number(low: float, high: float, *, optional: bool = False) -> Spec:
    return Spec("number", optional=optional, low=low, high=high)


def amount(high: float) -> Spec:
    """A positive quantity (a whole number stays whole); ``high`` is the default cap."""
    return Spec("amount", high=high)


def entity(
    cls: type,
    *,
    many: bool = False,
    optional: bool = False,
    non_empty: bool = False,
    flat: bool = False,
    high: float = 0,
    search: float = 0.0,
    in_record: bool = True,
    lookup: bool = False,
) -> Spec:
    """A nested entity (or a list of them); ``high`` caps its amounts; with
    ``lookup``, its labels written together name its holder ('HKEX 0700')."""
    return Spec(
        "entity",
        in_record=in_record,
        many=many,
        optional=optional,
        non_empty=non_empty,
        flat=flat,
        high=high,
        entity=cls,
        search=search,
        lookup=lookup,
    )


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """The declared fields of an entity class, in order (read once per class)."""
    found = _FIELDS.get(cls)
    if found is None:
        annotations = cls.__annotations__
        declared = []
        for attr in cls._fields:  # type: ignore[attr-defined]
            metadata = getattr(annotations[attr], "__metadata__", ())
            spec = next((m for m in metadata if isinstance(m, Spec)), None)
            if spec is None:
                raise TypeError(f"{cls.__name__}.{attr} is not declared with a Spec")
            declared.append(Field(attr, spec.key or attr, spec))
        found = _FIELDS[cls] = tuple(declared)
    return found


def has_id(cls: type) -> bool:
    """Whether ``cls`` is a collection's entity (it has an id to be referred to by)."""
    return any(f.spec.kind == "id" for f in fields_of(cls))


def names_of(item: Any) -> list[str]:
    """Every name an entity answers to (its lookup fields), in declared order; a
    nested entity's by its labels as the profile writes them ('HKEX 0700')."""
    names: list[str] = []
    for field in fields_of(type(item)):
        if field.spec.lookup:
            value = getattr(item, field.attr)
            if field.spec.kind == "entity":
                nested = value if field.spec.many else () if value is None else (value,)
                names.extend(" ".join(labels_of(one)) for one in nested)
            else:
                names.extend(value) if field.spec.many else names.append(value)
    return names


def labels_of(item: Any) -> Iterator[str]:
    """The names an item is searched by when another entity holds or names it; an
    optional one the data leaves out (a nickname without its Chinese name) is none."""
    for field in fields_of(type(item)):
        if field.spec.label:
            value = getattr(item, field.attr)
            if value is not None:
                yield from value if field.spec.many else (value,)


def singular(collection: str) -> str:
    """'cities' -> 'city', 'focus_areas' -> 'focus_area', 'aliases' -> 'alias'."""
    if collection.endswith("ies"):
        return collection[:-3] + "y"
    if collection.endswith("ses"):
        return collection[:-2]
    return collection.removesuffix("s")
