"""Text that left the story: where words that come back first appeared (the whole-history origin).

A sentence's ``spans`` say where its words first appeared in its lineage; a
reader asking "who wrote these words" wants where they first appeared anywhere
(WikiWho's answer). The two differ only where words leave one sentence and
come back in another: a clause moved into another sentence, a quote or a
citation of a deleted sentence brought back inside a new one, a deleted phrase
re-added. So the tracker keeps every run of tokens that left the story (the
tokens of a deleted sentence, the tokens an edit dropped) with the origin of
each, in :class:`LeftText`, and looks up each run of words new to a lineage
there: a stretch of at least ``MIN_RUN`` tokens (``MIN_WORDS`` of them words of
``MIN_CHARS`` characters together, or long words) found in it takes the origins
it had, and is taken out (it is back in the story). Text that comes back by a
restoration is taken out too, so a copy of text still present elsewhere is
never found: it counts as new.

The lookup goes through an index of every left run's ``MIN_RUN``-token
stretches, so it costs what came back, not the history: a run of *m* new
tokens costs *m* index lookups, each reading at most ``MAX_POSTINGS`` of the
newest live places (a stretch left in many places is as good from any of them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from revtrack._affixes import common_prefix
from revtrack.provenance._model import Wording
from revtrack.text import is_word

__all__ = ["LONG_CHARS", "MIN_CHARS", "MIN_RUN", "MIN_WORDS", "LeftText", "Piece"]

MIN_RUN = 3
"""Least number of tokens found together in text that left the story for "these words came back"."""
MIN_WORDS = 2
"""Of which at least this many are words (not punctuation: a shared ``]] .`` is no phrase) ..."""
MIN_CHARS = 6
"""... of at least this many characters together (``at [[a]]`` is chance) ..."""
LONG_CHARS = 12
"""... or whose words have at least this many characters (one long word, a URL, is evidence)."""
MAX_POSTINGS = 32
"""Places read for one stretch of tokens, newest first."""


@attrs.define(eq=False)
class Piece:
    """Tokens ``start .. end - 1`` of a wording, which left the story in revision *left* (some of
    them may have come back since: :attr:`taken`)."""

    wording: Wording
    start: int
    end: int
    left: int
    taken: bytearray
    """One byte per token: 1 once the token came back."""

    def live(self) -> Iterator[int]:
        """The positions (in the wording) of the tokens that have not come back."""
        return (self.start + k for k, t in enumerate(self.taken) if not t)


def _free(used: bytearray) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each run of zero bytes."""
    k = 0
    n = len(used)
    while k < n:
        if used[k]:
            k += 1
            continue
        j = k
        while j < n and not used[j]:
            j += 1
        yield k, j
        k = j


def _alike(a: Sequence[str], i: int, b: Sequence[str], j: int, limit: int) -> int:
    """How many tokens (at most *limit*) ``a[i:]`` and ``b[j:]`` begin with alike: a few
    compared one by one (most places differ soon), the rest a slice at a time (in C)."""
    n = 0
    while n < limit and n < 8:
        if a[i + n] != b[j + n]:
            return n
        n += 1
    return n + common_prefix(a[i + n : i + limit], b[j + n : j + limit])


def _key(tokens: Sequence[str], i: int) -> tuple[str, ...]:
    return tuple(tokens[i : i + MIN_RUN])


class LeftText:
    """Runs of tokens that left the story, with the origin of each, found again by what they say."""

    def __init__(self) -> None:
        self._pieces: list[Piece] = []
        self._index: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def __iter__(self) -> Iterator[Piece]:
        """Every piece, in the order they left (for the saved state)."""
        return iter(self._pieces)

    def __len__(self) -> int:
        return len(self._pieces)

    def searchable(self) -> bool:
        """Whether any stretch of text that left can still be found (none: every lookup misses)."""
        return bool(self._index)

    def add(self, wording: Wording, positions: Sequence[int], left: int) -> None:
        """Tokens *positions* (ascending) of *wording* left the story in revision *left*; each
        stretch of consecutive positions long enough to be found again is kept."""
        k = 0
        n = len(positions)
        while k < n:
            j = k + 1
            while j < n and positions[j] == positions[j - 1] + 1:
                j += 1
            if j - k >= MIN_RUN:
                self.keep(Piece(wording, positions[k], positions[j - 1] + 1, left, bytearray(j - k)))
            k = j

    def keep(self, piece: Piece) -> None:
        """Add *piece* as it is (the saved state's loader gives taken tokens too)."""
        number = len(self._pieces)
        self._pieces.append(piece)
        tokens = piece.wording.tokens
        for i in range(piece.start, piece.end - MIN_RUN + 1):
            if not any(piece.taken[i - piece.start : i - piece.start + MIN_RUN]):
                self._index.setdefault(_key(tokens, i), []).append((number, i))

    def _best(self, tokens: Sequence[str], i: int, stop: int) -> tuple[int, int, int] | None:
        """The longest stretch of *tokens* from *i* (before *stop*) that left the story, as
        ``(length, piece number, position)``; of equal ones, the oldest origin, then the piece that
        left first."""
        places = self._index.get(_key(tokens, i))
        if not places:
            return None
        best: tuple[int, int, int, int] | None = None  # (-length, origin, piece, position)
        read = 0
        dead: list[int] = []
        for k in range(len(places) - 1, -1, -1):
            number, at = places[k]
            piece = self._pieces[number]
            offset = at - piece.start
            if piece.taken.find(1, offset, offset + MIN_RUN) >= 0:
                # A token of the stretch came back: it can never be found here again. Such places
                # are gone, not read (they would spend the budget of reads), as in a loaded state,
                # whose index holds only whole stretches (:meth:`keep`).
                dead.append(k)
                continue
            if read == MAX_POSTINGS:
                break
            read += 1
            limit = min(stop - i, piece.end - at)
            back = piece.taken.find(1, offset, offset + limit)  # a token that came back ends it
            if back >= 0:
                limit = back - offset
            length = _alike(piece.wording.tokens, at, tokens, i, limit)
            origins = piece.wording.origins or piece.wording.revs
            rank = (-length, origins[at], number, at)
            if best is None or rank < best:
                best = rank
        for k in dead:  # forget the places whose tokens came back (from the end: cheap)
            del places[k]
        if best is None:
            return None
        return -best[0], best[2], best[3]

    def _runs(self, tokens: Sequence[str], start: int, stop: int) -> Iterator[tuple[int, int, int, int]]:
        """Stretches of ``tokens[start:stop]`` found in text that left the story, as ``(i, length,
        piece number, position)``, each taken out as it is found.

        Greedy tiling: the longest stretch found at each position, the ones that say most
        (characters) first; a stretch that overlaps one already taken is looked for again in
        what is left, until nothing more is found. A stretch of common form (``url = https://``)
        does not hide a longer, particular one that begins inside it."""
        if not self._index:  # nothing that left can be found
            return
        used = bytearray(stop - start)
        free = [(start, stop)]
        while free:
            found: list[tuple[int, int, int, int, int]] = []  # (-characters, i, length, piece, position)
            for a, b in free:
                for i in range(a, b - MIN_RUN + 1):
                    hit = self._best(tokens, i, b)
                    if hit is not None and hit[0] >= MIN_RUN and self._evidence(tokens, i, hit[0]):
                        length, number, at = hit
                        found.append((-sum(map(len, tokens[i : i + length])), i, length, number, at))
            if not found:
                return
            found.sort()
            for _, i, length, number, at in found:
                piece = self._pieces[number]
                p = at - piece.start
                if any(used[i - start : i - start + length]) or any(piece.taken[p : p + length]):
                    continue
                used[i - start : i - start + length] = b"\x01" * length
                piece.taken[p : p + length] = b"\x01" * length
                yield i, length, number, at
            free = [(start + a, start + b) for a, b in _free(used) if b - a >= MIN_RUN]

    def _evidence(self, tokens: Sequence[str], i: int, length: int) -> bool:
        """Whether ``tokens[i : i + length]``, found in text that left, says these words came back:
        enough words, not a few short ones by chance (or long ones)."""
        words = chars = 0
        for k in range(i, i + length):
            if is_word(tokens[k]):
                words += 1
                chars += len(tokens[k])
                if (words >= MIN_WORDS and chars >= MIN_CHARS) or chars >= LONG_CHARS:
                    return True
        return False

    def origins(self, tokens: Sequence[str], start: int, stop: int, out: list[int]) -> None:
        """Find ``tokens[start:stop]`` (words new to a sentence's lineage) in text that left the
        story: stretches found give their origins to *out* (the origin of each token, indexed
        like *tokens*) and are taken out."""
        for i, length, number, at in self._runs(tokens, start, stop):
            w = self._pieces[number].wording
            origins = w.origins or w.revs
            out[i : i + length] = origins[at : at + length]

    def claim(self, tokens: Sequence[str], start: int, stop: int) -> None:
        """``tokens[start:stop]`` are back in the story by a restoration: what of them is found
        in text that left is taken out (a copy of it later is a copy of live text)."""
        for _ in self._runs(tokens, start, stop):
            pass
