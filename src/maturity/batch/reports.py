"""One report per municipality, rendered in parallel into ``DIR/reports``, with file names that never
leave that folder; each shows its peers from the batch's own ``benchmark.json``."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity.batch.benchmark import benchmark_document
from maturity.batch.entities import places, size_classes
from maturity.batch.results import BatchScores, entity_result
from maturity.batch.run import BatchResult
from maturity.load.benchmark import MIN_GROUP, benchmark_of
from maturity.output.files import child, ensure_folder, slugify, write_new

if TYPE_CHECKING:
    from maturity.load.brand import Brand

# The batch result is handed to forked report workers through this module variable (copy-on-write),
# instead of pickling it once per task.
_shared: dict[str, Any] = {}


def report_names(result: BatchResult, fmt: str) -> list[str]:
    """A unique, file-name-safe name per municipality: ``musterstadt-09162000.html``."""
    names, seen = [], set()
    for row in result.entities.itertuples():
        base = slugify(str(row.name))
        ident = slugify(str(row.id), fallback="")
        stem = base if not ident or ident == base else f"{base}-{ident}"
        candidate, n = stem, 2
        while candidate in seen:
            candidate, n = f"{stem}-{n}", n + 1
        seen.add(candidate)
        names.append(f"{candidate}.{fmt}")
    return names


def _render_range(bounds: tuple[int, int]) -> int:
    from maturity.output.report import ReportOptions, render_report

    scores: BatchScores = _shared["scores"]
    folder: Path = _shared["folder"]
    fmt, lang, names, peers = _shared["fmt"], _shared["lang"], _shared["names"], _shared["peers"]
    ranks: list[tuple[int, int] | None] = _shared["ranks"]
    for index in range(*bounds):
        result = entity_result(scores, index)
        options = ReportOptions(
            peers=peers,
            peers_source="benchmark.json",
            peer_rank=ranks[index],
            overall_rank=_shared["overall_ranks"][index],
            made_on=_shared["made_on"],
            overview_link="../index.html",
            brand=_shared["brand"],
        )
        write_new(child(folder, names[index]), render_report(result, fmt, lang, options))
    return bounds[1] - bounds[0]


def size_class_ranks(result: BatchResult) -> list[tuple[int, int] | None]:
    """Each municipality's place by overall score within its size class (ties share the better
    place), with the size of the class; None without a score, a known size class, or a class of
    at least :data:`MIN_GROUP`."""
    import numpy as np

    scores = result.table["overall_score"].to_numpy(dtype=float)
    classes = size_classes(result.entities["population"])
    ranks: list[tuple[int, int] | None] = [None] * len(scores)
    for size in set(classes.tolist()) - {-1}:
        members = np.flatnonzero((classes == size) & ~np.isnan(scores))
        if len(members) < MIN_GROUP:  # as benchmark.json: groups under five are never shown
            continue
        for e, place in zip(members.tolist(), places(scores[members]).tolist(), strict=True):
            ranks[e] = (place, len(members))
    return ranks


def overall_ranks(result: BatchResult) -> list[tuple[int, int] | None]:
    """Each municipality's place by overall score among all that have one (the rank of
    summary.csv), with how many have one; None without a score."""
    import numpy as np

    scores = result.table["overall_score"].to_numpy(dtype=float)
    scored = np.flatnonzero(~np.isnan(scores))
    ranks: list[tuple[int, int] | None] = [None] * len(scores)
    for e, place in zip(scored.tolist(), places(scores[scored]).tolist(), strict=True):
        ranks[e] = (place, len(scored))
    return ranks


def write_reports(
    result: BatchResult,
    out: Path,
    fmt: str,
    lang: str = "de",
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    brand: Brand | None = None,
) -> list[str]:
    """Render every municipality's report into ``out/reports``; returns the file names. ``out`` is a
    folder of this run alone (the staging folder of :class:`~maturity.batch.folder.RunFolder`, swapped
    in whole at the end), so each report is written directly, and one that is there already is an
    error, never written through."""
    folder = (out / "reports").resolve()
    ensure_folder(folder)
    names = report_names(result, fmt)
    count = len(names)
    peers = benchmark_of(benchmark_document(result))  # the batch's own peer groups
    _shared.update(
        scores=BatchScores(result),
        folder=folder,
        fmt=fmt,
        lang=lang,
        names=names,
        peers=peers,
        ranks=size_class_ranks(result),
        overall_ranks=overall_ranks(result),
        made_on=date.today().isoformat(),
        brand=brand,
    )
    chunk = max(1, min(200, count // max(1, jobs * 4) or 1))
    ranges = [(start, min(count, start + chunk)) for start in range(0, count, chunk)]
    done = 0
    try:
        if jobs > 1 and count > chunk and "fork" in get_all_start_methods():
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
                for finished in pool.map(_render_range, ranges):
                    done += finished
                    if progress:
                        progress(done, count)
        else:
            for bounds in ranges:
                done += _render_range(bounds)
                if progress:
                    progress(done, count)
    finally:
        _shared.clear()
    return names


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )
