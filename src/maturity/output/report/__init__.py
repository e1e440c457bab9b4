"""Reports of one municipality's result: JSON, Markdown, HTML and PDF."""

from __future__ import annotations

import re
from typing import Any

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text
from maturity.model import Result
from maturity.output.report.options import ReportOptions

REPORT_FORMATS = ("md", "html", "json", "pdf")

__all__ = ["REPORT_FORMATS", "ReportOptions", "render_html", "render_report"]


def render_report(
    result: Result, fmt: str, lang: str = "de", options: ReportOptions | None = None
) -> str | bytes:
    """Render ``result`` as ``json``, ``md``, ``html`` (text) or ``pdf`` (bytes); ``options`` add an
    earlier result to compare with, peers and a brand."""
    options = options or ReportOptions()
    if fmt == "json":
        from maturity.output.resultjson import result_to_json

        return result_to_json(result, lang)
    if fmt == "md":
        from maturity.output.report.render import render

        return render("report.md.j2", report_context(result, lang, options))
    if fmt == "html":
        return render_html(result, lang, options)
    if fmt == "pdf":
        return html_to_pdf(render_html(result, lang, options, for_print=True))
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(REPORT_FORMATS)}")


def report_context(result: Result, lang: str, options: ReportOptions) -> dict[str, Any]:
    from maturity.output.report.context import build_context

    context = build_context(
        result,
        lang,
        previous=options.previous,
        peers=options.peers,
        peers_source=options.peers_source,
        peer_rank=options.peer_rank,
        overall_rank=options.overall_rank,
        made_on=options.made_on,
        overview_link=options.overview_link,
    )
    context["brand"] = options.brand.context() if options.brand else None
    return context


def render_html(
    result: Result,
    lang: str = "de",
    options: ReportOptions | None = None,
    *,
    for_print: bool = False,
) -> str:
    """The HTML report; ``for_print`` (the PDF) leaves out what only a screen shows (the contents with
    links, the radar) and, unless ``options.annex`` is ``full``, gives the annex one line per
    recommendation."""
    from markupsafe import Markup

    from maturity.i18n import t
    from maturity.output.report.charts import RadarAxis, radar_chart
    from maturity.output.report.render import (
        annex_lines_html,
        annex_table_html,
        area_sections_html,
        areas_table_html,
        glance_bars_html,
        page_style,
        peer_table_html,
        question_list_html,
        render,
        roadmap_table_html,
    )

    options = options or ReportOptions()
    context = report_context(result, lang, options)
    for phase in context["phases"]:
        phase["table_html"] = roadmap_table_html(phase["recommendations"], lang)
    compare = context["compare"]
    chart = ""
    scored_areas = sum(area["score"] is not None for area in context["areas"])
    if scored_areas >= MIN_RADAR_AXES and not for_print:  # in print the bars of page one say it
        axes = [  # an area that does not apply has no axis: there is nothing to measure
            RadarAxis(area["name"], area["score"], area["previous_score"])
            for area in context["areas"]
            if area["status"] != "not_applicable"
        ]
        chart = radar_chart(
            axes,
            title=t("chart_title", lang),
            description=t("chart_desc", lang),
            series_labels=(
                context["assessed_on_label"] or t("now", lang),
                (compare["assessed_on_label"] if compare else "") or t("before", lang),
            ),
            lang=lang,
        )
    context["for_print"] = for_print
    static = static_sections(result.questionnaire, lang, context)
    return render(
        "report.html.j2",
        {
            **context,
            "chart": Markup(chart),
            "static_sections": static,
            "page_style": page_style(context, lang),
            "glance_bars": glance_bars_html(context, lang),
            "areas_table": areas_table_html(
                context["areas"], bool(compare), lang, context["glance"]["targets"]
            ),
            "area_sections": area_sections_html(context["areas"], lang),
            "peer_table": peer_table_html(context["peers"], lang) if context["peers"] else "",
            "for_print": for_print,
            "annex_compact": options.annex != "full",
            "annex_table": annex_lines_html(context["all_recommendations"], lang)
            if for_print and options.annex != "full"
            else annex_table_html(context["all_recommendations"], lang),
            "open_list": question_list_html(context["open_questions"]),
            "unknown_list": question_list_html(context["unknown_questions"]),
        },
    )


MIN_RADAR_AXES = 3
"""With fewer scored areas a radar chart is no shape at all; the bars say it alone."""


_static_cache: dict[tuple[str, str, str, int, bool], Any] = {}


def static_sections(questionnaire: Any, lang: str, context: dict[str, Any]) -> Any:
    """The method and the sources: the same in every report of a questionnaire, rendered once."""
    from markupsafe import Markup

    from maturity.output.report.render import render

    key = (
        questionnaire.id,
        questionnaire.version,
        lang,
        id(questionnaire),
        bool(context.get("for_print")),
    )
    if key not in _static_cache:
        _static_cache[key] = Markup(render("report_static.html.j2", context).rstrip("\n"))
    return _static_cache[key]


# a space between a word and the start of an inline element (emphasis, a link, a muted reference)
_SPACE_BEFORE_INLINE = re.compile(r"(?<=[^\s>]) +(<(?:a|b|code|em|i|span|strong)\b[^>]*>)")
_BOXED = re.compile(r'class="[^"]*\b(?:tag|band)\b')  # drawn as a box: a space inside would show


def space_apart(html: str) -> str:
    """Move each space between a word and the inline element after it into that element.

    WeasyPrint (70) measures a run of text with its trailing space, Pango without: when a run ends
    in a space and only that space overflows the line, WeasyPrint keeps the run's first word alone
    on the line ("Fachbereich" on a line of its own, the rest of the sentence below it). A run that
    ends in a word is measured as Pango measures it, and a space at a line's start is dropped. A
    space before a box (a tag, a level band) gets a ``<span>`` of its own instead, which costs more.
    """

    def move(match: re.Match[str]) -> str:
        tag = match.group(1)
        return f"<span> </span>{tag}" if _BOXED.search(tag) else f"{tag} "

    return _SPACE_BEFORE_INLINE.sub(move, html)


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
"""How a report is printed: a tagged PDF (PDF/UA-1)."""


def html_to_pdf(html: str) -> bytes:
    """Print the HTML report with WeasyPrint (the ``pdf`` extra)."""
    pdf: bytes = laid_out(html).write_pdf(**PDF_OPTIONS)
    return pdf


def laid_out(html: str) -> Any:
    """The HTML report laid out in pages by WeasyPrint, ready to write (a ``weasyprint.Document``);
    WeasyPrint missing or not starting is a MaturityError that says what to install."""
    try:
        import weasyprint
    except ImportError:
        raise MaturityError(
            [
                Problem(
                    "pdf",
                    0,
                    0,
                    Text(
                        "PDF-Berichte brauchen WeasyPrint: pip install 'maturity[pdf]'",
                        "PDF reports need WeasyPrint: pip install 'maturity[pdf]'",
                    ),
                )
            ]
        ) from None
    except OSError as exc:  # WeasyPrint is installed but the Pango libraries are missing
        raise MaturityError(
            [
                Problem(
                    "pdf",
                    0,
                    0,
                    Text(
                        f"WeasyPrint startet nicht ({exc}); Pango installieren, z. B. "
                        "apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                        f"WeasyPrint cannot start ({exc}); install Pango, e.g. "
                        "apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                    ),
                )
            ]
        ) from None
    # data URIs only (an embedded logo): an address inside an SVG logo, say, is never fetched, so
    # printing reaches neither the network nor a file
    offline = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=space_apart(html), url_fetcher=offline).render(**PDF_OPTIONS)
