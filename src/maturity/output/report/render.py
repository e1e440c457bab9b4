"""Render report and questionnaire contexts with the Jinja2 templates shipped in the package."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from maturity import __version__
from maturity.i18n import t
from maturity.output.formatting import number, percent, signed, text_bar
from maturity.output.markdown import markdown_escape, markdown_inline, markdown_safe


def _style() -> str:
    return (resources.files("maturity.output.report") / "templates" / "style.css").read_text(
        encoding="utf-8"
    )


@cache
def _environment(kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("maturity.output.report", "templates"),
        autoescape=kind == "html",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=None if kind == "html" else markdown_safe,
    )
    env.filters["md"] = markdown_inline
    env.filters["mdesc"] = markdown_escape
    return env


def _helpers(lang: str) -> dict[str, Any]:
    return {
        "t": lambda key, **kw: t(key, lang).format(**kw) if kw else t(key, lang),
        "num": lambda value, digits=1: "–" if value is None else number(value, lang, digits),
        "pct": lambda share: percent(share, lang),
        "signed": lambda value: "–" if value is None else signed(value, lang),
        "bar": text_bar,
        "tool_version": __version__,
    }


def render(template: str, context: dict[str, Any]) -> str:
    """Render ``template`` (``*.html.j2`` or ``*.md.j2``) with ``context`` and the format helpers."""
    kind = "html" if template.endswith(".html.j2") else "md"
    data = {**context, **_helpers(context["lang"])}
    if kind == "html":
        data["style"] = Markup(_style())
    text = _environment(kind).get_template(template).render(data)
    return text.rstrip() + "\n"


@lru_cache(maxsize=8192)
def roadmap_item_html(
    text: str,
    question_text: str,
    effort_label: str,
    area_anchor: str,
    area: str,
    refs: tuple[tuple[str, str], ...],
) -> tuple[Markup, Markup]:
    """The parts of a roadmap entry that are the same in every report of a questionnaire: rendered once
    and reused, which keeps a batch of thousands of reports fast."""
    head = Markup('<strong>{}</strong><br>\n<span class="muted">{}</span>').format(
        markdown_inline(text), markdown_inline(question_text)
    )
    links = Markup("; ").join(
        Markup('<a href="#ref-{}">{}</a>').format(ref_id, title) for ref_id, title in refs
    )
    tail = Markup('<span class="tag">{}</span> <a href="#{}">{}</a>').format(
        effort_label, area_anchor, area
    )
    if refs:
        tail += Markup('\n<br><span class="refs">{}</span>').format(links)
    return head, tail
