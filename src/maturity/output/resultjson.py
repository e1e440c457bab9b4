"""The JSON result (§4.7): ``report -f json``, and one line per municipality of ``results.jsonl``.

The one place where its field names, their order and their values are decided. The single path hands
over a :class:`~maturity.model.Result`; the batch hands over the same parts taken from its arrays
(:meth:`ResultSerialiser.document`), so both write the same JSON for the same scores.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from maturity.model import (
    AreaResult,
    Municipality,
    OverallResult,
    Questionnaire,
    QuestionResult,
    QuestionState,
    Recommendation,
    Result,
    tr,
)


class ResultSerialiser:
    """§4.7 objects of one questionnaire in one language; texts are looked up once per batch."""

    def __init__(self, questionnaire: Questionnaire, lang: str = "de") -> None:
        self.questionnaire = questionnaire
        self.level_names = {lv.id: tr(lv.name, lang) for lv in questionnaire.levels}
        self.area_names = {a.id: tr(a.name, lang) for a in questionnaire.areas}
        self.texts = {q.id: tr(q.recommendation, lang) for q in questionnaire.scored_questions}
        self.questions = [(q.id, q.area) for q in questionnaire.scored_questions]

    def document(
        self,
        *,
        municipality: Municipality,
        assessed_on: str,
        assessor: str,
        respondents: int,
        overall: OverallResult,
        areas: Sequence[AreaResult],
        states: Sequence[QuestionState],
        scores: Sequence[float | None],
        gains: Sequence[float | None],
        recommendations: Sequence[Recommendation],
    ) -> dict[str, Any]:
        """The §4.7 object. ``states``, ``scores`` and ``gains`` follow the questionnaire's scored
        questions; scores are unrounded, None where §4 says null."""
        q = self.questionnaire
        return {
            "questionnaire": {"id": q.id, "version": q.version},
            "municipality": {
                "name": municipality.name,
                "ags": municipality.ags,
                "population": municipality.population,
                "state": municipality.state,
            },
            "assessed_on": assessed_on,
            "assessor": assessor,
            "respondents": respondents,
            "overall": {
                "score": overall.score,
                "level": overall.level,
                "level_name": self.level_names.get(overall.level) if overall.level else None,
                "coverage": overall.coverage,
            },
            "areas": [self._area(area) for area in areas],
            "questions": [
                {"id": qid, "area": area, "state": state, "score": score, "gain": gain}
                for (qid, area), state, score, gain in zip(
                    self.questions, states, scores, gains, strict=True
                )
            ],
            "recommendations": [
                {
                    "question": rec.question,
                    "area": rec.area,
                    "gain": rec.gain,
                    "effort": rec.effort,
                    "phase": rec.phase,
                    "caps_level": rec.caps_level,
                    "text": self.texts[rec.question],
                    "refs": list(q.question_index[rec.question].refs),
                }
                for rec in recommendations
            ],
        }

    def _area(self, area: AreaResult) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": area.id,
            "name": self.area_names[area.id],
            "status": area.status,
            "score": area.score,
            "level": area.level,
            "level_name": self.level_names.get(area.level) if area.level else None,
            "coverage": area.coverage,
            "capped_by": list(area.capped_by),
        }
        if area.spread is not None:
            entry["spread"] = list(area.spread)
        return entry

    def result(self, result: Result) -> dict[str, Any]:
        """The §4.7 object of a single-path result."""
        answers = result.answers
        questions: Sequence[QuestionResult] = result.questions
        return self.document(
            municipality=answers.municipality if answers else Municipality(),
            assessed_on=answers.assessed_on if answers else "",
            assessor=answers.assessor if answers else "",
            respondents=result.respondents,
            overall=result.overall,
            areas=result.areas,
            states=[r.state for r in questions],
            scores=[r.score for r in questions],
            gains=[r.gain for r in questions],
            recommendations=result.recommendations,
        )


def result_to_dict(result: Result, lang: str = "de") -> dict[str, Any]:
    """Plain data with the field names of §4.7."""
    return ResultSerialiser(result.questionnaire, lang).result(result)


def result_to_json(result: Result, lang: str = "de") -> str:
    """``report -f json``: the §4.7 object, indented."""
    return json.dumps(result_to_dict(result, lang), ensure_ascii=False, indent=2) + "\n"


def json_line(document: dict[str, Any]) -> bytes:
    """One line of ``results.jsonl`` (UTF-8, compact, no line end): orjson writes the same values as
    the standard library ten times as fast, which matters for 11,000 municipalities."""
    import orjson

    return orjson.dumps(document)
