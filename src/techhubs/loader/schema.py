"""The data-file schema: plain data in, a validated Dataset (or every problem) out.

Validation happens once, at the border: this module walks the declarations
of techhubs.core.entities — every field's kind, bounds and whether it may be
absent — checks shapes, types, ranges, unique ids and that every declared
reference resolves, then applies the hand-written cross-entity rules
(``entities.check_rules``).  It collects *every* problem with its path, and
only then builds the immutable models, so nothing after it needs to check
anything.  Each entity class is compiled once into a list of field checks,
so the cost stays linear in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from techhubs.core.dataset import KIND_OF, Dataset
from techhubs.core.entities import COLLECTIONS, Contents, check_rules
from techhubs.core.fields import Field, fields_of, has_id, names_of
from techhubs.core.names import normalize
from techhubs.errors import Problem
from techhubs.loader.places import KEY_SHOWN, Lines
from techhubs.text import printable, quoted

T = TypeVar("T")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # not "$", which lets "xian\n" through
_PARENT = re.compile(r"(\.[^.\[]+|\[\d+\])$")
TOP_LEVEL = tuple(f.key for f in fields_of(Contents) if not f.spec.optional)
OPTIONAL_TOP_LEVEL = tuple(f.key for f in fields_of(Contents) if f.spec.optional)


#: How many unknown references get a "did you mean" (see _Checker.hints_left).
MAX_HINTS = 50


class _Checker:
    """Collects problems; each check returns a usable value or None."""

    def __init__(self, lines: Lines | None) -> None:
        self.lines = lines or Lines(None)
        #: whether the file is YAML (its lines known), which reads some numbers as text
        self.yaml = self.lines.get("") is not None
        self.problems: list[Problem] = []
        #: "did you mean" searches left: each scans every name, so a file of
        #: thousands of bad references gets suggestions for the first few only
        self.hints_left = MAX_HINTS

    def problem(self, path: str, message: str, shown: str | None = None) -> None:
        """Report ``message`` at ``path`` (shown as ``shown`` when that differs:
        a path through a long unknown key is clipped, its line found in full)."""
        self.problems.append(Problem(shown or path, message, self.line_of(path)))

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        probe = path
        while True:
            line = self.lines.get(probe)
            if line is not None or not probe:
                return line
            parent = _PARENT.sub("", probe)
            probe = parent if parent != probe else ""

    # -- shapes ------------------------------------------------------------
    def mapping(
        self,
        value: Any,
        path: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping, found {_kind(value)}")
            return None
        allowed = (*required, *optional)
        for key in value:
            if key not in allowed:
                hint = _closest(key, allowed) if len(key) <= KEY_SHOWN else None
                clipped = printable(key, KEY_SHOWN)
                self.problem(
                    _join(path, key),
                    f"unknown key '{clipped}'" + (f"; did you mean '{hint}'?" if hint else ""),
                    shown=_join(path, clipped),
                )
        missing = [key for key in required if key not in value]
        for key in missing:
            self.problem(path, f"missing key '{key}'")
        return value if not missing else None

    def items(
        self, value: Any, path: str, build: Callable[[Any, str], T | None], allow_empty: bool = True
    ) -> tuple[T, ...] | None:
        if not isinstance(value, list):
            self.problem(path, f"expected a list, found {_kind(value)}")
            return None
        if not value and not allow_empty:
            self.problem(path, "the list is empty")
            return None
        built = [build(item, f"{path}[{i}]") for i, item in enumerate(value)]
        if any(b is None for b in built):
            return None
        return tuple(b for b in built if b is not None)

    # -- scalars -----------------------------------------------------------
    def text(self, value: Any, path: str, name: bool = False) -> str | None:
        """Non-empty text; a ``name`` (what an entity is looked up, sorted and shown
        by) also without spaces around it: ' Beijing ' kept them in JSON and CSV,
        and sorted first."""
        if not isinstance(value, str):
            quote = ""
            if isinstance(value, (bool, int, float)):  # a ticker 0700, a year, yes/no
                quote = "; put it in quotes to keep it as written"
                if type(value) is int:  # what it was typed as is gone: say how YAML reads
                    quote += " (unquoted, YAML reads a leading 0 as octal: 0700 as 448)"
            self.problem(path, f"expected text, found {_kind(value)}{quote}")
            return None
        if not value.strip():
            self.problem(path, "must not be empty")
            return None
        if name and value != value.strip():
            self.problem(
                path,
                f"{quoted(printable(value, limit=60, exact=True))} begins or ends with a space; "
                "write the name without",
            )
            return None
        return value

    def texts(self, value: Any, path: str) -> tuple[str, ...] | None:
        return self.items(value, path, self.text)

    def ident(self, value: Any, path: str) -> str | None:
        text = self.text(value, path)
        if text is not None and not _ID.match(text):
            shown = printable(text, KEY_SHOWN)
            self.problem(path, f"id '{shown}' must be lowercase ASCII words joined by '-'")
            return None
        return text

    def integer(self, value: Any, path: str, low: int, high: int, hint: str = "") -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            advice = _as_text(value, self.yaml)
            self.problem(path, f"expected a whole number, found {_kind(value)}{advice}")
            return None
        if not low <= value <= high:
            # the hint is for the value just past the range (12 for a month to 11)
            said = f"; {hint}" if hint and value == high + 1 else ""
            self.problem(path, f"{_number(value)} is out of range ({low} to {high}{said})")
            return None
        return value

    def number(self, value: Any, path: str, low: float, high: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            advice = _as_text(value, self.yaml)
            self.problem(path, f"expected a number, found {_kind(value)}{advice}")
            return None
        if not low <= value <= high or value != value:
            self.problem(path, f"{_number(value)} is out of range ({low:g} to {high:g})")
            return None
        # a whole number stays whole: an export writes 100000 back, not 100000.0
        return value if isinstance(value, int) else float(value)

    def flag(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, found {_kind(value)}")
            return None
        return value

    def amount(self, value: Any, path: str, high: float) -> int | float | None:
        """A positive quantity; a whole number stays whole (persons are not 2.0e7)."""
        number = self.number(value, path, 0, high)
        if number is not None and number <= 0:
            self.problem(path, f"{_number(value)} must be greater than zero")
            return None
        return value if number is not None and isinstance(value, int) else number

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        text = self.text(value, path)
        if text is not None and text not in choices:
            self.problem(
                path, f"'{printable(text, KEY_SHOWN)}' is not one of: {', '.join(choices)}"
            )
            return None
        return text


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


#: The most digits a message writes a number with: a file's 401-digit value was
#: echoed whole, a line of digits nobody counts.
_DIGITS_SHOWN = 20


def _number(value: int | float) -> str:
    """``value`` as a message writes it: whole, or past :data:`_DIGITS_SHOWN`
    digits, in powers of ten ('1.000e+400', which a float could not hold)."""
    if isinstance(value, float):
        return f"{value}"
    digits = str(abs(value))
    if len(digits) <= _DIGITS_SHOWN:
        return str(value)
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[0]}.{digits[1:4]}e+{len(digits) - 1} ({len(digits)} digits)"


def _as_text(value: Any, yaml: bool) -> str:
    """What to do about a number a file holds as text, said whole so it reads as a
    number in YAML and JSON alike: YAML 1.1 reads '2.1832e7' and '2e+7' as text
    (a float there needs a '.' and a sign after the 'e'), and in either a number
    in quotes is text."""
    if not isinstance(value, str):
        return ""
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return ""
    written = format(number, "f") if number.is_finite() else ""
    if not written or len(written) > _DIGITS_SHOWN:  # 'nan', or no number to write out
        return ""
    if yaml and "e" in value.lower():
        return f"; YAML reads {quoted(printable(value, limit=30))} as text: write {written}"
    return f"; a number in quotes is text: write {written}, without them"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({_number(value)})"
    if isinstance(value, str):
        return "text" if len(value) > 30 else f"text ('{value}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _closest(key: str, allowed: tuple[str, ...]) -> str | None:
    import difflib

    match = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
    return match[0] if match else None


# -- entities, from their declarations ------------------------------------------

Check = Callable[["_Checker", Any, str, float], Any]
#: A check of a whole entity that is sound, without its places: the entity as
#: built, or _FAIL, and then the full check runs and reports each problem with its place.
Fast = Callable[[Any, float], Any]
_FAIL = object()
_MISSING = object()


class _Compiled(NamedTuple):
    cls: type
    required: tuple[str, ...]
    optional: tuple[str, ...]
    keys: frozenset[str]
    fields: tuple[tuple[Field, Check], ...]


_COMPILED: dict[type, _Compiled] = {}
#: Each class's straight-line check (:func:`_fast_of`), compiled when first used:
#: a warm run building from the trusted cache (``build_trusted``) needs none.
_FASTS: dict[type, Fast] = {}


def _fast(cls: type) -> Fast:
    """The straight-line check of ``cls``, compiled the first time it is asked for."""
    found = _FASTS.get(cls)
    if found is None:
        found = _FASTS[cls] = _fast_of(cls)
    return found


def _compiled(cls: type) -> _Compiled:
    """The checks of one entity class, built once from its declaration."""
    found = _COMPILED.get(cls)
    if found is None:
        fields = fields_of(cls)
        found = _COMPILED[cls] = _Compiled(
            cls,
            tuple(f.key for f in fields if not f.spec.optional),
            tuple(f.key for f in fields if f.spec.optional),
            frozenset(f.key for f in fields),
            tuple((f, _check_of(f)) for f in fields),
        )
    return found


def _check_of(field: Field) -> Check:
    """One value's check; a list field checks each item with it."""
    spec = field.spec
    one: Check
    if spec.kind == "text":
        named = spec.lookup or spec.label
        one = lambda c, v, p, high: c.text(v, p, named)  # noqa: E731
    elif spec.kind in ("id", "ref"):
        one = lambda c, v, p, high: c.ident(v, p)  # noqa: E731
    elif spec.kind == "choice":
        one = lambda c, v, p, high: c.choice(v, p, spec.choices)  # noqa: E731
    elif spec.kind == "flag":
        one = lambda c, v, p, high: c.flag(v, p)  # noqa: E731
    elif spec.kind == "whole":
        one = lambda c, v, p, high: c.integer(  # noqa: E731
            v, p, int(spec.low), int(spec.high), spec.hint
        )
    elif spec.kind == "number":
        one = lambda c, v, p, high: c.number(v, p, spec.low, spec.high)  # noqa: E731
    elif spec.kind == "amount":
        one = lambda c, v, p, high: c.amount(v, p, high or spec.high)  # noqa: E731
    else:
        nested = spec.entity
        one = lambda c, v, p, high: _entity(c, nested, v, p, spec.high)  # noqa: E731
    if not spec.many:
        return one
    return lambda c, v, p, high: c.items(
        v, p, lambda item, where: one(c, item, where, high), allow_empty=not spec.non_empty
    )


def _fast_of(cls: type) -> Fast:
    """The checks of :func:`_check_of` for a whole sound entity, as one function.

    Nearly every entity of a file is sound, and a file is read whole before
    its first answer: a cold start on a 1000x file builds 600,000 of them.
    Checked field by field (a call, a path and a test of the field's kind for
    each value) they took 2.7 s there; written out as straight-line code for
    the class, as dataclasses and attrs write their ``__init__``, 1.0 s.  The
    function accepts exactly what the full checks accept without a problem,
    and builds the same values; on anything doubtful it returns _FAIL and the
    full checks run, to report each problem at its place.
    """
    fields = fields_of(cls)
    env: dict[str, Any] = {
        "FAIL": _FAIL,
        "MISSING": _MISSING,
        "CLS": cls,
        "new": tuple.__new__,
        "KEYS": frozenset(f.key for f in fields),
        "ID": _ID.match,
    }
    lines = [
        "def fast(value, high):",
        "    if type(value) is not dict or not KEYS.issuperset(value): return FAIL",
        "    get = value.get",
    ]
    for i, field in enumerate(fields):
        spec, a = field.spec, f"a{i}"
        env[f"K{i}"] = field.key
        block = []  # the checks of a present value, which end with it built in a{i}
        if spec.kind == "entity":  # its own fast function, with the field's cap on amounts
            env[f"F{i}"] = _fast(spec.entity)
            built = f"tuple([F{i}(x, {spec.high!r}) for x in {a}])" if spec.many else ""
            block = [
                f"{a} = {built or f'F{i}({a}, {spec.high!r})'}",
                f"if FAIL in {a}: return FAIL",
            ]
            if not spec.many:
                block[1] = f"if {a} is FAIL: return FAIL"
        if spec.many:
            empty = f" or not {a}" if spec.non_empty else ""
            block.insert(0, f"if type({a}) is not list{empty}: return FAIL")
            if spec.kind != "entity":
                block += [f"for x in {a}:", f"    if {_unsound(field, i, env, 'x')}: return FAIL"]
                block.append(f"{a} = tuple({a})")
        elif spec.kind != "entity":
            block = [f"if {_unsound(field, i, env, a)}: return FAIL"]
        if spec.optional:
            lines += [
                f"    {a} = get(K{i}, MISSING)",
                f"    if {a} is MISSING: {a} = {field.empty!r}",
            ]
            lines += ["    else:", *(f"        {line}" for line in block)]
        else:  # absent, it is None, which fails the test of its kind every block begins with
            lines += [f"    {a} = get(K{i})", *(f"    {line}" for line in block)]
    lines.append(f"    return new(CLS, ({''.join(f'a{i}, ' for i in range(len(fields)))}))")
    code = compile("\n".join(lines), f"<techhubs: sound {cls.__name__}>", "exec")
    exec(code, env)  # the text above is built from the declarations alone, never from data
    fast: Fast = env["fast"]
    return fast


def _unsound(field: Field, i: int, env: dict[str, Any], v: str) -> str:
    """The test, as code, that value ``v`` of ``field`` is not plainly sound."""
    spec = field.spec
    kind = spec.kind
    if kind == "text":
        if spec.lookup or spec.label:  # a name: no spaces around it either
            return f"type({v}) is not str or not {v}.strip() or {v} != {v}.strip()"
        return f"type({v}) is not str or not {v}.strip()"
    if kind in ("id", "ref"):
        return f"type({v}) is not str or not ID({v})"
    if kind == "choice":
        env[f"C{i}"] = frozenset(spec.choices)
        return f"type({v}) is not str or {v} not in C{i}"
    if kind == "flag":
        return f"type({v}) is not bool"
    if kind == "whole":
        env[f"L{i}"], env[f"H{i}"] = int(spec.low), int(spec.high)
        return f"type({v}) is not int or not L{i} <= {v} <= H{i}"
    env[f"L{i}"], env[f"H{i}"] = (spec.low, spec.high) if kind == "number" else (0, spec.high)
    number = f"(type({v}) is not int and type({v}) is not float)"
    if kind == "number":
        return f"{number} or not L{i} <= {v} <= H{i}"
    if kind == "amount":  # a cap given by the holding field wins over the declared one
        return f"{number} or not 0 < {v} <= (high or H{i})"
    raise TypeError(f"{kind} is not a kind of value")


def _entity(c: _Checker, cls: type, value: Any, path: str, high: float = 0) -> Any:
    """One entity checked against its declaration; None (and problems) if unsound."""
    built = _fast(cls)(value, high)
    if built is not _FAIL:
        return built
    compiled = _compiled(cls)
    m = c.mapping(value, path, compiled.required, compiled.optional)
    if m is None:
        return None
    values = []
    sound = True
    for field, check in compiled.fields:
        key = field.key
        if key not in m:
            values.append(field.empty)
            continue
        checked = check(c, m[key], _join(path, key), high)
        if checked is None:
            sound = False
        values.append(checked)
    return cls(*values) if sound else None


# -- the whole file ------------------------------------------------------------


def build(data: Any, lines: Lines | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Validate plain data; the Dataset if it is sound, and every problem found.

    Cross-references are checked even when some entries are broken (over the
    entries that are sound), so one run lists every problem at once.
    """
    c = _Checker(lines)
    top = c.mapping(data, "", TOP_LEVEL, OPTIONAL_TOP_LEVEL)
    if top is None:
        if not isinstance(data, dict):
            c.problems[-1] = Problem(
                "",
                f"the file must be a mapping with keys {', '.join(TOP_LEVEL)}; found {_kind(data)}",
                c.problems[-1].line,
            )
            return None, c.problems
        top = {key: data[key] for key in (*TOP_LEVEL, *OPTIONAL_TOP_LEVEL) if key in data}
    parts: dict[str, Any] = {}
    for field in fields_of(Contents):
        if field.key not in top:
            parts[field.key] = [] if field.spec.optional else None
        elif field.spec.many:  # a collection: keep the sound entries beside the broken
            parts[field.key] = _each(c, top[field.key], field)
        else:
            parts[field.key] = _entity(c, field.spec.entity, top[field.key], field.key)
    known = {kind: _raw_ids(top.get(kind)) for kind in COLLECTIONS}
    _cross_check(c, parts, known)
    if c.problems or any(part is None for part in parts.values()):
        return None, c.problems
    built: dict[str, Any] = {
        key: tuple(x for x in part if x is not None) if isinstance(part, list) else part
        for key, part in parts.items()
    }
    return Dataset(**built), []


def build_trusted(data: Any) -> Dataset:
    """The Dataset of plain data that :func:`build` has already found sound.

    For the dataset cache only: the cache holds exactly the data a validated
    file parsed to, written by this version of the code (its key says so)
    with a checksum that is verified on read.  Validating it again cost more
    than half a warm run at scale (0.5 s of a 100x file); this builds the same
    values, converting as the checks do (a number to float), and nothing else.
    Raises on anything it cannot build (KeyError, TypeError…): the caller then
    reads the data file afresh.
    """
    top = {f.key: f for f in fields_of(Contents)}
    built: dict[str, Any] = {}
    for key, field in top.items():
        raw: Any = data.get(key, _MISSING) if type(data) is dict else _MISSING
        if raw is _MISSING:
            if not field.spec.optional:
                raise KeyError(key)
            built[key] = ()
        elif field.spec.many:
            built[key] = tuple(_trusted(field.spec.entity, item) for item in raw)
        else:
            built[key] = _trusted(field.spec.entity, raw)
    return Dataset(**built)


def _trusted(cls: type, value: Any) -> Any:
    """One entity built from sound plain data (see :func:`build_trusted`)."""
    if type(value) is not dict:
        raise TypeError(f"expected a mapping for {cls.__name__}")
    values: list[Any] = []
    for field, _ in _compiled(cls).fields:
        raw = value.get(field.key, _MISSING)
        spec = field.spec
        if raw is _MISSING:
            if not spec.optional:
                raise KeyError(field.key)
            values.append(field.empty)
        elif spec.kind == "entity":
            nested = spec.entity
            if spec.many:
                values.append(tuple(_trusted(nested, item) for item in raw))
            else:
                values.append(_trusted(nested, raw))
        elif spec.many:
            values.append(tuple(raw))
        else:
            values.append(raw)
    return cls(*values)


def _each(c: _Checker, value: Any, field: Field) -> list[Any] | None:
    """Every entry of a top-level list, None where an entry is broken."""
    if not isinstance(value, list):
        c.problem(field.key, f"expected a list, found {_kind(value)}")
        return None
    if not value and field.spec.non_empty:
        c.problem(field.key, "the list is empty")
    cls = field.spec.entity
    fast = _fast(cls)
    built = [fast(item, 0) for item in value]  # a place is named only for a broken entry
    for i, item in enumerate(built):
        if item is _FAIL:
            built[i] = _entity(c, cls, value[i], f"{field.key}[{i}]")
    return built


def _raw_ids(entries: Any) -> set[str]:
    """Ids present in the raw entries, including broken ones, so a reference to
    an entry that failed validation is not also reported as unknown."""
    if not isinstance(entries, list):
        return set()
    return {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _cross_check(c: _Checker, parts: dict[str, Any], known: dict[str, set[str]]) -> None:
    """Ids and names are unique, every declared reference resolves, and the rules hold."""
    for collection in COLLECTIONS:
        entries = parts[collection] or []
        _unique_ids(c, collection, entries)
        _unique_names(c, collection, [names_of(x) if x else None for x in entries])
    for key, part in parts.items():
        if part is None:
            continue
        if isinstance(part, list):
            for i, entry in enumerate(part):
                if entry is not None and not _resolved(type(entry))(entry, known):
                    _references(c, entry, f"{key}[{i}]", known)
        elif not _resolved(type(part))(part, known):
            _references(c, part, key, known)
    meta = parts["meta"]
    check_rules(
        c.problem,
        parts["cities"] or [],
        parts["companies"] or [],
        parts["indicators"] or [],
        known,
        meta.as_of if meta is not None else None,
        parts.get("exchange_rates") or [],
    )


def _references(c: _Checker, item: Any, path: str, known: dict[str, set[str]]) -> None:
    """Every declared reference in ``item`` (and what it nests) names a known entity.

    A list may not name one entity twice; a list item keyed by its reference
    (a city's company link) is reported at the item.
    """
    for field in _referring(type(item)):
        spec, value = field.spec, getattr(item, field.attr)
        where = _join(path, field.key)
        if spec.kind == "ref":
            refs = value if spec.many else (value,)
            listed: set[str] = set()  # a set, not refs[:j]: linear in a long list
            for j, target in enumerate(refs):
                at = f"{where}[{j}]" if spec.many else where
                _resolve(c, spec.target, target, at, known)
                if spec.many and target in listed:
                    c.problem(at, f"{KIND_OF[spec.target]} '{target}' is listed twice")
                listed.add(target)
            continue
        items = value if spec.many else (() if value is None else (value,))
        keyed = _keyed_by(spec.entity)
        seen: set[str] = set()
        for j, nested in enumerate(items):
            at = f"{where}[{j}]" if spec.many else where
            if keyed is None:
                _references(c, nested, at, known)
                continue
            target = getattr(nested, keyed.attr)
            if _resolve(c, keyed.spec.target, target, at, known) and target in seen:
                c.problem(at, f"{KIND_OF[keyed.spec.target]} '{target}' is listed twice")
            seen.add(target)


Resolved = Callable[[Any, dict[str, set[str]]], bool]
_RESOLVED: dict[type, Resolved] = {}


def _resolved(cls: type) -> Resolved:
    """Whether every reference in an entity of ``cls`` resolves and no list names
    one entity twice: :func:`_references` without its places, found once per class.

    Nearly every reference of a file resolves, and a 1000x file holds over a
    million: testing a list's ids as one set (in C) took the check from 1.2 s
    to 0.2 s.  When it says no, :func:`_references` finds and reports each one.
    """
    found = _RESOLVED.get(cls)
    if found is not None:
        return found
    checks: list[Resolved] = []
    for field in _referring(cls):
        spec, at = field.spec, cls._fields.index(field.attr)  # type: ignore[attr-defined]
        if spec.kind == "ref":
            checks.append(_ids_resolve(spec.target, at, None, spec.many))
            continue
        keyed = _keyed_by(spec.entity)
        if keyed is not None:  # a list keyed by its reference: one set of its keys
            key_at = spec.entity._fields.index(keyed.attr)
            checks.append(_ids_resolve(keyed.spec.target, at, key_at, spec.many))
            continue
        checks.append(_nested_resolve(spec.entity, at, spec.many))
    found = _RESOLVED[cls] = lambda item, known: all(check(item, known) for check in checks)
    return found


def _nested_resolve(cls: type, at: int, many: bool) -> Resolved:
    """The check of the entities of ``cls`` held at ``at``; a list of entities whose
    only references are single ids (a city's observations) is checked a field at
    a time, as one set, rather than an entity at a time."""
    plain = [f for f in _referring(cls) if f.spec.kind == "ref" and not f.spec.many]
    if many and len(plain) == len(_referring(cls)):
        columns = [(f.spec.target, cls._fields.index(f.attr)) for f in plain]  # type: ignore[attr-defined]

        def by_field(item: Any, known: dict[str, set[str]]) -> bool:
            held = item[at]
            return all(known[target].issuperset([x[j] for x in held]) for target, j in columns)

        return by_field
    nested = _resolved(cls)

    def each(item: Any, known: dict[str, set[str]]) -> bool:
        held = item[at]
        if not many:
            return held is None or nested(held, known)
        return all(nested(x, known) for x in held)

    return each


def _ids_resolve(target: str, at: int, key_at: int | None, many: bool) -> Resolved:
    """The check that the id at ``at`` (or each id in the list there; or each
    item's id at ``key_at``) is one of ``target``'s, none of them twice."""
    if not many:
        if key_at is None:
            return lambda item, known: item[at] in known[target]
        return lambda item, known: item[at] is None or item[at][key_at] in known[target]

    def resolve(item: Any, known: dict[str, set[str]]) -> bool:
        ids = item[at] if key_at is None else [x[key_at] for x in item[at]]
        return known[target].issuperset(ids) and len(set(ids)) == len(ids)

    return resolve


_REFERRING: dict[type, tuple[Field, ...]] = {}


def _referring(cls: type) -> tuple[Field, ...]:
    """The fields of ``cls`` that are references or hold some, found once per class."""
    found = _REFERRING.get(cls)
    if found is None:
        found = _REFERRING[cls] = tuple(
            f
            for f in fields_of(cls)
            if f.spec.kind == "ref" or (f.spec.kind == "entity" and _referring(f.spec.entity))
        )
    return found


def _keyed_by(cls: type) -> Field | None:
    """The reference an entity is keyed by (its ``id`` field), if any."""
    if has_id(cls):
        return None
    return next((f for f in fields_of(cls) if f.spec.kind == "ref" and f.key == "id"), None)


def _resolve(c: _Checker, target: str, ref: str, path: str, known: dict[str, set[str]]) -> bool:
    if ref in known[target]:
        return True
    kind = KIND_OF[target]
    hint = ""
    if c.hints_left > 0 and len(ref) <= KEY_SHOWN:
        c.hints_left -= 1
        hint = _hint(ref, known[target])
    c.problem(path, f"unknown {kind} '{printable(ref, KEY_SHOWN)}'{hint}")
    return False


def _unique_ids(c: _Checker, kind: str, entries: Sequence[Any]) -> None:
    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if entry is None:
            continue
        if entry.id in first:
            c.problem(
                f"{kind}[{i}].id", f"duplicate id '{entry.id}' (also {kind}[{first[entry.id]}])"
            )
        else:
            first[entry.id] = i


def _unique_names(c: _Checker, kind: str, names: list[list[str] | None]) -> None:
    owner: dict[str, str] = {}
    for i, entry in enumerate(names):
        if entry is None:
            continue
        ident, *rest = entry
        for name in (ident, *rest):
            key = normalize(name)
            if not key:  # '🚀' or '---': nothing is left to look it up by
                c.problem(
                    f"{kind}[{i}]",
                    f"the name '{printable(name, limit=40)}' has no letters or digits to look "
                    "it up by; give it some, or leave it out",
                )
                continue
            if key in owner and owner[key] != ident:
                c.problem(
                    f"{kind}[{i}]",
                    f"the name '{name}' also names '{owner[key]}'; lookups would be ambiguous",
                )
            owner.setdefault(key, ident)


def _hint(ref: str, known: Iterable[str]) -> str:
    match = _closest(ref, tuple(known))
    return f"; did you mean '{match}'?" if match else ""
