"""Section 4 on whole tables: vectorised with numpy, the same results as :mod:`maturity.scoring.single`.

The batch path: every respondent's questions arrive coded (:class:`~maturity.scoring.states.CodedColumn`),
:func:`merge_respondents` merges them per municipality (§4.6) by counting codes, and
:func:`score_frame` scores one row per municipality (§4.2–4.5). Area scores, for a municipality and for
each respondent's own spread alike, come from one function (:func:`_area_arrays`). No global state, so a
partitioned engine (Dask ``map_partitions``) can run :func:`score_frame` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from maturity.model import Area, Questionnaire
from maturity.scoring.states import (
    MISSING,
    NA,
    NO_LEVEL,
    SCORED,
    UNKNOWN,
    CodedColumn,
    answered_states,
)

if TYPE_CHECKING:
    import pandas as pd

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray]


def state_column(qid: str) -> str:
    """The column of :func:`score_frame`'s input that holds the state codes of question ``qid``."""
    return f"{qid}:state"


@dataclass(frozen=True)
class Aggregated:
    """Per-municipality question states and scores after §4.6, plus respondent counts."""

    states: np.ndarray  # E x Q int8
    scores: np.ndarray  # E x Q float64, NaN where not answered
    respondents: np.ndarray  # E int64
    unknown: np.ndarray  # E x Q int32: respondents who said "weiß nicht"


COUNT_CODES_UP_TO = 32
"""Questions with at most this many distinct values are merged by counting codes per municipality;
others (numbers with many values) by summing per row."""


def merge_respondents(
    columns: Sequence[CodedColumn], entity: np.ndarray, entities: int
) -> Aggregated:
    """§4.6: several respondents of one municipality -> one state and score per question.

    ``columns`` holds every scored question, coded per respondent row; ``entity`` gives each row's
    municipality (0..entities-1), -1 for a rejected row. Counting codes per municipality avoids a float
    per row and question."""
    valid = entity >= 0
    all_valid = bool(valid.all())
    ent = (entity if all_valid else entity[valid]).astype(np.int64)
    out_states = np.full((entities, len(columns)), MISSING, dtype=np.int8)
    out_scores = np.full((entities, len(columns)), np.nan)
    out_unknown = np.zeros((entities, len(columns)), dtype=np.int32)
    offsets: dict[int, np.ndarray] = {}  # ent * n, shared by questions with n distinct values
    for q, column in enumerate(columns):
        state_lut, score_lut = column.state_lut, column.score_lut
        n = len(state_lut)
        kept = np.mod(
            column.codes if all_valid else column.codes[valid], n
        )  # -1 -> n - 1 (missing)
        answered_lut = answered_states(state_lut)
        value_lut = np.where(answered_lut, np.nan_to_num(score_lut, nan=0.0), 0.0)
        if n <= COUNT_CODES_UP_TO:
            if n not in offsets:
                offsets[n] = ent * n
            counts = np.bincount(offsets[n] + kept, minlength=entities * n).reshape(entities, n)
            n_answered = counts @ answered_lut.astype(np.int64)
            total = counts @ value_lut
            n_scored = counts @ (state_lut == SCORED).astype(np.int64)
            n_na = counts @ (state_lut == NA).astype(np.int64)
            n_unknown = counts @ (state_lut == UNKNOWN).astype(np.int64)
        else:
            n_answered = np.bincount(
                ent, weights=answered_lut[kept].astype(np.float64), minlength=entities
            )
            total = np.bincount(ent, weights=value_lut[kept], minlength=entities)
            n_scored = np.bincount(ent, weights=state_lut[kept] == SCORED, minlength=entities)
            n_na = np.bincount(ent, weights=state_lut[kept] == NA, minlength=entities)
            n_unknown = np.bincount(ent, weights=state_lut[kept] == UNKNOWN, minlength=entities)
        out_unknown[:, q] = n_unknown
        has = n_answered > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            out_scores[:, q] = np.where(has, total / np.where(has, n_answered, 1), np.nan)
        out_states[:, q] = np.select(
            [has & (n_scored > 0), has, n_na > 0], [SCORED, UNKNOWN, NA], default=MISSING
        )
    return Aggregated(out_states, out_scores, np.bincount(ent, minlength=entities), out_unknown)


# --- §4.2 area scores, from either source -----------------------------------------------------


class _QuestionSource(Protocol):
    def question(self, index: int) -> Arrays:
        """Per row: applicable (bool), answered (bool), and the score counted (0 where unanswered)."""
        ...


class _DenseSource:
    """Rows x questions arrays of states and scores (one row per municipality)."""

    def __init__(self, states: np.ndarray, scores: np.ndarray) -> None:
        self.applicable = states != NA
        self.answered = answered_states(states)
        self.values = np.where(self.answered, np.nan_to_num(scores, nan=0.0), 0.0)

    def question(self, index: int) -> Arrays:
        return self.applicable[:, index], self.answered[:, index], self.values[:, index]


class _CodedSource:
    """Coded questions (one row per respondent): nothing larger than a row vector is materialised."""

    def __init__(self, columns: Sequence[CodedColumn]) -> None:
        self.columns = columns

    def question(self, index: int) -> Arrays:
        column = self.columns[index]
        answered = answered_states(column.state_lut)
        values = np.where(answered, np.nan_to_num(column.score_lut, nan=0.0), 0.0)
        return (column.state_lut != NA)[column.codes], answered[column.codes], values[column.codes]


@dataclass(frozen=True)
class _AreaArrays:
    score: np.ndarray  # NaN where the area is not scored
    coverage: np.ndarray
    scored: np.ndarray  # bool
    not_applicable: np.ndarray  # bool
    answered_weight: np.ndarray


def _area_arrays(
    source: _QuestionSource,
    area: Area,
    position: dict[str, int],
    min_coverage: float,
    rows: int,
) -> _AreaArrays:
    """§4.2 for every row: coverage and score of one area (summed in questionnaire order, as the
    single path sums)."""
    applicable_w, answered_w, weighted = np.zeros(rows), np.zeros(rows), np.zeros(rows)
    for question in area.scored_questions:
        applicable, answered, value = source.question(position[question.id])
        w = question.weight
        applicable_w += np.where(applicable, w, 0.0)
        answered_w += np.where(answered, w, 0.0)
        weighted += w * value
    not_applicable = applicable_w == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(
            not_applicable, 0.0, answered_w / np.where(not_applicable, 1, applicable_w)
        )
        score = 100.0 * weighted / np.where(answered_w > 0, answered_w, 1)
    scored = ~not_applicable & (coverage >= min_coverage) & (answered_w > 0)
    return _AreaArrays(
        np.where(scored, score, np.nan), coverage, scored, not_applicable, answered_w
    )


def _positions(questionnaire: Questionnaire) -> dict[str, int]:
    return {q.id: i for i, q in enumerate(questionnaire.scored_questions)}


def area_spreads(
    columns: Sequence[CodedColumn],
    entity: np.ndarray,
    entities: int,
    questionnaire: Questionnaire,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """§4.6 spread: per area, the lowest and highest of the respondents' own area scores per
    municipality (NaN where no respondent has a score there)."""
    rows = len(entity)
    source = _CodedSource(columns)
    position = _positions(questionnaire)
    valid_rows = entity >= 0
    spreads = {}
    for area in questionnaire.areas:
        own = _area_arrays(source, area, position, questionnaire.min_coverage, rows).score
        low = np.full(entities, np.inf)
        high = np.full(entities, -np.inf)
        valid = ~np.isnan(own) & valid_rows
        np.minimum.at(low, entity[valid], own[valid])
        np.maximum.at(high, entity[valid], own[valid])
        missing = ~np.isfinite(low)
        spreads[area.id] = (np.where(missing, np.nan, low), np.where(missing, np.nan, high))
    return spreads


# --- §4.2–4.5 on a table ------------------------------------------------------------------------


def _level_of(scores: np.ndarray, questionnaire: Questionnaire) -> np.ndarray:
    """§4.4 level(x): the id of the last level whose min_score <= x (NO_LEVEL where x is NaN)."""
    mins = np.array([lv.min_score for lv in questionnaire.levels])
    ids = np.array([lv.id for lv in questionnaire.levels])
    position = np.searchsorted(mins, np.nan_to_num(scores, nan=-1.0), side="right") - 1
    return np.where(np.isnan(scores), NO_LEVEL, ids[np.clip(position, 0, len(ids) - 1)])


def score_frame(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """§4.2–4.5 for every row of ``frame`` (one row per municipality, after §4.6).

    Input columns, for every scored question: ``{qid}`` (score 0..1, NaN when not answered) and
    ``{qid}:state`` (int8 state code, see :mod:`maturity.scoring.states`). Output columns, same index:
    ``overall_score``, ``overall_level``, ``overall_coverage``; per area ``{area}_status``, ``_score``,
    ``_level``, ``_coverage``, ``_capped_by`` (question ids joined by ","); per question ``{qid}:gain``
    (NaN where §4.5 gives none). Scores are NaN and levels ``NO_LEVEL`` (0) where §4 says null.
    """
    import pandas as pd

    questions = questionnaire.scored_questions
    states = np.column_stack([frame[state_column(q.id)].to_numpy(np.int8) for q in questions])
    scores = np.column_stack([frame[q.id].to_numpy(np.float64) for q in questions])
    return pd.DataFrame(_score_arrays(states, scores, questionnaire), index=frame.index)


def frame_of(states: np.ndarray, scores: np.ndarray, questionnaire: Questionnaire) -> pd.DataFrame:
    """:func:`score_frame`'s input from rows x scored-question arrays of states and scores."""
    import pandas as pd

    data: dict[str, np.ndarray] = {}
    for c, question in enumerate(questionnaire.scored_questions):
        data[question.id] = scores[:, c]
        data[state_column(question.id)] = states[:, c]
    return pd.DataFrame(data)


def _score_arrays(
    states: np.ndarray, scores: np.ndarray, questionnaire: Questionnaire
) -> dict[str, np.ndarray]:
    rows = states.shape[0]
    source = _DenseSource(states, scores)
    position = _positions(questionnaire)
    out: dict[str, np.ndarray] = {}
    areas = [
        _area_arrays(source, area, position, questionnaire.min_coverage, rows)
        for area in questionnaire.areas
    ]
    for area, arrays in zip(questionnaire.areas, areas, strict=True):
        uncapped = _level_of(arrays.score, questionnaire)
        level = uncapped.copy()
        capped_by = np.full(rows, "", dtype=object)
        for q in area.scored_questions:
            if q.gate is None:
                continue
            i = position[q.id]
            caps = (
                arrays.scored
                & source.answered[:, i]
                & (source.values[:, i] < q.gate.min_score)
                & (q.gate.max_level < uncapped)
            )
            if caps.any():
                level = np.where(caps, np.minimum(level, q.gate.max_level), level)
                capped_by = np.where(
                    caps, np.where(capped_by == "", q.id, capped_by + "," + q.id), capped_by
                )
        out[f"{area.id}_status"] = np.where(
            arrays.not_applicable,
            "not_applicable",
            np.where(arrays.scored, "scored", "insufficient"),
        )
        out[f"{area.id}_score"] = arrays.score
        out[f"{area.id}_level"] = np.where(arrays.scored, level, NO_LEVEL)
        out[f"{area.id}_coverage"] = arrays.coverage
        out[f"{area.id}_capped_by"] = capped_by
    # §4.3 overall
    area_weights = np.array([a.weight for a in questionnaire.areas])
    scored_matrix = np.column_stack([a.scored for a in areas])
    considered_w = np.column_stack([~a.not_applicable for a in areas]) @ area_weights
    scored_w = scored_matrix @ area_weights
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(
            considered_w > 0, scored_w / np.where(considered_w > 0, considered_w, 1), 0.0
        )
        overall = (
            (np.nan_to_num(np.column_stack([a.score for a in areas])) * scored_matrix)
            @ area_weights
            / np.where(scored_w > 0, scored_w, 1)
        )
    has_overall = (coverage >= questionnaire.min_coverage) & (scored_w > 0)
    overall = np.where(has_overall, overall, np.nan)
    out["overall_score"] = overall
    out["overall_level"] = _level_of(overall, questionnaire)
    out["overall_coverage"] = coverage
    # §4.5 gains
    for a, (area, arrays) in enumerate(zip(questionnaire.areas, areas, strict=True)):
        share = np.where(scored_w > 0, area_weights[a] / np.where(scored_w > 0, scored_w, 1), 0.0)
        answered_w = np.where(arrays.answered_weight > 0, arrays.answered_weight, 1)
        for q in area.scored_questions:
            i = position[q.id]
            gain = 100.0 * share * (q.weight / answered_w) * (1.0 - source.values[:, i])
            eligible = scored_matrix[:, a] & source.answered[:, i]
            out[f"{q.id}:gain"] = np.where(eligible, gain, np.nan)
    return out
