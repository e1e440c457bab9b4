"""The score summary and the questionnaire list in the terminal, as plain text (bold headings on a
terminal); and the Rich console that the progress bars of `batch` draw on."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from maturity.cli.plain import Column, Screen
from maturity.i18n import t
from maturity.model import Questionnaire, Result, tr
from maturity.output.formatting import number, percent, text_bar, visible
from maturity.output.foundations import Foundation, deadline_label, few_label, foundations
from maturity.scoring.advice import next_steps

if TYPE_CHECKING:
    from rich.console import Console

PIPE_WIDTH = 120


def make_console(*, stderr: bool = False) -> Console:
    """A Rich console (for progress bars): plain when piped (at a fixed, generous width), coloured on
    a terminal unless NO_COLOR is set."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else PIPE_WIDTH
    # markup and emoji codes off: texts from files ("[bold]", ":warning:") are shown as they are
    return Console(file=stream, highlight=False, width=width, markup=False, emoji=False)


def _tr(text: Mapping[str, str] | None, lang: str) -> str:
    return visible(tr(text, lang))


def fmt_score(score: float | None, lang: str) -> str:
    return "–" if score is None else number(score, lang)


def quote(text: str, lang: str) -> str:
    return f"„{text}“" if lang == "de" else f"“{text}”"


def print_score_summary(screen: Screen, result: Result, lang: str, top: int = 5) -> None:
    """The score in the terminal: overall, a row per area (score, level, the answers it rests on,
    coverage), what holds a level back in words, and the next steps in roadmap order."""
    questionnaire = result.questionnaire
    answers = result.answers
    heading = _tr(questionnaire.title, lang)
    if answers and answers.municipality.name:
        ags = f" (AGS {answers.municipality.ags})" if answers.municipality.ags else ""
        heading = f"{visible(answers.municipality.name)}{visible(ags)} · {heading}"
    screen.heading(f"{heading} {questionnaire.version}")
    overall = result.overall
    if overall.score is None:
        share = t("no_overall_share", lang).format(
            share=percent(overall.coverage), needed=percent(questionnaire.min_coverage)
        )
        screen.paragraph(f"{t('no_overall', lang)} ({share})")
    else:
        level = questionnaire.level(overall.level)
        screen.paragraph(
            f"{t('overall', lang)}: {fmt_score(overall.score, lang)} {t('of_100', lang)} · "
            f"{t('level', lang)} {overall.level} {quote(_tr(level.name, lang) if level else '', lang)} · "
            f"{t('coverage', lang)} {percent(overall.coverage)}"
        )
        for found in foundations(result, overall.capped_by, lang):
            screen.paragraph(
                _foundation(found, lang), first=f"  {t('overall_capped', lang)}: ", rest="    "
            )
    columns = [
        Column(t("area", lang), wrap=True),
        Column(t("score", lang), right=True),
        Column(t("level", lang), wrap=True),
        Column(t("answers", lang), right=True),
        Column(t("coverage", lang), right=True),
        Column(""),
    ]
    rows: list[list[str]] = []
    capped: list[str] = []
    for area_result in result.areas:
        area = questionnaire.area_index[area_result.id]
        if area_result.level is not None:
            level = questionnaire.level(area_result.level)
            level_text = f"{area_result.level} {_tr(level.name, lang) if level else ''}"
            if area_result.capped_by:
                level_text += " *"
                capped.extend(area_result.capped_by)
        elif area_result.few_questions:
            level_text = f"{t('no_level', lang)} – {few_label(result, area, lang)}"
        else:
            level_text = t(f"status.{area_result.status}", lang)
        rows.append(
            [
                _tr(area.name, lang),
                fmt_score(area_result.score, lang),
                level_text,
                "" if area_result.status == "not_applicable" else str(area_result.answered),
                percent(area_result.coverage),
                text_bar(area_result.score),
            ]
        )
    screen.table(columns, rows)
    for found in foundations(result, tuple(capped), lang):
        screen.paragraph(_foundation(found, lang), first=f"* {t('capped', lang)}: ", rest="  ")
    if result.recommendations:
        screen.heading(t("next_steps", lang))
        for rec in next_steps(result.recommendations, top):
            question = questionnaire.question_index[rec.question]
            gain = f"  +{number(rec.gain, lang)} {t('points', lang)} "
            due = deadline_label(rec.due, rec.overdue, lang)
            step = (
                f"{t(f'phase.{rec.phase}', lang)}{f' · {due}' if due else ''} · "
                f"{_tr(question.advice_for(rec.step), lang)}"
            )
            screen.paragraph(step, first=gain)  # a step's wrapped lines stay under its text


def _foundation(found: Foundation, lang: str) -> str:
    """A gate in words on one line: question – answer; what the next level needs."""
    needed = t("needed_for", lang).format(level=found.level + 1)
    return visible(f"{found.text} – {t('answer', lang)}: {found.answer}; {needed}: {found.need}")


def print_questionnaire_list(
    screen: Screen, questionnaires: Sequence[Questionnaire], lang: str
) -> None:
    columns = [
        Column(t("id", lang)),
        Column(t("version", lang)),
        Column(t("title", lang), wrap=True),
        Column(t("areas", lang), right=True),
        Column(t("questions", lang), right=True),
    ]
    rows = [
        [q.id, q.version, _tr(q.title, lang), str(len(q.areas)), str(len(q.scored_questions))]
        for q in questionnaires
    ]
    screen.table(columns, rows)
