"""``maturity init``: an editable copy of a questionnaire for a consultant to adapt.

The copy keeps the original's layout and the comments within it (it is the same YAML text; the
opening notes of a bundled file, written for its maintainers, give way to a header for the user), gets an id of its own
(so that its answers never resolve to the bundled original), its version reset to ``0.1``, and a
``yaml-language-server`` header that points editors such as VS Code to the JSON Schema written
beside it, for completion and checking while typing.
"""

from __future__ import annotations

import re

from maturity.model import Questionnaire

SCHEMA_FILE = "maturity-questionnaire.schema.json"
FIRST_VERSION = "0.1"

_ID_LINE = re.compile(r"^id:[^\n]*$", re.MULTILINE)
_VERSION_LINE = re.compile(r"^version:[^\n]*$", re.MULTILINE)
_SCHEMA_HEADER = re.compile(r"^# yaml-language-server:[^\n]*\n", re.MULTILINE)
_LEADING_COMMENTS = re.compile(r"\A(?:#[^\n]*\n)+")


def questionnaire_copy(text: str, original: Questionnaire, new_id: str, lang: str = "de") -> str:
    """The questionnaire's YAML ``text`` with ``new_id``, the version reset and a schema header."""
    body = _SCHEMA_HEADER.sub("", text.lstrip("\ufeff"))
    body = _LEADING_COMMENTS.sub("", body, count=1)  # the bundled file's notes for its maintainers
    body = _ID_LINE.sub(f"id: {new_id}", body, count=1)
    body = _VERSION_LINE.sub(f'version: "{FIRST_VERSION}"', body, count=1)
    note = (
        f"# Angepasst aus '{original.id}' {original.version}. Nach jeder Änderung prüfen: "
        f"maturity validate DIESE-DATEI\n# Verwenden mit -q DIESE-DATEI (template, assess, score, "
        "report, batch, export-form).\n"
        if lang == "de"
        else f"# Adapted from '{original.id}' {original.version}. Check after every change: "
        f"maturity validate THIS-FILE\n# Use it with -q THIS-FILE (template, assess, score, report, "
        "batch, export-form).\n"
    )
    return f"# yaml-language-server: $schema=./{SCHEMA_FILE}\n{note}{body}"
