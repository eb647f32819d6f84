"""Loading YAML with the source position of every key and value.

PyYAML's ``compose`` (with the C loader, about 7x faster than the pure one)
gives a node tree that still knows where each node came from. We turn that
tree into plain Python data ourselves, recording positions on the way, so
that later stages can point at the exact line and column of a bad value.

We also refuse what YAML allows but content should never need: duplicate
keys (PyYAML silently keeps the last), aliases and merge keys (the
"billion laughs" expansion), non-string keys and multiple documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Position, error
from .textfile import MAX_BYTES, read_text

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # libyaml missing: correct, only slower
    _Loader = yaml.SafeLoader

MAX_DEPTH = 40
STRING_TAG = "tag:yaml.org,2002:str"

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data from one YAML file plus where each part of it was written."""

    path: str
    data: Any
    value_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    #: The text as written for scalars YAML read as numbers, booleans or dates,
    #: so a figure like ``6`` or an id like ``1.10`` can be kept as written.
    raw: dict[PathKey, str] = field(default_factory=dict)

    def where(self, path: PathKey = (), *, key: bool = False) -> Position:
        """Position of the value (or its key) at ``path``, else its nearest parent."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                line, column = marks[probe]
                return Position(self.path, line, column)
            if key and probe in self.value_marks:
                line, column = self.value_marks[probe]
                return Position(self.path, line, column)
            probe = probe[:-1]
        line, column = self.value_marks.get((), (1, 1))
        return Position(self.path, line, column)


def load_yaml_file(path: Path, shown_as: str, limit: int = MAX_BYTES, data: bytes | None = None
                   ) -> tuple[YamlDocument | None, list[Diagnostic]]:
    text, problems = read_text(path, shown_as, limit, data)
    if text is None:
        return None, problems
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document; on failure, diagnostics instead of an exception."""
    if not text.strip():
        return None, [error("file is empty", Position(shown_as, 1, 1),
                            "fill it in, or delete it if it is not needed")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, shown_as, text)]
    except yaml.YAMLError as exc:
        return None, [error(f"invalid YAML: {exc}", Position(shown_as))]
    except RecursionError:
        return None, [error("YAML is nested too deeply", Position(shown_as))]
    finally:
        loader.dispose()
    if node is None:
        return None, [error("file holds no YAML data (only comments?)", Position(shown_as, 1, 1))]
    document = YamlDocument(shown_as, None)
    builder = _Builder(document)
    document.data = builder.build(node, ())
    return document, builder.problems


def _syntax_error(exc: yaml.MarkedYAMLError, shown_as: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    where = Position(shown_as, mark.line + 1, mark.column + 1) if mark else Position(shown_as)
    problem = exc.problem or "syntax error"
    hint = None
    lines = text.split("\n")
    at = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) else ""
    if at == "\t" or "\\t" in problem:
        problem = "a tab character is not allowed here"
        hint = "YAML indentation must use spaces; replace the tab with spaces"
    elif "but found another document" in problem:
        hint = "a file holds one YAML document; remove the extra '---'"
    elif exc.context:
        hint = f"{exc.context}" + (f" (line {exc.context_mark.line + 1})" if exc.context_mark else "")
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted"
    return error(f"invalid YAML: {problem}", where, hint)


class _Builder:
    """Turns a composed node tree into plain data, recording positions."""

    def __init__(self, document: YamlDocument):
        self.document = document
        self.problems: list[Diagnostic] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()
        self.aliases = 0

    def _where(self, node: yaml.Node) -> Position:
        return Position(self.document.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases == 1:  # one message, however many aliases (an alias bomb has many)
                line, column = self.document.key_marks.get(path) or (node.start_mark.line + 1,
                                                                     node.start_mark.column + 1)
                self.problems.append(error(
                    "YAML aliases (*name) are not allowed in content",
                    Position(self.document.path, line, column),
                    "write the value out again instead of referring to an anchor"))
            return None
        self.document.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problems.append(error("YAML is nested too deeply", self._where(node)))
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._mapping(node, path, depth)

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        if node.tag == STRING_TAG:  # most values: the constructor would return it as is
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.problems.append(error(f"cannot read value {node.value!r}: {exc}", self._where(node),
                                       "quote it to keep it as text"))
            return node.value
        if not isinstance(value, str) and value is not None:
            self.document.raw[path] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(error(
                    "YAML merge keys (<<) are not allowed in content", self._where(key_node),
                    "write the fields out in full"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(error("a key must be plain text, not a list or mapping",
                                           self._where(key_node)))
                continue
            key = key_node.value  # as written: '1.1' stays '1.1', never the float 1.1
            child = path + (key,)
            if key in result:
                first = self.document.key_marks[child]
                self.problems.append(error(
                    f"duplicate key {key!r} (first written at line {first[0]})",
                    self._where(key_node), "remove one of them; YAML would silently keep the last"))
                continue
            self.document.key_marks[child] = (key_node.start_mark.line + 1,
                                              key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result
