"""Issue 13: tables read well at the widths people use, from a phone's SSH client
to a wide monitor.

On the old code ``COLUMNS=40 techhubs search silicon valley`` dropped the Name
column, and ``COLUMNS=40 techhubs companies`` printed founded years as ``19…``
and names as ``Ali…``. A table now drops its least needed columns first, never
the name, and stacks each row as 'label: value' lines when even that fails.
"""

from __future__ import annotations

import os
import re

import pytest
from rich.cells import cell_len

from conftest import GOLDEN, Run
from techhubs.output.tables import SHORT_FORMS, fiscal_note

UPDATE = os.environ.get("TECHHUBS_UPDATE_GOLDEN") == "1"
WIDTHS = ["40", "60", "80", "100", "200"]
FITTED = {
    "search": ["search", "silicon", "valley"],
    "search-long": ["search", "zhongguancun"],
    "companies": ["companies"],
    "companies-by-revenue": ["companies", "--sort", "revenue", "--limit", "8"],
    "cities-ai": ["cities", "--focus", "ai"],
    "similar": ["similar", "shenzhen"],
    "compare-two": ["compare", "beijing", "hangzhou"],
    "compare-six": ["compare", "bj", "sh", "sz", "hz", "cd", "wh"],
    "city": ["city", "wuhan"],
    "cities": ["cities"],
    "areas": ["areas"],
    "indicators": ["indicators"],
    "rank": ["rank", "--by", "gdp"],
    "rank-companies": ["rank", "--by", "revenue"],
    "rank-fields": ["rank", "--by", "gdp", "--fields", "rank,name,value"],
    "company": ["company", "smic"],
    "compare-companies": ["compare", "huawei", "tencent"],
    "compare-areas": ["compare", "ai", "semiconductors", "ev"],
    "area": ["area", "ai"],
    "overview": ["overview"],
    "trend": ["trend", "bj", "sh", "sz", "--by", "gdp"],
    "map": ["map"],
    "fields": ["fields", "company"],
}

#: Every command that draws a table, as a reader would type it.
TABLE_COMMANDS = [
    *FITTED.values(),
    ["city", "beijing"],
    ["city", "sz", "hz"],
    ["company", "tencent", "alibaba"],
    ["similar", "wuhan"],
    ["search", "ai"],
    ["companies", "--city", "beijing"],
    ["compare", "bj", "sh", "sz", "hz", "cd", "wh", "--growth"],
    ["trend", "huawei", "tencent", "--by", "revenue"],
    ["rank", "--by", "rd-intensity"],
    ["cities", "--fields", "name,gdp"],
    ["companies", "--fields", "id,name,founded"],
    ["data", "validate"],
    ["cache", "info"],
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(FITTED))
def test_width_golden(run: Run, name: str, width: str) -> None:
    result = run(*FITTED[name], env={"COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / "widths" / f"{name}-{width}.txt"
    if UPDATE:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def _words(text: str) -> set[str]:
    return set(text.split())


@pytest.mark.parametrize("width", range(30, 251, 11))
def test_no_line_overflows_and_no_name_or_number_is_cut(run: Run, width: int) -> None:
    env = {"COLUMNS": str(width)}
    companies = run("companies", "--json").json()
    out = run("companies", env=env).stdout
    lines = out.splitlines()
    assert all(cell_len(line) <= width for line in lines), width
    assert "…" not in out
    words = _words(out)
    for company in companies:
        # every word of every name is there whole (a name may wrap between words)
        assert _words(company["name"]) <= words, company["name"]
        if str(company["founded"]) not in words:
            # the Founded column may have gone, but then no year is half shown
            assert not re.search(r"\b1\d…|\b20…", out)

    hits = run("search", "silicon", "valley", "--json").json()
    out = run("search", "silicon", "valley", env=env).stdout
    assert all(cell_len(line) <= width for line in out.splitlines()), width
    words = _words(out)
    for hit in hits:
        assert _words(hit["name"]) <= words, hit["name"]


@pytest.mark.parametrize("width", range(30, 251, 17))
def test_list_tables_neither_overflow_nor_cut(run: Run, width: int) -> None:
    """Every list table fits its width with no '…': a word is wrapped or its
    column dropped, never cut."""
    for args in (["cities"], ["cities", "--focus", "ai"], ["areas"], ["indicators"]):
        out = run(*args, env={"COLUMNS": str(width)}).stdout
        assert all(cell_len(line) <= width for line in out.splitlines()), (args, width)
        assert "…" not in out, (args, width)
    names = [c["name"] for c in run("cities", "--json").json()]
    out = run("cities", env={"COLUMNS": str(width)}).stdout
    assert all(name in out for name in names)


def test_a_narrow_terminal_stacks_rows_rather_than_lose_them(run: Run) -> None:
    out = run("search", "zhongguancun", env={"COLUMNS": "40"}).stdout
    hits = run("search", "zhongguancun", "--json").json()
    for hit in hits:
        # each block starts with the name, whole (its Chinese name may follow)
        assert any(line.startswith(hit["name"]) for line in out.splitlines()), hit["name"]
    assert "  Score:   100" in out


_FIGURE = re.compile(r"[¥#]?\d[\d,.]*(?: (?:million|billion|trillion))?")


@pytest.mark.parametrize("width", [*range(30, 251, 22), 80])
def test_compare_of_six_never_splits_a_figure(run: Run, width: int) -> None:
    """At 80 columns the old table printed '¥228,30' / '3' and 'trillio' / 'n'."""
    args = ["compare", "bj", "sh", "sz", "hz", "cd", "wh"]
    wide = run(*args, env={"COLUMNS": "250"}).stdout
    out = run(*args, env={"COLUMNS": str(width)}).stdout
    assert all(cell_len(line) <= width for line in out.splitlines()), width
    assert "…" not in out
    flat = " ".join(out.split())
    for figure in set(_FIGURE.findall(wide)):
        if any(ch.isdigit() for ch in figure):
            assert figure.split()[0] in out.split() or figure in flat, figure


@pytest.mark.parametrize("width", [40, 50, 60, 70])
def test_a_hyphenated_word_longer_than_its_line_breaks_at_its_hyphen(run: Run, width: int) -> None:
    """Fresh eyes (ux18 #9): at 60 columns compare's blocks folded 'Economic-
    Technological' as 'Economic-Technologic' / 'al', though its hyphen was free."""
    out = run("compare", "bj", "sh", "sz", "gz", "hz", "cd", env={"COLUMNS": str(width)}).stdout
    assert all(cell_len(line) <= width for line in out.splitlines())
    assert "Technological" in out and not re.search(r"Technologic(?!al)", out)
    assert "\u2008" not in out and "\ue000" not in out  # the marks of the wrap are gone
    # a hyphen is a break only in a word that must break: at 250 columns none is
    wide = run("compare", "bj", "sh", "sz", "gz", "hz", "cd", env={"COLUMNS": "250"}).stdout
    assert "Economic-Technological" in wide


def test_the_soft_breaks_keep_a_texts_styles() -> None:
    from rich.console import Console
    from rich.text import Text

    from techhubs.output.tables import Held

    text = Text("the Economic-Technological Zone")
    text.stylize("bold", 4, 12)  # 'Economic'
    lines = Held.of(text).wrap(Console(width=20), 16)
    assert [line.plain.rstrip() for line in lines] == ["the Economic-", "Technological", "Zone"]
    assert [(s.start, s.end, str(s.style)) for s in lines[0].spans] == [(4, 12, "bold")]


@pytest.mark.parametrize("command", [["city", "wuhan"], ["company", "huawei"], ["area", "ai"]])
def test_prose_is_set_at_a_readable_measure(run: Run, command: list[str]) -> None:
    """At 220 columns 'city wuhan' printed prose lines of ~215 characters."""
    out = run(*command, env={"COLUMNS": "220"}).stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 100
    assert out == run(*command, env={"COLUMNS": "100"}).stdout


def test_compare_of_two_leaves_no_gaps_on_a_wide_terminal(run: Run) -> None:
    out = run("compare", "beijing", "hangzhou", env={"COLUMNS": "220"}).stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("width", range(30, 251, 20))
def test_rank_never_cuts_a_hub_name(run: Run, width: int) -> None:
    """At 40 columns the old chart printed 'Guangzhou 广…': the Chinese name now
    goes first, the hub's name never."""
    out = run("rank", "--by", "gdp", env={"COLUMNS": str(width)}).stdout
    assert all(cell_len(line) <= width for line in out.splitlines())
    assert "…" not in out
    for hit in run("rank", "--by", "gdp", "--json").json():
        assert re.search(rf"^\s*{hit['rank'] or ''}  {re.escape(hit['name'])}\b", out, re.M), hit


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_APART = re.compile(r"[\s\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


def _numbers(text: str) -> set[str]:
    """The numbers of ``text``, leaving out those inside words (a web address is
    folded where it must, and '5G' is a name). Chinese characters part words as
    spaces do: a line may break between 增长 and 5.5% (a note's quotation)."""
    return {
        n
        for token in _APART.split(text)
        if not re.search(r"[^\W\d_]", token)
        for n in _NUMBER.findall(token)
    }


_FRAME = re.compile(r"[│╭╮╰╯─━┃┤└├▲●■◆★✚▁▂▃▄▅▆▇█▏▎▍▌▋▊▉\u2800-\u28ff]")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _tokens(text: str) -> set[str]:
    """The words of ``text``, without the frame, bars and punctuation around them."""
    found = set()
    for token in _FRAME.sub(" ", text).split():
        word = token.strip(",;:.()'\"“”’‘!?[]{}…")
        if word and not word.endswith(":"):
            found.add(word)
    return found


def _breakable(word: str) -> bool:
    """A word a line must never break: not Chinese (which breaks between any two
    characters), not a web address too long for any line, not the short units of
    a narrow chart ('B', 'T', '’24')."""
    if _CJK.search(word) or any(c in word for c in "/=?&") or len(word) <= 2:
        return False
    return not re.search(r"\w\.\w", word) and word not in {"htm", "html", "php", "com"}


def _at_a_hyphen(fragment: str, words: set[str]) -> bool:
    """Whether ``fragment`` is a known hyphenated word broken at one of its hyphens
    ('innovation-' of 'innovation-demonstration', or 'demonstration' after it): a
    word longer than its column breaks there rather than mid-word."""
    hyphenated = [w for w in words if "-" in w.strip("-")]
    if fragment.endswith("-"):
        return any(w.startswith(fragment) for w in hyphenated)
    return any(w.endswith(f"-{fragment}") for w in hyphenated)


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=" ".join)
def test_no_table_command_overflows_cuts_or_splits_a_number(run: Run, args: list[str]) -> None:
    """The property of issue 13 over every table command, from 30 to 250 columns:
    no line is wider than the terminal, nothing is cut with '…', every number
    shown is whole (one the command also shows at its widest or narrowest, or
    that its JSON holds: a number split across lines is neither), and so is
    every word (one it shows at its widest, or its JSON holds)."""
    wide = run(*args, env={"COLUMNS": "250"}).stdout
    known = _numbers(wide)
    known |= _numbers(run(*args, env={"COLUMNS": "30"}).stdout)
    words = _tokens(wide) | _tokens(run(*args, env={"COLUMNS": "400"}).stdout)
    # said under a table that uses them (narrow, it may)
    words |= _tokens(f"{SHORT_FORMS} {fiscal_note([('', '2025-03-31')], short=True)}")
    # ... and under a table that leaves columns out (their headers are in the wide one)
    words |= _tokens("Left out at this width: a wider terminal shows them it.")
    # an ellipsis the data itself writes (a quotation cut short in a note) is no cut
    quoted = 0
    if args[0] not in ("map", "data"):
        as_json = run(*args, "--json").stdout
        words |= _tokens(as_json.replace("\\n", " "))
        quoted = as_json.count("…")
    paths = args[0] == "cache"  # a folder's path may be longer than any line
    known |= _numbers(run(*args, "--json").stdout) if args[0] not in ("map", "data") else set()
    known |= _numbers(run(*args, env={"COLUMNS": "250"}).stdout)  # a cache written meanwhile
    for width in range(30, 251, 11):
        out = run(*args, env={"COLUMNS": str(width)}).stdout
        assert out, (args, width)
        too_wide = [line for line in out.splitlines() if cell_len(line) > width]
        assert not too_wide, (width, too_wide[:2])
        assert out.count("…") <= quoted, width
        assert _numbers(out) <= known, (width, _numbers(out) - known)
        # a fragment that fills a line is of a word longer than any line could hold
        # ... unless it is the end of a word longer than a line (a url): that one must break
        longer = [w for w in words if cell_len(w) > width - 4]
        split = {
            w
            for w in _tokens(out) - words
            if _breakable(w)
            and not paths
            and cell_len(w) < width - 10
            and not any(w in long for long in longer)
            and not _at_a_hyphen(w, words)
        }
        assert not split, (width, sorted(split)[:5])


@pytest.mark.parametrize("width", ["30", "40", "60", "100"])
def test_rank_keeps_a_long_company_name_whole(run: Run, width: str) -> None:
    """At 40 to 120 columns the old chart printed 'Semiconductor Manufacturi…'."""
    out = run("rank", "--by", "revenue", env={"COLUMNS": width}).stdout
    assert "…" not in out
    words = out.split()
    for company in run("rank", "--by", "revenue", "--json").json():
        # every word whole (a long name wraps under itself, between words)
        assert set(company["name"].split()) <= set(words), company["name"]


@pytest.mark.parametrize("width", ["30", "40", "60"])
def test_a_profile_never_cuts_its_name(run: Run, width: str) -> None:
    """At 40 columns the old panel's edge read 'Semiconductor Manufacturing Interna─╮'."""
    out = run("company", "smic", env={"COLUMNS": width}).stdout
    words = set(out.replace("│", " ").split())
    name = run("company", "smic", "--json").json()["name"]
    assert set(name.split()) <= words


@pytest.mark.parametrize("width", ["40", "80", "100"])
def test_companies_show_chinese_names_beside_english_ones(run: Run, width: str) -> None:
    """On the old code the 中文 column was the first to go: at 80 columns no
    Chinese name was shown. Now each follows its English name, wrapping with it."""
    out = run("companies", env={"COLUMNS": width}).stdout
    flat = "".join(out.split())
    for company in run("companies", "--json").json():
        assert company["name_zh"] in flat, company["name_zh"]


def test_the_review_cases_of_issue_13(run: Run) -> None:
    """Cases a review found after the first pass, each failing on the code before."""
    # a growth ranking showed an unranked hub's GDP as '2,207,472,000,000.00%'
    growth = run("rank", "--by", "gdp", "--growth", env={"COLUMNS": "80"}).stdout
    assert not re.search(r"\d{4},\d{3},\d{3}.*%", growth)
    # Chinese names beside English ones in areas, an area's panel and compare of areas
    areas = run("areas", env={"COLUMNS": "120"}).stdout
    assert "Artificial intelligence 人工智能" in areas
    assert "人工智能" in run("area", "ai").stdout.splitlines()[0]
    assert "人工智能" in run("compare", "ai", "ev").stdout
    # --fields tables keep their view's title
    assert run("similar", "shenzhen", "--fields", "name,score").stdout.startswith(
        "Hubs most like Shenzhen"
    )
    assert run("overview", "--fields", "name").stdout.startswith("The hubs at a glance")
    # the field a company list was filtered by comes first and stays at 40 columns
    narrow = run("companies", "--focus", "ai", env={"COLUMNS": "40"}).stdout
    assert "Focus areas" in narrow.splitlines()[2]
    # prose stays at a readable measure on a wide terminal
    for args in (["overview"], ["similar", "shenzhen"]):
        out = run(*args, env={"COLUMNS": "220"}).stdout
        assert max(cell_len(line) for line in out.splitlines()) <= 100, args


@pytest.mark.parametrize(
    "name", ["字节", "中芯", "海康", "中兴", "平安", "讯飞", "长鑫", "药明", "成飞", "B站"]
)
def test_short_chinese_names_people_use(run: Run, name: str) -> None:
    result = run("company", name, "--json")
    assert result.exit_code == 0, result.stderr


def test_a_search_narrowed_by_kind_says_so(run: Run) -> None:
    out = run("search", "ai", "--kind", "company").stdout
    assert out.rstrip().endswith("matches for 'ai' among company hits.")


def test_search_shows_chinese_names_beside_english_ones(run: Run) -> None:
    """A review of issue 13: 'search 京东' showed only 'JD.com' and 'BOE Technology Group'."""
    out = run("search", "京东").stdout
    assert "JD.com 京东" in out and "BOE Technology Group 京东方" in out


def test_chinese_breaks_where_the_old_pattern_broke() -> None:
    """Promise: the narrowest a wrapping column may be is what the regular expression
    it replaced gave (which cost 3 ms to compile on every table run): a run of
    Chinese counts as one character, any other word as itself."""
    from techhubs.output.tables import _longest_word

    pattern = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
    words = ["深圳", "Shenzhen", "华为Huawei", "（深圳）", "abc：defgh", "ＡＢ", "x", "⺀z", "é中"]

    def oracle(word: str) -> int:
        if not pattern.search(word):
            return cell_len(word)
        return max(2, *(cell_len(part) for part in pattern.split(word)))

    for word in words:
        assert _longest_word([word]) == oracle(word), word
    assert _longest_word(["华为 Huawei深圳科技"]) == max(map(oracle, ["华为", "Huawei深圳科技"]))


def test_prose_too_narrow_to_read_stacks_the_rows(run: Run) -> None:
    """Fresh eyes: at 80 columns 'indicators' gave its descriptions a 16-cell
    column, a word or two a line; now each indicator is a block whose prose
    runs the width, and a wide terminal keeps the table."""
    out = run("indicators", env={"COLUMNS": "80"}).stdout.splitlines()
    assert "What it measures" not in out[2]  # no table header
    line = next(i for i, text in enumerate(out) if "What it measures: Year-end" in text)
    prose = [text for text in out[line : line + 6] if text.strip()]
    assert min(len(text) for text in prose[:-1]) > 60  # lines that run the width
    wide = run("indicators", env={"COLUMNS": "100"}).stdout.splitlines()
    assert wide[2].split() == ["Indicator", "Unit", "Has", "it", "Years", "What", "it", "measures"]


def test_columns_is_held_to_a_width_that_can_be_drawn(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fresh eyes: COLUMNS=0 printed nothing (exit 0), COLUMNS=1 a letter a line,
    and COLUMNS=99999999 left 'rank' drawing its bars for minutes."""

    def no_terminal(*_: object) -> os.terminal_size:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    fallback = run("city", "sz", env={"COLUMNS": "80"}).stdout  # no terminal: 80
    assert fallback and run("city", "sz", env={"COLUMNS": "0"}).stdout == fallback
    assert run("city", "sz", env={"COLUMNS": "junk"}).stdout == fallback
    narrow = run("cities", env={"COLUMNS": "30"}).stdout
    assert run("cities", env={"COLUMNS": "1"}).stdout == narrow
    huge = run("rank", env={"COLUMNS": "99999999"})
    assert huge.exit_code == 0
    assert huge.stdout == run("rank", env={"COLUMNS": "1000"}).stdout
    assert max(map(len, huge.stdout.splitlines())) <= 1000


def test_a_narrow_similar_keeps_the_score_its_caption_explains(run: Run) -> None:
    """Fresh eyes: at 40 columns 'similar' dropped its Score column but kept the
    caption that explains the score."""
    out = run("similar", "sz", env={"COLUMNS": "40"}).stdout
    assert "  Score: 0.194" in out.splitlines()
    assert "Score: shared focus areas" in out


def test_a_narrow_list_becomes_blocks_rather_than_lose_what_it_is_for(run: Run) -> None:
    """Fresh eyes (ux17 #8): at 40 columns 'similar' left out '#' (its ties) and
    Why (what it is asked for), and 'search tech --limit 3' left out Matched while
    'search tech' became blocks with every field. Both now become blocks."""
    similar = run("similar", "hz", "--limit", "4", env={"COLUMNS": "40"}).stdout
    lines = similar.splitlines()
    at = lines.index("Shanghai 上海")
    assert lines[at + 1].split() == ["#:", "1"]  # tied with Guangzhou
    assert lines[at + 3].startswith("  Why:   shares")
    assert "Left out" not in similar
    short = run("search", "tech", "--limit", "3", env={"COLUMNS": "40"}).stdout
    assert "  Matched: name" in short.splitlines() and "Left out" not in short
    whole = run("search", "tech", env={"COLUMNS": "40"}).stdout
    assert whole.startswith(short.rsplit("\n\n", 1)[0])  # the same blocks, then more


@pytest.mark.parametrize(
    ("value", "unit", "written"),
    [
        (999_999_000_000, "yuan", "¥1.00 trillion"),
        (995_000_000_000, "yuan", "¥995.00 billion"),
        (996_350_000_000, "yuan", "¥996.35 billion"),  # round 12: not '¥1.00 trillion'
        (999_994_000_000, "yuan", "¥999.99 billion"),
        (999_996_000, "persons", "1.00 billion"),
        (999_999, "persons", "999,999"),  # whole persons are written whole below a million
        (994_999, "persons", "994,999"),
        (5_390_000_000_000, "yuan", "¥5.39 trillion"),
        (-999_999_000_000, "yuan", "¥-1.00 trillion"),
    ],
)
def test_a_number_is_written_at_the_scale_it_rounds_to(
    value: float, unit: str, written: str
) -> None:
    """Fresh eyes (ux11 #20): 999,999,000,000 yuan was '¥1,000.00 billion'."""
    from techhubs.output.tables import human_number

    assert human_number(value, unit) == written


def test_prose_in_a_table_stops_at_100_columns(run: Run) -> None:
    """Fresh eyes (ux12 #8): at COLUMNS=1000, 'indicators' wrote each description on
    one line of up to 557 cells, though the README says prose stops at 100 columns
    however wide the terminal. A wrapping column now never grows past 100."""
    lines = run("indicators", env={"COLUMNS": "1000", "NO_COLOR": "1"}).stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "What it measures" in line)
    start = lines[at].index("What it measures")
    body = lines[at + 2 : lines.index("", at)]  # under the header's rule, to the caption
    assert len(body) > 16  # descriptions wrap
    assert max(cell_len(line[start:]) for line in body) <= 100


def test_a_wrapped_label_keeps_its_indent(run: Run) -> None:
    """ux14 #8: at 30 columns 'Unicorns (China Unicorn Report) 2024:' wrapped, and
    its second line started at column 0, where the hubs' names stand."""
    out = run("compare", "sz", "bj", "sh", "hz", "cd", "wh", env={"COLUMNS": "30"}).stdout
    lines = out.splitlines()
    at = lines.index("  Unicorns (China Unicorn")
    assert lines[at + 1] == "  Report) 2024:"


def test_a_column_left_out_is_named(run: Run) -> None:
    """Fresh eyes (ux16 #16): at 80 columns 'cities' silently dropped Cos. and
    Leads in, which a 40-column block shows; the table now names what it left out,
    and a table that keeps every column says nothing."""
    narrow = run("cities", env={"COLUMNS": "80"}).stdout
    assert "Cos." not in narrow.splitlines()[2]  # the header: the column is gone
    assert narrow.rstrip().endswith(
        "Left out at this width: Cos., Leads in; a wider terminal shows them."
    )
    wide = run("cities", env={"COLUMNS": "120"}).stdout
    assert "Cos." in wide.splitlines()[2] and "Left out" not in wide
    blocks = run("cities", env={"COLUMNS": "40"}).stdout
    assert "Leads in:" in blocks and "Left out" not in blocks
