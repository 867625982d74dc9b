"""Derive data/china-outline.json, the map outline `techhubs map` draws.

Source: Natural Earth, 1:110m Cultural Vectors, Admin 0 - Countries (public
domain, https://www.naturalearthdata.com/about/terms-of-use/), in the copy
that the geopandas 0.14.4 wheel ships as ``naturalearth_lowres``.  This
script reads that shapefile with the standard library only, keeps the record
named China, rounds coordinates to 0.01 degree and writes the rings as JSON.

    python scripts/make_outline.py                 # fetches the wheel with pip
    python scripts/make_outline.py --wheel FILE    # or uses one you have

techhubs reads the result at run time; nothing is downloaded then.
"""

from __future__ import annotations

import argparse
import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "china-outline.json"
WHEEL = "geopandas==0.14.4"
BASE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"


def _dbf_names(raw: bytes) -> list[str]:
    """The NAME column of a dBase III table."""
    records, header_len, record_len = struct.unpack("<xxxxIHH", raw[:12])
    fields: list[tuple[str, int]] = []
    offset = 32
    while raw[offset] != 0x0D:
        name = raw[offset : offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, raw[offset + 16]))
        offset += 32
    names = []
    for i in range(records):
        start = header_len + i * record_len + 1  # skip the deletion flag
        values = {}
        for name, length in fields:
            values[name] = raw[start : start + length].decode("utf-8", "replace").strip()
            start += length
        names.append(values.get("name") or values.get("NAME", ""))
    return names


def _polygon(raw: bytes, shx: bytes, index: int) -> list[list[tuple[float, float]]]:
    """The rings of polygon record ``index`` of a shapefile."""
    offset = struct.unpack(">i", shx[100 + index * 8 : 104 + index * 8])[0] * 2
    content = raw[offset + 8 :]
    shape_type, _, _, _, _, parts, points = struct.unpack("<i4dii", content[:44])
    if shape_type != 5:
        raise SystemExit(f"record {index} is shape type {shape_type}, not a polygon")
    starts = list(struct.unpack(f"<{parts}i", content[44 : 44 + 4 * parts]))
    base = 44 + 4 * parts
    coords = [
        struct.unpack("<2d", content[base + 16 * i : base + 16 * i + 16]) for i in range(points)
    ]
    rings = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else points
        rings.append([(x, y) for x, y in coords[start:end]])
    return rings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a geopandas 0.14.4 wheel already on disk")
    args = parser.parse_args()
    wheel = args.wheel
    if wheel is None:
        folder = Path(tempfile.mkdtemp())
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", WHEEL, "-d", str(folder)],
            check=True,
        )
        wheel = next(folder.glob("geopandas-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        shp, shx, dbf = (archive.read(f"{BASE}.{ext}") for ext in ("shp", "shx", "dbf"))
    names = _dbf_names(dbf)
    index = names.index("China")
    rings = [
        [[round(x, 2), round(y, 2)] for x, y in ring]
        for ring in _polygon(io.BytesIO(shp).getvalue(), shx, index)
    ]
    document = {
        "name": "China",
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), "
        "as shipped in geopandas 0.14.4 (naturalearth_lowres); derived by scripts/make_outline.py",
        "rings": rings,
    }
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rings)} rings, {sum(map(len, rings))} points")


if __name__ == "__main__":
    main()
