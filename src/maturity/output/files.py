"""Writing files for the user: atomically, and never outside the folder they asked for."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text


def write_atomic(path: Path, data: str | bytes | Iterable[bytes], *, durable: bool = True) -> None:
    """Write ``data`` (text, bytes, or bytes in pieces, written as they come) to ``path`` through a
    temporary file in the same folder and a rename, so that an interrupted write never leaves a
    half-written file behind. ``durable`` also flushes the data to disk before the rename (answers
    files); thousands of batch reports skip that cost.

    A special file (a FIFO, a device such as ``/dev/stdout``) is written directly: a rename would put
    a regular file in its place. A folder that cannot be made or written (read-only, full disk) is a
    :class:`~maturity.errors.MaturityError` that names ``path`` and the reason."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if _is_special(path):
            with path.open("wb") as handle:
                _write_all(handle, raw)
            return
        ensure_folder(path.parent)
        _replace(path, raw, durable)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def write_new(path: Path, data: str | bytes) -> None:
    """Write a file into a folder that only this run writes to (a batch's staging folder, swapped in
    whole at the end): no temporary file is needed there, and thousands of reports skip its cost."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with path.open("xb") as handle:  # never through a file or link that is there already
            handle.write(raw)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _write_all(handle: BinaryIO, raw: bytes | Iterable[bytes]) -> None:
    if isinstance(raw, bytes):
        handle.write(raw)
    else:
        handle.writelines(raw)


def _replace(path: Path, raw: bytes | Iterable[bytes], durable: bool) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain write would have, or keep
        # the mode of the file it replaces, so colleagues on a shared drive can still read it
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = _new_file_mode()
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            _write_all(handle, raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _is_special(path: Path) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (a FIFO, a device)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def ensure_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) if needed; a failure names the folder and the reason."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(folder, exc) from None


def cannot_write(path: Path, exc: OSError) -> MaturityError:
    """The problem of a place that cannot be written, naming it and the reason."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        reason = Text(
            "hier steht eine Datei, wo ein Ordner nötig ist",
            "a file stands where a folder is needed",
        )
    else:
        detail = exc.strerror or str(exc)
        reason = Text(detail, detail)
    return MaturityError(
        [
            Problem(
                str(path),
                0,
                0,
                Text(
                    f"hier lässt sich nicht schreiben: {reason.de}",
                    f"cannot write here: {reason.en}",
                ),
            )
        ]
    )


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _new_file_mode() -> int:
    """0666 less the process's umask: what ``open(path, "w")`` would give a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def slugify(text: str, fallback: str = "kommune") -> str:
    """A file-name-safe slug: ``Bad Münstereifel`` -> ``bad-muenstereifel``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_UMLAUTS)).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    return slug or fallback


def child(folder: Path, name: str) -> Path:
    """``folder / name`` for a plain file name (no separators, not ``.`` or ``..``), so that a name made
    from data never leaves ``folder``; cheap enough for thousands of generated report names."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"refusing a file name that is not a plain name: {name!r}")
    return folder / name


class FileLock:
    """An exclusive lock on ``path`` for as long as one program works on it: a lock file
    ``.NAME.lock`` beside it, locked with ``flock`` (released by the system even if the program is
    killed). Where ``fcntl`` is missing (Windows) no lock is taken."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(f".{path.name}.lock")
        self._handle: BinaryIO | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another program holds it (or the lock file is a link)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX
            return True
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            handle = os.fdopen(os.open(self.lock_path, flags, 0o600), "r+b")
        except OSError:
            return False
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def write_note(self, text: str) -> None:
        """Say in the lock file who holds it (since when), for the program it turns away."""
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.write(text.encode("utf-8")[:200])
            self._handle.flush()

    def note(self) -> str:
        """What the holder wrote into the lock file ("" where nothing can be read)."""
        try:
            handle = os.open(self.lock_path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return ""
        with os.fdopen(handle, "rb") as reader:
            text = reader.read(200).decode("utf-8", "replace")
        return "".join(c for c in text if c.isprintable()).strip()

    def release(self) -> None:
        if self._handle is not None:
            self.lock_path.unlink(missing_ok=True)
            self._handle.close()
            self._handle = None
