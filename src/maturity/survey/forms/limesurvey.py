"""``export-form --format limesurvey``: the questionnaire in LimeSurvey's tab-separated survey structure.

The file imports through LimeSurvey's "Import survey" (``.txt``). Rows: ``S`` survey settings, ``SL``
language settings, then per language (the base language first, each translation with the same rows in
the same order) ``G`` groups, ``Q`` questions, ``SQ`` subquestions and ``A`` answers; relations follow
from the row order. Codes come from :func:`maturity.survey.naming.limesurvey_names`; texts are HTML
(LimeSurvey shows them as such) with ExpressionScript braces made inert.

Where codes differ from the questionnaire's ids, :func:`code_mapping` gives a mapping file
(docs/mapping.md) that says which code stands for which id; ``batch`` needs it not, since it derives the same codes.
"""

from __future__ import annotations

import html
from typing import Any

from maturity.model import Questionnaire
from maturity.survey.forms.content import (
    FormContent,
    FormField,
    Relevance,
    form_content,
    hint_with_unit,
    number_text,
    range_test,
)
from maturity.survey.naming import FormNames, limesurvey_names

COLUMNS = (
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
    "exclude_all_others",
    "max_num_value_n",
    "min_num_value_n",
    "num_value_int_only",
    "suffix",
)
SURVEY_SETTINGS = (
    ("format", "G"),  # one group per page
    ("allowprev", "Y"),
    ("showprogress", "Y"),
    ("shownoanswer", "N"),  # "weiß nicht" is offered instead of LimeSurvey's "no answer"
    ("datestamp", "Y"),
    ("questionindex", "1"),
)
AGS_VALIDATION = "/^[0-9]{8}$/"
QUESTION_TYPES = {
    "one": "L",  # list (radio)
    "many": "M",  # multiple choice: one Y column per subquestion
    "number": "N",
    "integer": "N",
    "line": "S",
    "code": "S",
    "text": "T",
}


def limesurvey_structure(questionnaire: Questionnaire) -> str:
    """The survey structure as tab-separated text (LimeSurvey writes and reads it with a BOM)."""
    content = form_content(questionnaire, limesurvey_names(questionnaire))
    rows: list[dict[str, str]] = []
    langs = content.languages
    # LimeSurvey's importer reads the survey id first (and gives a new one if it is taken); without it
    # the import fails in debug mode with "Undefined array key 'sid'"
    rows.append({"class": "S", "name": "sid", "text": str(survey_id(questionnaire))})
    rows.append({"class": "S", "name": "language", "text": langs[0]})
    if len(langs) > 1:
        rows.append({"class": "S", "name": "additional_languages", "text": " ".join(langs[1:])})
    rows += [{"class": "S", "name": name, "text": value} for name, value in SURVEY_SETTINGS]
    for lang in langs:
        rows += [
            {"class": "SL", "name": name, "text": text, "language": lang}
            for name, text in (
                ("surveyls_title", content.title[lang]),
                ("surveyls_description", _html(content.description[lang])),
                ("surveyls_welcometext", _html(content.intro[lang])),
                ("surveyls_endtext", _html(content.end[lang])),
            )
        ]
    for lang in langs:
        rows += _language_rows(content, lang)
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(_cell(row.get(column, "")) for column in COLUMNS) for row in rows]
    return "\ufeff" + "\n".join(lines) + "\n"


def survey_id(questionnaire: Questionnaire) -> int:
    """A six-digit survey id, the same for every export of one questionnaire id."""
    import zlib

    return 100000 + zlib.crc32(questionnaire.id.encode("utf-8")) % 900000


def _cell(value: str) -> str:
    """Tabs and line breaks would end the cell or the row; the texts are HTML, so a space will do."""
    return " ".join(value.replace("\t", " ").splitlines())


def _html(text: str) -> str:
    """Questionnaire Markdown -> inline HTML, as in the reports; ``{`` and ``}`` would start
    ExpressionScript."""
    from maturity.output.markdown import markdown_inline

    return str(markdown_inline(text)).replace("{", "&#123;").replace("}", "&#125;")


def _language_rows(content: FormContent, lang: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for index, group in enumerate(content.groups, start=1):
        rows.append(
            {
                "class": "G",
                "type/scale": f"G{index}",
                "name": _html(group.label[lang]),
                "relevance": "1",
                "text": _html(group.description.get(lang, "")),
                "language": lang,
            }
        )
        for field in group.fields:
            relevance = relevance_equation(field.relevant)
            rows += _field_rows(field, lang, relevance)
            if field.status is not None:
                empty = f"is_empty({field.name}.NAOK)"
                rows += _field_rows(
                    field.status, lang, empty if relevance == "1" else f"{empty} and {relevance}"
                )
    return rows


def relevance_equation(conditions: Relevance) -> str:
    """§4.1 as a LimeSurvey relevance equation (ExpressionScript): every condition holds; an empty
    profile answer lets its condition hold. "1" where there is none."""
    parts = []
    for condition in conditions:
        ref = f"{condition.field}.NAOK"
        if condition.codes:
            part = f"substr({ref}, 0, {condition.prefix})" if condition.prefix else ref
            # single quotes: a double quote would start a quoted cell for the TSV importer
            tests = [f"{part} == '{code}'" for code in condition.codes]
        else:
            tests = [f"({range_test(condition, ref)})"]
        parts.append(f"(is_empty({ref}) or {' or '.join(tests)})")
    return " and ".join(parts) or "1"


def _field_rows(field: FormField, lang: str, relevance: str) -> list[dict[str, str]]:
    row: dict[str, Any] = {
        "class": "Q",
        "type/scale": QUESTION_TYPES[field.kind],
        "name": field.name,
        "relevance": relevance,
        "text": _html(field.label[lang]),
        "help": _html(
            hint_with_unit(field, lang) if field.kind == "number" else field.hint.get(lang, "")
        ),
        "language": lang,
        "mandatory": "Y" if field.required else "N",
        "other": "N",
    }
    if field.kind == "code":
        row["validation"] = AGS_VALIDATION
    if field.kind in ("number", "integer"):
        if field.minimum is not None:
            row["min_num_value_n"] = number_text(field.minimum)
        if field.maximum is not None:
            row["max_num_value_n"] = number_text(field.maximum)
        if field.unit:
            row["suffix"] = html.escape(field.unit.get(lang, ""))
        if field.kind == "integer":
            row["num_value_int_only"] = "1"
    if field.kind == "many" and field.exclusive:
        row["exclude_all_others"] = ";".join(field.exclusive)
    rows = [row]
    child = "SQ" if field.kind == "many" else "A"
    for choice in field.choices:
        rows.append(
            {
                "class": child,
                "type/scale": "0",
                "name": choice.code,
                "relevance": relevance_equation(choice.relevant) if child == "SQ" else "",
                "text": _html(choice.label[lang]),
                "language": lang,
            }
        )
    return rows


def code_mapping(questionnaire: Questionnaire, lang: str = "de") -> str:
    """A mapping file (YAML) from the survey's codes back to the questionnaire's ids."""
    import yaml

    names: FormNames = limesurvey_names(questionnaire)
    columns: dict[str, Any] = {}
    values: dict[str, dict[str, str]] = {}
    for profile_question in questionnaire.profile:
        columns[profile_question.id] = names.profile[profile_question.id]
        renamed = names.renamed_codes(profile_question.id)
        if renamed:
            values[profile_question.id] = renamed
    for question in questionnaire.scored_questions:
        code = names.questions[question.id]
        if question.type == "multi":
            options = {o: f"{code}[{c}]" for o, c in names.answer_codes(question).items()}
            columns[question.id] = {"options": options}
            continue
        if question.id in names.status:
            columns[question.id] = {"column": code, "status": names.status[question.id]}
        else:
            columns[question.id] = code
        renamed = names.renamed_codes(question.id)
        if renamed:
            values[question.id] = renamed
    document = {
        "questionnaire": questionnaire.id,
        "entity": {
            "id": names.entity["id"],
            "name": names.entity["name"],
            "population": names.entity["population"],
            "respondent": "id",
            "submitted": "submitdate",
        },
        "columns": columns,
        **({"values": values} if values else {}),
        "na": [names.special.na],
        "unknown": [names.special.unknown],
    }
    header = (
        f"# Codes der LimeSurvey-Umfrage, die `maturity export-form` aus '{questionnaire.id}' "
        f"{questionnaire.version} erstellt hat.\n"
        "# `maturity batch` leitet diese Codes selbst ab; diese Datei nur mit --mapping angeben, wenn\n"
        "# die Codes der Umfrage in LimeSurvey geändert wurden (dann hier ebenso ändern).\n"
        if lang == "de"
        else f"# Codes of the LimeSurvey survey made by `maturity export-form` from '{questionnaire.id}' "
        f"{questionnaire.version}.\n"
        "# `maturity batch` derives these codes itself; pass this file with --mapping only if the\n"
        "# survey's codes were edited in LimeSurvey (then edit them here too).\n"
    )
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
