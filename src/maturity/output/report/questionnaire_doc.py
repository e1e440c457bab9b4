"""``maturity show``: a questionnaire as a readable, printable document (Markdown or HTML)."""

from __future__ import annotations

from typing import Any

from maturity.i18n import t
from maturity.load.workbook import profile_words
from maturity.model import Question, Questionnaire, tr
from maturity.output.formatting import number
from maturity.output.report.context import levels_context
from maturity.output.routing_text import routing_text


def _answer_format(question: Question, lang: str) -> str:
    """How the question is answered, in words: bounds and unit, or the kind of choice."""
    if question.type == "multi":
        return t("multiple", lang)
    if question.type == "text":
        return t("free_text", lang)
    if question.type in ("number", "percent"):
        unit = tr(question.unit, lang) or ("%" if question.type == "percent" else "")
        low = "" if question.minimum is None else number(question.minimum, lang, 0)
        high = "" if question.maximum is None else number(question.maximum, lang, 0)
        bounds = f"{low}–{high}" if low or high else ""
        return " ".join(
            part for part in (t("range", lang) + ":" if bounds else "", bounds, unit) if part
        )
    return ""


def _options(question: Question, questionnaire: Questionnaire, lang: str) -> list[dict[str, str]]:
    if question.type == "yesno":
        return [{"label": t("yes", lang), "applies": ""}, {"label": t("no", lang), "applies": ""}]
    return [
        {
            "label": tr(option.label, lang),
            "applies": routing_text(option.applies_if, questionnaire, lang),
        }
        for option in question.options
    ]


def _profile(questionnaire: Questionnaire, lang: str) -> list[dict[str, Any]]:
    """The profile questions, asked first: text, help, and options or the kind of number."""
    entries = []
    for question in questionnaire.profile:
        if question.type == "number":
            unit = tr(question.unit, lang)
            options: list[dict[str, str]] = []
            answer = " ".join(part for part in (t("number_answer", lang), unit) if part)
        else:
            options = [{"label": label, "applies": ""} for label in profile_words(question, lang)]
            answer = ""
        entries.append(
            {
                "id": question.id,
                "text": tr(question.text, lang),
                "help": tr(question.help, lang),
                "format": answer,
                "options": options,
            }
        )
    return entries


def questionnaire_context(questionnaire: Questionnaire, lang: str = "de") -> dict[str, Any]:
    number_in_doc = 0
    areas = []
    for area in questionnaire.areas:
        questions = []
        for question in area.questions:
            number_in_doc += 1
            questions.append(
                {
                    "number": number_in_doc,
                    "id": question.id,
                    "text": tr(question.text, lang),
                    "help": tr(question.help, lang),
                    "answered_by": tr(question.answered_by, lang),
                    "obligation": tr(question.obligation, lang),
                    "format": _answer_format(question, lang),
                    "options": _options(question, questionnaire, lang),
                    "applies": routing_text(question.applies_if, questionnaire, lang),
                    "allow_na": question.allow_na,
                    "scored": question.scored,
                }
            )
        areas.append(
            {
                "id": area.id,
                "anchor": f"area-{area.id}",
                "name": tr(area.name, lang),
                "description": tr(area.description, lang),
                "count": len(area.questions),
                "questions": questions,
            }
        )
    return {
        "lang": lang,
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": tr(questionnaire.title, lang),
        "description": tr(questionnaire.description, lang),
        "levels": levels_context(questionnaire, lang),
        "areas": areas,
        "profile": _profile(questionnaire, lang),
        "question_total": len(questionnaire.scored_questions),
    }


def render_questionnaire(questionnaire: Questionnaire, fmt: str, lang: str = "de") -> str:
    """The questionnaire as ``md`` or ``html``."""
    from maturity.output.report.render import render

    if fmt not in ("md", "html"):
        raise ValueError(f"unknown format {fmt!r}; expected md or html")
    return render(f"questionnaire.{fmt}.j2", questionnaire_context(questionnaire, lang))
