"""Overview benchmark: the landing page of 11,000 municipalities must load in headless Chromium in at
most twice the time of the 40-municipality page, and stay well under 1 MB.

Generates two exports (40 and 11,000 municipalities spread over the Länder), runs
``maturity batch --reports none`` on each, then loads each index.html (and the largest ranking page)
in headless Chromium, interleaved, and compares the median wall times.
Usage: python benchmarks/overview.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import generated_export

HERE = Path(__file__).parent
TARGET_RATIO = 2.0
TARGET_BYTES = 1_000_000


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("needs chromium (apt-get install chromium)")


def load_seconds(browser: str, page: Path, profile: Path) -> float:
    """Wall time of a headless Chromium that opens the page, lays it out and prints its DOM."""
    start = time.perf_counter()
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return time.perf_counter() - start


def batch(work: Path, municipalities: int) -> Path:
    export = work / f"export-{municipalities}.csv"
    generated_export(export, municipalities * 3, municipalities, "--spread")
    out = work / f"out-{municipalities}"
    subprocess.run(
        ["maturity", "batch", str(export), "-o", str(out), "--reports", "none"],
        check=True,
        capture_output=True,
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    browser = chromium()
    work = Path(tempfile.mkdtemp(prefix="maturity-overview-"))
    small, large = batch(work, 40), batch(work, 11_000)
    biggest = max((large / "ranking").glob("*.html"), key=lambda p: p.stat().st_size)
    pages = {
        "40 municipalities, index.html": small / "index.html",
        "11,000 municipalities, index.html": large / "index.html",
        f"11,000 municipalities, largest ranking page ranking/{biggest.name}": biggest,
    }
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.runs):  # interleaved, so that the machine's moods fall on all alike
        for name, page in pages.items():
            times[name].append(load_seconds(browser, page, work / "profile"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, page in pages.items():
        print(
            f"{name}: {page.stat().st_size / 1024:,.0f} KB, load median {medians[name]:.2f} s "
            f"(runs {min(times[name]):.2f}–{max(times[name]):.2f} s)"
        )
    names = list(pages)
    ratio = medians[names[1]] / medians[names[0]]
    size = pages[names[1]].stat().st_size
    ok = ratio <= TARGET_RATIO and size < TARGET_BYTES
    print(
        f"landing page 11,000 vs 40: {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x), "
        f"{size / 1024:,.0f} KB (target < {TARGET_BYTES / 1e6:.0f} MB) -> {'ok' if ok else 'MISSED'}"
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
