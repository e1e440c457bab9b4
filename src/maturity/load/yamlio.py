"""Safe, line-aware YAML loading.

PyYAML's safe loader builds plain Python data but forgets where each value stood. We compose the node
tree ourselves so that every value keeps its line and column, duplicate keys become problems instead of
silently winning, and a YAML bomb (a flood of aliases, or a huge file) stops with a message.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from maturity.errors import DocPath, MaturityError, PathPart, Problem, Severity

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ALIASES = 200
MAX_NODES = 500_000


@dataclass
class YamlDocument:
    """Plain data loaded from YAML, with the position of every value and key."""

    file: str
    data: Any
    value_marks: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: DocPath, *, at_key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest existing parent."""
        marks = self.key_marks if at_key else self.value_marks
        if at_key and path not in marks:
            marks = self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            if probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(
        self,
        path: DocPath,
        message: str,
        *,
        at_key: bool = False,
        severity: Severity = "error",
    ) -> Problem:
        line, col = self.where(path, at_key=at_key)
        return Problem(self.file, line, col, message, tuple(path), severity)


class _LimitedLoader(yaml.SafeLoader):
    """Safe loader that counts aliases while composing, so an alias bomb stops early.

    Only ``true`` and ``false`` are booleans (as in YAML 1.2): YAML 1.1 would turn an answer ``yes``,
    a label ``no`` or a state code ``on`` into booleans behind the author's back.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.MarkedYAMLError(
                    problem=f"more than {MAX_ALIASES} aliases; refusing a possible YAML bomb",
                    problem_mark=event.start_mark,
                )
        node: yaml.Node | None = super().compose_node(parent, index)
        return node


_LimitedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LimitedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


class _TooLarge(Exception):
    pass


class _Builder:
    def __init__(self, loader: _LimitedLoader, doc: YamlDocument) -> None:
        self.loader = loader
        self.doc = doc
        self.nodes = 0

    def build(self, node: yaml.Node, path: DocPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge
        self.doc.value_marks.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.loader.construct_object(node)
        if node.tag not in _PLAIN_COLLECTION_TAGS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"unsupported tag {node.tag!r}; only plain YAML data is read",
                node.start_mark,
            )
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, path)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def _build_mapping(self, node: yaml.MappingNode, path: DocPath) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)  # resolves `<<` merge keys
        result: dict[Any, Any] = {}
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                self.doc.problems.append(
                    Problem(self.doc.file, line, col, "a key must be a plain value", path)
                )
                continue
            key = self.loader.construct_object(key_node)
            if not isinstance(key, str | int | float | bool) or key is None:
                key = str(key)
            child: DocPath = (*path, _path_part(key))
            if key in first_seen:
                line, col = _mark(key_node)
                self.doc.problems.append(
                    Problem(
                        self.doc.file,
                        line,
                        col,
                        f"duplicate key '{key}' (first at line {first_seen[key][0]})",
                        child,
                    )
                )
                continue
            first_seen[key] = _mark(key_node)
            self.doc.key_marks[child] = _mark(key_node)
            result[key] = self.build(value_node, child)
        return result


def _path_part(key: Any) -> PathPart:
    return key if isinstance(key, str | int) and not isinstance(key, bool) else str(key)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a BOM is allowed) with a size limit, as a MaturityError on failure."""
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise MaturityError(
                [Problem(name, 0, 0, f"file is {size} bytes; the limit is {max_bytes} bytes")]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MaturityError([Problem(name, 0, 0, "file not found")]) from None
    except IsADirectoryError:
        raise MaturityError([Problem(name, 0, 0, "is a directory, expected a file")]) from None
    except OSError as exc:
        raise MaturityError([Problem(name, 0, 0, f"cannot read file: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MaturityError(
            [Problem(name, line, col, "file is not valid UTF-8 text; save it as UTF-8")]
        ) from None


def load_yaml_text(text: str, file: str) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`. Syntax errors raise MaturityError."""
    doc = YamlDocument(file=file, data=None)
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _Builder(loader, doc).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise MaturityError([Problem(file, line, col, f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise MaturityError([Problem(file, 0, 0, f"invalid YAML: {exc}")]) from None
    except _TooLarge:
        raise MaturityError(
            [Problem(file, 0, 0, f"document expands to more than {MAX_NODES} values; refusing it")]
        ) from None
    finally:
        loader.dispose()
    return doc


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file with positions; see :func:`load_yaml_text`."""
    return load_yaml_text(read_text(path), str(path))
