"""`maturity batch`: real exports, German-Excel variants, bad rows, outputs and the single path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from maturity.load.answers import load_answers
from maturity.output.answers_yaml import answer_value

from .conftest import EXAMPLES, MINI, SHARED, Run
from .htmlcheck import parse

EXPORTS = SHARED / "exports"
TEST_QUESTIONNAIRE = Path(__file__).parent / "data" / "exports" / "questionnaire.yaml"
BATCH_EXAMPLE = EXAMPLES / "batch-export.csv"

needs_exports = pytest.mark.usefixtures("shared_exports")


def write_mapping(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def results(out: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def question(result: dict[str, object], qid: str) -> dict[str, object]:
    return next(q for q in result["questions"] if q["id"] == qid)  # type: ignore[union-attr, index]


# --- real exports ------------------------------------------------------------------------------


@needs_exports
def test_limesurvey_code_export(run: Run, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        {
            "questionnaire": "exports-test",
            "format": "limesurvey",
            "entity": {"id": "id", "respondent": "id"},
            "columns": {
                "gender": "gender",
                "ai-experience": "experienceAI",
                "ai-kinds": {"options": {f"a{i}": f"experienceAI2[{i}]" for i in range(1, 6)}},
            },
            "values": {"gender": {"1": "male", "2": "female", "3": "other"}},
        },
    )
    out = tmp_path / "out"
    result = run(
        "batch",
        EXPORTS / "highlightslrp_results_grp3.csv",
        "-m",
        mapping,
        "-q",
        TEST_QUESTIONNAIRE,
        "-o",
        out,
        "--reports",
        "none",
    )
    assert result.exit_code == 1  # incomplete responses are rejected, so the exit code says so
    assert "CSV (comma, utf-8 with BOM): 208 columns" in result.stderr
    assert "scored from 9 of 20 rows" in result.stderr
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert (errors["reason"] == "incomplete response (no submit date)").sum() == 11
    assert list(errors["row"].astype(int))[:3] == [2, 4, 6]  # response ids 93, 95, 97
    lines = results(out)
    assert (
        len(lines) == 9
    )  # the complete responses, one municipality each (entity id = response id)
    by_id = {r["municipality"]["name"]: r for r in lines}  # type: ignore[index]
    response_94 = by_id["94"]
    assert question(response_94, "gender")["score"] == 1.0  # code 2 -> female
    assert question(response_94, "ai-experience")["score"] == 0.25  # 1 of "full" 4
    assert question(response_94, "ai-kinds")["state"] == "scored"


@needs_exports
@pytest.mark.parametrize(
    "name",
    ["kobo_formpack_grouped_translated_xml.csv", "kobo_formpack_grouped_translated_xml.xlsx"],
)
def test_kobo_export_without_mapping_columns(run: Run, tmp_path: Path, name: str) -> None:
    mapping = write_mapping(
        tmp_path,
        {
            "questionnaire": "exports-test",
            "columns": {
                "symmetry": {
                    "options": {
                        o: f"external_characteristics/What_kind_of_symmetry_do_you_have/{o}"
                        for o in ("spherical", "radial", "bilateral")
                    }
                },
                "segments": "external_characteristics/How_many_segments_does_your_body_have",
            },
        },
    )
    out = tmp_path / "out"
    result = run(
        "batch",
        EXPORTS / name,
        "-m",
        mapping,
        "-q",
        TEST_QUESTIONNAIRE,
        "-o",
        out,
        "--reports",
        "none",
    )
    assert result.exit_code == 0, result.stderr
    if name.endswith(".csv"):
        assert "CSV (semicolon, utf-8): " in result.stderr
        assert "scored from 3 of 3 rows" in result.stderr
    lines = results(out)
    assert len(lines) == 3
    # the third submission left the group empty
    assert [question(r, "symmetry")["score"] for r in lines] == [1.0, pytest.approx(1 / 3), None]
    assert [question(r, "segments")["score"] for r in lines] == [1.0, 0.0, None]


@needs_exports
def test_surveymonkey_two_header_rows(run: Run, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        {
            "questionnaire": "exports-test",
            "entity": {"respondent": "RespondentID"},
            "columns": {"smoke": "Do you ever smoke cigarettes?", "gamble": "Do you ever gamble?"},
        },
    )
    out = tmp_path / "out"
    result = run(
        "batch",
        EXPORTS / "fivethirtyeight_steak-risk-survey_surveymonkey.csv",
        "-m",
        mapping,
        "-q",
        TEST_QUESTIONNAIRE,
        "-o",
        out,
        "--reports",
        "none",
    )
    assert result.exit_code == 0, result.stderr
    assert "two header rows joined: " in result.stderr
    assert "from 550 of 550 rows" in result.stderr
    lines = results(out)
    assert len(lines) == 550
    smoke = [question(r, "smoke") for r in lines]
    assert sum(q["score"] == 1.0 for q in smoke) == 84
    assert sum(q["score"] == 0.0 for q in smoke) == 453
    assert sum(q["state"] == "missing" for q in smoke) == 13


@needs_exports
def test_surveymonkey_windows_1252_and_ticked_titles(run: Run, tmp_path: Path) -> None:
    prefix = (
        "Which of the following Star Wars films have you seen? Please select all that apply. - "
    )
    mapping = write_mapping(
        tmp_path,
        {
            "questionnaire": "exports-test",
            "columns": {
                "seen-any": "Have you seen any of the 6 films in the Star Wars franchise?",
                "films-seen": {
                    "options": {
                        "e1": prefix + "Star Wars: Episode I  The Phantom Menace",
                        "e4": prefix + "Star Wars: Episode IV  A New Hope",
                    }
                },
            },
        },
    )
    out = tmp_path / "out"
    result = run(
        "batch",
        EXPORTS / "fivethirtyeight_StarWars_surveymonkey.csv",
        "-m",
        mapping,
        "-q",
        TEST_QUESTIONNAIRE,
        "-o",
        out,
        "--reports",
        "none",
    )
    assert result.exit_code == 0, result.stderr
    assert "cp1252" in result.stderr
    lines = results(out)
    assert len(lines) == 1186
    assert sum(question(r, "seen-any")["score"] == 1.0 for r in lines) == 936
    films = [question(r, "films-seen") for r in lines]
    assert sum(q["state"] == "scored" for q in films) == sum(
        1 for q in films if q["score"] is not None
    )
    both = sum(q["score"] == 1.0 for q in films)
    assert 0 < both <= 607


# --- our own batch example, its dialects, and the single path ----------------------------------


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from maturity.cli.app import app

    out = tmp_path_factory.mktemp("batch") / "out"
    result = CliRunner().invoke(
        app, ["batch", str(BATCH_EXAMPLE), "-o", str(out), "--jobs", "2", "--lang", "de"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_outputs_of_a_clean_run(plain_run: Path) -> None:
    out = plain_run
    summary = pd.read_csv(out / "summary.csv", dtype={"id": str})
    assert len(summary) == 40
    assert summary["respondents"].sum() == 600
    assert {
        "id",
        "name",
        "respondents",
        "overall_score",
        "overall_level",
        "overall_coverage",
        "rank",
        "strategie_score",
        "teilhabe_level",
    } <= set(summary.columns)
    assert summary["id"].str.len().eq(8).all()  # leading zeros kept
    assert sorted(summary["rank"].dropna().astype(int))[0] == 1
    assert (
        pd.read_excel(out / "summary.xlsx", sheet_name="summary", engine="openpyxl").shape[0] == 40
    )
    assert pd.read_csv(out / "errors.csv").empty
    lines = results(out)
    assert len(lines) == 40
    assert set(lines[0]) >= {
        "questionnaire",
        "municipality",
        "respondents",
        "overall",
        "areas",
        "questions",
        "recommendations",
    }
    assert all("spread" in area for area in lines[0]["areas"] if area["status"] == "scored")  # type: ignore[union-attr]
    reports = sorted((out / "reports").glob("*.html"))
    assert len(reports) == 40
    page = parse((out / "index.html").read_text(encoding="utf-8"))
    links = [a.attrs["href"] for a in page.find("a")]
    assert {link[1:] for link in links if link.startswith("#")} <= page.ids
    assert len(page.find("table", class_="heatmap")) == 2  # areas by size class and by Land
    assert not page.find("script")
    # the landing page links the 20 that most need help and the Land's ranking, which links all 40
    assert sum(link.startswith("reports/") for link in links) == 20
    assert "ranking/by.html" in links
    ranking = parse((out / "ranking" / "by.html").read_text(encoding="utf-8"))
    linked = [
        a.attrs["href"] for a in ranking.find("a") if a.attrs["href"].startswith("../reports/")
    ]
    assert len(linked) == len(set(linked)) == 40
    assert all((out / "ranking" / link).is_file() for link in linked)


@pytest.mark.slow
def test_one_process_writes_what_two_write(run: Run, plain_run: Path, tmp_path: Path) -> None:
    """With two processes, each writes part of results.jsonl and the parts are joined: the file is
    the one a single process writes, and no part is left behind."""
    out = tmp_path / "out"
    assert run("batch", BATCH_EXAMPLE, "-o", out, "--jobs", "1", "--lang", "de").exit_code == 0
    for name in ("results.jsonl", "summary.csv", "errors.csv", "benchmark.json", "index.html"):
        assert (out / name).read_bytes() == (plain_run / name).read_bytes(), name
    assert sorted(p.name for p in plain_run.iterdir() if p.name.startswith(".")) == [
        ".maturity-batch.json"
    ]


def test_batch_agrees_with_the_single_path(run: Run, tmp_path: Path) -> None:
    """One respondent per municipality, taken from the example answer files, scores as `report -f json`."""
    names = ["gemeinde-kleinmusterdorf.yaml", "stadt-mustertal.yaml", "musterstadt.yaml"]
    rows = []
    for name in names:
        answers, questionnaire, _ = load_answers(EXAMPLES / name)
        row = {  # the Land routes too: in the export it comes from the AGS
            "ags": answers.municipality.ags,
            "municipality": name,
            "population": answers.municipality.population,
        }
        for question in questionnaire.questions:
            answer = answers.answers.get(question.id)
            if answer is None or (answer.kind == "value" and answer.value is None):
                continue
            value = answer_value(answer)
            row[question.id] = ",".join(value) if isinstance(value, list) else value
        for profile_question in questionnaire.profile:  # the profile routes (§4.1, §4.6)
            row[profile_question.id] = answers.profile.get(profile_question.id)
        rows.append(row)
    export = tmp_path / "export.csv"
    pd.DataFrame(rows).to_csv(export, index=False)
    out = tmp_path / "out"
    assert run("batch", export, "-o", out, "--reports", "none").exit_code == 0
    for line, name in zip(results(out), names, strict=True):
        single = json.loads(run("report", EXAMPLES / name, "-f", "json", "-o", "-").stdout)
        assert line["overall"]["score"] == pytest.approx(single["overall"]["score"], abs=1e-9)  # type: ignore[index]
        assert line["overall"]["level"] == single["overall"]["level"]  # type: ignore[index]
        for mine, theirs in zip(line["areas"], single["areas"], strict=True):  # type: ignore[arg-type]
            assert mine["status"] == theirs["status"]
            assert mine["score"] == pytest.approx(theirs["score"], abs=1e-9)
            assert mine["capped_by"] == theirs["capped_by"]
        assert [q["state"] for q in line["questions"]] == [q["state"] for q in single["questions"]]  # type: ignore[union-attr]
        assert [(r["question"], r["text"]) for r in line["recommendations"]] == [
            (r["question"], r["text"]) for r in single["recommendations"]
        ]  # type: ignore[union-attr]
        assert line["profile"] == single["profile"]


def _decimal_comma(value: str) -> str:
    return (
        value.replace(".", ",") if "." in value and value.replace(".", "", 1).isdigit() else value
    )


def german_excel(
    source: Path, target: Path, *, delimiter: str, encoding: str, decimal_comma: bool
) -> None:
    with source.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    with target.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(records[0])
        for values in records[1:]:
            writer.writerow([_decimal_comma(v) for v in values] if decimal_comma else values)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "decimal_comma"),
    [
        (";", "cp1252", True),
        (";", "utf-8-sig", True),
        ("\t", "utf-8", False),
        (",", "utf-8-sig", False),
    ],
)
def test_german_excel_variants_score_like_the_plain_file(
    run: Run, tmp_path: Path, plain_run: Path, delimiter: str, encoding: str, decimal_comma: bool
) -> None:
    variant = tmp_path / "export.csv"
    german_excel(
        BATCH_EXAMPLE, variant, delimiter=delimiter, encoding=encoding, decimal_comma=decimal_comma
    )
    out = tmp_path / "out"
    result = run("batch", variant, "-o", out, "--reports", "none", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    expected = pd.read_csv(plain_run / "summary.csv", dtype={"id": str})
    actual = pd.read_csv(out / "summary.csv", dtype={"id": str})
    pd.testing.assert_frame_equal(actual, expected)


def test_bad_rows_land_in_errors_while_the_rest_is_scored(run: Run, tmp_path: Path) -> None:
    frame = pd.read_csv(BATCH_EXAMPLE, dtype=str, keep_default_na=False)
    frame.loc[3, "strategie-beschluss"] = "7"  # file row 5: unknown option
    frame.loc[10, "sicherheit-schulung"] = "140"  # row 12: out of range
    frame.loc[20, "ags"] = ""  # row 22: no municipality
    frame.loc[30, "respondent"] = frame.loc[29, "respondent"]  # row 32: duplicate respondent
    frame.loc[40, "traeger"] = "Kreisstadt"  # row 42: a kind of body the profile does not know
    first = frame["ags"] == frame.loc[0, "ags"]
    frame.loc[first, "municipality"] = '=HYPERLINK("http://evil")'  # a formula in a name
    export = tmp_path / "bad.csv"
    frame.to_csv(export, index=False)
    out = tmp_path / "out"
    result = run("batch", export, "-o", out, "--reports", "none")
    assert result.exit_code == 1
    assert "5 rows rejected" in result.stderr
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert list(errors["row"].astype(int)) == [5, 12, 22, 32, 42]
    assert list(errors["column"]) == [
        "strategie-beschluss",
        "sicherheit-schulung",
        "ags",
        "respondent",
        "traeger",
    ]
    assert errors["reason"].iloc[0].startswith("unknown option '7'")
    assert errors["reason"].iloc[1] == "expected a number from 0 to 100, got 140"
    assert errors["reason"].iloc[2] == "missing municipality id"
    assert errors["reason"].iloc[3].startswith("duplicate respondent")
    assert errors["reason"].iloc[4].startswith("expected one of: ortsgemeinde, verbandsverwaltung")
    summary = pd.read_csv(out / "summary.csv", dtype=str, keep_default_na=False)
    assert summary["respondents"].astype(int).sum() == 595
    assert (summary["name"].str.startswith("'=")).sum() == 1  # neutralised, not a live formula


def test_strict_writes_nothing(run: Run, tmp_path: Path) -> None:
    frame = pd.read_csv(BATCH_EXAMPLE, dtype=str, keep_default_na=False)
    frame.loc[0, "strategie-beschluss"] = "vielleicht"
    export = tmp_path / "bad.csv"
    frame.to_csv(export, index=False)
    out = tmp_path / "out"
    result = run("batch", export, "-o", out, "--strict")
    assert result.exit_code == 1
    assert f"{export}:2: strategie-beschluss: unknown option 'vielleicht'" in result.stderr
    assert not out.exists()


def test_mapping_column_missing_from_the_export(run: Run, tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        {"questionnaire": "digitalcheck-kommune", "columns": {"strategie-beschluss": "Q1"}},
    )
    result = run("batch", BATCH_EXAMPLE, "-m", mapping, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "columns.strategie-beschluss: column 'Q1' is not in the export" in result.stderr


def test_report_file_names_stay_inside_the_output_folder(run: Run, tmp_path: Path) -> None:
    frame = pd.read_csv(BATCH_EXAMPLE, dtype=str, keep_default_na=False).head(30)
    frame["municipality"] = "../../etc/passwd"
    export = tmp_path / "export.csv"
    frame.to_csv(export, index=False)
    out = tmp_path / "out"
    assert run("batch", export, "-o", out, "--reports", "md").exit_code == 0
    files = list((out / "reports").iterdir())
    assert files
    assert all(f.name.startswith("etc-passwd") and f.suffix == ".md" for f in files)
    assert not (tmp_path / "etc").exists()


# --- edges the review found uncovered -------------------------------------------------------------


def write_export(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_errors(out: Path) -> list[dict[str, str]]:
    with (out / "errors.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_not_applicable_is_rejected_where_the_question_does_not_allow_it(
    run: Run, tmp_path: Path
) -> None:
    """a-multi has no allow_na: "nicht zutreffend" in its joined column, or "na" in one of its option
    columns, rejects the row; a-yesno allows it."""
    export = write_export(
        tmp_path / "export.csv",
        ["ags", "a-choice", "a-multi", "a-yesno"],
        [
            ["01001000", "2", "x,y", "nicht zutreffend"],
            ["01002000", "2", "nicht zutreffend", "ja"],
        ],
    )
    out = tmp_path / "joined"
    result = run("batch", export, "-q", MINI, "-o", out, "--reports", "none")
    assert result.exit_code == 1
    errors = read_errors(out)
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [
        ("3", "a-multi", "nicht zutreffend")
    ]
    assert "(not applicable) is not allowed for question 'a-multi'" in errors[0]["reason"]
    assert [r["municipality"]["ags"] for r in results(out)] == ["01001000"]  # type: ignore[index]

    per_option = write_export(
        tmp_path / "options.csv",
        ["ags", "a-choice", "a-multi/x", "a-multi/y", "a-multi/z", "a-multi/none"],
        [["01001000", "2", "1", "0", "0", "0"], ["01002000", "2", "na", "", "", ""]],
    )
    out = tmp_path / "options"
    result = run("batch", per_option, "-q", MINI, "-o", out, "--reports", "none")
    assert result.exit_code == 1
    errors = read_errors(out)
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [("3", "a-multi/x", "na")]
    assert errors[0]["reason"] == "'na' (not applicable) is not allowed for question 'a-multi'"


def test_limesurvey_mandatory_mark_on_headings_is_ignored(run: Run, tmp_path: Path) -> None:
    """LimeSurvey appends " *" to the full text of a mandatory question in its headings."""
    export = write_export(
        tmp_path / "export.csv",
        ["id", "submitdate", "ags", "Wahl *", "Ja oder nein *", "Anzahl"],
        [["1", "2026-11-02 10:00:00", "01001000", "ja", "nein", "4"]],
    )
    out = tmp_path / "out"
    result = run("batch", export, "-q", MINI, "-o", out, "--reports", "none")
    assert result.exit_code == 0, result.stderr
    (line,) = results(out)
    assert question(line, "a-choice")["score"] == 1.0
    assert question(line, "a-yesno")["state"] == "scored"
    assert question(line, "b-number")["state"] == "scored"


def test_without_q_the_questionnaire_answered_most_wins_ties_by_share(
    run: Run, tmp_path: Path
) -> None:
    """The ids both bundled questionnaires share: the same number of questions found in both, so the
    one with the larger share of its questions answered (the quick check) is taken."""
    from maturity.load.catalogue import load_questionnaire

    full = {q.id for q in load_questionnaire("digitalcheck-kommune").scored_questions}
    shared = [
        q.id for q in load_questionnaire("schnellcheck-kommune").scored_questions if q.id in full
    ]
    export = write_export(
        tmp_path / "export.csv", ["ags", *shared], [["01001000", *["weiß nicht"] * len(shared)]]
    )
    result = run("batch", export, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0, result.stderr
    assert "schnellcheck-kommune 2.1" in result.stderr
    assert f"{len(shared)} questions mapped" in result.stderr
    assert "columns not used" not in result.stderr


def test_the_plan_line_names_the_columns_it_did_not_use(run: Run, tmp_path: Path) -> None:
    export = write_export(
        tmp_path / "export.csv",
        ["ags", "a-choice", "a-choice-typo", "Bemerkung"],
        [["01001000", "2", "1", "gut"]],
    )
    result = run("batch", export, "-q", MINI, "-o", tmp_path / "out", "--reports", "none")
    assert result.exit_code == 0, result.stderr
    assert "1 question mapped by question ids" in result.stderr
    assert (
        "warning: 2 columns not used: 'a-choice-typo' (did you mean a-choice?), 'Bemerkung'"
        in result.stderr
    )
    assert "warning: 5 of 6 questions found no column (they stay unanswered)" in result.stderr


def test_a_complete_tie_takes_the_first_questionnaire_given() -> None:
    from dataclasses import replace

    from maturity.load.catalogue import load_questionnaire
    from maturity.survey.read.columns import choose_questionnaire

    first = load_questionnaire(MINI)
    second = replace(first, id="mini-copy")
    columns = ["ags", "a-choice", "a-yesno"]
    assert choose_questionnaire(columns, [first, second]).id == "mini"
    assert choose_questionnaire(columns, [second, first]).id == "mini-copy"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    from maturity.output.cells import neutralise

    assert neutralise(f"{start}1+2") == f"'{start}1+2"
    assert neutralise(f"a{start}") == f"a{start}"
    assert neutralise(12.5) == 12.5


def test_rejected_cells_starting_with_a_tab_are_written_inert(run: Run, tmp_path: Path) -> None:
    export = write_export(
        tmp_path / "export.csv",
        ["ags", "name", "a-choice"],
        [["01001000", "@Gemeinde", "\t=1+2"], ["01002000", "Dorf", "2"]],
    )
    out = tmp_path / "out"
    assert run("batch", export, "-q", MINI, "-o", out, "--reports", "none").exit_code == 1
    (error,) = read_errors(out)
    assert error["value"] == "'\t=1+2"
    summary = (out / "summary.csv").read_text(encoding="utf-8")
    assert "'@Gemeinde" not in summary  # its only row was rejected
    assert ",Dorf," in summary


def test_batch_is_a_library_call_that_writes_what_the_command_writes(
    run: Run, tmp_path: Path
) -> None:
    """A script scores an export with two calls and gets the command's files, byte for byte."""
    from maturity.batch.api import prepare_export, write_batch
    from maturity.errors import MaturityError

    export = tmp_path / "export.csv"
    export.write_text(
        "ags,municipality,a-choice,a-yesno,b-percent\n01001000,Eins,2,ja,80\n01002000,Zwei,0,x,5\n",
        encoding="utf-8",
    )
    from maturity.load.catalogue import load_questionnaire

    prepared = prepare_export(export, load_questionnaire(MINI))
    done = write_batch(prepared, tmp_path / "api", reports="none", lang="de", jobs=1)
    assert [p.name for p in done.written][:3] == ["summary.csv", "errors.csv", "results.jsonl"]
    assert done.rejected == 1  # "x" is no yes/no answer
    assert len(done.result.entities) == 1
    command = run(
        "batch", export, "-q", MINI, "-o", tmp_path / "cli", "--reports", "none", "-l", "de"
    )
    assert command.exit_code == 1  # the rejected row
    for name in ("summary.csv", "errors.csv", "results.jsonl"):
        assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    with pytest.raises(MaturityError):  # strict: nothing is written
        write_batch(prepared, tmp_path / "strict", reports="none", strict=True)
    assert not (tmp_path / "strict" / "summary.csv").exists()
