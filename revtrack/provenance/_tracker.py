"""The tracker: takes a story's revisions one at a time, and answers for any revision it has seen."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import NamedTuple

from revtrack._affixes import common_prefix, common_suffix
from revtrack._gc import paused
from revtrack.diff import kept_stretches
from revtrack.provenance._graves import Graveyard
from revtrack.provenance._lines import LineHistory, line_delta
from revtrack.provenance._matcher import ChangeRecord, Matcher, Ref
from revtrack.provenance._model import (
    Line,
    Run,
    SentenceChange,
    SentenceProvenance,
    SentenceVersion,
    Span,
    Wording,
)
from revtrack.provenance._origins import LeftText
from revtrack.sentences import sentence_spans
from revtrack.story import surrogate_problem
from revtrack.text import LINE_BREAKS

__all__ = ["Change", "Tracker"]

_LINE_BREAKS = frozenset(LINE_BREAKS)


class Change(NamedTuple):
    """A change record with the sentence indices it stands for, as :meth:`Tracker.changes` gives them."""

    record: ChangeRecord
    new: int | None
    """The index of the new sentence in its revision."""
    old: tuple[int, ...]
    """The indices of the old sentences in the revision before, ascending (``record.old`` in
    the same order)."""


class _Last(NamedTuple):
    """The newest revision, whole: what :meth:`Tracker.add` compares the next one with."""

    lines: list[Line]
    text: str
    ends: list[int]
    """Where each line ends in the text."""
    before: list[int]
    """``before[i]``: the number of sentences in lines ``0..i-1`` (one more item than lines)."""


_EMPTY = _Last([], "", [], [0])


class _Parts(NamedTuple):
    lines: LineHistory
    changes: list[tuple[Change, ...]]
    graves: Graveyard
    next_lineage: int
    left: LeftText | None


def _break(line: str) -> str:
    """The line break *line* ends with ("" for none)."""
    if line.endswith("\r\n"):
        return "\r\n"
    return line[-1] if line and line[-1] in _LINE_BREAKS else ""


def _same_content(a: str, b: str) -> bool:
    """Whether lines *a* and *b* are the same but for their line breaks (copied only when as long)."""
    ka, kb = _break(a), _break(b)
    return len(a) - len(ka) == len(b) - len(kb) and a[: len(a) - len(ka)] == b[: len(b) - len(kb)]


def _kept_in_order(
    olds: list[int], news: list[int], old_texts: list[str], piece: Callable[[int], str]
) -> Iterator[tuple[int, int]]:
    """``(new line, old line)`` for the lines a diff of the old texts and the new ones keeps; none
    when no text is there twice on either side (then each line finds its one match by its text)."""
    new_texts = [piece(j) for j in news]
    if len(set(old_texts)) == len(old_texts) and len(set(new_texts)) == len(new_texts):
        return
    for a, b, count in kept_stretches(old_texts, new_texts):
        for k in range(count):
            yield news[b + k], olds[a + k]


def _kept_ends(last: _Last, text: str) -> tuple[int, int]:
    """How many whole lines the new *text* begins and ends with exactly as the last revision did,
    found by comparing characters (in C): an update costs what it changed, not the story's length."""
    old = last.text
    n = len(last.lines)
    if not n:
        return 0, 0
    prefix = common_prefix(old, text)
    suffix = common_suffix(old, text, min(len(old), len(text)) - prefix)
    p = bisect.bisect_right(last.ends, prefix)  # lines that end inside the common start
    if p:
        line = last.lines[p - 1].text
        end = last.ends[p - 1]
        # The same characters make the same line only if its line break is one in the new text
        # too: not the end of the text there ("b" then "b\n"), nor a "\r" that a "\n" follows.
        if not (line and line[-1] in _LINE_BREAKS) or (line[-1] == "\r" and end == prefix):
            p -= 1 if not (prefix == len(old) == len(text)) else 0
    # Lines that begin after a line break both texts end with.
    first = bisect.bisect_left(last.ends, len(old) - suffix + 1) + 1
    s = min(max(0, n - first), n - p)
    return p, s


class Tracker:
    """Attributes a story's sentences revision by revision, at the cost of each change.

    Feed it every revision's full text, oldest first, with :meth:`add`; ask it
    for the attribution of any revision seen so far. :meth:`dumps` and
    :meth:`loads` save and restore it, so a publishing system can attribute on
    every save without recomputing the history; the result is the same as
    recomputing from scratch.

    Its memory grows with what changed, not with the number of revisions times
    the text: each revision's lines are kept as what changed from the revision
    before (:mod:`revtrack.provenance._lines`), deleted sentences in a
    :class:`~revtrack.provenance._graves.Graveyard`.

    Args:
        origins: also look up where each word first appeared anywhere in the story
            (:attr:`SentenceProvenance.origins`), keeping the text that left it. With
            False that work (about a tenth of attribution's) is skipped and ``origins``
            are ``spans``: for callers that never read them, as the corpus.
    """

    def __init__(self, *, origins: bool = True) -> None:
        self._lines = LineHistory()
        self._changes: list[tuple[Change, ...]] = []
        self._graves = Graveyard()
        self._left: LeftText | None = LeftText() if origins else None
        self._next_lineage = 0
        self._blanks: dict[str, Line] = {}
        self._last = _EMPTY

    def __len__(self) -> int:
        """How many revisions have been added."""
        return len(self._lines)

    @property
    def tracks_origins(self) -> bool:
        """Whether words' whole-history origins are looked up (``Tracker(origins=...)``)."""
        return self._left is not None

    # --- adding a revision ---------------------------------------------------------

    @paused
    def add(self, text: str) -> int:
        """Attribute the next revision's *text*; returns its revision index.

        Raises:
            ValueError: *text* holds a lone surrogate (not Unicode text: no saved state, story
                file or JSON could hold it); the tracker is left as it was.
        """
        if not isinstance(text, str):
            raise TypeError(f"expected a string, found {type(text).__name__}")
        r = len(self._lines)
        last = self._last
        old_lines = last.lines
        n_old = len(old_lines)
        # Whole lines the same at both ends keep their objects; only what lies between is split.
        p0, s0 = _kept_ends(last, text)
        while True:
            start = last.ends[p0 - 1] if p0 else 0
            stop = len(text) - (len(last.text) - last.ends[n_old - s0 - 1]) if s0 else len(text)
            pieces = text[start:stop].splitlines(keepends=True)
            n_new = p0 + len(pieces) + s0
            mid: list[Line | None] = [None] * len(pieces)  # the new lines p0 .. n_new - s0 - 1

            def piece(j: int, pieces: list[str] = pieces, p0: int = p0) -> str:
                return pieces[j - p0]

            # Lines compared without their line break, which only the last line lacks.
            def same(i: int, j: int, piece: Callable[[int], str] = piece) -> bool:
                a, b = old_lines[i].text, piece(j)
                return a == b or _same_content(a, b)

            def keep(
                i: int, j: int, mid: list[Line | None] = mid, piece: Callable[[int], str] = piece
            ) -> None:
                line = old_lines[i]
                if line.text == piece(j):
                    mid[j - p0] = line
                elif line.sentences:
                    mid[j - p0] = Line(piece(j), line.sentences)
                else:
                    mid[j - p0] = self._blank(piece(j))

            p = p0
            while p < n_old - s0 and p < n_new - s0 and same(p, p):
                keep(p, p)
                p += 1
            # The lines alike from the start may go on into the lines kept at the end (repeated
            # lines): then take those as changed too, so the answer is the one a walk from the
            # start gives.
            if s0 and p < n_old and p < n_new and (p == n_old - s0 or p == n_new - s0):
                b = piece(p) if p < n_new - s0 else old_lines[p - (n_new - n_old)].text
                a = old_lines[p].text
                if a == b or _same_content(a, b):
                    s0 = 0
                    continue
            break
        # What changed is checked (the lines kept at both ends were, when they came).
        if problem := surrogate_problem(text[start:stop], start):
            raise ValueError(problem)
        s = min(s0, n_old - p, n_new - p)
        while s < n_old - p and s < n_new - p and same(n_old - 1 - s, n_new - 1 - s):
            if s >= s0:
                keep(n_old - 1 - s, n_new - 1 - s)
            s += 1
        old_mid = range(p, n_old - s)
        new_mid = range(p, n_new - s)
        # Lines kept whole: first those a diff of the two sequences of lines keeps, in order (of
        # several alike lines, the one among the same neighbours), then moved ones, each the first
        # old line left of its text.
        olds_with = [i for i in old_mid if old_lines[i].sentences]
        news_with = [j for j in new_mid if piece(j) and not piece(j).isspace()]
        in_order = dict(_kept_in_order(olds_with, news_with, [old_lines[i].text for i in olds_with], piece))
        paired = set(in_order.values())
        by_text: dict[str, list[int]] = {}
        for i in olds_with:
            if i not in paired:
                by_text.setdefault(old_lines[i].text, []).append(i)
        line_pairs: list[tuple[int, int]] = []  # (old line, new line) kept whole
        unmatched: list[int] = []
        for j in new_mid:
            if j in in_order:
                i = in_order[j]
                keep(i, j)
                line_pairs.append((i, j))
                continue
            olds = by_text.get(piece(j))
            if olds:
                i = olds.pop(0)
                keep(i, j)
                line_pairs.append((i, j))
            elif piece(j).isspace() or not piece(j):
                mid[j - p0] = self._blank(piece(j))
            else:
                unmatched.append(j)
        # The same line with another line break (the last line has none): an old line left whose
        # text is the new one's content and one of the other breaks left (the first such line).
        breaks = {_break(old_lines[i].text) for rest in by_text.values() for i in rest}
        if unmatched and breaks:
            for j in unmatched:
                mine = _break(piece(j))
                others = breaks - {mine}
                if not others:
                    continue
                content = piece(j)[: len(piece(j)) - len(mine)]
                heads = [olds for k in others if (olds := by_text.get(content + k))]
                if heads:
                    olds = min(heads, key=lambda olds: olds[0])
                    i = olds.pop(0)
                    keep(i, j)
                    line_pairs.append((i, j))
            line_pairs.sort(key=lambda pair: pair[1])
        kept_old_lines = {i for i, _ in line_pairs}

        # Sentences that left (old) and sentences to place (new), in text order.
        old_refs: list[Ref] = [
            (i, k) for i in old_mid if i not in kept_old_lines for k in range(len(old_lines[i].sentences))
        ]
        new_spans: dict[int, list[tuple[int, int]]] = {}
        new_refs: list[Ref] = []
        for j in new_mid:
            if mid[j - p0] is None:
                spans = sentence_spans(piece(j))
                new_spans[j] = spans
                new_refs.extend((j, k) for k in range(len(spans)))

        new_pieces = {j: piece(j) for j in new_spans}
        matcher = Matcher(
            self._graves,
            self._new_lineage,
            r,
            old_lines,
            old_refs,
            new_pieces,
            new_spans,
            new_refs,
            line_pairs,
            self._left,
        )
        wordings, records = matcher.run()
        for j, spans in new_spans.items():
            mid[j - p0] = Line(piece(j), tuple((a, b, wordings[(j, k)]) for k, (a, b) in enumerate(spans)))

        middle = [line for line in mid if line is not None]
        assert len(middle) == len(pieces)
        state = old_lines[:p0] + middle + old_lines[n_old - s0 :]
        self._last = _next_last(last, text, state, p0, s0, middle, start)
        self._lines.append(line_delta(state, old_lines, p0, s0), state)
        self._changes.append(_numbered(records, last.before, self._last.before))
        return r

    def _blank(self, text: str) -> Line:
        """A line without sentences; one object for each such text, however often it recurs."""
        line = self._blanks.get(text)
        if line is None:
            line = self._blanks[text] = Line(text, ())
        return line

    def _new_lineage(self) -> int:
        self._next_lineage += 1
        return self._next_lineage - 1

    # --- results -------------------------------------------------------------------

    def _index(self, revision: int) -> int:
        """*revision* counted from 0 (``-1`` is the last); IndexError, saying what there is, if absent."""
        n = len(self._lines)
        if not -n <= revision < n:
            have = f"revisions 0 to {n - 1}" if n else "no revisions yet"
            raise IndexError(f"no revision {revision}: the tracker has {have}")
        return revision % n

    def _state(self, revision: int) -> list[Line]:
        return self._last.lines if revision == len(self._lines) - 1 else self._lines.state(revision)

    def text(self, revision: int = -1) -> str:
        """The text of *revision* as it was added."""
        r = self._index(revision)
        if r == len(self._lines) - 1:
            return self._last.text
        return "".join(line.text for line in self._lines.state(r))

    @paused
    def sentences(self, revision: int = -1) -> tuple[SentenceProvenance, ...]:
        """The attributed sentences of *revision* (default: the last), in text order."""
        out: list[SentenceProvenance] = []
        offset = 0
        paragraph = -1
        blank = True
        for line in self._state(self._index(revision)):
            if not line.sentences:
                if not line.text.strip():
                    blank = True
            else:
                if blank:
                    paragraph += 1
                    blank = False
                for start, end, wording in line.sentences:
                    out.append(_provenance_of(line.text, offset, start, end, paragraph, wording))
            offset += len(line.text)
        return tuple(out)

    def bounds(self, revision: int = -1) -> list[tuple[int, int]]:
        """``(start, end)`` of every sentence of *revision*: :meth:`sentences` without the attribution."""
        out: list[tuple[int, int]] = []
        offset = 0
        for line in self._state(self._index(revision)):
            out.extend((offset + a, offset + b) for a, b, _ in line.sentences)
            offset += len(line.text)
        return out

    def wordings(self, revision: int = -1) -> tuple[tuple[int, Wording], ...]:
        """``(paragraph, wording)`` of every sentence of *revision*, in text order: the wording
        objects themselves, which lead back to every earlier wording through their parents."""
        out: list[tuple[int, Wording]] = []
        paragraph = -1
        blank = True
        for line in self._state(self._index(revision)):
            if not line.sentences:
                blank = blank or not line.text.strip()
                continue
            if blank:
                paragraph += 1
                blank = False
            out.extend((paragraph, wording) for _, _, wording in line.sentences)
        return tuple(out)

    def steps(self) -> Iterator[tuple[Run | Line, ...]]:
        """Every revision's lines as made from the revision before's, oldest first: a
        :class:`Run` for lines kept as they were, a :class:`Line` for a line of its own.

        A walk over a whole history that costs what changed, where asking for each
        revision's :meth:`wordings` costs its whole text: for writers of long histories.
        """
        for r in range(len(self._lines)):
            delta = self._lines.delta(r)
            out: list[Run | Line] = []
            k = 0
            while k < len(delta):
                item = delta[k]
                if isinstance(item, Line):
                    out.append(item)
                    k += 1
                else:
                    count = delta[k + 1]
                    assert isinstance(count, int)
                    out.append(Run(-1 - item, count))
                    k += 2
            yield tuple(out)

    def history(self, revision: int, index: int) -> tuple[SentenceVersion, ...]:
        """Every wording sentence *index* of *revision* has had, oldest first.

        Follows each wording back to the one it came from (for a merge, the
        part whose origin it kept); a sentence restored unchanged has no new
        wording, a revert to an earlier one has.
        """
        revision = self._index(revision)
        wording: Wording | None = None
        n = 0
        for line in self._state(revision):
            if n + len(line.sentences) > index >= n:
                wording = line.sentences[index - n][2]
                break
            n += len(line.sentences)
        if wording is None or index < 0:
            raise IndexError(f"revision {revision} has no sentence {index}")
        chain: list[SentenceVersion] = []
        while wording is not None:
            chain.append(
                SentenceVersion(wording.revision, wording.text, wording.introduced, wording.modified)
            )
            wording = wording.parents[0] if wording.parents else None
        return tuple(reversed(chain))

    def changes(self, revision: int = -1) -> tuple[SentenceChange, ...]:
        """The sentence-level changes *revision* made to the one before it, with the texts of the
        sentences involved."""
        r = self._index(revision)
        if r == 0:
            return ()
        new_lines = self._state(r)
        old_lines = self._lines.state(r - 1)
        return tuple(
            SentenceChange(
                c.record.kind,
                c.new,
                c.old,
                c.record.moved,
                c.record.restored_from,
                _sentence_text(new_lines, c.record.new) if c.record.new is not None else None,
                tuple(_sentence_text(old_lines, ref) for ref in c.record.old),
            )
            for c in self._changes[r]
        )

    # --- saving --------------------------------------------------------------------

    def _parts(self) -> _Parts:
        """What the saved-state codec writes (:mod:`revtrack.provenance._codec`)."""
        return _Parts(self._lines, self._changes, self._graves, self._next_lineage, self._left)

    def _restore(
        self,
        changes: list[tuple[Change, ...]],
        graves: Graveyard,
        next_lineage: int,
        last: _Last,
        left: LeftText | None,
    ) -> None:
        """Set what the codec read (the lines are already in :meth:`_parts`)."""
        self._changes = changes
        self._graves = graves
        self._next_lineage = next_lineage
        self._last = last
        self._left = left

    def dumps(self) -> str:
        """The whole tracker as JSON text, for :meth:`loads`."""
        from revtrack.provenance._codec import dumps

        return dumps(self)

    @classmethod
    def loads(cls, text: str) -> Tracker:
        """A tracker saved by :meth:`dumps`.

        Raises:
            StateError: *text* is not a state :meth:`dumps` wrote, or it is damaged.
        """
        from revtrack.provenance._codec import loads

        return loads(text)


def _next_last(
    last: _Last, text: str, state: list[Line], p0: int, s0: int, middle: list[Line], start: int
) -> _Last:
    """The line ends and sentence counts of the new revision, from the last one's: the kept start
    as it was, the middle counted, the kept end shifted."""
    n_old = len(last.lines)
    ends = last.ends[:p0]
    before = last.before[: p0 + 1]
    end = start
    count = before[-1]
    for line in middle:
        end += len(line.text)
        count += len(line.sentences)
        ends.append(end)
        before.append(count)
    if s0:
        shift = len(text) - len(last.text)
        tail = last.ends[n_old - s0 :]
        ends.extend([e + shift for e in tail] if shift else tail)
        more = count - last.before[n_old - s0]
        tail = last.before[n_old - s0 + 1 :]
        before.extend([c + more for c in tail] if more else tail)
    return _Last(state, text, ends, before)


def _numbered(
    records: list[ChangeRecord], old_before: list[int], new_before: list[int]
) -> tuple[Change, ...]:
    """The records with their sentence indices, in the order :meth:`Tracker.changes` gives them."""
    out = []
    for record in records:
        new = new_before[record.new[0]] + record.new[1] if record.new is not None else None
        if len(record.old) < 2:  # most: in order already
            olds = tuple(old_before[i] + k for i, k in record.old)
            out.append(Change(record, new, olds))
            continue
        pairs = sorted((old_before[i] + k, (i, k)) for i, k in record.old)
        record = ChangeRecord(
            record.kind, record.new, tuple(ref for _, ref in pairs), record.moved, record.restored_from
        )
        out.append(Change(record, new, tuple(n for n, _ in pairs)))
    out.sort(key=_change_order)
    return tuple(out)


def _change_order(c: Change) -> tuple[int, int, int]:
    if c.new is not None:
        return (c.new, 0, c.old[0] if c.old else -1)
    return (c.old[0] if c.old else -1, 1, 0)


def _sentence_text(lines: list[Line], ref: Ref) -> str:
    line = lines[ref[0]]
    start, end, _ = line.sentences[ref[1]]
    return line.text[start:end]


def _provenance_of(
    line_text: str, offset: int, start: int, end: int, paragraph: int, wording: Wording
) -> SentenceProvenance:
    base = offset + start
    text = line_text[start:end]
    spans = tuple(Span(base + a, base + b, r) for a, b, r in wording.runs(text))
    return SentenceProvenance(
        start=base,
        end=offset + end,
        paragraph=paragraph,
        introduced=wording.introduced,
        modified=wording.modified,
        spans=spans,
        origins=spans
        if wording.origins is None
        else tuple(Span(base + a, base + b, r) for a, b, r in wording.origin_runs(text)),
    )
