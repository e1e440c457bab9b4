from pathlib import Path

import pytest

from maturity.errors import MaturityError
from maturity.load.yamlio import MAX_ALIASES, load_yaml, load_yaml_text


def test_values_keep_their_line_and_column() -> None:
    doc = load_yaml_text("a:\n  b: [1, 2]\n  c: text\n", "f.yaml")
    assert doc.data == {"a": {"b": [1, 2], "c": "text"}}
    assert doc.where(("a", "b", 1)) == (2, 10)
    assert doc.where(("a", "c")) == (3, 6)
    assert doc.where(("a", "c"), at_key=True) == (3, 3)
    # a path that does not exist points at its nearest parent
    assert doc.where(("a", "missing")) == (2, 3)


def test_duplicate_keys_are_problems_not_silent_overrides() -> None:
    doc = load_yaml_text("x: 1\ny: 2\nx: 3\n", "f.yaml")
    assert doc.data == {"x": 1, "y": 2}
    assert [str(p) for p in doc.problems] == ["f.yaml:3:1: x: duplicate key 'x' (first at line 1)"]


def test_only_true_and_false_are_booleans() -> None:
    doc = load_yaml_text("a: yes\nb: no\nc: on\nd: true\ne: False\n", "f.yaml")
    assert doc.data == {"a": "yes", "b": "no", "c": "on", "d": True, "e": False}


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(MaturityError) as info:
        load_yaml_text("a: [1, 2\nb: 3\n", "f.yaml")
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == ("f.yaml", 2)
    assert str(problem.message).startswith("invalid YAML:")


def test_arbitrary_objects_are_refused() -> None:
    with pytest.raises(MaturityError, match=r"unsupported tag .*only plain YAML data is read"):
        load_yaml_text("a: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")


def test_too_many_aliases_stop_loading() -> None:
    text = "a: &a [1]\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(MaturityError, match="aliases"):
        load_yaml_text(text, "f.yaml")


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from maturity.load import yamlio

    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 200 + "\n")
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    with pytest.raises(MaturityError, match="the limit is 100 bytes"):
        yamlio.read_text(big, max_bytes=yamlio.MAX_FILE_BYTES)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(MaturityError, match="file not found"):
        load_yaml(tmp_path / "nope.yaml")
    with pytest.raises(MaturityError, match="is a directory"):
        load_yaml(tmp_path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: Müllheim\n".encode())
    assert load_yaml(path).data == {"name": "Müllheim"}


def _outcome(load: object, text: str) -> object:
    try:
        doc = load(text, "f.yaml")  # type: ignore[operator]
    except MaturityError as exc:
        return [str(p) for p in exc.problems]
    return doc.data, doc.value_marks, doc.key_marks, [str(p) for p in doc.problems]


YAML_FILES = sorted(
    p
    for folder in ("questionnaires", "examples", "tests")
    for p in (Path(__file__).parent.parent / folder).rglob("*.y*ml")
)


@pytest.mark.slow
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_libyaml_reads_every_file_as_the_pure_python_loader(path: Path) -> None:
    from maturity.load import yamlio

    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    assert yamlio._CParser is not None  # the wheels of every common platform bring libyaml
    assert _outcome(yamlio.load_yaml_text, text) == _outcome(yamlio._load_slowly, text)


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\nb: 3\n",  # a flow sequence that never closes
        "a: 1\n b: 2\n",  # bad indentation
        "a: 'open\n",  # a quote that never closes
        "a: *nothing\n",  # an alias without an anchor
        "a: b: c\n",
        "x: \x07\n",  # a control character
        "- &a [*a]\n",  # a recursive alias
        "a: " + "[" * 150 + "]" * 150 + "\n",  # nested too deep
        "\t- a\n",  # a tab where indentation is expected
    ],
)
def test_documents_libyaml_refuses_get_the_pure_python_loaders_message(text: str) -> None:
    from maturity.load import yamlio

    assert _outcome(yamlio.load_yaml_text, text) == _outcome(yamlio._load_slowly, text)


def test_a_valid_document_is_read_by_libyaml_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from maturity.load import yamlio

    def refuse(text: str, file: str) -> None:
        raise AssertionError("read again by the pure-Python loader")

    monkeypatch.setattr(yamlio, "_load_slowly", refuse)
    questionnaire = Path(__file__).parent.parent / "questionnaires" / "digitalcheck-kommune.yaml"
    doc = load_yaml_text(questionnaire.read_text(encoding="utf-8"), "q.yaml")
    assert doc.data["id"] == "digitalcheck-kommune"
    assert doc.where(("id",)) == (10, 5)
