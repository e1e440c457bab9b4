"""Every file in tests/data/invalid/ fails validation with exactly the messages in its .expected file."""

from pathlib import Path

import pytest

from .conftest import DATA, Run

INVALID = DATA / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))


def test_there_are_negative_examples() -> None:
    assert len(CASES) >= 10
    assert all(case.with_suffix(".expected").is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_negative_example(case: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    args = ["validate", case.name]
    if case.name.startswith("answers-"):
        args[1:1] = ["-q", "../mini-questionnaire.yaml"]
    result = run(*args)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert result.stderr == expected
    # one line per problem, each starting with the file it is about
    assert all(line.startswith(case.name) for line in result.stderr.splitlines())
