"""The README documents every command, and its two commands stay true."""

import re

import typer.main

from maturity.cli.app import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert commands
    for name in commands:
        assert f"`maturity {name}" in README, f"command {name} is missing from the README"


def test_readme_has_an_install_and_run_command_and_a_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert any("pip install ." in b and "maturity score examples/" in b for b in blocks)
    assert any("pip install '.[test,pdf]'" in b and "pytest" in b for b in blocks)


def test_readme_example_files_exist() -> None:
    for path in re.findall(r"(examples/[\w./-]+\.yaml)", README):
        assert (ROOT / path).is_file(), path


def test_every_relative_link_in_the_readme_and_docs_resolves() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.exists(), f"{page.name}: link to missing {target}"
            assert ROOT in path.parents or path == ROOT, f"{page.name}: {target} leaves the repo"


def test_the_repository_does_not_depend_on_files_outside_it() -> None:
    """The design contract lives outside the repository; nothing a user reads points to it."""
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        assert "DESIGN.md" not in page.read_text(encoding="utf-8"), page.name
