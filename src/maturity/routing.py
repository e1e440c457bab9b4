"""§4.1 routing: which questions, and which options of a multi-select question, apply to a
municipality, decided by the *facts* known about it: its profile answers, its population and its Land.
Pure functions, no I/O; part of the foundation, like :mod:`maturity.model`, since every stage asks
which questions apply.

The meaning of one condition is written once, in :func:`decide`: the single path calls it per
municipality, the vectorised path once per distinct answer (:mod:`maturity.scoring.routed`), and the
forms (:mod:`maturity.survey.forms.content`) and the words of ``show`` are tested against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from maturity.model import (
    LAND,
    POPULATION,
    Condition,
    Deadline,
    Municipality,
    ProfileValue,
    Question,
    Routing,
    land_of_ags,
)

Facts = Mapping[str, ProfileValue]
"""What routing may ask of a municipality: its profile answers by question id, ``population`` (a
number) and ``state`` (a Land code); a key that is absent is unanswered."""


def facts_of(profile: Mapping[str, ProfileValue], municipality: Municipality | None) -> Facts:
    """The routing facts of an answers file: its profile, population and Land."""
    facts: dict[str, ProfileValue] = dict(profile)
    if municipality is not None:
        if municipality.population is not None:
            facts[POPULATION] = float(municipality.population)
        land = municipality.state or land_of_ags(municipality.ags)
        if land:
            facts[LAND] = land
    return facts


def decide(condition: Condition, value: ProfileValue | None) -> bool:
    """§4.1, the meaning of one condition for one answer: an option condition holds for one of its
    options (a Land condition for one of its Land codes), a range ``A <= x < B`` for a number in it;
    an unanswered fact (None) lets every condition hold, so the question is asked; a text where a
    number is expected cannot be decided and holds too."""
    if value is None:
        return True
    if condition.options:
        return str(value) in condition.options
    if isinstance(value, str):
        return True
    low, high = condition.low, condition.high
    return (low is None or low <= value) and (high is None or value < high)


def condition_holds(condition: Condition, facts: Facts) -> bool:
    """One condition for one municipality (:func:`decide` with its fact)."""
    return decide(condition, facts.get(condition.key))


def holds(routing: Routing, facts: Facts) -> bool:
    """Whether every condition of ``routing`` holds (an empty routing always does)."""
    return all(condition_holds(c, facts) for c in routing)


def routed(question: Question, facts: Facts) -> Question | None:
    """The question as it is put to this municipality: None where it does not apply (state ``na``);
    a multi-select question without the options that do not apply, its max_points cut to what the
    others can give (None if that is nothing)."""
    if not holds(question.applies_if, facts):
        return None
    if not question.routes_options:
        return question
    kept = tuple(o for o in question.options if holds(o.applies_if, facts))
    if len(kept) == len(question.options):
        return question
    max_points = min(question.effective_max_points, sum(o.points for o in kept))
    if max_points <= 0:
        return None
    return replace(question, options=kept, max_points=max_points)


def deadline(question: Question, facts: Facts) -> str:
    """§3.1: the deadline of a question's legal duty for this municipality, the first of its ``due``
    entries whose conditions hold (ISO date); "" where it has none."""
    return next((d.date for d in question.due if holds(d.applies_if, facts)), "")


def deadline_index(deadlines: tuple[Deadline, ...], facts: Facts) -> int:
    """The position of the first deadline that holds; -1 for none."""
    return next((i for i, d in enumerate(deadlines) if holds(d.applies_if, facts)), -1)
