"""The municipality's key and size as a person, a spreadsheet or a survey tool writes them.

One set of rules for YAML answers, XLSX answers, ``assess`` and ``batch``: the Amtlicher
Gemeindeschlüssel (AGS) as text or number, with the leading zero a spreadsheet drops put back (and said
so); the population as a whole number, with German or English thousands separators (``4.200``,
``4,200``, ``4 200``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from maturity.i18n import Text
from maturity.load.messages import ags_expected, describe, population_expected
from maturity.model import land_of_ags

MAX_POPULATION = 100_000_000
"""More inhabitants than any municipality has (Berlin: under 4 million): a typo, or a number pasted
into the wrong field."""
MAX_POPULATION_DIGITS = 9
"""No municipality has a billion inhabitants; a longer number is a mistake (or an attack on int())."""
AGS_PATTERN = re.compile(r"\d{8}", re.ASCII)
"""Match with ``fullmatch``: eight ASCII digits, nothing before or after."""
_POPULATION = re.compile(
    r"(?P<whole>\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)(?:[.,]0+)?", re.ASCII
)  # thousands groups first: "4.000" is four thousand; a decimal tail of zeros as spreadsheets write it


class Reading(NamedTuple):
    """A value read from what someone wrote: the value, what is wrong with it (then the value is
    empty), and what was repaired (a note to show, the value stands)."""

    value: str | int | None
    problem: Text | None = None
    note: Text | None = None


def is_ags(text: str) -> bool:
    """Eight ASCII digits."""
    return AGS_PATTERN.fullmatch(text) is not None


def dropped_zero(text: str) -> bool:
    """Seven digits whose AGS with the leading zero put back names a Land (``7141999``: Rheinland-Pfalz):
    a spreadsheet stored the key as a number."""
    return len(text) == 7 and text.isascii() and text.isdigit() and bool(land_of_ags("0" + text))


def padding_note(short: str, hint: Text | None = None) -> Text:
    """The note for one AGS given the leading zero back, with what to do next time."""
    return Text(
        f"AGS {short} mit 7 Ziffern um die führende 0 ergänzt: 0{short}"
        + (f" ({hint.de})" if hint else ""),
        f"AGS {short} of 7 digits given its leading 0 back: 0{short}"
        + (f" ({hint.en})" if hint else ""),
    )


def read_ags(raw: object, hint: Text | None = None) -> Reading:
    """The AGS of a cell or a YAML value: text or a whole number; 7 digits get their leading zero back
    with a note (``hint`` says how to keep the zero next time)."""
    if raw is None or isinstance(raw, bool):
        return Reading("") if raw is None else Reading("", ags_expected(str(raw)))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if not text or is_ags(text):
        return Reading(text)
    if dropped_zero(text):
        return Reading("0" + text, note=padding_note(text, hint))
    zeros_lost = text.isascii() and text.isdigit() and len(text) < 8
    return Reading("", ags_expected(text, zeros_lost=zeros_lost, hint=hint))


def population_number(text: object) -> int | None:
    """A population as a whole number (``4200``, ``4.200``, ``4,200``, ``4 200``: thousands separated
    by a point, comma or space; ``4200.0`` as a spreadsheet stores it); None if it is not one."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if text >= 0 and len(str(text)) <= MAX_POPULATION_DIGITS else None
    if isinstance(text, float):
        return int(text) if text.is_integer() and 0 <= text < 10**MAX_POPULATION_DIGITS else None
    found = _POPULATION.fullmatch(str(text).strip())
    if found is None:
        return None
    digits = re.sub(r"\D", "", found["whole"])
    return int(digits) if len(digits) <= MAX_POPULATION_DIGITS else None


def read_population(raw: object) -> Reading:
    """The population of a cell or a YAML value: a whole number from 0 to :data:`MAX_POPULATION`,
    written with or without thousands separators."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Reading(None)
    number = population_number(raw)
    if number is None or number > MAX_POPULATION:
        if isinstance(raw, str):  # as written, shortened
            text = raw if len(raw) <= 40 else raw[:37] + "..."
            shown = Text(f"'{text}'", f"'{text}'")
        else:
            shown = describe(raw)
        return Reading(None, population_expected(shown, MAX_POPULATION))
    return Reading(number)
