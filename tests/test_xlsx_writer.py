"""The workbook writer of summary.xlsx: what openpyxl and pandas read back is what was written, texts
stay texts whatever they look like, and a sheet never holds more than Excel can open."""

from __future__ import annotations

import io
import math
import zipfile
from xml.etree import ElementTree

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from maturity.output import xlsx
from maturity.output.xlsx import Sheet, column_letter, workbook_bytes


def read_back(data: bytes, title: str = "data") -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True)[title]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_column_letters_run_as_in_a_spreadsheet() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_cells_read_back_as_written() -> None:
    columns: list[list[object]] = [
        ["09162000", "=1+2", "@SUM(A1)", "  leading space", "Tab\tand\nline"],
        [1, -2, 0, 10**12, None],
        [0.1, 1 / 3, 77.0, -1e-9, 2.5e20],
    ]
    data = workbook_bytes([Sheet("data", ["id", "count", "score"], columns, [10, 10, 10])])
    rows = read_back(data)
    assert rows[0] == ["id", "count", "score"]
    assert [r[0] for r in rows[1:]] == columns[0]  # texts stay texts, formulas are not run
    assert [r[1] for r in rows[1:]] == columns[1]
    assert [r[2] for r in rows[1:]] == columns[2]
    sheet = load_workbook(io.BytesIO(data))["data"]
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.b
    assert not sheet["A2"].font.b
    assert sheet["A3"].data_type == "s"  # "=1+2" is a text, not a formula
    assert sheet.column_dimensions["A"].width == pytest.approx(10.71, abs=0.01)


def test_characters_a_workbook_cannot_hold_are_replaced_and_long_texts_cut() -> None:
    hostile = "a\x00b\x0bc\ud800d\ufffe"
    long = "x" * (xlsx.MAX_TEXT + 10)
    data = workbook_bytes([Sheet("data", ["text<&>"], [[hostile, long]], [10])])
    rows = read_back(data)
    assert rows[0] == ["text<&>"]
    assert rows[1] == ["a\ufffdb\ufffdc\ufffdd\ufffd"]
    assert rows[2] == ["x" * xlsx.MAX_TEXT]


def test_numbers_that_are_no_numbers_show_as_errors() -> None:
    data = workbook_bytes([Sheet("data", ["n"], [[math.inf, -math.inf, math.nan, 1.5]], [10])])
    assert [row[0] for row in read_back(data)[1:]] == ["#NUM!", "#NUM!", "#NUM!", 1.5]


def test_a_sheet_longer_than_excel_allows_ends_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)
    sheet = Sheet("data", ["row"], [list(range(1, 11))], [10], overflow="{rows} more rows")
    rows = read_back(workbook_bytes([sheet]))
    assert len(rows) == 5
    assert rows[1:4] == [[1], [2], [3]]
    assert rows[4] == ["7 more rows"]


def test_several_sheets_the_first_selected_and_the_same_bytes_each_time() -> None:
    sheets = [
        Sheet("summary", ["a", "b"], [["x", "y"], [1, 2]], [10, 12]),
        Sheet('errors "&"', ["row"], [[]], [10]),
    ]
    data = workbook_bytes(sheets)
    assert data == workbook_bytes(sheets)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["summary", 'errors "&"']
    assert book.active.title == "summary"
    assert [list(r) for r in book['errors "&"'].iter_rows(values_only=True)] == [["row"]]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():  # every part is well-formed XML
            ElementTree.fromstring(archive.read(name))
    frames = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl")
    assert frames["summary"].to_dict("list") == {"a": ["x", "y"], "b": [1, 2]}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.floats(allow_nan=False, allow_infinity=False),
            st.integers(min_value=-(2**53), max_value=2**53),
            st.text(max_size=30),
        ),
        min_size=1,
        max_size=20,
    )
)
@pytest.mark.slow
def test_any_cell_reads_back_exactly(cells: list[object]) -> None:
    rows = read_back(workbook_bytes([Sheet("data", ["v"], [cells], [10])]))
    expected = [xlsx.clean_text(c) or None if isinstance(c, str) else c for c in cells]
    got = [row[0] for row in rows[1:]]  # an empty text is an empty cell
    # openpyxl leaves out the empty rows at the end
    while expected and expected[-1] is None:
        expected.pop()
    assert got[: len(expected)] == expected
    assert all(v is None for v in got[len(expected) :])
