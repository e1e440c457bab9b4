"""A batch output folder stays in step: a second run leaves no reports of the first behind, an
interrupted run leaves the previous outputs as they were and its leftovers are cleaned by the next,
and files that no run wrote are never touched."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from .conftest import MINI, Run


def export(path: Path, municipalities: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ags", "name", "a-choice", "a-yesno"])
        for i in range(municipalities):
            writer.writerow([f"0100{i:04d}", f"Gemeinde {i}", "2", "ja"])
    return path


def reports(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "reports").iterdir())


def test_a_second_run_leaves_no_reports_of_the_first(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("batch", export(tmp_path / "big.csv", 12), "-q", MINI, "-o", out).exit_code == 0
    assert len(reports(out)) == 12
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # the user's own file
    (out / "reports" / "mine.html").write_text("mine\n", encoding="utf-8")
    assert run("batch", export(tmp_path / "small.csv", 3), "-q", MINI, "-o", out).exit_code == 0
    assert reports(out) == [
        "gemeinde-0-01000000.html",
        "gemeinde-1-01000001.html",
        "gemeinde-2-01000002.html",
        "mine.html",
    ]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('href="reports/') == 3
    assert not list(out.glob(".maturity-run-*"))


def test_a_failed_run_leaves_the_previous_outputs_and_no_staging(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("batch", export(tmp_path / "first.csv", 4), "-q", MINI, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("maturity.batch.overview.write_overview", broken)
    result = run("batch", export(tmp_path / "second.csv", 2), "-q", MINI, "-o", out)
    assert result.exit_code == 3
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert len(reports(out)) == 4
    assert not list(out.glob(".maturity-run-*"))


def test_leftovers_of_an_interrupted_run_are_cleaned(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".maturity-run-4711" / "reports").mkdir(parents=True)
    (out / ".maturity-run-4711" / "summary.csv").write_text("half\n", encoding="utf-8")
    (out / "reports").mkdir()
    (out / ".summary.csv.x1y2.tmp").write_text("half\n", encoding="utf-8")
    (out / "reports" / ".a.html.k3j4.tmp").write_text("half\n", encoding="utf-8")
    assert run("batch", export(tmp_path / "e.csv", 2), "-q", MINI, "-o", out).exit_code == 0
    hidden = sorted(
        p.name for p in [*out.iterdir(), *(out / "reports").iterdir()] if p.name.startswith(".")
    )
    assert hidden == [".maturity-batch.json"]


def test_a_manifest_that_names_files_outside_the_folder_removes_none_of_them(
    run: Run, tmp_path: Path
) -> None:
    """The manifest lists what the previous run wrote; one edited to name a file outside the output
    folder (or the folder itself) makes the next run remove nothing there."""
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "keep.txt"
    outside.write_text("mine\n", encoding="utf-8")
    beside = tmp_path / "out-other" / "keep.txt"
    beside.parent.mkdir()
    beside.write_text("mine too\n", encoding="utf-8")
    (out / ".maturity-batch.json").write_text(
        json.dumps({"files": ["../keep.txt", "../out-other/keep.txt", str(outside), "."]}),
        encoding="utf-8",
    )
    assert run("batch", export(tmp_path / "e.csv", 2), "-q", MINI, "-o", out).exit_code == 0
    assert outside.read_text(encoding="utf-8") == "mine\n"
    assert beside.read_text(encoding="utf-8") == "mine too\n"
    assert (out / "summary.csv").is_file()
