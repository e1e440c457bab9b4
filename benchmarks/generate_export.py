"""Generate a realistic survey export for a questionnaire: municipalities with several respondents each.

Each municipality has a latent maturity; its respondents answer around it, with some "weiß nicht",
"nicht zutreffend" where allowed, and skipped questions. Usage:
    python benchmarks/generate_export.py --rows 1000000 --municipalities 11000 -o export.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

from maturity.load.catalogue import load_questionnaire
from maturity.model import ProfileQuestion, Question, Questionnaire


def _column_values(
    question: Question, latent: np.ndarray, rng: np.random.Generator, lang_words: dict[str, str]
) -> list[str]:
    n = len(latent)
    noise = np.clip(latent + rng.normal(0, 0.18, n), 0, 1)
    if question.type == "choice":
        scores = np.array([o.score for o in question.options])
        index = np.abs(noise[:, None] - scores[None, :]).argmin(axis=1)
        values = np.array([o.id for o in question.options], dtype=object)[index]
    elif question.type == "yesno":
        values = np.where(noise > 0.5, lang_words["yes"], lang_words["no"]).astype(object)
    elif question.type == "multi":
        plain = [o for o in question.options if not o.exclusive]
        picks = rng.random((n, len(plain))) < noise[:, None]
        values = np.array(
            [",".join(o.id for o, p in zip(plain, row, strict=True) if p) for row in picks],
            dtype=object,
        )
        none = [o.id for o in question.options if o.exclusive]
        if none:
            values = np.where(values == "", none[0], values)
    else:
        low = question.minimum if question.minimum is not None else 0.0
        high = question.maximum if question.maximum is not None else 100.0
        if question.bands:  # spread answers over the scored range, not over the input bounds
            high = min(high, question.bands[-1].start * 1.3)
        numbers = low + noise * (high - low)
        values = np.array([f"{x:.1f}" for x in numbers], dtype=object)
    special = rng.random(n)
    values = np.where(special < 0.03, "unknown", values)
    if question.allow_na:
        values = np.where((special >= 0.03) & (special < 0.08), "na", values)
    values = np.where((special >= 0.08) & (special < 0.10), "", values)
    return list(values)


def generate(
    questionnaire: Questionnaire,
    rows: int,
    municipalities: int,
    seed: int = 7,
    *,
    spread: bool = False,
) -> tuple[list[str], list[list[str]]]:
    rng = np.random.default_rng(seed)
    # every municipality answers at least once (when there are enough rows), the rest at random
    first = np.arange(min(rows, municipalities))
    municipality = np.sort(
        np.concatenate([first, rng.integers(0, municipalities, rows - len(first))])
    )
    maturity = rng.beta(2.2, 2.6, municipalities)
    population = np.round(np.exp(rng.normal(8.6, 1.4, municipalities))).astype(int)
    latent = maturity[municipality]
    header = ["ags", "municipality", "population", "respondent"]
    keys = (
        _keys(municipalities, rng)
        if spread
        else [f"{9000000 + m:08d}" for m in range(municipalities)]
    )
    columns = [
        [keys[m] for m in municipality],
        [f"Gemeinde Muster {m + 1:05d}" for m in municipality],
        [str(population[m]) for m in municipality],
        [f"r{i + 1}" for i in range(rows)],
    ]
    for question in questionnaire.questions:
        if not question.scored:
            continue
        header.append(question.id)
        columns.append(_column_values(question, latent, rng, {"yes": "ja", "no": "nein"}))
    # profile columns after the questions: --questions N keeps them out
    for profile_question in questionnaire.profile:
        header.append(profile_question.id)
        own = _profile_values(profile_question, population, rng)
        columns.append(_respondents_say(own[municipality], profile_question, rng))
    return header, [list(r) for r in zip(*columns, strict=True)]


TIERS = {  # kind of body by population (a test load, not a statistic)
    0: ["ortsgemeinde", "ortsgemeinde", "einheitsgemeinde"],
    5_000: ["einheitsgemeinde", "einheitsgemeinde", "verbandsverwaltung"],
    20_000: ["einheitsgemeinde", "grosse-kreisstadt"],
    100_000: ["kreisfreie-stadt", "landkreis"],
}


def _profile_values(
    question: ProfileQuestion, population: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Each municipality's own answer to a profile question."""
    n = len(population)
    if question.type == "number":
        low = question.minimum if question.minimum is not None else 0.0
        high = question.maximum if question.maximum is not None else 1000.0
        return np.array([f"{x:.0f}" for x in rng.uniform(low, high, n)], dtype=object)
    ids = question.option_ids
    if question.id == "traeger" and all(t in ids for tiers in TIERS.values() for t in tiers):
        bounds = sorted(TIERS)
        tier = np.searchsorted(bounds, population, side="right") - 1
        return np.array([str(rng.choice(TIERS[bounds[t]])) for t in tier.tolist()], dtype=object)
    return np.array(rng.choice(list(ids), n), dtype=object)


def _respondents_say(
    values: np.ndarray, question: ProfileQuestion, rng: np.random.Generator
) -> list[str]:
    """A municipality's answer per respondent row; some leave it empty, a few say something else."""
    values = values.copy()
    special = rng.random(len(values))
    values[special < 0.05] = ""
    if question.type != "number":
        others = np.array(rng.choice(list(question.option_ids), len(values)), dtype=object)
        values = np.where((special >= 0.05) & (special < 0.08), others, values)
    words = {"yes": "ja", "no": "nein"} if question.type == "yesno" else {}
    return [words.get(str(v), str(v)) for v in values]


LAND_WEIGHTS = {
    "01": 11, "02": 1, "03": 9, "04": 1, "05": 4, "06": 4, "07": 23, "08": 11,
    "09": 20, "10": 1, "11": 1, "12": 4, "13": 7, "14": 4, "15": 2, "16": 6,
}  # fmt: skip
"""Synthetic weights for spreading municipalities over the 16 Länder (a test load, not a statistic)."""
PER_KREIS = 40


def _keys(municipalities: int, rng: np.random.Generator) -> list[str]:
    """Unique 8-digit AGS spread over the Länder, about PER_KREIS municipalities a Kreis."""
    codes = list(LAND_WEIGHTS)
    weights = np.array([LAND_WEIGHTS[c] for c in codes], dtype=float)
    lands = rng.choice(len(codes), size=municipalities, p=weights / weights.sum())
    counters: dict[tuple[int, int], int] = {}
    keys = []
    for land in lands.tolist():
        kreis = int(rng.integers(1, max(2, LAND_WEIGHTS[codes[land]] * 11 // PER_KREIS + 2)))
        number = counters.get((land, kreis), 0) + 1
        counters[(land, kreis)] = number
        keys.append(f"{codes[land]}{kreis:03d}{number:03d}")
    return keys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questionnaire", "-q", default="digitalcheck-kommune")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--municipalities", type=int, default=200)
    parser.add_argument(
        "--questions", type=int, default=0, help="keep only the first N scored questions"
    )
    parser.add_argument("--delimiter", default=",")
    parser.add_argument("--encoding", default="utf-8")
    parser.add_argument("--decimal-comma", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--spread", action="store_true", help="spread the AGS over all Länder and many Kreise"
    )
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    questionnaire = load_questionnaire(args.questionnaire)
    header, records = generate(
        questionnaire, args.rows, args.municipalities, args.seed, spread=args.spread
    )
    if args.questions:
        header, records = header[: 4 + args.questions], [r[: 4 + args.questions] for r in records]
    with args.output.open("w", encoding=args.encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=args.delimiter)
        writer.writerow(header)
        for values in records:
            record = values
            if args.decimal_comma:
                record = [
                    v.replace(".", ",")
                    if v[:1].isdigit() and v.count(".") == 1 and not v.startswith("0900")
                    else v
                    for v in values
                ]
            writer.writerow(record)
    print(f"{args.output}: {len(records)} rows, {len(header)} columns", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
