"""Numbers and bars as the reports and the terminal show them."""

from __future__ import annotations

BAR_WIDTH = 12


def number(value: float, lang: str = "de", digits: int = 1) -> str:
    """A number with ``digits`` decimals, with a decimal comma in German: ``46,8``."""
    text = f"{value:,.{digits}f}"
    if lang == "de":  # 1,234.5 -> 1.234,5
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def signed(value: float, lang: str = "de") -> str:
    """A change with its sign: ``+4,2``, ``−1,0``, ``±0,0``."""
    text = number(abs(value), lang)
    if round(value, 1) == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"−{text}"


def percent(share: float, lang: str = "de") -> str:
    """A share 0..1 as a whole percentage: ``92 %``."""
    return f"{share * 100:.0f} %"


def text_bar(score: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar for a score out of 100: ``█████░░░░░░░``; empty for no score."""
    if score is None:
        return ""
    filled = round(max(0.0, min(100.0, score)) / 100 * width)
    return "█" * filled + "░" * (width - filled)
