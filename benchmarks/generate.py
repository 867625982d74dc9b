"""Write a techhubs data file N times the size of the bundled one.

    python benchmarks/generate.py --scale 100 --out /tmp/cities-100x.yaml

Copy 1 of every city and company keeps its original id and names (so
``techhubs --data FILE city shenzhen`` works on every generated file); copy
k >= 2 gets ``-k`` on its id (``shenzhen-17``), `` k`` on its English names and
pinyin (``Shenzhen 17``), ``k`` on its Chinese names (``深圳17``) and on its
aliases, and all its references (nicknames' ``refers_to``, company links,
headquarters) point inside the same copy.  Every company is copied, so a 100x
file has 1,200 cities and 5,200 companies.  Focus areas, ``meta`` and
``national`` are shared, not copied.

The output is deterministic (no randomness): the same source and scale give
the same bytes.  It is block-style YAML like the bundled file, written by a
small emitter here, so the script needs only the standard library when the
source is read with PyYAML (techhubs' own dependency) or, failing that,
exported as JSON by the ``techhubs`` command (``--techhubs``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "data" / "cities.yaml"


# -- reading the source -----------------------------------------------------------


def load_source(path: Path, techhubs: str | None = None) -> dict[str, Any]:
    """The bundled (or given) data file as plain data.

    PyYAML when it is importable (it is in techhubs' environment); otherwise
    ``techhubs --data PATH export --json``, whose JSON carries the same schema.
    """
    data: Any = None
    if techhubs is None:
        try:
            import yaml
        except ImportError:
            pass
        else:
            loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            with path.open("rb") as handle:
                data = yaml.load(handle, Loader=loader)  # a safe loader
    if data is None:
        command = shlex.split(techhubs) if techhubs else [shutil.which("techhubs") or "techhubs"]
        out = subprocess.run(
            [*command, "--data", str(path), "export", "--json"],
            check=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
        ).stdout
        data = json.loads(out)
    if not isinstance(data, dict):
        raise SystemExit(f"generate.py: {path} is not a techhubs data file")
    return data


# -- scaling -------------------------------------------------------------------------


def normalize(text: str) -> str:
    """techhubs' lookup key (src/techhubs/core/names.py): case, accents, punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch)
    )


def _suffixed(text: str, k: int, sep: str = " ") -> str:
    return text if k == 1 else f"{text}{sep}{k}"


def _ident(ident: str, k: int) -> str:
    return ident if k == 1 else f"{ident}-{k}"


def _unique_aliases(
    aliases: Iterable[str], owner: str, taken: dict[str, str], own: Iterable[str]
) -> list[str]:
    """Aliases whose keys no other entity holds yet; the rest are dropped."""
    for name in own:
        taken.setdefault(normalize(name), owner)
    kept: list[str] = []
    for alias in aliases:
        key = normalize(alias)
        if not key or taken.get(key, owner) != owner:
            continue
        taken[key] = owner
        kept.append(alias)
    return kept


def _city_copy(city: dict[str, Any], k: int, taken: dict[str, str]) -> dict[str, Any]:
    out = dict(city)
    ident = _ident(city["id"], k)
    out["id"] = ident
    out["name"] = _suffixed(city["name"], k)
    out["name_zh"] = _suffixed(city["name_zh"], k, sep="")
    out["pinyin"] = _suffixed(city["pinyin"], k)
    out["aliases"] = _unique_aliases(
        (_suffixed(a, k) for a in city.get("aliases", [])),
        ident,
        taken,
        (ident, out["name"], out["name_zh"], out["pinyin"]),
    )
    renamed = {city["name"]: out["name"]}
    districts = []
    for district in city.get("districts", []):
        copy = dict(district)
        copy["name"] = _suffixed(district["name"], k)
        copy["name_zh"] = _suffixed(district["name_zh"], k, sep="")
        renamed[district["name"]] = copy["name"]
        districts.append(copy)
    out["districts"] = districts
    out["nicknames"] = [
        {**n, "refers_to": renamed.get(n["refers_to"], out["name"])}
        for n in city.get("nicknames", [])
    ]
    out["companies"] = [{**link, "id": _ident(link["id"], k)} for link in city.get("companies", [])]
    return out


def _company_copy(company: dict[str, Any], k: int, taken: dict[str, str]) -> dict[str, Any]:
    out = dict(company)
    ident = _ident(company["id"], k)
    out["id"] = ident
    out["name"] = _suffixed(company["name"], k)
    out["name_zh"] = _suffixed(company["name_zh"], k, sep="")
    out["headquarters"] = _ident(company["headquarters"], k)
    if k > 1 and company.get("listings"):  # a listing names its company: one a copy
        out["listings"] = [{**x, "ticker": f"{x['ticker']}-x{k}"} for x in company["listings"]]
    if "aliases" in company:
        out["aliases"] = _unique_aliases(
            (_suffixed(a, k) for a in company["aliases"]),
            ident,
            taken,
            (ident, out["name"], out["name_zh"]),
        )
    return out


def scale(data: dict[str, Any], n: int) -> dict[str, Any]:
    """``data`` with every city and company copied ``n`` times, references intact."""
    if n < 1:
        raise ValueError("scale must be at least 1")
    city_keys: dict[str, str] = {}
    company_keys: dict[str, str] = {}
    # Reserve every copy's own names first, so an alias can never claim one.
    for k in range(1, n + 1):
        for city in data["cities"]:
            for name in (
                _ident(city["id"], k),
                _suffixed(city["name"], k),
                _suffixed(city["name_zh"], k, ""),
                _suffixed(city["pinyin"], k),
            ):
                city_keys.setdefault(normalize(name), _ident(city["id"], k))
        for company in data["companies"]:
            for name in (
                _ident(company["id"], k),
                _suffixed(company["name"], k),
                _suffixed(company["name_zh"], k, ""),
            ):
                company_keys.setdefault(normalize(name), _ident(company["id"], k))
    cities = [_city_copy(city, k, city_keys) for k in range(1, n + 1) for city in data["cities"]]
    companies = [
        _company_copy(company, k, company_keys)
        for k in range(1, n + 1)
        for company in data["companies"]
    ]
    meta = dict(data["meta"])
    meta["description"] = f"{meta['description']} (Benchmark data: the bundled file x{n}.)"
    return {
        "meta": meta,
        "focus_areas": data["focus_areas"],
        "cities": cities,
        "companies": companies,
        "national": data["national"],
        **({"indicators": data["indicators"]} if "indicators" in data else {}),
    }


# -- writing block YAML --------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z\u00c0-\uffff][^\x00-\x1f\x7f]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} in a data file")
        text = repr(value)
        mantissa, _, exponent = text.partition("e")
        if "." not in mantissa:  # YAML 1.1 floats need a dot (and a signed exponent)
            mantissa += ".0"
        if exponent and exponent[0] not in "+-":
            exponent = "+" + exponent
        return mantissa + (f"e{exponent}" if exponent else "")
    text = str(value)
    plain = (
        _PLAIN.match(text) is not None
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.lower() not in _RESERVED
    )
    # JSON's double-quoted strings are valid YAML double-quoted scalars.
    return text if plain else json.dumps(text, ensure_ascii=False)


def _emit(value: Any, indent: int, lines: list[str]) -> None:
    """Append ``value`` (a mapping or list) as block YAML indented by ``indent``."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            _entry(f"{pad}{key}:", item, indent, indent + 2, lines)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                first = True
                for key, sub in item.items():
                    prefix = f"{pad}- {key}:" if first else f"{pad}  {key}:"
                    _entry(prefix, sub, indent + 2, indent + 4, lines)
                    first = False
            elif isinstance(item, list) and item:
                lines.append(f"{pad}-")
                _emit(item, indent + 2, lines)
            else:
                lines.append(f"{pad}- {_flow_or_scalar(item)}")


def _entry(prefix: str, value: Any, list_indent: int, map_indent: int, lines: list[str]) -> None:
    if isinstance(value, dict) and value:
        lines.append(prefix)
        _emit(value, map_indent, lines)
    elif isinstance(value, list) and value:
        lines.append(prefix)
        _emit(value, list_indent, lines)
    else:
        lines.append(f"{prefix} {_flow_or_scalar(value)}")


def _flow_or_scalar(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def to_yaml(data: dict[str, Any], header: str = "") -> str:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _emit(data, 0, lines)
    return "\n".join(lines) + "\n"


# -- the command -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a valid techhubs data file N times the bundled one."
    )
    parser.add_argument("--scale", type=int, required=True, metavar="N", help="copies (>= 1)")
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="where to write it (JSON if FILE.json)"
    )
    parser.add_argument(
        "--source",
        default=str(DEFAULT_SOURCE),
        metavar="FILE",
        help="data file to scale (default: the bundled data/cities.yaml)",
    )
    parser.add_argument(
        "--techhubs",
        default=None,
        metavar="CMD",
        help="read the source through `CMD export --json` instead of PyYAML",
    )
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    source = Path(args.source)
    data = scale(load_source(source, args.techhubs), args.scale)
    header = (
        f"techhubs benchmark data: {source.name} x{args.scale} "
        f"({len(data['cities'])} cities, {len(data['companies'])} companies).\n"
        f"Generated by benchmarks/generate.py --scale {args.scale}; do not edit."
    )
    out = Path(args.out)
    tmp = out.with_name(f".{out.name}.tmp")
    # A .json name is read as JSON by techhubs: write JSON there (no header: JSON
    # has no comments), YAML elsewhere.
    json_out = out.name.lower().endswith(".json")
    text = json.dumps(data, ensure_ascii=False, indent=1) if json_out else to_yaml(data, header)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)
    print(
        f"{out}: {len(data['cities'])} cities, {len(data['companies'])} companies, "
        f"{out.stat().st_size / 2**20:.1f} MiB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
