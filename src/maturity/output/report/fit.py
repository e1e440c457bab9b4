"""Text cut to one printed line: the compact annex of a PDF gives each recommendation one line.

The line is cut before the text is printed, at a word, with "…" – not by CSS ``text-overflow``:
WeasyPrint maps the ellipsis it draws to the first cut-off text in the PDF's text layer, so every
line copied from the annex (and read aloud) ended in the same stray words ("…rtal Ihres Landes.").
Widths are those of DejaVu Sans, the widest of the report's fonts and the one a server without
others prints with; a narrower font leaves room at the line's end, never text under the next column.
"""

from __future__ import annotations

from functools import lru_cache

_WIDTHS = {  # advance widths of DejaVu Sans, in hundredths of an em, for the characters of reports
    20: "\u202f",
    27: "'",
    28: "ijl",
    29: "IJ",
    32: " ,.‚‘’·\u00a0",
    34: "/:;\\|",
    35: "f",
    36: "-",
    39: "()[]t",
    40: "!",
    41: "r",
    46: '"',
    50: "*_`–§°",
    52: "sz„“”",
    53: "?",
    55: "cç",
    56: "L",
    58: "Fk",
    59: "vxy",
    60: "P",
    61: "TYaoäöáà",
    62: "eéè",
    63: "ESbdghnpquüßñ",
    64: "$0123456789{}€",
    66: "K",
    68: "AVÄ",
    69: "BRXZ",
    70: "C",
    73: "UÜ",
    75: "HN",
    77: "DG",
    78: "&",
    79: "OQÖ",
    82: "w",
    84: "#+<=>^~×",
    86: "M",
    95: "%",
    97: "m",
    99: "W",
    100: "@—…",
}
_WIDTH = {char: hundredths / 100 for hundredths, chars in _WIDTHS.items() for char in chars}
_OTHER = 0.8  # a character not in the table: wider than most, so a cut line still fits
ELLIPSIS = "…"


def text_width(text: str) -> float:
    """The width of ``text`` set in DejaVu Sans, in ems (without kerning)."""
    return sum(_WIDTH.get(char, _OTHER) for char in text)


@lru_cache(maxsize=8192)
def fit_line(text: str, width: float) -> str:
    """``text`` if it fits in ``width`` ems, else its longest start that ends at a word and fits
    with "…" after it (a first word longer than the line is cut inside)."""
    text = " ".join(text.split())
    if text_width(text) <= width:
        return text
    room = width - _WIDTH[ELLIPSIS]
    used = 0.0
    fits = 0  # how many characters fit
    word_end = 0  # the end of the last whole word among them
    for char in text:
        if char == " ":  # a word ends here, whether or not the space would fit
            word_end = fits
        used += _WIDTH.get(char, _OTHER)
        if used > room:
            break
        fits += 1
    return text[: word_end or fits].rstrip(" ,;:–-") + ELLIPSIS
