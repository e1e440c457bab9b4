"""Results -> plain data for the report templates (dicts, lists, strings and numbers only).

Every format renders the same context, so Markdown, HTML and PDF show the same content. Texts from the
questionnaire are Markdown; values from the answers file (names, comments, evidence) are plain text and
are escaped by each template.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from maturity.i18n import t
from maturity.load.benchmark import Benchmark, Quartiles, size_key
from maturity.load.workbook import profile_labels
from maturity.model import (
    LAENDER,
    PHASE_BY_EFFORT,
    AnswerSet,
    AreaResult,
    Question,
    Questionnaire,
    QuestionResult,
    Recommendation,
    Result,
    target_gap,
    tr,
)
from maturity.output.formatting import answer_label, date_label, number
from maturity.output.foundations import (
    answered_as,
    deadline_label,
    few_label,
    foundations,
    gate_need,
    not_applicable_reason,
)
from maturity.scoring.advice import PHASES, next_steps, roadmap
from maturity.scoring.single import projected

WEAKEST_PER_AREA = 3
CHANGES_SHOWN = 8
"""Questions listed as improved or worsened; the rest wait behind a "… and N more" that opens."""
ROADMAP_SHOWN = 5
"""Items per phase in the roadmap; the full list is the annex table."""
ROADMAP_MIN_GAIN = 0.2
"""Gains below this (in points of the overall score) appear only in the annex, unless they cap a level."""
NEXT_STEPS = 3
"""The next steps on the first page."""
GLANCE_DUTIES = 2
"""Open legal duties named on the first page; the rest are counted there and listed in their section."""


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
                {
                    "id": ref.id,
                    "title": tr(ref.title, lang),
                    "source": ref.source,
                    "url": ref.url,
                    "host": _host(ref.url),
                }
            )
    return refs


def _area_context(
    result: Result,
    area_result: AreaResult,
    lang: str,
    previous: Result | None,
    questions: Sequence[QuestionResult],
) -> dict[str, Any]:
    """An area as the report shows it; ``questions`` are the area's question results."""
    questionnaire = result.questionnaire
    area = questionnaire.area_index[area_result.id]
    answered = [q for q in questions if q.state in ("scored", "unknown") and (q.score or 0.0) < 1.0]
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
    # the level advice says what the next level means (§5), so it is shown only beside a level
    advice = area.advice.get(area_result.level) if area_result.level is not None else None
    following = questionnaire.level((area_result.level or 0) + 1)
    if advice is None:
        advice_label = ""
    elif following is not None:
        advice_label = t("next_level_means", lang).format(
            level=following.id, name=tr(following.name, lang)
        )
    else:
        advice_label = t("keep_level", lang).format(level=area_result.level)
    before = previous.area_index.get(area.id) if previous else None
    few_reason = few_label(result, area, lang) if area_result.few_questions else ""
    targets = result.answers.targets if result.answers else {}
    target = targets.get(area.id)
    target_level = questionnaire.level(target) if target is not None else None
    return {
        "target": target,
        "target_name": tr(target_level.name, lang) if target_level else "",
        "target_score": target_level.min_score if target_level else None,
        "gap": target_gap(target, area_result.level) if target is not None else None,
        "target_points": max(0.0, target_level.min_score - area_result.score)
        if target_level and area_result.score is not None
        else None,
        "id": area.id,
        "anchor": f"area-{area.id}",
        "name": tr(area.name, lang),
        "description": tr(area.description, lang),
        "weight": area.weight,
        "status": area_result.status,
        "status_label": f"{t('no_level', lang)} – {few_reason}"
        if few_reason
        else t(f"status.{area_result.status}", lang),
        "few_reason": few_reason,
        "score": area_result.score,
        "level": area_result.level,
        "level_name": tr(level.name, lang) if level else "",
        "coverage": area_result.coverage,
        "answered": area_result.answered,
        "answered_label": _answered_label(area_result.answered, lang),
        "few_questions": area_result.few_questions,
        "advice": tr(advice, lang) if advice else "",
        "advice_label": advice_label,
        "next_step": None,  # the area's first measure in the roadmap, set by build_context
        "not_applicable": not_applicable_reason(result, area, lang)
        if area_result.status == "not_applicable"
        else "",
        "weakest": weakest,
        "capped_by": [vars(f) for f in foundations(result, area_result.capped_by, lang)],
        # the respondents' range around a score; an area without one (not applicable) has none
        "spread": list(area_result.spread)
        if area_result.spread and area_result.score is not None
        else None,
        "change": Change(before.score, area_result.score) if before else None,
        "previous_score": before.score if before else None,
    }


def _answered_label(count: int, lang: str) -> str:
    """ "aus 1 Frage", "aus 7 Fragen": how many answers a score rests on (§5)."""
    return t("from_one_question" if count == 1 else "from_questions", lang).format(n=count)


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
        earlier_question = previous.questionnaire.question_index.get(now.id)
        if earlier_question is None or not scored_alike(
            earlier_question, questionnaire.question_index[now.id]
        ):
            continue  # an earlier version scores it otherwise: its points are not comparable
        if now.score == then.score:
            continue
        old_answers = previous.answers.answers if previous.answers else {}
        new_answers = result.answers.answers if result.answers else {}
        entry = {
            "id": now.id,
            "area": tr(questionnaire.area_index[now.area].name, lang),
            "text": tr(questionnaire.question_index[now.id].text, lang),
            "before": answer_label(previous.questionnaire, now.id, old_answers.get(now.id), lang),
            "after": answer_label(questionnaire, now.id, new_answers.get(now.id), lang),
            "delta": (now.score - then.score) * 100,
        }
        (improved if now.score > then.score else worsened).append(entry)
    improved.sort(key=lambda e: -e["delta"])
    worsened.sort(key=lambda e: e["delta"])
    return improved, worsened


_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+")


def is_web_address(text: str) -> bool:
    """Evidence that is one web address and nothing else (no space, line break or control
    character): only that becomes a link; anything else stays text."""
    return _WEB_ADDRESS.fullmatch(text) is not None


def _glance_steps(
    result: Result, by_question: dict[str, dict[str, Any]], duties: list[dict[str, Any]]
) -> dict[str, Any]:
    """Page one's next steps and the open duties that are not among them."""
    steps = [by_question[rec.question] for rec in next_steps(result.recommendations, NEXT_STEPS)]
    shown = {step["question"] for step in steps}
    others = [duty for duty in duties if duty["id"] not in shown]
    # one line "and 1 more" would take the place of that one duty: name it instead
    listed = others if len(others) <= GLANCE_DUTIES + 1 else others[:GLANCE_DUTIES]
    return {
        "next_steps": steps,
        "duties": listed,
        "more_duties": len(others) - len(listed),
        "duties_in_steps": len(duties) - len(others),
    }


def scored_alike(earlier: Question, now: Question) -> bool:
    """Whether two versions of a question score the same answers alike (same type, options with
    their scores and points, bands, linear scoring), so that their points can be compared."""

    def scoring(q: Question) -> tuple[object, ...]:
        options = tuple((o.id, o.score, o.points, o.exclusive) for o in q.options)
        bands = tuple((b.start, b.score) for b in q.bands)
        return (q.type, options, bands, q.linear, q.max_points, q.minimum, q.maximum)

    return scoring(earlier) == scoring(now)


@dataclass(frozen=True)
class _SharedParts:
    """What every report of a questionnaire in one language shows alike; templates only read it."""

    references: list[dict[str, str]]
    recommendations: dict[str, dict[str, Any]]
    gates: list[dict[str, Any]]
    """Every foundation of the questionnaire, for the method section."""


_shared_cache: dict[tuple[int, str], tuple[Questionnaire, _SharedParts]] = {}


def _shared_parts(questionnaire: Questionnaire, lang: str) -> _SharedParts:
    """The numbered sources and each recommendation's words, made once per questionnaire and
    language (a batch renders thousands of reports of one questionnaire)."""
    key = (id(questionnaire), lang)
    cached = _shared_cache.get(key)
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    used_refs = sorted(
        {r for q in questionnaire.questions for r in q.refs}
        | {r for a in questionnaire.areas for r in a.refs}
    )
    references = _refs(questionnaire, used_refs, lang)
    for position, ref in enumerate(references, 1):
        ref["number"] = str(position)
    numbered = {ref["id"]: ref for ref in references}
    recommendations = {}
    for question in questionnaire.scored_questions:
        area = questionnaire.area_index[question.area]
        recommendations[question.id] = {
            "question": question.id,
            "question_text": tr(question.text, lang),
            "area": tr(area.name, lang),
            "area_anchor": f"area-{area.id}",
            "area_id": area.id,
            "effort": t(f"effort.{question.effort}", lang),
            "phase": t(f"phase.{PHASE_BY_EFFORT[question.effort]}", lang),
            "phase_brief": t(f"phase_brief.{PHASE_BY_EFFORT[question.effort]}", lang),
            "refs": [numbered[ref_id] for ref_id in question.refs if ref_id in numbered],
        }
    gates = [
        {
            "text": tr(question.text, lang),
            "area": tr(questionnaire.area_index[question.area].name, lang),
            "level": question.gate.max_level,
            "overall": question.gate.overall,
            "need": gate_need(question, lang),
        }
        for question in questionnaire.scored_questions
        if question.gate is not None
    ]
    parts = _SharedParts(references, recommendations, gates)
    _shared_cache[key] = (questionnaire, parts)
    return parts


def _leads_to(result: Result, done: set[str], lang: str) -> dict[str, Any] | None:
    """§5: the overall score and level if the measures ``done`` were carried out, scored by the same
    rules; None where there would be no overall result."""
    overall = projected(result, done)
    if overall.score is None:
        return None
    level = result.questionnaire.level(overall.level)
    return {
        "score": overall.score,
        "level": overall.level,
        "level_name": tr(level.name, lang) if level else "",
        "capped": bool(overall.capped_by),
    }


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
    peer_rank: tuple[int, int] | None = None,
    overall_rank: tuple[int, int] | None = None,
    made_on: str = "",
    overview_link: str = "",
) -> dict[str, Any]:
    """Everything a report shows, as plain data in ``lang``; with ``peers``, how the municipality
    stands in its size class, its Land and among all. ``made_on`` (ISO date) is shown where no
    assessment date is known (batch reports); ``overview_link`` leads back to a batch's overview."""
    questionnaire = result.questionnaire
    answer_set = result.answers
    answers = answer_set.answers if answer_set else {}
    municipality = answer_set.municipality if answer_set else None
    overall_level = questionnaire.level(result.overall.level)
    by_area: dict[str, list[QuestionResult]] = {a.id: [] for a in result.areas}
    for question_result in result.questions:
        by_area[question_result.area].append(question_result)
    area_contexts = [_area_context(result, a, lang, previous, by_area[a.id]) for a in result.areas]
    areas_by_id = {a["id"]: a for a in area_contexts}

    shared = _shared_parts(questionnaire, lang)

    def recommendation_entry(rec: Recommendation, number_in_list: int) -> dict[str, Any]:
        return {
            **shared.recommendations[rec.question],
            "text": tr(questionnaire.question_index[rec.question].advice_for(rec.step), lang),
            "number": number_in_list,
            "gain": rec.gain,
            "caps_level": rec.caps_level,
            "obligation": rec.obligation,
            "due": deadline_label(rec.due, rec.overdue, lang),
            "overdue": rec.overdue,
        }

    phases = []
    annex: list[dict[str, Any]] = []
    done: set[str] = set()
    for phase, recommendations in roadmap(result.recommendations).items():
        items = [
            recommendation_entry(rec, len(annex) + n + 1) for n, rec in enumerate(recommendations)
        ]
        annex += items
        shown = [
            i for i in items if i["caps_level"] or i["obligation"] or i["gain"] >= ROADMAP_MIN_GAIN
        ]
        done |= {rec.question for rec in recommendations}
        phases.append(
            {
                "id": phase,
                "anchor": f"phase-{phase}",
                "name": t(f"phase.{phase}", lang),
                "recommendations": shown[:ROADMAP_SHOWN],
                "in_annex": len(items) - len(shown[:ROADMAP_SHOWN]),
                "leads_to": _leads_to(result, done, lang) if recommendations else None,
            }
        )
    for item in annex:  # each area's next step: its first measure in roadmap order
        area_context = areas_by_id[item["area_id"]]
        if area_context["next_step"] is None:
            area_context["next_step"] = item

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
                    "evidence_is_link": is_web_address(answer.evidence),
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
                    "evidence_is_link": is_web_address(answer.evidence),
                }
            )

    compare = None
    if previous is not None:
        improved, worsened = _question_changes(result, previous, lang)
        compare = {
            "assessed_on": previous.answers.assessed_on if previous.answers else "",
            "overall": Change(previous.overall.score, result.overall.score),
            "previous_level": previous.overall.level,
            "previous_level_name": _level_name(questionnaire, previous.overall.level, lang),
            "assessed_on_label": date_label(
                previous.answers.assessed_on if previous.answers else "", lang
            ),
            "version": previous.questionnaire.version
            if previous.questionnaire.version != questionnaire.version
            else "",
            "improved": improved[:CHANGES_SHOWN],
            "worsened": worsened[:CHANGES_SHOWN],
            "improved_more": improved[CHANGES_SHOWN:],
            "worsened_more": worsened[CHANGES_SHOWN:],
        }
    deadlines = {rec.question: rec for rec in result.recommendations if rec.obligation}
    duties = [
        {
            "id": q.id,
            "text": tr(questionnaire.question_index[q.id].text, lang),
            "duty": tr(questionnaire.question_index[q.id].obligation, lang),
            "area": areas_by_id[q.area]["name"],
            "anchor": areas_by_id[q.area]["anchor"],
            "answer": answered_as(questionnaire, q, answers.get(q.id), result.respondents, lang),
            "score": (q.score or 0.0) * 100,
            "due": deadline_label(deadlines[q.id].due, deadlines[q.id].overdue, lang)
            if q.id in deadlines
            else "",
            "overdue": q.id in deadlines and deadlines[q.id].overdue,
        }
        for q in result.questions
        if questionnaire.question_index[q.id].obligation is not None
        and q.state in ("scored", "unknown")
        and (q.score or 0.0) < 1.0
    ]
    # as the roadmap orders them: overdue first, then by deadline, those without one last
    due_on = {qid: rec.due for qid, rec in deadlines.items()}
    duties.sort(key=lambda duty: (not duty["overdue"], due_on.get(duty["id"]) or "9999-12-31"))
    state = municipality.state if municipality else ""
    peers_view = (
        peers_context(result, peers, area_contexts, lang, peers_source, peer_rank, overall_rank)
        if peers
        else None
    )
    by_question = {item["question"]: item for item in annex}
    return {
        "lang": lang,
        "title": tr(questionnaire.title, lang),
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "title": tr(questionnaire.title, lang),
            "min_coverage": questionnaire.min_coverage,
            "min_questions": questionnaire.min_questions,
        },
        "gates": shared.gates,
        "municipality": {
            "name": municipality.name if municipality else "",
            "ags": municipality.ags if municipality else "",
            "population": municipality.population if municipality else None,
            "state": state,
            "state_name": LAENDER.get(state, ""),
        },
        "assessed_on": answer_set.assessed_on if answer_set else "",
        "assessed_on_label": date_label(answer_set.assessed_on if answer_set else "", lang),
        "made_on_label": date_label(made_on, lang),
        "overview_link": overview_link,
        "assessor": answer_set.assessor if answer_set else "",
        "profile_facts": _profile_facts(questionnaire, answer_set, lang),
        "respondents": result.respondents,
        "overall": {
            "score": result.overall.score,
            "level": result.overall.level,
            "level_name": tr(overall_level.name, lang) if overall_level else "",
            "level_description": tr(overall_level.description, lang) if overall_level else "",
            "coverage": result.overall.coverage,
            "coverage_needed": questionnaire.min_coverage,
            "capped_by": [vars(f) for f in foundations(result, result.overall.capped_by, lang)],
        },
        "levels": levels_context(questionnaire, lang),
        "areas": area_contexts,
        "phases": phases,
        "phase_order": list(PHASES),
        "all_recommendations": annex,
        "duties": duties,
        "roadmap_shown": ROADMAP_SHOWN,
        "roadmap_min_gain": ROADMAP_MIN_GAIN,
        "glance": _glance(result, lang, area_contexts, compare, peers_view, phases)
        | _glance_steps(result, by_question, duties),
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
        "references": shared.references,
        "compare": compare,
        "peers": peers_view,
    }


def _glance(
    result: Result,
    lang: str,
    areas: list[dict[str, Any]],
    compare: dict[str, Any] | None,
    peers: dict[str, Any] | None,
    phases: list[dict[str, Any]],
) -> dict[str, Any]:
    """The first page: where the municipality stands, what holds it back, where the roadmap leads,
    and the areas as bars sorted by score (with the previous value and the peer median where
    known)."""
    questionnaire = result.questionnaire
    score = result.overall.score
    level = result.overall.level
    # a level held back by a foundation is not "reached" whatever the score: the next level is the
    # one after the level shown, and its distance is that of the foundation, not of points
    following = (
        next((lv for lv in questionnaire.levels if lv.id > level), None)
        if score is not None and level is not None
        else None
    )
    by_score = questionnaire.level(questionnaire.level_for(score)) if score is not None else None
    # the level in reach: where the first phase that raises the level leads
    reach = next(
        (
            {**p["leads_to"], "phase": p["name"], "first": n == 0}
            for n, p in enumerate(p for p in phases if p["leads_to"])
            if p["leads_to"] and (p["leads_to"]["level"] or 0) > (level or 0)
        ),
        None,
    )
    medians = peers["medians"] if peers else {}
    bars = sorted(
        (
            {
                "name": area["name"],
                "anchor": area["anchor"],
                "score": area["score"],
                "level": area["level"] if area["status"] == "scored" else None,
                "status_label": area["status_label"],
                "capped": bool(area["capped_by"]),
                "previous": area["previous_score"],
                "peer_median": medians.get(area["id"]),
                "target": area["target"],
                "target_score": area["target_score"],
            }
            for area in areas
        ),
        key=lambda bar: (bar["score"] is None, -(bar["score"] or 0.0)),  # unscored last
    )
    # a foundation that holds the overall level back is said once, in the box above
    overall_caps = set(result.overall.capped_by)
    caps = [
        {
            "area": area["name"],
            "anchor": area["anchor"],
            "level": area["level"],
            "foundations": [f for f in area["capped_by"] if f["id"] not in overall_caps],
        }
        for area in areas
        if area["capped_by"]
    ]
    also_capped = [  # areas capped by the overall foundations alone: named in the box above
        {"area": cap["area"], "anchor": cap["anchor"], "level": cap["level"]}
        for cap in caps
        if not cap["foundations"]
    ]
    held_back = bool(result.overall.capped_by)
    return {
        "level_count": len(questionnaire.levels),
        "next_level": {
            "id": following.id,
            "name": tr(following.name, lang),
            "points": max(0.0, following.min_score - score),
        }
        if following is not None and score is not None and not held_back
        else None,
        "held_back": {
            "level": level,
            "by_score": by_score.id if by_score else None,
            "by_score_name": tr(by_score.name, lang) if by_score else "",
        }
        if held_back
        else None,
        "top": score is not None and following is None and not held_back,
        "in_reach": reach if score is not None else None,
        "change": compare["overall"].delta if compare else None,
        "since": compare["assessed_on_label"] if compare else "",
        "caps": [cap for cap in caps if cap["foundations"]],
        "also_capped": also_capped,
        "bars": bars,
        "bands": [
            (level.id, level.min_score, nxt.min_score if nxt else 100.0)
            for level, nxt in zip(
                questionnaire.levels, [*questionnaire.levels[1:], None], strict=True
            )
        ],
        "peer_label": peers["groups"][0]["label"] if peers else "",
        "targets": any(area["target"] is not None for area in areas),
    }


def peers_context(
    result: Result,
    benchmark: Benchmark,
    area_contexts: list[dict[str, Any]],
    lang: str,
    source: str,
    rank: tuple[int, int] | None = None,
    overall_rank: tuple[int, int] | None = None,
) -> dict[str, Any] | None:
    """The peer groups of the municipality (size class, Land, all, those the file has) in one table:
    per area and overall its score beside each group's median and middle half, and its position in
    the first group; ``rank`` (place, of how many) where the whole group is known. None when no
    group applies."""
    municipality = result.answers.municipality if result.answers else None
    wanted = [("size", size_key(municipality.population if municipality else None))]
    wanted += [("state", municipality.state if municipality else ""), ("all", "all")]
    found = [benchmark.group(kind, key) if key else None for kind, key in wanted]
    groups = [group for group in found if group is not None]
    if not groups:
        return None
    names = {area["id"]: area["name"] for area in area_contexts}
    lines: list[tuple[str, str, float | None]] = [
        ("overall", t("overall", lang), result.overall.score)
    ]
    lines += [(a.id, names[a.id], a.score) for a in result.areas if a.id in groups[0].areas]
    rows = []
    for key, name, score in lines:
        cells = [group.overall if key == "overall" else group.areas.get(key) for group in groups]
        first = cells[0]
        rows.append(
            {
                "name": name,
                "score": score,
                "cells": [
                    {"median": c.median, "q1": c.q1, "q3": c.q3} if c else None for c in cells
                ],
                "position": _position(score, first, lang) if first else "",
            }
        )
    return {
        "groups": [
            {
                "label": group.label.get(lang) or group.label.get("de", group.key),
                "count": t("municipalities_n", lang).format(n=number(group.count, lang, 0)),
            }
            for group in groups
        ],
        "rows": rows,
        "medians": {key: quartiles.median for key, quartiles in groups[0].areas.items()},
        "rank": "; ".join(
            t(key, lang).format(place=number(at[0], lang, 0), count=number(at[1], lang, 0))
            for key, at in (("peer_rank", rank), ("overall_rank", overall_rank))
            if at
        ),
        "source": _peers_source(benchmark, source, lang),
    }


def _peers_source(benchmark: Benchmark, file_name: str, lang: str) -> str:
    """Where the peer groups come from: the evaluation's date and export where the file says them,
    else the file's name."""
    if not benchmark.evaluated_on:
        return file_name
    day = date_label(benchmark.evaluated_on, lang)
    export = f" ({benchmark.export})" if benchmark.export else ""
    return t("peers_evaluation", lang).format(date=day, export=export)


def _position(score: float | None, peers: Quartiles, lang: str) -> str:
    if score is None:
        return ""
    if round(score, 1) == round(peers.median, 1):  # as the report shows them: equal
        return t("position.at", lang)
    if score >= peers.q3:
        return t("position.top", lang)
    if score >= peers.median:
        return t("position.upper", lang)
    if score >= peers.q1:
        return t("position.lower", lang)
    return t("position.bottom", lang)


def _profile_facts(
    questionnaire: Questionnaire, answer_set: AnswerSet | None, lang: str
) -> list[dict[str, str]]:
    """The profile answers as the facts table shows them: question and answer in words."""
    if answer_set is None:
        return []
    facts = []
    for question in questionnaire.profile:
        given = answer_set.profile.get(question.id)
        if given is None:
            continue
        if question.type == "number":
            shown = number(float(given), lang, 0)
        else:
            shown = profile_labels(question, lang).get(str(given), str(given))
        facts.append({"label": tr(question.text, lang), "value": shown})
    return facts


def _host(url: str) -> str:
    """The site of a link (``www.bsi.bund.de``), as a printout names it: the link stays behind it."""
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url if url else ""
