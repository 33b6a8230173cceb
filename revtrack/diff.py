"""Word diff: the one wrapper of diff-match-patch's diff, at word level.

API:
    diff_texts(old, new) -> WordDiff      two plain texts
    diff_tokens(old, new) -> list[tuple[Op, int]]   two token sequences
    Op, Edit, Region, WordDiff

Each distinct token is encoded as one private-use character (as
diff-match-patch's line mode does with lines), the encoded strings are diffed
with no time limit (a deadline would make the answer depend on machine load)
and cleaned up semantically so that a changed phrase reads as one removal and
one insertion, then the characters are mapped back to tokens.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Sequence

import attrs

from revtrack.text import is_word, split_words

__all__ = ["Edit", "Op", "Region", "WordDiff", "diff_texts", "diff_tokens"]


class Op(enum.Enum):
    """One edit kind; the values are diff-match-patch's, so ``Op(code)`` converts."""

    DELETE = -1
    EQUAL = 0
    INSERT = 1

    @property
    def symbol(self) -> str:
        """``-``, ``=`` or ``+``, as in ``revtrack/diff@1``."""
        return _SYMBOLS[self]


_SYMBOLS = {Op.DELETE: "-", Op.EQUAL: "=", Op.INSERT: "+"}


@attrs.frozen
class Edit:
    """One run of text that was kept, removed or added."""

    op: Op
    text: str


@attrs.frozen
class Region:
    """A changed stretch: ``old[old_start:old_end]`` became ``new[new_start:new_end]``."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


@attrs.frozen
class WordDiff:
    """The word diff of two texts; ``ops`` rebuild both exactly."""

    old: str = attrs.field(repr=False)
    new: str = attrs.field(repr=False)
    ops: tuple[Edit, ...]

    @property
    def changed(self) -> bool:
        """True when the texts differ."""
        return any(e.op is not Op.EQUAL for e in self.ops)

    @property
    def words_added(self) -> int:
        """Words in the inserted runs."""
        return _count_words(e.text for e in self.ops if e.op is Op.INSERT)

    @property
    def words_removed(self) -> int:
        """Words in the deleted runs."""
        return _count_words(e.text for e in self.ops if e.op is Op.DELETE)

    @property
    def words_kept(self) -> int:
        """Words in the runs both texts share."""
        return _count_words(e.text for e in self.ops if e.op is Op.EQUAL)

    @property
    def regions(self) -> tuple[Region, ...]:
        """The changed stretches, with offsets in both texts, in order."""
        regions: list[Region] = []
        i = j = 0
        start: tuple[int, int] | None = None
        for edit in self.ops:
            if edit.op is Op.EQUAL:
                if start is not None:
                    regions.append(Region(start[0], i, start[1], j))
                    start = None
                i += len(edit.text)
                j += len(edit.text)
                continue
            if start is None:
                start = (i, j)
            if edit.op is Op.DELETE:
                i += len(edit.text)
            else:
                j += len(edit.text)
        if start is not None:
            regions.append(Region(start[0], i, start[1], j))
        return tuple(regions)


def _count_words(texts: Iterable[str]) -> int:
    return sum(1 for text in texts for tok in split_words(text) if is_word(tok))


def diff_texts(old: str, new: str) -> WordDiff:
    """Diff two texts word by word; deterministic, exact, no time limit."""
    if old == new:
        return WordDiff(old, new, (Edit(Op.EQUAL, old),) if old else ())
    prefix, suffix = _common_affixes(old, new)
    a = split_words(old[prefix : len(old) - suffix])
    b = split_words(new[prefix : len(new) - suffix])
    edits: list[Edit] = []
    if prefix:
        edits.append(Edit(Op.EQUAL, old[:prefix]))
    ia = ib = 0
    for op, count in diff_tokens(a, b):
        if op is Op.INSERT:
            text = "".join(b[ib : ib + count])
            ib += count
        else:
            text = "".join(a[ia : ia + count])
            ia += count
            if op is Op.EQUAL:
                ib += count
        edits.append(Edit(op, text))
    if suffix:
        edits.append(Edit(Op.EQUAL, old[len(old) - suffix :]))
    return WordDiff(old, new, tuple(_merge(edits)))


def _common_affixes(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, cut where a token boundary is sure.

    A change from space to non-space (or back) is a token boundary whatever
    surrounds it, so both cuts are moved back to such a place inside the
    common part; tokenizing the middle then gives the same tokens as
    tokenizing the whole texts.
    """
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    p -= 1
    while p > 0 and old[p - 1].isspace() == old[p].isspace():
        p -= 1
    p = max(p, 0)
    s = 0
    limit = n - p
    while s < limit and old[-1 - s] == new[-1 - s]:
        s += 1
    s -= 1
    while s > 0 and old[-s - 1].isspace() == old[-s].isspace():
        s -= 1
    return p, max(s, 0)


def _merge(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in edits:
        if not e.text:
            continue
        if out and out[-1].op is e.op:
            out[-1] = Edit(e.op, out[-1].text + e.text)
        else:
            out.append(e)
    # A deletion and an insertion are written removal first.
    for k in range(len(out) - 1):
        if out[k].op is Op.INSERT and out[k + 1].op is Op.DELETE:
            out[k], out[k + 1] = out[k + 1], out[k]
    return out


# --- token level -------------------------------------------------------------

# Private-use code points: neither letters nor spaces nor controls, so the
# semantic cleanup treats them all alike; BMP first, then planes 15 and 16.
_CODE_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_CAPACITY = sum(hi - lo + 1 for lo, hi in _CODE_RANGES)


def _code(n: int) -> str:
    for lo, hi in _CODE_RANGES:
        if n <= hi - lo:
            return chr(lo + n)
        n -= hi - lo + 1
    raise OverflowError(n)


@functools.cache
def _dmp() -> object:
    import diff_match_patch

    dmp = diff_match_patch.diff_match_patch()
    dmp.Diff_Timeout = 0  # never a deadline: the same answer on every machine
    return dmp


def diff_tokens(a: Sequence[str], b: Sequence[str]) -> list[tuple[Op, int]]:
    """Diff two token sequences; returns ``(op, token count)`` runs in order."""
    if not a and not b:
        return []
    if not a:
        return [(Op.INSERT, len(b))]
    if not b:
        return [(Op.DELETE, len(a))]
    codes: dict[str, str] = {}
    for tok in (*a, *b):
        if tok not in codes:
            if len(codes) >= _CAPACITY:
                return [(Op.DELETE, len(a)), (Op.INSERT, len(b))]
            codes[tok] = _code(len(codes))
    ea = "".join(codes[t] for t in a)
    eb = "".join(codes[t] for t in b)
    dmp = _dmp()
    diffs = dmp.diff_main(ea, eb, False)  # type: ignore[attr-defined]
    dmp.diff_cleanupSemantic(diffs)  # type: ignore[attr-defined]
    return [(Op(code), len(chunk)) for code, chunk in diffs if chunk]
