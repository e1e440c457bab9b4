"""The real commands, through Typer's runner and as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from maturity import __version__

from .conftest import DATA, EXAMPLES, MINI, MINI_ANSWERS, Run

EXAMPLE = EXAMPLES / "schnellcheck-musterhausen.yaml"


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"maturity {__version__}\n"


def test_no_arguments_shows_help(run: Run) -> None:
    result = run()
    assert result.exit_code == 2
    assert "score" in result.stdout + result.stderr


def test_list_shows_bundled_questionnaires(run: Run) -> None:
    result = run("list", "--lang", "de")
    assert result.exit_code == 0
    assert "schnellcheck-kommune" in result.stdout
    assert "Schnellcheck Digitale Kommune" in result.stdout
    english = run("list", "--lang", "en")
    assert "Quick Check Digital Municipality" in english.stdout


def test_validate_good_files(run: Run) -> None:
    result = run("validate", "-q", MINI, MINI, MINI_ANSWERS)
    assert result.exit_code == 0, result.stderr
    assert f"{MINI}: valid (questionnaire: mini 2.0: 2 areas, 6 scored questions)" in result.stdout
    assert f"{MINI_ANSWERS}: valid (answers: 7 answers for mini 2.0)" in result.stdout
    german = run("validate", "-q", MINI, MINI, "--lang", "de")
    assert f"{MINI}: gültig (Fragebogen: mini 2.0: 2 Handlungsfelder, 6 bewertete Fragen)" in (
        german.stdout
    )


def test_validate_reports_every_file(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: mini\nanswers:\n  a-choice: '9'\n  zz: 1\n", encoding="utf-8")
    result = run("validate", "-q", MINI, bad, MINI_ANSWERS)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3:13: answers.a-choice: unknown option '9'; expected one of '0' (no), '1' (partly), "
        "'2' (yes) or 'unknown'",
        f"{bad}:4:3: answers.zz: unknown question id 'zz' in questionnaire 'mini'",
    ]
    assert f"{MINI_ANSWERS}: valid" in result.stdout


def test_version_mismatch_is_a_warning(run: Run, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text('questionnaire: mini\nquestionnaire_version: "1.0"\nanswers:\n  a-choice: "2"\n')
    result = run("validate", "-q", MINI, old)
    assert result.exit_code == 0
    assert result.stderr == (
        f"{old}:2:24: warning: questionnaire_version: answers were given for version 1.0 of 'mini', "
        "the questionnaire is version 2.0\n"
    )


def test_score_table(run: Run) -> None:
    result = run("score", EXAMPLE, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Gemeinde Musterhausen (AGS 07141999)" in out
    assert "Gesamt: 51,7 von 100 · Stufe 2 „Grundlagen“" in out
    assert "Nächste Schritte" in out
    assert "Stufe begrenzt durch" in out
    english = run("score", EXAMPLE, "--lang", "en").stdout
    assert "Overall: 51.7 of 100 · Level 2 “Foundations”" in english


def test_score_json_and_report_json_agree(run: Run) -> None:
    scored = json.loads(run("score", EXAMPLE, "--json", "--lang", "de").stdout)
    reported = json.loads(run("report", EXAMPLE, "-f", "json", "-o", "-", "--lang", "de").stdout)
    assert scored == reported
    assert set(reported) >= {
        "questionnaire",
        "municipality",
        "respondents",
        "overall",
        "areas",
        "questions",
        "recommendations",
    }
    assert set(reported["overall"]) == {"score", "level", "level_name", "coverage", "capped_by"}
    assert set(reported["areas"][0]) == {
        "id",
        "name",
        "status",
        "score",
        "level",
        "level_name",
        "coverage",
        "capped_by",
        "answered",
        "few_questions",
        "weight",
    }
    assert set(reported["questions"][0]) == {"id", "area", "state", "score", "gain"}
    assert set(reported["recommendations"][0]) >= {
        "question",
        "area",
        "gain",
        "effort",
        "phase",
        "text",
        "refs",
        "due",
        "overdue",
    }
    assert reported["municipality"]["ags"] == "07141999"
    assert reported["overall"]["level_name"] == "Grundlagen"


def test_report_json_to_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "out" / "result.json"
    result = run("report", "-q", MINI, MINI_ANSWERS, "-f", "json", "-o", target, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["overall"]["score"] == pytest.approx(185 / 3)
    assert data["areas"][0]["name"] == "Alpha"
    assert data["recommendations"][0]["text"] == "Improve choice."
    assert not list(target.parent.glob(".*.tmp"))  # the atomic write leaves no temporary file


def test_invalid_answers_exit_1_with_all_problems(run: Run) -> None:
    bad = Path(__file__).parent / "data" / "invalid" / "answers-errors.yaml"
    result = run("score", "-q", MINI, bad)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 11
    assert result.stdout == ""


def test_unknown_questionnaire_id_is_explained(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("questionnaire: mini\nanswers: {}\n")
    result = run("score", answers)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{answers}:1:16: questionnaire: unknown questionnaire 'mini'; bundled: "
    )
    assert "pass -q FILE" in result.stderr


def test_missing_file_is_invalid_input(run: Run, tmp_path: Path) -> None:
    result = run("score", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: file not found\n"


def test_usage_error_exits_2(run: Run) -> None:
    assert run("report", EXAMPLE, "-f", "docx").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_internal_error_exits_3_without_traceback(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import maturity.scoring.single

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(maturity.scoring.single, "score_answers", broken)
    result = run("score", EXAMPLE)
    assert result.exit_code == 3
    assert (
        result.stderr
        == "maturity: internal error: RuntimeError: boom (run with --debug for the traceback)\n"
    )
    debug = run("--debug", "score", EXAMPLE)
    assert debug.exit_code == 3
    assert "Traceback" in debug.stderr


@pytest.mark.parametrize("kind", ["questionnaire", "answers", "mapping"])
def test_schema_is_json_schema(run: Run, kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"


@pytest.mark.slow
def test_schema_accepts_the_bundled_files(run: Run) -> None:
    import jsonschema
    import yaml

    from maturity.load.catalogue import bundled_paths

    questionnaire_schema = json.loads(run("schema", "questionnaire").stdout)
    for path in bundled_paths().values():
        # as an editor sees it: JSON data, so integer keys (advice per level) become strings
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, questionnaire_schema)
    answers_schema = json.loads(run("schema", "answers").stdout)
    for path in EXAMPLES.glob("*.yaml"):
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader
        )  # dates stay text
        jsonschema.validate(
            data,
            {
                **answers_schema,
                "properties": {  # BaseLoader reads every number as text
                    **answers_schema["properties"],
                    "municipality": {"type": "object"},
                    "targets": {"type": "object"},
                },
            },
        )


def test_schema_refuses_what_the_loader_refuses_in_the_judgement_keys(run: Run) -> None:
    import jsonschema
    import yaml

    schema = json.loads(run("schema", "questionnaire").stdout)
    text = (DATA / "invalid" / "q-judgement.yaml").read_text(encoding="utf-8")
    bad = json.loads(json.dumps(yaml.load(text, Loader=yaml.BaseLoader)))  # 2026-02-30 stays text
    bad["scoring"]["min_questions"] = 0  # BaseLoader reads numbers and booleans as text
    errors = {
        "/".join(str(p) for p in e.absolute_path)
        for e in jsonschema.Draft202012Validator(schema).iter_errors(bad)
    }
    for where in (
        "scoring/min_questions",
        "areas/0/questions/0/gate/overall",
        "areas/0/questions/0/answered_by",
        "areas/0/questions/1/applies_if/state/1",
    ):
        assert any(e.startswith(where) for e in errors), (where, errors)


SCHEMA_CANNOT_SEE = {
    "answers-wrong-questionnaire.yaml": "which questionnaire ids exist is not the file's shape",
    "q-duplicate-key.yaml": "a duplicate key is gone once YAML becomes JSON data",
    "routed-answers-profile.yaml": "which profile options exist depends on the questionnaire",
}


@pytest.mark.parametrize(
    "example",
    sorted(p.name for p in (DATA / "invalid").glob("*.yaml") if not p.name.startswith("brand")),
)
def test_the_schema_and_the_reader_agree_on_every_negative_example(run: Run, example: str) -> None:
    """Both refuse every negative example, except where a JSON Schema cannot say it (named above)
    or the file is no YAML data at all; the bundled files pass both (the test above)."""
    import jsonschema

    from maturity.errors import MaturityError
    from maturity.load.yamlio import load_yaml

    path = DATA / "invalid" / example
    assert run("validate", path).exit_code == 1  # the reader refuses it
    kind = {"q": "questionnaire", "m": "mapping", "b": "benchmark"}.get(example[0], "answers")
    try:
        data = load_yaml(path).data
    except MaturityError:
        return  # not YAML data: nothing for a schema to check
    schema = json.loads(run("schema", kind).stdout)
    errors = list(
        jsonschema.Draft202012Validator(schema).iter_errors(
            json.loads(json.dumps(data, default=str))
        )
    )
    assert bool(errors) == (example not in SCHEMA_CANNOT_SEE), example


HEAVY = (
    "pandas",
    "numpy",
    "jinja2",
    "openpyxl",
    "questionary",
    "pyarrow",
    "pydantic",
    "rich",
)
"""Modules the quick commands must not load (pydantic: Typer 0.29 imports it for every option;
rich: half of `score`'s start-up, for a table printed as plain text)."""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["validate", str(MINI)],
        ["score", str(EXAMPLE)],
        ["score", str(EXAMPLE), "--json"],
        ["report", str(EXAMPLE), "-f", "json", "-o", "-"],
        ["list"],
    ],
)
def test_fast_commands_import_no_heavy_modules(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from maturity.cli import app\n"
        "try:\n"
        f"    app({args!r}, prog_name='maturity')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('HEAVY:', ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "HEAVY:"


def test_console_script_runs() -> None:
    result = subprocess.run(["maturity", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"maturity {__version__}"


def test_the_console_script_builds_only_the_command_asked_and_still_knows_them_all() -> None:
    """``maturity COMMAND`` builds just that command (quicker start); help, unknown commands and
    options before the command still see every command."""
    from maturity.cli.app import _app_for, app

    only = _app_for(["score", "x.yaml"]).registered_commands
    assert [c.callback.__name__ for c in only if c.callback] == ["score"]
    assert _app_for(["export-form"]).registered_commands[0].name == "export-form"
    for args in ([], ["--help"], ["--debug", "score"], ["scor"]):
        assert _app_for(args) is app
    assert len(app.registered_commands) == 12  # the app itself is left whole

    def script(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "MATURITY_LANG": "en"}
        return subprocess.run(
            ["maturity", *args], capture_output=True, text=True, env=env, check=False
        )

    score = script("score", str(EXAMPLES / "stadt-mustertal.yaml"))
    assert score.returncode == 0
    assert "Stadt Mustertal" in score.stdout
    listing = script("list")
    assert "digitalcheck-kommune" in listing.stdout
    help_text = script("--help").stdout
    assert all(name in help_text for name in ("score", "batch", "export-form", "schema"))
    unknown = script("scor")
    assert unknown.returncode == 2
    assert "scor" in unknown.stderr


def test_written_files_get_the_usual_permissions(run: Run, tmp_path: Path) -> None:
    """Atomic writes go through a private temporary file; the result must still be readable by
    colleagues as a plain write would be, and a replaced file keeps its mode."""
    import os
    import stat

    mask = os.umask(0o022)
    try:
        target = tmp_path / "form.txt"
        assert run("export-form", "-f", "limesurvey", "-o", target).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        assert run("export-form", "-f", "limesurvey", "-o", target, "--force").exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(mask)


def test_help_lists_every_command_without_cutting_its_description(run: Run) -> None:
    result = run("--help")
    commands = result.stdout.split("Commands:")[1].splitlines()[1:]
    assert len([c for c in commands if c.strip()]) >= 11
    assert not any(line.rstrip().endswith("...") for line in commands)
    assert "XLSX" in run("score", "--help").stdout
    batch = " ".join(run("batch", "--help").stdout.split())
    assert "the bundled one whose questions the export answers best" in batch


def test_a_written_file_is_named_and_a_new_folder_announced(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "tippfehler" / "bericht.md"
    result = run("report", EXAMPLE, "-f", "md", "-o", target, "--lang", "de")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"Ordner angelegt: {target.parent}",
        f"Bericht geschrieben: {target}",
    ]
    again = run("report", EXAMPLE, "-f", "md", "-o", target)
    assert again.stderr.splitlines() == [f"Report written: {target}"]


def test_a_reader_that_stops_reading_is_no_internal_error() -> None:
    """`maturity score … | head -2`: the pipe is closed before the table is written; the command
    stops quietly, with the exit code of a tool stopped by SIGPIPE, and no "internal error"."""
    process = subprocess.Popen(
        [sys.executable, "-m", "maturity", "score", str(EXAMPLES / "stadt-mustertal.yaml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MATURITY_LANG": "en"},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 141
    assert "internal error" not in stderr
    assert "BrokenPipeError" not in stderr
