"""``brand.yaml`` -> a consultant's name, logo, accent colour and footer on every report.

Read like every other input (every problem at once, with its position). The logo is a local file next to
the brand file, embedded in the report as a data URI: a report never fetches anything from the network.
"""

from __future__ import annotations

import base64
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.errors import Problem, raise_if_errors
from maturity.i18n import Text
from maturity.load.docreader import DocReader
from maturity.load.yamlio import YamlDocument, load_yaml

LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
LOGO_MAX_BYTES = 256 * 1024
"""A logo is a small mark; a larger file would weigh down every report of a batch."""
MAX_TEXT = 200
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


@dataclass(frozen=True)
class Brand:
    name: str = ""
    footer: str = ""
    accent: str = ""
    """#rrggbb, or empty for the default."""
    logo: str = ""
    """A data URI, or empty."""

    def context(self) -> dict[str, str]:
        """As the report templates take it (they escape every value)."""
        return {"name": self.name, "footer": self.footer, "accent": self.accent, "logo": self.logo}


def load_brand(path: Path) -> Brand:
    """Read and check a brand file; every problem is a MaturityError with its position."""
    doc = load_yaml(path)
    brand, problems = parse_brand(doc, path.parent)
    raise_if_errors(problems)
    assert brand is not None
    return brand


def parse_brand(doc: YamlDocument, folder: Path) -> tuple[Brand | None, list[Problem]]:
    """The brand of a loaded document (logo paths relative to ``folder``) and every problem in it."""
    reader = DocReader(doc)
    brand = _brand(reader, doc.data, folder)
    failed = any(p.severity == "error" for p in reader.problems)
    return (None if failed else brand), list(reader.problems)


def _brand(reader: DocReader, data: Any, folder: Path) -> Brand | None:
    top = reader.mapping(data, (), optional=("name", "logo", "accent", "footer"))
    if top is None:
        return None
    texts = {}
    for key in ("name", "footer"):
        if key in top:
            text = reader.string(top[key], (key,))
            if text is not None and len(text) > MAX_TEXT:
                reader.error(
                    (key,),
                    Text(
                        f"höchstens {MAX_TEXT} Zeichen, gefunden {len(text)}",
                        f"at most {MAX_TEXT} characters, got {len(text)}",
                    ),
                )
            texts[key] = (text or "").strip()
    accent = ""
    if "accent" in top:
        value = reader.string(top["accent"], ("accent",))
        if value is not None and not COLOUR.fullmatch(value.strip()):
            reader.error(
                ("accent",),
                Text(
                    f"erwartet eine Farbe als #rrggbb (z. B. #0b5cad), gefunden '{value}'",
                    f"expected a colour as #rrggbb (e.g. #0b5cad), got '{value}'",
                ),
            )
        elif value is not None:
            accent = value.strip().lower()
    logo = ""
    if "logo" in top:
        value = reader.string(top["logo"], ("logo",))
        if value is not None:
            logo = _logo(reader, value, folder)
    return Brand(
        name=texts.get("name", ""), footer=texts.get("footer", ""), accent=accent, logo=logo
    )


def _logo(reader: DocReader, value: str, folder: Path) -> str:
    """The logo file as a data URI; a URL, a missing file, an unknown type or a large file is an error."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value) or value.startswith("data:"):
        reader.error(
            ("logo",),
            Text(
                "erwartet eine Datei neben der Markendatei (PNG, JPEG oder SVG), keine Adresse: "
                "Berichte laden nichts aus dem Netz",
                "expected a file next to the brand file (PNG, JPEG or SVG), not an address: "
                "reports load nothing from the network",
            ),
        )
        return ""
    relative = Path(value)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        reader.error(
            ("logo",),
            Text(
                f"erwartet eine Datei neben der Markendatei oder in einem Ordner darunter, gefunden "
                f"'{value}'",
                f"expected a file next to the brand file or in a folder below it, got '{value}'",
            ),
        )
        return ""
    path = folder / relative
    mime = LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        reader.error(
            ("logo",),
            Text(
                f"erwartet eine PNG-, JPEG- oder SVG-Datei, gefunden '{value}'",
                f"expected a PNG, JPEG or SVG file, got '{value}'",
            ),
        )
        return ""
    try:
        content = _read_small(path, LOGO_MAX_BYTES + 1)
    except OSError as exc:
        reader.error(
            ("logo",),
            Text(
                f"Logo '{value}' lässt sich nicht lesen ({exc.strerror or exc})",
                f"cannot read logo '{value}' ({exc.strerror or exc})",
            ),
        )
        return ""
    if content is None:
        reader.error(
            ("logo",),
            Text(
                f"'{value}' ist keine gewöhnliche Datei (etwa eine Pipe oder ein Gerät)",
                f"'{value}' is not a regular file (a pipe or a device, for instance)",
            ),
        )
        return ""
    if len(content) > LOGO_MAX_BYTES:
        reader.error(
            ("logo",),
            Text(
                f"Logo ist größer als {LOGO_MAX_BYTES // 1024} KB",
                f"logo is larger than {LOGO_MAX_BYTES // 1024} KB",
            ),
        )
        return ""
    signatures = SIGNATURES.get(mime)
    looks_right = (
        content.startswith(signatures) if signatures else b"<svg" in content[:4096].lower()
    )
    if not looks_right:
        reader.error(
            ("logo",),
            Text(
                f"'{value}' ist keine {mime.split('/')[1].split('+')[0].upper()}-Datei",
                f"'{value}' is not a {mime.split('/')[1].split('+')[0].upper()} file",
            ),
        )
        return ""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def _read_small(path: Path, limit: int) -> bytes | None:
    """At most ``limit`` bytes of a regular file; None for a FIFO, a device or a folder (opened
    without blocking, so a FIFO never hangs). A huge file is never read whole."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(limit)
