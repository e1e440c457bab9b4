"""benchmark.json: peer groups per size class and per Land, quartiles only, small groups left out."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from .conftest import EXAMPLES, Run


def batch(run: Run, export: Path, out: Path) -> dict[str, object]:
    result = run("batch", export, "-o", out, "--reports", "none")
    assert result.exit_code == 0, result.stderr
    assert f"{out / 'benchmark.json'}" in result.stderr
    document: dict[str, object] = json.loads((out / "benchmark.json").read_text(encoding="utf-8"))
    return document


def test_quartiles_per_group_from_the_summary(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    document = batch(run, EXAMPLES / "batch-export.csv", out)
    assert document["format"] == "maturity-benchmark"
    assert document["version"] == 1
    assert document["questionnaire"] == {"id": "digitalcheck-kommune", "version": "2.1"}
    summary = pd.read_csv(out / "summary.csv", dtype={"id": str})
    assert document["municipalities"] == len(summary)
    groups = {(g["kind"], g["key"]): g for g in document["groups"]}  # type: ignore[attr-defined]
    sizes = pd.cut(
        summary["population"],
        [0, 5000, 20000, 100000, float("inf")],
        right=False,
        labels=["0-4999", "5000-19999", "20000-99999", "100000-"],
    )
    expected = {("all", "all"): summary, **{("state", s): f for s, f in summary.groupby("state")}}
    expected |= {("size", str(k)): f for k, f in summary.groupby(sizes, observed=True)}
    for key, members in expected.items():
        scores = members["overall_score"].dropna().to_numpy()
        if len(scores) < 5:
            assert key not in groups  # too small to show
            continue
        group = groups.pop(key)
        q1, median, q3 = np.percentile(scores, [25, 50, 75])
        assert group["count"] == len(scores)
        # summary.csv rounds to six decimals, as benchmark.json does (the mean of two rounded
        # values can differ by half a unit of the sixth decimal from the rounded exact median)
        assert abs(group["overall"]["median"] - median) <= 1e-6
        assert abs(group["overall"]["q1"] - q1) < 1e-5
        assert abs(group["overall"]["q3"] - q3) < 1e-5
        area = members["strategie_score"].dropna().to_numpy()
        assert abs(group["areas"]["strategie"]["median"] - np.median(area)) < 1e-5
        assert set(group["overall"]) == {"count", "q1", "median", "q3"}  # no one's own score
    assert not groups  # no group beyond those


def test_groups_under_five_are_left_out(run: Run, tmp_path: Path) -> None:
    """Four municipalities of one Land: the Land is not shown; nine of another: it is."""
    lines = (EXAMPLES / "batch-export.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header, body = rows[0], rows[1:]
    ags = header.index("ags")
    ids = list(dict.fromkeys(r[ags] for r in body))
    land_of = {i: ("01" if n < 4 else "03") for n, i in enumerate(ids[:13])}
    kept = []
    for record in body:
        if record[ags] in land_of:
            record[ags] = land_of[record[ags]] + record[ags][2:]
            kept.append(record)
    export = tmp_path / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *kept])
    document = batch(run, export, tmp_path / "out")
    keys = {(g["kind"], g["key"]) for g in document["groups"]}  # type: ignore[attr-defined]
    assert ("state", "NI") in keys
    assert ("state", "SH") not in keys
    assert ("all", "all") in keys
