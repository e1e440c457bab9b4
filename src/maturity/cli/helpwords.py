"""Help screens in the user's language through the hooks Typer and Click offer: their own words
("Options", "[required]", "default: …") through the gettext catalogue ``locale/de`` that they read
them with, the usage line and the help option through the command classes' documented methods
(``format_usage``, ``get_help_option``), the completion options' help through their parameters."""

from __future__ import annotations

import gettext
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from typer.core import TyperCommand, TyperGroup

from maturity.i18n import LANGUAGES, language, set_language, t

DOMAIN = "maturity-cli"
LOCALE = Path(__file__).parent / "locale"


def use_language_for_help(args: Sequence[str]) -> None:
    """Choose the language of help and usage before Typer reads the arguments: ``--lang``/``-l``
    wherever it stands (help is shown before the options are handled), else MATURITY_LANG."""
    wanted = ""
    for index, arg in enumerate(args):
        if arg in ("--lang", "-l") and index + 1 < len(args):
            wanted = args[index + 1]
        elif arg.startswith("--lang="):
            wanted = arg.split("=", 1)[1]
    if wanted in LANGUAGES:
        set_language(wanted)
    lang = language()
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang  # gettext's own rule for which catalogue to take


def _usage(self: Any, ctx: Any, formatter: Any) -> None:
    lang = language()
    words = {
        "[OPTIONS]": t("options_metavar", lang),
        "COMMAND [ARGS]...": t("command_metavar", lang),
    }
    pieces = [words.get(piece, piece) for piece in self.collect_usage_pieces(ctx)]
    prefix = t("usage_prefix", lang)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{prefix} ")


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = t("help_option", language())
    return option


class HelpCommand(TyperCommand):
    """A command whose usage line and help option speak the user's language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))


class HelpGroup(TyperGroup):
    """The app itself: usage line, help option and the completion options in the user's
    language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = list(super().get_params(ctx))
        for param in params:
            if param.name in ("install_completion", "show_completion"):
                param.help = t(f"help_{param.name}", language())
        return params


def parse_catalogue(text: str) -> dict[str, str]:
    """The entries of a gettext ``.po`` file (only what this catalogue uses: single messages)."""
    import ast

    entries: dict[str, str] = {}
    msgid: str | None = None
    msgstr = ""
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr
            msgid, msgstr, current = ast.literal_eval(line[6:]), "", "id"
        elif line.startswith("msgstr "):
            msgstr, current = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"') and msgid is not None:
            if current == "id":
                msgid += ast.literal_eval(line)
            else:
                msgstr += ast.literal_eval(line)
    if msgid is not None:
        entries[msgid] = msgstr
    return entries


def compile_catalogue(entries: dict[str, str]) -> bytes:
    """A ``.mo`` file of ``entries``, as GNU msgfmt writes one (what gettext reads)."""
    import struct

    keys = sorted(entries)
    ids = [k.encode("utf-8") for k in keys]
    strs = [entries[k].encode("utf-8") for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets: list[tuple[int, int]] = []
    data = b""
    for item in ids + strs:
        offsets.append((len(item), start + len(data)))
        data += item + b"\0"
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    table = b"".join(struct.pack("ii", length, at) for length, at in offsets)
    return header + table + data
