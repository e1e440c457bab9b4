"""§4.5: recommendations ordered by gain, and the roadmap in three phases by effort.

Both paths end here: the single scorer and the batch hand over the gains of the scored questions in
questionnaire order, so the order and the phases of recommendations are decided in one place.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from maturity.model import PHASE_BY_EFFORT, Phase, Questionnaire, Recommendation

PHASES: tuple[Phase, ...] = ("quick_wins", "medium_term", "strategic")


def recommend(
    questionnaire: Questionnaire,
    gains: Sequence[float | None],
    capping: Collection[str] = (),
) -> tuple[Recommendation, ...]:
    """Questions with a recommendation text and a positive gain, by gain descending (ties: questionnaire
    order). ``gains`` follows :attr:`Questionnaire.scored_questions` (None or NaN: no gain);
    ``capping`` names the questions that cap their area's level."""
    candidates = [
        (-gain, position, question)
        for position, (question, gain) in enumerate(
            zip(questionnaire.scored_questions, gains, strict=True)
        )
        if gain is not None and gain > 0 and question.recommendation  # NaN > 0 is False
    ]
    candidates.sort(key=lambda item: (item[0], item[1]))
    return tuple(
        Recommendation(
            question=question.id,
            area=question.area,
            gain=-negative_gain,
            effort=question.effort,
            phase=PHASE_BY_EFFORT[question.effort],
            caps_level=question.id in capping,
            obligation=question.obligation is not None,
        )
        for negative_gain, _, question in candidates
    )


def roadmap(recommendations: Sequence[Recommendation]) -> dict[Phase, list[Recommendation]]:
    """The recommendations grouped by phase; within a phase those that cap a level come first, then
    the rest, each part ordered by gain as the input is (§4.5)."""
    phases: dict[Phase, list[Recommendation]] = {phase: [] for phase in PHASES}
    for rec in sorted(
        recommendations, key=lambda rec: not rec.caps_level
    ):  # stable: gain order kept
        phases[rec.phase].append(rec)
    return phases


def next_steps(recommendations: Sequence[Recommendation], count: int) -> list[Recommendation]:
    """The first ``count`` steps of all phases: what caps a level first, then by gain."""
    return sorted(recommendations, key=lambda rec: not rec.caps_level)[:count]
