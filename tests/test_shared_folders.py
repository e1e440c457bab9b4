"""Safe on shared folders and with hostile files (security review of December 2026, F6–F11): a logo is a
small regular file beside its brand file, whatever stands there; nothing raw reaches the terminal or
turns live in Markdown; documents and exports are refused or read in time proportional to their size."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINI, Run

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def brand(folder: Path, logo: str) -> Path:
    path = folder / "brand.yaml"
    path.write_text(f"name: Beratung Nord\nlogo: {logo}\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_as_logo_is_an_error_not_a_hang_f6(run: Run, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "logo.png")
    started = time.perf_counter()
    result = run("validate", brand(tmp_path, "logo.png"), "-l", "de")
    assert time.perf_counter() - started < 20
    assert result.exit_code == 1
    assert "'logo.png' ist keine gewöhnliche Datei" in result.stderr


def test_a_huge_sparse_logo_is_never_read_whole_f6(run: Run, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    with logo.open("wb") as handle:
        handle.write(PNG)
        handle.truncate(3 * 1024**3)  # 3 GB, sparse: nothing on the disk
    result = run("validate", brand(tmp_path, "logo.png"), "-l", "de")
    assert result.exit_code == 1
    assert "Logo ist größer als 256 KB" in result.stderr


@pytest.mark.parametrize("logo", ["../private-photo.png", "/etc/photo.png", "sub/../../x.png"])
def test_a_logo_outside_the_brand_folder_is_refused_f6(run: Run, tmp_path: Path, logo: str) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    (tmp_path / "private-photo.png").write_bytes(PNG)
    result = run("validate", brand(kit, logo), "-l", "de")
    assert result.exit_code == 1
    assert (
        "erwartet eine Datei neben der Markendatei oder in einem Ordner darunter" in result.stderr
    )


def test_a_logo_in_a_folder_below_is_fine(run: Run, tmp_path: Path) -> None:
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "logo.png").write_bytes(PNG)
    assert run("validate", brand(tmp_path, "bilder/logo.png")).exit_code == 0


def excel_like(path: Path, rows: list[list[str]], unused: int = 0) -> Path:
    """A workbook as Excel writes one: every text in the shared-strings table, cells pointing into
    it; ``unused`` more strings in the table that no cell uses."""
    import zipfile

    strings = [text for row in rows for text in row] + [f"u{i}" for i in range(unused)]
    cells = []
    for r, row in enumerate(rows, start=1):
        offset = sum(len(x) for x in rows[: r - 1])
        cells.append(
            f'<row r="{r}">'
            + "".join(
                f'<c r="{chr(65 + c)}{r}" t="s"><v>{offset + c}</v></c>' for c in range(len(row))
            )
            + "</row>"
        )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application'
            '/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Antworten" sheetId="1"'
            ' r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{"".join(cells)}</sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{text}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_a_workbook_with_a_bloated_string_table_is_refused_at_once_f10(
    run: Run, tmp_path: Path
) -> None:
    rows = [["ags", "a-choice", "a-yesno"], ["01001000", "2", "ja"]]
    plain = excel_like(tmp_path / "plain.xlsx", rows)
    hostile = excel_like(tmp_path / "hostile.xlsx", rows, unused=200_000)
    started = time.perf_counter()
    result = run("batch", hostile, "-q", MINI, "-o", tmp_path / "out", "-l", "de")
    assert time.perf_counter() - started < 20
    assert result.exit_code == 1
    assert "gemeinsame Texte für 6 Zellen" in result.stderr
    assert run("batch", plain, "-q", MINI, "-o", tmp_path / "ok").exit_code == 0


def test_a_document_over_the_value_limit_is_refused_without_a_second_parse_f10(
    run: Run, tmp_path: Path
) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"questionnaire": "mini", "answers": {}, "x": [' + "0," * 700_000 + "0]}")
    started = time.perf_counter()
    result = run("validate", big, "-q", MINI, "-l", "de")
    assert time.perf_counter() - started < 20  # 1.4 s here; the pure-Python parse took 18 s
    assert result.exit_code == 1
    assert "das Dokument ergibt mehr als 500000 Werte" in result.stderr


# --- F7, F8: nothing live in Markdown, nothing raw to the terminal ---------------------------------


def test_evidence_with_a_line_break_stays_text_in_markdown_f7(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: mini\nanswers:\n  a-choice:\n    answer: '1'\n"
        '    evidence: "https://x.example/a\\n\\n[Vorlage öffnen](javascript:alert(1))\\n"\n'
        '    comment: "a | b\\n<img src=x> [x](y)"\n',
        encoding="utf-8",
    )
    md = run("report", answers, "-q", MINI, "-f", "md", "-o", "-").stdout
    (row,) = [line for line in md.splitlines() if "x.example" in line]
    assert "](javascript" not in row
    assert "\\[Vorlage öffnen\\]\\(javascript:alert\\(1\\)\\)" in row
    assert "a \\| b \\<img src=x\\> \\[x\\]\\(y\\)" in row
    assert row.count("|") - row.count("\\|") == 5  # the table stays four cells wide


def test_escape_sequences_from_files_never_reach_the_terminal_raw_f8(
    run: Run, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        'questionnaire: mini\nmunicipality: {name: "Ort\\e]0;T\\a"}\n'
        'answers:\n  "\\e[2J\\e[31mzz": 1\n',
        encoding="utf-8",
    )
    validated = run("validate", answers, "-q", MINI)
    assert validated.exit_code == 1
    assert "\x1b" not in validated.stderr
    assert "\\x1b[2J\\x1b[31mzz" in validated.stderr
    export = tmp_path / "e.csv"
    export.write_text(
        "ags,municipality,a-choice,\x1b[2Jzz\n01001000,Ort\x1b]0;T\x07,2,1\n", encoding="utf-8"
    )
    batch = run("batch", export, "-q", MINI, "-o", tmp_path / "out", "--reports", "none")
    assert "\x1b" not in batch.stderr
    assert "\x07" not in batch.stderr
    assert "\\x1b[2Jzz" in batch.stderr


# --- F9, F11: wide headers, long numbers, digits that are no digits ----------------------------------


def test_a_header_over_the_csv_field_limit_is_read_f9(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "wide.csv"
    export.write_text("ags," + "x" * 140_000 + "\n01001000,1\n", encoding="utf-8")
    result = run("batch", export, "-q", MINI, "-o", tmp_path / "out", "-l", "de")
    assert result.exit_code == 1  # no question found: said, not an internal error
    assert "keine Spalte beantwortet eine Frage" in result.stderr
    earlier = tmp_path / "earlier.csv"
    earlier.write_text("id,overall_score\n01001000," + "9" * 140_000 + "\n", encoding="utf-8")
    compared = run(
        "batch", EXAMPLES / "batch-export.csv", "-o", tmp_path / "o2", "--compare", earlier
    )
    assert compared.exit_code == 1
    assert f"{earlier}:2:2: overall_score:" in compared.stderr


def test_populations_that_are_no_whole_numbers_are_named_with_their_row_f11(
    run: Run, tmp_path: Path
) -> None:
    export = tmp_path / "e.csv"
    cells = ["9" * 5000, "1e308", "NaN", "-5", "1_0", "\u0661\u0662", "\uff11\uff12", "3000"]
    export.write_text(
        "ags,population,a-choice\n"
        + "".join(f"0100{i + 1}000,{cell},2\n" for i, cell in enumerate(cells)),
        encoding="utf-8",
    )
    result = run("batch", export, "-q", MINI, "-o", tmp_path / "out", "-l", "de")
    assert result.exit_code == 0, result.stderr
    for row, cell in enumerate(cells[:-1], start=2):
        assert f"Zeile {row}: Einwohnerzahl '{cell[:40]}'" in result.stderr
    assert "Zeile 9" not in result.stderr
    summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert summary[-1].split(",")[2] == "3000"


def test_numbers_in_answers_are_ascii_digits_f11(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "e.csv"
    export.write_text(
        'ags,b-percent\n01001000,1_0\n01002000,\uff15\uff10\n01003000,50\n01004000,"62,5"\n',
        encoding="utf-8",
    )
    result = run("batch", export, "-q", MINI, "-o", tmp_path / "out", "-l", "de")
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    assert "1_0" in errors
    assert "\uff15\uff10" in errors
    assert result.exit_code == 1
