"""Every hostile export in tests/data/hostile/exports/ gives exactly the outcome in its .expected
file: the exit code, then errors.csv (every rejected row with the row a spreadsheet shows) and the
number of respondents scored, or the message when the file is refused. Regenerate with
``MATURITY_UPDATE_GOLD=1`` after an intended change and review the diff."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from .conftest import DATA, MINI, Run

EXPORTS = DATA / "hostile" / "exports"
CASES = sorted(EXPORTS.glob("*.csv"))


def outcome(run: Run, export: Path, out: Path) -> str:
    result = run("batch", export, "-q", MINI, "-o", out, "--reports", "none")
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1)
    lines = [f"exit {result.exit_code}"]
    if not (out / "summary.csv").exists():
        return "\n".join([*lines, result.stderr.replace(str(export), export.name).rstrip()]) + "\n"
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        scored = sum(int(row["respondents"]) for row in csv.DictReader(handle))
    lines.append(f"scored {scored}")
    lines += (out / "errors.csv").read_text(encoding="utf-8").splitlines()
    return "\n".join(lines) + "\n"


def test_there_is_a_hostile_export_per_defect() -> None:
    assert len(CASES) >= 12
    assert all(case.with_suffix(".expected").is_file() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_export(case: Path, run: Run, tmp_path: Path) -> None:
    actual = outcome(run, case, tmp_path / "out")
    expected = case.with_suffix(".expected")
    if os.environ.get("MATURITY_UPDATE_GOLD"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
