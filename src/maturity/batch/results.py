"""The batch's arrays -> each municipality's result, in the shapes the single path uses: the parts of a
§4.7 object for ``results.jsonl`` and a :class:`~maturity.model.Result` for its report. Nothing is scored
again here; the arrays become Python lists once, and the recommendations of every municipality are
ordered at once (:func:`recommendation_order`, §4.5 as :func:`~maturity.scoring.advice.recommend`
orders them; a property test holds the two together)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from maturity.batch.entities import municipality_of
from maturity.batch.run import BatchResult
from maturity.model import (
    PHASE_BY_EFFORT,
    AnswerSet,
    AreaResult,
    OverallResult,
    Question,
    Questionnaire,
    QuestionResult,
    Recommendation,
    Result,
)
from maturity.output.resultjson import ResultParts, ResultSerialiser
from maturity.scoring.states import MISSING, NA, STATE_NAMES, level_or_none


@dataclass(frozen=True)
class EntityScores(ResultParts):
    """One municipality's scores, taken from the batch arrays."""

    unknown: list[int] = field(default_factory=list)
    """Per scored question: respondents who said "weiß nicht"."""


def _lists(matrix: np.ndarray, missing: np.ndarray | None = None) -> list[list[Any]]:
    """Rows of a float matrix as lists of Python floats, None where NaN (or ``missing``)."""
    gaps = np.isnan(matrix) if missing is None else np.isnan(matrix) | missing
    cells = matrix.astype(object)
    cells[gaps] = None
    rows: list[list[Any]] = cells.tolist()
    return rows


def recommendation_order(
    questionnaire: Questionnaire, gains: np.ndarray, steps: np.ndarray
) -> list[list[int]]:
    """§4.5 for every municipality at once: the positions of the questions to recommend (advice for
    the answer given, see ``steps``, and a positive gain), by gain descending, ties in questionnaire
    order, as :func:`~maturity.scoring.advice.recommend` orders them."""
    with_text = np.column_stack(
        [_has_advice(q, steps[:, c]) for c, q in enumerate(questionnaire.scored_questions)]
    ).reshape(gains.shape)
    wanted = (gains > 0) & with_text  # NaN > 0 is False
    order = np.argsort(np.where(wanted, -gains, np.inf), axis=1, kind="stable")
    counts = wanted.sum(axis=1).tolist()
    return [row[:n] for row, n in zip(order.tolist(), counts, strict=True)]


def _has_advice(question: Question, steps: np.ndarray) -> np.ndarray:
    """Per municipality: whether the question has advice for its step (its own, or a ``next``)."""
    by_step = [bool(question.advice_for(step)) for step in range(-1, len(question.steps))]
    has: np.ndarray = np.array(by_step, dtype=bool)[steps + 1]
    return has


class BatchScores:
    """Column arrays of a batch result, turned into Python lists once; :meth:`entity` picks one
    municipality. Given ``rows``, only those municipalities are taken (a process writing part of
    results.jsonl converts only its part)."""

    def __init__(self, result: BatchResult, rows: range | None = None) -> None:
        self.result = result
        self.rows = range(len(result.entities)) if rows is None else rows
        part = slice(self.rows.start, self.rows.stop)
        q = result.questionnaire
        table = result.table.iloc[part]
        self.column = {c: table[c].tolist() for c in table.columns if not c.endswith(":gain")}
        self.spreads = {
            a: (low[part].tolist(), high[part].tolist())
            for a, (low, high) in result.spreads.items()
        }
        self.areas = [  # per area, its columns, looked up once
            (
                area.id,
                self.column[f"{area.id}_status"],
                self.column[f"{area.id}_score"],
                self.column[f"{area.id}_level"],
                self.column[f"{area.id}_coverage"],
                self.column[f"{area.id}_capped_by"],
                *self.spreads[area.id],
            )
            for area in q.areas
        ]
        gains = np.column_stack(
            [table[f"{question.id}:gain"].to_numpy() for question in q.scored_questions]
        ).reshape(len(table), len(q.scored_questions))
        states = result.states[part]
        unanswered = (states == MISSING) | (states == NA)
        self.states = np.array(STATE_NAMES, dtype=object)[states].tolist()
        self.scores = _lists(result.scores[part], unanswered)
        self.gains = _lists(gains)
        steps: np.ndarray = (
            result.steps[part]
            if result.steps is not None
            else np.full(gains.shape, -1, dtype=np.int64)
        )
        self.steps: list[list[int]] = steps.tolist()
        self.order = recommendation_order(q, gains, steps)
        self.question_ids = [question.id for question in q.scored_questions]
        self.unknown = result.unknown[part].tolist()
        entities = result.entities.iloc[part]
        self.ids = [str(v) for v in entities["id"]]
        self.names = [str(v) for v in entities["name"]]
        self.populations = [str(v) for v in entities["population"]]
        self.respondents = [int(v) for v in entities["respondents"]]

    def __len__(self) -> int:
        return len(self.ids)

    def entity(self, entity: int) -> EntityScores:
        """Municipality number ``entity`` of the whole result (one of :attr:`rows`)."""
        e = entity - self.rows.start
        column = self.column
        areas = []
        for area_id, status, score, level, coverage, capped_by, low, high in self.areas:
            capped = capped_by[e]
            areas.append(
                AreaResult(
                    area_id,
                    status[e],
                    None if math.isnan(score[e]) else score[e],
                    level_or_none(level[e]),
                    coverage[e],
                    tuple(capped.split(",")) if capped else (),
                    None if math.isnan(low[e]) else (low[e], high[e]),
                )
            )
        overall_score = column["overall_score"][e]
        overall = OverallResult(
            None if math.isnan(overall_score) else overall_score,
            level_or_none(column["overall_level"][e]),
            column["overall_coverage"][e],
        )
        capping = {qid for area_result in areas for qid in area_result.capped_by}
        gains, ids, steps = self.gains[e], self.question_ids, self.steps[e]
        profiles = self.result.profiles
        return EntityScores(
            municipality=municipality_of(self.ids[e], self.names[e], self.populations[e]),
            respondents=self.respondents[e],
            overall=overall,
            areas=tuple(areas),
            states=self.states[e],
            scores=self.scores[e],
            gains=gains,
            recommendations=[
                (ids[p], gains[p], ids[p] in capping, steps[p]) for p in self.order[e]
            ],
            profile=profiles[entity] if profiles else {},
            unknown=self.unknown[e],
        )


def results_lines(
    result: BatchResult, lang: str = "de", rows: range | None = None
) -> Iterator[bytes]:
    """The §4.7 JSON object of every municipality (or of those in ``rows``), one line each: the
    same fields and values as ``report -f json`` gives for one municipality."""
    serialiser = ResultSerialiser(result.questionnaire, lang)
    scores = BatchScores(result, rows)
    for e in scores.rows:
        yield serialiser.line(scores.entity(e))


def entity_result(scores: BatchScores, e: int) -> Result:
    """The full :class:`~maturity.model.Result` of one municipality, for its report."""
    q = scores.result.questionnaire
    entity = scores.entity(e)
    questions = tuple(
        QuestionResult(question.id, question.area, state, score, gain, unknown)
        for question, state, score, gain, unknown in zip(
            q.scored_questions,
            entity.states,
            entity.scores,
            entity.gains,
            entity.unknown,
            strict=True,
        )
    )
    advice = {question.id: question for question in q.scored_questions}
    recommendations = tuple(
        Recommendation(
            question=qid,
            area=advice[qid].area,
            gain=gain,
            effort=advice[qid].effort,
            phase=PHASE_BY_EFFORT[advice[qid].effort],
            caps_level=caps,
            obligation=advice[qid].obligation is not None,
            step=advice[qid].advice_step(step),
        )
        for qid, gain, caps, step in entity.recommendations
    )
    return Result(
        questionnaire=q,
        overall=entity.overall,
        areas=entity.areas,
        questions=questions,
        recommendations=recommendations,
        answers=AnswerSet(q.id, {}, q.version, entity.municipality, profile=entity.profile),
        respondents=entity.respondents,
    )
