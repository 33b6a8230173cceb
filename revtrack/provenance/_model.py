"""What attribution answers with: the sentence results, change records and sentence wordings."""

from __future__ import annotations

import enum
import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from revtrack._compiled import compiled
from revtrack._jsontext import json_line
from revtrack.text import is_word, token_spans

if TYPE_CHECKING:
    from revtrack.story import Revision

__all__ = [
    "FORMAT",
    "ChangeKind",
    "Line",
    "Provenance",
    "Run",
    "SentenceChange",
    "SentenceProvenance",
    "SentenceVersion",
    "Span",
    "Wording",
    "words_of",
]

FORMAT = "revtrack/provenance@1"
FORMAT_WITH_ORIGINS = "revtrack/provenance@2"
"""``@1`` with each sentence's ``origins``: asked for, a new version of the format, as the format's
rule for any change says (a reader of ``@1`` refuses it by its name, not by an unknown key)."""


@attrs.frozen
class Span:
    """``text[start:end]``: words that first appeared in ``revision`` (in the sentence's lineage for
    :attr:`SentenceProvenance.spans`, anywhere in the story for :attr:`SentenceProvenance.origins`)."""

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
    """Cover every non-space character of the sentence, in order; each span's revision is where
    its words first appeared in this sentence's lineage."""
    origins: tuple[Span, ...] = attrs.field(
        default=attrs.Factory(lambda self: self.spans, takes_self=True), kw_only=True
    )
    """Like :attr:`spans`, by the revision in which the words first appeared anywhere in the
    story: words that left another sentence (or a deleted one) and came back here keep where
    they were first written; a copy of text still present elsewhere is new."""

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
    with_origins: bool = False
    """Whether the reader asked where words first appeared anywhere in the story
    (:attr:`SentenceProvenance.origins`) besides where they did in their sentence's lineage: the
    JSON then gives each sentence's ``origins``, and renderers mark words by them."""

    def sentence_text(self, sentence: SentenceProvenance) -> str:
        """The text of *sentence*."""
        return self.text[sentence.start : sentence.end]

    def to_dict(self) -> dict[str, Any]:
        """The ``revtrack/provenance@1`` JSON object (``@2``, with each sentence's ``origins``, when
        :attr:`with_origins`)."""
        return {
            "format": FORMAT_WITH_ORIGINS if self.with_origins else FORMAT,
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
                    "spans": _spans(s.spans),
                    **({"origins": _spans(s.origins)} if self.with_origins else {}),
                }
                for s in self.sentences
            ],
        }

    def to_json(self) -> str:
        """``revtrack/provenance@1`` as deterministic UTF-8 JSON text (one line, then a newline)."""
        return json_line(self.to_dict())


def _spans(spans: Sequence[Span]) -> list[dict[str, int]]:
    return [{"start": p.start, "end": p.end, "revision": p.revision} for p in spans]


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
    text: str | None = None
    """The sentence in this revision (None for a deletion)."""
    old_texts: tuple[str, ...] = ()
    """The sentences of the previous revision it came from, as they stood there (in the
    order of :attr:`old`)."""


@attrs.frozen
class SentenceVersion:
    """One wording in a sentence's history."""

    revision: int
    """The revision in which this wording appeared."""
    text: str
    introduced: int
    modified: tuple[int, ...]


@attrs.frozen(eq=False)
class Wording:
    """One wording of one sentence, with the revision of each of its words.

    A sentence that was never reworded has one wording in every revision it is
    in; each rewording makes a new one whose :attr:`parents` lead back to the
    wordings it came from. Wordings are compared by identity: two sentences of
    the same text are different wordings when their histories differ.
    """

    lineage: int
    """Which sentence this is a wording of (the parts of a split share one)."""
    introduced: int
    """The revision in which the sentence first appeared."""
    modified: tuple[int, ...]
    """Later revisions that changed its wording, ascending."""
    tokens: tuple[str, ...]
    """Non-space tokens of the sentence."""
    revs: tuple[int, ...]
    """The revision of each token."""
    text: str
    """The sentence as written when this wording appeared."""
    revision: int
    """The revision in which this wording appeared."""
    parents: tuple[Wording, ...] = ()
    """The wordings it came from (several for a merge), the main one first."""
    origins: tuple[int, ...] | None = None
    """The revision in which each token's text first appeared anywhere in the story (words that
    left another sentence and came back in this one keep theirs); None where that is
    :attr:`revs` for every token, as it is for most."""
    _words: Counter[str] | None = attrs.field(default=None, init=False, repr=False)
    _key: str | None = attrs.field(default=None, init=False, repr=False)
    _runs: tuple[str, tuple[tuple[int, int, int], ...]] | None = attrs.field(
        default=None, init=False, repr=False
    )
    """The last sentence text read with this wording, and its word runs (see :meth:`runs`)."""
    _origin_runs: tuple[str, tuple[tuple[int, int, int], ...]] | None = attrs.field(
        default=None, init=False, repr=False
    )

    @property
    def words(self) -> Counter[str]:
        """Its lowercased words, counted (for similarity); computed once."""
        if self._words is None:
            object.__setattr__(self, "_words", words_of(self.tokens))
        assert self._words is not None
        return self._words

    def runs(self, text: str) -> tuple[tuple[int, int, int], ...]:
        """``(start, end, revision)`` of the runs of words of one revision in *text* (this
        wording as it stands in a revision, spacing aside); kept for the next revision, where
        the sentence is most often the same."""
        cached = self._runs
        if cached is not None and cached[0] == text:
            return cached[1]
        result = _runs_of(text, self.revs)
        object.__setattr__(self, "_runs", (text, result))
        return result

    def origin_runs(self, text: str) -> tuple[tuple[int, int, int], ...]:
        """Like :meth:`runs`, by the revision where each word first appeared anywhere
        (:attr:`origins`); the same runs when that is the lineage's revision throughout."""
        if self.origins is None:
            return self.runs(text)
        cached = self._origin_runs
        if cached is not None and cached[0] == text:
            return cached[1]
        result = _runs_of(text, self.origins)
        object.__setattr__(self, "_origin_runs", (text, result))
        return result

    @property
    def key(self) -> str:
        """The tokens joined by single spaces: the wording, spacing aside; computed once."""
        if self._key is None:
            object.__setattr__(self, "_key", " ".join(self.tokens))
        assert self._key is not None
        return self._key


@attrs.frozen(eq=False)
class Line:
    """One line of a revision (with its line break) and its sentences.

    A line that did not change is the same object in every revision it is in (compared by
    identity), so a walk over a history meets each line once (:meth:`Tracker.steps`).
    """

    text: str
    sentences: tuple[tuple[int, int, Wording], ...]
    """``(start, end, wording)`` with offsets inside the line."""


class Run(NamedTuple):
    """Lines ``start .. start + length - 1`` of the revision before, kept as they were."""

    start: int
    length: int


def _runs_of(text: str, revs: Sequence[int]) -> tuple[tuple[int, int, int], ...]:
    """``(start, end, revision)`` of the runs of *text*'s non-space tokens of one revision
    (*revs*: the revision of each)."""
    if revs and revs.count(revs[0]) == len(revs):  # one revision throughout, as most sentences
        start = len(text) - len(text.lstrip())  # tokens never hold whitespace, which is its own token
        end = len(text.rstrip())
        return ((start, end, revs[0]),) if start < end else ()
    if _compiled_runs is not None:
        found = _compiled_runs(text, revs)
        if found is not None:
            return found
    return _runs_py(text, revs)


_compiled_runs: Callable[[str, Sequence[int]], tuple[tuple[int, int, int], ...] | None] | None = compiled(
    "ascii_runs"
)
"""``revtrack._speedups.ascii_runs``: :func:`_runs_py` compiled for ASCII text."""


def _runs_py(text: str, revs: Sequence[int]) -> tuple[tuple[int, int, int], ...]:
    """The runs of :func:`_runs_of`, token by token: the twin of ``revtrack._speedups.ascii_runs``."""
    runs: list[tuple[int, int, int]] = []
    k = 0
    for a, b in token_spans(text):
        if text[a:b].isspace():
            continue
        rev = revs[k]
        k += 1
        if runs and runs[-1][2] == rev:
            runs[-1] = (runs[-1][0], b, rev)
        else:
            runs.append((a, b, rev))
    return tuple(runs)


def words_of(tokens: Sequence[str]) -> Counter[str]:
    """The lowercased words of *tokens* and the pairs of neighbouring words, counted: what
    similarity compares. Two sentences that share only common words share few pairs, while
    an edited sentence keeps most of its pairs."""
    if _compiled_words_of is not None:
        return _compiled_words_of(tokens, Counter)
    return _words_of_py(tokens)


_compiled_words_of: Callable[[Sequence[str], type[Counter[str]]], Counter[str]] | None = compiled("words_of")
"""``revtrack._speedups.words_of``: :func:`_words_of_py` compiled (the same items, in the same order)."""


def _words_of_py(tokens: Sequence[str]) -> Counter[str]:
    """:func:`words_of` in Python: the twin of ``revtrack._speedups.words_of``."""
    words = [t.lower() for t in tokens if is_word(t)]
    return Counter([*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))])
