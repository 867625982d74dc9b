"""The data-file schema: plain data in, a validated Dataset (or every problem) out.

Validation happens once, at the border (STYLE.md, practice 5): this module
checks shapes, types, ranges, unique ids, references and the agreement of
cities and companies, collects *every* problem with its path, and only then
builds the immutable models.  Nothing after it needs to check anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from techhubs.errors import Problem
from techhubs.models import (
    RELATIONS,
    STATUSES,
    City,
    Company,
    CompanyLink,
    Coordinates,
    Dataset,
    District,
    Figure,
    FocusArea,
    Institution,
    Meta,
    National,
    Nickname,
    Policy,
    Source,
    Topic,
)
from techhubs.names import normalize

T = TypeVar("T")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARENT = re.compile(r"(\.[^.\[]+|\[\d+\])$")
_YEARS = (1800, 2100)

TOP_LEVEL = ("meta", "cities", "companies", "focus_areas", "national")
CITY_KEYS = (
    "id",
    "name",
    "name_zh",
    "pinyin",
    "aliases",
    "province",
    "region",
    "status",
    "headline",
    "nicknames",
    "summary",
    "districts",
    "companies",
    "focus_areas",
    "institutions",
    "policies",
    "coordinates",
    "sources",
)
CITY_OPTIONAL = ("population", "gdp")
COMPANY_KEYS = ("id", "name", "name_zh", "headquarters", "founded", "focus_areas", "description")
COMPANY_OPTIONAL = ("aliases",)
AREA_KEYS = ("id", "name", "aliases", "description")
NATIONAL_KEYS = ("government_support", "challenges", "opportunities")


class _Checker:
    """Collects problems; each check returns a usable value or None."""

    def __init__(self, lines: Mapping[str, int]) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, self.line_of(path)))

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
                hint = _closest(key, allowed)
                self.problem(
                    _join(path, key),
                    f"unknown key '{key}'" + (f"; did you mean '{hint}'?" if hint else ""),
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
    def text(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str):
            self.problem(path, f"expected text, found {_kind(value)}")
            return None
        if not value.strip():
            self.problem(path, "must not be empty")
            return None
        return value

    def texts(self, value: Any, path: str) -> tuple[str, ...] | None:
        return self.items(value, path, self.text)

    def ident(self, value: Any, path: str) -> str | None:
        text = self.text(value, path)
        if text is not None and not _ID.match(text):
            self.problem(path, f"id '{text}' must be lowercase ASCII words joined by '-'")
            return None
        return text

    def integer(self, value: Any, path: str, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"expected a whole number, found {_kind(value)}")
            return None
        if not low <= value <= high:
            self.problem(path, f"{value} is out of range ({low} to {high})")
            return None
        return value

    def number(self, value: Any, path: str, low: float, high: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, f"expected a number, found {_kind(value)}")
            return None
        if not low <= value <= high or value != value:
            self.problem(path, f"{value} is out of range ({low:g} to {high:g})")
            return None
        return float(value)

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        text = self.text(value, path)
        if text is not None and text not in choices:
            self.problem(path, f"'{text}' is not one of: {', '.join(choices)}")
            return None
        return text


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
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


# -- entity builders ---------------------------------------------------------


def _figure(c: _Checker, value: Any, path: str, high: float) -> Figure | None:
    m = c.mapping(value, path, ("value", "year", "source"))
    if m is None:
        return None
    number = c.number(m["value"], f"{path}.value", 0, high)
    if number is not None and number <= 0:
        c.problem(f"{path}.value", f"{m['value']} must be greater than zero")
        number = None
    year = c.integer(m["year"], f"{path}.year", *_YEARS)
    source = c.text(m["source"], f"{path}.source")
    if number is None or year is None or source is None:
        return None
    raw = m["value"]
    return Figure(value=raw if isinstance(raw, int) else number, year=year, source=source)


def _city(c: _Checker, value: Any, path: str) -> City | None:
    m = c.mapping(value, path, CITY_KEYS, CITY_OPTIONAL)
    if m is None:
        return None

    def at(key: str) -> str:
        return f"{path}.{key}"

    def nickname(v: Any, p: str) -> Nickname | None:
        n = c.mapping(v, p, ("name", "refers_to"))
        if n is None:
            return None
        name, refers = c.text(n["name"], f"{p}.name"), c.text(n["refers_to"], f"{p}.refers_to")
        return Nickname(name, refers) if name and refers else None

    def district(v: Any, p: str) -> District | None:
        d = c.mapping(v, p, ("name", "name_zh", "description"))
        if d is None:
            return None
        parts = [c.text(d[k], f"{p}.{k}") for k in ("name", "name_zh", "description")]
        return District(*parts) if all(parts) else None  # type: ignore[arg-type]

    def link(v: Any, p: str) -> CompanyLink | None:
        d = c.mapping(v, p, ("id", "relation"))
        if d is None:
            return None
        company = c.ident(d["id"], f"{p}.id")
        relation = c.choice(d["relation"], f"{p}.relation", RELATIONS)
        return CompanyLink(company, relation) if company and relation else None  # type: ignore[arg-type]

    def institution(v: Any, p: str) -> Institution | None:
        d = c.mapping(v, p, ("name", "name_zh"))
        if d is None:
            return None
        name, name_zh = c.text(d["name"], f"{p}.name"), c.text(d["name_zh"], f"{p}.name_zh")
        return Institution(name, name_zh) if name and name_zh else None

    def policy(v: Any, p: str) -> Policy | None:
        d = c.mapping(v, p, ("name", "description"), ("year",))
        if d is None:
            return None
        name, desc = c.text(d["name"], f"{p}.name"), c.text(d["description"], f"{p}.description")
        year = c.integer(d["year"], f"{p}.year", *_YEARS) if "year" in d else None
        if not (name and desc) or ("year" in d and year is None):
            return None
        return Policy(name=name, description=desc, year=year)

    def coordinates(v: Any, p: str) -> Coordinates | None:
        d = c.mapping(v, p, ("lat", "lon"))
        if d is None:
            return None
        lat = c.number(d["lat"], f"{p}.lat", -90, 90)
        lon = c.number(d["lon"], f"{p}.lon", -180, 180)
        return Coordinates(lat, lon) if lat is not None and lon is not None else None

    fields: dict[str, Any] = {
        "id": c.ident(m["id"], at("id")),
        "name": c.text(m["name"], at("name")),
        "name_zh": c.text(m["name_zh"], at("name_zh")),
        "pinyin": c.text(m["pinyin"], at("pinyin")),
        "aliases": c.texts(m["aliases"], at("aliases")),
        "province": c.text(m["province"], at("province")),
        "region": c.text(m["region"], at("region")),
        "status": c.choice(m["status"], at("status"), STATUSES),
        "headline": c.text(m["headline"], at("headline")),
        "nicknames": c.items(m["nicknames"], at("nicknames"), nickname),
        "summary": c.text(m["summary"], at("summary")),
        "districts": c.items(m["districts"], at("districts"), district),
        "companies": c.items(m["companies"], at("companies"), link),
        "focus_areas": c.items(m["focus_areas"], at("focus_areas"), c.ident),
        "institutions": c.items(m["institutions"], at("institutions"), institution),
        "policies": c.items(m["policies"], at("policies"), policy),
        "coordinates": coordinates(m["coordinates"], at("coordinates")),
        "sources": c.items(m["sources"], at("sources"), c.text, allow_empty=False),
    }
    # Population up to 10 billion persons and GDP up to 10^16 yuan: anything
    # larger is a unit mistake, not a city.
    fields["population"] = (
        _figure(c, m["population"], at("population"), 1e10) if "population" in m else None
    )
    fields["gdp"] = _figure(c, m["gdp"], at("gdp"), 1e16) if "gdp" in m else None
    if any(fields[k] is None for k in CITY_KEYS):
        return None
    if any(k in m and fields[k] is None for k in CITY_OPTIONAL):
        return None
    return City(**fields)


def _company(c: _Checker, value: Any, path: str) -> Company | None:
    m = c.mapping(value, path, COMPANY_KEYS, COMPANY_OPTIONAL)
    if m is None:
        return None
    fields: dict[str, Any] = {
        "id": c.ident(m["id"], f"{path}.id"),
        "name": c.text(m["name"], f"{path}.name"),
        "name_zh": c.text(m["name_zh"], f"{path}.name_zh"),
        "headquarters": c.ident(m["headquarters"], f"{path}.headquarters"),
        "founded": c.integer(m["founded"], f"{path}.founded", *_YEARS),
        "focus_areas": c.items(m["focus_areas"], f"{path}.focus_areas", c.ident),
        "description": c.text(m["description"], f"{path}.description"),
        "aliases": c.texts(m["aliases"], f"{path}.aliases") if "aliases" in m else (),
    }
    if any(v is None for v in fields.values()):
        return None
    return Company(**fields)


def _area(c: _Checker, value: Any, path: str) -> FocusArea | None:
    m = c.mapping(value, path, AREA_KEYS)
    if m is None:
        return None
    parts = (
        c.ident(m["id"], f"{path}.id"),
        c.text(m["name"], f"{path}.name"),
        c.texts(m["aliases"], f"{path}.aliases"),
        c.text(m["description"], f"{path}.description"),
    )
    if any(p is None for p in parts):
        return None
    return FocusArea(*parts)  # type: ignore[arg-type]


def _topic(c: _Checker, value: Any, path: str) -> Topic | None:
    m = c.mapping(value, path, ("name", "description"), ("focus_areas",))
    if m is None:
        return None
    name = c.text(m["name"], f"{path}.name")
    desc = c.text(m["description"], f"{path}.description")
    areas = c.items(m["focus_areas"], f"{path}.focus_areas", c.ident) if "focus_areas" in m else ()
    if name is None or desc is None or areas is None:
        return None
    return Topic(name, desc, areas)


def _national(c: _Checker, value: Any, path: str) -> National | None:
    m = c.mapping(value, path, NATIONAL_KEYS)
    if m is None:
        return None
    parts = [
        c.items(m[key], f"{path}.{key}", lambda v, p: _topic(c, v, p), allow_empty=False)
        for key in NATIONAL_KEYS
    ]
    if any(p is None for p in parts):
        return None
    return National(*parts)  # type: ignore[arg-type]


def _meta(c: _Checker, value: Any, path: str) -> Meta | None:
    m = c.mapping(value, path, ("version", "as_of", "description", "sources"))
    if m is None:
        return None

    def source(v: Any, p: str) -> Source | None:
        d = c.mapping(v, p, ("name", "reference"))
        if d is None:
            return None
        name, ref = c.text(d["name"], f"{p}.name"), c.text(d["reference"], f"{p}.reference")
        return Source(name, ref) if name and ref else None

    parts = (
        c.text(m["version"], f"{path}.version"),
        c.text(m["as_of"], f"{path}.as_of"),
        c.text(m["description"], f"{path}.description"),
        c.items(m["sources"], f"{path}.sources", source, allow_empty=False),
    )
    if any(p is None for p in parts):
        return None
    return Meta(*parts)  # type: ignore[arg-type]


# -- the whole file ------------------------------------------------------------


def build(
    data: Any, lines: Mapping[str, int] | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """Validate plain data; the Dataset if it is sound, and every problem found.

    Cross-references are checked even when some entries are broken (over the
    entries that are sound), so one run lists every problem at once.
    """
    c = _Checker(lines or {})
    top = c.mapping(data, "", TOP_LEVEL)
    if top is None:
        if not isinstance(data, dict):
            c.problems[-1] = Problem(
                "",
                f"the file must be a mapping with keys {', '.join(TOP_LEVEL)}; found {_kind(data)}",
                c.problems[-1].line,
            )
            return None, c.problems
        top = {key: data.get(key) for key in TOP_LEVEL if key in data}
    meta = _meta(c, top["meta"], "meta") if "meta" in top else None
    cities = _each(c, top, "cities", _city, allow_empty=False)
    companies = _each(c, top, "companies", _company)
    areas = _each(c, top, "focus_areas", _area)
    national = _national(c, top["national"], "national") if "national" in top else None
    known = {kind: _raw_ids(top.get(kind)) for kind in ("cities", "companies", "focus_areas")}
    _cross_check(c, cities or [], companies or [], areas or [], national, known)
    if c.problems or meta is None or national is None:
        return None, c.problems
    return (
        Dataset(
            meta,
            tuple(x for x in cities or [] if x is not None),
            tuple(x for x in companies or [] if x is not None),
            tuple(x for x in areas or [] if x is not None),
            national,
        ),
        [],
    )


def _each(
    c: _Checker,
    top: dict[str, Any],
    key: str,
    build_one: Callable[[_Checker, Any, str], T | None],
    allow_empty: bool = True,
) -> list[T | None] | None:
    """Every entry of a top-level list, None where an entry is broken."""
    if key not in top:
        return None
    value = top[key]
    if not isinstance(value, list):
        c.problem(key, f"expected a list, found {_kind(value)}")
        return None
    if not value and not allow_empty:
        c.problem(key, "the list is empty")
    return [build_one(c, item, f"{key}[{i}]") for i, item in enumerate(value)]


def _raw_ids(entries: Any) -> set[str]:
    """Ids present in the raw entries, including broken ones, so a reference to
    an entry that failed validation is not also reported as unknown."""
    if not isinstance(entries, list):
        return set()
    return {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _cross_check(
    c: _Checker,
    cities: list[City | None],
    companies: list[Company | None],
    areas: list[FocusArea | None],
    national: National | None,
    known: dict[str, set[str]],
) -> None:
    """References resolve, ids and names are unique, cities and companies agree."""
    _unique_ids(c, "cities", cities)
    _unique_ids(c, "companies", companies)
    _unique_ids(c, "focus_areas", areas)
    company_by_id = {x.id: x for x in companies if x is not None}
    _unique_names(
        c,
        "cities",
        [(x.id, x.name, x.name_zh, x.pinyin, *x.aliases) if x else None for x in cities],
    )
    _unique_names(
        c, "companies", [(x.id, x.name, x.name_zh, *x.aliases) if x else None for x in companies]
    )
    _unique_names(c, "focus_areas", [(x.id, x.name, *x.aliases) if x else None for x in areas])
    area_ids, city_ids, company_ids = known["focus_areas"], known["cities"], known["companies"]

    def area_refs(refs: tuple[str, ...], path: str) -> None:
        for j, ref in enumerate(refs):
            if ref not in area_ids:
                c.problem(f"{path}[{j}]", f"unknown focus area '{ref}'{_hint(ref, area_ids)}")
            if ref in refs[:j]:
                c.problem(f"{path}[{j}]", f"focus area '{ref}' is listed twice")

    hq_links: dict[str, list[str]] = {}
    for i, city in enumerate(cities):
        if city is None:
            continue
        path = f"cities[{i}]"
        area_refs(city.focus_areas, f"{path}.focus_areas")
        named = {city.name, *(d.name for d in city.districts)}
        for j, nickname in enumerate(city.nicknames):
            if nickname.refers_to not in named:
                c.problem(
                    f"{path}.nicknames[{j}].refers_to",
                    f"'{nickname.refers_to}' is neither {city.name} nor one of its districts",
                )
        seen: set[str] = set()
        for j, link in enumerate(city.companies):
            where = f"{path}.companies[{j}]"
            if link.company not in company_ids:
                c.problem(
                    where, f"unknown company '{link.company}'{_hint(link.company, company_ids)}"
                )
                continue
            if link.company in seen:
                c.problem(where, f"company '{link.company}' is listed twice")
            seen.add(link.company)
            if link.relation != "headquarters":
                continue
            hq_links.setdefault(link.company, []).append(city.id)
            company = company_by_id.get(link.company)
            if company is not None and company.headquarters != city.id:
                c.problem(
                    where,
                    f"{city.id} lists '{link.company}' as headquartered here, "
                    f"but the company's headquarters is '{company.headquarters}'",
                )
    built_cities = {x.id for x in cities if x is not None}
    for i, company in enumerate(companies):
        if company is None:
            continue
        path = f"companies[{i}]"
        area_refs(company.focus_areas, f"{path}.focus_areas")
        if company.headquarters not in city_ids:
            c.problem(
                f"{path}.headquarters",
                f"unknown city '{company.headquarters}'{_hint(company.headquarters, city_ids)}",
            )
        elif company.headquarters in built_cities and company.headquarters not in hq_links.get(
            company.id, []
        ):
            c.problem(
                f"{path}.headquarters",
                f"'{company.id}' is headquartered in '{company.headquarters}', "
                f"but that city does not list it with relation headquarters",
            )
    if national is not None:
        for key in NATIONAL_KEYS:
            for i, topic in enumerate(getattr(national, key)):
                area_refs(topic.focus_areas, f"national.{key}[{i}].focus_areas")


def _unique_ids(
    c: _Checker, kind: str, entries: Sequence[City | Company | FocusArea | None]
) -> None:
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


def _unique_names(c: _Checker, kind: str, names: list[tuple[str, ...] | None]) -> None:
    owner: dict[str, str] = {}
    for i, entry in enumerate(names):
        if entry is None:
            continue
        ident, *rest = entry
        for name in (ident, *rest):
            key = normalize(name)
            if key in owner and owner[key] != ident:
                c.problem(
                    f"{kind}[{i}]",
                    f"the name '{name}' also names '{owner[key]}'; lookups would be ambiguous",
                )
            owner.setdefault(key, ident)


def _hint(ref: str, known: Iterable[str]) -> str:
    match = _closest(ref, tuple(known))
    return f"; did you mean '{match}'?" if match else ""
