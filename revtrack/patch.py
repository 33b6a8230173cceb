"""Patches: diff-match-patch's ``patch_toText`` format, applied exactly or not at all.

diff-match-patch's own ``patch_apply`` is fuzzy: it finds the closest match
and reports success per hunk. A story's history must be exact, so each hunk
is applied only where its text stands, byte for byte.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["PatchError", "apply_patch", "make_patch"]


class PatchError(ValueError):
    """A patch is malformed or does not apply exactly (the story layer names the update)."""


@functools.cache
def _dmp() -> Any:
    import diff_match_patch

    dmp = diff_match_patch.diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def apply_patch(text: str, patch_text: str) -> str:
    """Apply a ``patch_toText`` patch to *text* exactly.

    Raises:
        PatchError: the patch cannot be parsed, or a hunk's text does not
            stand exactly at the place the hunk names.
    """
    try:
        patches = _dmp().patch_fromText(patch_text)
    except (ValueError, IndexError) as e:
        raise PatchError(f"not a diff-match-patch patch ({e})") from None
    out: list[str] = []  # the result so far: text[:pos] with the hunks applied
    size = 0  # len("".join(out))
    pos = 0
    for number, patch in enumerate(patches, 1):
        before = "".join(t for op, t in patch.diffs if op <= 0)
        after = "".join(t for op, t in patch.diffs if op >= 0)
        # start2 is the hunk's place in the text with the earlier hunks applied;
        # its leading context may overlap the previous hunk's trailing context.
        start = patch.start2
        overlap = min(max(0, size - start), len(before))
        if size - start > len(before) or _drop_tail(out, overlap) != before[:overlap]:
            raise PatchError(f"hunk {number} (@@ -{patch.start1 + 1}) does not apply exactly")
        size -= overlap
        src = pos + (start - size if overlap == 0 else 0)  # skip unchanged text up to the hunk
        if text[src : src + len(before) - overlap] != before[overlap:]:
            raise PatchError(f"hunk {number} (@@ -{patch.start1 + 1}) does not apply exactly")
        out.append(text[pos:src])
        out.append(after)
        size += (src - pos) + len(after)
        pos = src + len(before) - overlap
    out.append(text[pos:])
    return "".join(out)


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
    dmp = _dmp()
    return str(dmp.patch_toText(dmp.patch_make(old, diffs)))
