"""Writing files for the user: atomically, and never outside the folder they asked for."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so that
    an interrupted write never leaves a half-written file behind. ``durable`` also flushes the data to
    disk before the rename (answers files); thousands of batch reports skip that cost."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
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
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


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
