"""Every file in tests/data/invalid/ (mistakes a person makes) and tests/data/hostile/ (files made to
break the tool) fails validation with exactly the messages in its .expected file: exit 1, every
problem located in the file, at most 50 problems shown, quickly and without a traceback."""

import os
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
    assert all(case.with_suffix(suffix).is_file() for case in CASES for suffix in EXPECTED.values())


EXPECTED = {"de": ".expected", "en": ".en.expected"}
"""German is what a user reads by default; English must say the same."""


@pytest.mark.parametrize("lang", list(EXPECTED))
@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_negative_example(case: Path, lang: str, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case.parent)
    args = ["validate", case.name, "--lang", lang]
    if case.name.startswith("answers-") or case.parent == HOSTILE:
        args[1:1] = ["-q", "../mini-questionnaire.yaml"]
    elif case.name.startswith("routed-answers-"):
        args[1:1] = ["-q", "../routed-questionnaire.yaml"]
    started = time.perf_counter()
    result = run(*args)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    expected = case.with_suffix(EXPECTED[lang])
    if os.environ.get("MATURITY_UPDATE_GOLD"):
        expected.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected.read_text(encoding="utf-8")
    # one line per problem, each starting with the file it is about, and not too many
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 51
    assert all(line.startswith(case.name) for line in lines)
