"""Text from a story is data: making it safe to show on a terminal, in HTML and in Markdown."""

from __future__ import annotations

import html
import re

__all__ = [
    "escape_html",
    "escape_markdown",
    "hidden_runs",
    "markdown_unindented",
    "show_controls",
    "show_invisible",
    "show_line",
]

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional
# overrides/isolates that can make text read differently from what it is.
# A carriage return that ends a line (Windows line ends) is harmless and stays.
_CONTROLS = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# Characters that show nothing at all: soft hyphen, zero-width space and joiners of no script,
# the byte-order mark, the line and paragraph separators, the interlinear annotation marks and the
# tag characters (which hide ASCII text; an emoji flag of a region is made of them). Harmless in
# unchanged text, but a change made of them would look like no change: inside a removal or an
# insertion they are shown.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b\u2060-\u2064\u2028\u2029\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)


def show_invisible(text: str) -> str:
    """*text* with controls and characters that show nothing written as visible escapes (``\\ufeff``)."""
    return _INVISIBLE.sub(_visible, show_controls(text))


_HIDDEN = re.compile(f"(?:{_CONTROLS.pattern}|{_INVISIBLE.pattern})+")


def hidden_runs(text: str) -> list[tuple[bool, str]]:
    """*text* cut into the runs :func:`show_invisible` writes escaped (True) and the others, in order."""
    out: list[tuple[bool, str]] = []
    at = 0
    for match in _HIDDEN.finditer(text):
        if match.start() > at:
            out.append((False, text[at : match.start()]))
        out.append((True, match.group()))
        at = match.end()
    if at < len(text):
        out.append((False, text[at:]))
    return out


def show_controls(text: str) -> str:
    """*text* with control characters written as visible escapes (``\\x1b``).

    A story may hold ANSI escape sequences, carriage returns or bidi
    overrides; written to a terminal raw they would change what it shows.
    """
    return _CONTROLS.sub(_visible, text)


_LINE_BREAKS = re.compile("\r\n|[\n\r\t\u2028\u2029]")


def show_line(text: str) -> str:
    """:func:`show_controls`, line breaks and tabs too (``\\n``, ``\\t``): for what must stay on
    one line and in its column, a label, an author or a title among others."""
    return _LINE_BREAKS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), show_controls(text))


def escape_html(text: str, *, changed: bool = False) -> str:
    """*text* escaped for HTML element content and attribute values, controls made visible (and,
    in *changed* text, characters that show nothing)."""
    return html.escape((show_invisible if changed else show_controls)(text), quote=True)


# Characters that make inline Markdown, entities or HTML inside it.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#&"})
# What makes a block at the start of a line, after up to three spaces: a list item ("- ", "+ ",
# "1. ", "1) "), a setext underline ("===", "---"), or four spaces or a tab (an indented code block).
_MD_LINE_START = re.compile(r"(?m)^([ ]{0,3})(?:([-+=])|(\d{1,9})([.)]))|^([ ]{4}|[ ]{0,3}\t)")


def _line_start(match: re.Match[str]) -> str:
    if match.group(5) is not None:  # indentation: the first space or tab as an entity, not indentation
        lead = match.group(5)
        return ("&#9;" if lead[0] == "\t" else "&#32;") + lead[1:]
    if match.group(2) is not None:
        return match.group(1) + "\\" + match.group(2)
    return match.group(1) + match.group(3) + "\\" + match.group(4)


def escape_markdown(text: str, *, line_start: bool = False, changed: bool = False) -> str:
    """*text* escaped so that Markdown shows it literally, controls made visible (and, in
    *changed* text, characters that show nothing).

    Every line after a line break in *text* is escaped as the start of a line (``\\- item``,
    ``1984\\.``); the first one too when *line_start* (the text begins a line of the output).
    """
    escaped = (show_invisible if changed else show_controls)(text).translate(_MD_SPECIAL)
    if line_start:
        return _MD_LINE_START.sub(_line_start, escaped)
    head, newline, rest = escaped.partition("\n")
    return head + newline + _MD_LINE_START.sub(_line_start, rest) if newline else head


_MD_INDENTED = re.compile(r"(?m)^(?:[ ]{4}|[ ]{0,3}\t)(?=[^\n]*[^ \t\r\n])")  # not a blank line


def markdown_unindented(source: str) -> str:
    """Markdown *source* with no line indented into a code block (story text kept as it was around
    the marks may be): the first space or tab of such a line written as an entity."""
    return _MD_INDENTED.sub(lambda m: ("&#9;" if m.group()[0] == "\t" else "&#32;") + m.group()[1:], source)
