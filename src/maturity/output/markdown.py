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


def markdown_escape(text: object) -> str:
    """Plain text from an input file, made inert for Markdown output (no links, emphasis or HTML)."""
    value = " ".join(str(text or "").split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)
