"""Outputs never destroy inputs, special files stay what they are, and a place that cannot be written
is exit 1 with the path and the reason."""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINI, MINI_ANSWERS, Run, require

EXAMPLE = EXAMPLES / "stadt-mustertal.yaml"


def test_a_report_never_replaces_its_answers(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "mine.yaml"
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    result = run("report", answers, "-f", "md", "-o", answers)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{answers}: this is an input of the command; refusing to write over it "
        "(choose another file with -o)\n"
    )
    assert answers.read_bytes() == before


def test_the_default_report_name_never_replaces_its_answers(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "stadt.md"  # an answers file with an unusual name
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = run("report", "stadt.md", "-f", "md")
    assert result.exit_code == 1
    assert "refusing to write over it" in result.stderr
    assert answers.read_bytes() == before


def test_compare_and_questionnaire_files_are_inputs_too(run: Run, tmp_path: Path) -> None:
    questionnaire = tmp_path / "mini.yaml"
    shutil.copy(MINI, questionnaire)
    before = questionnaire.read_bytes()
    result = run("report", MINI_ANSWERS, "-q", questionnaire, "-f", "md", "-o", questionnaire)
    assert result.exit_code == 1
    assert questionnaire.read_bytes() == before


def test_export_form_keeps_an_edited_mapping(run: Run, tmp_path: Path) -> None:
    form = tmp_path / "digitalcheck.txt"
    mapping = tmp_path / "digitalcheck-mapping.yaml"
    assert run("export-form", "-f", "limesurvey", "-o", form).exit_code == 0
    mapping.write_text(mapping.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run("export-form", "-f", "limesurvey", "-o", form)
    assert result.exit_code == 1
    assert str(mapping) in result.stderr
    assert "--force" in result.stderr
    assert mapping.read_text(encoding="utf-8").endswith("# edited\n")
    assert run("export-form", "-f", "limesurvey", "-o", form, "--force").exit_code == 0
    assert not mapping.read_text(encoding="utf-8").endswith("# edited\n")


def test_a_fifo_stays_a_fifo(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("report", EXAMPLE, "-f", "json", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["municipality"]["name"] == "Stadt Mustertal"


def test_a_device_stays_a_device(run: Run, tmp_path: Path) -> None:
    require(os.geteuid() == 0, "root (to make a device node)")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    result = run("report", EXAMPLE, "-f", "md", "-o", device)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(device.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_place_that_cannot_be_written_is_exit_1_with_the_reason(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder\n", encoding="utf-8")
    result = run("report", EXAMPLE, "-f", "md", "-o", blocker / "report.md")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{blocker}: cannot write here: a file stands where a folder is needed\n"
    )
    result = run("batch", EXAMPLES / "batch-export.csv", "-o", blocker / "out", "--reports", "none")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"{blocker / 'out'}: cannot write here: a file stands where a folder is needed\n"
    )
