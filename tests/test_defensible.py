"""A score you can defend (§4.2, §4.4–§4.6, §5), on hand-computed cases: no level from too few answers,
foundations that a blank or "weiß nicht" cannot skip, overall gates, the merged gate rule of several
respondents, and legal duties first and on time. Quick tests: each breaks when its rule does."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from maturity.model import Answer, AnswerSet, Gate, Questionnaire, Recommendation
from maturity.scoring.advice import next_steps, priority, roadmap
from maturity.scoring.single import projected, score_answers

from .conftest import DATA, MINI, Run
from .htmlcheck import parse

ROUTED = DATA / "routed-questionnaire.yaml"


def answers(values: dict[str, object], **extra: object) -> AnswerSet:
    return AnswerSet(
        "mini",
        {k: v if isinstance(v, Answer) else Answer(v) for k, v in values.items()},  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


FULL_BETA = {"b-number": 500.0, "b-linear": 5.0, "b-percent": 100.0}


# --- §4.2: few answers, no level ------------------------------------------------------------------


def test_an_area_with_fewer_answers_than_min_questions_keeps_its_score_but_gets_no_level(
    mini: Questionnaire,
) -> None:
    strict = replace(mini, min_questions=2)
    # alpha: only a-choice (weight 2 of 4: coverage 0.5, enough) -> one answer of two needed
    result = score_answers(strict, answers({"a-choice": "2", **FULL_BETA}))
    alpha, beta = result.areas
    assert alpha.status == "scored"
    assert alpha.score == pytest.approx(100.0)
    assert alpha.level is None
    assert alpha.few_questions
    assert alpha.answered == 1
    assert alpha.weight == pytest.approx(2 * 1 / 2)  # W'_a = W_a * n_a / min_questions
    assert beta.answered == 3
    assert not beta.few_questions
    assert beta.level == 4
    assert beta.weight == 1.0
    # overall: (1 * 100 + 1 * 100) / 2, and its coverage counts W_a, not W'_a
    assert result.overall.score == pytest.approx(100.0)
    assert result.overall.coverage == 1.0
    # the lighter weight shows in the overall score: alpha at 0 with W'=1 instead of 2
    low = score_answers(strict, answers({"a-choice": "0", **FULL_BETA}))
    assert low.overall.score == pytest.approx((1 * 0 + 1 * 100) / 2)
    # gains use W' too: a-choice alone at full score would lift the overall by 50 points
    assert low.question_index["a-choice"].gain == pytest.approx(100 * (1 / 2) * (2 / 2) * 1)


def test_an_area_that_does_not_apply_has_no_coverage(mini: Questionnaire) -> None:
    only_alpha = replace(mini, areas=mini.areas[:1])
    result = score_answers(
        only_alpha,
        answers({"a-yesno": Answer(None, "na")}),
    )
    assert result.areas[0].coverage == 0.0  # a-choice and a-multi still apply, unanswered
    all_na = replace(
        mini,
        areas=(
            replace(
                mini.areas[0],
                questions=tuple(replace(q, allow_na=True) for q in mini.areas[0].questions),
            ),
            mini.areas[1],
        ),
    )
    result = score_answers(
        all_na,
        answers({q: Answer(None, "na") for q in ("a-choice", "a-multi", "a-yesno")}),
    )
    assert result.areas[0].status == "not_applicable"
    assert result.areas[0].coverage is None


# --- §4.4: gates that cannot be skipped -----------------------------------------------------------


def test_a_blank_gate_caps_as_an_answer_below_its_bar_does(mini: Questionnaire) -> None:
    # alpha without a-choice: a-multi full, a-yesno yes -> 100 points on half the weight
    full = {"a-multi": ("y", "z"), "a-yesno": True, **FULL_BETA}
    blank = score_answers(mini, answers(full))
    alpha = blank.area_index["alpha"]
    assert alpha.score == pytest.approx(100.0)
    assert alpha.level == 2  # level 4 by the score, capped by the unanswered foundation
    assert alpha.capped_by == ("a-choice",)
    unknown = score_answers(mini, answers({**full, "a-choice": Answer(None, "unknown")}))
    assert unknown.area_index["alpha"].level == 2
    assert unknown.area_index["alpha"].capped_by == ("a-choice",)
    met = score_answers(mini, answers({**full, "a-choice": "2"}))
    assert met.area_index["alpha"].level == 4
    assert met.area_index["alpha"].capped_by == ()


def test_two_failing_gates_in_one_area_the_lowest_cap_wins_and_both_are_named(
    mini: Questionnaire,
) -> None:
    gated = replace(
        mini,
        areas=(
            replace(
                mini.areas[0],
                questions=tuple(
                    replace(q, gate=Gate(1.0, 3)) if q.id == "a-yesno" else q
                    for q in mini.areas[0].questions
                ),
            ),
            mini.areas[1],
        ),
    )
    # alpha: a-choice 0.5 (w 2), a-multi 1, a-yesno no: (1 + 1 + 0) / 4 = 50 -> level 3 by score
    result = score_answers(
        gated, answers({"a-choice": "1", "a-multi": ("y", "z"), "a-yesno": False})
    )
    alpha = result.area_index["alpha"]
    assert alpha.score == pytest.approx(50.0)
    assert alpha.level == 2  # a-choice caps at 2, a-yesno at 3 (not below 3: not listed)
    assert alpha.capped_by == ("a-choice",)
    # with lower level bounds 50 points are level 4: both caps lie below it, both are named
    high = replace(
        gated, levels=tuple(replace(lv, min_score=lv.min_score / 2) for lv in gated.levels)
    )
    result = score_answers(
        high, answers({"a-choice": "1", "a-multi": ("y", "z"), "a-yesno": False})
    )
    assert high.level_for(50.0) == 4
    assert result.area_index["alpha"].capped_by == ("a-choice", "a-yesno")
    assert result.area_index["alpha"].level == 2


def test_na_and_routing_remove_a_gate(mini: Questionnaire) -> None:
    gated = replace(
        mini,
        areas=(
            replace(
                mini.areas[0],
                questions=tuple(
                    replace(q, gate=Gate(1.0, 1)) if q.id == "a-yesno" else q
                    for q in mini.areas[0].questions
                ),
            ),
            mini.areas[1],
        ),
    )
    result = score_answers(
        gated, answers({"a-choice": "2", "a-multi": ("y", "z"), "a-yesno": Answer(None, "na")})
    )
    assert result.area_index["alpha"].level == 4
    assert result.area_index["alpha"].capped_by == ()


def test_an_overall_gate_caps_the_overall_level_and_is_named(mini: Questionnaire) -> None:
    overall = replace(
        mini,
        areas=(
            replace(
                mini.areas[0],
                questions=tuple(
                    replace(q, gate=Gate(1.0, 2, overall=True)) if q.id == "a-choice" else q
                    for q in mini.areas[0].questions
                ),
            ),
            mini.areas[1],
        ),
    )
    given = {"a-multi": ("y", "z"), "a-yesno": True, **FULL_BETA}
    result = score_answers(overall, answers(given))  # a-choice blank
    assert result.overall.score == pytest.approx(100.0)
    assert result.overall.level == 2
    assert result.overall.capped_by == ("a-choice",)
    result = score_answers(overall, answers({**given, "a-choice": "2"}))
    assert result.overall.level == 4
    assert result.overall.capped_by == ()
    # a gate without overall leaves the overall level alone
    result = score_answers(mini, answers(given))
    assert result.overall.level == 4
    assert result.overall.capped_by == ()


def test_where_each_phase_leads_is_the_score_of_its_questions_at_full_score(
    mini: Questionnaire,
) -> None:
    answer_set, *_ = __import__("maturity.load.answers", fromlist=["x"]).load_answers(
        DATA / "mini-answers.yaml", mini
    )
    result = score_answers(mini, answer_set)
    phases = roadmap(result.recommendations)
    done = {rec.question for rec in phases["quick_wins"]}
    assert done == {"a-choice", "b-percent"}
    after = projected(result, done)
    # by hand: a-choice 1, b-percent 1 -> alpha (2 + .75 + 1) / 4 = 93.75, beta (.5 + 0 + 3) / 5 = 70
    assert after.score == pytest.approx((2 * 93.75 + 70) / 3)
    changed = replace(
        answer_set,
        answers={
            **answer_set.answers,
            "a-choice": Answer("2"),
            "b-percent": Answer(100.0),
        },
    )
    assert after == score_answers(mini, changed).overall


# --- §4.6: several respondents ---------------------------------------------------------------------


def _export(folder: Path, rows: list[tuple[str, str]]) -> Path:
    export = folder / "export.csv"
    lines = ["ags,municipality,a-choice,a-multi,a-yesno,b-number,b-percent"]
    lines += [f'{ags},Ort,{choice},"y,z",ja,500,100' for ags, choice in rows]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return export


def test_a_foundation_seventeen_of_eighteen_confirm_holds_and_the_overview_agrees(
    run: Run, tmp_path: Path
) -> None:
    rows = [("01001000", "2")] * 17 + [("01001000", "0")]  # one dissent
    rows += [("01002000", "2")] * 9 + [("01002000", "unknown")] * 9  # half: not more than half
    rows += [("01003000", "2"), ("01003000", "")]  # one confirms, one left it blank
    out = tmp_path / "out"
    done = run("batch", _export(tmp_path, rows), "-q", MINI, "-o", out, "--reports", "html")
    assert done.exit_code == 0, done.stderr
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    alpha = [next(a for a in line["areas"] if a["id"] == "alpha") for line in lines]
    assert alpha[0]["capped_by"] == []  # 17 of 18 say "ja": the foundation is there
    assert alpha[0]["level"] == 4
    assert alpha[1]["capped_by"] == ["a-choice"]  # 9 of 18 is not more than half
    assert alpha[2]["capped_by"] == []  # 1 of the 1 who answered
    # the overview counts the same: missing in 1 of 3 municipalities
    page = parse((out / "index.html").read_text(encoding="utf-8"))
    (section,) = page.find("section", id="foundations")
    assert "1 / 3" in section.text
    report = next((out / "reports").glob("*01001000*.html")).read_text(encoding="utf-8")
    assert "Die Stufe ist begrenzt" not in report


# --- §4.5: duties first and on time ----------------------------------------------------------------


def _routed_answers(folder: Path, population: int, state: str, assessed: str) -> Path:
    path = folder / f"a-{population}-{state}.yaml"
    path.write_text(
        "questionnaire: routed\n"
        f"municipality: {{name: Testort, population: {population}, state: {state}}}\n"
        f"assessed_on: {assessed}\n"
        "profile: {traeger: stadt}\n"
        "answers:\n  a-plan: '0'\n  b-schulungen: 1\n  b-landesrecht: entwurf\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("population", "state", "due", "overdue"),
    [
        (150_000, "BY", "2026-06-30", True),  # over 100,000: the first deadline, passed
        (100_000, "BY", "2028-06-30", False),  # 100,000 is not more than 100,000
        (50_000, "RP", "2028-06-30", False),
    ],
)
def test_a_duty_has_the_deadline_its_population_and_land_give(
    run: Run, tmp_path: Path, population: int, state: str, due: str, overdue: bool
) -> None:
    path = _routed_answers(tmp_path, population, state, "2026-12-01")
    done = run("report", path, "-q", ROUTED, "-f", "json", "-o", "-", "-l", "de")
    assert done.exit_code == 0, done.stderr
    (rec,) = [r for r in json.loads(done.stdout)["recommendations"] if r["obligation"]]
    assert rec["question"] == "b-landesrecht"
    assert (rec["due"], rec["overdue"]) == (due, overdue)
    md = run("report", path, "-q", ROUTED, "-f", "md", "-o", "-", "-l", "de").stdout
    shown = ".".join(reversed(due.split("-")))
    if overdue:
        assert f"überfällig seit {shown}" in md
        assert f"fällig bis {shown}" not in md  # never a promise that has passed
    else:
        assert f"fällig bis {shown}" in md


def test_a_duty_of_another_land_is_not_asked(run: Run, tmp_path: Path) -> None:
    path = _routed_answers(tmp_path, 150_000, "SH", "2026-12-01")
    done = run("report", path, "-q", ROUTED, "-f", "json", "-o", "-")
    questions = {q["id"]: q for q in json.loads(done.stdout)["questions"]}
    assert questions["b-landesrecht"]["state"] == "na"


def _rec(question: str, gain: float, **flags: object) -> Recommendation:
    return Recommendation(question, "a", gain, "low", "quick_wins", **flags)  # type: ignore[arg-type]


def test_the_roadmap_puts_overdue_duties_then_caps_then_duties_by_deadline_then_gain() -> None:
    by_gain = [
        _rec("gain-big", 9.0),
        _rec("cap", 5.0, caps_level=True),
        _rec("duty-2028", 3.0, obligation=True, due="2028-06-30"),
        _rec("duty-none", 2.5, obligation=True),
        _rec("duty-2027", 2.0, obligation=True, due="2027-01-01"),
        _rec("overdue", 0.1, obligation=True, due="2020-04-18", overdue=True),
        _rec("gain-small", 0.05),
    ]
    expected = ["overdue", "cap", "duty-2027", "duty-2028", "duty-none", "gain-big", "gain-small"]
    assert [r.question for r in roadmap(by_gain)["quick_wins"]] == expected
    assert [r.question for r in next_steps(by_gain, 3)] == expected[:3]
    assert priority(by_gain[0]) > priority(by_gain[-2])


SAMPLES = Path(__file__).parent.parent / "reports"


@pytest.mark.parametrize(
    "sample",
    ["musterstadt", "stadt-mustertal", "gemeinde-kleinmusterdorf", "schnellcheck-musterhausen"],
)
def test_the_sample_reports_first_page_never_contradicts_the_answers(sample: str) -> None:
    """Page one of each bundled sample report, parsed: the level it states is the JSON's, a held-back
    level names its foundation with the answer given, areas without enough answers show no level,
    and no deadline in the past is promised."""
    page = parse((SAMPLES / f"{sample}.html").read_text(encoding="utf-8"))
    (glance,) = page.find("section", id="glance")
    (box,) = page.find("div", class_="result")
    held = page.find("div", class_="held-back")
    if held:
        assert "höchste Stufe" not in glance.text
    if sample in ("musterstadt", "stadt-mustertal"):
        # both would reach level 4 or 5 by points; the emergency plan is not rehearsed
        assert "Stufe 3 von 5" in box.text
        (held_box,) = held
        assert "Notfall- und Wiederanlaufplan" in held_box.text
        assert "für Stufe 4 nötig: „Plan im letzten Jahr geübt“" in held_box.text
        assert "Vorreiter" not in box.text
    if sample == "schnellcheck-musterhausen":
        (held_box,) = held
        assert "Antwort: Entwurf in Arbeit" in held_box.text
    if sample == "gemeinde-kleinmusterdorf":
        values = [v.text for v in page.find("span", class_="value")]
        assert any("keine Stufe" in v for v in values)  # Verwaltung: one question applies
        assert not held  # its points give level 2, which the missing strategy allows
    for tag in page.find("span", class_="tag"):
        if tag.text.startswith("fällig bis"):
            day, month, year = tag.text.removeprefix("fällig bis ").split(".")
            assert f"{year}-{month}-{day}" >= "2026-09-22"  # no assessment here is later
