"""§4.1 routing and the profile of §4.6 on whole tables, vectorised: which questions and options apply
to each row (a respondent, by their own profile answers) or each municipality (by its most common
ones), a multi-select answer scored by the options that apply, and the most common answer's step.

Profile answers arrive as :data:`ProfileArrays`: per profile question (and the ``population``) a
:class:`ProfileColumn` over the rows, coded like the questions themselves: a profile has few distinct
answers, so every condition is decided once per distinct answer and spread over the rows by code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from maturity.model import Condition, Question, Routing
from maturity.routing import decide
from maturity.scoring.states import MISSING, NA, SCORED, CodedColumn


@dataclass(frozen=True)
class ProfileColumn:
    """One profile question over the rows: row ``r`` answered ``values[codes[r]]``. ``values`` holds
    option ids ("" for unanswered) of a choice or yes/no question, or numbers (NaN for unanswered) of
    a number question or the population; a code of -1 picks the last value, which is unanswered."""

    codes: np.ndarray
    values: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> ProfileColumn:
        """A column of answers per row, coded."""
        empty: object = np.nan if values.dtype.kind == "f" else ""
        distinct, codes = np.unique(values, return_inverse=True)
        return cls(codes.reshape(-1), np.append(distinct, np.array([empty], dtype=values.dtype)))

    @classmethod
    def unanswered(cls, rows: int, number: bool) -> ProfileColumn:
        """No answer in any of ``rows`` (a profile question without a column)."""
        empty = np.array([np.nan]) if number else np.array([""], dtype=object)
        return cls(np.full(rows, -1, dtype=np.intp), empty)

    @property
    def rows(self) -> np.ndarray:
        """The answer of every row."""
        rows: np.ndarray = self.values[self.codes]
        return rows

    def answered(self) -> np.ndarray:
        """Per distinct value, whether it is an answer (not "" or NaN)."""
        if self.values.dtype == object:
            given: np.ndarray = self.values != ""
            return given
        known: np.ndarray = ~np.isnan(self.values)
        return known


ProfileArrays = Mapping[str, ProfileColumn]


def condition_rows(condition: Condition, arrays: ProfileArrays, size: int) -> np.ndarray:
    """Where one condition holds: decided once per distinct answer by :func:`maturity.routing.decide`
    (the one definition of a condition), then spread over the rows by code."""
    column = arrays.get(condition.key)
    if column is None:
        return np.ones(size, dtype=bool)
    given = column.answered().tolist()
    held = np.array(
        [
            decide(condition, value if known else None)
            for value, known in zip(column.values.tolist(), given, strict=True)
        ],
        dtype=bool,
    )
    rows: np.ndarray = held[column.codes]
    return rows


def routing_rows(routing: Routing, arrays: ProfileArrays, size: int) -> np.ndarray:
    """Where every condition of ``routing`` holds."""
    held = np.ones(size, dtype=bool)
    for condition in routing:
        held &= condition_rows(condition, arrays, size)
    return held


def deadline_table(
    questions: Sequence[Question], arrays: ProfileArrays, size: int
) -> dict[int, np.ndarray]:
    """§3.1 per row: for each question with dated duties (by its position), which of its deadlines
    applies, the first whose conditions hold (an index into ``due``; -1 for none)."""
    table: dict[int, np.ndarray] = {}
    for position, question in enumerate(questions):
        if not question.due:
            continue
        chosen = np.full(size, -1, dtype=np.int64)
        for index, deadline in enumerate(question.due):
            open_rows = chosen < 0
            chosen[open_rows & routing_rows(deadline.applies_if, arrays, size)] = index
        table[position] = chosen
    return table


@dataclass(frozen=True)
class RoutingTable:
    """Per row and scored question, whether it applies; per option-routed multi question (by its
    position), the bits of the options that apply in each row."""

    asked: np.ndarray  # rows x questions, bool
    options: dict[int, np.ndarray]  # position -> rows, int64 bits


def routing_table(questions: Sequence[Question], arrays: ProfileArrays, size: int) -> RoutingTable:
    # column-major: a question's rows lie together, as every user of the table reads them
    asked = np.ones((len(questions), size), dtype=bool).T
    options: dict[int, np.ndarray] = {}
    known: dict[
        Routing, np.ndarray
    ] = {}  # many questions share one routing: each is worked out once

    def rows_of(routing: Routing) -> np.ndarray:
        if routing not in known:
            known[routing] = routing_rows(routing, arrays, size)
        return known[routing]

    for position, question in enumerate(questions):
        if question.applies_if:
            asked[:, position] = rows_of(question.applies_if)
        if question.routes_options:
            bits = np.zeros(size, dtype=np.int64)
            for index, option in enumerate(question.options):
                bits |= np.where(rows_of(option.applies_if), 1 << index, 0)
            options[position] = bits
            # nothing left to score: the question is not asked (§4.1)
            asked[:, position] &= _possible_points(question, bits) > 0
    return RoutingTable(asked, options)


def _points_of(question: Question, bits: np.ndarray) -> np.ndarray:
    """The points of the options selected by ``bits`` (one entry per bit pattern)."""
    points = np.zeros(len(bits))
    for index, option in enumerate(question.options):
        points += np.where(bits & (1 << index), option.points, 0.0)
    return points


def _possible_points(question: Question, masks: np.ndarray) -> np.ndarray:
    """§4.1: per mask of applicable options, min(max_points, the points those options can give)."""
    possible: np.ndarray = np.minimum(question.effective_max_points, _points_of(question, masks))
    return possible


def rescored(
    question: Question, states: np.ndarray, scores: np.ndarray, answers: np.ndarray, mask: int
) -> np.ndarray:
    """The scores of multi-select answers (by their selected bits ``answers``) when only the options in
    ``mask`` apply; other states keep their score."""
    possible = float(_possible_points(question, np.array([mask]))[0])
    if possible <= 0:
        return scores
    points = _points_of(question, np.where(answers >= 0, answers, 0) & mask)
    new: np.ndarray = np.where(states == SCORED, np.minimum(1.0, points / possible), scores)
    return new


def route_rows(
    columns: Sequence[CodedColumn], questions: Sequence[Question], table: RoutingTable
) -> list[CodedColumn]:
    """Each respondent's columns as their own profile routes them: ``na`` where a question does not
    apply, multi-select answers scored by the options that do."""
    routed: list[CodedColumn] = []
    for position, (column, question) in enumerate(zip(columns, questions, strict=True)):
        asked = table.asked[:, position]
        bits = table.options.get(position)
        if bits is not None and column.answer_lut is not None:
            routed.append(_with_options(column, question, bits, asked))
        elif not asked.all():
            routed.append(_with_na(column, asked))
        else:
            routed.append(column)
    return routed


def _with_options(
    column: CodedColumn, question: Question, bits: np.ndarray, asked: np.ndarray
) -> CodedColumn:
    """A multi-select ``column`` scored, row by row, by the options that apply there (``bits``),
    and ``na`` where not ``asked``. Each (code, options that apply) pair gets a code of its own: the
    tables grow by the few distinct option sets, and nothing is worked out per row."""
    assert column.answer_lut is not None
    if not len(bits):  # no rows
        return column
    masks, mask_of_row = np.unique(bits, return_inverse=True)
    width, sets = len(column.state_lut), len(masks)
    states, answers = column.state_lut, column.answer_lut
    scores = [rescored(question, states, column.score_lut, answers, m) for m in masks.tolist()]
    own = np.where(column.codes < 0, width - 1, column.codes).astype(np.intp) * sets
    own += mask_of_row.reshape(-1)
    # the pairs by code, then by option set; then "na" for what is not asked, then "missing"
    return CodedColumn(
        np.where(asked, own, width * sets),
        np.concatenate([np.repeat(states, sets), [NA, MISSING]]).astype(np.int8),
        np.concatenate([np.column_stack(scores).reshape(-1), [np.nan, np.nan]]),
        np.concatenate([np.repeat(answers, sets), [-1, -1]]).astype(np.int64),
    )


def _with_na(column: CodedColumn, asked: np.ndarray) -> CodedColumn:
    """``column`` with ``na`` where not ``asked``: its tables gain an entry for ``na`` and a last
    one for "missing" (the entry a code of -1 picks)."""

    def widened(lut: np.ndarray, *values: float) -> np.ndarray:
        wide: np.ndarray = np.append(lut, np.array(values, dtype=lut.dtype))
        return wide

    return CodedColumn(
        np.where(asked, column.codes, len(column.state_lut)).astype(np.intp, copy=False),
        widened(column.state_lut, NA, MISSING),
        widened(column.score_lut, np.nan, np.nan),
        None if column.answer_lut is None else widened(column.answer_lut, -1, -1),
    )


def most_common_steps(
    question: Question, counts: np.ndarray, states: np.ndarray, answers: np.ndarray
) -> np.ndarray:
    """§4.5 for several respondents: per municipality, the step of the most common answer among
    those given (ties: the lower score, then the first); -1 where none was given. ``counts`` is
    municipalities x slots, ``states`` and ``answers`` describe the slots."""
    steps = len(question.steps)
    per_step = np.zeros((counts.shape[0], steps), dtype=np.int64)
    for slot in np.flatnonzero((states == SCORED) & (answers >= 0) & (answers < steps)).tolist():
        per_step[:, int(answers[slot])] += counts[:, slot]
    step_scores = (
        [o.score for o in question.options]
        if question.type == "choice"
        else [b.score for b in question.bands]
    )
    order = np.lexsort((np.arange(steps), np.array(step_scores)))  # lower score first
    best = order[np.argmax(per_step[:, order], axis=1)] if steps else np.zeros(0, dtype=np.int64)
    chosen: np.ndarray = np.where(per_step.sum(axis=1) > 0, best, -1).astype(np.int64)
    return chosen


class ProfileTally:
    """§4.6 for the profile, part by part: per municipality and profile question, how many
    respondents gave each distinct answer and in which row each answer first came; the most common
    answer wins, ties going to the first in file order. Counts and first rows merge across parts and
    across municipalities merged later."""

    def __init__(self, questions: Sequence[str]) -> None:
        self.questions = list(questions)
        self.slots: list[dict[object, int]] = [{} for _ in questions]
        self.counts = [np.zeros((0, 0), dtype=np.int64) for _ in questions]
        self.first = [np.zeros((0, 0), dtype=np.int64) for _ in questions]

    def add(
        self, values: Sequence[ProfileColumn], entity: np.ndarray, rows: np.ndarray, entities: int
    ) -> None:
        """One part: per profile question its answers, each row's municipality (-1 for a rejected
        row) and its row number in the file (rising)."""
        for q, column in enumerate(values):
            slots = self.slots[q]
            slot_of_value = np.array(
                [
                    slots.setdefault(value, len(slots)) if given else -1
                    for value, given in zip(
                        column.values.tolist(), column.answered().tolist(), strict=True
                    )
                ],
                dtype=np.int64,
            )
            slot = slot_of_value[column.codes]
            given = (entity >= 0) & (slot >= 0)
            self._grow(q, entities)
            width = len(slots)
            pair = entity[given].astype(np.int64) * width + slot[given]
            counts = np.bincount(pair, minlength=entities * width).reshape(entities, width)
            self.counts[q] += counts
            # rows rise within a part: a pair's first occurrence is its earliest row
            pairs, first = np.unique(pair, return_index=True)
            earliest = self.first[q].reshape(-1)
            earliest[pairs] = np.minimum(earliest[pairs], rows[given][first])

    def _grow(self, q: int, entities: int) -> None:
        width = len(self.slots[q])
        counts, first = self.counts[q], self.first[q]
        if counts.shape == (entities, width):
            return
        grown = np.zeros((entities, width), dtype=np.int64)
        grown[: counts.shape[0], : counts.shape[1]] = counts
        earliest = np.full((entities, width), np.iinfo(np.int64).max, dtype=np.int64)
        earliest[: first.shape[0], : first.shape[1]] = first
        self.counts[q], self.first[q] = grown, earliest

    def regroup(self, target: np.ndarray, entities: int) -> None:
        """Merge municipalities: ``target[e]`` is the new index of municipality ``e``."""
        for q in range(len(self.questions)):
            width = len(self.slots[q])
            self._grow(q, len(target))
            counts = np.zeros((entities, width), dtype=np.int64)
            first = np.full((entities, width), np.iinfo(np.int64).max, dtype=np.int64)
            np.add.at(counts, target, self.counts[q])
            np.minimum.at(first, target, self.first[q])
            self.counts[q], self.first[q] = counts, first

    def most_common(self, entities: int, numbers: Sequence[bool]) -> dict[str, ProfileColumn]:
        """Per profile question, each municipality's answer ("" or NaN where none gave one)."""
        result: dict[str, ProfileColumn] = {}
        for q, qid in enumerate(self.questions):
            self._grow(q, entities)
            counts, first = self.counts[q], self.first[q]
            values = list(self.slots[q])
            empty: object = np.nan if numbers[q] else ""
            lut = np.array([*values, empty], dtype=np.float64 if numbers[q] else object)
            if not values:
                result[qid] = ProfileColumn.unanswered(entities, numbers[q])
                continue
            best = _best(counts, first)  # most respondents, then the earliest row
            result[qid] = ProfileColumn(np.where(counts.max(axis=1) > 0, best, -1), lut)
        return result


def _best(counts: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Per row, the slot with the most respondents, ties to the earliest row."""
    top = counts.max(axis=1, keepdims=True)
    earliest = np.where(counts == top, first, np.iinfo(np.int64).max)
    best: np.ndarray = np.argmin(earliest, axis=1)
    return best
