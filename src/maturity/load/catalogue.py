"""The catalogue of questionnaires: the bundled ones (by id), the archived earlier versions (by id and
version, so that their answers stay readable), a file given by path, and the questionnaire an answers or
mapping file names. Reading one file is :mod:`maturity.load.questionnaire`'s job."""

from __future__ import annotations

from pathlib import Path

from maturity.errors import MaturityError, Problem
from maturity.i18n import Text
from maturity.load.docreader import DocReader
from maturity.load.messages import other_questionnaire, unknown_questionnaire
from maturity.load.questionnaire import load_questionnaire_file
from maturity.model import Questionnaire


def bundled_dir() -> Path:
    """The folder of the bundled questionnaires: ``maturity/questionnaires`` inside an installed wheel
    (copied there from the repository's top-level ``questionnaires/``), or that top-level folder itself
    when the package runs from a source checkout (an editable install, or ``src`` on the path)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "questionnaires"
    if installed.is_dir():
        return installed
    return package.parents[1] / "questionnaires"


def bundled_paths() -> dict[str, Path]:
    """Bundled questionnaire ids (file stems) and their files."""
    return {path.stem: path for path in sorted(bundled_dir().glob("*.yaml"))}


def archived_paths() -> dict[tuple[str, str], Path]:
    """Earlier versions of bundled questionnaires, kept so that their answers stay readable:
    ``archive/ID-VERSION.yaml`` by (id, version)."""
    found = {}
    for path in sorted((bundled_dir() / "archive").glob("*.yaml")):
        qid, _, version = path.stem.rpartition("-")
        if qid:
            found[(qid, version)] = path
    return found


def archived_questionnaire(qid: str, version: str) -> Questionnaire | None:
    """The archived version ``version`` of bundled questionnaire ``qid``, if there is one."""
    path = archived_paths().get((qid, version))
    return None if path is None else load_questionnaire(path)


_cache: dict[tuple[str, float], Questionnaire] = {}


def load_questionnaire(ref: str | Path) -> Questionnaire:
    """Load a questionnaire given a bundled id or a file path (cached per file and mtime)."""
    path = resolve_questionnaire(ref)
    key = (str(path.resolve()), path.stat().st_mtime)
    if key not in _cache:
        _cache[key] = load_questionnaire_file(path)
    return _cache[key]


def resolve_questionnaire(ref: str | Path) -> Path:
    bundled = bundled_paths()
    if isinstance(ref, str) and ref in bundled:
        return bundled[ref]
    path = Path(ref)
    if path.is_file():
        return path
    raise MaturityError(
        [
            Problem(
                str(ref),
                0,
                0,
                Text(
                    "weder eine Fragebogendatei noch die ID eines mitgelieferten Fragebogens; "
                    f"mitgeliefert: {_bundled_list('keine')}",
                    "no such questionnaire file or bundled questionnaire id; "
                    f"bundled: {_bundled_list('none')}",
                ),
            )
        ]
    )


def _bundled_list(none: str) -> str:
    return ", ".join(bundled_paths()) or none


def named_questionnaire(
    reader: DocReader, qid: str, given: Questionnaire | None, what: Text
) -> Questionnaire | None:
    """The questionnaire a file names: ``given`` (``-q``) if the ids agree, else the bundled one.

    ``what`` is how the file refers to itself in a message, e.g. "these answers"."""
    if given is not None:
        if qid != given.id:
            reader.error(
                ("questionnaire",),
                other_questionnaire(what, qid, given.id),
            )
            return None
        return given
    if qid not in bundled_paths():
        reader.error(
            ("questionnaire",),
            unknown_questionnaire(qid, bundled_paths()),
        )
        return None
    return load_questionnaire(qid)
