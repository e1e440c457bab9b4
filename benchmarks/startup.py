"""Start-up time: ``maturity --help`` against ``python -c "import typer"``.

Target: ``maturity --help`` within 2x the time of importing Typer alone. Each command runs in a fresh
interpreter; the median of several runs is compared. Usage: ``python benchmarks/startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

TARGET_RATIO = 2.0


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
    score_cmd = [*maturity[:-1], "validate", "--help"]
    validate = median_seconds(score_cmd, args.runs)
    ratio = measured / baseline
    print(f"python -c 'import typer': {baseline * 1000:7.1f} ms (median of {args.runs})")
    print(f"maturity --help:          {measured * 1000:7.1f} ms")
    print(f"maturity validate --help: {validate * 1000:7.1f} ms")
    print(
        f"ratio: {ratio:.2f}x (target <= {TARGET_RATIO:.1f}x) -> {'ok' if ratio <= TARGET_RATIO else 'MISSED'}"
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
