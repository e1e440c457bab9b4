"""Scoring: section 4 of the specification, and nothing else.

Two paths implement the same rules side by side: ``single`` scores one answer set (one municipality,
or several respondents merged per §4.6) with plain Python, ``vectorised`` scores whole tables with
numpy; a property test proves they agree. ``states`` holds the integer codes of question states and
the "no level" sentinel that the vectorised path and the batch decoder share; ``advice`` orders the
recommendations and puts them in roadmap phases (§4.5). Pure functions, no I/O.

May import: ``maturity.model`` and ``maturity.errors``; numpy. pandas only inside functions.
"""
