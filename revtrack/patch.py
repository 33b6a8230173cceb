"""Patches: diff-match-patch's ``patch_toText`` format, applied exactly or not at all.

diff-match-patch's own ``patch_apply`` is fuzzy: it finds the closest match
and reports success per hunk. A story's history must be exact, so each hunk
is applied only where its text stands, byte for byte.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from revtrack._dmp import dmp
from revtrack.errors import RevtrackError

__all__ = ["PatchError", "apply_patch", "make_patch"]


class PatchError(RevtrackError, ValueError):
    """A patch is malformed or does not apply exactly (the story layer names the update)."""


_HEADER = re.compile(r"@@ -(\d+),?(\d*) \+(\d+),?(\d*) @@")
"""A hunk header, exactly as diff-match-patch's ``patch_fromText`` reads it."""


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
"""A '%' not starting a %-escape: ``patch_toText`` writes '%' itself as ``%25``."""


def apply_patch(text: str, patch_text: str) -> str:
    """Apply a ``patch_toText`` patch to *text* exactly.

    Raises:
        PatchError: the patch cannot be parsed, or a hunk's text does not
            stand exactly at the place the hunk names.
    """
    _check_syntax(patch_text)
    try:
        patches = dmp().patch_fromText(patch_text)
    except (ValueError, IndexError) as e:  # _check_syntax should have caught it first
        raise PatchError(f"not a diff-match-patch patch ({' '.join(str(e).split())})") from None
    out: list[str] = []  # the result so far: text[:pos] with the hunks applied
    size = 0  # len("".join(out))
    pos = 0
    for number, patch in enumerate(patches, 1):
        before = "".join(t for op, t in patch.diffs if op <= 0)
        after = "".join(t for op, t in patch.diffs if op >= 0)
        header = _header(patch)
        # Code points (Python's diff-match-patch), or UTF-16 units (its JavaScript and Java versions).
        if (patch.length1, patch.length2) not in ((len(before), len(after)), (_utf16(before), _utf16(after))):
            raise PatchError(
                f"hunk {number} ({header}) says {patch.length1} characters become {patch.length2}, "
                f"but its lines take {len(before)} and give {len(after)}"
            )
        # start2 is the hunk's place in the text with the earlier hunks applied;
        # its leading context may overlap the previous hunk's trailing context.
        start = patch.start2
        overlap = min(max(0, size - start), len(before))
        if start < 0 or size - start > len(before):
            raise PatchError(
                f"hunk {number} ({header}) does not apply exactly: its place is "
                + ("before the start of the text" if start < 0 else f"before the end of hunk {number - 1}")
            )
        tail = _drop_tail(out, overlap)
        if tail != before[:overlap]:
            raise PatchError(
                f"hunk {number} ({header}) does not apply exactly: it overlaps hunk {number - 1}, "
                f"which left {_show(tail)} where this hunk expects {_show(before[:overlap])}"
            )
        size -= overlap
        src = pos + (start - size if overlap == 0 else 0)  # skip unchanged text up to the hunk
        found = text[src : src + len(before) - overlap]
        if found != before[overlap:]:
            raise PatchError(
                f"hunk {number} ({header}) does not apply exactly: "
                f"expected {_show(before[overlap:])} at offset {src}, found {_show(found)}"
            )
        out.append(text[pos:src])
        out.append(after)
        size += (src - pos) + len(after)
        pos = src + len(before) - overlap
    out.append(text[pos:])
    return "".join(out)


def _check_syntax(patch_text: str) -> None:
    """Reject what ``patch_fromText`` would misread or report on several lines.

    diff-match-patch skips %-escapes that are not UTF-8 by putting U+FFFD in
    their place (``urllib.parse.unquote``); here that is an error, not a guess.
    """
    if not patch_text:
        return
    for number, line in enumerate(patch_text.split("\n"), 1):
        if _HEADER.fullmatch(line) or (not line and number > 1):
            continue
        if number == 1:
            raise PatchError(f"line 1: expected a hunk header such as '@@ -1,4 +1,5 @@', found {_show(line)}")
        if line[0] not in "+- ":
            raise PatchError(
                f"line {number}: expected a hunk header or a line starting with ' ', '-' or '+', "
                f"found {_show(line)}"
            )
        if _BAD_ESCAPE.search(line):
            raise PatchError(f"line {number}: a '%' that is not a %-escape (%25 is '%') in {_show(line)}")
        try:
            urllib.parse.unquote_to_bytes(line[1:]).decode("utf-8")
        except UnicodeDecodeError:
            raise PatchError(f"line {number}: %-escapes that are not UTF-8 text in {_show(line)}") from None


def _utf16(text: str) -> int:
    """The length of *text* in UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _header(patch: Any) -> str:
    """The hunk's ``@@ -a,b +c,d @@`` line, as ``patch_toText`` writes it."""
    return str(patch).split("\n", 1)[0]


def _show(text: str, limit: int = 40) -> str:
    """*text* quoted for a one-line message, shortened in the middle when long."""
    if len(text) > limit:
        return repr(text[: limit // 2]) + "…" + repr(text[-limit // 2 :])
    return repr(text)


def _drop_tail(out: list[str], n: int) -> str:
    """Remove the last *n* characters from the pieces in *out* and return them."""
    taken: list[str] = []
    while n > 0:
        piece = out.pop()
        if len(piece) > n:
            out.append(piece[: len(piece) - n])
            piece = piece[len(piece) - n :]
        taken.append(piece)
        n -= len(piece)
    return "".join(reversed(taken))


def make_patch(old: str, new: str) -> str:
    """The ``patch_toText`` patch turning *old* into *new*, built on the word diff."""
    from revtrack.diff import diff_texts

    diffs = [(e.op.value, e.text) for e in diff_texts(old, new).ops]
    engine = dmp()
    return str(engine.patch_toText(engine.patch_make(old, diffs)))
