"""What several benchmarks share: a generated survey export, made by ``generate_export.py`` in a
fresh process (as a user would run it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def generated_export(
    export: Path, rows: int, municipalities: int, *options: str, quiet: bool = True
) -> Path:
    """Write an export of ``rows`` respondents in ``municipalities`` to ``export`` (CSV), with more
    ``options`` of ``generate_export.py`` (``--spread``, ``--questions N``)."""
    command = [
        sys.executable,
        str(HERE / "generate_export.py"),
        "--rows",
        str(rows),
        "--municipalities",
        str(municipalities),
        *options,
        "-o",
        str(export),
    ]
    subprocess.run(command, check=True, capture_output=quiet)
    return export
