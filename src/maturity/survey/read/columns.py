"""Which export columns answer which question, and which identify the municipality.

With a mapping file its columns are used as written. Without one, the columns are recognised by the
names that the forms of ``export-form`` give them (:mod:`maturity.survey.naming`), tried in turn:

1. question ids, as in an XLSForm's export from KoboToolbox or ODK: ``qid``, with a group path
   (``group/qid``, ODK ``group-qid``), one column per option of a multi-select (``qid/opt``,
   ``qid[opt]``, ``qid:opt``), and the "no figure at hand" field after a number (``qid-status``);
2. LimeSurvey codes (``strategieBeschluss``, ``code[SQ]``, ``code_SQ``), with their answer codes;
3. question texts in any language of the questionnaire, as in an export with labels as headings
   (KoboToolbox "labels", LimeSurvey "full question text", Google and Microsoft Forms built from
   the questionnaire's texts); the "no figure at hand" field is the column right after its number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field, replace

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text, t
from maturity.load.mapping import ColumnSpec, Mapping
from maturity.model import ProfileQuestion, Questionnaire
from maturity.survey.naming import (
    ENTITY_GROUP,
    NUMBER_TYPES,
    PROFILE_GROUP,
    FormNames,
    limesurvey_names,
    text_key,
    xlsform_names,
)
from maturity.survey.read.abbreviated import abbreviated_codes

ENTITY_PRESETS: dict[str, tuple[str, ...]] = {
    "id": (
        "ags",
        "entity",
        "entity_id",
        "municipality_id",
        "kommune_id",
        "gemeinde_id",
        "gemeindeschluessel",
    ),
    "name": ("municipality", "municipality_name", "name", "kommune", "gemeinde"),
    "population": ("population", "einwohner", "inhabitants"),
    "respondent": (
        "respondent",
        "respondent_id",
        "_uuid",
        "id",
        "response id",
        "respondent id",
        "respondentid",
        "antwort id",
    ),
    "submitted": ("submitdate", "date submitted", "datum abgeschickt"),
}
ENTITY_LABELS = {"id": "form.ags", "name": "form.name", "population": "form.population"}
OPTION_FORMS = ("{q}/{o}", "{q}[{o}]", "{q}:{o}")
LIMESURVEY_OPTION_FORMS = ("{q}[{o}]", "{q}_{o}")
TEXT_OPTION_FORMS = ("{q}/{o}", "{q} [{o}]", "{q} - {o}")
VALUE, STATUS = "value", "status"
SCHEME_NAMES = {
    "question ids": Text("Fragen-IDs", "question ids"),
    "LimeSurvey codes": Text("LimeSurvey-Codes", "LimeSurvey codes"),
    "question texts": Text("Fragetexte", "question texts"),
    "abbreviated question texts": Text("gekürzte Fragetexte", "abbreviated question texts"),
}
_DEDUPED = re.compile(r" \(\d+\)$")


@dataclass
class ColumnPlan:
    questions: dict[str, ColumnSpec] = field(default_factory=dict)
    entity: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    """export columns that neither answer a question nor identify the municipality"""
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    """survey code -> option id, per question, for the codes of a recognised form"""
    recognised_by: list[str] = field(default_factory=list)
    profile: dict[str, str] = field(default_factory=dict)
    """profile question id -> the column of its answers (§4.6)"""

    def entity_columns(self) -> Text:
        """Which columns name the municipality (``id='ags', name='kommune'``)."""
        entity = ", ".join(f"{k}={v!r}" for k, v in self.entity.items())
        return Text(
            entity or "keine (jede Zeile ist eine Kommune)",
            entity or "none (every row is a municipality)",
        )

    def describe(self) -> Text:
        """One line: how many questions were mapped and how, and which columns name the municipality."""
        entity = self.entity_columns()
        schemes = [SCHEME_NAMES.get(name, Text(name, name)) for name in self.recognised_by]
        how_de = f" über {' und '.join(s.de for s in schemes)}" if schemes else ""
        how_en = f" by {' and '.join(s.en for s in schemes)}" if schemes else ""
        n = len(self.questions)
        return Text(
            f"{n} {'Frage' if n == 1 else 'Fragen'} zugeordnet{how_de}; Kennspalten: {entity.de}",
            f"{n} {'question' if n == 1 else 'questions'} mapped{how_en}; entity columns: "
            f"{entity.en}",
        )


def plan_columns(
    columns: Sequence[str],
    questionnaire: Questionnaire,
    mapping: Mapping | None,
    group_by: str | None,
    source: str,
    *,
    require_questions: bool = True,
) -> ColumnPlan:
    """Resolve the question and entity columns; a mapping column missing from the export is an error,
    and so is an export that answers no question (unless ``require_questions`` is off: ``--plan``).
    LimeSurvey's abbreviated headings are read as the form's codes (:mod:`.abbreviated`)."""
    if mapping is None:
        codes = abbreviated_codes(columns, questionnaire)
        if codes:
            plan = plan_columns(
                [codes.get(c, c) for c in columns],
                questionnaire,
                None,
                group_by,
                source,
                require_questions=require_questions,
            )
            _name_back(plan, {code: heading for heading, code in codes.items()})
            plan.recognised_by = ["abbreviated question texts"]
            return plan
    plan = ColumnPlan()
    available = set(columns)
    problems: list[Problem] = []
    if mapping is not None and mapping.columns:
        for qid, spec in mapping.columns.items():
            if qid in questionnaire.profile_index and spec.column in available:
                plan.profile[qid] = spec.column
                forms = (xlsform_names(questionnaire), limesurvey_names(questionnaire))
                codes = profile_codes(questionnaire.profile_index[qid], forms)
                if codes:
                    plan.values[qid] = codes
                continue
            missing = [c for c in spec.columns() if c not in available]
            if missing:
                problems.append(
                    Problem(
                        mapping.source or source,
                        0,
                        0,
                        Text(
                            f"columns.{qid}: die Spalte '{missing[0]}' steht nicht im Export {source}",
                            f"columns.{qid}: column '{missing[0]}' is not in the export {source}",
                        ),
                    )
                )
                continue
            plan.questions[qid] = spec
    else:
        plan.questions, plan.values, plan.recognised_by = recognise_columns(columns, questionnaire)
    entity = dict(mapping.entity) if mapping else {}
    if group_by:
        entity["id"] = group_by
    listed = f"{', '.join(list(columns)[:12])}{' ...' if len(columns) > 12 else ''}"
    for key, column in entity.items():
        if column not in available:
            problems.append(
                Problem(
                    source,
                    0,
                    0,
                    Text(
                        f"die Kennspalte '{column}' ({key}) steht nicht im Export; Spalten: {listed}",
                        f"the entity column '{column}' ({key}) is not in the export; "
                        f"columns: {listed}",
                    ),
                )
            )
    if problems:
        raise MaturityError(problems)
    used = {c for spec in plan.questions.values() for c in spec.columns()}
    if not (mapping is not None and mapping.columns):
        plan.profile, profile_values = profile_columns(columns, questionnaire, used)
        plan.values.update(profile_values)
    used |= set(plan.profile.values())
    entity.update(
        {k: v for k, v in _entity_columns(columns, questionnaire, used).items() if k not in entity}
    )
    plan.entity = entity
    plan.unused = [c for c in columns if c not in used and c not in entity.values()]
    if not plan.questions and require_questions:
        raise MaturityError(
            [
                Problem(
                    source,
                    1,
                    0,
                    Text(
                        f"keine Spalte beantwortet eine Frage von '{questionnaire.id}'; die Spalten "
                        "nach den Fragen-IDs benennen (oder ein Formular von 'maturity export-form' "
                        "verwenden) oder --mapping angeben (ein Entwurf: maturity batch EXPORT "
                        "--plan -o ORDNER)",
                        "no column answers a question of "
                        f"'{questionnaire.id}'; name columns by question id (or use a form made by "
                        "'maturity export-form') or pass --mapping (a draft: maturity batch EXPORT "
                        "--plan -o FOLDER)",
                    ),
                )
            ]
        )
    return plan


def _name_back(plan: ColumnPlan, headings: dict[str, str]) -> None:
    """A plan made on the form's codes, told in the export's own headings again."""

    def heading(column: str) -> str:
        return headings.get(column, column)

    plan.questions = {
        qid: replace(
            spec,
            column=heading(spec.column),
            status=heading(spec.status),
            options={option: heading(c) for option, c in spec.options.items()},
        )
        for qid, spec in plan.questions.items()
    }
    plan.profile = {qid: heading(c) for qid, c in plan.profile.items()}
    plan.entity = {key: heading(c) for key, c in plan.entity.items()}
    plan.unused = [heading(c) for c in plan.unused]


def profile_columns(
    columns: Sequence[str], questionnaire: Questionnaire, used: set[str]
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The columns of the profile questions, found by id, by the name a form of ``export-form``
    gives them, or by their text; and the code tables of those forms."""
    found: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    if not questionnaire.profile:
        return found, values
    xlsform, limesurvey = xlsform_names(questionnaire), limesurvey_names(questionnaire)
    groups = [text_key(g) for g in (*xlsform.groups.values(), ENTITY_GROUP, PROFILE_GROUP)]
    by_key: dict[str, str] = {}
    for heading in columns:  # a heading by itself, or after its group path ("profil/traeger")
        if heading not in used:
            for key in _candidates(heading, groups):
                by_key.setdefault(key, heading)
    for question in questionnaire.profile:
        names = [
            question.id,
            xlsform.profile[question.id],
            limesurvey.profile[question.id],
            *question.text.values(),
        ]
        column = next((by_key[text_key(n)] for n in names if text_key(n) in by_key), None)
        if column is None:
            continue
        found[question.id] = column
        codes = profile_codes(question, (xlsform, limesurvey))
        if codes:
            values[question.id] = codes
    return found, values


def profile_codes(question: ProfileQuestion, forms: Sequence[FormNames]) -> dict[str, str]:
    """What a profile cell may hold besides the option id, as :func:`text_key` -> option id: the
    codes the forms of ``export-form`` give the options, and their labels in every language."""
    codes = {text_key(c): o for names in forms for c, o in names.renamed_codes(question.id).items()}
    codes.update({text_key(o.label[lang]): o.id for o in question.options for lang in o.label})
    return codes


def _candidates(column: str, groups: Sequence[str]) -> list[str]:
    """The keys a column may be known by, most specific first: the whole heading, then what follows
    each ``/`` of a group path (labels may contain ``/`` themselves), or an ODK ``group-`` prefix."""
    key = text_key(column)
    keys = [key]
    keys += [key[i + 1 :] for i, char in enumerate(key) if char == "/" and key[i + 1 :]]
    keys += [key[len(g) + 1 :] for g in groups if key.startswith(f"{g}-")]
    code, dot, _ = key.partition(". ")  # LimeSurvey "code and text": "strategiebeschluss. Hat …"
    if dot and code and " " not in code:
        keys.append(code)
    return keys


@dataclass
class _Scheme:
    """One way of naming a form's columns: heading key -> (question id, role)."""

    name: str
    keys: dict[str, tuple[str, str]]
    values: dict[str, dict[str, str]]
    status_after_value: tuple[str, ...] = ()
    """headings of a "no figure" field recognised by position, right after its number"""

    def add(self, key: str, question: str, role: str) -> None:
        self.keys.setdefault(text_key(key), (question, role))


def _named_scheme(
    name: str, questionnaire: Questionnaire, names: FormNames, option_forms: tuple[str, ...]
) -> _Scheme:
    scheme = _Scheme(name, {}, {})
    for question in questionnaire.scored_questions:
        field_name = names.questions[question.id]
        scheme.add(field_name, question.id, VALUE)
        if question.id in names.status:
            scheme.add(names.status[question.id], question.id, STATUS)
        renamed = names.renamed_codes(question.id)
        if renamed:
            scheme.values[question.id] = renamed
        if question.type == "multi":
            for option, code in names.answer_codes(question).items():
                for form in option_forms:
                    scheme.add(form.format(q=field_name, o=code), question.id, f"option:{option}")
    return scheme


def _text_scheme(questionnaire: Questionnaire) -> _Scheme:
    scheme = _Scheme("question texts", {}, {})
    for question in questionnaire.scored_questions:
        for text in question.text.values():
            scheme.add(text, question.id, VALUE)
            if question.type != "multi":
                continue
            for option_id in [*(o.id for o in question.options), *question.reserved_answers]:
                option = question.option(option_id)
                labels = (
                    option.label.values()
                    if option
                    else [t(f"form.{option_id}", lang) for lang in questionnaire.languages]
                )
                for label in labels:
                    for form in TEXT_OPTION_FORMS:
                        scheme.add(form.format(q=text, o=label), question.id, f"option:{option_id}")
    scheme.status_after_value = tuple(
        text_key(t("form.status", lang)) for lang in questionnaire.languages
    )
    return scheme


def recognise_columns(
    columns: Sequence[str], questionnaire: Questionnaire
) -> tuple[dict[str, ColumnSpec], dict[str, dict[str, str]], list[str]]:
    """Question columns found without a mapping, the code tables of the recognised form, and the
    names of the schemes that found them."""
    xlsform, limesurvey = xlsform_names(questionnaire), limesurvey_names(questionnaire)
    generic = _named_scheme("question ids", questionnaire, xlsform, OPTION_FORMS)
    for question in questionnaire.scored_questions:  # ids that the XLSForm had to rename
        generic.add(question.id, question.id, VALUE)
    schemes = [
        generic,
        _named_scheme("LimeSurvey codes", questionnaire, limesurvey, LIMESURVEY_OPTION_FORMS),
        _text_scheme(questionnaire),
    ]
    groups = [text_key(g) for g in (*xlsform.groups.values(), ENTITY_GROUP)]
    candidates = [_candidates(c, groups) for c in columns]
    found: dict[str, dict[str, str]] = {}
    used_schemes: list[str] = []
    taken: set[int] = set()
    for scheme in schemes:
        new_questions = set()
        for index in range(len(columns)):
            if index in taken:
                continue
            hit = next((scheme.keys[k] for k in candidates[index] if k in scheme.keys), None)
            if hit is None:
                continue
            # a later scheme may add what an earlier one lacked: a LimeSurvey status column after a
            # code that equals the question id
            roles = found.setdefault(hit[0], {})
            if hit[1] in roles:
                continue
            if not roles:
                new_questions.add(hit[0])
            roles[hit[1]] = columns[index]
            taken.add(index)
            if hit[1] == VALUE and scheme.status_after_value:
                _status_by_position(columns, index, hit[0], scheme, questionnaire, roles, taken)
        if new_questions:
            used_schemes.append(scheme.name)
    # Code tables never shadow an option id (naming claims the ids first), so every one applies.
    values: dict[str, dict[str, str]] = {}
    for scheme in schemes:
        for qid, table in scheme.values.items():
            if qid in found:
                values.setdefault(qid, {}).update(table)
    specs = {q: _spec(roles) for q, roles in found.items()}
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    return dict(sorted(specs.items(), key=lambda item: order[item[0]])), values, used_schemes


def _status_by_position(
    columns: Sequence[str],
    index: int,
    question_id: str,
    scheme: _Scheme,
    questionnaire: Questionnaire,
    roles: dict[str, str],
    taken: set[int],
) -> None:
    if questionnaire.question_index[question_id].type not in NUMBER_TYPES:
        return
    if index + 1 >= len(columns) or index + 1 in taken:
        return
    following = _DEDUPED.sub("", text_key(columns[index + 1]))
    if following.rsplit("/", 1)[-1] in scheme.status_after_value:
        roles[STATUS] = columns[index + 1]
        taken.add(index + 1)


def _spec(roles: dict[str, str]) -> ColumnSpec:
    """A joined value column wins over one column per option: only it carries "weiß nicht"."""
    if VALUE in roles:
        return ColumnSpec(column=roles[VALUE], status=roles.get(STATUS, ""))
    return ColumnSpec(
        options={
            role.split(":", 1)[1]: c for role, c in roles.items() if role.startswith("option:")
        }
    )


def _entity_columns(
    columns: Sequence[str], questionnaire: Questionnaire, used: set[str]
) -> dict[str, str]:
    """Entity columns by their usual names, the names and labels of the forms' own fields."""
    groups = [text_key(ENTITY_GROUP)]
    keyed: dict[str, str] = {}
    for column in columns:
        if column not in used:
            for key in _candidates(column, groups):
                keyed.setdefault(key, column)
    entity: dict[str, str] = {}
    for key, presets in ENTITY_PRESETS.items():
        wanted = list(presets)
        if key in ENTITY_LABELS:  # the forms' own labels first: MS Forms has a "Name" of its own
            wanted[:0] = [text_key(t(ENTITY_LABELS[key], lang)) for lang in questionnaire.languages]
        for candidate in wanted:
            if candidate in keyed and keyed[candidate] not in entity.values():
                entity[key] = keyed[candidate]
                break
    return entity


def choose_questionnaire(
    columns: Sequence[str],
    candidates: Sequence[Questionnaire],
    sample: Callable[[], MappingABC[str, Sequence[str]]] = dict,
) -> Questionnaire:
    """The questionnaire that the columns answer most questions of; on a tie, the one whose options
    the cells of the first records (``sample``: by column, read only for a tie) name more often –
    two versions of a questionnaire share question ids, not always their options –, then the one
    with the larger share of its questions answered (the first given wins a complete tie)."""
    recognised = [
        (q, *recognise_columns([c.get(h, h) for h in columns], q)[:2])
        for q, c in ((q, abbreviated_codes(columns, q)) for q in candidates)
    ]
    most = max(len(found) for _, found, _ in recognised)
    tied = [entry for entry in recognised if len(entry[1]) == most]
    cells = sample() if len(tied) > 1 else {}

    def fit(
        entry: tuple[Questionnaire, dict[str, ColumnSpec], dict[str, dict[str, str]]],
    ) -> tuple[float, float]:
        questionnaire, found, codes = entry
        named = _options_named(questionnaire, found, codes, cells)
        return named, len(found) / (len(questionnaire.scored_questions) or 1)

    return max(tied, key=fit)[0]


def _options_named(
    questionnaire: Questionnaire,
    found: MappingABC[str, ColumnSpec],
    codes: MappingABC[str, MappingABC[str, str]],
    sample: MappingABC[str, Sequence[str]],
) -> float:
    """The share of the sampled non-empty cells of the choice questions' columns that name one of
    the question's options (by id, label or a recognised form's code)."""
    named = total = 0
    for question_id, spec in found.items():
        question = questionnaire.question_index[question_id]
        if question.type != "choice" or spec.column not in sample:
            continue
        known = {text_key(o.id) for o in question.options}
        known |= {text_key(label) for o in question.options for label in o.label.values()}
        known |= {text_key(code) for code in codes.get(question_id, {})}
        for cell in sample[spec.column]:
            if cell.strip():
                total += 1
                named += text_key(cell) in known
    return named / total if total else 0.0
