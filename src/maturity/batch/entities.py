"""Who is who in an export: the municipality of every row, its name and population as first seen, and
the rows that cannot be scored because they identify no one (no municipality id, a duplicate
respondent, an incomplete response)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from maturity.i18n import Text
from maturity.load.values import AGS_PATTERN, state_of_ags
from maturity.model import Municipality

if TYPE_CHECKING:
    import pandas as pd

_POPULATION = re.compile(r"^(?:\d+|\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+)$", re.ASCII)

SIZE_CLASSES = (
    (5_000, "< 5.000"),
    (20_000, "5.000–19.999"),
    (100_000, "20.000–99.999"),
    (None, "≥ 100.000"),
)
"""Peer groups by population (upper bound exclusive, label)."""


def cell_codes(column: Any) -> tuple[np.ndarray, list[str]]:
    """A column's codes (-1 for an empty cell) and its distinct values, stripped; "" counts as empty."""
    from maturity.survey.read.decode import categories

    codes, values = categories(column)
    texts = [str(v).strip() for v in values]
    blank = np.array([not t for t in texts] + [True])
    return np.where(blank[codes], -1, codes), texts


def entity_errors(frame: Any, entity: dict[str, str]) -> list[pd.DataFrame]:
    """Rows without a municipality id, duplicate respondents and incomplete responses, as
    ``index, column, value, reason`` frames."""
    import pandas as pd

    parts = []
    for key, reason in (
        (
            "submitted",
            str(
                Text(
                    "unvollständige Antwort (kein Abschickdatum)",
                    "incomplete response (no submit date)",
                )
            ),
        ),
        ("id", str(Text("Kennung der Kommune fehlt", "missing municipality id"))),
    ):
        if key in entity:
            codes, _ = cell_codes(frame[entity[key]])
            bad = np.flatnonzero(codes < 0)
            if len(bad):
                parts.append(
                    pd.DataFrame(
                        {"index": bad, "column": entity[key], "value": "", "reason": reason}
                    )
                )
    if "respondent" in entity:
        codes, texts = cell_codes(frame[entity["respondent"]])
        present = np.flatnonzero(codes >= 0)
        _, first = np.unique(codes[present], return_index=True)
        duplicate = np.ones(len(present), dtype=bool)
        duplicate[first] = False
        bad = present[duplicate]
        if len(bad):
            parts.append(
                pd.DataFrame(
                    {
                        "index": bad,
                        "column": entity["respondent"],
                        "value": [texts[c] for c in codes[bad]],
                        "reason": str(
                            Text(
                                "doppelte antwortende Person (die erste Zeile mit dieser Kennung "
                                "zählt)",
                                "duplicate respondent (the first row with this id is kept)",
                            )
                        ),
                    }
                )
            )
    return parts


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


def find_entities(
    frame: Any, entity: dict[str, str], keep: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray, list[Text]]:
    """One row per municipality in order of first appearance (id, and the first name and population
    seen), each kept row's municipality index, and notes for the user (AGS that were padded)."""
    import pandas as pd

    notes: list[Text] = []
    kept_rows = np.flatnonzero(keep)
    if "id" in entity:
        codes, texts = cell_codes(frame[entity["id"]])
        texts, short = padded_ags(texts, entity["id"])
        if short:
            n, example = len(short), short[0]
            notes.append(
                Text(
                    f"{n} AGS mit 7 Ziffern um die führende 0 ergänzt, die eine Tabellenkalkulation "
                    f"entfernt hat (z. B. {example} -> {example.zfill(8)}); die Spalte "
                    f"'{entity['id']}' beim nächsten Export als Text formatieren",
                    f"{n} AGS of 7 digits padded with the leading 0 a spreadsheet dropped (e.g. "
                    f"{example} -> {example.zfill(8)}); format the column '{entity['id']}' as text "
                    "in the next export",
                )
            )
        kept_codes = codes[kept_rows]
        # texts may repeat after stripping ("A" and "A "): map codes to distinct stripped ids first
        distinct, id_of_code = np.unique(np.array([*texts, ""], dtype=object), return_inverse=True)
        kept_ids = id_of_code[kept_codes]
        uniques, first, index = np.unique(kept_ids, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # order of first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        entity_index = rank[index]
        ids = distinct[uniques[order]]
        first_rows = kept_rows[first[order]]
    else:  # every row is a municipality of its own
        entity_index = np.arange(len(kept_rows))
        ids = np.array([str(i + 1) for i in kept_rows], dtype=object)
        first_rows = kept_rows
    entities = pd.DataFrame({"id": np.asarray(ids, dtype=object)})
    for key in ("name", "population"):
        if key in entity:
            codes, texts = cell_codes(frame[entity[key]])
            lookup = np.array([*texts, ""], dtype=object)
            entities[key] = lookup[codes[first_rows]] if len(first_rows) else []
        else:
            entities[key] = ""
    if "name" not in entity:
        entities["name"] = entities["id"]
    return entities, entity_index.astype(np.int64), notes


def population_number(text: object) -> int | None:
    """A population cell as a whole number (``4200``, ``4.200``, ``4,200``, ``4 200``: thousands
    separated by a point, comma or space); None if it is not one."""
    value = str(text).strip()
    if not _POPULATION.match(value):
        return None
    return int(re.sub(r"\D", "", value))


def municipality_of(ident: object, name: object, population: object) -> Municipality:
    """The municipality of one entity row: the id is its AGS where it is one (8 digits), and the
    Land is the AGS's."""
    text = str(ident)
    ags = text if AGS_PATTERN.match(text) else ""
    return Municipality(
        name=str(name),
        ags=ags,
        population=population_number(population),
        state=state_of_ags(ags),
    )


def size_class(population: object) -> str:
    """The label of the peer group (:data:`SIZE_CLASSES`) of a population cell; "?" if unknown."""
    value = population_number(population)
    if value is None:
        return "?"
    for limit, label in SIZE_CLASSES:
        if limit is None or value < limit:
            return label
    return SIZE_CLASSES[-1][1]
