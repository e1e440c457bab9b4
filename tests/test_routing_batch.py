"""Routing and next steps on the batch path agree with the single path (§4.1, §4.5, §4.6): per
respondent (routed by their own profile), merged per municipality (routed by the most common profile
answers, the next step of the most common answer), in the spreads, and end to end from a CSV export
to results.jsonl, with respondents of one municipality giving differing profile answers."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.batch.results import results_lines
from maturity.batch.run import run_batch
from maturity.load.catalogue import load_questionnaire
from maturity.model import (
    LAND,
    POPULATION,
    AnswerSet,
    Municipality,
    ProfileValue,
    Questionnaire,
    land_of_ags,
)
from maturity.output.resultjson import result_to_dict
from maturity.routing import deadline, facts_of, routed
from maturity.scoring.routed import ProfileColumn, route_rows, routing_table
from maturity.scoring.single import score_answers, score_states
from maturity.scoring.states import STATE_CODES, CodedColumn
from maturity.scoring.vectorised import area_spreads, frame_of, merge_respondents, score_frame

from .reference import merged_by_definition, spreads_by_definition
from .strategies import BOUNDS, answer_sets, regated, reweighted
from .test_routing import ROUTED
from .test_vectorised import assert_same, assert_same_json, cell, close, municipalities

pytestmark = pytest.mark.slow


def coded_columns(questionnaire: Questionnaire, members: list[AnswerSet]) -> list[CodedColumn]:
    """Every scored question over the respondents as the batch decoder codes it: unrouted, with
    the answers' keys where the question is keyed."""
    from maturity.scoring.single import question_score

    columns = []
    for q in questionnaire.scored_questions:
        answers = [a.answers.get(q.id) for a in members]
        each = [question_score(q, answer) for answer in answers]
        states = np.array([STATE_CODES[s.state] for s in each], dtype=np.int8)
        scores = np.array([np.nan if s.score is None else s.score for s in each])
        keys = np.array(
            [q.answer_key(a.value) if a is not None and a.kind == "value" else -1 for a in answers],
            dtype=np.int64,
        )
        columns.append(CodedColumn.from_rows(states, scores, keys if q.keyed else None))
    return columns


def profile_arrays(
    questionnaire: Questionnaire,
    profiles: list[dict[str, ProfileValue]],
    municipalities: list[Municipality],
) -> dict[str, ProfileColumn]:
    """The routing facts of each row as the batch codes them: profile, population and Land."""
    populations = [m.population for m in municipalities]
    arrays: dict[str, ProfileColumn] = {}
    for p in questionnaire.profile:
        if p.type == "number":
            values = np.array([float(pr.get(p.id, np.nan)) for pr in profiles])
        else:
            values = np.array([str(pr.get(p.id, "")) for pr in profiles], dtype=object)
        arrays[p.id] = ProfileColumn.of(values)
    arrays[POPULATION] = ProfileColumn.of(
        np.array([np.nan if x is None else float(x) for x in populations])
    )
    arrays[LAND] = ProfileColumn.of(np.array([m.state for m in municipalities], dtype=object))
    return arrays


def most_common_profile(
    questionnaire: Questionnaire, members: list[AnswerSet]
) -> dict[str, ProfileValue]:
    """§4.6: per profile question the most common answer given, ties to the first."""
    profile: dict[str, ProfileValue] = {}
    for p in questionnaire.profile:
        given = [m.profile[p.id] for m in members if p.id in m.profile]
        if given:
            counts = Counter(given)
            top = max(counts.values())
            profile[p.id] = next(v for v in given if counts[v] == top)
    return profile


@st.composite
def routed_batches(draw: st.DrawFn, max_size: int = 7) -> tuple[Questionnaire, list[AnswerSet]]:
    questionnaire = draw(regated(draw(reweighted(load_questionnaire(ROUTED)))))
    return questionnaire, draw(st.lists(answer_sets(questionnaire), min_size=1, max_size=max_size))


@settings(max_examples=150, deadline=None)
@given(routed_batches())
def test_each_respondent_is_routed_by_their_own_profile(
    batch: tuple[Questionnaire, list[AnswerSet]],
) -> None:
    questionnaire, members = batch
    arrays = profile_arrays(
        questionnaire,
        [dict(m.profile) for m in members],
        [m.municipality for m in members],
    )
    table = routing_table(questionnaire.scored_questions, arrays, len(members))
    columns = route_rows(
        coded_columns(questionnaire, members), questionnaire.scored_questions, table
    )
    states = np.column_stack([c.states for c in columns])
    scores = np.column_stack([c.scores for c in columns])
    frame = score_frame(frame_of(states, scores, questionnaire), questionnaire)
    for r, answers in enumerate(members):
        assert_same(score_answers(questionnaire, answers), frame.iloc[r])


@settings(max_examples=150, deadline=None)
@given(routed_batches(), st.data())
def test_municipalities_are_routed_by_their_most_common_profile(
    batch: tuple[Questionnaire, list[AnswerSet]], data: st.DataObject
) -> None:
    questionnaire, members_all = batch
    entities, entity = data.draw(municipalities(len(members_all)))
    groups = [
        [m for m, e in zip(members_all, entity, strict=True) if e == k] for k in range(entities)
    ]
    municipality = [
        AnswerSet(
            questionnaire.id,
            {},
            municipality=g[0].municipality if g else Municipality(),
            profile=most_common_profile(questionnaire, g),
        )
        for g in groups
    ]
    entity_arrays = profile_arrays(
        questionnaire,
        [dict(m.profile) for m in municipality],
        [m.municipality for m in municipality],
    )
    routing = routing_table(questionnaire.scored_questions, entity_arrays, entities)
    columns = coded_columns(questionnaire, members_all)
    merged = merge_respondents(columns, entity, entities, questionnaire.scored_questions, routing)
    table = score_frame(
        frame_of(merged.states, merged.scores, questionnaire, merged.held), questionnaire
    )
    row_arrays = profile_arrays(
        questionnaire,
        [dict(m.profile) for m in members_all],
        [m.municipality for m in members_all],
    )
    own = routing_table(questionnaire.scored_questions, row_arrays, len(members_all))
    spreads = area_spreads(columns, entity, entities, questionnaire, own)
    for e in range(entities):
        expected, steps = merged_by_definition(questionnaire, groups[e], municipality[e])
        assert_same(score_states(questionnaire, expected, steps=steps), table.iloc[e])
        for c, q in enumerate(questionnaire.scored_questions):
            assert merged.steps[e, c] == steps.get(q.id, -1), q.id
        expected_spreads = spreads_by_definition(questionnaire, groups[e])
        for area in questionnaire.areas:
            low, high = spreads[area.id][0][e], spreads[area.id][1][e]
            if area.id in expected_spreads:
                assert close(expected_spreads[area.id][0], low)
                assert close(expected_spreads[area.id][1], high)
            else:
                assert np.isnan(low)


def profile_cell(value: ProfileValue | None) -> str:
    if value is None:
        return ""
    # positional, exactly (an export writes ASCII digits and a point, never an exponent)
    return np.format_float_positional(value, trim="-") if isinstance(value, float) else str(value)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=routed_batches(max_size=8), data=st.data())
def test_results_jsonl_of_a_routed_export_equals_the_single_path(
    batch: tuple[Questionnaire, list[AnswerSet]], data: st.DataObject, tmp_path: Path
) -> None:
    questionnaire, members_all = batch
    members_all = [
        AnswerSet(
            a.questionnaire,
            {qid: x for qid, x in a.answers.items() if x.value != ()},
            profile=a.profile,
        )
        for a in members_all
    ]
    entities, entity = data.draw(municipalities(len(members_all)))
    population = data.draw(
        st.lists(
            st.none() | st.integers(0, 200_000) | st.sampled_from(BOUNDS),
            min_size=entities,
            max_size=entities,
        )
    )
    # each municipality in a Land of its own choosing (its AGS's first two digits)
    ags = [
        f"{data.draw(st.sampled_from(['01', '07', '08', '09']))}{e:06d}" for e in range(entities)
    ]
    members_all = [
        AnswerSet(
            a.questionnaire,
            a.answers,
            municipality=Municipality(
                population=population[int(e)], state=land_of_ags(ags[int(e)])
            ),
            profile=a.profile,
        )
        for a, e in zip(members_all, entity, strict=True)
    ]
    export = tmp_path / "export.csv"
    questions = questionnaire.scored_questions
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["ags", "einwohner", *(p.id for p in questionnaire.profile), *(q.id for q in questions)]
        )
        for r, answers in enumerate(members_all):
            e = int(entity[r])
            writer.writerow(
                [
                    ags[e],
                    "" if population[e] is None else str(population[e]),
                    *(profile_cell(answers.profile.get(p.id)) for p in questionnaire.profile),
                    *(cell(answers.answers.get(q.id)) for q in questions),
                ]
            )
    result = run_batch(export, questionnaire)
    assert result.rows_read == result.rows_scored == len(members_all)
    lines = [json.loads(line) for line in results_lines(result)]
    order = list(dict.fromkeys(int(e) for e in entity))
    for line, e in zip(lines, order, strict=True):
        group = [m for m, k in zip(members_all, entity, strict=True) if k == e]
        municipality = AnswerSet(
            questionnaire.id,
            {},
            questionnaire.version,
            Municipality(
                name=ags[e], ags=ags[e], state=land_of_ags(ags[e]), population=population[e]
            ),
            profile=most_common_profile(questionnaire, group),
        )
        merged, steps = merged_by_definition(questionnaire, group, municipality)
        facts = facts_of(municipality.profile, municipality.municipality)
        single = score_states(
            questionnaire,
            merged,
            answers=municipality,
            respondents=len(group),
            spreads=spreads_by_definition(questionnaire, group),
            steps=steps,
            deadlines={q.id: deadline(q, facts) for q in questions if q.due},
            as_of=result.as_of,
        )
        assert_same_json(result_to_dict(single), line)


def test_a_routed_question_answered_anyway_changes_nothing_in_a_batch(tmp_path: Path) -> None:
    questionnaire = load_questionnaire(ROUTED)
    export = tmp_path / "export.csv"
    export.write_text(
        "ags,traeger,a-plan,a-zulassung,a-services\n"
        '09000001,amtsgemeinde,1,ja,"melde,bau"\n'
        "09000001,amtsgemeinde,0,nein,melde\n"
        "09000001,stadt,0,,\n"
        '09000002,stadt,1,ja,"melde,kfz"\n',
        encoding="utf-8",
    )
    result = run_batch(export, questionnaire)
    first, second = (json.loads(line) for line in results_lines(result, "de"))
    assert first["profile"]["traeger"] == "amtsgemeinde"
    questions = {q["id"]: q for q in first["questions"]}
    assert questions["a-zulassung"]["state"] == "na"
    assert questions["a-services"]["score"] == 1.0  # melde alone is all an Amtsgemeinde can do
    # two said "nicht vorhanden", one "in Arbeit": the next step of the most common answer
    texts = {r["question"]: r["text"] for r in first["recommendations"]}
    assert texts["a-plan"] == "Einen Plan beschließen."
    assert second["profile"]["traeger"] == "stadt"
    assert {q["id"]: q["state"] for q in second["questions"]}["a-zulassung"] == "scored"
    assert routed(questionnaire.question_index["a-zulassung"], {"traeger": "stadt"})
