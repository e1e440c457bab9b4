"""Every file in tests/data/invalid/ (mistakes a person makes) and tests/data/hostile/ (files made to
break the tool) fails validation with exactly the messages in its .expected file: exit 1, every
problem located in the file, at most 50 problems shown, quickly and without a traceback."""

import time
from pathlib import Path

import pytest

from .conftest import DATA, Run

INVALID = DATA / "invalid"
HOSTILE = DATA / "hostile"
CASES = sorted([*INVALID.glob("*.yaml"), *HOSTILE.glob("*.yaml")])


def test_there_are_negative_and_hostile_examples() -> None:
    assert len(list(INVALID.glob("*.yaml"))) >= 10
    assert len(list(HOSTILE.glob("*.yaml"))) >= 10
    assert all(case.with_suffix(".expected").is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_negative_example(case: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case.parent)
    args = ["validate", case.name]
    if case.name.startswith("answers-") or case.parent == HOSTILE:
        args[1:1] = ["-q", "../mini-questionnaire.yaml"]
    started = time.perf_counter()
    result = run(*args)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == case.with_suffix(".expected").read_text(encoding="utf-8")
    # one line per problem, each starting with the file it is about, and not too many
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 51
    assert all(line.startswith(case.name) for line in lines)
