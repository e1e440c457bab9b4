"""The domain model: frozen dataclasses for questionnaires, answers and results.

Everything here is plain data: loading and validation live in :mod:`maturity.load`, the arithmetic in
:mod:`maturity.scoring`. Part of the foundation: it imports no stage of the pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Text = Mapping[str, str]
"""A user-visible text in every language of its questionnaire: ``{"de": ..., "en": ...}``."""

QuestionType = Literal["choice", "multi", "yesno", "number", "percent", "text"]
ProfileType = Literal["choice", "yesno", "number"]
Effort = Literal["low", "medium", "high"]
QuestionState = Literal["scored", "unknown", "na", "missing"]
AreaStatus = Literal["scored", "insufficient", "not_applicable"]
Phase = Literal["quick_wins", "medium_term", "strategic"]

QUESTION_TYPES: tuple[QuestionType, ...] = ("choice", "multi", "yesno", "number", "percent", "text")
PROFILE_TYPES: tuple[ProfileType, ...] = ("choice", "yesno", "number")
POPULATION = "population"
"""The routing key that reads the answers' ``municipality.population`` (§4.1)."""
LAND = "state"
"""The routing key that reads the municipality's Land: ``municipality.state``, else the first two
digits of its AGS (§4.1)."""
FACT_KEYS = (POPULATION, LAND)
"""Routing keys that are facts about the municipality, not profile questions."""
YES_NO = ("yes", "no")
"""The option ids of a yes/no profile question."""
EFFORTS: tuple[Effort, ...] = ("low", "medium", "high")
PHASE_BY_EFFORT: Mapping[Effort, Phase] = {
    "low": "quick_wins",
    "medium": "medium_term",
    "high": "strategic",
}
NA = "na"
UNKNOWN = "unknown"
RESERVED_ANSWERS = (NA, UNKNOWN)

# The Länder by their two-letter codes.
LAENDER = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}

AGS_LAND = {
    "01": "SH",
    "02": "HH",
    "03": "NI",
    "04": "HB",
    "05": "NW",
    "06": "HE",
    "07": "RP",
    "08": "BW",
    "09": "BY",
    "10": "SL",
    "11": "BE",
    "12": "BB",
    "13": "MV",
    "14": "SN",
    "15": "ST",
    "16": "TH",
}
"""The Land of an Amtlicher Gemeindeschlüssel by its first two digits."""


def land_of_ags(ags: str) -> str:
    """The Land code of an 8-digit AGS (``07141999`` -> ``RP``); "" for anything else."""
    return AGS_LAND.get(ags[:2], "") if len(ags) == 8 and ags.isascii() and ags.isdigit() else ""


def folded(text: str) -> str:
    """A name as compared with others: without case, runs of spaces as one."""
    return " ".join(text.split()).casefold()


def tr(text: Text | None, lang: str) -> str:
    """The text in ``lang``, falling back to German, then to any language present."""
    if not text:
        return ""
    return text.get(lang) or text.get("de") or next(iter(text.values()), "")


@dataclass(frozen=True)
class Condition:
    """One condition of an ``applies_if`` (§4.1): a profile answer among ``options`` (choice and yes/no
    profile questions), or a number (a number profile question, or ``population``) with
    ``low <= x < high``, either bound optional."""

    key: str
    options: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None


Routing = tuple[Condition, ...]
"""Conditions that must all hold; empty: always asked."""


@dataclass(frozen=True)
class Option:
    """An answer option: of a ``choice`` question (with its score) or a ``multi`` question (with its
    points)."""

    id: str
    label: Text
    score: float = 0.0
    """Score of a ``choice`` option, in [0, 1]."""
    points: float = 0.0
    """Points of a ``multi`` option, >= 0."""
    exclusive: bool = False
    """A ``multi`` option that cannot be combined with others ("keines davon")."""
    next: Text | None = None
    """The next step for a municipality that chose exactly this option (§4.5)."""
    applies_if: Routing = ()
    """Routing of a ``multi`` option (§4.1)."""
    lies_with: Text | None = None
    """Of a profile option: where the tasks lie that this answer routes away ("liegt beim Amt"),
    the words reports use for an area that does not apply (§5)."""


@dataclass(frozen=True)
class Band:
    """A band of a ``number`` question: from ``start`` on (up to the next band's start) it scores
    ``score``."""

    start: float
    score: float
    next: Text | None = None
    """The next step for a municipality whose number falls in this band (§4.5)."""


@dataclass(frozen=True)
class Linear:
    """Linear scoring of a ``number`` or ``percent`` question: 0 at ``zero``, 1 at ``full``."""

    zero: float
    full: float


@dataclass(frozen=True)
class Gate:
    """A foundation: an area scores no level above ``max_level`` unless this question is answered at
    ``min_score`` or above (§4.4); unanswered and "weiß nicht" cap too. With ``overall``, the overall
    level is capped the same way."""

    min_score: float
    max_level: int
    overall: bool = False


@dataclass(frozen=True)
class Deadline:
    """A deadline of a legal duty (§3.1): ``date`` (ISO) for the municipalities ``applies_if``
    holds for; a duty's first deadline that holds is the municipality's."""

    date: str
    applies_if: Routing = ()


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire, with its options or scoring, weight, gate, recommendation,
    routing and legal duty."""

    id: str
    area: str
    type: QuestionType
    text: Text
    help: Text | None = None
    options: tuple[Option, ...] = ()
    weight: float = 1.0
    allow_na: bool = False
    gate: Gate | None = None
    recommendation: Text | None = None
    effort: Effort = "medium"
    refs: tuple[str, ...] = ()
    obligation: Text | None = None
    """The legal duty behind the question, in words with its reference (§4.5)."""
    due: tuple[Deadline, ...] = ()
    """The duty's deadlines, the first that applies being the municipality's (§3.1, §4.5)."""
    answered_by: Text | None = None
    """Who in the administration usually knows the answer (§3.1)."""
    minimum: float | None = None
    maximum: float | None = None
    unit: Text | None = None
    bands: tuple[Band, ...] = ()
    linear: Linear | None = None
    max_points: float | None = None
    applies_if: Routing = ()
    """For whom the question is asked (§4.1); empty: everyone."""

    @property
    def scored(self) -> bool:
        """Whether the question counts at all (``text`` questions never do)."""
        return self.type != "text"

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    @cached_property
    def option_names(self) -> dict[str, str]:
        """Every way a cell may name an option – its id or its label in any language, compared
        without case and with spaces collapsed – to the option's id (the first option that has
        it)."""
        names: dict[str, str] = {}
        for option in self.options:
            names.setdefault(folded(option.id), option.id)
            for label in option.label.values():
                names.setdefault(folded(label), option.id)
        return names

    @property
    def reserved_answers(self) -> tuple[str, ...]:
        """The answers it takes besides its options: "weiß nicht", and "nicht zutreffend" where the
        questionnaire allows it."""
        return (UNKNOWN, NA) if self.allow_na else (UNKNOWN,)

    @property
    def effective_max_points(self) -> float:
        if self.max_points is not None:
            return self.max_points
        return sum(o.points for o in self.options)

    @cached_property
    def steps(self) -> tuple[Text | None, ...]:
        """The ``next`` texts of its answers (choice: per option; number: per band), in order; the
        position of an answer among them is its *step* (see :meth:`step_of`)."""
        if self.type == "choice":
            return tuple(o.next for o in self.options)
        if self.type in ("number", "percent"):
            return tuple(b.next for b in self.bands)
        return ()

    @property
    def has_steps(self) -> bool:
        return any(self.steps)

    def step_of(self, value: object) -> int:
        """The step of an answer value: the option's position (choice) or the band's (number); -1
        where there is none (another type, below the first band)."""
        if self.type == "choice":
            for index, option in enumerate(self.options):
                if option.id == value:
                    return index
            return -1
        if self.bands and isinstance(value, int | float) and not isinstance(value, bool):
            step = -1
            for index, band in enumerate(self.bands):
                if band.start > value:
                    break
                step = index
            return step
        return -1

    @property
    def routes_options(self) -> bool:
        """Whether some option of this multi-select question carries its own routing (§4.1)."""
        return self.type == "multi" and any(o.applies_if for o in self.options)

    @property
    def keyed(self) -> bool:
        """Whether the batch must know each respondent's answer itself, not only its score: to pick
        the ``next`` of the most common answer, or to score a multi-select answer by the options
        that apply to the municipality (§4.5, §4.1)."""
        return self.has_steps or self.routes_options

    def answer_key(self, value: object) -> int:
        """A small integer that tells answers apart where their scores may not: the step of a choice
        or number (:meth:`step_of`), the selected options of a multi question as bits; -1 for none."""
        if self.type == "multi" and isinstance(value, tuple):
            return sum(1 << i for i, o in enumerate(self.options) if o.id in value)
        return self.step_of(value)

    def advice_step(self, step: int) -> int:
        """``step`` where that answer has a ``next`` of its own, else -1 (the question's own)."""
        steps = self.steps
        return step if 0 <= step < len(steps) and steps[step] else -1

    def advice_for(self, step: int) -> Text | None:
        """§4.5: the ``next`` of the answer with this step where it has one, else the question's
        recommendation."""
        step = self.advice_step(step)
        return self.steps[step] if step >= 0 else self.recommendation


@dataclass(frozen=True)
class ProfileQuestion:
    """A fact about the municipality, asked first and never scored; questions are routed by it."""

    id: str
    type: ProfileType
    text: Text
    help: Text | None = None
    options: tuple[Option, ...] = ()
    """Choice options; a yes/no question has none (its answers are :data:`YES_NO`)."""
    minimum: float | None = None
    maximum: float | None = None
    unit: Text | None = None

    @property
    def option_ids(self) -> tuple[str, ...]:
        return YES_NO if self.type == "yesno" else tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Level:
    """A maturity level: reached from ``min_score`` on (§4.4)."""

    id: int
    min_score: float
    name: Text
    description: Text | None = None


@dataclass(frozen=True)
class Reference:
    """A source a questionnaire cites: a standard, a guide, a checklist or a study."""

    id: str
    title: Text
    source: str = ""
    url: str = ""


@dataclass(frozen=True)
class Area:
    """An action area (Handlungsfeld) and its questions."""

    id: str
    name: Text
    questions: tuple[Question, ...]
    description: Text | None = None
    weight: float = 1.0
    refs: tuple[str, ...] = ()
    advice: Mapping[int, Text] = field(default_factory=dict)

    @cached_property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire: its levels, areas, questions, profile and references."""

    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    description: Text | None = None
    min_coverage: float = 0.5
    min_questions: int = 1
    """An area with fewer answered questions gets no level (§4.2)."""
    references: Mapping[str, Reference] = field(default_factory=dict)
    source: str = ""
    profile: tuple[ProfileQuestion, ...] = ()

    @cached_property
    def profile_index(self) -> Mapping[str, ProfileQuestion]:
        return {p.id: p for p in self.profile}

    @cached_property
    def routed(self) -> bool:
        """Whether any question or option is routed by the profile (§4.1)."""
        return any(q.applies_if or q.routes_options for q in self.questions)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for area in self.areas for q in area.questions)

    @cached_property
    def scored_questions(self) -> tuple[Question, ...]:
        """The questions that count (all but ``text``), in questionnaire order: the order of every
        per-question array and of the result's question list."""
        return tuple(q for q in self.questions if q.scored)

    @cached_property
    def question_index(self) -> Mapping[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def area_index(self) -> Mapping[str, Area]:
        return {a.id: a for a in self.areas}

    def level(self, level_id: int | None) -> Level | None:
        for level in self.levels:
            if level.id == level_id:
                return level
        return None

    def level_for(self, score: float) -> int:
        """The id of the last level whose ``min_score`` is at most ``score`` (§4.4)."""
        current = self.levels[0].id
        for level in self.levels:
            if level.min_score <= score:
                current = level.id
        return current


# --- answers -----------------------------------------------------------------------------------

AnswerValue = str | float | bool | tuple[str, ...]
ProfileValue = str | float
"""A profile answer: an option id (choice; ``yes``/``no`` for yes/no) or a number."""


@dataclass(frozen=True)
class Answer:
    """One answer. ``value`` is an option id (choice), a tuple of option ids (multi), a bool (yesno),
    a float (number, percent) or a string (text); None for ``na``, ``unknown`` and no answer."""

    value: AnswerValue | None
    kind: Literal["value", "na", "unknown"] = "value"
    comment: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Municipality:
    """Who was assessed: name, AGS, population and Land."""

    name: str = ""
    ags: str = ""
    population: int | None = None
    state: str = ""


@dataclass(frozen=True)
class AnswerSet:
    """One assessment: the answers of one municipality to one questionnaire."""

    questionnaire: str
    answers: Mapping[str, Answer]
    questionnaire_version: str = ""
    municipality: Municipality = field(default_factory=Municipality)
    assessed_on: str = ""
    assessor: str = ""
    source: str = ""
    targets: Mapping[str, int] = field(default_factory=dict)
    """The level the municipality aims for, per area id (optional)."""
    profile: Mapping[str, ProfileValue] = field(default_factory=dict)
    """Answers to the questionnaire's profile questions (§3.2)."""


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    """One question's state, score and gain (§4.1, §4.5)."""

    id: str
    area: str
    state: QuestionState
    score: float | None
    gain: float | None = None
    unknown: int = 0
    """Respondents who answered "weiß nicht" (one respondent: 1 where the state is ``unknown``;
    several: also where others knew, so that a merged answer does not hide it)."""
    held: bool | None = None
    """For a gate question: whether its foundation holds (§4.4, §4.6); None for other questions."""


@dataclass(frozen=True)
class AreaResult:
    """One area's status, score, level and coverage (§4.2, §4.4), and the questions that cap it."""

    id: str
    status: AreaStatus
    score: float | None
    level: int | None
    coverage: float | None
    """None where the area does not apply (§4.2)."""
    capped_by: tuple[str, ...] = ()
    spread: tuple[float, float] | None = None
    """Lowest and highest of the respondents' own area scores (batch, several respondents)."""
    answered: int = 0
    """n_a: how many of its questions were answered (§4.2)."""
    few_questions: bool = False
    """Scored from fewer than ``min_questions`` answers, so without a level (§4.2)."""
    weight: float = 0.0
    """W'_a: its weight in the overall score (§4.2); 0 where it is not scored."""


@dataclass(frozen=True)
class OverallResult:
    """The overall score, level and coverage (§4.3), and the overall gates that cap it (§4.4)."""

    score: float | None
    level: int | None
    coverage: float
    capped_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """A next step: the question, its gain, effort and roadmap phase (§4.5)."""

    question: str
    area: str
    gain: float
    effort: Effort
    phase: Phase
    caps_level: bool = False
    obligation: bool = False
    """The question carries a legal duty (it is open: a recommendation is not at full score)."""
    step: int = -1
    """Which answer's ``next`` is the text (:meth:`Question.advice_for`); -1: the question's own."""
    due: str = ""
    """The legal duty's deadline for this municipality (ISO date), "" for none (§4.5)."""
    overdue: bool = False
    """The deadline had passed on the assessment date (§4.5)."""


@dataclass(frozen=True)
class Result:
    """Everything scored for one assessment."""

    questionnaire: Questionnaire
    overall: OverallResult
    areas: tuple[AreaResult, ...]
    questions: tuple[QuestionResult, ...]
    recommendations: tuple[Recommendation, ...]
    answers: AnswerSet | None = None
    respondents: int = 1

    @cached_property
    def area_index(self) -> Mapping[str, AreaResult]:
        return {a.id: a for a in self.areas}

    @cached_property
    def question_index(self) -> Mapping[str, QuestionResult]:
        return {q.id: q for q in self.questions}


def target_gap(target: int, level: int | None) -> int | None:
    """How many levels an area still lacks to its target (0 when reached); None without a level."""
    return None if level is None else max(0, target - level)
