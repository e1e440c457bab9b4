"""Hostile CSV exports: every data row is scored or listed in errors.csv with the row number a
spreadsheet shows, whatever the line ends, blank lines, ragged rows, unclosed quotes, bad bytes or
huge cells; control characters never stop an output from being written."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import MINI, Run

HEADER = "ags,name,population,a-choice,a-yesno"


def batch(run: Run, tmp_path: Path, data: bytes) -> tuple[int, str, list[dict[str, str]], int]:
    """Run batch on ``data``; exit code, stderr, the errors.csv rows and the respondents scored."""
    export = tmp_path / "export.csv"
    export.write_bytes(data)
    out = tmp_path / "out"
    result = run("batch", export, "-q", MINI, "-o", out, "--reports", "none")
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    if not (out / "errors.csv").exists():
        return result.exit_code, result.stderr, [], 0
    with (out / "errors.csv").open(encoding="utf-8", newline="") as handle:
        errors = list(csv.DictReader(handle))
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        scored = sum(int(row["respondents"]) for row in csv.DictReader(handle))
    return result.exit_code, result.stderr, errors, scored


def rows(*lines: str, end: str = "\n") -> bytes:
    return (end.join([HEADER, *lines]) + end).encode("utf-8")


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr-only"])
def test_blank_lines_keep_the_row_numbers(run: Run, tmp_path: Path, end: str) -> None:
    data = rows(
        "01001000,A,100,2,ja", "", "01002000,B,200,9,ja", "", "", "01003000,C,300,1,nein", end=end
    )
    code, stderr, errors, scored = batch(run, tmp_path, data)
    assert code == 1
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [("4", "a-choice", "9")]
    assert scored == 2  # 3 data rows = 2 scored + 1 rejected; blank lines are no respondents ...
    assert "scored from 2 of 3 rows in " in stderr
    assert "; 3 blank lines skipped" in stderr  # ... but counted, so that the file's lines add up


def test_blank_lines_counted_by_the_careful_reader(run: Run, tmp_path: Path) -> None:
    """A ragged row sends the file to the record-by-record reader; it counts blank lines alike, and
    a line of separators only is blank too."""
    data = rows("01001000,A,100,2,ja", "", "01002000,B,200,2,ja,extra", ",,,,", "01003000,C,3,1,ja")
    code, stderr, errors, scored = batch(run, tmp_path, data)
    assert code == 1
    assert [e["row"] for e in errors] == ["4"]
    assert scored == 2
    assert "; 2 blank lines skipped" in stderr


def test_a_bare_cr_inside_a_quoted_cell(run: Run, tmp_path: Path) -> None:
    data = rows('01001000,"Dorf\rmitte",100,2,ja', "01002000,B,200,1,nein")
    code, stderr, errors, scored = batch(run, tmp_path, data)
    assert code == 0, stderr
    assert (errors, scored) == ([], 2)


def test_a_ragged_row_is_rejected_with_its_row_number(run: Run, tmp_path: Path) -> None:
    data = rows("01001000,A,100,2,ja", "01002000,B,200,2,ja,extra", "01003000,C,300,1,nein")
    code, stderr, errors, scored = batch(run, tmp_path, data)
    assert code == 1
    assert [(e["row"], e["reason"]) for e in errors] == [("3", "expected 5 fields, got 6")]
    assert scored == 2
    assert "3 rows" in stderr


def test_a_quote_never_closed_rejects_its_row_and_keeps_the_ones_before(
    run: Run, tmp_path: Path
) -> None:
    data = rows("01001000,A,100,2,ja", "01002000,B,200,1,nein", '01003000,"C,300,1,nein', "x,y")
    code, _, errors, scored = batch(run, tmp_path, data)
    assert code == 1
    assert [e["row"] for e in errors] == ["4"]
    assert errors[0]["reason"] == (
        "expected 5 fields, got 2; a quote in this row is probably never closed"
    )
    assert scored == 2


def test_bad_bytes_after_the_first_megabyte(run: Run, tmp_path: Path) -> None:
    good = [f"0100{i % 10:04d},Gemeinde {i % 10},100,2,ja" for i in range(1, 40_001)]
    data = (
        rows(*good[:38_000])
        + b"09999999,Bad \xff name,100,2,ja\n"
        + rows(*good[38_000:])[len(HEADER) + 1 :]
    )
    assert data.index(b"\xff") > 1 << 20
    code, _, errors, scored = batch(run, tmp_path, data)
    assert code == 1
    assert [(e["row"], e["reason"]) for e in errors] == [("38002", "not valid utf-8 text")]
    assert scored == 40_000


def test_a_huge_cell_among_the_first_rows(run: Run, tmp_path: Path) -> None:
    data = rows("01001000,A,100," + "9" * 200_000 + ",ja", "01002000,B,200,1,nein")
    code, _, errors, scored = batch(run, tmp_path, data)
    assert code == 1
    assert [(e["row"], e["column"]) for e in errors] == [("2", "a-choice")]
    assert scored == 1


def test_control_characters_do_not_stop_the_workbook(run: Run, tmp_path: Path) -> None:
    data = rows("01001000,Dorf\x0b\x00,100,2,ja", "01002000,B,200,1,nein")
    code, stderr, errors, scored = batch(run, tmp_path, data)
    assert code == 0, stderr
    assert errors == []
    assert scored == 2
    sheet = load_workbook(tmp_path / "out" / "summary.xlsx", read_only=True)["summary"]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Dorf\ufffd\ufffd", "B"]


def test_superscript_digits_are_no_population(run: Run, tmp_path: Path) -> None:
    code, stderr, _, scored = batch(run, tmp_path, rows("01001000,A,4²00,2,ja"))
    assert code == 0, stderr
    assert scored == 1


def test_utf16_without_a_byte_order_mark_is_explained(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(rows("01001000,A,100,2,ja").decode().encode("utf-16-le"))
    result = run("batch", export, "-q", MINI, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "\0" not in result.stderr
    assert result.stderr == (
        f"{export}: the file contains NUL bytes: it is probably UTF-16 or UTF-32 text without a "
        "byte order mark; save it as 'CSV UTF-8'\n"
    )


def test_utf32_with_a_byte_order_mark_is_read(run: Run, tmp_path: Path) -> None:
    data = codecs.BOM_UTF32_LE + rows("01001000,Äpfelhausen,100,2,ja").decode().encode("utf-32-le")
    code, stderr, errors, scored = batch(run, tmp_path, data)
    assert code == 0, stderr
    assert (errors, scored) == ([], 1)


def test_mixed_encodings_are_named(run: Run, tmp_path: Path) -> None:
    data = rows("01001000,Müller,100,2,ja") + "01002000,Bäcker,200,1,nein\n".encode("cp1252")
    code, stderr, errors, scored = batch(run, tmp_path, data)
    assert code == 0, stderr
    assert errors == []
    assert "mixed encodings: read as Windows-1252" in stderr
    assert scored == 2


def records(data: bytes) -> list[list[str]]:
    """The file's records as a spreadsheet numbers them (record 1 = the header), read independently."""
    text = data.decode("utf-8", errors="replace")
    return list(csv.reader(text.splitlines(keepends=True)))  # CR, LF and CRLF all end a row


def test_every_data_row_is_scored_or_rejected_with_its_true_row(run: Run, tmp_path: Path) -> None:
    lines = [
        "01001000,A,100,2,ja",
        "",
        "01002000,B,200,7,ja",
        "01003000,C,300,1,vielleicht,zu viel",
        "01004000,D,400,0,nein",
        "",
        "01005000,E,500,2,ja",
        ",F,600,1,ja",
        "01006000,G,700,1,nein",
    ]
    data = rows(*lines, end="\r\n")
    code, _, errors, scored = batch(run, tmp_path, data)
    assert code == 1
    numbered = records(data)
    data_rows = [n for n, record in enumerate(numbered, start=1) if n > 1 and any(record)]
    rejected = sorted({int(e["row"]) for e in errors})
    assert scored + len(rejected) == len(data_rows)
    assert set(rejected) <= set(data_rows)
    assert rejected == [4, 5, 9]  # a bad option, a ragged row, no municipality id


def test_a_column_without_a_heading_is_left_unused(run: Run, tmp_path: Path) -> None:
    """An empty heading (a spreadsheet's spare column) is a column like no question, not a crash."""
    export = tmp_path / "export.csv"
    export.write_text("ags,,a-choice,a-yesno\n01000001,x,2,ja\n", encoding="utf-8")
    result = run("batch", export, "-q", MINI, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0, result.stderr
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["id"] == "01000001"
