"""Start-up time: ``maturity --help``, ``maturity score`` and ``report -f json`` of one answers file
against ``python -c "import typer"``.

Targets: ``--help`` within 2x the time of importing Typer alone, ``score`` and ``report -f json`` of the
full Digitalcheck within 2.5x (with the cache of parsed questionnaires warm, as after a first run).
Each command runs in a fresh interpreter; the median of several runs is compared. Usage:
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


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    script = shutil.which("maturity")
    maturity = [script, "--help"] if script else [sys.executable, "-m", "maturity", "--help"]
    baseline = median_seconds([sys.executable, "-c", "import typer"], args.runs)
    measured = median_seconds(maturity, args.runs)
    score = median_seconds([*maturity[:-1], "score", str(EXAMPLE)], args.runs)
    report = median_seconds(
        [*maturity[:-1], "report", str(EXAMPLE), "-f", "json", "-o", "-"], args.runs
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
