"""The scoring rules (docs/scoring.md) for one municipality: pure functions, no I/O.

``score_answers`` runs the whole chain: question scores (§1 of the rules), area scores (§2), overall
(§3), levels and gates (§4), gains and recommendations (§5). ``score_states`` starts from question
states and scores, so that several respondents merged per §6 take exactly the same path.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
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
from maturity.routing import Facts, deadline, facts_of, routed
from maturity.scoring.advice import recommend


@dataclass(frozen=True)
class QuestionScore:
    """A question's state and score (§4.1) for one municipality; ``held`` says whether a gate's
    foundation holds where several respondents were merged (§4.6), None to decide it from the
    state and score of one respondent (§4.4)."""

    state: QuestionState
    score: float | None = None
    held: bool | None = None


MISSING = QuestionScore("missing")


def gate_holds(question: Question, state: QuestionScore) -> bool:
    """§4.4: a gate question's foundation holds only when it is answered at or above the gate's bar;
    unanswered and "weiß nicht" do not hold (several respondents: §4.6, given as ``held``)."""
    assert question.gate is not None
    if state.held is not None:
        return state.held
    return state.state == "scored" and (state.score or 0.0) >= question.gate.min_score


def caps(question: Question, state: QuestionScore, level: int) -> bool:
    """Whether ``question`` holds a level of ``level`` down: a gate that applies (not ``na``), does
    not hold, and allows less than ``level``."""
    gate = question.gate
    return (
        gate is not None
        and state.state != "na"
        and gate.max_level < level
        and not gate_holds(question, state)
    )


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
    question: Question, answer: Answer | None, facts: Facts
) -> tuple[QuestionScore, int]:
    """§4.1 with routing: the state and score of a question for this municipality, and the step of the
    answer given (:meth:`~maturity.model.Question.step_of`; -1 for none). A question that does not
    apply is ``na`` whatever the answer; options that do not apply count nothing."""
    asked = routed(question, facts)
    if asked is None:
        return QuestionScore("na"), -1
    if answer is not None and asked is not question and isinstance(answer.value, tuple):
        answer = replace(answer, value=tuple(v for v in answer.value if asked.option(v)))
    step = question.step_of(answer.value) if answer is not None and answer.kind == "value" else -1
    return question_score(asked, answer), step


def score_answers(questionnaire: Questionnaire, answers: AnswerSet, as_of: str = "") -> Result:
    """Score one answer set against its questionnaire (docs/scoring.md). Legal duties are overdue by
    the assessment date, else by ``as_of`` (ISO; "" for none)."""
    facts = facts_of(answers.profile, answers.municipality)
    states: dict[str, QuestionScore] = {}
    steps: dict[str, int] = {}
    for q in questionnaire.scored_questions:
        states[q.id], steps[q.id] = routed_score(q, answers.answers.get(q.id), facts)
    return score_states(
        questionnaire,
        states,
        answers=answers,
        steps=steps,
        deadlines={q.id: deadline(q, facts) for q in questionnaire.scored_questions if q.due},
        as_of=answers.assessed_on or as_of,
    )


def _area_result(
    questionnaire: Questionnaire, area: Area, states: Mapping[str, QuestionScore]
) -> AreaResult:
    """§4.2 and the area's part of §4.4."""
    applicable = [q for q in area.scored_questions if states.get(q.id, MISSING).state != "na"]
    if not applicable:
        return AreaResult(area.id, "not_applicable", None, None, None)
    answered = [q for q in applicable if states.get(q.id, MISSING).state in ("scored", "unknown")]
    answered_weight = sum(q.weight for q in answered)
    coverage = answered_weight / sum(q.weight for q in applicable)
    count = len(answered)
    if coverage < questionnaire.min_coverage or not answered:
        return AreaResult(area.id, "insufficient", None, None, coverage, answered=count)
    score = 100.0 * sum(q.weight * (states[q.id].score or 0.0) for q in answered) / answered_weight
    weight = area.weight * min(1.0, count / questionnaire.min_questions)
    if count < questionnaire.min_questions:
        return AreaResult(area.id, "scored", score, None, coverage, (), None, count, True, weight)
    uncapped = questionnaire.level_for(score)
    capping = [q for q in applicable if caps(q, states.get(q.id, MISSING), uncapped)]
    level = min([uncapped, *(q.gate.max_level for q in capping if q.gate is not None)])
    return AreaResult(
        area.id,
        "scored",
        score,
        level,
        coverage,
        tuple(q.id for q in capping),
        None,
        count,
        False,
        weight,
    )


def overall_result(
    questionnaire: Questionnaire,
    areas: Mapping[str, AreaResult],
    states: Mapping[str, QuestionScore] | None = None,
) -> OverallResult:
    """§4.3: the mean of the scored areas by their weights W'_a, null below the minimum coverage;
    §4.4: its level capped by the overall gates that do not hold."""
    considered = [a for a in questionnaire.areas if areas[a.id].status != "not_applicable"]
    scored = [a for a in considered if areas[a.id].status == "scored"]
    total = sum(a.weight for a in considered)
    coverage = sum(a.weight for a in scored) / total if total else 0.0
    if coverage < questionnaire.min_coverage or not scored:
        return OverallResult(None, None, coverage)
    score = sum(areas[a.id].weight * (areas[a.id].score or 0.0) for a in scored) / sum(
        areas[a.id].weight for a in scored
    )
    uncapped = questionnaire.level_for(score)
    capping = [
        q
        for q in questionnaire.scored_questions
        if q.gate is not None
        and q.gate.overall
        and caps(q, (states or {}).get(q.id, MISSING), uncapped)
    ]
    level = min([uncapped, *(q.gate.max_level for q in capping if q.gate is not None)])
    return OverallResult(score, level, coverage, tuple(q.id for q in capping))


def question_gains(
    questionnaire: Questionnaire,
    areas: Mapping[str, AreaResult],
    states: Mapping[str, QuestionScore],
) -> dict[str, float]:
    """§4.5: the points the overall score rises if one question alone reaches full score."""
    scored_areas = [a for a in questionnaire.areas if areas[a.id].status == "scored"]
    total_area_weight = sum(areas[a.id].weight for a in scored_areas)
    gains: dict[str, float] = {}
    for area in scored_areas:
        answered = [
            q
            for q in area.scored_questions
            if states.get(q.id, MISSING).state in ("scored", "unknown")
        ]
        answered_weight = sum(q.weight for q in answered)
        share = areas[area.id].weight / total_area_weight
        for q in answered:
            s_q = states[q.id].score or 0.0
            gains[q.id] = 100.0 * share * (q.weight / answered_weight) * (1.0 - s_q)
    return gains


def score_states(
    questionnaire: Questionnaire,
    states: Mapping[str, QuestionScore],
    *,
    answers: AnswerSet | None = None,
    respondents: int = 1,
    spreads: Mapping[str, tuple[float, float]] | None = None,
    steps: Mapping[str, int] | None = None,
    deadlines: Mapping[str, str] | None = None,
    as_of: str = "",
) -> Result:
    """§4.2–4.5 from question states and scores (one respondent, or several merged per §4.6);
    ``steps``: per question, the step of the (most common) answer, whose ``next`` is the advice;
    ``deadlines``: per question with a dated duty, this municipality's deadline (ISO, "" for none),
    overdue when it lies before ``as_of``."""
    areas = {a.id: _area_result(questionnaire, a, states) for a in questionnaire.areas}
    if spreads:
        areas = {aid: replace(r, spread=spreads.get(aid)) for aid, r in areas.items()}
    overall = overall_result(questionnaire, areas, states)
    gains = question_gains(questionnaire, areas, states)
    questions = tuple(
        QuestionResult(
            q.id,
            q.area,
            states.get(q.id, MISSING).state,
            states.get(q.id, MISSING).score,
            gains.get(q.id),
            int(states.get(q.id, MISSING).state == "unknown"),
            _held(q, states.get(q.id, MISSING)),
        )
        for q in questionnaire.scored_questions
    )
    area_results = tuple(areas[a.id] for a in questionnaire.areas)
    capping = {qid for area in area_results for qid in area.capped_by} | set(overall.capped_by)
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
            [(deadlines or {}).get(q.id, "") for q in questions],
            as_of,
        ),
        answers=answers,
        respondents=respondents,
    )


def _held(question: Question, state: QuestionScore) -> bool | None:
    """A gate question's foundation holds (None for other questions and where it does not apply)."""
    if question.gate is None or state.state == "na":
        return None
    return gate_holds(question, state)


def projected(result: Result, done: Collection[str]) -> OverallResult:
    """§5 "where it leads": the overall result if the questions ``done`` were brought to full score
    (their foundations then hold), every other answer as it is; scored by the same rules."""
    questionnaire = result.questionnaire
    states = {
        q.id: QuestionScore("scored", 1.0, None if q.held is None else True)
        if q.id in done and q.state in ("scored", "unknown")
        else QuestionScore(q.state, q.score, q.held)
        for q in result.questions
    }
    touched = {q.area for q in result.questions if q.id in done}
    scored = {a.id: a for a in result.areas}
    areas = {
        a.id: _area_result(questionnaire, a, states) if a.id in touched else scored[a.id]
        for a in questionnaire.areas
    }
    return overall_result(questionnaire, areas, states)
