"""Survey exports (CSV in any common dialect, or XLSX) -> parts of text cells with row numbers.

CSV: separator `,` `;` or tab; UTF-8 with or without BOM, or Windows-1252; quoted or not; fields with
line breaks. SurveyMonkey's two header rows are joined into one. Every column is read as text, so nothing
is guessed about numbers before the questionnaire says what a column means. ``row`` numbers are the rows
a spreadsheet shows (the header is row 1).

An export is read in parts of some ten thousand to a few hundred thousand records
(:meth:`Export.passes`), so that memory does not grow with the file: ``batch`` decodes and counts each
part and keeps only its per-municipality totals. A CSV file is read by the fastest reader that can take
it: blocks cut at line ends and parsed in parallel by Arrow; if a record does not fit (a line break inside
a quoted answer, a ragged row, bad text), the file is read again from the start by Arrow's serial reader
and, failing that, by Python's CSV reader, which keeps every readable record and names every other one.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text
from maturity.load.messages import FILE_NOT_FOUND

if TYPE_CHECKING:
    from maturity.load.sheet_stream import FirstSheet

SNIFF_BYTES = 1 << 20
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
UNDECODABLE = re.compile("[\udc80-\udcff]")
"""Bytes that were not text in the file's encoding (kept as surrogates while reading)."""
MAX_CELL_CHARS = 100_000
"""A longer cell is no survey answer: its record is rejected."""
DELIMITERS = (",", ";", "\t")
SURVEYMONKEY_SUBHEADERS = {"response", "open-ended response", "other (please specify)"}


@dataclass(frozen=True)
class CodedText:
    """A text column as its distinct values and, per row, the position of its value among them (-1
    for an empty cell): survey answers repeat, so everything after reading works on the few
    values."""

    codes: Any
    """numpy int32 array (Arrow's own indices, not copied), one entry per row."""
    values: Any
    """numpy object array of the distinct texts."""

    @classmethod
    def of(cls, column: Any) -> CodedText:
        """An Arrow text column, dictionary-encoded (Arrow does this without the interpreter
        lock)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        if not pa.types.is_dictionary(array.type):
            array = pc.dictionary_encode(array)  # quicker on one piece than on a column's chunks
        codes = _filled(array.indices)
        values = array.dictionary.to_numpy(zero_copy_only=False).astype(object, copy=False)
        return cls(codes, values)


def _filled(indices: Any) -> Any:
    """Dictionary indices as numpy int32, -1 for an empty cell."""
    import numpy as np
    import pyarrow.compute as pc

    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    return indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)


class ArrowCells:
    """The few DataFrame operations ``batch`` needs, on an Arrow table of text columns: converting a
    million rows to pandas would cost more than reading the file. Once :meth:`code` has run, a
    column is handed out as :class:`CodedText` and the text itself is let go."""

    def __init__(self, table: Any) -> None:
        self.table = table
        self.names: list[str] = list(table.column_names)
        self.rows = int(table.num_rows)
        self.coded: dict[str, CodedText] = {}

    def code(self, pool: Any) -> None:
        """Every column coded, a column per thread of ``pool``."""
        self.coded = dict(zip(self.names, pool.map(CodedText.of, self.table.columns), strict=True))
        self.table = None

    @property
    def columns(self) -> list[str]:
        return self.names

    def __len__(self) -> int:
        return self.rows

    def __getitem__(self, name: str) -> Any:
        if self.table is None:
            return self.coded[name]
        return self.table.column(name)


@dataclass
class Part:
    """A run of an export's records, read together."""

    cells: ArrowCells
    rows: Any
    """numpy array: the spreadsheet row number of each record (header = 1)."""
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    """Records that could not be read as rows at all: (row, the record's text, why)."""
    position: int = 0
    """How far into the file this part ends (bytes for CSV, rows for XLSX), for progress."""
    blank: int = 0
    """Blank lines (or empty rows) among this part's records, left out: they hold no respondent."""


def first_cells(export: Export, rows: int = 200) -> dict[str, list[str]]:
    """The text of the first ``rows`` records, by column ("" for empty cells); nothing where the
    first reader cannot read them."""
    try:
        part = next(next(export.passes()), None)
    except ReadAgain:
        return {}
    if part is None:
        return {}
    cells = part.cells
    sample = {}
    for name in cells.names:
        column = cells[name]
        if isinstance(column, CodedText):  # some readers hand out their columns coded
            values = [column.values[c] if c >= 0 else "" for c in column.codes[:rows].tolist()]
        else:
            values = column.slice(0, rows).to_pylist()
        sample[name] = ["" if v is None else str(v) for v in values]
    return sample


class ReadAgain(Exception):
    """A reader met a record it cannot take: the file is read again from the start by the next, more
    careful reader (:meth:`Export.passes`)."""


Reader = Callable[[], Iterator[Part]]


@dataclass
class Export:
    """An export's columns and what the reader detected about the file; its records come in parts
    (:meth:`passes`)."""

    columns: list[str]
    source: str
    readers: list[Reader] = field(repr=False)
    """From the fastest to the most careful; the last never raises :class:`ReadAgain`."""
    size: int = 0
    """The end of the file in the unit of :attr:`Part.position`."""
    encoding: str = "utf-8"
    delimiter: str = ","
    header_rows: int = 1
    notes: list[Text] = field(default_factory=list)

    def passes(self) -> Iterator[Iterator[Part]]:
        """The parts of the file, once per reader: a consumer reads the parts of the first pass and,
        when it raises :class:`ReadAgain`, starts over with the next pass."""
        for reader in self.readers:
            yield reader()

    def describe(self, rows: int | None = None, *, for_readers: bool = False) -> Text:
        """What was read: the kind of file, delimiter and encoding (for the analyst at the terminal),
        the rows and columns, counted with thousands separators. ``for_readers`` (the overview page):
        the kind only."""
        from maturity.output.formatting import number

        columns = len(self.columns)
        parts = []
        for lang in ("de", "en"):
            if self.delimiter == "xlsx" or for_readers:
                kind = "XLSX" if self.delimiter == "xlsx" else "CSV"
            else:
                names = _DELIMITER_NAMES[lang]
                kind = f"CSV ({names.get(self.delimiter, self.delimiter)}, {self.encoding})"
            if self.header_rows == 2:
                kind += (
                    ", zwei Kopfzeilen verbunden" if lang == "de" else ", two header rows joined"
                )
            n_columns, n_rows = number(columns, lang, 0), number(rows or 0, lang, 0)
            counts = f"{n_columns} Spalten" if lang == "de" else f"{n_columns} columns"
            if rows is not None:
                counts = (
                    f"{n_rows} Zeilen, {counts}" if lang == "de" else f"{n_rows} rows, {counts}"
                )
            notes = "".join(f"; {note.in_language(lang)}" for note in self.notes)
            if for_readers:
                parts.append(f"{kind}, {counts}")
                continue
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
    csv.field_size_limit(max(csv.field_size_limit(), len(first_line) + 1))  # a header of any width
    for delimiter in DELIMITERS:
        try:
            row = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # a stray quote on a separator this file does not use
            row = []
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
    """Read a CSV or XLSX export; every problem with the file itself is a MaturityError (another
    kind of file is named, with the command that takes it)."""
    if not path.is_file():
        raise MaturityError([Problem(str(path), 0, 0, FILE_NOT_FOUND)])
    from maturity.load.sniff import sniff, what_to_do

    kind = sniff(path)
    if kind not in ("export", "workbook", "unknown"):
        advice = what_to_do(kind, path)
        if advice is not None:
            raise MaturityError([Problem(str(path), 0, 0, advice)])
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


BLOCK_BYTES = 64 << 20
"""The fast reader parses the file in blocks of about this size (each a part)."""
ARROW_BLOCK_BYTES = 16 << 20
"""Arrow parses a block in pieces of this size, one per thread (a single piece of 64 MB took twice
the processor time)."""
PART_RECORDS = 100_000
"""The serial and careful readers and the XLSX reader hand over parts of this many records."""


@dataclass(frozen=True)
class _CsvLayout:
    """What the readers of one CSV file share."""

    path: Path
    encoding: str
    delimiter: str
    header_rows: int
    names: list[str]

    @property
    def arrow_encoding(self) -> str:
        return "utf8" if self.encoding.startswith("utf-8") else self.encoding

    def options(self, skip_rows: int, newlines_in_values: bool, invalid: list[str]) -> Any:
        from pyarrow import csv as pacsv

        def skip_invalid(row: Any) -> str:
            invalid.append(row.text)
            return "skip"

        return (
            pacsv.ReadOptions(
                encoding=self.arrow_encoding,
                column_names=self.names,
                skip_rows=skip_rows,
                block_size=min(BLOCK_BYTES, ARROW_BLOCK_BYTES),
            ),
            pacsv.ParseOptions(
                delimiter=self.delimiter,
                newlines_in_values=newlines_in_values,
                ignore_empty_lines=False,  # a blank line keeps its row number
                invalid_row_handler=skip_invalid,
            ),
            _text_columns(self.names),
        )


def _text_columns(names: list[str]) -> Any:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    return pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names},
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )


def _read_csv(path: Path) -> Export:
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
    layout = _CsvLayout(path, encoding, delimiter, header_rows, _unique_names(header))
    readers: list[Reader] = []
    if encoding in ("utf-8", "utf-8-sig", "cp1252"):  # a line end is one byte: blocks can be cut
        readers.append(lambda: _ahead(_block_parts(layout)))
    readers += [lambda: _serial_parts(layout), lambda: _careful_parts(layout)]
    return Export(
        layout.names,
        name,
        readers,
        path.stat().st_size,
        encoding.replace("-sig", " with BOM"),
        delimiter,
        header_rows,
        notes,
    )


def _line_blocks(path: Path) -> Iterator[tuple[Any, int]]:
    """The file in blocks of about :data:`BLOCK_BYTES`, each ending where a record ends, and the
    position after each. :class:`ReadAgain` when no record ends in four blocks (a quote that never
    closes, or quotes inside unquoted text): the serial reader then takes the file.

    Each block is read into one buffer that serves every block, and handed to Arrow without a copy;
    Arrow copies what it parses, so the buffer is filled again once the caller asks for the next.
    (Mapping the file into memory would save the copy from the page cache, but a file cut short while
    it is read would then stop the program with a bus error instead of an error message.)"""
    size = path.stat().st_size
    buffer = bytearray(BLOCK_BYTES + (1 << 20))
    held = 0  # bytes at the buffer's start: the record the previous block left unfinished
    start = 0  # where the buffer's first byte stands in the file
    with path.open("rb") as handle:
        while start < size:
            # a block ends at the last record end before the next multiple of BLOCK_BYTES (the parts,
            # and so the order in which sums are added, do not depend on how this reader works)
            end = (start // BLOCK_BYTES + 1) * BLOCK_BYTES
            while True:
                length = min(end, size) - start
                if length > len(buffer):  # a long record: a larger buffer, what is held copied over
                    buffer = buffer[:held] + bytearray(length - held)
                while held < length and (got := handle.readinto(memoryview(buffer)[held:length])):
                    held += got
                if held < length:  # the file is shorter than it was: it ends here
                    size = start + held
                    length = held
                at_end = start + length == size
                cut = length if at_end else _record_end(buffer, length)
                if cut:
                    break
                if end - start > 4 * BLOCK_BYTES:
                    raise ReadAgain
                end += BLOCK_BYTES
            yield memoryview(buffer)[:cut], start + cut
            buffer[: length - cut] = buffer[cut:length]  # the unfinished record moves to the front
            held = length - cut
            start += cut


def _quotes(data: bytearray, start: int, end: int) -> int:
    import numpy as np

    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8)[start:end] == ord('"')))


def _record_end(data: bytearray, length: int) -> int:
    """Where the last whole record of ``data[:length]`` ends: after the last line end with an even
    number of quotes before it (a line break inside quotes is part of an answer); 0 if there is
    none."""
    quotes = _quotes(data, 0, length)
    end = length
    while True:
        line_end = data.rfind(b"\n", 0, end)
        if line_end < 0:  # old Mac line ends; a CR at the very end may be half of a CR LF
            line_end = data.rfind(b"\r", 0, min(end, length - 1))
        if line_end < 0:
            return 0
        cut = line_end + 1
        quotes -= _quotes(data, cut, end)
        if quotes % 2 == 0:
            return cut
        end = line_end


def _block_parts(layout: _CsvLayout) -> Iterator[Part]:
    """The fast reader: blocks cut where records end, each parsed by Arrow on every core, and its
    columns dictionary-encoded (survey answers repeat) a column per core. Encoding the parsed text
    costs half the time of asking Arrow's CSV reader for dictionary columns."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        yield from _encoded_blocks(layout, pool)


def _encoded_blocks(layout: _CsvLayout, pool: Any) -> Iterator[Part]:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    records = 0
    for index, (block, position) in enumerate(_line_blocks(layout.path)):
        invalid: list[str] = []
        read, parse, convert = layout.options(
            layout.header_rows if index == 0 else 0, False, invalid
        )
        try:
            table = pacsv.read_csv(
                pa.BufferReader(block),
                read_options=read,
                parse_options=parse,
                convert_options=convert,
            )
        except pa.ArrowInvalid:
            raise ReadAgain from None
        if invalid:
            raise ReadAgain
        part = _part(table, records + layout.header_rows + 1, position)
        part.cells.code(pool)
        yield part
        records += table.num_rows


def _serial_parts(layout: _CsvLayout) -> Iterator[Part]:
    """Arrow's serial reader, which takes line breaks inside quoted answers."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    invalid: list[str] = []
    read, parse, convert = layout.options(layout.header_rows, True, invalid)
    try:
        reader = pacsv.open_csv(
            layout.path, read_options=read, parse_options=parse, convert_options=convert
        )
        records, pending, pending_rows = 0, [], 0
        for batch in reader:
            if invalid:
                raise ReadAgain
            pending.append(batch)
            pending_rows += batch.num_rows
            if pending_rows >= PART_RECORDS:
                table = pa.Table.from_batches(pending)
                yield _part(table, records + layout.header_rows + 1, 0)
                records += table.num_rows
                pending, pending_rows = [], 0
        if invalid:
            raise ReadAgain
        if pending:
            yield _part(pa.Table.from_batches(pending), records + layout.header_rows + 1, 0)
    except pa.ArrowInvalid:
        raise ReadAgain from None


def _part(table: Any, first_row: int, position: int) -> Part:
    """A part of consecutive records from ``first_row`` on, blank lines left out (they count as
    rows, but hold no respondent)."""
    import numpy as np
    import pyarrow.compute as pc

    rows = np.arange(table.num_rows, dtype=np.int64) + first_row
    blank = 0
    # A first column without an empty cell (the usual case: an id) means there is no blank line.
    if table.num_rows and table.num_columns and table.column(0).null_count:
        filled = pc.is_valid(table.column(0))
        for column in table.columns[1:]:
            filled = pc.or_(filled, pc.is_valid(column))
        if not pc.all(filled).as_py():
            keep = filled.to_numpy(zero_copy_only=False)
            blank = int(len(keep) - keep.sum())
            table = table.filter(filled)
            rows = rows[keep]
    return Part(ArrowCells(table), rows, position=position, blank=blank)


def _ahead(parts: Iterator[Part]) -> Iterator[Part]:
    """The parts of ``parts``, the next one read in a background thread while the caller works on
    the current (Arrow parses without holding the interpreter lock)."""
    import queue
    import threading

    handover: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for part in parts:
                while not stop.is_set():
                    try:
                        handover.put(("part", part), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            handover.put(("end", None))
        except BaseException as exc:  # handed to the caller, raised there
            handover.put(("error", exc))

    worker = threading.Thread(target=produce, daemon=True)
    worker.start()
    try:
        while True:
            kind, item = handover.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():
            with contextlib.suppress(queue.Empty):
                handover.get(timeout=0.1)
        worker.join()


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


def _careful_parts(layout: _CsvLayout) -> Iterator[Part]:
    """Python's CSV reader, record by record: a record that cannot be a row (too few or too many
    fields, text that is not valid in the file's encoding, a cell far too long, a quote never closed)
    is listed with its row number, and every other record is read."""
    names, header_rows = layout.names, layout.header_rows
    encoding_name = layout.encoding.replace("-sig", " with BOM")
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    collected = _Collector(names)
    with layout.path.open(encoding=layout.encoding, errors="surrogateescape", newline="") as handle:
        # not strict: a stray quote inside a field stays a character (as spreadsheets read it), and a
        # quote never closed makes one last record of the rest of the file, rejected below
        reader = csv.reader(handle, delimiter=layout.delimiter)
        row = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # the reader cannot find the next row after this
                row += 1
                collected.rejected.append(
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
            if row <= header_rows:
                continue
            if not any(record):  # a blank line, or only separators
                collected.blank += 1
                continue
            reason = _bad_record(record, len(names), encoding_name)
            if reason:
                shown = layout.delimiter.join(record)
                text = shown[:80].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                collected.rejected.append((row, text, reason))
                continue
            collected.add(row, [value if value.strip() else None for value in record])
            if collected.full:
                yield collected.part()
    yield collected.part()


class _Collector:
    """Records gathered column by column into parts of :data:`PART_RECORDS`."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.columns: list[list[str | None]] = [[] for _ in names]
        self.rows: list[int] = []
        self.rejected: list[tuple[int, str, str]] = []
        self.blank = 0

    def add(self, row: int, values: list[str | None]) -> None:
        self.rows.append(row)
        for column, value in zip(self.columns, values, strict=True):
            column.append(value)

    @property
    def full(self) -> bool:
        return len(self.rows) >= PART_RECORDS

    def part(self) -> Part:
        import numpy as np
        import pyarrow as pa

        table = pa.table(
            {
                name: pa.array(values, type=pa.string())
                for name, values in zip(self.names, self.columns, strict=True)
            }
        )
        part = Part(
            ArrowCells(table), np.array(self.rows, dtype=np.int64), self.rejected, blank=self.blank
        )
        self.columns = [[] for _ in self.names]
        self.rows, self.rejected, self.blank = [], [], 0
        return part


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
    from maturity.load.sheet_stream import FirstSheet

    name = str(path)
    sheet = FirstSheet(path)  # read again for each pass, row by row
    head = [[_cell_text(v) for v in row] for _, row in zip(range(2), sheet.rows(), strict=False)]
    if not head:
        raise MaturityError(
            [Problem(name, 0, 0, Text("das erste Blatt ist leer", "the first sheet is empty"))]
        )
    header = head[0]
    header_rows = 1
    if len(head) > 1 and _is_surveymonkey_subheader(head[1]):
        header = _join_surveymonkey_headers(header, head[1])
        header_rows = 2
    names = _unique_names(header)
    return Export(
        names,
        name,
        [lambda: _xlsx_parts(sheet, names, header_rows)],
        sheet.declared_rows,  # for progress only
        "xlsx",
        "xlsx",
        header_rows,
    )


def _xlsx_parts(sheet: FirstSheet, names: list[str], header_rows: int) -> Iterator[Part]:
    """The first sheet's rows after the header, read one by one, in parts; empty rows left out (and
    counted where data follows them: a sheet often reports formatted empty rows at its end)."""
    collected = _Collector(names)
    width = len(names)
    last = empty = 0
    for row, record in enumerate(sheet.rows(), start=1):
        last = row
        if row <= header_rows:
            continue
        values = [_cell_text(v) or None for v in record[:width]]
        if not any(v is not None for v in values):
            empty += 1
        else:
            collected.blank += empty
            empty = 0
            collected.add(row, values + [None] * (width - len(values)))
            if collected.full:
                part = collected.part()
                part.position = row
                yield part
    part = collected.part()
    part.position = last
    yield part


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()
