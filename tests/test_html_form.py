"""The offline HTML form as a town hall uses it: opened from disk in Chromium, filled in as an
Amt-Gemeinde and as a kreisfreie Stadt, routed exactly as maturity routes, saved as an answers file
that `report` scores like the same answers typed in YAML, reopened where it was left, loaded from a
file; nothing leaves the file, nothing fails in the console, every field has a name."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from maturity.load.catalogue import load_questionnaire
from maturity.model import Municipality, Questionnaire
from maturity.routing import facts_of, routed

from .browser import click, opened, shown_questions, start_chrome, type_into
from .conftest import EXAMPLES, Run, run_cli

QUESTIONNAIRE = "digitalcheck-kommune"


@pytest.fixture(scope="module")
def digitalcheck() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE)


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("form") / "digitalcheck.html"
    result = run_cli("export-form", "-f", "html", "-o", path)
    assert result.exit_code == 0, result.stderr
    return path


def test_the_form_is_one_file_whose_one_script_its_policy_allows(
    form: Path, digitalcheck: Questionnaire
) -> None:
    html = form.read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1  # the data block is JSON, which no browser runs
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing fetched from anywhere
    raw = re.search(
        r'<script type="application/json" id="questionnaire">(.*?)</script>', html, re.S
    )
    assert raw
    assert "</" not in raw.group(1)  # no text of the questionnaire can end the element
    data = json.loads(raw.group(1))
    # routing is the questionnaire's own conditions, as data
    questions = {q["id"]: q for area in data["areas"] for q in area["questions"]}
    assert list(questions) == [q.id for q in digitalcheck.questions]
    for question in digitalcheck.questions:
        conditions = questions[question.id]["appliesIf"]
        assert [(c["key"], tuple(c["options"] or ()), c["low"], c["high"]) for c in conditions] == [
            (c.key, c.options, c.low, c.high) for c in question.applies_if
        ]


# --- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def chrome(downloads: Path) -> Iterator[Any]:
    driver = start_chrome(downloads)
    yield driver
    driver.quit()


def shown_options(chrome: Any, qid: str) -> list[str]:
    return list(
        chrome.execute_script(
            f"return Array.from(document.querySelectorAll('#f-{qid} .choice'))"
            ".filter(c => !c.hidden).map(c => c.getAttribute('data-option'))"
        )
    )


PROFILES = {
    "amt-gemeinde": (
        {"name": "Gemeinde Kleinmusterdorf", "ags": "12065999", "population": "3.100"},
        {
            "traeger": "ortsgemeinde",
            "it-betrieb": "dienstleister",
            "schultraeger": "yes",
            "oepnv": "no",
        },
    ),
    "kreisfreie-stadt": (
        {"name": "Musterstadt", "ags": "09162999", "population": "300000"},
        {
            "traeger": "kreisfreie-stadt",
            "it-betrieb": "eigen",
            "schultraeger": "yes",
            "oepnv": "yes",
        },
    ),
}


def fill_profile(chrome: Any, municipality: dict[str, str], profile: dict[str, str]) -> None:
    for key, value in municipality.items():
        type_into(chrome, f"m-{key}", value)
    for qid, value in profile.items():
        click(chrome, f"p-{qid}--{value}")


def routed_ids(
    q: Questionnaire, municipality: dict[str, str], profile: dict[str, str]
) -> dict[str, list[str]]:
    population = float(municipality["population"].replace(".", ""))
    facts = facts_of(profile, Municipality(ags=municipality["ags"], population=population))
    asked = {}
    for question in q.questions:
        put = routed(question, facts)
        if put is not None:
            asked[question.id] = [o.id for o in put.options]
    return asked


def answer_everything(chrome: Any, q: Questionnaire, asked: dict[str, list[str]]) -> dict[str, Any]:
    """Answer each question that is shown, in a fixed pattern, and return the same answers as an
    answers file's ``answers`` would have them."""
    typed: dict[str, Any] = {}
    for n, qid in enumerate(asked):
        question = q.question_index[qid]
        options = asked[qid]
        if question.type == "choice":
            if n % 7 == 3:
                click(chrome, f"q-{qid}--unknown")
                typed[qid] = "unknown"
            else:
                choice = options[n % len(options)]
                click(chrome, f"q-{qid}--{choice}")
                typed[qid] = choice
        elif question.type == "multi":
            picked = [o.id for o in question.options if o.id in options and not o.exclusive][:2]
            for option in picked:
                click(chrome, f"q-{qid}--{option}")
            typed[qid] = picked
        elif question.type in ("number", "percent"):
            low = question.minimum or 0
            type_into(chrome, f"q-{qid}", f"{low + 12.5:g}".replace(".", ","))
            typed[qid] = low + 12.5
        else:
            type_into(chrome, f"q-{qid}", "Notiz mit „Anführung“ und: Doppelpunkt")
            typed[qid] = "Notiz mit „Anführung“ und: Doppelpunkt"
    return typed


def saved_file(chrome: Any, downloads: Path) -> Path:
    """What "Antworten speichern" downloads (into an emptied folder: the browser may overwrite a
    file of the same name)."""
    for old in downloads.iterdir():
        old.unlink()
    click(chrome, "save")
    for _ in range(100):
        done = list(downloads.glob("*.yaml"))
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError("the form saved no file")


def report_json(run: Run, path: Path) -> dict[str, Any]:
    result = run("report", path, "-f", "json", "-o", "-", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def console_errors(chrome: Any) -> list[str]:
    return [entry["message"] for entry in chrome.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(PROFILES))
def test_filled_in_saved_and_scored_like_the_same_answers_in_yaml(
    chrome: Any,
    form: Path,
    downloads: Path,
    digitalcheck: Questionnaire,
    run: Run,
    tmp_path: Path,
    kind: str,
) -> None:
    municipality, profile = PROFILES[kind]
    opened(chrome, form)
    fill_profile(chrome, municipality, profile)
    asked = routed_ids(digitalcheck, municipality, profile)
    # the form shows what maturity asks this municipality, option by option
    assert shown_questions(chrome) == list(asked)
    for qid, options in asked.items():
        if digitalcheck.question_index[qid].type == "multi":
            assert [o for o in shown_options(chrome, qid) if o not in ("unknown", "na")] == options
    typed = answer_everything(chrome, digitalcheck, asked)
    first = next(iter(asked))
    click(chrome, f"q-{first}--unknown") if digitalcheck.question_index[
        first
    ].type == "choice" else None
    comment_of = next(qid for qid in asked if digitalcheck.question_index[qid].type == "choice")
    chrome.execute_script(f"document.querySelector('#f-{comment_of} details').open = true")
    type_into(chrome, f"c-{comment_of}", 'Beschluss vom 3.5.; "Entwurf" liegt vor')
    type_into(chrome, f"v-{comment_of}", "https://ratsinfo.example/vorlage/17")
    if digitalcheck.question_index[first].type == "choice":
        typed[first] = "unknown"
    total = chrome.execute_script("return document.getElementById('progress-text').textContent")
    assert total == f"{len(asked)} von {len(asked)} Fragen beantwortet"
    saved = saved_file(chrome, downloads)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith(f"# {QUESTIONNAIRE} 2.1: Antworten aus dem Formular von maturity")
    # the same answers typed as YAML
    typed_answers: dict[str, Any] = dict(typed)
    typed_answers[comment_of] = {
        "answer": typed[comment_of],
        "comment": 'Beschluss vom 3.5.; "Entwurf" liegt vor',
        "evidence": "https://ratsinfo.example/vorlage/17",
    }
    by_hand = tmp_path / "by-hand.yaml"
    by_hand.write_text(
        yaml.safe_dump(
            {
                "questionnaire": QUESTIONNAIRE,
                "questionnaire_version": "2.1",
                "municipality": {
                    "name": municipality["name"],
                    "ags": municipality["ags"],
                    "population": int(municipality["population"].replace(".", "")),
                },
                "profile": {k: {"yes": "ja", "no": "nein"}.get(v, v) for k, v in profile.items()},
                "answers": typed_answers,
            },
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    from_form, from_yaml = report_json(run, saved), report_json(run, by_hand)
    assert from_form == from_yaml
    assert from_form["overall"]["score"] is not None
    # the file works for score and for assess --resume as it is
    assert run("score", saved).exit_code == 0
    assert run("validate", saved).exit_code == 0
    resumed = run("assess", "-o", saved, "--resume", "--lang", "de")  # nothing left to ask
    assert resumed.exit_code == 0, resumed.stdout + resumed.stderr
    assert f"{len(asked)} Fragen in " in resumed.stdout
    assert report_json(run, saved) == from_yaml  # and it left the answers as they were
    assert console_errors(chrome) == []
    assert chrome.execute_script("return performance.getEntriesByType('resource').length") == 0


@pytest.mark.slow
def test_reopened_it_continues_and_a_saved_file_loads(
    chrome: Any, form: Path, downloads: Path, run: Run
) -> None:
    opened(chrome, form)
    fill_profile(chrome, *PROFILES["amt-gemeinde"])
    click(chrome, "q-strategie-beschluss--entwurf")
    progress = chrome.execute_script("return document.getElementById('progress-text').textContent")
    chrome.refresh()  # closed and opened again: everything is still there
    assert chrome.execute_script(
        "return document.getElementById('q-strategie-beschluss--entwurf').checked"
    )
    assert chrome.execute_script("return document.getElementById('m-ags').value") == "12065999"
    assert (
        chrome.execute_script("return document.getElementById('progress-text').textContent")
        == progress
    )
    # an answers file written by hand (comments, plain words, flow lists) loads, and saved again it
    # scores as the file itself does
    example = EXAMPLES / "gemeinde-kleinmusterdorf.yaml"
    opened(chrome, form)
    from selenium.webdriver.common.by import By

    chrome.find_element(By.ID, "load").send_keys(str(example))
    for _ in range(50):
        if "Geladen" in chrome.find_element(By.ID, "notice").text:
            break
        time.sleep(0.1)
    assert chrome.find_element(By.ID, "notice").text.startswith("Geladen")
    saved = saved_file(chrome, downloads)
    again, original = report_json(run, saved), report_json(run, example)
    assert again["overall"] == original["overall"]
    assert again["areas"] == original["areas"]
    assert [q["id"] for q in again["questions"] if q.get("comment")] == [
        q["id"] for q in original["questions"] if q.get("comment")
    ]
    assert console_errors(chrome) == []


@pytest.mark.slow
def test_both_languages_and_every_field_named(chrome: Any, form: Path) -> None:
    from selenium.webdriver.common.by import By

    opened(chrome, form)
    legend = chrome.find_element(By.CSS_SELECTOR, "#f-strategie-beschluss legend").text
    chrome.find_element(By.CSS_SELECTOR, 'button[lang="en"]').click()
    english = chrome.find_element(By.CSS_SELECTOR, "#f-strategie-beschluss legend").text
    assert legend != english
    assert chrome.execute_script("return document.documentElement.lang") == "en"
    assert "questions answered" in chrome.find_element(By.ID, "progress-text").text
    unnamed = chrome.execute_script(
        """
        return Array.from(document.querySelectorAll('input, select, textarea')).filter(e => {
          if (e.type === 'file') { return !document.querySelector('label[for="' + e.id + '"]'); }
          if (e.getAttribute('aria-label')) { return false; }
          return !e.id || !document.querySelector('label[for="' + e.id + '"]');
        }).map(e => e.id || e.name);
        """
    )
    assert unnamed == []
    ids = chrome.execute_script(
        "return Array.from(document.querySelectorAll('[id]')).map(e => e.id)"
    )
    assert len(ids) == len(set(ids))
    questions = chrome.execute_script(
        "return Array.from(document.querySelectorAll('fieldset.question'))"
        ".filter(f => !f.querySelector(':scope > legend')).length"
    )
    assert questions == 0
    chrome.set_window_size(390, 900)
    width = chrome.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390
    chrome.set_window_size(1280, 1000)
    assert console_errors(chrome) == []
