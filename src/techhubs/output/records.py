"""Entities as plain records: the JSON contract scripts rely on (docs/json.md).

A city, a company or a focus area has the same shape in every command, and
that shape is derived from its declaration (techhubs.core.entities): every
declared field, under its declared name, in declared order.  References
become ``{id, name}``, a list item keyed by a reference (a city's company
link) becomes ``{id, name, …its other fields}``, nested entities become
nested records, absent optional values ``null`` or ``[]``.  What is not data
— GDP per person, a company's cities, a focus area's members — is added by
the few functions below that say so.  Fields are only ever added within a
major version, never renamed or removed.

The data-file document used by ``export`` (YAML/JSON/CSV/SQLite) is derived
from the same declarations, turned back into the input schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from techhubs.core.entities import City, Company, Contents, Figure, FocusArea, Indicator, Topic
from techhubs.core.fields import Field, fields_of, has_id, names_of
from techhubs.core.growth import later_is_nearer
from techhubs.core.kinds import Count, Holder
from techhubs.core.names import normalize

# the shapes of computed answers, and the reading of stored ones, are answers'
from techhubs.output.answers import (
    UNIT_WORDS,
    OverviewRecord,
    RankingHeading,
    RankRecord,
    Record,
    RefRecord,
    SimilarRecord,
    count_id,
    overview_of,
    short_name,
    similar_record,
)
from techhubs.text import in_sentence

if TYPE_CHECKING:
    from techhubs.core.analysis import Lines, Ranking, Similarity
    from techhubs.core.dataset import Dataset
    from techhubs.core.indicators import Gauge, Trend
    from techhubs.core.queries import AreaSummary
    from techhubs.loader.cache import StoredRecord


# -- records derived from the declarations ---------------------------------------

Convert = Callable[[Any, "Dataset"], Any]
_CONVERTERS: dict[type, list[tuple[str, str, Convert]]] = {}


def ref(entity: Any) -> RefRecord:
    return {"id": entity.id, "name": entity.name}


def _converters(cls: type) -> list[tuple[str, str, Convert]]:
    found = _CONVERTERS.get(cls)
    if found is None:
        found = _CONVERTERS[cls] = [
            (f.attr, f.key, _converter(f)) for f in fields_of(cls) if f.spec.in_record
        ]
    return found


def _converter(field: Field) -> Convert:
    spec = field.spec
    if spec.kind == "ref":
        target = spec.target
        if spec.many:
            return lambda v, d: [ref(d.by_id(target, x)) for x in v]
        return lambda v, d: ref(d.by_id(target, v))
    if spec.kind == "entity":
        cls = spec.entity
        if spec.many:
            return lambda v, d: [record(x, d, cls) for x in v]
        return lambda v, d: None if v is None else record(v, d, cls)
    if spec.many:
        return lambda v, d: list(v)
    return lambda v, d: v


def record(item: Any, dataset: Dataset, cls: type | None = None) -> Record:
    """Any declared entity as its JSON record."""
    out: Record = {}
    for attr, key, convert in _converters(cls or type(item)):
        value = convert(getattr(item, attr), dataset)
        if key == "id" and isinstance(value, dict):  # keyed by a reference: {id, name, …}
            out.update(value)
        else:
            out[key] = value
    return out


def figure(value: Figure | None) -> Record | None:
    return None if value is None else record(value, _NO_DATASET, Figure)


#: Records of entities that refer to nothing need no dataset to resolve references.
_NO_DATASET: Any = None


def city(c: City, dataset: Dataset) -> Record:
    """A city's record: its declared fields, its latest population, GDP and GDP per
    person after its summary, and every indicator's series at the end."""
    out: Record = {}
    for key, value in record(c, dataset, City).items():
        out[key] = value
        if key == "summary":
            out["population"] = figure(c.population)
            out["gdp"] = figure(c.gdp)
            out["gdp_per_capita"] = figure(_per_person(dataset, c))
    out["indicators"] = _figures(dataset, c, Holder.cities)
    return out


def _per_person(dataset: Dataset, c: City) -> Figure | None:
    """The latest GDP per person as the indicator's series has it (published where
    the data publishes one, else worked out), so a profile never shows two; the
    Python API's own figure where the data declares no such indicator."""
    from techhubs.core.indicators import series

    indicator = next((i for i in dataset.indicators if i.id == "gdp-per-capita"), None)
    if indicator is None:
        return c.gdp_per_capita
    found = series(dataset, c, indicator)
    return found[-1] if found else None


def _figures(dataset: Dataset, holder: City | Company, kind: Holder) -> list[Record]:
    """Every indicator of ``kind`` with ``holder``'s values (none: an empty series)."""
    return [
        indicator_series(dataset, holder, i) for i in dataset.indicators if i.applies_to == kind
    ]


def indicator_series(dataset: Dataset, c: City | Company, indicator: Indicator) -> Record:
    """One indicator for one city: its latest value and its whole series."""
    from techhubs.core.indicators import series

    found = series(dataset, c, indicator)
    points = [figure(f) for f in found]
    return {
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit,
        "currency": found[-1].currency if found else None,
        "higher_is_better": indicator.higher_is_better,
        "comparable_from": indicator.comparable_from,
        "latest": points[-1] if points else None,
        "series": points,
    }


def company(c: Company, dataset: Dataset) -> Record:
    """A company's record, with every city it is tied to (headquarters first)."""
    out = record(c, dataset, Company)
    out["cities"] = [
        {**ref(linked), "relation": relation} for linked, relation in dataset.links_of_company(c.id)
    ]
    out["indicators"] = _figures(dataset, c, Holder.companies)
    return out


def focus_area(a: FocusArea, dataset: Dataset) -> Record:
    return record(a, dataset, FocusArea)


def area_summary(summary: AreaSummary, dataset: Dataset) -> Record:
    """A focus area with the cities that lead in it and its companies."""
    out = focus_area(summary.area, dataset)
    out["cities"] = [ref(c) for c in summary.cities]
    out["companies"] = [ref(c) for c in summary.companies]
    return out


def of_kind(kind: str, entity: Any, dataset: Dataset) -> Record:
    """The record a lookup of ``kind`` ("city", "company", "focus area") answers with."""
    if kind == "city":
        return city(entity, dataset)
    if kind == "company":
        return company(entity, dataset)
    from techhubs.core.queries import area_summary as summarise

    return area_summary(summarise(dataset, entity), dataset)


def for_store(dataset: Dataset) -> Iterator[StoredRecord]:
    """Every lookup's answer, with the normalised names it answers to, for the cache;
    and each list a command prints with no options, as the JSON it prints."""
    from techhubs.core.dataset import KIND_OF
    from techhubs.loader.cache import StoredRecord
    from techhubs.output.plain import to_json

    texts: dict[tuple[str, str], str] = {}
    for collection, kind in KIND_OF.items():
        if collection == "indicators":  # not looked up by name on their own
            continue
        for entity in getattr(dataset, collection):
            keys = [normalize(name) for name in names_of(entity)]
            # as the JSON a lookup of it prints, so a warm one writes it as it is
            text = texts[kind, entity.id] = to_json(of_kind(kind, entity, dataset))
            yield StoredRecord(kind, entity.id, keys, text)
    # A list's items are the records just written: joined, not built and encoded again.
    for name, (kind, entities) in default_lists(dataset).items():
        yield StoredRecord("list", name, (), json_list([texts[kind, e.id] for e in entities]))
    yield from _rankings(dataset)
    yield from _measures(dataset)
    for name, data in answers(dataset):
        yield StoredRecord("answer", name, (), data)
    for kind in KIND_OF.values():  # what the shell completes: every name as written
        spellings = dataset.completions(kind, "")
        yield StoredRecord("spellings", kind, (), json.dumps(spellings, ensure_ascii=False))


def _rankings(dataset: Dataset) -> Iterator[StoredRecord]:
    """What ``rank --by X`` prints with no option that changes the ranking: for every
    count and indicator, its heading and rows in its default year: an indicator under
    the names --by takes for it, a count under :func:`count_id` alone."""
    from techhubs.core import analysis
    from techhubs.errors import TechhubsError
    from techhubs.loader.cache import StoredRecord

    for what in (*Count, *dataset.indicators):
        if isinstance(what, Count):
            # Found by its id, after an exact match of its name (kinds.count_named):
            # a name filed here would also answer stripped of a Chinese ending.
            ident, keys = count_id(what), []
        else:
            ident, keys = what.id, [normalize(name) for name in names_of(what)]
        try:
            result = analysis.rank(dataset, what)
        except TechhubsError:
            # Its names stay claimed (else another's stripped name could take them);
            # the full path says why it cannot be ranked.
            yield StoredRecord("ranking", ident, keys, {"unranked": True})
            continue
        heading = ranking_heading(result)
        stored = {**heading._asdict(), "rows": ranking(result)}
        yield StoredRecord("ranking", ident, keys, stored)


def answers(dataset: Dataset) -> Iterator[tuple[str, Any]]:
    """What the commands over every indicator, area or hub build their output from,
    under the names they ask the store for them (Session.answer): the same calls
    build them on the full path, so a warm run prints the same in every format.

    ``indicators``; ``areas:ORDER`` in each order (reversing or cutting the list is
    left to the command); ``overview`` with its hubs' ids in place of their records
    (the stored ``cities`` list holds those: :func:`stored_overview`); ``map``:
    where each hub is and what it leads in; ``rates``: the exchange rates a list of
    companies sorted by a money figure ranks other currencies at; and what ``rank``
    in another year or by growth ranks (:func:`stored_lines`): ``holders:cities``
    and ``holders:companies`` (id, names), and ``lines:ID``, each holder's series of
    indicator ID in that order (a Figure's fields, in its order)."""
    from techhubs.core.indicators import holders, series
    from techhubs.core.kinds import AreaSort

    yield "indicators", indicator_list(dataset)
    for order in AreaSort:
        yield f"areas:{order.value}", area_list(dataset, order.value)
    yield "overview", {"order": [c.id for c in dataset.cities], **overview_topics(dataset)}
    yield "map", map_points(dataset)
    yield "rates", [[r.currency, r.year, r.yuan, r.source] for r in dataset.exchange_rates]
    for kind, who in ((Holder.cities, dataset.cities), (Holder.companies, dataset.companies)):
        yield f"holders:{kind.value}", [[h.id, h.name, h.name_zh] for h in who]
    for i in dataset.indicators:
        gauge = [
            i.id,
            i.name,
            i.unit,
            i.higher_is_better,
            Holder(i.applies_to).value,
            i.comparable_from,
        ]
        lines = [[list(f) for f in series(dataset, h, i)] for h in holders(dataset, i)]
        yield f"lines:{i.id}", {"gauge": gauge, "lines": lines}


def _measures(dataset: Dataset) -> Iterator[StoredRecord]:
    """What each indicator name --by takes stands for, for a command that needs no
    more than that (``trend``): its id, name, unit and holders. (Counts are known
    by their names alone: kinds.count_named.)"""
    from techhubs.loader.cache import StoredRecord

    for i in dataset.indicators:
        keys = [normalize(name) for name in names_of(i)]
        about = {
            "id": i.id,
            "name": i.name,
            "unit": i.unit,
            "applies_to": Holder(i.applies_to).value,
            "comparable_from": i.comparable_from,
        }
        yield StoredRecord("measure", i.id, keys, about)


def stored_lines(stored: Any, holders: Any) -> tuple[Gauge, Lines]:
    """What ``rank`` ranks an indicator by, from its stored ``lines:ID`` answer and
    the stored ``holders:KIND`` it applies to (:func:`answers`); ValueError if they
    are not that shape (the store is then rebuilt)."""
    from techhubs.core.analysis import HolderNames, Measured

    if type(stored) is not dict or set(stored) != {"gauge", "lines"}:
        raise ValueError("not a stored ranking's lines")
    gauge, lines = stored["gauge"], stored["lines"]
    if not (type(gauge) is list and len(gauge) == 6 and type(lines) is list):
        raise ValueError("not a stored ranking's lines")
    what = Measured(*gauge)
    texts = (what.id, what.name, what.unit, what.applies_to)
    if not (all(type(t) is str for t in texts) and type(what.higher_is_better) is bool):
        raise ValueError("not a stored ranking's lines")
    if what.comparable_from is not None and type(what.comparable_from) is not int:
        raise ValueError("not a stored ranking's lines")
    if what.unit not in UNIT_WORDS or what.applies_to not in {h.value for h in Holder}:
        raise ValueError("not a stored ranking's lines")
    if type(holders) is not list or len(holders) != len(lines):
        raise ValueError("stored lines and holders differ")
    found: list[tuple[HolderNames, list[Figure]]] = []
    for holder, line in zip(holders, lines, strict=True):
        if not (type(holder) is list and len(holder) == 3 and type(line) is list):
            raise ValueError("not a stored ranking's lines")
        size = len(Figure._fields)
        points = [Figure(*point) for point in line if type(point) is list and len(point) == size]
        shaped = all(type(p.year) is int and type(p.source) is str for p in points)
        shaped = shaped and all(
            all(t is None or type(t) is str for t in (p.currency, p.url, p.note, p.period_end))
            for p in points
        )
        numbers = all(type(p.value) in (int, float) for p in points)
        if len(points) != len(line) or not (shaped and numbers):
            raise ValueError("not a stored ranking's lines")
        if not all(type(t) is str for t in holder):
            raise ValueError("not a stored ranking's lines")
        found.append((HolderNames(*holder), points))
    return what, found


def json_list(items: list[str]) -> str:
    """The indented JSON of a list, from its items' indented JSON: as ``to_json`` of
    the list writes it (JSON text holds no raw newline but between its lines)."""
    if not items:
        return "[]"
    return "[\n  " + ",\n  ".join(item.replace("\n", "\n  ") for item in items) + "\n]"


def default_lists(dataset: Dataset) -> dict[str, tuple[str, list[Any]]]:
    """What ``cities`` and ``companies`` print with no option: the kind of record
    and every one of them, by name.

    The commands list them with these same calls and print each one's record
    (``city``, ``company``: as a lookup of it), so a list served from the store
    is the list they would print (tests compare the bytes)."""
    from techhubs.core import queries

    return {
        "cities": ("city", queries.list_cities(dataset, None, [], "name", False, None)),
        "companies": ("company", queries.list_companies(dataset, [], [], "name", False, None)),
    }


def indicator_list(dataset: Dataset) -> list[Record]:
    """What ``indicators`` prints: every indicator's summary."""
    return [indicator_summary(dataset, i) for i in dataset.indicators]


def area_list(dataset: Dataset, order: str) -> list[Record]:
    """What ``areas --sort ORDER`` prints, before --reverse and --limit."""
    from techhubs.core.queries import all_areas

    return [area_summary(a, dataset) for a in all_areas(dataset, order, False, None)]


def indicator_summary(dataset: Dataset, indicator: Indicator) -> Record:
    """What ``indicators`` prints: an indicator, how it is derived, and its coverage."""
    from techhubs.core.indicators import coverage, derived_how, holders

    cover = coverage(dataset, indicator)
    out = record(indicator, dataset, Indicator)
    out["how"] = derived_how(dataset, indicator)
    out["coverage"] = {
        "cities": cover.cities,
        "of": len(holders(dataset, indicator)),
        "first_year": cover.first_year,
        "last_year": cover.last_year,
        "default_year": cover.default_year,
    }
    return out


def trend(result: Trend) -> Record:
    """What ``trend`` prints: the indicator, and each hub's points."""
    what = result.indicator
    return {
        "indicator": {
            "id": what.id,
            "name": what.name,
            "unit": what.unit,
            "comparable_from": what.comparable_from,
        },
        "since": result.since,
        "series": [
            {
                "city": ref(city),
                # money not in yuan says so, as an indicator's series does
                "currency": points[-1].currency if points else None,
                "points": [figure(f) for f in points],
            }
            for city, points in result.lines
        ],
    }


def ranking_heading(result: Ranking) -> RankingHeading:
    """A ranking's title (what by, in which unit and year), its unit, its direction."""
    what = result.measure
    if isinstance(what, Count):
        title = {
            Count.companies: "Cities by number of companies in techhubs",
            Count.focus_areas: "Cities by number of focus areas",
        }[what]
        return RankingHeading(title, "count", False)
    who = "Companies" if what.applies_to == Holder.companies else "Cities"
    if result.since is not None:
        # money grows at current prices: not the real growth the bureaus publish
        nominal = "nominal " if what.unit == "yuan" and who == "Cities" else ""
        title = (
            f"{who} by {nominal}growth of {in_sentence(what.name)}, {result.since}–{result.year}"
        )
        return RankingHeading(title + " (a year)", "percent", False)
    unit = UNIT_WORDS[what.unit]
    title = f"{who} by {in_sentence(what.name)}"
    # '… per 10,000 people' says its unit already: not again as '(per 10,000 residents)'
    title += "" if unit.startswith("per ") and " per " in what.name else f" ({unit})"
    title += f", {result.year}" if result.year is not None else ""
    return RankingHeading(title, what.unit, not what.higher_is_better)


def ranking(result: Ranking) -> list[RankRecord]:
    """A ranking's rows. A count has no year and its source is the dataset; growth
    rows say from which year (``since``); a hub without a value for the year
    carries its latest earlier value as ``older`` and its first later one as
    ``newer``."""
    what = result.measure
    counted = isinstance(what, Count)
    rows: list[RankRecord] = []
    for r in result.rows:
        fig, older, newer = r.figure, r.older, r.newer
        # the value a table shows beside a row without one: its currency is the row's
        later = later_is_nearer(result.year or 0, older and older.year, newer and newer.year)
        beside = newer if later else older
        rows.append(
            {
                "rank": r.rank,
                "id": r.holder.id,
                "name": r.holder.name,
                "name_zh": r.holder.name_zh,
                "indicator": what.value if isinstance(what, Count) else what.id,
                "value": fig.value if fig else None,
                "year": None if counted else (fig.year if fig else result.year),
                "source": "techhubs dataset" if counted else (fig.source if fig else None),
                "url": fig.url if fig else None,
                "note": fig.note if fig else None,
                "period_end": fig.period_end if fig else None,
                # the value's, else the one beside it's: a figure record has none
                "currency": fig.currency if fig else (beside.currency if beside else None),
                "in_yuan": r.in_yuan,
                # the rate it was converted at, as the data file gives one
                "exchange_rate": None
                if r.rate is None or fig is None
                else r.rate.record(fig.currency, fig.year),
                "since": result.since,
                "older": figure(r.older),
                "newer": figure(r.newer),
            }
        )
    return rows


def similarity(s: Similarity, dataset: Dataset) -> SimilarRecord:
    areas = [dataset.focus_area_by_id(a) for a in s.shared_areas]
    companies = [dataset.company_by_id(c) for c in s.shared_companies]
    shared = [(ref(a), short_name(a.name, a.aliases)) for a in areas]
    city = {"id": s.city.id, "name": s.city.name, "name_zh": s.city.name_zh}
    return similar_record(city, s.score, shared, [ref(c) for c in companies])


def map_points(dataset: Dataset) -> list[Record]:
    """Where each hub is and the focus areas it leads in: all a map is drawn from."""
    return [
        {
            "id": c.id,
            "name": c.name,
            "name_zh": c.name_zh,
            "lat": c.coordinates.lat,
            "lon": c.coordinates.lon,
            "focus_areas": list(c.focus_areas),
        }
        for c in dataset.cities
    ]


def overview(dataset: Dataset) -> OverviewRecord:
    """What ``overview`` prints: every hub's record, then the national picture."""
    return overview_of([city(c, dataset) for c in dataset.cities], overview_topics(dataset))


def overview_topics(dataset: Dataset) -> Record:
    """The national picture: government support, challenges, opportunities, claims."""
    national = dataset.national
    topics: Callable[[tuple[Topic, ...]], list[Record]] = lambda ts: [  # noqa: E731
        record(t, dataset, Topic) for t in ts
    ]
    return {
        "government_support": topics(national.government_support),
        "challenges": topics(national.challenges),
        "opportunities": topics(national.opportunities),
        "article_claims": [record(c, dataset) for c in national.article_claims],
    }


# -- the data-file schema, for export and round trips ------------------------


def document(item: Any, cls: type | None = None) -> Record:
    """A declared entity in the data-file schema: ids stay ids, absent optionals are left out."""
    out: Record = {}
    for field in fields_of(cls or type(item)):
        value = getattr(item, field.attr)
        spec = field.spec
        if spec.optional and (value is None or value == ()):
            continue
        if spec.kind == "entity":
            nested = spec.entity
            value = [document(x, nested) for x in value] if spec.many else document(value, nested)
        elif spec.many:
            value = list(value)
        out[field.key] = value
    return out


def data_document(dataset: Dataset) -> Record:
    """The dataset in exactly the data-file schema (``techhubs --data`` reads it back)."""
    contents = Contents(*(getattr(dataset, field.attr) for field in fields_of(Contents)))
    return document(contents)


def collections_of(cls: type = Contents) -> list[Field]:
    """The top-level lists of entities with ids (cities, companies, focus areas)."""
    return [f for f in fields_of(cls) if f.spec.many and has_id(f.spec.entity)]
