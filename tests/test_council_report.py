"""The report as a council reads it: "Auf einen Blick" first, a short roadmap with the full list as an
annex, German typography, a print build with page numbers and contents, a layout that fits a phone, and
a consultant's brand. Checked on the real CLI's output: HTML parsed, PDF read with poppler, pages laid
out by headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import DATA, EXAMPLES, Run, require
from .htmlcheck import parse

MUSTERTAL = EXAMPLES / "stadt-mustertal.yaml"
EARLIER = EXAMPLES / "stadt-mustertal-2025.yaml"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The Mustertal report with its earlier assessment, in HTML, Markdown and as JSON results."""
    from typer.testing import CliRunner

    from maturity.cli.app import app

    folder = tmp_path_factory.mktemp("council")
    runner = CliRunner()
    made: dict[str, object] = {}
    for fmt in ("html", "md"):
        target = folder / f"r.{fmt}"
        args = ["report", str(MUSTERTAL), "--compare", str(EARLIER), "-f", fmt, "-o", str(target)]
        result = runner.invoke(app, [*args, "--lang", "de"])
        assert result.exit_code == 0, result.output
        made[fmt] = target.read_text(encoding="utf-8")
    result = runner.invoke(app, ["report", str(MUSTERTAL), "-f", "json", "-o", "-", "-l", "de"])
    made["json"] = json.loads(result.stdout)
    return made


def in_roadmap_order(recommendations: list[dict[str, object]]) -> list[dict[str, object]]:
    """§4.5 spelled out on the JSON result: overdue duties, caps, other duties by deadline (none
    last), the rest; gain order kept within each (the JSON lists them by gain)."""

    def key(rec: dict[str, object]) -> tuple[int, str]:
        if rec["obligation"] and rec["overdue"]:
            return 0, ""
        if rec["caps_level"]:
            return 1, ""
        if rec["obligation"]:
            return 2, str(rec["due"] or "9999-12-31")
        return 3, ""

    return sorted(recommendations, key=key)


def test_at_a_glance_comes_first_with_score_level_distance_change_and_next_steps(
    council: dict[str, object],
) -> None:
    html, data = str(council["html"]), council["json"]
    assert isinstance(data, dict)
    page = parse(html)
    assert next(h.text for h in page.find("h2")) == "Auf einen Blick"
    (_glance,) = page.find("section", id="glance")
    overall = data["overall"]
    score = f"{overall['score']:.1f}".replace(".", ",")
    (box,) = page.find("div", class_="result")
    assert score in box.text
    assert f"Stufe {overall['level']} von 5: {overall['level_name']}" in box.text
    # 60.5 points would be level 4, but the emergency plan is not rehearsed: page one says so
    # instead of a distance to the next level
    assert overall["score"] >= 60
    assert overall["capped_by"] == ["sicherheit-notfallplan"]
    assert "bis Stufe 4" not in box.text
    (held,) = page.find("div", class_="held-back")
    assert "Die Punkte reichen für Stufe 4 (Vernetzt); die Gesamtstufe bleibt bei 3" in held.text
    assert "Antwort: schriftlicher Plan, im letzten Jahr nicht geübt" in held.text
    assert f"{NBSP}Pkt. seit 06.10.2025" in box.text
    # the three next steps: overdue duties, what caps a level, duties by deadline, then gains
    (steps,) = page.find("ol", class_="next-steps")
    expected = in_roadmap_order(data["recommendations"])[:3]
    shown = [li.text for li in page.find("li") if li.text and li.text in steps.text][:3]
    assert len(shown) == 3
    for item, rec in zip(shown, expected, strict=True):
        assert item.startswith(rec["text"])


def test_bars_are_sorted_with_level_bands_previous_value_and_a_legend(
    council: dict[str, object],
) -> None:
    html, data = str(council["html"]), council["json"]
    assert isinstance(data, dict)
    page = parse(html)
    names = [a.text for a in page.find("a", class_="name")]
    by_score = sorted(data["areas"], key=lambda a: -a["score"])
    assert names == [a["name"] for a in by_score]
    widths = [
        float(e.attrs["style"].removeprefix("width: ").removesuffix("%"))
        for e in page.find("span", class_="fill")
        if "key" not in e.attrs["class"]
    ]
    assert widths == [round(a["score"], 1) for a in by_score]
    assert (
        len([e for e in page.find("i", class_="previous") if "key" not in e.attrs["class"]]) == 12
    )
    (legend,) = page.find("p", class_="legend")
    assert "Punkte 12.10.2026" in legend.text
    assert "letzte Erhebung 06.10.2025" in legend.text
    assert [b.text for b in page.find("span", class_="band")] == ["1", "2", "3", "4", "5"]
    # the bands come from the questionnaire's levels
    assert ".lane { background: linear-gradient(to right, " in html
    assert "#f1f3f6 0%, #f1f3f6 20%" in html


def test_roadmap_is_short_duties_and_caps_first_with_owner_and_due_and_the_annex_has_all(
    council: dict[str, object],
) -> None:
    html, data = str(council["html"]), council["json"]
    assert isinstance(data, dict)
    page = parse(html)
    recommendations = data["recommendations"]
    tables = page.find("table", class_="roadmap")
    assert len(tables) == 3
    headings = [th.text for th in page.find("th") if th.text in ("Verantwortlich", "Bis wann")]
    assert headings.count("Verantwortlich") == 3
    assert headings.count("Bis wann") == 3
    assert len(page.find("td", class_="fill-in")) == 2 * sum(
        1 for td in page.find("td") if td.attrs.get("data-label") == "Verantwortlich"
    )
    (annex,) = page.find("table", class_="annex")
    numbers = re.findall(r'<td data-label="Nr\." class="num">(\d+)</td>', html)
    annex_html = html[html.index('<table class="annex') :]
    annex_numbers = re.findall(r'<td data-label="Nr\." class="num">(\d+)</td>', annex_html)
    assert len(annex_numbers) == len(recommendations) > 40
    assert annex_numbers == [str(n) for n in range(1, len(recommendations) + 1)]
    shown = numbers[: len(numbers) - len(annex_numbers)]
    assert 3 <= len(shown) <= 15
    by_phase: dict[str, list[dict[str, object]]] = {}
    for rec in recommendations:
        by_phase.setdefault(str(rec["phase"]), []).append(rec)
    roadmap_html = html[
        html.index('<section id="roadmap">') : html.index('<section id="overview">')
    ]
    for phase, table in zip(("quick_wins", "medium_term", "strategic"), tables, strict=True):
        wanted = [
            r
            for r in in_roadmap_order(by_phase[phase])
            if r["caps_level"] or r["obligation"] or float(r["gain"]) >= 0.2
        ][:5]
        section = roadmap_html[roadmap_html.index(f'id="phase-{phase}"') :]
        section = section[: section.index("</table>")]
        texts = [str(r["text"]) for r in wanted]
        positions = [section.find(t.split(" (")[0][:40]) for t in texts]
        assert all(p >= 0 for p in positions), phase
        assert positions == sorted(positions), phase
        assert len(re.findall(r"<tr><td", section)) == len(wanted)
        assert table.text
        hidden = len(by_phase[phase]) - len(wanted)
        if hidden:
            assert f"{hidden} weitere Empfehlungen dieser Phase stehen im Anhang." in roadmap_html
    assert annex.text


def test_german_typography(council: dict[str, object], run: Run, tmp_path: Path) -> None:
    html, md = str(council["html"]), str(council["md"])
    assert "2026-10-12" not in html
    assert "2026-10-12" not in md
    assert "12.10.2026" in html
    assert "12.10.2026" in md
    assert f"100{NBSP}%" in html
    assert " %" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert f"{NBSP}Pkt." in html
    assert "hyphens: auto" in html
    assert '<html lang="de">' in html
    assert "Einwohnerinnen und Einwohner</th><td>45.200" in html
    english = tmp_path / "en.html"
    assert run("report", MUSTERTAL, "-o", english, "--lang", "en").exit_code == 0
    text = english.read_text(encoding="utf-8")
    assert "12 October 2026" in text
    assert '<html lang="en">' in text
    assert "Level 3 of 5" in text


def test_the_change_opens_its_remaining_questions_and_names_its_units(
    council: dict[str, object],
) -> None:
    html, md = str(council["html"]), str(council["md"])
    page = parse(html)
    (section,) = page.find("section", id="comparison")
    (details,) = page.find("details")
    (summary,) = page.find("summary")
    more = int(re.search(r"… und (\d+) weitere Fragen", summary.text).group(1))  # type: ignore[union-attr]
    inside = html[html.index("<details>") : html.index("</details>")]
    assert inside.count("<tr><td") == more > 0
    assert "Veränderung (Frage, 0–100)" in section.text
    assert "Je Frage: die Punkte der Frage von 0 bis 100" in section.text
    assert f"(+29,3{NBSP}Pkt.)" in section.text
    # the earlier assessment was given for version 2.0 and scored with it; questions that 2.1
    # scores otherwise are not compared one by one
    assert "Die frühere Erhebung wurde mit Version 2.0 des Fragebogens ausgewertet." in section.text
    # (PV on roofs: 12 % then, 20 % now; 2.0 scored the share linearly, 2.1 in bands)
    assert "Photovoltaikanlagen" not in section.text
    assert details.text
    assert f"… und {more} weitere Fragen." in md


def test_markdown_roadmap_rows_stand_apart(council: dict[str, object]) -> None:
    md = str(council["md"])
    roadmap = md[md.index("## Fahrplan") : md.index("## Übersicht der Handlungsfelder")]
    rows = [line for line in roadmap.splitlines() if re.match(r"\| \d+ \| \*\*", line)]
    assert 3 <= len(rows) <= 15
    for row in rows:
        assert row.endswith("| | |")  # owner and due, to fill in
        assert re.search(
            r"\*\*( \([^)|]+\))*<br>[^|]+ · Aufwand: ", row
        )  # the area on its own line
    assert "](" not in roadmap  # guidance by number, never glued to the area as a link


@pytest.mark.slow
def test_brand_is_embedded_escaped_and_never_fetched(run: Run, tmp_path: Path) -> None:
    brand = tmp_path / "brand.yaml"
    shutil.copy(DATA / "brand" / "logo.svg", tmp_path / "logo.svg")
    brand.write_text(
        'name: "Nord & Partner <GmbH>"\nlogo: logo.svg\naccent: "#1F6F5C"\n'
        'footer: "Im Auftrag des Kreises </style><script>x</script>"\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    result = run("report", MUSTERTAL, "-o", out, "--brand", brand)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    (logo,) = page.find("img")
    assert logo.attrs["src"].startswith("data:image/svg+xml;base64,")
    assert logo.attrs["alt"] == "Nord & Partner <GmbH>"
    assert "Nord &amp; Partner &lt;GmbH&gt;" in html
    assert not page.find("script")
    assert ":root { --accent: #1f6f5c; }" in html
    assert "Im Auftrag des Kreises &lt;/style&gt;" in html
    assert run("validate", brand).exit_code == 0
    # the batch's reports carry it too
    batch = tmp_path / "batch"
    done = run("batch", EXAMPLES / "batch-export.csv", "-o", batch, "--brand", brand)
    assert done.exit_code == 0, done.stderr
    first = sorted((batch / "reports").glob("*.html"))[0].read_text(encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in first


def test_a_bad_brand_file_stops_before_anything_is_written(run: Run, tmp_path: Path) -> None:
    brand = tmp_path / "brand.yaml"
    brand.write_text("logo: ../secret.png\naccent: '#12345'\n", encoding="utf-8")
    result = run("report", MUSTERTAL, "-o", tmp_path / "r.html", "--brand", brand)
    assert result.exit_code == 1
    assert (
        f"{brand}:1:7: logo: expected a file next to the brand file or in a folder below it, "
        "got '../secret.png'"
    ) in result.stderr
    assert f"{brand}:2:9: accent: expected a colour as #rrggbb" in result.stderr
    assert not (tmp_path / "r.html").exists()


def pdf_text(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.slow
def test_print_build_numbers_pages_and_is_tagged(run: Run, tmp_path: Path) -> None:
    require(shutil.which("pdfinfo") is not None, "poppler-utils (apt-get install poppler-utils)")
    pdf = tmp_path / "r.pdf"
    result = run("report", MUSTERTAL, "--compare", EARLIER, "-f", "pdf", "-o", pdf, "-l", "de")
    assert result.exit_code == 0, result.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    first = pdf_text(pdf, 1, 1)
    # page one is the summary: score, level, change and the next steps, and nothing after it
    assert "Auf einen Blick" in first
    assert "Stufe 3 von 5" in first
    assert "Die nächsten Schritte" in first
    assert "seit 06.10.2025" in first
    assert "Handlungsfelder nach Punkten" in first
    assert "Stufen:" in first
    assert f"Seite 1 von {pages}" in first
    second = pdf_text(pdf, 2, 2)
    assert f"Seite 2 von {pages}" in second
    assert "Stadt Mustertal" in second.splitlines()[0]  # the running header
    assert "12.10.2026" in second.splitlines()[0]
    assert "Inhalt" not in second  # the contents with links are for the screen only
    # the annex starts after at most 14 pages of report and is not the last page's alone
    starts = [
        n for n in range(2, pages + 1) if re.search(r"^\s*Anhang\s*$", pdf_text(pdf, n, n), re.M)
    ]
    assert starts, "no page starts the annex"
    annex = starts[0]
    assert annex <= 15, f"the report before its annex has {annex - 1} pages"
    assert annex < pages


CHECK_LAYOUT = """
<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" width="{width}" height="900" style="border:0"></iframe>
<pre id="out">pending</pre>
<script>
const frame = document.getElementById("f");
frame.addEventListener("load", () => {{
  const doc = frame.contentDocument;
  const wide = [];
  for (const e of doc.body.querySelectorAll("*")) {{
    if (e.parentElement.closest(".scroll")) continue;  // scrolls inside its own box
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.right > {width} + 1) wide.push(e.tagName + "." + e.className);
  }}
  const empty = [];  // a card's field with its label and nothing in it
  for (const e of doc.body.querySelectorAll("td[data-label]")) {{
    const box = e.getBoundingClientRect();
    if (box.height > 0 && !e.textContent.trim()) empty.push(e.getAttribute("data-label"));
  }}
  document.getElementById("out").textContent =
    "scroll=" + doc.documentElement.scrollWidth + " wide=" + JSON.stringify(wide.slice(0, 10)) +
    " empty=" + JSON.stringify(empty.slice(0, 10));
}});
frame.srcdoc = {report};
</script></body></html>
"""


def overflowing(html: str, width: int, folder: Path) -> list[str]:
    """The elements wider than a viewport of ``width`` px, as headless Chromium lays the page out
    (narrower than Chromium's smallest window: in a frame of that width); the page's width itself
    counts as an element "HTML"."""
    return laid_out(html, width, folder)[0]


def laid_out(html: str, width: int, folder: Path) -> tuple[list[str], list[str]]:
    """As :func:`overflowing`, and the labels of table cells shown empty (on a phone, a card's
    field with nothing in it)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    require(browser is not None, "chromium (apt-get install chromium)")
    assert browser is not None
    page = folder / f"check-{width}.html"
    embedded = json.dumps(html).replace("</", "<\\/")  # a page's own </script> ends no script here
    page.write_text(CHECK_LAYOUT.format(width=width, report=embedded), encoding="utf-8")
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={folder / 'profile'}",
            "--window-size=1400,1000",
            "--virtual-time-budget=10000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r"scroll=(\d+) wide=(\[.*?\]) empty=(\[.*?\])", dom)
    assert found, dom[-500:]
    wide: list[str] = json.loads(found.group(2).replace("&quot;", '"'))
    empty: list[str] = json.loads(found.group(3).replace("&quot;", '"'))
    return wide + (["HTML"] if int(found.group(1)) > width else []), empty


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_no_element_is_wider_than_a_laptop_or_a_phone(
    council: dict[str, object], tmp_path: Path, width: int
) -> None:
    wide, empty = laid_out(str(council["html"]), width, tmp_path)
    assert wide == []
    if width < 600:  # the fields to fill in are for print and the desk, not for a phone's cards
        assert empty == []


@pytest.mark.slow
def test_printing_fetches_nothing_an_svg_logo_points_to(run: Run, tmp_path: Path) -> None:
    """An SVG logo may name an address inside it; the browser never loads it from an <img>, and the
    PDF printer must not either."""
    import http.server
    import threading

    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        (tmp_path / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
            f'<image href="http://127.0.0.1:{port}/track.png" width="10" height="10"/>'
            '<rect width="100" height="40" fill="#123456"/></svg>',
            encoding="utf-8",
        )
        brand = tmp_path / "brand.yaml"
        brand.write_text("name: Nord\nlogo: logo.svg\n", encoding="utf-8")
        pdf = tmp_path / "r.pdf"
        result = run("report", EARLIER, "-f", "pdf", "-o", pdf, "--brand", brand)
        assert result.exit_code == 0, result.stderr
        assert pdf.read_bytes().startswith(b"%PDF-")
    finally:
        server.shutdown()
    assert requests == []
