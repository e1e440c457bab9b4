"""Answer templates: YAML with comments, XLSX with dropdowns, and filled XLSX read back like YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from maturity.load.answers import load_answers
from maturity.load.catalogue import load_questionnaire
from maturity.model import tr

from .conftest import EXAMPLES, Run


@pytest.mark.parametrize("qid", ["digitalcheck-kommune", "schnellcheck-kommune"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_yaml_template_is_a_valid_empty_answers_file(
    run: Run, tmp_path: Path, qid: str, lang: str
) -> None:
    target = tmp_path / "blank.yaml"
    assert run("template", "-q", qid, "-f", "yaml", "-o", target, "--lang", lang).exit_code == 0
    text = target.read_text(encoding="utf-8")
    questionnaire = load_questionnaire(qid)
    for question in questionnaire.questions:
        assert f"\n  {question.id}:\n" in text
    first = questionnaire.questions[0]
    assert tr(first.text, lang).split()[0] in text
    knows = "Antwort kennt meist" if lang == "de" else "Usually known by"
    assert f"# {knows}: {tr(first.answered_by, lang)}\n" in text  # type: ignore[arg-type]
    result = run("validate", target)
    assert result.exit_code == 0, result.stderr
    assert "0 answers" in result.stdout


def test_template_refuses_to_overwrite(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "blank.yaml"
    target.write_text("keep me", encoding="utf-8")
    result = run("template", "-o", target)
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run("template", "-o", target, "--force").exit_code == 0


def test_xlsx_template_layout(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "blank.xlsx"
    assert run("template", "-f", "xlsx", "-o", target, "--lang", "de").exit_code == 0
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Antworten", "Kommune", "lists", "maturity"]
    assert workbook["lists"].sheet_state == "hidden"
    sheet = workbook["Antworten"]
    assert [c.value for c in sheet[1]] == [
        "ID",
        "Handlungsfeld",
        "Frage",
        "Hinweis",
        "Antwort",
        "Anmerkung",
        "Nachweis",
        "Antwort kennt meist",
    ]
    assert sheet.freeze_panes == "E2"
    assert sheet["H3"].value == "Hauptamt"  # who usually knows whether the strategy is adopted
    assert sheet.column_dimensions["C"].width >= 50
    ids = [row[0].value for row in sheet.iter_rows(min_row=2) if row[0].value]
    questionnaire = load_questionnaire("digitalcheck-kommune")
    expected = []
    for q in questionnaire.questions:
        expected += [f"{q.id}:{o.id}" for o in q.options] if q.type == "multi" else [q.id]
    assert ids == expected
    validations = sheet.data_validations.dataValidation
    lists = [v for v in validations if v.type == "list"]
    customs = [v for v in validations if v.type == "custom"]
    choice_rows = sum(1 for q in questionnaire.questions if q.type in ("choice", "yesno"))
    multi_rows = sum(len(q.options) for q in questionnaire.questions if q.type == "multi")
    assert len(lists) == choice_rows + multi_rows
    assert len(customs) == sum(
        1 for q in questionnaire.questions if q.type in ("number", "percent")
    )
    percent = next(v for v in customs if "E" in v.formula1 and "<=100" in v.formula1)
    assert '="weiß nicht"' in percent.formula1
    municipality = workbook["Kommune"]
    assert municipality["B3"].number_format == "@"  # the AGS keeps its leading zeros


def fill_like(template: Path, answers_file: Path, target: Path, lang: str = "de") -> None:
    """Fill the XLSX template with the answers of a YAML file, the way a person would (labels)."""
    answer_set, questionnaire, _ = load_answers(answers_file)
    workbook = load_workbook(template)
    sheet = workbook["Antworten" if lang == "de" else "Answers"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}
    words = {"unknown": "weiß nicht", "na": "nicht zutreffend"}
    for qid, answer in answer_set.answers.items():
        question = questionnaire.question_index[qid]
        if (
            qid not in rows
            and f"{qid}:{question.options[0].id if question.options else ''}" not in rows
        ):
            continue  # a part of a split template asks other questions
        if question.type == "multi":
            for option in question.options:
                row = rows[f"{qid}:{option.id}"]
                if answer.kind != "value":
                    value = words[answer.kind]
                else:
                    value = "ja" if option.id in (answer.value or ()) else "nein"
                sheet.cell(row, 5, value)
            row = rows[f"{qid}:{question.options[0].id}"]
        else:
            row = rows[qid]
            if answer.kind != "value":
                value = words[answer.kind]
            elif question.type == "choice":
                value = tr(question.option(str(answer.value)).label, lang)  # type: ignore[union-attr]
            elif question.type == "yesno":
                value = "ja" if answer.value else "nein"
            else:
                value = answer.value
            sheet.cell(row, 5, value)
        if answer.comment:
            sheet.cell(row, 6, answer.comment)
        if answer.evidence:
            sheet.cell(row, 7, answer.evidence)
    details = workbook["Kommune"]
    keys = {row[2].value: row[1] for row in details.iter_rows(min_row=2)}
    keys["name"].value = answer_set.municipality.name
    keys["ags"].value = answer_set.municipality.ags
    keys["population"].value = answer_set.municipality.population
    keys["state"].value = answer_set.municipality.state
    keys["assessed_on"].value = answer_set.assessed_on
    keys["assessor"].value = answer_set.assessor
    for profile_question in questionnaire.profile:  # by label, from its dropdown
        given = answer_set.profile.get(profile_question.id)
        if given is None:
            continue
        cell = keys[f"profile:{profile_question.id}"]
        if profile_question.type == "yesno":
            cell.value = "ja" if given == "yes" else "nein"
        elif profile_question.type == "choice":
            cell.value = next(tr(o.label, lang) for o in profile_question.options if o.id == given)
        else:
            cell.value = given
    workbook.save(target)


@pytest.mark.slow
@pytest.mark.parametrize("example", ["stadt-mustertal.yaml", "gemeinde-kleinmusterdorf.yaml"])
def test_filled_xlsx_scores_like_the_yaml(run: Run, tmp_path: Path, example: str) -> None:
    template = tmp_path / "blank.xlsx"
    assert run("template", "-f", "xlsx", "-o", template, "--lang", "de").exit_code == 0
    filled = tmp_path / "filled.xlsx"
    fill_like(template, EXAMPLES / example, filled)
    validated = run("validate", filled)
    assert validated.exit_code == 0, validated.stderr
    from_xlsx = json.loads(run("score", filled, "--json").stdout)
    from_yaml = json.loads(run("score", EXAMPLES / example, "--json").stdout)
    assert from_xlsx == from_yaml
    report = run("report", filled, "-f", "md", "-o", tmp_path / "r.md", "-l", "de")
    assert report.exit_code == 0
    assert "Anmerkungen und Nachweise" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_xlsx_errors_name_sheet_row_and_column(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "blank.xlsx"
    run("template", "-q", "schnellcheck-kommune", "-f", "xlsx", "-o", template, "--lang", "de")
    workbook = load_workbook(template)
    sheet = workbook["Antworten"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}
    sheet.cell(rows["strategie-beschluss"], 5, "vielleicht")
    sheet.cell(rows["infrastruktur-gigabit"], 5, 120)
    sheet.cell(rows["personal-ki-kompetenz"], 5, "nicht zutreffend")  # allowed here
    sheet.cell(rows["sicherheit-isb"], 5, "nicht zutreffend")  # not allowed here
    workbook["Kommune"]["B3"] = 101000  # six digits: more than the one zero a spreadsheet drops
    profile_row = next(
        row[0].row
        for row in workbook["Kommune"].iter_rows(min_row=2)
        if row[2].value == "profile:traeger"
    )
    workbook["Kommune"].cell(profile_row, 2, "Kreisstadt")
    bad = tmp_path / "bad.xlsx"
    workbook.save(bad)
    result = run("validate", bad)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    r1, r2, r3 = rows["strategie-beschluss"], rows["infrastruktur-gigabit"], rows["sicherheit-isb"]
    expected = [
        f"{bad}:3:2: Kommune!B3: expected the 8-digit Amtlicher Gemeindeschlüssel, got '101000' "
        "(leading zeros lost? format the cell as text)",
        f"{bad}:{profile_row}:2: Kommune!B{profile_row}: unknown answer 'Kreisstadt'; choose from "
        "the list: 'Gemeinde in einem Amt, einer Verbands- oder Samtgemeinde oder "
        "Verwaltungsgemeinschaft', 'Amt, Verbands- oder Samtgemeinde, Verwaltungsgemeinschaft (die "
        "gemeinsame Verwaltung)', 'Einheitsgemeinde oder Stadt im Kreis mit eigener Verwaltung', "
        "'Große Kreisstadt oder große kreisangehörige Stadt', 'Kreisfreie Stadt', 'Landkreis'",
        f"{bad}:{r1}:5: Antworten!E{r1}: unknown answer 'vielleicht'; choose from the list: "
        "'keine Strategie und kein Auftrag dafür', 'Auftrag erteilt, Entwurf noch nicht begonnen', "
        "'Entwurf in Arbeit', 'vom Rat beschlossen, seitdem nicht überprüft', 'beschlossen und in "
        "den letzten zwei Jahren überprüft oder fortgeschrieben', 'weiß nicht'",
        f"{bad}:{r2}:5: Antworten!E{r2}: expected a number from 0 to 100, got 120",
        f"{bad}:{r3}:5: Antworten!E{r3}: unknown answer 'nicht zutreffend'; choose from the list: "
        "'nein', 'ja', 'weiß nicht'",
    ]
    # problems come in file order: by row, then column, whichever sheet they are on
    assert lines == sorted(expected, key=lambda line: _position(line, bad))


def test_not_a_template(run: Run, tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    result = run("score", path)
    assert result.exit_code == 1
    assert "maturity template --format xlsx" in result.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert run("score", broken).exit_code == 1


def _position(line: str, path: Path) -> tuple[int, int]:
    row, column = line[len(str(path)) + 1 :].split(":")[:2]
    return int(row), int(column)


@pytest.mark.slow
def test_split_templates_read_back_as_one_filled_template(run: Run, tmp_path: Path) -> None:
    """Each department fills its own workbook; merged, they score as one filled template."""
    example = EXAMPLES / "stadt-mustertal.yaml"
    folder = tmp_path / "parts"
    made = run("template", "-f", "xlsx", "--split", "-o", folder, "--lang", "de")
    assert made.exit_code == 0, made.stderr
    parts = sorted(folder.glob("*.xlsx"))
    assert parts[0].name == "01-hauptamt.xlsx"
    assert parts[-1].name.endswith("-allgemein.xlsx")  # the free-text questions, without a unit
    questionnaire = load_questionnaire("digitalcheck-kommune")
    seen: list[str] = []
    for part in parts:  # every question in exactly one part, beside its unit
        sheet = load_workbook(part)["Antworten"]
        rows = [(r[0].value, r[7].value) for r in sheet.iter_rows(min_row=2) if r[0].value]
        assert len({unit for _, unit in rows}) == 1
        seen += list(dict.fromkeys(str(qid).split(":")[0] for qid, _ in rows))
        fill_like(part, example, part)
    assert sorted(seen) == sorted(q.id for q in questionnaire.questions)
    merged = tmp_path / "merged.yaml"
    result = run("merge", folder, "-o", merged, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    assert f"aus {len(parts)} Dateien" in result.stderr
    whole = tmp_path / "whole.xlsx"
    assert run("template", "-f", "xlsx", "-o", whole, "--lang", "de").exit_code == 0
    fill_like(whole, example, whole)
    from_parts = json.loads(run("score", merged, "--json").stdout)
    assert from_parts == json.loads(run("score", whole, "--json").stdout)
    assert from_parts == json.loads(run("score", example, "--json").stdout)


def test_merge_names_an_answer_given_differently_in_two_files(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(
        "questionnaire: digitalcheck-kommune\nmunicipality: {name: Mustertal}\n"
        "answers:\n  strategie-beschluss: keine\n  strategie-ziele: alle\n",
        encoding="utf-8",
    )
    second.write_text(
        "questionnaire: digitalcheck-kommune\nmunicipality: {name: Mustertal}\n"
        "answers:\n  strategie-ziele: alle\n  strategie-beschluss: beschlossen\n",
        encoding="utf-8",
    )
    out = tmp_path / "merged.yaml"
    result = run("merge", first, second, "-o", out, "--lang", "de")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{second}:5:24: answers.strategie-beschluss: 'beschlossen' widerspricht 'keine' aus "
        f"{first}; eine Antwort behalten\n"
    )
    assert not out.exists()


def test_an_exclusive_option_ticked_with_others_is_named_at_its_own_row(
    run: Run, tmp_path: Path
) -> None:
    template = tmp_path / "blank.xlsx"
    run("template", "-q", "schnellcheck-kommune", "-f", "xlsx", "-o", template, "--lang", "de")
    workbook = load_workbook(template)
    sheet = workbook["Antworten"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}
    sheet.cell(rows["verwaltung-leistungen:kita"], 5, "ja")
    sheet.cell(rows["verwaltung-leistungen:keine"], 5, "ja")
    bad = tmp_path / "keine.xlsx"
    workbook.save(bad)
    result = run("validate", bad)
    assert result.exit_code == 1
    row = rows["verwaltung-leistungen:keine"]
    assert result.stderr.startswith(f"{bad}:{row}:5: Antworten!E{row}: ")
    assert "'keine'" in result.stderr
