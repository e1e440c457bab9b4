"""Spreadsheet cells written for the user: text that a spreadsheet would run as a formula is made inert."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) with an apostrophe,
    so that Excel and LibreOffice show it as text instead of evaluating it. Numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
