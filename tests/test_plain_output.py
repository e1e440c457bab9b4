"""The plain terminal output of `score` and `list`: tables that fit the screen by wrapping their text
columns between words, bold only on a terminal without NO_COLOR, nothing from Rich."""

from __future__ import annotations

import io

import pytest

from maturity.cli.plain import BOLD, Column, Screen

from .conftest import EXAMPLES, Run

COLUMNS = [
    Column("Handlungsfeld", wrap=True),
    Column("Punkte", right=True),
    Column("Stufe", wrap=True),
]
ROWS = [
    ["IT-Infrastruktur und Konnektivität", "59,8", "3 Fortgeschritten"],
    ["Bildung", "70,5", "keine Stufe – nur 2 zutreffende Fragen"],
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def printed(stream: io.StringIO, width: int) -> list[str]:
    Screen(stream, width).table(COLUMNS, ROWS)
    return stream.getvalue().splitlines()


def test_a_table_as_wide_as_its_widest_cells_when_there_is_room() -> None:
    lines = printed(io.StringIO(), 120)
    assert lines[0] == "Handlungsfeld                       Punkte  Stufe"
    assert set(lines[1]) == {"─"}
    assert lines[2] == "IT-Infrastruktur und Konnektivität    59,8  3 Fortgeschritten"
    assert (
        lines[3]
        == "Bildung                               70,5  keine Stufe – nur 2 zutreffende Fragen"
    )


def test_a_narrow_screen_wraps_text_columns_between_words_and_keeps_numbers_whole() -> None:
    lines = printed(io.StringIO(), 50)
    assert all(len(line) <= 49 for line in lines)
    body = "\n".join(lines[2:])
    for word in ("Konnektivität", "Fortgeschritten", "zutreffende", "59,8", "70,5"):
        assert word in body  # no word is cut
    # the numbers stay in their right-aligned column on the first line of their row
    first = [line for line in lines if "59,8" in line]
    assert first == [line for line in lines if line.startswith("IT-Infrastruktur")]


@pytest.mark.parametrize(
    ("tty", "no_color", "bold"), [(True, "", True), (True, "1", False), (False, "", False)]
)
def test_bold_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch, tty: bool, no_color: str, bold: bool
) -> None:
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.delenv("TERM", raising=False)
    stream = Terminal() if tty else io.StringIO()
    Screen(stream, 80).heading("Nächste Schritte")
    assert (BOLD in stream.getvalue()) is bold
    assert "Nächste Schritte" in stream.getvalue()


def test_score_prints_the_table_plainly_when_piped(run: Run) -> None:
    result = run("score", EXAMPLES / "stadt-mustertal.yaml", "--lang", "de")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "\x1b" not in result.stdout
    (header,) = [line for line in lines if line.startswith("Handlungsfeld")]
    assert header.split() == ["Handlungsfeld", "Punkte", "Stufe", "Antworten", "Abdeckung"]
    (row,) = [line for line in lines if line.startswith("Strategie und Steuerung")]
    assert row.split()[3:6] == ["62,4", "4", "Vernetzt"]
    assert row.endswith("███████░░░░░")
    assert all(len(line) <= 119 for line in lines)
