"""The overview ``index.html`` of a batch: distribution of levels, peer groups by size class, the
questions weakest across all municipalities, a heat map and the ranking with links to the reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from maturity.batch.entities import SIZE_CLASSES, size_class
from maturity.batch.run import BatchResult
from maturity.model import tr
from maturity.output.files import write_atomic
from maturity.scoring.states import NO_LEVEL, answered_states

HEATMAP_LIMIT = 2000
WEAKEST_SHOWN = 10


def overview_context(
    result: BatchResult, report_files: list[str] | None, lang: str
) -> dict[str, Any]:
    """Plain data for index.html: ranking, heat map, level distribution, peer groups, weakest questions."""
    from maturity.i18n import t

    q = result.questionnaire
    table = result.table
    entities = result.entities
    overall = table["overall_score"].to_numpy(dtype=float)
    overall_levels = table["overall_level"].to_numpy(dtype=int)
    area_scores = {a.id: table[f"{a.id}_score"].to_numpy(dtype=float) for a in q.areas}
    area_levels = {a.id: table[f"{a.id}_level"].to_numpy(dtype=int) for a in q.areas}
    names = [str(v) for v in entities["name"]]
    ids = [str(v) for v in entities["id"]]
    populations = [str(v) for v in entities["population"]]
    respondents = entities["respondents"].to_numpy(dtype=int)
    order = np.argsort(-np.nan_to_num(overall, nan=-1.0), kind="stable")
    ranking = []
    for position, i in enumerate(order, start=1):
        level = int(overall_levels[i])
        ranking.append(
            {
                "rank": position if level != NO_LEVEL else None,
                "name": names[i],
                "id": ids[i],
                "population": populations[i],
                "respondents": int(respondents[i]),
                "score": None if np.isnan(overall[i]) else float(overall[i]),
                "level": level,
                "report": f"reports/{report_files[i]}" if report_files else "",
                "cells": [
                    {
                        "score": None
                        if np.isnan(area_scores[a.id][i])
                        else float(area_scores[a.id][i]),
                        "level": int(area_levels[a.id][i]),
                    }
                    for a in q.areas
                ],
            }
        )
    levels = overall_levels
    distribution: list[dict[str, Any]] = [
        {"id": lv.id, "name": tr(lv.name, lang), "count": int((levels == lv.id).sum())}
        for lv in q.levels
    ]
    distribution.append(
        {"id": NO_LEVEL, "name": t("no_result", lang), "count": int((levels == NO_LEVEL).sum())}
    )
    classes = np.array([size_class(p) for p in entities["population"]], dtype=object)
    peer_groups = []
    for _, label in [*SIZE_CLASSES, (None, "?")]:
        members = classes == label
        if not members.any():
            continue
        overall = table["overall_score"].to_numpy()[members]
        peer_groups.append(
            {
                "label": label if label != "?" else t("unknown_size", lang),
                "count": int(members.sum()),
                "overall": float(np.nanmean(overall)) if np.isfinite(overall).any() else None,
                "areas": [
                    float(np.nanmean(v))
                    if np.isfinite(v := table[f"{a.id}_score"].to_numpy()[members]).any()
                    else None
                    for a in q.areas
                ],
            }
        )
    scored = q.scored_questions
    answered = answered_states(result.states)
    weakest: list[dict[str, Any]] = []
    for c, question in enumerate(scored):
        mask = answered[:, c]
        if not mask.any():
            continue
        weakest.append(
            {
                "id": question.id,
                "text": tr(question.text, lang),
                "area": tr(q.area_index[question.area].name, lang),
                "mean": float(result.scores[mask, c].mean() * 100),
                "answered": int(mask.sum()),
                "unknown": int(result.unknown[:, c].sum()),
                "unknown_in": int((result.unknown[:, c] > 0).sum()),
                "recommendation": tr(question.recommendation, lang),
            }
        )
    weakest.sort(key=lambda w: w["mean"])
    return {
        "lang": lang,
        "title": tr(q.title, lang),
        "questionnaire": {"id": q.id, "version": q.version},
        "source": result.export_description.in_language(lang),
        "rows_read": result.rows_read,
        "rows_scored": result.rows_scored,
        "rows_rejected": result.rows_read - result.rows_scored,
        "municipalities": len(entities),
        "areas": [{"id": a.id, "name": tr(a.name, lang)} for a in q.areas],
        "ranking": ranking,
        "heatmap_limit": HEATMAP_LIMIT,
        "distribution": distribution,
        "distribution_max": max((d["count"] for d in distribution), default=1) or 1,
        "peer_groups": peer_groups,
        "weakest": weakest[:WEAKEST_SHOWN],
        "levels": [
            {"id": lv.id, "name": tr(lv.name, lang), "min_score": lv.min_score} for lv in q.levels
        ],
    }


def write_overview(
    result: BatchResult, out: Path, report_files: list[str] | None, lang: str = "de"
) -> Path:
    from maturity.output.report.render import render

    target = out / "index.html"
    write_atomic(target, render("overview.html.j2", overview_context(result, report_files, lang)))
    return target
