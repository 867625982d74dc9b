"""A map drawn with braille characters: the outline of China and its hubs.

Each braille character holds a 2x4 grid of dots, so a terminal 80 columns
wide gives a 160-dot-wide canvas: enough for a recognisable outline.  The
projection is equirectangular with longitudes shrunk by cos(35°), China's
middle latitude, so the country keeps its shape.  Hubs are drawn as markers
on top, with their names beside them where there is room; a name with no room
is left to the legend.  Drawing is a pure function from data to styled lines,
wrapped in a renderable that fits whatever width it is given.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from techhubs.core.kinds import in_china

# Bit of each dot in a braille cell (U+2800 + bits), by (column, row).
_DOTS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
_SHRINK = math.cos(math.radians(35))
_MARGIN = 0.5  # degrees of air around the outline


class Place(NamedTuple):
    label: str
    lat: float
    lon: float
    highlighted: bool


class Cell(NamedTuple):
    char: str
    style: str


class Canvas:
    """A grid of braille cells, two dots wide and four high each, with a style a cell.

    The map and the trend chart both draw on it: dots by (x, y), lines
    between dots, and whole characters (markers, labels) over the dots.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.bits = [[0] * width for _ in range(height)]
        self.styles = [[""] * width for _ in range(height)]
        self.chars: dict[tuple[int, int], Cell] = {}

    @property
    def dots(self) -> tuple[int, int]:
        return self.width * 2, self.height * 4

    def plot(self, x: int, y: int, style: str = "") -> None:
        if 0 <= x < self.width * 2 and 0 <= y < self.height * 4:
            self.bits[y // 4][x // 2] |= _DOTS[x % 2][y % 4]
            self.styles[y // 4][x // 2] = style

    def line(self, a: tuple[int, int], b: tuple[int, int], style: str = "") -> None:
        _line(a, b, lambda x, y: self.plot(x, y, style))

    def put(self, row: int, col: int, char: str, style: str = "") -> None:
        """A character over the dots (a marker, a letter of a label)."""
        if 0 <= row < self.height and 0 <= col < self.width:
            self.chars[row, col] = Cell(char, style)

    def rows(self) -> list[list[Cell]]:
        return [
            [
                self.chars.get((r, c))
                or Cell(
                    chr(0x2800 + self.bits[r][c]) if self.bits[r][c] else " ", self.styles[r][c]
                )
                for c in range(self.width)
            ]
            for r in range(self.height)
        ]


class Drawn(NamedTuple):
    """A map drawn: its rows of cells, the labels there was no room for, and the
    places outside its frame (each with where it is), which are not drawn."""

    grid: list[list[Cell]]
    unlabelled: list[str]
    off: list[str]


def _where(place: Place) -> str:
    """'Beijing (39.9°N, 120°W)': a place with its coordinates, as a reader checks them."""
    ns, ew = ("N" if place.lat >= 0 else "S"), ("E" if place.lon >= 0 else "W")
    return f"{place.label} ({abs(place.lat):g}°{ns}, {abs(place.lon):g}°{ew})"


def draw(rings: Sequence[Sequence[Sequence[float]]], places: Sequence[Place], width: int) -> Drawn:
    """The map as rows of styled cells, ``width`` characters wide, the labels there
    was no room for, and the places outside China (core.kinds.in_china): such a
    place was drawn on the map's edge, where nothing is (a longitude's sign
    flipped put Beijing on China's western border)."""
    lons = [p[0] for ring in rings for p in ring] or [73.0, 135.0]
    lats = [p[1] for ring in rings for p in ring] or [18.0, 54.0]
    west, east = min(lons) - _MARGIN, max(lons) + _MARGIN
    south, north = min(lats) - _MARGIN, max(lats) + _MARGIN
    dots_wide = max(2, width * 2)
    scale = dots_wide / ((east - west) * _SHRINK)
    dots_high = max(4, math.ceil((north - south) * scale))
    height = math.ceil(dots_high / 4)

    def to_dot(lon: float, lat: float) -> tuple[int, int]:
        x = round((lon - west) * _SHRINK * scale)
        y = round((north - lat) * scale)
        return min(max(x, 0), dots_wide - 1), min(max(y, 0), height * 4 - 1)

    canvas = Canvas(width, height)
    for ring in rings:
        for (lon0, lat0), (lon1, lat1) in itertools.pairwise(ring):
            canvas.line(to_dot(lon0, lat0), to_dot(lon1, lat1), "green")
    grid = canvas.rows()
    # Markers first, then labels where they fit, so no label hides a marker.
    spots = []
    # China's extent, as data validate warns of a hub outside it (a hub inside it
    # but past the outline's frame by a fraction of a degree is drawn on its edge)
    off = [_where(p) for p in places if not in_china(p.lat, p.lon)]
    for place in places:
        if not in_china(place.lat, place.lon):
            continue
        x, y = to_dot(place.lon, place.lat)
        col, row = x // 2, y // 4
        style = "bold yellow" if place.highlighted else "bold cyan"
        grid[row][col] = Cell("◆" if place.highlighted else "●", style)
        spots.append((row, col, place, style))
    taken = {(row, col) for row, col, _, _ in spots}
    unlabelled = []
    for row, col, place, style in sorted(spots, key=lambda s: (s[0], s[1])):
        # To the right of the marker if there is room, else to its left.
        for start, label in (
            (col + 1, f" {place.label}"),
            (col - len(place.label) - 1, f"{place.label} "),
        ):
            cells = [(row, start + i) for i in range(len(label))]
            if start >= 0 and start + len(label) <= width and not taken & set(cells):
                for (r, c), ch in zip(cells, label, strict=True):
                    grid[r][c] = Cell(ch, style if ch != " " else "")
                taken |= set(cells)
                break
        else:
            unlabelled.append(place.label)
    return Drawn(grid, unlabelled, off)


def _line(a: tuple[int, int], b: tuple[int, int], plot: Callable[[int, int], None]) -> None:
    """Bresenham's line from ``a`` to ``b``."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    while True:
        plot(x0, y0)
        if x0 == x1 and y0 == y1:
            return
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy


class MapView:
    """A renderable map that draws itself at the width it is given."""

    def __init__(
        self, rings: Sequence[Sequence[Sequence[float]]], places: Sequence[Place], caption: str
    ) -> None:
        self.rings = rings
        self.places = places
        self.caption = caption

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        grid, unlabelled, off = draw(self.rings, self.places, min(options.max_width, 120))
        for row in grid:
            line = Text()
            for cell in row:
                line.append(cell.char, cell.style)
            line.rstrip()
            yield line
        caption = self.caption
        if unlabelled:
            caption += f" No room to label: {', '.join(unlabelled)}."
        if off:
            caption += f" Off the map, so not drawn: {', '.join(off)}."
        yield Text(caption, style="dim")
