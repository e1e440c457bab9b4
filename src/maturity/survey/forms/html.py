"""The questionnaire as one HTML file to fill in a browser, offline: the questionnaire's content as
data, one script (allowed by its hash in the page's Content-Security-Policy, nothing else may run or
load) that builds the form in either language, routes it live by the questionnaire's ``applies_if``
– conditions written out as data, decided as :func:`maturity.routing.decide` decides them – keeps
what is entered in the browser and saves an answers file (docs/answers.md) that ``report``,
``score`` and ``assess --resume`` read as it is."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import escape

from maturity.i18n import t, words_starting
from maturity.model import AGS_LAND, LAENDER, Condition, Questionnaire, Text, tr

WORD_PREFIX = "hform."
"""The catalogue's words of the form; the script gets both languages of each."""
SHARED_WORDS = {
    "unknown": "form.unknown",
    "na": "form.na",
    "yes": "form.yes",
    "no": "form.no",
    "municipality": "form.municipality",
    "name": "form.name",
    "ags": "form.ags",
    "agsHint": "form.ags_hint",
    "population": "form.population",
    "profile": "profile",
    "contents": "contents",
    "end": "form.end",
}
"""Words the form shares with the other survey forms: script key -> catalogue key."""


@cache
def form_script() -> tuple[str, str]:
    """The form's script and its CSP source (``sha256-…``)."""
    text = (resources.files("maturity.survey.forms") / "form.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def _style() -> str:
    return (resources.files("maturity.survey.forms") / "form.css").read_text(encoding="utf-8")


def _texts(text: Text | None, languages: tuple[str, ...]) -> dict[str, str] | None:
    return {lang: tr(text, lang) for lang in languages} if text else None


def _conditions(routing: tuple[Condition, ...]) -> list[dict[str, Any]]:
    """``applies_if`` as data: the key of the fact (a profile question, ``population``, ``state``),
    the options (or Land codes) one of which it must be, or the range ``low <= x < high``."""
    return [
        {
            "key": c.key,
            "options": list(c.options) if c.options else None,
            "low": c.low,
            "high": c.high,
        }
        for c in routing
    ]


def _words() -> dict[str, dict[str, str]]:
    words = {
        key: {"de": german, "en": english}
        for key, (german, english) in words_starting(WORD_PREFIX).items()
    }
    words.update({key: {"de": t(k, "de"), "en": t(k, "en")} for key, k in SHARED_WORDS.items()})
    return words


def form_data(questionnaire: Questionnaire, lang: str) -> dict[str, Any]:
    """Everything the script shows and routes by, in every language of the questionnaire."""
    langs = questionnaire.languages
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "languages": list(langs),
        "lang": lang if lang in langs else langs[0],
        "title": _texts(questionnaire.title, langs),
        "description": _texts(questionnaire.description, langs),
        "words": _words(),
        "states": [[code, name] for code, name in LAENDER.items()],
        "agsLand": dict(AGS_LAND),
        "profile": [
            {
                "id": p.id,
                "type": p.type,
                "text": _texts(p.text, langs),
                "help": _texts(p.help, langs),
                "options": [{"id": o.id, "label": _texts(o.label, langs)} for o in p.options],
            }
            for p in questionnaire.profile
        ],
        "areas": [
            {
                "id": area.id,
                "name": _texts(area.name, langs),
                "description": _texts(area.description, langs),
                "questions": [
                    {
                        "id": q.id,
                        "type": q.type,
                        "text": _texts(q.text, langs),
                        "help": _texts(q.help, langs),
                        "answeredBy": _texts(q.answered_by, langs),
                        "allowNa": q.allow_na,
                        "min": q.minimum,
                        "max": q.maximum,
                        "unit": _texts(q.unit, langs)
                        or (dict.fromkeys(langs, "%") if q.type == "percent" else None),
                        "appliesIf": _conditions(q.applies_if),
                        "maxPoints": q.effective_max_points if q.type == "multi" else None,
                        "options": [
                            {
                                "id": o.id,
                                "label": _texts(o.label, langs),
                                "exclusive": o.exclusive,
                                "points": o.points,
                                "appliesIf": _conditions(o.applies_if),
                            }
                            for o in q.options
                        ],
                    }
                    for q in area.questions
                ],
            }
            for area in questionnaire.areas
        ],
    }


def _json_in_html(value: Any) -> str:
    """JSON that cannot end the element it stands in (``</script>``) or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html_form(questionnaire: Questionnaire, lang: str = "de") -> str:
    """The self-contained HTML form of ``questionnaire``, opening in ``lang``."""
    script, source = form_script()
    data = form_data(questionnaire, lang)
    shown = data["lang"]
    title = escape(f"{tr(questionnaire.title, shown)} {questionnaire.version}")
    policy = (
        f"default-src 'none'; script-src '{source}'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(shown)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>{title}</title>\n<style>\n{_style()}</style>\n</head>\n<body>\n"
        f'<div id="form"><h1>{title}</h1><noscript><p>{escape(t("hform.noscript", shown))}</p>'
        "</noscript></div>\n"
        f'<script type="application/json" id="questionnaire">{_json_in_html(data)}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
