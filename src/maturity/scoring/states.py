"""Question states as small integer codes, for the vectorised path and the batch decoder.

A question's state per row is one of four codes (an int8); its score a float in [0, 1], NaN where the
question was not answered. A column of a survey export has few distinct values, so a question over all
rows is kept *coded*: per row a code into two short lookup tables of states and scores
(:class:`CodedColumn`). Areas and the overall result without a level carry :data:`NO_LEVEL`. No other
module spells these numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from maturity.model import QuestionState

MISSING, SCORED, UNKNOWN, NA = 0, 1, 2, 3
STATE_CODES: Mapping[QuestionState, int] = {
    "missing": MISSING,
    "scored": SCORED,
    "unknown": UNKNOWN,
    "na": NA,
}
STATE_NAMES: tuple[QuestionState, ...] = ("missing", "scored", "unknown", "na")
"""The state's name by its code: ``STATE_NAMES[SCORED] == "scored"``."""

NO_LEVEL = 0
"""The level of an area or overall result that has none (§4.2, §4.3); level ids start at 1."""


def level_or_none(level: int) -> int | None:
    """A level code as the result shows it: None for :data:`NO_LEVEL`."""
    return None if level == NO_LEVEL else int(level)


def answered_states(states: np.ndarray) -> np.ndarray:
    """Where a question counts as answered (§4.2): state ``scored`` or ``unknown``."""
    answered: np.ndarray = (states == SCORED) | (states == UNKNOWN)
    return answered


@dataclass(frozen=True)
class CodedColumn:
    """One question over all rows: row ``r`` has state ``state_lut[codes[r]]`` and score
    ``score_lut[codes[r]]``. The last entry of both tables is "missing", so a code of -1 (an empty
    cell) picks it."""

    codes: np.ndarray
    """``intp``: NumPy gathers by its own index type several times as fast as by any other."""
    state_lut: np.ndarray
    score_lut: np.ndarray
    answer_lut: np.ndarray | None = None
    """Per code, the answer's key (:meth:`~maturity.model.Question.answer_key`; -1 for none), kept
    for the questions whose answers the batch must tell apart; None for the others."""

    @property
    def states(self) -> np.ndarray:
        states: np.ndarray = self.state_lut[self.codes]
        return states

    @property
    def scores(self) -> np.ndarray:
        scores: np.ndarray = self.score_lut[self.codes]
        return scores

    @classmethod
    def missing(cls, rows: int) -> CodedColumn:
        """A question no column answers: missing in every row."""
        return cls(
            np.full(rows, -1, dtype=np.intp),
            np.array([MISSING], dtype=np.int8),
            np.array([np.nan]),
        )

    @property
    def answers(self) -> np.ndarray:
        """Per row, the answer's key (-1 for none, and everywhere without keys)."""
        if self.answer_lut is None:
            return np.full(len(self.codes), -1, dtype=np.int64)
        answers: np.ndarray = self.answer_lut[self.codes]
        return answers

    @classmethod
    def from_values(
        cls,
        codes: np.ndarray,
        states: list[int],
        scores: list[float],
        answers: list[int] | None = None,
    ) -> CodedColumn:
        """Codes into the distinct values' states, scores and (optionally) answer keys (the missing
        entry is appended)."""
        return cls(
            codes.astype(np.intp, copy=False),
            np.array([*states, MISSING], dtype=np.int8),
            np.array([*scores, np.nan], dtype=np.float64),
            None if answers is None else np.array([*answers, -1], dtype=np.int64),
        )

    @classmethod
    def from_rows(
        cls, states: np.ndarray, scores: np.ndarray, answers: np.ndarray | None = None
    ) -> CodedColumn:
        """Row states, scores (and answer keys) -> one code per distinct combination, in the order
        of (state, score, answer key). Each part is ranked on its own and the ranks joined into one
        number per row: sorting three short keys is far quicker than sorting rows of three."""
        parts = [states.astype(np.int64), np.where(np.isnan(scores), -1.0, scores)]
        if answers is not None:
            parts.append(answers.astype(np.int64))
        distinct, key = [], np.zeros(len(states), dtype=np.int64)
        for values in parts:
            own, rank = np.unique(values, return_inverse=True)
            distinct.append(own)
            key = key * len(own) + rank.reshape(-1)
        keys, inverse = np.unique(key, return_inverse=True)
        columns = []
        for own in reversed(distinct):  # the joined number taken apart again, last part first
            columns.append(own[keys % len(own)])
            keys = keys // len(own)
        columns.reverse()
        state_lut = np.append(columns[0].astype(np.int8), np.int8(MISSING))
        score_lut = np.append(np.where(columns[1] < 0, np.nan, columns[1]), np.nan)
        answer_lut = None if answers is None else np.append(columns[2], -1)
        return cls(inverse.astype(np.intp).reshape(-1), state_lut, score_lut, answer_lut)
