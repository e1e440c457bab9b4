"""``maturity batch``: read an export -> map -> score (vectorised) -> summary, results, errors, reports.

A row that cannot be scored never stops the others and is never dropped silently: it goes to
``errors.csv`` with its row number in the file, the column, the value and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import Problem
from .model import Questionnaire, tr
from .table import MISSING, NA, STATE_NAMES, aggregate, score_arrays

if TYPE_CHECKING:
    import pandas as pd

    from .survey.mapping import Mapping

Progress = Callable[[str, int, int], None]
"""progress(step, done, total): called as the work advances."""

SIZE_CLASSES = (
    (5_000, "< 5.000"),
    (20_000, "5.000–19.999"),
    (100_000, "20.000–99.999"),
    (None, "≥ 100.000"),
)
DEFAULT_NA = ("NA", "N/A", "nicht zutreffend", "not applicable", "na")
DEFAULT_UNKNOWN = ("DK", "unknown", "weiß nicht", "weiss nicht", "don't know")


@dataclass
class BatchResult:
    """Everything ``batch`` computed, before anything is written."""

    questionnaire: Questionnaire
    export_description: str
    plan_description: str
    entities: pd.DataFrame
    """One row per municipality: id, name, population, respondents."""
    table: pd.DataFrame
    """score_arrays output, one row per municipality (same order as ``entities``)."""
    states: np.ndarray
    scores: np.ndarray
    spreads: dict[str, tuple[np.ndarray, np.ndarray]]
    errors: pd.DataFrame
    rows_read: int
    rows_scored: int
    source: str = ""


def _noop(step: str, done: int, total: int) -> None:
    return None


def run_batch(
    export_path: Path,
    questionnaire: Questionnaire,
    *,
    mapping: Mapping | None = None,
    group_by: str | None = None,
    progress: Progress = _noop,
) -> BatchResult:
    """Score every row of an export; nothing is written here."""
    import pandas as pd

    from .survey.columns import plan_columns
    from .survey.decode import Vocabulary, decode_joined, decode_options, decode_single
    from .survey.readers import read_export

    progress("read", 0, 1)
    export = read_export(export_path)
    progress("read", 1, 1)
    frame = export.frame
    plan = plan_columns(list(frame.columns), questionnaire, mapping, group_by, export.source)
    na_words = frozenset(w.casefold() for w in (mapping.na if mapping else ()) + DEFAULT_NA)
    unknown_words = frozenset(
        w.casefold() for w in (mapping.unknown if mapping else ()) + DEFAULT_UNKNOWN
    )
    scored_questions = [q for q in questionnaire.questions if q.scored]
    rows = len(frame)
    states = np.zeros((rows, len(scored_questions)), dtype=np.int8)
    scores = np.full((rows, len(scored_questions)), np.nan)
    error_parts: list[pd.DataFrame] = []
    for index, question in enumerate(scored_questions):
        progress("score", index, len(scored_questions))
        spec = plan.questions.get(question.id)
        if spec is None:
            continue
        vocabulary = Vocabulary(
            na_words, unknown_words, dict(mapping.values.get(question.id, {})) if mapping else {}
        )
        if spec.options:
            decoded = decode_options(frame, question, vocabulary, dict(spec.options))
        elif question.type == "multi":
            decoded = decode_joined(
                frame[spec.column], question, vocabulary, spec.column, spec.separator
            )
        else:
            decoded = decode_single(frame[spec.column], question, vocabulary, spec.column)
        states[:, index] = decoded.states
        scores[:, index] = decoded.scores
        if len(decoded.bad_rows):
            error_parts.append(
                pd.DataFrame(
                    {
                        "index": decoded.bad_rows,
                        "column": decoded.bad_columns,
                        "value": decoded.bad_values,
                        "reason": decoded.bad_reasons,
                    }
                )
            )
    progress("score", len(scored_questions), len(scored_questions))
    error_parts += _entity_errors(frame, plan.entity)
    errors = (
        pd.concat(error_parts, ignore_index=True)
        if error_parts
        else pd.DataFrame({"index": [], "column": [], "value": [], "reason": []})
    )
    rejected = np.zeros(rows, dtype=bool)
    rejected[errors["index"].to_numpy(dtype=np.int64)] = True
    keep = ~rejected
    entities, entity_index = _entities(frame, plan.entity, keep)
    merged = aggregate(states[keep], scores[keep], entity_index, len(entities))
    entities["respondents"] = merged.respondents
    table = score_arrays(merged.states, merged.scores, questionnaire)
    spreads = _spreads(states[keep], scores[keep], entity_index, len(entities), questionnaire)
    errors.insert(
        0, "row", export.rows[errors["index"].to_numpy(dtype=np.int64)] if len(errors) else []
    )
    errors = (
        errors.drop(columns="index")
        .sort_values(["row", "column"], kind="stable")
        .reset_index(drop=True)
    )
    return BatchResult(
        questionnaire=questionnaire,
        export_description=export.describe(),
        plan_description=plan.describe(),
        entities=entities,
        table=table,
        states=merged.states,
        scores=merged.scores,
        spreads=spreads,
        errors=errors,
        rows_read=rows,
        rows_scored=int(keep.sum()),
        source=export.source,
    )


def _text(series: pd.Series) -> pd.Series:
    return series.astype("object").where(series.notna(), "").astype(str).str.strip()


def _entity_errors(frame: pd.DataFrame, entity: dict[str, str]) -> list[pd.DataFrame]:
    """Rows without a municipality id, duplicate respondents and incomplete responses."""
    import pandas as pd

    parts = []
    if "submitted" in entity:
        submitted = _text(frame[entity["submitted"]])
        bad = np.flatnonzero((submitted == "").to_numpy())
        if len(bad):
            parts.append(
                pd.DataFrame(
                    {
                        "index": bad,
                        "column": entity["submitted"],
                        "value": "",
                        "reason": "incomplete response (no submit date)",
                    }
                )
            )
    if "id" in entity:
        ids = _text(frame[entity["id"]])
        bad = np.flatnonzero((ids == "").to_numpy())
        if len(bad):
            parts.append(
                pd.DataFrame(
                    {
                        "index": bad,
                        "column": entity["id"],
                        "value": "",
                        "reason": "missing municipality id",
                    }
                )
            )
    if "respondent" in entity:
        respondent = _text(frame[entity["respondent"]])
        duplicate = respondent.duplicated(keep="first") & (respondent != "")
        bad = np.flatnonzero(duplicate.to_numpy())
        if len(bad):
            parts.append(
                pd.DataFrame(
                    {
                        "index": bad,
                        "column": entity["respondent"],
                        "value": respondent.to_numpy()[bad],
                        "reason": "duplicate respondent (the first row with this id is kept)",
                    }
                )
            )
    return parts


def _entities(
    frame: pd.DataFrame, entity: dict[str, str], keep: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per municipality (first name and population seen), and each kept row's municipality index."""
    import pandas as pd

    kept = frame[keep]
    if "id" in entity:
        ids = _text(kept[entity["id"]])
    else:  # every row is a municipality of its own
        ids = pd.Series([str(i + 1) for i in np.flatnonzero(keep)], index=kept.index)
    codes, uniques = pd.factorize(ids, sort=False)
    first = (
        pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
        if len(codes)
        else np.array([], int)
    )
    entities = pd.DataFrame({"id": np.asarray(uniques, dtype=object)})
    for key in ("name", "population"):
        if key in entity:
            entities[key] = _text(kept[entity[key]]).to_numpy()[first] if len(first) else []
        else:
            entities[key] = ""
    if "name" not in entity:
        entities["name"] = entities["id"]
    return entities, codes.astype(np.int64)


def _spreads(
    states: np.ndarray,
    scores: np.ndarray,
    entity: np.ndarray,
    entities: int,
    questionnaire: Questionnaire,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per area: lowest and highest of the respondents' own area scores, per municipality."""
    import pandas as pd

    if not len(entity):
        return {}
    own = score_arrays(states, scores, questionnaire)
    spreads = {}
    for area in questionnaire.areas:
        grouped = pd.Series(own[f"{area.id}_score"].to_numpy()).groupby(entity)
        low = grouped.min().reindex(range(entities)).to_numpy()
        high = grouped.max().reindex(range(entities)).to_numpy()
        spreads[area.id] = (low, high)
    return spreads


# --- outputs -----------------------------------------------------------------------------------


def level_name(questionnaire: Questionnaire, level: int, lang: str) -> str:
    found = questionnaire.level(int(level)) if level else None
    return tr(found.name, lang) if found else ""


def summary_frame(result: BatchResult, lang: str = "de") -> pd.DataFrame:
    """One row per municipality with overall and area scores and levels, coverage and rank."""
    import pandas as pd

    q = result.questionnaire
    table = result.table
    summary = pd.DataFrame(
        {
            "id": result.entities["id"],
            "name": result.entities["name"],
            "population": result.entities["population"],
            "respondents": result.entities["respondents"],
            "overall_score": table["overall_score"].round(6),
            "overall_level": table["overall_level"].replace(0, pd.NA).astype("Int64"),
            "overall_level_name": [level_name(q, lv, lang) for lv in table["overall_level"]],
            "overall_coverage": table["overall_coverage"].round(6),
        }
    )
    summary["rank"] = summary["overall_score"].rank(ascending=False, method="min").astype("Int64")
    for area in q.areas:
        summary[f"{area.id}_score"] = table[f"{area.id}_score"].round(6)
        summary[f"{area.id}_level"] = table[f"{area.id}_level"].replace(0, pd.NA).astype("Int64")
    return summary


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as formulas, made inert."""
    from .cells import neutralise

    copy = frame.copy()
    for column in copy.columns:
        if copy[column].dtype == object:
            copy[column] = copy[column].map(neutralise)
    return copy


def results_lines(result: BatchResult, lang: str = "de") -> list[str]:
    """The §4.7 JSON object of every municipality, one line each."""
    from .resultjson import result_to_dict

    return [
        json.dumps(result_to_dict(entity_result(result, i), lang), ensure_ascii=False)
        for i in range(len(result.entities))
    ]


def entity_result(result: BatchResult, index: int) -> Any:
    """The full single-path Result of one municipality, from its merged question states (§4.6)."""
    from .model import AnswerSet, Municipality
    from .scoring import QuestionScore, score_states

    q = result.questionnaire
    scored = [question for question in q.questions if question.scored]
    states = {
        question.id: QuestionScore(
            STATE_NAMES[int(result.states[index, c])],  # type: ignore[arg-type]
            None if result.states[index, c] in (MISSING, NA) else float(result.scores[index, c]),
        )
        for c, question in enumerate(scored)
    }
    row = result.entities.iloc[index]
    population = str(row["population"]).replace(".", "").strip()
    municipality = Municipality(
        name=str(row["name"]),
        ags=str(row["id"]) if str(row["id"]).isdigit() and len(str(row["id"])) == 8 else "",
        population=int(population) if population.isdigit() else None,
    )
    answers = AnswerSet(q.id, {}, q.version, municipality)
    spreads = {
        area_id: (float(low[index]), float(high[index]))
        for area_id, (low, high) in result.spreads.items()
        if not np.isnan(low[index])
    }
    return score_states(
        q, states, answers=answers, respondents=int(row["respondents"]), spreads=spreads
    )


def write_outputs(result: BatchResult, out: Path, lang: str = "de") -> list[Path]:
    """summary.csv, summary.xlsx, results.jsonl and errors.csv, each written atomically."""
    from .fsutil import write_atomic

    out.mkdir(parents=True, exist_ok=True)
    summary = neutralised(summary_frame(result, lang))
    written = []
    target = out / "summary.csv"
    write_atomic(target, summary.to_csv(index=False))
    written.append(target)
    target = out / "summary.xlsx"
    write_atomic(target, _xlsx_bytes(summary, result.errors))
    written.append(target)
    target = out / "results.jsonl"
    write_atomic(
        target, "\n".join(results_lines(result, lang)) + ("\n" if len(result.entities) else "")
    )
    written.append(target)
    target = out / "errors.csv"
    write_atomic(target, neutralised(result.errors).to_csv(index=False))
    written.append(target)
    return written


def _xlsx_bytes(summary: pd.DataFrame, errors: pd.DataFrame) -> bytes:
    from io import BytesIO

    import pandas as pd

    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        summary.to_excel(writer, sheet_name="summary", index=False)
        neutralised(errors).to_excel(writer, sheet_name="errors", index=False)
        for sheet in writer.sheets.values():
            sheet.freeze_panes = "C2"
            for column_cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in column_cells[:200])
                sheet.column_dimensions[column_cells[0].column_letter].width = min(
                    60, max(10, width + 2)
                )
    return buffer.getvalue()


def size_class(population: Any) -> str:
    text = str(population).replace(".", "").strip()
    if not text.isdigit():
        return "?"
    value = int(text)
    for limit, label in SIZE_CLASSES:
        if limit is None or value < limit:
            return label
    return SIZE_CLASSES[-1][1]


def check_rows(result: BatchResult) -> list[Problem]:
    """One problem per rejected cell, for ``--strict``."""
    return [
        Problem(
            result.source,
            int(str(row.row)),
            0,
            f"{row.column}: {row.reason} (value '{row.value}')",
        )
        for row in result.errors.itertuples()
    ]
