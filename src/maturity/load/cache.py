"""A cache of parsed questionnaires, so that ``score`` and ``report`` start in a blink.

Reading the full Digitalcheck with the line-aware YAML loader and validating it takes most of a
command's time; the parsed :class:`~maturity.model.Questionnaire` is kept in the user's cache folder
(``platformdirs``; ``MATURITY_CACHE_DIR`` overrides it, ``MATURITY_NO_CACHE=1`` turns it off).

An entry is used only when it is certain to be what parsing would give: it is named after the file's
path, holds the file's bytes themselves, the tool's version and Python's, and is used only when all
three match (comparing the bytes is exact, and quicker than loading a hash library at start-up); anything else (a changed file, another version, a damaged or foreign entry) is parsed
anew and written over. Only questionnaires without any problem are kept, so their warnings are never
lost. Entries are written atomically and only read from a folder that belongs to the user and that
nobody else may write to: pickle runs code when it loads, so the folder must be the user's alone.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
import zlib
from pathlib import Path

from maturity import __version__
from maturity.model import Questionnaire

FORMAT = 4
"""Raised when the shape of an entry changes."""


def cache_folder() -> Path | None:
    """Where entries live, or None when caching is off."""
    if os.environ.get("MATURITY_NO_CACHE", "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get("MATURITY_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen)
    if sys.platform.startswith(
        "linux"
    ):  # the XDG rule, as platformdirs applies it (without its import)
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg if xdg else os.path.expanduser("~/.cache")) / "maturity"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("maturity", appauthor=False))


def _stamp(data: bytes) -> tuple[object, ...]:
    return (FORMAT, __version__, sys.version_info[:2], data)


def _entry(folder: Path, path: Path) -> Path:
    """The entry of ``path``: named after the file and a checksum of its full path (two paths
    with the same name and checksum share an entry, and each replaces the other's: a cache miss,
    never a wrong questionnaire, since the entry holds the bytes it was made from)."""
    full = str(path.resolve()).encode("utf-8", "surrogatepass")
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in path.stem)[:40]
    return folder / f"questionnaire-{stem}-{zlib.crc32(full):08x}.pickle"


def _private(folder: Path) -> bool:
    """The folder is the user's own and nobody else can write into it."""
    try:
        info = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def cached(path: Path, data: bytes) -> Questionnaire | None:
    """The parsed questionnaire of ``path`` whose content is ``data``, if a valid entry has it."""
    folder = cache_folder()
    if folder is None or not _private(folder):
        return None
    try:
        with _entry(folder, path).open("rb") as handle:
            stamp, questionnaire = pickle.load(handle)
    except Exception:  # missing, damaged, or from a version whose classes differ: parse anew
        return None
    if stamp != _stamp(data) or not isinstance(questionnaire, Questionnaire):
        return None
    return questionnaire


def remember(path: Path, data: bytes, questionnaire: Questionnaire) -> None:
    """Keep ``questionnaire`` for the next start; a cache that cannot be written is no error."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        import tempfile

        fd, temporary = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((_stamp(data), questionnaire), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, _entry(folder, path))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError):
        return
