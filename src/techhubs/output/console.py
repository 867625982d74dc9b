"""The Rich consoles: the one place that prints renderables.

Colour follows the conventions people expect of a CLI: none when stdout is
not a terminal, none with ``NO_COLOR`` (any value), ``TERM=dumb`` or
``--no-color``.  Width follows the terminal, or ``COLUMNS`` when set.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def make_console(color: bool, stderr: bool = False) -> Console:
    from rich.console import Console

    no_color = not color or "NO_COLOR" in os.environ
    return Console(
        stderr=stderr,
        markup=False,  # data is never parsed as Rich markup
        emoji=False,
        highlight=False,
        no_color=no_color,
        color_system=None if no_color else "auto",
        soft_wrap=False,
    )


def show(renderables: Iterable[RenderableType], color: bool) -> None:
    console = make_console(color)
    for renderable in renderables:
        console.print(renderable)
