"""``export-form --format xlsform``: the questionnaire as an XLSForm for KoboToolbox and ODK.

Sheets ``survey``, ``choices`` and ``settings``; labels, hints and messages in every language of the
questionnaire (``label::Deutsch (de)``); one page (group with ``field-list``) per action area. Field
names are the question ids and choice names the option ids (see :mod:`maturity.survey.naming`), so an
export of the form comes back through ``batch`` with no mapping.
"""

from __future__ import annotations

import io
from typing import Any

from maturity.i18n import t
from maturity.model import Questionnaire
from maturity.output.cells import neutralise
from maturity.survey.forms.content import (
    Choice,
    FormContent,
    FormField,
    Relevance,
    exclusive_message,
    form_content,
    hint_with_unit,
    number_text,
    range_message,
    range_test,
)
from maturity.survey.naming import INTRO_NOTE, xlsform_names

LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "fr": "Français",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
    "da": "Dansk",
    "tr": "Türkçe",
}
STATUS_LIST = "_status"
"""prefix of the choice lists of the "no figure at hand" fields (no field name starts with "_")"""
ROUTE_COLUMN = "route"
"""choices column naming the routing group of an option that is not offered to everyone"""


def relevant_expression(conditions: Relevance) -> str:
    """§4.1 as an XLSForm ``relevant`` expression: every condition holds; an empty profile answer lets
    its condition hold."""
    parts = []
    for condition in conditions:
        ref = f"${{{condition.field}}}"
        if condition.codes:
            part = f"substr({ref}, 0, {condition.prefix})" if condition.prefix else ref
            test = " or ".join(f"{part} = '{code}'" for code in condition.codes)
        else:
            test = range_test(condition, ref)
        parts.append(f"({ref} = '' or {test})")
    return " and ".join(parts)


def language_column(kind: str, lang: str) -> str:
    """``label::Deutsch (de)``: the column naming ODK and KoboToolbox recommend."""
    return f"{kind}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


def xlsform(questionnaire: Questionnaire) -> bytes:
    """The XLSForm workbook as bytes."""
    from openpyxl import Workbook

    content = form_content(questionnaire, xlsform_names(questionnaire))
    langs = content.languages
    survey_rows, choice_rows = _rows(content)
    workbook = Workbook()
    _sheet(
        workbook.active,
        "survey",
        [
            "type",
            "name",
            *(language_column("label", lang) for lang in langs),
            *(language_column("hint", lang) for lang in langs),
            "required",
            "relevant",
            "constraint",
            *(language_column("constraint_message", lang) for lang in langs),
            "appearance",
            "choice_filter",
        ],
        survey_rows,
    )
    _sheet(
        workbook.create_sheet(),
        "choices",
        [
            "list_name",
            "name",
            *(language_column("label", lang) for lang in langs),
            *([ROUTE_COLUMN] if any(ROUTE_COLUMN in row for row in choice_rows) else []),
        ],
        choice_rows,
    )
    _sheet(
        workbook.create_sheet(),
        "settings",
        ["form_title", "form_id", "version", "default_language", "style", "instance_name"],
        [
            {
                "form_title": content.title[langs[0]],
                "form_id": questionnaire.id,
                "version": questionnaire.version,
                "default_language": f"{LANGUAGE_NAMES.get(langs[0], langs[0])} ({langs[0]})",
                "style": "pages",
                "instance_name": _instance_name(content),
            }
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instance_name(content: FormContent) -> str:
    name, ags = (f.name for f in content.groups[0].fields[:2])
    return f"concat(${{{name}}}, ' (', ${{{ags}}}, ')')"


def _sheet(sheet: Any, title: str, headers: list[str], rows: list[dict[str, str]]) -> None:
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([neutralise(row.get(h, "")) for h in headers])
    sheet.freeze_panes = "A2"
    for column, header in zip(sheet.iter_cols(min_row=1, max_row=1), headers, strict=True):
        width = 60 if header.startswith(("label", "hint")) else 18
        sheet.column_dimensions[column[0].column_letter].width = width


def _texts(kind: str, labels: dict[str, str]) -> dict[str, str]:
    return {language_column(kind, lang): text for lang, text in labels.items() if text}


def _rows(content: FormContent) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    langs = content.languages
    survey: list[dict[str, str]] = [
        {"type": "note", "name": INTRO_NOTE, **_texts("label", content.intro)}
    ]
    lists = _ChoiceLists()
    for group in content.groups:
        survey.append(
            {
                "type": "begin_group",
                "name": group.name,
                "appearance": "field-list",
                **_texts("label", group.label),
                **_texts("hint", group.description),
            }
        )
        for field in group.fields:
            survey.append(_field_row(field, langs, lists))
            if field.status is not None:
                empty = f"${{{field.name}}} = ''"
                survey.append(
                    {
                        "type": f"select_one {lists.name(field.status, STATUS_LIST)}",
                        "name": field.status.name,
                        "relevant": f"{empty} and ({relevant_expression(field.relevant)})"
                        if field.relevant
                        else empty,
                        "appearance": "minimal",
                        **_texts("label", field.status.label),
                        **_texts("hint", field.status.hint),
                    }
                )
        survey.append({"type": "end_group", "name": group.name})
    return survey, lists.rows


class _ChoiceLists:
    """The choices sheet: a list per distinct set of choices, named after the first field using it."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.names: dict[tuple[tuple[str, tuple[tuple[str, str], ...], str], ...], str] = {}

    def name(self, field: FormField, list_name: str | None = None) -> str:
        key = tuple(
            (c.code, tuple(sorted(c.label.items())), route_of(field, c)) for c in field.choices
        )
        if key not in self.names:
            name = field.name
            if list_name:  # the status lists: "weiß nicht", and "nicht zutreffend" where allowed
                name = list_name + ("_na" if len(field.choices) > 1 else "")
            self.names[key] = name
            self.rows += [
                {
                    "list_name": name,
                    "name": choice.code,
                    **_texts("label", choice.label),
                    **({ROUTE_COLUMN: route_of(field, choice)} if route_of(field, choice) else {}),
                }
                for choice in field.choices
            ]
        return self.names[key]


def _routes(field: FormField) -> list[Relevance]:
    """The distinct routings of a field's choices, in order of first use."""
    return list(dict.fromkeys(c.relevant for c in field.choices if c.relevant))


def route_of(field: FormField, choice: Choice) -> str:
    """The choices-sheet mark of an option offered only to some: ``r1``, ``r2``, …; "" for all."""
    return f"r{_routes(field).index(choice.relevant) + 1}" if choice.relevant else ""


def choice_filter(field: FormField) -> str:
    """Which options a select offers: those for everyone and those whose routing holds."""
    routes = _routes(field)
    if not routes:
        return ""
    offered = [f"{ROUTE_COLUMN} = ''"]
    offered += [
        f"({ROUTE_COLUMN} = 'r{n}' and {relevant_expression(r)})" for n, r in enumerate(routes, 1)
    ]
    return " or ".join(offered)


def _field_row(field: FormField, langs: tuple[str, ...], lists: _ChoiceLists) -> dict[str, str]:
    row: dict[str, str] = {"name": field.name, **_texts("label", field.label)}
    row.update(_texts("hint", {lang: hint_with_unit(field, lang) for lang in langs}))
    if field.required:
        row["required"] = "yes"
    if field.relevant:
        row["relevant"] = relevant_expression(field.relevant)
    if field.kind in ("one", "many"):
        row["type"] = f"select_{'one' if field.kind == 'one' else 'multiple'} {lists.name(field)}"
        if choice_filter(field):
            row["choice_filter"] = choice_filter(field)
        if field.exclusive:
            any_exclusive = " or ".join(f"selected(., '{code}')" for code in field.exclusive)
            row["constraint"] = f"not(({any_exclusive}) and count-selected(.) > 1)"
            row.update(
                _texts(
                    "constraint_message",
                    {lang: exclusive_message(field, lang) for lang in langs},
                )
            )
    elif field.kind in ("number", "integer"):
        row["type"] = "decimal" if field.kind == "number" else "integer"
        bounds = []
        if field.minimum is not None:
            bounds.append(f". >= {number_text(field.minimum)}")
        if field.maximum is not None:
            bounds.append(f". <= {number_text(field.maximum)}")
        if bounds:
            row["constraint"] = " and ".join(bounds)
            row.update(
                _texts("constraint_message", {lang: range_message(field, lang) for lang in langs})
            )
    elif field.kind == "code":
        row["type"] = "text"
        row["constraint"] = "regex(., '^[0-9]{8}$')"
        row["appearance"] = "numbers"
        row.update(_texts("constraint_message", _ags_messages(langs)))
    else:
        row["type"] = "text"
        if field.kind == "text":
            row["appearance"] = "multiline"
    return row


def _ags_messages(langs: tuple[str, ...]) -> dict[str, str]:
    return {lang: t("form.ags_error", lang) for lang in langs}
