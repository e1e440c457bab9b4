"""The output folder of a batch run, kept in step and safe on a shared drive.

A run takes a lock on the folder (a second run waits for nothing: it is refused, naming since when the
first works), writes into a fresh staging folder made inside it (``mkdtemp``: a new name, never an
existing entry or link) and moves its files in at the end, so that a crash or Ctrl-C leaves the previous
run's outputs as they were. No folder below the target is followed through a link. A manifest records
what a run wrote – each file with its size and SHA-256 – and when and from which export; the next run
removes of those only the regular files that still hold exactly what was written (the reports of
municipalities no longer in the export), never anything else. A folder that holds an earlier run's
results is replaced only when asked (``force``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text
from maturity.load.run_record import (
    BATCH_RECORD,
    file_fingerprint,
    read_record,
    record_text,
    run_of,
)
from maturity.output.files import FileLock, cannot_write, ensure_folder, write_atomic

STAGING_PREFIX = ".maturity-run-"
LOCK_NAME = "maturity-batch"
"""The lock file is ``.maturity-batch.lock`` in the target."""


class RunFolder:
    """``with RunFolder(target) as stage: ...write into stage...; folder.commit()``."""

    def __init__(self, target: Path, *, force: bool = False, source: str = "") -> None:
        self.target = target
        self.force = force
        self.source = source
        """The export the run reads, as the manifest names it for the next run."""
        self.stage = target
        self._stage_id: tuple[int, int] = (0, 0)
        self._lock = FileLock(target / LOCK_NAME)
        self.committed = False

    def refuse_early(self) -> None:
        """Before the work: what entering would refuse after it – a folder another run works in,
        or one holding an earlier run's results without ``force`` – refused now, so that nobody
        waits for a scoring whose results cannot be written. Creates nothing."""
        if not self.target.is_dir():
            return
        if self._lock.lock_path.exists():
            if not self._lock.acquire():
                raise MaturityError([Problem(str(self.target), 0, 0, _busy(self._lock.note()))])
            self._lock.release()
        earlier = run_of(self._manifest())
        if earlier is not None and not self.force:
            raise MaturityError([Problem(str(self.target), 0, 0, _replace_only_forced(earlier))])

    def __enter__(self) -> Path:
        ensure_folder(self.target)
        if not self._lock.acquire():
            raise MaturityError([Problem(str(self.target), 0, 0, _busy(self._lock.note()))])
        try:
            self._lock.write_note(dt.datetime.now().strftime("%d.%m.%Y %H:%M:%S"))
            earlier = run_of(self._manifest())
            if earlier is not None and not self.force:
                raise MaturityError(
                    [Problem(str(self.target), 0, 0, _replace_only_forced(earlier))]
                )
            self._clean_leftovers()
            self.stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.target))
            made = os.lstat(self.stage)
            self._stage_id = (made.st_dev, made.st_ino)
        except BaseException:
            self._lock.release()
            raise
        return self.stage

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if self._own_stage():
                shutil.rmtree(self.stage, ignore_errors=True)
        finally:
            self._lock.release()

    def commit(self) -> list[Path]:
        """Move every staged file into the target (replacing the previous run's), remove what the
        previous run wrote and this one did not (where it is unchanged), and record this run's files
        in the manifest."""
        if not self._own_stage():
            raise cannot_write(self.stage, OSError("the staging folder was replaced"))
        written = _regular_files(self.stage)
        previous = self._manifest()
        records = []
        try:
            for relative in written:
                folder = self._real_folder(relative.parent)
                print_ = file_fingerprint(self.stage / relative)
                os.replace(self.stage / relative, folder / relative.name)
                records.append((relative.as_posix(), print_))
            kept = {r.as_posix() for r in written}
            for entry in previous.get("files", []):
                self._remove_if_unchanged(entry, kept)
        except OSError as exc:
            raise cannot_write(self.target, exc) from None
        now = dt.datetime.now().isoformat(timespec="seconds")
        write_atomic(self.target / BATCH_RECORD, record_text(now, self.source, records))
        self.committed = True
        return [self.target / r for r in written]

    # --- inside ------------------------------------------------------------------------------------

    def _own_stage(self) -> bool:
        """The staging folder is still the one this run made (not swapped for a link or another)."""
        try:
            info = os.lstat(self.stage)
        except OSError:
            return False
        return stat.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino) == self._stage_id

    def _real_folder(self, relative: Path) -> Path:
        """``target/relative``, made where missing; a link or a file on the way is refused."""
        folder = self.target
        for part in relative.parts:
            folder = folder / part
            try:
                info = os.lstat(folder)
            except FileNotFoundError:
                ensure_folder(folder)
                continue
            if stat.S_ISLNK(info.st_mode):
                raise MaturityError([Problem(str(folder), 0, 0, _linked_folder())])
            if not stat.S_ISDIR(info.st_mode):
                raise cannot_write(folder, NotADirectoryError(str(folder)))
        return folder

    def _remove_if_unchanged(self, entry: object, kept: set[str]) -> None:
        """Remove a file the previous run wrote and this one did not – only a regular file inside the
        target, reached without a link, that still has the size and hash the manifest gives."""
        if not isinstance(entry, dict):
            return
        name, size, digest = entry.get("path"), entry.get("size"), entry.get("sha256")
        if not isinstance(name, str) or name in kept or not isinstance(digest, str):
            return
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            return
        path = self.target
        for part in relative.parts[:-1]:
            path = path / part
            if not stat.S_ISDIR(_lstat_mode(path)):  # missing, a file or a link
                return
        path = path / relative.parts[-1]
        if not stat.S_ISREG(_lstat_mode(path)):
            return
        if file_fingerprint(path) == (size, digest):
            path.unlink(missing_ok=True)

    def _manifest(self) -> dict[str, Any]:
        return read_record(self.target)

    def _clean_leftovers(self) -> None:
        """Staging folders and temporary files of a run that was interrupted (kill -9, power loss):
        a link or a file among them is unlinked, never followed."""
        for leftover in self.target.glob(f"{STAGING_PREFIX}*"):
            mode = _lstat_mode(leftover)
            if stat.S_ISDIR(mode):
                shutil.rmtree(leftover, ignore_errors=True)
            elif mode:
                leftover.unlink(missing_ok=True)
        for folder in (self.target, self.target / "reports"):
            if not stat.S_ISDIR(_lstat_mode(folder)):
                continue  # missing, or a link: not ours to clean
            for temporary in folder.glob(".*.tmp"):
                if stat.S_ISREG(_lstat_mode(temporary)):
                    temporary.unlink(missing_ok=True)


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def _regular_files(stage: Path) -> list[Path]:
    """The regular files below ``stage``, relative to it; links are never followed or taken."""
    found = []
    for folder, _, files in os.walk(stage, followlinks=False):
        for name in files:
            path = Path(folder) / name
            if stat.S_ISREG(_lstat_mode(path)):
                found.append(path.relative_to(stage))
    return sorted(found)


def _busy(since: str) -> Text:
    when = f" seit {since}" if since else ""
    when_en = f" since {since}" if since else ""
    return Text(
        f"in diesem Ordner läuft bereits eine Auswertung{when}; warten Sie, bis sie fertig ist, oder "
        "wählen Sie mit -o einen anderen Ordner",
        f"a batch is already running in this folder{when_en}; wait until it is done or choose "
        "another folder with -o",
    )


def _replace_only_forced(earlier: dict[str, str]) -> Text:
    date = earlier["date"].replace("T", " ")
    de = "hier liegt schon eine Auswertung" + (f" vom {date}" if date else "")
    en = "this folder holds an earlier evaluation" + (f" of {date}" if date else "")
    if earlier["export"]:
        de += f" aus {earlier['export']}"
        en += f" from {earlier['export']}"
    return Text(
        f"{de}; mit --force wird sie ersetzt, oder wählen Sie mit -o einen anderen Ordner",
        f"{en}; pass --force to replace it or choose another folder with -o",
    )


def _linked_folder() -> Text:
    return Text(
        "ist eine Verknüpfung auf einen anderen Ort; batch schreibt nur in echte Ordner unterhalb "
        "von -o (die Verknüpfung entfernen oder einen anderen Ordner wählen)",
        "is a link to another place; batch writes only into real folders below -o (remove the "
        "link or choose another folder)",
    )
