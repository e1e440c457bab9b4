"""``maturity batch``: read an export -> map -> score (vectorised) -> summary, results, errors, reports.

A row that cannot be scored never stops the others and is never dropped silently: it goes to
``errors.csv`` with its row number in the file, the column, the value and the reason.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from maturity.errors import Problem
from maturity.model import Questionnaire, tr
from maturity.scoring.vectorised import (
    MISSING,
    NA,
    STATE_NAMES,
    aggregate_coded,
    row_area_scores,
    score_arrays,
)

if TYPE_CHECKING:
    import pandas as pd

    from maturity.load.mapping import Mapping

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
    questionnaire: Questionnaire | Sequence[Questionnaire],
    *,
    mapping: Mapping | None = None,
    group_by: str | None = None,
    progress: Progress = _noop,
) -> BatchResult:
    """Score every row of an export; nothing is written here. Given several questionnaires, the one
    whose questions the export's columns answer best is used."""
    import pandas as pd

    from maturity.survey.read.columns import choose_questionnaire, plan_columns
    from maturity.survey.read.decode import (
        Vocabulary,
        decode_joined,
        decode_number_with_status,
        decode_options,
        decode_single,
    )
    from maturity.survey.read.exports import read_export

    progress("read", 0, 1)
    export = read_export(export_path)
    progress("read", 1, 1)
    frame = export.frame
    if not isinstance(questionnaire, Questionnaire):
        questionnaire = choose_questionnaire(list(frame.columns), questionnaire)
    plan = plan_columns(list(frame.columns), questionnaire, mapping, group_by, export.source)
    na_words = frozenset(w.casefold() for w in (mapping.na if mapping else ()) + DEFAULT_NA)
    unknown_words = frozenset(
        w.casefold() for w in (mapping.unknown if mapping else ()) + DEFAULT_UNKNOWN
    )
    scored_questions = [q for q in questionnaire.questions if q.scored]
    rows = len(frame)
    empty = (
        np.full(rows, -1, dtype=np.int32),
        np.array([MISSING], dtype=np.int8),
        np.array([np.nan]),
    )
    coded: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    error_parts: list[pd.DataFrame] = []
    for index, question in enumerate(scored_questions):
        progress("score", index, len(scored_questions))
        spec = plan.questions.get(question.id)
        if spec is None:
            coded.append(empty)
            continue
        codes = dict(plan.values.get(question.id, {}))
        codes.update(mapping.values.get(question.id, {}) if mapping else {})
        vocabulary = Vocabulary(na_words, unknown_words, codes)
        if spec.options:
            decoded = decode_options(frame, question, vocabulary, dict(spec.options))
        elif spec.status:
            decoded = decode_number_with_status(
                frame[spec.column],
                frame[spec.status],
                question,
                vocabulary,
                (spec.column, spec.status),
            )
        elif question.type == "multi":
            decoded = decode_joined(
                frame[spec.column], question, vocabulary, spec.column, spec.separator
            )
        else:
            decoded = decode_single(frame[spec.column], question, vocabulary, spec.column)
        coded.append((decoded.codes, decoded.state_lut, decoded.score_lut))
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
    entities, kept_entity = _entities(frame, plan.entity, keep)
    entity_index = np.full(rows, -1, dtype=np.int64)
    entity_index[keep] = kept_entity
    merged = aggregate_coded(coded, entity_index, len(entities))
    entities["respondents"] = merged.respondents
    table = score_arrays(merged.states, merged.scores, questionnaire)
    spreads = _spreads(coded, entity_index, len(entities), questionnaire)
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


def _coded(column: Any) -> tuple[np.ndarray, list[str]]:
    """A column's codes (-1 for an empty cell) and its distinct values, stripped; "" counts as empty."""
    from maturity.survey.read.decode import categories

    codes, values = categories(column)
    texts = [str(v).strip() for v in values]
    blank = np.array([not t for t in texts] + [True])
    return np.where(blank[codes], -1, codes), texts


def _entity_errors(frame: Any, entity: dict[str, str]) -> list[pd.DataFrame]:
    """Rows without a municipality id, duplicate respondents and incomplete responses."""
    import pandas as pd

    parts = []
    for key, reason in (
        ("submitted", "incomplete response (no submit date)"),
        ("id", "missing municipality id"),
    ):
        if key in entity:
            codes, _ = _coded(frame[entity[key]])
            bad = np.flatnonzero(codes < 0)
            if len(bad):
                parts.append(
                    pd.DataFrame(
                        {"index": bad, "column": entity[key], "value": "", "reason": reason}
                    )
                )
    if "respondent" in entity:
        codes, texts = _coded(frame[entity["respondent"]])
        present = np.flatnonzero(codes >= 0)
        _, first = np.unique(codes[present], return_index=True)
        duplicate = np.ones(len(present), dtype=bool)
        duplicate[first] = False
        bad = present[duplicate]
        if len(bad):
            parts.append(
                pd.DataFrame(
                    {
                        "index": bad,
                        "column": entity["respondent"],
                        "value": [texts[c] for c in codes[bad]],
                        "reason": "duplicate respondent (the first row with this id is kept)",
                    }
                )
            )
    return parts


def _entities(
    frame: Any, entity: dict[str, str], keep: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per municipality in order of first appearance (with the first name and population seen),
    and each kept row's municipality index."""
    import pandas as pd

    kept_rows = np.flatnonzero(keep)
    if "id" in entity:
        codes, texts = _coded(frame[entity["id"]])
        kept_codes = codes[kept_rows]
        # texts may repeat after stripping ("A" and "A "): map codes to distinct stripped ids first
        distinct, id_of_code = np.unique(np.array([*texts, ""], dtype=object), return_inverse=True)
        kept_ids = id_of_code[kept_codes]
        uniques, first, index = np.unique(kept_ids, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # order of first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        entity_index = rank[index]
        ids = distinct[uniques[order]]
        first_rows = kept_rows[first[order]]
    else:  # every row is a municipality of its own
        entity_index = np.arange(len(kept_rows))
        ids = np.array([str(i + 1) for i in kept_rows], dtype=object)
        first_rows = kept_rows
    entities = pd.DataFrame({"id": np.asarray(ids, dtype=object)})
    for key in ("name", "population"):
        if key in entity:
            codes, texts = _coded(frame[entity[key]])
            lookup = np.array([*texts, ""], dtype=object)
            entities[key] = lookup[codes[first_rows]] if len(first_rows) else []
        else:
            entities[key] = ""
    if "name" not in entity:
        entities["name"] = entities["id"]
    return entities, entity_index.astype(np.int64)


def _spreads(
    coded: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    entity: np.ndarray,
    entities: int,
    questionnaire: Questionnaire,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per area: lowest and highest of the respondents' own area scores, per municipality."""
    spreads = {}
    for area_id, own in row_area_scores(coded, questionnaire).items():
        low = np.full(entities, np.inf)
        high = np.full(entities, -np.inf)
        valid = ~np.isnan(own) & (entity >= 0)
        np.minimum.at(low, entity[valid], own[valid])
        np.maximum.at(high, entity[valid], own[valid])
        missing = ~np.isfinite(low)
        spreads[area_id] = (np.where(missing, np.nan, low), np.where(missing, np.nan, high))
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
    from pandas.api.types import is_object_dtype, is_string_dtype

    from maturity.output.cells import neutralise

    copy = frame.copy()
    for column in copy.columns:
        if is_object_dtype(copy[column]) or is_string_dtype(copy[column]):
            copy[column] = copy[column].map(neutralise)
    return copy


def results_lines(result: BatchResult, lang: str = "de") -> list[str]:
    """The §4.7 JSON object of every municipality, one line each (the same fields and values as
    ``report -f json`` gives for one municipality), built from the result arrays."""
    from maturity.model import PHASE_BY_EFFORT

    q = result.questionnaire
    table = result.table
    scored = [question for question in q.questions if question.scored]
    level_names = {lv.id: tr(lv.name, lang) for lv in q.levels}
    area_names = {a.id: tr(a.name, lang) for a in q.areas}
    gains = np.column_stack([table[f"{question.id}:gain"].to_numpy() for question in scored])
    has_text = np.array([bool(question.recommendation) for question in scored])
    texts = [tr(question.recommendation, lang) for question in scored]
    columns = {c: table[c].to_numpy() for c in table.columns if not c.endswith(":gain")}
    states = result.states
    state_names = [STATE_NAMES[code] for code in range(4)]
    lines = []
    for e in range(len(result.entities)):
        row = result.entities.iloc[e]
        overall_level = int(columns["overall_level"][e])
        areas = []
        for area in q.areas:
            level = int(columns[f"{area.id}_level"][e])
            score = columns[f"{area.id}_score"][e]
            entry: dict[str, Any] = {
                "id": area.id,
                "name": area_names[area.id],
                "status": str(columns[f"{area.id}_status"][e]),
                "score": None if np.isnan(score) else float(score),
                "level": level or None,
                "level_name": level_names.get(level),
                "coverage": float(columns[f"{area.id}_coverage"][e]),
                "capped_by": [c for c in str(columns[f"{area.id}_capped_by"][e]).split(",") if c],
            }
            if area.id in result.spreads and not np.isnan(result.spreads[area.id][0][e]):
                entry["spread"] = [
                    float(result.spreads[area.id][0][e]),
                    float(result.spreads[area.id][1][e]),
                ]
            areas.append(entry)
        question_entries = []
        gain_row = gains[e]
        for c, question in enumerate(scored):
            state = int(states[e, c])
            gain = gain_row[c]
            question_entries.append(
                {
                    "id": question.id,
                    "area": question.area,
                    "state": state_names[state],
                    "score": None if state in (MISSING, NA) else float(result.scores[e, c]),
                    "gain": None if np.isnan(gain) else float(gain),
                }
            )
        eligible = np.flatnonzero(has_text & (np.nan_to_num(gain_row, nan=0.0) > 0))
        order = eligible[np.lexsort((eligible, -gain_row[eligible]))]
        capping = {c for a in areas for c in a["capped_by"]}
        recommendations = [
            {
                "question": scored[c].id,
                "area": scored[c].area,
                "gain": float(gain_row[c]),
                "effort": scored[c].effort,
                "phase": PHASE_BY_EFFORT[scored[c].effort],
                "caps_level": scored[c].id in capping,
                "text": texts[c],
                "refs": list(scored[c].refs),
            }
            for c in order
        ]
        population = str(row["population"]).replace(".", "").strip()
        ident = str(row["id"])
        overall_score = columns["overall_score"][e]
        data = {
            "questionnaire": {"id": q.id, "version": q.version},
            "municipality": {
                "name": str(row["name"]),
                "ags": ident if ident.isdigit() and len(ident) == 8 else "",
                "population": int(population) if population.isdigit() else None,
                "state": "",
            },
            "assessed_on": "",
            "assessor": "",
            "respondents": int(row["respondents"]),
            "overall": {
                "score": None if np.isnan(overall_score) else float(overall_score),
                "level": overall_level or None,
                "level_name": level_names.get(overall_level),
                "coverage": float(columns["overall_coverage"][e]),
            },
            "areas": areas,
            "questions": question_entries,
            "recommendations": recommendations,
        }
        lines.append(json.dumps(data, ensure_ascii=False))
    return lines


def entity_result(result: BatchResult, index: int) -> Any:
    """The full single-path Result of one municipality, from its merged question states (§4.6)."""
    from maturity.model import AnswerSet, Municipality
    from maturity.scoring.single import QuestionScore, score_states

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


def write_outputs(
    result: BatchResult, out: Path, lang: str = "de", timings: dict[str, float] | None = None
) -> list[Path]:
    """summary.csv, summary.xlsx, results.jsonl and errors.csv, each written atomically."""
    from maturity.output.files import write_atomic

    out.mkdir(parents=True, exist_ok=True)
    summary = neutralised(summary_frame(result, lang))
    outputs: list[tuple[str, Callable[[], str | bytes]]] = [
        ("summary.csv", lambda: summary.to_csv(index=False)),
        ("errors.csv", lambda: neutralised(result.errors).to_csv(index=False)),
        ("results.jsonl", lambda: "".join(line + "\n" for line in results_lines(result, lang))),
        ("summary.xlsx", lambda: _xlsx_bytes(summary, result.errors)),
    ]
    written = []
    for name, produce in outputs:
        target = out / name
        write_atomic(target, produce())
        written.append(target)
        if timings is not None:
            timings[name] = time.perf_counter()
    return written


def _xlsx_bytes(summary: pd.DataFrame, errors: pd.DataFrame) -> bytes:
    """summary.xlsx: the summary and the rejected rows, streamed (write-only) for large batches."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, frame in (("summary", summary), ("errors", neutralised(errors))):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "C2"
        for index, column in enumerate(frame.columns):
            width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
            sheet.column_dimensions[_column_letter(index)].width = min(60, max(10, width + 2))
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        cells = frame.astype(object).where(frame.notna(), None)
        for record in cells.itertuples(index=False, name=None):
            sheet.append(list(record))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


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
