"""A batch output folder stays in step and safe on a shared drive (security review F1, F2, F4, F5): a
second run replaces the first only with --force and leaves no reports of it behind, an interrupted run
leaves the previous outputs as they were and its leftovers are cleaned by the next, a planted link is
never followed, a file that no run wrote – or that changed since – is never touched, and two runs into
one folder cannot both work."""

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
    again = run("batch", export(tmp_path / "small.csv", 3), "-q", MINI, "-o", out, "-l", "de")
    assert again.exit_code == 1  # the earlier evaluation is replaced only when asked
    assert "hier liegt schon eine Auswertung vom " in again.stderr
    assert "aus big.csv; mit --force wird sie ersetzt" in again.stderr
    assert len(reports(out)) == 13
    small = export(tmp_path / "small.csv", 3)
    assert run("batch", small, "-q", MINI, "-o", out, "--force").exit_code == 0
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
    result = run("batch", export(tmp_path / "second.csv", 2), "-q", MINI, "-o", out, "--force")
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
    done = run("batch", export(tmp_path / "e.csv", 2), "-q", MINI, "-o", out, "--force")
    assert done.exit_code == 0
    assert outside.read_text(encoding="utf-8") == "mine\n"
    assert beside.read_text(encoding="utf-8") == "mine too\n"
    assert (out / "summary.csv").is_file()


def test_a_planted_staging_link_moves_nothing_in_and_deletes_nothing_f1(
    run: Run, tmp_path: Path
) -> None:
    """A link named like a staging folder (for every PID) is removed as a link, never written
    through: the victim's files stay where they are, as they are."""
    out, victim = tmp_path / "out", tmp_path / "victim"
    out.mkdir()
    victim.mkdir()
    (victim / "secret.txt").write_text("mine\n", encoding="utf-8")
    for pid in range(1, 40000, 997):
        (out / f".maturity-run-{pid}").symlink_to(victim, target_is_directory=True)
    (out / f".maturity-run-{__import__('os').getpid()}").symlink_to(victim)
    small = export(tmp_path / "e.csv", 2)
    assert run("batch", small, "-q", MINI, "-o", out, "--reports", "none").exit_code == 0
    assert run("batch", small, "-q", MINI, "-o", out, "--reports", "none", "--force").exit_code == 0
    assert sorted(p.name for p in victim.iterdir()) == ["secret.txt"]
    assert (victim / "secret.txt").read_text(encoding="utf-8") == "mine\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".maturity-run-")]


@pytest.mark.parametrize("folder", ["reports", "ranking"])
def test_a_linked_reports_or_ranking_folder_is_refused_f2(
    run: Run, tmp_path: Path, folder: str
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (elsewhere / ".old.html.x.tmp").write_text("mine\n", encoding="utf-8")
    (out / folder).symlink_to(elsewhere, target_is_directory=True)
    result = run("batch", export(tmp_path / "e.csv", 2), "-q", MINI, "-o", out, "-l", "de")
    assert result.exit_code == 1
    assert f"{out / folder}: ist eine Verknüpfung auf einen anderen Ort" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == [".old.html.x.tmp"]
    assert not (out / "summary.csv").exists()  # nothing of the run was put in place


def test_a_crafted_manifest_deletes_no_file_of_the_user_f4(run: Run, tmp_path: Path) -> None:
    """Entries naming the user's files, a folder, or an output that changed since are kept."""
    out = tmp_path / "out"
    small = export(tmp_path / "e.csv", 3)
    assert run("batch", small, "-q", MINI, "-o", out).exit_code == 0
    manifest = json.loads((out / ".maturity-batch.json").read_text(encoding="utf-8"))
    assert {"path", "size", "sha256"} == set(manifest["files"][0])
    assert manifest["run"]["export"] == "e.csv"
    (out / "mapping.yaml").write_text("mine\n", encoding="utf-8")
    (out / "sub").mkdir()
    (out / "reports" / "gemeinde-2-01000002.html").write_text("edited\n", encoding="utf-8")
    manifest["files"] += [
        {"path": "mapping.yaml", "size": 5, "sha256": "0" * 64},
        {"path": "sub", "size": 0, "sha256": "0" * 64},
        "notes.docx",
    ]
    (out / ".maturity-batch.json").write_text(json.dumps(manifest), encoding="utf-8")
    fewer = export(tmp_path / "f.csv", 1)
    assert run("batch", fewer, "-q", MINI, "-o", out, "--force").exit_code == 0
    assert (out / "mapping.yaml").read_text(encoding="utf-8") == "mine\n"
    assert (out / "sub").is_dir()
    assert reports(out) == ["gemeinde-0-01000000.html", "gemeinde-2-01000002.html"]  # 1 unchanged
    assert not (out / "reports" / "gemeinde-1-01000001.html").exists()


def test_a_second_run_into_a_working_folder_is_refused_f5(tmp_path: Path) -> None:
    """While one run holds the folder, another is turned away naming since when it works; the first
    run's staging folder is untouched."""
    from maturity.batch.folder import RunFolder
    from maturity.errors import MaturityError

    out = tmp_path / "out"
    with RunFolder(out) as stage:
        (stage / "summary.csv").write_text("first\n", encoding="utf-8")
        with pytest.raises(MaturityError) as refused, RunFolder(out, force=True):
            pass
        message = str(refused.value.problems[0].message.in_language("de"))
        assert message.startswith("in diesem Ordner läuft bereits eine Auswertung seit ")
        assert (stage / "summary.csv").read_text(encoding="utf-8") == "first\n"
    assert not (out / ".maturity-batch.lock").exists()


def test_a_folder_that_will_be_refused_is_refused_before_scoring(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An earlier evaluation without --force, or a run working in the folder, is said at once: nobody
    waits for a million rows to be scored whose results cannot be written."""
    from maturity.batch.folder import RunFolder

    out = tmp_path / "out"
    assert run("batch", export(tmp_path / "a.csv", 2), "-q", MINI, "-o", out).exit_code == 0

    def no_scoring(*args: object) -> None:
        raise AssertionError("scored although the folder refuses the run")

    monkeypatch.setattr("maturity.batch.run.score_batch", no_scoring)
    again = run("batch", export(tmp_path / "b.csv", 2), "-q", MINI, "-o", out, "-l", "de")
    assert again.exit_code == 1
    assert "hier liegt schon eine Auswertung vom " in again.stderr
    busy = tmp_path / "busy"
    with RunFolder(busy):
        working = run("batch", tmp_path / "b.csv", "-q", MINI, "-o", busy, "--force", "-l", "de")
    assert working.exit_code == 1
    assert "in diesem Ordner läuft bereits eine Auswertung seit " in working.stderr
