"""§4.1 routing: which questions, and which options of a multi-select question, apply to a
municipality, decided by its profile answers and its population. Pure functions, no I/O; part of the
foundation, like :mod:`maturity.model`, since every stage asks which questions apply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from maturity.model import POPULATION, Condition, ProfileValue, Question, Routing


def condition_holds(
    condition: Condition, profile: Mapping[str, ProfileValue], population: float | None
) -> bool:
    """One condition; a missing profile answer (or population) lets it hold: the question is asked."""
    value = population if condition.key == POPULATION else profile.get(condition.key)
    if value is None:
        return True
    if condition.options:
        return str(value) in condition.options
    if isinstance(value, str):
        return True  # a number condition on a text value cannot be decided: asked
    low, high = condition.low, condition.high
    return (low is None or low <= value) and (high is None or value < high)


def holds(routing: Routing, profile: Mapping[str, ProfileValue], population: float | None) -> bool:
    """Whether every condition of ``routing`` holds (an empty routing always does)."""
    return all(condition_holds(c, profile, population) for c in routing)


def routed(
    question: Question, profile: Mapping[str, ProfileValue], population: float | None
) -> Question | None:
    """The question as it is put to this municipality: None where it does not apply (state ``na``);
    a multi-select question without the options that do not apply, its max_points cut to what the
    others can give (None if that is nothing)."""
    if not holds(question.applies_if, profile, population):
        return None
    if not question.routes_options:
        return question
    kept = tuple(o for o in question.options if holds(o.applies_if, profile, population))
    if len(kept) == len(question.options):
        return question
    max_points = min(question.effective_max_points, sum(o.points for o in kept))
    if max_points <= 0:
        return None
    return replace(question, options=kept, max_points=max_points)
