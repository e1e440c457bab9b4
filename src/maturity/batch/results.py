"""The batch's arrays -> each municipality's result, in the shapes the single path uses: the parts of a
§4.7 object for ``results.jsonl`` and a :class:`~maturity.model.Result` for its report. Nothing is scored
again here; the arrays become Python lists once, and the recommendations of every municipality are
ordered at once (:func:`~maturity.scoring.advice.recommendation_order`, §4.5 as :func:`~maturity.scoring.advice.recommend`
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
    AnswerSet,
    AreaResult,
    OverallResult,
    QuestionResult,
    Result,
)
from maturity.output.resultjson import ResultParts, ResultSerialiser
from maturity.scoring.advice import overdue, recommendation, recommendation_order
from maturity.scoring.states import MISSING, NA, STATE_NAMES, level_or_none


@dataclass(frozen=True)
class EntityScores(ResultParts):
    """One municipality's scores, taken from the batch arrays."""

    unknown: list[int] = field(default_factory=list)
    """Per scored question: respondents who said "weiß nicht"."""
    held: list[bool | None] = field(default_factory=list)
    """Per scored question: whether its gate holds (None: no gate, or it does not apply)."""


def _lists(matrix: np.ndarray, missing: np.ndarray | None = None) -> list[list[Any]]:
    """Rows of a float matrix as lists of Python floats, None where NaN (or ``missing``)."""
    gaps = np.isnan(matrix) if missing is None else np.isnan(matrix) | missing
    cells = matrix.astype(object)
    cells[gaps] = None
    rows: list[list[Any]] = cells.tolist()
    return rows


def _entry(
    qid: str, gain: float, caps: bool, step: int, due: str, as_of: str
) -> tuple[str, float, bool, int, str, bool]:
    """A recommendation of a legal duty, with its deadline and whether it is overdue (§4.5)."""
    return qid, gain, caps, step, due, overdue(due, as_of)


def _held_lists(held: np.ndarray, states: np.ndarray, gated: list[int]) -> list[list[bool | None]]:
    """Per municipality and scored question: whether its gate holds; None without a gate or where
    the question does not apply."""
    rows: list[list[bool | None]] = [[None] * states.shape[1] for _ in range(states.shape[0])]
    for c in gated:
        applies = (states[:, c] != NA).tolist()
        for e, (value, applied) in enumerate(zip(held[:, c].tolist(), applies, strict=True)):
            if applied:
                rows[e][c] = value
    return rows


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
                self.column[f"{area.id}_answered"],
                self.column[f"{area.id}_few_questions"],
                self.column[f"{area.id}_weight"],
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
        held = result.held[part] if result.held is not None else np.zeros(states.shape, bool)
        gated = [c for c, question in enumerate(q.scored_questions) if question.gate is not None]
        self.held = _held_lists(held, states, gated)
        self.due = {
            position: [
                q.scored_questions[position].due[i].date if i >= 0 else ""
                for i in chosen[part].tolist()
            ]
            for position, chosen in result.deadlines.items()
        }
        self.as_of = result.as_of
        self.question_ids = [question.id for question in q.scored_questions]
        self.duty = [question.obligation is not None for question in q.scored_questions]
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
        for (
            area_id,
            status,
            score,
            level,
            coverage,
            capped_by,
            low,
            high,
            answered,
            few,
            weight,
        ) in self.areas:
            capped = capped_by[e]
            areas.append(
                AreaResult(
                    area_id,
                    status[e],
                    None if math.isnan(score[e]) else score[e],
                    level_or_none(level[e]),
                    None if math.isnan(coverage[e]) else coverage[e],
                    tuple(capped.split(",")) if capped else (),
                    None if math.isnan(low[e]) else (low[e], high[e]),
                    answered[e],
                    few[e],
                    weight[e],
                )
            )
        overall_score = column["overall_score"][e]
        overall_capped = column["overall_capped_by"][e]
        overall = OverallResult(
            None if math.isnan(overall_score) else overall_score,
            level_or_none(column["overall_level"][e]),
            column["overall_coverage"][e],
            tuple(overall_capped.split(",")) if overall_capped else (),
        )
        capping = {qid for area_result in areas for qid in area_result.capped_by}
        capping.update(overall.capped_by)
        gains, ids, steps = self.gains[e], self.question_ids, self.steps[e]
        due = {position: dates[e] for position, dates in self.due.items()}
        duty = self.duty
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
                _entry(ids[p], gains[p], ids[p] in capping, steps[p], due.get(p, ""), self.as_of)
                if duty[p]
                else (ids[p], gains[p], ids[p] in capping, steps[p], "", False)
                for p in self.order[e]
            ],
            profile=profiles[entity] if profiles else {},
            unknown=self.unknown[e],
            held=self.held[e],
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
        QuestionResult(question.id, question.area, state, score, gain, unknown, held)
        for question, state, score, gain, unknown, held in zip(
            q.scored_questions,
            entity.states,
            entity.scores,
            entity.gains,
            entity.unknown,
            entity.held,
            strict=True,
        )
    )
    recommendations = tuple(
        recommendation(q.question_index[qid], gain, caps, step, due, scores.as_of)
        for qid, gain, caps, step, due, _ in entity.recommendations
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
