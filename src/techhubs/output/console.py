"""The Rich consoles: the one place that prints renderables.

Colour follows the conventions people expect of a CLI: none when stdout is
not a terminal, none with ``NO_COLOR`` (any value), ``TERM=dumb`` or
``--no-color``.  Width follows the terminal, or ``COLUMNS`` when set.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console, RenderableType

from techhubs.loader import cache

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


#: The environment that shapes what Rich draws (its own reading of the terminal is
#: in the console's properties, :func:`_request`); techhubs' own settings are
#: every TECHHUBS_ variable.
_DRAWN_BY = (
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "UNICODE_VERSION",
)


def _request(console: Console, asked: str, libraries: str) -> bytes:
    """Everything a drawing is a function of, besides the data: the question (its
    command line, and techhubs as the run found it: techhubs.cli.session), the
    console as Rich resolved it (width, colours, terminal, encoding), the
    settings above, and the libraries that draw it (``libraries``:
    techhubs.loader.cache.library_stamp)."""
    shape = (
        console.width,
        console.color_system,
        console.no_color,
        console.is_terminal,
        console.is_dumb_terminal,
        console.encoding,
        console.options.ascii_only,
    )
    settings = [
        f"{name}={value}"
        for name, value in sorted(os.environ.items())
        if name.startswith("TECHHUBS_") or name in _DRAWN_BY
    ]
    return "\0".join([asked, repr(shape), *settings, libraries]).encode("utf-8", "surrogatepass")


#: techhubs' own signs, each as the ASCII character of one cell that reads as it,
#: for a stream that cannot carry UTF-8 (Rich draws its boxes in ASCII there;
#: money and bars are drawn so: techhubs.output.tables.ASCII). The charts' too: a
#: marker of each hub its own ('●■▲◆★✚', techhubs.output.tables.MARKERS, and the
#: map's), the axes, and a braille cell with any dot as a dot, so a line is
#: still drawn and the map's outline seen (every one was a '?').
_IN_ASCII: dict[int, int | str] = {
    **str.maketrans("’‘“”–—•·÷×╎✓⚠▲▼≈", "''\"\"--*./x|+!^v~"),
    **str.maketrans("●■◆★✚", "o#x*+"),  # (and '▲' '^', above)
    **str.maketrans("┤│└─", "||+-"),
    **dict.fromkeys(range(0x2801, 0x2900), "."),
    0x2800: " ",
}


def _drawn(console: Console, renderables: Iterable[RenderableType]) -> str:
    """The text ``renderables`` print as on ``console``: on a terminal, what Rich
    writes; piped or redirected, the same lines without the padding a table pads
    its cells with, so a script's diff or grep sees no trailing spaces. For a
    stream that cannot carry UTF-8, techhubs' own signs in ASCII (:data:`_IN_ASCII`)."""
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    text = captured.get()
    if console.options.ascii_only:
        text = _carried(text.translate(_IN_ASCII), console.encoding)
    if console.is_terminal:
        return text
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _carried(text: str, encoding: str) -> str:
    """``text`` as a stream in ``encoding`` can carry it, each character kept in
    the cells it was laid out in: a letter without its accent ('Communique',
    'Wuhan'), else a '?' a cell ('深圳' as '????', where the stream's own
    replacement wrote '??' and shifted the columns after it)."""
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        pass
    else:
        return text
    import unicodedata

    from rich.cells import cell_len

    def carried(ch: str) -> str:
        try:
            ch.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii())
            cells = cell_len(ch)
            return bare if bare and cell_len(bare) == cells else "?" * cells
        return ch

    return "".join(ch if ch.isascii() else carried(ch) for ch in text)


def _in_ascii(make: Callable[[], Iterable[RenderableType]]) -> Callable[[], list[RenderableType]]:
    """``make``, made with money's codes and ASCII bars (techhubs.output.tables.ASCII):
    '¥5.39 trillion' would print as '?5.39 trillion'. The flag is set only when
    ``make`` is called, so a drawing kept from an earlier run is written without
    importing the tables; it stays set while what was made is drawn (a table is
    laid out at its width when printed), until :func:`_plain_again`."""

    def made() -> list[RenderableType]:
        from techhubs.output import tables

        tables.ASCII = True
        return list(make())

    return made


@contextmanager
def _plain_again() -> Iterator[None]:
    """Money's signs and block bars again once drawn (:func:`_in_ascii`)."""
    import sys

    try:
        yield
    finally:
        tables = sys.modules.get("techhubs.output.tables")
        if tables is not None:
            tables.ASCII = False  # type: ignore[attr-defined]


def _show_kept(
    console: Console, make: Callable[[], Iterable[RenderableType]], key: str, asked: str, stamp: str
) -> None:
    """Write the drawing kept for this question, or draw it, write it and keep it
    (:func:`show`)."""
    import sys

    libraries = cache.library_stamp()  # (the ones this run has imported by now)
    request = _request(console, f"{asked}\0{stamp}", libraries)
    kept = cache.drawing(key, request)
    text = _drawn(console, make()) if kept is None else kept
    sys.stdout.write(text)
    sys.stdout.flush()
    if kept is None and cache.drawing_stamp() == stamp and cache.library_stamp() == libraries:
        cache.keep_drawing(key, request, text)


def show(
    make: Callable[[], Iterable[RenderableType]],
    color: bool,
    save_svg: str | None = None,
    save_html: str | None = None,
    force: bool = False,
    drawing: tuple[str, str, str] | None = None,
) -> None:
    """Print what ``make()`` makes to stdout; with a path, also save the same
    rendering as SVG or HTML.

    ``drawing`` is (the data's cache key, the question asked, the stamp of
    techhubs' files when the run first asked the cache) when the command may keep what it
    draws: the text is then read back from the cache when the same question was
    drawn before on the same console, and kept when it was not
    (techhubs.loader.cache, "drawings"); ``make`` is then not even called. It is
    kept only once written whole, and only if neither techhubs nor a library
    changed under the run (an upgrade while it ran drew with the old code).
    """
    console = make_console(color)
    # a picture written to stdout is written whole, escaped if need be (write_data)
    if not console.options.ascii_only or "-" in (save_svg, save_html):
        _show(console, make, save_svg, save_html, force, drawing)
        return
    # stdout cannot carry UTF-8: drawn in ASCII there; a picture saved to a file is
    # UTF-8, and drawn in full on a console of its own (twice drawn, only here)
    with _plain_again():
        _show(console, _in_ascii(make), None, None, force, drawing)
    if save_svg or save_html:
        import io

        picture = make_console(color)
        picture.file = io.StringIO()
        _show(picture, make, save_svg, save_html, force, None)


def _show(
    console: Console,
    make: Callable[[], Iterable[RenderableType]],
    save_svg: str | None,
    save_html: str | None,
    force: bool,
    drawing: tuple[str, str, str] | None,
) -> None:
    """:func:`show` on ``console``."""
    import sys

    usual = not console.legacy_windows and not console.is_jupyter  # (both draw otherwise)
    if drawing is not None and usual and not (save_svg or save_html):
        _show_kept(console, make, *drawing)
        return
    renderables = make()
    if save_svg or save_html:
        console.record = True
    if "-" in (save_svg, save_html):  # the picture goes to stdout, not the table
        import io

        console.file = io.StringIO()
        for renderable in renderables:
            console.print(renderable)
    # a picture records what is printed; a terminal is written what Rich writes (but
    # one that cannot take UTF-8 is written _drawn's ASCII)
    elif console.record or (console.is_terminal and not console.options.ascii_only):
        for renderable in renderables:
            console.print(renderable)
    else:
        sys.stdout.write(_drawn(console, renderables))
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
            from techhubs.text import printable

            sys.stderr.write(
                f"techhubs: wrote {printable(target, limit=None, exact=True)} ({kind})\n"
            )
