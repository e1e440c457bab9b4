"""Loading: the project's own files become validated model objects.

Owns the safe, line-aware YAML loader, the typed document reader that collects problems, the
questionnaire (and the bundled ones), answers files in YAML and XLSX, mapping files, the interpretation
of a single answer value (``values``), what ``validate`` does, and the JSON Schemas of these formats.
Every problem is a :class:`~maturity.errors.Problem` with file, line and column.

May import: ``maturity.errors``, ``maturity.model``, ``maturity.i18n``; nothing of ``scoring``,
``output``, ``survey``, ``batch`` or ``cli``. Heavy modules (openpyxl) only inside functions.
"""
