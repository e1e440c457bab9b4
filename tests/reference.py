"""§4.6 spelled out on the single path: the reference the batch path is held to."""

from __future__ import annotations

from collections import Counter

from maturity.model import AnswerSet, Questionnaire
from maturity.routing import facts_of
from maturity.scoring.single import QuestionScore, routed_score, score_answers


def merged_by_definition(
    questionnaire: Questionnaire, members: list[AnswerSet], municipality: AnswerSet | None = None
) -> tuple[dict[str, QuestionScore], dict[str, int]]:
    """§4.6 spelled out on the single path, every member routed by the municipality's profile, and
    the step of the most common answer (ties: the lower score, then the first option or band)."""
    municipality = municipality or AnswerSet(questionnaire.id, {})
    merged: dict[str, QuestionScore] = {}
    steps: dict[str, int] = {}
    for q in questionnaire.scored_questions:
        facts = facts_of(municipality.profile, municipality.municipality)
        each = [routed_score(q, m.answers.get(q.id), facts) for m in members]
        answered = [s for s, _ in each if s.state in ("scored", "unknown")]
        # §4.6: a gate holds when more than half of those who answered its question meet its bar
        meeting = [s for s in answered if q.gate and s.state == "scored" and s.score is not None]
        meeting = [s for s in meeting if q.gate and (s.score or 0.0) >= q.gate.min_score]
        held = 2 * len(meeting) > len(answered) if q.gate else None
        if answered:
            state = "unknown" if all(s.state == "unknown" for s in answered) else "scored"
            merged[q.id] = QuestionScore(
                state, sum(s.score or 0.0 for s in answered) / len(answered), held
            )
        elif any(s.state == "na" for s, _ in each):
            merged[q.id] = QuestionScore("na")
        else:
            merged[q.id] = QuestionScore("missing", None, held)
        given = Counter(step for s, step in each if s.state == "scored" and step >= 0)
        if given and q.has_steps:
            scores = (
                [o.score for o in q.options] if q.type == "choice" else [b.score for b in q.bands]
            )
            steps[q.id] = min(given, key=lambda step: (-given[step], scores[step], step))
    return merged, steps


def spreads_by_definition(
    questionnaire: Questionnaire, members: list[AnswerSet]
) -> dict[str, tuple[float, float]]:
    """Lowest and highest of the members' own area scores, each by their own profile."""
    own: dict[str, list[float]] = {}
    for answers in members:
        for area in score_answers(questionnaire, answers).areas:
            if area.score is not None:
                own.setdefault(area.id, []).append(area.score)
    return {aid: (min(v), max(v)) for aid, v in own.items()}
