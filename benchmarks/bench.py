"""Benchmark techhubs' start-up, lookups and scaling; print a Markdown report.

    python benchmarks/bench.py --runs 20
    python benchmarks/bench.py --runs 5 --techhubs "/path/to/venv/bin/python -m techhubs"

Every command runs ``--runs`` times, interleaved round-robin (one sample of
each command per round, the order rotated every round) so that a slow moment
on a shared machine hits all commands alike.  For each command the report
gives the median wall time, that median as a multiple of the interpreter's
floor (``python -c pass`` with techhubs' own interpreter), and the peak
resident memory of the child (``ru_maxrss`` from ``os.wait4``).  A second
table checks the targets of issue #5.  The script exits 0 whatever the
results (it is a report, not a gate); 2 only if techhubs cannot be run at all.

Caching: every command gets its own ``XDG_CACHE_HOME`` in a temporary
directory owned by this script, so no run reads or writes ``~/.cache``.
"Warm" commands had one untimed run first (which fills any cache); "cold"
commands have their cache directory emptied, and their data file touched,
before every sample.  Without a cache in techhubs, warm and cold are the same.
A run on a big data file fills its cache after it has answered, in a process
of its own: every sample first waits for such a fill to end (its lock on the
cache folder), and the time of a sample is the command's own, to its exit.

Standard library only; Linux (or another POSIX system with ``os.wait4``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATE = HERE / "generate.py"
#: Generated dataset sizes (multiples of the bundled file).
SCALES = (10, 100)
#: techhubs reads at most this many bytes of a data file (loader.MAX_FILE_BYTES);
#: ``--cap`` generates a file just under it.
CAP_BYTES = 32 * 1024 * 1024
#: Issue 15's references: the least a Typer CLI costs, and with a Rich table.
HELLO_TYPER = """import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("hello")


app()
"""
HELLO_RICH = """import typer

app = typer.Typer()


@app.command()
def main() -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("hub", "status")
    table.add_row("hello", "established")
    Console().print(table)


app()
"""
#: A city id that every generated file keeps (copy 1 keeps the original ids).
LOOKUP_CITY = "shenzhen"
#: Environment variables that would change what techhubs reads or does.
SCRUBBED_ENV = (
    "TECHHUBS_DATA",
    "TECHHUBS_NO_CACHE",
    "TECHHUBS_DEBUG",
    "TECHHUBS_FILL",
    "_TECHHUBS_COMPLETE",
    "COMP_WORDS",
    "COMP_CWORD",
    "XDG_CACHE_HOME",
    # With it set, a module edited since its bytecode was written is compiled
    # again on every run (5 ms for the cache module): not what an installed
    # techhubs, whose bytecode pip compiles, costs. The untimed first run writes it.
    "PYTHONDONTWRITEBYTECODE",
)
#: Slack on the growth check: measured ratios are noisy, 10% is noise.
GROWTH_SLACK = 1.10

Check = Callable[[str], str | None]


# -- what is measured ------------------------------------------------------------------


@dataclass
class Bench:
    """One command to time, and the state it must start from."""

    key: str
    label: str
    argv: list[str]
    cache_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    cold: bool = False
    data_file: Path | None = None  # touched before each cold sample (never the bundled file)
    redraw: bool = False  # the cache warm, but no table kept: drawn anew every sample
    check: Check | None = None
    bundled: bool = False  # runs on the bundled data (the memory target)
    times_ms: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def peak_mib(self) -> float | None:
        return max(self.rss_kib) / 1024 if self.rss_kib else None


def _expect_city(city_id: str) -> Check:
    def check(out: str) -> str | None:
        try:
            document = json.loads(out)
        except ValueError:
            return "output is not JSON"
        found = document.get("id") if isinstance(document, dict) else None
        return None if found == city_id else f"expected city '{city_id}', got {found!r}"

    return check


def _expect_text(text: str) -> Check:
    def check(out: str) -> str | None:
        return None if text in out else f"output lacks {text!r}: {out.strip()[:80]!r}"

    return check


def _expect_json_list(out: str) -> str | None:
    try:
        document = json.loads(out)
    except ValueError:
        return "output is not JSON"
    return None if isinstance(document, list) and document else "expected a non-empty JSON list"


# -- running a child -----------------------------------------------------------------


def _resolve(argv: Sequence[str]) -> list[str]:
    exe = argv[0]
    if os.sep not in exe:
        found = shutil.which(exe)
        if found is None:
            raise SystemExit(f"bench.py: cannot find {exe!r} on PATH")
        exe = found
    return [exe, *argv[1:]]


def _environment(bench: Bench) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["XDG_CACHE_HOME"] = str(bench.cache_dir)
    env.update(bench.env)
    return env


def _settle(bench: Bench) -> None:
    """Wait until no run is filling this command's cache in the background: a run
    on a big data file answers first and fills the cache after (techhubs.cli.
    background), holding an flock on the cache folder until it is done. A warm
    sample must find the cache filled, and a cold one must not find it filled by
    the sample before."""
    import fcntl

    try:
        handle = os.open(bench.cache_dir / "techhubs", os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # no folder, no fill
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
    finally:
        os.close(handle)


def _prepare(bench: Bench) -> None:
    """Put a cold command in its cold state: empty cache, data file just changed;
    a redrawn one in its own: the cache kept, the tables it drew removed. Either
    way, first wait for any fill still going on in the background."""
    _settle(bench)
    if bench.redraw:
        for drawing in (bench.cache_dir / "techhubs").glob("drawn-*"):
            drawing.unlink()
    if not bench.cold:
        return
    shutil.rmtree(bench.cache_dir, ignore_errors=True)
    bench.cache_dir.mkdir(parents=True)
    if bench.data_file is not None:
        os.utime(bench.data_file)


def sample(bench: Bench) -> tuple[float, int, int]:
    """Run once with stdio on /dev/null: (wall ms, max RSS KiB, exit code)."""
    _prepare(bench)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    env = _environment(bench)
    start = time.perf_counter_ns()
    pid = os.posix_spawn(bench.argv[0], bench.argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed_ms = (time.perf_counter_ns() - start) / 1e6
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes on macOS
    return elapsed_ms, int(rss), os.waitstatus_to_exitcode(status)


def verify(bench: Bench) -> None:
    """One untimed run: it must succeed and print what it should (and fills caches).

    Its output goes to a file, and only the first MiB is read back: holding a
    big output (25 MB for a 100x list) would raise this process's peak memory,
    which Linux hands down to every child spawned after it as their ru_maxrss."""
    _prepare(bench)
    try:
        with tempfile.TemporaryFile() as out:
            done = subprocess.run(
                bench.argv,
                env=_environment(bench),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.PIPE,
                timeout=300,
            )
            out.seek(0)
            head = out.read(2**20).decode("utf-8", errors="replace")
    except (OSError, subprocess.TimeoutExpired) as exc:
        bench.error = f"could not run: {exc}"
        return
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace")
        last = (stderr.strip().splitlines() or ["(no message)"])[-1]
        bench.error = f"exit {done.returncode}: {last[:120]}"
    elif bench.check is not None:
        bench.error = bench.check(head)


# -- the machine ---------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                name, _, value = line.partition(":")
                if name.strip() in ("model name", "Hardware", "cpu model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _output(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def interpreter_of(techhubs: Sequence[str]) -> list[str]:
    """The Python that runs techhubs: ``X`` of ``X -m techhubs``, else the script's #!."""
    if len(techhubs) >= 3 and techhubs[1] == "-m":
        return [techhubs[0]]
    try:
        with open(techhubs[0], "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        first = ""
    if first.startswith("#!"):
        words = shlex.split(first[2:])
        if words and Path(words[0]).name == "env":
            words = words[1:]
        if words and Path(words[0]).name.startswith("python"):
            return _resolve(words[:1])
    print(f"bench.py: cannot tell techhubs' interpreter; using {sys.executable}", file=sys.stderr)
    return [sys.executable]


def default_techhubs() -> list[str]:
    """``techhubs`` next to this interpreter, else on PATH, else ``python -m techhubs``."""
    beside = Path(sys.executable).with_name("techhubs")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("techhubs")
    return [found] if found else [sys.executable, "-m", "techhubs"]


# -- the report ------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def results_table(benches: Sequence[Bench], floor: float | None) -> str:
    rows = [
        "| command | median ms | ratio to floor | peak MiB |",
        "|---|---:|---:|---:|",
    ]
    for b in benches:
        if b.error is not None:
            rows.append(f"| {b.label} | FAILED: {b.error} | — | — |")
            continue
        median = b.median_ms
        ratio = median / floor if median is not None and floor else None
        rows.append(
            f"| {b.label} | {_fmt(median, '.1f')} | {_fmt(ratio, '.2f')}x "
            f"| {_fmt(b.peak_mib, '.1f')} |"
        )
    return "\n".join(rows)


@dataclass
class Target:
    name: str
    verdict: str  # PASS, FAIL, n/a, or info (a figure shown, not judged)
    detail: str


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def targets(by_key: dict[str, Bench]) -> list[Target]:
    def median(key: str) -> float | None:
        bench = by_key.get(key)
        return bench.median_ms if bench is not None and bench.error is None else None

    floor = median("floor")
    out: list[Target] = []

    lookup = median("city-json")
    ratio = lookup / floor if lookup and floor else None
    out.append(
        Target(
            "`city --json` ≤ 7x floor",
            _verdict(None if ratio is None else ratio <= 7),
            f"{_fmt(ratio, '.2f')}x",
        )
    )

    table_keys = ("city-table", "compare", "cities-json", "search", "help", "complete")
    ratios = {k: (median(k) or 0) / floor for k in table_keys if median(k) and floor}
    missing = [by_key[k].label for k in table_keys if k in by_key and median(k) is None]
    worst = max(ratios, key=lambda k: ratios[k]) if ratios else None
    ok = None if not ratios else all(r <= 10 for r in ratios.values()) and not missing
    detail = f"worst {_fmt(ratios[worst], '.2f')}x ({by_key[worst].label})" if worst else "—"
    over = [by_key[k].label for k, r in ratios.items() if r > 10]
    if over:
        detail += f"; over: {', '.join(over)}"
    if missing:
        detail += f"; failed to run: {', '.join(missing)}"
    out.append(Target("table commands, `--help`, completion ≤ 10x floor", _verdict(ok), detail))

    peaks = {k: b.peak_mib for k, b in by_key.items() if b.bundled and b.peak_mib is not None}
    top = max(peaks, key=lambda k: peaks[k] or 0) if peaks else None
    out.append(
        Target(
            "peak memory on bundled data ≤ 40 MiB",
            _verdict(None if top is None else (peaks[top] or 0) <= 40),
            f"max {_fmt(peaks[top], '.1f')} MiB ({by_key[top].label})" if top else "—",
        )
    )

    warm100 = median("lookup-100x-warm")
    ratio = warm100 / lookup if warm100 and lookup else None
    out.append(
        Target(
            "100x warm lookup ≤ 2x bundled lookup",
            _verdict(None if ratio is None else ratio <= 2),
            f"{_fmt(ratio, '.2f')}x ({_fmt(warm100, '.1f')} vs {_fmt(lookup, '.1f')} ms)",
        )
    )

    out += _targets_15(median, by_key)

    validate, parse = median("validate-cap"), median("libyaml-cap")
    if validate is not None or parse is not None:
        ratio = validate / parse if validate and parse else None
        out.append(
            Target(
                "file at the size cap validates ≤ 3x libyaml alone (issue 14)",
                _verdict(None if ratio is None else ratio <= 3),
                f"{_fmt(ratio, '.2f')}x ({_fmt(validate, '.0f')} vs {_fmt(parse, '.0f')} ms)",
            )
        )

    cold100, libyaml = median("lookup-100x-cold"), median("libyaml-100x")
    ratio = cold100 / libyaml if cold100 and libyaml else None
    out.append(
        Target(
            "100x cold lookup ≤ 1.3x libyaml alone",
            _verdict(None if ratio is None else ratio <= 1.3),
            f"{_fmt(ratio, '.2f')}x ({_fmt(cold100, '.1f')} vs {_fmt(libyaml, '.1f')} ms)",
        )
    )

    # Growth: time above the floor may grow at most as fast as the data, for
    # each 10x step (1x→10x and 10x→100x), cold and warm.
    verdicts: list[bool] = []
    details: list[str] = []
    for state, keys in (
        ("cold", ("city-json-cold", "lookup-10x-cold", "lookup-100x-cold")),
        ("warm", ("city-json", "lookup-10x-warm", "lookup-100x-warm")),
    ):
        times = [median(k) for k in keys]
        if floor is None or any(t is None for t in times):
            details.append(f"{state}: —")
            continue
        above = [max((t or 0) - floor, 0.1) for t in times]
        steps = [above[1] / above[0], above[2] / above[1]]
        verdicts.extend(s <= 10 * GROWTH_SLACK for s in steps)
        details.append(f"{state}: ×{steps[0]:.1f} then ×{steps[1]:.1f}")
    yaml10, yaml100 = median("libyaml-10x"), median("libyaml-100x")
    if floor is not None and yaml10 is not None and yaml100 is not None:
        step = max(yaml100 - floor, 0.1) / max(yaml10 - floor, 0.1)
        details.append(f"(libyaml alone 10x→100x: ×{step:.1f})")
    out.append(
        Target(
            "growth 1x→10x→100x linear or better (each step ≤ 10x above floor)",
            _verdict(all(verdicts) if verdicts else None),
            "; ".join(details),
        )
    )
    return out


def _targets_15(median: Callable[[str], float | None], by_key: dict[str, Bench]) -> list[Target]:
    """Issue 15: flat at scale, and close to a plain Typer (and Rich) CLI."""
    out: list[Target] = []

    def ratio(a: str, b: str) -> float | None:
        top, bottom = median(a), median(b)
        return top / bottom if top and bottom else None

    def add(name: str, value: float | None, limit: float, detail: str = "") -> None:
        verdict = _verdict(None if value is None else value <= limit)
        out.append(Target(name, verdict, f"{_fmt(value, '.2f')}x{detail}"))

    lookup = "city-json"
    for scale in ("100x", "400x"):
        key = f"lookup-{scale}-warm"
        if key in by_key:
            peak = by_key[key].peak_mib
            add(
                f"warm lookup at {scale} ≤ 1.1x bundled, peak ≤ 25 MiB (issue 15)",
                ratio(key, lookup),
                1.1,
                f", peak {_fmt(peak, '.1f')} MiB" + ("" if (peak or 99) <= 25 else " (over)"),
            )
    if "jq-100x" in by_key:
        add(
            "warm `cities --json` at 100x ≤ jq .cities (issue 15)",
            ratio("cities-100x-warm", "jq-100x"),
            1.0,
        )
    # The issue asks a cold start on 1000x JSON data in under 2 s; a 1000x file is
    # 230 MB here, too much for every run, so 100x is timed against a tenth of it
    # (a cold start grows about linearly: see the growth target).
    cold_json = median("lookup-100x-json-cold")
    out.append(
        Target(
            "cold start on 100x JSON data ≤ 0.2 s (issue 15: 1000x ≤ 2 s, scaled linearly)",
            _verdict(None if cold_json is None else cold_json <= 200),
            f"{_fmt(cold_json, '.0f')} ms",
        )
    )
    add("warm search at 100x ≤ 1.5x bundled (issue 15)", ratio("search-100x-warm", "search"), 1.5)
    add(
        "warm completion at 100x ≤ 1.5x bundled (issue 15)",
        ratio("complete-100x-warm", "complete"),
        1.5,
    )
    answers = ("hub-companies", "indicators")
    slowest = max(answers, key=lambda k: ratio(f"{k}-100x-warm", k) or 0)
    add(
        "warm answers beyond lookups at 100x ≤ 1.5x bundled (issue 15: all from the store)",
        ratio(f"{slowest}-100x-warm", slowest),
        1.5,
        f" (worst: {by_key[slowest].label})",
    )
    add("`city --json` ≤ 1.1x Typer hello-world (issue 15)", ratio(lookup, "hello-typer"), 1.1)
    tables = ("city-table", "compare", "search")
    worst = max(tables, key=lambda k: ratio(k, "hello-rich") or 0)
    add(
        "table commands ≤ 1.1x Typer + Rich table (issue 15)",
        ratio(worst, "hello-rich"),
        1.1,
        f" (worst: {by_key[worst].label})",
    )
    # Not a target: a table drawn for the first time (its drawing then kept), shown
    # so that what a kept drawing saves stays in sight.
    drawn = [f"{key}-drawn" for key, _, _ in TABLES]
    first = max(drawn, key=lambda k: ratio(k, "hello-rich") or 0)
    value = ratio(first, "hello-rich")
    out.append(
        Target(
            "(for reference) a table drawn anew, the cache warm: x Typer + Rich table",
            "info",
            f"{_fmt(value, '.2f')}x (worst: {by_key[first].label})",
        )
    )
    return out


def targets_table(found: Sequence[Target]) -> str:
    rows = ["| target | result | measured |", "|---|---|---|"]
    rows += [f"| {t.name} | {t.verdict} | {t.detail} |" for t in found]
    return "\n".join(rows)


def header(python: Sequence[str], techhubs: Sequence[str], runs: int) -> str:
    version = _output([*python, "-c", "import sys; print(sys.version.split()[0])"])
    tool = _output([*techhubs, "--version"]) or "techhubs ?"
    revision = _output(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"])
    dirty = _output(["git", "-C", str(HERE.parent), "status", "--porcelain"])
    if revision and dirty:
        revision += "+uncommitted changes"
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"**Machine:** {platform.platform()} · {cpu_model()} · nproc {nproc()} · "
        f"Python {version or '?'} · {now}\n\n"
        f"**Measured:** {tool}{f' ({revision})' if revision else ''} · "
        f"`{shlex.join(techhubs)}` · {runs} runs each, interleaved"
    )


# -- putting it together ------------------------------------------------------------------


#: The table commands timed kept (warm) and drawn anew: key, arguments, a word
#: the table must show.
TABLES = (
    ("city-table", ["city", "shenzhen"], "Shenzhen"),
    ("compare", ["compare", "beijing", "hangzhou", "shanghai"], "Hangzhou"),
)


def build_benches(
    techhubs: list[str],
    python: list[str],
    work: Path,
    datasets: dict[int, Path],
    cap: Path | None = None,
    big: Path | None = None,
) -> list[Bench]:
    caches = work / "cache"

    def bench(key: str, label: str, argv: list[str], **kwargs: Any) -> Bench:
        return Bench(key, label, argv, caches / key, **kwargs)

    th = techhubs
    benches = [
        bench("floor", "`python -c pass` (floor)", [*python, "-c", "pass"]),
        bench(
            "city-json",
            "`city shenzhen --json`",
            [*th, "city", "shenzhen", "--json"],
            check=_expect_city("shenzhen"),
            bundled=True,
        ),
        bench(
            "city-json-cold",
            "`city shenzhen --json` (cold cache)",
            [*th, "city", "shenzhen", "--json"],
            cold=True,
            check=_expect_city("shenzhen"),
            bundled=True,
        ),
        *(
            bench(key, f"`{' '.join(args)}`", [*th, *args], check=_expect_text(shows), bundled=True)
            for key, args, shows in TABLES
        ),
        # The same with the cache warm but their tables drawn anew each time:
        # what the first asking of a question (or at a new width) costs.
        *(
            bench(
                f"{key}-drawn",
                f"`{' '.join(args)}` (drawn anew)",
                [*th, *args],
                check=_expect_text(shows),
                redraw=True,
            )
            for key, args, shows in TABLES
        ),
        bench(
            "cities-json",
            "`cities --json`",
            [*th, "cities", "--json"],
            check=_expect_json_list,
            bundled=True,
        ),
        bench(
            "search",
            "`search silicon`",
            [*th, "search", "silicon"],
            check=_expect_text("Shenzhen"),
            bundled=True,
        ),
        bench("help", "`--help`", [*th, "--help"], check=_expect_text("Usage"), bundled=True),
        # Answers the store holds beyond lookups (issue 15: every command from the
        # store): the same answer at 1x and 100x, so their time should not grow.
        bench(
            "hub-companies",
            f"`companies --city {LOOKUP_CITY} --json`",
            [*th, "companies", "--city", LOOKUP_CITY, "--json"],
            check=_expect_text('"id": "huawei"'),
            bundled=True,
        ),
        bench(
            "indicators",
            "`indicators --json`",
            [*th, "indicators", "--json"],
            check=_expect_text('"id": "gdp"'),
            bundled=True,
        ),
        # Another year's ranking is worked out from the stored series of every
        # hub: it reads them all, so it is shown beside 100x, not held flat.
        bench(
            "rank-year",
            "`rank --by gdp --year 2023 --limit 10 --json`",
            [*th, "rank", "--by", "gdp", "--year", "2023", "--limit", "10", "--json"],
            check=_expect_text('"id": "beijing"'),
            bundled=True,
        ),
        bench(
            "complete",
            "completion `techhubs city she<TAB>`",
            list(th),
            env={
                "_TECHHUBS_COMPLETE": "complete_bash",
                "COMP_WORDS": "techhubs city she",
                "COMP_CWORD": "2",
            },
            check=_expect_text("shenzhen"),
            bundled=True,
        ),
    ]
    for scale in SCALES:
        for state in ("cold", "warm"):
            # Cold and warm read separate (identical) copies, so touching the
            # cold one can never disturb the warm one's cache.
            data = datasets[scale].with_name(f"{datasets[scale].stem}-{state}.yaml")
            shutil.copyfile(datasets[scale], data)
            benches.append(
                bench(
                    f"lookup-{scale}x-{state}",
                    f"`city {LOOKUP_CITY} --json`, {scale}x data, {state}",
                    [*th, "--data", str(data), "city", LOOKUP_CITY, "--json"],
                    cold=state == "cold",
                    data_file=data,
                    check=_expect_city(LOOKUP_CITY),
                    # the whole cost of a cold start, the cache filled before the
                    # run ends (as every run did before fills went to the
                    # background): the growth and libyaml targets compare it
                    env={"TECHHUBS_FILL": "now"} if state == "cold" else {},
                )
            )
    # The reference for the cold target (100x) and for reading the growth
    # figures: how PyYAML + libyaml alone scale from 10x to 100x.
    for scale in SCALES:
        load = (
            f"import yaml; yaml.load(open({str(datasets[scale])!r}, 'rb'), Loader=yaml.CSafeLoader)"
        )
        benches.append(
            bench(f"libyaml-{scale}x", f"libyaml alone, {scale}x data", [*python, "-c", load])
        )
    benches += _issue_15(bench, techhubs, python, work, datasets, big)
    if cap is not None:
        # Issue 14: validation must stay linear; a file at the cap validates
        # within 3x the time libyaml alone takes to load it.
        size = f"{cap.stat().st_size / 2**20:.1f} MiB"
        load = f"import yaml; yaml.load(open({str(cap)!r}, 'rb'), Loader=yaml.CSafeLoader)"
        benches += [
            bench(
                "validate-cap",
                f"`data validate`, {size} (at the size cap), no cache",
                [*th, "--no-cache", "--data", str(cap), "data", "validate"],
                check=_expect_text("is valid"),
            ),
            bench("libyaml-cap", f"libyaml alone, {size}", [*python, "-c", load]),
        ]
    return benches


def _issue_15(
    bench: Callable[..., Bench],
    th: list[str],
    python: list[str],
    work: Path,
    datasets: dict[int, Path],
    big: Path | None,
) -> list[Bench]:
    """Issue 15's rows: two Typer references, warm lists, search and completion at
    100x, a cold start on the same data as JSON, jq on that JSON, and (with --big)
    a warm lookup at 400x."""
    hello, rich_table = work / "hello_typer.py", work / "hello_rich.py"
    hello.write_text(HELLO_TYPER, encoding="utf-8")
    rich_table.write_text(HELLO_RICH, encoding="utf-8")
    warm = datasets[100].with_name(f"{datasets[100].stem}-warm.yaml")
    data = ["--data", str(warm)]
    rows = [
        bench("hello-typer", "Typer hello-world (reference)", [*python, str(hello)]),
        bench(
            "hello-rich",
            "Typer hello-world with a Rich table (reference)",
            [*python, str(rich_table)],
        ),
        bench(
            "cities-100x-warm",
            "`cities --json`, 100x data, warm",
            [*th, *data, "cities", "--json"],
            check=_expect_text('"id": "beijing"'),
        ),
        bench(
            "search-100x-warm",
            "`search silicon`, 100x data, warm",
            [*th, *data, "search", "silicon"],
            # the table shows the best 20 of hundreds of hits (copies of Beijing lead)
            check=_expect_text("matches for 'silicon'; --limit"),
        ),
        bench(
            "search-json-100x-warm",
            "`search silicon --json`, 100x data, warm (every hit)",
            [*th, *data, "search", "silicon", "--json"],
            check=_expect_json_list,
        ),
        bench(
            "hub-companies-100x-warm",
            f"`companies --city {LOOKUP_CITY} --json`, 100x data, warm",
            [*th, *data, "companies", "--city", LOOKUP_CITY, "--json"],
            check=_expect_text('"id": "huawei"'),
        ),
        bench(
            "indicators-100x-warm",
            "`indicators --json`, 100x data, warm",
            [*th, *data, "indicators", "--json"],
            check=_expect_text('"id": "gdp"'),
        ),
        bench(
            "rank-year-100x-warm",
            "`rank --by gdp --year 2023 --limit 10 --json`, 100x data, warm",
            [*th, *data, "rank", "--by", "gdp", "--year", "2023", "--limit", "10", "--json"],
            check=_expect_text('"rank": 1,'),  # a copy of a hub may lead at 100x
        ),
        bench(
            "complete-100x-warm",
            "completion `city she<TAB>`, 100x data, warm",
            list(th),
            env={
                "_TECHHUBS_COMPLETE": "complete_bash",
                "COMP_WORDS": f"techhubs --data {warm} city she",
                "COMP_CWORD": "4",
            },
            check=_expect_text("shenzhen"),
        ),
    ]
    exported = work / "cities-100x.json"
    subprocess.run(
        [*th, "--no-cache", "--data", str(datasets[100]), "export", "-o", "json", str(exported)],
        check=True,
        capture_output=True,
    )
    # as a user meets it (the cache filled after the answer), and the whole cost
    for suffix, how, env in (
        ("", "the cache filled after", {}),
        ("-now", "TECHHUBS_FILL=now", {"TECHHUBS_FILL": "now"}),
    ):
        rows.append(
            bench(
                f"lookup-100x-json-cold{suffix}",
                f"`city {LOOKUP_CITY} --json`, 100x data as JSON, cold ({how})",
                [*th, "--data", str(exported), "city", LOOKUP_CITY, "--json"],
                cold=True,
                data_file=exported,
                check=_expect_city(LOOKUP_CITY),
                env=env,
            )
        )
    jq = shutil.which("jq")
    if jq is not None:
        rows.append(
            bench(
                "jq-100x",
                "`jq .cities`, 100x data as JSON (reference)",
                [jq, ".cities", str(exported)],
            )
        )
    if big is not None:
        rows.append(
            bench(
                "lookup-400x-warm",
                f"`city {LOOKUP_CITY} --json`, 400x data, warm",
                [*th, "--data", str(big), "city", LOOKUP_CITY, "--json"],
                env={"TECHHUBS_MAX_DATA_MIB": "1024"},
                check=_expect_city(LOOKUP_CITY),
            )
        )
    return rows


def generate_cap(python: list[str], work: Path, datasets: dict[int, Path]) -> Path:
    """A generated file just under the size cap: its scale estimated from the 10x
    file's size, then stepped down until the file fits."""
    per_copy = datasets[10].stat().st_size / 10
    scale = int(CAP_BYTES / per_copy)
    out = work / "cities-cap.yaml"
    while True:
        print(f"bench.py: generating {scale}x data (near the size cap)…", file=sys.stderr)
        subprocess.run(
            [*python, str(GENERATE), "--scale", str(scale), "--out", str(out)], check=True
        )
        if out.stat().st_size <= CAP_BYTES:
            return out
        scale -= max(1, scale // 50)


def generate(python: list[str], work: Path) -> dict[int, Path]:
    datasets: dict[int, Path] = {}
    for scale in SCALES:
        out = work / f"cities-{scale}x.yaml"
        print(f"bench.py: generating {scale}x data…", file=sys.stderr)
        subprocess.run(
            [*python, str(GENERATE), "--scale", str(scale), "--out", str(out)], check=True
        )
        datasets[scale] = out
    return datasets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark techhubs; print a Markdown report.")
    parser.add_argument(
        "--runs", type=int, default=10, metavar="N", help="samples per command (default 10)"
    )
    parser.add_argument(
        "--techhubs",
        metavar="CMD",
        default=None,
        help="how to run techhubs, e.g. 'techhubs' or '.venv/bin/python -m techhubs' "
        "(default: techhubs next to this Python, else on PATH)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (datasets, caches)"
    )
    parser.add_argument(
        "--big",
        action="store_true",
        help="also time a warm lookup on 400x data (70 MiB; its first, untimed run "
        "parses it: about a minute and 2 GB)",
    )
    parser.add_argument(
        "--cap",
        action="store_true",
        help="also validate a file at the 32 MiB size cap against libyaml alone "
        "(issue 14's 3x bound; adds about 20 s a round)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    techhubs = _resolve(shlex.split(args.techhubs)) if args.techhubs else default_techhubs()
    if not _output([*techhubs, "--version"]):
        print(
            f"bench.py: cannot run techhubs as `{shlex.join(techhubs)}`; "
            "give it with --techhubs (e.g. --techhubs .venv/bin/techhubs)",
            file=sys.stderr,
        )
        return 2
    python = interpreter_of(techhubs)
    work = Path(tempfile.mkdtemp(prefix="techhubs-bench-"))
    try:
        datasets = generate(python, work)
        cap = generate_cap(python, work, datasets) if args.cap else None
        big = None
        if args.big:
            big = work / "cities-400x.yaml"
            print("bench.py: generating 400x data…", file=sys.stderr)
            subprocess.run(
                [*python, str(GENERATE), "--scale", "400", "--out", str(big)], check=True
            )
        benches = build_benches(techhubs, python, work, datasets, cap, big)
        for bench in benches:
            bench.argv = _resolve(bench.argv)
            print(f"bench.py: checking {bench.label}…", file=sys.stderr)
            verify(bench)
            if bench.error:
                print(f"bench.py:   FAILED: {bench.error}", file=sys.stderr)
        live = [b for b in benches if b.error is None]
        for round_ in range(args.runs):
            print(f"bench.py: round {round_ + 1}/{args.runs}", file=sys.stderr)
            shift = round_ % len(live) if live else 0
            for bench in live[shift:] + live[:shift]:
                if bench.error is not None:
                    continue
                ms, rss, code = sample(bench)
                if code != 0:
                    bench.error = f"exit {code} while timing"
                    continue
                bench.times_ms.append(ms)
                bench.rss_kib.append(rss)
        cached = [
            b.label
            for b in benches
            if not b.cold
            and b.key != "floor"
            and b.cache_dir.is_dir()
            and any(b.cache_dir.rglob("*"))
        ]
        by_key = {b.key: b for b in benches}
        floor = by_key["floor"].median_ms
        print(header(python, techhubs, args.runs))
        print()
        print(results_table(benches, floor))
        print()
        print(targets_table(targets(by_key)))
        print()
        if cached:
            print(f"Warm runs found a cache in their `XDG_CACHE_HOME` ({len(cached)} commands).")
        else:
            print("No command wrote a cache under `XDG_CACHE_HOME`: warm and cold are the same.")
        if args.keep:
            print(f"\nKept {work}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
