"""Which export columns answer which question, and which identify the municipality.

With a mapping file its columns are used as written. Without one (``--format generic`` or a preset),
columns named like the question ids are taken, as the forms of ``export-form`` produce them: a plain
``qid``, a group path ``group/qid`` (KoboToolbox), and for multi-select questions one column per option
(``qid[opt]`` LimeSurvey, ``qid/opt`` KoboToolbox, ``qid:opt``) or the codes joined in ``qid``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import MaturityError, Problem
from ..model import Questionnaire
from .mapping import ColumnSpec, Mapping

ENTITY_PRESETS: dict[str, tuple[str, ...]] = {
    "id": (
        "ags",
        "entity",
        "entity_id",
        "municipality_id",
        "kommune_id",
        "gemeinde_id",
        "gemeindeschluessel",
    ),
    "name": ("municipality", "municipality_name", "name", "kommune", "gemeinde"),
    "population": ("population", "einwohner", "inhabitants"),
    "respondent": (
        "respondent",
        "respondent_id",
        "_uuid",
        "id",
        "response id",
        "respondent id",
        "respondentid",
        "antwort id",
    ),
    "submitted": ("submitdate", "date submitted", "datum abgeschickt"),
}
OPTION_PATTERNS = (r"^{q}\[(?P<opt>[^\]]+)\]$", r"^{q}/(?P<opt>[^/]+)$", r"^{q}:(?P<opt>.+)$")


@dataclass
class ColumnPlan:
    questions: dict[str, ColumnSpec] = field(default_factory=dict)
    entity: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)

    def describe(self) -> str:
        entity = (
            ", ".join(f"{k}={v!r}" for k, v in self.entity.items())
            or "none (every row is a municipality)"
        )
        return f"{len(self.questions)} questions mapped; entity columns: {entity}"


def _last_segment(column: str) -> str:
    return column.rsplit("/", 1)[-1].strip()


def plan_columns(
    columns: Sequence[str],
    questionnaire: Questionnaire,
    mapping: Mapping | None,
    group_by: str | None,
    source: str,
) -> ColumnPlan:
    """Resolve the question and entity columns; a mapping column missing from the export is an error."""
    plan = ColumnPlan()
    available = set(columns)
    problems: list[Problem] = []
    if mapping is not None and mapping.columns:
        for qid, spec in mapping.columns.items():
            named = [spec.column] if spec.column else list(spec.options.values())
            missing = [c for c in named if c not in available]
            if missing:
                problems.append(
                    Problem(
                        mapping.source or source,
                        0,
                        0,
                        f"columns.{qid}: column '{missing[0]}' is not in the export {source}",
                    )
                )
                continue
            plan.questions[qid] = spec
    else:
        plan.questions = _columns_by_question_id(columns, questionnaire)
    entity = dict(mapping.entity) if mapping else {}
    if group_by:
        entity["id"] = group_by
    for key, column in entity.items():
        if column not in available:
            problems.append(
                Problem(
                    source,
                    0,
                    0,
                    f"the entity column '{column}' ({key}) is not in the export; "
                    f"columns: {', '.join(list(columns)[:12])}{' ...' if len(columns) > 12 else ''}",
                )
            )
    if problems:
        raise MaturityError(problems)
    lowered = {c.strip().casefold(): c for c in columns}
    for key, candidates in ENTITY_PRESETS.items():
        if key in entity:
            continue
        for candidate in candidates:
            if candidate in lowered:
                entity[key] = lowered[candidate]
                break
    plan.entity = entity
    used = {
        c
        for spec in plan.questions.values()
        for c in ([spec.column] if spec.column else spec.options.values())
    }
    plan.unused = [c for c in columns if c not in used and c not in entity.values()]
    if not plan.questions:
        raise MaturityError(
            [
                Problem(
                    source,
                    1,
                    0,
                    "no column answers a question of "
                    f"'{questionnaire.id}'; name columns by question id or pass --mapping",
                )
            ]
        )
    return plan


def _columns_by_question_id(
    columns: Sequence[str], questionnaire: Questionnaire
) -> dict[str, ColumnSpec]:
    by_segment: dict[str, str] = {}
    for column in columns:
        by_segment.setdefault(_last_segment(column), column)
        by_segment.setdefault(column.strip(), column)
    plan: dict[str, ColumnSpec] = {}
    for question in questionnaire.questions:
        if question.type == "multi":
            options: dict[str, str] = {}
            for pattern in OPTION_PATTERNS:
                regex = re.compile(pattern.format(q=re.escape(question.id)))
                for column in columns:
                    candidate = column.split("/", 1)[1] if column.count("/") > 1 else column
                    match = regex.match(candidate.strip()) or regex.match(column.strip())
                    if match and question.option(match.group("opt")) is not None:
                        options.setdefault(match.group("opt"), column)
            if options:
                plan[question.id] = ColumnSpec(options=options)
                continue
        if question.id in by_segment:
            plan[question.id] = ColumnSpec(column=by_segment[question.id])
    return plan
