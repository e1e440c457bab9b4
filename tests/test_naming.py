"""The names the survey forms give their fields, for any ids a questionnaire may have: valid in the
survey tool, unique, and recognised again in an export."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.model import Area, Level, Option, Question, Questionnaire
from maturity.survey.naming import (
    ENTITY_FIELDS,
    LIMESURVEY_RESERVED,
    limesurvey_names,
    xlsform_names,
)
from maturity.survey.read.columns import recognise_columns

ID = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,3}", fullmatch=True)
OPTION_ID = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,14}", fullmatch=True).filter(
    lambda o: o not in ("na", "unknown")
)
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
LIMESURVEY_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,19}$")
LIMESURVEY_ANSWER = re.compile(r"^[A-Za-z0-9]{1,5}$")
pytestmark = pytest.mark.slow


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    ids = draw(st.lists(ID, min_size=1, max_size=25, unique=True))
    areas = draw(st.lists(ID, min_size=1, max_size=4, unique=True))
    questions: dict[str, list[Question]] = {a: [] for a in areas}
    for qid in ids:
        area = draw(st.sampled_from(areas))
        kind = draw(st.sampled_from(["choice", "multi", "yesno", "percent", "text"]))
        options: tuple[Option, ...] = ()
        if kind in ("choice", "multi"):
            option_ids = draw(st.lists(OPTION_ID, min_size=2, max_size=8, unique=True))
            options = tuple(
                Option(o, {"de": f"Antwort {o}", "en": f"Answer {o}"}, score=0.5, points=1)
                for o in option_ids
            )
        questions[area].append(
            Question(
                qid,
                area,
                kind,
                {"de": f"Frage {qid}?", "en": f"Question {qid}?"},
                options=options,
                allow_na=draw(st.booleans()),
                minimum=0 if kind == "percent" else None,
                maximum=100 if kind == "percent" else None,
            )
        )
    return Questionnaire(
        "generated",
        "1",
        ("de", "en"),
        {"de": "Test", "en": "Test"},
        (Level(1, 0, {"de": "Eins", "en": "One"}),),
        tuple(Area(a, {"de": a, "en": a}, tuple(questions[a])) for a in areas if questions[a]),
    )


@settings(max_examples=150, deadline=None)
@given(questionnaires())
def test_limesurvey_codes_follow_limesurveys_rules(questionnaire: Questionnaire) -> None:
    names = limesurvey_names(questionnaire)
    codes = [*names.questions.values(), *names.status.values(), *names.entity.values()]
    assert all(LIMESURVEY_CODE.match(code) for code in codes), codes
    assert len({c.casefold() for c in codes}) == len(codes)
    assert not {c.casefold() for c in codes} & LIMESURVEY_RESERVED
    for qid, options in names.options.items():
        answer_codes = list(options.values())
        assert all(LIMESURVEY_ANSWER.match(a) for a in answer_codes), answer_codes
        assert len({a.casefold() for a in answer_codes}) == len(answer_codes), qid
        assert not {a.casefold() for a in answer_codes} & {"dk", "na"}


@settings(max_examples=150, deadline=None)
@given(questionnaires())
def test_xlsform_names_are_unique_xml_names(questionnaire: Questionnaire) -> None:
    names = xlsform_names(questionnaire)
    fields = [*names.questions.values(), *names.status.values(), *names.entity.values()]
    assert all(XML_NAME.match(name) for name in [*fields, *names.groups.values()])
    assert len(set(fields)) == len(fields)
    own = {"name", "ags", "einwohner", "kommune", "hinweis"}  # the form's own fields
    assert all(
        names.questions[q.id] == q.id
        for q in questionnaire.questions
        if q.id[0].isalpha() and q.id not in own
    )


@settings(max_examples=150, deadline=None)
@given(questionnaires(), st.sampled_from(["xlsform", "limesurvey"]))
def test_the_forms_headings_are_recognised(questionnaire: Questionnaire, form: str) -> None:
    """The headings an export of either form has (value, status and option columns) map back to
    exactly the questions they belong to."""
    names = xlsform_names(questionnaire) if form == "xlsform" else limesurvey_names(questionnaire)
    headings = [names.entity[key] for key, _ in ENTITY_FIELDS]
    expected: dict[str, object] = {}
    for question in questionnaire.questions:
        if not question.scored:
            continue
        name = names.questions[question.id]
        group = names.groups[question.area]
        if question.type == "multi" and form == "limesurvey":
            columns = {
                o.id: f"{name}[{names.options[question.id][o.id]}]" for o in question.options
            }
            headings += columns.values()
            expected[question.id] = ("options", columns)
            continue
        heading = f"{group}/{name}" if form == "xlsform" else name
        headings.append(heading)
        status = ""
        if question.id in names.status:
            status = names.status[question.id]
            status = f"{group}/{status}" if form == "xlsform" else status
            headings.append(status)
        expected[question.id] = ("column", heading, status)
    found, values, _ = recognise_columns(headings, questionnaire)
    assert set(found) == set(expected)
    for qid, spec in found.items():
        want = expected[qid]
        if want[0] == "options":
            assert dict(spec.options) == want[1]
        else:
            assert (spec.column, spec.status) == want[1:]
    for qid, table in values.items():
        assert set(table.values()) <= {o.id for o in questionnaire.question_index[qid].options}
    if form == "limesurvey":  # every renamed answer code is read back, whichever way its column was
        for qid in found:
            renamed = {c: o for o, c in names.options.get(qid, {}).items() if c != o}
            assert renamed.items() <= values.get(qid, {}).items()
