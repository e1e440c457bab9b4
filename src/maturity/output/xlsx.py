"""Plain table workbooks (summary.xlsx), written straight as SpreadsheetML.

A batch's summary has tens of thousands of rows of numbers and short texts and needs nothing but a
bold header, frozen panes and column widths. Writing those few XML parts directly is about ten times
as fast as a general workbook library, which spends microseconds per cell on features such a table
never uses. Every text is written as a text (an inline string: never a formula, number or link), XML
escaped, with the characters an XLSX file cannot hold replaced by U+FFFD.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

MAX_ROWS = 1_048_576
"""Rows a worksheet can hold (Excel's limit)."""
MAX_TEXT = 32_767
"""Characters a cell can hold (Excel's limit); a longer text is cut."""

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (control characters, lone surrogates, non-characters)."""

Cell = str | int | float | None
_CARRIAGE_RETURN = {"\r": "&#13;"}
"""Kept as a reference: a reader of XML turns a bare CR into a line feed."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a bold header row over columns of cells (None: an empty cell)."""

    title: str
    header: Sequence[str]
    columns: Sequence[Sequence[Cell]]
    widths: Sequence[float]
    """Per column, in characters."""
    frozen: tuple[int, int] = (1, 2)
    """Rows and columns that stay in view when scrolling."""
    overflow: str = ""
    """The text of a last row when there are more rows than a worksheet holds (``{rows}`` is
    replaced by the number of rows left out)."""


def clean_text(value: str) -> str:
    """``value`` as a cell can hold it: illegal characters replaced, cut to :data:`MAX_TEXT`."""
    return ILLEGAL.sub("\ufffd", value)[:MAX_TEXT]


def column_letter(index: int) -> str:
    """``0 -> A``, ``25 -> Z``, ``26 -> AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _column_cells(letter: str, cells: Sequence[Cell], first_row: int) -> list[str]:
    """The XML of one column's cells, from ``first_row`` down ("" for an empty cell)."""
    out: list[str] = []
    for row, value in enumerate(cells, start=first_row):
        if value is None or value == "":  # an empty text is an empty cell
            out.append("")
        elif isinstance(value, str):
            text = escape(clean_text(value), _CARRIAGE_RETURN)
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
            out.append(f'<c r="{letter}{row}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        elif isinstance(value, bool):
            out.append(f'<c r="{letter}{row}" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int):
            out.append(f'<c r="{letter}{row}"><v>{value}</v></c>')
        elif math.isfinite(value):
            out.append(f'<c r="{letter}{row}"><v>{_number(float(value))}</v></c>')
        else:  # as Excel shows a number it cannot hold
            out.append(f'<c r="{letter}{row}" t="e"><v>#NUM!</v></c>')
    return out


def _width(characters: float) -> float:
    """A column width as Excel stores it: the characters plus its 5-pixel padding, in 1/256ths."""
    return int((characters * 7 + 5) / 7 * 256) / 256


def _sheet_xml(sheet: Sheet, selected: bool) -> bytes:
    letters = [column_letter(c) for c in range(len(sheet.header))]
    rows = len(sheet.columns[0]) if sheet.columns else 0
    room = MAX_ROWS - 1 - (1 if sheet.overflow else 0)
    kept = rows if rows <= MAX_ROWS - 1 else room
    columns = [
        _column_cells(letter, cells[:kept], 2)
        for letter, cells in zip(letters, sheet.columns, strict=True)
    ]
    header = "".join(
        f'<c r="{letter}1" s="1" t="inlineStr"><is><t>{escape(clean_text(name))}</t></is></c>'
        for letter, name in zip(letters, sheet.header, strict=True)
    )
    body = [f'<row r="1">{header}</row>']
    body += [
        f'<row r="{row}">{"".join(cells)}</row>'
        for row, cells in enumerate(zip(*columns, strict=True), start=2)
    ]
    if kept < rows:
        note = escape(clean_text(sheet.overflow.format(rows=rows - kept)))
        body.append(
            f'<row r="{kept + 2}"><c r="A{kept + 2}" t="inlineStr"><is><t>{note}</t></is></c></row>'
        )
    last = f"{letters[-1]}{len(body)}" if letters else "A1"
    frozen_rows, frozen_columns = sheet.frozen
    corner = f"{column_letter(frozen_columns)}{frozen_rows + 1}"
    pane = (
        f'<pane xSplit="{frozen_columns}" ySplit="{frozen_rows}" topLeftCell="{corner}" '
        'activePane="bottomRight" state="frozen"/>'
        f'<selection pane="topRight" activeCell="{column_letter(frozen_columns)}1" '
        f'sqref="{column_letter(frozen_columns)}1"/>'
        f'<selection pane="bottomLeft" activeCell="A{frozen_rows + 1}" sqref="A{frozen_rows + 1}"/>'
        '<selection pane="bottomRight"/>'
    )
    selection = ' tabSelected="1"' if selected else ""
    widths = "".join(
        f'<col min="{c + 1}" max="{c + 1}" width="{_width(width)}" customWidth="1"/>'
        for c, width in enumerate(sheet.widths)
    )
    return "".join(
        [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f'<dimension ref="A1:{last}"/>'
            f'<sheetViews><sheetView{selection} workbookViewId="0">'
            f"{pane}</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"{f'<cols>{widths}</cols>' if widths else ''}<sheetData>",
            *body,
            '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
            'header="0.3" footer="0.3"/></worksheet>',
        ]
    ).encode("utf-8")


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}"><fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX file of ``sheets``, the first one selected. The same sheets give the same bytes."""
    names = [f"xl/worksheets/sheet{n}.xml" for n in range(1, len(sheets) + 1)]
    sheet_type = f"{_RELATIONSHIPS}/worksheet"
    parts = {
        "[Content_Types].xml": (
            f"{_HEAD}<Types "
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/{name}" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for name in names
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
            f'Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
            + "".join(
                f'<sheet name="{escape(clean_text(sheet.title), {chr(34): "&quot;"})}" '
                f'sheetId="{n}" r:id="rId{n}"/>'
                for n, sheet in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PACKAGE}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{sheet_type}" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_RELATIONSHIPS}/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _STYLES,
    }
    contents = {name: text.encode("utf-8") for name, text in parts.items()}
    for index, (name, sheet) in enumerate(zip(names, sheets, strict=True)):
        contents[name] = _sheet_xml(sheet, index == 0)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in contents.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))  # no date: the same bytes each time
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=1)  # fast; the sheets are mostly digits
    return buffer.getvalue()
