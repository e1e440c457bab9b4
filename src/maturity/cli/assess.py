"""``maturity assess``: the interactive self-check in the terminal (questionary prompts).

The answers live in an :class:`AssessmentSession` that saves the file atomically after every change, so
an interrupted run (Ctrl-C, a closed terminal) always leaves a valid answers file to ``--resume``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity.i18n import Text, t
from maturity.load.municipality import read_ags, read_population
from maturity.load.profile import profile_value
from maturity.load.values import AnswerValueError, answered_value, interpret_value, parse_number
from maturity.model import (
    LAENDER,
    Answer,
    AnswerSet,
    Area,
    Municipality,
    ProfileQuestion,
    ProfileValue,
    Question,
    Questionnaire,
    tr,
)
from maturity.output.answers_yaml import answers_to_yaml
from maturity.output.files import write_atomic
from maturity.output.formatting import answer_label
from maturity.routing import Facts, facts_of, routed


@dataclass
class AssessmentSession:
    """Answers being collected for one municipality, saved to ``path`` after every change."""

    questionnaire: Questionnaire
    path: Path
    lang: str = "de"
    answers: dict[str, Answer] = field(default_factory=dict)
    municipality: Municipality = field(default_factory=Municipality)
    assessed_on: str = ""
    assessor: str = ""
    targets: dict[str, int] = field(default_factory=dict)
    """Kept from a resumed file, so saving never drops them."""
    profile: dict[str, ProfileValue] = field(default_factory=dict)

    @property
    def questions(self) -> tuple[Question, ...]:
        """The questions put to this municipality: those its profile routes out are skipped."""
        facts = self.facts
        return tuple(q for q in self.questionnaire.questions if routed(q, facts) is not None)

    def asked_areas(self) -> list[Area]:
        """The areas with at least one question for this municipality, in order."""
        asked = {q.area for q in self.questions}
        return [a for a in self.questionnaire.areas if a.id in asked]

    @property
    def facts(self) -> Facts:
        """What routing knows of the municipality: its profile, population and Land."""
        return facts_of(self.profile, self.municipality)

    def asked(self, question: Question) -> Question:
        """The question as put to this municipality (a multi-select one without the options that
        do not apply)."""
        return routed(question, self.facts) or question

    def answer_set(self) -> AnswerSet:
        return AnswerSet(
            questionnaire=self.questionnaire.id,
            answers=dict(self.answers),
            questionnaire_version=self.questionnaire.version,
            municipality=self.municipality,
            assessed_on=self.assessed_on,
            assessor=self.assessor,
            source=str(self.path),
            targets=dict(self.targets),
            profile=dict(self.profile),
        )

    def save(self) -> None:
        write_atomic(self.path, answers_to_yaml(self.answer_set(), self.questionnaire, self.lang))

    def is_answered(self, question: Question) -> bool:
        return answered_value(self.answers.get(question.id))

    def first_open(self, start: int = 0) -> int | None:
        """Index of the first unanswered question from ``start`` on, or None."""
        for index in range(start, len(self.questions)):
            if not self.is_answered(self.questions[index]):
                return index
        return None

    def open_count(self) -> int:
        return sum(1 for q in self.questions if not self.is_answered(q))

    def record(self, question: Question, answer: Answer) -> None:
        """Store an answer, keeping an existing comment and evidence, and save."""
        old = self.answers.get(question.id)
        if old is not None and not (answer.comment or answer.evidence):
            answer = Answer(answer.value, answer.kind, old.comment, old.evidence)
        self.answers[question.id] = answer
        self.save()

    def annotate(self, question: Question, comment: str, evidence: str) -> None:
        old = self.answers.get(question.id, Answer(None))
        self.answers[question.id] = Answer(
            old.value, old.kind, comment or old.comment, evidence or old.evidence
        )
        self.save()

    def area_start(self, area_id: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.area == area_id)


# --- the terminal dialogue -------------------------------------------------------------------

Action = tuple[str, Any]
"""What the user chose: ("answer", Answer), ("back", None), ("skip", None), ("jump", index), ("quit", None)."""

KEYS = {
    "de": {
        "unknown": "w",
        "na": "n",
        "help": "h",
        "comment": "k",
        "back": "z",
        "skip": "s",
        "jump": "f",
        "quit": "b",
        "retype": "e",
    },
    "en": {
        "unknown": "d",
        "na": "n",
        "help": "h",
        "comment": "c",
        "back": "b",
        "skip": "s",
        "jump": "a",
        "quit": "q",
        "retype": "t",
    },
}


def fill(text: str, first: str = "", rest: str = "") -> str:
    """``text`` wrapped between words at the terminal's width, continued lines indented by ``rest``
    (a terminal would break words in the middle)."""
    import shutil
    import textwrap

    width = max(30, shutil.get_terminal_size((100, 24)).columns - 1)
    return textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest)


class TerminalAssessment:
    """Walks the questionnaire area by area with questionary prompts."""

    def __init__(self, session: AssessmentSession, echo: Callable[[str], None] = print) -> None:
        self.session = session
        self.lang = session.lang
        self.echo = echo
        self.keys = KEYS.get(self.lang, KEYS["en"])

    def t(self, key: str, **values: Any) -> str:
        text = t(key, self.lang)
        return text.format(**values) if values else text

    # prompts (questionary is imported here only: it is heavy and needs a terminal)

    def _select(self, message: str, choices: list[Any], default: Any = None) -> Any:
        import questionary

        return questionary.select(
            message,
            choices=choices,
            default=default,
            use_shortcuts=len(choices) <= 36,
            use_arrow_keys=True,
            use_jk_keys=False,
            instruction=" ",
        ).unsafe_ask()

    def _text(
        self, message: str, validate: Callable[[str], bool | str] | None = None, default: str = ""
    ) -> str:
        import questionary

        result: str = questionary.text(message, validate=validate, default=default).unsafe_ask()
        return result

    def _action_choices(self, question: Question) -> list[Any]:
        from questionary import Choice, Separator

        choices: list[Any] = [Separator()]
        entries = [
            (answer, t(f"state.{answer}", self.lang)) for answer in question.reserved_answers
        ]
        entries += [
            ("help", self.t("assess.help")),
            ("comment", self.t("assess.comment")),
            ("back", self.t("assess.back")),
            ("skip", self.t("assess.skip")),
            ("jump", self.t("assess.jump")),
            ("quit", self.t("assess.quit")),
        ]
        if question.type == "text":
            entries = [e for e in entries if e[0] != "unknown"]
        for action, title in entries:
            choices.append(Choice(title, value=("action", action), shortcut_key=self.keys[action]))
        return choices

    # the dialogue

    def ask_municipality(self) -> None:
        session = self.session
        name = self._text(
            self.t("assess.name"),
            lambda s: bool(s.strip()) or self.t("assess.required"),
            default=session.municipality.name,
        )
        ags = read_ags(
            self._text(
                self.t("assess.ags"),
                lambda s: read_ags(s).problem is None or self.t("assess.ags_invalid"),
                default=session.municipality.ags,
            )
        )
        if ags.note:
            self.echo(ags.note.in_language(self.lang))
        population_default = session.municipality.population
        population = read_population(
            self._text(
                self.t("assess.population"),
                lambda s: read_population(s).problem is None or self.t("assess.population_invalid"),
                default="" if population_default is None else str(population_default),
            )
        )
        from questionary import Choice

        state_choices = [Choice(self.t("assess.no_state"), value="")]
        state_choices += [Choice(f"{code} {name_}", value=code) for code, name_ in LAENDER.items()]
        state = self._select(
            self.t("assess.state"), state_choices, default=session.municipality.state or ""
        )
        assessor = self._text(self.t("assess.assessor"), default=session.assessor)
        session.municipality = Municipality(
            name.strip(),
            str(ags.value),
            population.value if isinstance(population.value, int) else None,
            state,
        )
        session.assessor = assessor.strip()
        session.assessed_on = session.assessed_on or dt.date.today().isoformat()
        session.save()

    def ask_targets(self) -> None:
        """Per area, the level aimed for (or none); saved after each, like every answer."""
        from questionary import Choice

        session = self.session
        levels = session.questionnaire.levels
        self.echo("")
        self.echo(fill(self.t("assess.targets_intro")))
        for area in session.questionnaire.areas:
            choices = [Choice(self.t("assess.no_target"), value=0, shortcut_key="0")]
            choices += [
                Choice(f"{lv.id} {tr(lv.name, self.lang)}", value=lv.id, shortcut_key=str(lv.id))
                for lv in levels
            ]
            picked = self._select(
                self.t("assess.target_prompt", area=tr(area.name, self.lang)),
                choices,
                default=session.targets.get(area.id, 0),
            )
            if picked:
                session.targets[area.id] = int(picked)
            else:
                session.targets.pop(area.id, None)
            session.save()

    def ask_profile(self) -> None:
        """The profile questions, before the first question: they decide what is asked."""
        from questionary import Choice

        session = self.session
        self.echo("")
        self.echo(fill(self.t("profile_intro")))
        for question in session.questionnaire.profile:
            text = tr(question.text, self.lang)
            current = session.profile.get(question.id)
            if question.type == "number":

                def valid(entry: str, question: ProfileQuestion = question) -> bool | str:
                    if not entry.strip():
                        return True
                    parsed = profile_value(question, entry)
                    return str(parsed) if isinstance(parsed, Text) else True

                default = "" if current is None else f"{float(current):g}"
                self.show_question(text, self.t("assess.number", range=""))
                entry = self._text(self.t("assess.answer"), valid, default=default).strip()
                value = profile_value(question, entry) if entry else None
            else:
                choices = [Choice(self.t("assess.no_state"), value=None)]
                if question.type == "yesno":
                    choices += [
                        Choice(t("yes", self.lang), value="yes"),
                        Choice(t("no", self.lang), value="no"),
                    ]
                else:
                    choices += [
                        Choice(tr(o.label, self.lang), value=o.id) for o in question.options
                    ]
                value = self._select(fill(text, first="? ", rest="  ")[2:], choices, current)
            if value is None or isinstance(value, Text):
                session.profile.pop(question.id, None)
            else:
                session.profile[question.id] = value
            session.save()

    def show_question(self, text: str, hint: str) -> None:
        """The question's text and how to answer it, wrapped at the terminal's width with continued
        lines indented: the prompt of a text or number field is one line and would be cut."""
        self.echo(fill(text, first="? ", rest="  "))
        self.echo(fill(hint, first="  ", rest="  "))

    def show_plan(self) -> None:
        """Once the profile is known: how many questions this municipality gets, how many are open,
        and which areas are not asked at all (so the progress does not seem to jump)."""
        session = self.session
        asked = session.asked_areas()
        self.echo("")
        self.echo(
            fill(
                self.t(
                    "assess.plan",
                    n=len(session.questions),
                    k=len(asked),
                    open=session.open_count(),
                )
            )
        )
        left_out = [a for a in session.questionnaire.areas if a not in asked]
        if left_out:
            names = ", ".join(tr(a.name, self.lang) for a in left_out)
            self.echo(fill(self.t("assess.areas_left_out", areas=names)))

    def header(self, index: int) -> None:
        question = self.session.questions[index]
        areas = self.session.asked_areas()
        area_index = next(i for i, a in enumerate(areas) if a.id == question.area)
        self.echo("")
        self.echo(
            self.t(
                "assess.progress",
                k=area_index + 1,
                K=len(areas),
                area=tr(areas[area_index].name, self.lang),
                n=index + 1,
                m=len(self.session.questions),
            )
        )
        if question.answered_by:  # so the IT lead knows whom to ask
            self.echo(self.t("assess.knows", who=tr(question.answered_by, self.lang)))
        current = self.session.answers.get(question.id)
        if current is not None and self.session.is_answered(question):
            label = answer_label(self.session.questionnaire, question.id, current, self.lang)
            self.echo(self.t("assess.current", answer=label))

    def ask(self, index: int) -> Action:
        """Ask one question until the user gives an answer or moves on."""
        question = self.session.asked(self.session.questions[index])
        while True:
            self.header(index)
            choice = self._ask_once(question)
            kind, value = choice
            if kind == "help":
                help_text = tr(question.help, self.lang)
                self.echo(fill(help_text, first="  ", rest="  ") or self.t("assess.no_help"))
                continue
            if kind == "retype":  # from the menu of a typed answer back to typing it
                continue
            if kind == "comment":
                comment = self._text(self.t("assess.comment_prompt"))
                evidence = self._text(self.t("assess.evidence_prompt"))
                self.session.annotate(question, comment.strip(), evidence.strip())
                continue
            return kind, value

    def _ask_once(self, question: Question) -> Action:
        text = tr(question.text, self.lang)
        # questionary puts "? " before the message; the wrapped lines go under its first word
        message = fill(text, first="? ", rest="  ")[2:]
        if question.type in ("choice", "yesno"):
            return self._from_select(
                question,
                self._select(
                    message,
                    self._option_choices(question) + self._action_choices(question),
                    default=self._current_choice(question),
                ),
            )
        if question.type == "multi":
            from questionary import Choice

            first = [Choice(self.t("assess.tick"), value=("tick", None), shortcut_key="1")]
            picked = self._select(message, first + self._action_choices(question))
            if picked == ("tick", None):
                return self._tick(question)
            return self._from_select(question, picked)
        if question.type in ("number", "percent"):
            return self._number(question, text)
        self.show_question(text, self.t("assess.text"))
        current = self.session.answers.get(question.id)
        default = str(current.value) if current is not None and current.value else ""
        answer = self._text(self.t("assess.answer"), default=default).strip()
        if answer == "?":
            return self._menu(question)
        if not answer:  # an optional text: Enter moves on
            return "skip", None
        return "answer", Answer(answer)

    def _menu(self, question: Question) -> Action:
        """What else the user can do with a question that takes a typed answer; Enter skips it, and
        the first entry goes back to typing."""
        from questionary import Choice

        typing = self.t("assess.enter_number" if question.type != "text" else "assess.enter_text")
        back_to_typing = Choice(
            typing, value=("action", "retype"), shortcut_key=self.keys["retype"]
        )
        return self._from_select(
            question,
            self._select(
                self.t("assess.menu"),
                [back_to_typing, *self._action_choices(question)],
                default=("action", "skip"),
            ),
        )

    def _option_choices(self, question: Question) -> list[Any]:
        from questionary import Choice

        if question.type == "yesno":
            return [
                Choice(t("yes", self.lang), value=("value", True)),
                Choice(t("no", self.lang), value=("value", False)),
            ]
        return [Choice(tr(o.label, self.lang), value=("value", o.id)) for o in question.options]

    def _current_choice(self, question: Question) -> Any:
        """The value of the current answer's choice, so the pointer starts there when going back."""
        answer = self.session.answers.get(question.id)
        if answer is None or answer.kind != "value" or answer.value is None:
            return None
        return ("value", answer.value)

    def _from_select(self, question: Question, picked: Any) -> Action:
        kind, value = picked
        if kind == "value":
            return "answer", interpret_value(question, value)
        if value == "unknown":
            return "answer", Answer(None, "unknown")
        if value == "na":
            return "answer", Answer(None, "na")
        return value, None

    def _tick(self, question: Question) -> Action:
        import questionary

        current = self.session.answers.get(question.id)
        selected = set(current.value) if current and isinstance(current.value, tuple) else set()
        choices = [
            questionary.Choice(tr(o.label, self.lang), value=o.id, checked=o.id in selected)
            for o in question.options
        ]

        def valid(ids: list[str]) -> bool | str:
            try:
                interpret_value(question, ids)
            except AnswerValueError:
                exclusive = next(o for o in question.options if o.exclusive and o.id in ids)
                return self.t("assess.exclusive", option=tr(exclusive.label, self.lang))
            return True

        ids = questionary.checkbox(
            self.t("assess.checkbox"), choices=choices, validate=valid
        ).unsafe_ask()
        return "answer", interpret_value(question, list(ids))

    def _number(self, question: Question, text: str) -> Action:
        unit = tr(question.unit, self.lang) or ("%" if question.type == "percent" else "")
        low = "" if question.minimum is None else f"{question.minimum:g}"
        high = "" if question.maximum is None else f"{question.maximum:g}"
        bounds = (
            f" {low}–{high} {unit}".rstrip() if (low or high) else (f" ({unit})" if unit else "")
        )
        bounds = f" ({bounds.strip()})" if bounds.strip() else ""

        def valid(entry: str) -> bool | str:
            if not entry.strip():
                return True
            try:
                interpret_value(question, entry)
            except AnswerValueError:
                return self.t("assess.number_invalid", range=bounds)
            return True

        current = self.session.answers.get(question.id)
        default = ""
        if current is not None and isinstance(current.value, float):
            default = f"{current.value:g}"  # as the user types it: 62,5 in German
            default = default.replace(".", ",") if self.lang == "de" else default
        self.show_question(text, self.t("assess.number", range=bounds))
        entry = self._text(self.t("assess.answer"), valid, default=default)
        if entry.strip():
            number = parse_number(entry)
            return "answer", interpret_value(question, number)
        return self._menu(question)

    def jump_target(self) -> int:
        from questionary import Choice

        areas = self.session.questionnaire.areas
        choices = [Choice(tr(a.name, self.lang), value=a.id) for a in areas]
        area_id = self._select(self.t("assess.jump_prompt"), choices)
        return self.session.area_start(area_id)

    def run(self, start: int) -> bool:
        """Ask from ``start`` to the end. True when the user reached the end, False when they quit."""
        index = start
        questions = self.session.questions
        while 0 <= index < len(questions):
            kind, value = self.ask(index)
            if kind == "answer":
                self.session.record(questions[index], value)
                following = self.session.first_open(index + 1)  # answered ones are not asked again
                index = len(questions) if following is None else following
            elif kind == "back":
                index = max(0, index - 1)
            elif kind == "skip":
                index += 1
            elif kind == "jump":
                index = self.jump_target()
            elif kind == "quit":
                return False
        return True
