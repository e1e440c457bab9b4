"""Messages that more than one reader says, in both languages, worded once.

The YAML and the XLSX readers of answers, the mapping reader and the export reader report the same
kinds of problem; they take the words from here so that a user reads the same sentence for the same
mistake, whichever file it is in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from maturity.i18n import Text
from maturity.model import LAENDER, folded

FILE_NOT_FOUND = Text("Datei nicht gefunden", "file not found")
IS_A_DIRECTORY = Text("ist ein Ordner, erwartet eine Datei", "is a directory, expected a file")
STATE_CODES = ", ".join(LAENDER)


def nearest(word: str, candidates: Iterable[str]) -> str:
    """The candidate ``word`` was probably meant to be (case and spaces aside), "" for none."""
    import difflib

    keyed = {folded(c): c for c in candidates}
    found = difflib.get_close_matches(folded(word), list(keyed), n=1, cutoff=0.6)
    return keyed[found[0]] if found else ""


def did_you_mean(suggestion: str) -> Text:
    """ "; meinten Sie 'weight'?" where there is a suggestion, else nothing."""
    if not suggestion:
        return Text("", "")
    return Text(f"; meinten Sie {suggestion}?", f"; did you mean {suggestion}?")


def cannot_read(exc: OSError) -> Text:
    reason = exc.strerror or type(exc).__name__
    return Text(f"Datei nicht lesbar: {reason}", f"cannot read file: {reason}")


def version_mismatch(version: str, qid: str, current: str) -> Text:
    return Text(
        f"die Antworten gelten für Version {version} von '{qid}', der Fragebogen hat Version "
        f"{current}",
        f"answers were given for version {version} of '{qid}', the questionnaire is version "
        f"{current}",
    )


def archived_version(qid: str, version: str, current: str) -> Text:
    return Text(
        f"die Antworten gelten für Version {version} von '{qid}' und werden mit dieser Fassung "
        f"ausgewertet; die aktuelle Version {current} fragt anders – für die nächste Erhebung eine "
        "neue Vorlage anlegen (maturity template oder maturity assess)",
        f"the answers were given for version {version} of '{qid}' and are scored with that version; "
        f"the current version {current} asks different questions – start the next assessment from a "
        "new template (maturity template or maturity assess)",
    )


def unknown_questionnaire(qid: str, bundled: Iterable[str]) -> Text:
    known = ", ".join(bundled)
    return Text(
        f"unbekannter Fragebogen '{qid}'; mitgeliefert: {known or 'keine'} "
        "(für einen angepassten Fragebogen -q DATEI angeben)",
        f"unknown questionnaire '{qid}'; bundled: {known or 'none'} "
        "(pass -q FILE for an adapted questionnaire)",
    )


def other_questionnaire(what: Text, qid: str, given: str) -> Text:
    """``what`` is how the file speaks of itself: "these answers are", "this workbook is"."""
    return Text(
        f"{what.de} für den Fragebogen '{qid}', angegeben ist aber '{given}'",
        f"{what.en} for questionnaire '{qid}', but the questionnaire given is '{given}'",
    )


def unknown_question(qid: object, questionnaire_id: str) -> Text:
    return Text(
        f"unbekannte Fragen-ID '{qid}' im Fragebogen '{questionnaire_id}'",
        f"unknown question id '{qid}' in questionnaire '{questionnaire_id}'",
    )


def not_applicable_refused(raw: object, qid: str) -> Text:
    return Text(
        f"'{raw}' (nicht zutreffend) ist bei der Frage '{qid}' nicht erlaubt",
        f"'{raw}' (not applicable) is not allowed for question '{qid}'",
    )


def exclusive_refused(option_id: str) -> Text:
    return Text(
        f"die Option '{option_id}' lässt sich nicht mit anderen kombinieren",
        f"option '{option_id}' cannot be combined with other options",
    )


def ags_expected(got: str, *, zeros_lost: bool = False, hint: Text | None = None) -> Text:
    """An AGS that is not one; with ``zeros_lost`` (fewer than 8 digits) the question whether leading
    zeros were lost, and ``hint`` how to keep them (by default: format the cell as text)."""
    keep = hint or Text("die Zelle als Text formatieren", "format the cell as text")
    hint_de = f" (führende Nullen verloren? {keep.de})" if zeros_lost else ""
    hint_en = f" (leading zeros lost? {keep.en})" if zeros_lost else ""
    return Text(
        f"erwartet den achtstelligen Amtlichen Gemeindeschlüssel, gefunden: '{got}'{hint_de}",
        f"expected the 8-digit Amtlicher Gemeindeschlüssel, got '{got}'{hint_en}",
    )


def state_expected(got: str) -> Text:
    return Text(
        f"erwartet ein Länderkürzel ({STATE_CODES}), gefunden: '{got}'",
        f"expected a state code ({STATE_CODES}), got '{got}'",
    )


def date_expected(got: Text) -> Text:
    return Text(
        f"erwartet ein Datum wie 2026-11-01, gefunden: {got.de}",
        f"expected a date like 2026-11-01, got {got.en}",
    )


def population_expected(got: Text, maximum: int) -> Text:
    return Text(
        f"erwartet eine ganze Zahl von Einwohnerinnen und Einwohnern von 0 bis {maximum:,}".replace(
            ",", "."
        )
        + f", gefunden: {got.de}",
        f"expected a whole number of inhabitants from 0 to {maximum:,}, got {got.en}",
    )


def not_a_workbook(detail: object) -> Text:
    return Text(
        f"die Arbeitsmappe lässt sich nicht lesen: {detail}",
        f"cannot read the workbook: {detail}",
    )


def describe(value: Any) -> Text:
    """A short, user-facing description of a YAML value's type."""
    if value is None:
        return Text("nichts", "nothing")
    if isinstance(value, bool):
        shown = f"'{str(value).lower()}'"
        return Text(shown, shown)
    if isinstance(value, int):
        digits = str(abs(value)) if value.bit_length() < 1000 else ""
        if 0 < len(digits) <= 40:
            return Text(f"die Zahl {value}", f"the number {value}")
        return Text("eine viel zu große Zahl", "a number far too large")
    if isinstance(value, float):
        return Text(f"die Zahl {value}", f"the number {value}")
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return Text(f"der Text '{shown}'", f"the text '{shown}'")
    if isinstance(value, list):
        return Text("eine Liste", "a list")
    if isinstance(value, dict):
        return Text("eine Zuordnung", "a mapping")
    if isinstance(value, dt.date):
        return Text(f"das Datum {value.isoformat()}", f"the date {value.isoformat()}")
    return Text(type(value).__name__, type(value).__name__)
