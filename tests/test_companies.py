"""Issue 11: company profiles a reader can use — founders, listings, figures over time."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA_FILE, Run

TRACEBACK = "Traceback (most recent call last)"
#: An exchange rate as the data file gives one: US dollars in 2025.
RATE = {"currency": "USD", "year": 2025, "yuan": 7.2, "source": "a test rate"}


def _latest(company: dict[str, Any], indicator: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = next(i for i in company["indicators"] if i["id"] == indicator)[
        "latest"
    ]
    return found


def test_company_json_has_founders_listings_and_figures(run: Run) -> None:
    tencent = run("company", "tencent", "--json").json()
    assert "Ma Huateng" in tencent["founders"]
    assert tencent["listed"] is True
    assert {"exchange": "HKEX", "ticker": "0700"} in tencent["listings"]
    revenue = _latest(tencent, "revenue")
    assert revenue is not None and revenue["year"] == 2024 and revenue["source"]
    huawei = run("company", "huawei", "--json").json()
    assert huawei["listed"] is False and huawei["listings"] == []
    assert "private" in run("company", "huawei").stdout


def test_rank_by_revenue_ranks_companies(run: Run) -> None:
    rows = run("rank", "--by", "revenue", "--json").json()
    companies = {c["id"]: c for c in run("companies", "--json").json()}
    assert set(r["id"] for r in rows) == set(companies)  # companies, not cities
    ranked = [r for r in rows if r["rank"] is not None]
    assert ranked and [r["value"] for r in ranked] == sorted(
        (r["value"] for r in ranked), reverse=True
    )
    for r in rows:
        assert {"value", "year", "currency", "source"} <= set(r)
    out = run("rank", "--by", "revenue").stdout
    assert out.startswith("Companies by revenue")


def test_a_figure_in_another_currency_is_shown_not_ranked(run: Run) -> None:
    """Lenovo reports in US dollars; without an exchange rate in the data it is not
    ranked against yuan, but its value is shown with its currency."""
    rows = run("rank", "--by", "revenue", "--year", "2025", "--json").json()
    lenovo = next(r for r in rows if r["id"] == "lenovo")
    assert lenovo["currency"] == "USD" and lenovo["rank"] is None and lenovo["value"]
    assert (
        "US$69.10 billion (FY2025), no exchange rate"
        in run("rank", "--by", "revenue", "--year", "2025").stdout
    )


def test_an_exchange_rate_in_the_data_ranks_it(run: Run, tmp_path: Path) -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["exchange_rates"] = [
        {"currency": "USD", "year": 2025, "yuan": 7.0, "source": "a test rate"}
    ]
    mine = tmp_path / "rates.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rows = run("--data", str(mine), "rank", "--by", "revenue", "--year", "2025", "--json").json()
    lenovo = next(r for r in rows if r["id"] == "lenovo")
    assert lenovo["rank"] is not None
    above = [r for r in rows if r["rank"] is not None and r["rank"] < lenovo["rank"]]
    assert all(r["value"] >= lenovo["value"] * 7.0 for r in above)


def test_companies_sort_by_a_figure(run: Run) -> None:
    rows = run("companies", "--sort", "revenue", "--json").json()
    values = [_latest(c, "revenue") for c in rows]
    currencies = [
        next(i for i in c["indicators"] if i["id"] == "revenue")["currency"] for c in rows
    ]
    in_yuan = [
        v["value"]
        for v, cur in zip(values, currencies, strict=True)
        if v is not None and cur is None
    ]
    assert len(in_yuan) >= 15 and in_yuan == sorted(in_yuan, reverse=True)
    missing = [i for i, v in enumerate(values) if v is None]
    assert missing == list(range(len(values) - len(missing), len(values)))  # last
    assert "Revenue" in run("companies", "--sort", "revenue").stdout


def test_trend_follows_companies(run: Run) -> None:
    data = run("trend", "alibaba", "tencent", "--by", "revenue", "--json").json()
    assert [s["city"]["id"] for s in data["series"]] == ["alibaba", "tencent"]
    assert run("trend", "beijing", "--by", "revenue").exit_code == 2  # a city (ux16 #9)


def test_figures_of_the_wrong_kind_are_refused(run: Run) -> None:
    for args in (["cities", "--sort", "revenue"], ["companies", "--sort", "gdp"]):
        result = run(*args)
        assert result.exit_code == 2 and "is a figure of" in result.stderr


def test_validate_refuses_a_city_figure_on_a_company(run: Run, tmp_path: Path) -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    tencent = next(c for c in data["companies"] if c["id"] == "tencent")
    tencent["observations"].append({"indicator": "gdp", "year": 2024, "value": 1e12, "source": "x"})
    tencent["listed"] = False
    mine = tmp_path / "wrong.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("data", "validate", str(mine))
    assert result.exit_code == 3
    assert "'gdp' is a figure of cities, not of companies" in result.stderr
    assert "a company with listed: false has no listings" in result.stderr


def test_founders_and_listings_cover_most_companies(run: Run) -> None:
    companies = run("companies", "--json").json()
    with_founders = [c for c in companies if c["founders"]]
    with_listing = [c for c in companies if c["listed"] is not None]
    assert len(with_founders) >= 40 and len(with_listing) >= 40
    # issue 11 asks 40 with both; the sources found name founders for 36 (the rest
    # are mostly state groups, founded by no named person on record)
    both = [c for c in with_founders if c in with_listing]
    assert len(both) >= 36


def test_validate_warns_of_a_focus_area_nobody_backs(run: Run, tmp_path: Path) -> None:
    """Issue 11: a hub's focus area should have a company or institution behind it."""
    bundled = run("data", "validate", "--json").json()
    backed = {w["path"] for w in bundled["warnings"]}
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    chengdu = next(i for i, c in enumerate(data["cities"]) if c["id"] == "chengdu")
    for institution in data["cities"][chengdu]["institutions"]:
        institution.pop("focus_areas", None)
    mine = tmp_path / "unbacked.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("data", "validate", str(mine), "--json")
    assert result.exit_code == 0  # a warning, not an error
    new = [w for w in result.json()["warnings"] if w["path"] not in backed]
    it = data["cities"][chengdu]["focus_areas"].index("information-technology")
    assert [w["path"] for w in new] == [f"cities[{chengdu}].focus_areas[{it}]"]
    assert "Chengdu leads in 'information-technology'" in new[0]["message"]
    table = run("data", "validate", str(mine)).stdout
    count = len(result.json()["warnings"])
    noun = "warning" if count == 1 else "warnings"  # ux14: it said '1 warnings'
    assert "⚠" in table and f"\n{count} {noun}: worth a look, not errors" in table
    assert count == 1 or bundled["warnings"]


def _validate(run: Run, tmp_path: Path, change: Any) -> Any:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    mine = tmp_path / "changed.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return run("--no-cache", "--data", str(mine), "data", "validate")


def _observation(data: Any, kind: str, holder: str, indicator: str) -> Any:
    entity = next(x for x in data[kind] if x["id"] == holder)
    return next(o for o in entity["observations"] if o["indicator"] == indicator)


def test_the_data_file_states_its_date_and_rates_once_and_plainly(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux11 #3, #4): 'as_of: yesterday' was valid and lifted the bound
    on years (a made-up 2099 GDP became Shenzhen's latest); two rates for one
    currency and year were valid, and Lenovo ranked 3rd or 10th by which came
    first; 'usd' never met 'USD'; a currency on a population was taken."""
    rate = RATE
    cases: list[tuple[Any, str, str]] = [
        (lambda d: d["meta"].update(as_of="yesterday"), "meta.as_of", "not a date"),
        (lambda d: d["meta"].update(as_of="2026-99-99"), "meta.as_of", "not a date"),
        (lambda d: d["meta"].update(as_of="2026-W48-1"), "meta.as_of", "not a date"),
        # ux12 #10: its line break was shown as a space, a character it does not hold
        (lambda d: d["meta"].update(as_of="2026-11-29\n"), "meta.as_of", "'2026-11-29\\n' is"),
        (
            lambda d: d.update(exchange_rates=[rate, {**rate, "yuan": 1.0}]),
            "exchange_rates[1]",
            "twice",
        ),
        (
            lambda d: d.update(exchange_rates=[{**rate, "currency": "usd"}]),
            "exchange_rates[0].currency",
            "ISO 4217",
        ),
        (
            lambda d: _observation(d, "companies", "lenovo", "revenue").update(currency="usd"),
            ".currency",
            "ISO 4217",
        ),
        (
            lambda d: _observation(d, "cities", "shenzhen", "population").update(currency="USD"),
            ".currency",
            "not money",
        ),
    ]
    for change, where, says in cases:
        result = _validate(run, tmp_path, change)
        assert result.exit_code == 3, (where, result.stdout)
        assert where in result.stderr and says in result.stderr, result.stderr
    assert _validate(run, tmp_path, lambda d: d.update(exchange_rates=[rate])).exit_code == 0


def test_validate_warns_of_a_rate_written_the_wrong_way_round(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux17 #7): dollars per yuan (0.14) for yuan per dollar was valid
    and silent, and ranked Lenovo's revenue at ¥9.67 billion; a Hong Kong dollar
    below one yuan is right, and no warning."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["exchange_rates"] = [{**RATE, "yuan": 0.14}, {**RATE, "currency": "HKD", "yuan": 0.92}]
    mine = tmp_path / "inverted.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("--no-cache", "data", "validate", str(mine), "--json")
    assert result.exit_code == 0, result.stderr  # a warning, not an error
    lines = mine.read_text(encoding="utf-8").splitlines()
    at = 1 + next(i for i, line in enumerate(lines) if line.strip() == "yuan: 0.14")
    # (HKD is in no figure: that has its own warning, on the currency)
    assert [w for w in result.json()["warnings"] if w["path"].endswith(".yuan")] == [
        {
            "path": "exchange_rates[0].yuan",
            "line": at,
            "message": "USD at 0.14 yuan a unit: is it written the wrong way round? "
            "(yuan per one USD)",
        }
    ]


def test_validate_warns_of_a_rate_no_figure_is_in(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux18 #6): a rate for 'XYZ' (any three capitals pass as a code) was
    valid and silent; a mistyped code ('USS' for USD) leaves the figures it was
    meant for unconverted. No figure in that currency: a warning, on its code."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["exchange_rates"] = [RATE, {**RATE, "currency": "USS"}]
    mine = tmp_path / "typo.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("--no-cache", "data", "validate", str(mine), "--json")
    assert result.exit_code == 0, result.stderr
    warnings = result.json()["warnings"]
    assert [(w["path"], w["message"]) for w in warnings] == [
        (
            "exchange_rates[1].currency",
            "no figure of the data is in USS: is the code mistyped? (the currencies "
            "figures are in: USD)",
        )
    ]
    assert warnings[0]["line"] is not None
    # the rate figures are in is no warning
    data["exchange_rates"] = [RATE]
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run("--no-cache", "data", "validate", str(mine), "--json").json()["warnings"] == []


def _add_revenue(data: dict[str, Any], year: int, value: float, **more: Any) -> None:
    lenovo = next(c for c in data["companies"] if c["id"] == "lenovo")
    usd = _observation(data, "companies", "lenovo", "revenue")
    lenovo["observations"].append(
        {**{k: v for k, v in usd.items() if k != "currency"}, "year": year, "value": value, **more}
    )


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        (  # a city's GDP in US dollars was shown, ranked and divided as yuan
            lambda d: _observation(d, "cities", "shenzhen", "gdp").update(currency="USD"),
            ".currency",
            "a city's figures are in yuan",
        ),
        (  # a series in two currencies was drawn and compared on one yuan axis
            lambda d: _add_revenue(d, 2024, 400e9),
            ".currency",
            "in USD (observations[",
        ),
        (
            lambda d: _observation(d, "companies", "lenovo", "revenue").update(currency="CNY"),
            ".currency",
            "a value in yuan has no currency",
        ),
        (
            lambda d: d.update(exchange_rates=[{**RATE, "currency": "CNY"}]),
            "exchange_rates[0].currency",
            "needs no exchange rate",
        ),
        (
            lambda d: d.update(exchange_rates=[{**RATE, "year": 2099}]),
            "exchange_rates[0].year",
            "after the data's as_of year",
        ),
        (  # a rate a hundred times too high ranked Lenovo first at ¥49.75 trillion
            lambda d: d.update(exchange_rates=[{**RATE, "yuan": 720}]),
            ".value",
            "check the rate or the units",
        ),
    ],
)
def test_money_is_in_one_currency_a_figure_and_a_plausible_one_in_yuan(
    run: Run, tmp_path: Path, change: Any, where: str, says: str
) -> None:
    """Fresh eyes (ux12 #1, #6): a city's GDP in US dollars was valid and shown as
    '¥540.00 billion' (and its GDP per person worked out from it); a company's revenue
    in US dollars one year and yuan the next was drawn on one ¥ axis and compared as
    ¥; 'CNY' as a currency or a rate, a rate for 2099, and a rate that made a revenue
    ¥49.75 trillion were all valid."""
    result = _validate(run, tmp_path, change)
    assert result.exit_code == 3, result.stdout
    assert where in result.stderr and says in result.stderr, result.stderr
    assert TRACEBACK not in result.stderr


def _first(data: dict[str, Any], kind: str, field: str) -> dict[str, Any]:
    """The first record of ``kind`` with a ``field`` (a city's policies, titles)."""
    return next(x for x in data[kind] if x.get(field))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: _first(d, "companies", "founded").update(founded=2030), ".founded"),
        (lambda d: _first(d, "cities", "policies")["policies"][0].update(year=2030), ".year"),
        (lambda d: _first(d, "cities", "titles")["titles"][0].update(year=2031), ".year"),
    ],
    ids=["founded", "policy", "title"],
)
def test_no_year_of_the_data_is_after_its_as_of(
    run: Run, tmp_path: Path, change: Any, where: str
) -> None:
    """Fresh eyes (ux13 #5): 'founded: 2030' and a policy of 2030 were valid and
    shown, where the README says no value may be after the data's as_of year (2026)."""
    result = _validate(run, tmp_path, change)
    assert result.exit_code == 3, result.stdout
    assert where in result.stderr and "is after the data's as_of year 2026" in result.stderr


def test_a_derived_figure_is_worked_out_from_yuan_only(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux13 #4): a derived company indicator (revenue per employee) divided
    Lenovo's US$69.10 B by its headcount and showed '¥1.00 M', ranked as yuan. A
    value in another currency derives nothing: the gap shows."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    revenue = next(i for i in data["indicators"] if i["id"] == "revenue")
    data["indicators"].append(
        {
            **{k: v for k, v in revenue.items() if k not in ("id", "name", "name_zh", "aliases")},
            "id": "revenue-per-employee",
            "name": "Revenue per employee",
            "name_zh": "人均营收",
            "aliases": [],
            "plausible": {"low": 1000, "high": 100000000},
            "derived": {"divide": "revenue", "by": "employees", "times": 1, "digits": 0},
        }
    )
    usd = _observation(data, "companies", "lenovo", "revenue")
    lenovo = next(c for c in data["companies"] if c["id"] == "lenovo")
    lenovo["observations"].append(
        {"indicator": "employees", "year": usd["year"], "value": 69000, "source": "a test"}
    )
    mine = tmp_path / "derived.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shown = run("--data", str(mine), "company", "lenovo", "--json").json()
    [line] = [i for i in shown["indicators"] if i["id"] == "revenue-per-employee"]
    assert line["latest"] is None and line["series"] == []
    ranked = run("--data", str(mine), "rank", "--by", "revenue per employee", "--json")
    assert all(r["id"] != "lenovo" or r["value"] is None for r in ranked.json()), ranked.stdout


def test_every_export_keeps_the_exchange_rates(run: Run, tmp_path: Path) -> None:
    """Fresh eyes (ux12 #3): 'export --format sqlite' and the Markdown export left
    out the exchange rates (and CSV had no part for them), so rankings rebuilt from
    an export differed from techhubs' own, without a word."""
    import csv
    import io
    import sqlite3

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["exchange_rates"] = [RATE, {**RATE, "year": 2024, "yuan": 7.19}]
    mine = tmp_path / "fx.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    target = tmp_path / "fx.db"
    assert run("--data", str(mine), "export", "-o", "sqlite", str(target)).exit_code == 0
    db = sqlite3.connect(target)
    rates = db.execute("SELECT currency, year, yuan, source FROM exchange_rates ORDER BY position")
    assert rates.fetchall() == [
        ("USD", 2025, 7.2, "a test rate"),
        ("USD", 2024, 7.19, "a test rate"),
    ]
    part = run("--data", str(mine), "export", "-o", "csv", "--part", "exchange-rates")
    assert part.exit_code == 0, part.stderr
    assert [r["yuan"] for r in csv.DictReader(io.StringIO(part.stdout))] == ["7.2", "7.19"]
    markdown = run("--data", str(mine), "export", "-o", "markdown").stdout
    assert "## exchange_rates" in markdown and "| USD | 2024 | 7.19 | a test rate |" in markdown
    empty = run("export", "-o", "csv", "--part", "exchange-rates")  # the bundled data has none
    assert empty.exit_code == 0 and empty.stdout == "currency,year,yuan,source\n"


def test_a_list_sorted_by_money_says_where_another_currency_goes(run: Run) -> None:
    """Fresh eyes (ux12 #9): 'companies --sort revenue' put Lenovo's US$69.10 B below
    Innovent's ¥9.42 B with no word of why (the data has no rate for it). The fiscal
    years' example is each one shown (ux17 #14: 'FY’26: … Lenovo Group's' beside
    Lenovo's FY’25)."""
    wide = {"COLUMNS": "200", "NO_COLOR": "1"}
    table = " ".join(run("companies", "--sort", "revenue", env=wide).stdout.split())
    assert "FY’25" in table.split("Lenovo Group ", 1)[1].split()[:8]  # its cell
    assert table.endswith(
        "52 companies. Revenue in another currency (Lenovo Group, US$) is sorted at its "
        "year's exchange rate where the data has one, else after the yuan figures. "
        "M million, B billion, T trillion; ’24 = 2024. FY’25, FY’26: fiscal years, each by "
        "the calendar year it ends in (Alibaba Group's and Lenovo Group's end in March), not "
        "the calendar "
        "year's twelve months. Sorted by each one's latest value, of 2024, 2025 and 2026: "
        "techhubs rank --by revenue ranks one year. Sources: techhubs company NAME."
    )
    founded = run("companies", "--sort", "founded", env=wide).stdout
    assert "another currency" not in founded
    # a list with no figure has no source to point to; one with a figure does (ux16 #3)
    assert "Sources:" not in founded


def test_money_in_another_currency_is_judged_in_yuan_at_the_data_s_rate(
    run: Run, tmp_path: Path
) -> None:
    """Round 13 (L4): a value in a small unit (45 trillion yen, ¥2.16 trillion at
    0.048) was refused by the raw number before its rate was looked at, though the
    README says money is judged converted; and 'R&D expense' read 'r&d expense'."""

    def in_yen(data: dict[str, Any], rate: float | None) -> None:
        baidu = next(c for c in data["companies"] if c["id"] == "baidu")
        for o in baidu["observations"]:  # every year: one currency a figure
            if o["indicator"] == "revenue":
                o.update(value=45e12, currency="JPY")
        if rate is not None:
            years = {o["year"] for o in baidu["observations"] if o["indicator"] == "revenue"}
            data["exchange_rates"] = [
                {"currency": "JPY", "year": y, "yuan": rate, "source": "a test rate"}
                for y in sorted(years)
            ]

    assert _validate(run, tmp_path, lambda d: in_yen(d, 0.048)).exit_code == 0
    without = _validate(run, tmp_path, lambda d: in_yen(d, None))
    assert without.exit_code == 3 and "is not a plausible revenue" in without.stderr
    rd = _validate(run, tmp_path, lambda d: _observation(d, "companies", "huawei", "rd-expense")
                   .update(value=1))  # fmt: skip
    assert rd.exit_code == 3 and "not a plausible R&D expense" in rd.stderr


@pytest.mark.parametrize(
    ("query", "company"), [("0700", "tencent"), ("BABA", "alibaba"), ("nasdaq", "baidu")]
)
def test_a_company_is_found_by_its_ticker_and_exchange(
    run: Run, tmp_path: Path, query: str, company: str
) -> None:
    """ux14 #8: 'company tencent' shows 'Shares HKEX 0700', and its miss message
    suggests 'techhubs search 0700', which found nothing: listings were not searched."""
    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    cold = run("search", query, "--json", env=home)
    warm = run("search", query, "--json", env=home)  # from the store
    assert cold.exit_code == 0 and cold.stdout == warm.stdout
    hits = {h["id"]: h for h in cold.json()}
    assert company in hits and hits[company]["matched"] == "listings"


def test_tickers_and_names_are_written_one_way(run: Run) -> None:
    """Fresh eyes (ux15 #14): Innovent's HKEX ticker was '01801' where every other is
    four digits ('0700', '1211'), so a script joining on tickers missed it; and
    Tongwei alone kept its legal ending in its name ('Tongwei Co., Ltd.')."""
    companies = run("companies", "--json").json()
    hkex = [x["ticker"] for c in companies for x in c["listings"] if x["exchange"] == "HKEX"]
    assert hkex and all(len(t) == 4 and t.isdigit() for t in hkex), hkex
    assert not [c["name"] for c in companies if c["name"].endswith(("Ltd.", "Co."))]
    assert run("company", "Tongwei Co., Ltd.", "--json").json()["name"] == "Tongwei"


def test_a_fiscal_year_that_ends_in_march_is_said_to(run: Run) -> None:
    """Fresh eyes (ux15 #8): Alibaba's '2025' is April 2024 to March 2025, JD's is
    calendar 2025, yet compare, rank and trend set them side by side under one year
    with nothing to say so. The company declares the month its fiscal year ends in;
    each of its figures carries the period's end, and every table says 'FY to Mar'."""
    alibaba = run("company", "alibaba", "--json").json()
    assert alibaba["fiscal_year_end_month"] == 3
    revenue = next(i for i in alibaba["indicators"] if i["id"] == "revenue")
    assert [p["period_end"] for p in revenue["series"]] == ["2025-03-31", "2026-03-31"]
    assert run("company", "jd-com", "--json").json()["fiscal_year_end_month"] is None
    rows = {r["id"]: r for r in run("rank", "--by", "revenue", "--year", "2025", "--json").json()}
    assert rows["alibaba"]["period_end"] == "2025-03-31"
    assert rows["lenovo"]["period_end"] == "2025-03-31"
    assert rows["jd-com"]["period_end"] is None
    compared = run("compare", "alibaba", "jd", "--json").json()
    values = next(f for f in compared["figures"] if f["id"] == "revenue")["values"]
    assert values["alibaba"]["period_end"] == "2025-03-31"
    assert values["jd-com"]["period_end"] is None
    # a city's figure is for a calendar year (or a ranking's edition)
    shenzhen = run("city", "shenzhen", "--json").json()
    assert shenzhen["gdp"]["period_end"] is None

    table = run("compare", "alibaba", "jd").stdout
    assert "¥996.35 billion (FY to Mar 2025)" in table
    assert "¥1.31 trillion ▲" in table  # a calendar year is not marked
    ranked = run("rank", "--by", "revenue", "--year", "2025").stdout
    assert "¥996.35 billion (FY2025)" in ranked and "¥1.31 trillion (2025)" in ranked
    assert (
        "FY2025: a fiscal year, by the calendar year it ends in (Alibaba Group's and "
        "Lenovo Group's end in March), not the calendar year's twelve months."
    ) in " ".join(ranked.split())
    # a ranking with no fiscal year says nothing of them
    assert "fiscal" not in run("rank", "--by", "gdp").stdout
    profile = run("company", "alibaba").stdout
    assert "(FY to Mar 2026)" in profile and "FY2025–2026" in profile  # the sparkline's years
    chart = run("trend", "alibaba", "jd", "--by", "revenue").stdout
    assert "Fiscal years (Alibaba Group's ends in March), each drawn at the year it ends in" in (
        " ".join(chart.split())
    )
    assert "JD.com's" not in chart


def test_a_short_fiscal_year_is_explained(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """'FY’25' in a narrow table or a list's cell comes with what it means."""
    monkeypatch.setenv("COLUMNS", "60")
    ranked = run("rank", "--by", "revenue", "--year", "2025").stdout
    assert "¥996.35 B FY’25" in ranked and "¥1.31 T ’25" in ranked
    assert "FY’25: a fiscal year, by the calendar year it ends in" in " ".join(ranked.split())
    listed = run("companies", "--sort", "revenue").stdout
    assert "¥1.02 T FY’26" in listed
    assert "FY’25, FY’26: fiscal years, each by the calendar year it ends in" in " ".join(
        listed.split()
    )
    # a list with no such company says nothing of fiscal years
    assert "FY’" not in run("companies", "--sort", "revenue", "--city", "shenzhen").stdout


# 12 is refused too: a fiscal year that ends in December is the calendar year,
# which is said by leaving the field out (one way to say it, not two)
@pytest.mark.parametrize("month", [0, 12, 13, "March", 3.5])
def test_validate_refuses_a_fiscal_month_that_is_no_month(
    run: Run, tmp_path: Path, month: Any
) -> None:
    def change(data: Any) -> None:
        next(c for c in data["companies"] if c["id"] == "alibaba")["fiscal_year_end_month"] = month

    result = _validate(run, tmp_path, change)
    assert result.exit_code == 3, result.stderr
    assert "fiscal_year_end_month" in result.stderr and TRACEBACK not in result.stderr
    if month == 12:  # review (round17): and what to write for December
        assert "12 is out of range (1 to 11; for December, leave it out)" in result.stderr
    elif isinstance(month, int):  # (round18: only for December)
        assert f"{month} is out of range (1 to 11)" in result.stderr


def test_a_period_ends_on_the_month_s_last_day() -> None:
    from techhubs.core.entities import period_end

    assert period_end(2025, 3) == "2025-03-31"
    assert period_end(2024, 2) == "2024-02-29" and period_end(2025, 2) == "2025-02-28"
    assert period_end(2025, 6) == "2025-06-30"
    assert period_end(2025, None) is None


def test_a_line_that_ends_early_says_when(run: Run) -> None:
    """Fresh eyes (ux15 #17): Tencent's one point (2024) sat at the bottom left, but
    its label '■ Tencent ¥660.26 B' was drawn at the right edge, under 2026, as if
    a line ran there. A label says its value's year when the chart goes on past it."""
    chart = run("trend", "alibaba", "tencent", "--by", "revenue").stdout
    assert "■ Tencent ¥660.26 B (2024)" in chart
    assert "● Alibaba Group ¥1.02 T\n" in chart or "● Alibaba Group ¥1.02 T " in chart
    assert "Alibaba Group ¥1.02 T (" not in chart


def test_a_fiscal_year_stays_one_through_growth_ratios_and_fields(run: Run, tmp_path: Path) -> None:
    """Review (round16): the fiscal year was lost where a figure is worked out — a
    growth between Alibaba's fiscal years read '2.74% (2025–26)' with period_end
    null, a ratio of two fiscal figures '5.72% (2025)' beside 'FY to Mar 2025' —
    and where --fields draws a table (trend's year 'alibaba 2025', rank's 'FY2026'
    with no line to say what it is)."""
    growth = ("rank", "--by", "revenue", "--growth", "--since", "2025", "--year", "2026")
    row = next(r for r in run(*growth, "--json").json() if r["id"] == "alibaba")
    assert row["period_end"] == "2026-03-31"
    assert "2.74% (FY2025–26)" in run(*growth).stdout

    def share(data: Any) -> None:
        data["indicators"].append(
            {
                "id": "rd-to-revenue", "name": "R&D to revenue", "name_zh": "研发营收比",
                "aliases": [], "unit": "percent", "description": "R&D over revenue.",
                "higher_is_better": True, "applies_to": "companies",
                "plausible": {"low": 0, "high": 100},
                "derived": {"divide": "rd-expense", "by": "revenue", "times": 100, "digits": 2},
            }
        )  # fmt: skip
        alibaba = next(c for c in data["companies"] if c["id"] == "alibaba")
        alibaba["observations"].append(
            {"indicator": "rd-expense", "year": 2025, "value": 57e9, "source": "a test"}
        )

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    share(data)
    mine = tmp_path / "share.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    alibaba = run("--no-cache", "--data", str(mine), "company", "alibaba", "--json").json()
    ratio = next(i for i in alibaba["indicators"] if i["id"] == "rd-to-revenue")["latest"]
    assert (ratio["year"], ratio["period_end"]) == (2025, "2025-03-31")

    wide = {"COLUMNS": "100"}
    trend = run(
        "trend", "alibaba", "jd", "--by", "revenue", "--fields", "city,year,value", env=wide
    )
    assert "alibaba   FY2025" in trend.stdout and "jd-com    2025 " in trend.stdout
    assert "FY2025, FY2026: fiscal years" in trend.stdout  # each year its rows show
    ranked = run(
        "rank", "--by", "revenue", "--year", "2026", "--fields", "name,value,year", env=wide
    )
    assert "(FY2026)" in ranked.stdout and "(FY2025)" in ranked.stdout  # Lenovo's, beside
    assert "FY2025, FY2026: fiscal years" in ranked.stdout
    # a ranking whose fields show no year or value says nothing of fiscal years
    names = run("rank", "--by", "revenue", "--year", "2026", "--fields", "name", env=wide)
    assert "fiscal" not in names.stdout


def test_a_comparison_says_its_years_are_not_the_same_twelve_months(run: Run) -> None:
    """Review (round16): 'compare alibaba jd' set Alibaba's April 2024 to March 2025
    against JD's calendar 2025 and marked JD best, saying nothing of it but the
    label. The caption says a row's years are each company's own."""
    caption = " ".join(run("compare", "alibaba", "jd").stdout.split())
    assert (
        "A row's year is each company's own fiscal year (Alibaba Group's ends in March): "
        "not the same twelve months for all."
    ) in caption
    assert "twelve months" not in run("compare", "tencent", "jd").stdout


def test_a_figure_beside_a_missing_value_keeps_its_fiscal_year(run: Run) -> None:
    """Review (round17): in a ranking's --fields table, Alibaba's 'newer.year' (its
    fiscal 2025, to March) read a bare '2025', and a table of only such cells
    said nothing of fiscal years; the row's own year cell already said 'FY'."""
    wide = {"COLUMNS": "100"}
    table = run(
        "rank", "--by", "revenue", "--year", "2022", "--fields", "name,newer.year", env=wide
    ).stdout
    assert re.search(r"Alibaba Group +FY2025\n", table)
    assert "FY2025: a fiscal year, by the calendar year it ends in" in " ".join(table.split())
    row = next(
        r
        for r in run("rank", "--by", "revenue", "--year", "2022", "--json").json()
        if r["id"] == "alibaba"
    )
    assert (row["newer"]["year"], row["newer"]["period_end"]) == (2025, "2025-03-31")
    # a calendar year beside a missing value stays bare, with nothing to explain
    baidu = run(
        "rank", "--by", "revenue", "--year", "2022", "--fields", "name,newer.year", env=wide
    ).stdout
    assert re.search(r"Baidu +2024\n", baidu)


def test_a_profile_names_a_fiscal_figure_s_source_by_its_fiscal_year(run: Run) -> None:
    """Review (round16 #5, round17): Alibaba's profile read 'Revenue 2026: …' under a
    row saying 'FY to Mar 2026'; a source line says the year as the row does."""
    profile = " ".join(run("company", "alibaba", env={"COLUMNS": "100"}).stdout.split())
    assert "• Revenue FY to Mar 2026: Alibaba Group Holding Ltd" in profile
    assert "Revenue 2026:" not in profile
    calendar = " ".join(run("company", "jd", env={"COLUMNS": "100"}).stdout.split())
    assert "• Revenue 2025: JD.com" in calendar


def test_a_fields_table_explains_only_the_fiscal_labels_it_shows(run: Run) -> None:
    """Review (round18 #2): 'rank --by revenue --year 2025 --fields name,newer.year'
    had an empty column in all 52 rows and still ended with 'FY2025: a fiscal
    year…'; and a growth's 'since' cell read a bare 2025 beside 'FY2026'."""
    wide = {"COLUMNS": "100"}

    def table(*args: str) -> str:
        return run("rank", "--by", "revenue", *args, env=wide).stdout

    assert "fiscal year" not in table("--year", "2025", "--fields", "name,newer.year")
    assert "fiscal year" not in table("--year", "2025", "--fields", "name,older.value")
    assert "FY2025: a fiscal year" in table("--year", "2025", "--fields", "name,year")
    grown = table("--growth", "--since", "2025", "--year", "2026", "--fields", "name,since,year")
    assert re.search(r"Alibaba Group +FY2025 +FY2026\n", grown)
    assert "FY2025: a fiscal year" in grown or "FY2026: a fiscal year" in grown


_SCALE = r"(?:K|M|B|T|thousand|million|billion|trillion)"


def test_money_converted_is_never_split_from_its_scale(run: Run, tmp_path: Path) -> None:
    """round19 L3: at 30 to 40 columns 'US$69.10 B FY’25 ≈ ¥496.72' ended a line and
    its 'B' began the next (rank, and the company profile at 40): Rich breaks a
    line at any space, between a number and its scale too. Every width from the
    narrowest laid out (30) to 81, the data read once (one cache for all)."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["exchange_rates"] = [RATE]
    mine = tmp_path / "rates.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for width in range(30, 82, 3):
        _never_split(run, mine, width, {"XDG_CACHE_HOME": str(tmp_path / "cache")})


def _never_split(run: Run, mine: Path, width: int, env: dict[str, str]) -> None:
    env = {**env, "COLUMNS": str(width)}
    for args in (
        ["rank", "--by", "revenue", "--year", "2025", "--limit", "3"],
        ["company", "lenovo"],
        ["companies", "--sort", "revenue", "--city", "beijing", "--limit", "3"],
    ):
        result = run("--data", str(mine), *args, env=env)
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert all(len(line) <= width for line in lines), (width, args)
        # the converted value whole on one line, '≈' with it
        approx = [line for line in lines if "≈" in line]
        assert approx, args
        for line in approx:
            assert re.search(rf"≈ ¥[\d.,]+ {_SCALE}(?:\W|$)", line), (args, line)
        for line, after in itertools.pairwise(lines):
            bare = re.sub(r"[│ ]+$", "", line)
            begins = re.sub(r"^[│ ]+", "", after)
            assert not (re.search(r"\d$", bare) and re.match(rf"{_SCALE}\b", begins)), (
                width,
                args,
                line,
                after,
            )
