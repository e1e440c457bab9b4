"""The overview of a batch as an analyst uses it: a landing page of aggregates that stays small, the
full ranking on pages per Land (and per Kreis where a Land is large) with sorting and a filter that a
CSP hash allows, and the trend against an earlier batch."""

from __future__ import annotations

import base64
import csv
import hashlib
import re
import shutil
import statistics
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from .conftest import ROOT, Run, require, run_cli
from .htmlcheck import parse

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def spread_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 municipalities spread over the Länder and their Kreise, two respondents each."""
    path = tmp_path_factory.mktemp("spread") / "export.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate_export.py"),
            "--rows",
            "1200",
            "--municipalities",
            "600",
            "--spread",
            "-o",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory, spread_export: Path) -> Path:
    """One batch of the spread export with reports, for all tests here to read (not to change)."""
    out = tmp_path_factory.mktemp("overview") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("maturity.batch.ranking.KREIS_SPLIT", 60)  # large Länder split by Kreis
        patch.setenv("MATURITY_LANG", "de")
        result = run_cli("batch", spread_export, "-o", out, "--reports", "html", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    return out


def summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_landing_page_holds_aggregates_only(batch_out: Path) -> None:
    html = (batch_out / "index.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 120_000  # aggregates: it does not grow with municipalities
    page = parse(html)
    assert not page.find("script")
    rows = summary(batch_out)
    states = sorted({row["state"] for row in rows})
    (table,) = [e for e in page.find("table") if e.attrs.get("id") == "states-table"]
    states_html = html[html.index('id="states-table"') : html.index('id="sizes"')]
    assert len(re.findall(r'<tr><th scope="row"><a href="ranking/', states_html)) == len(states)
    assert "600 Kommunen aus 1.200 von 1.200 Zeilen" in html
    # the median of all, as summary.csv gives it, in the table of size classes
    overall = statistics.median(float(r["overall_score"]) for r in rows if r["overall_score"])
    shown = f"{overall:.1f}".replace(".", ",")
    sizes = html[html.index('id="sizes-table"') :]
    assert 'alle Kommunen</th><td data-label="Anzahl" class="num">600</td>' in sizes
    assert f">{shown}</td>" in sizes[sizes.index("alle Kommunen") :][:400]
    # the legend of the palette, the missing foundations and who most needs help
    (legend,) = page.find("p", class_="legend")
    assert [s.attrs["class"] for s in page.find("span", class_="swatch")][:6] == [
        "swatch c1",
        "swatch c2",
        "swatch c3",
        "swatch c4",
        "swatch c5",
        "swatch c0",
    ]
    assert "Vorreiter" in legend.text
    assert page.find("section", id="foundations")
    help_links = [a for a in page.find("a") if a.attrs["href"].startswith("reports/")]
    assert len(help_links) == 20
    lowest = sorted(
        (r for r in rows if r["overall_score"]), key=lambda r: float(r["overall_score"])
    )[:20]
    assert [a.text for a in help_links] == [r["name"] for r in lowest]
    assert table.text


@pytest.mark.slow
def test_every_municipality_is_on_one_ranking_page_linking_its_report(batch_out: Path) -> None:
    pages = sorted(p for p in (batch_out / "ranking").glob("*.html") if p.name != "search.html")
    linked: list[str] = []
    listings = 0
    for path in pages:
        page = parse(path.read_text(encoding="utf-8"))
        assert page.find("a", href="../index.html")
        links = [a.attrs["href"] for a in page.find("a")]
        linked += [link for link in links if link.startswith("../reports/")]
        kreis_links = [link for link in links if re.fullmatch(r"[a-z]{2}-\d{5}\.html", link)]
        if kreis_links:  # a large Land: a page listing its Kreise
            listings += 1
            assert all((path.parent / link).is_file() for link in kreis_links)
    assert listings >= 1
    reports = {p.name for p in (batch_out / "reports").glob("*.html")}
    assert len(linked) == len(set(linked)) == 600
    assert {link.removeprefix("../reports/") for link in linked} == reports
    # within a page, by rank; the ranks are those of summary.csv
    rows = {r["name"]: r for r in summary(batch_out)}
    page = parse((batch_out / "ranking" / "hh.html").read_text(encoding="utf-8"))
    names = [th.text for th in page.find("th") if th.attrs.get("scope") == "row"]
    ranks = [int(rows[name]["rank"]) for name in names if rows[name]["rank"]]
    assert ranks == sorted(ranks)
    assert names
    # the page says that its ranks are places among all, not among the Land's municipalities
    (intro,) = [p for p in page.find("p") if "Nach Rang sortiert" in p.text]
    assert "Der Rang ist der Platz unter allen 600 Kommunen der Auswertung" in intro.text


@pytest.mark.slow
def test_ranking_script_is_allowed_by_its_hash_only(batch_out: Path) -> None:
    html = (batch_out / "ranking" / "hh.html").read_text(encoding="utf-8")
    (script,) = re.findall(r"<script>(.*?)</script>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in csp
    # without the script the filter stays hidden and the table is whole
    page = parse(html)
    (box,) = [e for e in page.elements if e.attrs.get("id") == "filter-box"]
    assert "hidden" in box.attrs


def dumped_dom(address: str, tmp_path: Path) -> str:
    """The page at ``address`` as headless Chromium has built it, its scripts run."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    require(browser is not None, "chromium (apt-get install chromium)")
    assert browser is not None
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            address,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


@pytest.mark.slow
def test_sorting_and_filter_run_in_a_browser(batch_out: Path, tmp_path: Path) -> None:
    dom = dumped_dom((batch_out / "ranking" / "hh.html").as_uri(), tmp_path)
    page = parse(dom)
    (box,) = [e for e in page.elements if e.attrs.get("id") == "filter-box"]
    assert "hidden" not in box.attrs  # the script ran under the page's CSP
    headers = [th for th in page.find("th") if th.attrs.get("scope") == "col"]
    assert len(page.find("button")) == len(headers) > 10


@pytest.mark.slow
def test_a_first_click_sorts_scores_highest_first_and_names_a_to_z(
    batch_out: Path, tmp_path: Path
) -> None:
    """Clicking a heading in Chromium: scores, levels and areas start with the highest (those
    without a result last), names with A; a second click turns the order round. On a Kreis's page
    the Kreis column is not shown (every row would repeat the heading's Kreis)."""
    from selenium.webdriver.common.by import By

    from .browser import start_chrome

    chrome = start_chrome(tmp_path)
    try:
        chrome.get((batch_out / "ranking" / "by.html").as_uri())  # Bayern: its Kreise, listed
        kreis_page = chrome.find_element(By.CSS_SELECTOR, "table a").get_attribute("href")
        chrome.get(kreis_page)
        heads = chrome.find_elements(By.CSS_SELECTOR, "thead th")
        words = [head.get_attribute("textContent").strip() for head in heads]
        assert not heads[words.index("Kreis")].is_displayed()
        kreis_cells = chrome.find_elements(By.CSS_SELECTOR, "tbody td:nth-child(3)")
        assert kreis_cells
        assert not any(cell.is_displayed() for cell in kreis_cells)

        def column(name: str) -> list[str]:
            index = words.index(name) + 1
            cells = chrome.find_elements(By.CSS_SELECTOR, f"tbody tr > :nth-child({index})")
            return [cell.get_attribute("data-v") or cell.text for cell in cells]

        def click(name: str) -> None:
            heads[words.index(name)].find_element(By.TAG_NAME, "button").click()

        click("Punkte")
        values = column("Punkte")
        scores = [float(v) for v in values if v]
        assert len(scores) > 10
        assert scores == sorted(scores, reverse=True)
        assert values[len(scores) :] == [""] * (len(values) - len(scores))  # no result: last
        click("Punkte")
        again = [float(v) for v in column("Punkte") if v]
        assert again == sorted(scores)
        click("Stufe")
        levels = [int(v) for v in column("Stufe") if v]
        assert levels == sorted(levels, reverse=True)
        click("Kommune")
        names = column("Kommune")
        assert names == sorted(names, key=str.casefold)
    finally:
        chrome.quit()


@pytest.mark.slow
def test_trend_against_an_earlier_batch(run: Run, batch_out: Path, tmp_path: Path) -> None:
    rows = summary(batch_out)
    earlier = tmp_path / "earlier.csv"
    with earlier.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "overall_score"])
        writer.writeheader()
        for n, row in enumerate(rows[:300]):  # the others are new
            if row["overall_score"]:
                change = 5.0 if n % 2 == 0 else -2.5
                then = min(100.0, max(0.0, float(row["overall_score"]) - change))
                writer.writerow({"id": row["id"], "overall_score": then})
    out = tmp_path / "again"
    export = sorted(batch_out.parent.parent.glob("spread*/export.csv"))
    result = run(
        "batch", export[0], "-o", out, "--compare", earlier, "--reports", "none", "--lang", "de"
    )
    assert result.exit_code == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    compared = sum(1 for row in rows[:300] if row["overall_score"])
    improved = sum(1 for n, row in enumerate(rows[:300]) if row["overall_score"] and n % 2 == 0)
    worsened = compared - improved
    assert (
        f"{compared} Kommunen in beiden Erhebungen: {improved} verbessert, {worsened} "
        f"verschlechtert (um mindestens 0,1 Punkte); 300 neu dabei." in html
    )
    first = rows[0]
    state = first["state"].lower()
    pages = [out / "ranking" / f"{state}.html", *(out / "ranking").glob(f"{state}-*.html")]
    text = "".join(p.read_text(encoding="utf-8") for p in pages if p.exists())
    row = re.search(rf'<tr data-name="{re.escape(first["name"].lower())} [^"]*">(.*?)</tr>', text)
    assert row, first["name"]
    assert '<td class="num" data-v="5.000">+5,0</td>' in row.group(1)


def test_a_broken_earlier_summary_is_refused_with_positions(
    run: Run, spread_export: Path, tmp_path: Path
) -> None:
    earlier = tmp_path / "old.csv"
    earlier.write_text(
        "id,overall_score\n09001001,55.5\n09001002,viel\n,40\n09001001,12\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run("batch", spread_export, "-o", out, "--compare", earlier, "--lang", "en")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{earlier}:3:2: overall_score: expected a number from 0 to 100, got 'viel'" in lines
    assert f"{earlier}:4:1: the id is missing" in lines
    assert f"{earlier}:5:1: id '09001001' appears twice" in lines
    assert not out.exists()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("ags,score\n1,2\n", encoding="utf-8")
    result = run("batch", spread_export, "-o", out, "--compare", wrong, "--lang", "en")
    assert result.exit_code == 1
    assert f"{wrong}:1:1: column 'id' is missing" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_overview_pages_fit_a_laptop_and_a_phone(
    batch_out: Path, tmp_path: Path, width: int
) -> None:
    from .test_council_report import overflowing

    for page in (batch_out / "index.html", batch_out / "ranking" / "hh.html"):
        assert overflowing(page.read_text(encoding="utf-8"), width, tmp_path) == [], page.name


def _search_hits(rows: list[dict[str, str]], typed: str) -> list[str]:
    """The names the search should show for what was typed: part of the name or of the AGS."""
    words = typed.strip().lower()
    return sorted(
        (r["name"] for r in rows if words in f"{r['name']} {r['id']}".lower()), key=str.casefold
    )


@pytest.mark.slow
def test_the_landing_page_searches_every_municipality(batch_out: Path) -> None:
    """A search form on the landing page leads to one page of all municipalities from A to Z, each
    with its report, AGS, Land (to its ranking page), score, level and rank; readable without
    script, and the landing page stays small."""
    html = (batch_out / "index.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 120_000
    page = parse(html)
    (form,) = page.find("form")
    assert form.attrs["action"] == "ranking/search.html"
    assert form.attrs["method"] == "get"
    assert [i.attrs["name"] for i in page.find("input")] == ["q"]
    assert page.find("label", **{"for": "q"})[0].text == "Kommune suchen (Name oder AGS):"
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert "form-action &#39;self&#39; file:" in csp  # the form may go to the search page only
    search = (batch_out / "ranking" / "search.html").read_text(encoding="utf-8")
    rows = summary(batch_out)
    listed = parse(search)
    names = [th.text for th in listed.find("th") if th.attrs.get("scope") == "row"]
    assert names == sorted((r["name"] for r in rows), key=str.casefold)
    reports = {p.name for p in (batch_out / "reports").glob("*.html")}
    links = [a.attrs["href"] for a in listed.find("a")]
    assert {x.removeprefix("../reports/") for x in links if x.startswith("../reports/")} == reports
    first = min(rows, key=lambda r: r["name"].casefold())
    row = re.search(r'<tr data-name="[^"]*">(.*?)</tr>', search).group(1)  # type: ignore[union-attr]
    assert f'<td class="minor">{first["id"]}</td>' in row
    state_page = f"{first['state'].lower()}.html"
    assert f'<a href="{state_page}">' in row or f'<a href="{first["state"].lower()}-' not in row
    assert f'data-v="{first["rank"]}">{first["rank"]}</td></tr>' in row + "</tr>"
    (script,) = re.findall(r"<script>(.*?)</script>", search, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in search


@pytest.mark.slow
@pytest.mark.parametrize(
    "typed", ["muster 0001", "Muster 00042", "0900"], ids=["name", "one", "ags"]
)
def test_the_search_finds_by_name_and_ags_in_a_browser(
    batch_out: Path, tmp_path: Path, typed: str
) -> None:
    """What the landing page's form sends (``search.html?q=…``) filters the list in Chromium."""
    address = (batch_out / "ranking" / "search.html").as_uri() + "?q=" + typed.replace(" ", "+")
    dom = dumped_dom(address, tmp_path)
    rows = re.findall(
        r'<tr data-name="[^"]*"( hidden="")?><th scope="row">(?:<a [^>]*>)?([^<]*)<', dom
    )
    assert len(rows) == 600  # every municipality is on the page ...
    shown = sorted((unescape(name) for hidden, name in rows if not hidden), key=str.casefold)
    expected = _search_hits(summary(batch_out), typed)
    assert shown == expected  # ... and what was typed shows those it names
    assert 0 < len(expected) < 600
    count = re.search(r'<span id="shown">([^<]*)</span>', dom).group(1)  # type: ignore[union-attr]
    assert count == f"{len(expected):,}".replace(",", ".")


@pytest.mark.slow
def test_the_trend_is_named_by_the_earlier_evaluation_not_its_file(
    run: Run, tmp_path: Path
) -> None:
    """The trend names the earlier survey by the date of the batch that wrote its summary (from the
    run record beside it), by the user's --compare-label, or – for a summary taken out of its folder
    – as an earlier evaluation with its file name."""
    import datetime as dt

    export = ROOT / "examples" / "batch-export.csv"
    first = tmp_path / "2025"
    assert run("batch", export, "-o", first, "--reports", "none").exit_code == 0
    today = dt.date.today().strftime("%d.%m.%Y")

    def heading(*options: str | Path) -> str:
        out = tmp_path / f"again{len(list(tmp_path.iterdir()))}"
        result = run("batch", export, "-o", out, "--reports", "none", "--lang", "de", *options)
        assert result.exit_code == 0, result.stderr
        html = (out / "index.html").read_text(encoding="utf-8")
        return re.search(r'<section id="trend">\s*<h2>([^<]*)</h2>', html).group(1)  # type: ignore[union-attr]

    summary_csv = first / "summary.csv"
    assert heading("--compare", summary_csv) == f"Veränderung seit der Auswertung vom {today}"
    labelled = heading("--compare", summary_csv, "--compare-label", "Erhebung <2025>")
    assert labelled == "Veränderung seit Erhebung &lt;2025&gt;"  # escaped like every input
    moved = tmp_path / "alt.csv"
    moved.write_bytes(summary_csv.read_bytes())
    assert heading("--compare", moved) == "Veränderung seit der früheren Auswertung (alt.csv)"
    # an edited summary is no longer the one the record lists: no date is claimed for it
    summary_csv.write_text(summary_csv.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert heading("--compare", summary_csv) == (
        "Veränderung seit der früheren Auswertung (summary.csv)"
    )


@pytest.mark.parametrize(("choice", "shown"), [("2", False), ("1", True)], ids=["none", "capped"])
def test_need_help_shows_capped_areas_only_where_a_foundation_caps(
    run: Run, tmp_path: Path, choice: str, shown: bool
) -> None:
    """The column "areas capped" of the municipalities that most need help is left out when it would
    be 0 in every row, and the introduction says so."""
    from .conftest import MINI

    export = tmp_path / "export.csv"
    export.write_text(
        "ags,name,population,a-choice,a-multi,a-yesno\n"
        f"01001000,Adorf,100,{choice},y|z,ja\n01002000,Bedorf,200,2,x,nein\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("batch", export, "-q", MINI, "-o", out, "--reports", "none", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="need-help">') : html.index('<section id="weakest">')]
    assert ("begrenzte Felder" in section) is shown, section
    ranking = (out / "ranking" / "sh.html").read_text(encoding="utf-8")
    marked = re.findall(r'<td class="num a c\d capped"[^>]*>(\d+)\*</td>', ranking)
    assert "Die Stufe dieses Handlungsfelds begrenzt eine fehlende Grundlage." in ranking
    if shown:
        assert "wie viele ihrer Handlungsfelder eine fehlende Grundlage begrenzt" in section
        assert '<td data-label="begrenzte Felder" class="num">1</td>' in section
        assert marked == ["75"]  # Adorf's alpha: 75 points, held at level 2 (the cell is marked)
    else:
        assert "bei keiner begrenzt eine fehlende Grundlage ein Handlungsfeld" in section
        assert marked == []
