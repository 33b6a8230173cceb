"""The word diff's public types: one edit vocabulary (:class:`Op`, :class:`Edit`) and its results."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import NamedTuple

from revtrack.text import is_word, split_units

__all__ = ["Edit", "Op", "Region", "WordDiff"]


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
# Module-level names for the members: ``Op.EQUAL`` is a class attribute lookup (slow in 3.11)
# and the inner loops test ops millions of times.
_DELETE, _EQUAL, _INSERT = Op.DELETE, Op.EQUAL, Op.INSERT


class Edit(NamedTuple):
    """One run of text that was kept, removed or added (a named tuple: ``op, text = edit``)."""

    op: Op
    text: str


class Region(NamedTuple):
    """A changed stretch: ``old[old_start:old_end]`` became ``new[new_start:new_end]``."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


class WordDiff:
    """The word diff of two texts; ``ops`` rebuild both exactly. Immutable, compared by value.

    A plain slotted class rather than an attrs one: ``revtrack diff`` then starts
    without loading attrs, and a publishing system pays nothing per call for it.
    """

    __slots__ = ("new", "old", "ops")
    old: str
    new: str
    ops: tuple[Edit, ...]

    def __init__(self, old: str, new: str, ops: tuple[Edit, ...]) -> None:
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)
        object.__setattr__(self, "ops", ops)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"WordDiff is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"WordDiff is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordDiff):
            return NotImplemented
        return (self.old, self.new, self.ops) == (other.old, other.new, other.ops)

    def __hash__(self) -> int:
        return hash((self.old, self.new, self.ops))

    def __repr__(self) -> str:
        return f"WordDiff(ops={self.ops!r})"

    @property
    def changed(self) -> bool:
        """True when the texts differ."""
        return any(e.op is not _EQUAL for e in self.ops)

    @property
    def words_added(self) -> int:
        """Words in the inserted runs."""
        return _count_words(e.text for e in self.ops if e.op is _INSERT)

    @property
    def words_removed(self) -> int:
        """Words in the deleted runs."""
        return _count_words(e.text for e in self.ops if e.op is _DELETE)

    @property
    def words_kept(self) -> int:
        """Words in the runs both texts share."""
        return _count_words(e.text for e in self.ops if e.op is _EQUAL)

    @property
    def regions(self) -> tuple[Region, ...]:
        """The changed stretches, with offsets in both texts, in order."""
        regions: list[Region] = []
        i = j = 0
        start: tuple[int, int] | None = None
        for edit in self.ops:
            if edit.op is _EQUAL:
                if start is not None:
                    regions.append(Region(start[0], i, start[1], j))
                    start = None
                i += len(edit.text)
                j += len(edit.text)
                continue
            if start is None:
                start = (i, j)
            if edit.op is _DELETE:
                i += len(edit.text)
            else:
                j += len(edit.text)
        if start is not None:
            regions.append(Region(start[0], i, start[1], j))
        return tuple(regions)


def _count_words(texts: Iterable[str]) -> int:
    # A unit is whitespace and one token, so it holds a word exactly when its token is one.
    return sum(1 for text in texts for unit in split_units(text) if is_word(unit))
