"""The official municipality directory of Destatis (Gemeindeverzeichnis, GV100AD): names of the
Kreise, and names and populations of the municipalities by AGS, for ``batch --places``.

GV100AD is a text file of fixed-width records (the published record layout, 1-based positions):
1–2 the record type (``10`` Land, ``20`` Regierungsbezirk, ``30`` Region, ``40`` Kreis, ``50``
Gemeindeverband, ``60`` Gemeinde), 3–10 the date of the territorial status (YYYYMMDD), 11–18 the
key (Land 11–12, Regierungsbezirk 13, Kreis 14–15, Gemeinde 16–18: an AGS for type 60, its first
five digits for type 40), 23–72 the name; for a Gemeinde 140–150 its population.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from maturity.errors import MaturityError, Problem, raise_if_errors
from maturity.i18n import Text

MAX_BYTES = 64 << 20
"""A directory larger than this is no GV100AD (the complete one has about 3 MB)."""
KREIS, GEMEINDE = "40", "60"
NAME = slice(22, 72)
KEY = slice(10, 18)
POPULATION = slice(139, 150)
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Places:
    kreise: dict[str, str] = field(default_factory=dict)
    """Kreis key (the first five digits of an AGS) -> name."""
    names: dict[str, str] = field(default_factory=dict)
    """AGS -> the municipality's name."""
    populations: dict[str, int] = field(default_factory=dict)
    """AGS -> the municipality's population."""
    as_of: str = ""
    """The territorial status of the directory (ISO date)."""


def load_places(path: Path) -> Places:
    """Read a GV100AD file; a file that is none, or a record that cannot be read, is a
    MaturityError with its line."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise MaturityError(
            [Problem(name, 0, 0, Text(f"nicht lesbar ({reason})", f"cannot read ({reason})"))]
        ) from None
    if len(data) > MAX_BYTES:
        raise MaturityError([Problem(name, 0, 0, _not_a_directory())])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # the directory's own encoding
    places = Places()
    problems: list[Problem] = []
    dates: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        kind = line[:2]
        if kind not in {"10", "20", "30", "40", "50", "60"} or not line[2:10].isdigit():
            if line.strip():
                problems.append(Problem(name, number, 1, _not_a_record()))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        dates.add(line[2:10])
        key = line[KEY].strip()
        title = " ".join(line[NAME].split())
        if kind == KREIS and len(key) >= 5 and key[:5].isdigit():
            places.kreise[key[:5]] = title
        elif kind == GEMEINDE:
            if len(key) != 8 or not key.isdigit() or not title:
                problems.append(Problem(name, number, 11, _not_a_municipality()))
                continue
            places.names[key] = title
            count = line[POPULATION].strip()
            if count.isdigit():
                places.populations[key] = int(count)
    raise_if_errors(problems)
    if not places.names:
        raise MaturityError([Problem(name, 0, 0, _not_a_directory())])
    stamp = max(dates)
    return Places(
        places.kreise,
        places.names,
        places.populations,
        f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}",
    )


def _not_a_directory() -> Text:
    return Text(
        "kein Gemeindeverzeichnis GV100AD des Statistischen Bundesamtes (keine Gemeinde darin)",
        "not a GV100AD municipality directory of Destatis (no municipality in it)",
    )


def _not_a_record() -> Text:
    return Text(
        "kein Satz des GV100AD: erwartet Satzart 10 bis 60 und ein Datum JJJJMMTT am Zeilenanfang",
        "not a GV100AD record: expected a record type 10 to 60 and a date YYYYMMDD at the start",
    )


def _not_a_municipality() -> Text:
    return Text(
        "Gemeindesatz ohne 8-stelligen AGS (Stellen 11–18) oder ohne Namen (Stellen 23–72)",
        "municipality record without an 8-digit AGS (positions 11–18) or a name (23–72)",
    )
