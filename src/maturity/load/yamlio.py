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
from maturity.i18n import Message, Text
from maturity.load.messages import FILE_NOT_FOUND, IS_A_DIRECTORY, cannot_read

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ALIASES = 200
MAX_NODES = 500_000
MAX_DEPTH = 100
"""Collections nested deeper than this are refused (PyYAML's composer recurses per level)."""


@dataclass
class YamlDocument:
    """Plain data loaded from YAML, with the position of every value and key."""

    file: str
    data: Any
    value_marks: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[DocPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[DocPath] = field(default_factory=set)
    """Paths whose value could not be converted (already reported: readers say nothing more there)."""
    written: dict[DocPath, str] = field(default_factory=dict)
    """How each plain decimal number was written (``4.200``), for a reader to whom the point is a
    thousands separator (a population)."""

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
        message: Message,
        *,
        at_key: bool = False,
        severity: Severity = "error",
    ) -> Problem:
        line, col = self.where(path, at_key=at_key)
        return Problem(self.file, line, col, message, tuple(path), severity)


class _Refused(yaml.MarkedYAMLError):
    """A document the loader will not read further, with the reason in both languages."""

    def __init__(self, reason: Text, mark: Any) -> None:
        super().__init__(problem=reason.en, problem_mark=mark)
        self.reason = reason


def _too_deep() -> Text:
    return Text(
        f"mehr als {MAX_DEPTH} Ebenen tief verschachtelt; wird nicht gelesen",
        f"nested more than {MAX_DEPTH} levels deep; refusing it",
    )


def _unsupported_tag(tag: str) -> Text:
    return Text(
        f"nicht unterstütztes Tag {tag!r}; nur einfache YAML-Daten werden gelesen",
        f"unsupported tag {tag!r}; only plain YAML data is read",
    )


class _Limits:
    """Counts aliases and depth while composing, so an alias bomb or a deeply nested document stops
    early (mixed into both loaders below)."""

    alias_count = 0
    depth = 0
    node_count = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.node_count += 1
        if self.node_count > MAX_NODES:  # more nodes than values allowed: stop composing at once
            raise _TooLarge
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                event = self.peek_event()  # type: ignore[attr-defined]
                raise _Refused(
                    Text(
                        f"mehr als {MAX_ALIASES} Aliase; eine mögliche YAML-Bombe wird nicht gelesen",
                        f"more than {MAX_ALIASES} aliases; refusing a possible YAML bomb",
                    ),
                    event.start_mark,
                )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[attr-defined]
                raise _Refused(_too_deep(), event.start_mark)
            node: yaml.Node | None = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1
        return node


class _LimitedLoader(_Limits, yaml.SafeLoader):
    """The safe loader in pure Python, with :class:`_Limits`; its messages are the ones users see.

    Only ``true`` and ``false`` are booleans (as in YAML 1.2): YAML 1.1 would turn an answer ``yes``,
    a label ``no`` or a state code ``on`` into booleans behind the author's back.
    """


_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)
"""libyaml's parser, where PyYAML was built with it (the wheels of every common platform are)."""


class _NoCParser:
    """Stands in for libyaml's parser where there is none (:class:`_FastLoader` is then unused)."""


class _FastLoader(
    _Limits,
    yaml.composer.Composer,
    _CParser or _NoCParser,  # type: ignore[misc]
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """The same loader on libyaml's parser (several times as fast); composing, resolving and
    constructing stay in Python, so the nodes, marks and values are the pure-Python loader's. A
    document it does not take is read again by :class:`_LimitedLoader`, for its messages."""

    def __init__(self, stream: str) -> None:
        _CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_INT = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0b[0-1_]+|[-+]?0x[0-9a-fA-F_]+)$")
"""YAML 1.1's integers without its octal (``01001000``) and base-60 (``1:30``) forms: digits with a
leading zero are a key such as an AGS, and stay text."""


def _implicit_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """The safe loader's resolvers of plain scalars, with YAML 1.2's booleans (``true``/``false``)
    in place of YAML 1.1's and :data:`_INT` for its integers; one table for both loaders."""
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {
        first: [
            (tag, _INT if tag == "tag:yaml.org,2002:int" else regexp)
            for tag, regexp in each
            if tag != "tag:yaml.org,2002:bool"
        ]
        for first, each in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    boolean = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        resolvers.setdefault(first, []).append(("tag:yaml.org,2002:bool", boolean))
    return resolvers


_LimitedLoader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = _implicit_resolvers()
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
"""What the pure-Python reader refuses; a text with any of it goes to that reader for its message."""


_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str": Text("Text", "a text"),
    "tag:yaml.org,2002:int": Text("ganze Zahl", "a whole number"),
    "tag:yaml.org,2002:float": Text("Zahl", "a number"),
    "tag:yaml.org,2002:bool": Text("true oder false", "true or false"),
    "tag:yaml.org,2002:null": Text("nichts", "nothing"),
    "tag:yaml.org,2002:timestamp": Text("Datum", "a date"),
}
_MERGE_TAG = "tag:yaml.org,2002:merge"
_FLOAT_TAG = "tag:yaml.org,2002:float"


class _TooLarge(Exception):
    pass


def _check_size(root: yaml.Node) -> None:
    """Raise :class:`_TooLarge` before building when the node graph expands (aliases counted as
    often as they are used) to more than MAX_NODES values: counted once per distinct node, so a
    "billion laughs" document is refused at once. It never counts more than the builder would (a
    merge counts as its largest part); a recursive alias is left to the builder."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            return 0
        visiting.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.tag == _MERGE_TAG:  # merged keys collapse: the builder counts the rest
                    merged = v.value if isinstance(v, yaml.SequenceNode) else [v]
                    total += max((size(m) for m in merged), default=0)
                else:
                    total += size(k) + size(v)
        visiting.discard(key)
        sizes[key] = total
        if total > MAX_NODES:
            raise _TooLarge
        return total

    size(root)


class _Builder:
    def __init__(self, loader: yaml.constructor.SafeConstructor, doc: YamlDocument) -> None:
        self.loader = loader
        self.doc = doc
        self.nodes = 0
        self._flat: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = {}

    def build(self, node: yaml.Node, path: DocPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge
        self.doc.value_marks.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if node.tag not in _PLAIN_COLLECTION_TAGS:
            raise _Refused(_unsupported_tag(node.tag), node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, path)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode, path: DocPath, *, is_key: bool = False) -> Any:
        """The scalar's value; a value its tag cannot hold (``2026-02-30``, ``!!int abc``, an integer
        of thousands of digits) is a problem at its position, and the text is kept. An unreadable
        value silences the readers at ``path``; an unreadable key (``path`` is its mapping's) does
        not."""
        what = _SCALAR_TAGS.get(node.tag)
        if what is None:
            message = _unsupported_tag(node.tag)
        else:
            try:
                if node.tag == _FLOAT_TAG and not node.style and not is_key:  # plain
                    self.doc.written[path] = node.value
                return self.loader.construct_object(node)
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError, yaml.YAMLError):
                value = _shorten(node.value)
                message = Text(
                    f"'{value}' lässt sich nicht lesen als {what.de}",
                    f"cannot read '{value}' as {what.en}",
                )
        self._unreadable(node, path, message, silence=not is_key)
        return node.value

    def _problem_at(self, node: yaml.Node, path: DocPath, message: Text) -> None:
        """A problem at ``node``'s position in the file."""
        line, col = _mark(node)
        self.doc.problems.append(Problem(self.doc.file, line, col, message, path))

    def _unreadable(
        self, node: yaml.Node, path: DocPath, message: Text, *, silence: bool = True
    ) -> None:
        self._problem_at(node, path, message)
        if silence:
            self.doc.unreadable.add(path)

    def _build_mapping(self, node: yaml.MappingNode, path: DocPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, tuple[int, int]] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            key = self._key(key_node, path)
            if key is _NO_KEY:
                continue
            child: DocPath = (*path, _path_part(key))
            if key in first_seen:
                first = first_seen[key][0]
                self._problem_at(
                    key_node,
                    child,
                    Text(
                        f"doppelter Schlüssel '{key}' (zuerst in Zeile {first})",
                        f"duplicate key '{key}' (first at line {first})",
                    ),
                )
                continue
            first_seen[key] = _mark(key_node)
            self.doc.key_marks[child] = _mark(key_node)
            result[key] = self.build(value_node, child)
        # `<<` merge keys: keys of the mapping itself win, then earlier merged mappings over later
        # ones. Merged keys are never duplicates, and each key is built once, so nested merges of the
        # same mapping cannot multiply (a merge-key bomb).
        for key, (key_node, value_node) in self._merged(merges, path).items():
            if key not in result:
                child = (*path, _path_part(key))
                self.doc.key_marks.setdefault(child, _mark(key_node))
                result[key] = self.build(value_node, child)
        return result

    def _key(self, key_node: yaml.Node, path: DocPath) -> Any:
        if not isinstance(key_node, yaml.ScalarNode):
            self._problem_at(
                key_node,
                path,
                Text("ein Schlüssel muss ein einfacher Wert sein", "a key must be a plain value"),
            )
            return _NO_KEY
        key = self.scalar(key_node, path, is_key=True)
        if not isinstance(key, str | int | float | bool) or key is None:
            key = str(key)
        return key

    def _merged(
        self, sources: list[yaml.Node], path: DocPath
    ) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        """The key and value nodes that ``<<: SOURCE`` (a mapping or a list of mappings) brings in."""
        merged: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
        for source in sources:
            mappings = source.value if isinstance(source, yaml.SequenceNode) else [source]
            for mapping in mappings:
                if not isinstance(mapping, yaml.MappingNode):
                    self._unreadable(
                        mapping,
                        path,
                        Text(
                            "'<<' fügt eine Zuordnung oder eine Liste von Zuordnungen ein",
                            "'<<' merges a mapping or a list of mappings",
                        ),
                    )
                    continue
                for key, pair in self._pairs(mapping, path).items():
                    merged.setdefault(key, pair)
        return merged

    def _pairs(
        self, mapping: yaml.MappingNode, path: DocPath
    ) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        """All key and value nodes of a mapping, its own merges included (each mapping once)."""
        cached = self._flat.get(id(mapping))
        if cached is not None:
            return cached
        self.nodes += len(mapping.value)
        if self.nodes > MAX_NODES:
            raise _TooLarge
        own: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
        sources = []
        for key_node, value_node in mapping.value:
            if key_node.tag == _MERGE_TAG:
                sources.append(value_node)
            elif isinstance(key_node, yaml.ScalarNode):
                own.setdefault(self._key(key_node, path), (key_node, value_node))
        for key, pair in self._merged(sources, path).items():
            own.setdefault(key, pair)
        self._flat[id(mapping)] = own
        return own


_NO_KEY = object()


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


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
                [
                    Problem(
                        name,
                        0,
                        0,
                        Text(
                            f"die Datei hat {size} Bytes; die Grenze ist {max_bytes} Bytes",
                            f"file is {size} bytes; the limit is {max_bytes} bytes",
                        ),
                    )
                ]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MaturityError([Problem(name, 0, 0, FILE_NOT_FOUND)]) from None
    except IsADirectoryError:
        raise MaturityError([Problem(name, 0, 0, IS_A_DIRECTORY)]) from None
    except OSError as exc:
        raise MaturityError([Problem(name, 0, 0, cannot_read(exc))]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MaturityError(
            [
                Problem(
                    name,
                    line,
                    col,
                    Text(
                        "die Datei ist kein gültiger UTF-8-Text; bitte als UTF-8 speichern",
                        "file is not valid UTF-8 text; save it as UTF-8",
                    ),
                )
            ]
        ) from None


def load_yaml_text(text: str, file: str) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`. Syntax errors raise MaturityError."""
    if _CParser is not None and not _NON_PRINTABLE.search(text):
        doc = YamlDocument(file=file, data=None)
        fast = _FastLoader(text)
        try:
            if len(text) > 2 * MAX_NODES:  # room for that many values: count them in C first
                _count_events(text)
            node = fast.get_single_node()
            if node is not None:
                _check_size(node)
                doc.data = _Builder(fast, doc).build(node, ())
            return doc
        except _TooLarge:  # said at once: parsing it again in pure Python would cost minutes
            raise MaturityError([Problem(file, 0, 0, _too_large())]) from None
        except (yaml.YAMLError, RecursionError):
            pass  # read again below: the pure-Python parser says what is wrong, and where
        finally:
            fast.dispose()
    return _load_slowly(text, file)


def _load_slowly(text: str, file: str) -> YamlDocument:
    doc = YamlDocument(file=file, data=None)
    try:
        loader = _LimitedLoader(text)
    except yaml.reader.ReaderError as exc:
        raise MaturityError([_reader_problem(text, file, exc)]) from None
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node)
            doc.data = _Builder(loader, doc).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = _error_mark(exc)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if isinstance(exc, _Refused):
            raise MaturityError([Problem(file, line, col, exc.reason)]) from None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise MaturityError([Problem(file, line, col, _invalid_yaml(message))]) from None
    except yaml.reader.ReaderError as exc:
        raise MaturityError([_reader_problem(text, file, exc)]) from None
    except yaml.YAMLError as exc:
        raise MaturityError([Problem(file, 0, 0, _invalid_yaml(str(exc)))]) from None
    except RecursionError:
        raise MaturityError([Problem(file, 0, 0, _too_deep())]) from None
    except _TooLarge:
        raise MaturityError([Problem(file, 0, 0, _too_large())]) from None
    finally:
        loader.dispose()
    return doc


def _count_events(text: str) -> None:
    """Raise :class:`_TooLarge` when libyaml's events alone (each value, mapping and list; aliases
    are counted apart) exceed MAX_NODES: a large document is refused in the time its parse takes,
    before a node is composed in Python. A document too short to hold that many values is not
    counted at all."""
    parser = _CParser(text)
    count = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if not isinstance(event, _UNCOUNTED_EVENTS):
                count += 1
                if count > MAX_NODES:
                    raise _TooLarge
    finally:
        parser.dispose()


_UNCOUNTED_EVENTS = (
    yaml.StreamStartEvent,
    yaml.StreamEndEvent,
    yaml.DocumentStartEvent,
    yaml.DocumentEndEvent,
    yaml.MappingEndEvent,
    yaml.SequenceEndEvent,
    yaml.AliasEvent,
)


def _too_large() -> Text:
    return Text(
        f"das Dokument ergibt mehr als {MAX_NODES} Werte; wird nicht gelesen",
        f"document expands to more than {MAX_NODES} values; refusing it",
    )


def _reader_problem(text: str, file: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (NUL, ESC and other control characters), at its position."""
    position = max(0, min(int(exc.position), len(text)))
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return Problem(
        file,
        line,
        col,
        Text(
            f"das Steuerzeichen U+{code:04X} ist in einer YAML-Datei nicht erlaubt; bitte entfernen",
            f"control character U+{code:04X} is not allowed in a YAML file; remove it",
        ),
    )


_EXPLAINED = (
    (
        "could not find expected ':'",
        Text("nach dem Schlüssel fehlt der Doppelpunkt", "the key lacks its colon"),
    ),
    (
        "mapping values are not allowed here",
        Text(
            "ein Doppelpunkt, wo kein Schlüssel stehen kann: ist die Zeile zu weit eingerückt, oder "
            "steht ': ' in einem Text ohne Anführungszeichen?",
            "a colon where no key can be: is the line indented too far, or is there ': ' in a "
            "text without quotes?",
        ),
    ),
    (
        "expected <block end>",
        Text(
            "die Einrückung passt nicht zu den Zeilen davor",
            "the indentation does not match the lines before",
        ),
    ),
    (
        "found unexpected end of stream",
        Text(
            "ein Anführungszeichen wird nicht geschlossen",
            "a quotation mark is never closed",
        ),
    ),
    (
        "that cannot start any token",
        Text(
            "ein Zeichen, mit dem kein Wert beginnen kann (ein Tabulator? YAML wird mit Leerzeichen "
            "eingerückt)",
            "a character no value can start with (a tab? YAML is indented with spaces)",
        ),
    ),
    (
        "expected ',' or '}'",
        Text(
            "in { … } fehlt ein Komma oder die schließende Klammer",
            "a comma or the closing brace is missing in { … }",
        ),
    ),
    (
        "expected ',' or ']'",
        Text(
            "in [ … ] fehlt ein Komma oder die schließende Klammer",
            "a comma or the closing bracket is missing in [ … ]",
        ),
    ),
    (
        "found undefined alias",
        Text(
            "ein Verweis (*name) ohne Anker (&name)",
            "a reference (*name) without an anchor (&name)",
        ),
    ),
)
"""What PyYAML's most frequent complaints mean for a person editing by hand."""


def _invalid_yaml(detail: str) -> Text:
    """PyYAML says what it found in English; what that means comes first, in the user's words, and
    PyYAML's own words follow for the expert."""
    meaning = next((text for words, text in _EXPLAINED if words in detail), None)
    if meaning is None:
        return Text(f"ungültiges YAML: {detail}", f"invalid YAML: {detail}")
    return Text(
        f"ungültiges YAML: {meaning.de} ({detail})", f"invalid YAML: {meaning.en} ({detail})"
    )


def _error_mark(exc: yaml.MarkedYAMLError) -> Any:
    """Where the mistake is: the scanner's context (the key without its colon, the quote never
    closed) rather than where it gave up, which is often the next line or the end of the file."""
    if isinstance(exc, yaml.scanner.ScannerError) and exc.context_mark is not None:
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file with positions; see :func:`load_yaml_text`."""
    return load_yaml_text(read_text(path), str(path))
