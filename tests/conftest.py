"""Shared fixtures: the real CLI through Typer's runner, and the test data files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import Phase, settings
from typer.testing import CliRunner

from maturity.cli.app import app
from maturity.i18n import LANGUAGE_VARIABLE, set_language
from maturity.load.catalogue import load_questionnaire
from maturity.model import Questionnaire

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
MINI = DATA / "mini-questionnaire.yaml"
MINI_ANSWERS = DATA / "mini-answers.yaml"
SHARED = ROOT.parent / "shared"

IN_CI = os.environ.get("CI", "").lower() in ("true", "1")


def require(available: bool, what: str) -> None:
    """Skip a test whose prerequisite is missing on a developer's machine (a bare clone without
    ``../shared``, no Chromium); under CI (``CI=true``), where ``.ci/run`` provides every prerequisite,
    fail loudly instead, so that no test is ever skipped there unnoticed."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI must run every test", pytrace=False)
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' own cache of parsed questionnaires: never the user's."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch, cache_folder: Path) -> Iterator[None]:
    """Tests read the tool's messages in English unless they choose German (``--lang de``, or
    ``MATURITY_LANG=de``); the language a test chose never leaks into the next one. Parsed
    questionnaires are cached in a folder of the test session."""
    monkeypatch.setenv(LANGUAGE_VARIABLE, "en")
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(cache_folder))
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def shared_exports() -> Path:
    """The real survey exports in ``../shared/exports``."""
    exports = SHARED / "exports"
    require(exports.is_dir(), "../shared/exports (beside the repository)")
    return exports


# `pytest --hypothesis-profile=no-shrink` reports the first failing example at once (for trying out
# whether a test catches a deliberately broken rule).
settings.register_profile("no-shrink", phases=[Phase.explicit, Phase.reuse, Phase.generate])


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


Run = Callable[..., CliResult]


def run_cli(*args: str | Path) -> CliResult:
    """Run ``maturity ARGS...`` in-process and return exit code, stdout and stderr separately."""
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def run() -> Run:
    """:func:`run_cli` as a fixture."""
    return run_cli


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(MINI)
