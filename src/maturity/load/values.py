"""One answer value as a person or a survey tool writes it -> an :class:`~maturity.model.Answer`.

The one place that knows the words for yes and no, "weiß nicht" and "nicht zutreffend", how numbers are
written (``62,5``, ``1.234,5``) and how an option may be named (its id or a label in any language). The
YAML and XLSX answer readers, the survey decoder and ``assess`` all interpret values here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from maturity.model import NA, UNKNOWN, Answer, AnswerValue, Question

MAX_POPULATION = 100_000_000
"""More inhabitants than any municipality has (Berlin: under 4 million): a typo, or a number pasted
into the wrong field."""
AGS_PATTERN = re.compile(r"^\d{8}$")
YES_WORDS = frozenset({"yes", "ja", "true", "1", "y", "j"})
NO_WORDS = frozenset({"no", "nein", "false", "0", "n"})
NA_WORDS = frozenset({NA, "n/a", "nicht zutreffend", "not applicable"})
UNKNOWN_WORDS = frozenset({UNKNOWN, "weiß nicht", "weiss nicht", "don't know", "do not know"})
SURVEY_NA = ("NA", "N/A", "nicht zutreffend")
"""Cells of a survey export that mean "nicht zutreffend" unless a mapping file says otherwise."""
SURVEY_UNKNOWN = ("DK", "unknown", "weiß nicht")
"""Cells of a survey export that mean "weiß nicht" unless a mapping file says otherwise."""
TICKED_WORDS = frozenset({"y", "1", "yes", "ja", "x", "true"})
"""A ticked cell of a one-column-per-option export."""
UNTICKED_WORDS = frozenset({"n", "0", "no", "nein", "false", "-"})
"""An unticked (but not empty) cell of a one-column-per-option export."""


class AnswerValueError(ValueError):
    """A raw value that is not a valid answer to its question; the message says what was expected."""


def interpret_value(question: Question, raw: Any) -> Answer:
    """Turn one raw answer (from YAML, a spreadsheet cell or a prompt) into an :class:`Answer`.

    Raises AnswerValueError with a user-facing message when the value does not fit the question.
    ``None`` is "no answer" and must be handled by the caller.
    """
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in NA_WORDS:
            if not question.allow_na:
                raise AnswerValueError(
                    f"'{raw}' (not applicable) is not allowed for question '{question.id}'"
                )
            return Answer(None, "na")
        if word in UNKNOWN_WORDS and question.type != "text":
            return Answer(None, "unknown")
    return Answer(_typed_value(question, raw))


def option_by_label(question: Question, text: str) -> str | None:
    """The id of the option whose id or label (in any language) is ``text``, ignoring case and spaces."""
    wanted = " ".join(text.split()).casefold()
    for option in question.options:
        if option.id.casefold() == wanted:
            return option.id
        if any(" ".join(label.split()).casefold() == wanted for label in option.label.values()):
            return option.id
    return None


def _typed_value(question: Question, raw: Any) -> AnswerValue:
    if question.type == "choice":
        option_id = _option_id(raw)
        if option_id is None or question.option(option_id) is None:
            raise AnswerValueError(_expected_options(question, raw))
        return option_id
    if question.type == "multi":
        return _multi_value(question, raw)
    if question.type == "yesno":
        return _yesno_value(raw)
    if question.type in ("number", "percent"):
        return _number_value(question, raw)
    if isinstance(raw, str | int | float) and not isinstance(raw, bool):
        return str(raw)
    raise AnswerValueError(f"expected a text, got {describe(raw)}")


def _option_id(raw: Any) -> str | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    return str(raw).strip()


def _expected_options(question: Question, raw: Any) -> str:
    ids = ", ".join(f"'{o.id}'" for o in question.options)
    extra = ", 'na'" if question.allow_na else ""
    return f"unknown option {_shown(raw)}; expected one of {ids}{extra} or 'unknown'"


def _shown(raw: Any) -> str:
    if isinstance(raw, str):
        return f"'{raw}'" if len(raw) <= 40 else f"'{raw[:37]}...'"
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() <= 128:
        return f"'{raw}'"
    return describe(raw)


def _multi_value(question: Question, raw: Any) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    chosen: list[str] = []
    for item in items:
        option_id = _option_id(item)
        if option_id is None or question.option(option_id) is None:
            raise AnswerValueError(_expected_options(question, item))
        if option_id in chosen:
            raise AnswerValueError(f"option '{option_id}' is selected twice")
        chosen.append(option_id)
    exclusive = [o for o in chosen if question.option(o) and question.option(o).exclusive]  # type: ignore[union-attr]
    if exclusive and len(chosen) > 1:
        raise AnswerValueError(f"option '{exclusive[0]}' cannot be combined with other options")
    return tuple(chosen)


def _yesno_value(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower() if isinstance(raw, str | int) else None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise AnswerValueError(f"expected yes or no (ja/nein), got {_shown(raw)}")


def finite_number(raw: Any) -> float | None:
    """A YAML number as a finite float; None for anything else (booleans, infinity, NaN, and integers
    too large for a float)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    try:
        number = float(raw)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def parse_number(raw: Any) -> float | None:
    """A number from a YAML value or a cell: ``62.5``, ``"62,5"``, ``"1.234,5"``; None if it is none."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return finite_number(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _number_value(question: Question, raw: Any) -> float:
    low, high = question.minimum, question.maximum
    expected = f"a number from {'any' if low is None else f'{low:g}'} to " + (
        "any" if high is None else f"{high:g}"
    )
    number = parse_number(raw)
    if number is None:
        if isinstance(raw, int) and not isinstance(raw, bool):  # beyond a float
            raise AnswerValueError(f"expected {expected}, got a number far too large")
        raise AnswerValueError(f"expected a number, got {_shown(raw)}")
    if (low is not None and number < low) or (high is not None and number > high):
        raise AnswerValueError(f"expected {expected}, got {number:g}")
    return number


def describe(value: Any) -> str:
    """A short, user-facing description of a YAML value's type."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, int):
        digits = str(abs(value)) if value.bit_length() < 1000 else ""
        return f"the number {value}" if 0 < len(digits) <= 40 else "a number far too large"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def answered_value(answer: Answer | None) -> bool:
    """Whether an answer carries a value, ``na`` or ``unknown`` (not just a comment)."""
    return answer is not None and (answer.kind != "value" or answer.value is not None)
