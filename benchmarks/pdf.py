"""PDF reports: the time of ``maturity report EXAMPLE -f pdf`` and its page count, for every sample.

Target (DESIGN §9, issue "Reports, third round"): the PDF of the full Digitalcheck (Stadt Mustertal) in
at most 3 s on two cores, at most 16 A4 pages with its compact annex. Each command runs in a fresh
interpreter, as a user starts it, the samples taking turns; the median of several runs is compared.
``import typer`` is timed alongside, so that figures from a slower or faster day can be compared.
Then one in-process run of Mustertal shows where the time goes (WeasyPrint's import, the HTML,
layout, writing). Needs the ``pdf`` extra and poppler's ``pdfinfo``. Usage:
``python benchmarks/pdf.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import interleaved_medians

EXAMPLES = Path(__file__).parent.parent / "examples"
TARGET_SECONDS = 3.0
TARGET_PAGES = 16
SAMPLES = {
    "stadt-mustertal.yaml": "Digitalcheck, Stadt Mustertal (the target)",
    "musterstadt.yaml": "Digitalcheck, Musterstadt",
    "gemeinde-kleinmusterdorf.yaml": "Digitalcheck, Gemeinde Kleinmusterdorf",
    "schnellcheck-musterhausen.yaml": "Schnellcheck, Musterhausen",
}


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    if found is None:
        raise SystemExit(f"pdfinfo printed no page count for {pdf}")
    return int(found.group(1))


def stages(example: Path) -> dict[str, float]:
    """One in-process run of ``example``, timed stage by stage (the report command's own steps)."""
    start = time.perf_counter()
    import weasyprint  # noqa: F401  (imported here to time it; the report path imports it again)

    imported = time.perf_counter()
    from maturity.load.answers import load_answers
    from maturity.output.report import PDF_OPTIONS, laid_out, render_html
    from maturity.scoring.single import score_answers

    answer_set, questionnaire, _ = load_answers(example, None)
    html = render_html(score_answers(questionnaire, answer_set), "de", None, for_print=True)
    rendered = time.perf_counter()
    document = laid_out(html)
    paged = time.perf_counter()
    document.write_pdf(**PDF_OPTIONS)
    written = time.perf_counter()
    return {
        "import WeasyPrint": imported - start,
        "score and HTML": rendered - imported,
        "styles and layout": paged - rendered,
        "draw and write": written - paged,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    maturity = shutil.which("maturity")
    if maturity is None or shutil.which("pdfinfo") is None:
        print("needs the maturity command (pip install '.[pdf]') and poppler's pdfinfo")
        return 2
    work = Path(tempfile.mkdtemp(prefix="maturity-pdf-"))
    names = list(SAMPLES)
    commands = [[sys.executable, "-c", "import typer"]] + [
        [maturity, "report", str(EXAMPLES / name), "-f", "pdf", "-o", str(work / f"{name}.pdf")]
        for name in names
    ]
    typer_time, *times = interleaved_medians(commands, args.runs)
    print(f"python -c 'import typer': {typer_time * 1000:.0f} ms (median of {args.runs})")
    met = True
    for name, seconds in zip(names, times, strict=True):
        count = pages(work / f"{name}.pdf")
        line = f"{SAMPLES[name]:42s} {seconds:5.2f} s, {count:2d} pages"
        if name == names[0]:
            met = seconds <= TARGET_SECONDS and count <= TARGET_PAGES
            line += (
                f"  (target <= {TARGET_SECONDS:g} s, <= {TARGET_PAGES} pages) "
                f"{'ok' if met else 'MISSED'}"
            )
        print(line)
    print("where the time of one Mustertal PDF goes (in process):")
    for stage, seconds in stages(EXAMPLES / names[0]).items():
        print(f"  {stage:20s} {seconds:5.2f} s")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
