"""Start-up time: ``maturity --help``, ``maturity score`` and ``report -f json`` of one answers file
against ``python -c "import typer"``.

Targets: ``--help`` within 2x the time of importing Typer alone, ``score`` and ``report -f json`` of the
full Digitalcheck within 2.5x (with the cache of parsed questionnaires warm, as after a first run).
Each command runs in a fresh interpreter, the commands taking turns; the median of several runs
is compared. The package's byte code is compiled first, as ``pip install`` does: in a checkout run
with PYTHONDONTWRITEBYTECODE, every start would otherwise compile the sources anew (about 30 ms)
while Typer's own modules come compiled. Usage:
``python benchmarks/startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_RATIO = 2.0
SCORE_RATIO = 2.5
EXAMPLE = Path(__file__).parent.parent / "examples" / "stadt-mustertal.yaml"


def interleaved_medians(commands: list[list[str]], runs: int) -> list[float]:
    """The median time of each command over ``runs`` rounds; each round runs every command once, so
    that a machine that slows down or speeds up meanwhile affects all of them alike."""
    for command in commands:
        subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times[index].append(time.perf_counter() - start)
    return [statistics.median(each) for each in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    import compileall

    import maturity

    compileall.compile_dir(Path(maturity.__file__).parent, quiet=1)
    script = shutil.which("maturity")
    maturity = [script] if script else [sys.executable, "-m", "maturity"]
    baseline, measured, score, report = interleaved_medians(
        [
            [sys.executable, "-c", "import typer"],
            [*maturity, "--help"],
            [*maturity, "score", str(EXAMPLE)],
            [*maturity, "report", str(EXAMPLE), "-f", "json", "-o", "-"],
        ],
        args.runs,
    )
    print(f"python -c 'import typer':   {baseline * 1000:7.1f} ms (median of {args.runs})")
    ok = True
    for name, seconds, target in (
        ("maturity --help", measured, TARGET_RATIO),
        ("maturity score EXAMPLE", score, SCORE_RATIO),
        ("maturity report -f json", report, SCORE_RATIO),
    ):
        ratio = seconds / baseline
        verdict = "ok" if ratio <= target else "MISSED"
        ok = ok and ratio <= target
        print(
            f"{name + ':':28}{seconds * 1000:7.1f} ms = {ratio:.2f}x (target <= {target}x) {verdict}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
