"""A run on a big data file answers first and fills the cache afterwards, in a
process of its own (techhubs.cli.background): issue 15's cold start."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DATA_FILE, Run
from techhubs.cli.background import LATER_FROM_BYTES, fills_later
from techhubs.errors import UsageError
from techhubs.loader import cache

LOOKUP = ["city", "shenzhen", "--json"]


def _techhubs(home: Path, *args: str, fill: str | None = None) -> subprocess.CompletedProcess[str]:
    """The console command itself (``python -m techhubs``), in a process of its own.
    The timeout is a guard against a hang, not a measure of speed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHHUBS_")}
    env.update(XDG_CACHE_HOME=str(home), NO_COLOR="1", COLUMNS="100")
    if fill is not None:
        env["TECHHUBS_FILL"] = fill
    return subprocess.run(
        [sys.executable, "-m", "techhubs", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _store(home: Path) -> Path:
    return home / "techhubs" / f"records-{cache.key_of(DATA_FILE.read_bytes(), False)}.sqlite"


@contextlib.contextmanager
def _held(folder: Path) -> Iterator[None]:
    """Hold the cache folder's lock, as a fill in the background holds it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder.parent, 0o700)
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _wait_for(path: Path) -> None:
    """Wait until the fill in the background has written ``path`` and let go of the
    folder's lock (it holds it until it ends); a minute at most, not a measure."""
    deadline = time.monotonic() + 60
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    with _held(path.parent):
        pass


def test_a_run_that_fills_later_answers_before_its_fill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer does not wait for the fill: the command returns (exit 0, its
    output whole) while its fill waits behind a lock this test holds. Had the
    child kept the command's stdout or stderr, the pipes would not have closed and
    the run would have timed out."""
    home = tmp_path / "cache"
    expected = _techhubs(tmp_path / "none", "--no-cache", *LOOKUP)
    with _held(home / "techhubs"):
        result = _techhubs(home, *LOOKUP, fill="later")
        assert result.returncode == 0 and result.stderr == ""
        assert result.stdout == expected.stdout
        assert not _store(home).exists()  # nothing filled yet: the fill waits its turn
    _wait_for(_store(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    key = cache.key_of(DATA_FILE.read_bytes(), False)
    stored = cache.lookup(key, "city", ["shenzhen"])  # checked, sum by sum
    assert stored is not None and stored[0]["id"] == "shenzhen"
    assert cache.read(key) is not None  # and the dataset cache too
    warm = _techhubs(home, *LOOKUP, fill="later")
    assert warm.returncode == 0 and warm.stdout == expected.stdout


def test_a_run_that_fills_now_fills_before_it_ends(tmp_path: Path) -> None:
    """TECHHUBS_FILL=now (and a small file, by default): the cache is whole when
    the command returns, and no lock is waited for."""
    for fill, home in (("now", tmp_path / "now"), (None, tmp_path / "auto")):
        with _held(home / "techhubs"):
            result = _techhubs(home, *LOOKUP, fill=fill)
            assert result.returncode == 0 and _store(home).is_file()


def test_in_a_process_that_goes_on_the_fill_is_done_in_it(run: Run, tmp_path: Path) -> None:
    """main() in a test or a library user's process never forks: a run that fills
    later fills after its answer, before main() returns."""
    home = tmp_path / "cache"
    later = run(*LOOKUP, env={"TECHHUBS_FILL": "later"})
    assert later.exit_code == 0 and _store(home).is_file()
    assert later.stdout == run("--no-cache", *LOOKUP).stdout


def test_a_big_file_fills_later_by_default() -> None:
    assert fills_later(LATER_FROM_BYTES) and not fills_later(LATER_FROM_BYTES - 1)
    assert DATA_FILE.stat().st_size < LATER_FROM_BYTES  # the bundled file fills at once


@pytest.mark.parametrize(("given", "later"), [("now", False), ("LATER", True), (" auto ", False)])
def test_the_setting_chooses(monkeypatch: pytest.MonkeyPatch, given: str, later: bool) -> None:
    monkeypatch.setenv("TECHHUBS_FILL", given)
    assert fills_later(1000) is later
    assert fills_later(LATER_FROM_BYTES) is (later or given.strip() == "auto")


def test_a_setting_it_does_not_know_is_a_usage_error(run: Run) -> None:
    result = run(*LOOKUP, env={"TECHHUBS_FILL": "soon"})
    assert result.exit_code == 2 and result.stdout == ""
    assert "TECHHUBS_FILL must be now, later or auto" in result.stderr
    assert "'soon'" in result.stderr and result.stderr.count("\n") == 1
    with pytest.raises(UsageError):
        fills_later(0)


def test_a_completion_that_fills_later_fills(tmp_path: Path) -> None:
    """Bug (found by the benchmark): completion asks a session of its own, which
    the run never finished, so on a big file its fill was dropped and every TAB was
    a cold start (44x the bundled one at 100x)."""
    home = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHHUBS_")}
    env.update(
        XDG_CACHE_HOME=str(home),
        TECHHUBS_FILL="later",
        _TECHHUBS_COMPLETE="complete_bash",
        COMP_WORDS="techhubs city she",
        COMP_CWORD="2",
    )
    done = subprocess.run(
        [sys.executable, "-m", "techhubs"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.split() == ["shenzhen"]
    _wait_for(_store(home))
    assert _store(home).is_file()


def test_the_fill_holds_no_descriptor_the_caller_handed_down(tmp_path: Path) -> None:
    """A caller reading a pipe it handed down on fd 3+ (a build tool's, a test
    harness's) must see it end when the command does, not when its fill does. The
    fill waits behind a lock this test holds: had the child kept the pipe open, the
    read below would find no end."""
    import select

    home = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHHUBS_")}
    env.update(XDG_CACHE_HOME=str(home), TECHHUBS_FILL="later")
    reader, writer = os.pipe()
    try:
        with _held(home / "techhubs"):
            child = subprocess.Popen(
                [sys.executable, "-m", "techhubs", *LOOKUP],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(writer,),
            )
            os.close(writer)
            writer = -1
            assert child.wait(timeout=120) == 0
            ready, _, _ = select.select([reader], [], [], 30)
            assert ready and os.read(reader, 1) == b""  # the end: nobody holds it
            assert not _store(home).exists()  # and the fill still waits its turn
    finally:
        os.close(reader)
        if writer >= 0:
            os.close(writer)
    _wait_for(_store(home))


def test_a_damaged_store_is_rewritten_by_a_fill_that_runs_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round 14: the waiting fill skipped a store that was there, but a run fills
    only when it found the store missing *or damaged*: a damaged one was never
    rewritten, and every run on the big file stayed slow."""
    home = tmp_path / "cache"
    assert _techhubs(home, *LOOKUP, fill="later").returncode == 0
    _wait_for(_store(home))
    with _store(home).open("r+b") as store:
        store.write(b"garbage" * 100)
    assert _techhubs(home, *LOOKUP, fill="later").returncode == 0  # finds it broken
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    key = cache.key_of(DATA_FILE.read_bytes(), False)
    deadline = time.monotonic() + 60
    while cache.store_stamp(key) is not None and time.monotonic() < deadline:
        try:
            if cache.lookup(key, "city", ["shenzhen"]):
                break
        except cache.StoreBroken:
            pass
        time.sleep(0.05)
    _wait_for(_store(home))
    stored = cache.lookup(key, "city", ["shenzhen"])  # whole again, sum by sum
    assert stored is not None and stored[0]["id"] == "shenzhen"


def test_a_run_that_ends_in_an_error_still_fills(run: Run, tmp_path: Path) -> None:
    """Round 14: the fill left for after the answer was run only when the command
    succeeded: on a big file, a name not found (or a reader gone) kept it cold."""
    missed = run("city", "nowhere", env={"TECHHUBS_FILL": "later"})
    assert missed.exit_code == 1
    assert cache.read(cache.key_of(DATA_FILE.read_bytes(), False)) is not None


def test_a_fill_is_never_left_to_pid_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """Round 14: a container's main program (PID 1) may never reap an orphan: a
    zombie a fill. With such a parent the run fills before it ends."""
    from techhubs.cli import background

    monkeypatch.setattr(os, "getppid", lambda: 1)
    ran: list[int] = []
    assert background.detach(lambda: ran.append(1)) is False and ran == []


def test_a_bad_setting_fails_every_run_alike(run: Run) -> None:
    """Round 14: a bad TECHHUBS_FILL failed a cold run or --no-cache, but not a warm
    one (a script tested on a warm machine then failed on a cold one); and the value
    was echoed lower-cased."""
    run(*LOOKUP)  # warm
    for args in (LOOKUP, ["--no-cache", *LOOKUP], ["cities"], ["cache", "info"]):
        result = run(*args, env={"TECHHUBS_FILL": "Soon"})
        assert result.exit_code == 2, args
        assert "not 'Soon'" in result.stderr and result.stderr.count("\n") == 1


def test_clear_waits_for_a_fill_in_progress(tmp_path: Path) -> None:
    """Round 14: 'cache clear' during a fill said it removed the cache, which the
    fill then wrote back. It takes the fill's lock: what a fill writes while it
    waits is cleared too."""
    home = tmp_path / "cache"
    assert _techhubs(home, *LOOKUP).returncode == 0  # a cache to clear
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHHUBS_")}
    env["XDG_CACHE_HOME"] = str(home)
    with _held(home / "techhubs"):
        clearing = subprocess.Popen(
            [sys.executable, "-m", "techhubs", "cache", "clear"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # it waits for the lock (a run that did not would end in a fraction of this)
        with pytest.raises(subprocess.TimeoutExpired):
            clearing.wait(timeout=3)
        late = home / "techhubs" / _store(home).name
        late.write_bytes(late.read_bytes())  # as a fill would, before it lets go
    assert clearing.wait(timeout=120) == 0
    assert not list((home / "techhubs").glob("records-*"))


def test_a_fill_gives_up_a_lock_that_does_not_come_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round 14: a fill behind another's lock waited for ever, holding its copy of
    the data. Past its patience it gives up (the next run fills); a free lock is
    taken at once."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with _held(tmp_path / "cache" / "techhubs"), cache.filling(patience=0.2) as ours:
        assert ours is False
    with cache.filling(patience=0.2) as ours:
        assert ours is True
