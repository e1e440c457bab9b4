"""Survey tools: the forms we hand out and the exports that come back.

``forms`` writes the questionnaire as an XLSForm (KoboToolbox, ODK) or a LimeSurvey structure; ``read``
turns an export (CSV or XLSX, from any of those tools, Google or Microsoft Forms, SurveyMonkey or a
spreadsheet) into coded question states: which column answers which question, and what each cell
means. ``naming`` is shared by both, so a form and the reading of its export cannot disagree.

May import: ``maturity.errors``, ``maturity.model``, ``maturity.i18n``, ``maturity.load`` (value
interpretation, mapping files), ``maturity.scoring`` (state codes, §4.1 question scores) and
``maturity.output`` (inert cells, inline Markdown). Never ``batch`` or ``cli``.
"""
