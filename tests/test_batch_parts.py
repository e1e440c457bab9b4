"""`batch` reads an export in parts: whatever the parts, the outputs are the same (byte for byte; in
results.jsonl a mean of linearly scored numbers over several respondents may differ in its last binary
digit, as a sum of floats taken in another order does), and what spans parts (a respondent's second row, a municipality's first name, an AGS written with and
without its leading zero) is found across them. Every reader is cut small here: the fast block reader,
Arrow's serial reader (a line break inside quotes), Python's careful reader (a ragged row) and XLSX."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from maturity.survey.read import exports

from . import survey_exports as ex
from .conftest import EXAMPLES, Run

OUTPUTS = ("summary.csv", "results.jsonl", "errors.csv")


def records() -> list[list[str]]:
    text = (EXAMPLES / "batch-export.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def variant(edit: Callable[[list[list[str]]], None] | None = None) -> list[list[str]]:
    """The example export with what spans parts: a repeated respondent, an AGS that loses its leading
    zero in later rows, bad cells early and late, and a blank line."""
    rows = records()
    header = rows[0]
    ags, respondent = header.index("ags"), header.index("respondent")
    first_choice = header.index("strategie-beschluss")
    rows[300][respondent] = rows[2][respondent]  # the respondent of row 3 answers again in row 301
    for record in rows[400:]:  # Gemeinde Muster 00028 answers in rows 396 to 410
        if record[ags] == "09000027":
            record[ags] = "9000027"
    rows[5][first_choice] = "vielleicht"
    rows[550][first_choice] = "vielleicht"
    rows.insert(200, [])
    if edit:
        edit(rows)
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        for record in rows:
            if record:
                writer.writerow(record)
            else:
                handle.write("\r\n")
    return path


def outputs(run: Run, export: Path, out: Path) -> tuple[dict[str, bytes], str]:
    result = run("batch", export, "-o", out, "--reports", "none")
    assert result.exit_code == 1, result.stderr  # the bad cells and the repeated respondent
    last = [line for line in result.stderr.splitlines() if "scored from" in line]
    return {name: (out / name).read_bytes() for name in OUTPUTS}, last[0].split(" in ")[0]


READERS = ("_block_parts", "_serial_parts", "_careful_parts", "_xlsx_parts")


def small_parts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Cut every reader small; the list receives (reader, parts it handed over) per pass."""
    monkeypatch.setattr(exports, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(exports, "PART_RECORDS", 37)
    passes: list[tuple[str, int]] = []
    for name in READERS:
        reader = getattr(exports, name)

        def counted(*args: object, _reader: Any = reader, _name: str = name) -> Iterator[Any]:
            passes.append((_name, 0))
            for part in _reader(*args):
                passes[-1] = (_name, passes[-1][1] + 1)
                yield part

        monkeypatch.setattr(exports, name, counted)
    return passes


def same_in_parts(
    run: Run, monkeypatch: pytest.MonkeyPatch, export: Path, tmp_path: Path, reader: str
) -> dict[str, bytes]:
    """The outputs read whole equal those read in small parts by ``reader`` (the pass that counts)."""
    whole, said = outputs(run, export, tmp_path / "whole")
    passes = small_parts(monkeypatch)
    parted, said_in_parts = outputs(run, export, tmp_path / "parts")
    assert passes[-1][0] == reader
    assert passes[-1][1] > 10  # many parts
    assert said_in_parts == said
    for name in ("summary.csv", "errors.csv"):
        assert parted[name] == whole[name], name
    assert same_values(parsed(parted["results.jsonl"]), parsed(whole["results.jsonl"]))
    return whole


def parsed(lines: bytes) -> list[object]:
    return [json.loads(line) for line in lines.decode("utf-8").splitlines()]


def same_values(a: object, b: object) -> bool:
    """Equal, floats to 1e-12."""
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12, abs=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_values(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_values(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def check_spanning(files: dict[str, bytes], first_data_row: int = 2) -> None:
    """What spans parts was found: the repeated respondent, the padded AGS, both bad cells."""
    errors = list(csv.DictReader(io.StringIO(files["errors.csv"].decode("utf-8"))))
    duplicate = [e for e in errors if e["reason"].startswith("duplicate respondent")]
    assert [(e["row"], e["value"]) for e in duplicate] == [("302", "r2")]  # after the blank line
    bad = [e["row"] for e in errors if e["value"] == "vielleicht"]
    assert bad == [str(first_data_row + 4), "552"]
    lines = [json.loads(line) for line in files["results.jsonl"].decode("utf-8").splitlines()]
    ags = [line["municipality"]["ags"] for line in lines]
    assert "09000027" in ags
    assert "9000027" not in ags
    assert len(ags) == len(set(ags)) == 40  # 9000027 joined 09000027
    joined = next(line for line in lines if line["municipality"]["ags"] == "09000027")
    assert joined["municipality"]["name"] == "Gemeinde Muster 00028"
    assert joined["respondents"] == 15  # those before row 401 and those after


def test_wide_questions_counted_by_pairs_give_the_same_outputs(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every keyed question counted as a wide one (by the pairs that occur, made dense at the end),
    in small parts, with an AGS that joins another in a later part: the same outputs as the dense
    count of the whole file."""
    export = write_csv(tmp_path / "export.csv", variant())
    whole, said = outputs(run, export, tmp_path / "whole")
    monkeypatch.setattr("maturity.scoring.vectorised.WIDE_TALLY", 0)
    small_parts(monkeypatch)
    parted, said_in_parts = outputs(run, export, tmp_path / "parts")
    assert said_in_parts == said
    for name in ("summary.csv", "errors.csv"):
        assert parted[name] == whole[name], name
    assert same_values(parsed(parted["results.jsonl"]), parsed(whole["results.jsonl"]))
    check_spanning(whole)


@pytest.mark.slow
def test_block_reader_in_small_parts(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    export = write_csv(tmp_path / "export.csv", variant())
    files = same_in_parts(run, monkeypatch, export, tmp_path, "_block_parts")
    check_spanning(files)


@pytest.mark.slow
def test_serial_reader_in_small_parts(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def stray_quote(rows: list[list[str]]) -> None:
        rows[450][1] = "STRAY"
        rows[460][1] = "Gemeinde mit\nZeilenumbruch"  # a line break inside quotes

    export = write_csv(tmp_path / "export.csv", variant(stray_quote))
    # a quote inside unquoted text: no quote parity tells where records end
    export.write_text(export.read_text(encoding="utf-8").replace("STRAY", 'Am "See'), "utf-8")
    files = same_in_parts(run, monkeypatch, export, tmp_path, "_serial_parts")
    check_spanning(files)


@pytest.mark.slow
def test_careful_reader_in_small_parts(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def ragged(rows: list[list[str]]) -> None:
        rows[480].append("x")

    export = write_csv(tmp_path / "export.csv", variant(ragged))
    files = same_in_parts(run, monkeypatch, export, tmp_path, "_careful_parts")
    check_spanning(files)
    errors = files["errors.csv"].decode("utf-8")
    assert '481,,"' in errors or "481,," in errors  # the ragged record, with its row number


@pytest.mark.slow
def test_xlsx_in_small_parts(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rows = variant()
    export = tmp_path / "export.xlsx"
    export.write_bytes(ex.xlsx("Antworten", rows[0], rows[1:]))
    files = same_in_parts(run, monkeypatch, export, tmp_path, "_xlsx_parts")
    check_spanning(files)


def test_blocks_are_whole_records_and_a_file_cut_short_while_read_just_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast reader's blocks end where records end (a quoted line break stays inside its
    record) and together are the file; a file that gets shorter while it is read ends early
    instead of stopping the program."""
    monkeypatch.setattr(exports, "BLOCK_BYTES", 4096)
    rows = [f'r{i},"line one\nline two {i}",{i}\n'.encode() for i in range(2000)]
    data = b"id,text,n\n" + b"".join(rows)
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    blocks = [(bytes(block), position) for block, position in exports._line_blocks(path)]
    assert b"".join(block for block, _ in blocks) == data
    assert len(blocks) > 10
    for block, position in blocks:
        assert block.endswith(b"\n")
        assert block.count(b'"') % 2 == 0
        assert data[:position].endswith(block)

    read = []
    for block, _ in exports._line_blocks(path):
        read.append(bytes(block))
        if len(read) == 2:
            path.write_bytes(data[: len(data) // 2])  # cut short while being read
    assert 2 < len(read) < len(blocks)
    assert len(b"".join(read)) <= len(data) // 2 + 2 * 4096
