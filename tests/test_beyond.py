"""Issue 6: similar hubs, rankings, the map, SQLite export, --query, saved pictures."""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Run

# -- rank ----------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator", ["population", "gdp", "gdp-per-capita"])
def test_rank_orders_one_year_with_sources(run: Run, indicator: str) -> None:
    """Issue 10: a ranking is for one year, by default the latest most hubs have; a hub
    without that year is listed last, unranked, with its latest earlier value."""
    rows = run("rank", "--by", indicator, "--json").json()
    cities = {c["id"]: c for c in run("cities", "--json").json()}
    series = {
        cid: {
            p["year"]: p for p in next(i for i in c["indicators"] if i["id"] == indicator)["series"]
        }
        for cid, c in cities.items()
    }
    counts = Counter(year for points in series.values() for year in points)
    widest = max(counts.values())
    year = max(y for y, n in counts.items() if n == widest)
    assert all(r["year"] == year and r["indicator"] == indicator for r in rows)
    ranked = [r for r in rows if r["rank"] is not None]
    values = [r["value"] for r in ranked]
    assert values == sorted(values, reverse=True)
    for r in ranked:
        point = series[r["id"]][year]
        assert (r["value"], r["source"]) == (point["value"], point["source"])
    missing = [r for r in rows if r["rank"] is None]
    for r in missing:
        assert year not in series[r["id"]] and r["value"] is None
        earlier = [p for y, p in series[r["id"]].items() if y < year]
        later = [p for y, p in series[r["id"]].items() if y > year]
        assert r["older"] == (max(earlier, key=lambda p: p["year"]) if earlier else None)
        assert r["newer"] == (min(later, key=lambda p: p["year"]) if later else None)
    assert rows[len(ranked) :] == missing  # the cities without the figure come last
    names = [r["name"] for r in missing if r["value"] is None]
    assert names == sorted(names, key=str.casefold)
    assert len(rows) == len(cities)


def test_a_hub_whose_figures_all_came_later_is_not_shown_as_having_none(run: Run) -> None:
    """Fresh eyes (ux15 #1): 'rank --by rd-intensity' ranks 2021 (three hubs), and
    Shenzhen, whose 6.46% (2023) and 6.67% (2024) lead the data, showed a bare '—'
    as if it had no figure; 'rank --by revenue' did so to Alibaba and Hikvision.
    A row without a value for the year shows its nearest: older, else newer."""
    rows = {r["id"]: r for r in run("rank", "--by", "rd-intensity", "--json").json()}
    shenzhen = rows["shenzhen"]
    assert shenzhen["rank"] is None and shenzhen["older"] is None
    assert (shenzhen["newer"]["year"], shenzhen["newer"]["value"]) == (2023, 6.46)
    table = run("rank", "--by", "rd-intensity").stdout
    assert "—  6.46% (2023)" in next(line for line in table.splitlines() if "Shenzhen" in line)
    companies = run("rank", "--by", "revenue", "--json").json()
    alibaba = next(r for r in companies if r["id"] == "alibaba")
    assert alibaba["rank"] is None and alibaba["newer"]["year"] == alibaba["year"] + 1
    unranked = [r["name"] for r in companies if r["rank"] is None]
    assert unranked == sorted(unranked, key=str.casefold)  # iFlytek among the I's
    # beside the row, the nearer of the two: Nanjing's GDP of 2025, not of 2022
    nanjing = next(r for r in run("rank", "--by", "gdp", "--json").json() if r["id"] == "nanjing")
    assert (nanjing["year"], nanjing["older"]["year"], nanjing["newer"]["year"]) == (
        2024,
        2022,
        2025,
    )
    line = next(s for s in run("rank", "--by", "gdp").stdout.splitlines() if "Nanjing" in s)
    assert line.endswith("—  ¥1.94 trillion (2025)")


@pytest.mark.parametrize(
    ("args", "width"),
    [(("rank", "--by", "gdp"), "40"), (("companies", "--sort", "revenue", "--limit", "3"), "100")],
)
def test_short_forms_are_explained_where_they_are_used(
    run: Run, args: tuple[str, ...], width: str
) -> None:
    """Fresh eyes (ux15 #13): a narrow ranking ('¥5.39 T ’24') and a company list
    with a figure column wrote short forms with no word of what they mean, which
    the hub list says."""
    out = run(*args, env={"COLUMNS": width}).stdout
    assert " T ’2" in out or " B ’2" in out
    assert "M million, B billion, T trillion; ’24 = 2024." in " ".join(out.split())


def test_rank_counts_and_shared_ranks(run: Run) -> None:
    rows = run("rank", "--by", "companies", "--json").json()
    cities = {c["id"]: c for c in run("cities", "--json").json()}
    for r in rows:
        assert r["value"] == len(cities[r["id"]]["companies"])
        assert r["year"] is None and r["source"] == "techhubs dataset"
    for before, after in itertools.pairwise(rows):
        if before["value"] == after["value"]:
            assert before["rank"] == after["rank"]
        else:
            assert after["rank"] == rows.index(after) + 1


def test_rank_chart_draws_bars_in_proportion(run: Run) -> None:
    out = run("rank", "--by", "gdp").stdout.splitlines()
    bars = {line.split()[1]: line.count("█") for line in out[1:] if "█" in line}
    assert bars["Shanghai"] > bars["Beijing"] > bars["Hefei"] > 0
    assert "¥5.39 trillion (2024)" in out[1]


# -- similar ---------------------------------------------------------------------------------


def test_similar_is_the_jaccard_of_areas_and_companies(run: Run) -> None:
    cities = {c["id"]: c for c in run("cities", "--json").json()}

    def features(city: dict[str, list[dict[str, str]]]) -> set[str]:
        return {f"a:{a['id']}" for a in city["focus_areas"]} | {
            f"c:{c['id']}" for c in city["companies"]
        }

    mine = features(cities["shenzhen"])  # type: ignore[arg-type]
    rows = run("similar", "sz", "--json").json()
    assert "shenzhen" not in {r["id"] for r in rows}
    assert len(rows) == len(cities) - 1
    for r in rows:
        theirs = features(cities[r["id"]])  # type: ignore[arg-type]
        assert r["score"] == round(len(mine & theirs) / len(mine | theirs), 3)
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    top = rows[0]
    assert top["reason"].startswith("shares ")
    for company in top["shared"]["companies"]:
        assert company["name"] in top["reason"]


def test_similar_limit_and_errors(run: Run) -> None:
    assert len(run("similar", "hangzhou", "--limit", "3", "--json").json()) == 3
    assert run("similar", "atlantis").exit_code == 1
    assert run("similar", "hangzhou", "--limit", "0").exit_code == 2


# -- map -------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["40", "80", "150"])
def test_map_fits_the_width_and_marks_every_hub(run: Run, width: str) -> None:
    out = run("map", env={"COLUMNS": width}).stdout
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= int(width)
    drawing = _drawing(out)
    markers = sum(line.count("●") + line.count("◆") for line in drawing)
    # Hubs a few kilometres apart can share a cell on a narrow map.
    assert markers == 12 if int(width) >= 80 else 9 <= markers <= 12
    assert any(0x2800 < ord(ch) <= 0x28FF for ch in out)  # the braille outline


def _drawing(out: str) -> list[str]:
    """The map's lines, without the caption under it."""
    lines = out.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith(("● a tech hub", "◆ leads")))
    return lines[:end]


def test_map_highlights_the_focus_area(run: Run) -> None:
    data = run("map", "--focus", "optics", "--json").json()
    assert data["focus_area"] == {"id": "optics-photonics", "name": "Optics and photonics"}
    assert [c["id"] for c in data["cities"] if c["highlighted"]] == ["wuhan"]
    drawing = "\n".join(_drawing(run("map", "--focus", "optics", env={"COLUMNS": "120"}).stdout))
    assert drawing.count("◆") == 1
    assert "◆ Wuhan" in drawing or "Wuhan ◆" in drawing
    city = run("city", "wuhan", "--json").json()
    wuhan = next(c for c in data["cities"] if c["id"] == "wuhan")
    assert (wuhan["lat"], wuhan["lon"]) == (city["coordinates"]["lat"], city["coordinates"]["lon"])
    assert "Natural Earth" in data["outline"]


@pytest.mark.parametrize("lon", [135.5, 135.58, 135.65, 73.05, 73.15])
def test_the_map_and_the_warning_agree_on_what_is_outside_china(
    run: Run, tmp_path: Path, lon: float
) -> None:
    """round20 #9: a hub at lon 135.58 got no warning but was left off the map: the
    warning and the map had frames of their own. They share China's extent."""
    from techhubs.core.kinds import CHINA_LON

    data = json.loads(run("export", "-o", "json").stdout)
    beijing = next(c for c in data["cities"] if c["id"] == "beijing")
    beijing["coordinates"] = {"lat": 40.0, "lon": lon}
    mine = tmp_path / "edge.json"
    mine.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    warned = bool(run("data", "validate", str(mine), "--json").json()["warnings"])
    out = run("--data", str(mine), "map", env={"COLUMNS": "120"}).stdout
    off = "Off the map, so not drawn: Beijing" in " ".join(out.split())
    assert warned == off == (not CHINA_LON[0] <= lon <= CHINA_LON[1])


def test_map_focus_given_a_list_says_it_takes_one(run: Run) -> None:
    """Fresh eyes (ux18 #4): 'map --focus hardware,ai', the form cities and companies
    take, said "no focus area called 'hardware,ai'" (exit 1, as if not found)."""
    for extra in ([], ["--json"]):
        result = run("map", "--focus", "hardware,ai", *extra)
        assert result.exit_code == 2 and result.stdout == ""
        assert "--focus of a map takes one focus area" in result.stderr
        assert "e.g. --focus hardware" in result.stderr
    assert run("map", "--focus", "hardware", "--json").json()["focus_area"]["id"] == "hardware"
    # repeated, it kept the last silently (round20 #11); an example is one the shell
    # takes back as it is written
    repeated = run("map", "--focus", "hardware", "--focus", "ai")
    assert repeated.exit_code == 2 and "takes one focus area" in repeated.stderr
    spaced = run("map", "--focus", "electric vehicles,ai").stderr
    assert "e.g. --focus 'electric vehicles')" in spaced


@pytest.mark.parametrize(("lat", "lon"), [(39.9042, -116.4074), (39.9042, 16.4074), (-39.9, 116.4)])
def test_a_hub_outside_china_is_named_not_drawn_on_the_edge(
    run: Run, tmp_path: Path, lat: float, lon: float
) -> None:
    """Fresh eyes (ux18 #2): Beijing at lon -120 (a sign flipped) passed 'data
    validate' silently, and the map drew it on China's western border, where
    nothing is. It is valid data, so a warning; the map names it instead."""
    data = json.loads(run("export", "-o", "json").stdout)
    beijing = next(c for c in data["cities"] if c["id"] == "beijing")
    beijing["coordinates"] = {"lat": lat, "lon": lon}
    mine = tmp_path / "flipped.json"
    mine.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = run("data", "validate", str(mine), "--json")
    assert report.exit_code == 0
    warnings = report.json()["warnings"]
    assert [w["path"] for w in warnings] == [f"cities[{data['cities'].index(beijing)}].coordinates"]
    assert "outside China" in warnings[0]["message"] and "swapped" in warnings[0]["message"]
    out = run("--data", str(mine), "map", env={"COLUMNS": "120"}).stdout
    drawing = "\n".join(_drawing(out))
    assert "Beijing" not in drawing
    assert sum(line.count("●") for line in _drawing(out)) == 11
    caption = " ".join(out.split())
    assert f"Off the map, so not drawn: Beijing ({abs(lat):g}°" in caption
    # the hubs of the bundled data are all on the map, and nothing is said
    assert run("data", "validate", "--json").json()["warnings"] == []
    assert "Off the map" not in run("map").stdout


# -- export to SQLite --------------------------------------------------------------------------


def test_export_sqlite_is_normalised_and_queryable(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "hubs.db"
    result = run("export", "--format", "sqlite", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT count(*) FROM cities").fetchone()[0] == 12
    hq = {
        row[0]
        for row in db.execute(
            "SELECT co.id FROM companies co JOIN cities ci ON ci.id = co.headquarters "
            "WHERE ci.name = 'Shenzhen'"
        )
    }
    expected = {
        c["id"]
        for c in run("city", "shenzhen", "--json").json()["companies"]
        if c["relation"] == "headquarters"
    }
    assert hq == expected
    ops = db.execute(
        "SELECT company_id FROM city_companies "
        "WHERE city_id = 'shanghai' AND relation = 'operations'"
    ).fetchall()
    assert ("alibaba",) in ops and ("jd-com",) in ops
    areas = db.execute(
        "SELECT a.name FROM city_focus_areas cf JOIN focus_areas a ON a.id = cf.focus_area_id "
        "WHERE cf.city_id = 'wuhan'"
    ).fetchall()
    assert ("Optics and photonics",) in areas
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(
            "INSERT INTO city_companies (city_id, position, company_id, relation) "
            "VALUES ('nowhere', 0, 'baidu', 'operations')"
        )


def test_export_to_a_file_refuses_to_overwrite(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "hubs.db"
    target.write_text("precious")
    result = run("export", "-o", "sqlite", str(target))
    assert result.exit_code == 2 and "exists; add --force" in result.stderr
    assert target.read_text() == "precious"
    assert run("export", "-o", "sqlite", "--force", str(target)).exit_code == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM companies").fetchone()[0] >= 40
    assert run("export", "-o", "sqlite").exit_code == 2  # sqlite needs a FILE
    yaml_file = tmp_path / "out.yaml"
    assert run("export", str(yaml_file)).exit_code == 0
    assert yaml_file.read_text(encoding="utf-8") == run("export").stdout
    missing = tmp_path / "no" / "such" / "dir.db"
    assert run("export", "-o", "sqlite", str(missing)).exit_code == 2


# -- --query ---------------------------------------------------------------------------------


def test_query_filters_json(run: Run) -> None:
    everything = run("cities", "--json").json()
    emerging = run("cities", "--json", "--query", "[?status=='emerging'].id").json()
    assert emerging == [c["id"] for c in everything if c["status"] == "emerging"]
    assert run("cities", "--query", "length(@)").json() == 12  # --query implies JSON
    assert run("city", "sz", "--query", "population.year").json() == 2024
    shared = run("compare", "bj", "sh", "--json").json()["shared"]["companies"]
    queried = run("compare", "bj", "sh", "--query", "shared.companies[].id").json()
    assert queried == [c["id"] for c in shared] and queried


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cities", "--query", "[?"], "--query is not valid JMESPath"),
        (["cities", "--json", "-o", "csv", "--query", "[0]"], "--json contradicts --format csv"),
    ],
)
def test_query_errors(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_jmespath_is_imported_only_for_a_query(tmp_path: Path) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from techhubs.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['cities', '--json'])\n"
        "print('jmespath' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# -- saved pictures --------------------------------------------------------------------------


@pytest.mark.parametrize(("flag", "marker"), [("--save-svg", "<svg"), ("--save-html", "<html")])
def test_save_the_table_as_a_picture(run: Run, tmp_path: Path, flag: str, marker: str) -> None:
    target = tmp_path / ("out.svg" if "svg" in flag else "out.html")
    result = run("compare", "beijing", "hangzhou", flag, str(target))
    assert result.exit_code == 0, result.stderr
    assert "Side by side" in result.stdout  # still printed
    saved = target.read_text(encoding="utf-8")
    assert marker in saved
    assert "Hangzhou" in saved


def test_save_needs_a_table_and_a_writable_place(run: Run, tmp_path: Path) -> None:
    result = run("city", "sz", "--json", "--save-svg", str(tmp_path / "x.svg"))
    assert result.exit_code == 2 and "--save-svg saves the table" in result.error()["message"]
    result = run("city", "sz", "--save-html", str(tmp_path / "missing" / "x.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith("techhubs: error: the folder of")
    assert result.stdout == ""  # checked before anything is drawn


def test_save_never_replaces_a_file(run: Run, tmp_path: Path) -> None:
    keep = tmp_path / "keep.txt"
    keep.write_text("precious")
    result = run("city", "sz", "--save-svg", str(keep))
    assert result.exit_code == 2 and "exists; add --force to replace it" in result.stderr
    assert keep.read_text() == "precious"
    assert result.stdout == ""


def test_force_replaces_a_picture_and_keeps_its_permissions(run: Run, tmp_path: Path) -> None:
    """Issue 12: --save-svg/--save-html had no --force ('no such option --force');
    issue 14: a replaced file came back 0644 whatever it was."""
    keep = tmp_path / "keep.svg"
    keep.write_text("old")
    keep.chmod(0o600)
    result = run("rank", "--by", "gdp", "--save-svg", str(keep), "--force")
    assert result.exit_code == 0, result.stderr
    assert keep.read_text().startswith("<svg")
    assert keep.stat().st_mode & 0o777 == 0o600
    assert result.stderr == f"techhubs: wrote {keep} (svg)\n"
    html = tmp_path / "r.html"
    html.write_text("old")
    assert run("areas", "--save-html", str(html), "--force").exit_code == 0
    assert "<html" in html.read_text().lower()


# -- files written on request ------------------------------------------------------------------


def test_exported_files_get_ordinary_permissions(run: Run, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "mine.yaml"
        assert run("export", str(target)).exit_code == 0
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_force_never_replaces_a_link(run: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("precious")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    result = run("export", "--force", str(link))
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert link.is_symlink() and real.read_text() == "precious"


def test_kind_belongs_to_table_formats(run: Run) -> None:
    result = run("export", "--kind", "cities")
    assert result.exit_code == 2 and "--part picks one table of csv or markdown" in result.stderr


@pytest.mark.parametrize("width", ["40", "60", "100"])
def test_rank_chart_fits_the_width(run: Run, width: str) -> None:
    lines = run("rank", "--by", "gdp-per-capita", env={"COLUMNS": width}).stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= int(width)
    end = next(i for i, line in enumerate(lines) if line.startswith(("M million", "Sources:")))
    assert len(lines[:end]) == 13  # the title and one line per city: nothing wrapped


def test_every_command_that_writes_a_file_takes_force() -> None:
    """One flag everywhere: every command with --save-svg, and export, take --force."""
    import typer

    from techhubs.cli.commands import loaded

    group = typer.main.get_command(loaded())
    writers = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", {name: command})
        for sub in subcommands.values():
            flags = {opt for param in sub.params for opt in param.opts}
            if "--save-svg" in flags or sub.name == "export":
                writers.append(sub.name)
                assert "--force" in flags, sub.name
    assert len(writers) >= 15


def test_similar_scores_that_differ_do_not_read_alike(run: Run) -> None:
    """Fresh eyes (ux15 #17): Shanghai's 0.194 and Hangzhou's 0.188 both read
    '0.19', placed first and second, while rank shares a place between equal
    values. A table shows as many decimals as tell its unequal scores apart."""
    rows = run("similar", "shenzhen", "--json").json()
    table = run("similar", "shenzhen", env={"COLUMNS": "100"}).stdout
    shown = re.findall(r"^ +\d+ .*? (\d\.\d+) ", table, flags=re.MULTILINE)
    assert len(shown) == len(rows)
    assert [float(s) for s in shown] == [r["score"] for r in rows]
    assert len(set(shown)) == len({r["score"] for r in rows})
    # (review round16) equal scores share a place, as equal values share a rank,
    # and a score reads the same whatever --limit cuts
    hangzhou = run("similar", "hangzhou", env={"COLUMNS": "100"}).stdout
    places = re.findall(r"^ +(\d+) +(\S+) .*? (\d\.\d+) ", hangzhou, flags=re.MULTILINE)
    assert places[:3] == [
        ("1", "Guangzhou", "0.250"),
        ("1", "Shanghai", "0.250"),
        ("3", "Shenzhen", "0.188"),
    ]
    cut = run("similar", "hangzhou", "--limit", "4", env={"COLUMNS": "100"}).stdout
    assert " 0.188 " in cut


@pytest.mark.parametrize("cache", ["warm", "--no-cache"])
def test_similar_says_when_limit_cuts_through_a_tie(run: Run, cache: str) -> None:
    """Review (round17): 'similar hangzhou --limit 1' showed Guangzhou alone at place
    1, though Shanghai has the same score; nothing said the cut split a tie (nor,
    with --reverse, that Tianjin is as unlike as Xi'an)."""
    first = ("--no-cache",) if cache == "--no-cache" else ()
    wide = {"COLUMNS": "100"}

    def caption(*args: str) -> str:
        return " ".join(run(*first, "similar", "hangzhou", *args, env=wide).stdout.split())

    assert "Not shown: Shanghai, tied with a hub shown; --limit 2 shows it." in caption(
        "--limit", "1"
    )
    assert "Not shown: Tianjin, tied with a hub shown; --limit 2 shows it." in caption(
        "--limit", "1", "--reverse"
    )
    # no tie cut: nothing said; nor when the cut is by name, where it is no tie
    assert "Not shown" not in caption("--limit", "2")
    assert "Not shown" not in caption("--limit", "3", "--sort", "name")
    # the data says it by the scores, unchanged
    rows = run(*first, "similar", "hangzhou", "--limit", "1", "--json").json()
    assert [(r["id"], r["score"]) for r in rows] == [("guangzhou", 0.25)]


def test_a_tie_cut_by_limit_names_three_hubs_and_counts_the_rest() -> None:
    """Review (round18 #1): on 100x data, 'similar hangzhou --limit 1 --reverse'
    printed one row under a caption of 24 lines naming 199 tied hubs."""
    from rich.console import Console

    from techhubs.output.tables import similar_table

    row = {"id": "a", "name": "A", "name_zh": "甲", "score": 0.0, "reason": "shares nothing"}
    tied = [f"Hub {i}" for i in range(199)]
    console = Console(width=100, color_system=None, record=True)
    console.print(similar_table([row], "Hangzhou", {"a": 1}, 200, tied))
    text = " ".join(console.export_text().split())
    assert "Not shown: Hub 0, Hub 1, Hub 2 and 196 more, tied with a hub shown; --limit 200" in text
    assert "Hub 3," not in text
    console = Console(width=100, color_system=None, record=True)
    console.print(similar_table([row], "Hangzhou", {"a": 1}, 5, tied[:4]))
    assert "Not shown: Hub 0, Hub 1, Hub 2 and Hub 3, tied" in " ".join(
        console.export_text().split()
    )
