"""One set of input rules for the municipality: a YAML answers file, a filled XLSX template, ``assess``
(tests/test_assess.py types them) and a survey export read the AGS and the population alike – an AGS
as text or number, seven digits given their leading zero back with a warning, a population with German
or English thousands separators – and a profile answer is written in the file's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from maturity.load.answers import load_answers
from maturity.load.catalogue import load_questionnaire
from maturity.load.municipality import population_number, read_ags
from maturity.model import AnswerSet, Municipality
from maturity.output.answers_yaml import answers_to_yaml

from .conftest import EXAMPLES, Run

BATCH_EXAMPLE = EXAMPLES / "batch-export.csv"

PADDED = "AGS 1001000 mit 7 Ziffern um die führende 0 ergänzt: 01001000"


@pytest.mark.parametrize(
    ("written", "inhabitants"),
    [
        ("4200", 4200),
        ("4.200", 4200),
        ("4,200", 4200),
        ("4 200", 4200),
        ("4\u202f200", 4200),
        ("1.000.000", 1_000_000),
        ("4.000", 4000),  # a point before three digits separates thousands
        ("4200.0", 4200),  # as a spreadsheet writes a whole number
        ("4.200,0", 4200),
        ("12.5", None),
        ("4.20", None),
        ("-5", None),
        ("٤٢٠٠", None),  # digits of another script are not taken for ASCII ones
        ("1234567890", None),
    ],
)
def test_a_population_is_read_with_thousands_separators(
    written: str, inhabitants: int | None
) -> None:
    assert population_number(written) == inhabitants


@pytest.mark.parametrize(
    ("raw", "ags", "padded", "wrong"),
    [
        ("09162000", "09162000", False, False),
        (9162000, "09162000", True, False),  # a number: the spreadsheet's dropped zero
        ("9162000", "09162000", True, False),
        (9162000.0, "09162000", True, False),
        ("0916200", "", False, True),  # seven digits whose padded key names no Land
        (162000, "", False, True),
        ("0916200a", "", False, True),
        (True, "", False, True),
        ("", "", False, False),
        (None, "", False, False),
    ],
)
def test_an_ags_is_read_alike_from_text_and_numbers(
    raw: object, ags: str, padded: bool, wrong: bool
) -> None:
    reading = read_ags(raw)
    assert (reading.value, reading.note is not None, reading.problem is not None) == (
        ags,
        padded,
        wrong,
    )


def _answers_yaml(tmp_path: Path, ags: str, population: str) -> Path:
    path = tmp_path / "antworten.yaml"
    path.write_text(
        "questionnaire: schnellcheck-kommune\n"
        f"municipality:\n  name: Prüfdorf\n  ags: {ags}\n  population: {population}\n"
        "answers: {}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("ags", "population", "expected_ags", "warned"),
    [
        ("01001000", "4.200", "01001000", False),  # unquoted, with its zero: text, not octal
        ('"01001000"', "4200", "01001000", False),
        ("1001000", "4,200", "01001000", True),
        ('"1001000"', '"4 200"', "01001000", True),
    ],
)
def test_yaml_answers_follow_the_rules(
    tmp_path: Path, ags: str, population: str, expected_ags: str, warned: bool
) -> None:
    answers, _, warnings = load_answers(_answers_yaml(tmp_path, ags, population))
    assert answers.municipality.ags == expected_ags
    assert answers.municipality.population == 4200
    assert answers.municipality.state == "SH"
    assert [str(w.message.de) for w in warnings if "AGS" in w.message.de] == (  # type: ignore[union-attr]
        [f"{PADDED} (in Anführungszeichen schreiben)"] if warned else []
    )


def test_yaml_answers_name_what_breaks_the_rules(run: Run, tmp_path: Path) -> None:
    path = _answers_yaml(tmp_path, "162000", "12.5")
    result = run("validate", path, "--lang", "de")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{path}:4:8: municipality.ags: erwartet den achtstelligen Amtlichen Gemeindeschlüssel, "
        "gefunden: '162000' (führende Nullen verloren? in Anführungszeichen schreiben)",
        f"{path}:5:15: municipality.population: erwartet eine ganze Zahl von Einwohnerinnen und "
        "Einwohnern von 0 bis 100.000.000, gefunden: '12.5'",
    ]


def test_an_xlsx_template_follows_the_same_rules(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "vorlage.xlsx"
    made = run("template", "-q", "schnellcheck-kommune", "-f", "xlsx", "-o", template, "-l", "de")
    assert made.exit_code == 0, made.stderr
    workbook = load_workbook(template)
    details = workbook["Kommune"]
    cells = {row[2].value: row[1] for row in details.iter_rows(min_row=2)}
    assert cells["ags"].number_format == cells["population"].number_format == "@"  # text cells
    cells["name"].value = "Prüfdorf"
    cells["ags"].value = 1001000  # pasted as a number: the leading zero is gone
    cells["population"].value = "4.200"  # typed as German writes it
    filled = tmp_path / "ausgefuellt.xlsx"
    workbook.save(filled)
    answers, _, warnings = load_answers(filled)
    assert (answers.municipality.ags, answers.municipality.population) == ("01001000", 4200)
    assert [w.message.de for w in warnings] == [f"{PADDED} (die Zelle als Text formatieren)"]  # type: ignore[union-attr]
    checked = run("validate", filled, "--lang", "de")
    assert checked.exit_code == 0
    assert f"{filled}:3:2: Warnung: Kommune!B3: {PADDED}" in checked.stderr


def test_a_number_prompt_in_the_xlsx_names_the_words_the_cell_takes(
    run: Run, tmp_path: Path
) -> None:
    template = tmp_path / "vorlage.xlsx"
    run("template", "-q", "schnellcheck-kommune", "-f", "xlsx", "-o", template, "-l", "de")
    sheet = load_workbook(template)["Antworten"]
    prompts = [v.prompt for v in sheet.data_validations.dataValidation if v.type == "custom"]
    assert prompts
    for prompt in prompts:
        assert "unknown" not in prompt
        assert prompt.endswith("| weiß nicht") or prompt.endswith("| nicht zutreffend")


def test_a_profile_answer_is_written_in_the_files_language() -> None:
    questionnaire = load_questionnaire("digitalcheck-kommune")
    answer_set = AnswerSet(
        questionnaire=questionnaire.id,
        answers={},
        questionnaire_version=questionnaire.version,
        municipality=Municipality("Prüfdorf"),
        profile={"schultraeger": "no", "oepnv": "yes"},
    )
    german = answers_to_yaml(answer_set, questionnaire, "de")
    assert "  schultraeger: nein\n  oepnv: ja\n" in german
    english = answers_to_yaml(answer_set, questionnaire, "en")
    assert '  schultraeger: "no"\n  oepnv: "yes"\n' in english


@pytest.mark.slow
def test_a_survey_export_follows_the_same_rules(run: Run, tmp_path: Path) -> None:
    """batch reads populations written "5.458" like 5458 and puts back an AGS's dropped zero (the
    padding itself: tests/test_batch_plan.py)."""
    import pandas as pd

    frame = pd.read_csv(BATCH_EXAMPLE, dtype=str, keep_default_na=False)
    plain = frame["population"].astype(int)
    frame["population"] = [f"{n:,}".replace(",", ".") for n in plain]  # German thousands
    export = tmp_path / "export.csv"
    frame.to_csv(export, index=False)
    result = run("batch", export, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    summary = pd.read_csv(tmp_path / "out" / "summary.csv", dtype=str)
    expected = dict(zip(frame["ags"], plain.astype(str), strict=False))
    assert {row.id: row.population for row in summary.itertuples()} == {
        ags: expected[ags] for ags in summary["id"]
    }
