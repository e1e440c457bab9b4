"""LimeSurvey's "abbreviated question text" headings, read back as the form's own codes.

LimeSurvey can head each column of a response export with its question text cut after 15 characters
and "..": ``Welche Art von .. `` for the profile's kind of body, ``Amtlicher Gemei.. `` for the AGS,
``Welche dieser h..  [Ummeldung bei U.. ]`` for one option of a multi-select question. Several
headings are then alike (``Ist die Kommune.. `` heads two profile questions), so they are matched in
order: the export lists the fields in the order of the survey that ``export-form`` wrote, and each
heading is the next field of that order whose text it starts. A heading matched this way is read as
the field's code (``traeger``, ``ags``, ``verwaltungLeistungen[wohns]``), exactly as a
code-headed export is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from maturity.model import Questionnaire
from maturity.survey.naming import limesurvey_names, text_key

_CUT = re.compile(r"\s*\.\.\s*$")
_REPEATED = re.compile(r"\s\(\d+\)$")
"""The suffix a repeated heading gets when an export is read (``Q``, ``Q (2)``)."""
_OPTION = re.compile(r"^(?P<question>.*?)\s*\[(?P<option>[^\[\]]*)\]\s*$", re.S)
MIN_CUT_HEADINGS = 3
"""An export with fewer cut headings is not taken for an abbreviated one."""


@dataclass(frozen=True)
class _Field:
    code: str
    """The column's name in a code-headed export."""
    texts: tuple[str, ...]
    """The field's text in every language, as compared keys."""
    options: tuple[str, ...] | None = None
    """For one option of a multi-select question: the option's text in every language."""


def _cut(heading: str) -> tuple[str, bool]:
    """A heading as a compared key, and whether LimeSurvey cut it (the ``..`` taken off)."""
    heading = _REPEATED.sub("", heading)
    if _CUT.search(heading):
        return text_key(_CUT.sub("", heading)), True
    return text_key(heading), False


def _fits(heading: str, texts: Sequence[str]) -> bool:
    key, cut = _cut(heading)
    if not key:
        return False
    return any(text.startswith(key) if cut else text == key for text in texts)


def _fields(questionnaire: Questionnaire) -> list[_Field]:
    """Every column a response export of the form has, in the survey's order."""
    from maturity.survey.forms.content import form_content

    names = limesurvey_names(questionnaire)
    fields = []
    for group in form_content(questionnaire, names).groups:
        for field in group.fields:
            texts = tuple(text_key(text) for text in field.label.values())
            if field.kind == "many":
                fields += [
                    _Field(
                        f"{field.name}[{choice.code}]",
                        texts,
                        tuple(text_key(t) for t in choice.label.values()),
                    )
                    for choice in field.choices
                ]
                continue
            fields.append(_Field(field.name, texts))
            if field.status is not None:
                status = tuple(text_key(t) for t in field.status.label.values())
                fields.append(_Field(field.status.name, status))
    return fields


def is_abbreviated(columns: Sequence[str]) -> bool:
    """Whether the headings look cut by LimeSurvey (several end in ``..``)."""
    return sum(1 for c in columns if _CUT.search(_REPEATED.sub("", c))) >= MIN_CUT_HEADINGS


def abbreviated_codes(columns: Sequence[str], questionnaire: Questionnaire) -> dict[str, str]:
    """Heading -> the field's code, for the headings of an abbreviated LimeSurvey export of this
    questionnaire's form; {} for any other export."""
    if not is_abbreviated(columns):
        return {}
    fields = _fields(questionnaire)
    codes: dict[str, str] = {}
    at = 0
    for column in columns:
        option = _OPTION.match(_REPEATED.sub("", column))
        question_part = option["question"] if option else column
        for index in range(at, len(fields)):
            field = fields[index]
            if (field.options is None) != (option is None):
                continue
            if not _fits(question_part, field.texts):
                continue
            if option and field.options is not None and not _fits(option["option"], field.options):
                continue
            codes[column] = field.code
            at = index + 1
            break
    return codes
