"""Files written for the user: atomically, and never outside the folder asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.errors import MaturityError
from maturity.output.files import child, write_atomic


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n", encoding="utf-8")

    def explode(*_: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("os.fsync", explode)
        with pytest.raises(MaturityError, match="cannot write here: No space left on device"):
            write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]


def test_a_failed_rename_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(MaturityError, match="cannot write here: Is a directory"):
        write_atomic(target, "<html></html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert target.is_dir()


@pytest.mark.parametrize("name", ["", ".", "..", "../x.html", "a/b.html", "a\\b.html", "a\0b"])
def test_names_from_data_never_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="plain name"):
        child(tmp_path, name)


def test_a_plain_name_stays_in_the_folder(tmp_path: Path) -> None:
    assert child(tmp_path, "musterstadt-09162000.html") == tmp_path / "musterstadt-09162000.html"


def test_a_report_file_is_written_new_and_never_through_an_existing_one(tmp_path: Path) -> None:
    from maturity.errors import MaturityError
    from maturity.output.files import write_new

    target = tmp_path / "bericht.html"
    write_new(target, "ä")
    assert target.read_bytes() == "ä".encode()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(elsewhere)
    for existing in (target, link):
        with pytest.raises(MaturityError, match="cannot write here"):
            write_new(existing, "x")
    assert elsewhere.read_text(encoding="utf-8") == "keep"
