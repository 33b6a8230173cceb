"""Types of the compiled diff core (``revtrack/_speedups.c``)."""

from array import array
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import TypeVar

_Op = TypeVar("_Op")

def core(
    ua: Sequence[Hashable],
    ub: Sequence[Hashable],
    semantic: bool,
    limits: tuple[int, int, int, int, int, int, int, int],
    ops: tuple[_Op, _Op, _Op],
    strip: bool = False,
    /,
) -> list[tuple[_Op, int]] | None:
    """``revtrack.diff._core._core_py`` compiled: ``(op, unit count)`` runs, or None past
    ``limits[0]`` distinct units. *limits* is ``revtrack.diff._core._Limits``: capacity, small,
    huge, rarest, work, work floor, shared, part."""

def prefix(a: str, b: str, limit: int, /) -> int:
    """How many characters *a* and *b* begin with alike, at most *limit*: compared in place
    (``revtrack.diff._core._prefix_length`` slices and bisects)."""

def suffix(a: str, b: str, limit: int, /) -> int:
    """How many characters *a* and *b* end with alike, at most *limit*: compared in place."""

def postings(sets: list[Counter[str]], /) -> dict[str, bytearray]:
    """``revtrack.provenance._candidates._postings_py`` compiled: for each item of the counted word
    *sets*, its int32 ``(set, count)`` pairs, in a bytearray."""

def overlaps(
    postings: list[array[int] | bytearray],
    counts: list[int],
    sets: int,
    need: int,
    sizes: array[int] | None = None,
    size: int = 0,
    threshold: float = 0.0,
    /,
) -> list[tuple[int, int]]:
    """``revtrack.provenance._candidates.OverlapIndex.overlaps`` compiled: ``(set, shared)`` for every
    indexed set sharing at least *need* items with a probe whose items have these *postings*
    (int32 ``(set, count)`` pairs) and *counts*, ascending by set; with *sizes* (one int32 per
    set), only the sets whose Dice coefficient with a probe of *size* items is at least *threshold*
    (``OverlapIndex.similar``)."""
