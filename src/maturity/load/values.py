"""One answer value as a person or a survey tool writes it -> an :class:`~maturity.model.Answer`.

The one place that knows the words for yes and no, "weiß nicht" and "nicht zutreffend", how numbers are
written (``62,5``, ``1.234,5``) and how an option may be named (its id or a label in any language). The
YAML and XLSX answer readers, the survey decoder and ``assess`` all interpret values here.
"""

from __future__ import annotations

import math
import re
from typing import Any

from maturity.i18n import Text
from maturity.load.messages import (
    describe,
    did_you_mean,
    exclusive_refused,
    nearest,
    not_applicable_refused,
)
from maturity.load.municipality import is_ags
from maturity.model import NA, UNKNOWN, Answer, AnswerValue, Question, folded, tr


def kreis_of_ags(ags: str) -> str:
    """The Kreis key of an 8-digit AGS: its first five digits (Land, Regierungsbezirk, Kreis)."""
    return ags[:5] if is_ags(ags) else ""


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

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def interpret_value(question: Question, raw: Any) -> Answer:
    """Turn one raw answer (from YAML, a spreadsheet cell or a prompt) into an :class:`Answer`.

    Raises AnswerValueError with a user-facing message when the value does not fit the question.
    ``None`` is "no answer" and must be handled by the caller.
    """
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in NA_WORDS:
            if not question.allow_na:
                raise AnswerValueError(not_applicable_refused(raw, question.id))
            return Answer(None, "na")
        if word in UNKNOWN_WORDS and question.type != "text":
            return Answer(None, "unknown")
    return Answer(_typed_value(question, raw))


def option_by_label(question: Question, text: str) -> str | None:
    """The id of the option whose id or label (in any language) is ``text``, ignoring case and spaces."""
    return question.option_names.get(folded(text))


def _typed_value(question: Question, raw: Any) -> AnswerValue:
    if question.type == "choice":
        option_id = _known_option(question, raw)
        if option_id is None:
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
    got = describe(raw)
    raise AnswerValueError(
        Text(f"erwartet einen Text, gefunden: {got.de}", f"expected a text, got {got.en}")
    )


def _option_id(raw: Any) -> str | None:
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    return str(raw).strip()


def _known_option(question: Question, raw: Any) -> str | None:
    """The option an answer names: by its id, else by its label in any language (case and spaces
    aside) – "nicht genutzt" as ``assess`` and the forms show it, or ``0``."""
    option_id = _option_id(raw)
    if option_id is None:
        return None
    if question.option(option_id) is not None:
        return option_id
    return option_by_label(question, option_id)


def _expected_options(question: Question, raw: Any) -> Text:
    """Every option with its label, "na" and "unknown", and the one probably meant."""

    def listed(lang: str) -> str:
        return ", ".join(f"'{o.id}' ({tr(o.label, lang)})" for o in question.options)

    extra = ", 'na'" if question.allow_na else ""
    shown = _shown(raw)
    meant = None
    given = _option_id(raw)
    if given:
        names = {o.id: o.id for o in question.options}
        names.update({label: o.id for o in question.options for label in o.label.values()})
        guess = nearest(given, names)
        meant = question.option(names[guess]) if guess else None

    def hint(lang: str) -> str:
        if meant is None:
            return ""
        return did_you_mean(f"'{meant.id}' ({tr(meant.label, lang)})").in_language(lang)

    return Text(
        f"unbekannte Option {shown.de}; erwartet eine von {listed('de')}{extra} oder 'unknown'"
        f"{hint('de')}",
        f"unknown option {shown.en}; expected one of {listed('en')}{extra} or 'unknown'"
        f"{hint('en')}",
    )


def _shown(raw: Any) -> Text:
    if isinstance(raw, str):
        text = f"'{raw}'" if len(raw) <= 40 else f"'{raw[:37]}...'"
        return Text(text, text)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() <= 128:
        return Text(f"'{raw}'", f"'{raw}'")
    return describe(raw)


def _multi_value(question: Question, raw: Any) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    chosen: list[str] = []
    for item in items:
        option_id = _known_option(question, item)
        if option_id is None:
            raise AnswerValueError(_expected_options(question, item))
        if option_id in chosen:
            raise AnswerValueError(
                Text(
                    f"die Option '{option_id}' ist zweimal gewählt",
                    f"option '{option_id}' is selected twice",
                )
            )
        chosen.append(option_id)
    exclusive = [o for o in chosen if question.option(o) and question.option(o).exclusive]  # type: ignore[union-attr]
    if exclusive and len(chosen) > 1:
        raise AnswerValueError(exclusive_refused(exclusive[0]))
    return tuple(chosen)


def _yesno_value(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower() if isinstance(raw, str | int) else None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    shown = _shown(raw)
    raise AnswerValueError(
        Text(
            f"erwartet ja oder nein (yes/no), gefunden: {shown.de}",
            f"expected yes or no (ja/nein), got {shown.en}",
        )
    )


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
    if not _DECIMAL.match(text):  # not float()'s wider idea: "1_0", "١٢", "１２", "inf", "1e308"
        return None
    number = float(text)
    return number if math.isfinite(number) else None


_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$", re.ASCII)
"""A number in a cell: ASCII digits with one decimal point (a comma is made a point before)."""


def _number_value(question: Question, raw: Any) -> float:
    low, high = question.minimum, question.maximum
    lo_de, lo_en = ("beliebig", "any") if low is None else (f"{low:g}", f"{low:g}")
    hi_de, hi_en = ("beliebig", "any") if high is None else (f"{high:g}", f"{high:g}")
    expected = Text(f"eine Zahl von {lo_de} bis {hi_de}", f"a number from {lo_en} to {hi_en}")
    number = parse_number(raw)
    if number is None:
        if isinstance(raw, int) and not isinstance(raw, bool):  # beyond a float
            got = Text("eine viel zu große Zahl", "a number far too large")
        else:
            expected, got = Text("eine Zahl", "a number"), _shown(raw)
        raise AnswerValueError(
            Text(
                f"erwartet {expected.de}, gefunden: {got.de}",
                f"expected {expected.en}, got {got.en}",
            )
        )
    if (low is not None and number < low) or (high is not None and number > high):
        raise AnswerValueError(
            Text(
                f"erwartet {expected.de}, gefunden: {number:g}",
                f"expected {expected.en}, got {number:g}",
            )
        )
    return number


def answered_value(answer: Answer | None) -> bool:
    """Whether an answer carries a value, ``na`` or ``unknown`` (not just a comment)."""
    return answer is not None and (answer.kind != "value" or answer.value is not None)
