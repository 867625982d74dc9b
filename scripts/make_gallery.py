"""Regenerate the SVG gallery in docs/gallery/ from the real commands.

    python scripts/make_gallery.py

Each picture is the command's own table, saved with --save-svg at 100
columns, so the gallery always shows what techhubs really draws.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
SHOTS = {
    "city": ["city", "shenzhen"],
    "compare": ["compare", "beijing", "hangzhou", "shanghai"],
    "rank": ["rank", "--by", "gdp"],
    "map": ["map", "--focus", "artificial-intelligence"],
}


def main() -> None:
    GALLERY.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "COLUMNS": "100", "TECHHUBS_NO_CACHE": "1"}
    env.pop("TECHHUBS_DATA", None)
    for name, args in SHOTS.items():
        target = GALLERY / f"{name}.svg"
        target.unlink(missing_ok=True)  # --save-svg never replaces a file
        subprocess.run(
            [sys.executable, "-m", "techhubs", *args, "--save-svg", str(target)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
