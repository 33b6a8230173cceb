"""A tracker's saved state, ``revtrack/tracker@3``: what :meth:`Tracker.dumps` writes and
:meth:`Tracker.loads` reads.

One JSON object: ``versions`` (every sentence wording: lineage, introduced,
modified, tokens, their revisions, text, revision, parents — rows only point
back — and, where they are not the revisions, the tokens' whole-history
origins), ``lines`` (every line object: text and ``[start, end, wording]`` of each
sentence), ``states`` (each revision as what it keeps of the one before, see
:mod:`revtrack.provenance._lines`, with row numbers for lines), ``changes``
(each revision's change records by position),
``graves``, ``left`` (the text that left the story and has not come back, for
word origins: ``[wording, start, end, revision it left, [offsets of tokens back
since]]``, see :mod:`revtrack.provenance._origins`) and ``next_lineage``.
``left`` is null for a tracker made with ``origins=False`` (it loads as one).
``revtrack/tracker@2`` (the same without origins) and ``revtrack/tracker@1``
(every revision as all of its row numbers) still load: their words' origins
are their lineage's revisions, and words added later are looked up in the
text that leaves after loading. Loading rebuilds no revision whole but the
last: each one's sentence counts are made from the one before's, as adding does.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from revtrack.errors import StateError
from revtrack.provenance._graves import Graveyard
from revtrack.provenance._lines import Delta, apply_delta, line_delta
from revtrack.provenance._matcher import ChangeRecord
from revtrack.provenance._model import ChangeKind, Line, Wording
from revtrack.provenance._origins import LeftText, Piece
from revtrack.provenance._tracker import Change, Tracker, _Last, _numbered

__all__ = ["FORMAT", "dumps", "loads"]

FORMAT = "revtrack/tracker@3"
_READABLE = (FORMAT, "revtrack/tracker@2", "revtrack/tracker@1")


def dumps(tracker: Tracker) -> str:
    """The whole tracker as JSON text."""
    versions: dict[int, int] = {}
    version_rows: list[list[Any]] = []
    lines: dict[int, int] = {}
    line_rows: list[list[Any]] = []

    def vid(top: Wording) -> int:
        # Parents get their rows first, so that rows only point back (no recursion:
        # a sentence edited in every revision has a long chain).
        stack = [top]
        while stack:
            w = stack[-1]
            if id(w) in versions:
                stack.pop()
                continue
            missing = [p for p in w.parents if id(p) not in versions]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            versions[id(w)] = len(version_rows)
            row = [
                w.lineage,
                w.introduced,
                list(w.modified),
                list(w.tokens),
                list(w.revs),
                w.text,
                w.revision,
                [versions[id(p)] for p in w.parents],
            ]
            if w.origins is not None:
                row.append(list(w.origins))
            version_rows.append(row)
        return versions[id(top)]

    def row(line: Line) -> int:
        found = lines.get(id(line))  # a blank line may be in a revision more than once
        if found is None:
            found = lines[id(line)] = len(line_rows)
            line_rows.append([line.text, [[a, b, vid(w)] for a, b, w in line.sentences]])
        return found

    parts = tracker._parts()
    states = [
        [x if isinstance(x, int) else row(x) for x in parts.lines.delta(r)] for r in range(len(parts.lines))
    ]
    data = {
        "format": FORMAT,
        "states": states,
        "changes": [
            [
                [
                    c.record.kind.value,
                    _ref(c.record.new),
                    [list(o) for o in c.record.old],
                    c.record.moved,
                    c.record.restored_from,
                ]
                for c in changes
            ]
            for changes in parts.changes
        ],
        "graves": [[vid(g.wording), g.last_seen, g.alive] for g in parts.graves],
        "left": None
        if parts.left is None
        else [
            [vid(p.wording), p.start, p.end, p.left, [k for k, t in enumerate(p.taken) if t]]
            for p in parts.left
            if not all(p.taken)  # a piece all back in the story is never found again
        ],
        "next_lineage": parts.next_lineage,
        "versions": version_rows,
        "lines": line_rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _ref(ref: tuple[int, int] | None) -> list[int] | None:
    return None if ref is None else list(ref)


def loads(text: str) -> Tracker:
    """A tracker from a saved state.

    Raises:
        StateError: *text* is not a saved state, or it is damaged.
    """
    try:
        data = json.loads(text)
    except ValueError as e:
        raise StateError(f"not a {FORMAT} state: not JSON ({e})") from None
    kind = data.get("format") if isinstance(data, dict) else None
    if kind not in _READABLE:
        raise StateError(f"not a {FORMAT} state")
    try:
        return _restore(data, kind)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, AssertionError) as e:
        raise StateError(f"a damaged {kind} state ({type(e).__name__}: {e})") from None


def _restore(data: dict[str, Any], kind: str) -> Tracker:
    versions: list[Wording] = []
    for row in data["versions"]:
        lineage, introduced, modified, tokens, revs, text, revision, parents, *more = row
        if len(more) > (kind == FORMAT) or (more and len(more[0]) != len(revs)):
            raise ValueError(f"version {len(versions)} has {len(row)} fields")
        versions.append(
            Wording(
                lineage,
                introduced,
                tuple(modified),
                tuple(tokens),
                tuple(revs),
                text,
                revision,
                tuple(versions[p] for p in parents),
                tuple(more[0]) if more else None,
            )
        )
    tracker = Tracker()
    lines = [
        Line(t, tuple((a, b, versions[v]) for a, b, v in sentences)) if sentences else tracker._blank(t)
        for t, sentences in data["lines"]
    ]
    history = tracker._parts().lines
    raw = data["changes"]
    if len(raw) != len(data["states"]):
        raise ValueError(f"{len(raw)} revisions of changes for {len(data['states'])} revisions")
    changes: list[tuple[Change, ...]] = []
    before: list[Line] = []
    counts = [0]
    for encoded, entries in zip(data["states"], raw, strict=True):
        if kind == "revtrack/tracker@1":  # every line's row
            state = [lines[i] for i in encoded]
            delta = line_delta(state, before)
        else:
            items: list[int | Line] = []
            k = 0
            while k < len(encoded):
                x = encoded[k]
                if x < 0:  # a run of the revision before
                    count = encoded[k + 1]
                    if type(count) is not int or count < 1 or -1 - x + count > len(before):
                        raise IndexError(f"a run of {count} lines from line {-1 - x}")
                    items += (x, count)
                    k += 2
                else:
                    items.append(lines[x])
                    k += 1
            state = apply_delta(before, tuple(items))
            delta = line_delta(state, before)
        history.append(delta, state)
        new_counts = _counts_after(counts, delta)
        records = [
            ChangeRecord(ChangeKind(k), tuple(new) if new else None, tuple(tuple(o) for o in olds), moved, rf)
            for k, new, olds, moved, rf in entries
        ]
        changes.append(_numbered(records, counts, new_counts))
        before, counts = state, new_counts
    graves = Graveyard()
    for v, last_seen, alive in data["graves"]:
        graves.bury(versions[v], last_seen, alive=alive)
    next_lineage = data["next_lineage"]
    if type(next_lineage) is not int:
        raise TypeError(f"next_lineage is {next_lineage!r}")
    saved_left = data["left"] if kind == FORMAT else ()
    left: LeftText | None = None if saved_left is None else LeftText()
    for v, start, end, revision, back in saved_left or ():
        assert left is not None
        wording = versions[v]
        if not 0 <= start < end <= len(wording.tokens):
            raise IndexError(f"tokens {start} to {end} of a wording of {len(wording.tokens)}")
        taken = bytearray(end - start)
        for k in back:
            taken[k] = 1
        left.keep(Piece(wording, start, end, revision, taken))
    ends = list(itertools.accumulate(len(line.text) for line in before))
    last = _Last(before, "".join(line.text for line in before), ends, counts)
    tracker._restore(changes, graves, next_lineage, last, left)
    return tracker


def _counts_after(counts: list[int], delta: Delta) -> list[int]:
    """The sentence counts of a state (``out[i]``: sentences in its lines before line *i*) from
    those of the state before and its delta: runs are copied, shifted where sentences before
    them changed."""
    out = [0]
    k = 0
    while k < len(delta):
        x = delta[k]
        if isinstance(x, int):
            count = delta[k + 1]
            assert isinstance(count, int)
            start = -1 - x
            shift = out[-1] - counts[start]
            run = counts[start + 1 : start + count + 1]
            out.extend([c + shift for c in run] if shift else run)
            k += 2
        else:
            out.append(out[-1] + len(x.sentences))
            k += 1
    return out
