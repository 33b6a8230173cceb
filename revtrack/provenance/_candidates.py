"""Finding the sentences worth comparing: exact overlaps, so the work follows what changed.

Comparing every changed sentence with every candidate costs their product: on
a large story with many reworded paragraphs, millions of comparisons. A match
needs the two counted word sets (words and word pairs, :func:`words_of`) to
share at least some number of items: for Dice ≥ t, a sentence of *n* items
shares at least ``t·n / (2 − t)`` with any match; for a split or merge, the
contained share. An inverted index counts, for one sentence, the items it
shares with every candidate at once, reading only the candidates that hold
its items; the pairs that share enough come back with their exact overlap,
so no pair is compared word by word. The answers are those of the full
comparison (``tests/test_candidates.py``).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from revtrack._compiled import compiled
from revtrack.provenance._similarity import dice_of, shared

__all__ = ["OverlapIndex", "dice_overlap"]


def dice_overlap(n: int, threshold: float) -> int:
    """The least number of items a set of *n* items shares with any set it has a Dice
    coefficient of at least *threshold* with (at least 1)."""
    return max(1, math.ceil(threshold * n / (2 - threshold) - 1e-9))


_FEW = 32
"""Up to this many sets, every one is compared: that costs less than an index."""


class OverlapIndex:
    """Counted word sets, found again by the items they share with another set.

    :meth:`overlaps` counts the items a probe shares with every set at once, by
    reading the sets that hold each of the probe's items (an inverted index; the
    counting is compiled, ``revtrack._speedups.probe``, when it was built): the
    cost follows the probe's items and how common they are, never the product of
    probes and sets, and no pair is compared item by item.
    """

    def __init__(self, sets: Sequence[Counter[str]]) -> None:
        self._sets = sets
        self._postings: Mapping[str, _Buffer] | None = None
        self._sizes: array[int] | None = None

    def _index(self) -> Mapping[str, _Buffer]:
        if self._postings is None:
            sets = list(self._sets)
            self._postings = _postings_py(sets) if _compiled_postings is None else _compiled_postings(sets)
        return self._postings

    def sizes(self) -> array[int]:
        """The number of items of each set (counted with repeats)."""
        if self._sizes is None:
            self._sizes = array("i", [sum(counted.values()) for counted in self._sets])
        return self._sizes

    def overlaps(self, probe: Counter[str], need: int) -> list[tuple[int, int]]:
        """``(k, shared)`` for every set *k* that shares at least *need* items with *probe*
        (counted with repeats, as :func:`~revtrack.provenance._similarity.shared` counts them),
        ascending by *k*."""
        return self._found(probe, need, None, 0.0)

    def similar(self, probe: Counter[str], threshold: float) -> list[tuple[int, int]]:
        """``(k, shared)`` for every set *k* whose Dice coefficient with *probe*
        (:func:`~revtrack.provenance._similarity.dice_of`) is at least *threshold*, ascending by
        *k*: the pairs are judged where they are counted, so only those that pass come back."""
        return self._found(probe, dice_overlap(sum(probe.values()), threshold), self.sizes(), threshold)

    def _found(
        self, probe: Counter[str], need: int, sizes: array[int] | None, threshold: float
    ) -> list[tuple[int, int]]:
        need = max(need, 1)
        size = sum(probe.values())
        if need > size:
            return []
        if len(self._sets) <= _FEW:
            found = [(k, shared(probe, counted)) for k, counted in enumerate(self._sets)]
            return [(k, c) for k, c in found if c >= need and _alike(c, size, sizes, k, threshold)]
        postings = self._index()
        if _compiled is not None:
            return _compiled(postings, probe, len(self._sets), need, sizes, size, threshold)
        hits = [(p, count) for word, count in probe.items() if (p := postings.get(word)) is not None]
        return _overlaps_py(hits, need, sizes, size, threshold)


def _alike(common: int, size: int, sizes: array[int] | None, k: int, threshold: float) -> bool:
    """Whether set *k* sharing *common* items with a probe of *size* is similar enough (always,
    without *sizes*)."""
    return sizes is None or dice_of(common, size, sizes[k]) >= threshold


def _postings_py(sets: Sequence[Counter[str]]) -> dict[str, array[int]]:
    """For each item of *sets*, the ``(set, count)`` pairs of the sets that hold it: the twin of
    ``revtrack._speedups.postings``."""
    lists: dict[str, list[int]] = {}
    for k, counted in enumerate(sets):
        for word, count in counted.items():
            lists.setdefault(word, []).extend((k, count))
    return {word: array("i", pairs) for word, pairs in lists.items()}


def _overlaps_py(
    hits: Sequence[tuple[Sequence[int], int]],
    need: int,
    sizes: array[int] | None = None,
    size: int = 0,
    threshold: float = 0.0,
) -> list[tuple[int, int]]:
    """:meth:`OverlapIndex.overlaps` and :meth:`~OverlapIndex.similar` counted in Python, from the
    probe's *hits* (the postings of each of its items the index holds, and its count): the twin of
    ``revtrack._speedups.probe``."""
    counted: dict[int, int] = {}
    for pairs, count in hits:
        for j in range(0, len(pairs), 2):
            k = pairs[j]
            counted[k] = counted.get(k, 0) + min(pairs[j + 1], count)
    return sorted((k, c) for k, c in counted.items() if c >= need and _alike(c, size, sizes, k, threshold))


if TYPE_CHECKING:
    _Buffer = array[int] | bytearray
    """int32 ``(set, count)`` pairs: an array in Python, a bytearray from the compiled index."""
    _Counter = Callable[
        [Mapping[str, _Buffer], Counter[str], int, int, array[int] | None, int, float], list[tuple[int, int]]
    ]


_compiled: _Counter | None = compiled("probe")
"""``revtrack._speedups.probe`` (None: the Python twin :func:`_overlaps_py` counts)."""
_compiled_postings: Callable[[list[Counter[str]]], dict[str, bytearray]] | None = compiled("postings")
"""``revtrack._speedups.postings`` (None: the Python twin :func:`_postings_py` indexes)."""
