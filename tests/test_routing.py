"""Profile and routing (§4.1) and next steps from the answer (§4.5): hand-computed cases on a small
routed questionnaire, then properties: a question that does not apply never changes any score, and
answering it changes nothing but a warning."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.load.catalogue import load_questionnaire
from maturity.model import Answer, AnswerSet, Municipality, Questionnaire
from maturity.routing import facts_of, holds, routed
from maturity.scoring.single import score_answers

from .conftest import DATA, Run
from .strategies import answer_sets, value_for

ROUTED = DATA / "routed-questionnaire.yaml"


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(ROUTED)


def answers_file(folder: Path, profile: str, population: int, answers: str) -> Path:
    path = folder / "answers.yaml"
    path.write_text(
        "questionnaire: routed\n"
        f"municipality: {{name: Testort, population: {population}}}\n"
        f"profile: {profile}\n"
        f"answers:\n{answers}",
        encoding="utf-8",
    )
    return path


AMT_ANSWERS = """\
  a-plan: "1"
  a-zulassung: "yes"
  a-services: [melde, bau]
  b-rechenzentrum: "no"
  b-schulungen: 1
  b-gross: "no"
"""


def result_json(run: Run, path: Path) -> dict[str, object]:
    result = run("report", str(path), "-q", str(ROUTED), "-f", "json", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_a_gemeinde_in_an_amt_is_not_asked_what_the_kreis_does(run: Run, tmp_path: Path) -> None:
    path = answers_file(
        tmp_path, "{traeger: amtsgemeinde, eigene-it: nein, beschaeftigte: 12}", 3000, AMT_ANSWERS
    )
    document = result_json(run, path)
    questions = {q["id"]: q for q in document["questions"]}  # type: ignore[attr-defined]
    # routed out whatever the answer: vehicle registration (Kreis), own data centre (no own IT),
    # a digital team (fewer than 20,000 inhabitants)
    for qid in ("a-zulassung", "b-rechenzentrum", "b-gross"):
        assert questions[qid]["state"] == "na"
        assert questions[qid]["score"] is None
    # options for the Kreis leave the multi question: max_points min(3, 1) = 1, "melde" alone is full
    assert questions["a-services"]["score"] == 1.0
    # alpha: (0.5 + 1) / 2 = 75; beta: band "0 to 2" scores 0
    areas = {a["id"]: a for a in document["areas"]}  # type: ignore[attr-defined]
    assert areas["alpha"]["score"] == pytest.approx(75.0)
    assert areas["beta"]["score"] == pytest.approx(0.0)
    assert document["overall"]["score"] == pytest.approx(37.5)  # type: ignore[index]
    assert document["profile"] == {
        "traeger": "amtsgemeinde",
        "eigene-it": "no",
        "beschaeftigte": 12.0,
    }
    # the next step of the answer given: "in Arbeit" -> finish the plan; one training -> a first one
    texts = {r["question"]: r["text"] for r in document["recommendations"]}  # type: ignore[attr-defined]
    assert texts == {
        "a-plan": "Den Plan fertigstellen.",
        "b-schulungen": "Eine erste Schulung anbieten.",
    }


def test_answers_to_questions_that_do_not_apply_are_warnings(run: Run, tmp_path: Path) -> None:
    path = answers_file(tmp_path, "{traeger: amtsgemeinde, eigene-it: nein}", 3000, AMT_ANSWERS)
    result = run("validate", str(path), "-q", str(ROUTED), "--lang", "de")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "Warnung" in line]
    assert len(warnings) == 4
    assert "answers.a-zulassung: die Frage 'a-zulassung' gilt laut Profil nicht" in warnings[0]
    assert "die Option(en) bau gelten laut Profil nicht" in warnings[1]
    assert warnings[0].startswith(f"{path}:6:16:")


def test_a_kreisfreie_stadt_is_asked_everything(run: Run, tmp_path: Path) -> None:
    answers = """\
  a-plan: "2"
  a-zulassung: "no"
  a-services: [melde, kfz]
  b-rechenzentrum: "yes"
  b-schulungen: 3
  b-gross: "yes"
  b-landesrecht: ja
"""
    path = answers_file(
        tmp_path, "{traeger: stadt, eigene-it: ja, beschaeftigte: 900}", 48500, answers
    )
    document = result_json(run, path)
    questions = {q["id"]: q for q in document["questions"]}  # type: ignore[attr-defined]
    assert all(q["state"] == "scored" for q in questions.values())
    assert questions["a-services"]["score"] == 1.0  # 1 + 2 points of max 3
    # a plan in place has no next of its own: the question's recommendation stays the fallback, and
    # it has no gain; three trainings sit in the band without a next
    texts = {r["question"]: r["text"] for r in document["recommendations"]}  # type: ignore[attr-defined]
    assert texts == {
        "a-zulassung": "Die Zulassung online anbieten.",
        "b-schulungen": "Mehr schulen.",
    }


def test_without_a_profile_every_question_is_asked(questionnaire: Questionnaire) -> None:
    answers = AnswerSet("routed", {"a-zulassung": Answer(True), "a-services": Answer(("bau",))})
    result = score_answers(questionnaire, answers)
    assert result.question_index["a-zulassung"].state == "scored"
    assert result.question_index["a-services"].score == pytest.approx(1 / 3)


def test_conditions_on_numbers_hold_from_min_up_to_below_max(questionnaire: Questionnaire) -> None:
    team = questionnaire.question_index["b-gross"]
    assert holds(team.applies_if, {"beschaeftigte": 100, "population": 20000})
    assert not holds(team.applies_if, {"beschaeftigte": 99.5, "population": 20000})
    assert not holds(team.applies_if, {"beschaeftigte": 100, "population": 19999})
    assert holds(team.applies_if, {})  # nothing known: asked


def test_an_option_routed_multi_question_without_points_left_is_na(
    questionnaire: Questionnaire,
) -> None:
    services = questionnaire.question_index["a-services"]
    only_kreis = replace(
        services,
        options=tuple(o for o in services.options if o.applies_if or o.exclusive),
    )
    assert routed(only_kreis, {"traeger": "amtsgemeinde"}) is None
    assert routed(only_kreis, {"traeger": "landkreis"}) is only_kreis


@st.composite
def routed_cases(draw: st.DrawFn, questionnaire: Questionnaire) -> tuple[AnswerSet, AnswerSet]:
    """An answer set, and the same with other answers (or none) to every question and option that
    does not apply to it."""
    answers = draw(answer_sets(questionnaire))
    facts = facts_of(answers.profile, answers.municipality)
    changed = dict(answers.answers)
    for question in questionnaire.scored_questions:
        asked = routed(question, facts)
        if asked is None:
            other = draw(st.none() | value_for(question).map(Answer))
            if other is None:
                changed.pop(question.id, None)
            else:
                changed[question.id] = other
        elif asked is not question and question.id in changed:
            value = changed[question.id].value
            if isinstance(value, tuple) and not any(
                o.exclusive for o in question.options if o.id in value
            ):
                kept = {o.id for o in asked.options}
                extra = [o.id for o in question.options if o.id not in kept]
                changed[question.id] = Answer(
                    tuple(dict.fromkeys([*value, *draw(st.lists(st.sampled_from(extra)))]))
                )
    return answers, replace(answers, answers=changed)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_what_does_not_apply_never_changes_a_score(data: st.DataObject) -> None:
    questionnaire = load_questionnaire(ROUTED)
    answers, changed = data.draw(routed_cases(questionnaire))
    one, other = score_answers(questionnaire, answers), score_answers(questionnaire, changed)
    assert one.overall == other.overall
    assert one.areas == other.areas
    assert one.questions == other.questions
    assert one.recommendations == other.recommendations


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_routed_out_question_is_na_and_has_no_gain(data: st.DataObject) -> None:
    questionnaire = load_questionnaire(ROUTED)
    answers = data.draw(answer_sets(questionnaire))
    result = score_answers(questionnaire, answers)
    for question in questionnaire.scored_questions:
        if routed(question, facts_of(answers.profile, answers.municipality)) is None:
            assert result.question_index[question.id].state == "na"
            assert result.question_index[question.id].gain is None
            assert all(r.question != question.id for r in result.recommendations)


def test_population_comes_from_the_municipality(questionnaire: Questionnaire) -> None:
    team = questionnaire.question_index["b-gross"]
    answers = AnswerSet(
        "routed",
        {"b-gross": Answer(True)},
        municipality=Municipality(population=5000),
        profile={"beschaeftigte": 500.0},
    )
    assert score_answers(questionnaire, answers).question_index[team.id].state == "na"


def test_the_schemas_take_profile_routing_and_next_steps(run: Run, tmp_path: Path) -> None:
    import jsonschema
    import yaml

    schema = json.loads(run("schema", "questionnaire").stdout)
    # as an editor sees the file: dates are texts in JSON
    data = json.loads(json.dumps(yaml.safe_load(ROUTED.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)
    data["areas"][0]["questions"][1]["applies_if"] = ["traeger"]  # a list, not a mapping
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    answers_schema = json.loads(run("schema", "answers").stdout)
    answers = answers_file(tmp_path, "{traeger: stadt, eigene-it: ja}", 48500, AMT_ANSWERS)
    jsonschema.validate(yaml.safe_load(answers.read_text(encoding="utf-8")), answers_schema)


def test_an_xlsx_answer_to_a_question_that_does_not_apply_is_a_warning_at_its_cell(
    run: Run, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    template = tmp_path / "vorlage.xlsx"
    assert run("template", "-q", ROUTED, "-f", "xlsx", "-o", template, "-l", "de").exit_code == 0
    workbook = load_workbook(template)
    for row in workbook["Kommune"].iter_rows(min_row=2):
        if row[2].value == "profile:traeger":
            row[1].value = "Gemeinde in einem Amt"
    answers = workbook["Antworten"]
    row_number = next(r[0].row for r in answers.iter_rows(min_row=2) if r[0].value == "a-zulassung")
    answers.cell(row_number, 5, "ja")
    workbook.save(template)
    result = run("validate", template, "-q", ROUTED, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    assert (
        f"{template}:{row_number}:5: Warnung: Antworten!E{row_number}: die Frage 'a-zulassung' "
        "gilt laut Profil nicht für diese Kommune"
    ) in result.stderr
    scored = json.loads(run("score", template, "-q", ROUTED, "--json").stdout)
    assert {q["id"]: q["state"] for q in scored["questions"]}["a-zulassung"] == "na"


def test_the_report_names_the_profile_it_was_routed_by(run: Run, tmp_path: Path) -> None:
    from .htmlcheck import parse

    path = answers_file(
        tmp_path, "{traeger: amtsgemeinde, eigene-it: nein, beschaeftigte: 12}", 3000, AMT_ANSWERS
    )
    out = tmp_path / "r.html"
    assert run("report", path, "-q", ROUTED, "-o", out, "-l", "de").exit_code == 0
    html = out.read_text(encoding="utf-8")
    items = [li.text for li in parse(html[html.index('<ul class="profile-facts">') :]).find("li")]
    assert items[:3] == [
        "Art der Körperschaft Gemeinde in einem Amt",
        "Betreibt die Verwaltung eigene IT? nein",
        "Beschäftigte der Verwaltung 12",
    ]
