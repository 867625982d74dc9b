"""The Click form of the app, each command built only when it is used.

Typer turns every registered command into a Click command before it parses
the command line: it inspects each function's signature and builds each
option — for 22 commands, most of the time a warm run spends outside Python's
own start-up.  A run uses one command, so the root group gets a mapping that
knows every command's name but builds a command the first time it is looked
up.  Help and completion of command names still list them all (building each
for its one-line help); a run of ``techhubs city X`` builds one.

Only public Typer: each command is built by ``typer.main.get_command`` of a
one-command app that carries the original ``CommandInfo`` (or, for a
sub-group such as ``data``, its ``TyperInfo``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer


class LazyCommands(MutableMapping[str, Any]):
    """Command name → Click command, each built on first lookup."""

    def __init__(self, pending: dict[str, Callable[[], Any]]) -> None:
        self._pending = pending
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._pending[name]()  # KeyError for an unknown name
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._pending.setdefault(name, lambda: command)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._pending[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._pending)

    def __len__(self) -> int:
        return len(self._pending)

    def __contains__(self, name: object) -> bool:
        return name in self._pending


def command_of(app: typer.Typer) -> Any:
    """``typer.main.get_command(app)``, with the commands built lazily."""
    shell = typer.Typer(**_settings(app), add_completion=True)
    shell.registered_callback = app.registered_callback
    shell.info = app.info
    root: Any = typer.main.get_command(shell)
    pending: dict[str, Callable[[], Any]] = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__.lower().replace("_", "-")
        pending[name] = _command(app, info)
    for group in app.registered_groups:
        title = group.name or (group.typer_instance.info.name if group.typer_instance else None)
        assert isinstance(title, str)
        pending[title] = _group(app, group, title)
    root.commands = LazyCommands(pending)
    return root


def _settings(app: typer.Typer) -> dict[str, Any]:
    return {
        "pretty_exceptions_enable": app.pretty_exceptions_enable,
        "rich_markup_mode": app.rich_markup_mode,
    }


def _command(app: typer.Typer, info: Any) -> Callable[[], Any]:
    def build() -> Any:
        one = typer.Typer(**_settings(app), add_completion=False)
        one.registered_commands.append(info)
        return typer.main.get_command(one)

    return build


def _group(app: typer.Typer, info: Any, name: str) -> Callable[[], Any]:
    def build() -> Any:
        one = typer.Typer(**_settings(app), add_completion=False)
        one.registered_groups.append(info)
        wrapper: Any = typer.main.get_command(one)
        return wrapper.commands[name]

    return build
