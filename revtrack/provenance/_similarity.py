"""How alike two sentences are: the measures the matcher and the graveyard rest on."""

from __future__ import annotations

from collections import Counter

__all__ = ["CONTAIN_THRESHOLD", "EDIT_THRESHOLD", "MIN_SHARED", "dice", "shared"]

EDIT_THRESHOLD = 0.4
"""Least Dice similarity (words and word pairs) for "the same sentence, edited"."""
CONTAIN_THRESHOLD = 0.6
"""Least share of a sentence's words found in another for a split or merge."""
MIN_SHARED = 2
"""Splits and merges need at least this many shared words (one is chance)."""


def shared(a: Counter[str], b: Counter[str]) -> int:
    """How many words (and word pairs) *a* and *b* have in common, counted with repeats."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def dice(a: Counter[str], b: Counter[str], na: int, nb: int) -> float:
    """The Dice coefficient ``2·|A∩B| / (|A|+|B|)`` of two counted word sets of sizes *na*, *nb*."""
    if na + nb == 0:
        return 0.0
    return 2.0 * shared(a, b) / (na + nb)
