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
