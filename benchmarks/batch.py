"""Batch benchmark: 1,000,000 respondent rows x 60 questions to summary.csv.

Targets, measured in the same run on the same generated file:
- time to summary.csv at most 2.5x the time of ``pandas.read_csv(path, engine="pyarrow")`` alone,
- peak memory at most 2x that of the pandas read.
Each side runs in a fresh process; times exclude interpreter start-up, memory is the process peak (RSS).
Usage: python benchmarks/batch.py [--rows 1000000] [--municipalities 11000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
TIME_RATIO, MEMORY_RATIO = 2.5, 2.0

PANDAS_SNIPPET = """
import json, resource, sys, time
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1], engine="pyarrow")
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "rows": len(frame),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

MATURITY_SNIPPET = """
import json, resource, sys, time
from maturity.cli.app import main
sys.argv = ["maturity", "batch", sys.argv[1], "-o", sys.argv[2], "--reports", "none"]
try:
    main()
except SystemExit:
    pass
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_json(args: list[str]) -> tuple[dict[str, float], str]:
    # English messages: the figures below are read from the run's log
    env = {**os.environ, "MATURITY_LANG": "en"}
    done = subprocess.run(args, capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--municipalities", type=int, default=11_000)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--export", type=Path, help="use (or create) this export file")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maturity-bench-"))
    export = args.export or work / "export.csv"
    if not export.exists():
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_export.py"),
                "--rows",
                str(args.rows),
                "--municipalities",
                str(args.municipalities),
                "--questions",
                str(args.questions),
                "-o",
                str(export),
            ],
            check=True,
        )
        print(
            f"generated {export} ({export.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.0f} s"
        )
    baseline, _ = run_json([sys.executable, "-c", PANDAS_SNIPPET, str(export)])
    out = work / "out"
    measured, log = run_json([sys.executable, "-c", MATURITY_SNIPPET, str(export), str(out)])
    summary_at = float(re.search(r"summary\.csv \(([\d.]+) s\)", log).group(1))  # type: ignore[union-attr]
    total = float(re.search(r"rows in ([\d.]+) s", log).group(1))  # type: ignore[union-attr]
    time_ratio = summary_at / baseline["seconds"]
    memory_ratio = measured["peak_mb"] / baseline["peak_mb"]
    print(
        f"rows: {baseline['rows']:.0f}, municipalities: {args.municipalities}, questions: {args.questions}"
    )
    print(
        f"pandas.read_csv(engine='pyarrow'): {baseline['seconds']:.2f} s, peak {baseline['peak_mb']:.0f} MB"
    )
    print(
        f"maturity batch to summary.csv:     {summary_at:.2f} s, peak {measured['peak_mb']:.0f} MB "
        f"(all outputs incl. results.jsonl, summary.xlsx, index.html: {total:.1f} s)"
    )
    print(
        f"time ratio {time_ratio:.2f}x (target <= {TIME_RATIO}x) -> {'ok' if time_ratio <= TIME_RATIO else 'MISSED'}"
    )
    print(
        f"memory ratio {memory_ratio:.2f}x (target <= {MEMORY_RATIO}x) -> "
        f"{'ok' if memory_ratio <= MEMORY_RATIO else 'MISSED'}"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if time_ratio <= TIME_RATIO and memory_ratio <= MEMORY_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
