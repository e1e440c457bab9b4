"""The bundled questionnaires and examples: complete, consistent and plausible."""

from __future__ import annotations

import re

import pytest
import yaml

from maturity.load.answers import load_answers
from maturity.load.questionnaire import bundled_paths, load_questionnaire, parse_questionnaire
from maturity.load.yamlio import load_yaml
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
    assert 60 <= len(scored) <= 80
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
    assert questionnaire.question_index[
        "gesundheit-amt"
    ].allow_na  # districts and county-free cities only
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
    assert rural[1] >= 5
    assert rural[2] >= 5
    assert city[1] == 0
