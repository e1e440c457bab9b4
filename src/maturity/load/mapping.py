"""Mapping files (docs/mapping.md): how a survey export's columns and codes become answers."""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity.errors import DocPath, MaturityError, Problem, raise_if_errors
from maturity.i18n import Text
from maturity.load.catalogue import named_questionnaire
from maturity.load.docreader import DocReader
from maturity.load.messages import not_applicable_refused
from maturity.load.questionnaire import known_question
from maturity.load.values import SURVEY_NA, SURVEY_UNKNOWN
from maturity.load.yamlio import YamlDocument, load_yaml
from maturity.model import NA, UNKNOWN, Questionnaire

ENTITY_KEYS = ("id", "name", "population", "respondent", "submitted")


@dataclass(frozen=True)
class ColumnSpec:
    """Where one question's answer stands: one column, optionally split by ``separator`` (multi), or
    one column per option (multi)."""

    column: str = ""
    separator: str | None = None
    options: MappingABC[str, str] = field(default_factory=dict)
    status: str = ""
    """number questions: the column that says "weiß nicht" or "nicht zutreffend" when the number
    column is empty (the forms of ``export-form`` ask it right after the number)"""

    def columns(self) -> list[str]:
        """Every export column this question reads."""
        named = [self.column] if self.column else list(self.options.values())
        return named + ([self.status] if self.status else [])


@dataclass(frozen=True)
class Mapping:
    questionnaire: str
    entity: MappingABC[str, str] = field(default_factory=dict)
    columns: MappingABC[str, ColumnSpec] = field(default_factory=dict)
    values: MappingABC[str, MappingABC[str, str]] = field(default_factory=dict)
    na: tuple[str, ...] = SURVEY_NA
    unknown: tuple[str, ...] = SURVEY_UNKNOWN
    source: str = ""


class _MappingReader(DocReader):
    def __init__(self, doc: YamlDocument, questionnaire: Questionnaire | None) -> None:
        super().__init__(doc)
        self.questionnaire = questionnaire

    def read(self) -> Mapping | None:
        top = self.mapping(
            self.doc.data,
            (),
            required=("questionnaire",),
            optional=("format", "entity", "columns", "values", "na", "unknown"),
            what=Text(
                "eine Zuordnungsdatei (mit questionnaire und columns)",
                "a mapping file (with questionnaire and columns)",
            ),
        )
        if top is None:
            return None
        questionnaire = self._questionnaire(top.get("questionnaire"))
        if "format" in top:
            self.warning(
                ("format",),
                Text(
                    "'format' wird nicht verwendet: batch erkennt einen Export an seinen Spalten; "
                    "diese Zeile entfernen",
                    "'format' is not used: batch recognises an export by its columns; remove this line",
                ),
            )
        entity = self._entity(top.get("entity") or {})
        columns = self._columns(top.get("columns") or {}, questionnaire)
        values = self._values(top.get("values") or {}, questionnaire)
        na = self._words(top, "na", SURVEY_NA)
        unknown = self._words(top, "unknown", SURVEY_UNKNOWN)
        if questionnaire is None:
            return None
        return Mapping(
            questionnaire.id,
            entity,
            columns,
            values,
            na,
            unknown,
            self.doc.file,
        )

    def _questionnaire(self, value: Any) -> Questionnaire | None:
        qid = self.string(value, ("questionnaire",))
        if qid is None:
            return None
        return named_questionnaire(
            self, qid, self.questionnaire, Text("diese Zuordnung ist", "this mapping is")
        )

    def _entity(self, value: Any) -> dict[str, str]:
        raw = self.mapping(value, ("entity",), optional=ENTITY_KEYS)
        entity: dict[str, str] = {}
        for key, column in (raw or {}).items():
            text = self.string(column, ("entity", key))
            if text is not None:
                entity[str(key)] = text
        return entity

    def _columns(self, value: Any, questionnaire: Questionnaire | None) -> dict[str, ColumnSpec]:
        raw = self.mapping(
            value,
            ("columns",),
            what=Text(
                "eine Zuordnung von Fragen-ID zu Spalte", "a mapping of question id to column"
            ),
        )
        columns: dict[str, ColumnSpec] = {}
        for qid, spec in (raw or {}).items():
            path: DocPath = ("columns", qid)
            if questionnaire is not None and str(qid) in questionnaire.profile_index:
                column = self.string(spec, path)  # a profile answer stands in one column
                if column is not None:
                    columns[str(qid)] = ColumnSpec(column=column)
                continue
            question = known_question(self, questionnaire, qid, path) if questionnaire else None
            if questionnaire is not None and question is None:
                continue
            if isinstance(spec, str):
                columns[str(qid)] = ColumnSpec(column=spec)
                continue
            detail = self.mapping(
                spec,
                path,
                optional=("column", "separator", "status", "options"),
                what=Text(
                    "einen Spaltennamen oder eine Zuordnung mit column/separator/status oder options",
                    "a column name or a mapping with column/separator/status or options",
                ),
            )
            if detail is None:
                continue
            if ("column" in detail) == ("options" in detail):
                self.error(
                    path,
                    Text(
                        "entweder 'column' (mit optionalem 'separator') oder 'options' angeben",
                        "give either 'column' (with an optional 'separator') or 'options'",
                    ),
                )
                continue
            if "options" in detail:
                columns[str(qid)] = ColumnSpec(
                    options=self._option_columns(detail["options"], path, question)
                )
                continue
            column = self.string(detail["column"], (*path, "column")) or ""
            separator = (
                self.string(detail["separator"], (*path, "separator"))
                if "separator" in detail
                else None
            )
            if separator is not None and question is not None and question.type != "multi":
                self.error(
                    (*path, "separator"),
                    _only_for("'separator'", "multi", qid, question.type),
                )
            status = self._status_column(detail, path, question)
            columns[str(qid)] = ColumnSpec(column=column, separator=separator, status=status)
        return columns

    def _status_column(self, detail: dict[Any, Any], path: DocPath, question: Any) -> str:
        if "status" not in detail:
            return ""
        if question is not None and question.type not in ("number", "percent"):
            self.error(
                (*path, "status"),
                _only_for("'status'", "number", question.id, question.type),
            )
            return ""
        return self.string(detail["status"], (*path, "status")) or ""

    def _option_columns(self, value: Any, path: DocPath, question: Any) -> dict[str, str]:
        raw = self.mapping(
            value,
            (*path, "options"),
            what=Text(
                "eine Zuordnung von Options-ID zu Spalte", "a mapping of option id to column"
            ),
        )
        result: dict[str, str] = {}
        if question is not None and question.type != "multi":
            self.error(
                (*path, "options"),
                _only_for(
                    Text("eine Spalte je Option", "one column per option"),
                    "multi",
                    question.id,
                    question.type,
                ),
            )
            return result
        for option_id, column in (raw or {}).items():
            if question is not None and str(option_id) == NA and not question.allow_na:
                self.error(
                    (*path, "options", option_id),
                    not_applicable_refused("na", question.id),
                    at_key=True,
                )
                continue
            if str(option_id) in (UNKNOWN, NA):
                pass  # a column ticked for "weiß nicht" / "nicht zutreffend"
            elif question is not None and question.option(str(option_id)) is None:
                self.error(
                    (*path, "options", option_id),
                    Text(
                        f"unbekannte Option '{option_id}' der Frage '{question.id}'",
                        f"unknown option '{option_id}' of question '{question.id}'",
                    ),
                    at_key=True,
                )
                continue
            text = self.string(column, (*path, "options", option_id))
            if text is not None:
                result[str(option_id)] = text
        return result

    def _values(self, value: Any, questionnaire: Questionnaire | None) -> dict[str, dict[str, str]]:
        raw = self.mapping(
            value,
            ("values",),
            what=Text(
                "eine Zuordnung von Fragen-ID zu Codetabelle",
                "a mapping of question id to code table",
            ),
        )
        values: dict[str, dict[str, str]] = {}
        for qid, table in (raw or {}).items():
            path: DocPath = ("values", qid)
            profile = questionnaire.profile_index.get(str(qid)) if questionnaire else None
            if profile is not None:
                values[str(qid)] = self._code_table(table, path, profile.option_ids, "")
                continue
            question = known_question(self, questionnaire, qid, path) if questionnaire else None
            if questionnaire is not None and question is None:
                continue
            options = tuple(o.id for o in question.options) if question is not None else ()
            values[str(qid)] = self._code_table(table, path, options, str(qid))
        return values

    def _code_table(
        self, table: Any, path: DocPath, options: tuple[str, ...], question: str
    ) -> dict[str, str]:
        """Survey code -> option id, each option one of ``options`` (any where there are none)."""
        codes = self.mapping(
            table,
            path,
            what=Text(
                "eine Zuordnung von Umfragecode zu Options-ID",
                "a mapping of survey code to option id",
            ),
        )
        result: dict[str, str] = {}
        for code, option_id in (codes or {}).items():
            target = self.string(option_id, (*path, code))
            if target is None:
                continue
            if options and target not in options:
                of_de = f" der Frage '{question}'" if question else ""
                of_en = f" of question '{question}'" if question else ""
                self.error(
                    (*path, code),
                    Text(
                        f"unbekannte Option '{target}'{of_de}; erwartet eine von "
                        f"{', '.join(options)}",
                        f"unknown option '{target}'{of_en}; expected one of {', '.join(options)}",
                    ),
                )
                continue
            result[str(code)] = target
        return result

    def _words(self, top: dict[Any, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        if key not in top:
            return default
        words = [self.string(v, p) for p, v in self.items(top[key], (key,))]
        return tuple(w for w in words if w is not None)


def parse_mapping(
    doc: YamlDocument, questionnaire: Questionnaire | None = None
) -> tuple[Mapping | None, list[Problem]]:
    try:
        mapping = _MappingReader(doc, questionnaire).read()
    except MaturityError as exc:  # the named questionnaire itself is broken
        return None, [*doc.problems, *exc.problems]
    problems = list(doc.problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return mapping, problems


def load_mapping(path: Path, questionnaire: Questionnaire | None = None) -> Mapping:
    mapping, problems = parse_mapping(load_yaml(path), questionnaire)
    raise_if_errors(problems)
    assert mapping is not None
    return mapping


def _only_for(what: str | Text, qtype: str, qid: object, actual: str) -> Text:
    """ "WHAT only applies to TYPE questions; QID is a ACTUAL question"."""
    de, en = (what.de, what.en) if isinstance(what, Text) else (what, what)
    return Text(
        f"{de} gilt nur für Fragen vom Typ {qtype}; '{qid}' ist eine Frage vom Typ {actual}",
        f"{en} only applies to {qtype} questions; '{qid}' is a {actual} question",
    )
