"""`maturity init`: an editable copy of a bundled questionnaire, with an id of its own, the version
reset, a schema header for editors, and the adapt -> validate -> use with -q workflow."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from maturity.load.catalogue import bundled_paths

from .conftest import Run


@pytest.mark.slow
def test_a_copy_is_valid_and_used_with_q(run: Run, tmp_path: Path) -> None:
    copy = tmp_path / "Kreis Beispiel.yaml"
    made = run("init", "-q", "schnellcheck-kommune", "-o", copy, "--lang", "de")
    assert made.exit_code == 0, made.stderr
    text = copy.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=./maturity-questionnaire.schema.json"
    assert lines[1].startswith("# Angepasst aus 'schnellcheck-kommune'")
    # the bundled file's notes for its maintainers are not copied
    assert not lines[3].startswith("#")
    assert "\\x0a" not in made.stderr
    assert f"Anpassen, dann prüfen: maturity validate {copy}\n" in made.stderr
    data = yaml.safe_load(text)
    assert data["id"] == "kreis-beispiel"
    assert data["version"] == "0.1"
    original = yaml.safe_load(bundled_paths()["schnellcheck-kommune"].read_text(encoding="utf-8"))
    assert data["areas"] == original["areas"]  # the content is the original's
    schema = json.loads((tmp_path / "maturity-questionnaire.schema.json").read_text("utf-8"))
    # as an editor sees it: JSON data, so integer keys (advice per level) become strings
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
    # adapt: a consultant renames an area, then validates and uses the copy
    copy.write_text(text.replace("Strategie", "Strategie des Kreises", 1), encoding="utf-8")
    checked = run("validate", copy)
    assert checked.exit_code == 0, checked.stderr
    answers = tmp_path / "antworten.yaml"
    assert run("template", "-q", copy, "-o", answers).exit_code == 0
    assert "questionnaire: kreis-beispiel" in answers.read_text(encoding="utf-8")
    scored = run("score", answers, "-q", copy)
    assert scored.exit_code == 0, scored.stderr


@pytest.mark.slow
def test_init_never_overwrites_and_never_takes_a_bundled_id(run: Run, tmp_path: Path) -> None:
    copy = tmp_path / "digitalcheck-kommune.yaml"
    assert run("init", "-o", copy).exit_code == 0
    assert yaml.safe_load(copy.read_text(encoding="utf-8"))["id"] == "digitalcheck-kommune-adapted"
    again = run("init", "-o", copy)
    assert again.exit_code == 1
    assert "pass --force to overwrite it" in again.stderr
    bad = run("init", "-o", tmp_path / "x.yaml", "--id", "Mein Fragebogen")
    assert bad.exit_code == 1
    assert "invalid id 'Mein Fragebogen'" in bad.stderr
    assert not (tmp_path / "x.yaml").exists()
