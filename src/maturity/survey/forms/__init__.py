"""Survey forms written by ``export-form``: ``content`` says what a form asks (pages, fields, choice
lists, in every language), ``xlsform`` and ``limesurvey`` lay it out for KoboToolbox/ODK and LimeSurvey.
May import what :mod:`maturity.survey` may, and ``maturity.survey.naming``.
"""
