"""Rich renderings for the terminal: the score summary and the questionnaire list.

Rich honours NO_COLOR and prints plain text when the output is not a terminal.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from maturity.i18n import t
from maturity.model import Questionnaire, Result, tr
from maturity.output.formatting import number, percent, text_bar, visible
from maturity.output.foundations import Foundation, deadline_label, few_label, foundations
from maturity.scoring.advice import next_steps

PIPE_WIDTH = 120


def make_console(*, stderr: bool = False) -> Console:
    """A console for tables: plain when piped (at a fixed, generous width), coloured on a terminal
    unless NO_COLOR is set."""
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


def print_score_summary(console: Console, result: Result, lang: str, top: int = 5) -> None:
    """The score in the terminal: overall, a row per area (score, level, the answers it rests on,
    coverage), what holds a level back in words, and the next steps in roadmap order."""
    questionnaire = result.questionnaire
    answers = result.answers
    heading = _tr(questionnaire.title, lang)
    if answers and answers.municipality.name:
        ags = f" (AGS {answers.municipality.ags})" if answers.municipality.ags else ""
        heading = f"{visible(answers.municipality.name)}{visible(ags)} · {heading}"
    console.print(Text(f"{heading} {questionnaire.version}", style="bold"))
    overall = result.overall
    if overall.score is None:
        share = t("no_overall_share", lang).format(
            share=percent(overall.coverage), needed=percent(questionnaire.min_coverage)
        )
        console.print(f"{t('no_overall', lang)} ({share})")
    else:
        level = questionnaire.level(overall.level)
        console.print(
            f"{t('overall', lang)}: {fmt_score(overall.score, lang)} {t('of_100', lang)} · "
            f"{t('level', lang)} {overall.level} {quote(_tr(level.name, lang) if level else '', lang)} · "
            f"{t('coverage', lang)} {percent(overall.coverage)}"
        )
        for found in foundations(result, overall.capped_by, lang):
            console.print(f"  {t('overall_capped', lang)}: {_foundation(found, lang)}")
    table = Table(show_edge=False, pad_edge=False, box=box.SIMPLE_HEAD)
    table.add_column(t("area", lang))
    table.add_column(t("score", lang), justify="right")
    table.add_column(t("level", lang))
    table.add_column(t("answers", lang), justify="right")
    table.add_column(t("coverage", lang), justify="right")
    table.add_column("", no_wrap=True)
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
        table.add_row(
            _tr(area.name, lang),
            fmt_score(area_result.score, lang),
            level_text,
            "" if area_result.status == "not_applicable" else str(area_result.answered),
            percent(area_result.coverage),
            text_bar(area_result.score),
        )
    console.print(table)
    for found in foundations(result, tuple(capped), lang):
        console.print(f"* {t('capped', lang)}: {_foundation(found, lang)}", highlight=False)
    if result.recommendations:
        console.print(Text(t("next_steps", lang), style="bold"))
        for rec in next_steps(result.recommendations, top):
            question = questionnaire.question_index[rec.question]
            gain = f"  +{number(rec.gain, lang)} {t('points', lang)} "
            due = deadline_label(rec.due, rec.overdue, lang)
            step = (
                f"{t(f'phase.{rec.phase}', lang)}{f' · {due}' if due else ''} · "
                f"{_tr(question.advice_for(rec.step), lang)}"
            )
            # a step's wrapped lines stay indented under its text
            console.print(
                Text(
                    textwrap.fill(
                        step,
                        max(40, console.width - 1),
                        initial_indent=gain,
                        subsequent_indent=" " * len(gain),
                    )
                ),
                soft_wrap=True,
            )


def _foundation(found: Foundation, lang: str) -> str:
    """A gate in words on one line: question – answer; what the next level needs."""
    needed = t("needed_for", lang).format(level=found.level + 1)
    return visible(f"{found.text} – {t('answer', lang)}: {found.answer}; {needed}: {found.need}")


def print_questionnaire_list(
    console: Console, questionnaires: Sequence[Questionnaire], lang: str
) -> None:
    table = Table(show_edge=False, pad_edge=False, box=box.SIMPLE_HEAD)
    for key in ("id", "version", "title", "areas", "questions"):
        table.add_column(t(key, lang))
    for q in questionnaires:
        table.add_row(
            q.id,
            q.version,
            _tr(q.title, lang),
            str(len(q.areas)),
            str(len(q.scored_questions)),
        )
    console.print(table)
