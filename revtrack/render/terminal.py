"""Colour on a terminal: whether to use it (``--color``, ``NO_COLOR``), and how to write it."""

from __future__ import annotations

import os
from typing import IO, Literal

__all__ = ["ColorMode", "sgr", "use_color"]

ColorMode = Literal["auto", "always", "never"]
"""``--color``: ``auto`` colours a terminal unless ``NO_COLOR`` is set."""


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
