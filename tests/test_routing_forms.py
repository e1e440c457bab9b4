"""Routing in the survey forms (§4.1, §7): ``applies_if`` becomes XLSForm ``relevant`` expressions and
a ``choice_filter``, and LimeSurvey relevance equations; pyxform (and ODK Validate) convert the form,
and the exports of both forms come back through ``batch`` with their profile, routed."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import Run, require
from .test_routing import ROUTED


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from .test_export_form import _cli

    folder = tmp_path_factory.mktemp("routed-forms")
    made = {"xlsform": folder / "routed.xlsx", "limesurvey": folder / "routed.txt"}
    for fmt, path in made.items():
        _cli("export-form", "-q", ROUTED, "-f", fmt, "-o", path)
    return made


def survey_rows(path: Path) -> dict[str, dict[str, str]]:
    sheet = load_workbook(path)["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return {
        str(row[header.index("name")]): {h: str(v or "") for h, v in zip(header, row, strict=True)}
        for row in rows[1:]
    }


def test_the_xlsform_asks_the_profile_and_routes_by_it(forms: dict[str, Path]) -> None:
    rows = survey_rows(forms["xlsform"])
    assert rows["traeger"]["type"] == "select_one traeger"
    assert rows["beschaeftigte"]["type"] == "decimal"
    assert rows["a-zulassung"]["relevant"] == (
        "(${traeger} = '' or ${traeger} = 'stadt' or ${traeger} = 'landkreis')"
    )
    assert rows["b-gross"]["relevant"] == (
        "(${einwohner} = '' or ${einwohner} >= 20000) and "
        "(${beschaeftigte} = '' or ${beschaeftigte} >= 100)"
    )
    assert rows["a-plan"]["relevant"] == ""
    assert rows["a-services"]["choice_filter"] == (
        "route = '' or (route = 'r1' and "
        "(${traeger} = '' or ${traeger} = 'stadt' or ${traeger} = 'landkreis'))"
    )
    choices = list(load_workbook(forms["xlsform"])["choices"].iter_rows(values_only=True))
    header = list(choices[0])
    routes = {
        row[header.index("name")]: row[header.index("route")]
        for row in choices[1:]
        if row[0] == "a-services"
    }
    assert routes == {"melde": None, "bau": "r1", "kfz": "r1", "keine": None, "unknown": None}


def test_pyxform_turns_the_routing_into_binds_and_a_filtered_itemset(
    forms: dict[str, Path],
) -> None:
    from pyxform.xls2xform import convert

    xform = convert(xlsform=str(forms["xlsform"]), validate=False).xform
    binds = dict(re.findall(r'<bind nodeset="/data/\w+/([\w-]+)"[^>]*?relevant="([^"]*)"', xform))
    assert binds["a-zulassung"] == (
        "( /data/profil/traeger  = '' or  /data/profil/traeger  = 'stadt' or  "
        "/data/profil/traeger  = 'landkreis')"
    )
    assert "/data/kommune/einwohner  &gt;= 20000" in binds["b-gross"]
    assert "b-schulungen" not in binds  # asked of everyone
    assert (
        "instance('a-services')/root/item[route = '' or (route = 'r1' and "
        "( /data/profil/traeger  = '' or  /data/profil/traeger  = 'stadt'"
    ) in xform


@pytest.mark.slow
def test_odk_validate_accepts_the_routed_xlsform(forms: dict[str, Path], tmp_path: Path) -> None:
    require(shutil.which("java") is not None, "Java for ODK Validate (default-jre-headless)")
    converter = Path(sys.executable).with_name("xls2xform")
    result = subprocess.run(
        [converter, "--json", "--odk_validate", forms["xlsform"], tmp_path / "routed.xml"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert json.loads(result.stderr) == {"code": 100, "message": "Ok!", "warnings": []}


def limesurvey_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row["language"] == "de"]


def test_limesurvey_relevance_equations_follow_the_profile(forms: dict[str, Path]) -> None:
    rows = limesurvey_rows(forms["limesurvey"])
    questions = {r["name"]: r for r in rows if r["class"] == "Q"}
    assert questions["traeger"]["type/scale"] == "L"
    assert questions["aZulassung"]["relevance"] == (
        "(is_empty(traeger.NAOK) or traeger.NAOK == 'stadt' or traeger.NAOK == 'landk')"
    )
    assert questions["bRechenzentrum"]["relevance"] == (
        "(is_empty(eigeneIt.NAOK) or eigeneIt.NAOK == 'Y')"
    )
    assert questions["bGross"]["relevance"] == (
        "(is_empty(einwohner.NAOK) or (einwohner.NAOK >= 20000)) and "
        "(is_empty(beschaeftigte.NAOK) or (beschaeftigte.NAOK >= 100))"
    )
    assert questions["aPlan"]["relevance"] == "1"
    services = [r for r in rows if r["class"] == "SQ"]
    relevance = {r["name"]: r["relevance"] for r in services}
    assert relevance["melde"] == "1"
    assert relevance["bau"] == relevance["kfz"] == questions["aZulassung"]["relevance"]
    answers = [r["name"] for r in rows if r["class"] == "A"]
    assert answers[:3] == ["amtsg", "stadt", "landk"]  # the profile's codes, five characters


def results(out: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in (out / "results.jsonl").read_text("utf-8").splitlines()]


def test_an_xlsform_export_comes_back_with_its_profile(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "routed_-_all_versions_-_2026-12-05.csv"
    export.write_text(
        "name;ags;einwohner;traeger;eigene-it;beschaeftigte;a-plan;a-zulassung;a-services\n"
        "Kleinmusterdorf;01001001;3000;amtsgemeinde;no;12;1;yes;melde bau\n"
        "Musterstadt;01001002;48500;stadt;yes;900;2;no;melde kfz\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("batch", export, "-q", ROUTED, "-o", out, "--reports", "none", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    small, city = results(out)
    assert small["profile"] == {"traeger": "amtsgemeinde", "eigene-it": "no", "beschaeftigte": 12.0}
    states = {q["id"]: (q["state"], q["score"]) for q in small["questions"]}  # type: ignore[attr-defined]
    assert states["a-zulassung"] == ("na", None)
    assert states["a-services"] == ("scored", 1.0)  # "bau" does not count for the Amtsgemeinde
    city_states = {q["id"]: q["state"] for q in city["questions"]}  # type: ignore[attr-defined]
    assert city_states["a-zulassung"] == "scored"


def test_a_limesurvey_export_comes_back_with_its_profile(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "results-survey123456.csv"
    header = [
        "id",
        "submitdate",
        "name",
        "ags",
        "einwohner",
        "traeger",
        "eigeneIt",
        "beschaeftigte",
        "aPlan",
        "aServices[melde]",
        "aServices[bau]",
        "aServices[kfz]",
    ]
    rows = [
        [
            "1",
            "2026-12-01",
            "Kleinmusterdorf",
            "01001001",
            "3000",
            "amtsg",
            "N",
            "12",
            "0",
            "Y",
            "Y",
            "",
        ],
        [
            "2",
            "2026-12-01",
            "Landkreis Muster",
            "01001000",
            "",
            "landk",
            "Y",
            "",
            "1",
            "Y",
            "",
            "Y",
        ],
    ]
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    out = tmp_path / "out"
    result = run("batch", export, "-q", ROUTED, "-o", out, "--reports", "none", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    small, kreis = results(out)
    assert small["profile"] == {"traeger": "amtsgemeinde", "eigene-it": "no", "beschaeftigte": 12.0}
    assert kreis["profile"] == {"traeger": "landkreis", "eigene-it": "yes", "beschaeftigte": None}
    small_scores = {q["id"]: q["score"] for q in small["questions"]}  # type: ignore[attr-defined]
    kreis_scores = {q["id"]: q["score"] for q in kreis["questions"]}  # type: ignore[attr-defined]
    assert small_scores["a-services"] == 1.0
    assert kreis_scores["a-services"] == 1.0  # melde 1 + kfz 2 of max 3
    texts = {r["question"]: r["text"] for r in small["recommendations"]}  # type: ignore[attr-defined]
    assert texts["a-plan"] == "Einen Plan beschließen."
