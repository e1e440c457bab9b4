"""An earlier batch's ``summary.csv`` -> the scores to compare with (``batch --compare``).

Read like every other input: every problem at once, as ``file:line:col: message``. Only the columns the
trend needs are read: ``id``, ``overall_score`` and, where present, the area scores.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from maturity.errors import MaturityError, Problem, raise_if_errors
from maturity.i18n import Text

MAX_PROBLEMS = 50


@dataclass(frozen=True)
class EarlierScores:
    source: str
    """The file's name."""
    overall: dict[str, float] = field(default_factory=dict)
    """Overall score by municipality id (those with a score)."""
    evaluated_on: str = ""
    """The ISO date of the batch that wrote the file, from the run record beside it ("" if none)."""
    label: str = ""
    """What the user calls the earlier survey (``--compare-label``); it names the trend if given."""


def load_earlier(path: Path) -> EarlierScores:
    """Read and check an earlier summary.csv; every problem is a MaturityError with its position."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise MaturityError(
            [Problem(name, 0, 0, Text(f"nicht lesbar ({reason})", f"cannot read ({reason})"))]
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MaturityError(
            [
                Problem(
                    name,
                    text_line(data, exc.start),
                    1,
                    Text(
                        "erwartet UTF-8 (wie maturity summary.csv schreibt)",
                        "expected UTF-8 (as maturity writes summary.csv)",
                    ),
                )
            ]
        ) from None
    problems: list[Problem] = []
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a cell of any length
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, [])
    columns = {column: index for index, column in enumerate(header)}
    for wanted in ("id", "overall_score"):
        if wanted not in columns:
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    Text(
                        f"Spalte '{wanted}' fehlt; erwartet die summary.csv eines früheren "
                        "maturity batch",
                        f"column '{wanted}' is missing; expected the summary.csv of an earlier "
                        "maturity batch",
                    ),
                )
            )
    raise_if_errors(problems)
    id_at, score_at = columns["id"], columns["overall_score"]
    overall: dict[str, float] = {}
    for row in rows:
        line = rows.line_num
        if not row:
            continue
        ident = row[id_at].strip() if id_at < len(row) else ""
        cell = row[score_at].strip() if score_at < len(row) else ""
        if not ident:
            problems.append(
                Problem(name, line, id_at + 1, Text("Kennung fehlt", "the id is missing"))
            )
            continue
        if not cell:
            continue  # no overall score then either
        try:
            value = float(cell)
        except ValueError:
            value = math.nan
        if not 0 <= value <= 100:  # NaN fails too
            problems.append(
                Problem(
                    name,
                    line,
                    score_at + 1,
                    Text(
                        f"overall_score: erwartet eine Zahl von 0 bis 100, gefunden '{cell[:40]}'",
                        f"overall_score: expected a number from 0 to 100, got '{cell[:40]}'",
                    ),
                )
            )
        elif ident in overall:
            problems.append(
                Problem(
                    name,
                    line,
                    id_at + 1,
                    Text(f"Kennung '{ident}' steht doppelt", f"id '{ident}' appears twice"),
                )
            )
        else:
            overall[ident] = value
        if len(problems) >= MAX_PROBLEMS:
            break
    raise_if_errors(problems)
    return EarlierScores(source=path.name, overall=overall, evaluated_on=_evaluated_on(path, data))


def _evaluated_on(path: Path, data: bytes) -> str:
    """The date of the batch that wrote this summary.csv, from the run record beside it – only if
    the record lists this very file (the same size and hash); "" otherwise."""
    from maturity.load.run_record import fingerprint, lists, read_record, run_of

    record = read_record(path.parent)
    run = run_of(record)
    date = run["date"][:10] if run else ""
    if not lists(record, path.name, fingerprint(data)) or not re.fullmatch(
        r"\d{4}-\d\d-\d\d", date
    ):
        return ""
    return date


def text_line(data: bytes, offset: int) -> int:
    """The line (from 1) of a byte offset."""
    return data.count(b"\n", 0, offset) + 1
