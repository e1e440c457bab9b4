"""Batch outputs for people: one report per municipality (in parallel) and the overview ``index.html``."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

import numpy as np

from maturity.batch.run import BatchResult, entity_result, size_class
from maturity.model import tr
from maturity.output.files import child, slugify, write_atomic
from maturity.scoring.vectorised import SCORED, UNKNOWN

# The batch result is handed to forked report workers through this module variable (copy-on-write),
# instead of pickling it once per task.
_shared: dict[str, Any] = {}


def report_names(result: BatchResult, fmt: str) -> list[str]:
    """A unique, file-name-safe name per municipality: ``musterstadt-09162000.html``."""
    names, seen = [], set()
    for row in result.entities.itertuples():
        base = slugify(str(row.name))
        ident = slugify(str(row.id), fallback="")
        stem = base if not ident or ident == base else f"{base}-{ident}"
        candidate, n = stem, 2
        while candidate in seen:
            candidate, n = f"{stem}-{n}", n + 1
        seen.add(candidate)
        names.append(f"{candidate}.{fmt}")
    return names


def _render_range(bounds: tuple[int, int]) -> int:
    from maturity.output.report import render_report

    result: BatchResult = _shared["result"]
    folder: Path = _shared["folder"]
    fmt, lang, names = _shared["fmt"], _shared["lang"], _shared["names"]
    for index in range(*bounds):
        text = render_report(entity_result(result, index), fmt, lang)
        write_atomic(child(folder, names[index]), text, durable=False)
    return bounds[1] - bounds[0]


def write_reports(
    result: BatchResult,
    out: Path,
    fmt: str,
    lang: str = "de",
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Render every municipality's report into ``out/reports``; returns the file names."""
    folder = (out / "reports").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    names = report_names(result, fmt)
    count = len(names)
    _shared.update(result=result, folder=folder, fmt=fmt, lang=lang, names=names)
    chunk = max(1, min(200, count // max(1, jobs * 4) or 1))
    ranges = [(start, min(count, start + chunk)) for start in range(0, count, chunk)]
    done = 0
    try:
        if jobs > 1 and count > chunk and "fork" in get_all_start_methods():
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
                for finished in pool.map(_render_range, ranges):
                    done += finished
                    if progress:
                        progress(done, count)
        else:
            for bounds in ranges:
                done += _render_range(bounds)
                if progress:
                    progress(done, count)
    finally:
        _shared.clear()
    return names


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


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
                "rank": position if level else None,
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
    distribution.append({"id": 0, "name": t("no_result", lang), "count": int((levels == 0).sum())})
    classes = np.array([size_class(p) for p in entities["population"]], dtype=object)
    peer_groups = []
    from maturity.batch.run import SIZE_CLASSES

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
    scored = [question for question in q.questions if question.scored]
    answered = (result.states == SCORED) | (result.states == UNKNOWN)
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
                "unknown": int((result.states[:, c] == UNKNOWN).sum()),
                "recommendation": tr(question.recommendation, lang),
            }
        )
    weakest.sort(key=lambda w: w["mean"])
    return {
        "lang": lang,
        "title": tr(q.title, lang),
        "questionnaire": {"id": q.id, "version": q.version},
        "source": result.export_description,
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


def _mean(values: np.ndarray) -> float | None:
    return float(np.nanmean(values)) if np.isfinite(values).any() else None


HEATMAP_LIMIT = 2000
WEAKEST_SHOWN = 10


def write_overview(
    result: BatchResult, out: Path, report_files: list[str] | None, lang: str = "de"
) -> Path:
    from maturity.output.report.render import render

    target = out / "index.html"
    write_atomic(target, render("overview.html.j2", overview_context(result, report_files, lang)))
    return target
