"""Entities as plain records: the JSON contract scripts rely on (docs/json.md).

One function per entity kind, so a city has the same shape in every command.
Fields are only ever added within a major version, never renamed or removed.
The data-file document used by ``export --format yaml`` lives here too, since
it is the same serialisation turned back into the input schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from techhubs.models import (
    City,
    Company,
    Coordinates,
    Dataset,
    District,
    Figure,
    FocusArea,
    Institution,
    Nickname,
    Topic,
)
from techhubs.queries import AreaSummary, Hit

if TYPE_CHECKING:
    from techhubs.analysis import Ranked, Similarity
    from techhubs.contract import (
        AreaRecord,
        CityRecord,
        CompanyRecord,
        CoordinatesRecord,
        DistrictRecord,
        FigureRecord,
        FocusAreaRecord,
        HitRecord,
        InstitutionRecord,
        LinkedRefRecord,
        MapRecord,
        NicknameRecord,
        OverviewRecord,
        RankRecord,
        RefRecord,
        SimilarRecord,
        TopicRecord,
    )

Record = dict[str, Any]


def figure(value: Figure | None) -> FigureRecord | None:
    if value is None:
        return None
    return {"value": value.value, "year": value.year, "source": value.source}


def ref(entity: City | Company | FocusArea) -> RefRecord:
    return {"id": entity.id, "name": entity.name}


def _linked(entity: City | Company, relation: str) -> LinkedRefRecord:
    return {"id": entity.id, "name": entity.name, "relation": relation}


# Parts shared by the JSON records and the data-file document.
def _nickname(n: Nickname) -> NicknameRecord:
    return {"name": n.name, "refers_to": n.refers_to}


def _district(d: District) -> DistrictRecord:
    return {"name": d.name, "name_zh": d.name_zh, "description": d.description}


def _institution(i: Institution) -> InstitutionRecord:
    return {"name": i.name, "name_zh": i.name_zh}


def _coordinates(c: Coordinates) -> CoordinatesRecord:
    return {"lat": c.lat, "lon": c.lon}


def city(c: City, dataset: Dataset) -> CityRecord:
    return {
        "id": c.id,
        "name": c.name,
        "name_zh": c.name_zh,
        "pinyin": c.pinyin,
        "aliases": list(c.aliases),
        "province": c.province,
        "region": c.region,
        "status": c.status,
        "headline": c.headline,
        "nicknames": [_nickname(n) for n in c.nicknames],
        "summary": c.summary,
        "population": figure(c.population),
        "gdp": figure(c.gdp),
        "gdp_per_capita": figure(c.gdp_per_capita),
        "focus_areas": [ref(dataset.focus_area_by_id(a)) for a in c.focus_areas],
        "companies": [
            _linked(dataset.company_by_id(link.company), link.relation) for link in c.companies
        ],
        "districts": [_district(d) for d in c.districts],
        "institutions": [_institution(i) for i in c.institutions],
        "policies": [
            {"name": p.name, "year": p.year, "description": p.description} for p in c.policies
        ],
        "coordinates": _coordinates(c.coordinates),
        "sources": list(c.sources),
    }


def company(c: Company, dataset: Dataset) -> CompanyRecord:
    return {
        "id": c.id,
        "name": c.name,
        "name_zh": c.name_zh,
        "aliases": list(c.aliases),
        "headquarters": ref(dataset.city_by_id(c.headquarters)),
        "founded": c.founded,
        "focus_areas": [ref(dataset.focus_area_by_id(a)) for a in c.focus_areas],
        "description": c.description,
        "cities": [
            _linked(linked, relation) for linked, relation in dataset.links_of_company(c.id)
        ],
    }


def focus_area(a: FocusArea) -> FocusAreaRecord:
    return {"id": a.id, "name": a.name, "aliases": list(a.aliases), "description": a.description}


def area_summary(summary: AreaSummary) -> AreaRecord:
    """A focus area with its cities and companies (``area`` and ``areas``)."""
    area = summary.area
    return {
        "id": area.id,
        "name": area.name,
        "aliases": list(area.aliases),
        "description": area.description,
        "cities": [ref(c) for c in summary.cities],
        "companies": [ref(c) for c in summary.companies],
    }


def hit(h: Hit) -> HitRecord:
    return {
        "kind": h.kind,
        "id": h.id,
        "name": h.name,
        "city": h.city,
        "matched": h.matched,
        "score": h.score,
    }


def ranked(r: Ranked) -> RankRecord:
    """A place in a ranking; counts (companies, focus areas) have no year or source."""
    figure = r.figure
    counted = figure is None and r.value is not None
    return {
        "rank": r.rank,
        "id": r.city.id,
        "name": r.city.name,
        "name_zh": r.city.name_zh,
        "value": figure.value
        if figure
        else (int(r.value) if counted and r.value is not None else None),
        "year": figure.year if figure else None,
        "source": figure.source if figure else ("techhubs dataset" if counted else None),
    }


def similarity(s: Similarity, dataset: Dataset) -> SimilarRecord:
    areas = [dataset.focus_area_by_id(a) for a in s.shared_areas]
    companies = [dataset.company_by_id(c) for c in s.shared_companies]
    parts = []
    if areas:
        parts.append(", ".join(_short(a) for a in areas))
    if companies:
        parts.append(", ".join(c.name for c in companies))
    return {
        "id": s.city.id,
        "name": s.city.name,
        "name_zh": s.city.name_zh,
        "score": s.score,
        "shared": {
            "focus_areas": [ref(a) for a in areas],
            "companies": [ref(c) for c in companies],
        },
        "reason": "shares " + "; ".join(parts) if parts else "shares nothing",
    }


def _short(area: FocusArea) -> str:
    """'AI' for artificial intelligence, 'e-commerce' for E-commerce: how one says it."""
    first = area.aliases[0] if area.aliases else ""
    if first.isupper() and len(first) <= 4:
        return first
    return area.name if area.name[:1].isdigit() else area.name[:1].lower() + area.name[1:]


def city_map(dataset: Dataset, outline_source: str, highlight: FocusArea | None) -> MapRecord:
    return {
        "outline": outline_source,
        "focus_area": ref(highlight) if highlight else None,
        "cities": [
            {
                "id": c.id,
                "name": c.name,
                "name_zh": c.name_zh,
                "lat": c.coordinates.lat,
                "lon": c.coordinates.lon,
                "highlighted": highlight is not None and highlight.id in c.focus_areas,
            }
            for c in dataset.cities
        ],
    }


def topic(t: Topic, dataset: Dataset) -> TopicRecord:
    return {
        "name": t.name,
        "description": t.description,
        "focus_areas": [ref(dataset.focus_area_by_id(a)) for a in t.focus_areas],
    }


def overview(dataset: Dataset) -> OverviewRecord:
    national = dataset.national
    return {
        "cities": [city(c, dataset) for c in dataset.cities],
        "government_support": [topic(t, dataset) for t in national.government_support],
        "challenges": [topic(t, dataset) for t in national.challenges],
        "opportunities": [topic(t, dataset) for t in national.opportunities],
    }


# -- the data-file schema, for export and round trips ------------------------


def _topic_doc(t: Topic) -> Record:
    doc: Record = {"name": t.name, "description": t.description}
    if t.focus_areas:
        doc["focus_areas"] = list(t.focus_areas)
    return doc


def data_document(dataset: Dataset) -> Record:
    """The dataset in exactly the data-file schema (``techhubs --data`` reads it back)."""

    def city_doc(c: City) -> Record:
        doc: Record = {
            "id": c.id,
            "name": c.name,
            "name_zh": c.name_zh,
            "pinyin": c.pinyin,
            "aliases": list(c.aliases),
            "province": c.province,
            "region": c.region,
            "status": c.status,
            "headline": c.headline,
            "nicknames": [_nickname(n) for n in c.nicknames],
            "summary": c.summary,
            "districts": [_district(d) for d in c.districts],
            "companies": [{"id": k.company, "relation": k.relation} for k in c.companies],
            "focus_areas": list(c.focus_areas),
            "institutions": [_institution(i) for i in c.institutions],
            "policies": [
                {
                    "name": p.name,
                    **({"year": p.year} if p.year is not None else {}),
                    "description": p.description,
                }
                for p in c.policies
            ],
        }
        if c.population is not None:
            doc["population"] = figure(c.population)
        if c.gdp is not None:
            doc["gdp"] = figure(c.gdp)
        doc["coordinates"] = _coordinates(c.coordinates)
        doc["sources"] = list(c.sources)
        return doc

    def company_doc(c: Company) -> Record:
        doc: Record = {
            "id": c.id,
            "name": c.name,
            "name_zh": c.name_zh,
            "headquarters": c.headquarters,
            "founded": c.founded,
            "focus_areas": list(c.focus_areas),
            "description": c.description,
        }
        if c.aliases:
            doc["aliases"] = list(c.aliases)
        return doc

    meta = dataset.meta
    return {
        "meta": {
            "version": meta.version,
            "as_of": meta.as_of,
            "description": meta.description,
            "sources": [{"name": s.name, "reference": s.reference} for s in meta.sources],
        },
        "focus_areas": [focus_area(a) for a in dataset.focus_areas],
        "cities": [city_doc(c) for c in dataset.cities],
        "companies": [company_doc(c) for c in dataset.companies],
        "national": {
            "government_support": [_topic_doc(t) for t in dataset.national.government_support],
            "challenges": [_topic_doc(t) for t in dataset.national.challenges],
            "opportunities": [_topic_doc(t) for t in dataset.national.opportunities],
        },
    }
