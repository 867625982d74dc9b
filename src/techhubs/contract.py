"""The JSON contract as types: what records.py produces and the renderers read.

These TypedDicts are the shapes documented in docs/json.md (and checked
against real output by tests/test_json_contract.py).  Both the JSON output
and the Rich tables are made from them, so a table can never show something
the JSON does not carry, and a lookup served ready-made from the record store
renders exactly like one computed afresh.
"""

from __future__ import annotations

from typing import TypedDict


class FigureRecord(TypedDict):
    value: int | float
    year: int
    source: str


class RefRecord(TypedDict):
    id: str
    name: str


class LinkedRefRecord(TypedDict):
    id: str
    name: str
    relation: str


class NicknameRecord(TypedDict):
    name: str
    refers_to: str


class DistrictRecord(TypedDict):
    name: str
    name_zh: str
    description: str


class InstitutionRecord(TypedDict):
    name: str
    name_zh: str


class PolicyRecord(TypedDict):
    name: str
    year: int | None
    description: str


class CoordinatesRecord(TypedDict):
    lat: float
    lon: float


class CityRecord(TypedDict):
    id: str
    name: str
    name_zh: str
    pinyin: str
    aliases: list[str]
    province: str
    region: str
    status: str
    headline: str
    nicknames: list[NicknameRecord]
    summary: str
    population: FigureRecord | None
    gdp: FigureRecord | None
    gdp_per_capita: FigureRecord | None
    focus_areas: list[RefRecord]
    companies: list[LinkedRefRecord]
    districts: list[DistrictRecord]
    institutions: list[InstitutionRecord]
    policies: list[PolicyRecord]
    coordinates: CoordinatesRecord
    sources: list[str]


class CompanyRecord(TypedDict):
    id: str
    name: str
    name_zh: str
    aliases: list[str]
    headquarters: RefRecord
    founded: int
    focus_areas: list[RefRecord]
    description: str
    cities: list[LinkedRefRecord]


class FocusAreaRecord(TypedDict):
    id: str
    name: str
    aliases: list[str]
    description: str


class AreaRecord(FocusAreaRecord):
    cities: list[RefRecord]
    companies: list[RefRecord]


class HitRecord(TypedDict):
    kind: str
    id: str
    name: str
    city: str | None
    matched: str
    score: int


class OverlapRecord(TypedDict):
    focus_areas: list[RefRecord]
    companies: list[RefRecord]


class ComparisonRecord(TypedDict):
    cities: list[CityRecord]
    shared: OverlapRecord
    unique: dict[str, OverlapRecord]


class TopicRecord(TypedDict):
    name: str
    description: str
    focus_areas: list[RefRecord]


class OverviewRecord(TypedDict):
    cities: list[CityRecord]
    government_support: list[TopicRecord]
    challenges: list[TopicRecord]
    opportunities: list[TopicRecord]


class RankRecord(TypedDict):
    rank: int | None
    id: str
    name: str
    name_zh: str
    value: int | float | None
    year: int | None
    source: str | None


class SimilarRecord(TypedDict):
    id: str
    name: str
    name_zh: str
    score: float
    shared: OverlapRecord
    reason: str


class MapCityRecord(TypedDict):
    id: str
    name: str
    name_zh: str
    lat: float
    lon: float
    highlighted: bool


class MapRecord(TypedDict):
    outline: str
    focus_area: RefRecord | None
    cities: list[MapCityRecord]
