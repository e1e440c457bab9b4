"""maturity: digital maturity self-assessment for German municipalities (Kommunen).

The packages follow the pipeline: ``load`` (files -> validated model), ``scoring`` (the scoring rules,
single and vectorised), ``output`` (JSON result, reports, templates), ``survey`` (survey forms and the
exports that come back), ``batch`` (an export -> every municipality's result) and ``cli`` (the commands).
``errors``, ``model`` and ``i18n`` are the foundation every stage may import; see docs/architecture.md.
"""

__version__ = "0.1.0"
