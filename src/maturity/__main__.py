"""``python -m maturity``."""

from maturity.cli import main

main()
