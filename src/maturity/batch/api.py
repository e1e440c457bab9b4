"""``maturity batch`` as a library call: which questionnaire, read and plan the export, score it, and
write every output into the folder at once – staged, and put in place only when all of it is written.

The command line adds a progress bar and its words; a script does the same with two calls::

    prepared = prepare_export(Path("export.csv"))
    done = write_batch(prepared, Path("auswertung"), reports="html", lang="de")
    done.result.entities, done.written, done.rejected
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from maturity.errors import MaturityError
from maturity.i18n import Text, speaking

if TYPE_CHECKING:
    from maturity.batch.run import BatchResult, PreparedBatch
    from maturity.load.brand import Brand
    from maturity.load.earlier import EarlierScores
    from maturity.load.mapping import Mapping
    from maturity.load.places import Places
    from maturity.model import Questionnaire

Progress = Callable[[str, int, int], None]
"""Called with a step ("read", "score", "reports"), how much is done and the total."""
REPORT_FORMATS = ("html", "md", "none")


def _nothing(step: str, done: int, total: int) -> None:
    """No progress shown."""


def questionnaire_candidates(
    given: Questionnaire | None, mapping: Mapping | None
) -> Questionnaire | list[Questionnaire]:
    """The questionnaire to score with: the one given, else the mapping's, else every bundled and
    archived one (the export's columns then choose)."""
    from maturity.load.catalogue import archived_paths, bundled_paths, load_questionnaire

    if given is not None:
        return given
    if mapping is not None:
        return load_questionnaire(mapping.questionnaire)
    candidates = [load_questionnaire(name) for name in bundled_paths()]
    return candidates + [load_questionnaire(path) for path in archived_paths().values()]


def prepare_export(
    export: Path,
    questionnaire: Questionnaire | None = None,
    *,
    mapping: Mapping | None = None,
    group_by: str | None = None,
    progress: Progress = _nothing,
    for_plan: bool = False,
) -> PreparedBatch:
    """Read the export's columns, choose the questionnaire and plan how each column is read;
    ``for_plan``: a plan is wanted even where no question is found (``--plan``)."""
    from maturity.batch.run import prepare_batch

    return prepare_batch(
        export,
        questionnaire_candidates(questionnaire, mapping),
        mapping=mapping,
        group_by=group_by,
        progress=progress,
        require_questions=not for_plan,
    )


@dataclass
class BatchDone:
    """What a batch wrote: the scores, the files (relative to the output folder as they are now
    placed), the seconds since the start at which each was written, the reports."""

    result: BatchResult
    written: list[Path]
    timings: dict[str, float] = field(default_factory=dict)
    report_files: list[str] | None = None
    """The reports' file names (in the folder "reports")."""

    @property
    def rejected(self) -> int:
        """Rows that could not be scored (they are in errors.csv)."""
        return self.result.rows_read - self.result.rows_scored

    def summary(self, seconds: str) -> Text:
        """The run in one line: municipalities, rows scored of rows read, blank lines left out; the
        counts grouped as the reader writes them (150.000 Zeilen, 150,000 rows)."""
        from maturity.output.formatting import number

        result = self.result
        n, blank = len(result.entities), result.rows_blank

        def counts(lang: str) -> tuple[str, ...]:
            values = (n, result.rows_scored, result.rows_read, blank)
            return tuple(number(value, lang, 0) for value in values)

        de, en = counts("de"), counts("en")
        line = Text(
            f"{de[0]} {'Kommune' if n == 1 else 'Kommunen'} bewertet aus {de[1]} von {de[2]} "
            f"Zeilen in {seconds} s",
            f"{en[0]} {'municipality' if n == 1 else 'municipalities'} scored from {en[1]} of "
            f"{en[2]} rows in {seconds} s",
        )
        if not blank:
            return line
        return Text(
            f"{line.de}; {de[3]} {'leere Zeile' if blank == 1 else 'leere Zeilen'} übersprungen",
            f"{line.en}; {en[3]} blank {'line' if blank == 1 else 'lines'} skipped",
        )


def write_batch(
    prepared: PreparedBatch,
    output: Path,
    *,
    reports: str = "html",
    lang: str = "de",
    jobs: int | None = None,
    earlier: EarlierScores | None = None,
    brand: Brand | None = None,
    strict: bool = False,
    force: bool = False,
    progress: Progress = _nothing,
    started: float | None = None,
    places: Places | None = None,
) -> BatchDone:
    """Score the prepared export and write summary, results, errors, benchmark, overview and (unless
    ``reports`` is "none") a report per municipality into ``output``. The previous run's outputs
    stay until this one is complete; they are replaced only with ``force`` (else MaturityError
    naming the earlier run). ``strict``: any row that cannot be scored is an error and nothing is
    written. ``places``: the official directory, for names, populations and Kreis names."""
    from maturity.batch.folder import RunFolder
    from maturity.batch.outputs import rejected_rows, write_outputs
    from maturity.batch.reports import default_jobs, report_names, write_reports
    from maturity.batch.run import score_batch

    if reports not in REPORT_FORMATS:
        raise ValueError(f"reports: one of {REPORT_FORMATS}, not {reports!r}")
    started = time.perf_counter() if started is None else started
    folder = RunFolder(output, force=force, source=Path(prepared.export.source).name)
    folder.refuse_early()
    with speaking(lang):  # the reasons in errors.csv are words too
        result = score_batch(prepared, progress, places=places)
    if strict and result.rows_read > result.rows_scored:
        raise MaturityError(rejected_rows(result))
    workers = jobs or default_jobs()
    timings: dict[str, float] = {}
    report_files = None
    with folder as stage:
        linked = (
            report_names(result, "html") if reports == "html" and len(result.entities) else None
        )
        written = write_outputs(
            result, stage, lang, timings, workers, report_files=linked, earlier=earlier
        )
        if reports != "none" and len(result.entities):
            report_files = write_reports(
                result,
                stage,
                reports,
                lang,
                workers,
                progress=lambda done, total: progress("reports", done, total),
                brand=brand,
            )
        folder.commit()
    return BatchDone(
        result,
        [output / path.name for path in written],
        {name: at - started for name, at in timings.items()},
        report_files,
    )
