"""Markdown: questionnaire texts rendered inline to safe HTML, and input text made inert for Markdown
output. Used by the reports and by the LimeSurvey form (which carries HTML texts)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@cache
def _markdown() -> MarkdownIt:
    """CommonMark without raw HTML and without images (an image would be a network resource)."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


@lru_cache(maxsize=8192)
def markdown_inline(text: str) -> Markup:
    """Questionnaire Markdown -> safe inline HTML; raw HTML in the text is escaped, not rendered.
    Cached: the same questionnaire texts appear in every report of a batch."""
    return Markup(_markdown().renderInline(text or ""))


@lru_cache(maxsize=8192)
def markdown_plain(text: str) -> str:
    """Questionnaire Markdown as the plain text a reader sees (emphasis, code and link texts kept,
    their markup and addresses dropped)."""
    words: list[str] = []
    for token in _markdown().parseInline(text or ""):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return "".join(words)


class Inert(str):
    """Text already made inert for Markdown output."""

    __slots__ = ()


_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
"""Runs of white space, line breaks included, but not the no-break spaces of "81 %" or "12 Std."."""


def markdown_escape(text: object) -> Inert:
    """Plain text from an input file, made inert for Markdown output (no links, emphasis or HTML)."""
    value = _SPACES.sub(" ", str(text or "")).strip(" ")
    return Inert(_MARKDOWN_SPECIAL.sub(r"\\\1", value))


_RAW_HTML = re.compile(r"<(?=[A-Za-z/!?])")
_IMAGE = re.compile(r"!\[")


def markdown_safe(value: object) -> object:
    """Everything a Markdown report prints, as Markdown that renders no raw HTML and loads no image:
    an adapted questionnaire's ``<script>`` or ``![](https://...)`` stays text, as in the HTML report.
    Text escaped by :func:`markdown_escape` passes unchanged."""
    if isinstance(value, Inert) or not isinstance(value, str):
        return value
    return _IMAGE.sub("!\\[", _RAW_HTML.sub("&lt;", value))
