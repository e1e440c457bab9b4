"""Usage errors (exit 2) in the user's language.

Typer's parser reports a missing option, an unknown option or a bad value in English. ``main`` runs
the app without Typer's own error printing and hands such an error here; it is told in German or
English with the same facts (the usage line, how to get help, which option). Errors are told apart by
the names of Typer's exception classes and read through their public attributes; anything not known
keeps Typer's own wording.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from maturity.i18n import Text

_NOT_ONE_OF = re.compile(r"^'(?P<value>.*)' is not one of (?P<choices>.+)\.$", re.S)
_NO_COMMAND = re.compile(r"^No such command '(?P<name>.*)'\.$", re.S)


def _hint(exc: Any) -> str:
    hint = getattr(exc, "param_hint", None)
    if hint is None and getattr(exc, "param", None) is not None:
        try:  # Typer before 0.29 asks for the context, as Click does
            hint = exc.param.get_error_hint(exc.ctx)
        except TypeError:
            hint = exc.param.get_error_hint()
    if isinstance(hint, list | tuple):
        hint = " / ".join(repr(part) for part in hint)
    return str(hint or "")


def usage_message(exc: Any) -> Text:
    """What went wrong, in both languages."""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        name = exc.option_name
        near = sorted(exc.possibilities or ())
        de = f" (meinten Sie {' oder '.join(near)}?)" if near else ""
        en = f" (did you mean {' or '.join(near)}?)" if near else ""
        return Text(f"unbekannte Option {name}{de}", f"no such option {name}{en}")
    if kind == "MissingParameter":
        hint = _hint(exc)
        option = getattr(getattr(exc, "param", None), "param_type_name", "option") == "option"
        return Text(
            f"es fehlt {'die Option' if option else 'die Angabe'} {hint}".rstrip(),
            f"missing {'option' if option else 'argument'} {hint}".rstrip(),
        )
    message = str(getattr(exc, "message", "") or exc).removeprefix("Value error, ")
    if kind == "BadParameter":
        hint = _hint(exc)
        choice = _NOT_ONE_OF.match(message)
        if choice:
            message_de = f"'{choice['value']}' ist keiner der Werte {choice['choices']}"
            message_en = message.rstrip(".")
        else:
            message_de = message_en = message
        return Text(
            f"ungültiger Wert für {hint}: {message_de}"
            if hint
            else f"ungültiger Wert: {message_de}",
            f"invalid value for {hint}: {message_en}" if hint else f"invalid value: {message_en}",
        )
    command = _NO_COMMAND.match(message)
    if command:
        return Text(
            f"unbekannter Befehl '{command['name']}'", f"no such command '{command['name']}'"
        )
    formatted = exc.format_message() if hasattr(exc, "format_message") else message
    return Text(formatted, formatted)


def show_usage_error(exc: Any) -> None:
    """The usage line, how to get help, and the error, on standard error."""
    if type(exc).__name__ == "NoArgsIsHelpError" or not hasattr(exc, "ctx"):
        exc.show()  # the help when no command is given, and errors that are not about usage
        return
    try:
        ctx = exc.ctx
        lines = []
        if ctx is not None:
            lines.append(ctx.get_usage())
            path = ctx.command_path
            lines.append(str(Text(f"Hilfe: {path} -h", f"Help: {path} -h")))
            lines.append("")
        lines.append(f"{Text('Fehler', 'Error')}: {usage_message(exc)}")
    except Exception:  # a Typer whose errors look different: its own words rather than none
        exc.show()
        return
    sys.stderr.write("\n".join(lines) + "\n")
