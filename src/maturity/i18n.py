"""Fixed user-facing words of the tool itself, German first, English complete.

Questionnaire content carries its own languages; this catalogue holds only what the tool says around it
(table headings, states, phases). ``LANGUAGES`` lists the languages the tool speaks.
"""

from __future__ import annotations

LANGUAGES = ("de", "en")

_CATALOGUE: dict[str, tuple[str, str]] = {
    "area": ("Handlungsfeld", "Action area"),
    "areas": ("Handlungsfelder", "Action areas"),
    "score": ("Punkte", "Score"),
    "level": ("Stufe", "Level"),
    "coverage": ("Abdeckung", "Coverage"),
    "overall": ("Gesamt", "Overall"),
    "of_100": ("von 100", "of 100"),
    "questions": ("Fragen", "Questions"),
    "version": ("Version", "Version"),
    "title": ("Titel", "Title"),
    "id": ("ID", "ID"),
    "status.scored": ("bewertet", "scored"),
    "status.insufficient": ("zu wenig beantwortet", "too few answers"),
    "status.not_applicable": ("nicht zutreffend", "not applicable"),
    "state.scored": ("beantwortet", "answered"),
    "state.unknown": ("weiß nicht", "don't know"),
    "state.na": ("nicht zutreffend", "not applicable"),
    "state.missing": ("offen", "open"),
    "phase.quick_wins": ("Sofort angehen (Quick Wins)", "Start now (quick wins)"),
    "phase.medium_term": ("Mittelfristig", "Medium term"),
    "phase.strategic": ("Strategisch", "Strategic"),
    "effort.low": ("gering", "low"),
    "effort.medium": ("mittel", "medium"),
    "effort.high": ("hoch", "high"),
    "gain": ("Zugewinn", "Gain"),
    "capped": ("Stufe begrenzt durch", "level capped by"),
    "next_steps": ("Nächste Schritte", "Next steps"),
    "no_overall": (
        "Kein Gesamtergebnis: zu wenige Handlungsfelder sind ausreichend beantwortet.",
        "No overall result: too few action areas have enough answers.",
    ),
    "points": ("Pkt.", "pts"),
    "valid": ("gültig", "valid"),
    "kind.questionnaire": ("Fragebogen", "questionnaire"),
    "kind.answers": ("Antworten", "answers"),
    "kind.mapping": ("Zuordnung", "mapping"),
    "report_hint": ("Bericht erstellen:", "Render the report:"),
}


def t(key: str, lang: str = "de") -> str:
    """The fixed text ``key`` in ``lang`` (German for any language the tool does not speak)."""
    german, english = _CATALOGUE[key]
    return english if lang == "en" else german
