"""The fast XLSX reader gives, row by row, what openpyxl's read-only ``iter_rows(values_only=True)``
gives: workbooks of every kind of cell drawn by Hypothesis (texts shared and inline, numbers, dates,
times, durations, booleans, errors, formulas with and without a cached value, gaps in rows and
columns), written by openpyxl or patched by hand, then read both ways."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from maturity.errors import MaturityError
from maturity.load.sheet_stream import FirstSheet

SHEET = "xl/worksheets/sheet1.xml"

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(" \t\n&<>\"'"),
    max_size=12,
)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.sampled_from(["=1+1", "#N/A", "=A1"]),
)
SHEETS = st.lists(
    st.lists(CELL, max_size=7),  # a row's cells from column A; an empty list is an empty row
    min_size=1,
    max_size=12,
)


def openpyxl_rows(path: Path) -> list[tuple[Any, ...]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def stream_rows(path: Path) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in FirstSheet(path).rows()]


def written(path: Path, rows: list[list[Any]], *, streaming: bool) -> Path:
    workbook = Workbook(write_only=streaming)
    sheet = workbook.create_sheet() if streaming else workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=SHEETS, streaming=st.booleans())
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(
    tmp_path: Path, rows: list[list[Any]], streaming: bool
) -> None:
    path = written(tmp_path / "drawn.xlsx", rows, streaming=streaming)
    assert stream_rows(path) == openpyxl_rows(path)


def patched(source: Path, pattern: str, replacement: str) -> Path:
    target = source.with_name(f"patched-{source.name}")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == SHEET:
                data, count = re.subn(pattern.encode(), replacement.encode(), data)
                assert count, pattern
            new.writestr(info, data)
    return target


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        # rows and cells without a reference, placed by their order
        (r' r="[A-Z]+[0-9]+"', ""),
        (r'<row r="[0-9]+"', "<row"),
        # rows the sheet skips, and a row out of order (openpyxl keeps the first)
        (r'<row r="3"', '<row r="9"'),
        # a formula with its cached value, and one without
        (r'<c r="B2"([^>]*)><v>([^<]*)</v>', r'<c r="B2"\1><f>A2*2</f><v>\2</v>'),
        (r'<c r="B2"([^>]*)><v>[^<]*</v>', r'<c r="B2"\1><f>A2*2</f>'),
        # an inline string with formatted runs and a phonetic reading
        (
            r'<c r="A2"[^>]*>.*?</c>',
            '<c r="A2" t="inlineStr"><is><t>Ein</t><r><t>zel</t></r><rPh sb="0" eb="1"><t>x</t>'
            "</rPh></is></c>",
        ),
        # an error, a boolean and a date as ISO text
        (r'<c r="C2"[^>]*>.*?</c>', '<c r="C2" t="e"><v>#DIV/0!</v></c>'),
        (r'<c r="C2"[^>]*>.*?</c>', '<c r="C2" t="b"><v>1</v></c>'),
        (r'<c r="C2"[^>]*>.*?</c>', '<c r="C2" t="d"><v>2026-12-07T10:30:00</v></c>'),
        # an inline string cell that also stores a value, a number cell with an inline string,
        # and a style attribute left empty
        (
            r'<c r="A2"[^>]*>.*?</c>',
            '<c r="A2" t="inlineStr"><v>7</v><is><t>Text</t></is></c>',
        ),
        (r'<c r="B2"([^>]*)><v>2</v>', r'<c r="B2"\1><v>2</v><is><t>nein</t></is>'),
        (r'<c r="C2" s="[0-9]+"', '<c r="C2" s=""'),
        # a cell far to the right of the others
        (r'<c r="C2"[^>]*>.*?</c>', '<c r="XFD2" t="inlineStr"><is><t>fern</t></is></c>'),
    ],
)
def test_hand_written_cells_read_as_openpyxl_reads_them(
    tmp_path: Path, pattern: str, replacement: str
) -> None:
    source = written(
        tmp_path / "base.xlsx",
        [["id", "zahl", "wann"], ["a", 2, dt.date(2026, 1, 2)], ["b", 3.5, None], ["c", 4, "x"]],
        streaming=False,
    )
    path = patched(source, pattern, replacement)
    assert stream_rows(path) == openpyxl_rows(path)


def test_a_damaged_number_is_a_problem_with_the_sheet(tmp_path: Path) -> None:
    source = written(tmp_path / "base.xlsx", [["id", "zahl"], ["a", 2]], streaming=False)
    path = patched(source, r'<c r="B2"([^>]*)><v>2</v>', r'<c r="B2"\1><v>zwei</v>')
    with pytest.raises(MaturityError) as caught:
        list(FirstSheet(path).rows())
    assert "cannot read the sheet 'Sheet': a damaged cell" in str(caught.value.problems[0].message)
