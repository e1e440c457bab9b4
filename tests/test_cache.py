"""The cache of parsed questionnaires: used only when it holds exactly what parsing gives, renewed
when the file or the tool changes, never read from a folder others may write to, never an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from maturity.load import cache
from maturity.load.questionnaire import load_questionnaire_file

from .conftest import MINI, Run


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "cache"
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(target))
    return target


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "mini.yaml"
    target.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("questionnaire-*.json"))


def test_a_second_load_comes_from_the_cache_and_equals_the_parse(
    folder: Path, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_questionnaire_file(copy)
    assert len(entries(folder)) == 1
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    calls = []
    monkeypatch.setattr(
        "maturity.load.questionnaire.parse_questionnaire",
        lambda doc: calls.append(doc) or (None, []),
    )
    second = load_questionnaire_file(copy)
    assert calls == []  # not parsed again
    assert second == first
    assert second.scored_questions == first.scored_questions


def test_a_changed_file_or_tool_is_parsed_anew(
    folder: Path, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_questionnaire_file(copy)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("Mini-Check", "Mini-Check 2"), encoding="utf-8"
    )
    assert load_questionnaire_file(copy).title["de"] == "Mini-Check 2"
    assert len(entries(folder)) == 1  # one entry per file, written over
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert cache.cached(copy, copy.read_bytes()) is None


def test_a_damaged_entry_is_replaced(folder: Path, copy: Path) -> None:
    load_questionnaire_file(copy)
    (entry,) = entries(folder)
    entry.write_bytes(b"\x80\x05garbage")
    assert load_questionnaire_file(copy).id == "mini"
    assert cache.cached(copy, copy.read_bytes()) is not None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_not_read(folder: Path, copy: Path) -> None:
    load_questionnaire_file(copy)
    folder.chmod(0o777)
    assert cache.cached(copy, copy.read_bytes()) is None
    folder.chmod(0o770)  # the group may write: not the user's alone either
    assert cache.cached(copy, copy.read_bytes()) is None
    folder.chmod(0o755)  # others may read: that is harmless
    assert cache.cached(copy, copy.read_bytes()) is not None
    folder.chmod(0o700)
    assert cache.cached(copy, copy.read_bytes()) is not None


def test_the_cache_can_be_off_and_never_fails(
    tmp_path: Path, copy: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    monkeypatch.setenv("MATURITY_NO_CACHE", "1")
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(tmp_path / "off"))
    load_questionnaire_file(copy)
    assert not (tmp_path / "off").exists()
    monkeypatch.delenv("MATURITY_NO_CACHE")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(blocked))
    assert load_questionnaire_file(copy).id == "mini"
    assert run("validate", copy).exit_code == 0


def test_a_questionnaire_with_warnings_is_not_kept(folder: Path, tmp_path: Path) -> None:
    warned = tmp_path / "warned.yaml"
    text = MINI.read_text(encoding="utf-8")
    warned.write_text(
        text.replace(
            "references:", "references:\n  unused: {title: {de: Nie verwendet, en: Never used}}", 1
        )
        if "references:" in text
        else text + "references:\n  unused: {title: {de: Nie verwendet, en: Never used}}\n",
        encoding="utf-8",
    )
    load_questionnaire_file(warned)
    assert entries(folder) == []


@pytest.mark.parametrize("xdg", [None, "", "  ", "/somewhere/cache"])
def test_the_cache_folder_is_the_one_platformdirs_names(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_cache_dir

    from maturity.load.cache import cache_folder

    monkeypatch.delenv("MATURITY_CACHE_DIR", raising=False)
    monkeypatch.delenv("MATURITY_NO_CACHE", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_folder() == Path(user_cache_dir("maturity", appauthor=False))


def test_an_entry_is_plain_data_and_never_runs_code_f3(
    folder: Path, copy: Path, tmp_path: Path
) -> None:
    """An entry that names a class outside the model, or a pickle, is a miss; nothing it holds is
    ever run."""
    import json
    import pickle

    load_questionnaire_file(copy)
    (entry,) = entries(folder)
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["questionnaire"]["@"] == "Questionnaire"  # plain data: class names and values
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(Payload()))
    assert cache.cached(copy, copy.read_bytes()) is None
    data["questionnaire"]["@"] = "Popen"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert cache.cached(copy, copy.read_bytes()) is None
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX links and permissions")
def test_a_linked_folder_or_entry_is_not_read_f3(folder: Path, copy: Path, tmp_path: Path) -> None:
    load_questionnaire_file(copy)
    (entry,) = entries(folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    moved = elsewhere / entry.name
    entry.rename(moved)
    entry.symlink_to(moved)  # an entry that is a link
    assert cache.cached(copy, copy.read_bytes()) is None
    entry.unlink()
    moved.rename(entry)
    real = tmp_path / "real-cache"
    folder.rename(real)
    folder.symlink_to(real, target_is_directory=True)  # the folder itself a link
    assert cache.cached(copy, copy.read_bytes()) is None
    entry_in_real = real / entry.name
    entry_in_real.chmod(0o666)  # an entry others may write
    folder.unlink()
    real.rename(folder)
    assert cache.cached(copy, copy.read_bytes()) is None
