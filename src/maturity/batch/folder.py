"""The output folder of a batch run, kept in step: a run writes into a fresh staging folder inside the
target and swaps its files in at the end, so that a crash or Ctrl-C leaves the previous run's outputs
as they were. A manifest lists what a run wrote; the next run removes what it does not write again
(the reports of municipalities no longer in the export) and the leftovers of an interrupted run."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import TracebackType

from maturity.output.files import cannot_write, ensure_folder, write_atomic

MANIFEST = ".maturity-batch.json"
STAGING_PREFIX = ".maturity-run-"


class RunFolder:
    """``with RunFolder(target) as stage: ...write into stage...; folder.commit()``."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.stage = target / f"{STAGING_PREFIX}{os.getpid()}"
        self.committed = False

    def __enter__(self) -> Path:
        ensure_folder(self.target)
        self._clean_leftovers()
        ensure_folder(self.stage)
        return self.stage

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)

    def commit(self) -> list[Path]:
        """Move every staged file into the target (replacing the previous run's), remove what the
        previous run wrote and this one did not, and record this run's files in the manifest."""
        written = sorted(p.relative_to(self.stage) for p in self.stage.rglob("*") if p.is_file())
        previous = self._manifest()
        try:
            for relative in written:
                final = self.target / relative
                ensure_folder(final.parent)
                os.replace(self.stage / relative, final)
            for stale in sorted(set(previous) - {str(r) for r in written}):
                path = (self.target / stale).resolve()
                if self.target.resolve() in path.parents:  # only what a run of ours wrote
                    path.unlink(missing_ok=True)
        except OSError as exc:
            raise cannot_write(self.target, exc) from None
        write_atomic(
            self.target / MANIFEST,
            json.dumps({"files": [str(r) for r in written]}, indent=1) + "\n",
        )
        self.committed = True
        return [self.target / r for r in written]

    def _manifest(self) -> list[str]:
        try:
            data = json.loads((self.target / MANIFEST).read_text(encoding="utf-8"))
            files = data.get("files", []) if isinstance(data, dict) else []
            return [str(f) for f in files if isinstance(f, str)]
        except (OSError, ValueError):
            return []

    def _clean_leftovers(self) -> None:
        """Staging folders and temporary files of a run that was interrupted (kill -9, power loss)."""
        for leftover in self.target.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for folder in (self.target, self.target / "reports"):
            for temporary in folder.glob(".*.tmp"):
                temporary.unlink(missing_ok=True)
