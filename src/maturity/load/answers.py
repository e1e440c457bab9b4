"""Answer files (YAML) <-> :class:`~maturity.model.AnswerSet`, validated against a questionnaire."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from maturity.errors import DocPath, MaturityError, Problem, raise_if_errors
from maturity.i18n import Text
from maturity.load.catalogue import archived_questionnaire, named_questionnaire
from maturity.load.docreader import DocReader
from maturity.load.messages import (
    archived_version,
    date_expected,
    describe,
    state_expected,
    version_mismatch,
)
from maturity.load.municipality import Reading, read_ags, read_population
from maturity.load.profile import read_profile_answers, routing_warnings
from maturity.load.questionnaire import known_question
from maturity.load.values import AnswerValueError, interpret_value
from maturity.load.yamlio import YamlDocument, load_yaml
from maturity.model import (
    LAENDER,
    Answer,
    AnswerSet,
    Municipality,
    Question,
    Questionnaire,
    land_of_ags,
)

TOP_REQUIRED = ("questionnaire", "answers")
TOP_OPTIONAL = (
    "questionnaire_version",
    "municipality",
    "assessed_on",
    "assessor",
    "targets",
    "profile",
)
MUNICIPALITY_KEYS = ("name", "ags", "population", "state")
ANSWER_KEYS = ("answer", "comment", "evidence")


class _AnswersReader(DocReader):
    def __init__(self, doc: YamlDocument, questionnaire: Questionnaire | None) -> None:
        super().__init__(doc)
        self.questionnaire = questionnaire

    def read(self) -> tuple[AnswerSet | None, Questionnaire | None]:
        top = self.mapping(
            self.doc.data,
            (),
            required=TOP_REQUIRED,
            optional=TOP_OPTIONAL,
            what=Text(
                "eine Antwortdatei (eine Zuordnung mit questionnaire und answers)",
                "an answers file (a mapping with questionnaire and answers)",
            ),
        )
        if top is None:
            return None, None
        questionnaire = self._questionnaire(top)
        municipality = self._municipality(top.get("municipality"))
        assessed_on = self._date(top.get("assessed_on"), ("assessed_on",))
        assessor = (
            self.string(top["assessor"], ("assessor",), allow_empty=True)
            if "assessor" in top
            else ""
        )
        if questionnaire is None:
            return None, None
        version = str(top.get("questionnaire_version") or "")
        earlier = (
            archived_questionnaire(questionnaire.id, version)
            if version and version != questionnaire.version and self.questionnaire is None
            else None
        )
        if earlier is not None:  # answers of an earlier version: scored with that version
            self.warning(
                ("questionnaire_version",),
                archived_version(questionnaire.id, version, questionnaire.version),
            )
            questionnaire = earlier
        elif version and version != questionnaire.version:
            self.warning(
                ("questionnaire_version",),
                version_mismatch(version, questionnaire.id, questionnaire.version),
            )
        answers = self._answers(top.get("answers"), questionnaire) if "answers" in top else {}
        targets = self._targets(top["targets"], questionnaire) if "targets" in top else {}
        profile = (
            read_profile_answers(self, questionnaire, top["profile"]) if "profile" in top else {}
        )
        answer_set = AnswerSet(
            questionnaire=questionnaire.id,
            questionnaire_version=version,
            municipality=municipality,
            assessed_on=assessed_on,
            assessor=assessor or "",
            answers=answers,
            source=self.doc.file,
            targets=targets,
            profile=profile,
        )
        routing_warnings(self, questionnaire, answer_set)
        return answer_set, questionnaire

    def _questionnaire(self, top: dict[Any, Any]) -> Questionnaire | None:
        if "questionnaire" not in top:
            return None
        qid = self.string(top["questionnaire"], ("questionnaire",))
        if qid is None:
            return None
        return named_questionnaire(
            self, qid, self.questionnaire, Text("diese Antworten sind", "these answers are")
        )

    def _municipality(self, value: Any) -> Municipality:
        if value is None:
            return Municipality()
        raw = self.mapping(value, ("municipality",), optional=MUNICIPALITY_KEYS)
        if raw is None:
            return Municipality()
        path: DocPath = ("municipality",)
        name = self.string(raw["name"], (*path, "name"), allow_empty=True) if "name" in raw else ""
        ags = ""
        if "ags" in raw:
            value_ags = raw["ags"]
            if isinstance(value_ags, list | dict):
                self.string(value_ags, (*path, "ags"))  # says that text was expected
            else:
                reading = read_ags(
                    value_ags, Text("in Anführungszeichen schreiben", "write it in quotes")
                )
                self._report((*path, "ags"), reading)
                ags = str(reading.value)
        population = None
        if "population" in raw:
            # as written: "population: 4.200" is four thousand two hundred, not 4.2
            written = self.doc.written.get((*path, "population"), raw["population"])
            reading = read_population(written)
            self._report((*path, "population"), reading)
            population = reading.value if isinstance(reading.value, int) else None
        state = ""
        if raw.get("state"):
            code = self.string(raw["state"], (*path, "state"))
            if code is not None and code.upper() not in LAENDER:
                self.error((*path, "state"), state_expected(code))
            elif code is not None:
                state = code.upper()
        from_ags = land_of_ags(ags)
        if state and from_ags and state != from_ags:
            self.warning(
                (*path, "state"),
                Text(
                    f"das Land '{state}' passt nicht zum AGS {ags}, der zu '{from_ags}' gehört",
                    f"the state '{state}' does not match the AGS {ags}, which belongs to '{from_ags}'",
                ),
            )
        return Municipality(name or "", ags, population, state or from_ags)

    def _report(self, path: DocPath, reading: Reading) -> None:
        if reading.problem:
            self.error(path, reading.problem)
        elif reading.note:
            self.warning(path, reading.note)

    def _date(self, value: Any, path: DocPath) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        self.error(path, date_expected(describe(value)))
        return ""

    def _targets(self, value: Any, questionnaire: Questionnaire) -> dict[str, int]:
        """``targets: {area: level}``: known areas, levels the questionnaire has."""
        if value is None:
            return {}
        raw = self.mapping(
            value,
            ("targets",),
            what=Text(
                "eine Zuordnung von Handlungsfeld zu Zielstufe, z. B. {sicherheit: 4}",
                "a mapping of action area to target level, e.g. {sicherheit: 4}",
            ),
        )
        levels = [lv.id for lv in questionnaire.levels]
        areas = [a.id for a in questionnaire.areas]
        targets: dict[str, int] = {}
        for area, level in (raw or {}).items():
            path: DocPath = ("targets", area)
            if area not in questionnaire.area_index:
                self.error(
                    path,
                    Text(
                        f"unbekanntes Handlungsfeld '{area}'; erwartet eines von: {', '.join(areas)}",
                        f"unknown action area '{area}'; expected one of: {', '.join(areas)}",
                    ),
                    at_key=True,
                )
            elif isinstance(level, bool) or level not in levels:
                shown = ", ".join(str(lv) for lv in levels)
                self.error(
                    path,
                    Text(
                        f"erwartet eine Stufe ({shown}), gefunden {describe(level)}",
                        f"expected a level ({shown}), got {describe(level)}",
                    ),
                )
            else:
                targets[str(area)] = int(level)
        return targets

    def _answers(self, value: Any, questionnaire: Questionnaire) -> dict[str, Answer]:
        raw = self.mapping(
            value,
            ("answers",),
            what=Text(
                "eine Zuordnung von Fragen-ID zu Antwort", "a mapping of question id to answer"
            ),
        )
        answers: dict[str, Answer] = {}
        for qid, entry in (raw or {}).items():
            path: DocPath = ("answers", qid)
            question = known_question(self, questionnaire, qid, path)
            if question is None:
                continue
            answer = self._answer(question, entry, path)
            if answer is not None:
                answers[question.id] = answer
        return answers

    def _answer(self, question: Question, entry: Any, path: DocPath) -> Answer | None:
        comment = evidence = ""
        value = entry
        value_path = path
        if isinstance(entry, dict):
            detail = self.mapping(entry, path, optional=ANSWER_KEYS)
            if detail is None:
                return None
            value = detail.get("answer")
            value_path = (*path, "answer")
            comment = (
                self.string(detail.get("comment") or "", (*path, "comment"), allow_empty=True) or ""
            )
            evidence = (
                self.string(detail.get("evidence") or "", (*path, "evidence"), allow_empty=True)
                or ""
            )
        if value is None or value in ("", []):
            if question.type == "multi" and value == []:
                return Answer((), comment=comment, evidence=evidence)
            return Answer(None, "value", comment, evidence) if (comment or evidence) else None
        try:
            answer = interpret_value(question, value)
        except AnswerValueError as exc:
            self.error(value_path, exc.message)
            return None
        return Answer(answer.value, answer.kind, comment, evidence)


def parse_answers(
    doc: YamlDocument, questionnaire: Questionnaire | None = None
) -> tuple[AnswerSet | None, Questionnaire | None, list[Problem]]:
    """Validate a loaded answers document against its questionnaire; collect every problem."""
    answer_set, resolved = _AnswersReader(doc, questionnaire).read()
    problems = list(doc.problems)
    if any(p.severity == "error" for p in problems):
        return None, resolved, problems
    return answer_set, resolved, problems


def load_answers(
    path: Path, questionnaire: Questionnaire | None = None
) -> tuple[AnswerSet, Questionnaire, list[Problem]]:
    """Load an answers file (YAML, or a filled XLSX template); raises MaturityError with every error.
    Returns warnings alongside. Another kind of file is named, with the command that takes it."""
    from maturity.load.sniff import sniff, what_to_do

    kind = sniff(path)
    if kind not in ("answers", "template", "unknown"):
        advice = what_to_do(kind, path)
        if advice is not None:
            raise MaturityError([Problem(str(path), 0, 0, advice)])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from maturity.load.xlsx_answers import read_answers_xlsx

        return read_answers_xlsx(path, questionnaire)
    answer_set, resolved, problems = parse_answers(load_yaml(path), questionnaire)
    raise_if_errors(problems)
    assert answer_set is not None
    assert resolved is not None
    return answer_set, resolved, problems


def comparison_problems(
    current: AnswerSet, earlier: AnswerSet, earlier_file: Path, questionnaire: Questionnaire
) -> list[Problem]:
    """Warnings when an earlier assessment given for ``--compare`` is not of the same municipality
    (by AGS where both have one, else by name), not earlier, or of another questionnaire (only the
    areas they share are compared then)."""
    now, then = current.municipality, earlier.municipality
    problems = []
    if earlier.questionnaire and earlier.questionnaire != questionnaire.id:
        problems.append(
            Text(
                f"der Vergleich gilt einem anderen Fragebogen ({earlier.questionnaire}); verglichen "
                "werden nur Handlungsfelder und Fragen mit gleicher Kennung",
                f"the comparison is with another questionnaire ({earlier.questionnaire}); only "
                "areas and questions with the same id are compared",
            )
        )
    same = now.ags == then.ags if now.ags and then.ags else now.name.strip() == then.name.strip()
    if not same:
        a = f"{now.name} ({now.ags})" if now.ags else now.name
        b = f"{then.name} ({then.ags})" if then.ags else then.name
        problems.append(
            Text(
                f"der Vergleich gilt einer anderen Kommune: {b or '(ohne Namen)'} statt "
                f"{a or '(ohne Namen)'}",
                f"the comparison is with another municipality: {b or '(no name)'} instead of "
                f"{a or '(no name)'}",
            )
        )
    if current.assessed_on and earlier.assessed_on and earlier.assessed_on >= current.assessed_on:
        problems.append(
            Text(
                f"die Vergleichserhebung ({earlier.assessed_on}) ist nicht älter als diese "
                f"({current.assessed_on})",
                f"the assessment compared with ({earlier.assessed_on}) is not earlier than this "
                f"one ({current.assessed_on})",
            )
        )
    return [Problem(str(earlier_file), 0, 0, text, severity="warning") for text in problems]
