"""Survey exports of known answers, built from the forms that ``export-form`` wrote.

Everything about a form is read from the form file itself (field names, answer codes, labels, order),
never from the code that made it, and the exports copy the byte layout of the real samples in
``../shared/exports``: KoboToolbox CSV (semicolon, every field quoted, CRLF, no BOM; meta columns at the
end) and XLSX, LimeSurvey's CSV (BOM, every non-NULL field quoted, NULL as an empty unquoted field,
CRLF, an empty line at the end), Google Forms' CSV and Microsoft Forms' XLSX.
"""

from __future__ import annotations

import csv
import html
import io
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from maturity.model import Answer, AnswerSet, ProfileQuestion, Question, Questionnaire

WORDS = {
    "de": {"unknown": "Weiß nicht", "na": "Nicht zutreffend", True: "Ja", False: "Nein"},
    "en": {"unknown": "Don't know", "na": "Not applicable", True: "Yes", False: "No"},
}
ENTITY_LABELS = {
    "de": ("Name der Kommune", "Amtlicher Gemeindeschlüssel (AGS)", "Einwohnerzahl"),
    "en": ("Name of the municipality", "Official municipality key (AGS)", "Population"),
}
KOBO_META = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
)
Row = list[str | None]
"""None is a NULL cell (LimeSurvey writes it unquoted)."""


@dataclass(frozen=True)
class Respondent:
    ags: str
    name: str
    population: int | None
    answers: AnswerSet

    def answer(self, question_id: str) -> Answer | None:
        return self.answers.answers.get(question_id)


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Answer]:
    """Every kind of answer, "weiß nicht" and "nicht zutreffend" included, some questions left open."""
    answers: dict[str, Answer] = {}
    for question in questionnaire.questions:
        roll = rng.random()
        if roll < 0.1:
            continue
        if not question.scored:
            answers[question.id] = Answer(_random_value(question, rng))
            continue
        if roll < 0.2:
            answers[question.id] = Answer(None, "unknown")
        elif roll < 0.28 and question.allow_na:
            answers[question.id] = Answer(None, "na")
        else:
            answers[question.id] = Answer(_random_value(question, rng))
    return answers


def _random_value(question: Question, rng: random.Random) -> Any:
    if question.type == "choice":
        return rng.choice(question.options).id
    if question.type == "multi":
        exclusive = [o.id for o in question.options if o.exclusive]
        if exclusive and rng.random() < 0.2:
            return (rng.choice(exclusive),)
        plain = [o.id for o in question.options if not o.exclusive]
        picked = tuple(o for o in plain if rng.random() < 0.5)
        return picked or (rng.choice(plain),)  # a form cannot submit "answered, nothing ticked"
    if question.type == "yesno":
        return rng.random() < 0.5
    if question.type == "text":
        return rng.choice(["Läuft; gut so.", 'Mit "Anführungszeichen", Komma\nund Zeilenumbruch'])
    low = question.minimum or 0.0
    high = question.maximum if question.maximum is not None else 1000.0
    return round(rng.uniform(low, high), 2)


def number_text(value: float, decimal: str = ".") -> str:
    text = repr(float(value))
    text = text[:-2] if text.endswith(".0") else text
    return text.replace(".", decimal)


# --- XLSForm / KoboToolbox -------------------------------------------------------------------------


def read_xlsform(path: Path) -> tuple[list[dict[str, str]], dict[str, list[dict[str, str]]]]:
    workbook = load_workbook(path, read_only=True)
    sheets = {}
    for name in ("survey", "choices"):
        rows = list(workbook[name].iter_rows(values_only=True))
        sheets[name] = [
            {str(h): ("" if v is None else str(v)) for h, v in zip(rows[0], row, strict=False)}
            for row in rows[1:]
        ]
    workbook.close()
    lists: dict[str, list[dict[str, str]]] = {}
    for choice in sheets["choices"]:
        lists.setdefault(choice["list_name"], []).append(choice)
    return sheets["survey"], lists


def kobo_table(
    form: Path,
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    *,
    labels: bool,
    lang: str = "de",
) -> tuple[list[str], list[list[str]], list[str]]:
    """The main table of a KoboToolbox export: headers as XML names or labels, group paths joined
    by ``/``; select_multiple as a summary column plus one 1/0 column per choice. Also returns the
    headers of the number columns."""
    survey, lists = read_xlsform(form)
    label_column = next(k for k in survey[0] if k.startswith("label::") and f"({lang})" in k)
    word = {v: k for k, v in WORDS[lang].items()}
    headers: list[str] = []
    numeric: list[str] = ["_id", "_index"]
    cells: list[list[str]] = [[] for _ in respondents]
    path: list[str] = []
    for row in survey:
        kind, name = row["type"], row["name"]
        if kind == "begin_group":
            path.append(row[label_column] if labels else name)
            continue
        if kind == "end_group":
            path.pop()
            continue
        title = "/".join([*path, row[label_column] if labels else name])
        choices = lists.get(kind.split(" ", 1)[1], []) if kind.startswith("select_") else []

        def shown(choice: dict[str, str]) -> str:
            return choice[label_column] if labels else choice["name"]

        headers.append(title)
        if kind in ("decimal", "integer"):
            numeric.append(title)
        if kind.startswith("select_multiple"):
            headers += [f"{title}/{shown(c)}" for c in choices]
        for index, respondent in enumerate(respondents):
            value = _kobo_value(row, choices, respondent, questionnaire, word, label_column)
            if kind.startswith("select_multiple"):
                picked = value or []
                cells[index].append(" ".join(shown(c) for c in picked))
                cells[index] += [("1" if c in picked else "0") if picked else "" for c in choices]
            elif isinstance(value, dict):
                cells[index].append(shown(value))
            else:
                cells[index].append(value or "")
    headers += KOBO_META
    for index, _ in enumerate(respondents):
        cells[index] += [
            str(1000 + index),
            f"5c0e7b1c-{index:04d}-4a6f-9a51-0f4d2b6c{index:04d}",
            f"2026-10-{index % 28 + 1:02d}T09:15:02",
            "",
            "",
            "submitted_via_web",
            "",
            "vQbTbnJ5Zq4wCkP8nqkQ4G",
            "",
            str(index + 1),
        ]
    return headers, cells, numeric


def _kobo_value(
    row: dict[str, str],
    choices: list[dict[str, str]],
    respondent: Respondent,
    questionnaire: Questionnaire,
    word: dict[str, Any],
    label_column: str,
) -> Any:
    name = row["name"]
    entity = {"name": respondent.name, "ags": respondent.ags}
    if name in entity:
        return entity[name]
    if name == "einwohner":
        return "" if respondent.population is None else str(respondent.population)
    status_of = re.fullmatch(r"\$\{([^}]+)\} = ''(?: and .*)?", row.get("relevant", ""))
    if status_of:  # the "no figure at hand" field of a number question
        answer = respondent.answer(status_of.group(1))
        if answer is None or answer.kind == "value":
            return ""
        return _choice(choices, WORDS["de"][answer.kind], "label::Deutsch (de)")
    if name in questionnaire.profile_index:
        given = respondent.answers.profile.get(name)
        if given is None:
            return ""
        if questionnaire.profile_index[name].type == "number":
            return number_text(float(given))
        return next(c for c in choices if c["name"] == given)
    question = questionnaire.question_index.get(name)
    if question is None:
        return ""  # a note
    answer = respondent.answer(question.id)
    if answer is None:
        return None
    if answer.kind != "value":
        if question.type in ("number", "percent"):
            return ""
        found = _choice(choices, WORDS["de"][answer.kind], "label::Deutsch (de)")
        return [found] if question.type == "multi" else found
    if question.type == "choice":
        return next(c for c in choices if c["name"] == answer.value)
    if question.type == "yesno":
        return _choice(choices, WORDS["de"][answer.value], "label::Deutsch (de)")
    if question.type == "multi":
        return [c for c in choices if c["name"] in answer.value]  # type: ignore[operator]
    if question.type in ("number", "percent"):
        return number_text(answer.value)  # type: ignore[arg-type]
    return str(answer.value)


def _choice(choices: list[dict[str, str]], label: str, column: str) -> dict[str, str]:
    return next(c for c in choices if c[column] == label)


def kobo_csv(headers: list[str], rows: list[list[str]]) -> bytes:
    lines = [";".join(_quoted(v) for v in line) for line in [headers, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx(
    sheet_title: str,
    headers: list[str],
    rows: Sequence[Sequence[Any]],
    numeric: Sequence[str] = (),
) -> bytes:
    """A one-sheet workbook; the ``numeric`` columns hold real Excel numbers, as KoboToolbox and
    Microsoft Forms write number answers, everything else text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(headers)
    wanted = {i for i, h in enumerate(headers) if h in numeric}
    for row in rows:
        sheet.append([_excel_value(v) if i in wanted else (v or None) for i, v in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_value(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value) if "." in value else int(value)
    return value or None


def _quoted(value: str | None) -> str:
    return "" if value is None else '"' + value.replace('"', '""') + '"'


# --- LimeSurvey ------------------------------------------------------------------------------------


def read_structure(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated survey structure, read as LimeSurvey's importer reads them."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:] if row]


def limesurvey_table(
    structure: Path,
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    *,
    full: bool = False,
    code_and_text: bool = False,
    abbreviated: str = "",
) -> tuple[list[str], list[Row]]:
    """A response export with code headings and answer codes (LimeSurvey's RemoteControl default),
    or ``full``: question texts as headings (``Text [Subquestion]``) and answers as their texts (the
    defaults of the export page in LimeSurvey's admin interface), or ``abbreviated`` in a language:
    the texts cut after 15 characters and ".. ", as LimeSurvey's "abbreviated" headings are."""
    rows = read_structure(structure)
    base = next(r["text"] for r in rows if r["class"] == "S" and r["name"] == "language")
    shown_texts = [
        html.unescape(r["text"])
        for r in rows
        if r.get("language") == (abbreviated or base) and r["class"] in ("Q", "SQ")
    ]
    questions: list[dict[str, Any]] = []
    for row in rows:
        if row.get("language") != base:
            continue
        if row["class"] == "Q":
            questions.append({**row, "children": []})
        elif row["class"] in ("SQ", "A"):
            questions[-1]["children"].append(row)
    headers = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    table: list[Row] = [
        [
            str(index + 1),
            f"2026-10-{index % 28 + 1:02d} 10:12:00",
            "13",
            base,
            str(rng_seed(index)),
            f"2026-10-{index % 28 + 1:02d} 09:58:41",
            f"2026-10-{index % 28 + 1:02d} 10:12:00",
        ]
        for index in range(len(respondents))
    ]
    shown = iter(shown_texts)
    for q in questions:
        text = html.unescape(q["text"])
        own = next(shown)  # in the heading's language
        if q["type/scale"] == "M":
            for sq in q["children"]:
                sub = html.unescape(sq["text"])
                own_sub = next(shown) if sq["class"] == "SQ" else sub
                code = f"{q['name']}[{sq['name']}]"
                headers.append(
                    f"{_cut(own)} [{_cut(own_sub)}]"
                    if abbreviated
                    else f"{text} [{sub}]"
                    if full
                    else f"{code}. {text} [{sub}]"
                    if code_and_text
                    else code
                )
        else:
            headers.append(
                _cut(own)
                if abbreviated
                else text
                if full
                else f"{q['name']}. {text}"
                if code_and_text
                else q["name"]
            )
        for index, respondent in enumerate(respondents):
            cells = _limesurvey_field(q, questions, questionnaire, respondent)
            if full:
                cells = [_full_answer(cell, q) for cell in cells]
            table[index] += cells
    return headers, table


def _cut(text: str) -> str:
    """A heading as LimeSurvey abbreviates it: 15 characters and ".. " where it is longer than 16."""
    return text if len(text) <= 16 else f"{text[:15]}.. "


def _limesurvey_field(
    q: dict[str, Any],
    questions: list[dict[str, Any]],
    questionnaire: Questionnaire,
    respondent: Respondent,
) -> list[str | None]:
    """The cells of one question of the structure for one respondent, as answer codes."""
    text, children = html.unescape(q["text"]), q["children"]
    by_text = {x.text["de"]: x for x in questionnaire.questions}
    entity = dict(zip(ENTITY_LABELS["de"], ("name", "ags", "population"), strict=True))
    if text in entity:
        value = getattr(respondent, entity[text])
        return ["" if value is None else str(value)]
    status_of = re.fullmatch(r"is_empty\((\w+)\.NAOK\)(?: and .*)?", q["relevance"])
    if status_of:
        number = next(x for x in questions if x["name"] == status_of.group(1))
        answer = respondent.answer(by_text[html.unescape(number["text"])].id)
        if answer is None:
            return [""]
        if answer.kind == "value":
            return [None]  # not shown: NULL
        return [_code(children, WORDS["de"][answer.kind])]
    profile = {p.text["de"]: p for p in questionnaire.profile}
    if text in profile:
        return [_profile_code(profile[text], children, respondent)]
    question = by_text[text]
    return _limesurvey_cells(question, children, respondent.answer(question.id))


def _profile_code(
    question: ProfileQuestion, children: list[dict[str, str]], who: Respondent
) -> str:
    given = who.answers.profile.get(question.id)
    if given is None:
        return ""
    if question.type == "number":
        return number_text(float(given))
    if question.type == "yesno":
        return _code(children, WORDS["de"][given == "yes"])
    return _code(children, next(o.label["de"] for o in question.options if o.id == given))


def _full_answer(cell: str | None, q: dict[str, Any]) -> str | None:
    """An answer code as the full answer text LimeSurvey writes instead ("Ja" for a ticked box)."""
    if not cell or q["type/scale"] not in ("L", "M"):
        return cell
    if q["type/scale"] == "M":
        return "Ja"
    return next(html.unescape(c["text"]) for c in q["children"] if c["name"] == cell)


def rng_seed(index: int) -> int:
    return 1_000_003 * (index + 7) % 2_147_483_647


def _code(children: list[dict[str, str]], label: str) -> str:
    return next(c["name"] for c in children if html.unescape(c["text"]) == label)


def _limesurvey_cells(
    question: Question, children: list[dict[str, str]], answer: Answer | None
) -> list[str | None]:
    if question.type == "multi":
        if answer is None:
            return [""] * len(children)
        if answer.kind != "value":
            special = _code(children, WORDS["de"][answer.kind])
            return ["Y" if c["name"] == special else "" for c in children]
        labels = {question.option(o).label["de"] for o in answer.value}  # type: ignore[union-attr, union-attr]
        return ["Y" if html.unescape(c["text"]) in labels else "" for c in children]
    if answer is None:
        return [""]
    if answer.kind != "value":
        return (
            [""]
            if question.type in ("number", "percent")
            else [_code(children, WORDS["de"][answer.kind])]
        )
    if question.type == "choice":
        return [_code(children, question.option(answer.value).label["de"])]  # type: ignore[arg-type, union-attr]
    if question.type == "yesno":
        return [_code(children, WORDS["de"][answer.value])]  # type: ignore[index]
    if question.type in ("number", "percent"):
        return [number_text(answer.value)]  # type: ignore[arg-type]
    return [str(answer.value)]


def limesurvey_csv(headers: list[str], rows: list[Row], separator: str) -> bytes:
    lines = [separator.join(_quoted(v) for v in line) for line in [headers, *rows]]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


# --- Google Forms and Microsoft Forms (forms built by hand from the questionnaire's texts) ----------


def forms_table(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    *,
    lang: str,
    leading: Sequence[str],
    joiner: str,
    decimal: str,
) -> tuple[list[str], list[list[str]]]:
    """One column per question titled with its text, answers as their labels, multi-select labels
    joined in one cell, numbers typed as text (so "weiß nicht" can be typed too)."""
    questions = [q for q in questionnaire.questions if q.scored]
    profile = questionnaire.profile
    headers = [
        *leading,
        *ENTITY_LABELS[lang],
        *(p.text[lang] for p in profile),
        *(q.text[lang] for q in questions),
    ]
    table = []
    for index, respondent in enumerate(respondents):
        row = [f"{index + 1}"] + [f"10/{index % 28 + 1}/2026 10:1{index % 10}:00"] * (
            len(leading) - 1
        )
        row += [
            respondent.name,
            respondent.ags,
            "" if respondent.population is None else str(respondent.population),
        ]
        for profile_question in profile:
            row.append(_profile_label(profile_question, respondent, lang, decimal))
        for question in questions:
            row.append(_label_cell(question, respondent.answer(question.id), lang, joiner, decimal))
        table.append(row)
    return headers, table


def _profile_label(question: ProfileQuestion, who: Respondent, lang: str, decimal: str) -> str:
    given = who.answers.profile.get(question.id)
    if given is None:
        return ""
    if question.type == "number":
        return number_text(float(given), decimal)
    if question.type == "yesno":
        return WORDS[lang][given == "yes"]
    return next(o.label[lang] for o in question.options if o.id == given)


def _label_cell(
    question: Question, answer: Answer | None, lang: str, joiner: str, decimal: str
) -> str:
    if answer is None:
        return ""
    if answer.kind != "value":
        return WORDS[lang][answer.kind]
    if question.type == "choice":
        return question.option(answer.value).label[lang]  # type: ignore[arg-type, union-attr]
    if question.type == "yesno":
        return WORDS[lang][answer.value]  # type: ignore[index]
    if question.type == "multi":
        labels = [question.option(o).label[lang] for o in answer.value]  # type: ignore[union-attr, union-attr]
        return joiner.join(labels) + (joiner.strip() if joiner.strip() == ";" and labels else "")
    return number_text(answer.value, decimal)  # type: ignore[arg-type]


def google_csv(headers: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
