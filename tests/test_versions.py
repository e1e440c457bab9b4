"""Answers given with an earlier version of a bundled questionnaire stay readable: they are scored with
the archived version they name (a warning says so), and a batch export of an earlier form finds it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from maturity.load.answers import load_answers
from maturity.load.catalogue import archived_paths, bundled_paths, load_questionnaire

from .conftest import DATA, Run

OLD_ANSWERS = DATA / "digitalcheck-1.0-answers.yaml"


def test_the_archive_holds_version_1_0_and_offers_it_for_nothing_new() -> None:
    assert ("digitalcheck-kommune", "1.0") in archived_paths()
    assert ("digitalcheck-kommune", "2.0") in archived_paths()
    assert ("schnellcheck-kommune", "2.0") in archived_paths()
    assert list(bundled_paths()) == ["digitalcheck-kommune", "schnellcheck-kommune"]
    assert load_questionnaire("digitalcheck-kommune").version == "2.1"


def test_answers_of_version_1_0_are_scored_with_version_1_0(run: Run) -> None:
    answers, questionnaire, warnings = load_answers(OLD_ANSWERS)
    assert questionnaire.version == "1.0"
    assert "verwaltung-ozg-anteil" in answers.answers  # a question 2.0 no longer asks
    assert len(warnings) == 1
    assert "are scored with that version" in str(warnings[0].message.in_language("en"))
    result = run("report", OLD_ANSWERS, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["questionnaire"] == {"id": "digitalcheck-kommune", "version": "1.0"}
    assert document["overall"]["level"] == 3


def test_a_1_0_xlsx_template_is_read_with_version_1_0(run: Run, tmp_path: Path) -> None:
    archived = archived_paths()[("digitalcheck-kommune", "1.0")]
    template = tmp_path / "alt.xlsx"
    assert run("template", "-q", archived, "-f", "xlsx", "-o", template, "-l", "de").exit_code == 0
    workbook = load_workbook(template)
    sheet = workbook["Antworten"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "verwaltung-ozg-anteil")
    row[4].value = 40
    workbook.save(template)
    result = run("score", template, "--json")  # no -q: the file names version 1.0 itself
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["questionnaire"]["version"] == "1.0"
    assert "scored with that version" in result.stderr


def test_an_export_of_a_1_0_form_is_scored_with_1_0(run: Run, tmp_path: Path) -> None:
    answers, questionnaire, _ = load_answers(OLD_ANSWERS)
    export = tmp_path / "alt.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        ids = [q.id for q in questionnaire.scored_questions if q.type != "multi"]
        writer.writerow(["ags", *ids])
        writer.writerow(["05958999", *(_cell(answers.answers.get(i)) for i in ids)])
    result = run("batch", export, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0, result.stderr
    assert "digitalcheck-kommune 1.0" in result.stderr


def _cell(answer: object) -> str:
    if answer is None:
        return ""
    value = getattr(answer, "value", None)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return "" if value is None else str(value)
