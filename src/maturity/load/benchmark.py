"""``benchmark.json`` (written by ``batch``) -> the peer groups a report compares a municipality with.

Read like every other input: with the position of each value, and every problem at once, as
``file:line:col: message``. The format is described in docs/batch.md#benchmarkjson.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.errors import DocPath, Problem, raise_if_errors
from maturity.i18n import Text
from maturity.load.docreader import MAPPING, DocReader, expected
from maturity.load.yamlio import YamlDocument, load_yaml

FORMAT, VERSION = "maturity-benchmark", 1
MIN_GROUP = 5
"""A group (or an area within it) with fewer scored municipalities than this is never shown."""
KINDS = ("all", "size", "state")
SIZE_LIMITS = (5_000, 20_000, 100_000)
"""Size classes by population: below each limit, and at or above the last."""
SIZE_KEYS = ("0-4999", "5000-19999", "20000-99999", "100000-")
SIZE_LABELS = {
    "de": ("< 5.000", "5.000–19.999", "20.000–99.999", "≥ 100.000"),
    "en": ("< 5,000", "5,000–19,999", "20,000–99,999", "≥ 100,000"),
}


def size_index(population: int | None) -> int:
    """The position of a population's size class in :data:`SIZE_KEYS`; -1 if it is unknown."""
    if population is None:
        return -1
    return sum(population >= limit for limit in SIZE_LIMITS)


def size_key(population: int | None) -> str:
    """The key of a population's size class; "" if the population is unknown."""
    index = size_index(population)
    return SIZE_KEYS[index] if index >= 0 else ""


@dataclass(frozen=True)
class Quartiles:
    count: int
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class PeerGroup:
    kind: str
    key: str
    label: dict[str, str]
    count: int
    overall: Quartiles
    areas: dict[str, Quartiles]


@dataclass(frozen=True)
class Benchmark:
    questionnaire: str
    version: str
    groups: tuple[PeerGroup, ...]
    evaluated_on: str = ""
    """The day the batch that wrote it was run (ISO), "" where the file does not say."""
    export: str = ""
    """The name of the survey export it was made from."""

    def group(self, kind: str, key: str) -> PeerGroup | None:
        return next((g for g in self.groups if g.kind == kind and g.key == key), None)


def load_benchmark(path: Path) -> Benchmark:
    """Read and check a benchmark file; every problem is a MaturityError with its position."""
    return _checked(load_yaml(path))


def benchmark_of(data: Any) -> Benchmark:
    """The benchmark of a document made in memory (a batch's own ``benchmark.json``), checked alike."""
    return _checked(YamlDocument(file="benchmark.json", data=data))


def _checked(doc: YamlDocument) -> Benchmark:
    benchmark, problems = parse_benchmark(doc)
    raise_if_errors(problems)
    assert benchmark is not None
    return benchmark


def parse_benchmark(doc: YamlDocument) -> tuple[Benchmark | None, list[Problem]]:
    """The benchmark of a loaded document, and every problem in it (for ``validate``)."""
    reader = DocReader(doc)
    benchmark = _benchmark(reader, doc.data)
    return (None if any(p.severity == "error" for p in reader.problems) else benchmark), list(
        reader.problems
    )


def _benchmark(reader: DocReader, data: Any) -> Benchmark | None:
    top = reader.mapping(
        data,
        (),
        required=("format", "version", "questionnaire", "groups"),
        optional=("municipalities", "min_group", "evaluated_on", "export"),
    )
    if top is None:
        return None
    if top.get("format") != FORMAT:
        reader.error(
            ("format",),
            Text(
                f"erwartet '{FORMAT}' (eine Vergleichsdatei von maturity batch)",
                f"expected '{FORMAT}' (a benchmark file written by maturity batch)",
            ),
        )
    if "version" in top and top["version"] != VERSION:
        reader.error(
            ("version",),
            Text(
                f"erwartet Version {VERSION}; diese Version von maturity kennt keine andere",
                f"expected version {VERSION}; this version of maturity knows no other",
            ),
        )
    head = reader.mapping(top.get("questionnaire"), ("questionnaire",), required=("id", "version"))
    groups = []
    for path, value in reader.items(top.get("groups"), ("groups",)):
        group = _group(reader, value, path)
        if group is not None:
            groups.append(group)
    evaluated_on = _date(reader, top.get("evaluated_on"), ("evaluated_on",))
    export = reader.string(top["export"], ("export",)) if "export" in top else ""
    if head is None:
        return None
    return Benchmark(
        str(head.get("id", "")),
        str(head.get("version", "")),
        tuple(groups),
        evaluated_on=evaluated_on,
        export=export or "",
    )


def _date(reader: DocReader, value: Any, path: DocPath) -> str:
    """An ISO date (``2026-12-07``), as text or as a YAML date; "" where none is given."""
    if value is None:
        return ""
    text = str(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        reader.error(
            path,
            Text(
                f"erwartet ein Datum wie 2026-12-07, gefunden '{text[:40]}'",
                f"expected a date such as 2026-12-07, got '{text[:40]}'",
            ),
        )
        return ""
    return text


def _group(reader: DocReader, value: Any, path: DocPath) -> PeerGroup | None:
    group = reader.mapping(
        value, path, required=("kind", "key", "label", "count", "overall", "areas")
    )
    if group is None:
        return None
    kind = reader.choice(group.get("kind"), (*path, "kind"), KINDS)
    key = reader.string(group.get("key"), (*path, "key"))
    label = reader.text(group.get("label"), (*path, "label"), ("de", "en"))
    count = _count(reader, group.get("count"), (*path, "count"))
    overall = _quartiles(reader, group.get("overall"), (*path, "overall"))
    areas: dict[str, Quartiles] = {}
    area_map = group.get("areas")
    if not isinstance(area_map, dict):
        reader.error((*path, "areas"), expected(MAPPING, area_map))
    else:
        for area_id, summary in area_map.items():
            quartiles = _quartiles(reader, summary, (*path, "areas", area_id))
            if quartiles is not None:
                areas[str(area_id)] = quartiles
    if kind is None or key is None or label is None or count is None or overall is None:
        return None
    return PeerGroup(kind, key, label, count, overall, areas)


def _count(reader: DocReader, value: Any, path: DocPath) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < MIN_GROUP:
        reader.error(
            path,
            Text(
                f"erwartet eine ganze Zahl ab {MIN_GROUP} (kleinere Gruppen werden nie gezeigt), "
                f"gefunden: {value!r}",
                f"expected a whole number of at least {MIN_GROUP} (smaller groups are never "
                f"shown), got {value!r}",
            ),
        )
        return None
    return value


def _quartiles(reader: DocReader, value: Any, path: DocPath) -> Quartiles | None:
    summary = reader.mapping(value, path, required=("count", "q1", "median", "q3"))
    if summary is None:
        return None
    count = _count(reader, summary["count"], (*path, "count")) if "count" in summary else None
    q1, median, q3 = (  # a missing key is reported once, by the mapping check
        reader.number(summary[k], (*path, k), low=0, high=100) if k in summary else None
        for k in ("q1", "median", "q3")
    )
    if count is None or q1 is None or median is None or q3 is None:
        return None
    if not q1 <= median <= q3:
        reader.error(
            (*path, "median"),
            Text(
                f"erwartet q1 ≤ median ≤ q3, gefunden: {q1:g}, {median:g}, {q3:g}",
                f"expected q1 ≤ median ≤ q3, got {q1:g}, {median:g}, {q3:g}",
            ),
        )
        return None
    return Quartiles(count, q1, median, q3)


def other_questionnaire(benchmark: Benchmark, questionnaire_id: str, file: str) -> Problem | None:
    """An error when the benchmark was made with another questionnaire."""
    if benchmark.questionnaire == questionnaire_id:
        return None
    return Problem(
        file,
        0,
        0,
        Text(
            f"die Vergleichsdatei gilt für den Fragebogen '{benchmark.questionnaire}', die "
            f"Antworten für '{questionnaire_id}'",
            f"the benchmark file is for the questionnaire '{benchmark.questionnaire}', the answers "
            f"for '{questionnaire_id}'",
        ),
    )
