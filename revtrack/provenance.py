"""Provenance: attribute every sentence and word of every revision to the revision that introduced it.

API:
    Tracker                 takes one revision text at a time; provenance of any revision
    track_story(story)      a Tracker fed with every revision of a story
    attribute(story, at)    the Provenance of one revision of a story
    Provenance, SentenceProvenance, Span, SentenceChange

How sentences are matched, revision by revision (each step sees only what the
steps before it left unmatched, and every match is one-to-one):

1. Lines that did not change keep their sentences as they were; only the
   changed lines are split again (every line break ends a sentence), so the
   cost of a revision grows with its change, not with the story.
2. Exact match, whitespace aside, against the sentences that left the
   previous revision: unchanged sentences that moved keep their history.
   Identical sentences (boilerplate) pair up in text order.
3. Exact match against everything the story ever contained and no longer
   does: a sentence deleted earlier and restored keeps its first origin.
4. Similarity against the sentences that left the previous revision: the Dice
   coefficient of the two multisets of (lowercased) words and of pairs of
   neighbouring words, ``2·|A∩B| / (|A|+|B|)``, at least ``EDIT_THRESHOLD``;
   best pairs first. Words make a reordered clause still the same sentence;
   pairs keep two sentences that only share common words apart. The word
   diff then credits only the new words.
5. Containment, for splits and merges: a new sentence whose words lie mostly
   (``CONTAIN_THRESHOLD``) inside one old sentence came out of it (a split);
   an old sentence whose words lie mostly inside one new sentence went into
   it (a merge).
6. Similarity against everything deleted earlier (a restored sentence that was
   also edited), at the same threshold; else the sentence is new.

The threshold was chosen by measurement on generated histories with known
truth (``benchmarks/sweep_threshold.py``, 3 histories of 500 revisions; see
``benchmarks/RESULTS.md``): sentence accuracy is flat at 99.4–99.5% for Dice
0.35–0.45 and falls outside it (93.9% at 0.2, where unrelated sentences pair
up; 98.6% at 0.6, where heavily edited ones are taken for new), so 0.4.

Attribution rules (``revtrack/provenance@1``): an unchanged or moved sentence
keeps ``introduced``, ``modified`` and its word revisions; an edited one keeps
``introduced``, gains the revision in ``modified``, and only its new words get
the new revision (word diff against the sentence it came from); a restored one
keeps what it had when it was deleted; the results of a split or a merge take
the revision most of their words have (ties go to the earlier one).
"""

from __future__ import annotations

import enum
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs

from revtrack.diff import Op, diff_tokens, longest_increasing
from revtrack.sentences import split_sentences
from revtrack.text import LINE_BREAKS, is_word, split_words, token_spans

if TYPE_CHECKING:
    from datetime import datetime

    from revtrack.story import Revision, Story

__all__ = [
    "CONTAIN_THRESHOLD",
    "EDIT_THRESHOLD",
    "ChangeKind",
    "Provenance",
    "SentenceChange",
    "SentenceProvenance",
    "SentenceVersion",
    "Span",
    "Tracker",
    "attribute",
    "track_story",
]

EDIT_THRESHOLD = 0.4
"""Least Dice similarity (words and word pairs) for "the same sentence, edited"."""
CONTAIN_THRESHOLD = 0.6
"""Least share of a sentence's words found in another for a split or merge."""
_LINE_SPAN = 1 << 32
"""Orders (line, sentence) positions as one integer: no line holds this many sentences."""
_MIN_SHARED = 2
"""Splits and merges need at least this many shared words (one is chance)."""
_RARE_WORDS = 6
"""A deleted sentence is looked for through this many of the new sentence's rarest words."""
_MAX_POSTINGS = 64
"""Words in more deleted sentences than this are too common to point anywhere."""

FORMAT = "revtrack/provenance@1"


# --- results -----------------------------------------------------------------


@attrs.frozen
class Span:
    """``text[start:end]``: words that first appeared, in this sentence's lineage, in ``revision``."""

    start: int
    end: int
    revision: int


@attrs.frozen
class SentenceProvenance:
    """One sentence of a revision and where it came from."""

    start: int
    end: int
    paragraph: int
    introduced: int
    """The revision in which this sentence first appeared."""
    modified: tuple[int, ...]
    """Later revisions that changed its wording, ascending."""
    spans: tuple[Span, ...]
    """Cover every non-space character of the sentence, in order."""

    @property
    def revisions(self) -> tuple[int, ...]:
        """``introduced`` then ``modified``: every revision that shaped this sentence."""
        return (self.introduced, *self.modified)


@attrs.frozen
class Provenance:
    """One revision's text with every sentence attributed (``revtrack/provenance@1``)."""

    story: str
    revision: int
    revisions: Sequence[Revision] = attrs.field(repr=False)
    """Every revision of the story (their texts are made only when read)."""
    text: str = attrs.field(repr=False)
    sentences: tuple[SentenceProvenance, ...] = attrs.field(repr=False)

    def sentence_text(self, sentence: SentenceProvenance) -> str:
        """The text of *sentence*."""
        return self.text[sentence.start : sentence.end]

    def to_dict(self) -> dict[str, Any]:
        """The ``revtrack/provenance@1`` JSON object."""
        return {
            "format": FORMAT,
            "story": self.story,
            "revision": self.revision,
            "revisions": [
                {"index": r.index, "label": r.label, "timestamp": r.timestamp_text, "author": r.author}
                for r in self.revisions
            ],
            "text": self.text,
            "sentences": [
                {
                    "start": s.start,
                    "end": s.end,
                    "paragraph": s.paragraph,
                    "introduced": s.introduced,
                    "modified": list(s.modified),
                    "spans": [{"start": p.start, "end": p.end, "revision": p.revision} for p in s.spans],
                }
                for s in self.sentences
            ],
        }

    def to_json(self) -> str:
        """``revtrack/provenance@1`` as deterministic UTF-8 JSON text (one line, then a newline)."""
        return json.dumps(self.to_dict(), ensure_ascii=False) + "\n"


class ChangeKind(enum.Enum):
    """What one revision did to one sentence."""

    ADDED = "added"
    EDITED = "edited"
    MOVED = "moved"
    DELETED = "deleted"
    RESTORED = "restored"
    SPLIT = "split"
    MERGED = "merged"


@attrs.frozen
class SentenceChange:
    """One sentence-level change made by a revision (unchanged sentences in place have none)."""

    kind: ChangeKind
    new: int | None
    """Index of the sentence in this revision (None for a deletion)."""
    old: tuple[int, ...]
    """Indices of the sentences of the previous revision it came from."""
    moved: bool = False
    """Also moved to another place (for edited, split, merged, restored)."""
    restored_from: int | None = None
    """For a restoration: the last revision that had the sentence."""


@attrs.frozen
class SentenceVersion:
    """One wording in a sentence's history."""

    revision: int
    """The revision in which this wording appeared."""
    text: str
    introduced: int
    modified: tuple[int, ...]


# --- internal state ----------------------------------------------------------


@attrs.frozen(eq=False)
class _Version:
    """One wording of one sentence, with the revision of each of its tokens."""

    lineage: int
    introduced: int
    modified: tuple[int, ...]
    tokens: tuple[str, ...]
    """Non-space tokens of the sentence."""
    revs: tuple[int, ...]
    """The revision of each token."""
    text: str
    """The sentence as written when this wording appeared."""
    revision: int
    """The revision in which this wording appeared."""
    parents: tuple[_Version, ...] = ()
    """The wordings it came from (several for a merge), the main one first."""
    _words: Counter[str] | None = attrs.field(default=None, init=False, repr=False)
    _runs: tuple[str, tuple[tuple[int, int, int], ...]] | None = attrs.field(
        default=None, init=False, repr=False
    )
    """The last sentence text read with this wording, and its word runs (see :meth:`runs`)."""

    @property
    def words(self) -> Counter[str]:
        """Its lowercased words, counted (for similarity); computed once."""
        if self._words is None:
            object.__setattr__(self, "_words", _words(self.tokens))
        assert self._words is not None
        return self._words

    def runs(self, text: str) -> tuple[tuple[int, int, int], ...]:
        """``(start, end, revision)`` of the runs of words of one revision in *text* (this
        wording as it stands in a revision, spacing aside); kept for the next revision, where
        the sentence is most often the same."""
        cached = self._runs
        if cached is not None and cached[0] == text:
            return cached[1]
        runs: list[tuple[int, int, int]] = []
        k = 0
        for a, b in token_spans(text):
            if text[a:b].isspace():
                continue
            rev = self.revs[k]
            k += 1
            if runs and runs[-1][2] == rev:
                runs[-1] = (runs[-1][0], b, rev)
            else:
                runs.append((a, b, rev))
        result = tuple(runs)
        object.__setattr__(self, "_runs", (text, result))
        return result

    @property
    def key(self) -> str:
        return " ".join(self.tokens)


@attrs.frozen(eq=False)
class _Line:
    """One line of a revision (with its line break) and its sentences."""

    text: str
    sentences: tuple[tuple[int, int, _Version], ...]
    """``(start, end, version)`` with offsets inside the line."""


@attrs.define(eq=False)
class _Grave:
    """A sentence version that is no longer in the story, kept for restorations."""

    version: _Version
    last_seen: int
    alive: bool = True


# A sentence of the revision being built or of the previous one: (line index, position).
_Ref = tuple[int, int]


_LINE_BREAKS = frozenset(LINE_BREAKS)


def _content(line: str) -> str:
    """*line* without its line break."""
    if line.endswith("\r\n"):
        return line[:-2]
    return line[:-1] if line and line[-1] in _LINE_BREAKS else line


def _nonspace_tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in split_words(text) if not t.isspace())


def _words(tokens: Sequence[str]) -> Counter[str]:
    words = [t.lower() for t in tokens if is_word(t)]
    # Pairs of neighbouring words too: two sentences that share only common words
    # share few pairs, while an edited sentence keeps most of its pairs.
    return Counter([*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))])


def _shared(a: Counter[str], b: Counter[str]) -> int:
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def _dice(a: Counter[str], b: Counter[str], na: int, nb: int) -> float:
    if na + nb == 0:
        return 0.0
    return 2.0 * _shared(a, b) / (na + nb)


def _plurality(revs: Iterable[int]) -> int:
    counts = Counter(revs)
    best = max(counts.values())
    return min(r for r, n in counts.items() if n == best)


# --- the tracker -----------------------------------------------------------------


class Tracker:
    """Attributes a story's sentences revision by revision, at the cost of each change.

    Feed it every revision's full text, oldest first, with :meth:`add`; ask it
    for the attribution of any revision seen so far. :meth:`dumps` and
    :meth:`loads` save and restore it, so a publishing system can attribute on
    every save without recomputing the history; the result is the same as
    recomputing from scratch.
    """

    def __init__(self) -> None:
        self._states: list[tuple[_Line, ...]] = []
        self._texts: list[str | None] = []
        self._changes: list[
            tuple[tuple[ChangeKind, _Ref | None, tuple[_Ref, ...], bool, int | None], ...]
        ] = []
        self._graves: list[_Grave] = []
        self._graves_by_key: dict[str, list[_Grave]] = {}
        self._graves_by_lineage: dict[int, list[_Grave]] = {}
        self._grave_index: dict[str, list[_Grave]] = {}
        self._next_lineage = 0
        self._blanks: dict[str, _Line] = {}

    def __len__(self) -> int:
        """How many revisions have been added."""
        return len(self._states)

    # --- adding a revision ---------------------------------------------------------

    def add(self, text: str) -> int:
        """Attribute the next revision's *text*; returns its revision index."""
        r = len(self._states)
        old_lines = self._states[-1] if self._states else ()
        new_pieces = text.splitlines(keepends=True)
        new_lines: list[_Line | None] = [None] * len(new_pieces)

        # Lines that did not change keep their sentences (prefix, suffix, then by text).
        # Lines are compared without their line break, which only the last line lacks.
        def same(i: int, j: int) -> bool:
            a, b = old_lines[i].text, new_pieces[j]
            return a == b or _content(a) == _content(b)

        def keep(i: int, j: int) -> None:
            line = old_lines[i]
            if line.text == new_pieces[j]:
                new_lines[j] = line
            elif line.sentences:
                new_lines[j] = _Line(new_pieces[j], line.sentences)
            else:
                new_lines[j] = self._blank(new_pieces[j])

        n_old, n_new = len(old_lines), len(new_pieces)
        p = 0
        while p < n_old and p < n_new and same(p, p):
            keep(p, p)
            p += 1
        s = 0
        while s < n_old - p and s < n_new - p and same(n_old - 1 - s, n_new - 1 - s):
            keep(n_old - 1 - s, n_new - 1 - s)
            s += 1
        old_mid = range(p, n_old - s)
        new_mid = range(p, n_new - s)
        by_text: dict[str, list[int]] = {}
        for i in old_mid:
            if old_lines[i].sentences:
                by_text.setdefault(old_lines[i].text, []).append(i)
        line_pairs: list[tuple[int, int]] = []  # (old line, new line) kept whole
        unmatched: list[int] = []
        for j in new_mid:
            olds = by_text.get(new_pieces[j])
            if olds:
                i = olds.pop(0)
                keep(i, j)
                line_pairs.append((i, j))
            elif new_pieces[j].isspace() or not new_pieces[j]:
                new_lines[j] = self._blank(new_pieces[j])
            else:
                unmatched.append(j)
        if unmatched:  # the same line with another line break (the last line has none)
            by_content: dict[str, list[int]] = {}
            for i in sorted(i for rest in by_text.values() for i in rest):
                by_content.setdefault(_content(old_lines[i].text), []).append(i)
            for j in unmatched:
                olds = by_content.get(_content(new_pieces[j]))
                if olds:
                    i = olds.pop(0)
                    keep(i, j)
                    line_pairs.append((i, j))
            line_pairs.sort(key=lambda pair: pair[1])
        kept_old_lines = {i for i, _ in line_pairs}

        # Sentences that left (old) and sentences to place (new), in text order.
        old_refs: list[_Ref] = [
            (i, k) for i in old_mid if i not in kept_old_lines for k in range(len(old_lines[i].sentences))
        ]
        new_spans: dict[int, list[tuple[int, int]]] = {}
        new_refs: list[_Ref] = []
        for j in new_mid:
            if new_lines[j] is None:
                spans = [(x.start, x.end) for x in split_sentences(new_pieces[j])]
                new_spans[j] = spans
                new_refs.extend((j, k) for k in range(len(spans)))

        matcher = _Matcher(self, r, old_lines, old_refs, new_pieces, new_spans, new_refs, line_pairs)
        versions, changes = matcher.run()
        for j, spans in new_spans.items():
            new_lines[j] = _Line(
                new_pieces[j], tuple((a, b, versions[(j, k)]) for k, (a, b) in enumerate(spans))
            )

        state = tuple(line for line in new_lines if line is not None)
        assert len(state) == len(new_pieces)
        self._states.append(state)
        self._texts.append(text)
        self._changes.append(tuple(changes))
        return r

    def _blank(self, text: str) -> _Line:
        """A line without sentences; one object for each such text, however often it recurs."""
        line = self._blanks.get(text)
        if line is None:
            line = self._blanks[text] = _Line(text, ())
        return line

    # --- graveyard ---------------------------------------------------------------

    def _bury(self, version: _Version, last_seen: int) -> None:
        grave = _Grave(version, last_seen)
        self._graves.append(grave)
        self._graves_by_key.setdefault(version.key, []).append(grave)
        self._graves_by_lineage.setdefault(version.lineage, []).append(grave)
        for word in version.words:
            self._grave_index.setdefault(word, []).append(grave)

    def _exhume_exact(self, key: str) -> _Grave | None:
        graves = self._graves_by_key.get(key)
        if not graves:
            return None
        live = [g for g in graves if g.alive]
        if not live:
            del self._graves_by_key[key]
            return None
        # The first origin wins; among equals, the one seen last.
        best = min(live, key=lambda g: (g.version.introduced, -g.last_seen))
        best.alive = False
        return best

    def _last_wording(self, grave: _Grave) -> _Grave | None:
        """The wording of *grave*'s sentence last seen, when it is a later one than *grave*'s and
        not yet restored: a sentence reworded, then deleted, then brought back in an earlier
        wording came back from that last one (what readers saw), not from the earlier."""
        later = [
            g
            for g in self._graves_by_lineage.get(grave.version.lineage, ())
            if g.alive and g.last_seen > grave.last_seen and _descends(g.version, grave.version)
        ]
        return max(later, key=lambda g: g.last_seen) if later else None

    def _exhume_similar(self, words: Counter[str], n_words: int) -> _Grave | None:
        # Candidates come from the rarest words only: a sentence at least half the
        # same shares most of them, and common words would make this scan the history.
        postings = sorted((len(p), w) for w in words if (p := self._grave_index.get(w)))
        hits: dict[int, int] = {}
        found: dict[int, _Grave] = {}
        for size, w in postings[:_RARE_WORDS]:
            if size > _MAX_POSTINGS:
                break
            for g in self._grave_index[w]:
                if g.alive:
                    hits[id(g)] = hits.get(id(g), 0) + 1
                    found[id(g)] = g
        need = min(2, len(postings))
        best: tuple[float, int, int] | None = None
        best_grave: _Grave | None = None
        for gid, count in hits.items():
            if count < need:
                continue
            g = found[gid]
            gw = g.version.words
            d = _dice(words, gw, n_words, sum(gw.values()))
            rank = (d, -g.version.introduced, g.last_seen)
            if d >= EDIT_THRESHOLD and (best is None or rank > best):
                best, best_grave = rank, g
        if best_grave is not None:
            best_grave.alive = False
        return best_grave

    def _new_lineage(self) -> int:
        self._next_lineage += 1
        return self._next_lineage - 1

    # --- results -------------------------------------------------------------------

    def _index(self, revision: int) -> int:
        """*revision* counted from 0 (``-1`` is the last); IndexError, saying what there is, if absent."""
        n = len(self._states)
        if not -n <= revision < n:
            have = f"revisions 0 to {n - 1}" if n else "no revisions yet"
            raise IndexError(f"no revision {revision}: the tracker has {have}")
        return revision % n

    def text(self, revision: int = -1) -> str:
        """The text of *revision* as it was added."""
        r = self._index(revision)
        text = self._texts[r]
        if text is None:  # restored by :meth:`loads`: joined when first asked for
            text = self._texts[r] = "".join(line.text for line in self._states[r])
        return text

    def sentences(self, revision: int = -1) -> tuple[SentenceProvenance, ...]:
        """The attributed sentences of *revision* (default: the last), in text order."""
        state = self._states[self._index(revision)]
        out: list[SentenceProvenance] = []
        offset = 0
        paragraph = -1
        blank = True
        for line in state:
            if not line.sentences:
                if not line.text.strip():
                    blank = True
            else:
                if blank:
                    paragraph += 1
                    blank = False
                for start, end, version in line.sentences:
                    out.append(_provenance_of(line.text, offset, start, end, paragraph, version))
            offset += len(line.text)
        return tuple(out)

    def bounds(self, revision: int = -1) -> list[tuple[int, int]]:
        """``(start, end)`` of every sentence of *revision*: :meth:`sentences` without the attribution."""
        out: list[tuple[int, int]] = []
        offset = 0
        for line in self._states[self._index(revision)]:
            out.extend((offset + a, offset + b) for a, b, _ in line.sentences)
            offset += len(line.text)
        return out

    def _wordings(self, revision: int) -> list[tuple[int, _Version]]:
        """(paragraph, wording) of each sentence of *revision*, for the report, which follows parents."""
        out: list[tuple[int, _Version]] = []
        paragraph = -1
        blank = True
        for line in self._states[revision]:
            if not line.sentences:
                blank = blank or not line.text.strip()
                continue
            if blank:
                paragraph += 1
                blank = False
            out.extend((paragraph, v) for _, _, v in line.sentences)
        return out

    def history(self, revision: int, index: int) -> tuple[SentenceVersion, ...]:
        """Every wording sentence *index* of *revision* has had, oldest first.

        Follows each wording back to the one it came from (for a merge, the
        part whose origin it kept); a sentence restored unchanged has no new
        wording, a revert to an earlier one has.
        """
        revision = self._index(revision)
        numbering = _sentence_numbering(self._states[revision])
        ref = next((ref for ref, n in numbering.items() if n == index), None)
        if ref is None:
            raise IndexError(f"revision {revision} has no sentence {index}")
        version: _Version | None = self._states[revision][ref[0]].sentences[ref[1]][2]
        chain: list[SentenceVersion] = []
        while version is not None:
            chain.append(
                SentenceVersion(version.revision, version.text, version.introduced, version.modified)
            )
            version = version.parents[0] if version.parents else None
        return tuple(reversed(chain))

    def changes(self, revision: int = -1) -> tuple[SentenceChange, ...]:
        """The sentence-level changes *revision* made to the one before it."""
        r = self._index(revision)
        if r == 0:
            return ()
        new_index = _sentence_numbering(self._states[r])
        old_index = _sentence_numbering(self._states[r - 1])
        out = []
        for kind, new, olds, moved, restored_from in self._changes[r]:
            out.append(
                SentenceChange(
                    kind,
                    new_index[new] if new is not None else None,
                    tuple(sorted(old_index[o] for o in olds)),
                    moved,
                    restored_from,
                )
            )
        return tuple(sorted(out, key=_change_order))

    # --- saving --------------------------------------------------------------------

    def dumps(self) -> str:
        """The whole tracker as JSON text, for :meth:`loads`."""
        versions: dict[int, int] = {}
        version_rows: list[list[Any]] = []
        lines: dict[int, int] = {}
        line_rows: list[list[Any]] = []

        def vid(top: _Version) -> int:
            # Parents get their rows first, so that rows only point back (no recursion:
            # a sentence edited in every revision has a long chain).
            stack = [top]
            while stack:
                v = stack[-1]
                if id(v) in versions:
                    stack.pop()
                    continue
                missing = [p for p in v.parents if id(p) not in versions]
                if missing:
                    stack.extend(missing)
                    continue
                stack.pop()
                versions[id(v)] = len(version_rows)
                version_rows.append(
                    [
                        v.lineage,
                        v.introduced,
                        list(v.modified),
                        list(v.tokens),
                        list(v.revs),
                        v.text,
                        v.revision,
                        [versions[id(p)] for p in v.parents],
                    ]
                )
            return versions[id(top)]

        blanks: set[int] = set()  # rows of lines without sentences (one object per text: _blank)

        def row(line: _Line) -> int:
            found = lines.get(id(line))  # a blank line may be in a revision more than once
            if found is None:
                found = lines[id(line)] = len(line_rows)
                line_rows.append([line.text, [[a, b, vid(v)] for a, b, v in line.sentences]])
                if not line.sentences:
                    blanks.add(found)
            return found

        def delta(rows: list[int], before: list[int], blanks: set[int]) -> list[int]:
            # A revision as what it keeps of the one before, in order: ``-1 - start, count``
            # stands for ``before[start : start + count]``, a row number (>= 0) for itself.
            # A line with sentences is in a revision once, so what lies in the common start
            # and end of both is nowhere else in either.
            head = _common_prefix(rows, before)
            tail = _common_prefix(rows[head:][::-1], before[head:][::-1])
            out: list[int] = [-1, head] if head else []
            where = {r: k for k, r in enumerate(before[head : len(before) - tail], head)}
            at = -1  # where in *before* the current run of copied rows goes on
            for r in rows[head : len(rows) - tail]:
                if 0 <= at < len(before) - tail and before[at] == r:
                    out[-1] += 1
                    at += 1
                    continue
                start = where.get(r)
                if start is None or r in blanks:  # a blank line starts no run: it is in many places
                    out.append(r)
                    at = -1
                else:
                    out += (-1 - start, 1)
                    at = start + 1
            if tail:
                out += (-1 - (len(before) - tail), tail)
            return out

        states: list[list[int]] = []
        before: list[int] = []
        for state in self._states:
            found = list(map(lines.get, map(id, state)))  # most lines were in the revision before
            for k in [k for k, r in enumerate(found) if r is None] if None in found else ():
                found[k] = row(state[k])
            rows = cast(list[int], found)
            states.append(delta(rows, before, blanks))
            before = rows

        data = {
            "format": "revtrack/tracker@2",
            "states": states,
            "changes": [
                [
                    [kind.value, list(new) if new else None, [list(o) for o in olds], moved, rf]
                    for kind, new, olds, moved, rf in changes
                ]
                for changes in self._changes
            ],
            "graves": [[vid(g.version), g.last_seen, g.alive] for g in self._graves],
            "next_lineage": self._next_lineage,
            "versions": version_rows,
            "lines": line_rows,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str) -> Tracker:
        """A tracker saved by :meth:`dumps`.

        Raises:
            StateError: *text* is not a state :meth:`dumps` wrote, or it is damaged.
        """
        from revtrack.errors import StateError

        try:
            data = json.loads(text)
        except ValueError as e:
            raise StateError(f"not a revtrack/tracker@2 state: not JSON ({e})") from None
        kind = data.get("format") if isinstance(data, dict) else None
        if kind not in ("revtrack/tracker@2", "revtrack/tracker@1"):
            raise StateError("not a revtrack/tracker@2 state")
        try:
            return cls._restore(data, kind)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as e:
            raise StateError(f"a damaged {kind} state ({type(e).__name__}: {e})") from None

    @classmethod
    def _restore(cls, data: dict[str, Any], kind: str) -> Tracker:
        versions: list[_Version] = []
        for lin, intro, mod, toks, revs, text_, rev, parents in data["versions"]:
            versions.append(
                _Version(
                    lin,
                    intro,
                    tuple(mod),
                    tuple(toks),
                    tuple(revs),
                    text_,
                    rev,
                    tuple(versions[p] for p in parents),
                )
            )
        tracker = cls()
        lines = [
            _Line(t, tuple((a, b, versions[v]) for a, b, v in sents)) if sents else tracker._blank(t)
            for t, sents in data["lines"]
        ]
        if kind == "revtrack/tracker@1":  # one row number per line
            tracker._states = [tuple(lines[i] for i in state) for state in data["states"]]
        else:
            before: tuple[_Line, ...] = ()
            for encoded in data["states"]:
                state: list[_Line] = []
                k = 0
                while k < len(encoded):
                    x = encoded[k]
                    if x < 0:  # a run of the revision before
                        run = before[-1 - x : -1 - x + encoded[k + 1]]
                        if len(run) != encoded[k + 1] or encoded[k + 1] < 1:
                            raise IndexError(f"a run of {encoded[k + 1]} lines from line {-1 - x}")
                        state.extend(run)
                        k += 2
                    else:
                        state.append(lines[x])
                        k += 1
                before = tuple(state)
                tracker._states.append(before)
        tracker._texts = [None] * len(tracker._states)
        tracker._changes = [
            tuple(
                (ChangeKind(k), tuple(new) if new else None, tuple(tuple(o) for o in olds), moved, rf)
                for k, new, olds, moved, rf in changes
            )
            for changes in data["changes"]
        ]
        for v, last_seen, alive in data["graves"]:
            tracker._bury(versions[v], last_seen)
            tracker._graves[-1].alive = alive
        tracker._next_lineage = data["next_lineage"]
        if type(tracker._next_lineage) is not int:
            raise TypeError(f"next_lineage is {tracker._next_lineage!r}")
        return tracker


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many items *a* and *b* begin with alike, found by comparing slices (in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _change_order(c: SentenceChange) -> tuple[int, int, int]:
    if c.new is not None:
        return (c.new, 0, c.old[0] if c.old else -1)
    return (c.old[0] if c.old else -1, 1, 0)


def _sentence_numbering(state: tuple[_Line, ...]) -> dict[_Ref, int]:
    out: dict[_Ref, int] = {}
    n = 0
    for i, line in enumerate(state):
        for k in range(len(line.sentences)):
            out[(i, k)] = n
            n += 1
    return out


def _provenance_of(
    line_text: str, offset: int, start: int, end: int, paragraph: int, version: _Version
) -> SentenceProvenance:
    base = offset + start
    return SentenceProvenance(
        start=base,
        end=offset + end,
        paragraph=paragraph,
        introduced=version.introduced,
        modified=version.modified,
        spans=tuple(Span(base + a, base + b, r) for a, b, r in version.runs(line_text[start:end])),
    )


# --- matching one revision -------------------------------------------------------


@attrs.define
class _Source:
    """Where a new sentence came from: previous sentences (or a grave), in old order."""

    olds: list[_Ref] = attrs.Factory(list)
    grave: _Grave | None = None
    exact: bool = False


class _Matcher:
    """Matches the changed sentences of one revision to what came before."""

    def __init__(
        self,
        tracker: Tracker,
        r: int,
        old_lines: Sequence[_Line],
        old_refs: list[_Ref],
        new_pieces: list[str],
        new_spans: dict[int, list[tuple[int, int]]],
        new_refs: list[_Ref],
        kept_lines: list[tuple[int, int]],
    ) -> None:
        self.t = tracker
        self.kept_lines = kept_lines
        self.r = r
        self.old_lines = old_lines
        self.old_refs = old_refs
        self.new_refs = new_refs
        self.old_v = {ref: old_lines[ref[0]].sentences[ref[1]][2] for ref in old_refs}
        self.new_texts = {
            (j, k): new_pieces[j][a:b] for j, spans in new_spans.items() for k, (a, b) in enumerate(spans)
        }
        self.new_tokens = {ref: _nonspace_tokens(text) for ref, text in self.new_texts.items()}
        self.sources: dict[_Ref, _Source] = {ref: _Source() for ref in new_refs}
        self.used_old: set[_Ref] = set()
        self.new_words: dict[_Ref, Counter[str]] = {}
        self._old_lineages: set[int] | None = None

    def ow(self, ref: _Ref) -> Counter[str]:
        return self.old_v[ref].words

    def nw(self, ref: _Ref) -> Counter[str]:
        if ref not in self.new_words:
            self.new_words[ref] = _words(self.new_tokens[ref])
        return self.new_words[ref]

    def unmatched_new(self) -> list[_Ref]:
        return [n for n in self.new_refs if not self.sources[n].olds and self.sources[n].grave is None]

    def run(
        self,
    ) -> tuple[
        dict[_Ref, _Version], list[tuple[ChangeKind, _Ref | None, tuple[_Ref, ...], bool, int | None]]
    ]:
        self._exact_previous()
        self._exact_graves()
        self._similar_previous()
        self._splits_and_merges()
        self._similar_graves()
        return self._build()

    def _exact_previous(self) -> None:
        by_key: dict[str, list[_Ref]] = {}
        for ref in self.old_refs:
            by_key.setdefault(self.old_v[ref].key, []).append(ref)
        for n in self.new_refs:
            olds = by_key.get(" ".join(self.new_tokens[n]))
            if olds:
                o = olds.pop(0)
                self.sources[n] = _Source([o], exact=True)
                self.used_old.add(o)

    def _exact_graves(self) -> None:
        for n in self.unmatched_new():
            grave = self.t._exhume_exact(" ".join(self.new_tokens[n]))
            if grave is not None:
                self.sources[n] = _Source(grave=grave, exact=True)
                # A revert to an earlier wording of a sentence still present is an edit of it.
                for o in self.old_refs:
                    if o not in self.used_old and self.old_v[o].lineage == grave.version.lineage:
                        self.sources[n].olds.append(o)
                        self.used_old.add(o)
                        break

    def _similar_previous(self) -> None:
        olds = [o for o in self.old_refs if o not in self.used_old]
        news = self.unmatched_new()
        if not olds or not news:
            return
        index: dict[str, list[int]] = {}
        for k, o in enumerate(olds):
            for w in self.ow(o):
                index.setdefault(w, []).append(k)
        pairs: list[tuple[float, int, int]] = []
        for jn, n in enumerate(news):
            nw = self.nw(n)
            nn = sum(nw.values())
            hits: dict[int, int] = {}
            for w in nw:
                for k in index.get(w, ()):
                    hits[k] = hits.get(k, 0) + 1
            for k in hits:
                ow = self.ow(olds[k])
                d = _dice(nw, ow, nn, sum(ow.values()))
                if d >= EDIT_THRESHOLD:
                    pairs.append((-d, jn, k))
        pairs.sort()
        taken_new: set[int] = set()
        for _d, jn, k in pairs:
            o = olds[k]
            if jn in taken_new or o in self.used_old:
                continue
            taken_new.add(jn)
            self.used_old.add(o)
            self.sources[news[jn]] = _Source([o])

    def _splits_and_merges(self) -> None:
        # Old sentences whose wording did not survive as such: candidates for both.
        carried = {src.olds[0] for src in self.sources.values() if src.exact and src.olds}
        changed_old = [o for o in self.old_refs if o not in carried]
        # Splits: a new sentence mostly made of one old sentence's words.
        for n in self.unmatched_new():
            nw = self.nw(n)
            nn = sum(nw.values())
            best: tuple[int, int] | None = None
            best_o: _Ref | None = None
            for k, o in enumerate(changed_old):
                c = _shared(nw, self.ow(o))
                if c >= _MIN_SHARED and c >= CONTAIN_THRESHOLD * nn and (best is None or (c, -k) > best):
                    best, best_o = (c, -k), o
            if best_o is not None:
                self.sources[n] = _Source([best_o])
                self.used_old.add(best_o)
        # Merges: an old sentence that went, mostly whole, into one changed new sentence.
        changed_new = [n for n in self.new_refs if not self.sources[n].exact]
        for o in self.old_refs:
            if o in self.used_old:
                continue
            ow = self.ow(o)
            no = sum(ow.values())
            best = None
            best_n: _Ref | None = None
            for k, n in enumerate(changed_new):
                c = _shared(ow, self.nw(n))
                if c >= _MIN_SHARED and c >= CONTAIN_THRESHOLD * no and (best is None or (c, -k) > best):
                    best, best_n = (c, -k), n
            if best_n is not None:
                self.sources[best_n].olds.append(o)
                self.sources[best_n].olds.sort()
                self.used_old.add(o)

    def _similar_graves(self) -> None:
        for n in self.unmatched_new():
            nw = self.nw(n)
            grave = self.t._exhume_similar(nw, sum(nw.values()))
            if grave is not None:
                self.sources[n] = _Source(grave=grave)

    def _build(
        self,
    ) -> tuple[
        dict[_Ref, _Version], list[tuple[ChangeKind, _Ref | None, tuple[_Ref, ...], bool, int | None]]
    ]:
        r = self.r
        t = self.t
        versions: dict[_Ref, _Version] = {}
        changes: list[tuple[ChangeKind, _Ref | None, tuple[_Ref, ...], bool, int | None]] = []
        fanout = Counter(o for src in self.sources.values() for o in src.olds)
        moved = self._moved()
        for n in self.new_refs:
            src = self.sources[n]
            tokens = self.new_tokens[n]
            grave = src.grave
            is_moved = n in moved
            if grave is not None and src.exact:
                v = grave.version
                if src.olds:  # a revert: the wording of an earlier version, now an edit
                    alive = self.old_v[src.olds[0]]
                    v = attrs.evolve(
                        v,
                        modified=_later((*alive.modified, r), v.introduced),
                        text=self.new_texts[n],
                        revision=r,
                        parents=(alive,),
                    )
                    changes.append((ChangeKind.EDITED, n, tuple(src.olds), is_moved, None))
                elif (last := t._last_wording(grave)) is not None and not self._lineage_alive(v.lineage):
                    last.alive = False  # back from its last wording, in an earlier one: an edit of it
                    v = attrs.evolve(
                        v,
                        modified=_later((*last.version.modified, r), v.introduced),
                        text=self.new_texts[n],
                        revision=r,
                        parents=(last.version,),
                    )
                    changes.append((ChangeKind.RESTORED, n, (), False, last.last_seen))
                else:
                    changes.append((ChangeKind.RESTORED, n, (), False, grave.last_seen))
                versions[n] = v
                continue
            if src.exact:
                o = src.olds[0]
                versions[n] = self.old_v[o]
                if is_moved:
                    changes.append((ChangeKind.MOVED, n, (o,), True, None))
                continue
            if grave is not None:  # restored, and edited since
                v = _edited(grave.version, tokens, self.new_texts[n], r)
                versions[n] = v
                changes.append((ChangeKind.RESTORED, n, (), False, grave.last_seen))
                continue
            if not src.olds:
                versions[n] = _Version(
                    t._new_lineage(), r, (), tokens, (r,) * len(tokens), self.new_texts[n], r
                )
                changes.append((ChangeKind.ADDED, n, (), False, None))
                continue
            olds = [self.old_v[o] for o in src.olds]
            if len(olds) == 1 and fanout[src.olds[0]] == 1:
                v = _edited(olds[0], tokens, self.new_texts[n], r)
                kind = ChangeKind.EDITED
            else:
                v = _combined(olds, tokens, self.new_texts[n], r, t)
                kind = ChangeKind.MERGED if len(olds) > 1 else ChangeKind.SPLIT
            versions[n] = v
            changes.append((kind, n, tuple(src.olds), is_moved, None))
        changes.extend(
            (ChangeKind.MOVED, (j, k), ((i, k),), True, None)
            for i, j in self.kept_lines
            if (j, 0) in moved
            for k in range(len(self.old_lines[i].sentences))
        )
        carried = {src.olds[0] for src in self.sources.values() if src.exact and src.grave is None}
        for o in self.old_refs:
            if o not in self.used_old:
                changes.append((ChangeKind.DELETED, None, (o,), False, None))
            if o not in carried:  # deleted or reworded: remembered for restorations
                t._bury(self.old_v[o], r - 1)
        return versions, changes

    def _lineage_alive(self, lineage: int) -> bool:
        """Whether a sentence of *lineage* is in the revision before (then its graves are older
        wordings of a sentence still there, not the wording last seen)."""
        if self._old_lineages is None:
            self._old_lineages = {v.lineage for line in self.old_lines for _, _, v in line.sentences}
        return lineage in self._old_lineages

    def _moved(self) -> set[_Ref]:
        """Sentences out of order with the ones they came from: all but a longest run in order.

        Positions are (line, sentence) in the old and the new revision; the
        unchanged lines around the change are in order by construction.
        """
        # A line kept whole moves as one; it stands for its sentences.
        pairs = [((i, 0), (j, 0)) for i, j in self.kept_lines]
        pairs += [(src.olds[0], n) for n, src in self.sources.items() if src.olds]
        pairs.sort(key=lambda pair: pair[1])
        # Non-decreasing: both parts of a split stay in place.
        keep = set(longest_increasing([o[0] * _LINE_SPAN + o[1] for o, _ in pairs], strict=False))
        return {n for k, (_, n) in enumerate(pairs) if k not in keep}


def _descends(version: _Version, ancestor: _Version) -> bool:
    """Whether *ancestor* is among the wordings *version* came from, along its main parents
    (the two parts of a split share a lineage but are not each other's wordings)."""
    v: _Version | None = version
    while v is not None:
        if v is ancestor:
            return True
        v = v.parents[0] if v.parents else None
    return False


def _later(modified: Iterable[int], introduced: int) -> tuple[int, ...]:
    return tuple(sorted({m for m in modified if m > introduced}))


def _align(
    old_tokens: Sequence[str], old_revs: Sequence[int], tokens: Sequence[str], r: int
) -> tuple[int, ...]:
    """The revision of each new token: kept tokens keep theirs, the others get *r*."""
    revs: list[int] = []
    i = 0
    for op, count in diff_tokens(old_tokens, tokens, semantic=False):
        if op is Op.EQUAL:
            revs.extend(old_revs[i : i + count])
            i += count
        elif op is Op.DELETE:
            i += count
        else:
            revs.extend([r] * count)
    return tuple(revs)


def _edited(old: _Version, tokens: tuple[str, ...], text: str, r: int) -> _Version:
    """*old* reworded as *tokens* in revision *r*: same lineage and origin."""
    if tokens == old.tokens:
        return old
    revs = _align(old.tokens, old.revs, tokens, r)
    modified = _later((*old.modified, r), old.introduced)
    return _Version(old.lineage, old.introduced, modified, tokens, revs, text, r, (old,))


def _combined(
    olds: Sequence[_Version], tokens: tuple[str, ...], text: str, r: int, tracker: Tracker
) -> _Version:
    """A split part or a merge: words keep their revisions; the origin is most words' revision."""
    revs = _align_many(olds, tokens, r)
    word_revs = [rev for tok, rev in zip(tokens, revs, strict=True) if is_word(tok)] or list(revs) or [r]
    introduced = _plurality(word_revs)
    owner = next((v for v in olds if v.introduced == introduced), None)
    lineage = owner.lineage if owner is not None else tracker._new_lineage()
    parents = tuple(sorted(olds, key=lambda v: v is not owner))  # the owner first
    modified = _later(itertools.chain.from_iterable(v.modified for v in olds), introduced)
    if r > introduced:
        modified = _later((*modified, r), introduced)
    return _Version(lineage, introduced, modified, tokens, revs, text, r, parents)


def _align_many(olds: Sequence[_Version], tokens: tuple[str, ...], r: int) -> tuple[int, ...]:
    """Like :func:`_align` against several sources: the merged parts may come in any order,
    so each source is aligned on its own, largest first, and fills what is still unclaimed."""
    found: list[int | None] = [None] * len(tokens)
    for v in sorted(olds, key=lambda v: -len(v.tokens)):
        i = j = 0
        for op, count in diff_tokens(v.tokens, tokens, semantic=False):
            if op is Op.EQUAL:
                for k in range(count):
                    if found[j + k] is None:
                        found[j + k] = v.revs[i + k]
                i += count
                j += count
            elif op is Op.DELETE:
                i += count
            else:
                j += count
    return tuple(r if rev is None else rev for rev in found)


# --- stories -------------------------------------------------------------------


def track_story(story: Story, upto: int | None = None) -> Tracker:
    """A :class:`Tracker` fed with the story's revisions 0..*upto* (default: all)."""
    tracker = Tracker()
    revisions = story.revisions if upto is None else story.revisions[: upto + 1]
    for revision in revisions:
        tracker.add(revision.text)
    return tracker


def attribute(
    story: Story, at: int | str | datetime | None = None, *, tracker: Tracker | None = None
) -> Provenance:
    """The provenance of one revision of *story* (default: the last).

    Args:
        at: a revision index or time, as for :meth:`Story.find`.
        tracker: a tracker already fed with at least that many revisions.

    Raises:
        StateError: *tracker* holds other texts than the story's.
    """
    revision = story.last if at is None else story.find(at)
    if tracker is None or len(tracker) <= revision.index:
        tracker = track_story(story, revision.index)
    elif tracker.text(revision.index) != revision.text:  # a stale or mixed-up saved state
        from revtrack.errors import StateError

        raise StateError(
            f"{story.source}: the tracker's revision {revision.index} is not this story's: "
            "it was fed other texts"
        )
    return Provenance(
        story=story.id,
        revision=revision.index,
        revisions=story.revisions,
        text=revision.text,
        sentences=tracker.sentences(revision.index),
    )
