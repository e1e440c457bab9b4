"""The JSON result of DESIGN.md §4.7 (``report -f json``; one object per municipality in batch)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from maturity.model import Result, tr


def result_to_dict(result: Result, lang: str = "de") -> dict[str, Any]:
    """Plain data with the field names of §4.7; scores are unrounded, null where §4 says null."""
    questionnaire = result.questionnaire
    answers = result.answers
    municipality: dict[str, Any] = asdict(answers.municipality) if answers else {}

    def level_name(level: int | None) -> str | None:
        found = questionnaire.level(level)
        return tr(found.name, lang) if found else None

    data: dict[str, Any] = {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "municipality": municipality,
        "assessed_on": answers.assessed_on if answers else "",
        "assessor": answers.assessor if answers else "",
        "respondents": result.respondents,
        "overall": {
            "score": result.overall.score,
            "level": result.overall.level,
            "level_name": level_name(result.overall.level),
            "coverage": result.overall.coverage,
        },
        "areas": [],
        "questions": [
            {"id": q.id, "area": q.area, "state": q.state, "score": q.score, "gain": q.gain}
            for q in result.questions
        ],
        "recommendations": [],
    }
    for area in result.areas:
        entry: dict[str, Any] = {
            "id": area.id,
            "name": tr(questionnaire.area_index[area.id].name, lang),
            "status": area.status,
            "score": area.score,
            "level": area.level,
            "level_name": level_name(area.level),
            "coverage": area.coverage,
            "capped_by": list(area.capped_by),
        }
        if area.spread is not None:
            entry["spread"] = list(area.spread)
        data["areas"].append(entry)
    for rec in result.recommendations:
        question = questionnaire.question_index[rec.question]
        data["recommendations"].append(
            {
                "question": rec.question,
                "area": rec.area,
                "gain": rec.gain,
                "effort": rec.effort,
                "phase": rec.phase,
                "caps_level": rec.caps_level,
                "text": tr(question.recommendation, lang),
                "refs": list(question.refs),
            }
        )
    return data


def result_to_json(result: Result, lang: str = "de") -> str:
    return json.dumps(result_to_dict(result, lang), ensure_ascii=False, indent=2) + "\n"
