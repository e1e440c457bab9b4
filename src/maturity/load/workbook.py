"""The layout of the XLSX answer template, shared by its writer (``maturity.output.template``) and its
reader (``maturity.load.xlsx_answers``), so that the two cannot drift apart."""

from __future__ import annotations

from maturity.i18n import t
from maturity.model import ProfileQuestion, Question, tr

META_SHEET = "maturity"
"""Hidden sheet of ``key, value`` rows: questionnaire id and version, language, sheet names."""
LIST_SHEET = "lists"
"""Hidden sheet with the dropdown lists."""
ANSWER_HEADERS = ("id", "area", "question", "help", "answer", "comment", "evidence", "answered_by")
"""Columns of the answers sheet, in order (row 1 holds their titles in the chosen language)."""
ID_COLUMN = 1 + ANSWER_HEADERS.index("id")
ANSWER_COLUMN = 1 + ANSWER_HEADERS.index("answer")
COMMENT_COLUMN = 1 + ANSWER_HEADERS.index("comment")
EVIDENCE_COLUMN = 1 + ANSWER_HEADERS.index("evidence")
MULTI_SEPARATOR = ":"
"""Multi-select questions get one row per option, with the id ``question:option``."""
MUNICIPALITY_KEYS = ("name", "ags", "population", "state", "assessed_on", "assessor")
PROFILE_KEY_PREFIX = "profile:"
"""The key of a profile question's row in the municipality sheet: ``profile:traeger``."""
"""Rows of the municipality sheet, from row 2: label (column A), value (B), key (C)."""
MUNICIPALITY_VALUE_COLUMN, MUNICIPALITY_KEY_COLUMN = 2, 3


def option_words(question: Question, lang: str) -> list[str]:
    """The answers a choice or yes/no cell offers in its dropdown, in ``lang``."""
    if question.type == "yesno":
        return [t("yes", lang), t("no", lang)]
    return [tr(o.label, lang) for o in question.options]


def profile_labels(question: ProfileQuestion, lang: str) -> dict[str, str]:
    """A choice or yes/no profile question's answers in words, in ``lang``, by option id."""
    if question.type == "yesno":
        return {answer: t(answer, lang) for answer in question.option_ids}
    return {o.id: tr(o.label, lang) for o in question.options}


def profile_words(question: ProfileQuestion, lang: str) -> list[str]:
    """The answers a profile question's cell offers in its dropdown, in ``lang``."""
    return list(profile_labels(question, lang).values())


def reserved_words(question: Question, lang: str) -> list[str]:
    """ "weiß nicht", and "nicht zutreffend" where the question allows it, in ``lang``."""
    return [t(f"state.{answer}", lang) for answer in question.reserved_answers]
