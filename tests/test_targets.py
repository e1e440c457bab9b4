"""`targets` in an answers file: the level a municipality aims for per area. Validated with positions,
carried in the JSON result as `target` and `gap`, shown in every report format, kept when the answers
are written again."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .conftest import EXAMPLES, MINI, Run
from .htmlcheck import parse

MUSTERSTADT = EXAMPLES / "musterstadt.yaml"  # aims for level 5 in four areas


def result(run: Run, answers: Path, *extra: str | Path) -> dict[str, object]:
    done = run("report", answers, "-f", "json", "-o", "-", *extra)
    assert done.exit_code == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_json_has_target_and_gap_in_levels_for_the_areas_with_a_target(run: Run) -> None:
    data = result(run, MUSTERSTADT)
    areas = data["areas"]
    assert isinstance(areas, list)
    targets = yaml.safe_load(MUSTERSTADT.read_text(encoding="utf-8"))["targets"]
    for area in areas:
        if area["id"] in targets:
            assert area["target"] == targets[area["id"]]
            assert area["gap"] == max(0, area["target"] - area["level"])
        else:
            assert "target" not in area
            assert "gap" not in area
    # staff and energy reach 5; health is at 3; security is capped at 3
    assert sorted(a["gap"] for a in areas if "gap" in a) == [0, 0, 2, 2]


def test_an_unscored_area_has_its_target_and_no_gap(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: mini\ntargets: {alpha: 3, beta: 2}\nanswers:\n  a-choice: '2'\n"
        "  a-multi: [x]\n  a-yesno: ja\n",
        encoding="utf-8",
    )
    areas = {a["id"]: a for a in result(run, answers, "-q", MINI)["areas"]}  # type: ignore[union-attr]
    assert areas["beta"]["status"] == "insufficient"
    assert (areas["beta"]["target"], areas["beta"]["gap"]) == (2, None)
    assert areas["alpha"]["target"] == 3


def test_reports_show_target_and_distance(run: Run, tmp_path: Path) -> None:
    data = result(run, MUSTERSTADT, "-l", "de")
    html_file = tmp_path / "r.html"
    assert run("report", MUSTERSTADT, "-o", html_file, "-l", "de").exit_code == 0
    html = html_file.read_text(encoding="utf-8")
    page = parse(html)
    headings = [th.text for th in page.find("th")]
    assert "Ziel" in headings
    assert "Bis zum Ziel" in headings
    areas = {a["name"]: a for a in data["areas"]}  # type: ignore[union-attr]
    health = areas["Gesundheit und Soziales"]
    missing = 80 - health["score"]  # level 5 starts at 80
    distance = f"{missing:.1f}".replace(".", ",") + "\u00a0Pkt."
    table = html[html.index('<table class="areas-table">') :]
    row = table[table.index('<a href="#area-gesundheit">') :]
    row = row[: row.index("</tr>")]
    assert distance in row
    assert '<td data-label="Bis zum Ziel" class="num">erreicht</td>' in html  # personal
    marks = [u for u in page.find("u", class_="target") if "key" not in u.attrs["class"]]
    assert len(marks) == 4
    assert all(u.attrs["style"] == "left: 80.0%" for u in marks)
    md = run("report", MUSTERSTADT, "-f", "md", "-o", "-", "-l", "de").stdout
    assert f"| 5 Vorreiter | {distance} |" in md


def test_written_answers_keep_their_targets(tmp_path: Path) -> None:
    from maturity.load.answers import load_answers
    from maturity.output.answers_yaml import answers_to_yaml

    answer_set, questionnaire, _ = load_answers(MUSTERSTADT)
    again = tmp_path / "again.yaml"
    again.write_text(answers_to_yaml(answer_set, questionnaire), encoding="utf-8")
    reloaded, _, _ = load_answers(again)
    assert (
        dict(reloaded.targets)
        == dict(answer_set.targets)
        == {
            "personal": 5,
            "energie": 5,
            "gesundheit": 5,
            "sicherheit": 5,
        }
    )


def test_the_answers_schema_takes_targets(run: Run) -> None:
    import jsonschema

    schema = json.loads(run("schema", "answers").stdout)
    document = yaml.safe_load(MUSTERSTADT.read_text(encoding="utf-8"))
    document["assessed_on"] = str(document["assessed_on"])
    jsonschema.validate(document, schema)
    document["targets"] = {"sicherheit": "hoch"}
    try:
        jsonschema.validate(document, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("a target that is no level fits the schema")


def test_the_template_offers_targets_and_a_filled_one_is_valid(run: Run, tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    assert run("template", "-o", template, "--lang", "de").exit_code == 0
    text = template.read_text(encoding="utf-8")
    assert "# Ziele (freiwillig): die angestrebte Stufe je Handlungsfeld" in text
    assert "\ntargets:\n# " in text  # then the profile block, commented
    template.write_text(text.replace("\ntargets:\n", "\ntargets:\n  sicherheit: 4\n"), "utf-8")
    assert run("validate", template).exit_code == 0
    data = result(run, template)
    (security,) = [a for a in data["areas"] if a["id"] == "sicherheit"]  # type: ignore[union-attr]
    assert security["target"] == 4
