"""Who is who in an export: the municipality of every row, its name and population as first seen, and
the rows that cannot be scored because they identify no one (no municipality id, a duplicate
respondent, an incomplete response)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from maturity.model import Municipality

if TYPE_CHECKING:
    import pandas as pd

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
        ("submitted", "incomplete response (no submit date)"),
        ("id", "missing municipality id"),
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
                        "reason": "duplicate respondent (the first row with this id is kept)",
                    }
                )
            )
    return parts


def find_entities(
    frame: Any, entity: dict[str, str], keep: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per municipality in order of first appearance (id, and the first name and population
    seen), and each kept row's municipality index."""
    import pandas as pd

    kept_rows = np.flatnonzero(keep)
    if "id" in entity:
        codes, texts = cell_codes(frame[entity["id"]])
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
    return entities, entity_index.astype(np.int64)


def population_number(text: object) -> int | None:
    """A population cell as a whole number (``4.200`` with a German thousands point); None if it is
    not one."""
    digits = str(text).replace(".", "").strip()
    return int(digits) if digits.isascii() and digits.isdigit() else None


def municipality_of(ident: object, name: object, population: object) -> Municipality:
    """The municipality of one entity row: the id is its AGS where it is one (8 digits)."""
    text = str(ident)
    return Municipality(
        name=str(name),
        ags=text if text.isdigit() and len(text) == 8 else "",
        population=population_number(population),
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
