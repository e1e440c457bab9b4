"""The JSON result (§4.7): ``report -f json``, and one line per municipality of ``results.jsonl``.

The one place where its field names, their order and their values are decided. The single path hands
over a :class:`~maturity.model.Result`; the batch hands over the same parts taken from its arrays
(:meth:`ResultSerialiser.document`), so both write the same JSON for the same scores.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from maturity.model import (
    PHASE_BY_EFFORT,
    AreaResult,
    Municipality,
    OverallResult,
    ProfileValue,
    Questionnaire,
    QuestionResult,
    QuestionState,
    Result,
    target_gap,
    tr,
)


@dataclass(frozen=True)
class ResultParts:
    """What a §4.7 object says of one municipality, in questionnaire order."""

    municipality: Municipality
    respondents: int
    overall: OverallResult
    areas: tuple[AreaResult, ...]
    states: list[QuestionState]
    scores: list[float | None]
    """Unrounded, None where §4 says null."""
    gains: list[float | None]
    recommendations: list[tuple[str, float, bool, int, str, bool]]
    """Question, gain, whether it caps a level, the step whose advice it gives
    (:attr:`~maturity.model.Recommendation.step`), the duty's deadline ("" for none) and whether it
    is overdue, in the order of §4.5."""
    profile: Mapping[str, ProfileValue] = field(default_factory=dict)
    """The profile answers the municipality was routed by (§4.1, §4.6)."""


class ResultSerialiser:
    """§4.7 objects of one questionnaire in one language; texts are looked up once per batch."""

    def __init__(self, questionnaire: Questionnaire, lang: str = "de") -> None:
        self.questionnaire = questionnaire
        self.level_names = {lv.id: tr(lv.name, lang) for lv in questionnaire.levels}
        self.area_names = {a.id: tr(a.name, lang) for a in questionnaire.areas}
        self.questions = [(q.id, q.area) for q in questionnaire.scored_questions]
        self.lang = lang
        self.advice = {
            q.id: (q.area, q.effort, PHASE_BY_EFFORT[q.effort], q.refs, q.obligation is not None)
            for q in questionnaire.scored_questions
        }
        """Per question, what its recommendation says whatever the gain and the answer: area,
        effort, phase, references, whether it is a legal duty."""
        self.profile_ids = [p.id for p in questionnaire.profile]
        self.head = {"id": questionnaire.id, "version": questionnaire.version}
        self._cached_pieces: _Pieces | None = None

    def document(
        self, parts: ResultParts, *, assessed_on: str = "", assessor: str = ""
    ) -> dict[str, Any]:
        """The §4.7 object of ``parts``."""
        return self._object(
            parts,
            assessed_on,
            assessor,
            [
                self._question(qid, area, state, score, gain)
                for (qid, area), state, score, gain in zip(
                    self.questions, parts.states, parts.scores, parts.gains, strict=True
                )
            ],
            [
                self._recommendation(question, gain, caps, step, due, late)
                for question, gain, caps, step, due, late in parts.recommendations
            ],
        )

    def _object(
        self, parts: ResultParts, assessed_on: str, assessor: str, questions: Any, recommended: Any
    ) -> dict[str, Any]:
        municipality, overall = parts.municipality, parts.overall
        document = {
            "questionnaire": self.head,
            "municipality": {
                "name": municipality.name,
                "ags": municipality.ags,
                "population": municipality.population,
                "state": municipality.state,
            },
            "assessed_on": assessed_on,
            "assessor": assessor,
            "respondents": parts.respondents,
            **(
                {"profile": {pid: parts.profile.get(pid) for pid in self.profile_ids}}
                if self.profile_ids
                else {}
            ),
            "overall": {
                "score": overall.score,
                "level": overall.level,
                "level_name": self.level_names.get(overall.level) if overall.level else None,
                "coverage": overall.coverage,
                "capped_by": list(overall.capped_by),
            },
            "areas": [self._area(area) for area in parts.areas],
            "questions": questions,
            "recommendations": recommended,
        }
        return document

    @staticmethod
    def _question(qid: str, area: str, state: Any, score: Any, gain: Any) -> dict[str, Any]:
        return {"id": qid, "area": area, "state": state, "score": score, "gain": gain}

    def line(self, parts: ResultParts) -> bytes:
        """``json_line(document(parts))``, several times as fast: the question entries and
        recommendations are filled into templates that orjson wrote once per question, with the
        numbers orjson writes for this municipality."""
        import orjson

        pieces = self._pieces()
        score_texts = orjson.dumps(parts.scores)[1:-1].split(b",")
        gain_texts = orjson.dumps(parts.gains)[1:-1].split(b",")
        questions = b",".join(
            [
                templates[state] % (score, gain)
                for templates, state, score, gain in zip(
                    pieces.questions, parts.states, score_texts, gain_texts, strict=True
                )
            ]
        )
        position, known = pieces.position, pieces.recommendations
        recommended = []
        for question, _, caps, step, due, late in parts.recommendations:
            template = known.get((question, caps, step, due, late))
            if template is None:
                template = pieces.recommendation(self, question, caps, step, due, late)
            recommended.append(template % gain_texts[position[question]])  # the question's gain
        document = self._object(
            parts,
            "",
            "",
            orjson.Fragment(b"[" + questions + b"]"),
            orjson.Fragment(b"[" + b",".join(recommended) + b"]"),
        )
        return json_line(document)

    def _pieces(self) -> _Pieces:
        if self._cached_pieces is None:
            self._cached_pieces = _Pieces.of(self)
        return self._cached_pieces

    def _recommendation(
        self,
        question: str,
        gain: Any,
        caps_level: bool,
        step: int = -1,
        due: str = "",
        overdue: bool = False,
    ) -> dict[str, Any]:
        area, effort, phase, refs, obligation = self.advice[question]
        text = tr(self.questionnaire.question_index[question].advice_for(step), self.lang)
        return {
            "question": question,
            "area": area,
            "gain": gain,
            "effort": effort,
            "phase": phase,
            "caps_level": caps_level,
            "obligation": obligation,
            "due": due or None,
            "overdue": overdue,
            "text": text,
            "refs": list(refs),
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
            "answered": area.answered,
            "few_questions": area.few_questions,
            "weight": area.weight,
        }
        if area.spread is not None:
            entry["spread"] = list(area.spread)
        return entry

    def result(self, result: Result) -> dict[str, Any]:
        """The §4.7 object of a single-path result."""
        answers = result.answers
        questions: Sequence[QuestionResult] = result.questions
        parts = ResultParts(
            municipality=answers.municipality if answers else Municipality(),
            respondents=result.respondents,
            overall=result.overall,
            areas=tuple(result.areas),
            states=[r.state for r in questions],
            scores=[r.score for r in questions],
            gains=[r.gain for r in questions],
            recommendations=[
                (rec.question, rec.gain, rec.caps_level, rec.step, rec.due, rec.overdue)
                for rec in result.recommendations
            ],
            profile=answers.profile if answers else {},
        )
        document = self.document(
            parts,
            assessed_on=answers.assessed_on if answers else "",
            assessor=answers.assessor if answers else "",
        )
        targets = answers.targets if answers else {}
        for area, entry in zip(result.areas, document["areas"], strict=True):
            if area.id in targets:
                entry["target"] = targets[area.id]
                entry["gap"] = target_gap(targets[area.id], area.level)
        return document


_SCORE, _GAIN = "\0score", "\0gain"
"""Markers in place of a number while the pieces around it are written."""


@dataclass(frozen=True)
class _Pieces:
    """Templates of the question entries and recommendations as orjson writes them, with ``%b`` where
    their numbers go: per question and state, the entry (score, gain); per question, caps_level and
    step, the recommendation (gain), written when first needed."""

    questions: list[dict[str, bytes]]
    recommendations: dict[tuple[str, bool, int, str, bool], bytes]
    position: dict[str, int]

    def recommendation(
        self,
        serialiser: ResultSerialiser,
        question: str,
        caps: bool,
        step: int,
        due: str,
        overdue: bool,
    ) -> bytes:
        import orjson

        text = orjson.dumps(serialiser._recommendation(question, _GAIN, caps, step, due, overdue))
        key = (question, caps, step, due, overdue)
        template = self.recommendations[key] = _template(text, _GAIN)
        return template

    @classmethod
    def of(cls, serialiser: ResultSerialiser) -> _Pieces:
        import orjson

        from maturity.scoring.states import STATE_NAMES  # batch only: it brings NumPy

        questions: list[dict[str, bytes]] = [
            {
                str(state): _template(
                    orjson.dumps(serialiser._question(qid, area, state, _SCORE, _GAIN)),
                    _SCORE,
                    _GAIN,
                )
                for state in STATE_NAMES
            }
            for qid, area in serialiser.questions
        ]
        position = {qid: index for index, (qid, _) in enumerate(serialiser.questions)}
        return cls(questions, {}, position)


def _template(text: bytes, *markers: str) -> bytes:
    """``text`` with each marker (a JSON string in it) replaced by ``%b``, and every ``%`` of its own
    doubled."""
    import orjson

    template = text.replace(b"%", b"%%")
    for marker in markers:
        template = template.replace(orjson.dumps(marker), b"%b", 1)
    return template


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
