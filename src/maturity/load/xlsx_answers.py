"""Filled XLSX answer templates -> AnswerSet, with problems that name sheet, row and column."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from maturity.errors import MaturityError, Problem
from maturity.i18n import Message, Text, t
from maturity.load.catalogue import archived_questionnaire, bundled_paths, load_questionnaire
from maturity.load.messages import (
    archived_version,
    date_expected,
    not_applicable_refused,
    other_questionnaire,
    state_expected,
    unknown_question,
    unknown_questionnaire,
    version_mismatch,
)
from maturity.load.municipality import Reading, read_ags, read_population
from maturity.load.profile import profile_value, routing_problems
from maturity.load.spreadsheet import open_workbook, sheet_rows, uncached_formulas
from maturity.load.values import (
    NA_WORDS,
    UNKNOWN_WORDS,
    AnswerValueError,
    interpret_value,
    option_by_label,
    parse_number,
)
from maturity.load.workbook import (
    ANSWER_COLUMN,
    ANSWER_HEADERS,
    COMMENT_COLUMN,
    EVIDENCE_COLUMN,
    ID_COLUMN,
    META_SHEET,
    MULTI_SEPARATOR,
    MUNICIPALITY_KEY_COLUMN,
    MUNICIPALITY_VALUE_COLUMN,
    PROFILE_KEY_PREFIX,
    option_words,
    profile_labels,
    profile_words,
    reserved_words,
)
from maturity.model import (
    LAENDER,
    Answer,
    AnswerSet,
    Municipality,
    ProfileValue,
    Question,
    Questionnaire,
)


class _Sheet:
    """Collects problems for cells of one sheet: ``file:row:col: Sheet!E12: message``."""

    def __init__(self, file: str, name: str, problems: list[Problem]) -> None:
        self.file, self.name, self.problems = file, name, problems

    def error(self, row: int, column: int, message: Message, severity: str = "error") -> None:
        from openpyxl.utils import get_column_letter

        cell = f"{self.name}!{get_column_letter(column)}{row}"
        self.problems.append(Problem(self.file, row, column, message, (cell,), severity))  # type: ignore[arg-type]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_answer(question: Question, value: Any) -> Any:
    """A cell's content as a raw answer for :func:`interpret_value`: labels become option ids."""
    if isinstance(value, str):
        text = value.strip()
        if question.type == "choice":
            return option_by_label(question, text) or text
        if question.type in ("number", "percent"):
            number = parse_number(text)
            return text if number is None else number
        return text
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _text(value) if question.type == "choice" else float(value)
    return value


def read_answers_xlsx(
    path: Path, questionnaire: Questionnaire | None = None
) -> tuple[AnswerSet, Questionnaire, list[Problem]]:
    """Read a filled template; raises MaturityError with every error found."""
    name = str(path)
    workbook = open_workbook(path)
    if META_SHEET not in workbook.sheetnames:
        raise MaturityError(
            [
                Problem(
                    name,
                    0,
                    0,
                    Text(
                        "keine Antwortvorlage von maturity (kein Blatt 'maturity'); eine anlegen "
                        "mit: maturity template --format xlsx",
                        "not an answer template of maturity (no 'maturity' "
                        "sheet); create one with: maturity template --format xlsx",
                    ),
                )
            ]
        )
    meta = {_text(row[0]): _text(row[1]) for row in sheet_rows(workbook[META_SHEET], name) if row}
    qid = meta.get("questionnaire", "")
    given = questionnaire
    if questionnaire is None:
        if qid not in bundled_paths():
            raise MaturityError(
                [
                    Problem(
                        name,
                        0,
                        0,
                        unknown_questionnaire(qid, bundled_paths()),
                    )
                ]
            )
        questionnaire = load_questionnaire(qid)
    elif qid != questionnaire.id:
        raise MaturityError(
            [
                Problem(
                    name,
                    0,
                    0,
                    other_questionnaire(
                        Text("diese Arbeitsmappe ist", "this workbook is"), qid, questionnaire.id
                    ),
                )
            ]
        )
    problems: list[Problem] = []
    version = meta.get("questionnaire_version", "")
    earlier = archived_questionnaire(qid, version) if given is None and version else None
    if earlier is not None and version != questionnaire.version:
        problems.append(
            Problem(
                name,
                0,
                0,
                archived_version(qid, version, questionnaire.version),
                severity="warning",
            )
        )
        questionnaire = earlier
    elif version and version != questionnaire.version:
        problems.append(
            Problem(
                name,
                0,
                0,
                version_mismatch(version, qid, questionnaire.version),
                severity="warning",
            )
        )
    lang = meta.get("lang", "de")
    answers_name = meta.get("answers_sheet") or t("sheet_answers", lang)
    municipality_name = meta.get("municipality_sheet") or t("sheet_municipality", lang)
    for sheet_name in (answers_name, municipality_name):
        if sheet_name not in workbook.sheetnames:
            raise MaturityError(
                [
                    Problem(
                        name,
                        0,
                        0,
                        Text(
                            f"das Blatt '{sheet_name}' fehlt",
                            f"the sheet '{sheet_name}' is missing",
                        ),
                    )
                ]
            )
    answers = _read_answers(
        _Sheet(name, answers_name, problems), workbook[answers_name], questionnaire, lang
    )
    municipality_sheet = _Sheet(name, municipality_name, problems)
    municipality, assessed_on, assessor = _read_municipality(
        municipality_sheet, workbook[municipality_name]
    )
    profile = _read_profile(municipality_sheet, workbook[municipality_name], questionnaire, lang)
    uncached = uncached_formulas(path, workbook, answers_name, ANSWER_COLUMN)
    rows = _question_rows(workbook[answers_name], name)
    workbook.close()
    for row in uncached:
        _Sheet(name, answers_name, problems).error(
            row,
            ANSWER_COLUMN,
            "a formula without a computed value counts as no answer; open the workbook in a "
            "spreadsheet program and save it, or type the answer",
            severity="warning",
        )
    if any(p.severity == "error" for p in problems):
        raise MaturityError(problems)
    answer_set = AnswerSet(
        questionnaire.id,
        answers,
        version,
        municipality,
        assessed_on,
        assessor,
        name,
        profile=profile,
    )
    answers_sheet = _Sheet(name, answers_name, problems)
    for qid, message in routing_problems(questionnaire, answer_set):
        answers_sheet.error(rows.get(qid, 0), ANSWER_COLUMN, message, severity="warning")
    return answer_set, questionnaire, problems


def _question_rows(worksheet: Any, file: str) -> dict[str, int]:
    """The first row of each question (of a multi-select question: of its first option)."""
    rows: dict[str, int] = {}
    for row_number, row in enumerate(sheet_rows(worksheet, file, min_row=2), start=2):
        row_id = _text(row[ID_COLUMN - 1]) if row else ""
        if row_id:
            rows.setdefault(row_id.partition(MULTI_SEPARATOR)[0], row_number)
    return rows


def _read_profile(
    sheet: _Sheet, worksheet: Any, questionnaire: Questionnaire, lang: str
) -> dict[str, ProfileValue]:
    """The profile rows of the municipality sheet (``profile:ID`` in the key column): an option's
    label or id, the words of yes and no, or a number."""
    profile: dict[str, ProfileValue] = {}
    for row_number, stored in enumerate(sheet_rows(worksheet, sheet.file, min_row=2), start=2):
        cells = [*stored, None, None, None]
        key = _text(cells[MUNICIPALITY_KEY_COLUMN - 1])
        if not key.startswith(PROFILE_KEY_PREFIX):
            continue
        question = questionnaire.profile_index.get(key.removeprefix(PROFILE_KEY_PREFIX))
        value = cells[MUNICIPALITY_VALUE_COLUMN - 1]
        if question is None or value is None or _text(value) == "":
            continue
        if question.type == "choice":
            by_label = {word: o for o, word in profile_labels(question, lang).items()}
            value = by_label.get(_text(value), _text(value))
        parsed = profile_value(question, value)
        if isinstance(parsed, Text) and question.type != "number":  # the dropdown's words
            given = _text(cells[MUNICIPALITY_VALUE_COLUMN - 1])
            listed = ", ".join(f"'{word}'" for word in profile_words(question, lang))
            sheet.error(
                row_number,
                MUNICIPALITY_VALUE_COLUMN,
                Text(
                    f"unbekannte Angabe '{given}'; aus der Liste wählen: {listed}",
                    f"unknown answer '{given}'; choose from the list: {listed}",
                ),
            )
        elif isinstance(parsed, Text):
            sheet.error(row_number, MUNICIPALITY_VALUE_COLUMN, parsed)
        else:
            profile[question.id] = parsed
    return profile


def _list_words(question: Question, lang: str) -> str:
    words = [*option_words(question, lang), *reserved_words(question, lang)]
    return ", ".join(f"'{word}'" for word in words)


def _read_answers(
    sheet: _Sheet, worksheet: Any, questionnaire: Questionnaire, lang: str
) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    multi_rows: dict[str, list[tuple[int, str, Any]]] = defaultdict(list)
    notes: dict[str, tuple[str, str]] = {}
    first_row: dict[str, int] = {}
    for row_number, row in enumerate(sheet_rows(worksheet, sheet.file, min_row=2), start=2):
        cells = [*row, *([None] * (len(ANSWER_HEADERS) - len(row)))]
        row_id = _text(cells[ID_COLUMN - 1])
        if not row_id:
            continue  # area heading or empty row
        if row_id in first_row:  # a copied row must not silently override the first answer
            sheet.error(
                row_number,
                ID_COLUMN,
                Text(
                    f"'{row_id}' steht zweimal da (zuerst in Zeile {first_row[row_id]}); eine "
                    "Zeile behalten",
                    f"'{row_id}' appears twice (first in row {first_row[row_id]}); keep one row",
                ),
            )
            continue
        first_row[row_id] = row_number
        value = cells[ANSWER_COLUMN - 1]
        comment, evidence = _text(cells[COMMENT_COLUMN - 1]), _text(cells[EVIDENCE_COLUMN - 1])
        qid, _, option_id = row_id.partition(MULTI_SEPARATOR)
        question = questionnaire.question_index.get(qid)
        if question is None or (
            option_id and (question.type != "multi" or question.option(option_id) is None)
        ):
            sheet.error(
                row_number,
                ID_COLUMN,
                unknown_question(row_id, questionnaire.id),
            )
            continue
        if comment or evidence:
            old = notes.get(qid, ("", ""))
            notes[qid] = (old[0] or comment, old[1] or evidence)
        if question.type == "multi":
            if not option_id:
                sheet.error(
                    row_number,
                    ID_COLUMN,
                    Text(
                        f"erwartet eine Zeile je Option, wie '{qid}:{question.options[0].id}'",
                        f"expected one row per option, like '{qid}:{question.options[0].id}'",
                    ),
                )
                continue
            multi_rows[qid].append((row_number, option_id, value))
            continue
        if value is None or _text(value) == "":
            continue
        try:
            answers[qid] = interpret_value(question, _cell_answer(question, value))
        except AnswerValueError as exc:
            message: Message = exc.message
            if question.type in ("choice", "yesno"):
                given, words = _text(value), _list_words(question, lang)
                message = Text(
                    f"unbekannte Antwort '{given}'; aus der Liste wählen: {words}",
                    f"unknown answer '{given}'; choose from the list: {words}",
                )
            sheet.error(row_number, ANSWER_COLUMN, message)
    for qid, rows in multi_rows.items():
        answer = _multi_answer(sheet, questionnaire.question_index[qid], rows)
        if answer is not None:
            answers[qid] = answer
    for qid, (comment, evidence) in notes.items():
        base = answers.get(qid, Answer(None))
        answers[qid] = Answer(base.value, base.kind, comment, evidence)
    return answers


def _multi_answer(
    sheet: _Sheet, question: Question, rows: list[tuple[int, str, Any]]
) -> Answer | None:
    selected: list[str] = []
    filled = False
    for row_number, option_id, value in rows:
        text = _text(value).casefold()
        if not text:
            continue
        filled = True
        if text in UNKNOWN_WORDS:
            return Answer(None, "unknown")
        if text in NA_WORDS:
            if question.allow_na:
                return Answer(None, "na")
            sheet.error(
                row_number,
                ANSWER_COLUMN,
                not_applicable_refused(_text(value), question.id),
            )
            return None
        try:
            if interpret_value(_yesno_question(question), value).value:
                selected.append(option_id)
        except AnswerValueError as exc:
            sheet.error(row_number, ANSWER_COLUMN, exc.message)
            return None
    if not filled:
        return None
    try:
        return interpret_value(question, selected)
    except AnswerValueError as exc:
        # at the row of the option that excludes the others ("keine"), where the reader must look
        exclusive = {o.id for o in question.options if o.exclusive}
        row = next(
            (r for r, option_id, _ in rows if option_id in exclusive and option_id in selected),
            rows[0][0],
        )
        sheet.error(row, ANSWER_COLUMN, exc.message)
        return None


def _yesno_question(question: Question) -> Question:
    from dataclasses import replace

    return replace(question, type="yesno", options=())


def _report(sheet: _Sheet, row: int, reading: Reading) -> None:
    if reading.problem:
        sheet.error(row, MUNICIPALITY_VALUE_COLUMN, reading.problem)
    elif reading.note:
        sheet.error(row, MUNICIPALITY_VALUE_COLUMN, reading.note, severity="warning")


def _read_municipality(sheet: _Sheet, worksheet: Any) -> tuple[Municipality, str, str]:
    values: dict[str, tuple[int, Any]] = {}
    for row_number, stored in enumerate(sheet_rows(worksheet, sheet.file, min_row=2), start=2):
        cells = [*stored, None, None, None]
        key = _text(cells[MUNICIPALITY_KEY_COLUMN - 1])
        if key:
            values[key] = (row_number, cells[MUNICIPALITY_VALUE_COLUMN - 1])

    def text(key: str) -> tuple[int, str]:
        row_number, value = values.get(key, (0, None))
        return row_number, _text(value)

    row, raw_ags = values.get("ags", (0, None))
    reading = read_ags(raw_ags, Text("die Zelle als Text formatieren", "format the cell as text"))
    _report(sheet, row, reading)
    ags = str(reading.value)
    row, raw_population = values.get("population", (0, None))
    reading = read_population(raw_population)
    _report(sheet, row, reading)
    population = reading.value if isinstance(reading.value, int) else None
    row, state = text("state")
    if state and state.upper() not in LAENDER:
        sheet.error(
            row,
            MUNICIPALITY_VALUE_COLUMN,
            state_expected(state),
        )
        state = ""
    row, raw_date = values.get("assessed_on", (0, None))
    assessed_on = ""
    if isinstance(raw_date, dt.datetime | dt.date):
        assessed_on = (
            raw_date.date() if isinstance(raw_date, dt.datetime) else raw_date
        ).isoformat()
    elif _text(raw_date):
        try:
            assessed_on = dt.date.fromisoformat(_text(raw_date)).isoformat()
        except ValueError:
            sheet.error(
                row,
                MUNICIPALITY_VALUE_COLUMN,
                date_expected(Text(f"'{_text(raw_date)}'", f"'{_text(raw_date)}'")),
            )
    return (
        Municipality(text("name")[1], ags, population, state.upper()),
        assessed_on,
        text("assessor")[1],
    )
