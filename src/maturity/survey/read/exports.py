"""Survey exports (CSV in any common dialect, or XLSX) -> a DataFrame of text cells with row numbers.

CSV: separator `,` `;` or tab; UTF-8 with or without BOM, or Windows-1252; quoted or not; fields with
line breaks. SurveyMonkey's two header rows are joined into one. Every column is read as text (categorical,
since survey answers repeat), so nothing is guessed about numbers before the questionnaire says what a
column means. ``row`` numbers are the rows a spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text
from maturity.load.messages import FILE_NOT_FOUND

if TYPE_CHECKING:
    import pandas as pd

SNIFF_BYTES = 1 << 20
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
UNDECODABLE = re.compile("[\udc80-\udcff]")
"""Bytes that were not text in the file's encoding (kept as surrogates while reading)."""
MAX_CELL_CHARS = 100_000
"""A longer cell is no survey answer: its record is rejected."""
DELIMITERS = (",", ";", "\t")
SURVEYMONKEY_SUBHEADERS = {"response", "open-ended response", "other (please specify)"}


class ArrowCells:
    """The few DataFrame operations ``batch`` needs, on an Arrow table of dictionary-encoded columns:
    converting a million rows to pandas categoricals would cost more than reading the file."""

    def __init__(self, table: Any) -> None:
        self.table = table

    @property
    def columns(self) -> list[str]:
        return list(self.table.column_names)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def __getitem__(self, name: str) -> Any:
        return self.table.column(name)


@dataclass
class Export:
    """The cells of an export as text, and what the reader detected about the file."""

    frame: pd.DataFrame | ArrowCells
    rows: Any
    """numpy array: the spreadsheet row number of each record (header = 1)."""
    source: str
    encoding: str = "utf-8"
    delimiter: str = ","
    header_rows: int = 1
    notes: list[Text] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    """Records that could not be read as rows at all: (row, the record's text, why)."""

    def describe(self) -> Text:
        rows, columns = len(self.frame) + len(self.rejected), len(self.frame.columns)
        parts = []
        for lang in ("de", "en"):
            if self.delimiter == "xlsx":
                kind = "XLSX"
            else:
                names = _DELIMITER_NAMES[lang]
                kind = f"CSV ({names.get(self.delimiter, self.delimiter)}, {self.encoding})"
            if self.header_rows == 2:
                kind += (
                    ", zwei Kopfzeilen verbunden" if lang == "de" else ", two header rows joined"
                )
            counts = (
                f"{rows} Zeilen, {columns} Spalten"
                if lang == "de"
                else f"{rows} rows, {columns} columns"
            )
            notes = "".join(f"; {note.in_language(lang)}" for note in self.notes)
            parts.append(f"{kind}: {counts}{notes}")
        return Text(parts[0], parts[1])


_DELIMITER_NAMES = {
    "de": {",": "Komma", ";": "Semikolon", "\t": "Tabulator"},
    "en": {",": "comma", ";": "semicolon", "\t": "tab"},
}


def _detect_encoding(head: bytes, file: str) -> tuple[str, list[Text]]:
    """The encoding of a CSV file from its first megabyte, and notes for the user."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", []
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", []
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", []
    if head.count(b"\0") > len(head) // 10:  # a NUL in every other (or every fourth) byte
        raise MaturityError(
            [
                Problem(
                    file,
                    0,
                    0,
                    Text(
                        "die Datei enthält NUL-Bytes: wahrscheinlich UTF-16- oder UTF-32-Text ohne "
                        "Byte-Order-Mark; als 'CSV UTF-8' speichern",
                        "the file contains NUL bytes: it is probably UTF-16 or UTF-32 text without "
                        "a byte order mark; save it as 'CSV UTF-8'",
                    ),
                )
            ]
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            if UTF8_SEQUENCE.search(head):
                return "cp1252", [
                    Text(
                        "gemischte Kodierungen: als Windows-1252 gelesen, aber einige Zeichen sind "
                        "UTF-8 und sehen falsch aus (z. B. 'Ã¤' statt 'ä'); die Datei als "
                        "'CSV UTF-8' speichern",
                        "mixed encodings: read as Windows-1252, but some characters are UTF-8 and "
                        "will look wrong (e.g. 'Ã¤' for 'ä'); save the file as 'CSV UTF-8'",
                    )
                ]
            return "cp1252", []
    return "utf-8", []


def _detect_delimiter(first_line: str) -> str:
    """The separator that splits the header line into the most fields, outside quotes."""
    counts = {}
    for delimiter in DELIMITERS:
        row = next(csv.reader([first_line], delimiter=delimiter), [])
        counts[delimiter] = len(row)
    return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


def _unique_names(names: list[str]) -> list[str]:
    """Column names made unique (exports repeat question texts): ``Q``, ``Q (2)``, ..."""
    seen: dict[str, int] = {}
    result = []
    for raw in names:
        name = (raw or "").strip()
        count = seen.get(name, 0) + 1
        seen[name] = count
        result.append(name if count == 1 else f"{name} ({count})")
    return result


def read_export(path: Path) -> Export:
    """Read a CSV or XLSX export; every problem with the file itself is a MaturityError."""
    if not path.is_file():
        raise MaturityError([Problem(str(path), 0, 0, FILE_NOT_FOUND)])
    other = not_an_export(path)
    if other is not None:
        raise MaturityError([Problem(str(path), 0, 0, other)])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


_EXPORT_HOWTO = Text(
    "in LimeSurvey unter Antworten die Antworten exportieren: CSV oder Excel, Überschriften als "
    "Fragecode, Antworten als Antwortcodes; diese Datei an batch geben",
    "export the responses in LimeSurvey under Responses: CSV or Excel, headings as question code, "
    "answers as answer codes; give that file to batch",
)


def not_an_export(path: Path) -> Text | None:
    """What a LimeSurvey file that holds no response table is, and which export to take instead."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    how_de, how_en = _EXPORT_HOWTO.de, _EXPORT_HOWTO.en
    if head.startswith(b"PK") and _archive_of_limesurvey(path):
        return Text(
            f"das ist ein LimeSurvey-Umfragearchiv (.lsa): Struktur und Antworten als XML, keine "
            f"Antworttabelle; {how_de}",
            f"this is a LimeSurvey survey archive (.lsa): structure and responses as XML, no "
            f"response table; {how_en}",
        )
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    kind = re.search(r"<LimeSurveyDocType>\s*(\w+)", text)
    if kind:
        what = "Umfragestruktur (.lss)" if kind[1] == "Survey" else f"LimeSurvey-Datei ({kind[1]})"
        what_en = (
            "survey structure (.lss)" if kind[1] == "Survey" else f"LimeSurvey file ({kind[1]})"
        )
        return Text(
            f"das ist eine LimeSurvey-{what}, keine Antworttabelle; {how_de}",
            f"this is a LimeSurvey {what_en}, not a response table; {how_en}",
        )
    if text.startswith("class\ttype/scale\t"):
        return Text(
            f"das ist eine Umfragestruktur zum Import in LimeSurvey, keine Antworten; {how_de}",
            f"this is a survey structure to import into LimeSurvey, not responses; {how_en}",
        )
    data = re.match(r"\s*data\s*<-\s*read\.csv\(\s*\"([^\"]+)\"", text)
    if data or (path.suffix.lower() == ".r" and "LimeSurvey" in text):
        named = data[1] if data else "…_R_data_file.csv"
        return Text(
            f"das ist die R-Syntaxdatei eines LimeSurvey-Exports; die Antworten stehen in "
            f"'{named}': diese Datei an batch geben",
            f"this is the R syntax file of a LimeSurvey export; the responses are in '{named}': "
            "give that file to batch",
        )
    return None


def _archive_of_limesurvey(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.endswith((".lss", ".lsr")) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _read_csv(path: Path) -> Export:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise MaturityError([Problem(name, 0, 0, Text("die Datei ist leer", "the file is empty"))])
    encoding, notes = _detect_encoding(head, name)
    text_head = head.decode(encoding, errors="replace")
    first_line = text_head.splitlines()[0] if text_head else ""
    delimiter = _detect_delimiter(first_line)
    header_records = _first_records(text_head, delimiter)
    header = header_records[0]
    header_rows = 1
    if len(header_records) > 1 and _is_surveymonkey_subheader(header_records[1]):
        header = _join_surveymonkey_headers(header, header_records[1])
        header_rows = 2
    names = _unique_names(header)
    invalid: list[str] = []

    def skip_invalid(row: Any) -> str:
        invalid.append(row.text)
        return "skip"

    def read(newlines_in_values: bool) -> pa.Table:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                encoding="utf8" if encoding.startswith("utf-8") else encoding,
                column_names=names,
                skip_rows=header_rows,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=newlines_in_values,
                ignore_empty_lines=False,  # a blank line keeps its row number
                invalid_row_handler=skip_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.dictionary(pa.int32(), pa.string()) for n in names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )

    table = None
    # Line breaks inside quoted answers force a serial parse, so try the parallel one first. A
    # record that does not fit (a ragged row, an unclosed quote, bad text) sends the file to the
    # careful reader, which keeps every record's row number.
    for newlines_in_values in (False, True):
        invalid.clear()
        try:
            table = read(newlines_in_values)
        except pa.ArrowInvalid:
            table = None
            continue
        if not invalid:
            break
        table = None
    encoding_name = encoding.replace("-sig", " with BOM")
    if table is None:
        return _read_csv_carefully(
            path, encoding, encoding_name, delimiter, header_rows, names, notes
        )
    # The dictionaries of the row blocks are unified once, so that every column has one code table.
    table = table.unify_dictionaries()
    rows = np.arange(table.num_rows, dtype=np.int64) + header_rows + 1
    # A blank line is a row empty in every column, so a first column without an empty cell (the
    # usual case: an id) means there is none, and the full check is skipped.
    if table.num_rows and table.num_columns and table.column(0).null_count:
        filled = pc.is_valid(table.column(0))
        for column in table.columns[1:]:
            filled = pc.or_(filled, pc.is_valid(column))
        if not pc.all(filled).as_py():  # blank lines: no respondent, but they count as rows
            keep = filled.to_numpy(zero_copy_only=False)
            table = table.filter(filled)
            rows = rows[keep]
    frame = ArrowCells(table)
    return Export(frame, rows, name, encoding_name, delimiter, header_rows, notes)


def _first_records(text: str, delimiter: str) -> list[list[str]]:
    """The first three records (header rows) of the file's start, whatever its line ends."""
    csv.field_size_limit(max(csv.field_size_limit(), 2 * SNIFF_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) == 3:
                break
    except csv.Error:
        pass  # a damaged record after the header: the careful reader will say where
    return records or [[]]


def _read_csv_carefully(
    path: Path,
    encoding: str,
    encoding_name: str,
    delimiter: str,
    header_rows: int,
    names: list[str],
    notes: list[Text],
) -> Export:
    """Python's CSV reader, record by record: a record that cannot be a row (too few or too many
    fields, text that is not valid in the file's encoding, a cell far too long, a quote never closed)
    is listed with its row number, and every other record is read."""
    import numpy as np
    import pyarrow as pa

    name = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    columns: list[list[str | None]] = [[] for _ in names]
    rows: list[int] = []
    rejected: list[tuple[int, str, str]] = []
    with path.open(encoding=encoding, errors="surrogateescape", newline="") as handle:
        # not strict: a stray quote inside a field stays a character (as spreadsheets read it), and a
        # quote never closed makes one last record of the rest of the file, rejected below
        reader = csv.reader(handle, delimiter=delimiter)
        row = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # the reader cannot find the next row after this
                row += 1
                rejected.append(
                    (
                        row,
                        "",
                        str(
                            Text(
                                f"diese Zeile und alle danach lassen sich nicht lesen: {exc}",
                                f"cannot read this row or any after it: {exc}",
                            )
                        ),
                    )
                )
                break
            row += 1
            if row <= header_rows or not record:
                continue  # the header, or a blank line
            reason = _bad_record(record, len(names), encoding_name)
            if reason:
                shown = delimiter.join(record)
                text = shown[:80].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                rejected.append((row, text, reason))
                continue
            rows.append(row)
            for column, value in zip(columns, record, strict=True):
                column.append(value if value.strip() else None)
    table = pa.table(
        {
            column_name: pa.array(values, type=pa.string()).dictionary_encode()
            for column_name, values in zip(names, columns, strict=True)
        }
    )
    return Export(
        ArrowCells(table),
        np.array(rows, dtype=np.int64),
        name,
        encoding_name,
        delimiter,
        header_rows,
        notes,
        rejected,
    )


def _bad_record(record: list[str], fields: int, encoding: str) -> str:
    if len(record) != fields:
        unclosed = any("\n" in value or "\r" in value for value in record)
        hint = (
            Text(
                "; ein Anführungszeichen in dieser Zeile wird wohl nie geschlossen",
                "; a quote in this row is probably never closed",
            )
            if unclosed
            else Text("", "")
        )
        return str(
            Text(
                f"erwartet {fields} Felder, gefunden: {len(record)}{hint.de}",
                f"expected {fields} fields, got {len(record)}{hint.en}",
            )
        )
    for value in record:
        if len(value) > MAX_CELL_CHARS:
            size, limit = f"{len(value):,}", f"{MAX_CELL_CHARS:,}"
            return str(
                Text(
                    f"eine Zelle mit {size.replace(',', '.')} Zeichen; erwartet höchstens "
                    f"{limit.replace(',', '.')}",
                    f"a cell of {size} characters; expected at most {limit}",
                )
            )
        if UNDECODABLE.search(value):
            return str(Text(f"kein gültiger {encoding}-Text", f"not valid {encoding} text"))
    return ""


def _is_surveymonkey_subheader(row: list[str]) -> bool:
    """SurveyMonkey's second header row: empty under the respondent id, "Response" under questions."""
    values = [v.strip().lower() for v in row]
    return bool(values) and not values[0] and any(v in SURVEYMONKEY_SUBHEADERS for v in values)


def _join_surveymonkey_headers(first: list[str], second: list[str]) -> list[str]:
    """Forward-fill the question row and append the option row where it names an option."""
    joined, current = [], ""
    for index, top in enumerate(first):
        if top and top.strip():
            current = top.strip()
        sub = second[index].strip() if index < len(second) else ""
        if not sub or sub.lower() in SURVEYMONKEY_SUBHEADERS:
            joined.append(
                current if top and top.strip() else f"{current} - {sub}" if sub else current
            )
        else:
            joined.append(f"{current} - {sub}")
    return joined


def _read_xlsx(path: Path) -> Export:
    import numpy as np
    import pandas as pd

    from maturity.load.spreadsheet import open_workbook, sheet_rows

    name = str(path)
    workbook = open_workbook(path)
    try:
        records = [list(row) for row in sheet_rows(workbook.worksheets[0], name)]
    finally:
        workbook.close()
    if not records:
        raise MaturityError(
            [Problem(name, 0, 0, Text("das erste Blatt ist leer", "the first sheet is empty"))]
        )
    header = [_cell_text(v) for v in records[0]]
    header_rows = 1
    if len(records) > 1 and _is_surveymonkey_subheader([_cell_text(v) for v in records[1]]):
        header = _join_surveymonkey_headers(header, [_cell_text(v) for v in records[1]])
        header_rows = 2
    names = _unique_names(header)
    body = [
        [_cell_text(v) or None for v in r[: len(names)]] + [None] * (len(names) - len(r))
        for r in records[header_rows:]
    ]
    frame = pd.DataFrame(body, columns=names, dtype="object")
    keep = frame.notna().any(axis=1).to_numpy()
    rows = np.arange(header_rows + 1, header_rows + 1 + len(frame))[keep]
    frame = frame[keep].reset_index(drop=True).astype("category")
    return Export(frame, rows, name, "xlsx", "xlsx", header_rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()
