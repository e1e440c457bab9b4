"""Blank answer files: YAML with every question as a commented entry, or XLSX with dropdowns.

Both are valid answer files as they are (every answer empty), so colleagues can fill them in part and
``validate``/``score`` them at any time.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from maturity.i18n import t
from maturity.load.workbook import (
    ANSWER_HEADERS,
    LIST_SHEET,
    META_SHEET,
    MULTI_SEPARATOR,
    MUNICIPALITY_KEYS,
    MUNICIPALITY_VALUE_COLUMN,
    PROFILE_KEY_PREFIX,
    option_words,
    profile_words,
    reserved_words,
)
from maturity.model import LAENDER, ProfileQuestion, Question, Questionnaire, tr
from maturity.output.formatting import number
from maturity.output.routing_text import routing_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def _comment_lines(text: str, width: int = 96) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return [f"  # {entry}" for entry in lines]


def _allowed_answers(question: Question, lang: str) -> str:
    """One line saying what may be written, e.g. ``Bereich 0–100 % | unknown (weiß nicht)``."""
    if question.type in ("choice", "multi"):
        parts = [f"{json.dumps(o.id)} {tr(o.label, lang)}" for o in question.options]
    elif question.type == "yesno":
        parts = ["ja", "nein"] if lang == "de" else ["yes", "no"]
    elif question.type in ("number", "percent"):
        unit = tr(question.unit, lang) or ("%" if question.type == "percent" else "")
        low = "" if question.minimum is None else number(question.minimum, lang, 0)
        high = "" if question.maximum is None else number(question.maximum, lang, 0)
        parts = [f"{t('range', lang)} {low}–{high} {unit}".strip()]
    else:
        return t("free_text", lang)
    parts += [f"{answer} ({t(f'state.{answer}', lang)})" for answer in question.reserved_answers]
    return " | ".join(parts)


def _answer_comment(question: Question, lang: str) -> list[str]:
    """The comment lines that list the possible answers, one option per line."""
    if question.type not in ("choice", "multi"):
        return _comment_lines(f"{t('answer', lang)}: {_allowed_answers(question, lang)}")
    heading = t("answer", lang) + (
        f" ({t('multiple', lang)}, [a, b])" if question.type == "multi" else ""
    )
    lines = [f"  # {heading}:"]
    lines += [f"  #   {json.dumps(o.id):<14} {tr(o.label, lang)}" for o in question.options]
    lines += [
        f"  #   {answer:<14} {t(f'state.{answer}', lang)}" for answer in question.reserved_answers
    ]
    return lines


def yaml_template(questionnaire: Questionnaire, lang: str = "de") -> str:
    """A blank answers YAML: every question as an empty entry with its text, help and options."""
    states = ", ".join(LAENDER)
    lines = [
        f"# {tr(questionnaire.title, lang)} {questionnaire.version}",
        f"# {t('template_intro', lang)}",
        f"questionnaire: {questionnaire.id}",
        f'questionnaire_version: "{questionnaire.version}"',
        "municipality:",
        '  name: ""',
        f'  ags: ""          # {t("ags_hint", lang)}',
        "  population:",
        f'  state: ""        # {states}',
        f"assessed_on:       # {t('date_hint', lang)}",
        'assessor: ""',
        *(
            line.removeprefix("  ")
            for line in _comment_lines(
                f"{t('targets_hint', lang)} "
                + ", ".join(f"{lv.id} {tr(lv.name, lang)}" for lv in questionnaire.levels)
                + f". {t('areas', lang)}: "
                + ", ".join(a.id for a in questionnaire.areas)
            )
        ),
        "targets:",
        *_profile_lines(questionnaire, lang),
        "answers:",
    ]
    for area in questionnaire.areas:
        lines.append("")
        lines.append(f"  # === {tr(area.name, lang)} ===")
        for question in area.questions:
            lines.append("")
            lines.extend(_comment_lines(tr(question.text, lang)))
            applies = routing_text(question.applies_if, questionnaire, lang)
            if applies:
                lines.extend(_comment_lines(f"{t('applies_to', lang)}: {applies}"))
            if question.help:
                lines.extend(_comment_lines(f"{t('help', lang)}: {tr(question.help, lang)}"))
            if question.answered_by:
                lines.extend(
                    _comment_lines(f"{t('knows_answer', lang)}: {tr(question.answered_by, lang)}")
                )
            if question.obligation:
                lines.extend(
                    _comment_lines(f"{t('duty_tag', lang)}: {tr(question.obligation, lang)}")
                )
            lines.extend(_answer_comment(question, lang))
            lines.append(f"  {question.id}:")
    return "\n".join(lines) + "\n"


def _profile_lines(questionnaire: Questionnaire, lang: str) -> list[str]:
    """The ``profile:`` block: each profile question commented with its answers, empty."""
    if not questionnaire.profile:
        return []
    lines = [
        *(line.removeprefix("  ") for line in _comment_lines(t("profile_intro", lang))),
        "profile:",
    ]
    for question in questionnaire.profile:
        lines.extend(_comment_lines(tr(question.text, lang)))
        lines.append(f"  #   {profile_answers(question, lang)}")
        lines.append(f"  {question.id}:")
    return lines


def profile_answers(question: ProfileQuestion, lang: str) -> str:
    """What a profile question takes, in one line."""
    if question.type == "number":
        return t("number_answer", lang)
    if question.type == "yesno":
        return f"{t('yes', lang)} | {t('no', lang)}"
    return " | ".join(f"{o.id} ({tr(o.label, lang)})" for o in question.options)


# --- XLSX ----------------------------------------------------------------------------------------


def xlsx_template(
    questionnaire: Questionnaire, lang: str = "de", only: Collection[str] | None = None
) -> bytes:
    """A blank answers workbook: a sheet of questions with dropdowns, and one for the municipality;
    ``only``: the ids of the questions it asks (a department's part, see :func:`split_templates`)."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from maturity.output.cells import neutralise

    workbook = Workbook()
    answers_sheet = workbook.active
    assert answers_sheet is not None
    answers_sheet.title = t("sheet_answers", lang)
    municipality_sheet = workbook.create_sheet(t("sheet_municipality", lang))
    lists = workbook.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for row in (
        ("questionnaire", questionnaire.id),
        ("questionnaire_version", questionnaire.version),
        ("lang", lang),
        ("answers_sheet", answers_sheet.title),
        ("municipality_sheet", municipality_sheet.title),
    ):
        meta.append(row)

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0B5CAD")
    area_fill = PatternFill("solid", fgColor="D7E6F7")
    wrap = Alignment(wrap_text=True, vertical="top")

    answers_sheet.append([t(f"col_{h}", lang) for h in ANSWER_HEADERS])
    for cell in answers_sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    answers_sheet.freeze_panes = "E2"
    for column, width in zip("ABCDEFGH", (26, 22, 60, 48, 26, 36, 30, 28), strict=True):
        answers_sheet.column_dimensions[column].width = width

    list_column = 0

    def list_range(values: list[str]) -> str:
        nonlocal list_column
        list_column += 1
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(list_column)
        for index, value in enumerate(values, start=1):
            lists.cell(row=index, column=list_column, value=neutralise(value))
        return f"{LIST_SHEET}!${letter}$1:${letter}${len(values)}"

    def add_list_validation(cell: str, values: list[str]) -> None:
        validation = DataValidation(type="list", formula1=list_range(values), allow_blank=True)
        validation.error = t("xlsx_choose", lang)
        validation.errorTitle = t("answer", lang)
        validation.showErrorMessage = True
        answers_sheet.add_data_validation(validation)
        validation.add(cell)

    for area in questionnaire.areas:
        questions = [q for q in area.questions if only is None or q.id in only]
        if not questions:
            continue
        answers_sheet.append(["", tr(area.name, lang)])
        for cell in answers_sheet[answers_sheet.max_row]:
            cell.fill = area_fill
            cell.font = Font(bold=True)
        for question in questions:
            help_text = tr(question.help, lang)
            who = neutralise(tr(question.answered_by, lang))
            applies = routing_text(question.applies_if, questionnaire, lang)
            if question.type == "multi":
                for option in question.options:
                    answers_sheet.append(
                        [
                            f"{question.id}{MULTI_SEPARATOR}{option.id}",
                            tr(area.name, lang),
                            neutralise(f"{tr(question.text, lang)} – {tr(option.label, lang)}"),
                            neutralise(help_text),
                            None,
                            None,
                            None,
                            who,
                        ]
                    )
                    add_list_validation(
                        f"E{answers_sheet.max_row}",
                        [t("yes", lang), t("no", lang), *reserved_words(question, lang)],
                    )
                continue
            answers_sheet.append(
                [
                    question.id,
                    tr(area.name, lang),
                    neutralise(tr(question.text, lang)),
                    neutralise(_xlsx_help(question, help_text, lang, applies)),
                    None,
                    None,
                    None,
                    who,
                ]
            )
            row = answers_sheet.max_row
            if question.type in ("choice", "yesno"):
                add_list_validation(
                    f"E{row}", [*option_words(question, lang), *reserved_words(question, lang)]
                )
            elif question.type in ("number", "percent"):
                _add_number_validation(answers_sheet, question, row, lang, DataValidation)
    for row in answers_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap

    municipality_sheet.append([t("col_field", lang), t("col_value", lang), "key"])
    for cell in municipality_sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    for key in MUNICIPALITY_KEYS:
        municipality_sheet.append([t(_MUNICIPALITY_LABELS[key], lang), None, key])
    for profile_question in questionnaire.profile:
        municipality_sheet.append(
            [
                neutralise(tr(profile_question.text, lang)),
                None,
                f"{PROFILE_KEY_PREFIX}{profile_question.id}",
            ]
        )
        if profile_question.type != "number":
            validation = DataValidation(
                type="list",
                formula1=list_range(profile_words(profile_question, lang)),
                allow_blank=True,
            )
            municipality_sheet.add_data_validation(validation)
            validation.add(f"B{municipality_sheet.max_row}")
    municipality_sheet.column_dimensions["A"].width = 34
    municipality_sheet.column_dimensions["B"].width = 40
    municipality_sheet.column_dimensions["C"].hidden = True
    municipality_sheet.freeze_panes = "A2"
    for key in ("ags", "population"):  # text: keeps leading zeros, and "4.200" is not read as 4.2
        key_row = 2 + MUNICIPALITY_KEYS.index(key)
        municipality_sheet.cell(key_row, MUNICIPALITY_VALUE_COLUMN).number_format = "@"
    state_validation = DataValidation(
        type="list", formula1=list_range(list(LAENDER)), allow_blank=True
    )
    municipality_sheet.add_data_validation(state_validation)
    state_validation.add(f"B{2 + MUNICIPALITY_KEYS.index('state')}")

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def units(questionnaire: Questionnaire, lang: str) -> list[tuple[str, list[str]]]:
    """The questions by who usually knows the answer (``answered_by``), in the order the units first
    appear; questions without one form a last group ("Allgemein")."""
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for question in questionnaire.questions:
        who = tr(question.answered_by, lang)
        (groups.setdefault(who, []) if who else rest).append(question.id)
    ordered = list(groups.items())
    if rest:
        ordered.append((t("unit_general", lang), rest))
    return ordered


def split_templates(questionnaire: Questionnaire, lang: str = "de") -> dict[str, bytes]:
    """One answers workbook per unit of :func:`units`, by file name ("01-kaemmerei.xlsx"): each asks
    that unit's questions; ``maturity merge`` reads them back into one answers file."""
    from maturity.output.files import slugify

    return {
        f"{number:02d}-{slugify(unit, fallback='teil')}.xlsx": xlsx_template(
            questionnaire, lang, set(ids)
        )
        for number, (unit, ids) in enumerate(units(questionnaire, lang), start=1)
    }


_MUNICIPALITY_LABELS = {
    "name": "municipality",
    "ags": "ags",
    "population": "population",
    "state": "state",
    "assessed_on": "assessed_on",
    "assessor": "assessor",
}


def _xlsx_help(question: Question, help_text: str, lang: str, applies: str = "") -> str:
    if question.type in ("number", "percent"):
        allowed = _allowed_answers(question, lang).split(" | ")[0]
        help_text = f"{allowed}. {help_text}".strip()
    if applies:
        help_text = f"{t('applies_to', lang)}: {applies}. {help_text}".strip()
    return help_text


def _add_number_validation(
    sheet: Worksheet, question: Question, row: int, lang: str, validation_type: Any
) -> None:
    cell = f"E{row}"
    checks = [f"ISNUMBER({cell})"]
    if question.minimum is not None:
        checks.append(f"{cell}>={question.minimum:g}")
    if question.maximum is not None:
        checks.append(f"{cell}<={question.maximum:g}")
    reserved = reserved_words(question, lang)
    words = [f'{cell}="{word}"' for word in reserved]
    formula = f"OR(AND({','.join(checks)}),{','.join(words)})"
    validation = validation_type(type="custom", formula1=formula, allow_blank=True)
    # the words the cell takes, as typed in it: "Bereich 0–100 % | weiß nicht | nicht zutreffend"
    allowed = " | ".join([_allowed_answers(question, lang).split(" | ")[0], *reserved])
    validation.error = allowed
    validation.errorTitle = t("answer", lang)
    validation.showErrorMessage = True
    validation.prompt = allowed
    validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(cell)
