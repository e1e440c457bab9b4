"""The bundled questionnaires and examples: complete, consistent and plausible."""

from __future__ import annotations

import re

import pytest
import yaml

from maturity.load.answers import load_answers
from maturity.load.questionnaire import bundled_paths, load_questionnaire, parse_questionnaire
from maturity.load.yamlio import load_yaml
from maturity.routing import facts_of, routed
from maturity.scoring.single import score_answers

from .conftest import EXAMPLES

BUNDLED = sorted(bundled_paths())


def test_both_questionnaires_are_bundled() -> None:
    assert BUNDLED == ["digitalcheck-kommune", "schnellcheck-kommune"]


@pytest.mark.parametrize("qid", BUNDLED)
def test_validates_without_errors_or_warnings(qid: str) -> None:
    questionnaire, problems = parse_questionnaire(load_yaml(bundled_paths()[qid]))
    assert questionnaire is not None
    assert problems == []


@pytest.mark.parametrize("qid", BUNDLED)
def test_every_scored_question_is_complete_in_both_languages(qid: str) -> None:
    questionnaire = load_questionnaire(qid)
    raw = yaml.safe_load(bundled_paths()[qid].read_text(encoding="utf-8"))
    raw_questions = {q["id"]: q for area in raw["areas"] for q in area["questions"]}
    for question in questionnaire.questions:
        assert set(question.text) == {"de", "en"}
        if not question.scored:
            continue
        for field in ("help", "recommendation"):
            text = getattr(question, field)
            assert text is not None, f"{question.id} has no {field}"
            assert text["de"] != text["en"], f"{question.id}: {field} is not translated"
            assert len(text["de"]) >= 20, f"{question.id}: {field} is too short to help"
        assert "effort" in raw_questions[question.id], f"{question.id} names no effort"
        assert question.refs, f"{question.id} names no reference"
        assert question.text["de"].endswith("?"), f"{question.id} is not phrased as a question"


@pytest.mark.parametrize("qid", BUNDLED)
def test_references_are_used_and_exist(qid: str) -> None:
    questionnaire = load_questionnaire(qid)
    used = {r for q in questionnaire.questions for r in q.refs} | {
        r for a in questionnaire.areas for r in a.refs
    }
    assert used == set(questionnaire.references)
    for ref in questionnaire.references.values():
        assert ref.source
        assert not ref.url or ref.url.startswith("https://")


def test_the_nine_point_plan_is_never_cited_by_point_number() -> None:
    """Its list of points has not been found: it is cited by its documented demands, never by number."""
    for qid in BUNDLED:
        questionnaire = load_questionnaire(qid)
        for ref in questionnaire.references.values():
            if "2018" in ref.source:
                assert not re.search(r"Punkt \d", ref.source + ref.title["de"]), ref.id


def test_digitalcheck_covers_the_twelve_action_areas() -> None:
    questionnaire = load_questionnaire("digitalcheck-kommune")
    assert [a.id for a in questionnaire.areas] == [
        "strategie",
        "verwaltung",
        "infrastruktur",
        "daten",
        "sicherheit",
        "personal",
        "mobilitaet",
        "energie",
        "gesundheit",
        "bildung",
        "wirtschaft",
        "teilhabe",
    ]
    scored = [q for q in questionnaire.questions if q.scored]
    assert 60 <= len(scored) <= 90
    assert [lv.name["de"] for lv in questionnaire.levels] == [
        "Einstieg",
        "Grundlagen",
        "Fortgeschritten",
        "Vernetzt",
        "Vorreiter",
    ]
    assert all(len(area.advice) == 5 for area in questionnaire.areas)
    gates = {q.id: q.gate for q in scored if q.gate}
    assert (
        gates["strategie-beschluss"].max_level == 2
    )  # no level above 2 without an adopted strategy
    assert gates["sicherheit-isb"].max_level == 2  # nor without an information security officer
    # no security level above 3 without a rehearsed emergency plan and a tested restore
    assert gates["sicherheit-notfallplan"].max_level == 3
    assert gates["sicherheit-wiederherstellung"].max_level == 3
    health_office = questionnaire.question_index["gesundheit-amt"]
    assert routed(health_office, {"traeger": "landkreis"}) is not None
    assert routed(health_office, {"traeger": "einheitsgemeinde"}) is None
    assert {q.type for q in scored} == {"choice", "multi", "yesno", "number", "percent"}


def test_schnellcheck_is_short() -> None:
    questionnaire = load_questionnaire("schnellcheck-kommune")
    assert 15 <= sum(q.scored for q in questionnaire.questions) <= 25
    assert len(questionnaire.areas) == 6


EXPECTED_LEVELS = {
    "gemeinde-kleinmusterdorf.yaml": 2,
    "stadt-mustertal-2025.yaml": 2,
    "stadt-mustertal.yaml": 3,
    "musterstadt.yaml": 5,
    "schnellcheck-musterhausen.yaml": 3,
}


@pytest.mark.parametrize(("example", "level"), EXPECTED_LEVELS.items())
def test_examples_score_to_plausible_levels(example: str, level: int) -> None:
    answers, questionnaire, warnings = load_answers(EXAMPLES / example)
    assert warnings == []
    result = score_answers(questionnaire, answers)
    assert result.overall.level == level
    assert result.overall.coverage == 1.0


def test_examples_differ_realistically() -> None:
    def score(name: str) -> tuple[float, int, int]:
        answers, questionnaire, _ = load_answers(EXAMPLES / name)
        result = score_answers(questionnaire, answers)
        states = [q.state for q in result.questions]
        return result.overall.score or 0.0, states.count("na"), states.count("unknown")

    rural, town_before, town, city = (
        score(n)
        for n in (
            "gemeinde-kleinmusterdorf.yaml",
            "stadt-mustertal-2025.yaml",
            "stadt-mustertal.yaml",
            "musterstadt.yaml",
        )
    )
    assert rural[0] < town[0] < city[0]
    assert town_before[0] < town[0]
    assert rural[1] >= 40  # a Gemeinde in an Amt: what the Amt or the Kreis does is not asked
    assert rural[2] >= 5
    assert city[1] <= 3  # a county-free city is asked nearly everything


PROFILES = {
    "Gemeinde in einem Amt": ({"traeger": "ortsgemeinde", "it-betrieb": "dienstleister"}, 3000),
    "kreisfreie Stadt": ({"traeger": "kreisfreie-stadt", "it-betrieb": "eigen"}, 300_000),
}


def test_a_gemeinde_in_an_amt_sees_clearly_fewer_questions_than_a_kreisfreie_stadt() -> None:
    questionnaire = load_questionnaire("digitalcheck-kommune")
    asked = {
        name: [
            q.id
            for q in questionnaire.scored_questions
            if routed(q, {**profile, "population": population})
        ]
        for name, (profile, population) in PROFILES.items()
    }
    small, city = asked["Gemeinde in einem Amt"], asked["kreisfreie Stadt"]
    assert len(small) <= len(city) / 2
    # the Kreis's tasks and the Amt's administration are not the Gemeinde's
    for kreis_or_amt in ("verwaltung-leistungen", "sicherheit-isb", "gesundheit-amt"):
        assert kreis_or_amt not in small
        assert kreis_or_amt in city or kreis_or_amt == "gesundheit-amt"
    services = questionnaire.question_index["verwaltung-leistungen"]
    town = routed(services, {"traeger": "einheitsgemeinde"})
    assert town is not None
    assert "kfz" not in {o.id for o in town.options}
    assert "bauantrag" not in {o.id for o in town.options}


def test_every_legal_duty_names_its_basis_and_date() -> None:
    questionnaire = load_questionnaire("digitalcheck-kommune")
    duties = [q for q in questionnaire.scored_questions if q.obligation]
    assert len(duties) >= 8
    for question in duties:
        assert question.obligation is not None
        assert re.search(r"\d{2}\.\d{2}\.\d{4}|Art\. \d+|§ \d+", question.obligation["de"]), (
            question.id
        )


@pytest.mark.parametrize("example", sorted(EXPECTED_LEVELS))
def test_recommendations_never_contradict_the_answer_given(example: str) -> None:
    """The advice for a question is the next step from the answer given: never the next step of
    another option (a city with a CDO is not told to name a responsible person), and never for a
    question that does not apply."""
    answers, questionnaire, _ = load_answers(EXAMPLES / example)
    result = score_answers(questionnaire, answers)
    for rec in result.recommendations:
        question = questionnaire.question_index[rec.question]
        assert routed(question, facts_of(answers.profile, answers.municipality)) is not None
        given = answers.answers[rec.question]
        text = question.advice_for(rec.step)
        other_steps = [o.next for o in question.options if o.next and o.id != given.value] + [
            b.next for i, b in enumerate(question.bands) if b.next and i != rec.step
        ]
        assert text not in other_steps, (example, rec.question)
        if given.kind == "value" and question.step_of(given.value) >= 0:
            own = question.steps[question.step_of(given.value)]
            if own:
                assert text == own, (example, rec.question)
