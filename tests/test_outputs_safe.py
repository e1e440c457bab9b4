"""Outputs never destroy inputs, special files stay what they are, and a place that cannot be written
is exit 1 with the path and the reason."""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINI, MINI_ANSWERS, Run, require

EXAMPLE = EXAMPLES / "stadt-mustertal.yaml"


def test_a_report_never_replaces_its_answers(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "mine.yaml"
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    result = run("report", answers, "-f", "md", "-o", answers)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{answers}: this is an input of the command; refusing to write over it "
        "(choose another file with -o)\n"
    )
    assert answers.read_bytes() == before


def test_the_default_report_name_never_replaces_its_answers(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "stadt.md"  # an answers file with an unusual name
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = run("report", "stadt.md", "-f", "md")
    assert result.exit_code == 1
    assert "refusing to write over it" in result.stderr
    assert answers.read_bytes() == before


def test_compare_and_questionnaire_files_are_inputs_too(run: Run, tmp_path: Path) -> None:
    questionnaire = tmp_path / "mini.yaml"
    shutil.copy(MINI, questionnaire)
    before = questionnaire.read_bytes()
    result = run("report", MINI_ANSWERS, "-q", questionnaire, "-f", "md", "-o", questionnaire)
    assert result.exit_code == 1
    assert questionnaire.read_bytes() == before


def test_export_form_keeps_an_edited_mapping(run: Run, tmp_path: Path) -> None:
    form = tmp_path / "digitalcheck.txt"
    mapping = tmp_path / "digitalcheck-mapping.yaml"
    assert run("export-form", "-f", "limesurvey", "-o", form).exit_code == 0
    mapping.write_text(mapping.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run("export-form", "-f", "limesurvey", "-o", form)
    assert result.exit_code == 1
    assert str(mapping) in result.stderr
    assert "--force" in result.stderr
    assert mapping.read_text(encoding="utf-8").endswith("# edited\n")
    assert run("export-form", "-f", "limesurvey", "-o", form, "--force").exit_code == 0
    assert not mapping.read_text(encoding="utf-8").endswith("# edited\n")


def test_a_fifo_stays_a_fifo(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("report", EXAMPLE, "-f", "json", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["municipality"]["name"] == "Stadt Mustertal"


def test_a_device_stays_a_device(run: Run, tmp_path: Path) -> None:
    require(os.geteuid() == 0, "root (to make a device node)")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    result = run("report", EXAMPLE, "-f", "md", "-o", device)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(device.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_place_that_cannot_be_written_is_exit_1_with_the_reason(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder\n", encoding="utf-8")
    result = run("report", EXAMPLE, "-f", "md", "-o", blocker / "report.md")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{blocker}: cannot write here: a file stands where a folder is needed\n"
    )
    result = run("batch", EXAMPLES / "batch-export.csv", "-o", blocker / "out", "--reports", "none")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"{blocker / 'out'}: cannot write here: a file stands where a folder is needed\n"
    )


def adapted_questionnaire(tmp_path: Path, text: str) -> Path:
    questionnaire = tmp_path / "adapted.yaml"
    source = MINI.read_text(encoding="utf-8")
    questionnaire.write_text(
        source.replace("text: {de: Wahl, en: Choice}", f"text: {{de: '{text}', en: Choice}}"),
        encoding="utf-8",
    )
    return questionnaire


def test_markdown_outputs_render_no_raw_html_and_load_no_image(run: Run, tmp_path: Path) -> None:
    hostile = "Wahl <script>alert(1)</script> ![x](https://tracker.example/x.png)"
    questionnaire = adapted_questionnaire(tmp_path, hostile)
    shown = run("show", questionnaire, "-f", "md", "--lang", "de")
    assert shown.exit_code == 0, shown.stderr
    report = run("report", MINI_ANSWERS, "-q", questionnaire, "-f", "md", "-o", "-", "-l", "de")
    assert report.exit_code == 0, report.stderr
    for output in (shown.stdout, report.stdout):
        assert (
            "Wahl &lt;script>alert(1)&lt;/script> !\\[x](https://tracker.example/x.png)" in output
        )
        assert "<script" not in output
        assert "![" not in output


def test_the_terminal_gets_no_escape_sequences_or_markup(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        MINI_ANSWERS.read_text(encoding="utf-8").replace(
            "name: Testdorf", 'name: "Test\\e[2J\\e]0;pwned\\u0007dorf [/] [bold]"'
        ),
        encoding="utf-8",
    )
    result = run("score", answers, "-q", MINI)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "Test\\x1b[2J\\x1b]0;pwned\\x07dorf [/] [bold]" in result.stdout  # shown, not acting


def test_a_repeated_row_in_an_xlsx_answers_file_is_an_error(run: Run, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    template = tmp_path / "answers.xlsx"
    assert run("template", "-q", MINI, "-f", "xlsx", "-o", template, "--lang", "de").exit_code == 0
    workbook = load_workbook(template)
    sheet = workbook["Antworten"]
    rows = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "a-choice"]
    rows[0][4].value = "ja"
    sheet.append(["a-choice", "", "", "", "nein"])
    last = sheet.max_row
    workbook.save(template)
    result = run("validate", template, "-q", MINI)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{template}:{last}:1: Antworten!A{last}: 'a-choice' appears twice "
        f"(first in row {rows[0][0].row}); keep one row\n"
    )


def test_a_formula_without_a_computed_value_is_a_warning(run: Run, tmp_path: Path) -> None:
    """openpyxl and other generators write formulas without computing them: such an answer is empty
    when read, and the user is told instead of the question silently staying open."""
    from openpyxl import load_workbook

    template = tmp_path / "answers.xlsx"
    assert run("template", "-q", MINI, "-f", "xlsx", "-o", template, "--lang", "de").exit_code == 0
    workbook = load_workbook(template)
    sheet = workbook["Antworten"]
    (row,) = [r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "a-choice"]
    sheet.cell(row, 5).value = '=IF(1>0,"ja","nein")'
    workbook.save(template)
    result = run("score", template, "-q", MINI)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"{template}:{row}:5: warning: Antworten!E{row}: a formula without a computed value "
        "counts as no answer; open the workbook in a spreadsheet program and save it, or type "
        "the answer\n"
    )
