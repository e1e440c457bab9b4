"""Answer files of one assessment filled in parts -> one answer set (``maturity merge``).

The split templates (``maturity template -f xlsx --split``) give each department its own workbook; the
filled workbooks, or YAML answer files, come back here. Every problem at once: a file that cannot be read,
one of another questionnaire or version, and a fact or an answer given differently in two files, at its
position in the later file and naming the earlier one. Comments and evidence of both are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from maturity.errors import MaturityError, Problem, raise_if_errors
from maturity.i18n import Text
from maturity.load.answers import load_answers
from maturity.model import Answer, AnswerSet, Municipality, Questionnaire

ANSWER_SUFFIXES = (".xlsx", ".xlsm", ".yaml", ".yml")


def answer_files(paths: Iterable[Path]) -> list[Path]:
    """The files to merge: each file given, and the answer files (XLSX, YAML) of each folder given,
    by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.iterdir() if p.suffix.lower() in ANSWER_SUFFIXES and p.is_file()
            )
        else:
            files.append(path)
    return files


def merge_answers(
    paths: Sequence[Path], questionnaire: Questionnaire | None = None
) -> tuple[AnswerSet, Questionnaire, list[Problem]]:
    """One answer set from the answer files ``paths`` of one assessment; raises MaturityError with
    every problem, returns warnings alongside."""
    problems: list[Problem] = []
    loaded: list[tuple[Path, AnswerSet, Questionnaire]] = []
    for path in paths:
        try:
            answer_set, resolved, warnings = load_answers(path, questionnaire)
        except MaturityError as exc:
            problems += exc.problems
            continue
        problems += warnings
        loaded.append((path, answer_set, resolved))
    raise_if_errors(problems)
    if not loaded:
        raise MaturityError(
            [Problem("", 0, 0, Text("keine Antwortdateien gefunden", "no answer files found"))]
        )
    first_path, _, base = loaded[0]
    merger = _Merger(first_path)
    for path, answer_set, resolved in loaded:
        if (resolved.id, resolved.version) != (base.id, base.version):
            merger.problems.append(
                Problem(
                    str(path),
                    0,
                    0,
                    Text(
                        f"gehört zu {resolved.id} {resolved.version}, {first_path} zu "
                        f"{base.id} {base.version}",
                        f"belongs to {resolved.id} {resolved.version}, {first_path} to "
                        f"{base.id} {base.version}",
                    ),
                )
            )
            continue
        merger.add(path, answer_set)
    raise_if_errors(merger.problems)
    return merger.result(base), base, problems


class _Merger:
    """Collects the facts and answers of the files in turn; a value given again must be the same."""

    def __init__(self, first: Path) -> None:
        self.first = first
        self.problems: list[Problem] = []
        self.facts: dict[tuple[str, ...], tuple[Any, Path]] = {}
        self.answers: dict[str, tuple[Answer, Path]] = {}

    def add(self, path: Path, answer_set: AnswerSet) -> None:
        municipality = answer_set.municipality
        for key in ("name", "ags", "population", "state"):
            self._fact(path, ("municipality", key), getattr(municipality, key))
        self._fact(path, ("assessed_on",), answer_set.assessed_on)
        self._fact(path, ("assessor",), answer_set.assessor)
        for key, value in answer_set.profile.items():
            self._fact(path, ("profile", key), value)
        for key, level in answer_set.targets.items():
            self._fact(path, ("targets", key), level)
        for qid, answer in answer_set.answers.items():
            self._answer(path, qid, answer)

    def _fact(self, path: Path, where: tuple[str, ...], value: Any) -> None:
        if value in ("", None):
            return
        seen = self.facts.get(where)
        if seen is None:
            self.facts[where] = (value, path)
        elif seen[0] != value:
            self._conflict(path, where, value, seen)

    def _answer(self, path: Path, qid: str, answer: Answer) -> None:
        if answer.kind == "value" and answer.value is None and not answer.comment:
            return  # a row left empty
        seen = self.answers.get(qid)
        if seen is None:
            self.answers[qid] = (answer, path)
            return
        earlier, earlier_path = seen
        if (earlier.kind, earlier.value) != (answer.kind, answer.value):
            self._conflict(path, ("answers", qid), _shown(answer), (_shown(earlier), earlier_path))
            return
        self.answers[qid] = (
            replace(
                earlier,
                comment=_joined(earlier.comment, answer.comment),
                evidence=_joined(earlier.evidence, answer.evidence),
            ),
            earlier_path,
        )

    def _conflict(
        self, path: Path, where: tuple[str, ...], value: Any, seen: tuple[Any, Path]
    ) -> None:
        line, column = locate(path, where)
        name = ".".join(where)
        self.problems.append(
            Problem(
                str(path),
                line,
                column,
                Text(
                    f"{name}: '{value}' widerspricht '{seen[0]}' aus {seen[1]}; eine Antwort "
                    "behalten",
                    f"{name}: '{value}' contradicts '{seen[0]}' in {seen[1]}; keep one answer",
                ),
            )
        )

    def result(self, questionnaire: Questionnaire) -> AnswerSet:
        def fact(*where: str) -> Any:
            return self.facts.get(where, ("", None))[0]

        return AnswerSet(
            questionnaire=questionnaire.id,
            answers={qid: answer for qid, (answer, _) in self.answers.items()},
            questionnaire_version=questionnaire.version,
            municipality=Municipality(
                name=fact("municipality", "name"),
                ags=fact("municipality", "ags"),
                population=fact("municipality", "population") or None,
                state=fact("municipality", "state"),
            ),
            assessed_on=fact("assessed_on"),
            assessor=fact("assessor"),
            targets=_section(self.facts, "targets"),
            profile=_section(self.facts, "profile"),
        )


def _section(facts: Mapping[tuple[str, ...], tuple[Any, Path]], name: str) -> dict[str, Any]:
    return {where[1]: value for where, (value, _) in facts.items() if where[0] == name}


def _shown(answer: Answer) -> str:
    if answer.kind != "value":
        return answer.kind
    if isinstance(answer.value, tuple):
        return ", ".join(answer.value)
    return str(answer.value)


def _joined(first: str, second: str) -> str:
    if not second or second == first:
        return first
    return f"{first} | {second}" if first else second


def locate(path: Path, where: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of a fact or an answer in an answer file: in a workbook the row of its id (a
    multi-select question: of its first option) and the column of its value; 0, 0 where not found."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from maturity.load.spreadsheet import open_workbook
        from maturity.load.workbook import (
            ANSWER_COLUMN,
            ID_COLUMN,
            MULTI_SEPARATOR,
            MUNICIPALITY_KEY_COLUMN,
            MUNICIPALITY_VALUE_COLUMN,
            PROFILE_KEY_PREFIX,
        )

        workbook = open_workbook(path)
        section, key = where[0], where[-1]
        if section == "answers":
            wanted, id_column, value_column = key, ID_COLUMN, ANSWER_COLUMN
        else:
            wanted = f"{PROFILE_KEY_PREFIX}{key}" if section == "profile" else key
            id_column, value_column = MUNICIPALITY_KEY_COLUMN, MUNICIPALITY_VALUE_COLUMN
        for sheet in workbook.worksheets:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cell = str(row[id_column - 1]) if len(row) >= id_column else ""
                if cell == wanted or cell.startswith(f"{wanted}{MULTI_SEPARATOR}"):
                    return number, value_column
        return 0, 0
    from maturity.load.yamlio import load_yaml

    return load_yaml(path).where(where)
