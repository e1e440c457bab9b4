"""Typed reading of a loaded YAML document that records a problem instead of failing.

Each ``DocReader`` method returns the value when it has the expected shape, and otherwise notes a
:class:`~maturity.errors.Problem` with the position and path and returns ``None``. Validation code
can thus walk a whole file and report every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from typing import Any

from maturity.errors import DocPath, Problem
from maturity.i18n import Message, Text
from maturity.load.messages import describe, did_you_mean, nearest
from maturity.load.values import finite_number
from maturity.load.yamlio import YamlDocument

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_EXPECTED = Text(
    "Kleinbuchstaben, Ziffern und einzelne Bindestriche (z. B. 'strategie-beschluss')",
    "lower-case letters, digits and single hyphens (e.g. 'strategie-beschluss')",
)


def expected(what: Text, value: Any) -> Text:
    """ "expected WHAT, got VALUE" in both languages."""
    got = describe(value)
    return Text(f"erwartet {what.de}, gefunden: {got.de}", f"expected {what.en}, got {got.en}")


MAPPING = Text("eine Zuordnung", "a mapping")
LIST = Text("eine Liste", "a list")
TEXT = Text("einen Text", "a text")
NUMBER = Text("eine Zahl", "a number")


class DocReader:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc

    @property
    def problems(self) -> list[Problem]:
        return self.doc.problems

    def error(self, path: DocPath, message: Message, *, at_key: bool = False) -> None:
        if tuple(path) in self.doc.unreadable:
            return  # the loader has said already that this value cannot be read
        self.doc.problems.append(self.doc.problem(path, message, at_key=at_key))

    def warning(self, path: DocPath, message: Message) -> None:
        self.doc.problems.append(self.doc.problem(path, message, severity="warning"))

    def mapping(
        self,
        value: Any,
        path: DocPath,
        *,
        required: Collection[str] = (),
        optional: Collection[str] = (),
        what: Text = MAPPING,
    ) -> dict[Any, Any] | None:
        """Check ``value`` is a mapping with the required keys and no others."""
        if not isinstance(value, dict):
            self.error(path, expected(what, value))
            return None
        for key in required:
            if key not in value:
                self.error(path, Text(f"der Schlüssel '{key}' fehlt", f"missing key '{key}'"))
        allowed = [*required, *optional]
        if not allowed:  # any key is welcome; the caller checks them
            return value
        for key in value:
            if key not in allowed:
                keys = ", ".join(allowed)
                near = nearest(str(key), allowed)
                hint = did_you_mean(f"'{near}'" if near else "")
                self.error(
                    (*path, key),
                    Text(
                        f"unbekannter Schlüssel '{key}'; erwartet einer von: {keys}{hint.de}",
                        f"unknown key '{key}'; expected one of: {keys}{hint.en}",
                    ),
                    at_key=True,
                )
        return value

    def sequence(self, value: Any, path: DocPath, *, non_empty: bool = False) -> list[Any] | None:
        if not isinstance(value, list):
            self.error(path, expected(LIST, value))
            return None
        if non_empty and not value:
            self.error(
                path,
                Text(
                    "erwartet mindestens einen Eintrag, gefunden: eine leere Liste",
                    "expected at least one entry, got an empty list",
                ),
            )
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
            self.error(path, expected(TEXT, value))
            return None
        text = str(value)
        if not allow_empty and not text.strip():
            self.error(path, Text("erwartet einen nicht leeren Text", "expected a non-empty text"))
            return None
        return text

    def identifier(self, value: Any, path: DocPath) -> str | None:
        text = self.string(value, path)
        if text is not None and not ID_PATTERN.match(text):
            self.error(
                path,
                Text(
                    f"ungültige ID '{text}'; erwartet {ID_EXPECTED.de}",
                    f"invalid id '{text}'; expected {ID_EXPECTED.en}",
                ),
            )
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
            self.error(path, expected(NUMBER, value))
            return None
        if positive and number <= 0:
            self.error(
                path,
                Text(
                    f"erwartet eine Zahl größer als 0, gefunden: {number:g}",
                    f"expected a number greater than 0, got {number:g}",
                ),
            )
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            lo, hi = _fmt(low), _fmt(high)
            self.error(
                path,
                Text(
                    f"erwartet eine Zahl von {lo.de} bis {hi.de}, gefunden: {number:g}",
                    f"expected a number from {lo.en} to {hi.en}, got {number:g}",
                ),
            )
            return None
        return number

    def iso_date(self, value: Any, path: DocPath) -> str | None:
        """A calendar date, written as YAML writes one (``2026-06-30``), as ISO text."""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        self.error(
            path, expected(Text("ein Datum wie 2026-06-30", "a date like 2026-06-30"), value)
        )
        return None

    def boolean(self, value: Any, path: DocPath) -> bool | None:
        if not isinstance(value, bool):
            self.error(path, expected(Text("true oder false", "true or false"), value))
            return None
        return value

    def choice(self, value: Any, path: DocPath, allowed: Collection[str]) -> str | None:
        text = self.string(value, path)
        if text is not None and text not in allowed:
            options = ", ".join(allowed)
            self.error(
                path,
                Text(
                    f"erwartet einer von {options}, gefunden: '{text}'",
                    f"expected one of {options}, got '{text}'",
                ),
            )
            return None
        return text

    def text(self, value: Any, path: DocPath, languages: Collection[str]) -> dict[str, str] | None:
        """A localised text: a mapping with a non-empty string for every declared language."""
        if isinstance(value, str):
            langs = ", ".join(languages)
            self.error(
                path,
                Text(
                    f"erwartet einen Text je Sprache ({langs}), z. B. {{de: ..., en: ...}}, "
                    "gefunden: ein einfacher Text",
                    f"expected a text in every language ({langs}), "
                    "e.g. {de: ..., en: ...}, got a plain text",
                ),
            )
            return None
        mapping = self.mapping(
            value,
            path,
            optional=languages,
            what=Text("eine Zuordnung von Sprache zu Text", "a mapping of language to text"),
        )
        if mapping is None:
            return None
        result: dict[str, str] = {}
        for lang in languages:
            if lang not in mapping:
                self.error(
                    path,
                    Text(
                        f"der Text in der Sprache '{lang}' fehlt",
                        f"missing the text in language '{lang}'",
                    ),
                )
                continue
            text = self.string(mapping[lang], (*path, lang))
            if text is not None:
                result[lang] = text
        return result


def _fmt(bound: float | None) -> Text:
    if bound is None:
        return Text("beliebig", "any")
    return Text(f"{bound:g}", f"{bound:g}")
