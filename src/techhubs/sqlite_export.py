"""``techhubs export --format sqlite FILE``: the dataset as a normalised database.

One table per entity kind and link tables with foreign keys, so the data can
be queried with SQL or browsed with Datasette.  techhubs.files writes it
to a temporary name and renames it into place, so a failed export never
leaves half a database behind.
"""

from __future__ import annotations

import sqlite3

from techhubs.models import Dataset

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE focus_areas (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL
);
CREATE TABLE focus_area_aliases (
    focus_area_id TEXT NOT NULL REFERENCES focus_areas (id), alias TEXT NOT NULL
);
CREATE TABLE cities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT NOT NULL, pinyin TEXT NOT NULL,
    province TEXT NOT NULL, region TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('established', 'emerging')),
    headline TEXT NOT NULL, summary TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    population INTEGER, population_year INTEGER, population_source TEXT,
    gdp REAL, gdp_year INTEGER, gdp_source TEXT
);
CREATE TABLE city_aliases (city_id TEXT NOT NULL REFERENCES cities (id), alias TEXT NOT NULL);
CREATE TABLE nicknames (
    city_id TEXT NOT NULL REFERENCES cities (id), name TEXT NOT NULL, refers_to TEXT NOT NULL
);
CREATE TABLE districts (
    city_id TEXT NOT NULL REFERENCES cities (id), name TEXT NOT NULL, name_zh TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE institutions (
    city_id TEXT NOT NULL REFERENCES cities (id), name TEXT NOT NULL, name_zh TEXT NOT NULL
);
CREATE TABLE policies (
    city_id TEXT NOT NULL REFERENCES cities (id), name TEXT NOT NULL, year INTEGER,
    description TEXT NOT NULL
);
CREATE TABLE city_sources (city_id TEXT NOT NULL REFERENCES cities (id), source TEXT NOT NULL);
CREATE TABLE city_focus_areas (
    city_id TEXT NOT NULL REFERENCES cities (id),
    focus_area_id TEXT NOT NULL REFERENCES focus_areas (id),
    PRIMARY KEY (city_id, focus_area_id)
);
CREATE TABLE companies (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT NOT NULL,
    headquarters TEXT NOT NULL REFERENCES cities (id), founded INTEGER NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE company_aliases (
    company_id TEXT NOT NULL REFERENCES companies (id), alias TEXT NOT NULL
);
CREATE TABLE company_focus_areas (
    company_id TEXT NOT NULL REFERENCES companies (id),
    focus_area_id TEXT NOT NULL REFERENCES focus_areas (id),
    PRIMARY KEY (company_id, focus_area_id)
);
CREATE TABLE city_companies (
    city_id TEXT NOT NULL REFERENCES cities (id),
    company_id TEXT NOT NULL REFERENCES companies (id),
    relation TEXT NOT NULL CHECK (relation IN ('headquarters', 'operations')),
    PRIMARY KEY (city_id, company_id)
);
CREATE TABLE national_topics (
    section TEXT NOT NULL CHECK (section IN ('government_support', 'challenges', 'opportunities')),
    position INTEGER NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
    PRIMARY KEY (section, position)
);
CREATE TABLE national_topic_focus_areas (
    section TEXT NOT NULL, position INTEGER NOT NULL,
    focus_area_id TEXT NOT NULL REFERENCES focus_areas (id),
    FOREIGN KEY (section, position) REFERENCES national_topics (section, position)
);
"""


def write(dataset: Dataset, path: str) -> None:
    """Write ``dataset`` as a new SQLite database at ``path``."""
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        _fill(db, dataset)
        db.commit()
    finally:
        db.close()


def _fill(db: sqlite3.Connection, dataset: Dataset) -> None:
    meta = dataset.meta
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("version", meta.version), ("as_of", meta.as_of), ("description", meta.description)],
    )
    for area in dataset.focus_areas:
        db.execute(
            "INSERT INTO focus_areas VALUES (?, ?, ?)", (area.id, area.name, area.description)
        )
        db.executemany(
            "INSERT INTO focus_area_aliases VALUES (?, ?)", [(area.id, a) for a in area.aliases]
        )
    for c in dataset.cities:
        pop, gdp = c.population, c.gdp
        db.execute(
            "INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                c.id,
                c.name,
                c.name_zh,
                c.pinyin,
                c.province,
                c.region,
                c.status,
                c.headline,
                c.summary,
                c.coordinates.lat,
                c.coordinates.lon,
                pop.value if pop else None,
                pop.year if pop else None,
                pop.source if pop else None,
                gdp.value if gdp else None,
                gdp.year if gdp else None,
                gdp.source if gdp else None,
            ),
        )
        db.executemany("INSERT INTO city_aliases VALUES (?, ?)", [(c.id, a) for a in c.aliases])
        db.executemany(
            "INSERT INTO nicknames VALUES (?, ?, ?)",
            [(c.id, n.name, n.refers_to) for n in c.nicknames],
        )
        db.executemany(
            "INSERT INTO districts VALUES (?, ?, ?, ?)",
            [(c.id, d.name, d.name_zh, d.description) for d in c.districts],
        )
        db.executemany(
            "INSERT INTO institutions VALUES (?, ?, ?)",
            [(c.id, i.name, i.name_zh) for i in c.institutions],
        )
        db.executemany(
            "INSERT INTO policies VALUES (?, ?, ?, ?)",
            [(c.id, p.name, p.year, p.description) for p in c.policies],
        )
        db.executemany("INSERT INTO city_sources VALUES (?, ?)", [(c.id, s) for s in c.sources])
        db.executemany(
            "INSERT INTO city_focus_areas VALUES (?, ?)", [(c.id, a) for a in c.focus_areas]
        )
    for co in dataset.companies:
        db.execute(
            "INSERT INTO companies VALUES (?, ?, ?, ?, ?, ?)",
            (co.id, co.name, co.name_zh, co.headquarters, co.founded, co.description),
        )
        db.executemany(
            "INSERT INTO company_aliases VALUES (?, ?)", [(co.id, a) for a in co.aliases]
        )
        db.executemany(
            "INSERT INTO company_focus_areas VALUES (?, ?)", [(co.id, a) for a in co.focus_areas]
        )
    for c in dataset.cities:
        db.executemany(
            "INSERT INTO city_companies VALUES (?, ?, ?)",
            [(c.id, link.company, link.relation) for link in c.companies],
        )
    national = dataset.national
    for section in ("government_support", "challenges", "opportunities"):
        for position, topic in enumerate(getattr(national, section)):
            db.execute(
                "INSERT INTO national_topics VALUES (?, ?, ?, ?)",
                (section, position, topic.name, topic.description),
            )
            db.executemany(
                "INSERT INTO national_topic_focus_areas VALUES (?, ?, ?)",
                [(section, position, a) for a in topic.focus_areas],
            )
