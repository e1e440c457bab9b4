"""Batch: the bulk path from a survey export to every municipality's result.

``run`` reads the export, decodes it, merges respondents per municipality (§4.6) and scores the table
(vectorised); ``entities`` finds the municipalities, their names and populations and the rows that
identify no one; ``outputs`` writes summary.csv/.xlsx, results.jsonl (through the one §4.7 serialiser)
and errors.csv; ``reports`` renders a report per municipality in parallel; ``overview`` writes
index.html. Nothing is printed here: progress goes to a callback.

May import: everything but ``cli``.
"""
