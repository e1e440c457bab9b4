"""Numbers, bars and answers as the reports, the terminal and ``assess`` show them."""

from __future__ import annotations

import re

from maturity.i18n import t
from maturity.model import Answer, Questionnaire, tr

BAR_WIDTH = 12


_GERMAN_SEPARATORS = str.maketrans({",": ".", ".": ","})


def number(value: float, lang: str = "de", digits: int = 1) -> str:
    """A number with ``digits`` decimals, with a decimal comma in German: ``46,8``."""
    text = f"{value:,.{digits}f}"
    return text.translate(_GERMAN_SEPARATORS) if lang == "de" else text  # 1,234.5 -> 1.234,5


def plain_number(value: float, lang: str = "de") -> str:
    """A number as given, with no more decimals than it has (at most three) and thousands
    separators: ``45.200``, ``3,5``."""
    short = f"{value:.3f}".rstrip("0").rstrip(".")
    digits = len(short.split(".")[1]) if "." in short else 0
    return number(value, lang, digits)


def signed(value: float, lang: str = "de") -> str:
    """A change with its sign: ``+4,2``, ``−1,0``, ``±0,0``."""
    text = number(abs(value), lang)
    if round(value, 1) == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"−{text}"


NBSP = "\u00a0"
"""Between a number and its unit (``92 %``, ``4,2 Pkt.``): the two never break apart."""

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def percent(share: float | None, lang: str = "de") -> str:
    """A share 0..1 as a whole percentage with a no-break space: ``92 %``; "–" for none."""
    return "–" if share is None else f"{share * 100:.0f}{NBSP}%"


def date_label(iso: str, lang: str = "de") -> str:
    """An ISO date as a reader writes it: ``12.10.2026`` in German, ``12 October 2026`` in English;
    anything that is not a full ISO date is shown as it is."""
    parts = iso.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return iso
    year, month, day = (int(p) for p in parts)
    if lang == "de":
        return f"{day:02d}.{month:02d}.{year}"
    return f"{day} {MONTHS_EN[month - 1]} {year}"


def text_bar(score: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar for a score out of 100: ``█████░░░░░░░``; empty for no score."""
    if score is None:
        return ""
    filled = round(max(0.0, min(100.0, score)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def answer_label(questionnaire: Questionnaire, qid: str, answer: Answer | None, lang: str) -> str:
    """The answer as a reader sees it: option labels, ja/nein, numbers with unit."""
    question = questionnaire.question_index[qid]
    if answer is None:
        return ""
    if answer.kind == "na":
        return t("state.na", lang)
    if answer.kind == "unknown":
        return t("state.unknown", lang)
    value = answer.value
    if value is None:
        return ""
    if question.type == "choice":
        option = question.option(str(value))
        return tr(option.label, lang) if option else str(value)
    if question.type == "multi":
        assert isinstance(value, tuple)
        labels = [tr(o.label, lang) for o in question.options if o.id in value]
        return ", ".join(labels) if labels else t("none_selected", lang)
    if question.type == "yesno":
        return t("yes", lang) if value else t("no", lang)
    if question.type in ("number", "percent"):
        shown = plain_number(float(value), lang)  # type: ignore[arg-type]
        unit = tr(question.unit, lang) or ("%" if question.type == "percent" else "")
        return f"{shown}{NBSP}{unit}" if unit else shown
    return str(value)


_UNSEEN = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def visible(text: str) -> str:
    """A line for the terminal with every control, escape and direction character from data shown as
    ``\x1b``/``\u202e`` instead of acting (an escape sequence in a file name or a cell must not clear
    the screen, set the title or reorder what is read)."""
    return _UNSEEN.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
