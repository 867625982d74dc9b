"""The Rich consoles: the one place that prints renderables.

Colour follows the conventions people expect of a CLI: none when stdout is
not a terminal, none with ``NO_COLOR`` (any value), ``TERM=dumb`` or
``--no-color``.  Width follows the terminal, or ``COLUMNS`` when set.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from rich.console import Console, RenderableType

#: The widths a COLUMNS is held to: the narrowest the tables are laid out (and
#: tested) for, and a bound no screen reaches (COLUMNS=99999999 drew a
#: ranking's bars for minutes; COLUMNS=0 printed nothing at all).
MIN_WIDTH, MAX_WIDTH = 30, 1000


def width() -> int | None:
    """The width COLUMNS asks for, held to what can be drawn; None when it is not
    set (Rich then asks the terminal). A COLUMNS of 0 or of no number is no
    answer: the terminal's width, or 80, as ``shutil`` reads them."""
    if "COLUMNS" not in os.environ:
        return None
    import shutil

    return min(max(shutil.get_terminal_size().columns, MIN_WIDTH), MAX_WIDTH)


def make_console(color: bool, stderr: bool = False) -> Console:
    # no-color.org: NO_COLOR counts when it is set and not empty.
    no_color = not color or os.environ.get("NO_COLOR", "") != ""
    return Console(
        width=width(),
        stderr=stderr,
        markup=False,  # data is never parsed as Rich markup
        emoji=False,
        highlight=False,
        no_color=no_color,
        color_system=None if no_color else "auto",
        soft_wrap=False,
    )


def show(
    renderables: Iterable[RenderableType],
    color: bool,
    save_svg: str | None = None,
    save_html: str | None = None,
    force: bool = False,
) -> None:
    """Print to stdout; with a path, also save the same rendering as SVG or HTML."""
    console = make_console(color)
    if save_svg or save_html:
        console.record = True
    if "-" in (save_svg, save_html):  # the picture goes to stdout, not the table
        import io

        console.file = io.StringIO()
        for renderable in renderables:
            console.print(renderable)
    elif console.is_terminal or console.record:  # a picture records what is printed
        for renderable in renderables:
            console.print(renderable)
    else:
        # Piped or redirected: the same lines without the padding a table pads
        # its cells with, so a script's diff or grep sees no trailing spaces.
        with console.capture() as captured:
            for renderable in renderables:
                console.print(renderable)
        import sys

        lines = captured.get().split("\n")
        sys.stdout.write("\n".join(line.rstrip(" ") for line in lines))
        sys.stdout.flush()
    # Saved with colour even when the terminal had none: a picture for reports.
    for target, kind in ((save_svg, "svg"), (save_html, "html")):
        if not target:
            continue  # (what writes one is imported only then: every table pays an import)
        from pathlib import Path

        from techhubs.files import write_text
        from techhubs.output.streams import write_data

        picture = (
            console.export_svg(title="techhubs", clear=False)
            if kind == "svg"
            else console.export_html(clear=False)
        )
        if target == "-":
            write_data(picture)
        else:
            write_text(Path(target), picture, force)
            import sys

            from techhubs.text import printable

            sys.stderr.write(
                f"techhubs: wrote {printable(target, limit=None, exact=True)} ({kind})\n"
            )
