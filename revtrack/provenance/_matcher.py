"""Matching one revision's changed sentences to what came before: the heart of attribution.

Each step sees only what the steps before it left unmatched, and every match
is one-to-one (see :mod:`revtrack.provenance` for the steps and the rules).
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

import attrs

from revtrack._compiled import compiled
from revtrack.diff import kept_stretches, longest_increasing
from revtrack.diff._core import _limits  # the core's constants, for the compiled alignment
from revtrack.provenance._candidates import OverlapIndex
from revtrack.provenance._graves import Grave, Graveyard
from revtrack.provenance._model import ChangeKind, Line, Wording, words_of
from revtrack.provenance._origins import LeftText
from revtrack.provenance._similarity import (
    CONTAIN_THRESHOLD,
    EDIT_THRESHOLD,
    MIN_SHARED,
    SPLIT_MIN_WORDS,
    SPLIT_REMAINDER,
    dice_of,
    other_quote,
    share_a_word,
    shared,
)
from revtrack.text import is_word, split_nonspace

__all__ = ["ChangeRecord", "Matcher", "Ref", "nonspace_tokens"]

Ref = tuple[int, int]
"""A sentence of the revision being built or of the one before: (line index, position in the line)."""

_TAKEN = "\x00"
"""Stands for an old token another new sentence kept: no token of a text is this."""

_LINE_SPAN = 1 << 32
"""Orders (line, sentence) positions as one integer: no line holds this many sentences."""


class ChangeRecord(NamedTuple):
    """One sentence-level change, by position (see :class:`~revtrack.provenance.SentenceChange`)."""

    kind: ChangeKind
    new: Ref | None
    """The sentence in this revision (None for a deletion)."""
    old: tuple[Ref, ...]
    """The sentences of the previous revision it came from."""
    moved: bool
    restored_from: int | None


def nonspace_tokens(text: str) -> tuple[str, ...]:
    """The tokens of *text* that are not white space."""
    return tuple(split_nonspace(text))


def _contained(n: int) -> int:
    """The least overlap of a sentence of *n* items with the one it was split from or merged into."""
    return max(MIN_SHARED, math.ceil(CONTAIN_THRESHOLD * n - 1e-9))


def _plurality(revs: Iterable[int]) -> int:
    counts = Counter(revs)
    best = max(counts.values())
    return min(r for r, n in counts.items() if n == best)


@attrs.define
class _Source:
    """Where a new sentence came from: previous sentences (or a grave), in old order."""

    olds: list[Ref] = attrs.Factory(list)
    grave: Grave | None = None
    exact: bool = False


_NO_SOURCE = _Source()
"""What an unmatched new sentence came from: nothing (shared, never changed)."""


class Matcher:
    """Matches the changed sentences of one revision to what came before.

    Positions are ``(line, sentence)`` references: old ones into the previous
    revision's lines, new ones into this revision's. :meth:`run` returns the
    wording of every new sentence and the change records.
    """

    def __init__(
        self,
        graves: Graveyard,
        new_lineage: Callable[[], int],
        r: int,
        old_lines: Sequence[Line],
        old_refs: list[Ref],
        new_pieces: Mapping[int, str],
        new_spans: dict[int, list[tuple[int, int]]],
        new_refs: list[Ref],
        kept_lines: list[tuple[int, int]],
        left: LeftText | None,
    ) -> None:
        self.graves = graves
        self.left = left
        self.new_lineage = new_lineage
        self.kept_lines = kept_lines
        self.r = r
        self.old_lines = old_lines
        self.old_refs = old_refs
        self.new_refs = new_refs
        # A sentence the revision before had word for word has that wording's tokens (a wording's
        # tokens are those of every text it stands for): only new texts are split into tokens.
        self.old_v: dict[Ref, Wording] = {}
        known: dict[str, Wording] = {}
        for ref in old_refs:
            line = old_lines[ref[0]]
            a, b, v = line.sentences[ref[1]]
            self.old_v[ref] = known[line.text[a:b]] = v
        self.new_texts: dict[Ref, str] = {}
        self.new_tokens: dict[Ref, tuple[str, ...]] = {}
        self.new_keys: dict[Ref, str] = {}
        """Each new sentence's tokens joined by spaces (what exact matching compares)."""
        self.matching = bool(old_refs) or bool(graves)
        """Whether there is anything to match with: else every sentence is new, and no key is made."""
        for j, spans in new_spans.items():
            piece = new_pieces[j]
            for k, (a, b) in enumerate(spans):
                ref = (j, k)
                text = self.new_texts[ref] = piece[a:b]
                same = known.get(text)
                if same is not None:
                    self.new_tokens[ref] = same.tokens
                    self.new_keys[ref] = same.key
                else:
                    tokens = self.new_tokens[ref] = nonspace_tokens(text)
                    if self.matching:
                        self.new_keys[ref] = " ".join(tokens)
        self.sources: dict[Ref, _Source] = {}
        """Where each matched new sentence came from (an unmatched one has no entry)."""
        self._unmatched = new_refs
        self.used_old: set[Ref] = set()
        self.new_words: dict[Ref, Counter[str]] = {}
        self._old_lineages: set[int] | None = None
        self._changed: tuple[list[Ref], OverlapIndex] | None = None

    def old_words(self, ref: Ref) -> Counter[str]:
        return self.old_v[ref].words

    def new_words_of(self, ref: Ref) -> Counter[str]:
        if ref not in self.new_words:
            self.new_words[ref] = words_of(self.new_tokens[ref])
        return self.new_words[ref]

    def unmatched_new(self) -> list[Ref]:
        """The new sentences no step has matched yet, in order (a match is never undone: each
        call filters the last one's answer)."""
        sources = self.sources
        self._unmatched = [n for n in self._unmatched if n not in sources]
        return self._unmatched

    def run(
        self,
    ) -> tuple[dict[Ref, Wording], list[ChangeRecord]]:
        if self.matching:
            self._exact_previous()
            self._exact_graves()
            self._similar_previous()
            self._splits_and_merges()
            self._split_remainders()
            self._similar_graves()
        return self._build()

    def _exact_previous(self) -> None:
        old_v = self.old_v
        new_keys = self.new_keys
        # First the runs of sentences a diff of the two sequences of wordings keeps, in order: of
        # several alike sentences, the one among the same neighbours (a copy pasted elsewhere and
        # removed again leaves the sentence that stayed in place its own history). A sentence kept
        # alone has no neighbours to tell its copies apart: the diff's choice is no evidence.
        olds = [old_v[ref].key for ref in self.old_refs]
        news = [new_keys[n] for n in self.new_refs]
        # (Without a wording twice on either side, the pairs below are the ones found next.)
        alike = len(set(olds)) < len(olds) or len(set(news)) < len(news)
        for i, j, count in kept_stretches(olds, news) if alike else ():
            for k in range(count if count > 1 else 0):
                kept = self.old_refs[i + k]
                self.sources[self.new_refs[j + k]] = _Source([kept], exact=True)
                self.used_old.add(kept)
        # Then moved sentences: the first old sentence left of each wording, and the others in
        # order (a page of many alike sentences takes each in turn).
        first: dict[str, Ref] = {}
        more: dict[str, deque[Ref]] = {}
        for ref in self.old_refs:
            if ref in self.used_old:
                continue
            key = old_v[ref].key
            if first.setdefault(key, ref) is not ref:
                more.setdefault(key, deque()).append(ref)
        if not first:
            return
        for n in self.unmatched_new():
            key = new_keys[n]
            o = first.pop(key, None)
            if o is None:
                continue
            if rest := more.get(key):
                first[key] = rest.popleft()
            self.sources[n] = _Source([o], exact=True)
            self.used_old.add(o)

    def _exact_graves(self) -> None:
        if not self.graves:
            return
        for n in self.unmatched_new():
            grave = self.graves.exhume_exact(self.new_keys[n])
            if grave is not None:
                self.sources[n] = _Source(grave=grave, exact=True)
                # A revert to an earlier wording of a sentence still present is an edit of it.
                for o in self.old_refs:
                    if o not in self.used_old and self.old_v[o].lineage == grave.wording.lineage:
                        self.sources[n].olds.append(o)
                        self.used_old.add(o)
                        break

    def _changed_old(self) -> tuple[list[Ref], OverlapIndex]:
        """The old sentences whose wording did not survive as such, in order, and their index: what
        the similarity, split and merge steps look in (made once, after the exact steps). A revert
        to an earlier wording changed the sentence: its old wording is one of them."""
        if self._changed is None:
            carried = {
                src.olds[0] for src in self.sources.values() if src.exact and src.olds and src.grave is None
            }
            changed = [o for o in self.old_refs if o not in carried]
            self._changed = (changed, OverlapIndex([self.old_words(o) for o in changed]))
        return self._changed

    def _similar_previous(self) -> None:
        news = self.unmatched_new()
        changed_old, index = self._changed_old()
        free = [o not in self.used_old for o in changed_old]  # all but the old wordings reverted to
        if not news or not any(free):
            return
        sizes = index.sizes()
        pairs: list[tuple[float, int, int]] = []
        for jn, n in enumerate(news):
            nw = self.new_words_of(n)
            nn = sum(nw.values())
            for k, c in index.similar(nw, EDIT_THRESHOLD):
                old_tokens = self.old_v[changed_old[k]].tokens
                if (
                    free[k]
                    and not other_quote(self.new_tokens[n], old_tokens)
                    and share_a_word(self.new_tokens[n], old_tokens)
                ):
                    pairs.append((-dice_of(c, nn, sizes[k]), jn, k))
        pairs.sort()
        taken_new: set[int] = set()
        for _d, jn, k in pairs:
            o = changed_old[k]
            if jn in taken_new or o in self.used_old:
                continue
            taken_new.add(jn)
            self.used_old.add(o)
            self.sources[news[jn]] = _Source([o])

    def _splits_and_merges(self) -> None:
        changed_old, old_index = self._changed_old()
        # An old sentence an edit continues kept its words there: a part split off it is made of
        # the words it lost, which the split remainders' step looks in (a copy of some of its
        # words in a new list item, "- history of physics", is no part of it).
        continued = {
            src.olds[0]
            for src in self.sources.values()
            if len(src.olds) == 1 and not src.exact and src.grave is None
        }
        # Splits: a new sentence mostly made of one old sentence's words.
        for n in self.unmatched_new() if changed_old else ():
            nw = self.new_words_of(n)
            nn = sum(nw.values())
            best: tuple[int, int] | None = None
            best_o: Ref | None = None
            for k, c in old_index.overlaps(nw, _contained(nn)):
                o = changed_old[k]
                if o in continued:
                    continue
                if (
                    c >= MIN_SHARED
                    and c >= CONTAIN_THRESHOLD * nn
                    and (best is None or (c, -k) > best)
                    and share_a_word(self.new_tokens[n], self.old_v[o].tokens)
                ):
                    best, best_o = (c, -k), o
            if best_o is not None:
                self.sources[n] = _Source([best_o])
                self.used_old.add(best_o)
        # Merges: an old sentence that went, mostly whole, into one changed new sentence.
        left = [o for o in self.old_refs if o not in self.used_old]
        if not left:
            return
        changed_new = [n for n in self.new_refs if not self.sources.get(n, _NO_SOURCE).exact]
        new_index = OverlapIndex([self.new_words_of(n) for n in changed_new])
        for o in left:
            ow = self.old_words(o)
            no = sum(ow.values())
            best = None
            best_n: Ref | None = None
            for k, c in new_index.overlaps(ow, _contained(no)):
                n = changed_new[k]
                if (
                    c >= MIN_SHARED
                    and c >= CONTAIN_THRESHOLD * no
                    and (best is None or (c, -k) > best)
                    and share_a_word(self.new_tokens[n], self.old_v[o].tokens)
                ):
                    best, best_n = (c, -k), n
            if best_n is not None:
                src = self.sources.setdefault(best_n, _Source())
                src.olds.append(o)
                src.olds.sort()
                self.used_old.add(o)

    def _split_remainders(self) -> None:
        """Splits whose part was edited as it was split off: a new sentence mostly made of the words
        an old sentence lost to the one it became (``SPLIT_REMAINDER``; words alone, since an edit
        in the part breaks the word pairs around it)."""
        news = self.unmatched_new()
        if not news:
            return
        went: dict[Ref, Counter[str]] = {}  # old sentence -> the words of the new ones it became
        for n in self.new_refs:  # in text order: the order of the remainders breaks ties
            src = self.sources.get(n, _NO_SOURCE)
            if len(src.olds) == 1 and not src.exact:
                went.setdefault(src.olds[0], Counter()).update(_only_words(self.new_words_of(n)))
        olds: list[Ref] = []
        remainders: list[Counter[str]] = []
        for o, kept in went.items():
            left = _only_words(self.old_words(o)) - kept
            if sum(left.values()) >= SPLIT_MIN_WORDS:
                olds.append(o)
                remainders.append(left)
        if not olds:
            return
        # A remainder is used up by the sentences made of it: each takes its words out, and the
        # next must be made of what is left (the index, counted on whole remainders, finds a
        # superset of the candidates).
        index = OverlapIndex(list(remainders))
        used: set[int] = set()  # the remainders a sentence took words from: counted again
        for n in news:
            nw = _only_words(self.new_words_of(n))
            need = max(SPLIT_MIN_WORDS, math.ceil(SPLIT_REMAINDER * sum(nw.values()) - 1e-9))
            best: tuple[int, int] | None = None
            for k, c in index.overlaps(nw, need):
                if k in used:
                    c = shared(nw, remainders[k])
                if (
                    c >= need
                    and (best is None or (c, -k) > best)
                    and share_a_word(self.new_tokens[n], self.old_v[olds[k]].tokens)
                ):
                    best = (c, -k)
            if best is not None:
                k = -best[1]
                self.sources[n] = _Source([olds[k]])
                remainders[k] = remainders[k] - nw
                used.add(k)

    def _similar_graves(self) -> None:
        if not self.graves:
            return
        for n in self.unmatched_new():
            nw = self.new_words_of(n)
            grave = self.graves.exhume_similar(nw, sum(nw.values()), self.new_tokens[n])
            if grave is not None:
                self.sources[n] = _Source(grave=grave)

    def _build(
        self,
    ) -> tuple[dict[Ref, Wording], list[ChangeRecord]]:
        r = self.r
        versions: dict[Ref, Wording] = {}
        changes: list[ChangeRecord] = []
        fanout = Counter(o for src in self.sources.values() for o in src.olds)
        moved = self._moved()
        kept: dict[Ref, set[int]] = {}  # tokens of old sentences that are in new ones
        made: list[tuple[Wording, Sequence[bool]]] = []  # new wordings, and which tokens came from old ones
        nothing_kept: Sequence[bool] = ()
        for n in self.new_refs:
            src = self.sources.get(n, _NO_SOURCE)
            tokens = self.new_tokens[n]
            grave = src.grave
            is_moved = n in moved
            if grave is not None and src.exact:
                v = grave.wording
                if src.olds:  # a revert: the wording of an earlier version, now an edit
                    alive = self.old_v[src.olds[0]]
                    v = attrs.evolve(
                        v,
                        modified=_later((*alive.modified, r), v.introduced),
                        text=self.new_texts[n],
                        revision=r,
                        parents=(alive,),
                    )
                    aligned = _align_many([alive], v.tokens, r)
                    kept.setdefault(src.olds[0], set()).update(aligned.kept[0])
                    made.append((v, aligned.carried))
                    changes.append(ChangeRecord(ChangeKind.EDITED, n, tuple(src.olds), is_moved, None))
                elif (last := self.graves.last_wording(grave)) is not None and not self._lineage_alive(
                    v.lineage
                ):
                    last.alive = False  # back from its last wording, in an earlier one: an edit of it
                    v = attrs.evolve(
                        v,
                        modified=_later((*last.wording.modified, r), v.introduced),
                        text=self.new_texts[n],
                        revision=r,
                        parents=(last.wording,),
                    )
                    made.append((v, nothing_kept))
                    changes.append(ChangeRecord(ChangeKind.RESTORED, n, (), False, last.last_seen))
                else:
                    made.append((v, nothing_kept))
                    changes.append(ChangeRecord(ChangeKind.RESTORED, n, (), False, grave.last_seen))
                versions[n] = v
                continue
            if src.exact:
                o = src.olds[0]
                versions[n] = self.old_v[o]
                if is_moved:
                    changes.append(ChangeRecord(ChangeKind.MOVED, n, (o,), True, None))
                continue
            if grave is not None:  # restored, and edited since
                v, _ = _edited(grave.wording, tokens, self.new_texts[n], r)
                v = _from_ancestors(v, grave.wording, r)
                versions[n] = v
                made.append((v, nothing_kept))
                changes.append(ChangeRecord(ChangeKind.RESTORED, n, (), False, grave.last_seen))
                continue
            if not src.olds:
                versions[n] = v = Wording(
                    self.new_lineage(), r, (), tokens, (r,) * len(tokens), self.new_texts[n], r
                )
                made.append((v, nothing_kept))
                changes.append(ChangeRecord(ChangeKind.ADDED, n, (), False, None))
                continue
            olds = [self.old_v[o] for o in src.olds]
            if len(olds) == 1 and fanout[src.olds[0]] == 1:
                v, aligned = _edited(olds[0], tokens, self.new_texts[n], r)
                kind = ChangeKind.EDITED
            else:
                # What another part of a split already kept is not this part's (an opener word of a
                # clause split off is new, though the old sentence's first part has it too).
                taken = [kept.get(o, set()) for o in src.olds]
                v, aligned = _combined(olds, tokens, self.new_texts[n], r, self.new_lineage, taken)
                kind = ChangeKind.MERGED if len(olds) > 1 else ChangeKind.SPLIT
            for o, positions in zip(src.olds, aligned.kept, strict=True):
                kept.setdefault(o, set()).update(positions)
            if v is not olds[0]:
                made.append((v, aligned.carried))
            versions[n] = v
            changes.append(ChangeRecord(kind, n, tuple(src.olds), is_moved, None))
        changes.extend(
            ChangeRecord(ChangeKind.MOVED, (j, k), ((i, k),), True, None)
            for i, j in self.kept_lines
            if (j, 0) in moved
            for k in range(len(self.old_lines[i].sentences))
        )
        carried = {src.olds[0] for src in self.sources.values() if src.exact and src.grave is None}
        for o in self.old_refs:
            if o not in self.used_old:
                changes.append(ChangeRecord(ChangeKind.DELETED, None, (o,), False, None))
            if o not in carried:  # deleted or reworded: remembered for restorations
                self.graves.bury(self.old_v[o], r - 1)
        if self.left is not None:  # None: the tracker does not look origins up
            self._origins(self.left, versions, kept, made, carried)
        return versions, changes

    def _origins(
        self,
        left: LeftText,
        versions: dict[Ref, Wording],
        kept: Mapping[Ref, set[int]],
        made: Sequence[tuple[Wording, Sequence[bool]]],
        carried: set[Ref],
    ) -> None:
        """The whole-history origin of the words of this revision's new wordings (see
        :mod:`revtrack.provenance._origins`): what left the story is kept first, what came back
        by a restoration taken out of it, then each run of words new to a lineage is looked up."""
        r = self.r
        for o in self.old_refs:
            if o not in carried:
                have = kept.get(o, ())
                v = self.old_v[o]
                left.add(v, [k for k in range(len(v.tokens)) if k not in have], r)
        if not left.searchable():  # nothing that left can be found again (as in the first revision)
            return
        for v, from_old in made:
            for a, b in _stretches(
                [not (from_old and from_old[k]) and rev != r for k, rev in enumerate(v.revs)]
            ):
                left.claim(v.tokens, a, b)
        found: dict[int, Wording] = {}
        for v, _ in made:
            stretches = _stretches([rev == r for rev in v.revs])
            if not stretches:
                continue
            origins = list(v.origins or v.revs)
            for a, b in stretches:
                left.origins(v.tokens, a, b, origins)
            if tuple(origins) != (v.origins or v.revs):
                found[id(v)] = attrs.evolve(v, origins=_or_none(origins, v.revs))
        if found:
            for n, v in versions.items():
                if id(v) in found:
                    versions[n] = found[id(v)]

    def _lineage_alive(self, lineage: int) -> bool:
        """Whether a sentence of *lineage* is in the revision before (then its graves are older
        wordings of a sentence still there, not the wording last seen)."""
        if self._old_lineages is None:
            self._old_lineages = {v.lineage for line in self.old_lines for _, _, v in line.sentences}
        return lineage in self._old_lineages

    def _moved(self) -> set[Ref]:
        """Sentences out of order with the ones they came from: all but a longest run in order.

        Positions are (line, sentence) in the old and the new revision; the
        unchanged lines around the change are in order by construction.
        """
        # A line kept whole moves as one; it stands for its sentences.
        pairs = [((i, 0), (j, 0)) for i, j in self.kept_lines]
        pairs += [(src.olds[0], n) for n, src in self.sources.items() if src.olds]
        pairs.sort(key=lambda pair: pair[1])
        # Non-decreasing: both parts of a split stay in place.
        order = [o[0] * _LINE_SPAN + o[1] for o, _ in pairs]
        if all(map(operator.le, order, itertools.islice(order, 1, None))):
            return set()  # nothing moved (the usual case): the whole sequence is the longest run
        keep = set(longest_increasing(order, strict=False))
        return {n for k, (_, n) in enumerate(pairs) if k not in keep}


def _only_words(counted: Counter[str]) -> Counter[str]:
    """The words of a :func:`words_of` count, without the word pairs."""
    return Counter({w: n for w, n in counted.items() if " " not in w})


def _later(modified: Iterable[int], introduced: int) -> tuple[int, ...]:
    return tuple(sorted({m for m in modified if m > introduced}))


class _Aligned(NamedTuple):
    """A new wording's tokens aligned with the wordings it came from."""

    revs: tuple[int, ...]
    """The revision of each new token (in its lineage)."""
    origins: tuple[int, ...]
    """Where each new token first appeared anywhere (new ones: this revision, until looked up)."""
    kept: tuple[tuple[int, ...], ...]
    """For each source, the positions of its tokens that are in the new wording."""
    carried: tuple[bool, ...]
    """For each new token, whether it came from a source."""


def _edited(old: Wording, tokens: tuple[str, ...], text: str, r: int) -> tuple[Wording, _Aligned]:
    """*old* reworded as *tokens* in revision *r*: same lineage and origin."""
    if tokens == old.tokens:
        every = tuple(range(len(tokens)))
        return old, _Aligned(old.revs, old.origins or old.revs, (every,), (True,) * len(tokens))
    aligned = _align_many([old], tokens, r)
    modified = _later((*old.modified, r), old.introduced)
    v = Wording(
        old.lineage,
        old.introduced,
        modified,
        tokens,
        aligned.revs,
        text,
        r,
        (old,),
        _or_none(aligned.origins, aligned.revs),
    )
    return v, aligned


def _combined(
    olds: Sequence[Wording],
    tokens: tuple[str, ...],
    text: str,
    r: int,
    new_lineage: Callable[[], int],
    taken: Sequence[Collection[int]] = (),
) -> tuple[Wording, _Aligned]:
    """A split part or a merge: words keep their revisions; the origin is most words' revision.
    *taken*: for each old wording, the positions other new sentences already kept."""
    aligned = _align_many(olds, tokens, r, taken)
    revs = aligned.revs
    word_revs = [rev for tok, rev in zip(tokens, revs, strict=True) if is_word(tok)] or list(revs) or [r]
    introduced = _plurality(word_revs)
    owner = next((v for v in olds if v.introduced == introduced), None)
    lineage = owner.lineage if owner is not None else new_lineage()
    parents = tuple(sorted(olds, key=lambda v: v is not owner))  # the owner first
    modified = _later(itertools.chain.from_iterable(v.modified for v in olds), introduced)
    if r > introduced:
        modified = _later((*modified, r), introduced)
    origins = _or_none(aligned.origins, revs)
    return Wording(lineage, introduced, modified, tokens, revs, text, r, parents, origins), aligned


def _align_many(
    olds: Sequence[Wording], tokens: tuple[str, ...], r: int, taken: Sequence[Collection[int]] = ()
) -> _Aligned:
    """The revision (and origin) of each new token: kept tokens keep theirs, the others get *r*.
    Against several sources (a merge, whose parts may come in any order) each source is aligned
    on its own, largest first, and fills what is still unclaimed. Old words at the positions in
    *taken* (per source) are in another new sentence already, and match nothing (marks may end
    both parts of a split)."""
    if len(olds) == 1 and not (taken and taken[0]):
        return _align_one(olds[0], tokens, r)
    found: list[tuple[int, int] | None] = [None] * len(tokens)
    kept: list[list[int]] = [[] for _ in olds]
    for s in sorted(range(len(olds)), key=lambda s: -len(olds[s].tokens)):
        v = olds[s]
        origins = v.origins or v.revs
        old_tokens: Sequence[str] = v.tokens
        if s < len(taken) and taken[s]:
            old_tokens = [_TAKEN if k in taken[s] and is_word(t) else t for k, t in enumerate(v.tokens)]
        for i, j, count in kept_stretches(old_tokens, tokens):
            for k in range(count):
                if found[j + k] is None:
                    found[j + k] = (v.revs[i + k], origins[i + k])
                    kept[s].append(i + k)
    return _Aligned(
        tuple(r if x is None else x[0] for x in found),
        tuple(r if x is None else x[1] for x in found),
        tuple(tuple(sorted(k)) for k in kept),
        tuple(x is not None for x in found),
    )


def _align_one(old: Wording, tokens: tuple[str, ...], r: int) -> _Aligned:
    """:func:`_align_many` against one source (an edit, most often): the stretches it keeps are
    copied whole, as nothing else claims them (in C when it was built)."""
    if _compiled_align is not None:
        found = _compiled_align(old.tokens, old.revs, old.origins or old.revs, tokens, r, _limits())
        if found is not None:
            revs, origins, kept, carried = found
            return _Aligned(revs, origins, (kept,), carried)
    return _align_one_py(old, tokens, r)


_compiled_align: (
    Callable[
        [Sequence[str], Sequence[int], Sequence[int], Sequence[str], int, tuple[int, ...]],
        tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[bool, ...]] | None,
    ]
    | None
) = compiled("align_one")
"""``revtrack._speedups.align_one``: :func:`_align_one_py` compiled (None: a token the compiled token
diff leaves to Python)."""


def _align_one_py(old: Wording, tokens: tuple[str, ...], r: int) -> _Aligned:
    """:func:`_align_one` in Python: the twin of ``revtrack._speedups.align_one``."""
    revs = [r] * len(tokens)
    origins = [r] * len(tokens)
    carried = [False] * len(tokens)
    kept: list[int] = []
    old_origins = old.origins or old.revs
    for i, j, count in kept_stretches(old.tokens, tokens):
        revs[j : j + count] = old.revs[i : i + count]
        origins[j : j + count] = old_origins[i : i + count]
        carried[j : j + count] = [True] * count
        kept.extend(range(i, i + count))
    return _Aligned(tuple(revs), tuple(origins), (tuple(kept),), tuple(carried))


_ANCESTORS = 64
"""Earlier wordings of a lineage a restored sentence's words are looked for in, nearest first."""


def _from_ancestors(v: Wording, restored: Wording, r: int) -> Wording:
    """*v*, a wording of revision *r* restored from *restored* and edited, with its words that
    *restored* lacks credited to the earlier wordings of the lineage they are in, nearest first: a
    sentence reworded, deleted and brought back in its first wording has its first words back,
    not words of revision *r* ("the revision in which those words first appeared in this
    sentence's lineage")."""
    if r not in v.revs or not restored.parents:
        return v
    revs = list(v.revs)
    origins = list(v.origins or v.revs)
    ancestor: Wording | None = restored.parents[0]
    for _ in range(_ANCESTORS):  # a bounded walk: a sentence reworded thousands of times costs no more
        if ancestor is None or r not in revs:
            break
        ancestor_origins = ancestor.origins or ancestor.revs
        for i, j, count in kept_stretches(ancestor.tokens, v.tokens):
            for k in range(count):
                if revs[j + k] == r:
                    revs[j + k] = ancestor.revs[i + k]
                    origins[j + k] = ancestor_origins[i + k]
        ancestor = ancestor.parents[0] if ancestor.parents else None
    return attrs.evolve(v, revs=tuple(revs), origins=_or_none(origins, tuple(revs)))


def _or_none(origins: Sequence[int], revs: tuple[int, ...]) -> tuple[int, ...] | None:
    """*origins* as a wording keeps them: None when they are the lineage's revisions."""
    origins = tuple(origins)
    return None if origins == revs else origins


def _stretches(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of true *flags*."""
    out: list[tuple[int, int]] = []
    start = -1
    for k, flag in enumerate(flags):
        if flag and start < 0:
            start = k
        elif not flag and start >= 0:
            out.append((start, k))
            start = -1
    if start >= 0:
        out.append((start, len(flags)))
    return out
