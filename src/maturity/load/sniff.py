"""What kind of file this is, told from its first bytes before any reader tries it, so that a command
given the wrong file says what it got and which command takes it ("Das ist ein Umfrage-Export: maturity
batch umfrage.csv -o auswertung") instead of a reader's complaint about the wrong format."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Literal

from maturity.i18n import Text

Kind = Literal[
    "pdf",
    "document",
    "spreadsheet",
    "template",
    "workbook",
    "export",
    "answers",
    "questionnaire",
    "mapping",
    "brand",
    "benchmark",
    "unknown",
]
HEAD_BYTES = 65536
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)


def sniff(path: Path) -> Kind:
    """The kind of file at ``path`` ("unknown" where it cannot be told or read)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return "unknown"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zipped(path)
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _keys_kind(_json_keys(path))
    keys = set(_TOP_KEY.findall(text))
    kind = _keys_kind(keys)
    if kind != "unknown":
        return kind
    first = stripped.split("\n", 1)[0]
    if max(first.count(","), first.count(";"), first.count("\t")) >= 2 and ": " not in first:
        return "export"
    return "unknown"


def _zipped(path: Path) -> Kind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "document"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.text" in mimetype:
                    return "document"
                if b"opendocument.spreadsheet" in mimetype:
                    return "spreadsheet"
            if "xl/workbook.xml" in names:
                workbook = archive.read("xl/workbook.xml")[:HEAD_BYTES]
                return "template" if b'name="maturity"' in workbook else "workbook"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return "unknown"
    return "unknown"


def _json_keys(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return set(data) if isinstance(data, dict) else set()


def _keys_kind(keys: set[str]) -> Kind:
    """As ``validate`` tells the YAML kinds apart, from the top-level keys."""
    if "format" in keys and "groups" in keys:
        return "benchmark"
    if "areas" in keys or "levels" in keys:
        return "questionnaire"
    if "answers" in keys:
        return "answers"
    if "columns" in keys or "entity" in keys:
        return "mapping"
    if keys & {"logo", "accent", "footer"}:
        return "brand"
    return "unknown"


def what_to_do(kind: Kind, path: Path) -> Text | None:
    """What a file of this kind is and the command that takes it; None where there is nothing to
    say (an unknown kind: the reader says what is wrong)."""
    name = str(path)
    advice: dict[str, Text] = {
        "pdf": Text(
            "Das ist ein PDF-Dokument. maturity liest Antworten aus einer YAML-Datei oder der "
            "XLSX-Vorlage (maturity template -f xlsx -o vorlage.xlsx); einen Bericht als PDF "
            "schreibt maturity report ANTWORTEN -f pdf -o bericht.pdf",
            "This is a PDF document. maturity reads answers from a YAML file or the XLSX template "
            "(maturity template -f xlsx -o template.xlsx); a PDF report is written by maturity "
            "report ANSWERS -f pdf -o report.pdf",
        ),
        "document": Text(
            "Das ist ein Textdokument (DOCX/ODT). Antworten gehören in eine YAML-Datei oder die "
            "XLSX-Vorlage: maturity template -f xlsx -o vorlage.xlsx",
            "This is a text document (DOCX/ODT). Answers go into a YAML file or the XLSX "
            "template: maturity template -f xlsx -o template.xlsx",
        ),
        "spreadsheet": Text(
            "Das ist eine OpenDocument-Tabelle (ODS): bitte als XLSX oder CSV speichern",
            "This is an OpenDocument spreadsheet (ODS): save it as XLSX or CSV",
        ),
        "export": Text(
            f"Das ist ein Umfrage-Export mit einer Zeile je Antwort: maturity batch {name} -o "
            "auswertung",
            f"This is a survey export with a row per response: maturity batch {name} -o results",
        ),
        "workbook": Text(
            "Das ist keine Antwortvorlage von maturity, sondern eine andere Arbeitsmappe. Ein "
            f"Umfrage-Export? Dann: maturity batch {name} -o auswertung. Eine Vorlage zum "
            "Ausfüllen schreibt: maturity template --format xlsx -o vorlage.xlsx",
            "This is not an answers template of maturity but another workbook. A survey export? "
            f"Then: maturity batch {name} -o results. A template to fill in is written by: "
            "maturity template --format xlsx -o template.xlsx",
        ),
        "questionnaire": Text(
            f"Das ist ein Fragebogen: ansehen mit maturity show {name}, beantworten mit maturity "
            f"assess -q {name} -o antworten.yaml",
            f"This is a questionnaire: view it with maturity show {name}, answer it with maturity "
            f"assess -q {name} -o answers.yaml",
        ),
        "answers": Text(
            f"Das ist eine Antwortdatei einer Kommune: maturity score {name} oder maturity report "
            f"{name}",
            f"This is the answers file of one municipality: maturity score {name} or maturity "
            f"report {name}",
        ),
        "template": Text(
            f"Das ist eine ausgefüllte Antwortvorlage einer Kommune: maturity score {name} oder "
            f"maturity report {name}",
            f"This is the filled answers template of one municipality: maturity score {name} or "
            f"maturity report {name}",
        ),
        "mapping": Text(
            f"Das ist eine Zuordnungsdatei für Umfrage-Exporte: maturity batch EXPORT --mapping "
            f"{name} -o auswertung",
            f"This is a mapping file for survey exports: maturity batch EXPORT --mapping {name} -o "
            "results",
        ),
        "brand": Text(
            f"Das ist eine Markendatei: maturity report ANTWORTEN --brand {name}",
            f"This is a brand file: maturity report ANSWERS --brand {name}",
        ),
        "benchmark": Text(
            f"Das ist eine Vergleichsdatei von batch: maturity report ANTWORTEN --peers {name}",
            f"This is a peer file written by batch: maturity report ANSWERS --peers {name}",
        ),
    }
    return advice.get(kind)
