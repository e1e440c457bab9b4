"""A file given to the wrong command is named, with the command that takes it, in both languages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT, Run

CASES = [  # (what is given, to which command, what it says in German, in English)
    ("pdf", "score", "Das ist ein PDF-Dokument", "This is a PDF document"),
    ("docx", "report", "Das ist ein Textdokument (DOCX/ODT)", "This is a text document (DOCX/ODT)"),
    ("export", "score", "Das ist ein Umfrage-Export mit einer Zeile je Antwort: maturity batch",
     "This is a survey export with a row per response: maturity batch"),
    ("answers", "batch", "Das ist eine Antwortdatei einer Kommune: maturity score",
     "This is the answers file of one municipality: maturity score"),
    ("questionnaire", "score", "Das ist ein Fragebogen: ansehen mit maturity show",
     "This is a questionnaire: view it with maturity show"),
    ("questionnaire", "batch", "Das ist ein Fragebogen", "This is a questionnaire"),
    ("brand", "score", "Das ist eine Markendatei: maturity report ANTWORTEN --brand",
     "This is a brand file: maturity report ANSWERS --brand"),
]  # fmt: skip


def given(kind: str, folder: Path) -> Path:
    if kind == "pdf":
        path = folder / "bericht.pdf"
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    elif kind == "docx":
        path = folder / "antworten.docx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
    elif kind == "export":
        path = EXAMPLES / "batch-export.csv"
    elif kind == "answers":
        path = EXAMPLES / "musterstadt.yaml"
    elif kind == "questionnaire":
        path = ROOT / "questionnaires" / "schnellcheck-kommune.yaml"
    else:
        path = ROOT / "tests" / "data" / "brand" / "brand.yaml"
    return path


@pytest.mark.parametrize(("kind", "command", "de", "en"), CASES)
def test_the_wrong_file_is_named_with_the_command_that_takes_it(
    run: Run, tmp_path: Path, kind: str, command: str, de: str, en: str
) -> None:
    path = given(kind, tmp_path)
    args = [command, path] if command != "batch" else [command, path, "-o", tmp_path / "out"]
    german = run(*args, "-l", "de")
    assert german.exit_code == 1
    assert german.stderr.startswith(f"{path}: {de}"), german.stderr
    english = run(*args, "-l", "en")
    assert english.stderr.startswith(f"{path}: {en}"), english.stderr
    assert not (tmp_path / "out").exists()
