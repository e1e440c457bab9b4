"""The real `maturity assess` in a pseudo-terminal (pexpect): full run, going back, na and unknown,
invalid numbers re-asked, Ctrl-C and --resume."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from maturity.load.answers import load_answers
from maturity.load.catalogue import load_questionnaire
from maturity.scoring.single import score_answers

from .conftest import EXAMPLES, MINI, Run

DOWN, BACKSPACE, CTRL_C = "\x1b[B", "\x7f", "\x03"


def terminal_environment() -> dict[str, str]:
    """A plain terminal; the test session's cache of parsed questionnaires, not the user's."""
    return {
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "MATURITY_CACHE_DIR": os.environ.get("MATURITY_CACHE_DIR", ""),
    }


def spawn(*args: str | Path) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "maturity", *[str(a) for a in args]],
        encoding="utf-8",
        timeout=20,
        dimensions=(60, 140),
        env=terminal_environment(),
    )
    return child


def municipality(child: pexpect.spawn) -> None:
    child.expect("Name der Kommune")
    child.send("\r")  # empty is not accepted
    child.expect("Bitte einen Namen eingeben")
    child.send("Prüfdorf\r")
    child.expect("Gemeindeschlüssel")
    child.send("123\r")
    child.expect("genau 8 Ziffern")
    child.send(BACKSPACE * 3 + "1001000\r")  # a key copied from a spreadsheet that lost its 0
    child.expect("um die führende 0 ergänzt: 01001000")
    child.expect("Einwohnerzahl")
    child.send("2.500\r")  # German thousands separator, as in XLSX and batch
    child.expect("Land:")
    child.send("\r")  # no state given
    child.expect("Wer füllt")
    child.send("Hauptamt\r")


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


@pytest.mark.slow
def test_full_run_with_back_na_unknown_and_invalid_numbers(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    child = spawn("assess", "-q", MINI, "-o", target)
    municipality(child)
    child.expect("Frage 1/7")
    child.send("2\r")  # second option: "teils"
    child.expect("Frage 2/7")
    child.send("1\r")  # tick options ...
    child.expect("ankreuzen")
    child.send(" " + DOWN + " \r")  # x and y
    child.expect("Frage 3/7")
    child.send("z\r")  # back
    child.expect("Frage 2/7")
    child.expect("Bisherige Antwort: X, Y")
    child.send("1\r")
    child.expect("ankreuzen")
    child.send("\r")  # keep x and y
    child.expect("Frage 3/7")
    child.send("h\r")  # help: there is none
    child.expect("keinen Hinweis")
    child.expect("Frage 3/7")
    child.send("n\r")  # nicht zutreffend
    child.expect("Frage 4/7")
    child.send("abc\r")
    child.expect("Bitte eine Zahl")
    child.send(BACKSPACE * 3 + "2000\r")  # above the maximum of 1000: the prompt stays
    assert child.expect(["Frage 5/7", pexpect.TIMEOUT], timeout=1.5) == 1
    child.send(BACKSPACE * 4 + "50\r")
    child.expect("Frage 5/7")
    child.send("\r")  # empty: the menu
    child.expect("Was möchten Sie tun")
    child.send("w\r")  # weiß nicht
    child.expect("Frage 6/7")
    child.send("62,5\r")
    child.expect("Frage 7/7")
    child.send("frei\r")
    child.expect("Alle Fragen sind beantwortet")
    child.expect("Gesamt:")
    child.expect("maturity report")
    finish(child)
    assert child.exitstatus == 0

    questionnaire = load_questionnaire(MINI)
    answers, _, warnings = load_answers(target, questionnaire)
    assert warnings == []
    assert answers.municipality.name == "Prüfdorf"
    assert answers.municipality.ags == "01001000"
    assert answers.municipality.population == 2500
    assert answers.assessor == "Hauptamt"
    result = score_answers(questionnaire, answers)
    states = {q.id: (q.state, q.score) for q in result.questions}
    assert states == {
        "a-choice": ("scored", 0.5),
        "a-multi": ("scored", 0.75),
        "a-yesno": ("na", None),
        "b-number": ("scored", 0.5),
        "b-linear": ("unknown", 0.0),
        "b-percent": ("scored", 0.625),
    }
    assert answers.answers["b-note"].value == "frei"


@pytest.mark.slow
def test_interrupted_run_leaves_a_valid_file_and_resumes(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    child = spawn("assess", "-q", MINI, "-o", target)
    municipality(child)
    child.expect("Frage 1/7")
    child.send("3\r")
    child.expect("Frage 2/7")
    child.send("s\r")  # skip
    child.expect("Frage 3/7")
    child.send("1\r")  # ja
    child.expect("Frage 4/7")
    child.send(CTRL_C)
    out = finish(child)
    assert child.exitstatus == 130
    assert "--resume" in out
    questionnaire = load_questionnaire(MINI)
    saved, _, _ = load_answers(target, questionnaire)
    assert {k: v.value for k, v in saved.answers.items()} == {"a-choice": "2", "a-yesno": True}

    refused = spawn("assess", "-q", MINI, "-o", target)
    out = finish(refused)
    assert refused.exitstatus == 1
    assert "--resume" in out
    assert "--force" in out

    # targets set by hand in between are kept by the resumed session
    target.write_text(
        target.read_text(encoding="utf-8").replace("\nanswers:", "\ntargets: {alpha: 3}\nanswers:"),
        encoding="utf-8",
    )
    resumed = spawn("assess", "-q", MINI, "-o", target, "--resume")
    resumed.expect("Frage 2/7")  # the first open question; the municipality is not asked again
    resumed.send("1\r")
    resumed.expect("ankreuzen")
    resumed.send(" \r")
    resumed.expect("Frage 4/7")  # a-yesno was answered before
    resumed.send("\r")  # an empty number opens the menu ...
    resumed.expect("Was möchten Sie tun")
    resumed.send("b\r")  # ... save and quit
    out = finish(resumed)
    assert resumed.exitstatus == 0
    assert "4 Fragen sind noch offen" in out
    saved, _, _ = load_answers(target, questionnaire)
    assert saved.municipality.name == "Prüfdorf"
    assert saved.answers["a-multi"].value == ("x",)
    assert dict(saved.targets) == {"alpha": 3}


@pytest.mark.slow
def test_comment_and_english(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    child = spawn("assess", "-q", MINI, "-o", target, "--lang", "en")
    child.expect("Name of the municipality")
    child.send("Testtown\r\r\r\r\r")  # name, then AGS, population, state and assessor left empty
    child.expect("question 1/7")
    child.send("c\r")
    child.expect("Comment")
    child.send("Council decision pending\r")
    child.expect("Evidence")
    child.send("https://example.org/minutes\r")
    child.expect("question 1/7")
    child.send("1\r")
    child.expect("question 2/7")
    child.send("q\r")
    finish(child)
    assert child.exitstatus == 0
    saved, _, _ = load_answers(target, load_questionnaire(MINI))
    answer = saved.answers["a-choice"]
    assert (answer.value, answer.comment, answer.evidence) == (
        "0",
        "Council decision pending",
        "https://example.org/minutes",
    )


@pytest.mark.slow
@pytest.mark.parametrize("flag", ["--force"])
def test_force_starts_over(tmp_path: Path, flag: str) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("questionnaire: mini\nanswers:\n  a-choice: '2'\n", encoding="utf-8")
    child = spawn("assess", "-q", MINI, "-o", target, flag)
    municipality(child)
    child.expect("Frage 1/7")
    child.send("b\r")
    finish(child)
    saved, _, _ = load_answers(target, load_questionnaire(MINI))
    assert saved.answers == {}


def test_a_second_session_on_the_same_file_is_refused(run: Run, tmp_path: Path) -> None:
    """Two `assess --resume` on one file: the last writer would win, so the second is refused."""
    from maturity.output.files import FileLock

    answers = tmp_path / "answers.yaml"
    answers.write_text("questionnaire: schnellcheck-kommune\nanswers: {}\n", encoding="utf-8")
    held = FileLock(answers)
    assert held.acquire()
    try:
        result = run(
            "assess", "-q", "schnellcheck-kommune", "-o", answers, "--resume", "--lang", "de"
        )
        assert result.exit_code == 1
        assert result.stderr == (
            f"{answers}: an dieser Datei arbeitet gerade ein anderes 'maturity assess'; beenden "
            "Sie es dort zuerst (sonst gingen dessen Antworten verloren)\n"
        )
    finally:
        held.release()
    assert not (tmp_path / ".answers.yaml.lock").exists()
    assert FileLock(answers).acquire()  # free again


@pytest.mark.slow
def test_long_questions_wrap_enter_skips_a_text_and_back_shows_the_typed_number(
    tmp_path: Path,
) -> None:
    long_text = (
        "Welcher Anteil der Beschäftigten hat in den letzten zwölf Monaten an einer Schulung zur "
        "Informationssicherheit teilgenommen, gezählt nach Köpfen und nicht nach Stellen, "
        "einschließlich der Auszubildenden Schlusswort"
    )
    adapted = tmp_path / "mini.yaml"
    adapted.write_text(
        MINI.read_text(encoding="utf-8").replace(
            "text: {de: Prozent, en: Percent}",
            f"text: {{de: '{long_text}', en: Percent}}\n"
            "        answered_by: {de: Personalamt, en: HR department}",
        ),
        encoding="utf-8",
    )
    target = tmp_path / "answers.yaml"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "maturity", "assess", "-q", str(adapted), "-o", str(target)],
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 60),  # a narrow terminal
        env=terminal_environment(),
    )
    child.expect(
        r"bis zu 6 bewertete\s+Fragen\s+in\s+2\s+Handlungsfeldern"
    )  # as `maturity list` counts
    municipality(child)
    child.expect(r"Für Ihre Kommune: 7 Fragen in\s+2\s+Handlungsfeldern,\s+7\s+davon\s+offen")
    child.expect("Frage 1/7")
    child.send("2\r")
    child.expect("Frage 2/7")
    child.send("s\r")
    child.expect("Frage 3/7")
    child.send("1\r")
    child.expect("Frage 4/7")
    child.send("\r")  # Enter without a number: the menu ...
    child.expect("Was möchten Sie tun")
    child.expect("Zahl eingeben")
    child.send("e\r")  # ... and back to typing
    child.expect("Frage 4/7")
    child.send("50\r")
    child.expect("Frage 5/7")
    child.send("12\r")
    child.expect("Frage 6/7")
    child.expect("Antwort kennt meist: Personalamt")  # whom to ask
    child.expect("Schlusswort")  # the whole text, wrapped, not cut at the terminal's width
    child.send("62,5\r")
    child.expect("Frage 7/7")
    child.send("?\r")  # the menu of a text question
    child.expect("Was möchten Sie tun")
    child.send("z\r")  # back
    child.expect("Frage 6/7")
    child.expect("Bisherige Antwort: 62,5")
    child.expect("62,5")  # the prompt offers the number as it was typed
    child.send("\r")
    child.expect("Frage 7/7")
    child.send("\r")  # Enter on an optional text moves on instead of opening a menu
    child.expect("Fragen sind noch offen")
    finish(child)
    assert child.exitstatus == 0
    saved = target.read_text(encoding="utf-8")
    assert 'a-choice: "1"  # teils' in saved
    answers, _, warnings = load_answers(target, load_questionnaire(adapted))
    assert warnings == []
    assert answers.answers["b-percent"].value == 62.5
    assert "b-note" not in answers.answers


def test_targets_are_asked_at_the_end_and_saved(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(
        "questionnaire: mini\nmunicipality: {name: Zieldorf}\ntargets: {beta: 2}\nanswers:\n"
        "  a-choice: '2'\n  a-multi: [x]\n  a-yesno: ja\n  b-number: 50\n  b-linear: 10\n"
        "  b-percent: 40\n  b-note: fertig\n",
        encoding="utf-8",
    )
    child = spawn("assess", "-q", MINI, "-o", target, "--resume", "--targets")
    child.expect("Ziele: Welche Stufe")
    child.expect("Zielstufe für Alpha")
    child.send("3\r")
    child.expect("Zielstufe für Beta")  # the file's target is offered first; 0 removes it
    child.send("0\r")
    finish(child)
    assert child.exitstatus == 0
    saved, _, _ = load_answers(target, load_questionnaire(MINI))
    assert dict(saved.targets) == {"alpha": 3}


@pytest.mark.slow
def test_the_profile_comes_first_and_routes_the_questions(tmp_path: Path) -> None:
    """A Gemeinde in an Amt without its own IT: vehicle registration, the own data centre and the
    digital team are never asked, and the Kreis's services are not offered to tick."""
    from .test_routing import ROUTED

    target = tmp_path / "answers.yaml"
    child = spawn("assess", "-q", ROUTED, "-o", target)
    municipality(child)  # 2,500 inhabitants
    child.expect("nicht bewertet")
    child.expect("Art der Körperschaft")
    child.send("2\r")  # the first option after "keine Angabe": Gemeinde in einem Amt
    child.expect("eigene IT")
    child.send("3\r")  # nein
    child.expect("Beschäftigte")
    child.send("12\r")
    child.expect("Für Ihre Kommune: 3 Fragen in")
    child.expect("Frage 1/3")
    child.send("2\r")  # in Arbeit
    child.expect("Frage 2/3")
    child.expect("Welche Dienste")
    child.send("1\r")
    child.expect("ankreuzen")
    child.expect("Meldewesen")
    assert "Bauantrag" not in child.before + child.after
    child.send(" \r")  # Meldewesen
    child.expect("Frage 3/3")
    child.expect("Schulungen")
    child.send("1\r")
    child.expect("Alle Fragen sind beantwortet")
    finish(child)
    assert child.exitstatus == 0
    questionnaire = load_questionnaire(ROUTED)
    answers, _, warnings = load_answers(target, questionnaire)
    assert warnings == []
    assert dict(answers.profile) == {
        "traeger": "amtsgemeinde",
        "eigene-it": "no",
        "beschaeftigte": 12.0,
    }
    assert "  eigene-it: nein\n" in target.read_text(encoding="utf-8")  # the file's language
    result = score_answers(questionnaire, answers)
    assert result.question_index["a-zulassung"].state == "na"
    assert result.question_index["a-services"].score == 1.0
    assert [r.question for r in result.recommendations] == ["b-schulungen", "a-plan"]


def test_an_input_that_ends_saves_and_says_how_to_go_on(run: Run, tmp_path: Path) -> None:
    """A piped or closed input (no more answers to read) is no internal error: what was answered is
    kept, and the resume command is shown."""
    answers = tmp_path / "mustertal.yaml"
    answers.write_bytes((EXAMPLES / "stadt-mustertal.yaml").read_bytes())
    before = answers.read_text(encoding="utf-8")
    result = run("assess", "-o", answers, "--resume", "--lang", "de")
    assert result.exit_code == 1
    assert "Die Eingabe ist zu Ende" in result.stdout
    assert "--resume" in result.stdout.splitlines()[-1]
    assert "interner Fehler" not in result.stdout + result.stderr
    assert run("validate", answers).exit_code == 0
    assert answers.read_text(encoding="utf-8").count("answers:") == before.count("answers:")
