"""Opening XLSX workbooks that may be hostile: the archive's unpacked size is checked before openpyxl
reads it, rows are read as they really are (not as the declared dimension claims: a dimension of
``A1:XFD1048576`` would pad every row to 16,384 cells, a short one would hide rows), and a damaged
cell is a problem with the file, not a crash."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text
from maturity.load.messages import FILE_NOT_FOUND, not_a_workbook

FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[ >/]")
"""A cell formula (``<f>``), not a data validation's ``<formula1>``, which every template has."""
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""A workbook that unpacks to more than this is refused (a spreadsheet of survey answers or a filled
template is a few megabytes; a zip bomb is gigabytes)."""


def checked_workbook(path: Path) -> None:
    """Refuse a file that is no workbook, unpacks to more than :data:`MAX_UNPACKED_BYTES` or holds
    more shared strings than cells, before any reader opens it; every problem a MaturityError."""
    name = str(path)
    if not path.is_file():
        raise MaturityError([Problem(name, 0, 0, FILE_NOT_FOUND)])
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise MaturityError(
            [
                Problem(
                    name,
                    0,
                    0,
                    not_a_workbook(Text(f"keine XLSX-Datei ({exc})", f"not an XLSX file ({exc})")),
                )
            ]
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise MaturityError(
            [
                Problem(
                    name,
                    0,
                    0,
                    Text(
                        f"die Arbeitsmappe ist entpackt {unpacked / 2**20:.0f} MB groß; die Grenze "
                        f"ist {MAX_UNPACKED_BYTES / 2**20:.0f} MB",
                        f"the workbook unpacks to {unpacked / 2**20:,.0f} MB; the limit is "
                        f"{MAX_UNPACKED_BYTES / 2**20:,.0f} MB",
                    ),
                )
            ]
        )
    _check_shared_strings(path)


def open_workbook(path: Path) -> Any:
    """The workbook, read-only with cached formula values; every problem a MaturityError."""
    from openpyxl import load_workbook

    checked_workbook(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip or XML damage: openpyxl raises many types
        raise MaturityError([Problem(str(path), 0, 0, not_a_workbook(exc))]) from None


SHARED_STRINGS_SLACK = 1000
"""Shared strings a workbook may hold beyond its cells (a program may keep a few unused ones)."""


def _count(archive: zipfile.ZipFile, member: str, patterns: tuple[bytes, ...]) -> int:
    """How often ``patterns`` occur in an archive member, read in pieces (never whole)."""
    total, tail = 0, b""
    keep = max(len(p) for p in patterns) - 1
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            total += sum(data.count(p) for p in patterns)
            tail = data[-keep:] if keep else b""
            total -= sum(tail.count(p) for p in patterns)
    return total + sum(tail.count(p) for p in patterns)


def _check_shared_strings(path: Path) -> None:
    """Refuse a workbook whose table of shared strings holds more entries than all its sheets have
    cells: openpyxl reads that table whole before the first row (two million unused strings took a
    minute), so a hostile one is stopped here, in the time a pass over the file takes."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "xl/sharedStrings.xml" not in names:
                return
            strings = _count(archive, "xl/sharedStrings.xml", (b"<si>", b"<si "))
            if strings <= SHARED_STRINGS_SLACK:
                return
            cells = sum(
                _count(archive, n, (b"<c>", b"<c "))
                for n in names
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # openpyxl says what is wrong with the archive
    if strings > cells + SHARED_STRINGS_SLACK:
        raise MaturityError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    Text(
                        f"die Arbeitsmappe führt {strings} gemeinsame Texte für {cells} Zellen; "
                        "sie in einem Tabellenprogramm öffnen und neu speichern",
                        f"the workbook holds {strings} shared strings for {cells} cells; open and "
                        "save it again in a spreadsheet program",
                    ),
                )
            ]
        )


def sheet_rows(sheet: Any, file: str, min_row: int = 1) -> Iterator[tuple[Any, ...]]:
    """The values of every row from ``min_row`` on, as stored (rows of different lengths; an empty
    row where the sheet skips one, so that positions stay the sheet's row numbers)."""
    sheet.reset_dimensions()
    try:
        yield from sheet.iter_rows(min_row=min_row, values_only=True)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise MaturityError([Problem(file, 0, 0, damaged_sheet(sheet.title, exc))]) from None


def damaged_sheet(sheet: str, exc: Exception) -> Text:
    return Text(
        f"das Blatt '{sheet}' lässt sich nicht lesen: eine beschädigte Zelle ({exc}); die "
        "Arbeitsmappe in einem Tabellenprogramm öffnen und neu speichern",
        f"cannot read the sheet '{sheet}': a damaged cell ({exc}); open and save the workbook "
        "again in a spreadsheet program",
    )


def uncached_formulas(path: Path, values: Any, sheet_name: str, column: int) -> list[int]:
    """Rows of ``sheet_name`` whose cell in ``column`` holds a formula with no value computed (a file
    written by a program that does not calculate): read with ``data_only``, such a cell is empty."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        if not any(FORMULA_ELEMENT.search(archive.read(n)) for n in sheets):
            return []
    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        written = {
            row: cells[column - 1]
            for row, cells in enumerate(sheet_rows(formulas[sheet_name], str(path)), start=1)
            if len(cells) >= column
            and isinstance(cells[column - 1], str)
            and cells[column - 1].startswith("=")
        }
    finally:
        formulas.close()
    if not written:
        return []
    computed = dict(enumerate(sheet_rows(values[sheet_name], str(path)), start=1))
    return [
        row
        for row in sorted(written)
        if len(computed.get(row, ())) < column or computed[row][column - 1] is None
    ]
