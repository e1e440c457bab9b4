"""DESIGN.md §4.5: recommendations ordered by gain, and the roadmap in three phases by effort."""

from __future__ import annotations

from collections.abc import Sequence

from maturity.model import (
    PHASE_BY_EFFORT,
    AreaResult,
    Phase,
    Questionnaire,
    QuestionResult,
    Recommendation,
)

PHASES: tuple[Phase, ...] = ("quick_wins", "medium_term", "strategic")


def recommend(
    questionnaire: Questionnaire,
    areas: Sequence[AreaResult],
    questions: Sequence[QuestionResult],
) -> tuple[Recommendation, ...]:
    """Questions with a recommendation text and a positive gain, by gain (ties: questionnaire order)."""
    capping = {qid for area in areas for qid in area.capped_by}
    candidates = []
    for position, result in enumerate(questions):
        question = questionnaire.question_index[result.id]
        if result.gain is None or result.gain <= 0 or not question.recommendation:
            continue
        candidates.append((position, result, question))
    candidates.sort(key=lambda item: (-(item[1].gain or 0.0), item[0]))
    return tuple(
        Recommendation(
            question=question.id,
            area=question.area,
            gain=result.gain or 0.0,
            effort=question.effort,
            phase=PHASE_BY_EFFORT[question.effort],
            caps_level=question.id in capping,
        )
        for _, result, question in candidates
    )


def roadmap(recommendations: Sequence[Recommendation]) -> dict[Phase, list[Recommendation]]:
    """The recommendations grouped by phase, each phase ordered by gain as the input is."""
    phases: dict[Phase, list[Recommendation]] = {phase: [] for phase in PHASES}
    for rec in recommendations:
        phases[rec.phase].append(rec)
    return phases
