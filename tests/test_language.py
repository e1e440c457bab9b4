"""German first: every command speaks German unless told otherwise (``--lang en`` or
``MATURITY_LANG=en``), messages included, and English is complete."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.cli.app import app
from maturity.i18n import LANGUAGE_VARIABLE

from .conftest import DATA, EXAMPLES, MINI, Run

ENGLISH_WORDS = re.compile(
    r"\b(expected|unknown|missing|cannot|got|rows|columns|not used|warning)\b"
)
"""Words of an English message that a German one never contains."""
GERMAN_WORDS = re.compile(r"\b(erwartet|unbekannt|fehlt|gefunden|Zeilen|Spalten|Warnung)\b")


def words(text: str) -> str:
    """The words of messages, without what they quote (ids, values, file names, key paths)."""
    text = re.sub(r"'[^'\n]*'", "", text)
    return re.sub(r"\S*[-_/.]\S*", "", text)


def commands() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


@pytest.mark.parametrize("command", commands())
def test_every_command_takes_lang(command: str, run: Run) -> None:
    result = run(command, "--lang", "en", "--help")
    assert result.exit_code == 0, result.stderr
    assert "--lang" in result.stdout


def test_german_is_the_default(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LANGUAGE_VARIABLE)
    bad = DATA / "invalid" / "answers-errors.yaml"
    result = run("validate", "-q", MINI, bad)
    assert result.exit_code == 1
    assert "unbekannte Fragen-ID 'c-unknown' im Fragebogen 'mini'" in result.stderr
    assert not ENGLISH_WORDS.search(words(result.stderr))


def test_the_environment_and_the_option_choose_the_language(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = DATA / "invalid" / "answers-errors.yaml"
    monkeypatch.setenv(LANGUAGE_VARIABLE, "de")
    assert "unbekannte Fragen-ID" in run("validate", "-q", MINI, bad).stderr
    assert "unknown question id" in run("validate", "-q", MINI, bad, "--lang", "en").stderr
    monkeypatch.setenv(LANGUAGE_VARIABLE, "en")
    assert "unknown question id" in run("validate", "-q", MINI, bad).stderr
    assert "unbekannte Fragen-ID" in run("validate", "-q", MINI, bad, "-l", "de").stderr


@pytest.mark.slow
def test_a_batch_speaks_german_from_the_first_line_to_the_last(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    lines = (EXAMPLES / "batch-export.csv").read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("strategie-beschluss", "strategie-beschlus") + ",extra"
    lines[1:] = [f"{line},x" for line in lines[1:]]
    lines[5] = lines[5].replace("09000000,", ",", 1)  # a row without a municipality
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("batch", export, "-o", tmp_path / "out", "--reports", "none", "--lang", "de")
    assert result.exit_code == 1
    text = result.stderr.replace(str(export), "EXPORT").replace(str(tmp_path), "OUT")
    assert not ENGLISH_WORDS.search(words(text)), text
    assert "CSV (Komma, utf-8): 113 Spalten" in text
    assert "aus 599 von 600 Zeilen" in text
    assert "1 Zeile abgelehnt" in text
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    assert "Kennung der Kommune fehlt" in errors
    overview = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Quelle: CSV, 600 Zeilen, 113 Spalten" in overview  # no encoding names for readers
    english = run("batch", export, "-o", tmp_path / "en", "--reports", "none", "--lang", "en")
    assert not GERMAN_WORDS.search(words(english.stderr))
    assert "missing municipality id" in (tmp_path / "en" / "errors.csv").read_text("utf-8")


def test_refusals_of_the_command_line_are_german(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("x", encoding="utf-8")
    refused = run("template", "-o", target, "--lang", "de")
    assert refused.exit_code == 1
    assert "die Datei gibt es schon; mit --force wird sie überschrieben" in refused.stderr
    same = run("report", EXAMPLES / "musterstadt.yaml", "-o", EXAMPLES / "musterstadt.yaml")
    assert same.exit_code == 1
    assert "refusing to write over it" in same.stderr
    missing = run("score", tmp_path / "nichts.yaml", "--lang", "de")
    assert "Datei nicht gefunden" in missing.stderr


def maturity_process(*args: str, lang: str = "de") -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it (usage errors are shown by its entry point)."""
    return subprocess.run(
        [sys.executable, "-m", "maturity", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, LANGUAGE_VARIABLE: lang},
    )


@pytest.mark.parametrize(
    ("args", "german", "english"),
    [
        (
            ["batch", "x.csv"],
            "Fehler: es fehlt die Option '--output' / '-o'",
            "Error: missing option '--output' / '-o'",
        ),
        (
            ["batch", "x.csv", "-o", "out", "--lnag", "en"],
            "Fehler: unbekannte Option --lnag (meinten Sie --lang oder --plan?)",
            "Error: no such option --lnag (did you mean --lang or --plan?)",
        ),
        (
            ["report", "a.yaml", "-f", "xml"],
            "Fehler: ungültiger Wert für '--format' / '-f': 'xml' ist keiner der Werte 'md', "
            "'html', 'json', 'pdf'",
            "Error: invalid value for '--format' / '-f': 'xml' is not one of 'md', 'html', "
            "'json', 'pdf'",
        ),
        (["nope"], "Fehler: unbekannter Befehl 'nope'", "Error: no such command 'nope'"),
    ],
)
def test_usage_errors_speak_the_users_language(args: list[str], german: str, english: str) -> None:
    for lang, expected in (("de", german), ("en", english)):
        result = maturity_process(*args, lang=lang)
        assert result.returncode == 2
        assert expected in result.stderr
        assert ("Aufruf: maturity" if lang == "de" else "Usage: maturity") in result.stderr
        assert "Traceback" not in result.stderr
    assert "Hilfe: maturity" in maturity_process(*args).stderr


def test_the_entry_point_keeps_exit_codes_and_help() -> None:
    assert maturity_process("--version").returncode == 0
    assert maturity_process("list", "--help").returncode == 0
    assert maturity_process().returncode == 2  # no command: the help, as before
    bare = maturity_process()
    assert "Befehle" in bare.stderr + bare.stdout
    bare = maturity_process(lang="en")
    assert "Commands" in bare.stderr + bare.stdout
    assert maturity_process("validate", "nichts.yaml").returncode == 1


def test_an_error_crosses_a_process_boundary_whole() -> None:
    """Report workers run in other processes; their errors are pickled back to the command."""
    import pickle

    from maturity.errors import MaturityError, Problem
    from maturity.i18n import Text, set_language

    error = MaturityError([Problem("a.yaml", 3, 4, Text("kaputt", "broken"), severity="warning")])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems
    set_language("de")
    assert str(copy) == "a.yaml:3:4: Warnung: kaputt"


def test_help_speaks_the_users_language_through_typers_own_hooks() -> None:
    """Every fixed word of a help screen: the usage line, section titles, [erforderlich], the
    defaults, the help and completion options – German by default, English with --lang en."""

    def help_of(*args: str, lang: str = "") -> str:
        env = (
            {**os.environ, "MATURITY_LANG": lang}
            if lang
            else {k: v for k, v in os.environ.items() if k != "MATURITY_LANG"}
        )
        return subprocess.run(
            ["maturity", *args], capture_output=True, text=True, env=env, check=True
        ).stdout

    german = help_of("score", "--help")
    for word in ("Aufruf: maturity score [OPTIONEN]", "Argumente:", "Optionen:", "[erforderlich]",
                 "Standard: de]", "[Umgebungsvariable:", "Diese Hilfe zeigen und beenden."):  # fmt: skip
        assert word in german, word
    assert not ENGLISH_WORDS.search(words(german.split("/")[0])), german
    top = help_of("--help")
    assert "Aufruf: maturity [OPTIONEN] BEFEHL [ARGUMENTE]..." in top
    assert "Befehle:" in top
    assert "Vervollständigung für die aktuelle Shell einrichten." in top
    english = help_of("score", "--help", "--lang", "en")
    for word in ("Usage: maturity score [OPTIONS]", "Arguments:", "Options:", "[required]",
                 "Show this message and exit."):  # fmt: skip
        assert word in english, word
    assert "Usage: maturity [OPTIONS] COMMAND [ARGS]..." in help_of("--help", lang="en")


def test_the_compiled_catalogue_is_the_one_its_source_gives() -> None:
    from maturity.cli.helpwords import LOCALE, compile_catalogue, parse_catalogue

    folder = LOCALE / "de" / "LC_MESSAGES"
    source = parse_catalogue((folder / "maturity-cli.po").read_text(encoding="utf-8"))
    assert (folder / "maturity-cli.mo").read_bytes() == compile_catalogue(source)
    assert source["[required]"] == "[erforderlich]"
