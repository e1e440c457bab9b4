"""What a survey form asks, independent of the survey tool: groups, questions, choices and texts in every
language of the questionnaire. The XLSForm and LimeSurvey writers only lay this out in their formats."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from maturity.i18n import t
from maturity.model import (
    AGS_LAND,
    LAND,
    POPULATION,
    ProfileQuestion,
    Question,
    Questionnaire,
    Routing,
    Text,
    tr,
)
from maturity.survey.naming import ENTITY_GROUP, NUMBER_TYPES, PROFILE_GROUP, FormNames

FieldKind = Literal["one", "many", "number", "integer", "line", "text", "code"]
"""line: one line of text; text: a longer free text; code: the 8-digit AGS"""
Labels = dict[str, str]
"""language -> text"""


@dataclass(frozen=True)
class FormCondition:
    """One condition of a question's routing (§4.1), in the form's names: the field holds one of
    ``codes`` (a choice; with ``prefix``, the field's first ``prefix`` characters: the Land of an
    AGS), or a number with ``low <= x < high``; an empty field lets it hold."""

    field: str
    codes: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    prefix: int = 0


Relevance = tuple[FormCondition, ...]
"""Conditions that must all hold for a field or a choice to be shown; empty: always shown."""


@dataclass(frozen=True)
class Choice:
    code: str
    label: Labels
    relevant: Relevance = ()


@dataclass(frozen=True)
class FormField:
    name: str
    kind: FieldKind
    label: Labels
    hint: Labels
    choices: tuple[Choice, ...] = ()
    exclusive: tuple[str, ...] = ()
    """codes that cannot be combined with others (``many``)"""
    minimum: float | None = None
    maximum: float | None = None
    unit: Labels | None = None
    required: bool = False
    status: FormField | None = None
    """the "no figure at hand" choice shown after a number while it is empty"""
    relevant: Relevance = ()
    """when the field is shown (the question's ``applies_if``)"""


@dataclass(frozen=True)
class FormGroup:
    name: str
    label: Labels
    description: Labels
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class FormContent:
    languages: tuple[str, ...]
    title: Labels
    description: Labels
    intro: Labels
    end: Labels
    groups: tuple[FormGroup, ...]
    """the municipality's own fields first, then one group per action area"""


def _words(key: str, languages: tuple[str, ...], **values: object) -> Labels:
    return {lang: t(key, lang).format(**values) for lang in languages}


def _texts(text: Text | None, languages: tuple[str, ...]) -> Labels:
    return {lang: tr(text, lang) for lang in languages}


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def form_content(questionnaire: Questionnaire, names: FormNames) -> FormContent:
    langs = questionnaire.languages
    entity = FormGroup(
        name=ENTITY_GROUP,
        label=_words("form.municipality", langs),
        description=dict.fromkeys(langs, ""),
        fields=(
            FormField(names.entity["name"], "line", _words("form.name", langs), {}, required=True),
            FormField(
                names.entity["id"],
                "code",
                _words("form.ags", langs),
                _words("form.ags_hint", langs),
                required=True,
            ),
            FormField(
                names.entity["population"],
                "integer",
                _words("form.population", langs),
                {},
                minimum=0,
            ),
        ),
    )
    groups = [entity]
    if questionnaire.profile:
        groups.append(
            FormGroup(
                PROFILE_GROUP,
                _words("profile", langs),
                _words("profile_intro", langs),
                tuple(_profile_field(p, names, langs) for p in questionnaire.profile),
            )
        )
    for area in questionnaire.areas:
        groups.append(
            FormGroup(
                names.groups[area.id],
                _texts(area.name, langs),
                _texts(area.description, langs),
                tuple(_field(q, names, langs) for q in area.questions),
            )
        )
    return FormContent(
        langs,
        _texts(questionnaire.title, langs),
        _texts(questionnaire.description, langs),
        _words("form.intro", langs),
        _words("form.end", langs),
        tuple(groups),
    )


def _special_choices(question: Question, names: FormNames, langs: tuple[str, ...]) -> list[Choice]:
    return [
        Choice(names.special.code(answer), _words(f"form.{answer}", langs))
        for answer in question.reserved_answers
    ]


def _number_field(
    name: str,
    label: Labels,
    hint: Labels,
    question: Question | ProfileQuestion,
    unit: Labels | None,
    status: FormField | None = None,
) -> FormField:
    """A number field with the question's bounds (and, for scored questions, its status field)."""
    return FormField(
        name,
        "number",
        label,
        hint,
        minimum=question.minimum,
        maximum=question.maximum,
        unit=unit,
        status=status,
    )


def _profile_field(
    question: ProfileQuestion, names: FormNames, langs: tuple[str, ...]
) -> FormField:
    name, label, hint = (
        names.profile[question.id],
        _texts(question.text, langs),
        _texts(question.help, langs),
    )
    if question.type == "number":
        unit = _texts(question.unit, langs) if question.unit else None
        return _number_field(name, label, hint, question, unit)
    choices: tuple[Choice, ...]
    if question.type == "yesno":
        choices = _yes_no_choices(names, langs)
    else:
        codes = names.options[question.id]
        choices = tuple(Choice(codes[o.id], _texts(o.label, langs)) for o in question.options)
    return FormField(name, "one", label, hint, choices)


def range_test(condition: FormCondition, ref: str) -> str:
    """``low <= ref < high`` of a number condition, in the syntax both survey tools share."""
    bounds = []
    if condition.low is not None:
        bounds.append(f"{ref} >= {number_text(condition.low)}")
    if condition.high is not None:
        bounds.append(f"{ref} < {number_text(condition.high)}")
    return " and ".join(bounds)


def _yes_no_choices(names: FormNames, langs: tuple[str, ...]) -> tuple[Choice, Choice]:
    return (
        Choice(names.special.yes, _words("form.yes", langs)),
        Choice(names.special.no, _words("form.no", langs)),
    )


def form_relevance(routing: Routing, names: FormNames) -> Relevance:
    """``applies_if`` in the form's names: the population field, the AGS field for the Land, profile
    fields and their codes."""
    conditions = []
    for condition in routing:
        if condition.key == POPULATION:
            conditions.append(
                FormCondition(names.entity["population"], (), condition.low, condition.high)
            )
        elif condition.key == LAND:  # the Land is the first two digits of the AGS
            prefixes = {land: prefix for prefix, land in AGS_LAND.items()}
            lands = tuple(prefixes[land] for land in condition.options)
            conditions.append(FormCondition(names.entity["id"], lands, prefix=2))
        elif condition.options:
            codes = names.options.get(condition.key, {})
            special = {"yes": names.special.yes, "no": names.special.no}
            conditions.append(
                FormCondition(
                    names.profile[condition.key],
                    tuple(codes.get(o) or special[o] for o in condition.options),
                )
            )
        else:
            conditions.append(
                FormCondition(names.profile[condition.key], (), condition.low, condition.high)
            )
    return tuple(conditions)


def _field(question: Question, names: FormNames, langs: tuple[str, ...]) -> FormField:
    return replace(
        _plain_field(question, names, langs),
        relevant=form_relevance(question.applies_if, names),
    )


def _plain_field(question: Question, names: FormNames, langs: tuple[str, ...]) -> FormField:
    name = names.questions[question.id]
    label = _texts(question.text, langs)
    hint = _texts(question.help, langs)
    special = _special_choices(question, names, langs)
    if question.type in ("choice", "multi"):
        codes = names.options[question.id]
        choices = [
            Choice(codes[o.id], _texts(o.label, langs), form_relevance(o.applies_if, names))
            for o in question.options
        ]
        if question.type == "choice":
            return FormField(name, "one", label, hint, tuple(choices + special))
        exclusive = tuple(codes[o.id] for o in question.options if o.exclusive) + tuple(
            c.code for c in special
        )
        return FormField(name, "many", label, hint, tuple(choices + special), exclusive)
    if question.type == "yesno":
        return FormField(name, "one", label, hint, (*_yes_no_choices(names, langs), *special))
    if question.type in NUMBER_TYPES:
        unit = _texts(question.unit, langs) if question.unit else None
        if unit is None and question.type == "percent":
            unit = dict.fromkeys(langs, "%")
        status = FormField(
            names.status[question.id],
            "one",
            _words("form.status", langs),
            _words("form.status_hint", langs),
            tuple(special),
        )
        return _number_field(name, label, hint, question, unit, status)
    return FormField(name, "text", label, hint)


def range_message(field: FormField, lang: str) -> str:
    """The message shown for a number out of its bounds."""
    if field.minimum is not None and field.maximum is not None:
        return t("form.range_error", lang).format(
            low=number_text(field.minimum), high=number_text(field.maximum)
        )
    return t("form.min_error", lang).format(low=number_text(field.minimum or 0))


def hint_with_unit(field: FormField, lang: str) -> str:
    """The help text, with the unit of a number question after it."""
    parts = [field.hint.get(lang, "")]
    if field.unit:
        parts.append(t("form.unit", lang).format(unit=field.unit.get(lang, "")))
    return " ".join(p for p in parts if p)


def exclusive_message(field: FormField, lang: str) -> str:
    """The message shown when a choice that stands alone is combined with others."""
    labels = {c.code: c.label.get(lang, c.code) for c in field.choices}
    quote = ("„", "“") if lang == "de" else ("“", "”")
    joined = ", ".join(f"{quote[0]}{labels[code]}{quote[1]}" for code in field.exclusive)
    return t("form.exclusive_error", lang).format(label=joined)
