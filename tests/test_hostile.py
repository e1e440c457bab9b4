"""Hostile YAML in every command that reads answers (their exact messages: test_invalid_examples.py),
and merge keys read as YAML defines them."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DATA, Run

HOSTILE = DATA / "hostile"
CASES = sorted(HOSTILE.glob("*.yaml"))


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
