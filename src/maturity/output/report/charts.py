"""Inline SVG charts: no script, no external resource, every text escaped, deterministic output."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from maturity.output.formatting import number

WIDTH, HEIGHT = 680, 520
CENTRE_X, CENTRE_Y = 340, 260
WRAP_AT = 18
# Colours as presentation attributes: PDF renderers do not apply the page's CSS inside inline SVG.
INK, MUTED, LINE, ACCENT, PREVIOUS = "#1d2433", "#5b6475", "#d6dbe4", "#0b5cad", "#a15c00"
SERIES_STYLE = {
    "series current": f'fill="{ACCENT}" fill-opacity="0.18" stroke="{ACCENT}" stroke-width="2.5"',
    "series previous": f'fill="none" stroke="{PREVIOUS}" stroke-width="2" stroke-dasharray="6 4"',
}
RADIUS = 170
LABEL_GAP = 16


@dataclass(frozen=True)
class RadarAxis:
    label: str
    score: float | None
    """Score 0..100, or None where the area has no score (axis drawn, no point)."""
    previous: float | None = None


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * max(0.0, min(100.0, value)) / 100
    return CENTRE_X + r * math.cos(angle), CENTRE_Y + r * math.sin(angle)


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _wrap(label: str) -> list[str]:
    """Split a long label into two lines at the space nearest its middle."""
    if len(label) <= WRAP_AT or " " not in label:
        return [label]
    middle = len(label) / 2
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1 :]]


def _polygon(axes: Sequence[RadarAxis], values: Sequence[float | None], css_class: str) -> str:
    points = [_point(i, len(axes), v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    coords = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
    return f'<polygon class="{css_class}" points="{coords}" {SERIES_STYLE[css_class]}/>'


@lru_cache(maxsize=64)
def _radar_frame(
    labels: tuple[str, ...],
    title: str,
    description: str,
    rings: tuple[float, ...],
    chart_id: str,
) -> str:
    """What a radar chart draws before its values: the same in every report of a questionnaire,
    drawn once."""
    count = len(labels)
    parts = [
        f'<svg class="radar" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for ring in rings:
        ring_points = " ".join(
            f"{_fmt(x)},{_fmt(y)}" for x, y in (_point(i, count, ring) for i in range(count))
        )
        parts.append(
            f'<polygon class="ring" points="{ring_points}" fill="none" stroke="{LINE}" stroke-width="1"/>'
        )
        _, label_y = _point(0, count, ring)
        parts.append(
            f'<text class="ring-label" x="{CENTRE_X + 4}" y="{_fmt(label_y - 2)}" font-size="11" fill="{MUTED}">{ring:g}</text>'
        )
    for i, label in enumerate(labels):
        x, y = _point(i, count, 100)
        parts.append(
            f'<line class="axis" x1="{CENTRE_X}" y1="{CENTRE_Y}" x2="{_fmt(x)}" y2="{_fmt(y)}" stroke="{LINE}" stroke-width="1"/>'
        )
        angle = -math.pi / 2 + 2 * math.pi * i / count
        lx = CENTRE_X + (RADIUS + LABEL_GAP) * math.cos(angle)
        ly = CENTRE_Y + (RADIUS + LABEL_GAP) * math.sin(angle)
        anchor = (
            "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        )
        baseline = 4 if math.sin(angle) >= 0 else -2
        if abs(math.sin(angle)) > 0.95:
            baseline = 14 if math.sin(angle) > 0 else -6
        lines = _wrap(label)
        if len(lines) > 1 and math.sin(angle) < -0.3:
            baseline -= 15  # a two-line label above the chart grows upwards
        tspans = "".join(
            f'<tspan x="{_fmt(lx)}" dy="{0 if n == 0 else "1.15em"}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text class="axis-label" x="{_fmt(lx)}" y="{_fmt(ly + baseline)}" '
            f'text-anchor="{anchor}" font-size="13" fill="{INK}">{tspans}</text>'
        )
    return "".join(parts)


def radar_chart(
    axes: Sequence[RadarAxis],
    *,
    title: str,
    description: str,
    rings: Sequence[float] = (20, 40, 60, 80, 100),
    series_labels: tuple[str, str] = ("", ""),
    chart_id: str = "radar",
    lang: str = "de",
) -> str:
    """A radar chart of area scores; a second, dashed series where ``previous`` values are given.
    The points' tooltips give the score as the reader writes it (``62,4`` in German)."""
    count = len(axes)
    parts = [_radar_frame(tuple(a.label for a in axes), title, description, tuple(rings), chart_id)]
    if any(axis.previous is not None for axis in axes):
        parts.append(_polygon(axes, [a.previous for a in axes], "series previous"))
    parts.append(_polygon(axes, [a.score for a in axes], "series current"))
    for i, axis in enumerate(axes):
        if axis.score is None:
            continue
        x, y = _point(i, count, axis.score)
        parts.append(
            f'<circle class="point" cx="{_fmt(x)}" cy="{_fmt(y)}" r="4" fill="{ACCENT}">'
            f"<title>{escape(axis.label)}: {number(axis.score, lang)}</title></circle>"
        )
    if any(axis.previous is not None for axis in axes) and all(series_labels):
        parts.append(
            f'<g class="legend" font-size="13" fill="{INK}">'
            f'<line x1="20" y1="{HEIGHT - 30}" x2="44" y2="{HEIGHT - 30}" {SERIES_STYLE["series current"]}/>'
            f'<text x="50" y="{HEIGHT - 26}">{escape(series_labels[0])}</text>'
            f'<line x1="20" y1="{HEIGHT - 12}" x2="44" y2="{HEIGHT - 12}" {SERIES_STYLE["series previous"]}/>'
            f'<text x="50" y="{HEIGHT - 8}">{escape(series_labels[1])}</text></g>'
        )
    parts.append("</svg>")
    return "".join(part for part in parts if part)
