"""Render report and questionnaire contexts with the Jinja2 templates shipped in the package."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from maturity import __version__
from maturity.i18n import t
from maturity.output.formatting import NBSP, number, percent, signed, text_bar
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


def _helpers(lang: str, kind: str = "html") -> dict[str, Any]:
    return {
        "t": lambda key, **kw: t(key, lang).format(**kw) if kw else t(key, lang),
        "num": lambda value, digits=1: "–" if value is None else number(value, lang, digits),
        "pct": lambda share: percent(share, lang),
        "signed": lambda value: "–" if value is None else signed(value, lang),
        "bar": text_bar,
        "nbsp": NBSP,
        "target": lambda area: target_cells(area, lang),
        "foundation": (lambda found: Markup(foundation_html(found, lang)))
        if kind == "html"
        else (lambda found: foundation_md(found, lang)),
        "tool_version": __version__,
    }


def render(template: str, context: dict[str, Any]) -> str:
    """Render ``template`` (``*.html.j2`` or ``*.md.j2``) with ``context`` and the format helpers."""
    kind = "html" if template.endswith(".html.j2") else "md"
    data = {**context, **_helpers(context["lang"], kind)}
    if kind == "html":
        data["style"] = Markup(_style())
    text = _environment(kind).get_template(template).render(data)
    return text.rstrip() + "\n"


@lru_cache(maxsize=8192)
def measure_html(
    text: str,
    area_anchor: str,
    area: str,
    effort_label: str,
    guidance: str,
    refs: tuple[tuple[str, str, str], ...],
) -> str:
    """A recommendation as a roadmap table shows it (text, area, effort, guidance): the same
    in every report of a questionnaire, so rendered once and reused, which keeps batches fast."""
    from markupsafe import escape

    links = " ".join(
        f'<a href="#ref-{escape(ref_id)}" title="{escape(title)}">[{escape(number)}]</a>'
        for ref_id, number, title in refs
    )
    return (
        f"<strong>{markdown_inline(text)}</strong><br>\n"
        f'<span class="refs"><a href="#{escape(area_anchor)}">{escape(area)}</a> · '
        f"{escape(effort_label)}{f' · {escape(guidance)} {links}' if links else ''}</span>"
    )


def foundation_html(found: dict[str, Any], lang: str) -> str:
    """A gate that holds a level back, in words: the question, the answer given, what the next level
    needs ("Notfallplan? – Antwort: schriftlich, nicht geübt; für Stufe 4 nötig: „geübt“")."""
    from markupsafe import escape

    needed = t("needed_for", lang).format(level=found["level"] + 1)
    return (
        f"{markdown_inline(found['text'])} – {escape(t('answer', lang))}: "
        f"<em>{escape(found['answer'])}</em>; {escape(needed)}: {escape(found['need'])}"
    )


def foundation_md(found: dict[str, Any], lang: str) -> str:
    """:func:`foundation_html` for Markdown (the answer is escaped by the caller's finaliser)."""
    needed = t("needed_for", lang).format(level=found["level"] + 1)
    return (
        f"{found['text']} – {t('answer', lang)}: *{markdown_escape(found['answer'])}*; "
        f"{needed}: {markdown_escape(found['need'])}"
    )


def _measure(item: dict[str, Any], lang: str) -> str:
    return measure_html(
        item["text"],
        item["area_anchor"],
        item["area"],
        f"{t('effort', lang)}: {item['effort']}",
        t("guidance", lang),
        tuple((ref["id"], ref["number"], ref["title"]) for ref in item["refs"]),
    ) + _tags(item, lang)


@cache
def _tag_texts(lang: str) -> tuple[str, str]:
    from markupsafe import escape

    return (
        f' <span class="tag warn">{escape(t("caps_level", lang))}</span>',
        f' <span class="tag duty">{escape(t("duty_tag", lang))}</span>',
    )


def _tags(item: dict[str, Any], lang: str) -> str:
    """The marks of a recommendation that comes first in its phase: it caps a level, it is a duty
    (with its deadline, marked when it has passed)."""
    from markupsafe import escape

    caps, duty = _tag_texts(lang)
    tags = (caps if item["caps_level"] else "") + (duty if item.get("obligation") else "")
    if item.get("due"):
        kind = "warn" if item.get("overdue") else "duty"
        tags += f' <span class="tag {kind}">{escape(item["due"])}</span>'
    return tags


def _gain(value: float, lang: str) -> str:
    return f"+{_num(value, lang)}{NBSP}{t('points', lang)}"


def roadmap_table_html(items: list[dict[str, Any]], lang: str) -> Markup:
    """A phase of the short roadmap: number, measure, gain, and two columns to fill in (who, by when)."""
    from markupsafe import escape

    if not items:
        return Markup("")
    label = {k: escape(t(k, lang)) for k in ("number", "measure", "gain", "owner", "due")}
    rows = "".join(
        "<tr>"
        f'<td data-label="{label["number"]}" class="num">{item["number"]}</td>'
        f'<td data-label="{label["measure"]}">{_measure(item, lang)}</td>'
        f'<td data-label="{label["gain"]}" class="num">{escape(_gain(item["gain"], lang))}</td>'
        f'<td data-label="{label["owner"]}" class="fill-in"></td>'
        f'<td data-label="{label["due"]}" class="fill-in"></td>'
        "</tr>\n"
        for item in items
    )
    return Markup(
        '<table class="roadmap stack">\n<thead><tr>'
        f'<th scope="col" class="num">{label["number"]}</th><th scope="col">{label["measure"]}</th>'
        f'<th scope="col" class="num">{label["gain"]}</th><th scope="col">{label["owner"]}</th>'
        f'<th scope="col">{label["due"]}</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>'
    )


@lru_cache(maxsize=8192)
def _annex_cells(
    text: str, caps: str, area_anchor: str, area: str, phase: str, lang: str
) -> tuple[str, str]:
    """The measure and phase cells of an annex row: the same in every report, rendered once."""
    from markupsafe import escape

    label = {k: escape(t(k, lang)) for k in ("number", "measure", "phase_short", "gain")}
    measure = (
        f'<td data-label="{label["measure"]}">{markdown_inline(text)}{caps}'
        f'<br><span class="refs"><a href="#{escape(area_anchor)}">{escape(area)}</a></span></td>'
        f'<td data-label="{label["phase_short"]}">{escape(phase)}</td>'
        f'<td data-label="{label["gain"]}" class="num">'
    )
    return f'<tr><td data-label="{label["number"]}" class="num">', f"</td>{measure}"


def annex_table_html(items: list[dict[str, Any]], lang: str) -> Markup:
    """Every recommendation, numbered as the roadmap numbers them, with its phase and gain."""
    from markupsafe import escape

    if not items:
        return Markup("")
    label = {k: escape(t(k, lang)) for k in ("number", "measure", "phase_short", "gain")}
    rows = []
    for item in items:
        start, middle = _annex_cells(
            item["text"], _tags(item, lang), item["area_anchor"], item["area"], item["phase"], lang
        )
        rows.append(f"{start}{item['number']}{middle}{_gain(item['gain'], lang)}</td></tr>\n")
    return Markup(
        '<table class="annex stack">\n<thead><tr>'
        f'<th scope="col" class="num">{label["number"]}</th><th scope="col">{label["measure"]}</th>'
        f'<th scope="col">{label["phase_short"]}</th><th scope="col" class="num">{label["gain"]}</th>'
        f"</tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>"
    )


ANNEX_MEASURE_WIDTH = 34.5
"""Ems of the printed annex's measure column (style.css, ``.annex-compact``): A4 less two 15 mm
margins is 51 rem of print's 10 pt; less the other columns (2.4 + 9 + 5 rem) and the cell's padding
(.6 rem) 34 rem, 35.8 ems of the cells' .95 rem type; 34.5 leave room for kerning."""


def annex_lines_html(items: list[dict[str, Any]], lang: str) -> Markup:
    """The annex of a printout: one line per recommendation (number, measure, phase, gain); a
    measure too long for the line is cut at a word with "…", and ``--annex full`` prints it whole."""
    from markupsafe import escape

    from maturity.output.markdown import markdown_plain
    from maturity.output.report.fit import fit_line

    if not items:
        return Markup("")
    label = {k: escape(t(k, lang)) for k in ("number", "measure", "phase_short", "gain")}
    rows = "".join(
        f'<tr><td class="num">{item["number"]}</td>'
        f"<td>{escape(fit_line(markdown_plain(item['text']), ANNEX_MEASURE_WIDTH))}</td>"
        f"<td>{escape(item['phase_brief'])}</td>"
        f'<td class="num">{escape(_gain(item["gain"], lang))}</td></tr>\n'
        for item in items
    )
    return Markup(
        '<table class="annex lines">\n<thead><tr>'
        f'<th scope="col" class="num">{label["number"]}</th><th scope="col">{label["measure"]}</th>'
        f'<th scope="col">{label["phase_short"]}</th><th scope="col" class="num">{label["gain"]}</th>'
        f"</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>"
    )


BAND_COLOURS = ("#f1f3f6", "#e4e9f0", "#d5dde8", "#c5d0df", "#b4c3d6", "#a3b5cd")
"""Level bands behind the bars, light to darker: they stay behind the values and print in grey."""


def _bands(glance: dict[str, Any]) -> list[tuple[int, float, float, str]]:
    bands = glance["bands"]
    return [
        (level, low, high, BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)])
        for i, (level, low, high) in enumerate(bands)
    ]


def page_style(context: dict[str, Any], lang: str) -> Markup:
    """What the style sheet cannot know in advance: the level bands of this questionnaire, the words
    of the page numbers, and a brand's accent colour. Only fixed words and numbers go in here."""
    stops = ", ".join(
        f"{colour} {low:g}%, {colour} {high:g}%"
        for _, low, high, colour in _bands(context["glance"])
    )
    page = t("page_of", lang).replace('"', "")
    before, _, after = page.partition("{page}")
    middle, _, end = after.partition("{pages}")
    counter = f'"{before}" counter(page) "{middle}" counter(pages) "{end}"'
    accent = ""
    brand = context.get("brand")
    if brand and brand["accent"]:  # validated as #rrggbb
        accent = f":root {{ --accent: {brand['accent']}; }}\n"
    return Markup(
        f"{accent}.lane {{ background: linear-gradient(to right, {stops}); }}\n"
        f"@page {{ @bottom-right {{ content: {counter}; }} }}\n"
    )


def glance_bars_html(context: dict[str, Any], lang: str) -> Markup:
    """The areas as bars sorted by score, on the level bands, with the previous value and the peer
    median as marks; every value is also written out, so the bars need no text alternative."""
    from markupsafe import escape

    glance = context["glance"]
    level_word = escape(t("level", lang))
    items = []
    for bar in glance["bars"]:
        marks = ""
        if bar["score"] is not None:
            marks += f'<span class="fill" style="width: {bar["score"]:.1f}%"></span>'
        if bar["previous"] is not None:
            marks += f'<i class="previous" style="left: {bar["previous"]:.1f}%"></i>'
        if bar["peer_median"] is not None:
            marks += f'<b class="peer" style="left: {bar["peer_median"]:.1f}%"></b>'
        if bar["target_score"] is not None:
            marks += f'<u class="target" style="left: {bar["target_score"]:.1f}%"></u>'
        if bar["score"] is None:
            value = f'<span class="muted">{escape(bar["status_label"])}</span>'
        else:
            value = f"<strong>{_num(bar['score'], lang)}</strong>"
            if bar["level"] is None:  # scored from too few answers (§4.2)
                value += f' <span class="muted">{escape(t("no_level", lang))}</span>'
            else:
                value += f' <span class="muted">{level_word}{NBSP}{bar["level"]}</span>'
        items.append(
            f'<li><a class="name" href="#{escape(bar["anchor"])}">{escape(bar["name"])}</a>'
            f'<span class="track" aria-hidden="true"><span class="lane">{marks}</span></span>'
            f'<span class="value">{value}</span></li>\n'
        )
    return Markup(f'<ol class="bars">\n{"".join(items)}</ol>\n{_legend(context, lang)}')


def _legend(context: dict[str, Any], lang: str) -> str:
    from markupsafe import escape

    glance = context["glance"]
    keys = [
        f'<span><span class="key fill"></span>{escape(t("legend_score", lang))}'
        f"{' ' + escape(context['assessed_on_label']) if context['assessed_on_label'] else ''}"
        "</span>"
    ]
    if any(bar["previous"] is not None for bar in glance["bars"]):
        since = glance["since"]
        keys.append(
            f'<span><i class="key previous"></i>{escape(t("legend_previous", lang))}'
            f"{' ' + escape(since) if since else ''}</span>"
        )
    if any(bar["peer_median"] is not None for bar in glance["bars"]):
        keys.append(
            f'<span><b class="key peer"></b>{escape(t("legend_peer", lang))}: '
            f"{escape(glance['peer_label'])}</span>"
        )
    if glance["targets"]:
        keys.append(f'<span><u class="key target"></u>{escape(t("legend_target", lang))}</span>')
    bands = "".join(
        f'<span class="band" style="background: {colour}">{level}</span>'
        for level, _, _, colour in _bands(glance)
    )
    keys.append(f"<span>{escape(t('legend_bands', lang))} {bands}</span>")
    return f'<p class="legend">{" ".join(keys)}</p>'


# --- the two loops over the areas, in Python: the same HTML as the template wrote, several times as
# fast (a Jinja expression costs a call and an escape; a report has a dozen areas with twenty each).
# Numbers (digits, separators, signs, "%") are the only values not escaped.


@lru_cache(maxsize=65536)
def _num(value: float | None, lang: str, digits: int = 1) -> str:
    """A number as the report shows it; remembered, since the peers' figures, the levels' bounds
    and the common scores repeat in every report of a batch."""
    return "–" if value is None else number(value, lang, digits)


def target_cells(area: dict[str, Any], lang: str) -> tuple[str, str]:
    """The target level and how far it is: reached, the points to go, or held back by a cap."""
    if area["target"] is None:
        return "–", ""
    target = f"{area['target']} {area['target_name']}"
    if area["gap"] == 0:
        return target, t("target_reached", lang)
    if area["target_points"]:
        return target, f"{number(area['target_points'], lang)}{NBSP}{t('points', lang)}"
    if area["gap"] is None:
        return target, "–"
    return target, t("target_capped", lang)


def _target_tds(area: dict[str, Any], targets: bool, lang: str) -> str:
    from markupsafe import escape

    if not targets:
        return ""
    _, distance = target_cells(area, lang)
    target = (
        f'{area["target"]}<span class="minor"> {escape(area["target_name"])}</span>'
        if area["target"] is not None
        else "–"
    )
    return (
        f'<td data-label="{escape(t("target", lang))}">{target}</td>\n'
        f'<td data-label="{escape(t("to_target", lang))}" class="num">{escape(distance)}</td>\n'
    )


def areas_table_html(
    areas: list[dict[str, Any]], compare: bool, lang: str, targets: bool = False
) -> Markup:
    """The rows of the area overview table (with the target columns where targets are set)."""
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
        if area["level"] is not None:
            level = (
                f'{escape(area["level"])}<span class="minor"> {escape(area["level_name"])}</span>'
            )
            level += caps if area["capped_by"] else ""
        elif area["few_reason"]:  # the reason is minor: a phone shows "keine Stufe" alone
            level = (
                f'<span class="muted">{escape(t("no_level", lang))}</span>'
                f'<span class="minor"> – {escape(area["few_reason"])}</span>'
            )
        else:
            level = f'<span class="muted">{escape(area["status_label"])}</span>'
        answered = (
            f'<br><span class="minor">{escape(area["answered_label"])}</span>'
            if area["status"] != "not_applicable"
            else ""
        )
        rows.append(
            "<tr>\n"
            f'<td data-label="{label["area"]}"><a href="#{escape(area["anchor"])}">'
            f"{escape(area['name'])}</a></td>\n"
            f'<td data-label="{label["score"]}" class="num">{_num(area["score"], lang)}</td>\n'
            f"{change}"
            f'<td data-label="{label["level"]}">{level}</td>\n'
            f'<td data-label="{label["coverage"]}" class="num minor">'
            f"{percent(area['coverage'], lang)}{answered}</td>\n"
            f"{_target_tds(area, targets, lang)}"
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
    number_word = escape(t("number", lang))
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
        if area["level"] is not None:
            level = f"{escape(area['level'])} {escape(area['level_name'])}"
        else:
            level = escape(area["status_label"])
        spread = (
            f"<span>{words['spread']}: {_num(area['spread'][0], lang)}–"
            f"{_num(area['spread'][1], lang)}</span>"
            if area["spread"]
            else ""
        )
        capped = ""
        if len(area["capped_by"]) == 1:
            capped = (
                f'<p class="capped">{words["capped_note"]} '
                f"{foundation_html(area['capped_by'][0], lang)}</p>\n"
            )
        elif area["capped_by"]:
            capped = (
                f'<div class="capped"><p>{words["capped_note"]}</p><ul>'
                + "".join(f"<li>{foundation_html(f, lang)}</li>" for f in area["capped_by"])
                + "</ul></div>\n"
            )
        step = area["next_step"]
        advice = (
            f'<p class="advice"><strong>{words["advice"]}:</strong> '
            f"{markdown_inline(step['text'])} "
            f'<span class="muted">(<a href="#roadmap">{number_word}{NBSP}{step["number"]}</a>)'
            "</span></p>\n"
            if step
            else ""
        )
        if area["advice"]:
            advice += (
                f'<p class="level-advice"><strong>{escape(area["advice_label"])}:</strong> '
                f"{markdown_inline(area['advice'])}</p>\n"
            )
        if area["not_applicable"]:
            advice += f'<p class="muted">{escape(area["not_applicable"])}</p>\n'
        answered = (
            f"<span>{escape(area['answered_label'])}</span>\n"
            if area["status"] != "not_applicable"
            else ""
        )
        weakest = ""
        if area["weakest"]:
            items = "".join(
                f"<li>{markdown_inline(q['text'])}"
                + (f" – <em>{escape(q['answer'])}</em>" if q["answer"] else "")
                + f' <span class="muted">({_num(q["score"], lang, 0)}/100)</span></li>\n'
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
            f"{answered}"
            f"<span>{words['weight']}: {_num(area['weight'], lang, 2)}</span>\n"
            f"{spread}</div>\n"
            f"{capped}{advice}{weakest}"
            "</section>\n"
        )
    return Markup("".join(parts))


def peer_table_html(peers: dict[str, Any], lang: str) -> Markup:
    """One table for all peer groups: per area the municipality's score, each group's median with its
    middle half, and the position in the first group (written in Python like the tables above)."""
    from markupsafe import escape

    label = {key: escape(t(key, lang)) for key in ("area", "your_score", "peer_position")}
    median = escape(t("peer_median", lang))
    groups = peers["groups"]
    head = (
        f'<th scope="col">{label["area"]}</th><th scope="col" class="num">{label["your_score"]}</th>'
        + "".join(
            f'<th scope="col" class="num">{escape(g["label"])}<br>'
            f'<span class="muted">{escape(g["count"])}</span></th>'
            for g in groups
        )
        + f'<th scope="col">{label["peer_position"]}</th>'
    )
    openings = [f'<td data-label="{median} {escape(g["label"])}" class="num">' for g in groups]
    rows = []
    for row in peers["rows"]:
        cells = "".join(
            opening
            + (
                f'{_num(c["median"], lang)}<br><small class="muted">{_num(c["q1"], lang)}–'
                f"{_num(c['q3'], lang)}</small>"
                if c
                else "–"
            )
            + "</td>"
            for opening, c in zip(openings, row["cells"], strict=True)
        )
        rows.append(
            f'<tr><th scope="row">{escape(row["name"])}</th>'
            f'<td data-label="{label["your_score"]}" class="num">{_num(row["score"], lang)}</td>'
            f'{cells}<td data-label="{label["peer_position"]}">{escape(row["position"])}</td></tr>\n'
        )
    return Markup(
        f'<table class="peers stack">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
    )


def question_list_html(questions: list[dict[str, Any]]) -> Markup:
    """Questions with their area (and who did not know, and the comment): the open questions and the
    answers "don't know", often a few dozen in a batch's report."""
    from markupsafe import escape

    items = []
    for q in questions:
        who = f"; {escape(q['who'])}" if q.get("who") else ""
        comment = f" – {escape(q['comment'])}" if q.get("comment") else ""
        items.append(
            f'<li>{markdown_inline(q["text"])} <span class="muted">({escape(q["area"])}{who})'
            f"</span>{comment}</li>\n"
        )
    return Markup(f"<ul>\n{''.join(items)}</ul>")
