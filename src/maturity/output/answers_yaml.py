"""AnswerSet -> answers YAML (docs/answers.md), in questionnaire order, readable and loadable again."""

from __future__ import annotations

import re
from typing import Any

import yaml

from maturity.model import NA, UNKNOWN, Answer, AnswerSet, Questionnaire, tr


def answer_value(answer: Answer, lang: str = "de") -> Any:
    """The YAML value of one answer: option id, list of ids, ja/nein, number, text, na or unknown."""
    if answer.kind == "na":
        return NA
    if answer.kind == "unknown":
        return UNKNOWN
    value = answer.value
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def answers_to_data(
    answer_set: AnswerSet, questionnaire: Questionnaire, lang: str = "de"
) -> dict[str, Any]:
    municipality = answer_set.municipality
    data: dict[str, Any] = {
        "questionnaire": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "municipality": {
            key: value
            for key, value in (
                ("name", municipality.name),
                ("ags", municipality.ags),
                ("population", municipality.population),
                ("state", municipality.state),
            )
            if value not in ("", None)
        },
    }
    if answer_set.assessed_on:
        data["assessed_on"] = answer_set.assessed_on
    if answer_set.assessor:
        data["assessor"] = answer_set.assessor
    if answer_set.targets:
        data["targets"] = dict(answer_set.targets)
    if answer_set.profile:
        data["profile"] = {
            p.id: _profile_value(answer_set.profile[p.id], p.type, lang)
            for p in questionnaire.profile
            if p.id in answer_set.profile
        }
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        answer = answer_set.answers.get(question.id)
        if answer is None:
            continue
        has_value = answer.kind != "value" or answer.value is not None
        value = answer_value(answer, lang) if has_value else None
        if answer.comment or answer.evidence:
            detail: dict[str, Any] = {"answer": value}
            if answer.comment:
                detail["comment"] = answer.comment
            if answer.evidence:
                detail["evidence"] = answer.evidence
            answers[question.id] = detail
        elif has_value:
            answers[question.id] = value
    data["answers"] = answers
    return data


class _Dumper(yaml.SafeDumper):
    """Quotes strings that YAML 1.1 readers would take for booleans or numbers ("0", "ja", "no")."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        '"' if value.lower() in {"yes", "no", "on", "off", "y", "n"} or value.isdigit() else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def answers_to_yaml(answer_set: AnswerSet, questionnaire: Questionnaire, lang: str = "de") -> str:
    header = (
        f"# {questionnaire.id} {questionnaire.version}: Antworten, geschrieben von maturity; hinter "
        "einer Option steht ihr Text\n"
        if lang == "de"
        else f"# {questionnaire.id} {questionnaire.version}: answers written by maturity; each "
        "option is followed by its text\n"
    )
    body = yaml.dump(
        answers_to_data(answer_set, questionnaire, lang),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + _with_labels(body, questionnaire, lang)


_ANSWER_LINE = re.compile(r"^  (?P<qid>[^\s#:]+):(?: (?P<value>[^#\n]+))?$")
_DETAIL_LINE = re.compile(r"^    answer: (?P<value>[^#\n]+)$")
_ITEM_LINE = re.compile(r"^  (?:  )?- (?P<value>[^#\n]+)$")


def _with_labels(body: str, questionnaire: Questionnaire, lang: str) -> str:
    """Option ids in the answers followed by their labels as comments, so that a person can read and
    edit the file without the questionnaire beside it."""
    lines = body.splitlines()
    start = lines.index("answers:") if "answers:" in lines else len(lines)
    question = None
    for index in range(start + 1, len(lines)):
        line = lines[index]
        match = _ANSWER_LINE.match(line)
        if match:
            question = questionnaire.question_index.get(match["qid"])
            value = match["value"]
        else:
            found = _DETAIL_LINE.match(line) or _ITEM_LINE.match(line)
            value = found["value"] if found else None
        if question is None or value is None or question.type not in ("choice", "multi"):
            continue
        option = question.option(value.strip().strip('"'))
        label = " ".join(tr(option.label, lang).split()) if option else ""
        if label and label.casefold() != option.id.casefold():  # type: ignore[union-attr]
            lines[index] = f"{line}  # {label}"
    return "\n".join(lines) + "\n"


def _profile_value(value: object, kind: str, lang: str) -> object:
    """A profile answer as it reads best in YAML: yes/no in the file's language (``nein`` beside
    answers in German), whole numbers without ``.0``."""
    if kind == "yesno" and value in ("yes", "no") and lang == "de":
        return "ja" if value == "yes" else "nein"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
