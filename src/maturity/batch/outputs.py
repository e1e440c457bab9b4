"""The batch's tables for analysts: summary.csv and summary.xlsx (one row per municipality),
results.jsonl (the §4.7 result of each) and errors.csv (every rejected cell), each written atomically.
Text cells that a spreadsheet would run as a formula are made inert."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity.batch.benchmark import benchmark_json
from maturity.batch.results import results_lines
from maturity.batch.run import BatchResult
from maturity.errors import Problem
from maturity.i18n import Text
from maturity.load.municipality import population_number
from maturity.load.values import kreis_of_ags
from maturity.model import land_of_ags, tr
from maturity.scoring.states import NO_LEVEL

if TYPE_CHECKING:
    import pandas as pd

    from maturity.load.earlier import EarlierScores


def summary_frame(result: BatchResult, lang: str = "de") -> pd.DataFrame:
    """One row per municipality with overall and area scores and levels, coverage and rank."""
    import pandas as pd

    q = result.questionnaire
    table = result.table
    level_names = {lv.id: tr(lv.name, lang) for lv in q.levels}
    summary = pd.DataFrame(
        {
            "id": result.entities["id"],
            "name": result.entities["name"],
            "population": pd.array(
                [population_number(p) for p in result.entities["population"]], dtype="Int64"
            ),
            "state": [land_of_ags(str(i)) for i in result.entities["id"]],
            "kreis": [kreis_of_ags(str(i)) for i in result.entities["id"]],
            "respondents": result.entities["respondents"],
            "overall_score": table["overall_score"].round(6),
            "overall_level": table["overall_level"].replace(NO_LEVEL, pd.NA).astype("Int64"),
            "overall_level_name": [level_names.get(int(lv), "") for lv in table["overall_level"]],
            "overall_coverage": table["overall_coverage"].round(6),
        }
    )
    summary["rank"] = summary["overall_score"].rank(ascending=False, method="min").astype("Int64")
    for area in q.areas:
        summary[f"{area.id}_score"] = table[f"{area.id}_score"].round(6)
        summary[f"{area.id}_level"] = (
            table[f"{area.id}_level"].replace(NO_LEVEL, pd.NA).astype("Int64")
        )
    return summary


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as formulas, made inert; a bare CR in a text becomes a
    line feed (pandas quotes a cell with a line feed, but not one with a lone CR, which would break
    the row in two)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    from maturity.output.cells import neutralise

    def inert(value: object) -> object:
        value = neutralise(value)
        if isinstance(value, str) and "\r" in value:
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value

    copy = frame.copy()
    for column in copy.columns:
        if is_object_dtype(copy[column]) or is_string_dtype(copy[column]):
            copy[column] = copy[column].map(inert)
    return copy


def write_outputs(
    result: BatchResult,
    out: Path,
    lang: str = "de",
    timings: dict[str, float] | None = None,
    jobs: int = 2,
    report_files: list[str] | None = None,
    earlier: EarlierScores | None = None,
) -> list[Path]:
    """summary.csv, errors.csv, results.jsonl, summary.xlsx, benchmark.json (peer groups) and the
    overview (index.html linking ``report_files`` in ``out/reports``, and the ranking pages in
    ``out/ranking``; with ``earlier`` scores, the change since), each written atomically; ``timings`` receives the moment
    each was done. With two or more ``jobs``, results.jsonl and the overview are written by a second
    process while this one writes the tables (the result reaches it by fork, not pickled)."""
    from maturity.output.files import ensure_folder, write_atomic

    ensure_folder(out)
    done: dict[str, float] = {}
    count = len(result.entities)
    with _second_process(jobs) as pool:
        _shared.update(
            result=result, out=out, lang=lang, report_files=report_files, earlier=earlier
        )
        try:
            # the second process writes the first part of results.jsonl and the overview, this one
            # the tables and the rest of results.jsonl; the rest is then joined to the first part
            split = round(count * FIRST_PART) if pool else count
            pending = pool.submit(_write_first_part_and_overview, split) if pool else None
            summary = neutralised(summary_frame(result, lang))
            for name, produce in (
                ("summary.csv", lambda: summary.to_csv(index=False)),
                ("errors.csv", lambda: neutralised(result.errors).to_csv(index=False)),
                ("summary.xlsx", lambda: _xlsx_bytes(summary, result.errors)),
                ("benchmark.json", lambda: benchmark_json(result)),
            ):
                write_atomic(out / name, produce())
                done[name] = time.perf_counter()
            if pending is None:
                done.update(_write_first_part_and_overview(split))
            else:
                _write_lines(out / _REST, result, lang, range(split, count))
                done.update(pending.result())
            _join_results(out)
            done["results.jsonl"] = time.perf_counter()
        finally:
            _shared.clear()
            for part in (_FIRST, _REST):
                (out / part).unlink(missing_ok=True)
    if timings is not None:
        timings.update(done)
    return [out / name for name in OUTPUTS]


OUTPUTS = (
    "summary.csv",
    "errors.csv",
    "results.jsonl",
    "summary.xlsx",
    "benchmark.json",
    "index.html",
)
FIRST_PART = 0.55
"""The share of municipalities whose lines of results.jsonl the second process writes."""
_FIRST, _REST = ".results.jsonl.1.tmp", ".results.jsonl.2.tmp"
"""The two parts of results.jsonl while they are written (a run cut short leaves them to be
cleared by the next, as other temporary files)."""
_shared: dict[str, Any] = {}
"""What the process writing results.jsonl and the overview needs, handed over by fork."""


def _write_lines(
    path: Path, result: BatchResult, lang: str, rows: range, *, durable: bool = False
) -> None:
    """The lines of results.jsonl of the municipalities in ``rows``; ``durable``: flushed to disk
    before returning (by the process that writes them, while the other still works)."""
    import os

    from maturity.output.files import cannot_write

    try:
        with path.open("wb") as handle, _collector_paused():
            handle.writelines(line + b"\n" for line in results_lines(result, lang, rows))
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as exc:
        raise cannot_write(path, exc) from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused: writing results.jsonl makes and drops millions of small
    lists and texts (reference counting frees each at once), and each collection would walk all of
    them again; a third of the time went there."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _join_results(out: Path) -> None:
    """results.jsonl from its two parts: the second appended to the first inside the kernel and
    flushed to disk (the first part is there already), then renamed into place."""
    import os
    import shutil

    from maturity.output.files import cannot_write

    first, rest, final = out / _FIRST, out / _REST, out / "results.jsonl"
    try:
        with first.open("r+b") as target:
            target.seek(0, os.SEEK_END)
            if rest.exists():
                with rest.open("rb") as source:
                    size = os.fstat(source.fileno()).st_size
                    try:
                        while size > 0:
                            copied = os.copy_file_range(source.fileno(), target.fileno(), size)
                            if copied == 0:
                                break
                            size -= copied
                    except (AttributeError, OSError):  # another system or file system
                        source.seek(os.fstat(source.fileno()).st_size - size)
                        shutil.copyfileobj(source, target, 16 << 20)
            target.flush()
            os.fsync(target.fileno())
        os.replace(first, final)
    except OSError as exc:
        raise cannot_write(final, exc) from None


def _write_first_part_and_overview(split: int) -> dict[str, float]:
    """The lines of the first ``split`` municipalities, and the overview."""
    from maturity.batch.overview import write_overview

    result, out, lang = _shared["result"], _shared["out"], _shared["lang"]
    _write_lines(out / _FIRST, result, lang, range(split), durable=True)
    write_overview(result, out, _shared["report_files"], lang, _shared["earlier"])
    return {"index.html": time.perf_counter()}


@contextmanager
def _second_process(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of one forked process, where there are two cores to use and fork is there."""
    if jobs < 2 or "fork" not in get_all_start_methods():
        yield None
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        yield pool


def _xlsx_bytes(summary: pd.DataFrame, errors: pd.DataFrame) -> bytes:
    """summary.xlsx: the summary and the rejected rows (:mod:`maturity.output.xlsx`)."""
    from maturity.output.xlsx import Sheet, workbook_bytes

    overflow = Text(
        "… und {rows} weitere Zeilen: alle stehen in errors.csv",
        "… and {rows} more rows: errors.csv has them all",
    )
    sheets = []
    for title, frame in (("summary", summary), ("errors", neutralised(errors))):
        cells = frame.astype(object).where(frame.notna(), None)
        sheets.append(
            Sheet(
                title,
                [str(column) for column in frame.columns],
                [cells[column].tolist() for column in cells.columns],
                [_width(column, frame[column]) for column in frame.columns],
                overflow=str(overflow),
            )
        )
    return workbook_bytes(sheets)


def _width(name: object, column: pd.Series) -> int:
    """A column's width in characters: its name or its first 200 cells, 10 to 60."""
    width = max([len(str(name)), *(len(str(v)) for v in column.head(200))])
    return min(60, max(10, width + 2))


def rejected_rows(result: BatchResult) -> list[Problem]:
    """One problem per rejected cell, for ``--strict``."""
    return [
        Problem(
            result.source,
            int(str(row.row)),
            0,
            Text(
                f"{row.column}: {row.reason} (Wert '{row.value}')",
                f"{row.column}: {row.reason} (value '{row.value}')",
            ),
        )
        for row in result.errors.itertuples()
    ]
