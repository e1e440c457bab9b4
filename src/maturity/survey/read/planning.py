"""What ``batch`` tells before it scores: which questions found no column, which columns it did not
use (each with the nearest name on the other side: "did you mean …?"), whether what is mapped can
give a result at all, how each question is read, and a mapping skeleton to complete.

A misspelled heading (``strategie-beschlus``) is otherwise silent: its question is simply unanswered
and every score is lower. These checks make it visible before a single score is written.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field

from maturity.i18n import Text
from maturity.load.mapping import ColumnSpec
from maturity.model import Question, Questionnaire
from maturity.survey.naming import limesurvey_names, text_key, xlsform_names
from maturity.survey.read.columns import ColumnPlan
from maturity.survey.read.decode import JOIN_SEPARATORS

SIMILAR = 0.75
"""How alike two headings must be (difflib's ratio, 0..1) to be suggested as the same."""
MAX_COMPARED = 500
"""Unused columns compared with the questions' names; a survey with thousands of extra columns is
listed, not searched."""
SHOWN = 8
"""Questions and columns listed by name in the summary; ``--plan`` lists them all."""


@dataclass(frozen=True)
class Unmapped:
    """A question with no column, or a column with no question, and the nearest on the other side."""

    name: str
    nearest: str = ""


@dataclass
class PlanCheck:
    mapped: int
    scored: int
    missing: list[Unmapped] = field(default_factory=list)
    """questions (id) that no column answers, each with the most similar unused column"""
    unused: list[Unmapped] = field(default_factory=list)
    """columns that answer no question, each with the id of the most similar question"""
    coverage: float = 1.0
    """the share of the areas' weight that can reach the minimum coverage with these columns"""
    blocked_areas: list[str] = field(default_factory=list)
    """areas that cannot be scored with these columns however the rows are filled"""
    missing_profile: list[str] = field(default_factory=list)
    """profile questions that route questions but have no column: their routing is not applied"""


def _names(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """Every heading each question may have in an export, as compared keys."""
    forms = (xlsform_names(questionnaire), limesurvey_names(questionnaire))
    names = {}
    for question in questionnaire.scored_questions:
        headings = [
            question.id,
            *question.text.values(),
            *(f.questions[question.id] for f in forms),
        ]
        names[question.id] = list(dict.fromkeys(text_key(h) for h in headings))
    return names


def _heading_keys(column: str) -> list[str]:
    """A heading as compared: whole, with underscores as hyphens, and the parts before and inside
    parentheses ("strategie_bericht (Bericht an den Rat)": its id and its text)."""
    whole = text_key(column)
    keys = [whole, whole.replace("_", "-")]
    head, _, rest = whole.partition("(")
    if rest:
        keys += [head.strip().replace("_", "-"), rest.rstrip(")").strip()]
    return [k for k in dict.fromkeys(keys) if k]


def _similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def check_plan(plan: ColumnPlan, questionnaire: Questionnaire) -> PlanCheck:
    """Unmapped questions and unused columns with their nearest match, and the best coverage the
    mapped questions allow (as if every respondent answered every one of them)."""
    scored = questionnaire.scored_questions
    missing_questions = [q for q in scored if q.id not in plan.questions]
    compared = plan.unused[:MAX_COMPARED]
    keys = {column: _heading_keys(column) for column in compared}
    names = _names(questionnaire)

    def likeness(column: str, question_id: str) -> float:
        # a column without a heading (an empty first column, say) is like no question
        return max(
            (_similarity(k, n) for k in keys[column] for n in names[question_id]), default=0.0
        )

    def best_question(column: str) -> tuple[float, str]:
        found = [(likeness(column, q.id), q.id) for q in scored] if column in keys else []
        hit = max(found, default=(0.0, ""), key=lambda pair: pair[0])
        return hit if hit[0] >= SIMILAR else (0.0, "")

    nearest_question = {column: best_question(column) for column in compared}

    def best_column(question: Question) -> str:
        """The unused column most like the question, among those most like no other question (one
        column is never offered for several questions)."""
        own = [(score, c) for c, (score, q) in nearest_question.items() if q == question.id]
        return max(own, default=(0.0, ""))[1]

    check = PlanCheck(mapped=len(plan.questions), scored=len(scored))
    check.missing = [Unmapped(q.id, best_column(q)) for q in missing_questions]
    check.unused = [Unmapped(c, nearest_question.get(c, (0.0, ""))[1]) for c in plan.unused]
    total = sum(area.weight for area in questionnaire.areas)
    reachable = 0.0
    for area in questionnaire.areas:
        weights = [q.weight for q in area.questions if q.scored]
        mapped = sum(q.weight for q in area.questions if q.scored and q.id in plan.questions)
        if sum(weights) and mapped / sum(weights) >= questionnaire.min_coverage:
            reachable += area.weight
        else:
            check.blocked_areas.append(area.id)
    check.coverage = reachable / total if total else 0.0
    routing_keys = {c.key for q in scored for c in q.applies_if} | {
        c.key for q in scored for o in q.options for c in o.applies_if
    }
    check.missing_profile = [
        p.id for p in questionnaire.profile if p.id in routing_keys and p.id not in plan.profile
    ]
    return check


def _listed(items: list[Unmapped], limit: int | None, lang: str, *, quoted: bool) -> str:
    shown = items if limit is None else items[:limit]
    parts = []
    for item in shown:
        name = f"'{item.name}'" if quoted else item.name
        if item.nearest:
            near = item.nearest if quoted else f"'{item.nearest}'"
            name += f" ({'meinten Sie' if lang == 'de' else 'did you mean'} {near}?)"
        parts.append(name)
    rest = len(items) - len(shown)
    if rest:
        parts.append(f"… und {rest} weitere" if lang == "de" else f"... and {rest} more")
    return ", ".join(parts)


def _listing(head: Text, items: list[Unmapped], limit: int | None, *, quoted: bool) -> Text:
    return Text(
        head.de + _listed(items, limit, "de", quoted=quoted),
        head.en + _listed(items, limit, "en", quoted=quoted),
    )


def check_messages(
    check: PlanCheck, questionnaire: Questionnaire, *, limit: int | None = SHOWN
) -> list[Text]:
    """What the user must know before scoring, one line each; nothing when all is mapped."""
    lines: list[Text] = []
    if check.missing:
        n, of = len(check.missing), check.scored
        lines.append(
            _listing(
                Text(
                    f"{n} von {of} Fragen ohne Spalte (bleiben unbeantwortet): ",
                    f"{n} of {of} questions found no column (they stay unanswered): ",
                ),
                check.missing,
                limit,
                quoted=False,
            )
        )
    if check.unused:
        n = len(check.unused)
        lines.append(
            _listing(
                Text(
                    f"{n} {'Spalte' if n == 1 else 'Spalten'} nicht verwendet: ",
                    f"{n} {'column' if n == 1 else 'columns'} not used: ",
                ),
                check.unused,
                limit,
                quoted=True,
            )
        )
    if check.missing_profile:
        named = ", ".join(check.missing_profile)
        lines.append(
            Text(
                f"keine Spalte für die Profilfragen {named}: ihre Weichen gelten nicht, alle davon "
                "abhängigen Fragen werden jeder Kommune zugerechnet (Spalten zuordnen: --mapping, "
                "siehe --plan)",
                f"no column for the profile questions {named}: their routing is not applied, every "
                "question depending on them counts for every municipality (map the columns: "
                "--mapping, see --plan)",
            )
        )
    if check.coverage < questionnaire.min_coverage:
        have, need = round(100 * check.coverage), round(100 * questionnaire.min_coverage)
        blocked = len(check.blocked_areas)
        lines.append(
            Text(
                f"mit diesen Spalten entsteht kein Gesamtergebnis: nur {have} % des Gewichts der "
                f"Handlungsfelder kann ausreichend beantwortet sein, nötig sind {need} % "
                f"({blocked} von {len(questionnaire.areas)} Handlungsfeldern haben zu wenige "
                "zugeordnete Fragen); fehlende Spalten zuordnen (--mapping, siehe --plan)",
                f"these columns cannot give an overall result: only {have} % of the areas' weight "
                f"can be answered enough, {need} % is needed ({blocked} of "
                f"{len(questionnaire.areas)} areas have too few mapped questions); map the missing "
                "columns (--mapping, see --plan)",
            )
        )
    return lines


def describe_plan(
    plan: ColumnPlan, questionnaire: Questionnaire, check: PlanCheck, lang: str
) -> str:
    """``batch --plan``: how each question is read, then what is missing and unused."""
    de = lang == "de"
    nearest_column = {m.name: m.nearest for m in check.missing}
    # LimeSurvey's answer codes matter for its exports; headings that are question ids are not one
    show_codes = plan.recognised_by != ["question ids"]
    lines = []
    for question in questionnaire.scored_questions:
        spec = plan.questions.get(question.id)
        if spec is None:
            nearest = nearest_column.get(question.id, "")
            guess = (
                (f" (meinten Sie '{nearest}'?)" if de else f" (did you mean '{nearest}'?)")
                if nearest
                else ""
            )
            lines.append(f"  {question.id}: {'keine Spalte' if de else 'no column'}{guess}")
            continue
        how = _how_read(spec, plan.values.get(question.id, {}) if show_codes else {}, de)
        if question.type == "multi" and spec.column and not spec.separator:
            marks = " ".join(s for s in JOIN_SEPARATORS if s.strip())
            how += (
                f", Optionen durch {marks} oder Leerzeichen getrennt"
                if de
                else f", options separated by {marks} or spaces"
            )
        lines.append(f"  {question.id}: {how}")
    for profile_question in questionnaire.profile:
        column = plan.profile.get(profile_question.id)
        found = f"{'Spalte' if de else 'column'} '{column}'" if column else ""
        lines.append(
            f"  {profile_question.id} ({'Profil' if de else 'profile'}): "
            f"{found or ('keine Spalte' if de else 'no column')}"
        )
    entity = plan.entity_columns().in_language(lang)
    head = [
        f"{questionnaire.id} {questionnaire.version}: "
        + (
            f"{check.mapped} von {check.scored} Fragen zugeordnet"
            if de
            else f"{check.mapped} of {check.scored} questions mapped"
        ),
        f"{'Kennspalten' if de else 'entity columns'}: {entity}",
    ]
    tail = [str(m.in_language(lang)) for m in check_messages(check, questionnaire, limit=None)]
    return "\n".join([*head, *lines, *tail]) + "\n"


def _how_read(spec: ColumnSpec, codes: dict[str, str], de: bool) -> str:
    if spec.options:
        columns = ", ".join(f"{o}='{c}'" for o, c in spec.options.items())
        return f"{'eine Spalte je Option' if de else 'one column per option'}: {columns}"
    text = f"{'Spalte' if de else 'column'} '{spec.column}'"
    if spec.separator:
        text += f", {'getrennt durch' if de else 'separated by'} '{spec.separator}'"
    if spec.status:
        text += f", {'Status in' if de else 'status in'} '{spec.status}'"
    if codes:
        text += f", {'Codes' if de else 'codes'}: " + ", ".join(
            f"{c}->{o}" for c, o in codes.items()
        )
    return text


_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar of any heading: JSON escapes quotes, backslashes and control
    characters; what YAML may not hold as it is (DEL, C1 controls, lone surrogates of undecodable
    bytes) becomes an escape that reads back as the same character."""
    return _NOT_YAML_PRINTABLE.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
        json.dumps(text, ensure_ascii=False),
    )


def _comment(text: str) -> str:
    return " ".join(text.split())[:90]


def mapping_skeleton(
    plan: ColumnPlan, questionnaire: Questionnaire, check: PlanCheck, source: str, lang: str
) -> str:
    """A mapping file with every question: what was recognised, the best guess for the rest (marked),
    and a commented line where nothing is near. It loads as it is; edit and pass it with --mapping."""
    de = lang == "de"
    guesses = {m.name: m.nearest for m in check.missing}
    out = [
        (
            f"# Zuordnung für '{questionnaire.id}' {questionnaire.version}, Entwurf von "
            f"`maturity batch --plan` aus {_comment(source)}."
            if de
            else f"# Mapping for '{questionnaire.id}' {questionnaire.version}, drafted by "
            f"`maturity batch --plan` from {_comment(source)}."
        ),
        (
            "# Zeilen mit VERMUTUNG prüfen; auskommentierte Fragen haben keine Spalte: Spaltennamen "
            "eintragen\n# und '#' entfernen. Dann: maturity validate DIESE-DATEI; maturity batch "
            "EXPORT --mapping DIESE-DATEI -o ORDNER"
            if de
            else "# Check the lines marked GUESS; commented questions have no column: fill in the "
            "column name\n# and remove the '#'. Then: maturity validate THIS-FILE; maturity batch "
            "EXPORT --mapping THIS-FILE -o FOLDER"
        ),
        f"questionnaire: {questionnaire.id}",
    ]
    if plan.entity:
        out.append("entity:")
        out += [f"  {key}: {_quoted(column)}" for key, column in plan.entity.items()]
    out.append("columns:")
    values: dict[str, dict[str, str]] = {}
    for question in questionnaire.scored_questions:
        text = _comment(question.text.get(lang) or next(iter(question.text.values())))
        spec = plan.questions.get(question.id)
        if spec is not None:
            out += _spec_lines(question.id, spec, text)
            if plan.values.get(question.id):
                values[question.id] = plan.values[question.id]
        elif guesses.get(question.id):
            mark = "VERMUTUNG" if de else "GUESS"
            out.append(f"  {question.id}: {_quoted(guesses[question.id])}  # {mark}: {text}")
        else:
            out.append(f'  # {question.id}: ""  # {text}')
    for profile_question in questionnaire.profile:
        text = _comment(
            profile_question.text.get(lang) or next(iter(profile_question.text.values()))
        )
        column = plan.profile.get(profile_question.id)
        mark = "Profil" if de else "profile"
        if column:
            out.append(f"  {profile_question.id}: {_quoted(column)}  # {mark}: {text}")
        else:
            out.append(f'  # {profile_question.id}: ""  # {mark}: {text}')
    if values:
        out.append("values:")
        for qid, table in values.items():
            out.append(f"  {qid}:")
            out += [f"    {_quoted(code)}: {option}" for code, option in table.items()]
    return "\n".join(out) + "\n"


def _spec_lines(qid: str, spec: ColumnSpec, text: str) -> list[str]:
    if spec.options:
        lines = [f"  {qid}:  # {text}", "    options:"]
        return lines + [f"      {o}: {_quoted(c)}" for o, c in spec.options.items()]
    if spec.status or spec.separator:
        lines = [f"  {qid}:  # {text}", f"    column: {_quoted(spec.column)}"]
        if spec.separator:
            lines.append(f"    separator: {_quoted(spec.separator)}")
        if spec.status:
            lines.append(f"    status: {_quoted(spec.status)}")
        return lines
    return [f"  {qid}: {_quoted(spec.column)}  # {text}"]
