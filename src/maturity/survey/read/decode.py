"""Export cells -> coded question states and scores, vectorised: each distinct cell value is decoded
once (with the single path's own :func:`~maturity.load.values.interpret_value` and §4.1 question score),
then spread over all rows by its category code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from maturity.i18n import Text
from maturity.load.messages import exclusive_refused, not_applicable_refused
from maturity.load.values import (
    NA_WORDS,
    SURVEY_NA,
    SURVEY_UNKNOWN,
    TICKED_WORDS,
    UNKNOWN_WORDS,
    UNTICKED_WORDS,
    AnswerValueError,
    interpret_value,
    option_by_label,
)
from maturity.model import NA as NA_ID
from maturity.model import UNKNOWN as UNKNOWN_ID
from maturity.model import ProfileQuestion, Question, folded
from maturity.scoring.routed import ProfileColumn
from maturity.scoring.single import question_score
from maturity.scoring.states import MISSING, NA, SCORED, STATE_CODES, UNKNOWN, CodedColumn
from maturity.survey.read.exports import CodedText

if TYPE_CHECKING:
    import pandas as pd

JOIN_SEPARATORS = (";", ",", "|", " ")


@dataclass
class Decoded:
    """One question over all rows, coded (keeping the few distinct values instead of a float per row
    saves memory and lets aggregation count codes), and the rows whose cell could not be read."""

    column: CodedColumn
    bad_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    bad_values: list[str] = field(default_factory=list)
    bad_reasons: list[str] = field(default_factory=list)
    bad_columns: list[str] = field(default_factory=list)

    def note_bad(
        self, codes: np.ndarray, reasons: Sequence[str], values: Sequence[Any], column: str
    ) -> None:
        """The rows whose distinct value (by its code) has a reason ("" for a valid one)."""
        bad = [i for i, reason in enumerate(reasons) if reason]
        if bad:
            rows = np.flatnonzero(np.isin(codes, bad))
            self.bad_rows = rows
            self.bad_values = [str(values[codes[r]]) for r in rows]
            self.bad_reasons = [reasons[codes[r]] for r in rows]
            self.bad_columns = [column] * len(rows)

    def add_bad(self, other: Decoded) -> None:
        """Take over the unreadable cells of ``other`` (a part of the same question)."""
        if len(other.bad_rows):
            self.bad_rows = np.concatenate([self.bad_rows, other.bad_rows])
            self.bad_values += other.bad_values
            self.bad_reasons += other.bad_reasons
            self.bad_columns += other.bad_columns


MEMO_VALUES = 100_000
"""A question remembers how at most this many distinct cells decode, across the parts of an export."""

ValueState = tuple[int, float, str, int]
"""(state, score, reason, answer key) of one distinct cell; reason is "" when the value is valid; the
key is :meth:`~maturity.model.Question.answer_key` of the value (-1 for none)."""


@dataclass(frozen=True)
class Vocabulary:
    """How a survey writes special answers, and its code table for this question; it remembers how
    the question's cells decoded, since the same answers come again in every part of an export."""

    na: frozenset[str]
    unknown: frozenset[str]
    codes: dict[str, str]
    memo: dict[tuple[str, Any], ValueState] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def each(
        self, kind: str, values: Sequence[Any], decode: Callable[[Any], ValueState]
    ) -> list[ValueState]:
        """``decode`` of every value, looked up where this question decoded it before."""
        memo, result = self.memo, []
        for raw in values:
            state = memo.get((kind, raw))
            if state is None:
                state = decode(raw)
                if len(memo) < MEMO_VALUES:
                    memo[(kind, raw)] = state
            result.append(state)
        return result

    @classmethod
    def of(
        cls,
        codes: dict[str, str],
        na: tuple[str, ...] = SURVEY_NA,
        unknown: tuple[str, ...] = SURVEY_UNKNOWN,
    ) -> Vocabulary:
        """A survey's words for "nicht zutreffend" and "weiß nicht" (a mapping's, or the defaults), plus
        the words an answers file takes, casefolded."""
        na = (*na, *NA_WORDS)
        unknown = (*unknown, *UNKNOWN_WORDS)
        return cls(
            frozenset(w.casefold() for w in na), frozenset(w.casefold() for w in unknown), codes
        )


def categories(column: Any) -> tuple[np.ndarray, list[Any]]:
    """Category codes (-1 for an empty cell) and the distinct values of a column: a pandas Series, or
    an Arrow column (read straight from a CSV file)."""
    codes, values = category_array(column)
    return codes, values.tolist()


def category_array(column: Any) -> tuple[np.ndarray, np.ndarray]:
    """:func:`categories` with the distinct values as a NumPy array of objects."""
    import pandas as pd

    if isinstance(column, pd.Series):
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype("category")
        return column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    coded = column if isinstance(column, CodedText) else CodedText.of(column)
    return coded.codes, coded.values


def _word(value: Any) -> str:
    return folded(str(value))


def _special_state(question: Question, text: str, vocabulary: Vocabulary) -> ValueState | None:
    """The :data:`ValueState` of an empty cell, "weiß nicht" or "nicht zutreffend"; None otherwise."""
    if not text:
        return MISSING, np.nan, "", -1
    word = _word(text)
    if word in vocabulary.unknown:
        return UNKNOWN, 0.0, "", -1
    if word in vocabulary.na:
        if question.allow_na:
            return NA, np.nan, "", -1
        return MISSING, np.nan, str(not_applicable_refused(text, question.id)), -1
    return None


def _state_of(question: Question, raw: Any, vocabulary: Vocabulary) -> ValueState:
    """The :data:`ValueState` of one distinct cell value."""
    text = str(raw).strip()
    special = _special_state(question, text, vocabulary)
    if special is not None:
        return special
    value: Any = vocabulary.codes.get(text, text)
    if question.type == "choice" and value == text:
        value = option_by_label(question, text) or text
    return _state_of_value(question, value)


def _state_of_value(question: Question, value: Any) -> ValueState:
    try:
        answer = interpret_value(question, value)
    except AnswerValueError as exc:
        return MISSING, np.nan, str(exc), -1
    scored = question_score(question, answer)
    key = question.answer_key(answer.value) if answer.kind == "value" else -1
    return STATE_CODES[scored.state], np.nan if scored.score is None else scored.score, "", key


def _spread(
    codes: np.ndarray,
    per_value: Sequence[ValueState],
    column: str,
    raw_values: Sequence[Any],
    keyed: bool = False,
) -> Decoded:
    decoded = Decoded(
        CodedColumn.from_values(
            codes,
            [v[0] for v in per_value],
            [v[1] for v in per_value],
            [v[3] for v in per_value] if keyed else None,
        )
    )
    decoded.note_bad(codes, [v[2] for v in per_value], raw_values, column)
    return decoded


def decode_single(
    series: pd.Series, question: Question, vocabulary: Vocabulary, column: str
) -> Decoded:
    """A question answered in one column (choice, yes/no, number, text; or multi with joined codes)."""
    codes, values = categories(series)
    per_value = vocabulary.each("single", values, lambda v: _state_of(question, v, vocabulary))
    return _spread(codes, per_value, column, values, question.keyed)


def decode_joined(
    series: pd.Series,
    question: Question,
    vocabulary: Vocabulary,
    column: str,
    separator: str | None,
) -> Decoded:
    """A multi-select question whose selected options stand joined in one cell."""
    codes, values = categories(series)
    names = _Names(question, vocabulary)  # worked out once for all the column's distinct values

    def state_of(raw: Any) -> ValueState:
        text = str(raw).strip()
        special = _special_state(question, text, vocabulary)
        if special is not None:
            return special
        parts = names.split(text, separator)
        ids = [vocabulary.codes.get(p, option_by_label(question, p) or p) for p in parts]
        return _state_of_value(question, ids)

    return _spread(
        codes, vocabulary.each("joined", values, state_of), column, values, question.keyed
    )


class _Names:
    """What a cell of a multi-select question may name its options by: ids, survey codes and labels
    (folded, longest first, since labels may contain separators)."""

    def __init__(self, question: Question, vocabulary: Vocabulary) -> None:
        self.question = question
        self.known = {o.id for o in question.options} | set(vocabulary.codes)
        tokens = self.known | {label for o in question.options for label in o.label.values()}
        self.tokens = [(t, t.casefold()) for t in sorted(tokens, key=len, reverse=True)]

    def split(self, text: str, separator: str | None) -> list[str]:
        if separator is not None:
            return [p.strip() for p in text.split(separator) if p.strip()]
        if text in self.known or option_by_label(self.question, text):
            return [text]
        for candidate in JOIN_SEPARATORS:  # ids joined by one separator: no reading needed
            if candidate in text:
                ids = [p.strip() for p in text.split(candidate) if p.strip()]
                if all(p in self.known for p in ids):
                    return ids
                break
        parts = self.scan(text)
        if parts:
            return parts
        for candidate in JOIN_SEPARATORS:
            if candidate in text:
                return [p.strip() for p in text.split(candidate) if p.strip()]
        return [text]

    def scan(self, text: str) -> list[str] | None:
        """Split a cell of joined options by reading known ids and labels from left to right, so
        that ``Kita-Anmeldung Bauantrag`` and ``Ja, vollständig; Nein`` come apart where the labels
        end. None if some part is not known."""
        folded, position = text.casefold(), 0
        parts: list[str] = []
        separators = "".join(JOIN_SEPARATORS)
        while True:
            while position < len(text) and text[position] in separators:
                position += 1
            if position == len(text):
                return parts
            for token, folded_token in self.tokens:
                end = position + len(token)
                if folded.startswith(folded_token, position) and (
                    end == len(text) or text[end] in separators
                ):
                    parts.append(text[position:end])
                    position = end
                    break
            else:
                return None


def decode_options(
    frame: Any, question: Question, vocabulary: Vocabulary, columns: dict[str, str]
) -> Decoded:
    """A multi-select question with one column per option (Y / 1 / x / ja when ticked)."""
    rows = len(frame)
    answered = np.zeros(rows, dtype=bool)
    unknown = np.zeros(rows, dtype=bool)
    na = np.zeros(rows, dtype=bool)
    points = np.zeros(rows)
    selection = np.zeros(rows, dtype=np.int64)
    selected_exclusive = np.zeros(rows, dtype=bool)
    selected_count = np.zeros(rows, dtype=np.int64)
    bad_rows: list[np.ndarray] = []
    bad_values: list[str] = []
    bad_reasons: list[str] = []
    bad_columns: list[str] = []
    for option_id, column in columns.items():
        option = question.option(option_id)
        codes, values = categories(frame[column])
        # SurveyMonkey and others write the option's own text into a ticked cell
        own_text = {_word(column.rsplit(" - ", 1)[-1]), _word(option_id)}
        if option is not None:
            own_text |= {_word(v) for v in option.label.values()}
        else:  # the column ticked for "weiß nicht" or "nicht zutreffend"
            own_text |= vocabulary.unknown if option_id == UNKNOWN_ID else vocabulary.na
        kind = []
        for raw in values:
            word = _word(raw)
            if not word:
                kind.append(0)
            elif word in TICKED_WORDS or word in own_text:
                kind.append(1)
            elif word in UNTICKED_WORDS:
                kind.append(2)
            elif word in vocabulary.unknown:
                kind.append(3)
            elif word in vocabulary.na:
                kind.append(4 if question.allow_na else 6)
            else:
                kind.append(5)
        kinds = np.array([*kind, 0], dtype=np.int8)[codes]
        answered |= kinds > 0
        selected = kinds == 1
        if option is None:
            if option_id == UNKNOWN_ID:
                unknown |= selected
            else:
                na |= selected
            selected_exclusive |= selected
            selected_count += selected
            continue
        points += np.where(selected, option.points, 0.0)
        selection |= np.where(selected, 1 << question.options.index(option), 0)
        selected_count += selected
        if option.exclusive:
            selected_exclusive |= selected
        unknown |= kinds == 3
        na |= kinds == 4
        reasons = {
            5: str(
                Text(
                    "erwartet ein Häkchen (Y, 1, x, ja) oder eine leere Zelle für die Option "
                    f"'{option_id}'",
                    f"expected a ticked mark (Y, 1, x, ja) or an empty cell for option '{option_id}'",
                )
            ),
            6: str(not_applicable_refused(NA_ID, question.id)),
        }
        bad = np.flatnonzero(kinds >= 5)
        if len(bad):
            bad_rows.append(bad)
            bad_values += [str(values[codes[r]]) for r in bad]
            bad_reasons += [reasons[int(kinds[r])] for r in bad]
            bad_columns += [column] * len(bad)
    conflict = np.flatnonzero(selected_exclusive & (selected_count > 1))
    if len(conflict):
        exclusive_ids = [o.id for o in question.options if o.exclusive] or [UNKNOWN_ID]
        bad_rows.append(conflict)
        bad_values += [""] * len(conflict)
        bad_reasons += [str(exclusive_refused(exclusive_ids[0]))] * len(conflict)
        bad_columns += [columns.get(exclusive_ids[0], question.id)] * len(conflict)
    score = np.minimum(1.0, points / question.effective_max_points)
    states = np.select([unknown, na, answered], [UNKNOWN, NA, SCORED], default=MISSING).astype(
        np.int8
    )
    scores = np.select([unknown, states == SCORED], [0.0, score], default=np.nan)
    keys = np.where(states == SCORED, selection, -1) if question.keyed else None
    decoded = Decoded(CodedColumn.from_rows(states, scores, keys))
    if bad_rows:
        decoded.bad_rows = np.concatenate(bad_rows)
        decoded.bad_values, decoded.bad_reasons, decoded.bad_columns = (
            bad_values,
            bad_reasons,
            bad_columns,
        )
    return decoded


def decode_number_with_status(
    series: pd.Series,
    status_series: pd.Series,
    question: Question,
    vocabulary: Vocabulary,
    columns: tuple[str, str],
) -> Decoded:
    """A number question whose form asks "no figure at hand?" right after it: where the number is
    empty, the status column's "weiß nicht" or "nicht zutreffend" is the answer."""
    number = decode_single(series, question, vocabulary, columns[0])
    codes, values = categories(status_series)
    allowed = [f"'{answer}'" for answer in question.reserved_answers]
    reason = str(
        Text(
            f"erwartet {' oder '.join(allowed)}, wenn keine Zahl angegeben ist",
            f"expected {' or '.join(allowed)} when no number is given",
        )
    )
    per_value = vocabulary.each(
        "status",
        values,
        lambda raw: (
            _special_state(question, str(raw).strip(), vocabulary) or (MISSING, np.nan, reason, -1)
        ),
    )
    status = _spread(codes, per_value, columns[1], values)
    number_states, status_states = number.column.states, status.column.states
    use_status = (number_states == MISSING) & (status_states != MISSING)
    decoded = Decoded(
        CodedColumn.from_rows(
            np.where(use_status, status_states, number_states),
            np.where(use_status, status.column.scores, number.column.scores),
            np.where(use_status, -1, number.column.answers) if question.keyed else None,
        )
    )
    decoded.add_bad(number)
    decoded.add_bad(status)
    return decoded


@dataclass
class DecodedProfile:
    """One profile question over all rows, coded (option ids, "" where unanswered; or numbers, NaN
    where unanswered), and the rows whose cell could not be read."""

    column: ProfileColumn
    bad: Decoded


def decode_profile(
    series: Any, question: ProfileQuestion, vocabulary: Vocabulary, column: str
) -> DecodedProfile:
    """A profile question's column: option ids, labels or a form's codes (choice), the words of
    yes and no, or numbers (§4.6). "weiß nicht" and "nicht zutreffend" leave it unanswered."""
    from maturity.load.profile import profile_value
    from maturity.survey.naming import text_key

    codes, values = categories(series)
    number = question.type == "number"
    empty: Any = np.nan if number else ""
    per_value: list[tuple[Any, str]] = []
    for raw in values:
        text = str(raw).strip()
        word = _word(text)
        if not text or word in vocabulary.unknown or word in vocabulary.na:
            per_value.append((empty, ""))
            continue
        parsed = profile_value(question, vocabulary.codes.get(text_key(text), text))
        per_value.append((empty, str(parsed)) if isinstance(parsed, Text) else (parsed, ""))
    lut = np.array([*(v for v, _ in per_value), empty], dtype=np.float64 if number else object)
    decoded = Decoded(CodedColumn.missing(len(codes)))
    decoded.note_bad(codes, [reason for _, reason in per_value], values, column)
    return DecodedProfile(ProfileColumn(codes, lut), decoded)
