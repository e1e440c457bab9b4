"""The package layout shows the pipeline, and its rules hold: no import cycles, no stage imports a
later one, the §4.7 field names live in one serialiser, and the wheel carries the bundled
questionnaires."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "maturity"

# What each stage may import (besides itself). The foundation modules import no stage.
FOUNDATION = {"maturity", "maturity.errors", "maturity.model", "maturity.i18n", "maturity.routing"}
ALLOWED = {
    "load": set(),
    "scoring": set(),
    "output": {"load", "scoring"},
    "survey": {"load", "scoring", "output"},
    "batch": {"load", "scoring", "output", "survey"},
    "cli": {"load", "scoring", "output", "survey", "batch"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def imports(path: Path, *, module_level_only: bool) -> set[str]:
    """The maturity modules a file imports: at module level (outside ``if TYPE_CHECKING``), or all."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom) and node.module and (top or not module_level_only):
            if node.module.startswith("maturity"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if candidate in MODULES else node.module)
        elif isinstance(node, ast.Import) and (top or not module_level_only):
            found.update(a.name for a in node.names if a.name.startswith("maturity"))
        inner = top and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, True)
    return found


def test_every_stage_package_says_what_it_owns_and_may_import() -> None:
    for name in ALLOWED:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert doc, name
        assert "May import" in doc, name


def test_no_import_cycles_even_through_imports_inside_functions() -> None:
    """A module that imports another inside a function still depends on it: no cycle either way (a
    lazy import is there for speed, never to hide a cycle)."""
    graph = {m: imports(p, module_level_only=False) & set(MODULES) for m, p in MODULES.items()}
    # a package's __init__ is run before its modules: importing maturity.a.b imports maturity.a
    for module in MODULES:
        parent = module.rsplit(".", 1)[0]
        if parent != module and parent in graph:
            graph[module].add(parent)
    state: dict[str, int] = {}

    def walk(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if target == module or (module.startswith(target + ".") and target in graph):
                continue  # a module under a package needs that package; not a cycle
            if state.get(target) == 1:
                pytest.fail("import cycle: " + " -> ".join([*trail, module, target]))
            if target not in state:
                walk(target, [*trail, module])
        state[module] = 2

    for module in graph:
        if module not in state:
            walk(module, [])


def test_no_stage_imports_a_later_one() -> None:
    wrong = []
    for module, path in MODULES.items():
        own = stage(module)
        for target in imports(path, module_level_only=False):
            other = stage(target)
            if own is None:  # the foundation imports no stage
                if other is not None and module != "maturity.__main__":
                    wrong.append(f"{module} -> {target}")
            elif other is not None and other != own and other not in ALLOWED[own]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_state_codes_are_spelled_in_one_module() -> None:
    """Outside scoring/states.py, no module defines the integer state codes."""
    for module, path in MODULES.items():
        if module == "maturity.scoring.states":
            continue
        assert "MISSING, SCORED, UNKNOWN, NA = " not in path.read_text(encoding="utf-8"), module


def test_the_json_result_has_one_serialiser() -> None:
    """The §4.7 field names that only the JSON result uses appear in one module (the report context
    under output/report has its own keys for the templates, i18n its words)."""
    for module, path in MODULES.items():
        if module in ("maturity.output.resultjson", "maturity.i18n") or module.startswith(
            "maturity.output.report"
        ):
            continue
        text = path.read_text(encoding="utf-8")
        for field in ('"caps_level":', '"level_name":', '"capped_by":', '"recommendations":'):
            assert field not in text, f"{module} writes {field}"


@pytest.mark.slow
@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "maturity.__main__"))
def test_every_module_imports_on_its_own(module: str) -> None:
    """``python -c "import X"`` in a fresh interpreter: a cycle would fail for some first module."""
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, timeout=60)


@pytest.mark.slow
def test_the_wheel_carries_the_bundled_questionnaires(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("maturity-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((ROOT / "questionnaires").glob("*.yaml")):
        assert f"maturity/questionnaires/{path.name}" in names
    assert "maturity/output/report/templates/report.html.j2" in names


def test_the_bundled_questionnaires_are_the_top_level_folder() -> None:
    from maturity.load.catalogue import bundled_paths

    expected = {p.stem: p.read_bytes() for p in (ROOT / "questionnaires").glob("*.yaml")}
    assert {qid: path.read_bytes() for qid, path in bundled_paths().items()} == expected


def test_a_source_checkout_reads_the_top_level_folder() -> None:
    """As an editable install runs: the package from src/, with no copy of the questionnaires in it."""
    code = "from maturity.load.catalogue import bundled_dir; print(bundled_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    ).stdout
    assert Path(out.strip()) == ROOT / "questionnaires"


@pytest.mark.parametrize(
    ("module", "not_loaded"),
    [
        ("maturity.survey.read.decode", ["maturity.load.answers", "maturity.load.mapping", "yaml"]),
        ("maturity.load.xlsx_answers", ["maturity.load.answers", "maturity.output"]),
        ("maturity.cli.assess", ["maturity.load.answers", "maturity.output.report", "jinja2"]),
        ("maturity.survey.forms.limesurvey", ["maturity.output.report", "jinja2"]),
    ],
)
def test_modules_load_only_what_they_need(module: str, not_loaded: list[str]) -> None:
    """Value interpretation, the XLSX layout and the answer labels live in small modules of their own,
    so that these modules do not pull in readers and report modules they do not use."""
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({module!r})\n"
        "print('\\n'.join(sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    for name in not_loaded:
        assert not [m for m in loaded if m == name or m.startswith(name + ".")], name
