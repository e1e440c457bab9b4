"""Shared fixtures: the real CLI through Typer's runner, and the test data files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from maturity.cli.app import app
from maturity.load.questionnaire import load_questionnaire
from maturity.model import Questionnaire

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
MINI = DATA / "mini-questionnaire.yaml"
MINI_ANSWERS = DATA / "mini-answers.yaml"
SHARED = ROOT.parent / "shared"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


Run = Callable[..., CliResult]


@pytest.fixture
def run() -> Run:
    """Run ``maturity ARGS...`` in-process and return exit code, stdout and stderr separately."""

    def invoke(*args: str | Path) -> CliResult:
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(MINI)
