"""``benchmark.json``: how the municipalities of a batch score, per size class and per Land, so that
each can be compared with its peers. Only quartiles and counts are written, never a municipality's
own score, and a group of fewer than :data:`MIN_GROUP` municipalities is left out, so that no score
can be traced back to one municipality.

Format (``"format": "maturity-benchmark"``, ``"version": 1``): the questionnaire's id and version,
the number of municipalities, ``min_group``, and ``groups``: one for all municipalities, one per size
class (by population) and one per Land (from the AGS), each with ``kind`` (``all``, ``size``,
``state``), ``key``, ``label`` (German and English), ``count`` (municipalities with an overall
score), ``overall`` and per area (where five or more have a score there) ``count``, ``q1``,
``median`` and ``q3`` (no minimum or maximum: each would be one municipality's score). Quartiles are interpolated linearly between the sorted scores (as
NumPy's default and Excel's QUARTILE.INC compute them), rounded to six decimals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from maturity.batch.entities import size_classes
from maturity.batch.run import BatchResult
from maturity.load.benchmark import FORMAT, MIN_GROUP, SIZE_KEYS, SIZE_LABELS, VERSION
from maturity.model import AGS_LAND, LAENDER, land_of_ags


def benchmark_document(result: BatchResult) -> dict[str, Any]:
    """The content of ``benchmark.json`` for a batch result."""
    q = result.questionnaire
    table = result.table
    overall = table["overall_score"].to_numpy(dtype=np.float64)
    areas = {a.id: table[f"{a.id}_score"].to_numpy(dtype=np.float64) for a in q.areas}
    states = np.array([land_of_ags(str(i)) for i in result.entities["id"]], dtype=object)
    sizes = size_classes(result.entities["population"])

    def group(kind: str, key: str, label: dict[str, str], members: np.ndarray) -> None:
        scores = overall[members]
        scores = scores[~np.isnan(scores)]
        if len(scores) < MIN_GROUP:
            return
        entry: dict[str, Any] = {
            "kind": kind,
            "key": key,
            "label": label,
            "count": len(scores),
            "overall": _summary(scores),
            "areas": {},
        }
        for area_id, values in areas.items():
            scored = values[members]
            scored = scored[~np.isnan(scored)]
            if len(scored) >= MIN_GROUP:
                entry["areas"][area_id] = _summary(scored)
        groups.append(entry)

    groups: list[dict[str, Any]] = []
    everyone = np.ones(len(overall), dtype=bool)
    group("all", "all", {"de": "alle Kommunen", "en": "all municipalities"}, everyone)
    for index, key in enumerate(SIZE_KEYS):
        label = {
            "de": f"{SIZE_LABELS['de'][index]} Einwohner",
            "en": f"{SIZE_LABELS['en'][index]} inhabitants",
        }
        group("size", key, label, sizes == index)
    for code in sorted(set(AGS_LAND.values())):
        name = LAENDER.get(code, code)
        group("state", code, {"de": name, "en": name}, states == code)
    return {
        "format": FORMAT,
        "version": VERSION,
        "questionnaire": {"id": q.id, "version": q.version},
        "municipalities": len(overall),
        "min_group": MIN_GROUP,
        "evaluated_on": result.as_of,
        "export": Path(result.source).name,
        "groups": groups,
    }


def _summary(scores: np.ndarray) -> dict[str, Any]:
    q1, median, q3 = np.percentile(scores, [25, 50, 75])
    return {
        "count": len(scores),
        "q1": round(float(q1), 6),
        "median": round(float(median), 6),
        "q3": round(float(q3), 6),
    }


def benchmark_json(result: BatchResult) -> bytes:
    """``benchmark.json``, indented for people who open it."""
    import orjson

    return orjson.dumps(benchmark_document(result), option=orjson.OPT_INDENT_2) + b"\n"
