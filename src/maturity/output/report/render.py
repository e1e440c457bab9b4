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


@cache
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


# --- the two loops over the areas, in Python: the same HTML as the template wrote, several times as
# fast (a Jinja expression costs a call and an escape; a report has a dozen areas with twenty each).
# Numbers (digits, separators, signs, "%") are the only values not escaped.


def _num(value: float | None, lang: str, digits: int = 1) -> str:
    return "–" if value is None else number(value, lang, digits)


def areas_table_html(areas: list[dict[str, Any]], compare: bool, lang: str) -> Markup:
    """The rows of the area overview table."""
    from markupsafe import escape

    label = {key: escape(t(key, lang)) for key in ("area", "score", "change", "level", "coverage")}
    caps = f' <span class="tag warn">{escape(t("caps_level", lang))}</span>'
    rows = []
    for area in areas:
        change = ""
        if compare:
            delta = area["change"].delta if area["change"] else None
            shown = "–" if delta is None else signed(delta, lang)
            change = f'<td data-label="{label["change"]}" class="num">{escape(shown)}</td>'
        if area["status"] == "scored":
            level = f"{escape(area['level'])} {escape(area['level_name'])}"
            level += caps if area["capped_by"] else ""
        else:
            level = f'<span class="muted">{escape(area["status_label"])}</span>'
        bar = ""
        if area["score"] is not None:
            bar += f'<span style="width: {area["score"]:.1f}%"></span>'
        if area["previous_score"] is not None:
            bar += f'<i style="left: {area["previous_score"]:.1f}%"></i>'
        rows.append(
            "<tr>\n"
            f'<td data-label="{label["area"]}"><a href="#{escape(area["anchor"])}">'
            f"{escape(area['name'])}</a></td>\n"
            f'<td data-label="{label["score"]}" class="num">{_num(area["score"], lang)}</td>\n'
            f"{change}"
            f'<td data-label="{label["level"]}">{level}</td>\n'
            f'<td data-label="{label["coverage"]}" class="num">'
            f"{percent(area['coverage'], lang)}</td>\n"
            f'<td data-label="0–100"><div class="bar" aria-hidden="true">{bar}</div></td>\n'
            "</tr>\n"
        )
    return Markup("".join(rows))


def area_sections_html(areas: list[dict[str, Any]], lang: str) -> Markup:
    """One section per area: score, level, coverage, weight, spread, caps, advice, weakest answers."""
    from markupsafe import escape

    words = {
        key: escape(t(key, lang))
        for key in ("score", "level", "coverage", "weight", "spread", "capped_note", "advice")
    }
    weakest_heading = f"<h4>{escape(t('weakest', lang))}</h4>\n"
    parts = []
    for area in areas:
        description = (
            f'<p class="muted">{markdown_inline(area["description"])}</p>'
            if area["description"]
            else ""
        )
        change = area["change"]
        delta = (
            f" ({escape(signed(change.delta, lang))})"
            if change and change.delta is not None
            else ""
        )
        if area["status"] == "scored":
            level = f"{escape(area['level'])} {escape(area['level_name'])}"
        else:
            level = escape(area["status_label"])
        spread = (
            f"<span>{words['spread']}: {_num(area['spread'][0], lang)}–"
            f"{_num(area['spread'][1], lang)}</span>"
            if area["spread"]
            else ""
        )
        capped = (
            f'<p class="capped">{words["capped_note"]} '
            + "; ".join(markdown_inline(q["text"]) for q in area["capped_by"])
            + "</p>\n"
            if area["capped_by"]
            else ""
        )
        advice = (
            f'<p class="advice"><strong>{words["advice"]}:</strong> '
            f"{markdown_inline(area['advice'])}</p>"
            if area["advice"]
            else ""
        )
        weakest = ""
        if area["weakest"]:
            items = "".join(
                f"<li>{markdown_inline(q['text'])} – <em>{escape(q['answer'])}</em> "
                f'<span class="muted">({_num(q["score"], lang, 0)}/100)</span></li>\n'
                for q in area["weakest"]
            )
            weakest = f"{weakest_heading}<ul>\n{items}</ul>\n"
        parts.append(
            f'<section class="area" id="{escape(area["anchor"])}">\n'
            f"<h3>{escape(area['name'])}</h3>\n"
            f'{description}<div class="meta">\n'
            f"<span>{words['score']}: <strong>{_num(area['score'], lang)}</strong>"
            f"{delta}</span>\n"
            f"<span>{words['level']}: <strong>{level}</strong></span>\n"
            f"<span>{words['coverage']}: {percent(area['coverage'], lang)}</span>\n"
            f"<span>{words['weight']}: {_num(area['weight'], lang, 2)}</span>\n"
            f"{spread}</div>\n"
            f"{capped}{advice}{weakest}"
            "</section>\n"
        )
    return Markup("".join(parts))


def peer_tables_html(peers: dict[str, Any], lang: str) -> Markup:
    """The peer groups' tables: per area the municipality's score beside the group's median and
    middle half (three groups of a dozen rows: written in Python for the same reason as above)."""
    from markupsafe import escape

    label = {
        key: escape(t(key, lang))
        for key in ("area", "your_score", "peer_median", "peer_middle", "peer_position")
    }
    heading = escape(t("peer_group", lang))
    head = (
        '<thead><tr><th scope="col">{area}</th><th scope="col" class="num">{your_score}</th>'
        '<th scope="col" class="num">{peer_median}</th><th scope="col" class="num">{peer_middle}'
        '</th><th scope="col">{peer_position}</th></tr></thead>\n'
    ).format(**label)
    parts = []
    for group in peers["groups"]:
        rows = "".join(
            f'<tr><td data-label="{label["area"]}">{escape(row["name"])}</td>'
            f'<td data-label="{label["your_score"]}" class="num">{_num(row["score"], lang)}</td>'
            f'<td data-label="{label["peer_median"]}" class="num">{_num(row["median"], lang)}</td>'
            f'<td data-label="{label["peer_middle"]}" class="num">{_num(row["q1"], lang)}–'
            f"{_num(row['q3'], lang)}</td>"
            f'<td data-label="{label["peer_position"]}">{escape(row["position"])}</td></tr>\n'
            for row in group["rows"]
        )
        parts.append(
            f"<h3>{heading}: {escape(group['label'])} "
            f'<span class="muted">({escape(group["count"])})</span></h3>\n'
            f'<table class="responsive peers">\n{head}<tbody>\n{rows}</tbody>\n</table>\n'
        )
    return Markup("".join(parts))
