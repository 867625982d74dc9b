"""The closed lists of the domain: statuses, relations, metrics, hit kinds.

Each list is declared here once, as an enum, and everything else is derived
from it: the data file's validation (``choices_of``), the queries' accepted
values, and the CLI's ``--status``, ``--sort``, ``--by`` and ``--kind``
choices, which use these enums directly.  The module imports nothing but
``enum``, so the CLI can name the choices at start-up without loading the
domain.
"""

from __future__ import annotations

import enum


class Status(str, enum.Enum):
    """How far a hub has come: the article's well-established hubs, or rising stars."""

    established = "established"
    emerging = "emerging"


class Relation(str, enum.Enum):
    """A city's tie to a company."""

    headquarters = "headquarters"
    operations = "operations"


class Metric(str, enum.Enum):
    """What hubs can be ranked by: a sourced figure or a count."""

    population = "population"
    gdp = "gdp"
    gdp_per_capita = "gdp-per-capita"
    companies = "companies"
    focus_areas = "focus-areas"


class CitySort(str, enum.Enum):
    """How ``cities`` may be ordered: by name, or by any metric (test_kinds checks)."""

    name = "name"
    population = Metric.population.value
    gdp = Metric.gdp.value
    gdp_per_capita = Metric.gdp_per_capita.value
    companies = Metric.companies.value
    focus_areas = Metric.focus_areas.value


class HitKind(str, enum.Enum):
    """What a search can find, in the order hits of equal score are listed."""

    city = "city"
    district = "district"
    company = "company"
    focus_area = "focus_area"


def choices_of(kind: type[enum.Enum]) -> tuple[str, ...]:
    """The values of an enum of text, in order."""
    return tuple(str(member.value) for member in kind)
