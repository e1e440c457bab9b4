"""The scoring contract in the quick subset (`-m "not slow"`): hand-computed cases for the rules the
slow property tests cover at length – coverage exactly at its bar, respondents mixing "weiß nicht",
"nicht zutreffend" and answers, more distinct numbers than are counted split across the parts of an
export, a tie for the next step – and the single path == batch properties with a few examples each."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.batch.results import results_lines
from maturity.batch.run import run_batch
from maturity.model import Answer, AnswerSet, Questionnaire
from maturity.scoring.single import score_answers
from maturity.survey.read import exports

from .conftest import DATA, MINI, Run
from .test_vectorised import assert_same as assert_same_row
from .test_vectorised import (
    batches,
    check_merged,
    coded_columns,
    municipalities,
    table_of,
)

FAST = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _lines(export: Path, questionnaire: Path | Questionnaire) -> list[dict[str, object]]:
    from maturity.load.catalogue import load_questionnaire

    loaded = (
        questionnaire
        if isinstance(questionnaire, Questionnaire)
        else load_questionnaire(questionnaire)
    )
    return [json.loads(line) for line in results_lines(run_batch(export, loaded))]


# --- §4.2/§4.3: coverage exactly at min_coverage -----------------------------------------------------


def test_coverage_exactly_at_min_coverage_scores_on_both_paths(
    mini: Questionnaire, tmp_path: Path
) -> None:
    """alpha with only a-choice answered (weight 2 of 4) is at 0.5 exactly: scored; beta with weight
    2 of 4 left unanswered: the overall coverage is 0.5 exactly, so there is an overall score."""
    equal = replace(mini, areas=(mini.areas[0], replace(mini.areas[1], weight=2.0)))
    result = score_answers(equal, AnswerSet("mini", {"a-choice": Answer("1")}))
    alpha, beta = result.areas
    assert (alpha.status, alpha.coverage, alpha.score) == ("scored", 0.5, 50.0)
    assert beta.status == "insufficient"
    assert result.overall.coverage == 0.5
    assert result.overall.score == pytest.approx(50.0)
    export = tmp_path / "export.csv"
    export.write_text("ags,a-choice\n01001000,1\n", encoding="utf-8")
    (line,) = _lines(export, equal)
    assert line["overall"] == {  # type: ignore[comparison-overlap]
        "score": 50.0, "level": 3, "level_name": "Drei", "coverage": 0.5, "capped_by": [],
    }  # fmt: skip


# --- §4.6: three respondents mixing states -------------------------------------------------------------


def test_three_respondents_mixing_unknown_na_and_answers(tmp_path: Path) -> None:
    """Per question: the mean over those who answered or said "weiß nicht"; "weiß nicht" by all of
    them is ``unknown``; else ``na`` if anyone said "nicht zutreffend"; else ``missing``."""
    export = tmp_path / "export.csv"
    rows = [  # a-choice, a-yesno, b-linear, b-number
        ("2", "weiß nicht", "nicht zutreffend", ""),
        ("weiß nicht", "weiß nicht", "", ""),
        ("", "nicht zutreffend", "", ""),
    ]
    text = "ags,respondent,a-choice,a-yesno,b-linear,b-number\n"
    text += "".join(f"01001000,r{i},{','.join(row)}\n" for i, row in enumerate(rows))
    export.write_text(text, encoding="utf-8")
    (line,) = _lines(export, MINI)
    questions = {q["id"]: (q["state"], q["score"]) for q in line["questions"]}  # type: ignore[attr-defined, index]
    assert questions["a-choice"] == ("scored", 0.5)  # (1 + 0) / 2; the blank leaves the mean
    assert questions["a-yesno"] == ("unknown", 0.0)  # all who answered did not know; "na" aside
    assert questions["b-linear"] == ("na", None)  # one "nicht zutreffend", nobody answered
    assert questions["b-number"] == ("missing", None)
    assert line["respondents"] == 3


# --- §4.6 across the parts of an export: more distinct values than are counted --------------------------


def test_more_distinct_numbers_than_are_counted_split_across_parts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """b-percent (linear) with 60 distinct values over two municipalities, read 20 records a part:
    the first parts are counted per value, a later one switches to summing; the means are exact."""
    monkeypatch.setattr(exports, "BLOCK_BYTES", 512)
    monkeypatch.setattr(exports, "PART_RECORDS", 20)
    values = [round(1 + i * 1.5, 2) for i in range(60)]
    export = tmp_path / "export.csv"
    lines = ["ags,respondent,b-percent"]
    lines += [f"0100{1 + i % 2}000,r{i},{v}" for i, v in enumerate(values)]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _lines(export, MINI)
    for index, line in enumerate(results):
        own = values[index::2]
        percent = next(q for q in line["questions"] if q["id"] == "b-percent")  # type: ignore[attr-defined]
        assert percent["score"] == pytest.approx(sum(own) / len(own) / 100, abs=1e-12)


# --- §4.5/§4.6: a tie for the next step -----------------------------------------------------------------


def test_a_tie_for_the_next_step_takes_the_lower_answer(tmp_path: Path) -> None:
    """Two respondents, "nein" and "Entwurf": each answer is as common as the other, so the next step
    is that of the lower one ("Den Wärmeplan beginnen.")."""
    export = tmp_path / "export.csv"
    answered = "2,ja,melde,ja,5,ja"  # the other questions at full score, so both areas are scored
    export.write_text(
        "ags,respondent,a-plan,a-zulassung,a-services,b-rechenzentrum,b-schulungen,b-gross,"
        f"b-landesrecht\n09001000,r1,{answered},entwurf\n09001000,r2,{answered},nein\n",
        encoding="utf-8",
    )
    (line,) = _lines(export, DATA / "routed-questionnaire.yaml")
    (rec,) = [r for r in line["recommendations"] if r["question"] == "b-landesrecht"]  # type: ignore[attr-defined]
    assert rec["text"] == "Den Wärmeplan beginnen."


# --- single == batch, a few examples in the quick subset ----------------------------------------------


@FAST
@given(batches(max_size=4))
def test_fast_vectorised_equals_single_path_per_respondent(
    batch: tuple[Questionnaire, list[AnswerSet]],
) -> None:
    questionnaire, answer_sets_ = batch
    table = table_of(questionnaire, coded_columns(questionnaire, answer_sets_))
    for r, answers in enumerate(answer_sets_):
        assert_same_row(score_answers(questionnaire, answers), table.iloc[r])


@FAST
@given(batches(max_size=5), st.data())
def test_fast_merging_respondents_follows_4_6(
    batch: tuple[Questionnaire, list[AnswerSet]], data: st.DataObject
) -> None:
    questionnaire, answer_sets_ = batch
    entities, entity = data.draw(municipalities(len(answer_sets_)))
    check_merged(questionnaire, answer_sets_, entities, entity)


@FAST
@given(batches(max_size=5), st.data())
def test_fast_merging_with_the_sparse_count_of_wide_questions(
    batch: tuple[Questionnaire, list[AnswerSet]], data: st.DataObject
) -> None:
    """A keyed question with many slots (a multi-select of many options) is counted by the pairs that
    occur; forced onto every keyed question, that count merges exactly as the dense one does."""
    questionnaire, answer_sets_ = batch
    entities, entity = data.draw(municipalities(len(answer_sets_)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("maturity.scoring.vectorised.WIDE_TALLY", 0)
        check_merged(questionnaire, answer_sets_, entities, entity)


def test_the_quick_subset_runs_the_end_to_end_property(run: Run) -> None:
    """The CSV export -> results.jsonl == report -f json property of the slow suite, once."""
    from .test_vectorised import test_results_jsonl_equals_the_single_path as slow

    inner = slow.hypothesis.inner_test  # type: ignore[attr-defined]
    fast = settings(
        max_examples=3,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(given(batches(max_size=4), st.data())(lambda batch, data: _end_to_end(inner, batch, data)))
    fast()


def _end_to_end(inner: object, batch: object, data: st.DataObject) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        inner(batch=batch, data=data, tmp_path=Path(folder))  # type: ignore[operator]
