"""Reading survey exports: ``exports`` reads CSV and XLSX dialects into text cells with row numbers,
``columns`` decides which column answers which question (mapping file, or recognition of the forms'
ids, codes and texts), ``decode`` turns cells into coded question states and scores, each distinct
value once. May import what :mod:`maturity.survey` may, and ``maturity.survey.naming``.
"""
