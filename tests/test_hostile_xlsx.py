"""Hostile XLSX files: a declared dimension that lies (far too large, or too small), a zip bomb, a
damaged numeric cell. Each is read as it really is, or refused with a message, quickly."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from .conftest import MINI, Run

SHEET = "xl/worksheets/sheet1.xml"


def export_workbook(path: Path, rows: int) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ags", "a-choice", "a-yesno"])
    for i in range(rows):
        sheet.append([f"0100{i:04d}", "2", "ja"])
    workbook.save(path)
    return path


def patched(
    path: Path, change: dict[str, tuple[str, str]], extra: dict[str, bytes] | None = None
) -> Path:
    """A copy of the workbook with regex replacements in some of its parts (and extra parts)."""
    target = path.with_name(f"patched-{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in change:
                pattern, replacement = change[info.filename]
                data, n = re.subn(pattern.encode(), replacement.encode(), data)
                assert n, (info.filename, pattern)
            out.writestr(info, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def scored_rows(out: Path) -> int:
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        return sum(int(row["respondents"]) for row in csv.DictReader(handle))


def test_a_huge_declared_dimension_is_not_padded(run: Run, tmp_path: Path) -> None:
    bomb = patched(
        export_workbook(tmp_path / "export.xlsx", 5),
        {SHEET: (r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD1048576"')},
    )
    started = time.perf_counter()
    result = run("batch", bomb, "-q", MINI, "-o", tmp_path / "out", "--reports", "none")
    assert time.perf_counter() - started < 20
    assert result.exit_code == 0, result.stderr
    assert scored_rows(tmp_path / "out") == 5


def test_rows_beyond_a_short_declared_dimension_are_read(run: Run, tmp_path: Path) -> None:
    short = patched(
        export_workbook(tmp_path / "export.xlsx", 9),
        {SHEET: (r'<dimension ref="[^"]+"', '<dimension ref="A1:C2"')},
    )
    result = run("batch", short, "-q", MINI, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0, result.stderr
    assert scored_rows(tmp_path / "out") == 9


def test_a_zip_bomb_is_refused_before_reading(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("maturity.load.spreadsheet.MAX_UNPACKED_BYTES", 4 * 2**20)
    bomb = patched(
        export_workbook(tmp_path / "export.xlsx", 3), {}, {"xl/media/padding.bin": bytes(8 * 2**20)}
    )
    assert bomb.stat().st_size < 200_000
    result = run("batch", bomb, "-q", MINI, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 1
    assert result.stderr == f"{bomb}: the workbook unpacks to 8 MB; the limit is 4 MB\n"
    result = run("validate", bomb)
    assert result.exit_code == 1


@pytest.mark.parametrize("command", ["batch", "score"])
def test_a_damaged_numeric_cell_is_a_problem_with_the_file(
    run: Run, tmp_path: Path, command: str
) -> None:
    if command == "batch":
        source = export_workbook(tmp_path / "export.xlsx", 2)
        args: list[str | Path] = ["-q", MINI, "-o", tmp_path / "out", "--reports", "none"]
    else:
        source = tmp_path / "answers.xlsx"
        assert run("template", "-q", MINI, "-f", "xlsx", "-o", source).exit_code == 0
        args = ["-q", MINI]
    # a cell of type number whose stored value is not a number
    damaged = patched(
        source,
        {
            SHEET: (
                r'<c r="([A-Z]+2)"( s="[0-9]+")? t="inlineStr"><is><t>[^<]*</t></is></c>',
                r'<c r="\1" t="n"><v>abc</v></c>',
            )
        },
    )
    result = run(command, damaged, *args)
    assert result.exit_code == 1, result.stderr
    assert "cannot read the sheet" in result.stderr
    assert "Traceback" not in result.stderr
    assert io.StringIO(result.stderr).readline().startswith(str(damaged))


def test_sheet_rows_keep_their_numbers_across_empty_rows(run: Run, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    for row, values in {
        1: ["ags", "a-choice", "a-yesno"],
        2: ["01001000", "2", "ja"],
        4: ["01002000", "7", "ja"],  # row 3 is empty
        7: ["01003000", "1", "nein"],  # rows 5 and 6 are empty
    }.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    out = tmp_path / "out"
    result = run("batch", path, "-q", MINI, "-o", out, "--reports", "none")
    assert result.exit_code == 1
    with (out / "errors.csv").open(encoding="utf-8", newline="") as handle:
        assert [(e["row"], e["value"]) for e in csv.DictReader(handle)] == [("4", "7")]
    assert scored_rows(out) == 2


def test_empty_rows_between_answers_are_counted_and_trailing_ones_are_not(
    run: Run, tmp_path: Path
) -> None:
    """Two empty rows between the answers are named in the summary line and the overview; the empty
    but formatted rows a sheet reports at its end are no lines anybody left blank."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ags", "a-choice", "a-yesno"])
    sheet.append(["01001000", "2", "ja"])
    sheet.append([])
    sheet.append([None, None, None])
    sheet.append(["01002000", "1", "nein"])
    for row in range(6, 40):  # formatted, empty
        sheet.cell(row=row, column=1).number_format = "@"
    export = tmp_path / "export.xlsx"
    workbook.save(export)
    out = tmp_path / "out"
    result = run("batch", export, "-q", MINI, "-o", out, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    assert "2 Kommunen bewertet aus 2 von 2 Zeilen in " in result.stderr
    assert "; 2 leere Zeilen übersprungen" in result.stderr
    overview = (out / "index.html").read_text(encoding="utf-8")
    assert "2 leere Zeilen zwischen den Antworten wurden übersprungen." in overview


def test_a_sheet_without_a_declared_dimension_and_a_first_empty_column(
    run: Run, tmp_path: Path
) -> None:
    """A workbook written in openpyxl's streaming mode declares no dimension (openpyxl itself then
    parsed the whole sheet once more just to open it), and this one leaves column A empty: every row
    is read, in the sheet's own row and column numbers."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([None, "ags", "a-choice", "a-yesno"])
    for i in range(30):
        sheet.append([None, f"0100{i:04d}", "7" if i == 11 else "2", "ja"])
    export = tmp_path / "export.xlsx"
    workbook.save(export)
    with zipfile.ZipFile(export) as archive:
        assert b"<dimension" not in archive.read(SHEET)
    out = tmp_path / "out"
    result = run("batch", export, "-q", MINI, "-o", out, "--reports", "none")
    assert result.exit_code == 1  # one rejected row
    with (out / "errors.csv").open(encoding="utf-8", newline="") as handle:
        assert [(e["row"], e["column"], e["value"]) for e in csv.DictReader(handle)] == [
            ("13", "a-choice", "7")
        ]
    assert scored_rows(out) == 29


def test_one_cell_far_away_is_read_in_little_time_and_memory(run: Run, tmp_path: Path) -> None:
    """A 5 KB workbook with one more cell at XFD1048576: a reader that builds the sheet's whole grid
    would ask for 512 GB; read row by row, the answers above it are scored."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ags", "a-choice", "a-yesno"])
    sheet.append(["01001000", "2", "ja"])
    sheet["XFD1048576"] = "fern"
    export = tmp_path / "export.xlsx"
    workbook.save(export)
    assert export.stat().st_size < 10_000
    started = time.perf_counter()
    result = run("batch", export, "-q", MINI, "-o", tmp_path / "out", "--reports", "none")
    assert time.perf_counter() - started < 60
    assert result.exit_code == 0, result.stderr
    assert scored_rows(tmp_path / "out") == 1
