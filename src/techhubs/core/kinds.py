"""The closed lists of the domain: statuses, relations, units, counts, hit kinds.

Each list is declared here once, as an enum, and everything else is derived
from it: the data file's validation (``choices_of``), the queries' accepted
values, and the CLI's ``--status`` and ``--kind`` choices, which use these
enums directly.  (What ``--sort`` and ``--by`` accept is data: the indicators
of the data file, and the counts below.)  The module imports nothing but
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


class Unit(enum.Enum):
    """What an indicator's values count, which decides how they are shown.

    Not a ``str`` enum, unlike the others: a member named ``count`` would
    shadow ``str.count``. Compare an indicator's unit with ``Unit.x.value``.
    """

    persons = "persons"
    yuan = "yuan"
    percent = "percent"
    count = "count"
    rank = "rank"  # a place in a ranking: 1 is first
    per_10k = "per-10k"  # per 10,000 residents


class Holder(str, enum.Enum):
    """What an indicator measures: hubs, or companies."""

    cities = "cities"
    companies = "companies"


class Count(str, enum.Enum):
    """What hubs can be ranked or sorted by besides indicators: counts in the dataset."""

    companies = "companies"
    focus_areas = "focus-areas"


def count_named(text: str) -> Count | None:
    """The count ``text`` names, in any spelling (``focus_areas``, ``Focus-Areas``):
    exactly, never by a name stripped of a Chinese ending as entities are found."""
    from techhubs.core.names import normalize

    key = normalize(text)
    return next((count for count in Count if key == normalize(count.value)), None)


class AreaSort(str, enum.Enum):
    """How ``areas`` may be ordered: busiest first (hubs, then companies), or by one."""

    busiest = "busiest"
    name = "name"
    cities = "cities"
    companies = "companies"


class HitKind(str, enum.Enum):
    """What a search can find, in the order hits of equal score are listed."""

    city = "city"
    district = "district"
    company = "company"
    focus_area = "focus_area"


#: The most hubs (or companies) a trend draws: past six, its lines' markers cannot
#: be told apart. Here, beside the closed lists, so a warm trend checks it without
#: loading the figures' module.
MAX_TREND_CITIES = 6


def choices_of(kind: type[enum.Enum]) -> tuple[str, ...]:
    """The values of an enum of text, in order."""
    return tuple(str(member.value) for member in kind)


#: China's extent in degrees, (south, north) and (west, east): the map's outline
#: (Natural Earth) lies within it, with the half degree of air the map draws. A
#: hub outside it is a data file's mistake to warn of (entities.off_the_map), and
#: the map names it rather than draw it on its edge (output.braille).
CHINA_LAT, CHINA_LON = (17.7, 54.0), (73.1, 135.6)


def in_china(lat: float, lon: float) -> bool:
    """Whether a point lies within :data:`CHINA_LAT` and :data:`CHINA_LON`."""
    return CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LON[0] <= lon <= CHINA_LON[1]
