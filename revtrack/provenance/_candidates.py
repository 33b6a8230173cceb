"""Finding the sentences worth comparing: an exact filter, so the work follows what changed.

Comparing every changed sentence with every candidate costs their product: on
a large story with many reworded paragraphs, millions of comparisons. A match
needs the two counted word sets (words and word pairs, :func:`words_of`) to
share at least some number of items: for Dice ≥ t, a sentence of *n* items
shares at least ``t·n / (2 − t)`` with any match; for a split or merge, the
contained share. If a sentence must share *α* of its *n* items with a match,
the match holds one of any *n − α + 1* of them (only *α − 1* are left out) — the
prefix filter of set-similarity joins. Taking the rarest items (in the
candidates' own words) keeps the lists read short. Every pair the full
comparison would accept is found; the rest are never compared.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

__all__ = ["OverlapIndex", "dice_overlap"]


def dice_overlap(n: int, threshold: float) -> int:
    """The least number of items a set of *n* items shares with any set it has a Dice
    coefficient of at least *threshold* with (at least 1)."""
    return max(1, math.ceil(threshold * n / (2 - threshold) - 1e-9))


_FEW = 32
"""Up to this many sets, every one is a candidate: comparing them all costs less than an index."""


class OverlapIndex:
    """Counted word sets, found again by the items they share with another set."""

    def __init__(self, sets: Sequence[Counter[str]]) -> None:
        self._sets = sets
        self._postings: dict[str, list[tuple[int, int]]] | None = None

    def candidates(self, probe: Counter[str], overlap: int) -> list[int] | range:
        """The indices (ascending) of every set that may share at least *overlap* items (counted
        with repeats) with *probe*: a superset of those that do."""
        size = sum(probe.values())
        if overlap > size:
            return []
        if len(self._sets) <= _FEW:
            return range(len(self._sets))
        postings = self._postings
        if postings is None:
            postings = self._postings = {}
            for k, counted in enumerate(self._sets):
                for word, count in counted.items():
                    postings.setdefault(word, []).append((k, count))
        # Items (word, repeat) of the probe, rarest first among the indexed sets.
        items = sorted(
            (len(postings.get(word, ())), word, i) for word, count in probe.items() for i in range(count)
        )
        found: set[int] = set()
        for _frequency, word, i in items[: size - overlap + 1]:
            found.update(k for k, count in postings.get(word, ()) if count > i)
        return sorted(found)
