"""Reports of one municipality's result: JSON, Markdown, HTML and PDF (DESIGN.md §5)."""

from __future__ import annotations

from ..model import Result


def render_report(
    result: Result, fmt: str, lang: str = "de", *, previous: Result | None = None
) -> str | bytes:
    """Render ``result`` as ``json``, ``md``, ``html`` (text) or ``pdf`` (bytes)."""
    if fmt == "json":
        from ..resultjson import result_to_json

        return result_to_json(result, lang)
    raise ValueError(f"unknown report format {fmt!r}")
