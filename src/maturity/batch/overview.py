"""The overview of a batch: a landing page ``index.html`` of aggregates that stays small for 11,000
municipalities (levels by size class and by Land, area medians as heat maps, the missing foundations,
the municipalities that most need help, the weakest questions, the trend against an earlier batch),
and the full ranking on pages per Land (and per Kreis where a Land is large), see
:mod:`maturity.batch.ranking`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from maturity.batch.columns import Columns, lands, level_legend
from maturity.batch.run import BatchResult
from maturity.i18n import t
from maturity.load.benchmark import MIN_GROUP, SIZE_LABELS
from maturity.load.earlier import EarlierScores
from maturity.model import LAENDER, Questionnaire, tr
from maturity.output.files import ensure_folder, write_atomic
from maturity.output.formatting import date_label
from maturity.scoring.states import NA, NO_LEVEL, answered_states
from maturity.scoring.vectorised import level_of_scores

WEAKEST_SHOWN = 10
NEED_HELP_SHOWN = 20


def _median(values: np.ndarray) -> float | None:
    values = values[~np.isnan(values)]
    return float(np.median(values)) if len(values) >= MIN_GROUP else None


def _groups(columns: Columns, lang: str) -> list[dict[str, Any]]:
    """The size classes, then everyone: label and member mask."""
    groups = [
        {"label": label, "members": columns.sizes == index}
        for index, label in enumerate(SIZE_LABELS[lang])
    ]
    groups.append({"label": t("unknown_size", lang), "members": columns.sizes < 0})
    groups = [g for g in groups if g["members"].any()]
    groups.append(
        {
            "label": t("all_municipalities", lang),
            "members": np.ones_like(columns.sizes, dtype=bool),
        }
    )
    return groups


def _level_counts(q: Questionnaire, columns: Columns, members: np.ndarray) -> list[dict[str, Any]]:
    total = int(members.sum())
    cells = []
    for level in [*(lv.id for lv in q.levels), NO_LEVEL]:
        count = int(((columns.levels == level) & members).sum())
        cells.append({"level": level, "count": count, "share": count / total if total else 0.0})
    return cells


def _medians(q: Questionnaire, columns: Columns, members: np.ndarray) -> list[dict[str, Any]]:
    """Overall, then per area: the median and the level it reaches (None in a group under five)."""
    values = [columns.overall, *(columns.areas[a.id] for a in q.areas)]
    medians = [_median(v[members]) for v in values]
    levels = level_of_scores(np.array([np.nan if m is None else m for m in medians]), q)
    return [{"value": m, "level": int(level)} for m, level in zip(medians, levels, strict=True)]


def landing_context(
    result: BatchResult,
    columns: Columns,
    report_files: list[str] | None,
    pages: dict[str, str],
    lang: str,
    earlier: EarlierScores | None,
) -> dict[str, Any]:
    """Plain data for index.html: aggregates only, so its size does not grow with municipalities."""

    q = result.questionnaire
    sizes = _groups(columns, lang)
    states = lands(columns, lang)

    def change_median(members: np.ndarray) -> float | None:
        return _median(columns.change[members]) if columns.change is not None else None

    def row(group: dict[str, Any]) -> dict[str, Any]:
        members = group["members"]
        return {
            "label": group["label"],
            "count": int(members.sum()),
            "levels": _level_counts(q, columns, members),
            "medians": _medians(q, columns, members),
            "change": change_median(members),
            "page": pages.get(group.get("code", "-"), ""),
        }

    need_help = _need_help(q, result, columns, report_files, lang)
    return {
        "lang": lang,
        "title": tr(q.title, lang),
        "questionnaire": {"id": q.id, "version": q.version},
        "source": result.export_summary.in_language(lang),
        "rows_read": result.rows_read,
        "rows_scored": result.rows_scored,
        "rows_rejected": result.rows_read - result.rows_scored,
        "rows_blank": result.rows_blank,
        "municipalities": len(columns.ids),
        "areas": [{"id": a.id, "name": tr(a.name, lang)} for a in q.areas],
        "levels": [
            {"id": lv.id, "name": tr(lv.name, lang), "min_score": lv.min_score} for lv in q.levels
        ],
        "no_result": t("no_result", lang),
        "by_size": [row(g) for g in sizes],
        "by_state": [row(g) for g in states],
        "foundations": _foundations(q, result, lang),
        "need_help": need_help,
        "weakest": _weakest(q, result, lang),
        "earlier": _earlier_named(earlier, lang) if earlier else "",
        "trend": _trend(columns) if columns.change is not None else None,
        "min_group": MIN_GROUP,
    }


def _foundations(q: Questionnaire, result: BatchResult, lang: str) -> list[dict[str, Any]]:
    """The questions that cap a level (gates), with in how many of the municipalities they apply to
    the foundation is missing: by the rule of §4.6 (held when more than half of the respondents who
    answered confirm it; unanswered is missing), the rule the reports use."""
    applies = result.states != NA
    held = result.held if result.held is not None else np.zeros(result.states.shape, bool)
    rows: list[dict[str, Any]] = []
    for c, question in enumerate(q.scored_questions):
        if question.gate is None:
            continue
        mask = applies[:, c]
        missing = mask & ~held[:, c]
        rows.append(
            {
                "text": tr(question.text, lang),
                "area": tr(q.area_index[question.area].name, lang),
                "max_level": question.gate.max_level,
                "overall": question.gate.overall,
                "missing": int(missing.sum()),
                "answered": int(mask.sum()),
                "share": float(missing.sum() / mask.sum()) if mask.any() else 0.0,
            }
        )
    rows.sort(key=lambda r: -r["share"])
    return rows


def _need_help(
    q: Questionnaire,
    result: BatchResult,
    columns: Columns,
    report_files: list[str] | None,
    lang: str,
) -> list[dict[str, Any]]:
    """The lowest overall scores, with how many areas their gates hold back."""
    scored = np.flatnonzero(~np.isnan(columns.overall))
    lowest = scored[np.argsort(columns.overall[scored], kind="stable")][:NEED_HELP_SHOWN]
    capped = np.zeros(len(columns.ids), dtype=np.int64)
    for area in q.areas:
        capped += columns.capped(q, area.id)
    labels = SIZE_LABELS[lang]
    return [
        {
            "name": columns.names[i],
            "report": f"reports/{report_files[i]}" if report_files else "",
            "state": LAENDER.get(str(columns.states[i]), ""),
            "size": labels[columns.sizes[i]] if columns.sizes[i] >= 0 else "",
            "score": float(columns.overall[i]),
            "level": int(columns.levels[i]),
            "capped": int(capped[i]),
        }
        for i in lowest
    ]


def _weakest(q: Questionnaire, result: BatchResult, lang: str) -> list[dict[str, Any]]:
    answered = answered_states(result.states)
    weakest: list[dict[str, Any]] = []
    for c, question in enumerate(q.scored_questions):
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
    return weakest[:WEAKEST_SHOWN]


def _trend(columns: Columns) -> dict[str, int]:
    assert columns.change is not None
    known = ~np.isnan(columns.change)
    return {
        "compared": int(known.sum()),
        "improved": int((columns.change[known] >= 0.05).sum()),
        "worsened": int((columns.change[known] <= -0.05).sum()),
        "new": int((~known & ~np.isnan(columns.overall)).sum()),
    }


def _earlier_named(earlier: EarlierScores, lang: str) -> str:
    """How the overview names the earlier survey: the user's label, else the date of the evaluation
    that wrote its summary, else the file."""
    if earlier.label:
        return earlier.label
    if earlier.evaluated_on:
        day = date_label(earlier.evaluated_on, lang)
        return f"der Auswertung vom {day}" if lang == "de" else f"the evaluation of {day}"
    if lang == "de":
        return f"der früheren Auswertung ({earlier.source})"
    return f"the earlier evaluation ({earlier.source})"


def write_overview(
    result: BatchResult,
    out: Path,
    report_files: list[str] | None,
    lang: str = "de",
    earlier: EarlierScores | None = None,
) -> Path:
    """index.html and the ranking pages in ``out/ranking``; returns index.html."""
    from maturity.batch.ranking import ranking_pages
    from maturity.output.report.render import render

    columns = Columns.of(result, earlier)
    pages = ranking_pages(result, columns, report_files, lang)
    ensure_folder(out / "ranking")
    for page in pages.files:
        write_atomic(out / "ranking" / page.name, page.html)
    target = out / "index.html"
    context = landing_context(result, columns, report_files, pages.by_state, lang, earlier)
    context["legend"] = level_legend(result.questionnaire, lang)
    context["form_action"] = "'self' file:"  # the search goes to ranking/search.html?q=…
    write_atomic(target, render("overview.html.j2", context))
    return target
