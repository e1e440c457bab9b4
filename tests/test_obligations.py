"""`obligation` on a question: the legal duty behind it. An open duty (answered, not at full score) is
flagged in the JSON result, comes first in its roadmap phase with the level caps, and the reports list
open duties apart from maturity ("Offene Pflichtaufgaben"); the batch says the same as the single path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import MINI, Run
from .htmlcheck import parse

DUTY = "{de: 'Pflicht nach § 1 Mustergesetz', en: 'Duty under § 1 Model Act'}"


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    """The mini questionnaire with a legal duty on b-percent (effort low, like a-choice)."""
    text = MINI.read_text(encoding="utf-8").replace(
        "        recommendation: {de: Anteil erhöhen., en: Raise the share.}\n",
        f"        recommendation: {{de: Anteil erhöhen., en: Raise the share.}}\n"
        f"        obligation: {DUTY}\n",
    )
    assert "obligation" in text
    path = tmp_path / "duties.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ANSWERS = (
    "questionnaire: mini\nanswers:\n  a-choice: '0'\n  a-multi: [x]\n  a-yesno: ja\n"
    "  b-number: 50\n  b-percent: 90\n"
)


def test_an_open_duty_is_flagged_and_comes_first_in_its_phase(
    run: Run, tmp_path: Path, questionnaire: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    done = run("report", answers, "-q", questionnaire, "-f", "json", "-o", "-", "-l", "de")
    assert done.exit_code == 0, done.stderr
    recommendations = json.loads(done.stdout)["recommendations"]
    flags = {rec["question"]: rec["obligation"] for rec in recommendations}
    assert flags["b-percent"] is True
    assert not any(flag for question, flag in flags.items() if question != "b-percent")
    # by gain, a-choice (0 of 1) is far ahead of b-percent (0.9 of 1) ...
    gains = {rec["question"]: rec["gain"] for rec in recommendations}
    assert gains["a-choice"] > gains["b-percent"]
    # ... but in the roadmap the open duty comes first in the quick wins, then the rest by gain
    html = tmp_path / "r.html"
    assert run("report", answers, "-q", questionnaire, "-o", html, "-l", "de").exit_code == 0
    page = html.read_text(encoding="utf-8")
    quick = page[page.index('id="phase-quick_wins"') : page.index('id="phase-medium_term"')]
    assert quick.index("Anteil erhöhen.") < quick.index("Wahl verbessern.")
    assert "Pflichtaufgabe</span>" in quick
    # the open duty, apart from maturity, with its legal basis and the answer given
    (section,) = parse(page).find("section", id="duties")
    assert "Offene Pflichtaufgaben" in section.text
    assert "Pflicht nach § 1 Mustergesetz" in section.text
    assert "90\u00a0%" in section.text
    # page one names it once: among the next steps, tagged as a duty, not again in a list of duties
    (glance,) = parse(page).find("section", id="glance")
    (steps,) = parse(page).find("ol", class_="next-steps")
    assert "Anteil erhöhen." in steps.text
    assert "Pflichtaufgabe" in steps.text
    assert "Offene Pflichtaufgaben" not in glance.text
    md = run("report", answers, "-q", questionnaire, "-f", "md", "-o", "-", "-l", "de").stdout
    assert "## Offene Pflichtaufgaben" in md
    assert "| Pflicht nach § 1 Mustergesetz | Prozent (Beta) | 90" in md


def test_a_duty_at_full_score_is_not_open(run: Run, tmp_path: Path, questionnaire: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(ANSWERS.replace("b-percent: 90", "b-percent: 100"), encoding="utf-8")
    html = tmp_path / "r.html"
    assert run("report", answers, "-q", questionnaire, "-o", html, "-l", "de").exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert 'id="duties"' not in page
    assert "Offene Pflichtaufgaben" not in page


def test_batch_flags_duties_as_the_single_path_does(
    run: Run, tmp_path: Path, questionnaire: Path
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "ags,municipality,a-choice,a-multi,a-yesno,b-number,b-percent\n"
        "01001000,Eins,0,x,ja,50,90\n"
        '01002000,Zwei,2,"x,y",nein,5,100\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = run("batch", export, "-q", questionnaire, "-o", out, "--reports", "none", "-l", "de")
    assert done.exit_code == 0, done.stderr
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    first = {rec["question"]: rec["obligation"] for rec in lines[0]["recommendations"]}
    assert first["b-percent"] is True
    assert all(not rec["obligation"] for rec in lines[1]["recommendations"])  # 100 %: not open
    single = tmp_path / "eins.yaml"
    single.write_text(
        "questionnaire: mini\nmunicipality: {name: Eins, ags: '01001000'}\nanswers:\n"
        "  a-choice: '0'\n  a-multi: [x]\n  a-yesno: ja\n  b-number: 50\n  b-percent: 90\n",
        encoding="utf-8",
    )
    alone = json.loads(
        run("report", single, "-q", questionnaire, "-f", "json", "-o", "-", "-l", "de").stdout
    )
    assert lines[0]["recommendations"] == alone["recommendations"]


def test_show_and_template_name_the_duty(run: Run, tmp_path: Path, questionnaire: Path) -> None:
    doc = run("show", questionnaire, "-f", "md", "-o", "-", "--lang", "de").stdout
    assert "*Pflichtaufgabe:* Pflicht nach § 1 Mustergesetz" in doc
    template = tmp_path / "t.yaml"
    assert run("template", "-q", questionnaire, "-o", template, "--lang", "en").exit_code == 0
    assert "  # legal duty: Duty under § 1 Model Act" in template.read_text(encoding="utf-8")
