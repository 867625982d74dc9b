"""Meta-tests that keep the README and CI honest."""

from __future__ import annotations

import re

import typer

from conftest import ROOT
from techhubs.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _command_names() -> list[str]:
    group = typer.main.get_command(app)
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
    from techhubs.models import Dataset

    assert isinstance(dataset, Dataset)
    assert f"{len(dataset.companies)} companies" in README
    assert f"{len(dataset.focus_areas)} focus areas" in README
    assert f"{len(dataset.cities)} hubs" in README
