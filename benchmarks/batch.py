"""Batch benchmark: the whole ``maturity batch --reports none`` against the read floor, and the scale run.

Targets (measured in the same run on the same generated file, 1,000,000 rows x all questions of
the Digitalcheck, 11,000 municipalities):
- the whole command (summary.csv and .xlsx, results.jsonl, errors.csv, index.html) within 2.5x the
  time of ``pandas.read_csv(path, engine="pyarrow")`` alone (raised from 3x in 2026-12),
- its peak memory within 1.5x that of the pandas read (raised from 2x).
With ``--scale 10``: the same file ten times over (new respondent ids each time: 10,000,000 rows),
scored in one run under 2 GB peak memory (the pandas read of such a file alone needs far more, so it
is not run there).

Each side runs in a fresh process, the two taking turns (``--runs``, default 3), and the medians are
compared (this machine's speed varies by a third within minutes); times exclude interpreter start-up.
Memory is the peak resident size of the process (``ru_maxrss``; the highest of the runs for
``batch``); ``batch`` writes results.jsonl in a forked second process, whose own peak is shown beside
it. Usage:
    python benchmarks/batch.py [--rows 1000000] [--municipalities 11000] [--runs 3] [--scale 10]
                               [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import generated_export

HERE = Path(__file__).parent
TIME_RATIO, MEMORY_RATIO, SCALE_LIMIT_MB = 2.5, 1.5, 2048

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
sys.argv = ["maturity", "batch", sys.argv[1], "-o", sys.argv[2], "--reports", "none", "--force"]
start = time.perf_counter()
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else 1
print(json.dumps({"seconds": time.perf_counter() - start, "exit": code,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

RESPONDENT = re.compile(rb"^((?:[^,\n]*,){3})r", re.MULTILINE)
"""The respondent id, the fourth column of a generated export."""


def run_json(args: list[str]) -> tuple[dict[str, float], str]:
    # English messages: the figures below are read from the run's log
    env = {**os.environ, "MATURITY_LANG": "en"}
    done = subprocess.run(args, capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def generate(export: Path, rows: int, municipalities: int, questions: int) -> None:
    start = time.perf_counter()
    generated_export(export, rows, municipalities, "--questions", str(questions), quiet=False)
    size = export.stat().st_size / 1e6
    print(f"generated {export} ({size:.0f} MB) in {time.perf_counter() - start:.0f} s")


def repeated(export: Path, times: int, target: Path) -> None:
    """``export`` ``times`` over, respondent ids made new each time (``r12`` -> ``r3-12``). Read and
    written in pieces: this process must stay small, since Linux carries a process's peak memory
    over into the programs it starts (``ru_maxrss`` survives ``exec``), and a parent that held the
    file would show as the scale run's peak."""
    with export.open("rb") as source, target.open("wb") as out:
        header = source.readline()
        out.write(header)
        for k in range(times):
            source.seek(len(header))
            prefix = rb"\1r" + str(k).encode() + b"-"
            rest = b""
            while piece := source.read(64 << 20):
                piece = rest + piece
                cut = piece.rfind(b"\n") + 1
                out.write(RESPONDENT.sub(prefix, piece[:cut]))
                rest = piece[cut:]
            out.write(RESPONDENT.sub(prefix, rest))


def run_maturity(export: Path, out: Path) -> tuple[dict[str, float], str]:
    measured, log = run_json([sys.executable, "-c", MATURITY_SNIPPET, str(export), str(out)])
    if measured["exit"] != 0:  # a run that failed measures nothing
        sys.exit(f"maturity batch failed (exit {measured['exit']}):\n{log[-2000:]}")
    timings = dict(re.findall(r"/(\w+\.\w+) \(([\d.]+) s\)", log))
    print(
        "  "
        + ", ".join(f"{name} at {float(at):.1f} s" for name, at in timings.items())
        + f"; whole command {measured['seconds']:.1f} s"
    )
    return measured, log


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--municipalities", type=int, default=11_000)
    parser.add_argument("--questions", type=int, default=0, help="keep only the first N questions")
    parser.add_argument("--export", type=Path, help="use (or create) this export file")
    parser.add_argument("--scale", type=int, default=0, help="also score the file N times over")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--runs", type=int, default=3, help="turns of pandas and batch (medians)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maturity-bench-"))
    export = args.export or work / "export.csv"
    if not export.exists():
        generate(export, args.rows, args.municipalities, args.questions)
    # the two take turns, so that a machine that speeds up or slows down meanwhile affects both
    baselines, runs = [], []
    for turn in range(1, args.runs + 1):
        baseline, _ = run_json([sys.executable, "-c", PANDAS_SNIPPET, str(export)])
        baselines.append(baseline)
        print(
            f"[{turn}] pandas.read_csv(engine='pyarrow'): {baseline['seconds']:.2f} s, "
            f"peak {baseline['peak_mb']:.0f} MB ({baseline['rows']:.0f} rows)"
        )
        print(f"[{turn}] maturity batch --reports none:")
        measured, _ = run_maturity(export, work / "out")
        runs.append(measured)
        print(
            f"  peak {measured['peak_mb']:.0f} MB (the results.jsonl process: "
            f"{measured['child_peak_mb']:.0f} MB)"
        )
    read = statistics.median(b["seconds"] for b in baselines)
    whole = statistics.median(m["seconds"] for m in runs)
    read_peak = statistics.median(b["peak_mb"] for b in baselines)
    peak = max(m["peak_mb"] for m in runs)
    time_ratio, memory_ratio = whole / read, peak / read_peak
    print(
        f"medians of {args.runs}: pandas {read:.2f} s, maturity batch {whole:.2f} s; "
        f"peaks: pandas {read_peak:.0f} MB, maturity batch {peak:.0f} MB (the highest)"
    )
    ok = time_ratio <= TIME_RATIO and memory_ratio <= MEMORY_RATIO
    print(
        f"time ratio {time_ratio:.2f}x (target <= {TIME_RATIO}x) -> "
        f"{'ok' if time_ratio <= TIME_RATIO else 'MISSED'}"
    )
    print(
        f"memory ratio {memory_ratio:.2f}x (target <= {MEMORY_RATIO}x) -> "
        f"{'ok' if memory_ratio <= MEMORY_RATIO else 'MISSED'}"
    )
    if args.scale:
        big = work / f"export-x{args.scale}.csv"
        start = time.perf_counter()
        repeated(export, args.scale, big)
        print(
            f"{args.scale} times over: {big.stat().st_size / 1e9:.1f} GB, written in "
            f"{time.perf_counter() - start:.0f} s"
        )
        print("maturity batch --reports none:")
        scaled, log = run_maturity(big, work / "out-big")
        rows = re.search(r"from ([\d,]+) of ([\d,]+) rows", log)
        peak = max(scaled["peak_mb"], scaled["child_peak_mb"])
        print(
            f"  {rows.group(2) if rows else '?'} rows, peak {scaled['peak_mb']:.0f} MB (the "
            f"results.jsonl process: {scaled['child_peak_mb']:.0f} MB) -> "
            f"{'ok' if peak <= SCALE_LIMIT_MB else 'MISSED'} (target < {SCALE_LIMIT_MB} MB)"
        )
        ok = ok and peak <= SCALE_LIMIT_MB
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
