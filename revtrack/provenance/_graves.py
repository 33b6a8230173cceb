"""The store of deleted sentences: every wording that left the story, for restorations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

import attrs

from revtrack.provenance._model import Wording
from revtrack.provenance._similarity import (
    EDIT_THRESHOLD,
    RESTORED_SHARE,
    dice,
    other_quote,
    share_a_word,
    shared,
)

__all__ = ["Grave", "Graveyard"]

_RARE_WORDS = 6
"""A deleted sentence is looked for through this many of the new sentence's rarest words."""
_MAX_POSTINGS = 64
"""Words in more deleted sentences than this are too common to point anywhere (their lists stop
growing one past it: only a list's length is read then, to pass it over)."""


@attrs.define(eq=False)
class Grave:
    """A wording that is no longer in the story, kept for restorations."""

    wording: Wording
    last_seen: int
    """The last revision that had it."""
    alive: bool = True
    """Not restored yet (each grave is restored at most once)."""


class Graveyard:
    """Wordings that left the story, found again by their exact words or by similarity.

    A wording is buried when it leaves a revision (deleted, or reworded: its old
    wording is kept too); a restoration exhumes it, once.
    """

    def __init__(self) -> None:
        self._graves: list[Grave] = []
        self._by_key: dict[str, list[Grave]] = {}
        self._by_lineage: dict[int, list[Grave]] = {}
        self._by_word: dict[str, list[Grave]] = {}
        self._common: set[str] = set()
        """The words whose lists are past ``_MAX_POSTINGS``."""

    def __iter__(self) -> Iterator[Grave]:
        """Every grave, in the order of burial (restored ones too)."""
        return iter(self._graves)

    def __len__(self) -> int:
        return len(self._graves)

    def bury(self, wording: Wording, last_seen: int, *, alive: bool = True) -> None:
        """Keep *wording*, last seen in revision *last_seen*."""
        grave = Grave(wording, last_seen, alive)
        self._graves.append(grave)
        self._by_key.setdefault(wording.key, []).append(grave)
        self._by_lineage.setdefault(wording.lineage, []).append(grave)
        by_word = self._by_word
        for word in wording.words.keys() - self._common:
            graves = by_word.get(word)
            if graves is None:
                by_word[word] = [grave]
            else:
                graves.append(grave)
                if len(graves) > _MAX_POSTINGS:  # too common to be read again: its list stops here
                    self._common.add(word)

    def exhume_exact(self, key: str) -> Grave | None:
        """The grave of a wording with exactly these words (spacing aside), taken: the first
        origin wins; among equals, the one seen last."""
        graves = self._by_key.get(key)
        if not graves:
            return None
        live = [g for g in graves if g.alive]
        if not live:
            del self._by_key[key]
            return None
        if len(live) < len(graves):  # forget the restored ones: a sentence buried often stays cheap
            graves[:] = live
        best = min(live, key=lambda g: (g.wording.introduced, -g.last_seen))
        best.alive = False
        return best

    def last_wording(self, grave: Grave) -> Grave | None:
        """The wording of *grave*'s sentence last seen, when it is a later one than *grave*'s and
        not yet restored: a sentence reworded, then deleted, then brought back in an earlier
        wording came back from that last one (what readers saw), not from the earlier."""
        later = [
            g
            for g in self._by_lineage.get(grave.wording.lineage, ())
            if g.alive and g.last_seen > grave.last_seen and descends(g.wording, grave.wording)
        ]
        return max(later, key=lambda g: g.last_seen) if later else None

    def exhume_similar(self, words: Counter[str], n_words: int, tokens: Sequence[str] = ()) -> Grave | None:
        """The grave most similar to a sentence of these *words* (at least ``EDIT_THRESHOLD``, most of
        the sentence found in it (``RESTORED_SHARE``), and not another quote than its *tokens* quote),
        taken; None if there is none."""
        # Candidates come from the rarest words only: a sentence at least half the
        # same shares most of them, and common words would make this scan the history.
        # Rarest among the graves not restored yet: a word only a restored grave has points
        # nowhere (a sentence restored, reworded, deleted and back in its first wording was
        # found through the words of its first grave alone, and was new).
        postings = sorted(
            (len(p) if len(p) > _MAX_POSTINGS else sum(g.alive for g in p), w)
            for w in words
            if (p := self._by_word.get(w))
        )
        postings = [(size, w) for size, w in postings if size]
        hits: dict[int, int] = {}
        found: dict[int, Grave] = {}
        for size, w in postings[:_RARE_WORDS]:
            if size > _MAX_POSTINGS:
                break
            for g in self._by_word[w]:
                if g.alive:
                    hits[id(g)] = hits.get(id(g), 0) + 1
                    found[id(g)] = g
        need = min(2, len(postings))
        best: tuple[float, int, int] | None = None
        best_grave: Grave | None = None
        for gid, count in hits.items():
            if count < need:
                continue
            g = found[gid]
            gw = g.wording.words
            d = dice(words, gw, n_words, sum(gw.values()))
            rank = (d, -g.wording.introduced, g.last_seen)
            if (
                d >= EDIT_THRESHOLD
                and shared(words, gw) >= RESTORED_SHARE * n_words
                and (best is None or rank > best)
                and not other_quote(tokens, g.wording.tokens)
                and (not tokens or share_a_word(tokens, g.wording.tokens))
            ):
                best, best_grave = rank, g
        if best_grave is not None:
            best_grave.alive = False
        return best_grave


def descends(wording: Wording, ancestor: Wording) -> bool:
    """Whether *ancestor* is among the wordings *wording* came from, along its main parents
    (the two parts of a split share a lineage but are not each other's wordings)."""
    w: Wording | None = wording
    while w is not None:
        if w is ancestor:
            return True
        w = w.parents[0] if w.parents else None
    return False
