"""The printed annex's one-line measures: cut at a word, with "…", to the width of their column."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from maturity.output.markdown import markdown_plain
from maturity.output.report.fit import ELLIPSIS, fit_line, text_width

WORDS = st.lists(
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZ,.-()0123456789§€@",
        min_size=1,
        max_size=24,
    ),
    min_size=1,
    max_size=30,
)


def test_a_measure_that_fits_stays_whole() -> None:
    text = "Legen Sie fest, wer die Datensätze aktuell hält."
    assert fit_line(text, 40) == text
    assert fit_line("  zwei   Leerzeichen\n", 40) == "zwei Leerzeichen"


def test_a_long_measure_is_cut_after_a_word() -> None:
    text = (
        "Gehen Sie das Verzeichnis mit jedem Fachbereich durch, ergänzen Sie neue Verfahren und "
        "legen Sie eine jährliche Durchsicht fest."
    )
    # "Gehen Sie das Verzeichnis" is 13.26 ems wide (test below), "…" one more
    assert fit_line(text, 15) == "Gehen Sie das Verzeichnis…"
    assert fit_line(text, 14.27) == "Gehen Sie das Verzeichnis…"
    assert fit_line(text, 14.2) == "Gehen Sie das…"
    # punctuation before the cut goes, the ellipsis stands for it
    assert fit_line(text, 30) == "Gehen Sie das Verzeichnis mit jedem Fachbereich durch…"


def test_one_word_wider_than_the_line_is_cut_inside() -> None:
    assert fit_line("Breitbandausbaubeschleunigungsgesetz gilt", 6) == "Breitband…"


def test_widths_are_those_of_dejavu_sans() -> None:
    assert text_width("m") == 0.97
    assert text_width("il") == 0.56
    # G .77 e .62 h .63 e .62 n .63 | .32 | S .63 i .28 e .62 | .32 | d .63 a .61 s .52 | .32 |
    # V .68 e .62 r .41 z .52 e .62 i .28 c .55 h .63 n .63 i .28 s .52
    assert round(text_width("Gehen Sie das Verzeichnis"), 2) == 13.26


@given(WORDS, st.floats(min_value=2, max_value=60))
def test_a_cut_line_fits_and_is_the_start_of_the_text(words: list[str], width: float) -> None:
    text = " ".join(words)
    line = fit_line(text, width)
    if line == text:
        assert text_width(text) <= width
        return
    assert line.endswith(ELLIPSIS)
    assert text_width(line) <= width + 1e-9
    kept = line.removesuffix(ELLIPSIS)
    assert text.startswith(kept)
    rest = text[len(kept) :]
    if " " in kept:  # cut between words: what is left out starts with the space (or a comma) there
        assert rest[:1] in set(" ,;:–-")


def test_markdown_becomes_the_text_a_reader_sees() -> None:
    assert markdown_plain("Nutzen Sie *DigitalPakt* [2.0](https://example.org) `code`") == (
        "Nutzen Sie DigitalPakt 2.0 code"
    )
    assert markdown_plain("erste\nzweite Zeile") == "erste zweite Zeile"
