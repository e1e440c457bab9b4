"""Hypothesis strategies: random answers and weights for any questionnaire."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from maturity.model import Answer, AnswerSet, Municipality, ProfileValue, Question, Questionnaire


def answer_for(question: Question) -> st.SearchStrategy[Answer | None]:
    """Any valid answer to ``question``: a value, "weiß nicht", "nicht zutreffend" or none."""
    choices: list[st.SearchStrategy[Answer | None]] = [st.none(), st.just(Answer(None, "unknown"))]
    if question.allow_na:
        choices.append(st.just(Answer(None, "na")))
    choices.append(value_for(question).map(Answer))
    return st.one_of(*choices)


def value_for(question: Question) -> st.SearchStrategy[object]:
    if question.type == "choice":
        return st.sampled_from([o.id for o in question.options])
    if question.type == "multi":
        plain = [o.id for o in question.options if not o.exclusive]
        exclusive = [(o.id,) for o in question.options if o.exclusive]
        subsets = st.lists(st.sampled_from(plain), unique=True).map(tuple) if plain else st.just(())
        return st.one_of(subsets, st.sampled_from(exclusive)) if exclusive else subsets
    if question.type == "yesno":
        return st.booleans()
    low = question.minimum if question.minimum is not None else -1e6
    high = question.maximum if question.maximum is not None else 1e6
    return st.floats(min_value=low, max_value=high, allow_nan=False)


@st.composite
def answer_sets(draw: st.DrawFn, questionnaire: Questionnaire) -> AnswerSet:
    values: dict[str, Answer] = {}
    for question in questionnaire.questions:
        if not question.scored:
            continue
        answer = draw(answer_for(question))
        if answer is not None:
            values[question.id] = answer
    if not questionnaire.profile:
        return AnswerSet(questionnaire=questionnaire.id, answers=values)
    population = draw(st.none() | st.integers(0, 200_000) | st.sampled_from(BOUNDS))
    return AnswerSet(
        questionnaire=questionnaire.id,
        answers=values,
        municipality=Municipality(population=population, state=draw(lands)),
        profile=draw(profiles(questionnaire)),
    )


BOUNDS = [0, 4_999, 5_000, 19_999, 20_000, 99_999, 100_000]
"""Populations on and next to the bounds that routing conditions and size classes use."""
lands = st.sampled_from(["", "BY", "RP", "SH", "BW"])
"""A municipality's Land, or none known."""


@st.composite
def profiles(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, ProfileValue]:
    """Answers to some or all of a questionnaire's profile questions."""
    profile: dict[str, ProfileValue] = {}
    for question in questionnaire.profile:
        if question.type == "number":
            low = question.minimum if question.minimum is not None else 0.0
            high = question.maximum if question.maximum is not None else 1e6
            value: ProfileValue | None = draw(
                st.none() | st.floats(low, high, allow_nan=False) | st.sampled_from([low, 100.0])
            )
        else:
            value = draw(st.none() | st.sampled_from(question.option_ids))
        if value is not None:
            profile[question.id] = value
    return profile


weights = st.floats(min_value=0.05, max_value=20, allow_nan=False)


@st.composite
def reweighted(draw: st.DrawFn, questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire with random area and question weights."""
    areas = tuple(
        replace(
            area,
            weight=draw(weights),
            questions=tuple(replace(q, weight=draw(weights)) for q in area.questions),
        )
        for area in questionnaire.areas
    )
    return replace(questionnaire, areas=areas)


@st.composite
def regated(draw: st.DrawFn, questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire with random gates: any scored question may cap its area (and the overall
    level) at any level, so that areas get several gates with different ``max_level``s (and some
    none); and a random ``min_questions`` and ``min_coverage`` (§4.2)."""
    from maturity.model import Gate

    level_ids = [level.id for level in questionnaire.levels]
    gate = st.one_of(
        st.none(),
        st.builds(
            Gate,
            min_score=st.floats(min_value=0.05, max_value=1.0),
            max_level=st.sampled_from(level_ids),
            overall=st.booleans(),
        ),
    )
    areas = tuple(
        replace(
            area,
            questions=tuple(replace(q, gate=draw(gate)) if q.scored else q for q in area.questions),
        )
        for area in questionnaire.areas
    )
    return replace(
        questionnaire,
        areas=areas,
        min_questions=draw(st.integers(1, 4)),
        min_coverage=draw(st.sampled_from([0.0, 0.5, questionnaire.min_coverage])),
    )


def unrouted(questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire without profile, routing and next steps: the scoring of §4.1–4.6 alone
    (tests/test_routing_batch.py holds the batch to the single path with them)."""
    areas = []
    for area in questionnaire.areas:
        questions = tuple(
            replace(
                q,
                applies_if=(),
                options=tuple(replace(o, next=None, applies_if=()) for o in q.options),
                bands=tuple(replace(b, next=None) for b in q.bands),
            )
            for q in area.questions
        )
        areas.append(replace(area, questions=questions))
    return replace(questionnaire, profile=(), areas=tuple(areas))
