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

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

import typer

#: The commands looked up while the command line was read, outermost first
#: ('data', 'validate'): what an error Click raises without its context (an
#: option's missing value) is an error of.
LOOKED_UP: list[str] = []


class LazyCommands(MutableMapping[str, Any]):
    """Command name → Click command, each built on first lookup."""

    def __init__(self, pending: dict[str, Callable[[], Any]]) -> None:
        self._pending = pending
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._pending[name]()  # KeyError for an unknown name
        if name not in LOOKED_UP:  # (Click looks a command up more than once)
            LOOKED_UP.append(name)
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


def command_of(app: typer.Typer, names: Iterable[str], load: Callable[[str], None]) -> Any:
    """``typer.main.get_command(app)``, with each command built only when it is used.

    ``names`` are every command's (and sub-group's) name, in the order help lists
    them; ``load(name)`` imports the module that registers that command on ``app``
    (techhubs.cli.commands.load), so a run imports one command module, not all."""
    shell = typer.Typer(**_settings(app), add_completion=True)
    shell.registered_callback = app.registered_callback
    shell.info = app.info
    root: Any = typer.main.get_command(shell)
    root.commands = LazyCommands({name: _deferred(app, name, load) for name in names})
    return root


def command_name(info: Any) -> str:
    """The name a registered command is called by, as Typer names it."""
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


def _deferred(app: typer.Typer, name: str, load: Callable[[str], None]) -> Callable[[], Any]:
    def build() -> Any:
        load(name)
        for info in app.registered_commands:
            if command_name(info) == name:
                return _command(app, info)()
        for group in app.registered_groups:
            typed = group.typer_instance
            if (group.name or (typed.info.name if typed else None)) == name:
                return _group(app, group, name)()
        # A name whose module registers no such command: a bug in the caller's
        # list, to be reported as one (a KeyError would read as an unknown command).
        raise RuntimeError(f"command {name!r} is not declared where it is said to be")

    return build


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
        group = wrapper.commands[name]
        # its commands are built already; looking one up is recorded all the same
        group.commands = LazyCommands({n: _ready(c) for n, c in group.commands.items()})
        return group

    return build


def _ready(command: Any) -> Callable[[], Any]:
    def build() -> Any:
        return command

    return build
