"""Properties (issue #4): any text never crashes, every comparison works, exports round-trip.

All through the real command line (the ``run`` fixture).  With hypothesis, the
function-scoped ``run`` fixture is shared by the examples of one test, which is
what we want: it only captures output and sets the environment.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import DATA_FILE, Run
from techhubs.core.dataset import Dataset

TRACEBACK = "Traceback (most recent call last)"

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- any text to any lookup ----------------------------------------------------------------


@SETTINGS
@given(
    command=st.sampled_from(["city", "company", "area", "search"]),
    text=st.text(st.characters(exclude_categories=["Cs"])),  # control characters included
)
def test_any_text_never_crashes(run: Run, command: str, text: str) -> None:
    assume(TRACEBACK not in text and "internal error" not in text)
    result = run(command, text)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert TRACEBACK not in result.stderr
    assert "internal error" not in result.stderr
    assert "\x1b" not in result.stderr
    if result.exit_code == 0:
        assert result.stdout.strip()
    else:
        assert result.stdout == ""
        if text.startswith("-"):  # an option, e.g. --json: the error may be JSON
            assert result.stderr.startswith(("techhubs: error: ", '{"error": ')), result.stderr
        else:
            assert result.stderr.startswith("techhubs: error: "), result.stderr


# -- every comparison ----------------------------------------------------------------------


def check_comparisons(run: Run, dataset: Dataset, size: int) -> None:
    ids = [city.id for city in dataset.cities]
    failures: list[tuple[tuple[str, ...], str]] = []
    for combo in itertools.combinations(ids, size):
        for order in (combo, combo[::-1]):
            result = run("compare", *order, "--json")
            if result.exit_code != 0:
                failures.append((order, result.stderr))
                continue
            data = result.json()
            if [c["id"] for c in data["cities"]] != list(order):
                failures.append((order, "cities out of order"))
                continue
            areas = [{a["id"] for a in c["focus_areas"]} for c in data["cities"]]
            shared = {a["id"] for a in data["shared"]["focus_areas"]}
            if shared != set.intersection(*areas):
                failures.append((order, f"shared focus areas {shared}"))
            for i, city_id in enumerate(order):
                unique = {a["id"] for a in data["unique"][city_id]["focus_areas"]}
                others = set().union(*(a for j, a in enumerate(areas) if j != i))
                if unique != areas[i] - others:
                    failures.append((order, f"unique focus areas of {city_id}: {unique}"))
    assert not failures, failures[:5]


def test_every_pair_of_cities_compares(run: Run, dataset: Dataset) -> None:
    check_comparisons(run, dataset, 2)
    for first, second in itertools.combinations([c.id for c in dataset.cities], 2):
        table = run("compare", first, second)
        assert table.exit_code == 0, (first, second, table.stderr)
        assert dataset.city_by_id(first).name in table.stdout


def test_every_triple_of_cities_compares(run: Run, dataset: Dataset) -> None:
    check_comparisons(run, dataset, 3)


# -- a drawn dataset survives export -> --data -> export ------------------------------------

CJK = "深圳北京上海杭州成都武汉西安光谷中关村科技园区城市港湾龍"
# No 'q' (see ``tagged``) and no NEL (U+0085), which PyYAML's pure-Python dumper,
# used here to write the first file, itself mangles.
SAFE = (
    "abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789"
    " .,:;-_'\"#&*!%@`|>?[]{}()/\\+=~^$<" + CJK
)
#: Values a careless YAML writer would turn into booleans, numbers, dates or syntax.
TRICKY = [
    "yes", "no", "on", "off", "null", "~", "true", "1.5", "0x1F", "0o17", "1e3", ".inf",
    "2024-01-01", "12:30:00", "- a", "a: b", "#c", "'", '"', "*x", "&y", "!tag", "%x",
    "@", "`", "[x]", "{y}", "|", ">", "<<", "=", " leading", "trailing ", "tab\there",
    "two\nlines", "crlf\r\nend", "bell\x07", "escape\x1b[31m", "深圳 Shēnzhèn",
]  # fmt: skip


def free_text() -> st.SearchStrategy[str]:
    """Non-blank text from a safe alphabet (with Chinese), or a YAML trap."""
    drawn = st.text(SAFE, min_size=1, max_size=24).filter(lambda s: s.strip() != "")
    return st.one_of(drawn, st.sampled_from(TRICKY))


def tagged(tag: str) -> st.SearchStrategy[str]:
    """A name that cannot collide with another entity's: free text plus 'Q<tag>Q'.

    Lookups ignore case, spaces and punctuation; the free text has no 'q', so
    the normalised name ends in the entity's own tag. A name has no space
    around it (the loader refuses ' Beijing '): the free text's is dropped.
    """
    return free_text().map(lambda s: f"{s.strip()} Q{tag}Q")


def ident(i: int) -> st.SearchStrategy[str]:
    return st.from_regex(r"[a-p]{1,8}", fullmatch=True).map(lambda s: f"{s}-{i}")


@st.composite
def data_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A small data file valid by construction, in the README's schema."""
    text = free_text()
    # The export header quotes meta.version and as_of in a comment; odd text
    # there has its own test below, so the round trip keeps them printable.
    one_line = text.filter(str.isprintable)
    # a name (what an item is shown and searched by) has no space around it
    label = text.map(str.strip)
    # as_of is a date (YYYY-MM-DD); observations may not be later than its year.
    as_of = draw(st.dates(dt.date(1949, 1, 1), dt.date(2100, 12, 31))).isoformat()
    last_year = int(as_of[:4])
    area_ids = [draw(ident(i)) for i in range(draw(st.integers(1, 4)))]
    city_ids = [draw(ident(i)) for i in range(draw(st.integers(1, 3)))]
    company_ids = [draw(ident(i)) for i in range(draw(st.integers(0, 4)))]
    headquarters = {company: draw(st.sampled_from(city_ids)) for company in company_ids}

    def some_areas() -> list[str]:
        return draw(st.lists(st.sampled_from(area_ids), unique=True, max_size=3))

    indicator_ids = [draw(ident(i)) for i in range(draw(st.integers(0, 2)))]
    indicators = [
        {
            "id": indicator_id,
            "name": draw(tagged(f"I{k}")),
            "name_zh": draw(tagged(f"I{k}")),
            "aliases": draw(st.lists(tagged(f"I{k}"), max_size=2)),
            "unit": draw(st.sampled_from(["persons", "yuan", "percent", "count", "rank"])),
            "description": draw(text),
            "higher_is_better": draw(st.booleans()),
            "applies_to": "cities",
            "plausible": {"low": 1, "high": 1e12},
        }
        for k, indicator_id in enumerate(indicator_ids)
    ]

    units = {i["id"]: i["unit"] for i in indicators}

    def observations() -> list[dict[str, Any]]:
        drawn = []
        for indicator_id in indicator_ids:
            years = st.integers(1949, max(1949, last_year))
            # people, counts and ranks are whole (a fraction of one is refused)
            whole = units[indicator_id] in ("persons", "count", "rank")
            numbers = st.integers(1, 10**12) | (st.nothing() if whole else st.floats(1, 1e12))
            for year in draw(st.lists(years, unique=True, max_size=3 if last_year >= 1949 else 0)):
                value = draw(numbers)
                observation = {"indicator": indicator_id, "year": year, "value": value}
                observation["source"] = draw(text)
                if draw(st.booleans()):
                    observation["note"] = draw(text)
                drawn.append(observation)
        return drawn

    areas = [
        {
            "id": area_id,
            "name": draw(tagged(f"A{i}")),
            "name_zh": draw(tagged(f"Z{i}")),
            "aliases": draw(st.lists(tagged(f"A{i}"), max_size=2)),
            "description": draw(text),
        }
        for i, area_id in enumerate(area_ids)
    ]

    cities = []
    for i, city_id in enumerate(city_ids):
        name = draw(tagged(f"C{i}"))
        districts = [
            {"name": draw(label), "name_zh": draw(label), "description": draw(text)}
            for _ in range(draw(st.integers(0, 2)))
        ]
        targets = [name, *(d["name"] for d in districts)]
        links = [
            {"id": company, "relation": "headquarters"}
            if headquarters[company] == city_id
            else {"id": company, "relation": "operations"}
            for company in company_ids
            if headquarters[company] == city_id or draw(st.booleans())
        ]
        city: dict[str, Any] = {
            "id": city_id,
            "name": name,
            "name_zh": draw(tagged(f"C{i}")),
            "pinyin": draw(tagged(f"C{i}")),
            "aliases": draw(st.lists(tagged(f"C{i}"), max_size=2)),
            "province": draw(text),
            "region": draw(text),
            "status": draw(st.sampled_from(["established", "emerging"])),
            "headline": draw(text),
            "nicknames": [
                {"name": draw(label), "refers_to": draw(st.sampled_from(targets))}
                for _ in range(draw(st.integers(0, 2)))
            ],
            "summary": draw(text),
            "districts": districts,
            "companies": draw(st.permutations(links)),
            "focus_areas": some_areas(),
            "institutions": [
                {"name": draw(label), "name_zh": draw(label)}
                for _ in range(draw(st.integers(0, 2)))
            ],
            "policies": [
                {
                    "name": draw(label),
                    **({"year": draw(st.integers(1800, last_year))} if draw(st.booleans()) else {}),
                    "description": draw(text),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
        city["coordinates"] = {
            "lat": draw(st.floats(-90, 90, allow_nan=False)),
            "lon": draw(st.floats(-180, 180, allow_nan=False)),
        }
        city["sources"] = draw(st.lists(text, min_size=1, max_size=2))
        drawn_observations = observations()
        if drawn_observations:
            city["observations"] = drawn_observations
        cities.append(city)

    companies = []
    for j, company_id in enumerate(company_ids):
        company: dict[str, Any] = {
            "id": company_id,
            "name": draw(tagged(f"K{j}")),
            "name_zh": draw(tagged(f"K{j}")),
            "headquarters": headquarters[company_id],
            "founded": draw(st.integers(1800, last_year)),  # not after as_of
            "focus_areas": some_areas(),
            "description": draw(text),
        }
        aliases = draw(st.lists(tagged(f"K{j}"), max_size=2))
        if aliases:
            company["aliases"] = aliases
        companies.append(company)

    def topics() -> list[dict[str, Any]]:
        drawn = []
        for _ in range(draw(st.integers(1, 2))):
            topic: dict[str, Any] = {"name": draw(label), "description": draw(text)}
            focus = some_areas()
            if focus:
                topic["focus_areas"] = focus
            drawn.append(topic)
        return drawn

    document: dict[str, Any] = {
        "meta": {
            "version": draw(one_line),
            "as_of": as_of,
            "description": draw(text),
            "sources": [
                {"name": draw(label), "reference": draw(text)}
                for _ in range(draw(st.integers(1, 2)))
            ],
        },
        "focus_areas": areas,
        "cities": cities,
        "companies": companies,
        "national": {
            "government_support": topics(),
            "challenges": topics(),
            "opportunities": topics(),
        },
    }
    if indicators:
        document["indicators"] = indicators
    return document


def export_of(run: Run, path: Path) -> str:
    result = run("--data", str(path), "export", "--format", "yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=data_documents())
def test_drawn_dataset_survives_export_round_trip(
    run: Run, tmp_path: Path, document: dict[str, Any]
) -> None:
    original = tmp_path / "drawn.yaml"
    original.write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    first = export_of(run, original)
    exported = tmp_path / "exported.yaml"
    exported.write_text(first, encoding="utf-8")
    second = export_of(run, exported)
    assert second == first
    # ... and the export holds exactly the drawn data (numbers compare by value).
    assert yaml.safe_load(first) == document


@pytest.mark.parametrize("value", ["1.0\nmeta: oops", "1.0\x07"], ids=["newline", "bell"])
@pytest.mark.parametrize("field", ["version", "description"])  # (as_of is a date)
def test_export_header_survives_odd_meta_text(
    run: Run, tmp_path: Path, field: str, value: str
) -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["meta"][field] = value
    original = tmp_path / "meta.yaml"
    original.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    first = export_of(run, original)
    exported = tmp_path / "exported.yaml"
    exported.write_text(first, encoding="utf-8")
    assert export_of(run, exported) == first
