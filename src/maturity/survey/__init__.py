"""Survey exports (LimeSurvey, KoboToolbox, forms, spreadsheets): mappings, readers and form writers."""
