"""``maturity batch``, the scoring part: read an export -> recognise its columns -> decode every
question (vectorised) -> merge respondents per municipality (§4.6) -> score the table (§4.2–4.5).

Nothing is written here. A row that cannot be scored never stops the others and is never dropped
silently: it is listed in :attr:`BatchResult.errors` with its row number in the file, the column, the
value and the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from maturity.batch.entities import entity_errors, find_entities
from maturity.i18n import Text
from maturity.model import Questionnaire
from maturity.scoring.states import CodedColumn
from maturity.scoring.vectorised import area_spreads, frame_of, merge_respondents, score_frame

if TYPE_CHECKING:
    import pandas as pd

    from maturity.load.mapping import Mapping
    from maturity.survey.read.columns import ColumnPlan
    from maturity.survey.read.decode import Decoded
    from maturity.survey.read.exports import Export
    from maturity.survey.read.planning import PlanCheck

Progress = Callable[[str, int, int], None]
"""progress(step, done, total): called as the work advances."""


@dataclass
class BatchResult:
    """Everything ``batch`` computed, before anything is written."""

    questionnaire: Questionnaire
    export_description: Text
    plan_description: Text
    entities: pd.DataFrame
    """One row per municipality: id, name, population, respondents."""
    table: pd.DataFrame
    """:func:`~maturity.scoring.vectorised.score_frame` output, one row per municipality (same order as
    ``entities``)."""
    states: np.ndarray
    """Municipality x scored question: merged state codes (§4.6)."""
    scores: np.ndarray
    """Municipality x scored question: merged scores, NaN where not answered."""
    unknown: np.ndarray
    """Municipality x scored question: respondents who answered "weiß nicht"."""
    spreads: dict[str, tuple[np.ndarray, np.ndarray]]
    """Per area: lowest and highest of the respondents' own area scores, per municipality."""
    errors: pd.DataFrame
    """Rejected cells: row (as a spreadsheet numbers it), column, value, reason."""
    rows_read: int
    rows_scored: int
    source: str = ""
    notes: list[Text] = field(default_factory=list)
    """What the user should know about how the rows were read (AGS padded, …)."""


SHOWN_VALUE = 200
"""errors.csv shows at most this many characters of a rejected cell."""


def _shortened(value: object) -> str:
    text = str(value)
    return text if len(text) <= SHOWN_VALUE else f"{text[: SHOWN_VALUE - 1]}…"


def _noop(step: str, done: int, total: int) -> None:
    return None


@dataclass
class PreparedBatch:
    """An export read and its columns planned: what ``batch`` says before it scores."""

    export: Export
    questionnaire: Questionnaire
    plan: ColumnPlan
    check: PlanCheck
    mapping: Mapping | None


def prepare_batch(
    export_path: Path,
    questionnaire: Questionnaire | Sequence[Questionnaire],
    *,
    mapping: Mapping | None = None,
    group_by: str | None = None,
    progress: Progress = _noop,
    require_questions: bool = True,
) -> PreparedBatch:
    """Read an export and plan its columns. Given several questionnaires, the one whose questions
    the export's columns answer best is used."""
    from maturity.survey.read.columns import choose_questionnaire, plan_columns
    from maturity.survey.read.exports import read_export
    from maturity.survey.read.planning import check_plan

    progress("read", 0, 1)
    export = read_export(export_path)
    progress("read", 1, 1)
    columns = list(export.frame.columns)
    if not isinstance(questionnaire, Questionnaire):
        questionnaire = choose_questionnaire(columns, questionnaire)
    plan = plan_columns(
        columns,
        questionnaire,
        mapping,
        group_by,
        export.source,
        require_questions=require_questions,
    )
    return PreparedBatch(export, questionnaire, plan, check_plan(plan, questionnaire), mapping)


def run_batch(
    export_path: Path,
    questionnaire: Questionnaire | Sequence[Questionnaire],
    *,
    mapping: Mapping | None = None,
    group_by: str | None = None,
    progress: Progress = _noop,
) -> BatchResult:
    """Read, plan and score an export in one call (see :func:`prepare_batch`, :func:`score_batch`)."""
    prepared = prepare_batch(
        export_path, questionnaire, mapping=mapping, group_by=group_by, progress=progress
    )
    return score_batch(prepared, progress)


def score_batch(prepared: PreparedBatch, progress: Progress = _noop) -> BatchResult:
    """Score every row of a prepared export."""
    import pandas as pd

    export, questionnaire, plan = prepared.export, prepared.questionnaire, prepared.plan
    frame = export.frame
    columns, error_parts = _decode(export, plan, questionnaire, prepared.mapping, progress)
    error_parts += entity_errors(frame, plan.entity)
    errors = (
        pd.concat(error_parts, ignore_index=True)
        if error_parts
        else pd.DataFrame({"index": [], "column": [], "value": [], "reason": []})
    )
    rows = len(frame)
    rejected = np.zeros(rows, dtype=bool)
    rejected[errors["index"].to_numpy(dtype=np.int64)] = True
    keep = ~rejected
    entities, kept_entity, notes = find_entities(frame, plan.entity, keep)
    entity_index = np.full(rows, -1, dtype=np.int64)
    entity_index[keep] = kept_entity
    merged = merge_respondents(columns, entity_index, len(entities))
    entities["respondents"] = merged.respondents
    table = score_frame(frame_of(merged.states, merged.scores, questionnaire), questionnaire)
    errors.insert(
        0, "row", export.rows[errors["index"].to_numpy(dtype=np.int64)] if len(errors) else []
    )
    errors = errors.drop(columns="index")
    if export.rejected:  # records that could not be read as rows at all
        unread = pd.DataFrame(export.rejected, columns=["row", "value", "reason"])
        unread.insert(1, "column", "")
        errors = pd.concat([errors, unread], ignore_index=True)
    errors["row"] = errors["row"].astype(np.int64)
    errors["value"] = errors["value"].map(_shortened)
    errors = errors.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    return BatchResult(
        questionnaire=questionnaire,
        export_description=export.describe(),
        plan_description=plan.describe(),
        entities=entities,
        table=table,
        states=merged.states,
        scores=merged.scores,
        unknown=merged.unknown,
        spreads=area_spreads(columns, entity_index, len(entities), questionnaire),
        errors=errors,
        rows_read=rows + len(export.rejected),
        rows_scored=int(keep.sum()),
        source=export.source,
        notes=notes,
    )


def _decode(
    export: Export,
    plan: ColumnPlan,
    questionnaire: Questionnaire,
    mapping: Mapping | None,
    progress: Progress,
) -> tuple[list[CodedColumn], list[pd.DataFrame]]:
    """Every scored question coded over all rows (missing where no column answers it), and the
    cells that could not be read."""
    import pandas as pd

    from maturity.survey.read.decode import (
        Vocabulary,
        decode_joined,
        decode_number_with_status,
        decode_options,
        decode_single,
    )

    frame = export.frame
    questions = questionnaire.scored_questions
    columns: list[CodedColumn] = []
    error_parts: list[pd.DataFrame] = []
    for index, question in enumerate(questions):
        progress("score", index, len(questions))
        spec = plan.questions.get(question.id)
        if spec is None:
            columns.append(CodedColumn.missing(len(frame)))
            continue
        codes = dict(plan.values.get(question.id, {}))
        codes.update(mapping.values.get(question.id, {}) if mapping else {})
        vocabulary = (
            Vocabulary.of(codes, mapping.na, mapping.unknown) if mapping else Vocabulary.of(codes)
        )
        decoded: Decoded
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
        columns.append(decoded.column)
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
    progress("score", len(questions), len(questions))
    return columns, error_parts
