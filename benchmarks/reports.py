"""Report benchmark: 11,000 municipality HTML reports, target 400 or more per second.

Generates an export with one respondent per municipality, scores it, then times only the rendering
and writing of the HTML reports with ``--jobs`` processes (default: all cores).
Usage: python benchmarks/reports.py [--municipalities 11000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import generated_export

from maturity.batch.reports import default_jobs, write_reports
from maturity.batch.run import run_batch
from maturity.load.catalogue import load_questionnaire

HERE = Path(__file__).parent
TARGET = 400.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", type=int, default=11_000)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maturity-reports-"))
    export = work / "export.csv"
    generated_export(export, args.municipalities, args.municipalities, quiet=False)
    questionnaire = load_questionnaire("digitalcheck-kommune")
    result = run_batch(export, questionnaire)
    jobs = args.jobs or default_jobs()
    start = time.perf_counter()
    names = write_reports(result, work / "out", "html", "de", jobs)
    elapsed = time.perf_counter() - start
    rate = len(names) / elapsed
    size = sum(p.stat().st_size for p in (work / "out" / "reports").iterdir()) / len(names) / 1024
    print(
        f"{len(names)} HTML reports in {elapsed:.1f} s with {jobs} processes: {rate:.0f} per second "
        f"(target >= {TARGET:.0f}), {size:.0f} KB each -> {'ok' if rate >= TARGET else 'MISSED'}"
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
