"""How alike two sentences are: the measures the matcher and the graveyard rest on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from revtrack.text import is_word

__all__ = [
    "CONTAIN_THRESHOLD",
    "EDIT_THRESHOLD",
    "MIN_SHARED",
    "QUOTE_THRESHOLD",
    "RESTORED_SHARE",
    "SPLIT_MIN_WORDS",
    "SPLIT_REMAINDER",
    "dice",
    "dice_of",
    "other_quote",
    "quoted_words",
    "share_a_word",
    "shared",
]

EDIT_THRESHOLD = 0.4
"""Least Dice similarity (words and word pairs) for "the same sentence, edited"."""
CONTAIN_THRESHOLD = 0.6
"""Least share of a sentence's words found in another for a split or merge."""
MIN_SHARED = 2
"""Splits and merges need at least this many shared words (one is chance)."""
SPLIT_REMAINDER = 0.5
"""Least share of a new sentence's words among the words an old sentence lost to the new sentence it
became, for "split off from it" when the two do not share ``CONTAIN_THRESHOLD`` of words and pairs: at
least as many of its words as it gained (swept on the tuning data: 0.5 / 0.6 / 0.7 give split 99.85 /
99.76 / 99.66% on the tuning topics with splits made frequent, nothing else moves)."""
SPLIT_MIN_WORDS = 3
"""A split found from the words a sentence lost needs at least this many of them."""
QUOTE_THRESHOLD = 0.5
"""Least Dice similarity of the quoted words of two sentences that both quote someone, for "the same
sentence": a quote is what was said, not who said it (``"…," officials said.`` is a formula)."""

RESTORED_SHARE = 0.6
"""Least share of a new sentence's words (and word pairs) found in a deleted one for "restored, and
edited since": a new sentence built around a phrase of a deleted one (a quote or a citation brought
back) is a new sentence, even when it is as much like the deleted one as an edit."""

_QUOTE_MARKS = frozenset('"“”„«»')
"""Marks that open or close a quotation (single quotes are also apostrophes: not counted)."""


def shared(a: Counter[str], b: Counter[str]) -> int:
    """How many words (and word pairs) *a* and *b* have in common, counted with repeats."""
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def dice(a: Counter[str], b: Counter[str], na: int, nb: int) -> float:
    """The Dice coefficient ``2·|A∩B| / (|A|+|B|)`` of two counted word sets of sizes *na*, *nb*."""
    return dice_of(shared(a, b), na, nb)


def dice_of(common: int, na: int, nb: int) -> float:
    """The Dice coefficient of two counted word sets of sizes *na* and *nb* that share *common* items."""
    if na + nb == 0:
        return 0.0
    return 2.0 * common / (na + nb)


def quoted_words(tokens: Sequence[str]) -> Counter[str] | None:
    """The lowercased words inside quotation marks among a sentence's non-space *tokens*; None if
    it quotes nothing (a mark left open quotes to the end of the sentence)."""
    inside = False
    words: Counter[str] = Counter()
    for t in tokens:
        if t in _QUOTE_MARKS:
            inside = not inside
        elif inside and is_word(t):
            words[t.lower()] += 1
    return words or None


def other_quote(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two sentences (non-space tokens) both quote someone, and quote different words.

    Such sentences share at most their formula — who said it, and how — and a new
    quote is a new sentence, however alike the formulas."""
    if _QUOTE_MARKS.isdisjoint(a) or _QUOTE_MARKS.isdisjoint(b):  # most sentences quote nothing
        return False
    qa = quoted_words(a)
    if qa is None:
        return False
    qb = quoted_words(b)
    if qb is None:
        return False
    return dice(qa, qb, sum(qa.values()), sum(qb.values())) < QUOTE_THRESHOLD


def share_a_word(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether token sequences *a* and *b* have a word in common as written (case and all).

    Similarity compares lowercased words; a match on those alone (``## Your Buddy`` and
    ``* your 37signals buddy.``, a heading's ``This`` and ``this project.``) keeps no word of
    the old sentence, and says it is the same sentence with every word new: it is not one.
    """
    if len(a) > len(b):
        a, b = b, a
    words = {t for t in a if is_word(t)}
    return any(t in words for t in b)
