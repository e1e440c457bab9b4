"""Labels are answers: in a YAML answers file an option may be written as the people who answered saw
it – its label in either language, case and spaces aside – and scores exactly as its id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maturity.load.catalogue import bundled_paths, load_questionnaire
from maturity.load.values import interpret_value

from .conftest import EXAMPLES, Run


@pytest.mark.parametrize("qid", sorted(bundled_paths()))
def test_every_label_in_both_languages_is_read_as_its_option(qid: str) -> None:
    questionnaire = load_questionnaire(qid)
    for question in questionnaire.scored_questions:
        for option in question.options:
            for label in option.label.values():
                for written in (label, label.upper(), f"  {label}  "):
                    value = interpret_value(question, written).value
                    expected = option.id if question.type == "choice" else (option.id,)
                    assert value == expected, (question.id, written)


def test_an_answers_file_in_labels_scores_as_the_one_in_ids(run: Run, tmp_path: Path) -> None:
    questionnaire = load_questionnaire("digitalcheck-kommune")
    source = (EXAMPLES / "stadt-mustertal.yaml").read_text(encoding="utf-8")
    lines = []
    for line in source.splitlines():
        key, _, value = line.strip().partition(": ")
        question = questionnaire.question_index.get(key.rstrip(":"))
        option = question.option(value.strip('"')) if question and value else None
        top = line.startswith("  ") and not line.startswith("    ")
        label = json.dumps(option.label["de"], ensure_ascii=False) if option and top else ""
        lines.append(f"  {key}: {label}" if label else line)
    labelled = tmp_path / "labels.yaml"
    labelled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert labelled.read_text(encoding="utf-8") != source
    by_label = json.loads(run("report", labelled, "-f", "json", "-o", "-").stdout)
    by_id = json.loads(
        run("report", EXAMPLES / "stadt-mustertal.yaml", "-f", "json", "-o", "-").stdout
    )
    assert by_label == by_id


def test_an_unknown_option_lists_the_labels_and_the_one_probably_meant(
    run: Run, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: digitalcheck-kommune\nanswers:\n  strategie-budget: Projektmittel\n"
        "weigth: 1\n",
        encoding="utf-8",
    )
    result = run("validate", answers, "-l", "de")
    assert result.exit_code == 1
    assert "'projekte' (Mittel nur für einzelne Projekte)" in result.stderr
    assert "meinten Sie 'projekte' (Mittel nur für einzelne Projekte)?" in result.stderr
