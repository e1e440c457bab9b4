"""How the survey forms of ``export-form`` name their fields, so that ``batch`` recognises the exports.

Both writers and the column matcher call the functions here, so a form and the reading of its export
can never disagree. Names are derived from the questionnaire's ids by fixed rules, with no state: the
same questionnaire always gives the same names.

- XLSForm (KoboToolbox, ODK): the question ids themselves, which are valid XML names unless they start
  with a digit; choice names are the option ids.
- LimeSurvey: question codes must start with a letter, hold only letters and digits and be at most 20
  characters long; answer codes at most 5. Ids are turned into camel case (``strategie-beschluss`` ->
  ``strategieBeschluss``) and shortened where needed.

A number question cannot offer "weiß nicht" in its number field, so the forms put a small choice
question right after it (its *status* field: ``<name>-status`` in an XLSForm, ``<code>X`` in
LimeSurvey) that is shown only while the number is empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from maturity.model import UNKNOWN, Option, Question, Questionnaire

ENTITY_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("id", "ags"),
    ("population", "einwohner"),
)
"""(entity key of a mapping, field name in the forms) for the municipality's own fields."""
ENTITY_GROUP = "kommune"
PROFILE_GROUP = "profil"
INTRO_NOTE = "hinweis"
NUMBER_TYPES = ("number", "percent")
LIMESURVEY_QUESTION_LENGTH = 20
LIMESURVEY_ANSWER_LENGTH = 5
LIMESURVEY_RESERVED = frozenset(
    word.casefold()
    for word in (
        # ExpressionScript variables
        "LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this",
        # columns every response export starts with
        "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
        "ipaddr", "refurl", "interviewtime",
    )
)  # fmt: skip


@dataclass(frozen=True)
class SpecialCodes:
    """The codes a form writes for the answers that are not options."""

    unknown: str
    na: str
    yes: str
    no: str

    def code(self, answer: str) -> str:
        """The code of a reserved answer (``unknown`` or ``na``)."""
        return self.unknown if answer == UNKNOWN else self.na


XLSFORM_SPECIAL = SpecialCodes(unknown="unknown", na="na", yes="yes", no="no")
LIMESURVEY_SPECIAL = SpecialCodes(unknown="DK", na="NA", yes="Y", no="N")


@dataclass(frozen=True)
class FormNames:
    """Every field name of one form of one questionnaire."""

    groups: Mapping[str, str]
    """area id -> group name"""
    questions: Mapping[str, str]
    """question id -> field name (code)"""
    status: Mapping[str, str]
    """number question id -> name of its "no figure" field"""
    options: Mapping[str, Mapping[str, str]]
    """choice/multi question id -> option id -> choice name (answer or subquestion code)"""
    entity: Mapping[str, str]
    """entity key (id, name, population) -> field name"""
    special: SpecialCodes
    profile: Mapping[str, str]
    """profile question id -> field name (its choice codes are in ``options``)"""

    def answer_codes(self, question: Question) -> dict[str, str]:
        """Option id or reserved answer (``unknown``, ``na``) -> its code, for a choice or multi."""
        codes = dict(self.options.get(question.id, {}))
        codes.update({answer: self.special.code(answer) for answer in question.reserved_answers})
        return codes

    def renamed_codes(self, question_id: str) -> dict[str, str]:
        """Code -> option id, for the options whose code is not their id."""
        return {c: o for o, c in self.options.get(question_id, {}).items() if c != o}

    def changed(self) -> bool:
        """Whether any name differs from the id it stands for (then a mapping is written beside)."""
        return any(k != v for k, v in self.questions.items()) or any(
            k != v for codes in self.options.values() for k, v in codes.items()
        )


class _Allocator:
    """Hands out names that are unique (ignoring case, as LimeSurvey's database may)."""

    def __init__(self, reserved: frozenset[str] = frozenset()) -> None:
        self.taken: set[str] = set(reserved)

    def claim(self, wanted: str, limit: int | None = None) -> str:
        name = wanted[:limit] if limit else wanted
        counter = 1
        while name.casefold() in self.taken:
            counter += 1
            suffix = str(counter)
            name = (wanted[: limit - len(suffix)] if limit else wanted) + suffix
        self.taken.add(name.casefold())
        return name


def _xml_name(identifier: str) -> str:
    return identifier if identifier[:1].isalpha() else f"q{identifier}"


def camel_code(identifier: str, *, first_letter: bool = True) -> str:
    """``strategie-beschluss`` -> ``strategieBeschluss``: only ASCII letters and digits."""
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", identifier) if p]
    code = "".join(p if i == 0 else p[:1].upper() + p[1:] for i, p in enumerate(parts))
    if first_letter and not code[:1].isalpha():
        code = f"q{code}"
    return code or "q"


def _build(
    questionnaire: Questionnaire,
    *,
    name_of: Callable[[str], str],
    limit: int | None,
    option_code: Callable[[str], str],
    option_limit: int | None,
    status_suffix: str,
    reserved: frozenset[str],
    special: SpecialCodes,
) -> FormNames:
    allocator = _Allocator(reserved)
    entity = {key: allocator.claim(name) for key, name in ENTITY_FIELDS}
    allocator.claim(ENTITY_GROUP)
    allocator.claim(PROFILE_GROUP)
    allocator.claim(INTRO_NOTE)
    profile = {
        p.id: allocator.claim(p.id if _kept(p.id, name_of, limit) else name_of(p.id), limit)
        for p in questionnaire.profile
    }
    # Names that need no change are claimed first, so that a derived name never takes them.
    questions: dict[str, str] = {}
    for question in questionnaire.questions:
        if _kept(question.id, name_of, limit) and question.id.casefold() not in allocator.taken:
            questions[question.id] = allocator.claim(question.id, limit)
    for question in questionnaire.questions:
        if question.id not in questions:
            questions[question.id] = allocator.claim(name_of(question.id), limit)
    groups = {area.id: allocator.claim(name_of(area.id), limit) for area in questionnaire.areas}
    status = {
        q.id: allocator.claim(
            (questions[q.id][: (limit or 999) - len(status_suffix)] + status_suffix), limit
        )
        for q in questionnaire.questions
        if q.type in NUMBER_TYPES
    }
    options = {
        q.id: _option_codes(q.options, option_code, option_limit, special)
        for q in questionnaire.questions
        if q.options
    }
    options.update(
        {
            p.id: _option_codes(p.options, option_code, option_limit, special)
            for p in questionnaire.profile
            if p.options
        }
    )
    return FormNames(
        groups,
        {q.id: questions[q.id] for q in questionnaire.questions},
        status,
        options,
        entity,
        special,
        profile,
    )


def _kept(identifier: str, rule: Callable[[str], str], limit: int | None) -> bool:
    """Whether an id can stand as it is. Such ids are claimed before any derived name, so that a
    derived name never equals another question's or option's id."""
    return rule(identifier) == identifier and (limit is None or len(identifier) <= limit)


def _option_codes(
    options: Sequence[Option],
    option_code: Callable[[str], str],
    limit: int | None,
    special: SpecialCodes,
) -> dict[str, str]:
    allocator = _Allocator(frozenset(c.casefold() for c in (special.unknown, special.na)))
    plain = {o.id for o in options if _kept(o.id, option_code, limit)}
    codes = {o.id: allocator.claim(o.id, limit) for o in options if o.id in plain}
    for option in options:
        if option.id not in codes:
            codes[option.id] = allocator.claim(option_code(option.id), limit)
    return {o.id: codes[o.id] for o in options}


def xlsform_names(questionnaire: Questionnaire) -> FormNames:
    """Names in an XLSForm: the ids (``q`` before an id that starts with a digit)."""
    return _build(
        questionnaire,
        name_of=_xml_name,
        limit=None,
        option_code=lambda option_id: option_id,
        option_limit=None,
        status_suffix="-status",
        reserved=frozenset(),
        special=XLSFORM_SPECIAL,
    )


def limesurvey_names(questionnaire: Questionnaire) -> FormNames:
    """Codes in a LimeSurvey survey: camel case, at most 20 characters; answer codes at most 5."""
    return _build(
        questionnaire,
        name_of=camel_code,
        limit=LIMESURVEY_QUESTION_LENGTH,
        option_code=lambda option_id: camel_code(option_id, first_letter=False),
        option_limit=LIMESURVEY_ANSWER_LENGTH,
        status_suffix="X",
        reserved=LIMESURVEY_RESERVED,
        special=LIMESURVEY_SPECIAL,
    )


def text_key(text: str) -> str:
    """Headings compared as a person reads them: case, spacing and a trailing required-mark ignored."""
    plain = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(plain.split()).rstrip("* ").casefold()
