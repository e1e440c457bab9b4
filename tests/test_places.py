"""`batch --places GV100AD…txt`: the official municipality directory of Destatis names the Kreise and
fills in the names and populations an export lacks (before routing), in the directory's fixed-column
record layout; a file that is no directory is refused with its line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from .conftest import MINI, Run

STAND = "20251231"


def record(kind: str, key: str, name: str, population: int | None = None) -> str:
    """One GV100AD record as the published layout places its fields (1-based): record type 1–2,
    date 3–10, key 11–18, Gemeindeverband 19–22, name 23–72, seat 73–122, mark 123–124, area
    129–139, population 140–150."""
    line = f"{kind}{STAND}{key:<8}{'':4}{name:<50}{'':50}{'':2}{'':4}{1234:>11}"
    if population is not None:
        line += f"{population:>11}{population // 2:>11}"
    return line


def directory(path: Path) -> Path:
    lines = [
        record("10", "09", "Bayern"),
        record("40", "09162", "München, Landeshauptstadt"),
        record("40", "09780", "Oberallgäu"),
        record("60", "09162000", "München, Landeshauptstadt", 1_510_378),
        record("60", "09780113", "Altusried, M", 10_406),
        record("60", "09780116", "Betzigau", 3_092),
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))  # the directory's encoding
    return path


def test_names_populations_and_kreise_from_the_directory(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "ags,population,a-choice,a-yesno\n"
        "09162000,,2,ja\n"  # no population given: the directory's
        "09780113,9000,1,nein\n"  # a population given: kept
        "09780116,,2,nein\n"
        "09999999,,2,ja\n",  # not in the directory: stays as it is
        encoding="utf-8",
    )
    out = tmp_path / "out"
    places = directory(tmp_path / "GV100AD_31122025.txt")
    result = run(
        "batch", export, "-q", MINI, "-o", out, "--places", places, "--reports", "none", "-l", "de"
    )
    assert result.exit_code == 0, result.stderr
    assert "aus dem Gemeindeverzeichnis (Stand 2025-12-31) ergänzt: 3 Namen, 2 Einwohnerzahlen" in (
        result.stderr
    )
    with (out / "summary.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["09162000"]["name"] == "München, Landeshauptstadt"
    assert rows["09162000"]["population"] == "1510378"
    assert rows["09780113"]["name"] == "Altusried, M"
    assert rows["09780113"]["population"] == "9000"
    assert rows["09999999"]["name"] == "09999999"
    assert rows["09999999"]["population"] == ""
    ranking = (out / "ranking" / "by.html").read_text(encoding="utf-8")
    assert '<td class="minor">Oberallgäu</td>' in ranking
    assert '<td class="minor">München, Landeshauptstadt</td>' in ranking
    assert '<td class="minor">09999</td>' in ranking  # a Kreis the directory does not know


def test_a_file_that_is_no_directory_is_refused_with_its_lines(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("ags,a-choice,a-yesno\n09162000,2,ja\n", encoding="utf-8")
    wrong = tmp_path / "places.txt"
    wrong.write_text(
        record("60", "09162000", "München", 100)
        + "\nAGS;Name\n"
        + record("60", "0916", "X")
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("batch", export, "-q", MINI, "-o", out, "--places", wrong, "-l", "en")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        f"{wrong}:2:1: not a GV100AD record: expected a record type 10 to 60 and a date YYYYMMDD "
        "at the start" in lines
    )
    assert (
        f"{wrong}:3:11: municipality record without an 8-digit AGS (positions 11–18) or a name "
        "(23–72)" in lines
    )
    assert not out.exists()
    empty = tmp_path / "empty.txt"
    empty.write_text(record("10", "09", "Bayern") + "\n", encoding="utf-8")
    result = run("batch", export, "-q", MINI, "-o", out, "--places", empty, "-l", "en")
    assert result.exit_code == 1
    assert "not a GV100AD municipality directory of Destatis (no municipality in it)" in (
        result.stderr
    )


def test_each_respondent_is_routed_with_the_directorys_population(run: Run, tmp_path: Path) -> None:
    """The spread of a municipality's respondents is scored on the questions that apply to it: a
    question for municipalities of 20,000 or more does not apply to Betzigau (3,092 by the
    directory), for its own score nor for any respondent's, though the export gives no population
    (where routing does not know the population, the question is asked)."""
    from .test_routing import ROUTED

    export = tmp_path / "export.csv"
    export.write_text(
        "ags,population,traeger,eigene-it,beschaeftigte,a-plan,b-schulungen,b-gross,b-landesrecht\n"
        "09780116,,stadt,nein,200,2,5,ja,ja\n"
        "09780116,,stadt,nein,200,2,5,nein,ja\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    places = directory(tmp_path / "GV100AD_31122025.txt")
    result = run("batch", export, "-q", ROUTED, "-o", out, "--places", places, "--reports", "none")
    assert result.exit_code == 0, result.stderr
    (line,) = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    beta = {area["id"]: area for area in json.loads(line)["areas"]}["beta"]
    # b-schulungen 5 and b-landesrecht "ja" score 1 for both; b-gross, answered 1 and 0, is out
    assert beta["score"] == pytest.approx(100.0)
    assert beta["spread"] == [pytest.approx(100.0), pytest.approx(100.0)]
