"""Typed reading of a loaded YAML document that records a problem instead of failing.

Each ``DocReader`` method returns the value when it has the expected shape, and otherwise notes a
:class:`~maturity.errors.Problem` with the position and path and returns ``None``. Validation code
can thus walk a whole file and report every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from maturity.errors import DocPath, Problem
from maturity.load.values import describe, finite_number
from maturity.load.yamlio import YamlDocument

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_EXPECTED = "lower-case letters, digits and single hyphens (e.g. 'strategie-beschluss')"


class DocReader:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc

    @property
    def problems(self) -> list[Problem]:
        return self.doc.problems

    def error(self, path: DocPath, message: str, *, at_key: bool = False) -> None:
        if tuple(path) in self.doc.unreadable:
            return  # the loader has said already that this value cannot be read
        self.doc.problems.append(self.doc.problem(path, message, at_key=at_key))

    def warning(self, path: DocPath, message: str) -> None:
        self.doc.problems.append(self.doc.problem(path, message, severity="warning"))

    def mapping(
        self,
        value: Any,
        path: DocPath,
        *,
        required: Collection[str] = (),
        optional: Collection[str] = (),
        what: str = "a mapping",
    ) -> dict[Any, Any] | None:
        """Check ``value`` is a mapping with the required keys and no others."""
        if not isinstance(value, dict):
            self.error(path, f"expected {what}, got {describe(value)}")
            return None
        for key in required:
            if key not in value:
                self.error(path, f"missing key '{key}'")
        allowed = [*required, *optional]
        if not allowed:  # any key is welcome; the caller checks them
            return value
        for key in value:
            if key not in allowed:
                self.error(
                    (*path, key),
                    f"unknown key '{key}'; expected one of: {', '.join(allowed)}",
                    at_key=True,
                )
        return value

    def sequence(self, value: Any, path: DocPath, *, non_empty: bool = False) -> list[Any] | None:
        if not isinstance(value, list):
            self.error(path, f"expected a list, got {describe(value)}")
            return None
        if non_empty and not value:
            self.error(path, "expected at least one entry, got an empty list")
        return value

    def items(
        self, value: Any, path: DocPath, *, non_empty: bool = False
    ) -> Iterator[tuple[DocPath, Any]]:
        """Iterate over a list's entries with their paths (nothing when it is not a list)."""
        entries = self.sequence(value, path, non_empty=non_empty)
        for index, entry in enumerate(entries or ()):
            yield (*path, index), entry

    def string(self, value: Any, path: DocPath, *, allow_empty: bool = False) -> str | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(path, f"expected a text, got {describe(value)}")
            return None
        text = str(value)
        if not allow_empty and not text.strip():
            self.error(path, "expected a non-empty text")
            return None
        return text

    def identifier(self, value: Any, path: DocPath) -> str | None:
        text = self.string(value, path)
        if text is not None and not ID_PATTERN.match(text):
            self.error(path, f"invalid id '{text}'; expected {ID_EXPECTED}")
            return None
        return text

    def number(
        self,
        value: Any,
        path: DocPath,
        *,
        low: float | None = None,
        high: float | None = None,
        positive: bool = False,
    ) -> float | None:
        number = finite_number(value)
        if number is None:
            self.error(path, f"expected a number, got {describe(value)}")
            return None
        if positive and number <= 0:
            self.error(path, f"expected a number greater than 0, got {number:g}")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.error(path, f"expected a number from {_fmt(low)} to {_fmt(high)}, got {number:g}")
            return None
        return number

    def boolean(self, value: Any, path: DocPath) -> bool | None:
        if not isinstance(value, bool):
            self.error(path, f"expected true or false, got {describe(value)}")
            return None
        return value

    def choice(self, value: Any, path: DocPath, allowed: Collection[str]) -> str | None:
        text = self.string(value, path)
        if text is not None and text not in allowed:
            self.error(path, f"expected one of {', '.join(allowed)}, got '{text}'")
            return None
        return text

    def text(self, value: Any, path: DocPath, languages: Collection[str]) -> dict[str, str] | None:
        """A localised text: a mapping with a non-empty string for every declared language."""
        if isinstance(value, str):
            self.error(
                path,
                f"expected a text in every language ({', '.join(languages)}), "
                f"e.g. {{de: ..., en: ...}}, got a plain text",
            )
            return None
        mapping = self.mapping(
            value, path, optional=languages, what="a mapping of language to text"
        )
        if mapping is None:
            return None
        result: dict[str, str] = {}
        for lang in languages:
            if lang not in mapping:
                self.error(path, f"missing the text in language '{lang}'")
                continue
            text = self.string(mapping[lang], (*path, lang))
            if text is not None:
                result[lang] = text
        return result


def _fmt(bound: float | None) -> str:
    if bound is None:
        return "any"
    return f"{bound:g}"
