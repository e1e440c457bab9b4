"""The scoring rules (docs/scoring.md) for one municipality: pure functions, no I/O.

``score_answers`` runs the whole chain: question scores (§1 of the rules), area scores (§2), overall
(§3), levels and gates (§4), gains and recommendations (§5). ``score_states`` starts from question
states and scores, so that several respondents merged per §6 take exactly the same path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from maturity.model import (
    Answer,
    AnswerSet,
    Area,
    AreaResult,
    OverallResult,
    Question,
    Questionnaire,
    QuestionResult,
    QuestionState,
    Result,
)
from maturity.routing import routed
from maturity.scoring.advice import recommend


@dataclass(frozen=True)
class QuestionScore:
    state: QuestionState
    score: float | None = None


MISSING = QuestionScore("missing")


def value_score(question: Question, value: object) -> float:
    """The score in [0, 1] of a valid answer value (§4.1)."""
    if question.type == "choice":
        option = question.option(str(value))
        assert option is not None, f"{question.id}: unknown option {value!r}"
        return option.score
    if question.type == "multi":
        assert isinstance(value, tuple)
        points = sum(opt.points for opt in question.options if opt.id in value)
        return min(1.0, points / question.effective_max_points)
    if question.type == "yesno":
        return 1.0 if value else 0.0
    if question.type in ("number", "percent"):
        assert isinstance(value, float | int)
        return number_score(question, float(value))
    raise ValueError(f"question '{question.id}' of type {question.type} is not scored")


def number_score(question: Question, value: float) -> float:
    if question.bands:
        score = 0.0  # below the first band
        for band in question.bands:
            if band.start > value:
                break
            score = band.score
        return score
    assert question.linear is not None
    zero, full = question.linear.zero, question.linear.full
    return min(1.0, max(0.0, (value - zero) / (full - zero)))


def question_score(question: Question, answer: Answer | None) -> QuestionScore:
    if answer is None:
        return MISSING
    if answer.kind == "na":
        return QuestionScore("na")
    if answer.kind == "unknown":
        return QuestionScore("unknown", 0.0)
    if answer.value is None:
        return MISSING
    return QuestionScore("scored", value_score(question, answer.value))


def routed_score(
    question: Question, answer: Answer | None, answers: AnswerSet
) -> tuple[QuestionScore, int]:
    """§4.1 with routing: the state and score of a question for this municipality, and the step of the
    answer given (:meth:`~maturity.model.Question.step_of`; -1 for none). A question that does not
    apply is ``na`` whatever the answer; options that do not apply count nothing."""
    asked = routed(question, answers.profile, answers.municipality.population)
    if asked is None:
        return QuestionScore("na"), -1
    if answer is not None and asked is not question and isinstance(answer.value, tuple):
        answer = replace(answer, value=tuple(v for v in answer.value if asked.option(v)))
    step = question.step_of(answer.value) if answer is not None and answer.kind == "value" else -1
    return question_score(asked, answer), step


def score_answers(questionnaire: Questionnaire, answers: AnswerSet) -> Result:
    """Score one answer set against its questionnaire (docs/scoring.md)."""
    states: dict[str, QuestionScore] = {}
    steps: dict[str, int] = {}
    for q in questionnaire.scored_questions:
        states[q.id], steps[q.id] = routed_score(q, answers.answers.get(q.id), answers)
    return score_states(questionnaire, states, answers=answers, steps=steps)


def _area_result(
    questionnaire: Questionnaire, area: Area, states: Mapping[str, QuestionScore]
) -> AreaResult:
    applicable = [q for q in area.scored_questions if states.get(q.id, MISSING).state != "na"]
    if not applicable:
        return AreaResult(area.id, "not_applicable", None, None, 0.0)
    answered = [q for q in applicable if states.get(q.id, MISSING).state in ("scored", "unknown")]
    answered_weight = sum(q.weight for q in answered)
    coverage = answered_weight / sum(q.weight for q in applicable)
    if coverage < questionnaire.min_coverage or not answered:
        return AreaResult(area.id, "insufficient", None, None, coverage)
    score = 100.0 * sum(q.weight * (states[q.id].score or 0.0) for q in answered) / answered_weight
    level = questionnaire.level_for(score)
    capping = [
        q
        for q in answered
        if q.gate is not None
        and (states[q.id].score or 0.0) < q.gate.min_score
        and q.gate.max_level < level
    ]
    if capping:
        level = min(q.gate.max_level for q in capping if q.gate is not None)
    return AreaResult(area.id, "scored", score, level, coverage, tuple(q.id for q in capping))


def overall_result(questionnaire: Questionnaire, areas: Mapping[str, AreaResult]) -> OverallResult:
    """§4.3: weighted mean of the scored areas, null below the minimum coverage."""
    considered = [a for a in questionnaire.areas if areas[a.id].status != "not_applicable"]
    scored = [a for a in considered if areas[a.id].status == "scored"]
    total = sum(a.weight for a in considered)
    coverage = sum(a.weight for a in scored) / total if total else 0.0
    if coverage < questionnaire.min_coverage or not scored:
        return OverallResult(None, None, coverage)
    score = sum(a.weight * (areas[a.id].score or 0.0) for a in scored) / sum(
        a.weight for a in scored
    )
    return OverallResult(score, questionnaire.level_for(score), coverage)


def question_gains(
    questionnaire: Questionnaire,
    areas: Mapping[str, AreaResult],
    states: Mapping[str, QuestionScore],
) -> dict[str, float]:
    """§4.5: the points the overall score rises if one question alone reaches full score."""
    scored_areas = [a for a in questionnaire.areas if areas[a.id].status == "scored"]
    total_area_weight = sum(a.weight for a in scored_areas)
    gains: dict[str, float] = {}
    for area in scored_areas:
        answered = [
            q
            for q in area.scored_questions
            if states.get(q.id, MISSING).state in ("scored", "unknown")
        ]
        answered_weight = sum(q.weight for q in answered)
        for q in answered:
            s_q = states[q.id].score or 0.0
            gains[q.id] = (
                100.0
                * (area.weight / total_area_weight)
                * (q.weight / answered_weight)
                * (1.0 - s_q)
            )
    return gains


def score_states(
    questionnaire: Questionnaire,
    states: Mapping[str, QuestionScore],
    *,
    answers: AnswerSet | None = None,
    respondents: int = 1,
    spreads: Mapping[str, tuple[float, float]] | None = None,
    steps: Mapping[str, int] | None = None,
) -> Result:
    """§4.2–4.5 from question states and scores (one respondent, or several merged per §4.6);
    ``steps``: per question, the step of the (most common) answer, whose ``next`` is the advice."""
    areas = {a.id: _area_result(questionnaire, a, states) for a in questionnaire.areas}
    if spreads:
        areas = {
            aid: AreaResult(
                r.id, r.status, r.score, r.level, r.coverage, r.capped_by, spreads.get(aid)
            )
            for aid, r in areas.items()
        }
    overall = overall_result(questionnaire, areas)
    gains = question_gains(questionnaire, areas, states)
    questions = tuple(
        QuestionResult(
            q.id,
            q.area,
            states.get(q.id, MISSING).state,
            states.get(q.id, MISSING).score,
            gains.get(q.id),
            int(states.get(q.id, MISSING).state == "unknown"),
        )
        for q in questionnaire.scored_questions
    )
    area_results = tuple(areas[a.id] for a in questionnaire.areas)
    capping = {qid for area in area_results for qid in area.capped_by}
    return Result(
        questionnaire=questionnaire,
        overall=overall,
        areas=area_results,
        questions=questions,
        recommendations=recommend(
            questionnaire,
            [q.gain for q in questions],
            capping,
            [(steps or {}).get(q.id, -1) for q in questions],
        ),
        answers=answers,
        respondents=respondents,
    )
