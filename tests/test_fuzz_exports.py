"""A seeded mutation fuzzer over a survey export: whatever the bytes, batch either refuses the file
with a problem that names it, or scores every data row or lists it as rejected, never crashing."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from maturity.batch.run import run_batch
from maturity.errors import MaturityError
from maturity.load.catalogue import load_questionnaire

from .conftest import EXAMPLES

CASES = int(os.environ.get("MATURITY_FUZZ_CASES", "80"))
NOISE = [
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n",
    b'"',
    b",",
    b";",
    b"\t",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"=1+2",
    "weiß nicht".encode(),
    b"x" * 3000,
    b"\x0b",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(4)
        if kind == 0:
            data = data[:at] + rng.choice(NOISE) + data[at:]
        elif kind == 1:
            data = data[:at] + data[at + rng.randint(1, 200) :]
        elif kind == 2:
            end = data.find(b"\n", at) + 1 or len(data)
            start = data.rfind(b"\n", 0, at) + 1
            data = data[:end] + data[start:end] + data[end:]
        else:
            data = data[: max(at, 1)]
    return data


@pytest.mark.slow
def test_mutated_exports_are_scored_rejected_or_refused(tmp_path: Path) -> None:
    questionnaire = load_questionnaire("digitalcheck-kommune")
    lines = (EXAMPLES / "batch-export.csv").read_bytes().splitlines(keepends=True)
    source = b"".join(lines[:60])
    rng = random.Random(2026)
    outcomes = {"scored": 0, "refused": 0}
    for case in range(CASES):
        export = tmp_path / f"export{case % 5}.csv"
        export.write_bytes(mutate(source, rng))
        try:
            result = run_batch(export, questionnaire)
        except MaturityError as exc:
            problems = exc.problems
        else:
            problems = ()
        if problems:  # refused: every problem names the file
            assert all(p.file == str(export) for p in problems), (case, problems)
            outcomes["refused"] += 1
            continue
        rejected = set(result.errors["row"].tolist())
        assert result.rows_read == result.rows_scored + len(rejected), case
        assert all(2 <= row <= result.rows_read + 60 for row in rejected), case
        outcomes["scored"] += 1
    assert outcomes["scored"] > CASES // 2  # most mutations leave a readable export
