"""The profile of a questionnaire and its routing (§3.1, §4.1): reading ``profile:`` and ``applies_if``
in a questionnaire, and a municipality's ``profile:`` answers in an answers file, every problem with its
position. Which questions then apply is decided in :mod:`maturity.routing`."""

from __future__ import annotations

from typing import Any

from maturity.errors import DocPath
from maturity.i18n import Text
from maturity.load.docreader import DocReader
from maturity.load.messages import describe
from maturity.load.values import NO_WORDS, YES_WORDS, parse_number
from maturity.model import (
    FACT_KEYS,
    LAENDER,
    LAND,
    POPULATION,
    PROFILE_TYPES,
    AnswerSet,
    Condition,
    Option,
    ProfileQuestion,
    ProfileType,
    ProfileValue,
    Questionnaire,
    Routing,
)
from maturity.routing import facts_of, holds, routed

PROFILE_REQUIRED = ("id", "type", "text")
PROFILE_BY_TYPE: dict[str, tuple[str, ...]] = {
    "choice": ("options",),
    "yesno": (),
    "number": ("min", "max", "unit"),
}


class ProfileReader:
    """The questionnaire reader's part for ``profile:`` and ``applies_if``."""

    def __init__(self, reader: DocReader, languages: tuple[str, ...]) -> None:
        self.reader = reader
        self.languages = languages
        self.questions: dict[str, ProfileQuestion] = {}

    def profile(self, value: Any) -> tuple[ProfileQuestion, ...]:
        reader = self.reader
        for path, entry in reader.items(value, ("profile",)):
            question = self._question(entry, path)
            if question is not None:
                if question.id in self.questions:
                    reader.error(
                        (*path, "id"),
                        Text(
                            f"doppelte Profilfragen-ID '{question.id}'",
                            f"duplicate profile question id '{question.id}'",
                        ),
                    )
                self.questions[question.id] = question
        return tuple(self.questions.values())

    def _question(self, entry: Any, path: DocPath) -> ProfileQuestion | None:
        reader = self.reader
        if not isinstance(entry, dict) or "type" not in entry:
            reader.mapping(
                entry,
                path,
                required=PROFILE_REQUIRED,
                what=Text(
                    "eine Profilfrage (eine Zuordnung mit id, type, text)",
                    "a profile question (a mapping with id, type, text)",
                ),
            )
            return None
        kind = reader.choice(entry["type"], (*path, "type"), PROFILE_TYPES)
        if kind is None:
            return None
        raw = reader.mapping(
            entry, path, required=PROFILE_REQUIRED, optional=("help", *PROFILE_BY_TYPE[kind])
        )
        if raw is None:
            return None
        pid = reader.identifier(raw.get("id"), (*path, "id")) if "id" in raw else None
        if pid in FACT_KEYS:
            what = (
                Text("der Einwohnerzahl", "population")
                if pid == POPULATION
                else Text("dem Land", "Land")
            )
            reader.error(
                (*path, "id"),
                Text(
                    f"die ID '{pid}' ist {what.de} der Kommune vorbehalten",
                    f"the id '{pid}' is reserved for the municipality's {what.en}",
                ),
            )
            pid = None
        text = (
            reader.text(raw.get("text"), (*path, "text"), self.languages) if "text" in raw else None
        )
        help_text = (
            reader.text(raw["help"], (*path, "help"), self.languages) if "help" in raw else None
        )
        options: tuple[Option, ...] = ()
        if kind == "choice":
            options = self._options(raw.get("options"), (*path, "options"))
            if not options:
                return None
        minimum = reader.number(raw["min"], (*path, "min")) if "min" in raw else None
        maximum = reader.number(raw["max"], (*path, "max")) if "max" in raw else None
        unit = reader.text(raw["unit"], (*path, "unit"), self.languages) if "unit" in raw else None
        if pid is None or text is None:
            return None
        return ProfileQuestion(
            pid, _as_profile_type(kind), text, help_text, options, minimum, maximum, unit
        )

    def _options(self, value: Any, path: DocPath) -> tuple[Option, ...]:
        reader = self.reader
        options: list[Option] = []
        for opt_path, entry in reader.items(value, path, non_empty=True):
            raw = reader.mapping(entry, opt_path, required=("id", "label"), optional=("lies_with",))
            if raw is None:
                continue
            oid = reader.identifier(raw.get("id"), (*opt_path, "id")) if "id" in raw else None
            label = (
                reader.text(raw.get("label"), (*opt_path, "label"), self.languages)
                if "label" in raw
                else None
            )
            lies_with = (
                reader.text(raw["lies_with"], (*opt_path, "lies_with"), self.languages)
                if "lies_with" in raw
                else None
            )
            if oid is not None and any(o.id == oid for o in options):
                reader.error(
                    (*opt_path, "id"),
                    Text(f"doppelte Options-ID '{oid}'", f"duplicate option id '{oid}'"),
                )
            elif oid is not None and label is not None:
                options.append(Option(oid, label, lies_with=lies_with))
        return tuple(options)

    def routing(self, value: Any, path: DocPath) -> Routing:
        """``applies_if``: profile question id (or ``population``) -> options or ``{min, max}``;
        ``state`` -> Land codes."""
        reader = self.reader
        raw = reader.mapping(
            value,
            path,
            what=Text(
                "eine Zuordnung von Profilfrage zu Bedingung, z. B. {traeger: [landkreis]}",
                "a mapping of profile question to condition, e.g. {traeger: [landkreis]}",
            ),
        )
        conditions: list[Condition] = []
        for key, condition in (raw or {}).items():
            where: DocPath = (*path, key)
            question = self.questions.get(str(key))
            if key == POPULATION or (question is not None and question.type == "number"):
                parsed = self._range(str(key), condition, where)
            elif key == LAND:
                parsed = self._lands(condition, where)
            elif question is not None:
                parsed = self._among(question, condition, where)
            else:
                known = ", ".join([*self.questions, *FACT_KEYS])
                reader.error(
                    where,
                    Text(
                        f"'{key}' ist keine Profilfrage; erwartet eine von: {known}",
                        f"'{key}' is no profile question; expected one of: {known}",
                    ),
                    at_key=True,
                )
                continue
            if parsed is not None:
                conditions.append(parsed)
        return tuple(conditions)

    def _among(self, question: ProfileQuestion, value: Any, path: DocPath) -> Condition | None:
        reader = self.reader
        allowed = question.option_ids
        if isinstance(value, str):
            value = [value]
        chosen: list[str] = []
        for item_path, item in reader.items(value, path, non_empty=True):
            option = _yes_no(item) if question.type == "yesno" else item
            if not isinstance(option, str) or option not in allowed:
                reader.error(
                    item_path,
                    Text(
                        f"'{question.id}' hat keine Option '{item}'; erwartet eine von: "
                        f"{', '.join(allowed)}",
                        f"'{question.id}' has no option '{item}'; expected one of: "
                        f"{', '.join(allowed)}",
                    ),
                )
            else:
                chosen.append(option)
        return Condition(question.id, tuple(chosen)) if chosen else None

    def _lands(self, value: Any, path: DocPath) -> Condition | None:
        """``state: [BY, RP]``: Land codes (§4.1)."""
        reader = self.reader
        if isinstance(value, str):
            value = [value]
        codes: list[str] = []
        for item_path, item in reader.items(value, path, non_empty=True):
            code = str(item).strip().upper() if isinstance(item, str) else None
            if code not in LAENDER:
                reader.error(
                    item_path,
                    Text(
                        f"'{item}' ist kein Länderkürzel; erwartet eines von: {', '.join(LAENDER)}",
                        f"'{item}' is no Land code; expected one of: {', '.join(LAENDER)}",
                    ),
                )
            else:
                codes.append(code)
        return Condition(LAND, tuple(codes)) if codes else None

    def _range(self, key: str, value: Any, path: DocPath) -> Condition | None:
        reader = self.reader
        raw = reader.mapping(
            value,
            path,
            optional=("min", "max"),
            what=Text(
                f"für '{key}' einen Bereich {{min: A, max: B}} (A ≤ Wert < B)",
                f"for '{key}' a range {{min: A, max: B}} (A <= value < B)",
            ),
        )
        if raw is None:
            return None
        low = reader.number(raw["min"], (*path, "min")) if "min" in raw else None
        high = reader.number(raw["max"], (*path, "max")) if "max" in raw else None
        if not raw:
            reader.error(
                path,
                Text("erwartet min, max oder beides", "expected min, max or both"),
            )
            return None
        if low is not None and high is not None and low >= high:
            reader.error(
                (*path, "max"),
                Text(
                    f"erwartet max über min ({low:g}), gefunden: {high:g}",
                    f"expected max above min ({low:g}), got {high:g}",
                ),
            )
            return None
        if ("min" in raw and low is None) or ("max" in raw and high is None):
            return None
        return Condition(key, (), low, high)


def _as_profile_type(value: str) -> ProfileType:
    assert value in PROFILE_TYPES
    return value


def _yes_no(value: Any) -> str | None:
    """``yes``/``no`` of a profile answer in the words an answers file takes (§3.1)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    word = str(value).strip().casefold()
    if word in YES_WORDS:
        return "yes"
    if word in NO_WORDS:
        return "no"
    return None


def profile_value(question: ProfileQuestion, value: Any) -> ProfileValue | Text:
    """A profile answer as the questionnaire's profile question takes it, or what was expected."""
    if question.type == "yesno":
        word = _yes_no(value)
        if word is None:
            return Text(
                f"erwartet ja oder nein, gefunden: {describe(value).de}",
                f"expected yes or no, got {describe(value).en}",
            )
        return word
    if question.type == "number":
        number = parse_number(value)
        low, high = question.minimum, question.maximum
        if (
            number is None
            or (low is not None and number < low)
            or (high is not None and number > high)
        ):
            bounds = (
                f" ({_bound(low)} … {_bound(high)})" if low is not None or high is not None else ""
            )
            return Text(
                f"erwartet eine Zahl{bounds}, gefunden: {describe(value).de}",
                f"expected a number{bounds}, got {describe(value).en}",
            )
        return number
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    )
    if text is None or text not in question.option_ids:
        return Text(
            f"erwartet eine von: {', '.join(question.option_ids)}; gefunden: {describe(value).de}",
            f"expected one of: {', '.join(question.option_ids)}; got {describe(value).en}",
        )
    return text


def _bound(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def read_profile_answers(
    reader: DocReader, questionnaire: Questionnaire, value: Any, path: DocPath = ("profile",)
) -> dict[str, ProfileValue]:
    """The ``profile:`` of an answers file: known profile questions, valid answers (§4.1)."""
    raw = reader.mapping(
        value,
        path,
        what=Text(
            "eine Zuordnung von Profilfrage zu Antwort, z. B. {traeger: kreisfreie-stadt}",
            "a mapping of profile question to answer, e.g. {traeger: kreisfreie-stadt}",
        ),
    )
    profile: dict[str, ProfileValue] = {}
    for key, answer in (raw or {}).items():
        where: DocPath = (*path, key)
        question = questionnaire.profile_index.get(str(key))
        if question is None:
            known = ", ".join(questionnaire.profile_index) or "keine"
            known_en = ", ".join(questionnaire.profile_index) or "none"
            reader.error(
                where,
                Text(
                    f"unbekannte Profilfrage '{key}'; der Fragebogen hat: {known}",
                    f"unknown profile question '{key}'; the questionnaire has: {known_en}",
                ),
                at_key=True,
            )
            continue
        if answer is None or answer == "":
            continue
        parsed = profile_value(question, answer)
        if isinstance(parsed, Text):
            reader.error(where, parsed)
        else:
            profile[question.id] = parsed
    return profile


def routing_problems(questionnaire: Questionnaire, answers: AnswerSet) -> list[tuple[str, Text]]:
    """§4.1: per question, the warning for an answer to a question that does not apply, or for
    selected options that do not apply (they count nothing)."""
    facts = facts_of(answers.profile, answers.municipality)
    found: list[tuple[str, Text]] = []
    for question in questionnaire.scored_questions:
        answer = answers.answers.get(question.id)
        if answer is None or answer.kind != "value" or answer.value is None:
            continue
        asked = routed(question, facts)
        if asked is None and not holds(question.applies_if, facts):
            found.append(
                (
                    question.id,
                    Text(
                        f"die Frage '{question.id}' gilt laut Profil nicht für diese Kommune; die "
                        "Antwort zählt nicht",
                        f"by the profile, question '{question.id}' does not apply to this "
                        "municipality; the answer does not count",
                    ),
                )
            )
        elif isinstance(answer.value, tuple):
            kept = {o.id for o in asked.options} if asked is not None else set()
            dropped = [v for v in answer.value if v not in kept]
            if dropped:
                found.append(
                    (
                        question.id,
                        Text(
                            f"die Option(en) {', '.join(dropped)} gelten laut Profil nicht für "
                            "diese Kommune und zählen nicht",
                            f"option(s) {', '.join(dropped)} do not apply to this municipality by "
                            "the profile and count nothing",
                        ),
                    )
                )
    return found


def routing_warnings(reader: DocReader, questionnaire: Questionnaire, answers: AnswerSet) -> None:
    """:func:`routing_problems` as warnings at the answers in a YAML file."""
    for qid, message in routing_problems(questionnaire, answers):
        reader.warning(("answers", qid), message)
