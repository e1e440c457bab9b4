"""Who is who in an export: the municipality of every row, its name and population as first seen, and
the rows that cannot be scored because they identify no one (no municipality id, a duplicate
respondent, an incomplete response)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from maturity.i18n import Text
from maturity.load.benchmark import SIZE_LABELS, SIZE_LIMITS, size_index
from maturity.load.municipality import is_ags, population_number
from maturity.model import Municipality, land_of_ags

if TYPE_CHECKING:
    import pandas as pd


SIZE_CLASSES = tuple(zip((*SIZE_LIMITS, None), SIZE_LABELS["de"], strict=True))
"""Peer groups by population (upper bound exclusive, label)."""


def cell_codes(column: Any) -> tuple[np.ndarray, list[str]]:
    """A column's codes (-1 for an empty cell) and its distinct values, stripped; "" counts as empty."""
    from maturity.survey.read.decode import categories

    codes, values = categories(column)
    texts = [str(v).strip() for v in values]
    blank = np.array([not t for t in texts] + [True])
    return np.where(blank[codes], -1, codes), texts


_INCOMPLETE = Text(
    "unvollständige Antwort (kein Abschickdatum)", "incomplete response (no submit date)"
)
_NO_ID = Text("Kennung der Kommune fehlt", "missing municipality id")
_DUPLICATE = Text(
    "doppelte antwortende Person (die erste Zeile mit dieser Kennung zählt)",
    "duplicate respondent (the first row with this id is kept)",
)


def entity_errors(
    cells: Any, entity: dict[str, str], ledger: RespondentLedger
) -> list[pd.DataFrame]:
    """The rows of one part without a municipality id, duplicate respondents (across all parts read
    so far, through ``ledger``) and incomplete responses, as ``index, column, value, reason`` frames
    (``index``: the row's position in the part)."""
    import pandas as pd

    parts = []
    for key, reason in (("submitted", _INCOMPLETE), ("id", _NO_ID)):
        if key in entity:
            codes, _ = cell_codes(cells[entity[key]])
            bad = np.flatnonzero(codes < 0)
            if len(bad):
                parts.append(
                    pd.DataFrame(
                        {"index": bad, "column": entity[key], "value": "", "reason": str(reason)}
                    )
                )
    if "respondent" in entity:
        bad, values = ledger.repeated(cells[entity["respondent"]])
        if len(bad):
            parts.append(
                pd.DataFrame(
                    {
                        "index": bad,
                        "column": entity["respondent"],
                        "value": values,
                        "reason": str(_DUPLICATE),
                    }
                )
            )
    return parts


class RespondentLedger:
    """The respondent ids seen so far, to find a respondent's second row in any later part. An id is
    kept as two independent 64-bit hashes of its text (16 bytes, whatever its length): two different
    ids would have to agree in both, a chance below 1 in 10^20 for ten million respondents. Memory
    grows with respondents, by 16 bytes each."""

    def __init__(self) -> None:
        self.first = np.zeros(0, dtype=np.int64)  # sorted
        self.second = np.zeros(0, dtype=np.int64)  # aligned with ``first``

    def repeated(self, column: Any) -> tuple[np.ndarray, list[str]]:
        """The rows of one part whose respondent id came before (in this part or an earlier one), and
        their ids; the part's new ids are remembered."""
        import pandas as pd

        from maturity.survey.read.decode import category_array

        codes, values = category_array(column)
        present = np.flatnonzero(codes >= 0)
        distinct, first_row = np.unique(codes[present], return_index=True)
        repeated = np.ones(len(present), dtype=bool)
        repeated[first_row] = False
        texts = values[distinct]
        first, second = (
            pd.util.hash_array(texts, hash_key=key, categorize=False).view(np.int64)
            for key in ("maturity:ledger1", "maturity:ledger2")
        )
        order = np.argsort(first, kind="stable")
        first, second, first_row = first[order], second[order], first_row[order]
        seen = self._seen(first, second)
        repeated[first_row[seen]] = True
        self._remember(first[~seen], second[~seen])
        bad = present[repeated]
        return bad, [str(values[c]).strip() for c in codes[bad].tolist()]

    def _seen(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Which of the (sorted) ids are known."""
        left = np.searchsorted(self.first, first, side="left")
        right = np.searchsorted(self.first, first, side="right")
        seen = np.zeros(len(first), dtype=bool)
        for i in np.flatnonzero(right > left).tolist():  # the first hash known: compare the second
            seen[i] = bool((self.second[left[i] : right[i]] == second[i]).any())
        return seen

    def _remember(self, first: np.ndarray, second: np.ndarray) -> None:
        """Add new (sorted) ids."""
        at = np.searchsorted(self.first, first)
        self.first = np.insert(self.first, at, first)
        self.second = np.insert(self.second, at, second)


class EntityRegistry:
    """The municipalities of an export in order of first appearance, part by part: each one's id, and
    the name and population of its first row. Memory grows with municipalities, not rows."""

    def __init__(self, entity: dict[str, str]) -> None:
        self.entity = entity
        self.index: dict[str, int] = {}
        self.ids: list[str] = []
        self.names: list[str] = []
        self.populations: list[str] = []
        self.first_rows: list[int] = []
        """The spreadsheet row of each municipality's first row (0 where not known)."""
        self.records = 0  # rows handed over so far: an export without ids numbers its rows

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, cells: Any, keep: np.ndarray, rows: Any = None) -> np.ndarray:
        """Each row's municipality (-1 where the row is not kept), new municipalities registered;
        ``rows``: the spreadsheet row number of each row, for what is said about them."""
        rows_of = rows
        rows = len(keep)
        entity_index = np.full(rows, -1, dtype=np.int64)
        kept_rows = np.flatnonzero(keep)
        if "id" in self.entity:
            codes, texts = cell_codes(cells[self.entity["id"]])
            kept_codes = codes[kept_rows]
            distinct, first = np.unique(kept_codes, return_index=True)
            order = np.argsort(first, kind="stable")  # order of first appearance
            lookup = np.full(len(texts) + 1, -1, dtype=np.int64)
            new_rows = []
            for code, row in zip(
                distinct[order].tolist(), kept_rows[first[order]].tolist(), strict=True
            ):
                text = texts[code]
                if text not in self.index:
                    self.index[text] = len(self.ids)
                    self.ids.append(text)
                    new_rows.append(row)
                lookup[code] = self.index[text]
            entity_index[kept_rows] = lookup[kept_codes]
        else:  # every row is a municipality of its own
            new_rows = kept_rows.tolist()
            entity_index[kept_rows] = np.arange(len(self.ids), len(self.ids) + len(new_rows))
            self.ids += [str(self.records + i + 1) for i in new_rows]
        self.records += rows
        self.first_rows += (
            [int(rows_of[r]) for r in new_rows] if rows_of is not None else [0] * len(new_rows)
        )
        for key, seen in (("name", self.names), ("population", self.populations)):
            if key in self.entity and new_rows:
                codes, texts = cell_codes(cells[self.entity[key]])
                seen.extend(texts[c] if c >= 0 else "" for c in codes[new_rows].tolist())
            else:
                seen.extend([""] * len(new_rows))
        return entity_index

    def finish(self) -> tuple[pd.DataFrame, np.ndarray, list[Text]]:
        """One row per municipality (id, name, population), and for each registered municipality its
        row there: AGS of 7 digits get their leading zero back, which may join two of them into one
        (``7141999`` and ``07141999``). Notes for the user say what was padded."""
        import pandas as pd

        notes: list[Text] = []
        ids = self.ids
        if "id" in self.entity:
            ids, short = padded_ags(ids, self.entity["id"])
            if short:
                notes.append(_padding_note(short, self.entity["id"]))
        position: dict[str, int] = {}
        target = np.array([position.setdefault(i, len(position)) for i in ids], dtype=np.int64)
        first = np.unique(target, return_index=True)[1]  # each joined municipality's first member
        entities = pd.DataFrame({"id": np.array(list(position), dtype=object)})
        entities["name"] = np.array(self.names, dtype=object)[first] if len(first) else []
        entities["population"] = (
            np.array(self.populations, dtype=object)[first] if len(first) else []
        )
        if "name" not in self.entity:
            entities["name"] = entities["id"]
        notes += _population_notes(self.populations, self.first_rows, self.entity)
        return entities, target, notes


def _population_notes(texts: list[str], rows: list[int], entity: dict[str, str]) -> list[Text]:
    """A warning for each population cell that is given but no whole number from 0 to 999,999,999
    (``1e308``, ``NaN``, ``-5``, ``12.5``, other digits than 0-9): the municipality is then without a
    population and without a size class, as if the cell were empty. Ten are named, the rest
    counted."""
    column = entity.get("population", "")
    bad = [
        (row, text)
        for row, text in zip(rows, texts, strict=True)
        if text.strip() and population_number(text) is None
    ]
    notes = [
        Text(
            f"Zeile {row}: Einwohnerzahl '{text[:40]}' in Spalte '{column}' ist keine ganze Zahl "
            "ab 0; die Kommune bleibt ohne Einwohnerzahl und Größenklasse",
            f"row {row}: population '{text[:40]}' in column '{column}' is not a whole number of "
            "0 or more; the municipality stays without population and size class",
        )
        for row, text in bad[:10]
    ]
    if len(bad) > 10:
        more = len(bad) - 10
        notes.append(
            Text(
                f"… und {more} weitere Einwohnerzahlen, die keine ganzen Zahlen sind",
                f"… and {more} more populations that are not whole numbers",
            )
        )
    return notes


def _padding_note(short: list[str], column: str) -> Text:
    n, example = len(short), short[0]
    return Text(
        f"{n} AGS mit 7 Ziffern um die führende 0 ergänzt, die eine Tabellenkalkulation "
        f"entfernt hat (z. B. {example} -> {example.zfill(8)}); die Spalte "
        f"'{column}' beim nächsten Export als Text formatieren",
        f"{n} AGS of 7 digits padded with the leading 0 a spreadsheet dropped (e.g. "
        f"{example} -> {example.zfill(8)}); format the column '{column}' as text "
        "in the next export",
    )


def _ags_heading(column: str) -> bool:
    words = re.split(r"[^a-zäöüß]+", column.casefold())
    return "ags" in words or "gemeindeschlüssel" in column.casefold().replace("ue", "ü")


def padded_ags(texts: list[str], column: str) -> tuple[list[str], list[str]]:
    """Ids that are AGS with the leading zero a spreadsheet dropped (``7141999`` -> ``07141999``),
    and the ids that were padded. Only a column of AGS is padded: every id 7 or 8 digits, and the
    heading names the AGS or some id has all 8 digits."""
    filled = [t for t in texts if t]
    if not filled or not all(t.isascii() and t.isdigit() and len(t) in (7, 8) for t in filled):
        return texts, []
    short = [t for t in filled if len(t) == 7]
    if not short or not (_ags_heading(column) or len(short) < len(filled)):
        return texts, []
    return [t.zfill(8) if len(t) == 7 else t for t in texts], short


def municipality_of(ident: object, name: object, population: object) -> Municipality:
    """The municipality of one entity row: the id is its AGS where it is one (8 digits), and the
    Land is the AGS's."""
    text = str(ident)
    ags = text if is_ags(text) else ""
    return Municipality(
        name=str(name),
        ags=ags,
        population=population_number(population),
        state=land_of_ags(ags),
    )


def size_class_index(population: object) -> int:
    """The position in :data:`SIZE_CLASSES` of a population cell's peer group; -1 if unknown."""
    return size_index(population_number(population))


def size_classes(populations: Iterable[object]) -> np.ndarray:
    """:func:`size_class_index` of every population cell, as an array."""
    return np.array([size_class_index(p) for p in populations], dtype=np.int64)


def places(scores: np.ndarray) -> np.ndarray:
    """The place of each score, highest first (ties share the better place); 0 for NaN."""
    known = ~np.isnan(scores)
    descending = -np.sort(scores[known])[::-1]
    place = np.zeros(len(scores), dtype=np.int64)
    place[known] = np.searchsorted(descending, -scores[known], side="left") + 1
    return place


def size_class(population: object) -> str:
    """The label of the peer group (:data:`SIZE_CLASSES`) of a population cell; "?" if unknown."""
    index = size_class_index(population)
    return "?" if index < 0 else SIZE_CLASSES[index][1]
