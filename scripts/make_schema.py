"""Write data/schema.json, the JSON Schema of every command's --json output.

The contract is docs/json.md: one table a shape, each field with its type and
meaning. tests/test_json_contract.py holds real output to those tables and
tests/test_declarations.py holds every declared field to them, so they are
the one description of the JSON that is checked both ways. This script turns
them into JSON Schema (draft 2020-12), which `techhubs schema` prints and
`techhubs fields` reads; tests/test_schema.py checks the file is in step with
the document and validates every command's real output against it.

    python scripts/make_schema.py          # rewrite data/schema.json
    python scripts/make_schema.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "json.md"
OUT = ROOT / "data" / "schema.json"

#: What each command prints (docs/json.md, "What each command prints").
COMMANDS: dict[str, list[str]] = {
    "city": ["city", "[city]"],
    "cities": ["[city]"],
    "compare": ["comparison", "company_comparison", "area_comparison"],
    "rank": ["[rank]"],
    "indicators": ["[indicator]"],
    "trend": ["trend"],
    "similar": ["[similar]"],
    "company": ["company", "[company]"],
    "companies": ["[company]"],
    "area": ["area", "[area]"],
    "areas": ["[area]"],
    "search": ["[hit]"],
    "overview": ["overview"],
    "map": ["map"],
    "data validate": ["validation"],
    "cache info": ["cache"],
    "fields": ["[field]"],
    "error": ["error"],
}


def shapes(text: str) -> dict[str, dict[str, tuple[str, str]]]:
    """Every ``### shape`` table of the document: field -> (type, meaning)."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^### (\w+)$", line)
        if heading:
            current = heading.group(1)
            found[current] = {}
            continue
        row = re.match(r"^\| (\w+) \| (.+?) \| (.*) \|$", line)
        if current and row and row.group(1) != "field":
            found[current][row.group(1)] = (row.group(2).replace("\\|", "|"), row.group(3))
    return found


SCALARS = {"string", "integer", "number", "boolean", "null"}


def of_type(kind: str) -> dict[str, Any]:
    """One documented type ('figure|null', '[ref]', '{id: figure}') as JSON Schema."""
    if "|" in kind and not kind.startswith("{"):
        return {"anyOf": [of_type(option) for option in kind.split("|")]}
    if kind.startswith("[") and kind.endswith("]"):
        return {"type": "array", "items": of_type(kind[1:-1])}
    mapping = re.match(r"^\{id: ([\w|]+)\}$", kind)
    if mapping:
        return {"type": "object", "additionalProperties": of_type(mapping.group(1))}
    if kind in SCALARS:
        return {"type": kind}
    return {"$ref": f"#/$defs/{kind}"}


def document(text: str) -> dict[str, Any]:
    """The whole schema: every shape under $defs, and what each command prints."""
    defs = {
        name: {
            "type": "object",
            "properties": {
                field: {**of_type(kind), "description": meaning.replace("`", "")}
                for field, (kind, meaning) in fields.items()
            },
            # A field documented as "only for …" is there only then.
            "required": [
                f for f, (_, meaning) in fields.items() if not meaning.startswith("only ")
            ],
            "additionalProperties": False,
        }
        for name, fields in shapes(text).items()
    }
    commands = {
        command: {"anyOf": [of_type(kind) for kind in kinds]}
        if len(kinds) > 1
        else of_type(kinds[0])
        for command, kinds in COMMANDS.items()
    }
    # An error is written on stderr inside {"error": …}.
    commands["error"] = {
        "type": "object",
        "properties": {"error": of_type("error")},
        "required": ["error"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "techhubs JSON output",
        "description": "Generated from docs/json.md by scripts/make_schema.py; do not edit.",
        "commands": commands,
        "$defs": defs,
    }


def render(text: str) -> str:
    return json.dumps(document(text), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    wanted = render(DOC.read_text(encoding="utf-8"))
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != wanted:
            print("data/schema.json is out of date: run python scripts/make_schema.py")
            return 1
        return 0
    OUT.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
