"""`export-form` and the way back: the forms convert and import as they are, and exports of them
(built here from the forms' own codes and labels, in the byte layout of the real samples) score with
no mapping exactly like the same answers given as YAML."""

from __future__ import annotations

import csv
import html
import io
import json
import random
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from maturity.cli.app import app
from maturity.load.answers import load_answers
from maturity.load.catalogue import load_questionnaire
from maturity.model import Municipality, Questionnaire
from maturity.output.answers_yaml import answers_to_yaml

from . import survey_exports as ex
from .conftest import EXAMPLES, Run, require

BUNDLED = ("digitalcheck-kommune", "schnellcheck-kommune")
XF = "{http://www.w3.org/2002/xforms}"
LIMESURVEY_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,19}$")
LIMESURVEY_ANSWER = re.compile(r"^[A-Za-z0-9]{1,5}$")


def _cli(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("forms")
    made = {}
    for qid in BUNDLED:
        made[f"{qid}.xlsx"] = folder / f"{qid}.xlsx"
        made[f"{qid}.txt"] = folder / f"{qid}.txt"
        _cli("export-form", "-q", qid, "-f", "xlsform", "-o", made[f"{qid}.xlsx"])
        _cli("export-form", "-q", qid, "-f", "limesurvey", "-o", made[f"{qid}.txt"])
    return made


# --- the forms themselves ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("qid", BUNDLED)
def test_pyxform_converts_the_xlsform(forms: dict[str, Path], qid: str) -> None:
    from pyxform.xls2xform import convert

    questionnaire = load_questionnaire(qid)
    converted = convert(xlsform=str(forms[f"{qid}.xlsx"]), validate=False)
    assert not converted.warnings
    root = ElementTree.fromstring(converted.xform)
    binds = {b.get("nodeset", ""): b for b in root.iter(f"{XF}bind")}
    translations = {t.get("lang") for t in root.iter(f"{XF}translation")}
    assert translations == {"Deutsch (de)", "English (en)"}
    for area in questionnaire.areas:
        for question in area.questions:
            bind = binds[f"/data/{area.id}/{question.id}"]
            if question.type in ("number", "percent"):
                assert bind.get("type") == "decimal"
                assert bind.get("constraint") == (
                    f". >= {question.minimum:g} and . <= {question.maximum:g}"
                )
                status = binds[f"/data/{area.id}/{question.id}-status"]
                assert status.get("relevant", "").startswith(
                    f" /data/{area.id}/{question.id}  = ''"
                )  # and the question's own routing, where it has one
    ags = binds["/data/kommune/ags"]
    assert ags.get("constraint") == "regex(., '^[0-9]{8}$')"
    assert ags.get("required") == "true()"
    # every choice list offers "weiß nicht", and "nicht zutreffend" exactly where it is allowed
    texts = {
        t.get("id"): "".join(t.itertext()).strip()
        for tr in root.iter(f"{XF}translation")
        if tr.get("lang") == "Deutsch (de)"
        for t in tr.iter(f"{XF}text")
    }
    for area in questionnaire.areas:
        for question in area.questions:
            if question.type not in ("choice", "multi", "yesno"):
                continue
            body = next(e for e in root.iter() if e.get("ref") == f"/data/{area.id}/{question.id}")
            labels = [
                texts[(item.find(f"{XF}label").get("ref") or "")[10:-2]]  # type: ignore[union-attr]
                for item in body.iter(f"{XF}item")
            ] or _itemset_labels(root, body, texts)
            assert "Weiß nicht" in labels
            assert ("Nicht zutreffend" in labels) == question.allow_na


def _itemset_labels(
    root: ElementTree.Element, body: ElementTree.Element, texts: dict[str | None, str]
) -> list[str]:
    itemset = body.find(f"{XF}itemset")
    assert itemset is not None
    instance_id = re.search(r"instance\('([^']+)'\)", itemset.get("nodeset", ""))
    assert instance_id
    instance = next(i for i in root.iter(f"{XF}instance") if i.get("id") == instance_id.group(1))
    return [texts[item.findtext(f"{XF}itextId")] for item in instance.iter(f"{XF}item")]


@pytest.mark.parametrize("qid", BUNDLED)
def test_limesurvey_structure_follows_the_import_rules(forms: dict[str, Path], qid: str) -> None:
    questionnaire = load_questionnaire(qid)
    raw = forms[f"{qid}.txt"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfclass\ttype/scale\tname\trelevance\ttext\thelp\tlanguage")
    rows = ex.read_structure(forms[f"{qid}.txt"])
    settings = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    # the survey id comes first, as in LimeSurvey's own files (its importer reads it before the rest)
    assert next(r["name"] for r in rows if r["class"] == "S") == "sid"
    assert settings["sid"].isdigit()
    assert len(settings["sid"]) == 6
    assert settings["language"] == "de"
    assert settings["additional_languages"] == "en"
    blocks = {
        lang: [
            (r["class"], r["type/scale"], r["name"] if r["class"] != "G" else "")
            for r in rows
            if r["language"] == lang
        ]
        for lang in ("de", "en")
    }
    structural = [b for b in blocks["de"] if b[0] != "SL"]
    assert structural == [b for b in blocks["en"] if b[0] != "SL"]  # a translated copy, row for row
    codes = [name for kind, _, name in structural if kind == "Q"]
    assert all(LIMESURVEY_CODE.match(c) for c in codes)
    assert len({c.casefold() for c in codes}) == len(codes)
    assert not {c.casefold() for c in codes} & {"id", "submitdate", "token", "self", "this", "that"}
    answers = [name for kind, _, name in structural if kind in ("A", "SQ")]
    assert all(LIMESURVEY_ANSWER.match(a) for a in answers)
    questions_de = [r for r in rows if r["class"] == "Q" and r["language"] == "de"]
    texts = {html.unescape(r["text"]) for r in questions_de}
    assert {q.text["de"] for q in questionnaire.questions} <= texts
    english = {
        html.unescape(r["text"]) for r in rows if r["class"] == "Q" and r["language"] == "en"
    }
    assert {q.text["en"] for q in questionnaire.questions} <= english
    # the mapping beside the form is a valid mapping file naming every scored question
    mapping = forms[f"{qid}.txt"].with_name(f"{qid}-mapping.yaml")
    scored = sum(q.scored for q in questionnaire.questions) + len(questionnaire.profile)
    assert f"valid (mapping: for {qid}, {scored} columns)" in _cli("validate", mapping)
    assert '"' not in raw.decode("utf-8")  # texts are HTML: nothing for the TSV reader to unquote


def test_texts_are_escaped_for_limesurvey(tmp_path: Path) -> None:
    source = (Path(__file__).parent / "data" / "mini-questionnaire.yaml").read_text(
        encoding="utf-8"
    )
    hostile = source.replace(
        "text: {de: Wahl, en: Choice}",
        "text: {de: '<b>{INSERTANS:1X2X3}</b> &', en: Choice}",
    )
    assert hostile != source
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    out = tmp_path / "hostile.txt"
    _cli("export-form", "-q", path, "-f", "limesurvey", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "<b>" not in text
    assert "{" not in text.split("\n", 1)[1].replace("{8}", "")
    assert "&lt;b&gt;&#123;INSERTANS:1X2X3&#125;&lt;/b&gt; &amp;" in text


# --- the way back: exports of known answers ---------------------------------------------------------


def _respondents(questionnaire: Questionnaire, folder: Path) -> list[tuple[ex.Respondent, Path]]:
    """The example answer files of the questionnaire, and random answers, as YAML answer files."""
    sets = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers, loaded, _ = load_answers(path)
        if (loaded.id, loaded.version) == (questionnaire.id, questionnaire.version):
            sets.append(answers)  # not the earlier assessment given for an archived version
    rng = random.Random(20261122)
    while len(sets) < 12:
        sets.append(replace(sets[0], answers=ex.random_answers(questionnaire, rng)))
    made = []
    for index, given in enumerate(sets):
        population = [2_400, 18_000, None, 310_000][index % 4]
        municipality = Municipality(f"Gemeinde Test {index}", f"0{index + 1:02d}15000", population)
        answers = replace(given, municipality=municipality)
        path = folder / f"respondent-{index}.yaml"
        path.write_text(answers_to_yaml(answers, questionnaire), encoding="utf-8")
        made.append((ex.Respondent(municipality.ags, municipality.name, population, answers), path))
    return made


def _assert_same_scores(out: Path, expected: dict[str, dict[str, object]]) -> None:
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text("utf-8").splitlines()]
    assert {line["municipality"]["ags"] for line in lines} == set(expected)
    for line in lines:
        single = expected[line["municipality"]["ags"]]
        assert line["municipality"]["name"] == single["municipality"]["name"]  # type: ignore[index]
        assert line["overall"]["score"] == pytest.approx(single["overall"]["score"], abs=1e-9)  # type: ignore[index]
        assert line["overall"]["level"] == single["overall"]["level"]  # type: ignore[index]
        for mine, theirs in zip(line["areas"], single["areas"], strict=True):  # type: ignore[arg-type]
            assert (mine["status"], mine["capped_by"]) == (theirs["status"], theirs["capped_by"])
            assert mine["score"] == pytest.approx(theirs["score"], abs=1e-9)
        states = {q["id"]: (q["state"], q["score"]) for q in line["questions"]}
        assert states == {q["id"]: (q["state"], q["score"]) for q in single["questions"]}  # type: ignore[union-attr, index]
    assert (out / "errors.csv").read_text("utf-8").count("\n") == 1  # the header only


@pytest.fixture(scope="module", params=BUNDLED)
def known(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Questionnaire, list[ex.Respondent], dict[str, dict[str, object]]]:
    questionnaire = load_questionnaire(request.param)
    folder = tmp_path_factory.mktemp(f"answers-{request.param}")
    made = _respondents(questionnaire, folder)
    expected = {
        respondent.ags: json.loads(_cli("report", path, "-f", "json", "-o", "-"))
        for respondent, path in made
    }
    return questionnaire, [r for r, _ in made], expected


FLAVOURS = (
    "kobo-xml-csv",
    "kobo-labels-csv",
    "kobo-labels-en-xlsx",
    "kobo-xml-xlsx",
    "limesurvey-semicolon",
    "limesurvey-comma",
    "limesurvey-full-texts",
    "limesurvey-code-and-text",
    "limesurvey-abbreviated-de",
    "limesurvey-abbreviated-en",
    "google-forms",
    "ms-forms-en",
)


@pytest.mark.slow
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_exports_of_the_forms_score_like_yaml(
    run: Run,
    tmp_path: Path,
    forms: dict[str, Path],
    known: tuple[Questionnaire, list[ex.Respondent], dict[str, dict[str, object]]],
    flavour: str,
) -> None:
    questionnaire, respondents, expected = known
    qid = questionnaire.id
    if flavour.startswith("kobo"):
        headers, rows, numeric = ex.kobo_table(
            forms[f"{qid}.xlsx"],
            questionnaire,
            respondents,
            labels="labels" in flavour,
            lang="en" if "-en-" in flavour else "de",
        )
        if flavour.endswith("xlsx"):
            export = tmp_path / f"{qid}_-_all_versions_-_labels_-_2026-11-22-10-00-00.xlsx"
            export.write_bytes(ex.xlsx(questionnaire.title["de"], headers, rows, numeric))
        else:
            export = tmp_path / f"{qid}_-_all_versions_-_2026-11-22-10-00-00.csv"
            export.write_bytes(ex.kobo_csv(headers, rows))
        recognised = "question texts" if "labels" in flavour else "question ids"
    elif flavour.startswith("limesurvey"):
        full = flavour.endswith("full-texts")
        lime_headers, lime_rows = ex.limesurvey_table(
            forms[f"{qid}.txt"],
            questionnaire,
            respondents,
            full=full,
            code_and_text=flavour.endswith("code-and-text"),
            abbreviated=flavour.rsplit("-", 1)[1] if "abbreviated" in flavour else "",
        )
        export = tmp_path / "results-survey123456.csv"
        separator = ";" if "semicolon" in flavour or "abbreviated" in flavour else ","
        export.write_bytes(ex.limesurvey_csv(lime_headers, lime_rows, separator))
        recognised = (
            "abbreviated question texts"
            if "abbreviated" in flavour
            else "question texts"
            if full
            else "LimeSurvey codes"
        )
    elif flavour == "google-forms":
        headers, rows = ex.forms_table(
            questionnaire, respondents, lang="de", leading=["Zeitstempel"], joiner=", ", decimal=","
        )
        export = tmp_path / "Digitalcheck (Antworten) - Formularantworten 1.csv"
        export.write_bytes(ex.google_csv(headers, rows))
        recognised = "question texts"
    else:
        leading = ["ID", "Start time", "Completion time", "Email", "Name"]
        headers, rows = ex.forms_table(
            questionnaire, respondents, lang="en", leading=leading, joiner=";", decimal="."
        )
        for row in rows:
            row[3], row[4] = "anonymous", ""
        export = tmp_path / "Digital check(1-12).xlsx"
        export.write_bytes(ex.xlsx("Sheet1", headers, rows, ["ID"]))
        recognised = "question texts"
    out = tmp_path / "out"
    result = run("batch", export, "-o", out, "--reports", "none")
    assert result.exit_code == 0, result.stderr
    scored = [q for q in questionnaire.questions if q.scored]
    assert f"{len(scored)} questions mapped by {recognised};" in result.stderr, (
        result.stderr[-900:],
        headers if flavour.startswith("kobo") else "",
    )
    assert "entity columns: id=" in result.stderr
    _assert_same_scores(out, expected)


def test_the_mapping_beside_the_limesurvey_form_reads_its_export(
    run: Run,
    tmp_path: Path,
    forms: dict[str, Path],
    known: tuple[Questionnaire, list[ex.Respondent], dict[str, dict[str, object]]],
) -> None:
    """An analyst who renamed nothing can also pass the written mapping; it must agree."""
    questionnaire, respondents, expected = known
    qid = questionnaire.id
    headers, rows = ex.limesurvey_table(forms[f"{qid}.txt"], questionnaire, respondents)
    export = tmp_path / "export.csv"
    export.write_bytes(ex.limesurvey_csv(headers, rows, ";"))
    mapping = forms[f"{qid}.txt"].with_name(f"{qid}-mapping.yaml")
    out = tmp_path / "out"
    result = run("batch", export, "--mapping", mapping, "-o", out, "--reports", "none")
    assert result.exit_code == 0, result.stderr
    _assert_same_scores(out, expected)


def test_a_status_without_a_known_word_is_rejected(run: Run, tmp_path: Path) -> None:
    rows = [
        ["ags", "verwaltung-ozg-anteil", "verwaltung-ozg-anteil-status"],
        ["01001000", "", "unknown"],
        ["01002000", "", "vielleicht"],
        ["01003000", "40", ""],
    ]
    export = tmp_path / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    out = tmp_path / "out"
    result = run("batch", export, "-o", out, "--reports", "none")
    assert result.exit_code == 1
    errors = list(csv.DictReader(io.StringIO((out / "errors.csv").read_text("utf-8"))))
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [
        ("3", "verwaltung-ozg-anteil-status", "vielleicht")
    ]
    assert "expected 'unknown'" in errors[0]["reason"]
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text("utf-8").splitlines()]
    states = [
        next(q["state"] for q in line["questions"] if q["id"] == "verwaltung-ozg-anteil")
        for line in lines
    ]
    assert states == ["unknown", "scored"]


def test_a_real_limesurvey_export_with_abbreviated_headings_scores_as_its_code_twin(
    run: Run, tmp_path: Path, shared_exports: Path
) -> None:
    """LimeSurvey 6.4.2's own exports of the 2.0 survey, headed by "abbreviated question text"
    ("Welche Art von .. ", "Amtlicher Gemei.. ", "Ist die Kommune.. " twice) and by question code:
    the same profile, AGS and answers, so the same results (the abbreviated headings are matched in
    the survey's order)."""
    results = {}
    for style in ("abbreviated", "code"):
        export = shared_exports / f"limesurvey642_digitalcheck20_de_{style}.csv"
        out = tmp_path / style
        done = run("batch", export, "-o", out, "--reports", "none")
        assert done.exit_code == 1, done.stderr  # one incomplete response, rejected in both
        assert "digitalcheck-kommune 2.0" in done.stderr
        assert "11 municipalities scored from 11 of 12 rows" in done.stderr
        assert "no column for the profile" not in done.stderr
        results[style] = [
            json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()
        ]
    abbreviated, code = results["abbreviated"], results["code"]
    assert [r["municipality"] for r in abbreviated] == [r["municipality"] for r in code]
    assert all(r["municipality"]["ags"] for r in abbreviated)  # the AGS is found
    for mine, theirs in zip(abbreviated, code, strict=True):
        assert mine["profile"] == theirs["profile"]
        assert mine["overall"] == theirs["overall"]
        assert mine["questions"] == theirs["questions"]


@pytest.mark.parametrize(
    ("sample", "says"),
    [
        ("limesurveyrc2api_survey_293446.lsa", "survey archive (.lsa)"),
        ("citric_survey.lss", "survey structure (.lss)"),
        ("limonaid_survey_100001_R_syntax_file.R", "'survey_100001_R_data_file.csv'"),
    ],
)
def test_limesurvey_files_without_a_response_table_name_the_export_to_take(
    run: Run, tmp_path: Path, shared_exports: Path, sample: str, says: str
) -> None:
    result = run("batch", shared_exports / sample, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_survey_structure_given_to_batch_is_named(
    run: Run, tmp_path: Path, forms: dict[str, Path]
) -> None:
    result = run("batch", forms["schnellcheck-kommune.txt"], "-o", tmp_path / "out", "-l", "de")
    assert result.exit_code == 1
    assert "das ist eine Umfragestruktur zum Import in LimeSurvey, keine Antworten" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("qid", BUNDLED)
def test_odk_validate_accepts_the_xlsform(forms: dict[str, Path], qid: str, tmp_path: Path) -> None:
    """The real client: pyxform converts the form and runs ODK Validate (JavaRosa, in Java) on it."""
    require(shutil.which("java") is not None, "Java for ODK Validate (default-jre-headless)")
    xform = tmp_path / f"{qid}.xml"
    converter = Path(sys.executable).with_name("xls2xform")
    result = subprocess.run(
        [converter, "--json", "--odk_validate", forms[f"{qid}.xlsx"], xform],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outcome = json.loads(result.stderr)  # pyxform writes its JSON verdict to standard error
    assert outcome == {"code": 100, "message": "Ok!", "warnings": []}, result.stderr
    # and ODK Validate does look: the same form with a calculation of an unknown field fails
    from pyxform.validators.odk_validate import ODKValidateError, check_xform

    broken = tmp_path / "broken.xml"
    text = xform.read_text(encoding="utf-8")
    field = re.search(r'<bind nodeset="(/[^"]+)"', text)
    assert field
    broken.write_text(
        text.replace(
            f'<bind nodeset="{field[1]}"',
            f'<bind relevant="1 +* (" nodeset="{field[1]}"',
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(ODKValidateError):
        check_xform(str(broken))
