"""Section 4 on whole tables: vectorised with numpy, the same results as :mod:`maturity.scoring.single`.

The batch path: every respondent's questions arrive coded (:class:`~maturity.scoring.states.CodedColumn`),
:class:`RespondentTally` merges them per municipality (§4.6) by counting, part by part, and
:func:`score_frame` scores one row per municipality (§4.2–4.5). Area scores, for a municipality and for
each respondent's own spread alike, come from one function (:func:`_area_arrays`). No global state, so a
partitioned engine (Dask ``map_partitions``) can run :func:`score_frame` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from maturity.model import Area, Question, Questionnaire
from maturity.scoring.routed import RoutingTable, most_common_steps, rescored, route_rows
from maturity.scoring.states import (
    MISSING,
    NA,
    NO_LEVEL,
    SCORED,
    UNKNOWN,
    CodedColumn,
    answered_states,
)

if TYPE_CHECKING:
    import pandas as pd

Arrays = tuple[np.ndarray | float, np.ndarray | float, np.ndarray | float]
"""Per row (or one number for every row): applicable, answered and counted score, times a weight."""


def state_column(qid: str) -> str:
    """The column of :func:`score_frame`'s input that holds the state codes of question ``qid``."""
    return f"{qid}:state"


def held_column(qid: str) -> str:
    """The optional column of :func:`score_frame`'s input that says whether the gate of question
    ``qid`` holds for several respondents merged (§4.6)."""
    return f"{qid}:held"


@dataclass(frozen=True)
class Aggregated:
    """Per-municipality question states and scores after §4.6, plus respondent counts."""

    states: np.ndarray  # E x Q int8
    scores: np.ndarray  # E x Q float64, NaN where not answered
    respondents: np.ndarray  # E int64
    unknown: np.ndarray  # E x Q int32: respondents who said "weiß nicht"
    steps: np.ndarray  # E x Q int64: the step of the most common answer (§4.5), -1 for none
    held: np.ndarray  # E x Q bool: a gate's bar met by more than half of those who answered (§4.6)


class _EntityIndex:
    """Each row's municipality, and its multiples by a width (a municipality's first cell in a
    municipalities x width table), each worked out once for all the questions of a part."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows
        self._times: dict[int, np.ndarray] = {}

    def times(self, width: int) -> np.ndarray:
        """``rows * width`` (not to be changed in place)."""
        if width not in self._times:
            self._times[width] = self.rows * width
        return self._times[width]


WIDE_TALLY = 64
"""A keyed question with more slots than this is counted by the pairs that occur, not by a dense
municipalities x slots count per part."""
COUNT_CODES_UP_TO = 32
"""A question with at most this many distinct (state, score) pairs is merged by counting respondents
per pair; one with more (a number scored linearly) by summing per municipality."""

_SUMS = ("answered", "total", "scored", "na", "unknown", "meets")
"""The sums of §4.6 per municipality; ``meets``: respondents who meet the question's gate (§4.4)."""
NO_GATE = np.inf
"""The bar of a question without a gate: nobody meets it."""


class _QuestionTally:
    """One question's counts per municipality: respondents per distinct (state, score) while there are
    few, else the sums of §4.6 (answered, score total, scored, na, unknown). A *keyed* question
    (:attr:`~maturity.model.Question.keyed`) is counted per distinct (state, score, answer) always,
    since its answers themselves are needed at the end."""

    def __init__(self, keyed: bool = False, bar: float = NO_GATE) -> None:
        self.keyed = keyed
        self.bar = bar
        self.slots: dict[tuple[int, float, int], int] = {}
        self.counts: np.ndarray | None = np.zeros((0, 0), dtype=np.int64)
        self.wide: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
        """For a keyed question with more than :data:`WIDE_TALLY` slots (a multi-select of many
        options): the (municipalities, slots, respondents) that occur, part by part, instead of a
        dense table that every part would copy; made dense once, when it is read."""
        self.entities = 0
        self.sums = np.zeros((0, len(_SUMS)))

    def grow(self, entities: int) -> None:
        self.entities = entities
        if self.wide is not None:
            return
        if self.counts is not None:
            more = entities - self.counts.shape[0]
            self.counts = np.concatenate(
                [self.counts, np.zeros((more, self.counts.shape[1]), dtype=np.int64)]
            )
        else:
            more = entities - self.sums.shape[0]
            self.sums = np.concatenate([self.sums, np.zeros((more, len(_SUMS)))])

    def _dense(self) -> np.ndarray:
        """Municipalities x slots, from the pairs where the question is wide."""
        assert self.counts is not None
        if self.wide is None:
            return self.counts
        width = max(1, len(self.slots))
        keys = np.concatenate([rows * width + columns for rows, columns, _ in self.wide])
        times = np.concatenate([times for _, _, times in self.wide])
        found, where = np.unique(keys, return_inverse=True)  # a pair may occur in several parts
        dense = np.zeros(self.entities * width, dtype=np.int64)
        dense[found] = np.bincount(where, weights=times).astype(np.int64)
        self.counts = dense.reshape(self.entities, width)
        self.wide = None
        return self.counts

    def add(self, column: CodedColumn, ent: _EntityIndex, codes: np.ndarray, entities: int) -> None:
        states, scores = column.state_lut, column.score_lut
        if not (states != MISSING).any():  # nothing but empty cells: nothing to count
            return
        if self.counts is not None:
            slot_of_code = self._slots_of(states, scores, column.answer_lut)
            if len(self.slots) <= COUNT_CODES_UP_TO or self.keyed:
                if self.wide is None and len(self.slots) > WIDE_TALLY:
                    rows, columns = np.nonzero(self.counts)
                    self.wide = [(rows, columns, self.counts[rows, columns])]
                    self.counts = np.zeros((0, 0), dtype=np.int64)
                if self.wide is not None:  # many slots: the (municipality, slot) pairs that occur
                    slots = slot_of_code.take(codes)
                    given = slots >= 0
                    width = len(self.slots)
                    found, times = np.unique(
                        ent.rows[given] * width + slots[given], return_counts=True
                    )
                    rows, columns = np.divmod(found, width)
                    self.wide.append((rows, columns, times))
                    return
                # "missing" counted in a last column that is dropped: no row needs filtering
                width = len(self.slots) + 1
                slot_of_code[slot_of_code < 0] = width - 1
                index = ent.times(width) + slot_of_code.take(codes)
                counts = np.bincount(index, minlength=entities * width).reshape(entities, width)
                self.counts += counts[:, :-1]
                return
            self.sums = self._sums_of_counts()
            self.counts = None
        total = _total_lut(states, scores)
        index = ent.times(4) + states.astype(np.int64).take(codes)
        per_state = np.bincount(index, minlength=entities * 4)
        per_state = per_state.reshape(entities, 4).astype(np.float64)
        meets = _meets_lut(states, scores, self.bar)
        self.sums += np.column_stack(
            [
                per_state[:, SCORED] + per_state[:, UNKNOWN],
                np.bincount(ent.rows, weights=total.take(codes), minlength=entities),
                per_state[:, SCORED],
                per_state[:, NA],
                per_state[:, UNKNOWN],
                np.bincount(ent.rows, weights=meets.take(codes), minlength=entities)
                if meets.any()
                else np.zeros(entities),
            ]
        )

    def _slots_of(
        self, states: np.ndarray, scores: np.ndarray, answer_lut: np.ndarray | None
    ) -> np.ndarray:
        """Each code's slot (-1 for "missing", which is not counted), new slots added as needed."""
        assert self.counts is not None
        slot_of_code = np.full(len(states), -1, dtype=np.int64)
        answers = (
            answer_lut.tolist() if self.keyed and answer_lut is not None else [-1] * len(states)
        )
        for code, (state, score, answer) in enumerate(
            zip(states.tolist(), scores.tolist(), answers, strict=True)
        ):
            if state != MISSING:
                key = (state, 0.0 if state == NA else score, answer)
                slot_of_code[code] = self.slots.setdefault(key, len(self.slots))
        if self.wide is None and self.counts.shape[1] < len(self.slots):
            wider = np.zeros((self.counts.shape[0], len(self.slots)), dtype=np.int64)
            wider[:, : self.counts.shape[1]] = self.counts
            self.counts = wider
        return slot_of_code

    def lookup(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """State, score and answer key of each slot."""
        keys = sorted(self.slots, key=self.slots.__getitem__)
        return (
            np.array([state for state, _, _ in keys], dtype=np.int8),
            np.array([score for _, score, _ in keys]),
            np.array([answer for _, _, answer in keys], dtype=np.int64),
        )

    def slot_counts(self, entities: int) -> np.ndarray:
        """Municipalities x slots: respondents per slot (a keyed question is always counted)."""
        assert self.counts is not None
        if not self.slots:
            return np.zeros((entities, 0), dtype=np.int64)
        return self._dense()[:, : len(self.slots)]

    def _sums_of_counts(self) -> np.ndarray:
        assert self.counts is not None
        states, scores, _ = self.lookup()
        return _sums_of(self._dense()[:, : len(states)], states, scores, self.bar)

    def regroup(self, target: np.ndarray, entities: int) -> None:
        self.entities = entities
        if self.wide is not None:  # the pairs move to the municipality they join
            self.wide = [(target[rows], columns, times) for rows, columns, times in self.wide]
        elif self.counts is not None:
            counts = np.zeros((entities, self.counts.shape[1]), dtype=np.int64)
            np.add.at(counts, target, self.counts)
            self.counts = counts
        else:
            sums = np.zeros((entities, len(_SUMS)))
            np.add.at(sums, target, self.sums)
            self.sums = sums

    def totals(self, entities: int) -> np.ndarray:
        """Entities x (answered, total, scored, na, unknown)."""
        if self.counts is None:
            return self.sums
        if not self.slots:
            return np.zeros((entities, len(_SUMS)))
        return self._sums_of_counts()


def _sums_of(
    counts: np.ndarray, states: np.ndarray, scores: np.ndarray, bar: float = NO_GATE
) -> np.ndarray:
    """Municipalities x the sums of §4.6, from respondents per slot and the slots' states and scores
    (``bar``: the question's gate)."""
    return np.column_stack([counts @ lut for lut in _sum_luts(states, scores, bar)])


def _meets_lut(states: np.ndarray, scores: np.ndarray, bar: float) -> np.ndarray:
    """Per code, whether it meets a gate's bar (§4.4: scored at ``bar`` or above)."""
    with np.errstate(invalid="ignore"):
        meets: np.ndarray = ((states == SCORED) & (scores >= bar)).astype(np.float64)
    return meets


def _total_lut(states: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per code, what it adds to the score total of §4.6 (its score where answered, else 0)."""
    total: np.ndarray = np.where(answered_states(states), np.nan_to_num(scores, nan=0.0), 0.0)
    return total


def _sum_luts(states: np.ndarray, scores: np.ndarray, bar: float) -> list[np.ndarray]:
    """Per code, what it adds to each of the sums of §4.6 (:data:`_SUMS`)."""
    return [
        answered_states(states).astype(np.float64),
        _total_lut(states, scores),
        (states == SCORED).astype(np.float64),
        (states == NA).astype(np.float64),
        (states == UNKNOWN).astype(np.float64),
        _meets_lut(states, scores, bar),
    ]


class RespondentTally:
    """§4.6 by counting, part by part: per municipality and question, how many respondents gave each
    distinct (state, score) of the question. Counts add up across the parts of an export and across
    municipalities merged later, and the mean is taken once at the end (:meth:`aggregated`), so the
    result does not depend on where the export was cut. Memory grows with municipalities x questions,
    never with rows."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.entities = 0
        self.respondents = np.zeros(0, dtype=np.int64)
        self.asked = list(questions)
        self.questions = [
            _QuestionTally(q.keyed, NO_GATE if q.gate is None else q.gate.min_score)
            for q in questions
        ]

    def add(self, columns: Sequence[CodedColumn], entity: np.ndarray, entities: int) -> None:
        """Count the rows of one part: ``entity`` gives each row's municipality (0..entities-1, where
        ``entities`` is the number known so far), -1 for a rejected row."""
        valid = entity >= 0
        all_valid = bool(valid.all())
        ent = (entity if all_valid else entity[valid]).astype(np.int64)
        if entities > self.entities:
            more = np.zeros(entities - self.entities, dtype=np.int64)
            self.respondents = np.concatenate([self.respondents, more])
            for question in self.questions:
                question.grow(entities)
            self.entities = entities
        self.respondents += np.bincount(ent, minlength=self.entities)
        index = _EntityIndex(ent)
        for question, column in zip(self.questions, columns, strict=True):
            codes = column.codes if all_valid else column.codes[valid]
            question.add(column, index, codes, self.entities)

    def regroup(self, target: np.ndarray, entities: int) -> None:
        """Merge municipalities: ``target[e]`` is the new index of municipality ``e``."""
        respondents = np.zeros(entities, dtype=np.int64)
        np.add.at(respondents, target, self.respondents)
        self.respondents = respondents
        for question in self.questions:
            question.regroup(target, entities)
        self.entities = entities

    def aggregated(self, routing: RoutingTable | None = None) -> Aggregated:
        """Per municipality and question: the mean score of the answered, and the state (§4.6);
        with ``routing`` (per municipality, from its profile) what does not apply is ``na`` and
        multi-select answers count only the options that apply (§4.1). Also the step of the most
        common answer (§4.5)."""
        entities, questions = self.entities, len(self.questions)
        out_states = np.full((entities, questions), MISSING, dtype=np.int8)
        out_scores = np.full((entities, questions), np.nan)
        out_unknown = np.zeros((entities, questions), dtype=np.int32)
        out_steps = np.full((entities, questions), -1, dtype=np.int64)
        out_held = np.zeros((entities, questions), dtype=bool)
        for q, question in enumerate(self.questions):
            if question.keyed:
                sums, out_steps[:, q] = self._keyed_sums(q, entities, routing)
            else:
                sums = question.totals(entities)
            n_answered, total, n_scored, n_na, n_unknown, n_meets = sums.T
            out_unknown[:, q] = n_unknown
            out_held[:, q] = 2 * n_meets > n_answered  # more than half of those who answered
            has = n_answered > 0
            with np.errstate(invalid="ignore", divide="ignore"):
                out_scores[:, q] = np.where(has, total / np.where(has, n_answered, 1), np.nan)
            out_states[:, q] = np.select(
                [has & (n_scored > 0), has, n_na > 0], [SCORED, UNKNOWN, NA], default=MISSING
            )
        if routing is not None:
            routed_out = ~routing.asked
            out_states[routed_out] = NA
            out_scores[routed_out] = np.nan
            out_unknown[routed_out] = 0
            out_steps[routed_out] = -1
        return Aggregated(
            out_states, out_scores, self.respondents.copy(), out_unknown, out_steps, out_held
        )

    def _keyed_sums(
        self, q: int, entities: int, routing: RoutingTable | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The sums of §4.6 of a keyed question, its multi-select answers scored by the options
        that apply to each municipality, and the step of each municipality's most common answer."""
        question, tally = self.asked[q], self.questions[q]
        counts = tally.slot_counts(entities)
        states, scores, answers = tally.lookup()
        bits = routing.options.get(q) if routing is not None else None
        if bits is None:
            sums = _sums_of(counts, states, scores, tally.bar)
        else:
            sums = np.zeros((entities, len(_SUMS)))
            for mask in np.unique(bits).tolist():
                members = bits == mask
                own = rescored(question, states, scores, answers, mask)
                sums[members] = _sums_of(counts[members], states, own, tally.bar)
        steps = (
            most_common_steps(question, counts, states, answers)
            if question.has_steps
            else np.full(entities, -1, dtype=np.int64)
        )
        return sums, steps


def merge_respondents(
    columns: Sequence[CodedColumn],
    entity: np.ndarray,
    entities: int,
    questions: Sequence[Question],
    routing: RoutingTable | None = None,
) -> Aggregated:
    """§4.6: several respondents of one municipality -> one state and score per question.

    ``columns`` holds every scored question (``questions``), coded per respondent row; ``entity``
    gives each row's municipality (0..entities-1), -1 for a rejected row; ``routing`` what applies
    to each municipality."""
    tally = RespondentTally(questions)
    tally.add(columns, entity, entities)
    return tally.aggregated(routing)


# --- §4.2 area scores, from either source -----------------------------------------------------


class _QuestionSource(Protocol):
    def question(self, index: int, weight: float) -> Arrays:
        """Per row, each times the question's weight: applicable, answered, and the score counted
        (0 where unanswered)."""
        ...


class _DenseSource:
    """Rows x questions arrays of states and scores (one row per municipality)."""

    def __init__(self, states: np.ndarray, scores: np.ndarray) -> None:
        self.applicable = states != NA
        self.answered = answered_states(states)
        self.values = np.where(self.answered, np.nan_to_num(scores, nan=0.0), 0.0)

    def question(self, index: int, weight: float) -> Arrays:
        return (
            np.where(self.applicable[:, index], weight, 0.0),
            np.where(self.answered[:, index], weight, 0.0),
            weight * self.values[:, index],
        )


class _CodedSource:
    """Coded questions (one row per respondent): nothing larger than a row vector is materialised."""

    def __init__(self, columns: Sequence[CodedColumn]) -> None:
        self.columns = columns

    def question(self, index: int, weight: float) -> Arrays:
        column = self.columns[index]
        answered = answered_states(column.state_lut)
        values = np.where(answered, np.nan_to_num(column.score_lut, nan=0.0), 0.0)
        # weighted per distinct value, then spread over the rows: the same products as per row
        applicable_w = np.where(column.state_lut != NA, weight, 0.0)
        answered_w = np.where(answered, weight, 0.0)
        codes = column.codes
        return (
            _spread(applicable_w, codes),
            _spread(answered_w, codes),
            _spread(weight * values, codes),
        )


def _spread(lut: np.ndarray, codes: np.ndarray) -> np.ndarray | float:
    """``lut[codes]``; just the number where every entry is the same (a question without "nicht
    zutreffend" is applicable in every row; one without a column is answered in none)."""
    if (lut == lut[0]).all():
        return float(lut[0])
    spread: np.ndarray = lut.take(codes)
    return spread


@dataclass(frozen=True)
class _AreaArrays:
    score: np.ndarray  # NaN where the area is not scored
    coverage: np.ndarray
    scored: np.ndarray  # bool
    not_applicable: np.ndarray  # bool
    answered_weight: np.ndarray


def _area_arrays(
    source: _QuestionSource,
    area: Area,
    position: dict[str, int],
    min_coverage: float,
    rows: int,
) -> _AreaArrays:
    """§4.2 for every row: coverage and score of one area (summed in questionnaire order, as the
    single path sums)."""
    applicable_w, answered_w, weighted = np.zeros(rows), np.zeros(rows), np.zeros(rows)
    for question in area.scored_questions:
        applicable, answered, value = source.question(position[question.id], question.weight)
        for total, part in ((applicable_w, applicable), (answered_w, answered), (weighted, value)):
            if not isinstance(part, float) or part:
                np.add(total, part, out=total)
    not_applicable = applicable_w == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(
            not_applicable, 0.0, answered_w / np.where(not_applicable, 1, applicable_w)
        )
        score = 100.0 * weighted / np.where(answered_w > 0, answered_w, 1)
    scored = ~not_applicable & (coverage >= min_coverage) & (answered_w > 0)
    return _AreaArrays(
        np.where(scored, score, np.nan), coverage, scored, not_applicable, answered_w
    )


def _positions(questionnaire: Questionnaire) -> dict[str, int]:
    return {q.id: i for i, q in enumerate(questionnaire.scored_questions)}


class SpreadTally:
    """§4.6 spread, part by part: per area and municipality, the lowest and highest of the
    respondents' own area scores (minima and maxima merge across parts)."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.position = _positions(questionnaire)
        self.low = {area.id: np.zeros(0) for area in questionnaire.areas}
        self.high = {area.id: np.zeros(0) for area in questionnaire.areas}

    def add(
        self,
        columns: Sequence[CodedColumn],
        entity: np.ndarray,
        entities: int,
        routing: RoutingTable | None = None,
    ) -> None:
        """The rows of one part (``entity`` as for :meth:`RespondentTally.add`); ``routing``: what
        applies to each respondent by their own profile answers."""
        q = self.questionnaire
        if routing is not None:
            columns = route_rows(columns, q.scored_questions, routing)
        source = _CodedSource(columns)
        valid_rows = entity >= 0
        for area in q.areas:
            low, high = self._grown(area.id, entities)
            own = _area_arrays(source, area, self.position, q.min_coverage, len(entity)).score
            valid = ~np.isnan(own) & valid_rows
            np.minimum.at(low, entity[valid], own[valid])
            np.maximum.at(high, entity[valid], own[valid])

    def _grown(self, area: str, entities: int) -> tuple[np.ndarray, np.ndarray]:
        more = entities - len(self.low[area])
        if more > 0:
            self.low[area] = np.concatenate([self.low[area], np.full(more, np.inf)])
            self.high[area] = np.concatenate([self.high[area], np.full(more, -np.inf)])
        return self.low[area], self.high[area]

    def regroup(self, target: np.ndarray, entities: int) -> None:
        """Merge municipalities: ``target[e]`` is the new index of municipality ``e``."""
        for area in self.low:
            low, high = np.full(entities, np.inf), np.full(entities, -np.inf)
            np.minimum.at(low, target, self.low[area])
            np.maximum.at(high, target, self.high[area])
            self.low[area], self.high[area] = low, high

    def spreads(self, entities: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per area: lowest and highest own score per municipality, NaN where no respondent has one."""
        result = {}
        for area in self.low:
            low, high = self._grown(area, entities)
            missing = ~np.isfinite(low)
            result[area] = (np.where(missing, np.nan, low), np.where(missing, np.nan, high))
        return result


def area_spreads(
    columns: Sequence[CodedColumn],
    entity: np.ndarray,
    entities: int,
    questionnaire: Questionnaire,
    routing: RoutingTable | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """§4.6 spread: per area, the lowest and highest of the respondents' own area scores per
    municipality (NaN where no respondent has a score there); ``routing`` by their own profiles."""
    tally = SpreadTally(questionnaire)
    tally.add(columns, entity, entities, routing)
    return tally.spreads(entities)


# --- §4.2–4.5 on a table ------------------------------------------------------------------------


def level_of_scores(scores: np.ndarray, questionnaire: Questionnaire) -> np.ndarray:
    """§4.4 level(x): the id of the last level whose min_score <= x (NO_LEVEL where x is NaN)."""
    mins = np.array([lv.min_score for lv in questionnaire.levels])
    ids = np.array([lv.id for lv in questionnaire.levels])
    position = np.searchsorted(mins, np.nan_to_num(scores, nan=-1.0), side="right") - 1
    return np.where(np.isnan(scores), NO_LEVEL, ids[np.clip(position, 0, len(ids) - 1)])


def score_frame(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """§4.2–4.5 for every row of ``frame`` (one row per municipality, after §4.6).

    Input columns, for every scored question: ``{qid}`` (score 0..1, NaN when not answered) and
    ``{qid}:state`` (int8 state code, see :mod:`maturity.scoring.states`); for a gate question
    optionally ``{qid}:held`` (bool: its foundation holds for several respondents merged, §4.6;
    without it, one respondent's rule of §4.4 decides). Output columns, same index:
    ``overall_score``, ``overall_level``, ``overall_coverage``, ``overall_capped_by``; per area
    ``{area}_status``, ``_score``, ``_level``, ``_coverage`` (NaN where it does not apply),
    ``_capped_by`` (question ids joined by ","), ``_answered`` (n_a), ``_few_questions`` and
    ``_weight`` (W'_a); per question ``{qid}:gain`` (NaN where §4.5 gives none). Scores are NaN and
    levels ``NO_LEVEL`` (0) where §4 says null.
    """
    import pandas as pd

    questions = questionnaire.scored_questions
    states = np.column_stack([frame[state_column(q.id)].to_numpy(np.int8) for q in questions])
    scores = np.column_stack([frame[q.id].to_numpy(np.float64) for q in questions])
    held = np.column_stack(
        [
            frame[held_column(q.id)].to_numpy(bool)
            if held_column(q.id) in frame
            else _held_by_one(states[:, c], scores[:, c], q)
            for c, q in enumerate(questions)
        ]
    ).reshape(states.shape)
    return pd.DataFrame(_score_arrays(states, scores, held, questionnaire), index=frame.index)


def _held_by_one(states: np.ndarray, scores: np.ndarray, question: Question) -> np.ndarray:
    """§4.4 for one respondent: a gate holds where it is scored at its bar or above."""
    if question.gate is None:
        return np.zeros(len(states), dtype=bool)
    return _meets_lut(states, scores, question.gate.min_score).astype(bool)


def frame_of(
    states: np.ndarray,
    scores: np.ndarray,
    questionnaire: Questionnaire,
    held: np.ndarray | None = None,
) -> pd.DataFrame:
    """:func:`score_frame`'s input from rows x scored-question arrays of states and scores (and, for
    several respondents merged, whether each gate holds)."""
    import pandas as pd

    data: dict[str, np.ndarray] = {}
    for c, question in enumerate(questionnaire.scored_questions):
        data[question.id] = scores[:, c]
        data[state_column(question.id)] = states[:, c]
        if held is not None and question.gate is not None:
            data[held_column(question.id)] = held[:, c]
    return pd.DataFrame(data)


def _capping(
    questions: Sequence[Question],
    source: _DenseSource,
    held: np.ndarray,
    position: dict[str, int],
    uncapped: np.ndarray,
    rows: int,
) -> tuple[np.ndarray, np.ndarray]:
    """§4.4 for every row: the level after the gates of ``questions`` that apply, do not hold and
    allow less than ``uncapped`` (lowest cap wins), and their ids joined by ","."""
    level = uncapped.copy()
    capped_by = np.full(rows, "", dtype=object)
    for q in questions:
        if q.gate is None:
            continue
        i = position[q.id]
        caps = source.applicable[:, i] & ~held[:, i] & (q.gate.max_level < uncapped)
        if caps.any():
            level = np.where(caps, np.minimum(level, q.gate.max_level), level)
            capped_by = np.where(
                caps, np.where(capped_by == "", q.id, capped_by + "," + q.id), capped_by
            )
    return level, capped_by


def _score_arrays(
    states: np.ndarray, scores: np.ndarray, held: np.ndarray, questionnaire: Questionnaire
) -> dict[str, np.ndarray]:
    rows = states.shape[0]
    source = _DenseSource(states, scores)
    position = _positions(questionnaire)
    out: dict[str, np.ndarray] = {}
    areas = [
        _area_arrays(source, area, position, questionnaire.min_coverage, rows)
        for area in questionnaire.areas
    ]
    minimum = questionnaire.min_questions
    weights = []  # W'_a per row, 0 where the area is not scored (§4.2)
    for area, arrays in zip(questionnaire.areas, areas, strict=True):
        answered = np.zeros(rows, dtype=np.int64)
        for q in area.scored_questions:
            answered += source.answered[:, position[q.id]]
        few = arrays.scored & (answered < minimum)
        has_level = arrays.scored & ~few
        uncapped = np.where(has_level, level_of_scores(arrays.score, questionnaire), NO_LEVEL)
        level, capped_by = _capping(area.scored_questions, source, held, position, uncapped, rows)
        weight = np.where(arrays.scored, area.weight * np.minimum(1.0, answered / minimum), 0.0)
        weights.append(weight)
        out[f"{area.id}_status"] = np.where(
            arrays.not_applicable,
            "not_applicable",
            np.where(arrays.scored, "scored", "insufficient"),
        )
        out[f"{area.id}_score"] = arrays.score
        out[f"{area.id}_level"] = level
        out[f"{area.id}_coverage"] = np.where(arrays.not_applicable, np.nan, arrays.coverage)
        out[f"{area.id}_capped_by"] = capped_by
        out[f"{area.id}_answered"] = answered
        out[f"{area.id}_few_questions"] = few
        out[f"{area.id}_weight"] = weight
    # §4.3 overall: coverage by W_a, the score by W'_a, summed in questionnaire order as the single
    # path sums
    considered_w, scored_w = np.zeros(rows), np.zeros(rows)
    weighted, total_w = np.zeros(rows), np.zeros(rows)
    for area, arrays, weight in zip(questionnaire.areas, areas, weights, strict=True):
        considered_w += np.where(arrays.not_applicable, 0.0, area.weight)
        scored_w += np.where(arrays.scored, area.weight, 0.0)
        weighted += np.where(arrays.scored, weight * np.nan_to_num(arrays.score), 0.0)
        total_w += weight
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(
            considered_w > 0, scored_w / np.where(considered_w > 0, considered_w, 1), 0.0
        )
        overall = weighted / np.where(total_w > 0, total_w, 1)
    has_overall = (coverage >= questionnaire.min_coverage) & (scored_w > 0)
    overall = np.where(has_overall, overall, np.nan)
    overall_gates = [q for q in questionnaire.scored_questions if q.gate and q.gate.overall]
    level, capped_by = _capping(
        overall_gates, source, held, position, level_of_scores(overall, questionnaire), rows
    )
    out["overall_score"] = overall
    out["overall_level"] = level
    out["overall_coverage"] = coverage
    out["overall_capped_by"] = capped_by
    # §4.5 gains
    for a, (area, arrays) in enumerate(zip(questionnaire.areas, areas, strict=True)):
        share = np.where(total_w > 0, weights[a] / np.where(total_w > 0, total_w, 1), 0.0)
        answered_w = np.where(arrays.answered_weight > 0, arrays.answered_weight, 1)
        for q in area.scored_questions:
            i = position[q.id]
            gain = 100.0 * share * (q.weight / answered_w) * (1.0 - source.values[:, i])
            eligible = arrays.scored & source.answered[:, i]
            out[f"{q.id}:gain"] = np.where(eligible, gain, np.nan)
    return out
