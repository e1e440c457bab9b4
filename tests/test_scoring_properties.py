"""Invariants of the scoring rules (docs/scoring.md), checked on random answers and weights."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maturity.load.catalogue import load_questionnaire
from maturity.model import Answer, AnswerSet, Questionnaire, Result
from maturity.routing import facts_of, routed
from maturity.scoring.single import question_score, score_answers

from .conftest import MINI
from .strategies import answer_sets, regated, reweighted, value_for

pytestmark = pytest.mark.slow

QUESTIONNAIRES = [load_questionnaire(MINI), load_questionnaire("schnellcheck-kommune")]
TOLERANCE = 1e-9


def scores(result: Result) -> list[float | None]:
    return [result.overall.score, *[a.score for a in result.areas]]


def same(left: list[float | None], right: list[float | None]) -> bool:
    """Equal up to floating-point noise; None only where the other is None."""
    return len(left) == len(right) and all(
        (a is None and b is None)
        or (a is not None and b is not None and a == pytest.approx(b, rel=1e-9, abs=TOLERANCE))
        for a, b in zip(left, right, strict=True)
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Questionnaire, AnswerSet]:
    questionnaire = draw(reweighted(draw(st.sampled_from(QUESTIONNAIRES))))
    return questionnaire, draw(answer_sets(questionnaire))


@settings(max_examples=300, deadline=None)
@given(cases())
def test_every_score_lies_in_0_to_100(case: tuple[Questionnaire, AnswerSet]) -> None:
    questionnaire, answers = case
    result = score_answers(questionnaire, answers)
    for score in scores(result):
        assert score is None or -TOLERANCE <= score <= 100 + TOLERANCE
    for question in result.questions:
        assert question.score is None or 0 <= question.score <= 1
    for area in result.areas:
        assert (area.coverage is None) == (area.status == "not_applicable")
        assert area.coverage is None or 0 <= area.coverage <= 1 + TOLERANCE
        if area.level is not None:
            assert questionnaire.level(area.level) is not None


@settings(max_examples=300, deadline=None)
@given(cases(), st.data())
def test_raising_one_answer_never_lowers_its_area_or_the_overall(
    case: tuple[Questionnaire, AnswerSet], data: st.DataObject
) -> None:
    questionnaire, answers = case
    answered = [
        q
        for q in questionnaire.questions
        if q.id in answers.answers and answers.answers[q.id].kind != "na"
    ]
    if not answered:
        return
    question = data.draw(st.sampled_from(answered))
    before_score = question_score(question, answers.answers[question.id]).score or 0.0
    new_answer = Answer(data.draw(value_for(question)))  # type: ignore[arg-type]
    if (question_score(question, new_answer).score or 0.0) < before_score:
        return  # only raises are checked
    raised = replace(answers, answers={**answers.answers, question.id: new_answer})
    before, after = score_answers(questionnaire, answers), score_answers(questionnaire, raised)
    area_before = before.area_index[question.area].score
    area_after = after.area_index[question.area].score
    if area_before is not None:
        assert area_after is not None
        assert area_after >= area_before - TOLERANCE
    if before.overall.score is not None:
        assert after.overall.score is not None
        assert after.overall.score >= before.overall.score - TOLERANCE


@settings(max_examples=200, deadline=None)
@given(cases(), st.data())
def test_na_on_a_question_equals_removing_it(
    case: tuple[Questionnaire, AnswerSet], data: st.DataObject
) -> None:
    questionnaire, answers = case
    candidates = [q for q in questionnaire.questions if q.allow_na]
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    with_na = replace(answers, answers={**answers.answers, question.id: Answer(None, "na")})
    without = replace(
        questionnaire,
        areas=tuple(
            replace(area, questions=tuple(q for q in area.questions if q.id != question.id))
            for area in questionnaire.areas
        ),
    )
    removed = replace(
        answers, answers={k: v for k, v in answers.answers.items() if k != question.id}
    )
    a, b = score_answers(questionnaire, with_na), score_answers(without, removed)
    assert same(scores(a), scores(b))
    assert [x.status for x in a.areas] == [x.status for x in b.areas]
    assert [x.level for x in a.areas] == [x.level for x in b.areas]


@settings(max_examples=200, deadline=None)
@given(cases(), st.floats(min_value=0.01, max_value=100))
def test_weights_are_scale_invariant(case: tuple[Questionnaire, AnswerSet], factor: float) -> None:
    questionnaire, answers = case
    scaled = replace(
        questionnaire,
        areas=tuple(
            replace(
                a,
                weight=a.weight * factor,
                questions=tuple(replace(q, weight=q.weight * factor) for q in a.questions),
            )
            for a in questionnaire.areas
        ),
    )
    a, b = score_answers(questionnaire, answers), score_answers(scaled, answers)
    # scaling by a float may move a coverage exactly at min_coverage to just below it
    coverages = [a.overall.coverage, *(area.coverage for area in a.areas)]
    assume(all(c is None or abs(c - questionnaire.min_coverage) > 1e-9 for c in coverages))
    assert same(scores(a), scores(b))
    assert same([q.gain for q in a.questions], [q.gain for q in b.questions])


@settings(max_examples=300, deadline=None)
@given(cases())
def test_gains_add_up_to_at_most_100_minus_overall(case: tuple[Questionnaire, AnswerSet]) -> None:
    questionnaire, answers = case
    result = score_answers(questionnaire, answers)
    gains = [q.gain for q in result.questions if q.gain is not None]
    assert all(g >= 0 for g in gains)
    if result.overall.score is not None:
        assert sum(gains) <= 100 - result.overall.score + 1e-6
    ordered = [r.gain for r in result.recommendations]
    assert ordered == sorted(ordered, reverse=True)


@st.composite
def gated_cases(draw: st.DrawFn) -> tuple[Questionnaire, AnswerSet]:
    """Random gates (several per area, some overall), ``min_questions`` and weights."""
    questionnaire = draw(regated(draw(reweighted(draw(st.sampled_from(QUESTIONNAIRES))))))
    return questionnaire, draw(answer_sets(questionnaire))


def _capping(result: Result) -> set[str]:
    return {q for area in result.areas for q in area.capped_by} | set(result.overall.capped_by)


@settings(max_examples=300, deadline=None)
@given(gated_cases())
def test_a_gate_that_does_not_apply_never_caps(case: tuple[Questionnaire, AnswerSet]) -> None:
    """Routed out by the profile or answered "nicht zutreffend": no cap (§4.4)."""
    questionnaire, answers = case
    result = score_answers(questionnaire, answers)
    not_applying = {q.id for q in result.questions if q.state == "na"}
    assert not (_capping(result) & not_applying)


@settings(max_examples=300, deadline=None)
@given(gated_cases(), st.data())
def test_a_gate_answered_at_its_bar_never_caps_and_left_blank_it_does(
    case: tuple[Questionnaire, AnswerSet], data: st.DataObject
) -> None:
    """Answering a gate question at or above its bar never holds a level back through that gate;
    left blank (or "weiß nicht"), it caps wherever the score would reach above its level. The bar
    is that of the question as it is put to this municipality: options routed out count nothing."""
    questionnaire, answers = case
    gates = [q for q in questionnaire.scored_questions if q.gate is not None]
    assume(gates)
    question = data.draw(st.sampled_from(gates))
    assert question.gate is not None
    put = routed(question, facts_of(answers.profile, answers.municipality))
    if put is None:
        return  # routed out: the test above
    values = [data.draw(value_for(question)) for _ in range(8)]
    best = max(values, key=lambda v: question_score(put, Answer(v)).score or 0.0)  # type: ignore[arg-type]
    assume((question_score(put, Answer(best)).score or 0.0) >= question.gate.min_score)  # type: ignore[arg-type]
    met = replace(answers, answers={**answers.answers, question.id: Answer(best)})  # type: ignore[arg-type]
    blank_answers = {k: v for k, v in answers.answers.items() if k != question.id}
    blank = replace(answers, answers=blank_answers)
    unknown = replace(answers, answers={**blank_answers, question.id: Answer(None, "unknown")})
    result = score_answers(questionnaire, met)
    if result.question_index[question.id].state == "na":
        return  # routed out: the test above
    assert question.id not in _capping(result)
    for missing in (score_answers(questionnaire, blank), score_answers(questionnaire, unknown)):
        area = missing.area_index[question.area]
        if area.level is not None and area.score is not None:
            by_score = questionnaire.level_for(area.score)
            if by_score > question.gate.max_level:
                assert question.id in area.capped_by
                assert area.level <= question.gate.max_level
