"""Strict, safe YAML: plain data plus the line each value came from.

PyYAML's loaders are too forgiving for a hand-edited data file: a repeated
key silently wins, a ``!!python/…`` tag (in the unsafe loaders) runs code, and
an alias bomb expands to billions of nodes.  So we let libyaml only *compose*
the file into nodes (fast, in C, no objects constructed) and walk the nodes
ourselves, which lets us

* refuse every tag that is not a plain scalar, sequence or mapping,
* report duplicate keys with their line,
* bound how much aliases may expand, relative to what the file writes (Go's
  yaml.v3 rule: billion laughs stops after a few thousand nodes, in
  milliseconds, while a file that shares a few lists loads at any size), and
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
from techhubs.loader.places import KEY_SHOWN, At, Entry, Lines, path_of
from techhubs.text import printable

try:  # libyaml is ~10x faster; the pure-Python composer is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

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
    lines: Lines
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
    walker = _Walker(text)
    data, kids = walker.walk(node, None, 0, False)
    return Parsed(data, Lines((node.start_mark.line + 1, kids)), walker.problems)


def allowed_alias_ratio(values: int) -> float:
    """The share of a document's values that may come from aliases, by its size.

    Go's yaml.v3 rule: up to 400,000 values, aliases may supply 99% of them
    (any real use of anchors); from there the share falls linearly to 10% at
    4,000,000, so a small file can never expand into a huge document.  An
    alias bomb is refused after a few thousand values, in milliseconds.
    """
    if values <= _RATIO_LOW:
        return 0.99
    if values >= _RATIO_HIGH:
        return 0.10
    return 0.99 - 0.89 * (values - _RATIO_LOW) / (_RATIO_HIGH - _RATIO_LOW)


_RATIO_LOW = 400_000
_RATIO_HIGH = 4_000_000


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        #: values walked in all, and how many of them came through an alias
        self._values = 0
        self._expanded = 0

    def _problem(self, at: At, message: str, node: Node) -> None:
        self.problems.append(Problem(path_of(at), message, node.start_mark.line + 1))

    def walk(self, node: Node, at: At, depth: int, revisit: bool) -> tuple[Any, Any]:
        """The plain value of ``node`` and the lines of what it holds."""
        if depth > MAX_DEPTH:
            raise FatalYAMLError(
                Problem(
                    path_of(at),
                    f"nested more than {MAX_DEPTH} levels deep",
                    node.start_mark.line + 1,
                )
            )
        self._values += 1
        revisit = revisit or id(node) in self._seen
        if revisit:
            self._expanded += 1
            if (
                self._expanded > 100
                and self._values > 1000
                and self._expanded > allowed_alias_ratio(self._values) * self._values
            ):
                self._refuse(node)
        else:
            self._seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, at), None
        if isinstance(node, SequenceNode):
            self._plain_tag(node, at, "seq")
            values: list[Any] = []
            lines: list[Entry] = []
            for i, item in enumerate(node.value):
                value, kids = self.walk(item, (at, i), depth + 1, revisit)
                values.append(value)
                lines.append((item.start_mark.line + 1, kids))
            return values, lines
        if isinstance(node, MappingNode):
            self._plain_tag(node, at, "map")
            return self._mapping(node, at, depth, revisit)
        raise FatalYAMLError(
            Problem(path_of(at), "unsupported YAML node", node.start_mark.line + 1)
        )

    def _refuse(self, node: Node) -> None:
        """Stop at an alias bomb, naming the line where the alias is used."""
        written = self._values - self._expanded
        used = _alias_line(self.text, self._expanded)
        anchored = node.start_mark.line + 1
        raise FatalYAMLError(
            Problem(
                "",
                f"aliases make {written:,} written values into more than {self._values:,} "
                f"(an alias bomb?); refused. The alias on this line repeats the value "
                f"anchored at line {anchored}",
                used or anchored,
            )
        )

    def _plain_tag(self, node: Node, at: At, kind: str) -> None:
        if node.tag != _TAG + kind:
            self._problem(at, f"the tag {node.tag} is not allowed; use plain YAML", node)

    def _scalar(self, node: ScalarNode, at: At) -> Any:
        convert = _SCALARS.get(node.tag)
        if convert is None:
            self._problem(at, f"the tag {node.tag} is not allowed; use plain YAML", node)
            return None
        try:
            return convert(node)
        except (ValueError, yaml.YAMLError):
            shown = printable(node.value, KEY_SHOWN)
            self._problem(at, f"cannot read '{shown}' as {node.tag[len(_TAG) :]}", node)
            return None

    def _mapping(
        self, node: MappingNode, at: At, depth: int, revisit: bool
    ) -> tuple[dict[str, Any], dict[str, Entry]]:
        result: dict[str, Any] = {}
        lines: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self._problem(at, "merge keys (<<) are not supported; write the keys out", key_node)
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != _TAG + "str":
                shown = (
                    printable(key_node.value, KEY_SHOWN)
                    if isinstance(key_node, ScalarNode)
                    else "a collection"
                )
                self._problem(at, f"keys must be text, not '{shown}'", key_node)
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in lines:
                self._problem(
                    (at, key),
                    f"duplicate key '{printable(key, KEY_SHOWN)}' (first at line {lines[key][0]}); "
                    "a key may appear only once in a mapping",
                    key_node,
                )
                continue
            value, kids = self.walk(value_node, (at, key), depth + 1, revisit)
            result[key] = value
            lines[key] = (line, kids)
        return result, lines


def _alias_line(text: str, expanded: int) -> int | None:
    """The line of the alias whose use brought the count of values that came
    through aliases to ``expanded`` (walking in document order, as the walker
    does).  Only called to explain a refusal, so it may re-read the file: the
    composed nodes no longer know where their aliases were written."""
    sizes: dict[str, int] = {}
    open_: list[list[Any]] = [[None, 0]]  # [anchor, values so far] per open collection
    total = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                open_.append([event.anchor, 1])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = open_.pop()
                if anchor is not None:
                    sizes[anchor] = size
                open_[-1][1] += size
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                open_[-1][1] += 1
            elif isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor or "", 1)
                open_[-1][1] += size
                total += size
                if total >= expanded and event.start_mark is not None:
                    return int(event.start_mark.line) + 1
    except yaml.YAMLError:  # pragma: no cover - the file was composed once already
        return None
    return None
