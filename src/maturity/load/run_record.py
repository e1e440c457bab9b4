"""The record a batch leaves in its output folder (``.maturity-batch.json``): the run's date and
export, and each file it wrote with its size and SHA-256. ``batch`` writes it and trusts it only for
files that still match; ``--compare`` reads the date of the evaluation that wrote a summary.csv."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

BATCH_RECORD = ".maturity-batch.json"
RECORD_LIMIT = 64 << 20
"""A record larger than this is no batch's (11,000 reports make about 2 MB)."""


def read_record(folder: Path) -> dict[str, Any]:
    """The record in ``folder``; empty where there is none, or none that can be read."""
    try:
        with (folder / BATCH_RECORD).open("rb") as handle:
            raw = handle.read(RECORD_LIMIT + 1)
        record = json.loads(raw) if len(raw) <= RECORD_LIMIT else None
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def run_of(record: dict[str, Any]) -> dict[str, str] | None:
    """The run a record describes (its date and export); None where it lists no files."""
    if not record.get("files"):
        return None
    run = record.get("run")
    run = run if isinstance(run, dict) else {}
    return {"date": str(run.get("date", "")), "export": str(run.get("export", ""))}


def fingerprint(data: bytes) -> tuple[int, str]:
    """Size and SHA-256, as the record keeps them."""
    return len(data), hashlib.sha256(data).hexdigest()


def file_fingerprint(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in pieces (results.jsonl may be gigabytes)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def record_text(date: str, export: str, files: list[tuple[str, tuple[int, str]]]) -> str:
    """The record of a run: its date and export, and each file (path relative to the folder) with
    its size and SHA-256."""
    entries = [{"path": name, "size": size, "sha256": digest} for name, (size, digest) in files]
    run = {"date": date, "export": export}
    return json.dumps({"run": run, "files": entries}, indent=1, ensure_ascii=False) + "\n"


def lists(record: dict[str, Any], name: str, print_: tuple[int, str]) -> bool:
    """Whether the record lists the file ``name`` with this size and SHA-256."""
    files = record.get("files")
    size, digest = print_
    return isinstance(files, list) and any(
        isinstance(entry, dict)
        and entry.get("path") == name
        and entry.get("size") == size
        and entry.get("sha256") == digest
        for entry in files
    )
