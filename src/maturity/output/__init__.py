"""Output: results and questionnaires written for people and programs.

Owns the one serialiser of the JSON result (§4.7, ``resultjson``), the reports (Markdown, HTML, PDF and
their Jinja2 templates, charts), blank answer templates (YAML, XLSX), the answers YAML written by
``assess``, numbers and answers as readers see them (``formatting``), inert spreadsheet cells
(``cells``), inline Markdown (``markdown``) and atomic file writing inside an output folder (``files``).

May import: ``maturity.errors``, ``maturity.model``, ``maturity.i18n``, ``maturity.load`` (the XLSX
template layout it shares with the reader) and ``maturity.scoring``. Jinja2, openpyxl and WeasyPrint only
inside functions or modules that nothing light imports.
"""
