"""Gates and duties in words, as the reports and the terminal say them (§5): what was answered, what a
level needs, the deadline, and why an area does not apply. Every sentence starts from the answers, so
that a report never says something they contradict."""

from __future__ import annotations

from dataclasses import dataclass

from maturity.i18n import t
from maturity.model import (
    LAENDER,
    LAND,
    POPULATION,
    Answer,
    Area,
    Condition,
    Question,
    Questionnaire,
    QuestionResult,
    Result,
    tr,
)
from maturity.output.formatting import NBSP, answer_label, date_label, number, plain_number
from maturity.routing import condition_holds, facts_of, routed


def gate_need(question: Question, lang: str) -> str:
    """What meets a gate: the lowest answer at its bar ("„geübt“ oder besser", "ja", "mindestens
    50 %")."""
    gate = question.gate
    assert gate is not None
    if question.type == "choice":
        meeting = [o for o in question.options if o.score >= gate.min_score]
        lowest = min(meeting, key=lambda o: o.score)
        better = any(o.score > lowest.score for o in meeting)
        label = _quoted(tr(lowest.label, lang), lang)
        return f"{label} {t('or_better', lang)}" if better else label
    if question.type == "yesno":
        return t("yes", lang)
    if question.type in ("number", "percent"):
        unit = tr(question.unit, lang) or ("%" if question.type == "percent" else "")
        if question.bands:
            start = next(b.start for b in question.bands if b.score >= gate.min_score)
            return _at_least(start, unit, lang, True)
        assert question.linear is not None
        zero, full = question.linear.zero, question.linear.full
        return _at_least(zero + gate.min_score * (full - zero), unit, lang, full > zero)
    return t("share_of_points", lang).format(share=f"{gate.min_score * 100:.0f}{NBSP}%")


def _at_least(value: float, unit: str, lang: str, rising: bool) -> str:
    shown = plain_number(value, lang) + (f"{NBSP}{unit}" if unit else "")
    return t("at_least" if rising else "at_most", lang).format(value=shown)


def _quoted(text: str, lang: str) -> str:
    return f"„{text}“" if lang == "de" else f"“{text}”"


def answered_as(
    questionnaire: Questionnaire,
    state: QuestionResult,
    answer: Answer | None,
    respondents: int,
    lang: str,
) -> str:
    """The answer given, as a reader sees it: "nicht beantwortet", "weiß nicht", the option's
    label, or for several respondents merged their mean (a gate: "von weniger als der Hälfte
    bestätigt")."""
    if state.state == "missing":
        return t("not_answered", lang)
    if state.state == "unknown":
        return t("state.unknown", lang)
    if respondents > 1 or answer is None:
        question = questionnaire.question_index[state.id]
        if question.gate is not None and state.held is False:
            return t("not_confirmed", lang).format(
                score=number((state.score or 0.0) * 100, lang, 0)
            )
        return t("mean_answer", lang).format(score=number((state.score or 0.0) * 100, lang, 0))
    return answer_label(questionnaire, state.id, answer, lang)


@dataclass(frozen=True)
class Foundation:
    """A gate that holds a level back, in words: the question, what was answered, what is needed,
    and the highest level it allows."""

    id: str
    text: str
    answer: str
    need: str
    level: int
    """The level it caps at."""


def foundations(result: Result, question_ids: tuple[str, ...], lang: str) -> list[Foundation]:
    """The gates ``question_ids`` (an area's or the overall ``capped_by``) in words."""
    questionnaire = result.questionnaire
    answers = result.answers.answers if result.answers else {}
    found = []
    for qid in question_ids:
        question = questionnaire.question_index[qid]
        assert question.gate is not None
        found.append(
            Foundation(
                qid,
                tr(question.text, lang),
                answered_as(
                    questionnaire,
                    result.question_index[qid],
                    answers.get(qid),
                    result.respondents,
                    lang,
                ),
                gate_need(question, lang),
                question.gate.max_level,
            )
        )
    return found


def deadline_label(due: str, overdue: bool, lang: str) -> str:
    """ "fällig bis 30.06.2028" or "überfällig seit 30.06.2026"; "" without a deadline."""
    if not due:
        return ""
    return t("overdue_since" if overdue else "due_by", lang).format(date=date_label(due, lang))


def few_label(result: Result, area: Area, lang: str) -> str:
    """Why an area has no level although it has a score (§4.2): "nur 2 zutreffende Fragen" where
    profile and "nicht zutreffend" leave fewer than ``min_questions`` questions, else "2 von 3
    nötigen Antworten"."""
    needed = result.questionnaire.min_questions
    applying = sum(1 for q in area.scored_questions if result.question_index[q.id].state != "na")
    if applying < needed:
        return t("few_apply_one" if applying == 1 else "few_apply", lang).format(n=applying)
    answered = sum(
        1 for q in area.scored_questions if result.question_index[q.id].state == "scored"
    )
    return t("few_answers", lang).format(n=answered, needed=needed)


def not_applicable_reason(result: Result, area: Area, lang: str) -> str:
    """Why an area does not apply: the profile answers that route its questions out ("Gilt laut
    Profil nicht für diese Kommune: Gemeinde in einem Amt …"), or that they were answered
    "nicht zutreffend"."""
    questionnaire = result.questionnaire
    answers = result.answers
    facts = facts_of(answers.profile, answers.municipality) if answers else {}
    failing: dict[str, Condition] = {}
    answered_na = False
    for question in area.scored_questions:
        if routed(question, facts) is not None:
            answered_na = True
            continue
        for condition in question.applies_if:
            if not condition_holds(condition, facts):
                failing.setdefault(condition.key, condition)
    if not failing:
        return t("na_answered", lang)
    for key in failing:  # the profile may say where the tasks lie instead ("liegt beim Amt")
        asked = questionnaire.profile_index.get(key)
        option = asked and next((o for o in asked.options if o.id == facts.get(key)), None)
        if option and option.lies_with:
            return t("na_lies_with", lang).format(
                who=tr(option.lies_with, lang),
                facts=_fact(questionnaire, key, facts.get(key), lang),
            )
    named = "; ".join(_fact(questionnaire, key, facts.get(key), lang) for key in failing)
    key = "na_profile_and_answers" if answered_na else "na_profile"
    return t(key, lang).format(facts=named)


def _fact(questionnaire: Questionnaire, key: str, value: object, lang: str) -> str:
    """A routing fact as the reader gave it: the profile answer's label, the population, the Land."""
    if key == POPULATION and isinstance(value, float | int):
        return f"{t('population_count', lang)} {number(float(value), lang, 0)}"
    if key == LAND:
        return LAENDER.get(str(value), str(value))
    question = questionnaire.profile_index.get(key)
    if question is None:
        return str(value)
    if question.type == "number" and isinstance(value, float | int):
        return f"{tr(question.text, lang).rstrip('?')}: {number(float(value), lang, 0)}"
    if question.type == "yesno":
        return f"{_quoted(tr(question.text, lang), lang)} – {t(str(value), lang)}"
    option = next((o for o in question.options if o.id == value), None)
    return tr(option.label, lang) if option else str(value)
