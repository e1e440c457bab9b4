"""``maturity validate``: tell what kind of file this is and collect every problem in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from maturity.errors import MaturityError, Problem, in_reading_order
from maturity.i18n import Message, Text
from maturity.load.answers import parse_answers
from maturity.load.questionnaire import parse_questionnaire
from maturity.load.yamlio import load_yaml
from maturity.model import Questionnaire

FileKind = Literal["questionnaire", "answers", "mapping", "benchmark", "brand", "unknown"]


@dataclass(frozen=True)
class Validation:
    file: str
    kind: FileKind
    problems: list[Problem] = field(default_factory=list)
    summary: Message = ""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def detect_kind(data: object) -> FileKind:
    if not isinstance(data, dict):
        return "unknown"
    if data.get("format") == "maturity-benchmark" or ("format" in data and "groups" in data):
        return "benchmark"
    if "areas" in data or "levels" in data:
        return "questionnaire"
    if "answers" in data:
        return "answers"
    if "columns" in data or "entity" in data:
        return "mapping"
    if {"logo", "accent", "footer"} & data.keys():
        return "brand"
    return "unknown"


def validate_file(path: Path, questionnaire: Questionnaire | None = None) -> Validation:
    """Validate a questionnaire, answers, mapping, benchmark or brand file, detected from its
    content."""
    name = str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _validate_xlsx_answers(path, questionnaire)
    try:
        doc = load_yaml(path)
    except MaturityError as exc:
        return Validation(name, "unknown", list(exc.problems))
    kind = detect_kind(doc.data)
    if kind == "questionnaire":
        parsed, problems = parse_questionnaire(doc)
        summary: Message = ""
        if parsed:
            areas, scored = len(parsed.areas), len(parsed.scored_questions)
            summary = Text(
                f"{parsed.id} {parsed.version}: {areas} Handlungsfelder, {scored} bewertete Fragen",
                f"{parsed.id} {parsed.version}: {areas} areas, {scored} scored questions",
            )
        return Validation(name, kind, in_reading_order(problems), summary)
    if kind == "answers":
        try:
            answer_set, resolved, problems = parse_answers(doc, questionnaire)
        except MaturityError as exc:  # the questionnaire the answers name is itself broken
            return Validation(name, kind, list(exc.problems))
        summary = (
            _answers_summary(len(answer_set.answers), resolved) if answer_set and resolved else ""
        )
        return Validation(name, kind, in_reading_order(problems), summary)
    if kind == "mapping":
        from maturity.load.mapping import parse_mapping

        mapping, problems = parse_mapping(doc, questionnaire)
        summary = (
            Text(
                f"für {mapping.questionnaire}, {len(mapping.columns)} Spalten",
                f"for {mapping.questionnaire}, {len(mapping.columns)} columns",
            )
            if mapping
            else ""
        )
        return Validation(name, kind, in_reading_order(problems), summary)
    if kind == "benchmark":
        from maturity.load.benchmark import parse_benchmark

        benchmark, problems = parse_benchmark(doc)
        summary = (
            Text(
                f"für {benchmark.questionnaire} {benchmark.version}, "
                f"{len(benchmark.groups)} Vergleichsgruppen",
                f"for {benchmark.questionnaire} {benchmark.version}, "
                f"{len(benchmark.groups)} peer groups",
            )
            if benchmark
            else ""
        )
        return Validation(name, kind, in_reading_order(problems), summary)
    if kind == "brand":
        from maturity.load.brand import parse_brand

        brand, problems = parse_brand(doc, path.parent)
        summary = Text(f"Marke „{brand.name}“", f"brand “{brand.name}”") if brand else ""
        return Validation(name, kind, in_reading_order(problems), summary)
    problem = doc.problem(
        (),
        Text(
            "unklar, was für eine Datei das ist: erwartet ein Fragebogen (mit 'areas'), Antworten "
            "(mit 'answers') oder eine Zuordnung (mit 'columns')",
            "cannot tell what kind of file this is: expected a questionnaire "
            "(with 'areas'), answers (with 'answers') or a mapping (with 'columns')",
        ),
    )
    return Validation(name, "unknown", [*doc.problems, problem])


def _validate_xlsx_answers(path: Path, questionnaire: Questionnaire | None) -> Validation:
    from maturity.load.xlsx_answers import read_answers_xlsx

    try:
        answer_set, resolved, problems = read_answers_xlsx(path, questionnaire)
    except MaturityError as exc:
        return Validation(str(path), "answers", list(exc.problems))
    summary = _answers_summary(len(answer_set.answers), resolved)
    return Validation(str(path), "answers", in_reading_order(problems), summary)


def _answers_summary(count: int, questionnaire: Questionnaire) -> Text:
    of = f"{questionnaire.id} {questionnaire.version}"
    return Text(f"{count} Antworten für {of}", f"{count} answers for {of}")
