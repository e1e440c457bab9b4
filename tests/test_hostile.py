"""Hostile inputs: each file in tests/data/hostile/ is refused with exactly the messages in its
.expected file (exit 1, every problem located, output bounded), quickly and without a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import DATA, Run

HOSTILE = DATA / "hostile"
CASES = sorted(HOSTILE.glob("*.yaml"))


def test_there_are_hostile_examples() -> None:
    assert len(CASES) >= 10
    assert all(case.with_suffix(".expected").is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_yaml(case: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HOSTILE)
    started = time.perf_counter()
    result = run("validate", "-q", "../mini-questionnaire.yaml", case.name)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == case.with_suffix(".expected").read_text(encoding="utf-8")
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 51
    assert all(line.startswith(case.name) for line in lines)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_yaml_in_every_command_that_reads_answers(
    case: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(HOSTILE)
    for args in (["score"], ["report", "-f", "json", "-o", str(tmp_path / "r.json")]):
        result = run(*args, case.name, "-q", "../mini-questionnaire.yaml")
        assert result.exit_code == 1, (args, result.stderr)
        assert result.stderr.startswith(case.name)


def test_merged_keys_are_not_duplicates_and_explicit_keys_win(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "questionnaire: mini\n"
        "answers:\n"
        "  <<: [{a-choice: '0', a-yesno: ja}, {a-choice: '1', b-number: 5}]\n"
        "  a-choice: '2'\n",
        encoding="utf-8",
    )
    result = run("report", answers, "-q", DATA / "mini-questionnaire.yaml", "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    import json

    questions = {q["id"]: q for q in json.loads(result.stdout)["questions"]}
    assert questions["a-choice"]["score"] == 1.0  # the mapping's own key wins
    assert questions["a-yesno"]["score"] == 1.0  # merged from the first source
    assert questions["b-number"]["state"] == "scored"  # merged from the second source
