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
    steps: Sequence[int] | None = None,
) -> tuple[Recommendation, ...]:
    """Questions with advice for the answer given and a positive gain, by gain descending (ties:
    questionnaire order). ``gains`` and ``steps`` follow :attr:`Questionnaire.scored_questions` (a
    gain of None or NaN: none; a step: whose ``next`` is the text, -1 for the question's own);
    ``capping`` names the questions that cap their area's level."""
    questions = questionnaire.scored_questions
    steps = steps if steps is not None else [-1] * len(questions)
    candidates = [
        (-gain, position, question, step)
        for position, (question, gain, step) in enumerate(zip(questions, gains, steps, strict=True))
        if gain is not None and gain > 0 and question.advice_for(step)  # NaN > 0 is False
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
            step=question.advice_step(step),
        )
        for negative_gain, _, question, step in candidates
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
