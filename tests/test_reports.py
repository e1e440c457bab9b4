"""Reports: sample reports kept current (gold files), structure, escaping, comparison, browser and PDF.

Update the sample reports in reports/ after an intended change with:
    MATURITY_UPDATE_GOLD=1 python -m pytest tests/test_reports.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINI, ROOT, Run, require
from .htmlcheck import parse

REPORTS = ROOT / "reports"
UPDATE = os.environ.get("MATURITY_UPDATE_GOLD") == "1"

# (sample file in reports/, answers, earlier answers to compare with, language)
SAMPLES = [
    ("stadt-mustertal", "stadt-mustertal.yaml", "stadt-mustertal-2025.yaml", "de"),
    ("stadt-mustertal.en", "stadt-mustertal.yaml", "stadt-mustertal-2025.yaml", "en"),
    ("gemeinde-kleinmusterdorf", "gemeinde-kleinmusterdorf.yaml", None, "de"),
    ("musterstadt", "musterstadt.yaml", None, "de"),
    ("schnellcheck-musterhausen", "schnellcheck-musterhausen.yaml", None, "de"),
]
CASES = [(s, fmt) for s in SAMPLES for fmt in ("html", "md")]


def render(run: Run, tmp_path: Path, answers: Path, fmt: str, *extra: str | Path) -> str:
    target = tmp_path / f"out.{fmt}"
    language = () if "--lang" in extra else ("--lang", "de")
    result = run("report", answers, "-f", fmt, "-o", target, *language, *extra)
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("sample", "fmt"), CASES, ids=[f"{s[0]}.{f}" for s, f in CASES])
def test_sample_reports_are_current(
    run: Run, tmp_path: Path, sample: tuple[str, str, str | None, str], fmt: str
) -> None:
    name, answers, earlier, lang = sample
    extra: list[str | Path] = ["--lang", lang]
    if earlier:
        extra += ["--compare", EXAMPLES / earlier]
    rendered = render(run, tmp_path, EXAMPLES / answers, fmt, *extra)
    gold = REPORTS / f"{name}.{fmt}"
    if UPDATE:
        gold.parent.mkdir(exist_ok=True)
        gold.write_text(rendered, encoding="utf-8")
    assert gold.is_file(), (
        f"{gold} is missing; run MATURITY_UPDATE_GOLD=1 python -m pytest {__file__}"
    )
    assert rendered == gold.read_text(encoding="utf-8"), f"{gold} is out of date"


def test_rendering_is_deterministic(run: Run, tmp_path: Path) -> None:
    first = render(run, tmp_path, EXAMPLES / "musterstadt.yaml", "html")
    second = render(run, tmp_path, EXAMPLES / "musterstadt.yaml", "html")
    assert first == second


@pytest.fixture(scope="module")
def mustertal_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    from typer.testing import CliRunner

    from maturity.cli.app import app

    target = tmp_path_factory.mktemp("html") / "report.html"
    result = CliRunner().invoke(
        app,
        [
            "report",
            str(EXAMPLES / "stadt-mustertal.yaml"),
            "-f",
            "html",
            "-o",
            str(target),
            "--compare",
            str(EXAMPLES / "stadt-mustertal-2025.yaml"),
            "--lang",
            "de",
        ],
    )
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def test_html_is_self_contained(mustertal_html: str) -> None:
    page = parse(mustertal_html)
    assert not page.find("script")
    assert not page.find("link")
    assert not page.find("iframe")
    assert not page.find("object")
    for element in page.elements:
        for attribute in ("src", "srcset", "poster", "data"):
            value = element.attrs.get(attribute, "")
            assert not value or value.startswith("data:"), (element.tag, attribute, value)
    assert "@import" not in mustertal_html
    assert "url(" not in mustertal_html
    csp = [m for m in page.find("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    assert "default-src 'none'" in csp[0].attrs["content"]
    assert page.find("meta", name="viewport")


def test_every_internal_link_resolves(mustertal_html: str) -> None:
    page = parse(mustertal_html)
    targets = [
        a.attrs["href"][1:] for a in page.find("a") if a.attrs.get("href", "").startswith("#")
    ]
    assert len(targets) > 20
    missing = sorted(set(targets) - page.ids)
    assert not missing


def test_headings_and_tables_are_accessible(mustertal_html: str) -> None:
    page = parse(mustertal_html)
    assert page.find("html")[0].attrs["lang"] == "de"
    (h1,) = page.find("h1")
    assert h1.text == "Digitaler Reifegrad: Stadt Mustertal"
    h2 = [h.text for h in page.find("h2")]
    assert h2[:3] == ["Auf einen Blick", "Inhalt", "Rahmendaten"]
    assert {"Fahrplan", "Handlungsfelder", "Anhang"} <= set(h2)
    h3 = [h.text for h in page.find("h3")]
    assert {"Die nächsten Schritte", "Methode", "Quellen und Standards"} <= set(h3)
    assert len(h3) >= 12 + 3  # areas and roadmap phases
    assert all(th.attrs.get("scope") in ("col", "row") for th in page.find("th"))


def test_chart_has_one_point_per_scored_area_and_a_text_alternative(mustertal_html: str) -> None:
    page = parse(mustertal_html)
    (svg,) = page.find("svg")
    assert svg.attrs["role"] == "img"
    assert "radar-title" in svg.attrs["aria-labelledby"]
    assert page.find("title", id="radar-title")
    assert page.find("desc", id="radar-desc")
    points = page.find("circle", class_="point")
    assert len(points) == 12
    assert (
        len(page.find("polygon", class_="previous")) == 1
    )  # the earlier assessment as a second series
    assert points[0].text.strip() == "Strategie und Steuerung: 62,4"  # as a German reader writes it


def test_few_scored_areas_get_bars_and_no_radar(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "partial.yaml"
    answers.write_text(
        'questionnaire: mini\nanswers:\n  a-choice: "2"\n  a-multi: [x]\n  a-yesno: ja\n',
        encoding="utf-8",
    )
    page = parse(render(run, tmp_path, answers, "html", "-q", MINI))
    # one scored area is no shape for a radar: the sorted bars alone show it, beta last
    assert not page.find("svg")
    (bars,) = page.find("ol", class_="bars")
    assert len([e for e in page.find("span", class_="fill") if "key" not in e.attrs["class"]]) == 1
    assert bars.text.strip().endswith("zu wenig beantwortet")


HOSTILE_NAME = "<script>alert(1)</script> & [click](javascript:alert(2)) **fett**"
HOSTILE_COMMENT = '"><img src=x onerror=alert(3)> | # Kopf'


@pytest.fixture
def hostile_answers(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "questionnaire: mini\n"
        f"municipality: {{name: {json.dumps(HOSTILE_NAME)}}}\n"
        f"assessor: {json.dumps(HOSTILE_COMMENT)}\n"
        "answers:\n"
        f"  a-choice: {{answer: '1', comment: {json.dumps(HOSTILE_COMMENT)}, evidence: 'javascript:alert(4)'}}\n"
        f"  b-note: {json.dumps(HOSTILE_NAME)}\n"
        "  b-number: 50\n  b-percent: 10\n  a-multi: [x]\n",
        encoding="utf-8",
    )
    return path


def test_html_escapes_everything_from_the_input(
    run: Run, tmp_path: Path, hostile_answers: Path
) -> None:
    html = render(run, tmp_path, hostile_answers, "html", "-q", MINI)
    page = parse(html)
    assert not page.find("script")
    assert not page.find("img")
    assert all("onerror" not in e.attrs for e in page.elements)
    assert not any(a.attrs.get("href", "").startswith("javascript:") for a in page.find("a"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert page.find("h1")[0].text == f"Digitaler Reifegrad: {HOSTILE_NAME}"


def test_markdown_keeps_no_break_spaces_and_joins_lines() -> None:
    """Numbers and their units ("81 %") stay together in Markdown; line breaks from a file do not."""
    from maturity.output.markdown import markdown_escape

    assert markdown_escape("81\u00a0%\n  von *allen*\t") == "81\u00a0% von \\*allen\\*"
    gold = (ROOT / "reports" / "stadt-mustertal.md").read_text(encoding="utf-8")
    assert "*70\u00a0%*" in gold
    assert "70 %" not in gold


def test_markdown_neutralises_input(run: Run, tmp_path: Path, hostile_answers: Path) -> None:
    md = render(run, tmp_path, hostile_answers, "md", "-q", MINI)
    assert re.search(r"(?<!\\)<script", md) is None  # only as escaped text: \<script\>
    assert re.search(r"(?<!\\)<img", md) is None
    assert "[click](javascript" not in md
    assert r"\[click\]\(javascript:alert\(2\)\)" in md
    assert r"\*\*fett\*\*" in md


def test_questionnaire_markdown_is_rendered_without_raw_html(run: Run, tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "text: {de: Wahl, en: Choice}",
        "text: {de: 'Wahl **wichtig** <b onclick=x>roh</b> ![bild](https://example.org/x.png)', en: Choice}",
    )
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text(text, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: mini\nanswers:\n  a-choice: '0'\n  a-multi: [x]\n  a-yesno: ja\n"
    )
    page = parse(render(run, tmp_path, answers, "html", "-q", questionnaire))
    assert page.find("strong")  # Markdown emphasis is rendered
    assert not page.find("b")  # raw HTML is not
    assert not page.find("img")  # and images (network resources) are off


def area_changes(html: str) -> dict[str, str]:
    """Area name -> the change shown in the overview table."""
    table = html[html.index('class="areas-table"') :]
    table = table[: table.index("</table>")]
    pattern = (
        r'<a href="#area-[^"]+">([^<]+)</a></td>\s*<td[^>]*>[^<]*</td>\s*'
        r'<td data-label="Veränderung" class="num">([^<]+)</td>'
    )
    return dict(re.findall(pattern, table))


def test_compare_figures_match_the_json_results(
    run: Run, tmp_path: Path, mustertal_html: str
) -> None:
    now = json.loads(
        run("report", EXAMPLES / "stadt-mustertal.yaml", "-f", "json", "-o", "-", "-l", "de").stdout
    )
    before = json.loads(
        run(
            "report", EXAMPLES / "stadt-mustertal-2025.yaml", "-f", "json", "-o", "-", "-l", "de"
        ).stdout
    )
    changes = area_changes(mustertal_html)
    assert len(changes) == 12
    for area_now, area_before in zip(now["areas"], before["areas"], strict=True):
        delta = area_now["score"] - area_before["score"]
        expected = f"{'+' if delta > 0 else '−'}{abs(delta):.1f}".replace(".", ",")
        assert changes[area_now["name"]] == expected
    overall = now["overall"]["score"] - before["overall"]["score"]
    assert "+" + f"{overall:.1f}".replace(".", ",") + "\u00a0Pkt. seit 06.10.2025" in mustertal_html


def test_markdown_and_html_show_the_same_content(run: Run, tmp_path: Path) -> None:
    from maturity.load.catalogue import load_questionnaire

    answers = EXAMPLES / "gemeinde-kleinmusterdorf.yaml"
    data = json.loads(run("report", answers, "-f", "json", "-o", "-", "-l", "de").stdout)
    html = render(run, tmp_path, answers, "html")
    md = render(run, tmp_path, answers, "md")
    page = parse(html)
    roadmap = "".join(e.text for e in page.find("table", class_="annex"))
    assert data["recommendations"]
    for rec in data["recommendations"]:
        assert rec["text"] in md
        assert rec["text"] in roadmap
    questionnaire = load_questionnaire("digitalcheck-kommune")
    unknown = [q["id"] for q in data["questions"] if q["state"] == "unknown"]
    assert len(unknown) >= 3
    (section,) = page.find("section", id="unknown")
    for qid in unknown:
        text = questionnaire.question_index[qid].text["de"]
        assert text in section.text
        assert f"- {text}" in md


def chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


@pytest.mark.slow
def test_html_renders_in_a_browser(tmp_path: Path, mustertal_html: str) -> None:
    browser = chromium()
    require(browser is not None, "chromium (apt-get install chromium)")
    assert browser is not None
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_text(mustertal_html, encoding="utf-8")
    for width, name in ((1200, "desktop.png"), (390, "phone.png")):
        shot = tmp_path / name
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--hide-scrollbars",
                f"--window-size={width},1600",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        image = Image.open(shot).convert("L")
        assert image.size == (width, 1600)
        histogram = image.histogram()
        white = sum(histogram[250:])
        pixels = image.size[0] * image.size[1]
        assert white < pixels * 0.97, f"{name} is (nearly) blank"
        assert sum(histogram[:100]) > pixels * 0.002, f"{name} shows no dark text"


@pytest.mark.slow
def test_pdf_report(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    result = run("report", EXAMPLES / "stadt-mustertal.yaml", "-f", "pdf", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    require(
        shutil.which("pdfinfo") is not None and shutil.which("pdftoppm") is not None,
        "poppler-utils (apt-get install poppler-utils)",
    )
    info = subprocess.run(
        ["pdfinfo", str(target)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert 10 <= pages <= 16  # the full Digitalcheck with its compact annex
    assert "A4" in info
    # the text layer says what the page shows: each annex line cut at a word with "…" and nothing
    # after it (a CSS ellipsis came out as the first cut-off words, after every cut line)
    layer = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True)
    assert b"Syntax Warning" not in layer.stderr
    lines = layer.stdout.decode("utf-8").splitlines()
    annex = [line for line in lines if re.match(r"\d+ [A-ZÄÖÜ].*…", line)]
    assert len(annex) >= 40
    assert all(
        re.fullmatch(r"\d+ [^…]+…( Sofort angehen| Mittelfristig| Strategisch)?", line)
        for line in annex
    ), annex
    full = tmp_path / "full.pdf"
    made = run(
        "report", EXAMPLES / "stadt-mustertal.yaml", "-f", "pdf", "-o", full, "--annex", "full"
    )
    assert made.exit_code == 0, made.stderr
    info = subprocess.run(["pdfinfo", str(full)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) > pages  # type: ignore[union-attr]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(target), str(tmp_path / "page")],
        check=True,
    )
    from PIL import Image

    (png,) = tmp_path.glob("page*.png")
    histogram = Image.open(png).convert("L").histogram()
    assert sum(histogram[:100]) > 200, "the first PDF page shows no text"


def test_printed_lines_never_leave_one_word_alone() -> None:
    """A sentence followed by a muted reference, as the report's advice is printed, at 400 widths
    around the one where only the space before the reference overflows: WeasyPrint on its own kept
    "Fachbereich" alone on a line there (17 of these 400 paragraphs); printed by the report's path,
    every line holds at least two words."""
    require(shutil.which("pdftotext") is not None, "poppler-utils (apt-get install poppler-utils)")
    from maturity.output.report import html_to_pdf

    sentence = (
        "<strong>Nächster Schritt für dieses Handlungsfeld:</strong> Gehen Sie das Verzeichnis mit "
        "jedem Fachbereich durch, ergänzen Sie neue Verfahren und legen Sie eine jährliche "
        "Durchsicht fest."
    )
    paragraphs = "".join(
        f'<p style="width: {quarter / 4:g}px">{sentence} <span class="muted">(Nr. 2)</span></p>'
        for quarter in range(2200, 2600)
    )
    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Zeilen</title><style>'
        'body { font: 10pt "DejaVu Sans", sans-serif; } p { hyphens: manual; margin: 0 0 6px; } '
        ".muted { color: #5b6475; }</style></head><body>"
        f"{paragraphs}</body></html>"
    )
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=html_to_pdf(html), capture_output=True, check=True
    ).stdout.decode("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and "\f" not in line]
    assert len(lines) >= 800  # two or three lines each
    assert [line for line in lines if len(line.split()) < 2] == []


def test_the_printout_leaves_out_what_only_a_screen_shows() -> None:
    from maturity.load.answers import load_answers
    from maturity.output.report import ReportOptions, render_html
    from maturity.scoring.single import score_answers

    answers, questionnaire, _ = load_answers(EXAMPLES / "stadt-mustertal.yaml")
    result = score_answers(questionnaire, answers)
    screen = parse(render_html(result, "de"))
    printed_html = render_html(result, "de", ReportOptions(), for_print=True)
    printed = parse(printed_html)
    assert screen.find("nav")  # contents with links ...
    assert not printed.find("nav")
    assert screen.find("svg")  # the radar: page one's bars say it ...
    assert not printed.find("svg")
    (annex,) = [t for t in printed.find("table") if "annex" in t.attrs.get("class", "")]
    assert "lines" in annex.attrs["class"]  # one line per recommendation ...
    start = printed_html.index('class="annex lines"')
    table = printed_html[start : printed_html.index("</table>", start)]
    assert table.count("<tr>") == len(result.recommendations) + 1  # ... each, and the heading
    assert all(row.count("<td") == 4 for row in table.split("<tr>")[2:])
    assert 'class="refs"' not in table
    assert "<br>" not in table
    # the sources name their sites, and link to the page
    assert 'rel="noopener noreferrer">eur-lex.europa.eu</a>' in printed_html
    full = render_html(result, "de", ReportOptions(annex="full"), for_print=True)
    assert 'class="annex lines"' not in full


def test_pdf_without_the_extra_says_how_to_install(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    result = run("report", EXAMPLES / "stadt-mustertal.yaml", "-f", "pdf", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 1
    assert "pip install 'maturity[pdf]'" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_pdf_to_standard_output_is_a_usage_error(run: Run) -> None:
    result = run("report", EXAMPLES / "stadt-mustertal.yaml", "-f", "pdf", "-o", "-")
    assert result.exit_code == 2


def test_show_renders_both_questionnaires(run: Run, tmp_path: Path) -> None:
    for questionnaire in ("digitalcheck-kommune", "schnellcheck-kommune"):
        md = run("show", questionnaire, "--lang", "de")
        assert md.exit_code == 0
        assert md.stdout.startswith("# ")
        assert md.stdout.count("\n### ") >= 20
        target = tmp_path / f"{questionnaire}.html"
        html = run("show", questionnaire, "-f", "html", "-o", target, "--lang", "en")
        assert html.exit_code == 0, html.stderr
        page = parse(target.read_text(encoding="utf-8"))
        assert page.find("html")[0].attrs["lang"] == "en"
        targets = {
            a.attrs["href"][1:] for a in page.find("a") if a.attrs.get("href", "").startswith("#")
        }
        assert targets <= page.ids
    full = run("show", "digitalcheck-kommune", "--lang", "de").stdout
    assert "103 Fragen" in full
    assert "### 105. " in full  # and two free-text questions
    assert "## Profil der Kommune" in full
    assert "*Antwort kennt meist:* Kämmerei" in full  # whom to ask, for every question
    assert "*Gilt für:* Kreisfreie Stadt · Landkreis" in full
    assert "*Gilt für:* alle außer Landkreis" in full
    assert "- [ ] Plan im letzten Jahr geübt" in full


def test_compare_warns_when_the_earlier_file_is_another_town_or_not_earlier(
    run: Run, tmp_path: Path
) -> None:
    other = run(
        "report",
        EXAMPLES / "stadt-mustertal.yaml",
        "--compare",
        EXAMPLES / "musterstadt.yaml",
        "-o",
        tmp_path / "a.html",
    )
    assert other.exit_code == 0
    assert (
        "musterstadt.yaml: warning: the comparison is with another municipality: Musterstadt "
        "(09199000) instead of Stadt Mustertal (05958999)"
    ) in other.stderr
    assert "is not earlier than this one (2026-10-12)" in other.stderr
    swapped = run(
        "report",
        EXAMPLES / "stadt-mustertal-2025.yaml",
        "--compare",
        EXAMPLES / "stadt-mustertal.yaml",
        "-o",
        tmp_path / "b.html",
    )
    assert "another municipality" not in swapped.stderr
    assert "(2026-10-12) is not earlier than this one (2025-10-06)" in swapped.stderr
    right = run(
        "report",
        EXAMPLES / "stadt-mustertal.yaml",
        "--compare",
        EXAMPLES / "stadt-mustertal-2025.yaml",
        "-o",
        tmp_path / "c.html",
    )
    # the only warning: the earlier answers were given for version 2.0 and are scored with it
    assert right.stderr.count("warning") == 1
    assert "stadt-mustertal-2025.yaml:4:24: warning: questionnaire_version" in right.stderr
