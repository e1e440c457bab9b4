"""XLSX exports: the whole ``maturity batch --reports none`` on an XLSX export against the same rows as CSV.

Generates an export (the Digitalcheck, ``--rows`` respondents), writes it once more as an XLSX
workbook the way Microsoft Forms users hand it over, here in openpyxl's streaming mode, which declares
no dimension (the slow case for readers that need one), and times the command on both in fresh
processes, with their peak memory. No target: the figures stand in the README. Usage:
``python benchmarks/xlsx.py [--rows 20000] [--municipalities 500]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import generated_export

HERE = Path(__file__).parent


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident megabytes of a command in a fresh process (its own peak, by wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    log = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit {process.returncode}):\n{log[-2000:]!r}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--municipalities", type=int, default=500)
    args = parser.parse_args()
    maturity = shutil.which("maturity")
    if maturity is None:
        print("needs the maturity command (pip install .)")
        return 2
    from openpyxl import Workbook

    work = Path(tempfile.mkdtemp(prefix="maturity-xlsx-"))
    export = work / "export.csv"
    generated_export(export, args.rows, args.municipalities)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    with export.open(encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle):
            sheet.append(record)
    workbook.save(work / "export.xlsx")
    size = (work / "export.xlsx").stat().st_size / 2**20
    print(f"{args.rows:,} rows x the Digitalcheck; XLSX {size:.1f} MB")
    for name in ("export.csv", "export.xlsx"):
        command = [maturity, "batch", str(work / name), "-o", str(work / f"out-{name}")]
        seconds, peak = timed([*command, "--reports", "none", "--force"])
        print(f"maturity batch {name:12s} {seconds:6.2f} s, peak {peak:,.0f} MB")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
