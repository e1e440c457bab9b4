"""The first sheet of an XLSX survey export, row by row, about four times as fast as openpyxl.

openpyxl's read-only mode builds an ElementTree element for every cell and, for a sheet that declares
no dimension, parses the whole sheet once more just to open it: 20,000 rows of 112 columns took about
30 s. Here the workbook's shared strings, date styles and epoch come from openpyxl itself (its reader
without the worksheets), and the sheet goes through expat with a handful of callbacks, giving the
values openpyxl's ``iter_rows(values_only=True)`` gives – the same positions (an empty row where the
sheet skips one, each row as wide as its last cell), cached formula values, dates by their style –
which a property test holds it to. It never builds the sheet's grid, so a far cell costs nothing."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.parsers import expat

from maturity.errors import MaturityError, Problem
from maturity.load.messages import not_a_workbook
from maturity.load.spreadsheet import checked_workbook, damaged_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
C, V, T, ROW, IS, RPH = (f"{MAIN} {local}" for local in ("c", "v", "t", "row", "is", "rPh"))
"""Elements as expat names them (namespace, space, name); others, and other namespaces, are passed by."""
PIECE = 1 << 16
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"')


def _column(reference: str) -> int:
    """The column of a cell reference: B12 -> 2."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


def _number(text: str) -> int | float:
    """As openpyxl reads a number: a float where it has a point or an exponent."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class FirstSheet:
    """The first worksheet of a workbook, to be read row by row (as often as needed)."""

    def __init__(self, path: Path) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        checked_workbook(path)
        self.file = str(path)
        try:
            reader = ExcelReader(self.file, read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                (sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except Exception as exc:  # zip or XML damage: openpyxl raises many types
            raise MaturityError([Problem(self.file, 0, 0, not_a_workbook(exc))]) from None
        self.archive: zipfile.ZipFile = reader.archive
        self.strings: Sequence[str] = reader.shared_strings  # openpyxl's list, not copied
        workbook = reader.wb
        self.epoch = workbook.epoch
        self.dates: set[int] = set(workbook._date_formats)
        self.durations: set[int] = set(workbook._timedelta_formats)
        first: tuple[str, str] = sheets[0] if sheets else ("", "")
        self.title, self.target = first

    @property
    def declared_rows(self) -> int:
        """The last row the sheet declares (its ``dimension``), 0 where it declares none; for
        progress only."""
        if not self.target:
            return 0
        with self.archive.open(self.target) as stream:
            found = _DIMENSION.search(stream.read(PIECE))
        return int(found.group(1)) if found else 0

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """Every row from the first, as ``openpyxl``'s ``iter_rows(values_only=True)`` gives it;
        a damaged cell is a MaturityError."""
        if not self.target:
            return
        try:
            yield from self._rows()
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            OverflowError,
            expat.ExpatError,
        ) as exc:
            raise MaturityError(
                [Problem(self.file, 0, 0, damaged_sheet(self.title, exc))]
            ) from None

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        strings, dates, durations, epoch = self.strings, self.dates, self.durations, self.epoch
        parsed: list[tuple[int, list[tuple[int, Any]]]] = []  # rows done in the current piece
        row_number = 0
        column = 0
        cells: list[tuple[int, Any]] = []
        kind = "n"
        style = 0
        stored: list[str] = []  # the text of the cell's <v>
        written: list[str] = []  # the text of its inline string (<is>), without phonetic readings
        target: list[str] | None = None  # where text goes now
        inline = False  # inside <is>
        phonetic = False  # inside <rPh>
        has_inline = False

        def begin_cell(attrs: dict[str, str]) -> None:
            nonlocal column, kind, style, stored, written, has_inline
            reference = attrs.get("r")
            column = _column(reference) if reference else column + 1
            kind = attrs.get("t", "n")
            given = attrs.get("s")
            style = int(given) if given else (0 if given is None else -1)  # as openpyxl has it
            stored, written = [], []
            has_inline = False

        def begin_row(attrs: dict[str, str]) -> None:
            nonlocal row_number, column, cells
            reference = attrs.get("r")
            if reference is None:
                row_number += 1
            else:
                try:
                    row_number = int(reference)
                except ValueError:
                    number = float(reference)
                    if not number.is_integer():
                        raise ValueError(f"{reference} is not a valid row number") from None
                    row_number = int(number)
            column = 0
            cells = []

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal target, inline, phonetic, has_inline
            if name == C:
                begin_cell(attrs)
            elif name == V:
                target = None if inline else stored
            elif name == T:
                target = written if inline and not phonetic else None
            elif name == ROW:
                begin_row(attrs)
            elif name == IS:
                inline = has_inline = True
            elif name == RPH:
                phonetic = True

        def end(name: str) -> None:
            nonlocal target, inline, phonetic
            if name == C:
                cells.append((column, value()))
            elif name in (V, T):
                target = None
            elif name == ROW:
                parsed.append((row_number, cells))
            elif name == IS:
                inline = False
            elif name == RPH:
                phonetic = False

        def value() -> Any:
            if kind == "inlineStr":
                return "".join(written) if has_inline else None
            raw = "".join(stored) or None
            if raw is None:
                return None
            if kind == "n":
                number = _number(raw)
                if style in dates:
                    try:
                        return from_excel(number, epoch, timedelta=style in durations)
                    except (OverflowError, ValueError):
                        return "#VALUE!"
                return number
            if kind == "s":
                return strings[int(raw)]
            if kind == "b":
                return bool(int(raw))
            if kind == "d":
                return from_ISO8601(raw)
            return raw  # "str" (a formula's text), "e" (an error such as #N/A)

        def characters(data: str) -> None:
            if target is not None:
                target.append(data)

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        counter = 1
        with self.archive.open(self.target) as stream:
            while True:
                piece = stream.read(PIECE)
                parser.Parse(piece, not piece)
                for number, row in parsed:
                    while counter < number:  # rows the sheet skips
                        counter += 1
                        yield ()
                    if counter <= number:
                        counter += 1
                        yield _placed(row)
                parsed.clear()
                if not piece:
                    return


def _placed(cells: list[tuple[int, Any]]) -> tuple[Any, ...]:
    """A row's values by column, as wide as its last cell (openpyxl's ``_get_row``)."""
    if not cells:
        return ()
    width = cells[-1][0]
    values: list[Any] = [None] * width
    for column, value in cells:
        if 1 <= column <= width:
            values[column - 1] = value
    return tuple(values)
