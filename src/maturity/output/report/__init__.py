"""Reports of one municipality's result: JSON, Markdown, HTML and PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text
from maturity.model import Result

if TYPE_CHECKING:
    from maturity.load.benchmark import Benchmark

REPORT_FORMATS = ("md", "html", "json", "pdf")


def render_report(
    result: Result,
    fmt: str,
    lang: str = "de",
    *,
    previous: Result | None = None,
    peers: Benchmark | None = None,
    peers_source: str = "",
) -> str | bytes:
    """Render ``result`` as ``json``, ``md``, ``html`` (text) or ``pdf`` (bytes).

    ``previous`` is an earlier result of the same municipality; reports then show the change.
    ``peers`` (a benchmark file read from ``peers_source``) adds how it stands among its peers."""
    if fmt == "json":
        from maturity.output.resultjson import result_to_json

        return result_to_json(result, lang)
    if fmt == "md":
        from maturity.output.report.context import build_context
        from maturity.output.report.render import render

        context = build_context(
            result, lang, previous=previous, peers=peers, peers_source=peers_source
        )
        return render("report.md.j2", context)
    if fmt == "html":
        return render_html(result, lang, previous=previous, peers=peers, peers_source=peers_source)
    if fmt == "pdf":
        return html_to_pdf(
            render_html(result, lang, previous=previous, peers=peers, peers_source=peers_source)
        )
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(REPORT_FORMATS)}")


def render_html(
    result: Result,
    lang: str = "de",
    *,
    previous: Result | None = None,
    peers: Benchmark | None = None,
    peers_source: str = "",
) -> str:
    from markupsafe import Markup, escape

    from maturity.i18n import t
    from maturity.output.formatting import number
    from maturity.output.report.charts import RadarAxis, radar_chart
    from maturity.output.report.context import build_context
    from maturity.output.report.render import (
        area_sections_html,
        areas_table_html,
        peer_tables_html,
        render,
        roadmap_item_html,
    )

    context = build_context(result, lang, previous=previous, peers=peers, peers_source=peers_source)
    effort = t("effort", lang)
    caps = Markup(' <span class="tag warn">{}</span>').format(t("caps_level", lang))
    points = t("points", lang)
    for phase in context["phases"]:
        # The roadmap is the longest part of a report; its entries are joined here from fragments
        # rendered once per questionnaire (see roadmap_item_html), which keeps batches fast.
        entries = []
        for item in phase["recommendations"]:
            head, tail = roadmap_item_html(
                item["text"],
                item["question_text"],
                f"{effort}: {item['effort']}",
                item["area_anchor"],
                item["area"],
                tuple((ref["id"], ref["title"]) for ref in item["refs"]),
            )
            # plain concatenation of escaped parts: Markup.format escapes through string.Formatter,
            # which was a third of a report's rendering time
            gain = escape(f"+{number(item['gain'], lang)} {points}")
            entries.append(
                f"<li>{head}{caps if item['caps_level'] else ''}<br>\n"
                f'<span class="tag">{gain}</span> {tail}\n</li>\n'
            )
        phase["list_html"] = Markup(f'<ol class="roadmap">\n{"".join(entries)}</ol>')
    axes = [
        RadarAxis(area["name"], area["score"], area["previous_score"]) for area in context["areas"]
    ]
    compare = context["compare"]
    chart = radar_chart(
        axes,
        title=t("chart_title", lang),
        description=t("chart_desc", lang),
        series_labels=(
            context["assessed_on"] or t("now", lang),
            (compare["assessed_on"] if compare else "") or t("before", lang),
        ),
    )
    static = static_sections(result.questionnaire, lang, context)
    return render(
        "report.html.j2",
        {
            **context,
            "chart": Markup(chart),
            "static_sections": static,
            "areas_table": areas_table_html(context["areas"], bool(compare), lang),
            "area_sections": area_sections_html(context["areas"], lang),
            "peer_tables": peer_tables_html(context["peers"], lang) if context["peers"] else "",
        },
    )


_static_cache: dict[tuple[str, str, str, int], Any] = {}


def static_sections(questionnaire: Any, lang: str, context: dict[str, Any]) -> Any:
    """The method and the sources: the same in every report of a questionnaire, rendered once."""
    from markupsafe import Markup

    from maturity.output.report.render import render

    key = (questionnaire.id, questionnaire.version, lang, id(questionnaire))
    if key not in _static_cache:
        _static_cache[key] = Markup(render("report_static.html.j2", context).rstrip("\n"))
    return _static_cache[key]


def html_to_pdf(html: str) -> bytes:
    """Print the HTML report with WeasyPrint (the ``pdf`` extra)."""
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
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
