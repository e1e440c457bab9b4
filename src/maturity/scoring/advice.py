"""§4.5: recommendations ordered by gain, and the roadmap in three phases by effort.

Both paths end here: the single scorer and the batch hand over the gains of the scored questions in
questionnaire order, so the order and the phases of recommendations are decided in one place: the
gain order of :func:`recommend`, the order within a phase of :func:`priority`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from maturity.model import PHASE_BY_EFFORT, Phase, Question, Questionnaire, Recommendation

if TYPE_CHECKING:
    import numpy as np

PHASES: tuple[Phase, ...] = ("quick_wins", "medium_term", "strategic")
NO_DEADLINE = "9999-12-31"
"""Sorts an open duty without a deadline after those with one."""


def overdue(due: str, as_of: str) -> bool:
    """Whether a deadline (ISO date) had passed on ``as_of`` (ISO; "" for not known)."""
    return bool(due and as_of and due < as_of)


def recommend(
    questionnaire: Questionnaire,
    gains: Sequence[float | None],
    capping: Collection[str] = (),
    steps: Sequence[int] | None = None,
    deadlines: Sequence[str] | None = None,
    as_of: str = "",
) -> tuple[Recommendation, ...]:
    """Questions with advice for the answer given and a positive gain, by gain descending (ties:
    questionnaire order). ``gains``, ``steps`` and ``deadlines`` follow
    :attr:`Questionnaire.scored_questions` (a gain of None or NaN: none; a step: whose ``next`` is the
    text, -1 for the question's own; a deadline: the duty's for this municipality, "" for none);
    ``capping`` names the questions that cap a level; ``as_of`` is the date duties are overdue by."""
    questions = questionnaire.scored_questions
    steps = steps if steps is not None else [-1] * len(questions)
    deadlines = deadlines if deadlines is not None else [""] * len(questions)
    candidates = [
        (-gain, position, question, step, due)
        for position, (question, gain, step, due) in enumerate(
            zip(questions, gains, steps, deadlines, strict=True)
        )
        if gain is not None and gain > 0 and question.advice_for(step)  # NaN > 0 is False
    ]
    candidates.sort(key=lambda item: (item[0], item[1]))
    return tuple(
        recommendation(question, -negative_gain, question.id in capping, step, due, as_of)
        for negative_gain, _, question, step, due in candidates
    )


def recommendation_order(
    questionnaire: Questionnaire, gains: np.ndarray, steps: np.ndarray
) -> list[list[int]]:
    """:func:`recommend`'s choice and order for every municipality of a batch at once (rows of
    ``gains`` and ``steps``, columns the scored questions): the positions of the questions with advice
    for the answer given and a positive gain, by gain descending, ties in questionnaire order."""
    import numpy as np

    with_text = np.column_stack(
        [_has_advice(q, steps[:, c]) for c, q in enumerate(questionnaire.scored_questions)]
    ).reshape(gains.shape)
    wanted = (gains > 0) & with_text  # NaN > 0 is False
    order = np.argsort(np.where(wanted, -gains, np.inf), axis=1, kind="stable")
    counts = wanted.sum(axis=1).tolist()
    return [row[:n] for row, n in zip(order.tolist(), counts, strict=True)]


def _has_advice(question: Question, steps: np.ndarray) -> np.ndarray:
    """Per municipality: whether the question has advice for its step (its own, or a ``next``)."""
    import numpy as np

    by_step = [bool(question.advice_for(step)) for step in range(-1, len(question.steps))]
    has: np.ndarray = np.array(by_step, dtype=bool)[steps + 1]
    return has


def recommendation(
    question: Question, gain: float, caps_level: bool, step: int, due: str, as_of: str
) -> Recommendation:
    """One recommendation: its phase by effort, its duty and deadline (a deadline only where the
    question carries a duty)."""
    duty = question.obligation is not None
    due = due if duty else ""
    return Recommendation(
        question=question.id,
        area=question.area,
        gain=gain,
        effort=question.effort,
        phase=PHASE_BY_EFFORT[question.effort],
        caps_level=caps_level,
        obligation=duty,
        step=question.advice_step(step),
        due=due,
        overdue=overdue(due, as_of),
    )


def priority(rec: Recommendation) -> tuple[int, str]:
    """§4.5, the order within a phase: overdue legal duties, then what caps a level, then the other
    open duties by deadline (those without one last), then the rest; a sort by this key that is
    stable keeps the gain order within each."""
    if rec.obligation and rec.overdue:
        return 0, ""
    if rec.caps_level:
        return 1, ""
    if rec.obligation:
        return 2, rec.due or NO_DEADLINE
    return 3, ""


def roadmap(recommendations: Sequence[Recommendation]) -> dict[Phase, list[Recommendation]]:
    """The recommendations grouped by phase, each phase in the order of :func:`priority`."""
    phases: dict[Phase, list[Recommendation]] = {phase: [] for phase in PHASES}
    for rec in sorted(recommendations, key=priority):  # stable: gain order kept
        phases[rec.phase].append(rec)
    return phases


def next_steps(recommendations: Sequence[Recommendation], count: int) -> list[Recommendation]:
    """The first ``count`` steps of all phases, in the order of :func:`priority`."""
    return sorted(recommendations, key=priority)[:count]
