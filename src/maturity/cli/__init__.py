"""The command line: a thin skin over the library.

``app`` holds the Typer commands: parse the options, call the library, print, and turn
:class:`~maturity.errors.MaturityError` into exit code 1 (anything unexpected into 3). ``terminal``
draws Rich tables; ``assess`` is the interactive self-check. The only package that prints or exits.

May import: everything. Nothing imports it. Heavy modules only inside the commands that need them.
"""

from maturity.cli.app import app, main

__all__ = ["app", "main"]
