"""batch says what it does: questions without a column and columns it did not use (with what they
probably meant) before any score is written, too little mapped to give a result, ``--plan`` with a
mapping draft that works, AGS that lost their leading zero in Excel, population as numbers, and the
"weiß nicht" answers of merged respondents."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from maturity.load.catalogue import load_questionnaire

from .conftest import EXAMPLES, MINI, Run
from .htmlcheck import parse

BATCH_EXAMPLE = EXAMPLES / "batch-export.csv"


def edited_export(target: Path, *, rename: dict[str, str], extra: str = "", keep: int = 0) -> Path:
    """The example export with columns renamed, one extra column, or only the first ``keep``
    columns."""
    with BATCH_EXAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if keep:
        rows = [row[:keep] for row in rows]
    rows[0] = [rename.get(name, name) for name in rows[0]]
    if extra:
        rows[0].append(extra)
        for row in rows[1:]:
            row.append("x")
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def test_a_misspelled_and_an_extra_column_are_named_before_any_output(
    run: Run, tmp_path: Path
) -> None:
    export = edited_export(
        tmp_path / "export.csv",
        rename={"strategie-beschluss": "strategie-beschlus"},
        extra="bemerkung-intern",
    )
    result = run("batch", export, "-o", tmp_path / "out", "--reports", "none", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    missing = (
        "Warnung: 1 von 103 Fragen ohne Spalte (bleiben unbeantwortet): strategie-beschluss "
        "(meinten Sie 'strategie-beschlus'?)"
    )
    unused = (
        "Warnung: 2 Spalten nicht verwendet: 'strategie-beschlus' (meinten Sie "
        "strategie-beschluss?), 'bemerkung-intern'"
    )
    assert missing in lines
    assert unused in lines
    first_output = next(i for i, line in enumerate(lines) if "summary.csv" in line)
    assert lines.index(missing) < first_output
    assert lines.index(unused) < first_output


def test_too_few_mapped_questions_say_that_no_result_can_come(run: Run, tmp_path: Path) -> None:
    export = edited_export(tmp_path / "export.csv", rename={}, keep=9)  # 5 of 103 questions
    result = run("batch", export, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0, result.stderr
    assert (
        "warning: these columns cannot give an overall result: only 14 % of the areas' weight can "
        "be answered enough, 50 % is needed (11 of 12 areas have too few mapped questions)"
    ) in result.stderr
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    assert summary["overall_score"].isna().all()


def test_a_complete_mapping_gives_no_warning(run: Run, tmp_path: Path) -> None:
    result = run("batch", BATCH_EXAMPLE, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0
    assert "warning" not in result.stderr


@pytest.mark.slow
def test_plan_shows_how_each_question_is_read_and_drafts_a_mapping_that_works(
    run: Run, tmp_path: Path
) -> None:
    export = edited_export(
        tmp_path / "export.csv",
        rename={"strategie-beschluss": "Frage 1", "strategie-ziele": "Strategie: Ziele"},
    )
    out = tmp_path / "out"
    planned = run("batch", export, "-o", out, "--plan")
    assert planned.exit_code == 0, planned.stderr
    plan = planned.stdout.splitlines()
    assert plan[0] == "digitalcheck-kommune 2.1: 101 of 103 questions mapped"
    assert (
        "  strategie-budget: column 'strategie-budget'"  # no LimeSurvey codes for id headings
        in plan
    )
    assert "  strategie-beschluss: no column" in plan
    assert "  strategie-ziele: no column (did you mean 'Strategie: Ziele'?)" in plan
    assert sorted(p.name for p in out.iterdir()) == ["mapping.yaml"]  # nothing scored
    draft = (out / "mapping.yaml").read_text(encoding="utf-8")
    assert '  # strategie-beschluss: ""  # Does the municipality have a digital' in draft
    assert (
        '  strategie-ziele: "Strategie: Ziele"  # GUESS: Does the strategy set measurable' in draft
    )
    assert '    "mehrj": mehrjaehrig' in draft
    validated = run("validate", out / "mapping.yaml")
    assert validated.exit_code == 0, validated.stderr
    # the analyst fills in the one column the plan could not find
    completed = draft.replace('  # strategie-beschluss: ""', '  strategie-beschluss: "Frage 1"')
    (out / "mapping.yaml").write_text(completed, encoding="utf-8")
    scored = run("batch", export, "-m", out / "mapping.yaml", "-o", out, "--reports", "none")
    assert scored.exit_code == 0, scored.stderr
    assert "103 questions mapped" in scored.stderr
    assert "warning" not in scored.stderr
    plain = tmp_path / "plain"
    run("batch", BATCH_EXAMPLE, "-o", plain, "--reports", "none")
    assert (out / "summary.csv").read_text() == (plain / "summary.csv").read_text()
    again = run("batch", export, "-o", out, "--plan")
    assert again.exit_code == 1
    assert "the file exists already and may have been edited" in again.stderr


def test_plan_works_when_nothing_is_recognised(run: Run, tmp_path: Path) -> None:
    unknown = tmp_path / "forms.csv"
    unknown.write_text("Zeitstempel,Frage eins,Frage zwei\n2026-01-01,ja,nein\n", encoding="utf-8")
    result = run("batch", unknown, "-q", MINI, "-o", tmp_path / "u", "--plan")
    assert result.exit_code == 0, result.stderr
    assert "mini 2.0: 0 of 6 questions mapped" in result.stdout
    assert run("validate", tmp_path / "u" / "mapping.yaml", "-q", MINI).exit_code == 0


@pytest.mark.slow
def test_a_seven_digit_ags_gets_its_zero_back_and_its_land(run: Run, tmp_path: Path) -> None:
    frame = pd.read_csv(BATCH_EXAMPLE, dtype=str, keep_default_na=False)
    frame["ags"] = frame["ags"].str.lstrip("0")  # what Excel does to 09000001
    export = tmp_path / "export.csv"
    frame.to_csv(export, index=False)
    out = tmp_path / "out"
    result = run("batch", export, "-o", out, "--reports", "md")
    assert result.exit_code == 0, result.stderr
    assert (
        "warning: 40 AGS of 7 digits padded with the leading 0 a spreadsheet dropped "
        "(e.g. 9000000 -> 09000000)"
    ) in result.stderr
    summary = pd.read_csv(out / "summary.csv", dtype=str)
    assert summary["id"].str.fullmatch(r"09\d{6}").all()
    assert set(summary["state"]) == {"BY"}
    assert (summary["kreis"] == summary["id"].str[:5]).all()
    first = json.loads((out / "results.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["municipality"]["ags"] == "09000000"
    report = (out / "reports" / "gemeinde-muster-00001-09000000.md").read_text(encoding="utf-8")
    assert "09000000" in report
    assert "Bayern" in report


@pytest.mark.parametrize(
    ("ids", "padded"),
    [
        (["1001000", "1002000"], False),  # no 8-digit id and a heading that is not "ags"
        (["1001000", "12345678"], True),
        (["1001000", "ABC"], False),
    ],
)
def test_only_a_column_of_ags_is_padded(ids: list[str], padded: bool) -> None:
    from maturity.batch.entities import padded_ags

    texts, short = padded_ags(ids, "kommune_id")
    assert (texts[0] == "01001000") is padded
    assert bool(short) is padded
    assert padded_ags(["1001000"], "AGS")[0] == ["01001000"]


def test_population_is_a_number_in_the_summaries(run: Run, tmp_path: Path) -> None:
    frame = pd.read_csv(BATCH_EXAMPLE, dtype=str, keep_default_na=False)
    frame["population"] = frame["population"].map(lambda p: f"{int(p):,}".replace(",", "."))
    export = tmp_path / "export.csv"
    frame.to_csv(export, index=False)
    out = tmp_path / "out"
    assert run("batch", export, "-o", out, "--reports", "none").exit_code == 0
    sheet = load_workbook(out / "summary.xlsx", read_only=True)["summary"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    first = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    population = first[header.index("population")]
    assert isinstance(population, int)
    assert population == int(frame["population"][0].replace(".", ""))


@pytest.mark.slow
def test_merged_dont_know_answers_are_counted_and_shown(run: Run, tmp_path: Path) -> None:
    frame = pd.read_csv(BATCH_EXAMPLE, dtype=str, keep_default_na=False)
    out = tmp_path / "out"
    assert run("batch", BATCH_EXAMPLE, "-o", out, "--lang", "de").exit_code == 0
    questionnaire = load_questionnaire("digitalcheck-kommune")
    overview = (out / "index.html").read_text(encoding="utf-8")
    section = re.search(r'<section id="weakest">.*?</section>', overview, re.S)
    assert section
    items = parse(section.group()).find("li")
    assert len(items) >= 5
    # every weak question shows how many respondents did not know: the export's "unknown" cells
    counted = 0
    for item in items:
        question = next(q for q in questionnaire.scored_questions if q.text["de"] in item.text)
        if question.applies_if:  # municipalities it does not apply to drop their answers
            continue
        counted += 1
        cells = frame[question.id] == "unknown"
        municipalities = frame["ags"][cells].nunique()
        assert f"weiß nicht: {cells.sum()} Antwortende in {municipalities} Kommunen" in item.text
    assert counted >= 2
    first = frame["ags"] == frame["ags"][0]
    counts = (frame[first] == "unknown").sum()
    question = counts[counts > 0].index[0]
    respondents = int(first.sum())
    name = frame["municipality"][0]
    report = next(p for p in (out / "reports").glob("*.html") if name in p.read_text("utf-8"))
    unknown = parse(report.read_text(encoding="utf-8")).find("section", id="unknown")[0].text
    assert "Eine Frage zählt nur dann mit 0 Punkten, wenn niemand die Antwort wusste" in unknown
    verb = "wusste" if counts[question] == 1 else "wussten"
    assert f"{counts[question]} von {respondents} Antwortenden {verb} es nicht" in unknown


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_heading_written_into_the_draft_reads_back_the_same(heading: str) -> None:
    """A mapping draft quotes export headings; whatever a heading holds (quotes, '#', line breaks,
    DEL, C1 controls, undecodable bytes kept as surrogates), it must load as the same text."""
    from maturity.load.yamlio import load_yaml_text
    from maturity.survey.read.planning import _quoted

    doc = load_yaml_text(f"column: {_quoted(heading)}\n", "draft.yaml")
    assert doc.problems == []
    assert doc.data["column"] == heading


def test_a_guessed_heading_with_control_characters_maps_through_the_draft(
    run: Run, tmp_path: Path
) -> None:
    odd = 'strategie-beschluss\x7f "#1"'
    export = edited_export(tmp_path / "export.csv", rename={"strategie-beschluss": odd})
    out = tmp_path / "out"
    assert run("batch", export, "-o", out, "--plan").exit_code == 0
    scored = run("batch", export, "-m", out / "mapping.yaml", "-o", out, "--reports", "none")
    assert scored.exit_code == 0, scored.stderr
    assert "103 questions mapped" in scored.stderr


def test_plan_of_a_limesurvey_export_names_its_answer_codes(
    run: Run, tmp_path: Path, shared_exports: Path
) -> None:
    export = shared_exports / "limesurvey642_digitalcheck20_de_code.csv"
    planned = run("batch", export, "-o", tmp_path / "out", "--plan")
    assert planned.exit_code == 0, planned.stderr
    assert (
        "  strategie-budget: column 'strategieBudget', codes: proje->projekte, mehrj->mehrjaehrig"
    ) in planned.stdout.splitlines()


def test_plan_suggests_for_headings_with_underscores_and_parentheses(
    run: Run, tmp_path: Path
) -> None:
    export = tmp_path / "umfrage.csv"
    export.write_text(
        "ags,Name,strategie_bericht (Bericht an den Rat),verwaltung_leistungen\n"
        "01001000,A,ja,kita\n",
        encoding="utf-8",
    )
    planned = run("batch", export, "-q", "digitalcheck-kommune", "-o", tmp_path / "o", "--plan")
    assert planned.exit_code == 0, planned.stderr
    lines = planned.stdout.splitlines()
    assert (
        "  strategie-bericht: no column (did you mean 'strategie_bericht (Bericht an den Rat)'?)"
    ) in lines
    assert "  verwaltung-leistungen: no column (did you mean 'verwaltung_leistungen'?)" in lines
    # one column is offered for one question only
    per_question = [line for line in lines if line.startswith("  ")]
    assert sum("did you mean 'verwaltung_leistungen'" in line for line in per_question) == 1
