"""Results -> plain data for the report templates (dicts, lists, strings and numbers only).

Every format renders the same context, so Markdown, HTML and PDF show the same content. Texts from the
questionnaire are Markdown; values from the answers file (names, comments, evidence) are plain text and
are escaped by each template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from maturity.i18n import t
from maturity.load.benchmark import Benchmark, Quartiles, size_key
from maturity.model import STATES, AreaResult, Questionnaire, QuestionResult, Result, tr
from maturity.output.formatting import answer_label, number
from maturity.scoring.advice import PHASES, roadmap

WEAKEST_PER_AREA = 3
CHANGES_SHOWN = 12
"""Questions listed as improved or worsened; the rest are counted (the JSON results hold all)."""


@dataclass(frozen=True)
class Change:
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _level_name(questionnaire: Questionnaire, level: int | None, lang: str) -> str:
    found = questionnaire.level(level)
    return tr(found.name, lang) if found else ""


def _refs(questionnaire: Questionnaire, ref_ids: Sequence[str], lang: str) -> list[dict[str, str]]:
    refs = []
    for ref_id in ref_ids:
        ref = questionnaire.references.get(ref_id)
        if ref is not None:
            refs.append(
                {"id": ref.id, "title": tr(ref.title, lang), "source": ref.source, "url": ref.url}
            )
    return refs


def _area_context(
    result: Result, area_result: AreaResult, lang: str, previous: Result | None
) -> dict[str, Any]:
    questionnaire = result.questionnaire
    area = questionnaire.area_index[area_result.id]
    answered = [
        q
        for q in result.questions
        if q.area == area.id and q.state in ("scored", "unknown") and (q.score or 0.0) < 1.0
    ]
    answered.sort(key=lambda q: (q.score or 0.0, -(q.gain or 0.0)))
    answers = result.answers.answers if result.answers else {}
    weakest = [
        {
            "id": q.id,
            "text": tr(questionnaire.question_index[q.id].text, lang),
            "answer": answer_label(questionnaire, q.id, answers.get(q.id), lang),
            "score": (q.score or 0.0) * 100,
        }
        for q in answered[:WEAKEST_PER_AREA]
    ]
    level = questionnaire.level(area_result.level)
    advice = area.advice.get(area_result.level) if area_result.level is not None else None
    if advice is None and area_result.status == "insufficient":
        advice = area.advice.get(questionnaire.levels[0].id)
    before = previous.area_index.get(area.id) if previous else None
    return {
        "id": area.id,
        "anchor": f"area-{area.id}",
        "name": tr(area.name, lang),
        "description": tr(area.description, lang),
        "weight": area.weight,
        "status": area_result.status,
        "status_label": t(f"status.{area_result.status}", lang),
        "score": area_result.score,
        "level": area_result.level,
        "level_name": tr(level.name, lang) if level else "",
        "coverage": area_result.coverage,
        "advice": tr(advice, lang) if advice else "",
        "weakest": weakest,
        "capped_by": [
            {"id": qid, "text": tr(questionnaire.question_index[qid].text, lang)}
            for qid in area_result.capped_by
        ],
        "spread": list(area_result.spread) if area_result.spread else None,
        "change": Change(before.score, area_result.score) if before else None,
        "previous_score": before.score if before else None,
    }


def _question_changes(
    result: Result, previous: Result, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    improved: list[dict[str, Any]] = []
    worsened: list[dict[str, Any]] = []
    questionnaire = result.questionnaire
    for now in result.questions:
        then = previous.question_index.get(now.id)
        if then is None or now.score is None or then.score is None:
            continue
        if now.score == then.score:
            continue
        old_answers = previous.answers.answers if previous.answers else {}
        new_answers = result.answers.answers if result.answers else {}
        entry = {
            "id": now.id,
            "area": tr(questionnaire.area_index[now.area].name, lang),
            "text": tr(questionnaire.question_index[now.id].text, lang),
            "before": answer_label(questionnaire, now.id, old_answers.get(now.id), lang),
            "after": answer_label(questionnaire, now.id, new_answers.get(now.id), lang),
            "delta": (now.score - then.score) * 100,
        }
        (improved if now.score > then.score else worsened).append(entry)
    improved.sort(key=lambda e: -e["delta"])
    worsened.sort(key=lambda e: e["delta"])
    return improved, worsened


def levels_context(questionnaire: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """The levels of a questionnaire as the reports and the questionnaire document show them."""
    return [
        {
            "id": lv.id,
            "min_score": lv.min_score,
            "name": tr(lv.name, lang),
            "description": tr(lv.description, lang),
        }
        for lv in questionnaire.levels
    ]


def build_context(
    result: Result,
    lang: str = "de",
    *,
    previous: Result | None = None,
    peers: Benchmark | None = None,
    peers_source: str = "",
) -> dict[str, Any]:
    """Everything a report shows, as plain data in ``lang``; with ``peers``, how the municipality
    stands in its size class, its Land and among all."""
    questionnaire = result.questionnaire
    answer_set = result.answers
    answers = answer_set.answers if answer_set else {}
    municipality = answer_set.municipality if answer_set else None
    overall_level = questionnaire.level(result.overall.level)
    area_contexts = [_area_context(result, a, lang, previous) for a in result.areas]
    areas_by_id = {a["id"]: a for a in area_contexts}

    phases = []
    for phase, recommendations in roadmap(result.recommendations).items():
        items = []
        for rec in recommendations:
            question = questionnaire.question_index[rec.question]
            items.append(
                {
                    "question": rec.question,
                    "question_text": tr(question.text, lang),
                    "area": areas_by_id[rec.area]["name"],
                    "area_anchor": areas_by_id[rec.area]["anchor"],
                    "text": tr(question.recommendation, lang),
                    "gain": rec.gain,
                    "effort": t(f"effort.{rec.effort}", lang),
                    "caps_level": rec.caps_level,
                    "refs": _refs(questionnaire, question.refs, lang),
                }
            )
        phases.append(
            {
                "id": phase,
                "anchor": f"phase-{phase}",
                "name": t(f"phase.{phase}", lang),
                "recommendations": items,
            }
        )

    def question_entry(q: QuestionResult) -> dict[str, Any]:
        return {
            "id": q.id,
            "area": areas_by_id[q.area]["name"],
            "text": tr(questionnaire.question_index[q.id].text, lang),
            "comment": answers[q.id].comment if q.id in answers else "",
        }

    def questions_in_state(state: str) -> list[dict[str, Any]]:
        return [question_entry(q) for q in result.questions if q.state == state]

    notes = []
    for question in questionnaire.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        if question.type == "text" and answer.value:
            notes.append(
                {
                    "id": question.id,
                    "area": areas_by_id[question.area]["name"],
                    "text": tr(question.text, lang),
                    "answer": str(answer.value),
                    "comment": answer.comment,
                    "evidence": answer.evidence,
                    "evidence_is_link": answer.evidence.startswith(("https://", "http://")),
                }
            )
        elif answer.comment or answer.evidence:
            notes.append(
                {
                    "id": question.id,
                    "area": areas_by_id[question.area]["name"],
                    "text": tr(question.text, lang),
                    "answer": answer_label(questionnaire, question.id, answer, lang),
                    "comment": answer.comment,
                    "evidence": answer.evidence,
                    "evidence_is_link": answer.evidence.startswith(("https://", "http://")),
                }
            )

    used_refs = sorted(
        {r for q in questionnaire.questions for r in q.refs}
        | {r for a in questionnaire.areas for r in a.refs}
    )
    compare = None
    if previous is not None:
        improved, worsened = _question_changes(result, previous, lang)
        compare = {
            "assessed_on": previous.answers.assessed_on if previous.answers else "",
            "overall": Change(previous.overall.score, result.overall.score),
            "previous_level": previous.overall.level,
            "previous_level_name": _level_name(questionnaire, previous.overall.level, lang),
            "improved": improved[:CHANGES_SHOWN],
            "worsened": worsened[:CHANGES_SHOWN],
            "improved_more": max(0, len(improved) - CHANGES_SHOWN),
            "worsened_more": max(0, len(worsened) - CHANGES_SHOWN),
        }
    state = municipality.state if municipality else ""
    return {
        "lang": lang,
        "title": tr(questionnaire.title, lang),
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "title": tr(questionnaire.title, lang),
            "min_coverage": questionnaire.min_coverage,
        },
        "municipality": {
            "name": municipality.name if municipality else "",
            "ags": municipality.ags if municipality else "",
            "population": municipality.population if municipality else None,
            "state": state,
            "state_name": STATES.get(state, ""),
        },
        "assessed_on": answer_set.assessed_on if answer_set else "",
        "assessor": answer_set.assessor if answer_set else "",
        "respondents": result.respondents,
        "overall": {
            "score": result.overall.score,
            "level": result.overall.level,
            "level_name": tr(overall_level.name, lang) if overall_level else "",
            "level_description": tr(overall_level.description, lang) if overall_level else "",
            "coverage": result.overall.coverage,
        },
        "levels": levels_context(questionnaire, lang),
        "areas": area_contexts,
        "phases": phases,
        "phase_order": list(PHASES),
        "open_questions": questions_in_state("missing"),
        "unknown_questions": [
            {
                **question_entry(q),
                "who": t("unknown_count_one" if q.unknown == 1 else "unknown_count", lang).format(
                    n=q.unknown, m=result.respondents
                )
                if result.respondents > 1
                else "",
            }
            for q in result.questions
            if q.unknown > 0
        ],
        "notes": notes,
        "references": _refs(questionnaire, used_refs, lang),
        "compare": compare,
        "peers": peers_context(result, peers, area_contexts, lang, peers_source) if peers else None,
    }


def peers_context(
    result: Result,
    benchmark: Benchmark,
    area_contexts: list[dict[str, Any]],
    lang: str,
    source: str,
) -> dict[str, Any] | None:
    """The peer groups of the municipality (size class, Land, all) with, per area and overall, its
    score beside the group's median and middle half; None when no group applies."""
    municipality = result.answers.municipality if result.answers else None
    wanted = [("size", size_key(municipality.population if municipality else None))]
    wanted += [("state", municipality.state if municipality else ""), ("all", "all")]
    names = {area["id"]: area["name"] for area in area_contexts}
    groups = []
    for kind, key in wanted:
        group = benchmark.group(kind, key) if key else None
        if group is None:
            continue
        rows = [_peer_row(t("overall", lang), result.overall.score, group.overall, lang)]
        rows += [
            _peer_row(names[a.id], a.score, group.areas[a.id], lang)
            for a in result.areas
            if a.id in group.areas
        ]
        groups.append(
            {
                "label": group.label.get(lang) or group.label.get("de", key),
                "count": t("municipalities_n", lang).format(n=number(group.count, lang, 0)),
                "rows": rows,
            }
        )
    if not groups:
        return None
    return {"groups": groups, "source": source}


def _peer_row(name: str, score: float | None, peers: Quartiles, lang: str) -> dict[str, Any]:
    position = ""
    if score is not None:
        if round(score, 1) == round(peers.median, 1):  # as the report shows them: equal
            position = t("position.at", lang)
        elif score >= peers.q3:
            position = t("position.top", lang)
        elif score >= peers.median:
            position = t("position.upper", lang)
        elif score >= peers.q1:
            position = t("position.lower", lang)
        else:
            position = t("position.bottom", lang)
    return {
        "name": name,
        "score": score,
        "median": peers.median,
        "q1": peers.q1,
        "q3": peers.q3,
        "position": position,
    }
