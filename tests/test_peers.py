"""`report --peers benchmark.json`: how a municipality stands in its size class, its Land and among
all, from the file `batch` writes; a broken or foreign benchmark file is refused with positions."""

from __future__ import annotations

import csv
import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import EXAMPLES, Run
from .htmlcheck import parse

MUSTERTAL = EXAMPLES / "stadt-mustertal.yaml"  # population 28,400 in NRW


def group(kind: str, key: str, label: str, median: float) -> dict[str, object]:
    quartiles = {"count": 9, "q1": median - 10, "median": median, "q3": median + 10}
    return {
        "kind": kind,
        "key": key,
        "label": {"de": label, "en": label},
        "count": 9,
        "overall": quartiles,
        "areas": {"strategie": quartiles, "sicherheit": quartiles},
    }


def benchmark(
    tmp_path: Path, groups: list[dict[str, object]], qid: str = "digitalcheck-kommune"
) -> Path:
    path = tmp_path / "benchmark.json"
    document = {
        "format": "maturity-benchmark",
        "version": 1,
        "questionnaire": {"id": qid, "version": "1.0"},
        "municipalities": 27,
        "min_group": 5,
        "groups": groups,
    }
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


class Cells(HTMLParser):
    """The peers section's table: its column headings and the texts of its rows, cell by cell."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.in_head = False
        self.headings: list[str] = []
        self.rows: list[list[str]] = []
        self._cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and ("id", "peers") in attrs:
            self.inside = True
        elif self.inside and tag == "thead":
            self.in_head = True
        elif self.inside and tag == "tr" and not self.in_head:
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self._cell = True
            if self.in_head:
                self.headings.append("")
            elif self.rows:
                self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        elif tag == "thead":
            self.in_head = False
        elif tag in ("th", "td"):
            self._cell = False

    def handle_data(self, data: str) -> None:
        if not (self.inside and self._cell):
            return
        target = self.headings if self.in_head else self.rows[-1] if self.rows else None
        if target:
            target[-1] = (target[-1] + " " + data.strip()).strip()


def test_size_class_land_and_all_in_that_order(run: Run, tmp_path: Path) -> None:
    peers = benchmark(
        tmp_path,
        [
            group("all", "all", "alle", 40),
            group("size", "20000-99999", "20.000–99.999", 55),
            group("size", "0-4999", "klein", 10),
            group("state", "NW", "NW", 60),
            group("state", "BY", "BY", 20),
        ],
    )
    out = tmp_path / "r.html"
    result = run("report", MUSTERTAL, "-o", out, "--peers", peers, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    cells = Cells()
    cells.feed(html)
    assert cells.headings == [
        "Handlungsfeld",
        "Ihr Wert",
        "20.000–99.999 9 Kommunen",
        "NW 9 Kommunen",
        "alle 9 Kommunen",
        "Einordnung",
    ]
    assert [row[0] for row in cells.rows] == [
        "Gesamt",
        "Strategie und Steuerung",
        "IT-Sicherheit und Datenschutz",
    ]
    overall = cells.rows[0]
    assert overall[2:5] == ["55,0 45,0–65,0", "60,0 50,0–70,0", "40,0 30,0–50,0"]
    # the position is the one in the first group, the size class
    score = float(overall[1].replace(",", "."))
    expected = "im oberen Viertel" if score >= 65 else "über dem Median" if score >= 55 else None
    if expected is None:
        expected = "unter dem Median" if score >= 45 else "im unteren Viertel"
    assert overall[5] == expected
    # on the first page, the bars mark the size class's median where the file has the area
    page = parse(html)
    (glance,) = page.find("section", id="glance")
    marks = [m for m in page.find("b", class_="peer") if "key" not in m.attrs["class"]]
    assert len(marks) == 2
    assert all(m.attrs["style"] == "left: 55.0%" for m in marks)
    assert "Median: 20.000–99.999" in "".join(e.text for e in page.find("p", class_="legend"))
    assert glance.text


def test_peers_from_a_batch(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        run("batch", EXAMPLES / "batch-export.csv", "-o", out, "--reports", "none").exit_code == 0
    )
    document = json.loads((out / "benchmark.json").read_text(encoding="utf-8"))
    everyone = next(g for g in document["groups"] if g["kind"] == "all")
    result = run("report", MUSTERTAL, "-f", "md", "-o", "-", "--peers", out / "benchmark.json")
    assert result.exit_code == 0, result.stderr
    assert "## Compared with peers" in result.stdout
    median = f"{everyone['overall']['median']:.1f}"
    assert "| Overall | " in result.stdout
    overall_row = next(
        line for line in result.stdout.splitlines() if line.startswith("| Overall |")
    )
    assert f"| {median} (" in overall_row
    # the peers are named by the evaluation they come from, not by a file name alone
    today = dt.date.today()
    assert document["evaluated_on"] == today.isoformat()
    assert document["export"] == "batch-export.csv"
    assert (
        f"from the evaluation of {today.day} {today.strftime('%B')} {today.year} (batch-export.csv)."
        in result.stdout
    )


def test_a_batch_report_gives_its_place_among_all_on_page_one(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", EXAMPLES / "batch-export.csv", "-o", out, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    with (out / "summary.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    scored = sum(1 for row in rows if row["rank"])
    row = rows[0]
    page = (out / "reports").glob(f"*{row['id']}.html")
    html = next(page).read_text(encoding="utf-8")
    glance = html[html.index('id="glance"') : html.index('id="facts"')]
    assert f"Platz {row['rank']} von {scored} in der ganzen Auswertung" in glance


def test_broken_benchmark_file_every_problem_with_its_position(run: Run, tmp_path: Path) -> None:
    bad = group("state", "NW", "NW", 50)
    bad["count"] = 3
    bad["overall"] = {"count": 9, "q1": 60, "median": 50, "q3": 70}
    peers = benchmark(tmp_path, [bad])
    text = peers.read_text(encoding="utf-8").replace('"maturity-benchmark"', '"other"')
    peers.write_text(text, encoding="utf-8")
    result = run("report", MUSTERTAL, "-f", "json", "-o", "-", "--peers", peers)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        f"{peers}:2:13: format: expected 'maturity-benchmark' (a benchmark file written by maturity batch)"
        in lines
    )
    assert any(
        line.startswith(f"{peers}:")
        and "groups[0].count: expected a whole number of at least 5" in line
        for line in lines
    )
    assert any(
        "groups[0].overall.median: expected q1 ≤ median ≤ q3, got 60, 50, 70" in line
        for line in lines
    )
    assert not result.stdout


def test_benchmark_of_another_questionnaire_is_refused(run: Run, tmp_path: Path) -> None:
    peers = benchmark(tmp_path, [group("all", "all", "alle", 40)], qid="schnellcheck-kommune")
    result = run("report", MUSTERTAL, "-f", "json", "-o", "-", "--peers", peers)
    assert result.exit_code == 1
    assert "the benchmark file is for the questionnaire 'schnellcheck-kommune'" in result.stderr


@pytest.mark.slow
def test_every_batch_report_shows_its_peers(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", EXAMPLES / "batch-export.csv", "-o", out, "--reports", "html")
    assert result.exit_code == 0, result.stderr
    reports = sorted((out / "reports").glob("*.html"))
    assert len(reports) == 40
    with open(out / "summary.csv", encoding="utf-8-sig") as table:
        summary = {row["name"]: row for row in csv.DictReader(table)}

    def size_class(row: dict[str, str]) -> int:
        return sum(int(row["population"]) >= limit for limit in (5_000, 20_000, 100_000))

    for report in reports[:5]:
        html = report.read_text(encoding="utf-8")
        cells = Cells()
        cells.feed(html)
        labels = [h.rsplit(" ", 2)[0] for h in cells.headings[2:-1]]
        assert labels[-1] == "all municipalities"
        assert labels[0] in ("< 5,000 inhabitants", "5,000–19,999 inhabitants")
        assert len(cells.rows) > 3
        # the exact place in the size class, from the batch's own scores
        name = parse(html).find("span", class_="running-name")[0].text
        mine = summary[name]
        same_class = [
            float(row["overall_score"])
            for row in summary.values()
            if size_class(row) == size_class(mine) and row["overall_score"]
        ]
        place = 1 + sum(score > float(mine["overall_score"]) for score in same_class)
        scored = sum(1 for row in summary.values() if row["overall_score"])
        assert (
            f"Place {place} of {len(same_class)} in the size class; place {mine['rank']} of "
            f"{scored} in the whole evaluation." in html
        )
        assert parse(html).find("a", href="../index.html")


def test_a_batchs_benchmark_file_is_valid_and_fits_its_schema(run: Run, tmp_path: Path) -> None:
    import jsonschema

    out = tmp_path / "out"
    assert (
        run("batch", EXAMPLES / "batch-export.csv", "-o", out, "--reports", "none").exit_code == 0
    )
    result = run("validate", out / "benchmark.json")
    assert result.exit_code == 0, result.stderr
    assert "valid (benchmark file: for digitalcheck-kommune 2.1, 4 peer groups)" in result.stdout
    schema = json.loads(run("schema", "benchmark").stdout)
    jsonschema.validate(json.loads((out / "benchmark.json").read_text(encoding="utf-8")), schema)
    broken = json.loads((out / "benchmark.json").read_text(encoding="utf-8"))
    broken["groups"][0]["count"] = 3  # a group too small to show
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
