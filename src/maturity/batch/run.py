"""``maturity batch``, the scoring part: read an export -> recognise its columns -> per part of the
file, decode every question (vectorised) and count respondents per municipality -> merge the counts
(§4.6) -> score the table (§4.2–4.5). Memory grows with municipalities x questions, not with rows.

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

from maturity.batch.entities import (
    EntityRegistry,
    RespondentLedger,
    entity_errors,
)
from maturity.i18n import Text
from maturity.load.municipality import population_number
from maturity.load.places import Places
from maturity.model import (
    LAND,
    POPULATION,
    ProfileQuestion,
    ProfileValue,
    Question,
    Questionnaire,
    land_of_ags,
)
from maturity.scoring.routed import ProfileColumn, ProfileTally, deadline_table, routing_table
from maturity.scoring.states import CodedColumn
from maturity.scoring.vectorised import RespondentTally, SpreadTally, frame_of, score_frame

if TYPE_CHECKING:
    import pandas as pd

    from maturity.load.mapping import ColumnSpec, Mapping
    from maturity.survey.read.columns import ColumnPlan
    from maturity.survey.read.decode import Decoded, Vocabulary
    from maturity.survey.read.exports import ArrowCells, Export, Part
    from maturity.survey.read.planning import PlanCheck

Progress = Callable[[str, int, int], None]
"""progress(step, done, total): called as the work advances."""


@dataclass
class BatchResult:
    """Everything ``batch`` computed, before anything is written."""

    questionnaire: Questionnaire
    export_summary: Text
    """What was read, as readers of the overview see it (no delimiter or encoding)."""
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
    rows_blank: int = 0
    """Blank lines (empty rows) between the records: left out, not counted in ``rows_read``."""
    source: str = ""
    notes: list[Text] = field(default_factory=list)
    """What the user should know about how the rows were read (AGS padded, …)."""
    steps: np.ndarray | None = None
    """Municipality x scored question: the step of the most common answer (§4.5; -1: none)."""
    profiles: list[dict[str, ProfileValue]] = field(default_factory=list)
    """Per municipality: its profile answers (§4.6: the most common per profile question)."""
    held: np.ndarray | None = None
    """Municipality x scored question: whether a gate question's foundation holds (§4.6)."""
    deadlines: dict[int, np.ndarray] = field(default_factory=dict)
    """Per position of a scored question with dated duties: per municipality, which of its
    deadlines applies (an index into ``Question.due``; -1 for none)."""
    as_of: str = ""
    """The evaluation date (ISO): legal duties are overdue by it (§4.5)."""
    kreis_names: dict[str, str] = field(default_factory=dict)
    """Kreis key -> name, from the official directory (``--places``)."""


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
    from maturity.survey.read.exports import first_cells, read_export
    from maturity.survey.read.planning import check_plan

    export = read_export(export_path)
    columns = export.columns
    if not isinstance(questionnaire, Questionnaire):
        questionnaire = choose_questionnaire(columns, questionnaire, lambda: first_cells(export))
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
    as_of: str = "",
) -> BatchResult:
    """Read, plan and score an export in one call (see :func:`prepare_batch`, :func:`score_batch`)."""
    prepared = prepare_batch(
        export_path, questionnaire, mapping=mapping, group_by=group_by, progress=progress
    )
    return score_batch(prepared, progress, as_of)


def score_batch(
    prepared: PreparedBatch,
    progress: Progress = _noop,
    as_of: str = "",
    places: Places | None = None,
) -> BatchResult:
    """Score every row of a prepared export, part by part: each part is decoded, its bad cells and
    rows listed, and its respondents counted per municipality; only the counts are kept. Legal
    duties are overdue by ``as_of`` (ISO; default: today, the evaluation date). ``places`` (the
    official directory) fills in names and populations the export lacks, before routing."""
    import datetime as dt

    as_of = as_of or dt.date.today().isoformat()
    from maturity.survey.read.exports import ReadAgain

    export = prepared.export
    decoders, profile_decoders = _decoders(prepared), _profile_decoders(prepared)
    for parts in export.passes():
        scan = _Scan(prepared, places)
        try:
            for part in parts:
                scan.add(part, decoders, profile_decoders)
                if export.size:
                    progress("score", min(100, round(100 * part.position / export.size)), 100)
        except ReadAgain:  # the next reader starts over: nothing of this pass is kept
            continue
        progress("score", 100, 100)
        return scan.result(as_of)
    raise AssertionError("the last reader of an export never reads again")  # pragma: no cover


class _Scan:
    """What one pass over an export's parts gathers."""

    def __init__(self, prepared: PreparedBatch, places: Places | None = None) -> None:
        q = prepared.questionnaire
        self.prepared = prepared
        self.places = places
        self.registry = EntityRegistry(prepared.plan.entity)
        self.ledger = RespondentLedger()
        self.tally = RespondentTally(q.scored_questions)
        self.spreads = SpreadTally(q)
        self.profiles = ProfileTally([p.id for p in q.profile])
        self.errors: list[pd.DataFrame] = []
        self.rows_read = 0
        self.rows_scored = 0
        self.rows_blank = 0

    def add(
        self, part: Part, decoders: list[_Decoder | None], profile_decoders: list[_ProfileDecoder]
    ) -> None:
        import pandas as pd

        cells, rows = part.cells, len(part.cells)
        columns, error_parts = _decode(cells, decoders)
        profile, profile_errors = _decode_profile(cells, profile_decoders)
        error_parts += profile_errors
        error_parts += entity_errors(cells, self.prepared.plan.entity, self.ledger)
        keep = np.ones(rows, dtype=bool)
        for errors in error_parts:
            keep[errors["index"].to_numpy(dtype=np.int64)] = False
            errors.insert(0, "row", part.rows[errors.pop("index").to_numpy(dtype=np.int64)])
            self.errors.append(errors)
        if part.rejected:  # records that could not be read as rows at all
            unread = pd.DataFrame(part.rejected, columns=["row", "value", "reason"])
            unread.insert(1, "column", "")
            self.errors.append(unread)
        entity_index = self.registry.add(cells, keep, part.rows)
        entities = len(self.registry)
        self.tally.add(columns, entity_index, entities)
        q = self.prepared.questionnaire
        own_routing = None
        if q.routed:  # each respondent's own area scores follow their own profile answers
            arrays = {
                **profile,
                POPULATION: _row_populations(cells, self.prepared.plan, self.places),
                LAND: _row_states(cells, self.prepared.plan),
            }
            own_routing = routing_table(q.scored_questions, arrays, rows)
        self.spreads.add(columns, entity_index, entities, own_routing)
        if q.profile:
            values = [profile[p.id] for p in q.profile]
            self.profiles.add(values, entity_index, part.rows, entities)
        self.rows_read += rows + len(part.rejected)
        self.rows_scored += int(keep.sum())
        self.rows_blank += part.blank

    def result(self, as_of: str) -> BatchResult:
        import pandas as pd

        prepared, places = self.prepared, self.places
        q = prepared.questionnaire
        entities, target, notes = self.registry.finish()
        if places is not None:
            notes.append(fill_from_places(entities, places, "name" in prepared.plan.entity))
        if len(entities) < len(
            self.registry
        ):  # AGS with and without the leading 0: one municipality
            self.tally.regroup(target, len(entities))
            self.spreads.regroup(target, len(entities))
            self.profiles.regroup(target, len(entities))
        profiles = self.profiles.most_common(len(entities), [p.type == "number" for p in q.profile])
        facts = _entity_facts(entities, profiles)
        routing = routing_table(q.scored_questions, facts, len(entities)) if q.routed else None
        merged = self.tally.aggregated(routing)
        entities["respondents"] = merged.respondents
        table = score_frame(frame_of(merged.states, merged.scores, q, merged.held), q)
        errors = (
            pd.concat(self.errors, ignore_index=True)
            if self.errors
            else pd.DataFrame({"row": [], "column": [], "value": [], "reason": []})
        )
        errors["row"] = errors["row"].astype(np.int64)
        errors["value"] = errors["value"].map(_shortened)
        errors = errors.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
        return BatchResult(
            questionnaire=q,
            export_summary=prepared.export.describe(self.rows_read, for_readers=True),
            plan_description=prepared.plan.describe(),
            entities=entities,
            table=table,
            states=merged.states,
            scores=merged.scores,
            unknown=merged.unknown,
            spreads=self.spreads.spreads(len(entities)),
            errors=errors,
            rows_read=self.rows_read,
            rows_scored=self.rows_scored,
            rows_blank=self.rows_blank,
            source=prepared.export.source,
            notes=notes,
            steps=merged.steps,
            profiles=_profile_dicts(profiles, len(entities)),
            held=merged.held,
            deadlines=deadline_table(q.scored_questions, facts, len(entities)),
            kreis_names=dict(places.kreise) if places else {},
            as_of=as_of,
        )


def _float(value: int | None) -> float:
    return np.nan if value is None else float(value)


def fill_from_places(entities: pd.DataFrame, places: Places, named: bool) -> Text:
    """Names (where the export has no name column, or an empty cell) and populations (where it has
    none) from the official directory, by AGS; says how many were filled in."""
    names = entities["name"].tolist()
    populations = entities["population"].tolist()
    filled_names = filled_populations = 0
    for row, ident in enumerate(entities["id"].tolist()):
        ags = _ags(str(ident))  # as each respondent's row finds its population
        if ags in places.names and (not named or not str(names[row] or "").strip()):
            names[row] = places.names[ags]
            filled_names += 1
        if ags in places.populations and population_number(populations[row]) is None:
            populations[row] = str(places.populations[ags])
            filled_populations += 1
    entities["name"] = names
    entities["population"] = populations
    day = places.as_of
    return Text(
        f"aus dem Gemeindeverzeichnis (Stand {day}) ergänzt: {filled_names} Namen, "
        f"{filled_populations} Einwohnerzahlen",
        f"filled in from the municipality directory (as of {day}): {filled_names} names, "
        f"{filled_populations} populations",
    )


def _entity_facts(
    entities: pd.DataFrame, profiles: dict[str, ProfileColumn]
) -> dict[str, ProfileColumn]:
    """What routing knows of each municipality (§4.1): its profile, population and Land (the AGS's)."""
    count = len(entities)
    populations = np.array(
        [_float(population_number(p)) for p in entities["population"]], dtype=np.float64
    )
    lands = np.array([_land(str(ident)) for ident in entities["id"]], dtype=object)
    return {
        **profiles,
        POPULATION: ProfileColumn(np.arange(count), populations),
        LAND: ProfileColumn.of(lands),
    }


def _land(ident: str) -> str:
    """The Land of a municipality id that is an AGS (Excel's 7 digits too); "" for any other id."""
    return land_of_ags(_ags(ident))


def _ags(ident: str) -> str:
    """A municipality id as an AGS is written, with the leading zero that Excel drops."""
    return ident.zfill(8) if len(ident) == 7 else ident


def _row_states(cells: ArrowCells, plan: ColumnPlan) -> ProfileColumn:
    """Each row's Land, from its municipality id where that is an AGS ("" elsewhere)."""
    from maturity.survey.read.decode import categories

    column = plan.entity.get("id")
    if column is None:
        return ProfileColumn.unanswered(len(cells), number=False)
    codes, values = categories(cells[column])
    return ProfileColumn(codes, np.array([*(_land(str(v)) for v in values), ""], dtype=object))


def _row_populations(
    cells: ArrowCells, plan: ColumnPlan, places: Places | None = None
) -> ProfileColumn:
    """Each row's population cell as a number (NaN where there is none); where it has none, the
    official directory's (``--places``) by the row's AGS, as for its municipality's own routing."""
    from maturity.survey.read.decode import categories

    column, ids = plan.entity.get("population"), plan.entity.get("id")
    if column is None:
        given = ProfileColumn.unanswered(len(cells), number=True)
    else:
        codes, values = categories(cells[column])
        given = ProfileColumn(
            codes, np.array([*(_float(population_number(v)) for v in values), np.nan])
        )
    if places is None or not places.populations or ids is None:
        return given
    id_codes, id_values = categories(cells[ids])
    listed = np.array([*(_float(places.populations.get(_ags(str(v)))) for v in id_values), np.nan])
    rows = given.rows
    return ProfileColumn.of(np.where(np.isnan(rows), listed[id_codes], rows))


def _profile_dicts(
    profiles: dict[str, ProfileColumn], entities: int
) -> list[dict[str, ProfileValue]]:
    """Per municipality, its profile answers (those given)."""
    columns = [
        (pid, column.rows.tolist(), column.answered()[column.codes].tolist())
        for pid, column in profiles.items()
    ]
    return [{pid: values[e] for pid, values, given in columns if given[e]} for e in range(entities)]


def _decode_profile(
    cells: ArrowCells, decoders: list[_ProfileDecoder]
) -> tuple[dict[str, ProfileColumn], list[pd.DataFrame]]:
    """Every profile question over the rows of one part ("" or NaN where unanswered or without a
    column), and the cells that could not be read."""
    from maturity.survey.read.decode import decode_profile

    arrays: dict[str, ProfileColumn] = {}
    errors: list[pd.DataFrame] = []
    for decoder in decoders:
        question = decoder.question
        if decoder.column is None:
            arrays[question.id] = ProfileColumn.unanswered(len(cells), question.type == "number")
            continue
        decoded = decode_profile(
            cells[decoder.column], question, decoder.vocabulary, decoder.column
        )
        arrays[question.id] = decoded.column
        errors += _bad_cells(decoded.bad)
    return arrays, errors


def _bad_cells(decoded: Decoded) -> list[pd.DataFrame]:
    """The cells of a decoded column that could not be read (``index``: the row in the part)."""
    import pandas as pd

    if not len(decoded.bad_rows):
        return []
    return [
        pd.DataFrame(
            {
                "index": decoded.bad_rows,
                "column": decoded.bad_columns,
                "value": decoded.bad_values,
                "reason": decoded.bad_reasons,
            }
        )
    ]


@dataclass(frozen=True)
class _ProfileDecoder:
    """How one profile question is read: its column (None where the export has none) and the
    survey's words, its codes keyed as :func:`~maturity.survey.read.columns.text_key` reads cells."""

    question: ProfileQuestion
    column: str | None
    vocabulary: Vocabulary


def _profile_decoders(prepared: PreparedBatch) -> list[_ProfileDecoder]:
    from maturity.survey.naming import text_key

    plan, mapping = prepared.plan, prepared.mapping
    decoders = []
    for question in prepared.questionnaire.profile:
        codes = dict(plan.values.get(question.id, {}))
        own = mapping.values.get(question.id, {}) if mapping else {}
        codes.update({text_key(code): option for code, option in own.items()})
        decoders.append(
            _ProfileDecoder(question, plan.profile.get(question.id), _vocabulary(codes, mapping))
        )
    return decoders


def _vocabulary(codes: dict[str, str], mapping: Mapping | None) -> Vocabulary:
    """A question's code table with the survey's words for "nicht zutreffend" and "weiß nicht"."""
    from maturity.survey.read.decode import Vocabulary

    return Vocabulary.of(codes, mapping.na, mapping.unknown) if mapping else Vocabulary.of(codes)


@dataclass(frozen=True)
class _Decoder:
    """How one scored question is read: its columns (from the plan) and the survey's words."""

    question: Question
    spec: ColumnSpec
    vocabulary: Vocabulary


def _decoders(prepared: PreparedBatch) -> list[_Decoder | None]:
    """Per scored question, how to read it; None where no column answers it."""
    plan, mapping = prepared.plan, prepared.mapping
    decoders: list[_Decoder | None] = []
    for question in prepared.questionnaire.scored_questions:
        spec = plan.questions.get(question.id)
        if spec is None:
            decoders.append(None)
            continue
        codes = dict(plan.values.get(question.id, {}))
        codes.update(mapping.values.get(question.id, {}) if mapping else {})
        decoders.append(_Decoder(question, spec, _vocabulary(codes, mapping)))
    return decoders


def _decode(
    cells: ArrowCells, decoders: list[_Decoder | None]
) -> tuple[list[CodedColumn], list[pd.DataFrame]]:
    """Every scored question coded over the rows of one part (missing where no column answers it),
    and the cells that could not be read (``index``: the row's position in the part)."""
    from maturity.survey.read.decode import (
        decode_joined,
        decode_number_with_status,
        decode_options,
        decode_single,
    )

    columns: list[CodedColumn] = []
    error_parts: list[pd.DataFrame] = []
    for decoder in decoders:
        if decoder is None:
            columns.append(CodedColumn.missing(len(cells)))
            continue
        question, spec, vocabulary = decoder.question, decoder.spec, decoder.vocabulary
        decoded: Decoded
        if spec.options:
            decoded = decode_options(cells, question, vocabulary, dict(spec.options))
        elif spec.status:
            decoded = decode_number_with_status(
                cells[spec.column],
                cells[spec.status],
                question,
                vocabulary,
                (spec.column, spec.status),
            )
        elif question.type == "multi":
            decoded = decode_joined(
                cells[spec.column], question, vocabulary, spec.column, spec.separator
            )
        else:
            decoded = decode_single(cells[spec.column], question, vocabulary, spec.column)
        columns.append(decoded.column)
        error_parts += _bad_cells(decoded)
    return columns, error_parts
