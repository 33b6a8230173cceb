"""Synthetic story histories with known truth, and a scorer for attributions.

:func:`generate_history` writes a story revision by revision the way newsrooms
and wikis change text — new sentences, appended update paragraphs, word edits,
deletions, restorations of deleted sentences, moves of sentences and
paragraphs, rewrites, splits, merges, repeated boilerplate, abbreviations and
quotes — while keeping, for every sentence and every word, the revision it
truly comes from. :func:`score` measures an attribution against that truth.

Truth conventions (those of ``revtrack/provenance@1``):

* a sentence keeps ``introduced``, ``modified`` and its words' revisions when it
  moves, and when it is deleted and later restored;
* a word edit keeps ``introduced``, adds the revision to ``modified``, and the
  new words get the revision;
* a split gives two sentences made of the original's words (the second part's
  first word is re-capitalized, which makes it a new word); each part's
  ``introduced`` is the revision most of its words have (ties: the earlier),
  and ``modified`` is the original's plus the splitting revision, after it;
* a merge joins two neighbours with a new "and" (the second's first word is
  lower-cased, a new word): ``introduced`` is the revision most of its words
  have, ``modified`` the union of both plus the merging revision, after it;
* repeated boilerplate is a new sentence each time it is added;
* what no revision showed is no part of the truth: a sentence added and removed in one
  update is new when it comes back, and an edit made in the update that deleted a sentence
  belongs to the revision that restores it.

Every word also has an ``origin``: the revision where its text first appeared
anywhere in the history (WikiWho's answer to "who wrote these words"). It
differs from its lineage revision only where words leave one sentence and come
back in another (generators in :mod:`revtrack.testing.harder` do that); a second
copy of text that is still present elsewhere counts as new.
"""

from __future__ import annotations

import bisect
import functools
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Protocol

import attrs

from revtrack.story import Story
from revtrack.text import is_word, token_spans

__all__ = [
    "History",
    "RevisionTruth",
    "Scores",
    "TrueSentence",
    "TrueWord",
    "generate_history",
    "run_writer",
    "score",
]

CATEGORIES = (
    "moved",
    "restored",
    "split",
    "merged",
    "edited",
    "duplicate",
    "formula",
    "split_gain",
    "crossed",
    "returned",
)


@attrs.frozen
class TrueWord:
    """A word of a revision's text and the revision it truly comes from."""

    start: int
    end: int
    revision: int
    """Where it first appeared in this sentence's lineage (``spans``' meaning)."""
    origin: int = attrs.field(
        default=attrs.Factory(lambda self: self.revision, takes_self=True), kw_only=True
    )
    """Where its text first appeared anywhere in the history (a copy of live text counts as new)."""


@attrs.frozen
class TrueSentence:
    """A sentence of a revision, where it truly comes from, and what happened to it."""

    start: int
    end: int
    paragraph: int
    introduced: int
    modified: tuple[int, ...]
    words: tuple[TrueWord, ...]
    events: frozenset[str]
    """Every category that ever applied to it (see ``CATEGORIES``; also "new", and "requoted" for a
    quote that replaced another and kept its formula)."""


@attrs.frozen
class RevisionTruth:
    """The true attribution of one revision."""

    sentences: tuple[TrueSentence, ...]


@attrs.frozen
class History:
    """A generated history: the revision texts and their truth."""

    seed: int
    texts: tuple[str, ...] = attrs.field(repr=False)
    truth: tuple[RevisionTruth, ...] = attrs.field(repr=False)
    labels: tuple[str, ...] = attrs.field(repr=False)

    def story(self) -> Story:
        """The history as a story (each update in its smallest exact form)."""
        start = datetime(2024, 3, 11, 6, 0, tzinfo=timezone(timedelta(hours=-5)))
        times = [start + timedelta(minutes=7 * k) for k in range(len(self.texts))]
        return Story.from_texts(
            self.texts,
            times,
            id=f"synthetic-{self.seed}",
            title=f"Generated history {self.seed}",
            labels=self.labels,
        )


# --- generation ---------------------------------------------------------------------------

_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "ni",
    "no",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "vi",
]
_ABBREVIATED = ["U.S.", "U.N.", "E.U.", "a.m.", "p.m.", "approx."]
_TITLED = ["Dr.", "Gen.", "Sen.", "Gov.", "Lt. Col."]
_NUMBERS = ["3.5", "7:30", "12", "1,200", "40%", "107mm"]
_BOILERPLATE = ["Follow", "our", "live", "coverage"]


@attrs.define(eq=False)
class _Word:
    text: str
    revision: int
    origin: int = attrs.field(default=attrs.Factory(lambda self: self.revision, takes_self=True))


@attrs.define(eq=False)
class _Sentence:
    words: list[_Word]
    introduced: int
    modified: list[int]
    quoted: bool = False
    events: set[str] = attrs.Factory(set)

    def text(self) -> str:
        body = " ".join(w.text for w in self.words)
        return f'"{body}."' if self.quoted else f"{body}."


class _Writer:
    """The state of a story being written, one revision at a time."""

    def __init__(self, seed: int, words: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = sorted({self._pseudo_word() for _ in range(4000)})
        self.rng.shuffle(self.vocab)
        self.weights = list(_cumulative(1.0 / (k + 1) for k in range(len(self.vocab))))
        self.names = sorted({self._pseudo_word().capitalize() for _ in range(60)})
        self.paragraphs: list[list[_Sentence]] = []
        self.graveyard: list[tuple[int, _Sentence]] = []
        self.r = 0
        while sum(len(s.words) for p in self.paragraphs for s in p) < words:
            self.paragraphs.append([self.sentence() for _ in range(self.rng.randint(2, 5))])

    def _pseudo_word(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(1, 3)))

    def word(self) -> str:
        roll = self.rng.random()
        if roll < 0.02:
            return self.rng.choice(_ABBREVIATED)
        if roll < 0.04:
            return self.rng.choice(_NUMBERS)
        if roll < 0.06:
            return f"{self.rng.choice(_TITLED)} {self.rng.choice(self.names)}"
        return self.rng.choices(self.vocab, cum_weights=self.weights)[0]

    def plain(self) -> str:
        """A lowercase word of four letters or more: safe before a full stop or after an abbreviation."""
        while True:
            word = self.rng.choices(self.vocab, cum_weights=self.weights)[0]
            if len(word) >= 4:
                return word

    def sentence(self, n: int | None = None) -> _Sentence:
        n = n or self.rng.randint(6, 24)
        words = [self.word() for _ in range(n)]
        words[0] = self.rng.choice(self.names) if self.rng.random() < 0.3 else words[0]
        words[0] = words[0][0].upper() + words[0][1:]
        # Abbreviations and titled names are followed by a lowercase word and never end
        # the sentence, so that every generated sentence is one sentence to a news splitter.
        for k in range(1, n):
            if "." in words[k - 1]:
                words[k] = self.plain()
        words[-1] = self.plain()
        return _Sentence([_Word(w, self.r) for w in words], self.r, [], quoted=self.rng.random() < 0.08)

    # --- operations: each changes the story in one way a newsroom does ---

    def pick(self, min_words: int = 0) -> tuple[int, int] | None:
        spots = [
            (i, k)
            for i, p in enumerate(self.paragraphs)
            for k, s in enumerate(p)
            if len(s.words) >= min_words
        ]
        return self.rng.choice(spots) if spots else None

    def insert(self) -> None:
        s = self.sentence()
        s.events.add("new")
        self._place(s)

    def _place(self, s: _Sentence) -> None:
        if not self.paragraphs or self.rng.random() < 0.15:
            self.paragraphs.insert(self.rng.randint(0, len(self.paragraphs)), [s])
        else:
            p = self.rng.choice(self.paragraphs)
            p.insert(self.rng.randint(0, len(p)), s)

    def append_update(self) -> None:
        first = self.sentence()
        first.words.insert(0, _Word("UPDATE:", self.r))
        self.paragraphs.append([first, *(self.sentence() for _ in range(self.rng.randint(0, 3)))])

    def edit(self) -> None:
        spot = self.pick(min_words=5)
        if spot is None:
            return
        s = self.paragraphs[spot[0]][spot[1]]
        for _ in range(self.rng.randint(1, 3)):
            k = self.rng.randrange(1, len(s.words))
            roll = self.rng.random()
            if roll < 0.5:
                s.words[k] = _Word(self.plain(), self.r)
            elif roll < 0.8 or len(s.words) < 6:
                s.words.insert(k, _Word(self.plain(), self.r))
            else:
                del s.words[k]
        if self.r not in s.modified and self.r > s.introduced:
            s.modified.append(self.r)
        s.events.add("edited")

    def delete(self) -> None:
        spot = self.pick()
        if spot is None or sum(len(p) for p in self.paragraphs) < 4:
            return
        s = self.paragraphs[spot[0]].pop(spot[1])
        self.graveyard.append((self.r, s))
        self.paragraphs = [p for p in self.paragraphs if p]

    def restore(self) -> None:
        choices = [k for k, (when, _) in enumerate(self.graveyard) if when < self.r]
        if not choices:
            return
        s = self.unbury(self.rng.choice(choices))
        self._place(s)

    def unbury(self, k: int) -> _Sentence:
        """Take deleted sentence *k* out of the graveyard, its truth as readers last saw it.

        Its last revision's changes were never shown: a sentence written and removed in
        the same update is new when it comes (no reader saw it before), and words it
        gained (or an edit it had) in the update that removed it are this revision's.
        The sentence is marked "restored" when a reader had seen it."""
        when, s = self.graveyard.pop(k)
        if s.introduced == when:
            s.introduced = self.r
            s.modified = []
            s.words = [_Word(w.text, self.r) for w in s.words]
            s.events -= {"restored", "moved"}
            s.events.add("new")
            return s
        if any(w.revision == when for w in s.words):
            s.words = [
                _Word(w.text, self.r, self.r if w.origin == when else w.origin) if w.revision == when else w
                for w in s.words
            ]
        if when in s.modified:
            s.modified = [m for m in s.modified if m != when]
            if self.r > s.introduced:
                s.modified.append(self.r)
        s.events.add("restored")
        return s

    def move(self) -> None:
        spot = self.pick()
        if spot is None:
            return
        s = self.paragraphs[spot[0]].pop(spot[1])
        self.paragraphs = [p for p in self.paragraphs if p]
        s.events.add("moved")
        self._place(s)

    def move_paragraph(self) -> None:
        if len(self.paragraphs) < 3:
            return
        p = self.paragraphs.pop(self.rng.randrange(len(self.paragraphs)))
        for s in p:
            s.events.add("moved")
        self.paragraphs.insert(self.rng.randint(0, len(self.paragraphs)), p)

    def rewrite(self) -> None:
        spot = self.pick()
        if spot is None:
            return
        i, k = spot
        self.graveyard.append((self.r, self.paragraphs[i][k]))
        s = self.sentence()
        s.events.add("new")
        self.paragraphs[i][k] = s

    def split(self) -> None:
        spot = self.pick(min_words=10)
        if spot is None:
            return
        i, k = spot
        s = self.paragraphs[i][k]
        cut = self.rng.randint(4, len(s.words) - 4)
        if not s.words[cut].text.isalpha() or not s.words[cut - 1].text.isalpha():
            return
        second = s.words[cut:]
        second[0] = _Word(second[0].text[0].upper() + second[0].text[1:], self.r)
        parts = [_derived(s.words[:cut], s.modified, self.r), _derived(second, s.modified, self.r)]
        for part in parts:
            part.events |= s.events | {"split"}
        self.paragraphs[i][k : k + 1] = parts

    def merge(self) -> None:
        pairs = [(i, k) for i, p in enumerate(self.paragraphs) for k in range(len(p) - 1)]
        if not pairs:
            return
        i, k = self.rng.choice(pairs)
        a, b = self.paragraphs[i][k], self.paragraphs[i][k + 1]
        if a.quoted or b.quoted:
            return
        head = b.words[0]
        lowered = (
            head.text if head.text.split(" ")[0] in _TITLED or head.text in self.names else head.text.lower()
        )
        joined = [
            *a.words,
            _Word("and", self.r),
            _Word(lowered, head.revision, head.origin) if lowered == head.text else _Word(lowered, self.r),
        ]
        merged = _derived([*joined, *b.words[1:]], [*a.modified, *b.modified], self.r)
        merged.events |= a.events | b.events | {"merged"}
        self.paragraphs[i][k : k + 2] = [merged]

    def boilerplate(self) -> None:
        s = _Sentence([_Word(w, self.r) for w in _BOILERPLATE], self.r, [], events={"duplicate"})
        self._place(s)

    def reshuffle(self) -> None:
        """A big rewrite: paragraphs reordered and the lede replaced (stored as a whole text)."""
        self.rng.shuffle(self.paragraphs)
        self.rewrite()
        for p in self.paragraphs:
            for s in p:
                s.events.add("moved")


def _cumulative(values: Iterable[float]) -> Iterable[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _derived(words: list[_Word], modified: Iterable[int], r: int) -> _Sentence:
    """A split part or a merge: the origin most of its words have, modified after it."""
    counts = Counter(w.revision for w in words if any(is_word(t) for t in _tokens(w.text)))
    best = max(counts.values())
    introduced = min(rev for rev, n in counts.items() if n == best)
    mods = sorted({m for m in (*modified, r) if m > introduced})
    return _Sentence(words, introduced, mods)


def _tokens(text: str) -> list[str]:
    return [text[a:b] for a, b in token_spans(text)]


@functools.cache
def _word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the words (not punctuation) are inside one generated word."""
    return tuple((a, b) for a, b in token_spans(text) if is_word(text[a:b]))


_OPERATIONS: dict[str, float] = {
    "insert": 3,
    "append_update": 2,
    "edit": 5,
    "delete": 2,
    "restore": 1.5,
    "move": 1.5,
    "move_paragraph": 0.7,
    "rewrite": 1,
    "split": 1,
    "merge": 1,
    "boilerplate": 0.4,
}


def generate_history(seed: int, revisions: int = 50, *, words: int = 5000) -> History:
    """A deterministic history of *revisions* revisions of a story of about *words* words."""
    return run_writer(_Writer(seed, words), _OPERATIONS, revisions, seed)


def run_writer(
    writer: _Writer,
    operations: dict[str, float],
    revisions: int,
    seed: int,
    *,
    ops_per_revision: tuple[int, int] = (1, 3),
) -> History:
    """Drive *writer* for *revisions* revisions with *operations* (name → weight): a history and its truth."""
    names = list(operations)
    weights = list(_cumulative(operations.values()))
    texts: list[str] = []
    truth: list[RevisionTruth] = []
    labels: list[str] = []
    for r in range(revisions):
        writer.r = r
        label = "Original"
        if r:
            if r % 97 == 0:
                writer.reshuffle()
                label = f"Rewrite {r}"
            else:
                ops = writer.rng.choices(names, cum_weights=weights, k=writer.rng.randint(*ops_per_revision))
                for op in ops:
                    getattr(writer, op)()
                label = f"UPDATE {r}" if ops == ["append_update"] else f"Update {r}: {', '.join(ops)}"
        text, revision_truth = _render(writer.paragraphs)
        texts.append(text)
        truth.append(revision_truth)
        labels.append(label)
    return History(seed, tuple(texts), tuple(truth), tuple(labels))


def _render(paragraphs: Sequence[Sequence[_Sentence]]) -> tuple[str, RevisionTruth]:
    out: list[str] = []
    sentences: list[TrueSentence] = []
    pos = 0
    for number, paragraph in enumerate(paragraphs):
        if number:
            out.append("\n\n")
            pos += 2
        for k, s in enumerate(paragraph):
            if k:
                out.append(" ")
                pos += 1
            start = pos
            words: list[TrueWord] = []
            at = start + (1 if s.quoted else 0)
            for j, word in enumerate(s.words):
                if j:
                    at += 1
                words.extend(
                    TrueWord(at + a, at + b, word.revision, origin=word.origin)
                    for a, b in _word_spans(word.text)
                )
                at += len(word.text)
            text = s.text()
            out.append(text)
            pos += len(text)
            sentences.append(
                TrueSentence(
                    start, pos, number, s.introduced, tuple(s.modified), tuple(words), frozenset(s.events)
                )
            )
    return "".join(out), RevisionTruth(tuple(sentences))


# --- scoring -------------------------------------------------------------------------------


class _SpanLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def revision(self) -> int: ...


class _SentenceLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def introduced(self) -> int: ...
    @property
    def modified(self) -> Sequence[int]: ...
    @property
    def spans(self) -> Sequence[_SpanLike]: ...


class ProvenanceLike(Protocol):
    """What :func:`score` reads: revtrack's ``Provenance`` has this shape, and so can peers'."""

    @property
    def text(self) -> str: ...
    @property
    def sentences(self) -> Sequence[_SentenceLike]: ...


@attrs.frozen
class Scores:
    """Counts of right answers against the truth."""

    sentences: int
    introduced: int
    modified: int
    unmatched: int
    """True sentences whose exact span no predicted sentence has (counted wrong)."""
    words: int
    words_right: int
    """Words whose lineage revision (``spans``) is right."""
    origins_right: int
    """Words whose whole-history origin is right (read from ``origins`` where a sentence has them, else
    from ``spans``)."""
    categories: tuple[tuple[str, int, int], ...]
    """(category, sentences, introduced right)."""

    @property
    def introduced_rate(self) -> float:
        return self.introduced / self.sentences if self.sentences else 1.0

    @property
    def modified_rate(self) -> float:
        return self.modified / self.sentences if self.sentences else 1.0

    @property
    def word_rate(self) -> float:
        return self.words_right / self.words if self.words else 1.0

    @property
    def origin_rate(self) -> float:
        return self.origins_right / self.words if self.words else 1.0

    def category_rate(self, category: str) -> float:
        for name, total, right in self.categories:
            if name == category:
                return right / total if total else 1.0
        return 1.0

    def category_count(self, category: str) -> int:
        return next((total for name, total, _ in self.categories if name == category), 0)

    def summary(self) -> str:
        """One line per measure."""
        lines = [
            f"sentences introduced right  {self.introduced_rate:7.2%}  ({self.introduced}/{self.sentences})",
            f"modified exactly right      {self.modified_rate:7.2%}  ({self.modified}/{self.sentences})",
            f"words right                 {self.word_rate:7.2%}  ({self.words_right}/{self.words})",
            f"word origins right          {self.origin_rate:7.2%}  ({self.origins_right}/{self.words})",
            f"sentences split differently {self.unmatched}",
        ]
        for name, total, right in self.categories:
            rate = right / total if total else 1.0
            lines.append(f"{name + ' sentences':<27} {rate:7.2%}  ({right}/{total})")
        return "\n".join(lines)


class _Spans:
    """Spans in text order, looked up by position."""

    def __init__(self, spans: Iterable[_SpanLike]) -> None:
        self.spans = list(spans)
        self.starts = [p.start for p in self.spans]

    def at(self, position: int) -> int | None:
        """The revision of the span holding *position*, if any."""
        k = bisect.bisect_right(self.starts, position) - 1
        if k >= 0 and self.spans[k].start <= position < self.spans[k].end:
            return self.spans[k].revision
        return None


def score(
    history: History,
    provenance_for: Callable[[int], ProvenanceLike],
    revisions: Iterable[int] | None = None,
) -> Scores:
    """Score the attributions of *revisions* (default: all up to 60, else every 10th and the last)."""
    n = len(history.texts)
    if revisions is None:
        revisions = range(n) if n <= 60 else sorted({*range(0, n, 10), n - 1})
    total = introduced = modified = unmatched = words = words_right = origins_right = 0
    cats = {c: [0, 0] for c in CATEGORIES}
    for r in revisions:
        prov = provenance_for(r)
        predicted = {(s.start, s.end): s for s in prov.sentences}
        spans = _Spans(p for s in prov.sentences for p in s.spans)
        origins = _Spans(p for s in prov.sentences for p in getattr(s, "origins", s.spans))
        for t in history.truth[r].sentences:
            total += 1
            guess = predicted.get((t.start, t.end))
            right = guess is not None and guess.introduced == t.introduced
            if guess is None:
                unmatched += 1
            introduced += right
            modified += guess is not None and tuple(guess.modified) == t.modified
            for c in t.events & set(CATEGORIES):
                cats[c][0] += 1
                cats[c][1] += right
            for word in t.words:
                words += 1
                words_right += spans.at(word.start) == word.revision
                origins_right += origins.at(word.start) == word.origin
    return Scores(
        total,
        introduced,
        modified,
        unmatched,
        words,
        words_right,
        origins_right,
        tuple((c, v[0], v[1]) for c, v in cats.items()),
    )
