"""A seeded mutation fuzzer over the example answers and a questionnaire: whatever the bytes, the
commands answer with exit 0 or 1, every problem located in the file, in bounded time and output.

``MATURITY_FUZZ_CASES=20000 python -m pytest tests/test_fuzz.py`` runs a long campaign."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from .conftest import DATA, EXAMPLES, Run

CASES = int(os.environ.get("MATURITY_FUZZ_CASES", "300"))
TOKENS = [
    "\x00",
    "\x1b",
    "\t",
    "\r",
    "\ufeff",
    "\u2028",
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "<<: *a",
    "<<: [*a, *a]",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!timestamp ",
    "!!binary ",
    "!!python/object:os.system ",
    "?",
    "|",
    ">",
    "'",
    '"',
    "#",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "2026-02-30",
    "2026-13-01 25:61:00",
    "9" * 400,
    "1e999",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "yes",
    "no",
    "on",
    "~",
    "null",
    "na",
    "unknown",
    "weiß nicht",
    "€",
    "\U0001f600",
]
LOCATED = re.compile(r"^(?P<file>[^:]+)(?::\d+:\d+)?: ")


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(6)
        if kind == 0 and lines:  # drop a line
            del lines[rng.randrange(len(lines))]
        elif kind == 1 and lines:  # repeat a line
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
        elif kind == 2 and lines:  # swap two lines
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3 and lines:  # insert a token into a line
            i = rng.randrange(len(lines))
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + rng.choice(TOKENS) + lines[i][at:]
        elif kind == 4 and lines:  # cut a line short
            i = rng.randrange(len(lines))
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        else:  # nest deeply
            lines.append("x: " + "[" * rng.randint(50, 3000) + "\n")
    return "".join(lines)


SOURCES = [
    *(p for p in sorted(EXAMPLES.glob("*.yaml"))),
    DATA / "mini-answers.yaml",
    DATA / "mini-questionnaire.yaml",
    DATA / "brand" / "brand.yaml",
]


@pytest.mark.slow
def test_mutated_files_get_exit_0_or_1_and_located_messages(run: Run, tmp_path: Path) -> None:
    rng = random.Random(20261122)
    texts = {source: source.read_text(encoding="utf-8") for source in SOURCES}
    brand_kit = tmp_path / "brand"
    shutil.copytree(DATA / "brand", brand_kit)
    started = time.perf_counter()
    for case in range(CASES):
        source = rng.choice(SOURCES)
        # beside the brand kit's logo, so that a brand file's logo can be found (or not)
        target = (
            tmp_path if source.parent != DATA / "brand" else brand_kit
        ) / f"case{case % 10}.yaml"
        target.write_text(mutate(texts[source], rng), encoding="utf-8", errors="surrogatepass")
        args: list[str | Path] = ["validate", target]
        if source.name.startswith("mini-answers"):
            args += ["-q", DATA / "mini-questionnaire.yaml"]
        before = time.perf_counter()
        result = run(*args)
        # bounded, not fast: a guard against a hang, with room for a loaded CI machine
        assert time.perf_counter() - before < 30, (case, source.name)
        assert result.exit_code in (0, 1), (case, source.name, result.stderr[-2000:])
        lines = result.stderr.splitlines()
        assert len(lines) <= 52, (case, source.name)
        for line in lines:
            match = LOCATED.match(line)
            assert match, (case, source.name, line)
            assert match["file"] in (str(target), str(args[-1])), line
    assert time.perf_counter() - started < max(300, CASES * 1.0)


@pytest.mark.slow
def test_mutated_manifests_never_cost_a_file_no_run_wrote(run: Run, tmp_path: Path) -> None:
    """Seeded mutations of a batch manifest: every run goes through (exit 0), and the user's files
    in and beside the output folder stay as they were."""
    rng = random.Random(20261207)
    export = tmp_path / "e.csv"
    export.write_text("ags,a-choice\n01001000,2\n01002000,1\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("batch", export, "-q", DATA / "mini-questionnaire.yaml", "-o", out).exit_code == 0
    manifest = (out / ".maturity-batch.json").read_text(encoding="utf-8")
    mine = {out / "mapping.yaml": "mine\n", tmp_path / "keep.txt": "mine too\n"}
    for path, text in mine.items():
        path.write_text(text, encoding="utf-8")
    for case in range(max(20, CASES // 10)):
        mutated = mutate(manifest, rng)
        for name in ("mapping.yaml", "../keep.txt", str(tmp_path / "keep.txt"), "."):
            if rng.random() < 0.3:
                mutated = mutated.replace('"summary.csv"', json.dumps(name), 1)
        (out / ".maturity-batch.json").write_text(mutated, encoding="utf-8", errors="surrogatepass")
        done = run("batch", export, "-q", DATA / "mini-questionnaire.yaml", "-o", out, "--force")
        assert done.exit_code == 0, (case, done.stderr[-500:])
        for path, text in mine.items():
            assert path.read_text(encoding="utf-8") == text, case
        manifest = (out / ".maturity-batch.json").read_text(encoding="utf-8")
