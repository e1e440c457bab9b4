"""The vectorised path (scoring/vectorised.py, and batch end to end) agrees with the single path
(scoring/single.py) to 1e-9: per respondent, merged per municipality (§4.6), with random weights and
gates, with more distinct values per question than are counted by code, in the spreads and in every
line of results.jsonl."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.batch.results import results_lines
from maturity.batch.run import run_batch
from maturity.load.catalogue import load_questionnaire
from maturity.model import Answer, AnswerSet, Municipality, Questionnaire, Result
from maturity.output.resultjson import result_to_dict
from maturity.routing import deadline
from maturity.scoring.single import question_score, score_answers, score_states
from maturity.scoring.states import STATE_CODES, CodedColumn
from maturity.scoring.vectorised import (
    COUNT_CODES_UP_TO,
    area_spreads,
    frame_of,
    merge_respondents,
    score_frame,
    state_column,
)

from .conftest import MINI
from .reference import merged_by_definition, spreads_by_definition
from .strategies import answer_sets, regated, reweighted, unrouted

QUESTIONNAIRES = [
    unrouted(load_questionnaire(MINI)),
    unrouted(load_questionnaire("schnellcheck-kommune")),
    unrouted(load_questionnaire("digitalcheck-kommune")),
]
pytestmark = pytest.mark.slow


def coded_columns(questionnaire: Questionnaire, answer_sets_: list[AnswerSet]) -> list[CodedColumn]:
    """Every scored question over the respondents, coded as the batch decoder codes it."""
    columns = []
    for q in questionnaire.scored_questions:
        each = [question_score(q, answers.answers.get(q.id)) for answers in answer_sets_]
        states = np.array([STATE_CODES[s.state] for s in each], dtype=np.int8)
        scores = np.array([np.nan if s.score is None else s.score for s in each])
        columns.append(CodedColumn.from_rows(states, scores))
    return columns


def table_of(questionnaire: Questionnaire, columns: list[CodedColumn]) -> pd.DataFrame:
    states = np.column_stack([c.states for c in columns])
    scores = np.column_stack([c.scores for c in columns])
    return score_frame(frame_of(states, scores, questionnaire), questionnaire)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return a is None and (b is None or math.isnan(b))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def assert_same(single: Result, row: pd.Series) -> None:
    assert close(single.overall.score, row["overall_score"])
    assert (single.overall.level or 0) == row["overall_level"]
    assert close(single.overall.coverage, row["overall_coverage"])
    for area in single.areas:
        assert area.status == row[f"{area.id}_status"]
        assert close(area.score, row[f"{area.id}_score"])
        assert (area.level or 0) == row[f"{area.id}_level"], area.id
        assert close(area.coverage, row[f"{area.id}_coverage"])
        assert ",".join(area.capped_by) == row[f"{area.id}_capped_by"]
    for question in single.questions:
        assert close(question.gain, row[f"{question.id}:gain"])


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    """A bundled or test questionnaire with random weights and random gates."""
    return draw(regated(draw(reweighted(draw(st.sampled_from(QUESTIONNAIRES))))))


@st.composite
def batches(draw: st.DrawFn, max_size: int = 6) -> tuple[Questionnaire, list[AnswerSet]]:
    questionnaire = draw(questionnaires())
    return questionnaire, draw(st.lists(answer_sets(questionnaire), min_size=1, max_size=max_size))


@st.composite
def municipalities(draw: st.DrawFn, respondents: int) -> tuple[int, np.ndarray]:
    entities = draw(st.integers(min_value=1, max_value=respondents))
    entity = draw(
        st.lists(st.integers(0, entities - 1), min_size=respondents, max_size=respondents)
    )
    return entities, np.array(entity, dtype=np.int64)


@settings(max_examples=150, deadline=None)
@given(batches())
def test_vectorised_equals_single_path_per_respondent(
    batch: tuple[Questionnaire, list[AnswerSet]],
) -> None:
    questionnaire, answer_sets_ = batch
    table = table_of(questionnaire, coded_columns(questionnaire, answer_sets_))
    for r, answers in enumerate(answer_sets_):
        assert_same(score_answers(questionnaire, answers), table.iloc[r])


def check_merged(
    questionnaire: Questionnaire, answer_sets_: list[AnswerSet], entities: int, entity: np.ndarray
) -> None:
    columns = coded_columns(questionnaire, answer_sets_)
    merged = merge_respondents(columns, entity, entities, questionnaire.scored_questions)
    table = score_frame(
        frame_of(merged.states, merged.scores, questionnaire, merged.held), questionnaire
    )
    spreads = area_spreads(columns, entity, entities, questionnaire)
    for e in range(entities):
        members = [answer_sets_[r] for r in range(len(answer_sets_)) if entity[r] == e]
        assert merged.respondents[e] == len(members)
        expected, _ = merged_by_definition(questionnaire, members)
        assert_same(score_states(questionnaire, expected), table.iloc[e])
        if len(members) == 1:  # one respondent scores exactly as the single path does
            assert_same(score_answers(questionnaire, members[0]), table.iloc[e])
        expected_spreads = spreads_by_definition(questionnaire, members)
        for area in questionnaire.areas:
            low, high = spreads[area.id][0][e], spreads[area.id][1][e]
            if area.id in expected_spreads:
                assert close(expected_spreads[area.id][0], low)
                assert close(expected_spreads[area.id][1], high)
            else:
                assert np.isnan(low)
                assert np.isnan(high)


@settings(max_examples=150, deadline=None)
@given(batches(), st.data())
def test_merging_respondents_follows_4_6(
    batch: tuple[Questionnaire, list[AnswerSet]], data: st.DataObject
) -> None:
    questionnaire, answer_sets_ = batch
    entities, entity = data.draw(municipalities(len(answer_sets_)))
    check_merged(questionnaire, answer_sets_, entities, entity)


LINEAR_QUESTIONNAIRES = [q for q in QUESTIONNAIRES if any(x.linear for x in q.questions)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_merging_questions_with_more_distinct_values_than_are_counted(data: st.DataObject) -> None:
    """Numbers scored differently by many respondents take the summing branch of §4.6."""
    questionnaire = data.draw(regated(data.draw(st.sampled_from(LINEAR_QUESTIONNAIRES))))
    number = data.draw(st.sampled_from([q for q in questionnaire.scored_questions if q.linear]))
    assert number.linear is not None
    size = data.draw(st.integers(COUNT_CODES_UP_TO + 2, COUNT_CODES_UP_TO + 30))
    answer_sets_ = data.draw(st.lists(answer_sets(questionnaire), min_size=size, max_size=size))
    # distinct values between zero and full score distinct (a value past them would be clamped)
    low, high = sorted((number.linear.zero, number.linear.full))
    low = max(low, number.minimum if number.minimum is not None else low)
    high = min(high, number.maximum if number.maximum is not None else high)
    start = data.draw(st.floats(0, 0.5))
    values = [low + (high - low) * (start + i) / (size + 1) for i in range(size)]
    answer_sets_ = [
        AnswerSet(a.questionnaire, {**a.answers, number.id: Answer(v)})
        for a, v in zip(answer_sets_, values, strict=True)
    ]
    column = coded_columns(questionnaire, answer_sets_)[
        questionnaire.scored_questions.index(number)
    ]
    assert len(column.state_lut) > COUNT_CODES_UP_TO  # the branch under test
    entities, entity = data.draw(municipalities(size))
    check_merged(questionnaire, answer_sets_, entities, entity)


# --- batch end to end: a CSV export -> results.jsonl == report -f json ------------------------------


def cell(answer: Answer | None) -> str:
    """How a survey export writes an answer (question ids as headings, option ids as values)."""
    if answer is None:
        return ""
    if answer.kind != "value":
        return {"na": "nicht zutreffend", "unknown": "weiß nicht"}[answer.kind]
    value = answer.value
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    # positional, exactly (an export writes ASCII digits and a point, never an exponent)
    return np.format_float_positional(value, trim="-") if isinstance(value, float) else str(value)


def expressible(answers: AnswerSet) -> AnswerSet:
    """An empty multi-select cannot be told from no answer in a survey export: leave it out."""
    return AnswerSet(
        answers.questionnaire,
        {qid: a for qid, a in answers.answers.items() if a.value != ()},
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=batches(max_size=8), data=st.data())
def test_results_jsonl_equals_the_single_path(
    batch: tuple[Questionnaire, list[AnswerSet]], data: st.DataObject, tmp_path: Path
) -> None:
    questionnaire, answer_sets_ = batch
    answer_sets_ = [expressible(a) for a in answer_sets_]
    _, entity = data.draw(municipalities(len(answer_sets_)))
    export = tmp_path / "export.csv"
    questions = questionnaire.scored_questions
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ags", "respondent", *(q.id for q in questions)])
        for r, answers in enumerate(answer_sets_):
            ags = f"{9000000 + int(entity[r]):08d}"
            writer.writerow([ags, f"r{r}", *(cell(answers.answers.get(q.id)) for q in questions)])
    result = run_batch(export, questionnaire)
    assert result.rows_read == result.rows_scored == len(answer_sets_)
    lines = [json.loads(line) for line in results_lines(result)]
    order = list(dict.fromkeys(int(e) for e in entity))  # municipalities in order of first row
    assert len(lines) == len(order)
    for line, e in zip(lines, order, strict=True):
        members = [answer_sets_[r] for r in range(len(answer_sets_)) if entity[r] == e]
        single = score_states(
            questionnaire,
            merged_by_definition(questionnaire, members)[0],
            answers=AnswerSet(
                questionnaire.id,
                {},
                questionnaire.version,
                Municipality(name=f"{9000000 + e:08d}", ags=f"{9000000 + e:08d}", state="BY"),
            ),
            respondents=len(members),
            spreads=spreads_by_definition(questionnaire, members),
            # the Land comes from the AGS (09: Bayern); duties are overdue by the evaluation date
            deadlines={q.id: deadline(q, {"state": "BY"}) for q in questions if q.due},
            as_of=result.as_of,
        )
        assert_same_json(result_to_dict(single), line)


def assert_same_json(expected: object, actual: object, path: str = "") -> None:
    """Equal JSON, floats to 1e-9: same keys in the same order, same lists in the same order."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert list(expected) == list(actual), path
        for key in expected:
            assert_same_json(expected[key], actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), path
        assert len(expected) == len(actual), path
        for i, (a, b) in enumerate(zip(expected, actual, strict=True)):
            assert_same_json(a, b, f"{path}[{i}]")
    elif isinstance(expected, float) and isinstance(actual, float | int):
        assert math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9), path
    else:
        assert expected == actual, path


def test_score_frame_takes_and_returns_a_dataframe() -> None:
    questionnaire = QUESTIONNAIRES[0]
    scored = questionnaire.scored_questions
    frame = pd.DataFrame(
        {
            **{q.id: [1.0, np.nan] for q in scored},
            **{state_column(q.id): [STATE_CODES["scored"], STATE_CODES["missing"]] for q in scored},
        },
        index=["a", "b"],
    )
    result = score_frame(frame, questionnaire)
    assert list(result.index) == ["a", "b"]
    assert result.loc["a", "overall_score"] == 100.0
    assert np.isnan(result.loc["b", "overall_score"])
    assert result.loc["b", "alpha_status"] == "insufficient"
    assert result.loc["b", "overall_level"] == 0
