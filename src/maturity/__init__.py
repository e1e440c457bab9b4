"""maturity: digital maturity self-assessment for German municipalities (Kommunen)."""

__version__ = "0.1.0"
