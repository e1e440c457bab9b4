"""results.jsonl is joined from pieces for speed: every line must be the very bytes that the one
serialiser of the JSON result writes for the same municipality, in both languages."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from maturity.batch.results import BatchScores
from maturity.batch.run import run_batch
from maturity.load.catalogue import load_questionnaire
from maturity.model import Questionnaire
from maturity.output.resultjson import ResultSerialiser, json_line
from maturity.scoring.advice import recommend, recommendation_order

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def scores() -> BatchScores:
    return BatchScores(
        run_batch(EXAMPLES / "batch-export.csv", load_questionnaire("digitalcheck-kommune"))
    )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_each_line_is_the_serialisers_bytes(scores: BatchScores, lang: str) -> None:
    serialiser = ResultSerialiser(scores.result.questionnaire, lang)
    capped = 0
    for e in range(len(scores)):
        parts = scores.entity(e)
        assert serialiser.line(parts) == json_line(serialiser.document(parts))
        capped += sum(caps for _, _, caps, *_ in parts.recommendations)
    assert capped  # lines with a recommendation that caps its area's level were compared too
    first = json.loads(serialiser.line(scores.entity(0)))
    assert first["questions"]
    assert first["recommendations"]


def with_steps(questionnaire: Questionnaire) -> Questionnaire:
    """Every other choice question gives advice only for its first option (a ``next`` and no
    recommendation of its own); the others keep theirs and get a ``next`` on their last option."""
    areas = []
    for area in questionnaire.areas:
        questions = []
        for n, question in enumerate(area.questions):
            q = question
            if q.type == "choice":
                own = {"de": f"Nächster Schritt nach {q.id}", "en": f"Next step after {q.id}"}
                if n % 2:
                    options = (replace(q.options[0], next=own), *q.options[1:])
                    q = replace(q, options=options, recommendation=None)
                else:
                    q = replace(q, options=(*q.options[:-1], replace(q.options[-1], next=own)))
            questions.append(q)
        areas.append(replace(area, questions=tuple(questions)))
    return replace(questionnaire, areas=tuple(areas))


def test_recommendations_ordered_as_the_single_path_orders_them(scores: BatchScores) -> None:
    questionnaire = with_steps(scores.result.questionnaire)
    gains = scores.result.table[[f"{q.id}:gain" for q in questionnaire.scored_questions]]
    rng = np.random.default_rng(7)
    steps = np.column_stack(
        [rng.integers(-1, len(q.steps), size=len(gains)) for q in questionnaire.scored_questions]
    )
    order = recommendation_order(questionnaire, gains.to_numpy(), steps)
    ids = [q.id for q in questionnaire.scored_questions]
    for e, positions in enumerate(order):
        single = recommend(questionnaire, scores.gains[e], steps=steps[e].tolist())
        assert [ids[p] for p in positions] == [r.question for r in single]


def test_percent_signs_in_texts_are_written_as_they_are(scores: BatchScores) -> None:
    """The lines are filled into templates with ``%b`` where the numbers go: a text's own ``%``
    (or ``%b``) must come out unchanged."""
    questionnaire = scores.result.questionnaire
    text = {"de": "Quote über 50 % heben (%b, %%, %s)", "en": "raise above 50 % (%b, %%, %s)"}
    areas = tuple(
        replace(
            area,
            name={"de": "Bereich 100 %", "en": "Area 100 %"},
            questions=tuple(replace(q, recommendation=text) for q in area.questions),
        )
        for area in questionnaire.areas
    )
    serialiser = ResultSerialiser(replace(questionnaire, areas=areas), "de")
    parts = scores.entity(0)
    assert parts.recommendations
    line = serialiser.line(parts)
    assert line == json_line(serialiser.document(parts))
    assert text["de"] in {r["text"] for r in json.loads(line)["recommendations"]}
