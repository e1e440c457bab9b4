"""Plain terminal output for the quick commands (`score`, `list`, the end of `assess`): bold headings,
paragraphs wrapped at the terminal's width and simple tables whose text columns wrap between words.

Bold only on a terminal, and not with ``NO_COLOR`` set or ``TERM=dumb``; piped output is plain text
at a fixed width of :data:`PIPE_WIDTH`. Rich is kept for the progress bars of `batch`: loading it cost
`score` half of its start-up time, for a table that needs none of it.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

PIPE_WIDTH = 120
"""The width of output that goes to a file or a pipe."""
GAP = "  "
"""Between two table columns."""
BOLD, RESET = "\x1b[1m", "\x1b[0m"


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False
    """Aligned right (numbers)."""
    wrap: bool = False
    """May wrap between words when the table is wider than the screen."""


class Screen:
    """Where the quick commands print: standard output, as wide as the terminal."""

    def __init__(self, stream: TextIO | None = None, width: int | None = None) -> None:
        self.stream = stream or sys.stdout
        terminal = self.stream.isatty()
        if width is None:
            width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if terminal else PIPE_WIDTH
        self.width = max(40, width)
        self.styled = (
            terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        )

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")

    def heading(self, text: str) -> None:
        self._write(self._bold(text))

    def _bold(self, text: str) -> str:
        return f"{BOLD}{text}{RESET}" if self.styled else text

    def paragraph(self, text: str, first: str = "", rest: str | None = None) -> None:
        """``text`` wrapped at the screen's width, its first line starting with ``first`` and the
        others with ``rest`` (by default as many spaces as ``first`` is long)."""
        hanging = " " * len(first) if rest is None else rest
        lines = textwrap.wrap(
            text,
            self.width - 1,
            initial_indent=first,
            subsequent_indent=hanging,
            break_on_hyphens=False,
            break_long_words=True,
        )
        for line in lines or [first.rstrip()]:
            self._write(line)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
        """The header (bold), a rule and the rows; text columns narrowed and wrapped to fit."""
        widths = _fitted_widths(columns, rows, self.width - 1)
        header = GAP.join(
            _aligned(c.header, w, c.right) for c, w in zip(columns, widths, strict=True)
        )
        self._write(self._bold(header.rstrip()))
        self._write("─" * min(sum(widths) + len(GAP) * (len(widths) - 1), self.width - 1))
        for row in rows:
            cells = [
                textwrap.wrap(cell, width, break_on_hyphens=False) or [""]
                if column.wrap
                else [cell]
                for column, cell, width in zip(columns, row, widths, strict=True)
            ]
            for n in range(max(len(lines) for lines in cells)):
                parts = [
                    _aligned(lines[n] if n < len(lines) else "", width, column.right)
                    for column, lines, width in zip(columns, cells, widths, strict=True)
                ]
                self._write(GAP.join(parts).rstrip())


def _aligned(text: str, width: int, right: bool) -> str:
    return text.rjust(width) if right else text.ljust(width)


def _fitted_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], room: int
) -> list[int]:
    """Each column as wide as its widest cell; while the table is wider than ``room``, the widest
    column that may wrap gives up a character, down to its longest word."""
    widths = [
        max([len(column.header), *(len(row[i]) for row in rows)])
        for i, column in enumerate(columns)
    ]
    floors = [
        max([len(w) for text in [c.header, *(row[i] for row in rows)] for w in text.split()] or [1])
        if c.wrap
        else widths[i]
        for i, c in enumerate(columns)
    ]
    excess = sum(widths) + len(GAP) * (len(columns) - 1) - room
    while excess > 0:
        shrinkable = [i for i in range(len(columns)) if widths[i] > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths
