"""Problems found in input files, and the one exception type that carries them.

A problem is data: where it is (file, line, column, path inside the document) and what was expected.
The library collects every problem of a file before it raises, so a user sees all of them at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from maturity.i18n import Message, Text

Severity = Literal["error", "warning"]
PathPart = str | int
DocPath = tuple[PathPart, ...]


def format_path(path: Sequence[PathPart]) -> str:
    """Render a document path the way users read it: ``areas[2].questions[4].weight``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file. ``line`` and ``col`` are 1-based; 0 means unknown."""

    file: str
    line: int
    col: int
    message: Message
    path: DocPath = ()
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line:  # a whole line (no column known) is named by its line alone
            where += f":{self.line}:{self.col}" if self.col else f":{self.line}"
        prefix = f"{_WARNING}: " if self.severity == "warning" else ""
        location = f"{format_path(self.path)}: " if self.path else ""
        return f"{where}: {prefix}{location}{self.message}"


_WARNING = Text("Warnung", "warning")


def in_reading_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by file, line and column: the order in which a user reads them."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.col))


class MaturityError(Exception):
    """Input that cannot be used. Carries every problem found, errors and warnings."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(in_reading_order(problems))
        super().__init__()

    def __str__(self) -> str:  # in the language chosen when it is shown
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[type[MaturityError], tuple[tuple[Problem, ...]]]:
        # a report worker's error reaches the parent process whole
        return (type(self), (self.problems,))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def raise_if_errors(problems: Sequence[Problem]) -> None:
    """Raise :class:`MaturityError` with all problems when any of them is an error."""
    if any(p.severity == "error" for p in problems):
        raise MaturityError(problems)
