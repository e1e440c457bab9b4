"""The vectorised scorer (table.py) agrees with the single path (scoring.py) to 1e-9."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.load.questionnaire import load_questionnaire
from maturity.model import AnswerSet, Questionnaire
from maturity.scoring.single import QuestionScore, question_score, score_answers, score_states
from maturity.scoring.vectorised import STATE, aggregate, score_arrays, score_frame, state_column

from .conftest import MINI
from .strategies import answer_sets, reweighted

QUESTIONNAIRES = [
    load_questionnaire(MINI),
    load_questionnaire("schnellcheck-kommune"),
    load_questionnaire("digitalcheck-kommune"),
]


def arrays(
    questionnaire: Questionnaire, answer_sets_: list[AnswerSet]
) -> tuple[np.ndarray, np.ndarray]:
    scored = [q for q in questionnaire.questions if q.scored]
    states = np.zeros((len(answer_sets_), len(scored)), dtype=np.int8)
    scores = np.full((len(answer_sets_), len(scored)), np.nan)
    for r, answers in enumerate(answer_sets_):
        for c, q in enumerate(scored):
            qs = question_score(q, answers.answers.get(q.id))
            states[r, c] = STATE[qs.state]
            scores[r, c] = np.nan if qs.score is None else qs.score
    return states, scores


def close(a: float | None, b: float) -> bool:
    if a is None:
        return bool(np.isnan(b))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def assert_same(questionnaire: Questionnaire, single: object, row: pd.Series) -> None:
    from maturity.model import Result

    assert isinstance(single, Result)
    assert close(single.overall.score, row["overall_score"])
    assert (single.overall.level or 0) == row["overall_level"]
    assert close(single.overall.coverage, row["overall_coverage"])
    for area in single.areas:
        assert area.status == row[f"{area.id}_status"]
        assert close(area.score, row[f"{area.id}_score"])
        assert (area.level or 0) == row[f"{area.id}_level"]
        assert close(area.coverage, row[f"{area.id}_coverage"])
        assert ",".join(area.capped_by) == row[f"{area.id}_capped_by"]
    for question in single.questions:
        assert close(question.gain, row[f"{question.id}:gain"])


@st.composite
def batches(draw: st.DrawFn) -> tuple[Questionnaire, list[AnswerSet]]:
    questionnaire = draw(reweighted(draw(st.sampled_from(QUESTIONNAIRES))))
    return questionnaire, draw(st.lists(answer_sets(questionnaire), min_size=1, max_size=6))


@settings(max_examples=150, deadline=None)
@given(batches())
def test_table_equals_single_path_per_respondent(
    batch: tuple[Questionnaire, list[AnswerSet]],
) -> None:
    questionnaire, answer_sets_ = batch
    states, scores = arrays(questionnaire, answer_sets_)
    table = score_arrays(states, scores, questionnaire)
    for r, answers in enumerate(answer_sets_):
        assert_same(questionnaire, score_answers(questionnaire, answers), table.iloc[r])


@settings(max_examples=150, deadline=None)
@given(batches(), st.data())
def test_aggregation_of_respondents_follows_4_6(
    batch: tuple[Questionnaire, list[AnswerSet]], data: st.DataObject
) -> None:
    questionnaire, answer_sets_ = batch
    entities = data.draw(st.integers(min_value=1, max_value=len(answer_sets_)))
    entity = np.array(
        data.draw(
            st.lists(
                st.integers(0, entities - 1), min_size=len(answer_sets_), max_size=len(answer_sets_)
            )
        )
    )
    states, scores = arrays(questionnaire, answer_sets_)
    merged = aggregate(states, scores, entity, entities)
    table = score_arrays(merged.states, merged.scores, questionnaire)
    scored = [q for q in questionnaire.questions if q.scored]
    for e in range(entities):
        members = [answer_sets_[r] for r in range(len(answer_sets_)) if entity[r] == e]
        assert merged.respondents[e] == len(members)
        # the §4.6 definition, spelled out on the single path
        merged_states = {}
        for q in scored:
            each = [question_score(q, a.answers.get(q.id)) for a in members]
            answered = [s for s in each if s.state in ("scored", "unknown")]
            if answered:
                state = "unknown" if all(s.state == "unknown" for s in answered) else "scored"
                merged_states[q.id] = QuestionScore(
                    state, sum(s.score or 0.0 for s in answered) / len(answered)
                )
            elif any(s.state == "na" for s in each):
                merged_states[q.id] = QuestionScore("na")
            else:
                merged_states[q.id] = QuestionScore("missing")
        assert_same(questionnaire, score_states(questionnaire, merged_states), table.iloc[e])
        if len(members) == 1:  # one respondent scores exactly as the single path does
            assert_same(questionnaire, score_answers(questionnaire, members[0]), table.iloc[e])


def test_score_frame_takes_and_returns_a_dataframe() -> None:
    questionnaire = QUESTIONNAIRES[0]
    scored = [q for q in questionnaire.questions if q.scored]
    frame = pd.DataFrame(
        {
            **{q.id: [1.0, np.nan] for q in scored},
            **{state_column(q.id): [STATE["scored"], STATE["missing"]] for q in scored},
        },
        index=["a", "b"],
    )
    result = score_frame(frame, questionnaire)
    assert list(result.index) == ["a", "b"]
    assert result.loc["a", "overall_score"] == 100.0
    assert np.isnan(result.loc["b", "overall_score"])
    assert result.loc["b", "alpha_status"] == "insufficient"
