"""Routing said once (§4.1): one table of cases – values on both bounds of a range, unanswered facts,
text where a number is expected, the Land from the AGS, every option of a multi-select question routed
out – run against every place that decides it: the single path, the batch path, the XLSForm
``relevant`` expressions, the LimeSurvey relevance equations, the offline HTML form in Chromium, and the
words of ``show``. The survey tools' expressions are evaluated here by a small interpreter of exactly
the syntax the forms use."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from maturity.load.catalogue import load_questionnaire
from maturity.model import Questionnaire
from maturity.output.routing_text import routing_text
from maturity.routing import routed
from maturity.survey.forms.limesurvey import limesurvey_structure
from maturity.survey.forms.xlsform import xlsform
from maturity.survey.naming import FormNames, limesurvey_names, xlsform_names

from .conftest import Run

QUESTIONNAIRE = """\
id: routing-table
version: "1.0"
languages: [de, en]
title: {de: Weichen, en: Routing}
levels:
  - {id: 1, min_score: 0, name: {de: Eins, en: One}}
profile:
  - id: traeger
    type: choice
    text: {de: Art der Körperschaft, en: Kind of body}
    options:
      - {id: gemeinde, label: {de: Gemeinde, en: Municipality}}
      - {id: stadt, label: {de: Stadt, en: Town}}
      - {id: landkreis, label: {de: Landkreis, en: District}}
  - id: eigene-it
    type: yesno
    text: {de: "Eigene IT?", en: "Own IT?"}
  - id: beschaeftigte
    type: number
    min: 0
    max: 100000
    text: {de: Beschäftigte, en: Staff}
areas:
  - id: a
    name: {de: A, en: A}
    questions:
      - {id: q-choice, type: yesno, text: {de: "C?", en: "C?"}, applies_if: {traeger: [stadt, landkreis]}}
      - {id: q-yesno, type: yesno, text: {de: "Y?", en: "Y?"}, applies_if: {eigene-it: ["yes"]}}
      - {id: q-min, type: yesno, text: {de: "M?", en: "M?"}, applies_if: {population: {min: 20000}}}
      - {id: q-range, type: yesno, text: {de: "R?", en: "R?"}, applies_if: {beschaeftigte: {min: 100, max: 200}}}
      - {id: q-land, type: yesno, text: {de: "L?", en: "L?"}, applies_if: {state: [BY, RP]}}
      - id: q-multi
        type: multi
        text: {de: "D?", en: "D?"}
        options:
          - {id: x, points: 1, label: {de: X, en: X}, applies_if: {traeger: [stadt]}}
          - {id: y, points: 1, label: {de: Y, en: Y}, applies_if: {traeger: [stadt]}}
          - {id: keine, points: 0, exclusive: true, label: {de: keine, en: none}}
"""
ROUTED = ("q-choice", "q-yesno", "q-min", "q-range", "q-land", "q-multi")

# (what the municipality says, which questions it is asked); None: not given
CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({}, set(ROUTED)),  # nothing known: everything is asked
    (
        {"traeger": "stadt", "eigene-it": "yes", "population": 20000, "beschaeftigte": 100,
         "ags": "09162000"},
        set(ROUTED),
    ),  # every lower bound is in
    (
        {"traeger": "gemeinde", "eigene-it": "no", "population": 19999, "beschaeftigte": 99.5,
         "ags": "01001000"},
        set(),
    ),  # just below every bound, another Land; every option of q-multi routed out
    ({"beschaeftigte": 199.99}, set(ROUTED)),
    ({"beschaeftigte": 200}, set(ROUTED) - {"q-range"}),  # the upper bound is out
    ({"traeger": "landkreis", "ags": "07141000"}, set(ROUTED) - {"q-multi"}),  # RP is in
    ({"traeger": "landkreis", "ags": "07315000", "population": 250000}, set(ROUTED) - {"q-multi"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    path = tmp_path_factory.mktemp("routing-table") / "q.yaml"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    return load_questionnaire(path)


def _facts(case: dict[str, Any]) -> dict[str, Any]:
    facts = {k: v for k, v in case.items() if k != "ags"}
    if "ags" in case:
        facts["state"] = {"09": "BY", "07": "RP", "01": "SH"}[case["ags"][:2]]
    return facts


@pytest.mark.parametrize(("case", "asked"), CASES)
def test_the_single_path(table: Questionnaire, case: dict[str, Any], asked: set[str]) -> None:
    facts = _facts(case)
    assert {q.id for q in table.scored_questions if routed(q, facts)} == asked


def test_the_batch_path(run: Run, table: Questionnaire, tmp_path: Path) -> None:
    """One municipality per case, the Land from its AGS, the profile from its columns."""
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    export = tmp_path / "export.csv"
    header = ["ags", "population", "traeger", "eigene-it", "beschaeftigte", *ROUTED]
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for index, (case, _) in enumerate(CASES):
            ags = case.get("ags", f"0300{index:04d}")  # Niedersachsen: a Land outside the list
            profile = [
                case.get(k, "") for k in ("population", "traeger", "eigene-it", "beschaeftigte")
            ]
            writer.writerow([ags, *profile, *(["ja"] * 5), "keine"])
    out = tmp_path / "out"
    done = run("batch", export, "-q", path, "-o", out, "--reports", "none")
    assert done.exit_code == 0, done.stderr
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text("utf-8").splitlines()]
    for line, (case, asked) in zip(lines, CASES, strict=True):
        expected = asked if "ags" in case else asked - {"q-land"}  # the AGS says Niedersachsen
        states = {q["id"]: q["state"] for q in line["questions"]}
        assert {qid for qid, state in states.items() if state != "na"} == expected, case


def _xlsform_relevance(table: Questionnaire) -> dict[str, str]:
    sheet = load_workbook(io.BytesIO(xlsform(table)))["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    name, relevant, choice_filter = (header.index(k) for k in ("name", "relevant", "choice_filter"))
    found = {str(r[name]): str(r[relevant] or "") for r in rows[1:] if r[name]}
    found["q-multi:choices"] = next(
        str(r[choice_filter] or "") for r in rows[1:] if r[name] == "q-multi"
    )
    return found


def _values(case: dict[str, Any], names: FormNames) -> dict[str, Any]:
    """What the form's fields hold: the codes of the profile answers, '' where nothing was given."""
    values: dict[str, Any] = {
        names.entity["id"]: case.get("ags", ""),
        names.entity["population"]: case.get("population", ""),
        names.profile["beschaeftigte"]: case.get("beschaeftigte", ""),
    }
    for key in ("traeger", "eigene-it"):
        given = case.get(key)
        codes = {**names.options.get(key, {}), "yes": names.special.yes, "no": names.special.no}
        values[names.profile[key]] = codes[given] if given else ""
    return values


def _evaluate(expression: str, values: dict[str, Any], **extra: Any) -> bool:
    """The subset of XPath and of LimeSurvey's ExpressionScript the forms write, as Python."""
    if expression in ("", "1"):
        return True
    text = re.sub(r"\$\{([^}]+)\}", lambda m: f"V[{m.group(1)!r}]", expression)  # XLSForm
    text = re.sub(r"\b([A-Za-z][A-Za-z0-9]*)\.NAOK\b", lambda m: f"V[{m.group(1)!r}]", text)
    text = re.sub(r"is_empty\((V\[[^]]+\])\)", r"(\1 == '')", text)
    # XLSForm substr(s, start, end); LimeSurvey substr(s, start, length): both 0, 2 here
    text = re.sub(r"substr\((V\[[^]]+\]),\s*0,\s*2\)", r"str(\1)[0:2]", text)
    text = re.sub(r"(?<![<>!=])=(?!=)", "==", text)
    return bool(eval(text, {"V": values, **extra}))


@pytest.mark.parametrize(("case", "asked"), CASES)
def test_the_xlsform(table: Questionnaire, case: dict[str, Any], asked: set[str]) -> None:
    relevance = _xlsform_relevance(table)
    values = _values(case, xlsform_names(table))
    shown = {qid for qid in ROUTED[:-1] if _evaluate(relevance[qid], values)}
    # a multi-select question whose every option is filtered out shows no choice to tick
    route = relevance["q-multi:choices"]
    if _evaluate(relevance["q-multi"], values) and _evaluate(route, values, route="r1"):
        shown.add("q-multi")
    assert shown == asked


def _limesurvey_relevance(table: Questionnaire) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(limesurvey_structure(table).lstrip("\ufeff")), delimiter="\t")
    found: dict[str, str] = {}
    for row in rows:
        if row["language"] == "de" and row["class"] in ("Q", "SQ"):
            found.setdefault(f"{row['class']}:{row['name']}", row["relevance"])
    return found


@pytest.mark.parametrize(("case", "asked"), CASES)
def test_the_limesurvey_form(table: Questionnaire, case: dict[str, Any], asked: set[str]) -> None:
    names = limesurvey_names(table)
    relevance = _limesurvey_relevance(table)
    values = _values(case, names)
    code = names.questions
    shown = {qid for qid in ROUTED[:-1] if _evaluate(relevance[f"Q:{code[qid]}"], values)}
    options = names.options["q-multi"]
    ticks = [relevance[f"SQ:{options[o]}"] for o in ("x", "y")]
    if _evaluate(relevance[f"Q:{code['q-multi']}"], values) and any(
        _evaluate(t, values) for t in ticks
    ):
        shown.add("q-multi")
    assert shown == asked


def test_the_words_of_show(table: Questionnaire) -> None:
    words = {q.id: routing_text(q.applies_if, table, "de") for q in table.scored_questions}
    assert words == {
        "q-choice": "alle außer Gemeinde",
        "q-yesno": "„Eigene IT?“ – ja",
        "q-min": "Einwohnerzahl ab 20.000",
        "q-range": "Beschäftigte ab 100 unter 200",
        "q-land": "Land: Bayern · Rheinland-Pfalz",
        "q-multi": "",
    }


def test_text_where_a_number_is_expected_lets_the_question_be_asked(table: Questionnaire) -> None:
    range_question = table.question_index["q-range"]
    assert routed(range_question, {"beschaeftigte": "viele"}) is not None


@pytest.mark.slow
def test_the_html_form_in_a_browser(run: Run, tmp_path: Path) -> None:
    """Every case typed into the offline form in Chromium: the questions it shows are the ones
    asked; a text where a number is expected lets the question be asked there too."""
    from .browser import click, opened, shown_questions, start_chrome, type_into

    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONNAIRE, encoding="utf-8")
    form = tmp_path / "form.html"
    assert run("export-form", "-q", path, "-f", "html", "-o", form).exit_code == 0
    chrome = start_chrome(tmp_path)
    try:
        for case, asked in CASES:
            opened(chrome, form)
            if "ags" in case:
                type_into(chrome, "m-ags", case["ags"])
            if "population" in case:
                type_into(chrome, "m-population", str(case["population"]))
            if "beschaeftigte" in case:
                type_into(chrome, "p-beschaeftigte", str(case["beschaeftigte"]).replace(".", ","))
            for key in ("traeger", "eigene-it"):
                if key in case:
                    click(chrome, f"p-{key}--{case[key]}")
            assert set(shown_questions(chrome)) == asked, case
        opened(chrome, form)
        type_into(chrome, "p-beschaeftigte", "viele")
        assert "q-range" in shown_questions(chrome)
        assert [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        chrome.quit()
