"""``python -m maturity``."""

from .cli import main

main()
