"""A cache of parsed questionnaires, so that ``score`` and ``report`` start in a blink.

Reading the full Digitalcheck with the line-aware YAML loader and validating it takes most of a
command's time; the parsed :class:`~maturity.model.Questionnaire` is kept in the user's cache folder
(``platformdirs``; ``MATURITY_CACHE_DIR`` overrides it, ``MATURITY_NO_CACHE=1`` turns it off).

An entry is plain JSON data – nothing in it runs when it is read: it names only the model's own
dataclasses, and anything else makes it a miss. It is used only when it is certain to be what parsing
would give: it holds the file's text itself, the tool's version and Python's, and is used only when
all three match; anything else (a changed file, another version, a damaged or foreign entry) is parsed
anew and written over. Only questionnaires without any problem are kept, so their warnings are never
lost. The folder is opened without following a link and must belong to the user with nobody else
allowed to write into it; each entry is opened relative to it, again without following a link, and
must be a regular file of the user's that nobody else may write.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from maturity import __version__, model
from maturity.model import Questionnaire

FORMAT = 5
"""Raised when the shape of an entry changes (5: JSON data instead of a pickle)."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


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


def _stamp() -> list[object]:
    return [FORMAT, __version__, list(sys.version_info[:2])]


def _entry_name(path: Path) -> str:
    """The entry of ``path``: named after the file and a checksum of its full path (two paths
    with the same name and checksum share an entry, and each replaces the other's: a cache miss,
    never a wrong questionnaire, since the entry holds the text it was made from)."""
    full = str(path.resolve()).encode("utf-8", "surrogatepass")
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in path.stem)[:40]
    return f"questionnaire-{stem}-{zlib.crc32(full):08x}.json"


def _mine(info: os.stat_result) -> bool:
    """Owned by the user, and nobody else may write to it."""
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _open_folder(folder: Path) -> int | None:
    """A descriptor of the cache folder, opened without following a link, if it is the user's own
    folder that nobody else can write into; else None."""
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    except OSError:
        return None
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode) and _mine(info):
        return fd
    os.close(fd)
    return None


def cached(path: Path, data: bytes) -> Questionnaire | None:
    """The parsed questionnaire of ``path`` whose content is ``data``, if a valid entry has it."""
    folder = cache_folder()
    if folder is None:
        return None
    folder_fd = _open_folder(folder)
    if folder_fd is None:
        return None
    try:
        fd = os.open(_entry_name(path), os.O_RDONLY | _NOFOLLOW, dir_fd=folder_fd)
    except OSError:
        return None
    finally:
        os.close(folder_fd)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _mine(info):
            return None
        try:
            entry = json.loads(handle.read())
        except (OSError, ValueError):
            return None
    try:
        if entry["stamp"] != _stamp() or entry["source"] != data.decode("utf-8"):
            return None
        questionnaire = _decode(entry["questionnaire"])
    except (KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError):
        return None  # damaged, foreign or from another shape: parse anew
    return questionnaire if isinstance(questionnaire, Questionnaire) else None


def remember(path: Path, data: bytes, questionnaire: Questionnaire) -> None:
    """Keep ``questionnaire`` for the next start; a cache that cannot be written is no error."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        text = data.decode("utf-8")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder_fd = _open_folder(folder)
        if folder_fd is None:
            return
        try:
            entry = {"stamp": _stamp(), "source": text, "questionnaire": _encode(questionnaire)}
            temporary = f".entry-{os.getpid()}-{zlib.crc32(data):08x}.tmp"
            fd = os.open(
                temporary,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW,
                0o600,
                dir_fd=folder_fd,
            )
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(entry, handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, _entry_name(path), src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
            except BaseException:
                os.unlink(temporary, dir_fd=folder_fd)
                raise
        finally:
            os.close(folder_fd)
    except (OSError, UnicodeDecodeError, TypeError, ValueError):
        return


# --- the model as JSON data ---------------------------------------------------------------------


def _encode(value: object) -> Any:
    """Model dataclasses as ``{"@": name, field: value, ...}``, tuples as lists, texts (mappings of
    text to text) as they are, other mappings as ``{"%": [[key, value], ...]}`` (keys keep their
    type: advice is keyed by level number)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if all(type(k) is str and type(v) is str for k, v in value.items()) and not (
            value.keys() & {"@", "%"}
        ):
            return value
        return {"%": [[key, _encode(item)] for key, item in value.items()]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in the cache")


_CLASSES = {
    name: kind
    for name, kind in vars(model).items()
    if isinstance(kind, type)
    and dataclasses.is_dataclass(kind)
    and kind.__module__ == model.__name__
}
"""The only classes an entry may name."""


def _decode(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        name = value.get("@")
        if name is not None:
            made = object.__new__(_CLASSES[name])  # a name outside the model: KeyError, a miss
            made.__dict__.update({k: _decode(v) for k, v in value.items() if k != "@"})
            return made
        pairs = value.get("%")
        if pairs is not None:
            return {key: _decode(item) for key, item in pairs}
        return value  # a text: language -> words
    if kind is list:
        return tuple(_decode(item) for item in value)
    return value
