"""The scoring rules (docs/scoring.md) on hand-computed cases (mini questionnaire, see tests/data)."""

from dataclasses import replace

import pytest

from maturity.load.answers import load_answers
from maturity.model import Answer, AnswerSet, Questionnaire
from maturity.scoring.single import score_answers

from .conftest import MINI_ANSWERS


def answers(values: dict[str, Answer]) -> AnswerSet:
    return AnswerSet(questionnaire="mini", answers=values)


def value(v: object) -> Answer:
    return Answer(v)  # type: ignore[arg-type]


def test_mini_example_matches_hand_computation(mini: Questionnaire) -> None:
    answer_set, _, _ = load_answers(MINI_ANSWERS, mini)
    result = score_answers(mini, answer_set)
    alpha, beta = result.areas
    # alpha: (2*0.5 + 1*0.75 + 1*1) / 4
    assert alpha.score == pytest.approx(68.75)
    assert alpha.level == 2  # level 3 by score, capped by the gate on a-choice
    assert alpha.capped_by == ("a-choice",)
    # beta: (1*0.5 + 1*0 (unknown) + 3*0.625) / 5
    assert beta.score == pytest.approx(47.5)
    assert beta.level == 2
    assert result.overall.score == pytest.approx((2 * 68.75 + 47.5) / 3)
    assert result.overall.level == 3
    gains = {q.id: q.gain for q in result.questions}
    assert gains["a-choice"] == pytest.approx(100 * 2 / 3 * 2 / 4 * 0.5)
    assert gains["b-percent"] == pytest.approx(100 / 3 * 3 / 5 * 0.375)
    assert gains["a-yesno"] == 0
    assert sum(g or 0 for g in gains.values()) == pytest.approx(100 - result.overall.score)
    assert [r.question for r in result.recommendations] == [
        "a-choice",
        "b-percent",
        "a-multi",
        "b-number",
    ]
    assert result.recommendations[0].caps_level
    assert [r.phase for r in result.recommendations] == [
        "quick_wins",
        "quick_wins",
        "strategic",
        "medium_term",
    ]


def test_question_states(mini: Questionnaire) -> None:
    result = score_answers(
        mini,
        answers(
            {
                "a-choice": value("2"),
                "a-yesno": Answer(None, "na"),
                "b-linear": Answer(None, "unknown"),
            }
        ),
    )
    states = {q.id: (q.state, q.score) for q in result.questions}
    assert states["a-choice"] == ("scored", 1.0)
    assert states["a-yesno"] == ("na", None)
    assert states["b-linear"] == ("unknown", 0.0)
    assert states["a-multi"] == ("missing", None)
    assert "b-note" not in states  # text questions never count


@pytest.mark.parametrize(
    ("number", "expected"),
    [(0, 0.0), (9.99, 0.0), (10, 0.5), (99, 0.5), (100, 1.0), (1000, 1.0)],
)
def test_number_bands(mini: Questionnaire, number: float, expected: float) -> None:
    result = score_answers(mini, answers({"b-number": value(float(number))}))
    assert result.question_index["b-number"].score == expected


@pytest.mark.parametrize(("minutes", "expected"), [(60, 0.0), (5, 1.0), (0, 1.0), (32.5, 0.5)])
def test_linear_lower_is_better(mini: Questionnaire, minutes: float, expected: float) -> None:
    result = score_answers(mini, answers({"b-linear": value(float(minutes))}))
    assert result.question_index["b-linear"].score == pytest.approx(expected)


@pytest.mark.parametrize(
    ("selected", "expected"),
    [((), 0.0), (("x",), 0.25), (("x", "y"), 0.75), (("x", "y", "z"), 1.0), (("none",), 0.0)],
)
def test_multi_points_capped_at_max_points(
    mini: Questionnaire, selected: tuple[str, ...], expected: float
) -> None:
    result = score_answers(mini, answers({"a-multi": value(selected)}))
    assert result.question_index["a-multi"].score == expected


def test_area_below_min_coverage_is_insufficient(mini: Questionnaire) -> None:
    # alpha: only a-multi (weight 1 of 4) answered -> coverage 0.25 < 0.5
    result = score_answers(mini, answers({"a-multi": value(("x",)), "b-percent": value(50.0)}))
    alpha, beta = result.areas
    assert (alpha.status, alpha.score, alpha.level, alpha.coverage) == (
        "insufficient",
        None,
        None,
        0.25,
    )
    assert beta.status == "scored"
    assert beta.coverage == pytest.approx(3 / 5)
    # overall coverage: beta's weight 1 of 3 -> below 0.5, so no overall score
    assert result.overall.score is None
    assert result.overall.coverage == pytest.approx(1 / 3)
    # gains are computed for scored areas only
    assert result.question_index["a-multi"].gain is None
    assert result.question_index["b-percent"].gain == pytest.approx(100 * 1 * 3 / 3 * 0.5)


def test_all_na_area_is_not_applicable_and_leaves_the_overall(mini: Questionnaire) -> None:
    beta_questionnaire = replace(
        mini,
        areas=(
            mini.areas[0],
            replace(
                mini.areas[1],
                questions=tuple(replace(q, allow_na=True) for q in mini.areas[1].questions),
            ),
        ),
    )
    na = Answer(None, "na")
    result = score_answers(
        beta_questionnaire,
        answers(
            {
                "a-choice": value("2"),
                "a-multi": value(("x", "y", "z")),
                "a-yesno": value(True),
                "b-number": na,
                "b-linear": na,
                "b-percent": na,
            }
        ),
    )
    assert result.areas[1].status == "not_applicable"
    assert result.overall.score == 100.0
    assert result.overall.coverage == 1.0


def test_no_answers_at_all(mini: Questionnaire) -> None:
    result = score_answers(mini, answers({}))
    assert result.overall.score is None
    assert all(a.status == "insufficient" for a in result.areas)
    assert result.recommendations == ()


def test_gate_does_not_cap_when_met(mini: Questionnaire) -> None:
    result = score_answers(
        mini, answers({"a-choice": value("2"), "a-multi": value(("x",)), "a-yesno": value(False)})
    )
    assert result.areas[0].capped_by == ()
    assert result.areas[0].level == mini.level_for(result.areas[0].score or 0)


def test_unknown_answer_still_caps(mini: Questionnaire) -> None:
    result = score_answers(
        mini,
        answers(
            {
                "a-choice": Answer(None, "unknown"),
                "a-multi": value(("x", "y", "z")),
                "a-yesno": value(True),
            }
        ),
    )
    alpha = result.areas[0]
    assert alpha.score == pytest.approx(50.0)  # level 3 by score
    assert alpha.capped_by == ("a-choice",)  # "weiß nicht" scores 0 and so fails the gate
    assert alpha.level == 2
