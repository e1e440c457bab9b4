"""Profile questions and routing in words, for what people read: ``show``, the templates, forms."""

from __future__ import annotations

from collections.abc import Collection

from maturity.load.workbook import profile_labels
from maturity.model import LAENDER, LAND, ProfileQuestion, Questionnaire, Routing, tr
from maturity.output.formatting import number


def routing_text(routing: Routing, questionnaire: Questionnaire, lang: str) -> str:
    """``applies_if`` in words: the options of a choice ("Kreisfreie Stadt · Landkreis"), the answer
    to a yes/no question („Ist die Kommune Träger von Schulen?“ – ja), a range ("Einwohnerzahl ab
    20.000"), the Länder ("Land: Bayern · Rheinland-Pfalz"); conditions joined by ";"."""
    parts = []
    for condition in routing:
        question = questionnaire.profile_index.get(condition.key)
        if condition.key == LAND:
            lands = " · ".join(LAENDER.get(code, code) for code in condition.options)
            parts.append(f"Land: {lands}")
            continue
        if condition.options:
            assert question is not None
            left_out = [o for o in question.option_ids if o not in condition.options]
            if question.type == "choice" and len(left_out) < len(condition.options):
                but = "alle außer" if lang == "de" else "all except"
                labels = f"{but} {' · '.join(_labels(question, left_out, lang))}"
            else:  # " · ": labels may hold commas themselves
                labels = " · ".join(_labels(question, condition.options, lang))
            if question.type == "yesno":
                quote = ("„", "“") if lang == "de" else ("“", "”")
                labels = f"{quote[0]}{tr(question.text, lang)}{quote[1]} – {labels}"
            parts.append(labels)
            continue
        name = tr(question.text, lang).rstrip("?") if question else _population(lang)
        low, high = condition.low, condition.high
        bounds = []
        if low is not None:
            bounds.append(("ab " if lang == "de" else "from ") + number(low, lang, 0))
        if high is not None:
            bounds.append(("unter " if lang == "de" else "below ") + number(high, lang, 0))
        parts.append(f"{name} {' '.join(bounds)}")
    return "; ".join(parts)


def _labels(question: ProfileQuestion, ids: Collection[str], lang: str) -> list[str]:
    words = profile_labels(question, lang)
    return [words[i] for i in ids]


def _population(lang: str) -> str:
    return "Einwohnerzahl" if lang == "de" else "Population"
