"""The full ranking of a batch, on one page per Land (and per Kreis where a Land has more than
:data:`KREIS_SPLIT` municipalities), each with an inline script for sorting and filtering that a CSP
hash allows. Without the script the table is still sorted by rank and every name links to its report."""

from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from markupsafe import Markup, escape

from maturity.batch.columns import Columns, lands, level_legend
from maturity.batch.run import BatchResult
from maturity.i18n import t
from maturity.load.benchmark import MIN_GROUP, SIZE_LABELS
from maturity.model import LAENDER, tr
from maturity.output.formatting import number, signed

KREIS_SPLIT = 500
"""A Land with more municipalities than this gets one page per Kreis (and a page listing them)."""
OTHER = "other"
"""The page of municipalities whose id is no AGS (no Land known)."""


@dataclass(frozen=True)
class Page:
    name: str
    html: str


@dataclass
class RankingPages:
    files: list[Page] = field(default_factory=list)
    by_state: dict[str, str] = field(default_factory=dict)
    """Land code ("" for none) -> the page's path from the output folder."""


@cache
def sort_script() -> tuple[str, str]:
    """The ranking pages' script and its CSP source (``sha256-…``)."""
    text = (resources.files("maturity.output.report") / "templates" / "ranking.js").read_text(
        encoding="utf-8"
    )
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def ranking_pages(
    result: BatchResult, columns: Columns, report_files: list[str] | None, lang: str
) -> RankingPages:

    pages = RankingPages()
    q = result.questionnaire
    rows = _rows(result, columns, report_files, lang)
    for state in lands(columns, lang):
        code = state["code"]
        members = np.flatnonzero(state["members"])
        slug = code.lower() if code else OTHER
        name = f"{slug}.html"
        pages.by_state[code] = f"ranking/{name}"
        members = members[np.argsort(_order_key(columns)[members], kind="stable")]
        if len(members) <= KREIS_SPLIT or not code:
            pages.files.append(
                Page(name, _page(q, columns, rows, members, state["label"], lang, ""))
            )
            continue
        kreise: dict[str, list[int]] = {}
        for index in members.tolist():
            kreise.setdefault(columns.kreise[index], []).append(index)
        listing = []
        for kreis, indexes in sorted(kreise.items()):
            kreis_name = f"{slug}-{kreis}.html"
            label = f"{state['label']}, {columns.kreis_label(kreis, lang)}"
            picked = np.array(indexes, dtype=np.int64)
            pages.files.append(Page(kreis_name, _page(q, columns, rows, picked, label, lang, name)))
            scores = columns.overall[picked]
            scores = scores[~np.isnan(scores)]
            listing.append(
                {
                    "label": columns.kreis_label(kreis, lang),
                    "page": kreis_name,
                    "count": number(len(indexes), lang, 0),
                    "median": number(float(np.median(scores)), lang)
                    if len(scores) >= MIN_GROUP
                    else "–",
                }
            )
        pages.files.append(Page(name, _listing(q, state["label"], listing, lang)))
    pages.files.append(search_page(result, columns, report_files, pages.by_state, lang))
    return pages


SEARCH = "search.html"
"""The page that lists every municipality from A to Z, to find one by name or AGS."""


def search_page(
    result: BatchResult,
    columns: Columns,
    report_files: list[str] | None,
    by_state: dict[str, str],
    lang: str,
) -> Page:
    """Every municipality from A to Z: name (to its report), AGS, Land (to its ranking page), score,
    level and rank. The ranking pages' script filters it by what was typed on the landing page (the
    ``q`` of the address); without the script it is a list to read or search in the browser."""
    from maturity.output.report.render import render

    q = result.questionnaire
    order = sorted(range(len(columns.ids)), key=lambda i: (columns.names[i].casefold(), i))
    shown = _fixed(columns.overall, 1, lang)
    scores = _data(columns.overall)
    rows = []
    for i in order:
        link = _report_link(columns, report_files, i)
        state = str(columns.states[i])
        page = by_state.get(state, "").removeprefix("ranking/")
        land = escape(LAENDER.get(state, "")) if state else ""
        land_cell = f'<a href="{escape(page)}">{land}</a>' if land and page else land
        level, rank = int(columns.levels[i]), int(columns.rank[i])
        search = escape(f"{columns.names[i]} {columns.ids[i]}".lower())
        rows.append(
            f'<tr data-name="{search}"><th scope="row">{link}</th>'
            f'<td class="minor">{escape(columns.ids[i])}</td><td>{land_cell}</td>'
            f'<td class="num" data-v="{scores[i]}">{shown[i]}</td>'
            f'<td class="c{level}" data-v="{level or ""}">{level or "–"}</td>'
            f'<td class="num" data-v="{rank or ""}">{rank or "–"}</td></tr>\n'
        )
    script, source = sort_script()
    html = render(
        "ranking_search.html.j2",
        {
            "lang": lang,
            "title": tr(q.title, lang),
            "version": q.version,
            "count": number(len(columns.ids), lang, 0),
            "rows": Markup("".join(rows)),
            "script": Markup(script),
            "script_hash": source,
            "legend": level_legend(q, lang),
        },
    )
    return Page(SEARCH, html)


def _order_key(columns: Columns) -> np.ndarray:
    """By rank, those without a score last."""
    return np.where(columns.rank > 0, columns.rank, np.iinfo(np.int64).max)


def _rows(
    result: BatchResult, columns: Columns, report_files: list[str] | None, lang: str
) -> list[str]:
    """One table row per municipality (in entity order), the same on whichever page it stands; the
    cells are formatted a column at a time."""
    q = result.questionnaire
    capped_word = t("capped_cell", lang)
    sizes = SIZE_LABELS[lang]
    count = len(columns.ids)
    change = columns.change
    area_cells = [
        [
            f'<td class="num a c{level}" data-v="{value}">{shown}</td>'
            if not held
            else f'<td class="num a c{level} capped" data-v="{value}" title="{escape(capped_word)}">'
            f"{shown}*</td>"
            for level, value, shown, held in zip(
                columns.area_levels[a.id].tolist(),
                _data(columns.areas[a.id]),
                _fixed(columns.areas[a.id], 0, lang),
                columns.capped(q, a.id).tolist(),
                strict=True,
            )
        ]
        for a in q.areas
    ]
    overall_data, overall_shown = _data(columns.overall), _fixed(columns.overall, 1, lang)
    change_data = _data(change) if change is not None else []
    rows = []
    for i in range(count):
        link = _report_link(columns, report_files, i)
        level = int(columns.levels[i])
        rank = int(columns.rank[i])
        population = columns.populations[i]
        cells = [
            f'<td class="num" data-v="{rank or ""}">{rank or "–"}</td>',
            f'<th scope="row">{link}</th>',
            f'<td class="minor">{escape(columns.kreis_names.get(columns.kreise[i], columns.kreise[i]))}</td>',
            f'<td class="num" data-v="{"" if population is None else population}">'
            f"{'' if population is None else number(population, lang, 0)}</td>",
            f'<td class="minor">{escape(sizes[columns.sizes[i]]) if columns.sizes[i] >= 0 else ""}</td>',
            f'<td class="num" data-v="{overall_data[i]}">{overall_shown[i]}</td>',
            f'<td class="c{level}" data-v="{level or ""}">{level or "–"}</td>',
        ]
        if change is not None:
            delta = float(change[i])
            shown = "–" if math.isnan(delta) else signed(delta, lang)
            cells.append(f'<td class="num" data-v="{change_data[i]}">{shown}</td>')
        cells += [column[i] for column in area_cells]
        search = escape(f"{columns.names[i]} {columns.ids[i]}".lower())
        rows.append(f'<tr data-name="{search}">{"".join(cells)}</tr>\n')
    return rows


def _report_link(columns: Columns, report_files: list[str] | None, i: int) -> str:
    """A municipality's name, linked to its report where the batch wrote reports."""
    name = escape(columns.names[i])
    return f'<a href="../reports/{escape(report_files[i])}">{name}</a>' if report_files else name


def _data(values: np.ndarray) -> list[str]:
    """Values for sorting (``data-v``): three decimals, empty where unknown."""
    return ["" if math.isnan(v) else f"{v:.3f}" for v in values.tolist()]


def _fixed(values: np.ndarray, digits: int, lang: str) -> list[str]:
    """Scores (0 to 100, so no thousands) as shown: ``45,7``; "–" where unknown."""
    shown = ["–" if math.isnan(v) else f"{v:.{digits}f}" for v in values.tolist()]
    return [text.replace(".", ",") for text in shown] if lang == "de" and digits else shown


def _page(
    q: Any,
    columns: Columns,
    rows: list[str],
    members: np.ndarray,
    label: str,
    lang: str,
    up: str,
) -> str:
    from maturity.output.report.render import render

    script, source = sort_script()
    return render(
        "ranking.html.j2",
        {
            "lang": lang,
            "title": tr(q.title, lang),
            "version": q.version,
            "label": label,
            "count": number(len(members), lang, 0),
            # on a page of one Land or Kreis the rank is still the place among all municipalities
            "rank_of_all": number(len(columns.ids), lang, 0)
            if len(members) < len(columns.ids)
            else "",
            "areas": [tr(a.name, lang) for a in q.areas],
            "levels": [{"id": lv.id, "name": tr(lv.name, lang)} for lv in q.levels],
            "trend": columns.change is not None,
            "rows": Markup("".join(rows[i] for i in members.tolist())),
            "up": up,
            "script": Markup(script),
            "script_hash": source,
            "legend": level_legend(q, lang),
        },
    )


def _listing(q: Any, label: str, kreise: list[dict[str, Any]], lang: str) -> str:
    from maturity.output.report.render import render

    return render(
        "ranking_kreise.html.j2",
        {
            "lang": lang,
            "title": tr(q.title, lang),
            "version": q.version,
            "label": label,
            "kreise": kreise,
            "states": LAENDER,
        },
    )
