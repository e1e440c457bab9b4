"""DESIGN.md §4 on whole tables: vectorised with numpy/pandas, the same results as ``scoring.py``.

A question's state is coded as an int8 (see ``STATE``); its score is a float in [0, 1], NaN where the
question was not answered. ``score_frame`` takes a DataFrame with one row per municipality (or per
respondent) and returns one: no global state, so a partitioned engine (Dask ``map_partitions``) can run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from maturity.model import Questionnaire

if TYPE_CHECKING:
    import pandas as pd

MISSING, SCORED, UNKNOWN, NA = 0, 1, 2, 3
STATE = {"missing": MISSING, "scored": SCORED, "unknown": UNKNOWN, "na": NA}
STATE_NAMES = {code: name for name, code in STATE.items()}
AREA_STATUS = ("scored", "insufficient", "not_applicable")


def state_column(qid: str) -> str:
    return f"{qid}:state"


@dataclass(frozen=True)
class Aggregated:
    """Per-municipality question states and scores after §4.6, plus respondent counts."""

    states: np.ndarray  # E x Q int8
    scores: np.ndarray  # E x Q float64, NaN where not answered
    respondents: np.ndarray  # E int64


def code_states(
    states: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row states and scores of one question -> ``(codes, state_lut, score_lut)``, one code per
    distinct (state, score) pair; the last lut entry is "missing" (code -1)."""
    pairs = np.column_stack([states.astype(np.float64), np.where(np.isnan(scores), -1.0, scores)])
    uniques, inverse = np.unique(pairs, axis=0, return_inverse=True)
    state_lut = np.append(uniques[:, 0].astype(np.int8), MISSING)
    score_lut = np.append(np.where(uniques[:, 1] < 0, np.nan, uniques[:, 1]), np.nan)
    return inverse.astype(np.int32).reshape(-1), state_lut, score_lut


def aggregate(
    states: np.ndarray, scores: np.ndarray, entity: np.ndarray, entities: int
) -> Aggregated:
    """§4.6: several respondents of one municipality -> one state and score per question.

    ``states``/``scores`` are respondent x question; ``entity`` gives each respondent's municipality
    index (0..entities-1). The same computation as ``batch`` runs, via :func:`aggregate_coded`."""
    columns = [code_states(states[:, q], scores[:, q]) for q in range(states.shape[1])]
    return aggregate_coded(columns, entity, entities)


COUNT_CODES_UP_TO = 32
"""Questions with at most this many distinct values are aggregated by counting codes per municipality;
others (numbers with many values) by summing per row."""


def aggregate_coded(
    columns: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], entity: np.ndarray, entities: int
) -> Aggregated:
    """§4.6 like :func:`aggregate`, from coded questions: ``(codes, state_lut, score_lut)`` per question
    (code -1 = empty cell = the last lut entry). ``entity`` is each row's municipality, -1 for a
    rejected row. Counting codes per municipality avoids a float per row and question."""
    valid = entity >= 0
    all_valid = bool(valid.all())
    ent = (entity if all_valid else entity[valid]).astype(np.int64)
    out_states = np.zeros((entities, len(columns)), dtype=np.int8)
    out_scores = np.full((entities, len(columns)), np.nan)
    offsets: dict[int, np.ndarray] = {}  # ent * n, shared by questions with n distinct values
    for q, (codes, state_lut, score_lut) in enumerate(columns):
        n = len(state_lut)
        kept = np.mod(codes if all_valid else codes[valid], n)  # code -1 (empty) -> n - 1 (missing)
        answered_lut = (state_lut == SCORED) | (state_lut == UNKNOWN)
        value_lut = np.where(answered_lut, np.nan_to_num(score_lut, nan=0.0), 0.0)
        if n <= COUNT_CODES_UP_TO:
            if n not in offsets:
                offsets[n] = ent * n
            counts = np.bincount(offsets[n] + kept, minlength=entities * n).reshape(entities, n)
            n_answered = counts @ answered_lut.astype(np.int64)
            total = counts @ value_lut
            n_scored = counts @ (state_lut == SCORED).astype(np.int64)
            n_na = counts @ (state_lut == NA).astype(np.int64)
        else:
            n_answered = np.bincount(
                ent, weights=answered_lut[kept].astype(np.float64), minlength=entities
            )
            total = np.bincount(ent, weights=value_lut[kept], minlength=entities)
            n_scored = np.bincount(ent, weights=state_lut[kept] == SCORED, minlength=entities)
            n_na = np.bincount(ent, weights=state_lut[kept] == NA, minlength=entities)
        has = n_answered > 0
        with np.errstate(invalid="ignore", divide="ignore"):
            out_scores[:, q] = np.where(has, total / np.where(has, n_answered, 1), np.nan)
        out_states[:, q] = np.select(
            [has & (n_scored > 0), has, n_na > 0], [SCORED, UNKNOWN, NA], default=MISSING
        )
    return Aggregated(out_states, out_scores, np.bincount(ent, minlength=entities))


def row_area_scores(
    columns: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], questionnaire: Questionnaire
) -> dict[str, np.ndarray]:
    """Every row's own area scores (§4.2), from coded questions in questionnaire order."""
    position = {q.id: i for i, q in enumerate(q for q in questionnaire.questions if q.scored)}
    result = {}
    for area in questionnaire.areas:
        rows = len(columns[position[area.scored_questions[0].id]][0])
        applicable_w, answered_w, weighted = np.zeros(rows), np.zeros(rows), np.zeros(rows)
        for question in area.scored_questions:
            codes, state_lut, score_lut = columns[position[question.id]]
            answered_lut = (state_lut == SCORED) | (state_lut == UNKNOWN)
            w = question.weight
            # a code of -1 (empty cell) picks the last entry: missing
            applicable_w += np.where(state_lut != NA, w, 0.0)[codes]
            answered_w += np.where(answered_lut, w, 0.0)[codes]
            weighted += np.where(answered_lut, w * np.nan_to_num(score_lut, nan=0.0), 0.0)[codes]
        with np.errstate(invalid="ignore", divide="ignore"):
            coverage = answered_w / np.where(applicable_w > 0, applicable_w, 1)
            score = 100.0 * weighted / np.where(answered_w > 0, answered_w, 1)
        scored = (applicable_w > 0) & (coverage >= questionnaire.min_coverage) & (answered_w > 0)
        result[area.id] = np.where(scored, score, np.nan)
    return result


def _level_of(scores: np.ndarray, questionnaire: Questionnaire) -> np.ndarray:
    """§4.4 level(x): the id of the last level whose min_score <= x (0 where x is NaN)."""
    mins = np.array([lv.min_score for lv in questionnaire.levels])
    ids = np.array([lv.id for lv in questionnaire.levels])
    position = np.searchsorted(mins, np.nan_to_num(scores, nan=-1.0), side="right") - 1
    return np.where(np.isnan(scores), 0, ids[np.clip(position, 0, len(ids) - 1)])


def score_frame(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """§4.2–4.5 for every row of ``frame``.

    Input columns: ``{qid}`` (score 0..1, NaN when not answered) and ``{qid}:state`` (int8, ``STATE``)
    for every scored question. Output columns: ``overall_score``, ``overall_level``,
    ``overall_coverage``; per area ``{area}_status``, ``_score``, ``_level``, ``_coverage``,
    ``_capped_by`` (question ids joined by ","); and ``{qid}:gain`` per question (NaN where §4.5 gives none).
    """
    import pandas as pd

    scored_questions = [q for q in questionnaire.questions if q.scored]
    states = np.column_stack(
        [frame[state_column(q.id)].to_numpy(np.int8) for q in scored_questions]
    )
    scores = np.column_stack([frame[q.id].to_numpy(np.float64) for q in scored_questions])
    result = score_arrays(states, scores, questionnaire)
    result.index = frame.index
    return pd.DataFrame(result)


def score_arrays(
    states: np.ndarray, scores: np.ndarray, questionnaire: Questionnaire
) -> pd.DataFrame:
    """:func:`score_frame` on arrays (rows x scored questions, in questionnaire order)."""
    import pandas as pd

    rows = states.shape[0]
    ids = [q.id for q in questionnaire.questions if q.scored]
    column = {qid: i for i, qid in enumerate(ids)}
    answered = (states == SCORED) | (states == UNKNOWN)
    applicable = states != NA
    values = np.where(answered, np.nan_to_num(scores, nan=0.0), 0.0)
    out: dict[str, np.ndarray] = {}
    area_scores, area_scored, area_considered = [], [], []
    area_parts = []
    for area in questionnaire.areas:
        idx = [column[q.id] for q in area.scored_questions]
        weights = np.array([q.weight for q in area.scored_questions])
        applicable_w = applicable[:, idx] @ weights
        answered_w = answered[:, idx] @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            coverage = np.where(
                applicable_w > 0, answered_w / np.where(applicable_w > 0, applicable_w, 1), 0.0
            )
            score = 100.0 * (values[:, idx] @ weights) / np.where(answered_w > 0, answered_w, 1)
        not_applicable = applicable_w == 0
        scored = ~not_applicable & (coverage >= questionnaire.min_coverage) & (answered_w > 0)
        score = np.where(scored, score, np.nan)
        uncapped = _level_of(score, questionnaire)
        level = uncapped.copy()
        capped_by = np.full(rows, "", dtype=object)
        for q in area.scored_questions:
            if q.gate is None:
                continue
            i = column[q.id]
            caps = (
                scored
                & answered[:, i]
                & (values[:, i] < q.gate.min_score)
                & (q.gate.max_level < uncapped)
            )
            if caps.any():
                level = np.where(caps, np.minimum(level, q.gate.max_level), level)
                capped_by = np.where(
                    caps, np.where(capped_by == "", q.id, capped_by + "," + q.id), capped_by
                )
        status = np.where(
            not_applicable, "not_applicable", np.where(scored, "scored", "insufficient")
        )
        out[f"{area.id}_status"] = status
        out[f"{area.id}_score"] = score
        out[f"{area.id}_level"] = np.where(scored, level, 0)
        out[f"{area.id}_coverage"] = coverage
        out[f"{area.id}_capped_by"] = capped_by
        area_scores.append(score)
        area_scored.append(scored)
        area_considered.append(~not_applicable)
        area_parts.append((idx, weights, answered_w))
    area_weights = np.array([a.weight for a in questionnaire.areas])
    scored_matrix = np.column_stack(area_scored)
    considered_matrix = np.column_stack(area_considered)
    scored_w = scored_matrix @ area_weights
    considered_w = considered_matrix @ area_weights
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(
            considered_w > 0, scored_w / np.where(considered_w > 0, considered_w, 1), 0.0
        )
        overall = (
            (np.nan_to_num(np.column_stack(area_scores)) * scored_matrix)
            @ area_weights
            / np.where(scored_w > 0, scored_w, 1)
        )
    has_overall = (coverage >= questionnaire.min_coverage) & (scored_w > 0)
    out["overall_score"] = np.where(has_overall, overall, np.nan)
    out["overall_level"] = np.where(
        has_overall, _level_of(np.where(has_overall, overall, np.nan), questionnaire), 0
    )
    out["overall_coverage"] = coverage
    # §4.5 gains
    for a, (idx, weights, answered_w) in enumerate(area_parts):
        share = np.where(scored_w > 0, area_weights[a] / np.where(scored_w > 0, scored_w, 1), 0.0)
        for j, i in enumerate(idx):
            with np.errstate(invalid="ignore", divide="ignore"):
                gain = (
                    100.0
                    * share
                    * (weights[j] / np.where(answered_w > 0, answered_w, 1))
                    * (1.0 - values[:, i])
                )
            eligible = scored_matrix[:, a] & answered[:, i]
            out[f"{ids[i]}:gain"] = np.where(eligible, gain, np.nan)
    return pd.DataFrame(out)
