"""Questions asked of a Dataset: listings, comparison, search, the overview.

Plain functions over the immutable models; they never print and know nothing
of Typer or Rich, so the CLI, the Python API and the tests share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple, TypeVar

from techhubs.core import indicators
from techhubs.core.dataset import Dataset
from techhubs.core.entities import City, Company, FocusArea, Indicator
from techhubs.core.fields import LABEL, NAME, TEXT, fields_of, labels_of
from techhubs.core.kinds import Count, HitKind, Holder, choices_of
from techhubs.core.names import core, normalize
from techhubs.errors import UsageError
from techhubs.text import one_of


def list_cities(
    dataset: Dataset,
    focus: Iterable[str] | None = None,
    status: Iterable[str] | None = None,
    sort: str = "name",
    reverse: bool = False,
    limit: int | None = None,
) -> list[City]:
    """Cities filtered by focus area and status, sorted by name or by a measure
    (its latest value), best first.

    Several values of one filter mean any of them; different filters must all
    hold. Cities without the sorted figure go last whatever the direction: a
    missing number is not a small one.
    """
    cities: Iterable[City] = dataset.cities
    areas = {dataset.focus_area(name).id for name in one_of(focus)}
    if areas:
        cities = [c for c in cities if areas & set(c.focus_areas)]
    statuses = set(one_of(status))
    if statuses:
        cities = [c for c in cities if c.status in statuses]
    if sort == "name":
        ordered = sorted(cities, key=lambda c: c.name.casefold(), reverse=reverse)
    else:
        what = indicators.measure(dataset, sort, "--sort")
        if isinstance(what, Indicator):
            indicators.of_holders(what, Holder.cities, "--sort")
        known: list[tuple[float, str, City]] = []
        unknown: list[City] = []
        for c in cities:
            figure = indicators.value_of(dataset, c, what)
            if figure is None:
                unknown.append(c)
            else:
                known.append((indicators.best_first(what, figure.value), c.name.casefold(), c))
        known.sort(key=lambda entry: entry[:2])
        if reverse:
            known.reverse()
        ordered = [c for *_, c in known] + sorted(unknown, key=lambda c: c.name.casefold())
    return ordered[:limit] if limit is not None else ordered


def list_companies(
    dataset: Dataset,
    cities: Iterable[City] = (),
    areas: Iterable[FocusArea] = (),
    sort: str = "name",
    reverse: bool = False,
    limit: int | None = None,
) -> list[Company]:
    """Companies, optionally those tied to any of ``cities`` and working in any of
    ``areas``; A→Z, or by the latest value of a company figure, best first (those
    without it last, whatever the direction)."""
    companies: Iterable[Company] = dataset.companies
    tied = {company for city in cities for company in city.company_ids()}
    if cities:
        companies = [c for c in companies if c.id in tied]
    wanted = {area.id for area in areas}
    if wanted:
        companies = [c for c in companies if wanted & set(c.focus_areas)]
    by_name = sorted(companies, key=lambda c: c.name.casefold())
    if sort == "name":
        return arranged(by_name, reverse, limit)
    what = indicators.measure(dataset, sort, "--sort")
    if isinstance(what, Count):
        raise UsageError(f"--sort {what.value} sorts cities; companies sort by name or a figure")
    indicators.of_holders(what, Holder.companies, "--sort")
    known: list[tuple[float, Company]] = []
    apart: list[Company] = []  # a value in a currency with no exchange rate in the data
    missing: list[Company] = []
    for company in by_name:
        figure = indicators.latest(dataset, company, what)
        amount = None if figure is None else indicators.in_yuan(dataset, figure)
        if amount is not None:
            known.append((amount, company))
        else:
            (missing if figure is None else apart).append(company)
    known.sort(key=lambda ac: indicators.best_first(what, ac[0]))
    return arranged([c for _, c in known] + apart + missing, reverse, limit, len(known))


def arranged(
    items: list[T], reverse: bool, limit: int | None, ranked: int | None = None
) -> list[T]:
    """``items`` reversed and cut to ``limit`` as --reverse and --limit ask.

    Only the first ``ranked`` items turn round (those without a value stay
    last, whatever the direction: a missing number is not a small one).
    """
    head = len(items) if ranked is None else ranked
    if reverse:
        items = [*reversed(items[:head]), *items[head:]]
    return items[:limit] if limit is not None else items


# -- search --------------------------------------------------------------------

T = TypeVar("T")
HIT_KINDS = choices_of(HitKind)
#: A searchable text: the field it is in, the text, and how much a match counts.
SearchField = tuple[str, str, float]


class Hit(NamedTuple):
    kind: str
    id: str
    name: str
    city: str | None
    matched: str
    score: int


_WORD_BREAK = re.compile(r"[\s\-–—/,;:()'\"“”‘’.!?]+")
#: Shorter queries match only at the start of a word ("ai" must not find
#: "Shanghai"), and two letters only a whole word ("ai" is not "aircraft");
#: longer ones, and Chinese (which has no spaces), anywhere.
_ANYWHERE = 5


def _anywhere(fragment: str) -> bool:
    return len(fragment) >= _ANYWHERE or not fragment.isascii()


def _match_score(query: str, words: list[str], value: str, key: str) -> int:
    """How well ``value`` (normalised: ``key``) matches: whole, start, a word, a word's start."""
    if not key:
        return 0
    if key == query:
        return 100
    if key.startswith(query):
        return 80
    # Every match below needs the query (or each of its words) inside the key:
    # checking that first spares splitting most values into words.
    if query not in key and not (len(words) > 1 and all(w in key for w in words)):
        return 0
    tokens = [t for t in (normalize(w) for w in _WORD_BREAK.split(value)) if t]
    if query in tokens:
        return 70
    if len(query) > 2 and any(t.startswith(query) for t in tokens):
        return 60
    if _anywhere(query) and query in key:
        return 50
    if len(words) > 1 and all(
        any(t.startswith(w) for t in tokens) or (_anywhere(w) and w in key) for w in words
    ):
        return 40
    return 0


def _search_fields(item: City | Company | FocusArea, dataset: Dataset) -> Iterator[SearchField]:
    """Every searchable text of an entity, with the field it is in and its weight.

    Derived from the declarations: a field declared with a search weight
    counts with it; a reference counts the names of what it refers to (a
    city's focus areas by their names and aliases), a nested list its items'
    labels (districts by their names).
    """
    for field in fields_of(type(item)):
        weight, spec = field.spec.search, field.spec
        if not weight:
            continue
        value = getattr(item, field.attr)
        values = value if spec.many else (value,)
        if spec.kind == "ref":
            for ref in values:
                for label in labels_of(dataset.by_id(spec.target, ref)):
                    yield field.key, label, weight
        elif spec.kind == "entity":
            for nested in values:
                for label in labels_of(nested):
                    yield field.key, label, weight
        else:
            for text in values:
                yield field.key, text, weight


class SearchRow(NamedTuple):
    """One searchable text of an entity or district, with what a hit on it shows.

    The rows of a dataset, in order, are all a search needs: the record store
    keeps them, so a warm search reads only the rows that can match."""

    kind: str  # a HitKind value
    id: str
    name: str
    name_zh: str
    city: str | None  # a district's city (its id), else None
    city_name: str | None
    field: str
    value: str
    key: str  # the value normalised
    weight: float


def search_rows(dataset: Dataset) -> Iterator[SearchRow]:
    """Every searchable text, entity by entity: cities, companies, focus areas, then
    districts (found by their names, their description, and the nicknames that name
    them — a cross-reference: "China's Silicon Valley" is Zhongguancun)."""
    keys: dict[str, str] = {}  # focus areas and districts recur: normalise each once

    def key(value: str) -> str:
        found = keys.get(value)
        if found is None:
            found = keys[value] = normalize(value)
        return found

    for kind, items in (
        (HitKind.city, dataset.cities),
        (HitKind.company, dataset.companies),
        (HitKind.focus_area, dataset.focus_areas),
    ):
        for item in items:
            for field, value, weight in _search_fields(item, dataset):
                yield SearchRow(
                    kind.value, item.id, item.name, item.name_zh, None, None,
                    field, value, key(value), weight,
                )  # fmt: skip
    for city in dataset.cities:
        for district in city.districts:
            fields: list[SearchField] = [
                ("name", district.name, NAME),
                ("name_zh", district.name_zh, NAME),
                *(
                    ("nicknames", n.name, LABEL)
                    for n in city.nicknames
                    if n.refers_to == district.name
                ),
                ("description", district.description, TEXT),
            ]
            for field, value, weight in fields:
                yield SearchRow(
                    HitKind.district.value, normalize(district.name), district.name,
                    district.name_zh, city.id, city.name, field, value, key(value), weight,
                )  # fmt: skip


#: The most different words a search takes: more is no question a reader asks,
#: and each word is matched against every field (100,000 took 20 s).
MAX_SEARCH_WORDS = 50


def search_terms(text: str) -> tuple[str, list[str]]:
    """The normalised query and its words, each without the Chinese endings a
    lookup ignores too (西安市 finds 西安, 腾讯科技 finds 腾讯), a repeated word once;
    UsageError when nothing is left to look for, or too many words are."""
    query = core(normalize(text))
    if not query:
        raise UsageError("give some text to search for, e.g. 'techhubs search silicon'")
    typed = [w for w in (core(normalize(part)) for part in text.split()) if w]
    words = list(dict.fromkeys(typed))
    if len(words) < len(typed):  # a word typed twice is the same search as typed once
        query = core("".join(words))
    if len(words) > MAX_SEARCH_WORDS:
        raise UsageError(
            f"the search has {len(words):,} different words; techhubs takes at most "
            f"{MAX_SEARCH_WORDS} (search for the few that matter)"
        )
    # one word, however often it was typed, is the whole query ('silicon silicon')
    return (words[0] if len(words) == 1 else query), words


def may_match(key: str, query: str, words: list[str]) -> bool:
    """Whether a text can score at all: every match needs the query (or each of its
    several words) inside the normalised text (see _match_score)."""
    return query in key or (len(words) > 1 and all(w in key for w in words))


def search(
    dataset: Dataset, text: str, kinds: Iterable[str] | None = None, limit: int | None = None
) -> list[Hit]:
    """Rank cities, districts, companies and focus areas that match ``text``.

    Matching ignores case, accents, spaces and punctuation, so English,
    Chinese characters and pinyin (with or without tones) all work.  Each hit
    keeps the best-scoring field it matched.
    """
    return rank_hits(search_rows(dataset), text, kinds, limit)


def rank_hits(
    rows: Iterable[SearchRow],
    text: str,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """The hits among ``rows`` (in dataset order; rows that cannot match may be left
    out), best first: each entity scores by its best field, the first such field."""
    query, words = search_terms(text)
    wanted = set(kinds) if kinds else set(HIT_KINDS)
    hits: list[Hit] = []
    current: SearchRow | None = None
    top, where = 0, ""
    # A text that recurs (an area's name in every hub that leads in it) is scored
    # once: its score depends on the text alone (its key is the text normalised).
    scores: dict[str, int] = {}
    for row in rows:
        if row.kind not in wanted:
            continue
        if current is None or (row.kind, row.id, row.city) != (
            current.kind,
            current.id,
            current.city,
        ):
            if current is not None and top:
                hits.append(Hit(current.kind, current.id, current.name, current.city, where, top))
            current, top, where = row, 0, ""
        matched = scores.get(row.value)
        if matched is None:
            matched = scores[row.value] = _match_score(query, words, row.value, row.key)
        score = round(matched * row.weight)
        if score > top:
            top, where = score, row.field
    if current is not None and top:
        hits.append(Hit(current.kind, current.id, current.name, current.city, where, top))
    order = {kind: i for i, kind in enumerate(HIT_KINDS)}
    hits.sort(key=lambda h: (-h.score, order[h.kind], h.name.casefold()))
    return hits[:limit] if limit is not None else hits


# -- focus areas -----------------------------------------------------------------


class AreaSummary(NamedTuple):
    area: FocusArea
    cities: tuple[City, ...]
    companies: tuple[Company, ...]


def area_summary(dataset: Dataset, area: FocusArea) -> AreaSummary:
    return AreaSummary(
        area,
        dataset.cities_in_area(area.id),
        tuple(sorted(dataset.companies_in_area(area.id), key=lambda c: c.name.casefold())),
    )


def all_areas(
    dataset: Dataset, sort: str = "busiest", reverse: bool = False, limit: int | None = None
) -> list[AreaSummary]:
    """Every focus area with its cities and companies: busiest first (most hubs, then
    most companies), or by name, hubs or companies."""
    summaries = [area_summary(dataset, area) for area in dataset.focus_areas]
    keys = {
        "busiest": lambda s: (-len(s.cities), -len(s.companies), s.area.name.casefold()),
        "name": lambda s: (s.area.name.casefold(),),
        "cities": lambda s: (-len(s.cities), s.area.name.casefold()),
        "companies": lambda s: (-len(s.companies), s.area.name.casefold()),
    }
    summaries.sort(key=keys[sort])
    if reverse:
        summaries.reverse()
    return summaries[:limit] if limit is not None else summaries
