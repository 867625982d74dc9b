"""Meta-tests that keep the README and CI honest."""

from __future__ import annotations

import re
import shlex

import pytest
import typer

from conftest import ROOT, Run
from techhubs.cli.commands import loaded

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _command_names() -> list[str]:
    group = typer.main.get_command(loaded())
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_readme_names_every_command() -> None:
    for name in _command_names():
        assert f"techhubs {name}" in README, name


def test_ci_runs_the_readme_commands() -> None:
    commands = re.findall(r"^python -m pip install .*$", README, flags=re.M)
    assert len(commands) == 2, commands
    for command in commands:
        assert command in CI.splitlines(), command


def test_readme_documents_every_exit_code() -> None:
    from techhubs.errors import ExitCode

    for code in ExitCode:
        assert re.search(rf"^\| {code.value} \|", README, flags=re.M), code


def test_readme_counts_are_true(dataset: object) -> None:
    from techhubs.core.dataset import Dataset

    assert isinstance(dataset, Dataset)
    assert f"{len(dataset.companies)} companies" in README
    assert f"{len(dataset.focus_areas)} focus areas" in README
    assert f"{len(dataset.cities)} hubs" in README


def _console_blocks() -> list[tuple[str, list[str]]]:
    """Every ```console block of the README: its command and the lines shown."""
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        first, *shown = body.rstrip("\n").split("\n")
        blocks.append((first.removeprefix("$ "), shown))
    return blocks


@pytest.mark.parametrize(("command", "shown"), _console_blocks(), ids=lambda v: str(v)[:40])
def test_readme_output_is_real(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: str, shown: list[str]
) -> None:
    """The tour shows what techhubs prints today (regenerate it when this fails)."""
    if "|" in command.replace("\\|", ""):
        pytest.skip("a shell pipeline")
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    assert args[0] == "techhubs"
    result = run(*args[1:], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    printed = [line.rstrip() for line in result.stdout.rstrip("\n").split("\n")]
    expected = [line.rstrip() for line in shown]
    if expected and expected[-1] == "…":  # the README shows only the first lines
        expected = expected[:-1]
        printed = printed[: len(expected)]
    assert printed == expected


def test_help_names_every_exit_code(run: Run) -> None:
    from techhubs.errors import ExitCode

    text = " ".join(run("--help").stdout.split())
    for code in ExitCode:
        assert re.search(rf"\b{code.value} ", text.split("Exit codes:")[1]), code


def test_json_md_names_every_error_code() -> None:
    """Fresh eyes: '--json > /dev/full' wrote code 'output', which docs/json.md
    (and the schema's description) did not list."""
    from techhubs import errors

    codes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.TechhubsError)
        and cls is not errors.TechhubsError
    }  # fmt: skip
    line = next(
        line for line in (ROOT / "docs" / "json.md").read_text().splitlines()
        if line.startswith("| code | string |")
    )  # fmt: skip
    assert codes == set(re.findall(r"`(\w+)`", line))


def test_the_readme_s_schema_pipeline_shows_the_schema(run: Run) -> None:
    """The one jq pipeline over the schema: a shell pipeline is skipped above, and
    its line went stale when rank rows gained url, note and newer."""
    import json

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = """$ techhubs schema rank | jq -c '."$defs".rank.required'\n"""
    shown = readme.split(command, 1)[1].splitlines()[0]
    schema = run("schema", "rank").json()
    assert json.loads(shown) == schema["$defs"]["rank"]["required"]
