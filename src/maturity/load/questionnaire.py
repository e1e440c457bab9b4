"""Questionnaire YAML -> validated :class:`~maturity.model.Questionnaire`; the bundled questionnaires."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.errors import DocPath, Problem, raise_if_errors
from maturity.i18n import Text
from maturity.load.docreader import DocReader
from maturity.load.messages import unknown_question
from maturity.load.profile import ProfileReader
from maturity.load.yamlio import YamlDocument, load_yaml_text, read_text
from maturity.model import (
    EFFORTS,
    QUESTION_TYPES,
    RESERVED_ANSWERS,
    Area,
    Band,
    Deadline,
    Effort,
    Gate,
    Level,
    Linear,
    Option,
    Question,
    Questionnaire,
    QuestionType,
    Reference,
)

TOP_REQUIRED = ("id", "version", "languages", "title", "levels", "areas")
TOP_OPTIONAL = ("description", "scoring", "references", "scales", "profile")
AREA_REQUIRED = ("id", "name", "questions")
AREA_OPTIONAL = ("description", "weight", "refs", "advice")
QUESTION_SCORED = (
    "weight",
    "allow_na",
    "gate",
    "recommendation",
    "effort",
    "refs",
    "obligation",
    "applies_if",
    "answered_by",
)
QUESTION_BY_TYPE: dict[str, tuple[str, ...]] = {
    "choice": ("scale", "options"),
    "multi": ("scale", "options", "max_points"),
    "yesno": (),
    "number": ("min", "max", "unit", "bands", "linear"),
    "percent": ("min", "max", "unit", "bands", "linear"),
    "text": (),
}
OPTION_KEYS = ("id", "label", "score", "points", "exclusive", "next", "applies_if")


@dataclass(frozen=True)
class _ScaleOption:
    option: Option
    has_score: bool
    has_points: bool
    path: DocPath


class _QuestionnaireReader(DocReader):
    def _level_list(self) -> str:
        return ", ".join(str(i) for i in sorted(self.level_ids))

    def __init__(self, doc: YamlDocument) -> None:
        super().__init__(doc)
        self.languages: tuple[str, ...] = ("de",)
        self.level_ids: set[int] = set()
        self.reference_ids: set[str] = set()
        self.used_refs: set[str] = set()
        self.scales: dict[str, list[_ScaleOption]] = {}
        self.question_ids: dict[str, DocPath] = {}
        self.profile = ProfileReader(self, self.languages)

    def read(self) -> Questionnaire | None:
        top = self.mapping(
            self.doc.data,
            (),
            required=TOP_REQUIRED,
            optional=TOP_OPTIONAL,
            what=Text(
                "einen Fragebogen (eine Zuordnung mit id, title, levels, areas)",
                "a questionnaire (a mapping with id, title, levels, areas)",
            ),
        )
        if top is None:
            return None
        self.languages = self._languages(top.get("languages"))
        qid = self.identifier(top.get("id"), ("id",)) if "id" in top else None
        version = self.string(top.get("version"), ("version",)) if "version" in top else None
        title = self.text(top.get("title"), ("title",), self.languages) if "title" in top else None
        description = self._optional_text(top, "description", ())
        min_coverage, min_questions = self._scoring(top.get("scoring"))
        levels = self._levels(top.get("levels")) if "levels" in top else ()
        references = self._references(top.get("references", {}))
        self.profile = ProfileReader(self, self.languages)
        profile = self.profile.profile(top["profile"]) if "profile" in top else ()
        self._scales(top.get("scales", {}))
        areas = tuple(self._areas(top.get("areas"))) if "areas" in top else ()
        for ref_id in sorted(self.reference_ids - self.used_refs):
            self.warning(
                ("references", ref_id),
                Text(
                    f"die Quelle '{ref_id}' wird nirgends verwendet",
                    f"reference '{ref_id}' is never used",
                ),
            )
        if qid is None or version is None or title is None or not levels or not areas:
            return None
        return Questionnaire(
            id=qid,
            version=version,
            languages=self.languages,
            title=title,
            description=description,
            min_coverage=min_coverage,
            min_questions=min_questions,
            levels=levels,
            references=references,
            areas=areas,
            source=self.doc.file,
            profile=profile,
        )

    # --- top-level parts ---------------------------------------------------------------------

    def _languages(self, value: Any) -> tuple[str, ...]:
        langs: list[str] = []
        for path, entry in self.items(value, ("languages",), non_empty=True):
            code = self.string(entry, path)
            if code is None:
                continue
            if len(code) != 2 or not code.isalpha() or not code.islower():
                self.error(
                    path,
                    Text(
                        f"erwartet ein Sprachkürzel aus zwei Buchstaben wie 'de', gefunden: '{code}'",
                        f"expected a two-letter language code like 'de', got '{code}'",
                    ),
                )
            elif code in langs:
                self.error(
                    path,
                    Text(
                        f"die Sprache '{code}' steht doppelt da",
                        f"language '{code}' is listed twice",
                    ),
                )
            else:
                langs.append(code)
        return tuple(langs) or ("de",)

    def _optional_text(
        self, parent: dict[Any, Any], key: str, path: DocPath
    ) -> dict[str, str] | None:
        if key not in parent:
            return None
        return self.text(parent[key], (*path, key), self.languages)

    def _scoring(self, value: Any) -> tuple[float, int]:
        """``scoring:``: min_coverage (default 0.5) and min_questions (default 1), §4.2."""
        if value is None:
            return 0.5, 1
        scoring = self.mapping(value, ("scoring",), optional=("min_coverage", "min_questions"))
        if scoring is None:
            return 0.5, 1
        coverage: float | None = 0.5
        if "min_coverage" in scoring:
            coverage = self.number(
                scoring["min_coverage"], ("scoring", "min_coverage"), low=0, high=1
            )
        questions = 1
        if "min_questions" in scoring:
            raw = scoring["min_questions"]
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
                self.error(
                    ("scoring", "min_questions"),
                    Text(
                        f"erwartet eine ganze Zahl ab 1, gefunden: {raw!r}",
                        f"expected a whole number of 1 or more, got {raw!r}",
                    ),
                )
            else:
                questions = raw
        return (0.5 if coverage is None else coverage), questions

    def _levels(self, value: Any) -> tuple[Level, ...]:
        levels: list[Level] = []
        previous: float | None = None
        for path, entry in self.items(value, ("levels",), non_empty=True):
            index = path[-1]
            raw = self.mapping(
                entry, path, required=("id", "min_score", "name"), optional=("description",)
            )
            if raw is None:
                continue
            expected_id = int(index) + 1
            level_id = raw.get("id")
            if isinstance(level_id, bool) or level_id != expected_id:
                self.error(
                    (*path, "id"),
                    Text(
                        f"erwartet die Stufen-ID {expected_id} (IDs sind 1, 2, 3, … der Reihe "
                        f"nach), gefunden: {level_id!r}",
                        f"expected level id {expected_id} (ids are 1, 2, 3, ... "
                        f"in order), got {level_id!r}",
                    ),
                )
            min_score = self.number(raw.get("min_score"), (*path, "min_score"), low=0, high=100)
            if min_score is not None:
                if index == 0 and min_score != 0:
                    self.error(
                        (*path, "min_score"),
                        Text(
                            f"die erste Stufe braucht min_score 0, gefunden: {min_score:g}",
                            f"the first level must have min_score 0, got {min_score:g}",
                        ),
                    )
                if previous is not None and min_score <= previous:
                    self.error(
                        (*path, "min_score"),
                        Text(
                            f"erwartet ein min_score über dem der vorigen Stufe ({previous:g}), "
                            f"gefunden: {min_score:g}",
                            f"expected a min_score above the previous level's {previous:g}, "
                            f"got {min_score:g}",
                        ),
                    )
                previous = min_score
            name = (
                self.text(raw.get("name"), (*path, "name"), self.languages)
                if "name" in raw
                else None
            )
            description = self._optional_text(raw, "description", path)
            if name is not None and min_score is not None:
                levels.append(Level(expected_id, min_score, name, description))
        self.level_ids = {level.id for level in levels}
        return tuple(levels)

    def _references(self, value: Any) -> dict[str, Reference]:
        references: dict[str, Reference] = {}
        if not isinstance(value, dict):
            self.mapping(
                value,
                ("references",),
                what=Text(
                    "eine Zuordnung von Quellen-ID zu Quelle",
                    "a mapping of reference id to reference",
                ),
            )
            return references
        for ref_id, entry in value.items():
            path: DocPath = ("references", ref_id)
            self.identifier(ref_id, path)
            self.reference_ids.add(str(ref_id))
            ref = self.mapping(entry, path, required=("title",), optional=("source", "url"))
            if ref is None:
                continue
            title = (
                self.text(ref.get("title"), (*path, "title"), self.languages)
                if "title" in ref
                else None
            )
            source = self.string(ref.get("source", ""), (*path, "source"), allow_empty=True) or ""
            url = self.string(ref.get("url", ""), (*path, "url"), allow_empty=True) or ""
            if url and not url.startswith(("https://", "http://")):
                self.error(
                    (*path, "url"),
                    Text(
                        f"erwartet eine Webadresse, die mit https:// beginnt, gefunden: '{url}'",
                        f"expected a web address starting with https://, got '{url}'",
                    ),
                )
            if title is not None:
                references[str(ref_id)] = Reference(str(ref_id), title, source, url)
        return references

    def _scales(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.mapping(
                value,
                ("scales",),
                what=Text(
                    "eine Zuordnung von Skalenname zu einer Liste von Optionen",
                    "a mapping of scale name to a list of options",
                ),
            )
            return
        for name, options in value.items():
            self.identifier(name, ("scales", name))
            self.scales[str(name)] = self._options(options, ("scales", name))

    def _options(self, value: Any, path: DocPath) -> list[_ScaleOption]:
        result: list[_ScaleOption] = []
        seen: set[str] = set()
        for opt_path, entry in self.items(value, path, non_empty=True):
            raw = self.mapping(entry, opt_path, required=("id", "label"), optional=OPTION_KEYS[2:])
            if raw is None:
                continue
            option_id = self.string(raw.get("id"), (*opt_path, "id")) if "id" in raw else None
            if option_id is not None:
                if option_id in RESERVED_ANSWERS:
                    self.error(
                        (*opt_path, "id"),
                        Text(
                            f"die Options-ID '{option_id}' ist für „nicht zutreffend“ und „weiß "
                            "nicht“ reserviert; allow_na oder eine andere ID verwenden",
                            f"option id '{option_id}' is reserved for "
                            "'not applicable' and 'do not know'; use allow_na or another id",
                        ),
                    )
                elif not all(c.isalnum() or c in "-_." for c in option_id):
                    self.error(
                        (*opt_path, "id"),
                        Text(
                            f"ungültige Options-ID '{option_id}'; erwartet Buchstaben, Ziffern, "
                            "'-', '_' oder '.'",
                            f"invalid option id '{option_id}'; expected "
                            "letters, digits, '-', '_' or '.'",
                        ),
                    )
                elif option_id in seen:
                    self.error(
                        (*opt_path, "id"),
                        Text(
                            f"doppelte Options-ID '{option_id}'",
                            f"duplicate option id '{option_id}'",
                        ),
                    )
                seen.add(option_id)
            label = (
                self.text(raw.get("label"), (*opt_path, "label"), self.languages)
                if "label" in raw
                else None
            )
            score = (
                self.number(raw["score"], (*opt_path, "score"), low=0, high=1)
                if "score" in raw
                else None
            )
            points = (
                self.number(raw["points"], (*opt_path, "points"), low=0)
                if "points" in raw
                else None
            )
            exclusive = (
                self.boolean(raw["exclusive"], (*opt_path, "exclusive"))
                if "exclusive" in raw
                else False
            )
            next_step = self._optional_text(raw, "next", opt_path)
            applies_if = (
                self.profile.routing(raw["applies_if"], (*opt_path, "applies_if"))
                if "applies_if" in raw
                else ()
            )
            if option_id is None or label is None:
                continue
            option = Option(
                option_id,
                label,
                score or 0.0,
                points or 0.0,
                bool(exclusive),
                next_step,
                applies_if,
            )
            result.append(_ScaleOption(option, "score" in raw, "points" in raw, opt_path))
        return result

    # --- areas and questions -----------------------------------------------------------------

    def _areas(self, value: Any) -> Iterator[Area]:
        area_ids: set[str] = set()
        for path, entry in self.items(value, ("areas",), non_empty=True):
            raw = self.mapping(entry, path, required=AREA_REQUIRED, optional=AREA_OPTIONAL)
            if raw is None:
                continue
            area_id = self.identifier(raw.get("id"), (*path, "id")) if "id" in raw else None
            if area_id is not None:
                if area_id in area_ids:
                    self.error(
                        (*path, "id"),
                        Text(
                            f"doppelte Handlungsfeld-ID '{area_id}'",
                            f"duplicate area id '{area_id}'",
                        ),
                    )
                area_ids.add(area_id)
            name = (
                self.text(raw.get("name"), (*path, "name"), self.languages)
                if "name" in raw
                else None
            )
            description = self._optional_text(raw, "description", path)
            weight = self._weight(raw, path)
            refs = self._refs(raw, path)
            advice = self._advice(raw.get("advice"), (*path, "advice"))
            questions = tuple(
                self._questions(raw.get("questions"), (*path, "questions"), area_id or "")
            )
            if area_id is None or name is None or "questions" not in raw:
                continue
            if questions and not any(q.scored for q in questions):
                self.error(
                    (*path, "questions"),
                    Text(
                        "ein Handlungsfeld braucht mindestens eine bewertete Frage (nicht nur Text)",
                        "an area needs at least one scored question (not only text)",
                    ),
                )
            yield Area(area_id, name, questions, description, weight, refs, advice)

    def _weight(self, raw: dict[Any, Any], path: DocPath) -> float:
        if "weight" not in raw:
            return 1.0
        return self.number(raw["weight"], (*path, "weight"), positive=True) or 1.0

    def _refs(self, raw: dict[Any, Any], path: DocPath) -> tuple[str, ...]:
        refs: list[str] = []
        for ref_path, entry in self.items(raw.get("refs", []), (*path, "refs")):
            ref = self.string(entry, ref_path)
            if ref is None:
                continue
            self.used_refs.add(ref)
            if ref not in self.reference_ids:
                self.error(
                    ref_path,
                    Text(
                        f"unbekannte Quelle '{ref}'; unter 'references' definieren",
                        f"unknown reference '{ref}'; define it under 'references'",
                    ),
                )
            refs.append(ref)
        return tuple(refs)

    def _advice(self, value: Any, path: DocPath) -> dict[int, dict[str, str]]:
        if value is None:
            return {}
        raw = self.mapping(
            value,
            path,
            what=Text(
                "eine Zuordnung von Stufen-ID zu Rat", "a mapping of level id to advice text"
            ),
        )
        advice: dict[int, dict[str, str]] = {}
        for key, text in (raw or {}).items():
            if isinstance(key, bool) or not isinstance(key, int) or key not in self.level_ids:
                self.error(
                    (*path, key),
                    Text(
                        f"der Schlüssel {key!r} ist keine Stufen-ID; erwartet einer von "
                        f"{self._level_list()}",
                        f"advice key {key!r} is not a level id; expected one of "
                        f"{self._level_list()}",
                    ),
                    at_key=True,
                )
                continue
            parsed = self.text(text, (*path, key), self.languages)
            if parsed is not None:
                advice[key] = parsed
        return advice

    def _questions(self, value: Any, path: DocPath, area_id: str) -> Iterator[Question]:
        for q_path, entry in self.items(value, path, non_empty=True):
            question = self._question(entry, q_path, area_id)
            if question is not None:
                yield question

    def _question(self, entry: Any, path: DocPath, area_id: str) -> Question | None:
        if not isinstance(entry, dict):
            self.mapping(
                entry,
                path,
                what=Text(
                    "eine Frage (eine Zuordnung mit id, type, text)",
                    "a question (a mapping with id, type, text)",
                ),
            )
            return None
        qtype = (
            self.choice(entry.get("type"), (*path, "type"), QUESTION_TYPES)
            if "type" in entry
            else None
        )
        if qtype is None:
            if "type" not in entry:
                types = ", ".join(QUESTION_TYPES)
                self.error(
                    path,
                    Text(
                        f"der Schlüssel 'type' fehlt; erwartet einer von {types}",
                        f"missing key 'type'; expected one of {types}",
                    ),
                )
            return None
        optional = ["help", *QUESTION_BY_TYPE[qtype]]
        if qtype != "text":
            optional += QUESTION_SCORED
        raw = self.mapping(entry, path, required=("id", "type", "text"), optional=optional)
        if raw is None:
            return None
        question_id = self.identifier(raw.get("id"), (*path, "id")) if "id" in raw else None
        if question_id is not None:
            if question_id in self.question_ids:
                first = self.doc.where((*self.question_ids[question_id], "id"))[0]
                self.error(
                    (*path, "id"),
                    Text(
                        f"doppelte Fragen-ID '{question_id}' (zuerst in Zeile {first})",
                        f"duplicate question id '{question_id}' (first at line {first})",
                    ),
                )
            elif question_id in self.profile.questions:
                self.error(
                    (*path, "id"),
                    Text(
                        f"die ID '{question_id}' trägt schon eine Profilfrage",
                        f"id '{question_id}' is already a profile question's",
                    ),
                )
            else:
                self.question_ids[question_id] = path
        text = (
            self.text(raw.get("text"), (*path, "text"), self.languages) if "text" in raw else None
        )
        help_text = self._optional_text(raw, "help", path)
        recommendation = self._optional_text(raw, "recommendation", path)
        obligation, due = (
            self._obligation(raw["obligation"], (*path, "obligation"))
            if "obligation" in raw
            else (None, ())
        )
        answered_by = self._optional_text(raw, "answered_by", path)
        weight = self._weight(raw, path)
        allow_na = (
            self.boolean(raw["allow_na"], (*path, "allow_na")) if "allow_na" in raw else False
        )
        effort = (
            self.choice(raw["effort"], (*path, "effort"), EFFORTS) if "effort" in raw else "medium"
        )
        refs = self._refs(raw, path)
        gate = self._gate(raw.get("gate"), (*path, "gate"))
        applies_if = (
            self.profile.routing(raw["applies_if"], (*path, "applies_if"))
            if "applies_if" in raw
            else ()
        )
        typed = self._type_details(qtype, raw, path)
        if question_id is None or text is None or typed is None:
            return None
        return Question(
            id=question_id,
            area=area_id,
            type=_as_type(qtype),
            text=text,
            help=help_text,
            weight=weight,
            allow_na=bool(allow_na),
            gate=gate,
            recommendation=recommendation,
            effort=_as_effort(effort or "medium"),
            refs=refs,
            obligation=obligation,
            due=due,
            answered_by=answered_by,
            applies_if=applies_if,
            **typed,
        )

    def _gate(self, value: Any, path: DocPath) -> Gate | None:
        if value is None:
            return None
        raw = self.mapping(value, path, required=("min_score", "max_level"), optional=("overall",))
        if raw is None:
            return None
        overall = self.boolean(raw["overall"], (*path, "overall")) if "overall" in raw else False
        min_score = (
            self.number(raw.get("min_score"), (*path, "min_score"), low=0, high=1)
            if "min_score" in raw
            else None
        )
        max_level = raw.get("max_level")
        if "max_level" in raw and (isinstance(max_level, bool) or max_level not in self.level_ids):
            self.error(
                (*path, "max_level"),
                Text(
                    f"erwartet eine vorhandene Stufen-ID ({self._level_list()}), "
                    f"gefunden: {max_level!r}",
                    f"expected an existing level id ({self._level_list()}), got {max_level!r}",
                ),
            )
            return None
        if min_score is None or not isinstance(max_level, int):
            return None
        return Gate(min_score, max_level, bool(overall))

    def _obligation(
        self, value: Any, path: DocPath
    ) -> tuple[dict[str, str] | None, tuple[Deadline, ...]]:
        """``obligation:``: the duty in every language, and optionally its deadlines (§3.1)."""
        if not isinstance(value, dict) or "due" not in value:
            return self.text(value, path, self.languages), ()
        words = {key: text for key, text in value.items() if key != "due"}
        text = self.text(words, path, self.languages)
        deadlines: list[Deadline] = []
        for entry_path, entry in self.items(value["due"], (*path, "due"), non_empty=True):
            raw = self.mapping(entry, entry_path, required=("date",), optional=("applies_if",))
            if raw is None:
                continue
            date = self.iso_date(raw["date"], (*entry_path, "date")) if "date" in raw else None
            routing = (
                self.profile.routing(raw["applies_if"], (*entry_path, "applies_if"))
                if "applies_if" in raw
                else ()
            )
            if date is not None:
                deadlines.append(Deadline(date, routing))
        return text, tuple(deadlines)

    def _type_details(
        self, qtype: str, raw: dict[Any, Any], path: DocPath
    ) -> dict[str, Any] | None:
        if qtype in ("choice", "multi"):
            return self._choice_details(qtype, raw, path)
        if qtype in ("number", "percent"):
            return self._number_details(qtype, raw, path)
        if qtype == "yesno":
            return {}
        return {}

    def _choice_details(
        self, qtype: str, raw: dict[Any, Any], path: DocPath
    ) -> dict[str, Any] | None:
        has_scale, has_options = "scale" in raw, "options" in raw
        if has_scale == has_options:
            self.error(
                path,
                Text(
                    f"eine Frage vom Typ {qtype} braucht genau eines von 'scale' (eine benannte "
                    "Skala) oder 'options' (eine eigene Liste)",
                    f"a {qtype} question needs exactly one of 'scale' (a named scale) or "
                    "'options' (its own list)",
                ),
            )
            return None
        if has_scale:
            name = self.string(raw["scale"], (*path, "scale"))
            if name is None:
                return None
            if name not in self.scales:
                known = ", ".join(sorted(self.scales))
                self.error(
                    (*path, "scale"),
                    Text(
                        f"unbekannte Skala '{name}'; definierte Skalen: {known or 'keine'}",
                        f"unknown scale '{name}'; defined scales: {known or 'none defined'}",
                    ),
                )
                return None
            options, where = self.scales[name], (*path, "scale")
        else:
            options, where = self._options(raw["options"], (*path, "options")), (*path, "options")
        self._option_extras(qtype, options)
        if qtype == "choice":
            if any(not o.has_score for o in options):
                self.error(
                    where,
                    Text(
                        "jede Option einer choice-Frage braucht einen 'score' von 0 bis 1",
                        "every option of a choice question needs a 'score' from 0 to 1",
                    ),
                )
                return None
            return {"options": tuple(o.option for o in options)}
        if any(not o.has_points for o in options):
            self.error(
                where,
                Text(
                    "jede Option einer multi-Frage braucht 'points' (0 oder mehr)",
                    "every option of a multi question needs 'points' (0 or more)",
                ),
            )
            return None
        max_points = (
            self.number(raw["max_points"], (*path, "max_points"), positive=True)
            if "max_points" in raw
            else None
        )
        total = sum(o.option.points for o in options)
        if max_points is None and "max_points" not in raw and total <= 0:
            self.error(
                where,
                Text(
                    "die Punkte der Optionen ergeben zusammen 0; Optionen Punkte geben oder "
                    "max_points setzen",
                    "the options' points add up to 0; give some option points or set max_points",
                ),
            )
            return None
        return {"options": tuple(o.option for o in options), "max_points": max_points}

    def _option_extras(self, qtype: str, options: list[_ScaleOption]) -> None:
        """``next`` belongs to the options of a choice question (one answer, one next step),
        ``applies_if`` to those of a multi question (§3.1)."""
        misplaced = (
            ("next", Text("einer choice-Frage", "of a choice question"))
            if qtype == "multi"
            else ("applies_if", Text("einer multi-Frage", "of a multi question"))
        )
        key, owner = misplaced
        for entry in options:
            if (key == "next" and entry.option.next) or (
                key == "applies_if" and entry.option.applies_if
            ):
                self.error(
                    (*entry.path, key),
                    Text(
                        f"'{key}' gibt es nur an Optionen {owner.de}, diese Frage ist vom Typ "
                        f"{qtype}",
                        f"'{key}' belongs only to options {owner.en}; this question is of type "
                        f"{qtype}",
                    ),
                    at_key=True,
                )

    def _number_details(
        self, qtype: str, raw: dict[Any, Any], path: DocPath
    ) -> dict[str, Any] | None:
        percent = qtype == "percent"
        default_min, default_max = (0.0, 100.0) if percent else (None, None)
        minimum = self.number(raw["min"], (*path, "min")) if "min" in raw else default_min
        maximum = self.number(raw["max"], (*path, "max")) if "max" in raw else default_max
        if percent:
            for key, bound in (("min", minimum), ("max", maximum)):
                if bound is not None and not 0 <= bound <= 100:
                    self.error(
                        (*path, key),
                        Text(
                            f"{key} einer Prozentfrage muss von 0 bis 100 reichen, gefunden: {bound:g}",
                            f"a percent question's {key} must lie from 0 to 100, got {bound:g}",
                        ),
                    )
        if minimum is not None and maximum is not None and minimum >= maximum:
            self.error(
                (*path, "max"),
                Text(
                    f"erwartet max über min ({minimum:g}), gefunden: {maximum:g}",
                    f"expected max above min ({minimum:g}), got {maximum:g}",
                ),
            )
        unit = self._optional_text(raw, "unit", path)
        has_bands, has_linear = "bands" in raw, "linear" in raw
        if has_bands and has_linear:
            self.error(
                path,
                Text(
                    "entweder 'bands' oder 'linear' angeben, nicht beides",
                    "give either 'bands' or 'linear', not both",
                ),
            )
            return None
        bands: tuple[Band, ...] = ()
        linear: Linear | None = None
        if has_bands:
            bands = self._bands(raw["bands"], (*path, "bands"))
            if not bands:
                return None
        elif has_linear:
            linear = self._linear(raw["linear"], (*path, "linear"))
            if linear is None:
                return None
        elif percent:
            linear = Linear(0.0, 100.0)
        else:
            self.error(
                path,
                Text(
                    "eine Zahlenfrage braucht 'bands' oder 'linear', um bewertet zu werden",
                    "a number question needs 'bands' or 'linear' to be scored",
                ),
            )
            return None
        return {
            "minimum": minimum,
            "maximum": maximum,
            "unit": unit,
            "bands": bands,
            "linear": linear,
        }

    def _bands(self, value: Any, path: DocPath) -> tuple[Band, ...]:
        bands: list[Band] = []
        ok = True
        for band_path, entry in self.items(value, path, non_empty=True):
            raw = self.mapping(entry, band_path, required=("from", "score"), optional=("next",))
            if raw is None:
                ok = False
                continue
            start = self.number(raw.get("from"), (*band_path, "from")) if "from" in raw else None
            score = (
                self.number(raw.get("score"), (*band_path, "score"), low=0, high=1)
                if "score" in raw
                else None
            )
            if start is None or score is None:
                ok = False
                continue
            if bands and start <= bands[-1].start:
                self.error(
                    (*band_path, "from"),
                    Text(
                        f"die Bänder müssen aufsteigen: erwartet 'from' über {bands[-1].start:g}, "
                        f"gefunden: {start:g}",
                        f"bands must ascend: expected 'from' above {bands[-1].start:g}, got {start:g}",
                    ),
                )
                ok = False
            bands.append(Band(start, score, self._optional_text(raw, "next", band_path)))
        return tuple(bands) if ok else ()

    def _linear(self, value: Any, path: DocPath) -> Linear | None:
        raw = self.mapping(value, path, required=("zero", "full"))
        if raw is None:
            return None
        zero = self.number(raw.get("zero"), (*path, "zero")) if "zero" in raw else None
        full = self.number(raw.get("full"), (*path, "full")) if "full" in raw else None
        if zero is None or full is None:
            return None
        if zero == full:
            self.error(
                (*path, "full"),
                Text(
                    f"'zero' und 'full' müssen sich unterscheiden, beide sind {zero:g}",
                    f"'zero' and 'full' must differ, both are {zero:g}",
                ),
            )
            return None
        return Linear(zero, full)


def _as_type(value: str) -> QuestionType:
    assert value in QUESTION_TYPES
    return value


def _as_effort(value: str) -> Effort:
    assert value in EFFORTS
    return value


def parse_questionnaire(doc: YamlDocument) -> tuple[Questionnaire | None, list[Problem]]:
    """Validate a loaded document; return the questionnaire (None on errors) and every problem."""
    questionnaire = _QuestionnaireReader(doc).read()
    problems = list(doc.problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return questionnaire, problems


def load_questionnaire_file(path: Path) -> Questionnaire:
    """Load and validate a questionnaire file; raises MaturityError listing every error. A file read
    before comes from the cache of parsed questionnaires (:mod:`maturity.load.cache`)."""
    from maturity.load.cache import cached, remember

    text = read_text(path)
    content = text.encode("utf-8", "surrogatepass")
    known = cached(path, content)
    if known is not None:
        return known
    questionnaire, problems = parse_questionnaire(load_yaml_text(text, str(path)))
    raise_if_errors(problems)
    assert questionnaire is not None
    if not problems:
        remember(path, content, questionnaire)
    return questionnaire


# --- used by the readers of answers and mapping files ------------------------------------------


def known_question(
    reader: DocReader, questionnaire: Questionnaire, qid: object, path: DocPath
) -> Question | None:
    """The question ``qid`` names, or None after noting an "unknown question id" problem."""
    question = questionnaire.question_index.get(str(qid))
    if question is None:
        reader.error(
            path,
            unknown_question(qid, questionnaire.id),
            at_key=True,
        )
    return question
