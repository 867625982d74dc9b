"""Strict, safe YAML: plain data plus the line each value came from.

PyYAML's loaders are too forgiving for a hand-edited data file: a repeated
key silently wins, a ``!!python/…`` tag (in the unsafe loaders) runs code, and
an alias bomb expands to billions of nodes.  So we let libyaml only *compose*
the file into nodes (fast, in C, no objects constructed) and walk the nodes
ourselves, which lets us

* refuse every tag that is not a plain scalar, sequence or mapping,
* report duplicate keys with their line,
* bound how much aliases may expand (billion laughs stops after a few
  thousand nodes, in milliseconds), and
* remember the line of every value, so schema problems can name it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from techhubs.errors import Problem

try:  # libyaml is ~10x faster; the pure-Python composer is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: How many nodes aliases may add beyond the file's own; real data files use
#: aliases for a few shared lists at most, an alias bomb needs billions.
ALIAS_EXPANSION_LIMIT = 10_000
#: Deeper nesting than this is no data file of ours (ours is 5 deep).
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_constructor = SafeConstructor()
_SCALARS: dict[str, Callable[[ScalarNode], Any]] = {
    _TAG + "str": lambda node: node.value,
    _TAG + "int": _constructor.construct_yaml_int,
    _TAG + "float": _constructor.construct_yaml_float,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "null": _constructor.construct_yaml_null,
    _TAG + "timestamp": lambda node: _iso(_constructor.construct_yaml_timestamp(node)),
}


def _iso(value: object) -> str:
    # Dates are kept as ISO text: the models hold strings, and JSON has no date.
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


class FatalYAMLError(Exception):
    """The file cannot be read as YAML at all; carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class Parsed(NamedTuple):
    """Plain data (dicts, lists, scalars), the line of each path, and problems."""

    data: Any
    lines: dict[str, int]
    problems: list[Problem]


def parse(text: str) -> Parsed:
    """Parse YAML ``text`` strictly; FatalYAMLError if it is not usable YAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (column {mark.column + 1})" if mark is not None else ""
        reason = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        raise FatalYAMLError(Problem("", f"YAML syntax error: {reason}{where}", line)) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts in UTF-8 bytes, the pure-Python reader in characters.
        if _Loader.__name__.startswith("C"):
            line = text.encode("utf-8").count(b"\n", 0, exc.position) + 1
        else:  # pragma: no cover - only without libyaml
            line = text.count("\n", 0, exc.position) + 1
        message = (
            f"unacceptable character #x{exc.character:04x}: control characters are not allowed"
        )
        raise FatalYAMLError(Problem("", message, line)) from None
    except yaml.YAMLError as exc:
        raise FatalYAMLError(Problem("", f"YAML error: {' '.join(str(exc).split())}")) from None
    except RecursionError:
        raise FatalYAMLError(Problem("", "the YAML is nested too deeply")) from None
    finally:
        loader.dispose()
    if node is None:
        raise FatalYAMLError(Problem("", "the file holds no data (it is empty)"))
    walker = _Walker()
    data = walker.walk(node, "", 0, False)
    return Parsed(data, walker.lines, walker.problems)


class _Walker:
    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._expanded = 0

    def _problem(self, path: str, message: str, node: Node) -> None:
        self.problems.append(Problem(path, message, node.start_mark.line + 1))

    def walk(self, node: Node, path: str, depth: int, revisit: bool) -> Any:
        if depth > MAX_DEPTH:
            raise FatalYAMLError(
                Problem(path, f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line + 1)
            )
        revisit = revisit or id(node) in self._seen
        if revisit:
            self._expanded += 1
            if self._expanded > ALIAS_EXPANSION_LIMIT:
                raise FatalYAMLError(
                    Problem(
                        path,
                        "aliases expand to more than "
                        f"{ALIAS_EXPANSION_LIMIT:,} extra values (an alias bomb?); refused",
                        node.start_mark.line + 1,
                    )
                )
        else:
            self._seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            self._plain_tag(node, path, "seq")
            return [
                self.walk(item, f"{path}[{i}]", depth + 1, revisit)
                for i, item in enumerate(node.value)
            ]
        if isinstance(node, MappingNode):
            self._plain_tag(node, path, "map")
            return self._mapping(node, path, depth, revisit)
        raise FatalYAMLError(Problem(path, "unsupported YAML node", node.start_mark.line + 1))

    def _plain_tag(self, node: Node, path: str, kind: str) -> None:
        if node.tag != _TAG + kind:
            self._problem(path, f"the tag {node.tag} is not allowed; use plain YAML", node)

    def _scalar(self, node: ScalarNode, path: str) -> Any:
        convert = _SCALARS.get(node.tag)
        if convert is None:
            self._problem(path, f"the tag {node.tag} is not allowed; use plain YAML", node)
            return None
        try:
            return convert(node)
        except (ValueError, yaml.YAMLError):
            self._problem(path, f"cannot read {node.value!r} as {node.tag[len(_TAG) :]}", node)
            return None

    def _mapping(self, node: MappingNode, path: str, depth: int, revisit: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self._problem(
                    path, "merge keys (<<) are not supported; write the keys out", key_node
                )
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != _TAG + "str":
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
                self._problem(path, f"keys must be text, not {shown!r}", key_node)
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            child = f"{path}.{key}" if path else key
            if key in first_line:
                self._problem(
                    child,
                    f"duplicate key '{key}' (first at line {first_line[key]}); "
                    "a key may appear only once in a mapping",
                    key_node,
                )
                continue
            first_line[key] = line
            self.lines[child] = line
            result[key] = self.walk(value_node, child, depth + 1, revisit)
        return result
