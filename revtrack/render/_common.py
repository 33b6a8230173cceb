"""Shared by every renderer: making story text safe to show, and colour."""

from __future__ import annotations

import html
import os
import re
from typing import IO, Literal

__all__ = ["ColorMode", "escape_html", "escape_markdown", "sgr", "show_controls", "use_color"]

ColorMode = Literal["auto", "always", "never"]

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional
# overrides/isolates that can make text read differently from what it is.
# A carriage return that ends a line (Windows line ends) is harmless and stays.
_CONTROLS = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def show_controls(text: str) -> str:
    """*text* with control characters written as visible escapes (``\\x1b``).

    A story may hold ANSI escape sequences, carriage returns or bidi
    overrides; written to a terminal raw they would change what it shows.
    """
    return _CONTROLS.sub(_visible, text)


def escape_html(text: str) -> str:
    """*text* escaped for HTML element content and attribute values, controls made visible."""
    return html.escape(show_controls(text), quote=True)


# Characters that make inline Markdown (or HTML inside it); block markers at a line start are the caller's.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})


def escape_markdown(text: str) -> str:
    """*text* escaped so that Markdown shows it literally, controls made visible."""
    return show_controls(text).translate(_MD_SPECIAL)


def use_color(mode: ColorMode, stream: IO[str] | None = None) -> bool:
    """Whether to colour output: ``always``/``never`` say so; ``auto`` colours a
    terminal unless ``NO_COLOR`` is set to a non-empty value (https://no-color.org)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    return bool(stream is not None and stream.isatty())


def sgr(text: str, *codes: int | str) -> str:
    """*text* wrapped in an ANSI SGR colour sequence and a reset (per line, so pagers keep it)."""
    if not text:
        return text
    start = "\x1b[" + ";".join(str(c) for c in codes) + "m"
    return "\n".join(start + line + "\x1b[0m" if line else line for line in text.split("\n"))
