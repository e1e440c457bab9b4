"""The batch's arrays -> each municipality's result, in the shapes the single path uses: the parts of a
§4.7 object for ``results.jsonl`` and a :class:`~maturity.model.Result` for its report. Nothing is scored
again here; recommendations are ordered by the one function both paths share."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from maturity.batch.entities import municipality_of
from maturity.batch.run import BatchResult
from maturity.model import (
    AnswerSet,
    AreaResult,
    AreaStatus,
    Municipality,
    OverallResult,
    QuestionResult,
    QuestionState,
    Recommendation,
    Result,
)
from maturity.output.resultjson import ResultSerialiser, json_line
from maturity.scoring.advice import recommend
from maturity.scoring.states import MISSING, NA, STATE_NAMES, level_or_none


@dataclass(frozen=True)
class EntityScores:
    """One municipality's scores, taken from the batch arrays."""

    municipality: Municipality
    respondents: int
    overall: OverallResult
    areas: tuple[AreaResult, ...]
    states: list[QuestionState]
    scores: list[float | None]
    gains: list[float | None]
    recommendations: tuple[Recommendation, ...]
    unknown: list[int]


def _none_for_nan(values: list[float]) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values]


class BatchScores:
    """Column arrays of a batch result, read once; :meth:`entity` slices one municipality."""

    def __init__(self, result: BatchResult) -> None:
        self.result = result
        q = result.questionnaire
        table = result.table
        # Python lists: one municipality's values are read by index, which is far cheaper on a list
        # than on a NumPy array (a scalar object per access)
        self.column = {c: table[c].tolist() for c in table.columns if not c.endswith(":gain")}
        self.spreads = {
            a: (low.tolist(), high.tolist()) for a, (low, high) in result.spreads.items()
        }
        self.gains = np.column_stack(
            [table[f"{question.id}:gain"].to_numpy() for question in q.scored_questions]
        )
        self.unanswered = (result.states == MISSING) | (result.states == NA)
        entities = result.entities
        self.ids = [str(v) for v in entities["id"]]
        self.names = [str(v) for v in entities["name"]]
        self.populations = [str(v) for v in entities["population"]]
        self.respondents = [int(v) for v in entities["respondents"]]

    def __len__(self) -> int:
        return len(self.ids)

    def entity(self, e: int) -> EntityScores:
        result, column = self.result, self.column
        q = result.questionnaire
        areas = []
        for area in q.areas:
            score = float(column[f"{area.id}_score"][e])
            low, high = self.spreads[area.id]
            spread = None if math.isnan(low[e]) else (float(low[e]), float(high[e]))
            status: AreaStatus = str(column[f"{area.id}_status"][e])  # type: ignore[assignment]
            areas.append(
                AreaResult(
                    area.id,
                    status,
                    None if math.isnan(score) else score,
                    level_or_none(int(column[f"{area.id}_level"][e])),
                    float(column[f"{area.id}_coverage"][e]),
                    tuple(c for c in str(column[f"{area.id}_capped_by"][e]).split(",") if c),
                    spread,
                )
            )
        overall_score = float(column["overall_score"][e])
        overall = OverallResult(
            None if math.isnan(overall_score) else overall_score,
            level_or_none(int(column["overall_level"][e])),
            float(column["overall_coverage"][e]),
        )
        gains = _none_for_nan(self.gains[e].tolist())
        capping = {qid for area_result in areas for qid in area_result.capped_by}
        return EntityScores(
            municipality=municipality_of(self.ids[e], self.names[e], self.populations[e]),
            respondents=self.respondents[e],
            overall=overall,
            areas=tuple(areas),
            states=[STATE_NAMES[code] for code in result.states[e].tolist()],
            scores=_none_for_nan(np.where(self.unanswered[e], np.nan, result.scores[e]).tolist()),
            gains=gains,
            recommendations=recommend(q, gains, capping),
            unknown=result.unknown[e].tolist(),
        )


def results_lines(result: BatchResult, lang: str = "de") -> Iterator[bytes]:
    """The §4.7 JSON object of every municipality, one line each: the same fields and values as
    ``report -f json`` gives for one municipality."""
    serialiser = ResultSerialiser(result.questionnaire, lang)
    scores = BatchScores(result)
    for e in range(len(scores)):
        yield json_line(_document(serialiser, scores.entity(e)))


def _document(serialiser: ResultSerialiser, entity: EntityScores) -> dict[str, Any]:
    return serialiser.document(
        municipality=entity.municipality,
        assessed_on="",
        assessor="",
        respondents=entity.respondents,
        overall=entity.overall,
        areas=entity.areas,
        states=entity.states,
        scores=entity.scores,
        gains=entity.gains,
        recommendations=entity.recommendations,
    )


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
    return Result(
        questionnaire=q,
        overall=entity.overall,
        areas=entity.areas,
        questions=questions,
        recommendations=entity.recommendations,
        answers=AnswerSet(q.id, {}, q.version, entity.municipality),
        respondents=entity.respondents,
    )
