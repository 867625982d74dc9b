"""Rich renderings: profiles, tables and comparisons for people.

Each function takes records of the JSON contract (techhubs.output.records), not
models, so what a person sees is exactly what a script gets, and a lookup
served ready-made from the record store renders without loading the dataset.
Each returns a renderable and prints nothing.
Every string from the data goes through :func:`_t`, which builds a literal
``Text`` with control characters made visible, so neither Rich markup nor
terminal escape sequences hidden in a data file are ever interpreted.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.containers import Lines
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from techhubs.core.growth import YUAN_CODE, Rates, later_is_nearer, to_yuan
from techhubs.output.plain import flatten
from techhubs.text import counted, printable

if TYPE_CHECKING:
    from techhubs.core.search import HitRecord
    from techhubs.output.answers import (
        MapRecord,
        OverviewRecord,
        RankRecord,
        Record,
        RefRecord,
        SimilarRecord,
    )

STATUS_STYLE = {"established": "green", "emerging": "yellow"}


def _t(value: object, style: str = "") -> Text:
    """Literal text: never parsed as markup; control characters shown escaped."""
    return Text(printable(value, limit=None), style=style)


#: What a number may be written with after a space ('¥496.72 B', '21 million'):
#: a line never breaks before it (see :class:`Held`).
_SCALE_WORDS = frozenset(("K", "M", "B", "T", "thousand", "million", "billion", "trillion"))
#: Stands for a space a line may not break at while Rich wraps: a private-use
#: character, one cell wide and no whitespace to Rich (a no-break space is).
_GLUE = "\ue000"


def _glued(plain: str) -> str:
    """``plain`` with each space a line must not break at as :data:`_GLUE`: between a
    number and its scale ('¥496.72 B'), and after '≈' ('≈ ¥496.72')."""
    if " " not in plain:
        return plain
    words = plain.split(" ")
    out = [words[0]]
    for before, word in itertools.pairwise(words):
        held = before == "≈" or (word in _SCALE_WORDS and before[-1:].isdigit())
        out.extend((_GLUE if held else " ", word))
    return "".join(out)


class Held(Text):
    """Text that Rich wraps without parting a number from its scale or '≈' from the
    value it precedes: at 30 columns '≈ ¥496.72 B' broke before its 'B'.

    Rich breaks a line at any whitespace, a no-break space too, so the spaces
    that must hold are made a character that is none while it wraps, and spaces
    again in the lines it returns. Only the text's wrapping changes: it holds
    plain spaces, and what copies it copies them."""

    @classmethod
    def of(cls, text: Text) -> Held:
        held = cls(
            text.plain,
            style=text.style,
            justify=text.justify,
            overflow=text.overflow,
            no_wrap=text.no_wrap,
            end=text.end,
            tab_size=text.tab_size,
        )
        held.spans = list(text.spans)
        return held

    def _glued(self) -> Text:
        """A plain Text of the same length and spans, its holding spaces glued."""
        glued = self.copy()
        glued.plain = _glued(self.plain)
        return glued

    def wrap(self, console: Console, width: int, **how: Any) -> Lines:
        glued, soft = _hyphens_break(self._glued(), width)
        lines = glued.wrap(console, width, **how)
        for i, line in enumerate(lines):
            line.plain = line.plain.replace(_GLUE, " ")
            if soft and _SOFT in line.plain:
                lines[i] = _without(line, _SOFT)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._glued())


#: A break a word longer than its line may take after a hyphen, while Rich wraps
#: it (whitespace to Rich; gone from the lines it returns): a punctuation space.
_SOFT = "\u2008"


def _hyphens_break(text: Text, width: int) -> tuple[Text, bool]:
    """``text`` with a :data:`_SOFT` break after each hyphen inside a word wider
    than ``width``, and whether it has any: Rich breaks only at whitespace, and
    folded 'Economic-Technologic' / 'al' where 'Economic-' / 'Technological' reads."""
    from rich.cells import cell_len

    plain = text.plain
    if "-" not in plain or _SOFT in plain:
        return text, False
    cuts: list[int] = []
    for found in re.finditer(r"\S+", plain):  # a line's end parts words as a space does
        word = found.group()
        if "-" in word.strip("-") and cell_len(word) > width:
            cuts += [found.start() + j + 1 for j, ch in enumerate(word[:-1]) if ch == "-"]
    if not cuts:
        return text, False
    return Text(_SOFT).join(text.divide(cuts)), True


def _without(line: Text, char: str) -> Text:
    """``line`` without any ``char``, its styles kept."""
    at = [i for i, ch in enumerate(line.plain) if ch == char]
    parts = line.divide(sorted({*at, *(i + 1 for i in at)}))
    return Text("").join(part for part in parts if part.plain != char)


def _held(cell: RenderableType) -> RenderableType:
    """A cell a line may wrap in, drawn as :class:`Held` (other renderables as they are)."""
    return Held.of(cell) if type(cell) is Text else cell


def _join(values: Iterable[str], sep: str = ", ") -> Text:
    return _t(sep.join(values) or "—")


# -- numbers -------------------------------------------------------------------


_SCALES = ((1e12, "trillion", "T"), (1e9, "billion", "B"), (1e6, "million", "M"))


_CURRENCY_SIGNS = {YUAN_CODE: "¥", "USD": "US$", "HKD": "HK$", "EUR": "€"}

#: Whether what is drawn goes to a stream that cannot carry UTF-8
#: (PYTHONIOENCODING=ascii, a locale of another encoding), where '¥' and '█'
#: would each print as '?': money then names its currency by its code ('CNY 5.39
#: trillion'), and bars and sparklines are drawn in ASCII. Set only while
#: techhubs.output.console draws for such a stream.
ASCII = False


#: What the short forms of a narrow cell mean ('¥2.19 T ’24'), said wherever they are used.
SHORT_FORMS = "M million, B billion, T trillion; ’24 = 2024."


def human_number(
    value: float, unit: str = "", compact: bool = False, currency: str | None = None
) -> str:
    """The one number formatter, by unit: 21832000 persons -> '21.83 million' (compact:
    '21.83 M'); 4.98e12 yuan -> '¥4.98 trillion' (in another ``currency``: 'US$69.10
    billion'); 6.58 percent -> '6.58%'; a rank -> '#3'."""
    if unit == "percent":
        return f"{_half_up(value, 2):,.2f}%"
    if unit == "rank":
        return f"#{value:,.0f}"
    if unit == "per-10k":
        return f"{_half_up(value, 1):,.1f}"
    sign = _signed(currency or YUAN_CODE) if unit == "yuan" else ""
    for size, word, short in _SCALES:
        # the largest scale the number reaches, or would reach as written one
        # scale down (999.999 billion is '1.00 trillion', never '1,000.00
        # billion'; 996.35 billion stays billions)
        # (below a million a number is written whole: 999,999 stays 999,999)
        near = size * 0.999995 if size > 1e6 else size - 0.5
        if abs(value) >= near:
            return f"{sign}{_half_up(value / size, 2):,.2f} {short if compact else word}"
    return f"{sign}{value:,.0f}"


def _half_up(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` decimals half up as it is written (136.95 ->
    137.0), where formatting rounds the binary double, 136.9499…, down. The
    decimal module would do it, but importing it costs a table command 8 ms."""
    written = repr(value)
    whole, dot, decimals = written.partition(".")
    if not dot or "e" in written or len(decimals) <= digits:
        return value
    units = int(whole + decimals[:digits])
    if decimals[digits] >= "5":
        units += -1 if written.startswith("-") else 1
    return round(units * 10.0**-digits, digits)


_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov")
_MONTH_NAMES = (
    *("", "January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November"),
)


def year_label(year: int, period_end: str | None = None, style: str = "full") -> str:
    """'2025' ('’25' when ``style`` is 'short'), or, for a company's fiscal year
    that ends before December, 'FY to Mar 2025' ('FY2025' plain, 'FY’25' short):
    Alibaba's 2025 is April 2024 to March 2025, and a bare year would set it
    beside a calendar 2025 as its equal. A table with no room for the month says
    it once, under the rows (:func:`fiscal_note`)."""
    if not period_end:
        return f"’{year % 100:02d}" if style == "short" else str(year)
    if style == "short":
        return f"FY’{year % 100:02d}"
    if style == "plain":
        return f"FY{year}"
    return f"FY to {_MONTHS[int(period_end[5:7])]} {year}"


def fiscal_note(named: Iterable[tuple[str, str | None]], short: bool = False) -> str:
    """'FY2025: a fiscal year, by the calendar year it ends in (Alibaba Group's and
    Lenovo Group's end in March), not the calendar year's twelve months.' for the
    (name, period_end) pairs of a table's figures ('FY’25' when ``short``), '' when
    none is a fiscal year: what a plain or short label leaves out. Its example is
    the fiscal year shown, or each one shown ('FY’25, FY’26: fiscal years, …'):
    one year beside two names whose cells read two years said one was wrong."""
    whose, years = _fiscal_years(named)
    if not whose:
        return ""
    samples = ", ".join(
        year_label(year, f"{year:04d}-01-01", "short" if short else "plain") for year in years
    )
    what = "a fiscal year," if len(years) == 1 else "fiscal years, each"
    return (
        f"{samples}: {what} by the calendar year it ends in ({'; '.join(whose)}), "
        "not the calendar year's twelve months."
    )


def _fiscal_years(named: Iterable[tuple[str, str | None]]) -> tuple[list[str], list[int]]:
    """Whose fiscal years end when ("Alibaba Group's and Lenovo Group's end in
    March"), from (name, period_end) pairs, and the fiscal years seen, in order."""
    months: dict[int, list[str]] = {}
    years: set[int] = set()
    for name, ends in named:
        if ends:
            years.add(int(ends[:4]))
            if name not in months.setdefault(int(ends[5:7]), []):
                months[int(ends[5:7])].append(name)
    whose = [
        _and([name + "'s" for name in names])
        + (" ends in " if len(names) == 1 else " end in ")
        + _MONTH_NAMES[month]
        for month, names in sorted(months.items())
        if names
    ]
    return whose, sorted(years)


def _and(words: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def figure_text(value: Record | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{human_number(value['value'], unit)} ({value['year']})"


# -- city ------------------------------------------------------------------------


def _heading(city: Record) -> Text:
    heading = Text()
    heading.append_text(_t(city["name"], "bold cyan"))
    heading.append("  ")
    heading.append_text(_t(city["name_zh"], "bold"))
    heading.append(" · ")
    heading.append_text(_t(city["pinyin"], "italic"))
    return heading


def _names(refs: Iterable[RefRecord | Record]) -> list[str]:
    return [r["name"] for r in refs]


def _facts(rows: Sequence[tuple[str, RenderableType]]) -> Responsive:
    """Labels beside their values; where a value's longest word would not fit
    beside the longest label, each value under its label."""
    from rich.cells import cell_len

    def build(width: int) -> RenderableType:
        label = max((cell_len(label) for label, _ in rows), default=0)
        word = _longest_word(_plain(value) for _, value in rows)
        grid = Table.grid(padding=(0, 2))
        if label + 2 + word > width:
            grid.add_column(overflow="fold")
            for name, value in rows:
                grid.add_row(_t(name, "bold"))
                grid.add_row(Padding(value, (0, 0, 0, 2)))
            return grid
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in rows:
            grid.add_row(name, value)
        return grid

    return Responsive(build)


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(""), Text(title, style="bold underline"), body)


def _company_names(city: Record, relation: str) -> list[str]:
    return [c["name"] for c in city["companies"] if c["relation"] == relation]


#: The widest prose is set, however wide the terminal: lines of 200 characters
#: are hard to follow back to their start.
MEASURE = 100


def readable(renderable: RenderableType, width: int = MEASURE) -> RenderableType:
    """``renderable`` at most ``width`` columns wide (narrower terminals narrow it)."""
    from rich.constrain import Constrain

    return Constrain(renderable, width)


def _panel(title: Text, parts: Sequence[RenderableType]) -> Responsive:
    """A profile's panel, its title in the top edge; where the edge is too short
    for the whole name (Rich would cut it), the name opens the panel instead."""
    from rich.cells import cell_len

    def build(width: int) -> Panel:
        if cell_len(title.plain) + 6 <= width:
            return Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED)
        return Panel(Group(title, Text(""), *parts), box=box.ROUNDED)

    return Responsive(build)


def city_profile(city: Record) -> Responsive:
    """A city's whole profile in one panel."""
    status = _t(city["status"], STATUS_STYLE.get(city["status"], ""))
    if city.get("status_basis"):
        status.append("\n")
        status.append_text(_t(city["status_basis"], "dim"))
    province = city["province"]
    where = "municipality" if province == "municipality" else f"{province} province"
    facts: list[tuple[str, RenderableType]] = [
        ("Status", status),
        ("Region", _t(f"{city['region']} · {where}")),
        ("Population", _t(figure_text(city["population"]))),
        ("GDP", _t(figure_text(city["gdp"], "yuan"))),
        ("GDP per person", _t(figure_text(city["gdp_per_capita"], "yuan"))),
        ("Also called", _join(city["aliases"])),
    ]
    parts: list[RenderableType] = [_t(city["headline"], "italic"), Text(""), _facts(facts)]
    if city["nicknames"]:
        nick = Table.grid(padding=(0, 1))
        nick.add_column()
        nick.add_column(overflow="fold")  # Rich's wrap of CJK can overshoot: never cut
        for n in city["nicknames"]:
            label = _t(f"“{n['name']}”", "bold")
            if n.get("name_zh"):
                label.append_text(_t(f" {n['name_zh']}"))
            target = "" if n["refers_to"] == city["name"] else f"  ({n['refers_to']})"
            label.append_text(_t(target, "dim"))
            if n.get("note"):
                label.append_text(_t(f" {n['note']}", "dim"))
            nick.add_row(Text("•"), label)
        parts.append(_section("Nicknames", nick))
    if city.get("titles"):
        titles = (
            f"{t['name']} ({t['name_zh']})"
            + "".join(f", {x}" for x in (t["year"], t["granted_by"]) if x)
            for t in city["titles"]
        )
        parts.append(_section("Official titles", _join(titles, "; ")))
    parts.append(_section("Summary", _t(city["summary"])))
    if city["districts"]:
        district_columns = [
            Column("District", 0, wraps=True),
            Column("Known for", 0, wraps=True, weight=2.5),
        ]
        districts = []
        for d in city["districts"]:
            name = _t(d["name"], "bold")
            name.append("\n")
            name.append_text(_t(d["name_zh"]))
            districts.append([name, _t(d["description"])])
        parts.append(_section("Districts", _inner(district_columns, districts)))
    companies = _facts(
        [
            ("Headquartered here", _join(_company_names(city, "headquarters"))),
            ("Major operations", _join(_company_names(city, "operations"))),
        ]
    )
    parts.append(_section("Companies", companies))
    parts.append(_section("Focus areas", _join(_names(city["focus_areas"]))))
    if city["institutions"]:
        institutions = (f"{i['name']} ({i['name_zh']})" for i in city["institutions"])
        parts.append(_section("Institutions", _join(institutions, "; ")))
    if city["policies"]:
        policy_columns = [  # a profile keeps every column: stacked, if need be
            Column("Policy", 0, wraps=True, style="bold"),
            Column("Year", 0),
            Column("What it brought", 0, wraps=True, weight=1.5),
        ]
        policies = [
            [_t(p["name"]), _t(p["year"] or "—"), _t(p["description"])] for p in city["policies"]
        ]
        parts.append(_section("Policies", _inner(policy_columns, policies)))
    if city.get("landmarks"):
        sights = Table.grid(padding=(0, 1))
        sights.add_column()
        sights.add_column(overflow="fold")
        for mark in city["landmarks"]:
            label = _t(f"{mark['name']} ({mark['name_zh']}): ", "bold")
            label.append_text(_t(mark["description"]))
            sights.add_row(Text("•"), label)
        parts.append(_section("Landmarks", sights))
    measured = [i for i in city.get("indicators", []) if i["latest"] is not None]
    if measured:
        parts.append(_section("Figures over time", _indicator_rows(measured)))
    sources = list(city["sources"])
    for indicator in measured:
        latest = indicator["latest"]
        if not latest["source"].startswith("derived:"):
            sources.append(f"{indicator['name']} {latest['year']}: {latest['source']}")
    parts.append(_section("Sources", Group(*_bullets(sources))))
    return _panel(_heading(city), parts)


_SPARKS = "▁▂▃▄▅▆▇█"
#: The same eight steps in ASCII (:data:`ASCII`).
_ASCII_SPARKS = "_.-:=+*#"
#: Between the last year of a series as first published and the first year of its
#: revised one (an indicator's ``comparable_from``): the two are not one line.
BREAK = "╎"


def sparkline(
    points: Sequence[Record], upside_down: bool = False, comparable_from: int | None = None
) -> str:
    """A year a character, low to high in eighths; a missing year is a space.

    With ``upside_down`` (ranks, where 1 is first) a better rank is higher. A
    series that spans ``comparable_from`` has :data:`BREAK` before that year:
    the jump there may be a revision, not a change.
    """
    if not points:
        return ""
    by_year = {p["year"]: p["value"] for p in points}
    low, high = min(by_year.values()), max(by_year.values())
    span = (high - low) or 1
    sparks = _ASCII_SPARKS if ASCII else _SPARKS
    chars = []
    for year in range(min(by_year), max(by_year) + 1):
        if year == comparable_from and year > min(by_year):
            chars.append(BREAK)
        if year not in by_year:
            chars.append(" ")
            continue
        share = (by_year[year] - low) / span
        if upside_down:
            share = 1 - share
        chars.append(sparks[round(share * (len(sparks) - 1))] if high != low else sparks[3])
    return "".join(chars)


def _inner(columns: Sequence[Column], rows: Sequence[Sequence[Text]]) -> Responsive:
    """A table inside a profile, fitted to the panel as the lists are to the terminal."""
    return Responsive(lambda width: fitted(None, columns, rows, width, frame=INNER))


def _indicator_rows(indicators: Sequence[Record], rates: Rates | None = None) -> RenderableType:
    """Each indicator's latest value with its year (money in another currency with
    its value in yuan at ``rates``, as a ranking gives it), and its series as a
    sparkline; a note under them when a sparkline shows where its series was
    revised, or draws a rank (turned over, as trend draws one: up is better)."""
    columns = [
        Column("Indicator", 0, wraps=True),
        Column("Latest", 1, justify="right"),
        Column("Over the years", 2),
    ]
    rows: list[list[Text]] = []
    broken = turned = False
    for indicator in indicators:
        latest, series = indicator["latest"], indicator["series"]
        unit, currency = indicator["unit"], indicator["currency"]
        turned = turned or (unit == "rank" and len(series) > 1)
        fy = "FY" if series and series[-1].get("period_end") else ""  # as its value says
        years = f"{fy}{series[0]['year']}–{series[-1]['year']}" if len(series) > 1 else ""
        line = sparkline(series, unit == "rank", indicator.get("comparable_from"))
        broken = broken or BREAK in line
        trend = Text(line, style="green")
        if years:
            trend.append(f" {years}", style="dim")
        rows.append(
            [
                _t(indicator["name"]),
                _t(
                    f"{human_number(latest['value'], unit, True, currency)} "
                    f"({year_label(latest['year'], latest.get('period_end'))})"
                    f"{_in_yuan(indicator, rates, narrow=True)}"
                ),
                trend,
            ]
        )
    table = _inner(columns, rows)
    if not broken and not turned:
        return table
    said = [
        *([f"{BREAK} a revision: the years before it are not comparable with later ones "
           "('techhubs indicators' says why)."] if broken else []),
        *(["A rank's line is turned over: up is better (#1 is first)."] if turned else []),
    ]  # fmt: skip
    note = _t(" ".join(said), "dim")

    def build(width: int) -> RenderableType:
        # the note explains a mark in the sparklines: not drawn when they are not
        if not _shows_column(columns, rows, width, 2):
            return table
        return Group(table, note)

    return Responsive(build)


def compact_figure(value: Record | None, unit: str = "") -> Text:
    """'21.83 M ’24': a figure short enough for a table column, year kept."""
    if value is None:
        return Text("—")
    text = Text(human_number(value["value"], unit, compact=True))
    text.append(f" ’{value['year'] % 100:02d}", style="dim")
    return text


class Responsive:
    """A renderable built for the width it is given: narrow terminals drop columns."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


class Bulleted:
    """A list item whose wrapped lines start under its first word, not under the
    bullet, as the nicknames' and landmarks' grids have them: a long source stays
    one visible item. (A grid would measure every cell; a list of sources has no
    other column to align with.)"""

    def __init__(self, text: Text, bullet: str = "•") -> None:
        self.text = text
        self.bullet = bullet

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len

        indent = cell_len(self.bullet) + 1
        lines = self.text.wrap(console, max(1, options.max_width - indent))
        for i, line in enumerate(lines):
            head = Text(f"{self.bullet} " if i == 0 else " " * indent, style=self.text.style)
            head.append_text(line)
            yield head


def _bullets(items: Iterable[str], style: str = "dim") -> list[RenderableType]:
    return [Bulleted(_t(item, style)) for item in items]


def _areas_first(refs: Sequence[RefRecord | Record], first: Sequence[str]) -> list[str]:
    """Focus area names, the ones a list was filtered by first: the field the reader
    asked about is the one a narrow column must not cut off."""
    return _names(sorted(refs, key=lambda r: r["id"] not in first))


def _leads_in(refs: Sequence[RefRecord | Record], asked: Sequence[str]) -> Text:
    """'Artificial intelligence +4': the focus areas asked about, never cut."""
    names = [r["name"] for r in refs if r["id"] in asked]
    more = len(refs) - len(names)
    return _t(", ".join(names) + (f" +{more}" if more else ""))


def cities_table(
    cities: Sequence[Record],
    total: int,
    title: str = "China's technology hubs",
    areas: Sequence[str] = (),
    matched: int | None = None,
    figure: str | None = None,
) -> Responsive:
    """The hubs, one a row; at narrow widths the least needed columns go first.
    ``areas`` are the focus-area ids the list was filtered by: that column then
    comes next to the name, shows the areas asked about whole, and stays. Sorted
    by a ``figure`` (an indicator's id) the table has no column of, it shows it."""
    status = Column("Status", 4 if areas else 3)
    population = Column("Population", 3 if areas else 2, justify="right")
    gdp = Column("GDP", 2 if areas else 1, justify="right")
    companies = Column("Cos.", 5, justify="right")
    # Filtered: the areas asked about stay on one line; other columns give way.
    leads = Column("Leads in", 1 if areas else 4, wraps=not areas)
    columns = [Column("City", 0), status, population, gdp, companies, leads]
    if areas:
        columns.insert(1, columns.pop())
    shown = None
    if figure not in (None, "population", "gdp") and cities:
        shown = next((i for i in cities[0]["indicators"] if i["id"] == figure), None)
    if shown is not None:  # what the hubs were sorted by, beside the name
        columns.insert(1, Column(shown["name"], 0, justify="right"))
    rows: list[list[Text]] = []
    for c in cities:
        cells = {
            "City": _city_label(c),
            "Status": _t(c["status"], STATUS_STYLE.get(c["status"], "")),
            "Population": compact_figure(c["population"]),
            "GDP": compact_figure(c["gdp"], "yuan"),
            "Cos.": _t(len(c["companies"])),
            # The areas asked about, or the first two: whole, and how many more.
            "Leads in": _leads_in(
                c["focus_areas"], areas or [a["id"] for a in c["focus_areas"][:2]]
            ),
        }
        if shown is not None:
            cells[shown["name"]] = _latest(next(i for i in c["indicators"] if i["id"] == figure))
        rows.append([cells[column.header] for column in columns])
    caption = Text(
        f"{_counted(len(cities), matched, total, 'hubs')}. {SHORT_FORMS}\n"
        f"{_years_apart(cities, figure)}Sources: techhubs city NAME.",
        style="table.caption",
    )
    return Responsive(lambda width: fitted(title, columns, rows, width, caption))


def _years_apart(holders: Sequence[Record], figure: str | None) -> str:
    """A line for a list sorted by a figure whose values are of different years
    (Xi'an's GDP of 2025 above Hefei's of 2024, where 'rank' puts Hefei first
    for 2024): '' when they share a year, or the list is not sorted by one."""
    if figure is None:
        return ""
    years: set[int] = set()
    for h in holders:
        held = h.get(figure) if figure in ("population", "gdp") else None
        series = next((i for i in h.get("indicators", ()) if i["id"] == figure), None)
        held = held if held is not None or series is None else series["latest"]
        if isinstance(held, Mapping) and held.get("year") is not None:
            years.add(held["year"])
    if len(years) < 2:
        return ""
    shown = _and([str(year) for year in sorted(years)])
    return (
        f"Sorted by each one's latest value, of {shown}: "
        f"techhubs rank --by {figure} ranks one year.\n"
    )


def _latest(series: Record, rates: Rates | None = None) -> Text:
    """An indicator's latest value in a list's cell: '¥2.19 T ’24', or a dash; money
    in another currency with its value in yuan at ``rates``, as a list sorted by it
    places it ('US$69.10 B FY’25 ≈ ¥496.72 B')."""
    latest = series["latest"]
    if latest is None:
        return Text("—")
    number = human_number(latest["value"], series["unit"], True, series["currency"])
    label = year_label(latest["year"], latest.get("period_end"), "short")
    return _t(f"{number} {label}{_in_yuan(series, rates, narrow=True)}")


def _rate_of(series: Record, rates: Rates | None) -> Record | None:
    """The rate an indicator's latest value in another currency converts at, as a
    ranking's ``exchange_rate`` gives it; None for yuan, or without a rate."""
    latest, currency = series["latest"], series.get("currency")
    rate = None if latest is None or not currency else (rates or {}).get((currency, latest["year"]))
    if rate is None:
        return None
    return rate.record(currency, latest["year"])


def _in_yuan(series: Record, rates: Rates | None, narrow: bool) -> str:
    """' ≈ ¥496.72 B': an indicator's latest value in another currency in yuan at
    its year's rate (what a list is sorted by); '' for yuan, or without a rate."""
    rate = _rate_of(series, rates)
    if rate is None:
        return ""
    value = to_yuan(series["latest"]["value"], rate["currency"], rate["year"], rates or {})
    return "" if value is None else _approx(value, series["unit"], narrow)


def _approx(value: float, unit: str, narrow: bool) -> str:
    """' ≈ ¥496.72 billion' (' ≈ ¥496.72 B' when ``narrow``): money converted to yuan,
    written after the value it converts."""
    return f" ≈ {human_number(value, unit, compact=narrow)}"


def _counted(shown: int, matched: int | None, total: int | None, what: str) -> str:
    """'4 of 12 hubs'; cut by --limit, '2 of 4 hubs (of 12)': the count is always true."""
    matched = shown if matched is None else matched
    if shown < matched:
        return f"{shown} of {matched} {what}" + (
            f" (of {total})" if total and total != matched else ""
        )
    if total is not None:
        return f"{shown} of {total} {what}"
    return f"{shown} {_SINGULAR.get(what, what) if shown == 1 else what}"


#: What a count of one says: '1 company', not '1 companies'.
_SINGULAR = {"hubs": "hub", "companies": "company", "focus areas": "focus area"}


class Column(NamedTuple):
    """A column of a table that fits its width: ``keep`` 0 is never dropped (where
    it does not fit, each row becomes a block), and the first such column names a
    row's block unless ``heads`` marks another; the highest ``keep`` goes first
    when space runs out."""

    header: str
    keep: int
    wraps: bool = False  # may wrap between words; otherwise one unbroken line
    justify: str = "left"
    style: str = ""
    weight: float = 1.0  # a wrapping column's share of spare room, beside the others'
    # the narrowest a wrapping column of prose is worth reading at: narrower,
    # and the rows become blocks (a 16-cell column of sentences is a word a line)
    least: int = 0
    # the header of the column this one belongs to: it goes only with that one
    # (a figure's year with its value: a number never loses its year)
    follows: str = ""
    # a wrapping column whose one long word may be broken anywhere (a url: it has
    # no spaces to wrap at, and a column as wide as it would be dropped)
    breaks: bool = False
    # a cell whose lines are the words of one value, put on lines to keep the
    # column narrow: in a block of 'label: value' lines they join on one line
    joined: bool = False
    # the value that names a row's block, where a column kept at any width comes
    # before it (similar's '#' before its city)
    heads: bool = False


#: The narrowest a column of urls is folded to: a few lines each, not a character a line.
_LEAST_BROKEN = 24


def _needed(column: Column, cells: Sequence[Text]) -> int:
    """The fewest cells a column can have without cutting or splitting a word."""
    from rich.cells import cell_len

    texts = [column.header, *(c.plain for c in cells)]
    if column.breaks:
        return min(_longest_word(texts), max(cell_len(column.header), _LEAST_BROKEN))
    if column.wraps:
        return _longest_word(texts)
    return max(max((cell_len(line) for line in t.splitlines() or [""]), default=0) for t in texts)


def _breaks_anywhere(char: str) -> bool:
    """A Chinese character or full-width punctuation: a line may break on either side.

    Compared by code point: a regular expression of these ranges cost 3 ms to
    compile, on every run that imported the tables."""
    point = ord(char)
    return 0x2E80 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF or 0xFF00 <= point <= 0xFFEF


def _longest_word(texts: Iterable[str]) -> int:
    """The widest word in ``texts``: the narrowest a wrapping column may be.

    Chinese is written without spaces and wraps between characters, so a run
    of it counts as one character wide (two cells), not as one long word."""
    from rich.cells import cell_len

    def unbroken(word: str) -> int:
        if word.isascii() or not any(map(_breaks_anywhere, word)):
            return cell_len(word)
        # split at each such character (a word holds no space to mistake for one)
        parts = "".join(" " if _breaks_anywhere(c) else c for c in word).split(" ")
        return max(2, *(cell_len(part) for part in parts))

    # a number and its scale are one word: a line never breaks between them (Held)
    words = (word.replace(_GLUE, " ") for text in texts for word in _glued(text).split())
    return max((unbroken(word) for word in words), default=0)


class Frame(NamedTuple):
    """How a fitted table is drawn: a list of its own (``LIST``), a table inside
    a profile's panel (``INNER``: no edge, as the text around it), or a list of
    topics with no header row (``TOPICS``)."""

    box: box.Box
    edge: bool = True
    header: bool = True


LIST = Frame(box.SIMPLE_HEAVY)
INNER = Frame(box.SIMPLE_HEAD, edge=False)
TOPICS = Frame(box.SIMPLE_HEAD, header=False)


def _width_of(needed: Sequence[int], kept: Sequence[int], frame: Frame) -> int:
    """A table's width with columns ``kept`` at their ``needed`` widths: each its
    padding and a separator, and the two edges, or (inside a panel) neither edge
    nor the padding beside it."""
    return sum(needed[k] + 3 for k in kept) + (1 if frame.edge else -3)


def _kept(
    columns: Sequence[Column], needed: Sequence[int], width: int, frame: Frame
) -> list[int] | None:
    """The columns :func:`fitted` keeps at ``width``, least needed going first;
    None when it shows each row as a block instead (so every column is shown)."""
    kept = list(range(len(columns)))
    for i in sorted(kept, key=lambda i: -columns[i].keep):
        if _width_of(needed, kept, frame) <= width or columns[i].keep == 0:
            break
        if columns[i].follows or i not in kept:
            continue  # it goes with the column it follows
        gone = columns[i].header
        kept = [k for k in kept if k != i and not (gone and columns[k].follows == gone)]
    if _width_of(needed, kept, frame) > width or len(kept) * 2 < len(columns):
        return None
    return kept


def _shows_column(
    columns: Sequence[Column], rows: Sequence[Sequence[Text]], width: int, which: int
) -> bool:
    """Whether :func:`fitted` (inside a panel) shows column ``which`` at ``width``:
    a note about what that column shows is drawn only with it."""
    needed = [_needed(c, [row[i] for row in rows]) for i, c in enumerate(columns)]
    kept = _kept(columns, needed, width, INNER)
    return kept is None or which in kept


def fitted(
    title: str | Text | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Text]],
    width: int,
    caption: str | Text | None = None,
    frame: Frame = LIST,
    named: bool = False,
) -> RenderableType:
    """A table that fits ``width`` without cutting a name or splitting a number.

    Columns go least needed first; when the table would lose more than half its
    columns, each row becomes a block of 'label: value' lines instead, as
    ``kubectl describe`` does, so nothing is lost. When the reader ``named`` the
    columns (--fields), rows become blocks before any column is left out.
    """
    needed = [_needed(c, [row[i] for row in rows]) for i, c in enumerate(columns)]
    found = _kept(columns, needed, width, frame)
    if found is None:
        return _stacked(title, columns, rows, caption, width)
    kept = found
    if named and any(c.header and i not in kept for i, c in enumerate(columns)):
        # the reader named every column with a header (a ranking's bars it did not
        # name, and they may go): shown as blocks rather than one left out
        return _stacked(title, columns, rows, caption, width)

    def total() -> int:
        return _width_of(needed, kept, frame)

    # Every width is set here: Rich left to itself narrows a column below its
    # longest word and then crops the line. Spare room is poured into the
    # wrapping columns as water into vessels: each reaches one level, or its
    # one-line width if that is less, so no column wraps while another has
    # room it does not need.
    wrapping = [k for k in kept if columns[k].wraps]
    # ... and no vessel is taller than MEASURE: prose stops at 100 columns however
    # wide the terminal (a description on one 557-cell line is not read)
    whole = {
        k: min(
            MEASURE,
            _needed(columns[k]._replace(wraps=False, breaks=False), [row[k] for row in rows]),
        )
        for k in wrapping
    }
    room = width - total() + sum(needed[k] for k in wrapping)

    def poured(level: int, k: int) -> int:
        return max(needed[k], min(whole[k], round(level * columns[k].weight)))

    low, high = 0, max(whole.values(), default=0)
    while low < high:  # the highest level that fits
        mid = (low + high + 1) // 2
        fits_ = sum(poured(mid, k) for k in wrapping) <= room
        low, high = (mid, high) if fits_ else (low, mid - 1)
    for k in wrapping:
        needed[k] = poured(low, k)
    spare = width - total()
    for k in sorted(wrapping, key=lambda k: columns[k].keep):  # what rounding left over
        grow = min(whole[k] - needed[k], spare)
        needed[k] += grow
        spare -= grow
    if any(needed[k] < columns[k].least for k in wrapping):
        return _stacked(title, columns, rows, caption, width)
    if not frame.edge:  # inside a panel, the rules run its whole width
        needed[kept[0]] += spare
    table = Table(
        box=frame.box, show_header=frame.header, show_edge=frame.edge, pad_edge=frame.edge
    )
    for k in kept:
        c = columns[k]
        table.add_column(
            c.header,
            style=c.style,
            justify=c.justify,  # type: ignore[arg-type]
            no_wrap=not c.wraps,
            overflow="fold",  # never drop characters (Rich's wrap of CJK can overshoot)
            width=needed[k],
        )
    for row in rows:
        table.add_row(*(_held(row[k]) if columns[k].wraps else row[k] for k in kept))
    # A column left out is said, not hidden: the reader learns a wider terminal
    # shows it (a phone's blocks showed what 80 columns silently did not).
    left = [c.header for i, c in enumerate(columns) if i not in kept and c.header]
    unseen = (
        [_t(f"Left out at this width: {', '.join(left)}; a wider terminal shows "
            f"{'them' if len(left) > 1 else 'it'}.", "table.caption")]
        if left and frame.header
        else []
    )  # fmt: skip
    if unseen and not caption and frame.edge:  # its own blank edge no longer ends it
        unseen.append(Text(""))
    # Title and caption wrap at the terminal's width, not at the table's.
    return Group(
        *([_t(title, "table.title") if isinstance(title, str) else title] if title else []),
        table,
        *(
            [_t(caption, "table.caption") if isinstance(caption, str) else caption]
            if caption
            else []
        ),
        *unseen,
    )


def _stacked(
    title: str | Text | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Text]],
    caption: str | Text | None,
    width: int = MEASURE,
) -> Group:
    """One block per row: the identifying value, then 'label: value' lines."""
    first = next(
        (i for i, c in enumerate(columns) if c.heads),
        next((i for i, c in enumerate(columns) if c.keep == 0), 0),
    )
    blocks: list[tuple[RenderableType, Sequence[tuple[str, RenderableType]]]] = []
    for row in rows:
        name = row[first].copy()
        name.stylize("bold cyan")
        pairs = [
            (c.header, Text(" ").join(row[i].split("\n")) if c.joined else row[i])
            for i, c in enumerate(columns)
            if i != first and row[i].plain.strip()
        ]
        blocks.append((name, pairs))
    caption_text = _t(caption) if isinstance(caption, str) else caption
    return _blocks(title, blocks, caption_text, "dim", narrow=_too_narrow(blocks, width))


def _too_narrow(
    blocks: Sequence[tuple[RenderableType, Sequence[tuple[str, RenderableType]]]], width: int
) -> bool:
    """Whether 'label: value' side by side would split a value's longest word:
    then each value goes under its label instead."""
    from rich.cells import cell_len

    pairs = [pair for _, pairs in blocks for pair in pairs if pair[0]]
    if not pairs:
        return False
    label = max(cell_len(f"  {label}:") for label, _ in pairs)
    word = _longest_word(_plain(value) for _, value in pairs)
    return label + 1 + word > width


def _blocks(
    title: str | Text | None,
    blocks: Sequence[tuple[RenderableType, Sequence[tuple[str, RenderableType]]]],
    caption: Text | None,
    label_style: str,
    narrow: bool = False,
) -> Group:
    """Records one after another, each its name then 'label: value' lines; when
    ``narrow``, each value on its own lines under its label. Both the fitted
    tables and compare fall back to this when side by side will not fit."""
    parts: list[RenderableType] = []
    if title:
        parts.append(_t(title, "bold") if isinstance(title, str) else title)
    for head, pairs in blocks:
        grid = Table.grid(padding=(0, 1))
        # fold, not '…': Rich's wrap of Chinese can overshoot by a cell
        grid.add_column(no_wrap=not narrow, overflow="fold")
        if not narrow:
            grid.add_column(overflow="fold")
        unlabelled: list[RenderableType] = []  # a column with no header: its words alone
        for label, value in pairs:
            if not label:
                unlabelled.append(Padding(value, (0, 0, 0, 2)))
            elif narrow:  # a label that wraps keeps its indent
                grid.add_row(Padding(_t(f"{label}:", label_style), (0, 0, 0, 2)))
                grid.add_row(Padding(_held(value), (0, 0, 0, 4)))
            else:
                grid.add_row(_t(f"  {label}:", label_style), _held(value))
        parts.extend([Text(""), head, grid, *unlabelled])
    if caption:
        parts.extend([Text(""), caption])
    return Group(*parts)


def _named(item: Record, style: str = "") -> Text:
    """'Artificial intelligence 人工智能': a name with its Chinese name beside it."""
    name = _t(item["name"], style)
    if item.get("name_zh"):
        name.append(" ")
        name.append_text(_t(item["name_zh"]))
    return name


def _city_label(city: Record) -> Text:
    name = _t(city["name"], "bold cyan")
    name.append(" ")
    name.append_text(_t(city["name_zh"]))
    return name


# -- compare -----------------------------------------------------------------------


def comparison_view(
    result: Record, show_growth: bool = False, inputs: Inputs | None = None
) -> Responsive:
    """Two to six items side by side, then what all share and what only one has,
    then the sources of the figures (and of the ``inputs`` of a derived one);
    when the items cannot stand side by side without splitting words, one after
    another."""

    def build(width: int) -> Group:
        side, overlap = _comparison_tables(result, show_growth)
        first = _side_by_side(side, width) if _fits(side, width) else None
        second = _side_by_side(overlap, width) if _fits(overlap, width) else None
        return Group(
            first or _one_after_another(side, width),
            Text(""),  # a blank line: two tables, not one
            second or _one_after_another(overlap, width),
            # a blank line first, unless the table's own bottom edge is one
            *([Text("")] if points and second is None else []),
            *([sources] if points else []),
        )

    points = _compared_points(result, show_growth, inputs or {})
    sources = _sources([{"points": points}])
    return Responsive(build)


def _compared_points(result: Record, show_growth: bool, inputs: Inputs) -> list[Record]:
    """Each value a comparison's figure rows show, with whose it is (``who``) and
    which row it is in (``what``), for the sources: its values are often not the
    profile's latest, so 'techhubs city NAME' would not show where they come from.
    A derived value's inputs of its year too (by ``inputs``), and with
    ``show_growth``, the values each growth is worked out from."""
    items, points = result["items"], []
    for row in result.get("figures", ()):  # focus areas have none
        for item in items:
            point = {**row["values"][item["id"]], "who": item["name"], "what": row["name"]}
            points.append(point)
            points += inputs_of(point, item["indicators"], inputs.get(row["id"], ()), row["name"])
        if not show_growth or row["growth"] is None:
            continue
        for item in items:
            line = next(i for i in item["indicators"] if i["id"] == row["id"])
            since = [p for p in line["series"] if p["year"] == row["growth"]["since"]]
            if row["growth"]["rates"][item["id"]] is not None and since:
                points.append({**since[0], "who": item["name"], "what": row["name"]})
    # an input a row shows already (Population 2023 beside GDP per person 2023) is said once
    shown = {(p["what"], p["who"], p["year"]) for p in points if "input_of" not in p}
    return [
        p for p in points if (p["what"], p["who"], p["year"]) not in shown or "input_of" not in p
    ]


def _plain(cell: RenderableType) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def _fits(table: Table, width: int) -> bool:
    """Whether every column of ``table`` gets its longest word whole at ``width``."""
    need = 1
    for column in table.columns:
        need += 3 + _longest_word([_plain(column.header), *map(_plain, column.cells)])
    return need <= width


def _side_by_side(table: Table, width: int) -> RenderableType:
    """A comparison table laid out as :func:`fitted` lays out lists: each column
    at least its longest word, the rest poured in, so no word is split."""
    columns = [
        # the labels take less of the spare room than the items
        Column(_plain(column.header), 0, wraps=True, style="bold", weight=0.8)
        if i == 0
        else Column(_plain(column.header), 0, wraps=True)
        for i, column in enumerate(table.columns)
    ]
    cells = [list(column.cells) for column in table.columns]
    rows = [[_as_text(cells[c][r]) for c in range(len(cells))] for r in range(len(cells[0]))]
    title = str(table.title) if table.title else None
    caption = _t(_plain(table.caption), "dim") if table.caption else None
    return fitted(title, columns, rows, width, caption)


def _as_text(cell: RenderableType) -> Text:
    return cell if isinstance(cell, Text) else Text(str(cell))


def _one_after_another(table: Table, width: int) -> Group:
    """A side-by-side table turned on its side: each item's column as a block of
    'label: value' lines under the item's name (below 60 columns, each value
    on its own lines under its label)."""
    labels = [_plain(label) for label in table.columns[0].cells]
    blocks = [
        (
            _t(column.header, "bold cyan") if isinstance(column.header, str) else column.header,
            [
                (label, value)
                for label, value in zip(labels, column.cells, strict=True)
                if _plain(value).strip()
            ],
        )
        for column in table.columns[1:]
    ]
    caption = _t(_plain(table.caption), "dim") if table.caption else None
    title = str(table.title) if table.title else None
    return _blocks(title, blocks, caption, "bold", narrow=width < 60)


def _comparison_tables(result: Record, show_growth: bool) -> tuple[Table, Table]:
    kind, items = result["kind"], result["items"]
    table = Table(box=box.SIMPLE_HEAVY, title="Side by side", title_justify="left")
    table.add_column("", style="bold", max_width=20)
    for item in items:
        label = _city_label(item) if kind != "area" else _named(item, "bold cyan")
        table.add_column(label, overflow="fold")
    if kind == "city":
        _city_rows(table, result, show_growth)
    elif kind == "company":
        _figure_rows(table, result, show_growth)
        left_out = _figures_left_out(items, result["figures"])
        if result["figures"]:
            table.caption = (
                "▲ best of the row. Each figure row compares one year, the latest all these "
                "companies have; a figure they share no year of, or give in different "
                "currencies, is left out" + (f": {'; '.join(left_out)}." if left_out else ".")
            ) + (_growth_left_out(items, result["figures"]) if show_growth else "")
            table.caption += _periods_apart(items, result["figures"])
        elif left_out:  # no row and no ▲: only why
            table.caption = (
                "No figure is compared: a row needs a year all these companies have, in one "
                f"currency. Left out: {'; '.join(left_out)}."
            )
        table.caption_justify = "left"
        table.add_row("Headquarters", *(_t(c["headquarters"]["name"]) for c in items))
        table.add_row("Founded", *(_t(c["founded"] or "—") for c in items))
        table.add_row("Focus areas", *(_join(_names(c["focus_areas"])) for c in items))
        table.add_row(
            "Cities",
            *(_join(f"{x['name']} ({x['relation']})" for x in c["cities"]) for c in items),
        )
        table.add_row("What it does", *(_t(c["description"], "italic") for c in items))
    else:
        table.add_row("What it covers", *(_t(a["description"], "italic") for a in items))
        table.add_row("Hubs", *(_join(_names(a["cities"])) for a in items))
        table.add_row(
            "Companies",
            *(
                _t(f"{len(a['companies'])}: ", "bold") + _join(_names(a["companies"]))
                for a in items
            ),
        )
    titles = {"focus_areas": "Focus areas", "companies": "Companies", "cities": "Hubs"}
    overlap = Table(box=box.SIMPLE_HEAVY, title="Shared and unique", title_justify="left")
    overlap.add_column("", style="bold", no_wrap=True)
    for key in result["shared"]:
        overlap.add_column(titles[key], overflow="fold")
    overlap.add_row("Shared by all", *(_join(_names(v)) for v in result["shared"].values()))
    for item in items:
        unique = result["unique"][item["id"]]
        overlap.add_row(_t(f"Only {item['name']}"), *(_join(_names(v)) for v in unique.values()))
    return table, overlap


def _figure_rows(table: Table, result: Record, show_growth: bool) -> None:
    """Each shared figure for one year, the best marked, its growth if asked."""
    items = result["items"]
    for row in result["figures"]:
        cells = []
        for c in items:
            value = row["values"][c["id"]]["value"]
            text = human_number(value, row["unit"], currency=row.get("currency"))
            ends = row["values"][c["id"]].get("period_end")
            if ends:  # the row's year is this company's fiscal year, not the calendar's
                text += f" ({year_label(row['year'], ends)})"
            best = c["id"] in row["best"]
            cells.append(_t(f"{text} ▲" if best else text, "bold green" if best else ""))
        table.add_row(_t(f"{row['name']} {row['year']}"), *cells)
        if show_growth and row["growth"] is not None:
            rates = row["growth"]["rates"]
            table.add_row(
                _t(f"  a year since {row['growth']['since']}", "dim"),
                *(
                    _t("—" if rates[c["id"]] is None else f"{rates[c['id']]:+.2f}%", "dim")
                    for c in items
                ),
            )


def _periods_apart(items: Sequence[Record], figures: Sequence[Record]) -> str:
    """A sentence for the caption when a figure row sets fiscal years that end in
    different months side by side ('' when none does): labelled, they are still
    not the same twelve months, and ▲ compares them all the same."""
    names = {c["id"]: c["name"] for c in items}
    apart = [
        (names[holder], value.get("period_end"))
        for row in figures
        if len({v.get("period_end") for v in row["values"].values()}) > 1
        for holder, value in row["values"].items()
    ]
    whose, _ = _fiscal_years(apart)
    if not whose:
        return ""
    return (
        f" A row's year is each company's own fiscal year ({'; '.join(whose)}): not the "
        "same twelve months for all."
    )


def _growth_left_out(items: Sequence[Record], figures: Sequence[Record]) -> str:
    """Why a figure row shows no growth though --growth asked for it, as a sentence
    for the caption ('' when every row has its growth): a row whose shared years
    lie across a revision of the series (the indicator's ``comparable_from``) must
    not look like one with a single year to compare."""
    revised: dict[int, list[str]] = {}
    single = []
    ranks = []
    for row in figures:
        if row["growth"] is not None:
            continue
        if row["unit"] == "rank":  # a place in a ranking is not grown
            ranks.append(row["name"])
            continue
        position = next(i for i, x in enumerate(items[0]["indicators"]) if x["id"] == row["id"])
        floor = items[0]["indicators"][position].get("comparable_from")
        years = set.intersection(
            *({p["year"] for p in c["indicators"][position]["series"]} for c in items)
        )
        if floor is not None and floor <= row["year"] and min(years) < floor:
            revised.setdefault(floor, []).append(row["name"])
        else:
            single.append(row["name"])
    said = [
        f" No growth for {', '.join(names)}: the figures before {floor} are not comparable "
        "with later ones (see 'techhubs indicators')."
        for floor, names in revised.items()
    ]
    if single:
        said.append(f" No growth for {', '.join(single)}: one shared year.")
    if ranks:
        said.append(f" No growth for {', '.join(ranks)}: a place in a ranking is not grown.")
    return "".join(said)


def _figures_left_out(items: Sequence[Record], figures: Sequence[Record]) -> list[str]:
    """Each figure some of the compared companies have but no row shows, and why:
    'Revenue (Lenovo Group in US$, Alibaba in ¥)', 'R&D expense (BOE has none)' —
    a comparison without a figure row must not look like one with nothing to show."""
    shown = {row["id"] for row in figures}
    said = []
    for position, indicator in enumerate(items[0]["indicators"]):
        lines = [c["indicators"][position] for c in items]
        if indicator["id"] in shown or not any(line["series"] for line in lines):
            continue
        missing = [c["name"] for c, line in zip(items, lines, strict=True) if not line["series"]]
        if missing:
            why = f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} none"
        elif len({line.get("currency") for line in lines}) > 1:
            why = ", ".join(
                f"{c['name']} in {_sign(line_currency(line))}"
                for c, line in zip(items, lines, strict=True)
            )
        else:
            why = "no year all have"
        said.append(f"{indicator['name']} ({why})")
    return said


def _city_rows(table: Table, result: Record, show_growth: bool) -> None:
    """Hubs side by side: each shared figure for one year, then who they are."""
    cities = result["items"]
    _figure_rows(table, result, show_growth)
    table.add_row("Status", *(_t(c["status"], STATUS_STYLE.get(c["status"], "")) for c in cities))
    table.add_row("Headline", *(_t(c["headline"], "italic") for c in cities))
    table.add_row("Focus areas", *(_join(_names(c["focus_areas"])) for c in cities))
    table.add_row("Companies (HQ)", *(_join(_company_names(c, "headquarters")) for c in cities))
    table.add_row("Operations", *(_join(_company_names(c, "operations")) for c in cities))
    table.add_row("Districts", *(_join(d["name"] for d in c["districts"]) for c in cities))
    table.caption = (
        "▲ best of the row. Each figure row compares one year, the latest all these hubs "
        "have; an indicator they share no year of is left out."
    ) + (_growth_left_out(cities, result["figures"]) if show_growth else "")
    money = [f["name"] for f in result["figures"] if f["unit"] == "yuan" and f.get("growth")]
    if show_growth and money:  # Shenzhen's GDP +5.24% beside the 5.5% its bureau gives
        table.caption += (
            f" Growth of {_and(money)} is nominal, at current prices; the growth the "
            "statistics bureaus publish is real, at constant prices."
        )
    table.caption_justify = "left"


# -- companies -----------------------------------------------------------------------


def company_profile(company: Record, rates: Rates | None = None) -> Responsive:
    """A company's facts, figures and sources; a figure in another currency with
    its value in yuan at ``rates`` (the data's exchange rates), whose rate the
    sources name, as a ranking or a list sorted by it does."""
    others = [c["name"] for c in company["cities"] if c["relation"] == "operations"]
    facts: list[tuple[str, RenderableType]] = [
        ("Headquarters", _t(company["headquarters"]["name"])),
        ("Major operations", _join(others)),
        ("Founded", _t(company["founded"] or "—")),
        ("Founders", _join(company["founders"])),
        ("Shares", _t(_listing_text(company))),
        ("Focus areas", _join(_names(company["focus_areas"]))),
    ]
    if company["website"]:
        facts.append(("Website", _t(company["website"])))
    if company["aliases"]:
        facts.append(("Also called", _join(company["aliases"])))
    title = _t(company["name"], "bold cyan")
    title.append("  ")
    title.append_text(_t(company["name_zh"], "bold"))
    parts: list[RenderableType] = [_t(company["description"], "italic"), Text(""), _facts(facts)]
    measured = [i for i in company.get("indicators", []) if i["latest"] is not None]
    sources = list(company["sources"])
    if measured:
        parts.append(_section("Figures", _indicator_rows(measured, rates)))
        # a fiscal figure's source is for the year as its row says it ('FY to Mar 2026')
        sources += [
            f"{i['name']} {year_label(i['latest']['year'], i['latest'].get('period_end'))}: "
            f"{i['latest']['source']}"
            for i in measured
        ]
        sources += _rates((i["name"], _rate_of(i, rates)) for i in measured)
    if sources:
        parts.append(_section("Sources", Group(*_bullets(sources))))
    return _panel(title, parts)


def _listing_text(company: Record) -> str:
    """'HKEX 0700; SSE 601318', 'private', or '—' where it is not known."""
    if company["listed"] is False:
        return "private"
    listings = "; ".join(f"{x['exchange']} {x['ticker']}" for x in company["listings"])
    return listings or "—"


def companies_table(
    companies: Sequence[Record],
    title: str,
    figure: str | None = None,
    areas: Sequence[str] = (),
    matched: int | None = None,
    rates: Rates | None = None,
) -> Responsive:
    """Companies, one a row; with ``figure`` (what they were sorted by), its latest
    value (money in another currency with its value in yuan at ``rates``, the data's
    exchange rates, as it was sorted; the rate named under the table); the focus
    areas filtered by (``areas``, ids) come first in their column. At narrow widths
    the least needed columns go, never the name."""
    later = 1 if areas else 0  # the field asked about comes first, and goes last
    columns = [
        Column("Company", 0, wraps=True),
        Column("HQ", 1 + later),
        Column("Founded", 2 + later, justify="right"),
    ]
    if areas:
        columns.insert(1, Column("Focus areas", 1, wraps=True))
    shown = None
    if figure is not None and companies:
        shown = next((i for i in companies[0]["indicators"] if i["id"] == figure), None)
    if shown is not None:
        columns.append(Column(shown["name"], 1, justify="right"))
    if not areas:
        columns.append(Column("Focus areas", 3, wraps=True))
    rows: list[list[Text]] = []
    converted: list[tuple[str, Record | None]] = []
    for c in companies:
        name = _t(c["name"], "bold cyan")  # and its Chinese name, as a city's is shown
        name.append(" ")
        name.append_text(_t(c["name_zh"]))
        cells = [name]
        if areas:
            cells.append(_join(_areas_first(c["focus_areas"], areas)))
        cells.append(_t(c["headquarters"]["name"]))
        cells.append(_t(c["founded"] or "—"))
        if shown is not None:
            series = next(i for i in c["indicators"] if i["id"] == shown["id"])
            cells.append(_latest(series, rates))
            converted.append((c["name"], _rate_of(series, rates)))
        if not areas:
            cells.append(_join(_names(c["focus_areas"])))
        rows.append(cells)
    caption = _counted(len(companies), matched, None, "companies")
    if shown is not None and shown["unit"] == "yuan":
        # the order of money in another currency is not what its number suggests
        foreign = [
            f"{c['name']}, {_sign(line['currency'])}"
            for c in companies
            for line in c["indicators"]
            if line["id"] == shown["id"] and line.get("currency") and line["latest"] is not None
        ]
        if foreign:
            caption += (
                f". {shown['name']} in another currency ({'; '.join(foreign)}) is sorted at "
                "its year's exchange rate where the data has one, else after the yuan figures"
            )
    if shown is not None:  # its cells are short: '¥1.31 T ’25'
        caption += f". {SHORT_FORMS}"
        fiscal = fiscal_note(
            ((c["name"], (i["latest"] or {}).get("period_end")) for c in companies
             for i in c["indicators"] if i["id"] == shown["id"]),
            short=True,
        )  # fmt: skip
        caption += f" {fiscal}" if fiscal else ""
        apart = _years_apart(companies, shown["id"]).strip()
        caption += f" {apart}" if apart else ""
    else:
        caption += "."  # a count line is a sentence, as every list's is
    said = _t(caption, "table.caption")  # the names in it are the data's: escaped
    if shown is not None:  # where its figures come from, as a list of hubs says, and
        # the rates the order hangs on, as a ranking lists them
        said.append("\n")  # a source is the data's: escaped
        said.append_text(
            _t(f"Sources: {'; '.join(['techhubs company NAME', *_rates(converted)])}.")
        )
    return Responsive(lambda width: fitted(_t(title), columns, rows, width, said))


# -- focus areas -------------------------------------------------------------------------


def area_profile(area: Record) -> Responsive:
    facts: list[tuple[str, RenderableType]] = [
        ("Also called", _join(area["aliases"])),
        ("Cities", _join(_names(area["cities"]))),
        ("Companies", _join(_names(area["companies"]))),
    ]
    body = Group(_t(area["description"], "italic"), Text(""), _facts(facts))
    return _panel(_named(area, "bold cyan"), [body])


#: How a list of areas in each numeric order (``areas --sort``) is sorted, and
#: reversed: a caption says it (a name or a field asked for is seen in the list).
_AREA_ORDERS = {
    "busiest": ("the most hubs first, then the most companies", "the fewest hubs first, then "
                "the fewest companies"),
    "cities": ("the most hubs first", "the fewest hubs first"),
    "companies": ("the most companies first", "the fewest companies first"),
}  # fmt: skip


def areas_table(
    areas: Sequence[Record], total: int | None = None, order: str = "", reverse: bool = False
) -> Responsive:
    """Every focus area (or the first of ``total``), its hubs and how many companies
    work in it; the caption says the ``order`` (``areas --sort``) when it is by a count."""
    columns = [
        Column("Focus area", 0, wraps=True, style="bold cyan"),
        Column("Cities", 2, wraps=True),
        Column("Cos.", 1, justify="right"),
    ]
    rows = [[_named(a), _join(_names(a["cities"])), _t(len(a["companies"]))] for a in areas]
    caption = _counted(len(areas), None, None if total == len(areas) else total, "focus areas")
    if order in _AREA_ORDERS:
        caption += ", " + _AREA_ORDERS[order][reverse]
    caption += "."
    return Responsive(lambda width: fitted("Focus areas", columns, rows, width, caption))


# -- search and overview ----------------------------------------------------------------------


#: What a search hit matched, as a reader names it (--json keeps the schema key).
_MATCHED = {
    "id": "name",  # the id is the name as a word: a reader knows it as the name
    "name_zh": "Chinese name",
    "pinyin": "pinyin",
    "aliases": "other name",
    "nicknames": "nickname",
    "titles": "title",
    "focus_areas": "focus area",
    "districts": "district",
    "institutions": "institution",
    "policies": "policy",
    "landmarks": "landmark",
    "founders": "founder",
}


def search_table(
    hits: Sequence[HitRecord],
    city_names: dict[str, str],
    query: str,
    total: int,
    kinds: Sequence[str] = (),
    chinese: Mapping[str, str] | None = None,
    shortened: bool = False,
) -> Responsive:
    """The hits, each with its Chinese name where it has one (``chinese``, by
    'kind:id'); at narrow widths only the Score goes, then each hit is a block.
    ``shortened``: the command cut the hits to its default number, and the
    caption says which --limit shows them all."""
    chinese = chinese or {}
    columns = [
        # what a hit is, where, and why it is here are kept at any width: where
        # they do not fit, each hit is a block (as it was when many hits widened
        # the columns, and a short --limit kept a table without Matched)
        Column("Kind", 0),
        Column("Name", 0, wraps=True, style="bold cyan", heads=True),
        Column("City", 0),
        Column("Matched", 0),
        Column("Score", 1, justify="right"),
    ]
    caption = _t(search_caption(query, len(hits), total, kinds, shortened))
    rows = [
        [
            _t(h["kind"].replace("_", " ")),
            _named({"name": h["name"], "name_zh": chinese.get(f"{h['kind']}:{h['id']}")}),
            _t(city_names.get(h["city"] or "", "")),
            _t(_MATCHED.get(h["matched"], h["matched"].replace("_", " "))),
            _t(h["score"]),
        ]
        for h in hits
    ]
    return Responsive(lambda width: fitted(None, columns, rows, width, caption))


def search_caption(
    query: str, shown: int, total: int, kinds: Sequence[str] = (), shortened: bool = False
) -> str:
    """'3 of 68 matches for 'tech''; when the table was cut to its default length
    (``shortened``), which --limit shows every hit."""
    count = f"{shown} of {total}" if total > shown else str(total)
    among = " or ".join(k.replace("_", " ") for k in kinds)
    return (
        f"{count} match{'es' if total != 1 else ''} for '{query}'"
        + (f" among {among} hits" if kinds else "")
        + (f"; --limit {total} shows them all" if shortened else "")
        + "."
    )


#: A topic and what is said of it; in a narrow terminal, the words under the topic.
_TOPIC = [Column("", 0, wraps=True, style="bold"), Column("", 1, wraps=True, weight=2.5)]


def _topics(title: str, pairs: Sequence[tuple[str, str]], caption: str | None = None) -> Responsive:
    rows = [[_t(topic), _t(words)] for topic, words in pairs]

    def build(width: int) -> RenderableType:
        if width < 60:  # side by side, the words would run a few to a line
            return Group(_stacked(title, _TOPIC, rows, caption, width), Text(""))
        return fitted(title, _TOPIC, rows, width, caption, TOPICS)

    return Responsive(build)


def overview_view(overview: OverviewRecord) -> Group:
    columns = [
        Column("City", 0, wraps=True, style="bold cyan"),
        Column("Status", 2),
        Column("Role", 1, wraps=True),
    ]
    rows = [
        [
            _city_label(c),
            _t(c["status"], STATUS_STYLE.get(c["status"], "")),
            _t(c["headline"], "italic"),
        ]
        for c in overview["cities"]
    ]
    hubs = Responsive(lambda width: fitted("The hubs at a glance", columns, rows, width))
    claims = [(c["section"], c["claim"]) for c in overview["article_claims"]]
    source = 'From "China\'s technology hubs", the article techhubs is built on.'
    return Group(
        hubs,
        _topics("Government support", _pairs(overview["government_support"])),
        _topics("Challenges", _pairs(overview["challenges"])),
        _topics("Opportunities", _pairs(overview["opportunities"])),
        *([_topics("What the source article says", claims, source)] if claims else []),
    )


def _pairs(topics: Sequence[Record]) -> list[tuple[str, str]]:
    return [(t["name"], t["description"]) for t in topics]


# -- rankings and similarity -------------------------------------------------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"


def _bar(fraction: float, width: int) -> str:
    """A horizontal bar of ``fraction`` of ``width`` cells, in eighths of a cell."""
    if ASCII:  # whole cells
        return "#" * round(max(0.0, min(1.0, fraction)) * width)
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def _wrapped(text: str, cells: int) -> list[str]:
    """``text`` in lines of at most ``cells`` terminal cells, broken between words
    (a word longer than that has a line to itself, whole)."""
    from rich.cells import cell_len

    lines: list[str] = []
    for word in text.split():
        if lines and cell_len(f"{lines[-1]} {word}") <= cells:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _ranked_value(r: RankRecord, unit: str, narrow: bool) -> str:
    """'¥5.39 trillion (2024)', or '¥5.39 T ’24' when ``narrow``; a growth rate
    with the years it spans, '5.33% (2024–25)' ('’24–25'); a hub with no value
    for the year: '—' and its value nearest that year."""
    since = r["since"]

    def shown(
        value: float, year: int | None, currency: str | None = None, ends: str | None = None
    ) -> str:
        if year is None:
            return f"{value:,}"
        amount = human_number(value, unit, compact=narrow, currency=currency)
        if since is not None:  # a rate a year over these years, not a level in the last
            fy = "FY" if ends else ""  # between fiscal years: 'FY’25–26', '(FY2025–26)'
            return (
                f"{amount} {fy}’{since % 100:02d}–{year % 100:02d}"
                if narrow
                else (f"{amount} ({fy}{since}–{year % 100:02d})")
            )
        label = year_label(year, ends, "short" if narrow else "plain")
        return f"{amount} {label}" if narrow else f"{amount} ({label})"

    if r["value"] is not None:
        text = shown(r["value"], r["year"], r["currency"], r["period_end"])
        if r["in_yuan"] is not None:  # ranked (and drawn) at this: at a year's average rate
            text += _approx(r["in_yuan"], unit, narrow)
        return text if r["rank"] is not None else f"{text}, no exchange rate"
    beside = _nearest(r)
    if beside is None or r["since"] is not None:  # a growth has no older value to show
        return "—"
    return f"—  {shown(beside['value'], beside['year'], r['currency'], beside.get('period_end'))}"


def _nearest(r: RankRecord) -> Record | None:
    """What is known of a row without a value for the year ranked: its value
    nearest that year, before or after it (the earlier on a tie)."""
    older, newer = r["older"], r["newer"]
    before, after = (older or {}).get("year"), (newer or {}).get("year")
    return newer if later_is_nearer(r["year"] or 0, before, after) else older


def _periods(rows: Sequence[RankRecord]) -> list[tuple[str, str | None]]:
    """Each row's name and the period its shown value ends (its own value's, else
    the one shown beside it), for :func:`fiscal_note`."""
    return [(r["name"], r["period_end"] or (_nearest(r) or {}).get("period_end")) for r in rows]


def _ranked_at(r: RankRecord) -> float:
    """The amount a row was ranked by: its value, in yuan where it was converted."""
    converted, value = r["in_yuan"], r["value"]
    return float(converted if converted is not None else value or 0)


def bar_extent(rows: Sequence[RankRecord]) -> tuple[float, float]:
    """The largest and smallest amount ranked: what every bar is a share of, taken
    before --limit, --reverse or --sort cut the rows, so a bar never changes
    with them (Tianjin's ¥1.80 T drew full width under '--reverse --limit 3').
    The largest is never below zero, where bars start: a ranking of declines
    alone has no longest bar (Baidu's -6.77% drew the full width)."""
    known = [_ranked_at(r) for r in rows if r["value"] is not None and r["rank"] is not None]
    return max([0.0, *known]) or 1, min(known, default=0)


def _bar_lengths(
    rows: Sequence[RankRecord], lower_is_better: bool, extent: tuple[float, float] | None = None
) -> list[float]:
    """Each row's bar as a share of the longest of the ranking (0 for a row not
    ranked): of ``extent`` (:func:`bar_extent` of the whole), else of these rows."""
    top, bottom = extent or bar_extent(rows)
    shares: list[float] = []
    for r in rows:
        amount = _ranked_at(r) if r["rank"] is not None and r["value"] is not None else None
        if amount is None:
            shares.append(0.0)
        elif lower_is_better:  # for ranks, where 1 is first, the shortest number
            shares.append((top + bottom - amount) / top)
        else:  # from zero: a decline draws no bar
            shares.append(max(amount, 0.0) / top)
    return shares


def rank_fields(
    title: str,
    rows: Sequence[RankRecord],
    chosen: Sequence[Mapping[str, Any]],
    unit: str,
    lower_is_better: bool = False,
    extent: tuple[float, float] | None = None,
) -> Responsive:
    """A ranking narrowed by --fields: the fields asked for, the value written as
    the chart writes it, and the chart's bars beside it."""
    shown = [{"value": _ranked_value(r, unit, narrow=False), **fiscal_year(r)} for r in rows]
    bars = _bar_lengths(rows, lower_is_better, extent)
    columns = set(chosen[0]) if chosen else set()
    # the note explains the labels the table shows, no others (a column of
    # 'newer.year' left empty in every row has nothing to explain)
    labelled = [
        (r["name"], ends)
        for r, cells in zip(rows, shown, strict=True)
        for key, text in cells.items()
        if key in columns and "FY" in text
        for ends in [_ends_of(r, key)]
    ]
    return records_table(title, chosen, shown, bars, fiscal_note(labelled) or None)


def _ends_of(r: RankRecord, key: str) -> str | None:
    """When the period labelled in a ranking row's cell ``key`` ends: the value's
    (its own, else the one shown beside it), or the figure's ('newer.year')."""
    if key in ("value", "year", "since"):
        return r["period_end"] or (_nearest(r) or {}).get("period_end")
    held = r.get(key.partition(".")[0])
    return held.get("period_end") if isinstance(held, Mapping) else None


def fiscal_year(record: Mapping[str, Any]) -> dict[str, str]:
    """A --fields table's year cells for fiscal years ('FY2025'), as the chart
    writes them: the record's own (and the year its growth is from), and its
    figures' ('newer.year' of a ranking's row); nothing for a calendar year (the
    cell keeps the bare year)."""
    held = [("", record), *((f"{k}.", v) for k, v in record.items() if isinstance(v, Mapping))]
    cells = {
        f"{prefix}year": year_label(figure["year"], figure["period_end"], "plain")
        for prefix, figure in held
        if figure.get("period_end") and type(figure.get("year")) is int
    }
    since, ends = record.get("since"), record.get("period_end")
    if type(since) is int and ends:  # growth from one fiscal year to another
        cells["since"] = year_label(since, ends, "plain")
    return cells


def rank_chart(
    rows: Sequence[RankRecord],
    title: str,
    unit: str,
    lower_is_better: bool = False,
    extent: tuple[float, float] | None = None,
    total: int | None = None,
    tied_out: Sequence[str] = (),
    worked_from: Sequence[Record] = (),
) -> Responsive:
    """A ranking as a horizontal bar chart, values with their years, at any width;
    cut by --limit to the first of ``total``, it says so (and names ``tied_out``,
    left out though they share a rank shown). Its sources back the values shown,
    then those they are ``worked_from`` (:func:`ranked_inputs`).

    The best has the longest bar; a hub without a value for the year shows
    '—', and its value nearest that year dimmed, with the value's year.
    """
    from rich.cells import cell_len

    def value_text(r: RankRecord, narrow: bool) -> str:
        return _ranked_value(r, unit, narrow)

    def build(width: int) -> Group:
        # Each name with its Chinese name where both fit a third of the width,
        # else the name alone, wrapped between words when it alone is longer.
        room = max(12, width // 3, _longest_word(names))
        labels = [
            [f"{name} {zh}"] if cell_len(f"{name} {zh}") <= room else _wrapped(name, room)
            for name, zh in zip(names, names_zh, strict=True)
        ]
        label_width = max((cell_len(line) for label in labels for line in label), default=0)
        values = [value_text(r, narrow=False) for r in rows]
        short = width - 8 - label_width - max(map(len, values), default=0) < 8
        if short:
            values = [value_text(r, narrow=True) for r in rows]
        value_width = max(map(len, values), default=0)
        bar_width = width - 8 - label_width - value_width
        if bar_width < 3:  # too narrow for bars: names alone, then no bars
            labels = [_wrapped(name, room) for name in names]
            label_width = max((cell_len(line) for label in labels for line in label), default=0)
            bar_width = width - 8 - label_width - value_width
        bar_width = bar_width if bar_width >= 3 else 0
        # Too narrow for a name and its value side by side: the value goes under it.
        under = 4 + label_width + 2 + value_width > width
        lines: list[RenderableType] = [Text(title, style="bold")]
        shares = _bar_lengths(rows, lower_is_better, extent)
        for r, label, value, fraction in zip(rows, labels, values, shares, strict=True):
            # the rank alone is dim (a Text's own style would dim all appended to it)
            line = Text()
            line.append(f"{r['rank'] or '':>2}  ", style="dim")
            line.append_text(_t(label[0], "bold cyan"))
            line.append(" " * (label_width - cell_len(label[0]) + 2))
            if bar_width:
                line.append(_bar(fraction, bar_width).ljust(bar_width), style="green")
                line.append("  ")
            shown_value = _t(value, "dim" if r["value"] is None else "")
            if under:
                line.rstrip()
                lines.append(line)
                lines.extend(_t(f"    {more}", "bold cyan") for more in label[1:])
                lines.append(Padding(Held.of(shown_value), (0, 0, 0, 4)))
                continue
            line.append_text(shown_value)
            lines.append(line)
            lines.extend(_t(f"    {more}", "bold cyan") for more in label[1:])
        if total is not None and len(rows) < total:
            # 'hubs', as every list of them counts them ('Cities by GDP' is the title)
            held = title.split(" by ", 1)[0].lower().replace("cities", "hubs")
            counted = _counted(len(rows), None, total, held)
            tied = f" {tied_note(tied_out, len(rows), 'one')}" if tied_out else ""
            lines.append(_t(f"{counted}.{tied}", "dim"))
        # a count has no short form, nor a growth ranking ('5.33% ’24–25' is said in full)
        if short and any(r["year"] is not None and r["since"] is None for r in rows):
            lines.append(_t(SHORT_FORMS, "dim"))
        fiscal = fiscal_note(_periods(rows), short=short)
        if fiscal:
            lines.append(_t(fiscal, "dim"))
        lines.append(
            _sources(
                [{"points": [*(p for p in points if p), *worked_from]}],
                _rates((r["name"], r["exchange_rate"]) for r in rows),
            )
        )
        return Group(*lines)

    # Names measured as they are shown: a control character escaped ('\x1b') is
    # four cells, not none.
    names = [printable(r["name"], limit=None) for r in rows]
    names_zh = [printable(r["name_zh"], limit=None) for r in rows]
    # Where the numbers come from: the values ranked, and the older (newer) ones shown.
    points = [_shown_figure(r) for r in rows]
    return Responsive(build)


def _rates(converted: Iterable[tuple[str, Record | None]]) -> list[str]:
    """The exchange rates money was converted at, each labelled with whose value
    (or which figure) it converts, for the sources: 'US$1 = ¥7.2 in 2025, for
    Lenovo Group: …' (a value ranked at a rate is only as good as the rate).
    ``converted``: each name with its rate, as a ranking's ``exchange_rate``, or None."""
    held: dict[tuple[str, int, float, str], list[str]] = {}
    for name, rate in converted:
        if rate is not None:
            key = (rate["currency"], rate["year"], rate["yuan"], rate["source"])
            held.setdefault(key, []).append(name)
    yuan_sign = _signed(YUAN_CODE)
    return [
        f"{_signed(currency)}1 = {yuan_sign}{yuan:g} in {year}, for {_and(names)}: {source}"
        for (currency, year, yuan, source), names in held.items()
    ]


def ranked_inputs(
    rows: Sequence[RankRecord], lines: Mapping[str, Sequence[Record]], inputs: Sequence[str]
) -> list[Record]:
    """The values a ranking's figures shown are worked out from, for its sources
    (a growth or a derived value is only as good as they are, and they are not
    shown): a growth's two ends, each with whose it is, and the ``inputs`` (their
    ids) of a derived value shown or of each end, labelled so (:func:`inputs_of`).
    ``lines``: by a row's id, its holder's series of the indicator ranked (for a
    growth) and of the inputs, as a record's ``indicators`` has them."""
    points: list[Record] = []
    for r in rows:
        held = lines.get(r["id"], ())
        ranked = [line for line in held if line["id"] == r["indicator"]]
        shown = _shown_figure(r)
        if shown is None or not ranked:
            continue
        ends = [shown]
        if r["since"] is not None:  # a growth: its ends in its place, named by their
            # figure ('GDP, Chengdu 2025'), apart from the growth ('Chengdu 2025')
            ends = [
                {**p, "who": r["name"], "what": ranked[0]["name"]}
                for p in ranked[0]["series"]
                if p["year"] in (r["since"], r["year"])
            ]
            points += ends
        for end in ends:
            points += inputs_of(end, held, inputs, ranked[0]["name"])
    return points


def _shown_figure(r: RankRecord) -> Record | None:
    """The figure a ranking's row shows, with whose it is (for the sources): its
    value, else the one nearest its year; none for a growth it has not."""
    if r["value"] is not None:
        figure: Record | None = {k: r[k] for k in ("source", "year", "period_end")}
    else:
        figure = None if r["since"] else _nearest(r)
    return None if figure is None else {**figure, "who": r["name"]}


#: One marker a hub, so a chart reads without colour; and one colour a hub.
MARKERS = "●■▲◆★✚"
COLORS = ("cyan", "magenta", "yellow", "green", "blue", "red")


def trend_chart(data: Record, height: int = 12) -> Responsive:
    """Hubs' values of one indicator over the years, a braille line a hub.

    Each point carries its hub's marker and each line ends in its hub's name
    and latest value, so the chart reads without colour. Consecutive years
    are joined; a missing year leaves a gap, never a guessed line. For a rank
    (1 is first) the axis is turned over, so up is better.
    """
    from techhubs.output.braille import Canvas

    unit = data["indicator"]["unit"]
    lines = data["series"]
    # One axis, one currency: the one most lines are in. A line in another is
    # not drawn beside them (an axis has one unit; rank converts at the data's
    # rates, a chart of raw values does not), and the chart says so, with the
    # line's latest value in its own currency.
    held = [line_currency(line) for line in lines if line["points"]]
    # most lines' currency; on a tie, yuan
    currency = max([YUAN_CODE, *held], key=lambda c: (held.count(c), c == YUAN_CODE))
    apart = {
        i for i, line in enumerate(lines) if line["points"] and line_currency(line) != currency
    }
    points = [p for i, line in enumerate(lines) if i not in apart for p in line["points"]]
    # A line is not drawn across the year its series was revised from: the jump
    # there may be the revision, not growth (an indicator's comparable_from).
    floor = data["indicator"].get("comparable_from")
    broken = [
        i
        for i, line in enumerate(lines)
        if i not in apart and floor is not None and _spans(line["points"], floor)
    ]
    # A line with the same points as an earlier one is drawn as that one, whose
    # label names both ('● Shanghai, Suzhou #6'); a note under the chart says so.
    twins = _coinciding(lines, apart)
    hidden = {t for same in twins.values() for t in same}
    named = [
        ", ".join([line["city"]["name"], *(lines[t]["city"]["name"] for t in twins.get(i, []))])
        for i, line in enumerate(lines)
    ]

    def number(value: float) -> str:
        return human_number(value, unit, compact=True, currency=currency)

    def build(width: int) -> Group:
        title = Text(f"{data['indicator']['name']} over time", style="bold")
        if not points:
            these = "this hub" if len(lines) == 1 else "these hubs"
            return Group(title, Text(f"No values for {these}.", style="dim"), _sources(lines))
        years = [p["year"] for p in points]
        first, last = min(years), max(years)
        values = [p["value"] for p in points]
        low, high = min(values), max(values)
        if high == low:
            high, low = high + 1, low - 1

        def latest(line: Record) -> str:
            """A line's last value; with its year where the chart goes on past it (a
            label at the right edge would otherwise read as a value for the last year)."""
            if not line["points"]:
                return "—"
            end = line["points"][-1]
            text = human_number(end["value"], unit, compact=True, currency=line_currency(line))
            if end["year"] < last:
                text += f" ({year_label(end['year'], end.get('period_end'), 'plain')})"
            return text

        labels = [f"{MARKERS[i]} {named[i]} {latest(line)}" for i, line in enumerate(lines)]
        axis_width = max(len(number(v)) for v in (low, high)) + 1
        label_width = max(map(len, labels)) + 1
        # Names at the lines' ends only where the plot keeps room to read;
        # the legend below names every line anyway.
        at_ends = width - axis_width - label_width - 1 >= 24
        plot_width = max(10, width - axis_width - (label_width + 1 if at_ends else 2))
        canvas = Canvas(plot_width, height)
        dots_wide, dots_high = canvas.dots
        upside_down = unit == "rank"

        def dot(year: int, value: float) -> tuple[int, int]:
            x = round((year - first) / max(last - first, 1) * (dots_wide - 1))
            share = (value - low) / (high - low)
            y = round((share if upside_down else 1 - share) * (dots_high - 1))
            return x, y

        ends: list[tuple[int, int]] = []
        for i, line in enumerate(lines):
            style = COLORS[i % len(COLORS)]
            pts = [] if i in apart or i in hidden else line["points"]
            for a, b in itertools.pairwise(pts):
                if b["year"] == a["year"] + 1 and not (i in broken and b["year"] == floor):
                    canvas.line(dot(a["year"], a["value"]), dot(b["year"], b["value"]), style)
            for p in pts:
                x, y = dot(p["year"], p["value"])
                canvas.put(y // 4, x // 2, MARKERS[i], f"bold {style}")
            if pts:
                ends.append((dot(pts[-1]["year"], pts[-1]["value"])[1] // 4, i))
        # Each line's name at the right, on its last point's row: moved down if
        # taken, else up (two lines ending on the bottom row lost one name).
        label_rows: dict[int, int] = {}
        for row, i in sorted(ends):
            free = [r for r in range(row, height) if r not in label_rows]
            free += [r for r in range(row - 1, -1, -1) if r not in label_rows]
            if free:
                label_rows[free[0]] = i
        out: list[RenderableType] = [title]
        top_label = number(low if upside_down else high)
        bottom_label = number(high if upside_down else low)
        for r, cells in enumerate(canvas.rows()):
            axis = top_label if r == 0 else bottom_label if r == height - 1 else ""
            text = Text(axis.rjust(axis_width - 1) + " ┤" if axis else " " * axis_width + "│")
            for cell in cells:
                text.append(cell.char, cell.style)
            if r in label_rows and at_ends:
                i = label_rows[r]
                text.append(" ")
                text.append_text(_t(labels[i], COLORS[i % len(COLORS)]))
            out.append(text)
        out.append(Text(" " * axis_width + "└" + "─" * plot_width))
        ticks = [" "] * (plot_width + 1)
        for year in sorted({first, last, *((first + last) // 2,)}):
            col = dot(year, low)[0] // 2
            label = str(year)
            start = min(max(col - len(label) // 2, 0), plot_width - len(label) + 1)
            if all(ch == " " for ch in ticks[max(start - 1, 0) : start + len(label) + 1]):
                ticks[start : start + len(label)] = list(label)
        out.append(Text(" " * (axis_width + 1) + "".join(ticks).rstrip()))
        drawn = [label for i, label in enumerate(labels) if i not in apart and i not in hidden]
        legend = [*drawn, *(["(rank: up is better)"] if upside_down else [])]
        if len("  ".join(legend)) <= width:
            out.append(_t("  ".join(legend), "dim"))
        else:  # one a line, so a marker never parts from its name
            out.extend(_t(entry, "dim") for entry in legend)
        for first, same in twins.items():  # one line hides the other: say so
            out.append(
                _t(
                    f"{', '.join(lines[t]['city']['name'] for t in same)}: the same values "
                    f"as {lines[first]['city']['name']}, drawn as one line.",
                    "dim",
                )
            )
        if broken:
            out.append(
                _t(
                    f"The line{'s break' if len(broken) > 1 else ' breaks'} at {floor}: "
                    f"{data['indicator']['name']} from before {floor} is not comparable with "
                    "later years ('techhubs indicators' says why).",
                    "dim",
                )
            )
        whose, _ = _fiscal_years(
            (line["city"]["name"], p.get("period_end"))
            for i, line in enumerate(lines)
            if i not in apart
            for p in line["points"]
        )
        if whose:  # its points sit at the calendar year its fiscal year ends in
            out.append(
                _t(f"Fiscal years ({'; '.join(whose)}), each drawn at the year it ends in.", "dim")
            )
        if apart:
            names = ", ".join(labels[i].split(" ", 1)[1] for i in sorted(apart))
            out.append(
                _t(
                    f"Not drawn: {names}; this chart draws values in {_sign(currency)} only "
                    f"('techhubs rank --by {data['indicator']['id']}' converts them where "
                    "the data has an exchange rate).",
                    "dim",
                )
            )
        out.append(_sources(lines))
        return Group(*out)

    return Responsive(build)


def _coinciding(lines: Sequence[Record], apart: Collection[int]) -> dict[int, list[int]]:
    """The indexes of the trend lines with exactly the same points (years, values
    and periods) as an earlier one, by that one's (hubs that share a WIPO cluster
    share its rank): drawn, they were one line in the last one's markers, under
    the first one's end label. Lines without points, or ``apart`` (not drawn),
    coincide with none."""
    first: dict[tuple[tuple[Any, ...], ...], int] = {}
    twins: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if not line["points"] or i in apart:
            continue
        key = tuple((p["year"], p["value"], p.get("period_end")) for p in line["points"])
        j = first.setdefault(key, i)
        if j != i:
            twins.setdefault(j, []).append(i)
    return twins


def _spans(points: Sequence[Record], year: int) -> bool:
    """Whether ``points`` has values both before ``year`` and from it on."""
    return any(p["year"] < year for p in points) and any(p["year"] >= year for p in points)


def _sign(currency: str) -> str:
    """'¥', 'US$': how a currency's amounts are written (its code where none is
    known, or where the stream cannot carry a sign: :data:`ASCII`)."""
    return currency if ASCII else _CURRENCY_SIGNS.get(currency, currency)


def _signed(currency: str) -> str:
    """What an amount in ``currency`` is written after: its sign (:func:`_sign`), a
    code spaced from the number ('US$69.10', 'CNY 5.39')."""
    sign = _sign(currency)
    return f"{sign} " if sign[-1].isalpha() else sign


def line_currency(line: Record) -> str:
    """The currency a trend's line is in: yuan unless it names another."""
    return str(line.get("currency") or YUAN_CODE)


#: Each derived indicator's id with the ids of the indicators it is worked out
#: from (what it divides, what by): the ``derived`` of ``indicators``.
Inputs = Mapping[str, Sequence[str]]


def inputs_of(point: Record, lines: Sequence[Record], ids: Sequence[str], of: str) -> list[Record]:
    """The values a derived ``point`` (its source says 'derived:') is worked out
    from: of its year, in the holder's ``lines`` (indicator series) of the indicators
    ``ids``, each with whose it is and labelled an input of ``of``, for the sources
    (a derived number is only as good as its inputs, and they are seldom shown)."""
    if not ids or not str(point.get("source") or "").startswith("derived:"):
        return []
    return [
        {**p, "who": point["who"], "what": line["name"], "input_of": of}
        for i in ids
        for line in lines
        if line["id"] == i
        for p in line["series"]
        if p["year"] == point["year"]
    ]


def _sources(lines: Sequence[Record], more: Sequence[str] = ()) -> Group:
    """The distinct sources of the points drawn, as a dimmed footer, each said with
    whose values of which years it backs ('Shenzhen 2023, Beijing 2024: …'), as a
    profile says its own: a list of bare sources left a reader to guess which one
    backed 'Shenzhen 6.46% (2023)'. ``lines`` are trend lines (a ``city`` and
    its ``points``), or one line of a ranking's or a comparison's points, each
    with its ``who`` (and, in a comparison, the row it is in: its ``what``; for
    the input of a derived value, which it is an input of: ``input_of``);
    ``more``: other labelled sources (the exchange rates a ranking converts at)."""
    backs: dict[str, dict[tuple[str, str], dict[str, list[str]]]] = {}
    for line in lines:
        for point in line["points"]:
            who = point.get("who") or line.get("city", {}).get("name", "")
            year = year_label(point["year"], point.get("period_end")) if point.get("year") else ""
            what = (point.get("what", ""), point.get("input_of", ""))
            held = backs.setdefault(point["source"], {}).setdefault(what, {})
            years = held.setdefault(who, [])
            if year and year not in years:
                years.append(year)
    footer: list[RenderableType] = [Text("Sources:", style="dim")] if backs or more else []
    footer += _bullets([*(f"{_backed(whats)}: {source}" for source, whats in backs.items()), *more])
    return Group(*footer)


def _backed(whats: Mapping[tuple[str, str], Mapping[str, Sequence[str]]]) -> str:
    """What one source backs: 'Shenzhen 2023, Beijing 2024' in a chart of one
    figure; where each point names its figure (``what``, a comparison's rows),
    that first: 'Population, Shenzhen 2024', 'Revenue and R&D expense, Huawei
    Technologies 2024' (one report, two rows); an input of a derived figure says
    so after: 'GDP, Shenzhen 2023 (input of GDP per person)'."""
    rows: dict[tuple[str, str], list[str]] = {}
    for (what, of), held in whats.items():
        rows.setdefault((_whose(held), of), []).append(what)
    return "; ".join(
        (f"{_and(what)}, {whose}" if what[0] else whose) + (f" (input of {of})" if of else "")
        for (whose, of), what in rows.items()
    )


def _whose(held: Mapping[str, Sequence[str]]) -> str:
    """'Shenzhen 2023, Beijing 2023 and 2024'; past three holders, 'Beijing 2023,
    Shanghai 2023, Shenzhen 2023 and 9 more'."""
    said = [f"{who} {_and(list(years))}" if years else who for who, years in held.items()]
    return ", ".join(said) if len(said) <= 3 else f"{', '.join(said[:3])} and {len(said) - 3} more"


def tied_note(tied_out: Sequence[str], shown: int, one: str) -> str:
    """'Not shown: Shanghai, tied with a hub shown; --limit 2 shows it.': the names
    --limit left out that share a place with ``one`` shown, three and how many
    more (never '1 more': its name is as short)."""
    many = len(tied_out) > 4
    named = [*tied_out[:3], f"{len(tied_out) - 3} more"] if many else list(tied_out)
    return (
        f"Not shown: {_and(named)}, tied with {one} shown; --limit "
        f"{shown + len(tied_out)} shows {'it' if len(tied_out) == 1 else 'them'}."
    )


def similar_table(
    rows: Sequence[SimilarRecord],
    city_name: str,
    places: Mapping[str, int] | None = None,
    total: int | None = None,
    tied_out: Sequence[str] = (),
) -> Responsive:
    """The hubs most like one (the first of ``total``), with why; at narrow widths,
    one block per hub. The # is a hub's place most alike first (``places``, by id),
    in any order shown; ``tied_out`` names the hubs --limit cut that share one."""
    places = places or {}
    columns = [
        # never dropped, as a table of any width or as blocks: '#' carries the
        # ties, the caption explains Score, and Why is what 'similar' is asked for
        Column("#", 0, justify="right"),
        Column("City", 0, heads=True),
        Column("Score", 0, justify="right"),
        Column("Why", 0, wraps=True, least=20),
    ]
    # Every decimal the score has (three): at two, Shanghai's 0.194 and Hangzhou's
    # 0.188 both read 0.19, placed first and second.
    cells: list[list[Text]] = []
    for i, r in enumerate(rows, start=1):
        name = _t(r["name"], "bold cyan")
        name.append(" ")
        name.append_text(_t(r["name_zh"]))
        place = places.get(r["id"], i)
        cells.append([_t(place), name, _t(f"{r['score']:.3f}"), _t(r["reason"])])
    title = _t(f"Hubs most like {city_name}")
    caption = (
        f"{_counted(len(rows), None, None if total == len(rows) else total, 'hubs')}. "
        "Score: shared focus areas and companies over all of either's (Jaccard, 0 to 1)."
    )
    if tied_out:  # Shanghai as alike as Guangzhou, cut by --limit 1 without a word
        caption += " " + tied_note(tied_out, len(rows), "a hub")
    return Responsive(lambda width: fitted(title, columns, cells, width, caption))


def city_map(record: MapRecord, outline: Sequence[Sequence[Sequence[float]]]) -> Group:
    from techhubs.output.braille import MapView, Place

    def shown(text: str) -> str:
        return printable(text, limit=None)

    places = [
        Place(shown(c["name"]), c["lat"], c["lon"], c["highlighted"]) for c in record["cities"]
    ]
    area = record["focus_area"]
    caption = (f"◆ leads in {shown(area['name'])}  ● other hubs" if area else "● a tech hub") + (
        ". Outline: Natural Earth (public domain)."
    )
    return Group(MapView(outline, places, caption))


# -- generic -------------------------------------------------------------------------------


def records_table(
    title: str,
    records: Sequence[Mapping[str, Any]],
    shown: Sequence[Mapping[str, str]] = (),
    bars: Sequence[float | None] = (),
    caption: str | None = None,
) -> Responsive:
    """A table of flattened records, for ``--fields`` with table output, fitted
    to the width as every list is.

    ``shown`` gives a row's cells as its command writes them ('¥5.39 trillion
    (2024)' rather than 5392671000000); ``bars`` (0 to 1, one a row) draws a
    bar beside the value column, as the chart it narrows does.
    """
    flat = [flatten(r, escape=False) for r in records]
    names: list[str] = []
    for row in flat:
        names.extend(c for c in row if c not in names)
    # A figure's number is always its "value" (docs/json.md, ### figure).
    figures = {c for c in names if c.rsplit(".", 1)[-1] == "value"}
    # The name (else the first column) is kept at any width; then the figures.
    first = next((n for n in ("name", "id") if n in names), names[0] if names else "")
    columns: list[Column] = []
    for name in names:
        keep = 0 if name == first else 1 if name in figures else 2
        justify = "right" if name in figures else "left"
        # a figure's year is shown while its value is: never a number without its year
        owner, _, part = name.rpartition(".")
        follows = f"{owner}.value" if part == "year" and f"{owner}.value" in figures else ""
        # a url is folded where it must be (it has nowhere to wrap), never dropped
        breaks = part in ("url", "website")  # 'gdp.url', and a bare 'url' or 'website'
        column = Column(
            name, keep, wraps=name not in figures, justify=justify, follows=follows, breaks=breaks
        )
        columns.append(column)
        if name == "value" and bars:
            columns.append(Column("", 4, style="green"))
    cells: list[list[Text]] = []
    for i, row in enumerate(flat):
        mine = {**_with_units(records[i], names), **(shown[i] if shown else {})}
        line: list[Text] = []
        for name in names:
            text = _t(mine[name]) if name in mine else _cell(row.get(name, ""), name in figures)
            line.append(text)
            if name == "value" and bars:
                fraction = bars[i]
                line.append(Text("" if fraction is None else _bar(fraction, 20).ljust(20)))
        cells.append(line)
    return Responsive(lambda width: fitted(title, columns, cells, width, caption, named=True))


#: The unit of a record's own figures (its indicators carry theirs).
_FIGURE_UNITS = {"population": "persons", "gdp": "yuan", "gdp_per_capita": "yuan"}


def _with_units(record: Mapping[str, Any], names: Sequence[str]) -> dict[str, str]:
    """A record's figures as the profile writes them ('¥5.21 trillion'), for the
    columns of a --fields table that hold them."""
    out: dict[str, str] = {}
    for name in names:
        figure, _, part = name.rpartition(".")
        unit = _FIGURE_UNITS.get(figure)
        if not unit or part != "value":
            continue
        held = record.get(figure)  # nested, or already a flat row's cell
        value = held.get("value") if isinstance(held, Mapping) else record.get(name)
        if isinstance(value, str) and _NUMBER.fullmatch(value):
            value = float(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[name] = human_number(value, unit)
    return out


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _cell(value: str, figure: bool) -> Text:
    """A --fields cell; a figure's number with thousands separators
    (5,392,671,000,000, not 5392671000000), its digits otherwise untouched."""
    if figure and _NUMBER.fullmatch(value):
        whole, _, part = value.partition(".")
        return _t(f"{int(whole):,}" + (f".{part}" if part else ""))
    return _t(value)


def indicators_table(rows: Sequence[Record]) -> Responsive:
    """Every indicator: its id (what --by takes), unit, how many hubs (or, for a
    company's figure, companies) have it, over which years, and what it measures."""
    columns = [
        Column("Indicator", 0, wraps=True),
        Column("Unit", 3),
        Column("Has it", 2, justify="right", joined=True),
        Column("Years", 1),
        Column("What it measures", 4, wraps=True, least=30),
    ]
    cells: list[list[Text]] = []
    for r in rows:
        cover = r["coverage"]
        first, last = cover["first_year"], cover["last_year"]
        years = "—" if first is None else str(first) if first == last else f"{first}–{last}"
        name = _t(r["name"], "bold cyan")
        name.append("\n")
        name.append_text(_t(r["id"], "dim"))
        what = r["description"] + (f" Derived: {r['how']}." if r["how"] else "")
        # '12/12 hubs', '28/52 cos.': who has a value, of all who could, on two
        # lines as the indicator's name and id are (a column as narrow as 'Has it');
        # on one in a block of lines
        held = "cos." if r["applies_to"] == "companies" else "hubs"
        coverage = _t(f"{cover['cities']}/{cover['of']}")
        coverage.append(f"\n{held}", style="dim")
        cells.append([name, _t(r["unit"]), coverage, _t(years), _t(what)])
    caption = (
        "Has it: how many of the hubs (cos.: companies) have a value. Rank the hubs by one: "
        "techhubs rank --by ID. Follow one: techhubs trend CITY --by ID."
    )
    return Responsive(lambda width: fitted("Indicators", columns, cells, width, caption))


def _cache_files(names: Sequence[str]) -> Text:
    """'1 dataset, 1 store, 61 tables', a count a line (joined in a block): an
    entry's files counted by kind (--json lists each; 61 names of two hashes
    each buried the rest of the table)."""
    from techhubs.loader.cache import FILE_KINDS

    counts = [
        counted(sum(n.startswith(start) for n in names), kind, f"{kind}s")
        for start, kind in FILE_KINDS.items()
        if any(n.startswith(start) for n in names)
    ]
    return Text(",\n").join(map(_t, counts))


def cache_table(report: Mapping[str, Any], sources: Mapping[str, Sequence[str]]) -> Responsive:
    """The cache's entries, each with the data files it was made from where a run
    recorded them (``sources``, by key)."""
    state = "used" if report["used"] else f"not used: {report['refused_because']}"
    where = printable(report["directory"], limit=None, exact=True)
    title = _t(f"Cache at {where} ({state})")
    columns = [
        Column("Entry", 0),
        Column("Data file", 2, wraps=True, breaks=True),
        Column("Files", 3, joined=True),
        Column("Size", 1, justify="right"),
        # a date is short: it stays while a long path goes
        Column("Written", 0),
    ]
    rows = [
        [
            _t(e["key"][:12]),
            _join(printable(p, limit=None, exact=True) for p in sources.get(e["key"], ())),
            _cache_files(e["files"]),
            _t(f"{e['bytes']:,}"),
            _t(e["modified"]),
        ]
        for e in report["entries"]
    ]
    count = len(report["entries"])
    caption = f"{counted(count, 'entry', 'entries')}, {report['bytes']:,} bytes."
    return Responsive(lambda width: fitted(title, columns, rows, width, caption))


def validation_report(report: Mapping[str, Any]) -> Group:
    text = Text("✓ ", style="bold green")
    text.append_text(_t(printable(report["file"], limit=None, exact=True), "bold"))
    version, as_of = printable(report["version"]), printable(report["as_of"])
    text.append(
        f" is valid (data {version} of {as_of}): "
        + ", ".join(
            counted(report[key], one, many)
            for key, one, many in (
                ("cities", "city", "cities"),
                ("companies", "company", "companies"),
                ("focus_areas", "focus area", "focus areas"),
                ("indicators", "indicator", "indicators"),
                ("observations", "observation", "observations"),
            )
        )
        + "."
    )
    lines: list[RenderableType] = [text]
    from techhubs.errors import Problem

    file = printable(report["file"], limit=None, exact=True)
    for warning in report["warnings"]:
        line = Text("⚠ ", style="bold yellow")
        # file:line: path: message, as an error names its place
        problem = Problem(warning["path"], warning["message"], warning["line"])
        line.append_text(_t(problem.render(file), "yellow"))
        lines.append(line)
    if report["warnings"]:
        many = counted(len(report["warnings"]), "warning", "warnings")
        lines.append(Text(f"{many}: worth a look, not errors.", "dim"))
    return Group(*lines)


def fields_table(kind: str, rows: Sequence[Record]) -> Responsive:
    """The fields of one kind of record: the names --fields and the CSV header use."""
    columns = [
        Column("Field", 0, style="bold cyan"),
        Column("Type", 2),
        Column("Meaning", 1, wraps=True, weight=3),
    ]
    cells = [[_t(r["name"]), _t(r["type"]), _t(r["meaning"])] for r in rows]
    from techhubs.output import contract

    # an example --fields takes in every format: a column of a record a list
    # holds (a reference gives only its id and name, so trend's 'indicator.unit'
    # is listed but not one; and a document's part — compare's figure rows,
    # trend's, map's — has other columns than its JSON: it gets no example)
    rows_of = {
        shape
        for part, shape in contract.SECTION_SHAPES.items()
        if part not in contract.DOCUMENT_PARTS
    }
    taken = set(contract.columns(kind)) if kind in rows_of else set()
    dotted = [r["name"] for r in rows if "." in r["name"] and r["name"] in taken]
    caption = f"Dotted names reach inside a record: --fields {dotted[-1]}." if dotted else None
    title = f"Fields of {kind}"
    return Responsive(lambda width: fitted(title, columns, cells, width, caption))
