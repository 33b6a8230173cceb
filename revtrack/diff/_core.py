"""The token core: two unit sequences as private-use characters, split on rare shared units,
the stretches between diffed by diff-match-patch with no deadline, then cleaned up semantically.

This module is the Python twin of ``revtrack/_speedups.c``: the same steps, the same
answers (``tests/test_speedups.py``); :func:`_core` runs the compiled one when it was built.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, NamedTuple

from revtrack._compiled import compiled
from revtrack.diff import _dmp
from revtrack.diff._types import _DELETE, _EQUAL, _INSERT, Op

__all__ = ["COMPILED", "longest_increasing"]


def _prefix_length_py(a: str, b: str, limit: int) -> int:
    """Length of the common prefix, at most *limit*, by bisection (compared in C, not char by
    char); each step compares only the part not yet known to agree, so the text is read once."""
    lo, hi = 0, min(limit, len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a.startswith(b[lo:mid], lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _suffix_length_py(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most *limit*, by bisection as :func:`_prefix_length_py`."""
    lo, hi = 0, min(limit, len(a), len(b))
    na, nb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a.endswith(b[nb - mid : nb - lo], 0, na - lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _compiled_affixes() -> tuple[Callable[[str, str, int], int], Callable[[str, str, int], int]]:
    """``revtrack._speedups.prefix`` and ``suffix`` (the texts compared where they lie, without the
    slices the bisection makes), or their Python twins when the extension is not there."""
    return compiled("prefix") or _prefix_length_py, compiled("suffix") or _suffix_length_py


_prefix_length, _suffix_length = _compiled_affixes()
"""How many characters two texts begin (end) with alike, at most a limit: ``(a, b, limit) -> int``."""


_Writer = Callable[[list[Any], str, str], list[str]]
"""Writes a removal and an insertion (either may be empty) after the pieces in its first argument;
returns the start of the equal text after them (what it took from the change)."""


def _grouped(
    pieces: Iterable[tuple[Any, str]], delete: Any, equal: Any, insert: Any, *, write: _Writer | None = None
) -> list[Any]:
    """Neighbouring pieces of one kind joined, empty ones dropped, and between two equalities
    one removal then one insertion; for ops as :class:`Op` or as diff-match-patch's ints. With
    *write*, each removal and insertion are written by it (the text level trims them)."""
    out: list[Any] = []
    gone: list[str] = []
    came: list[str] = []
    same: list[str] = []

    def flush() -> list[str]:  # the equal text that goes on after the change
        removed, added = "".join(gone), "".join(came)
        if write is not None:
            return write(out, removed, added)
        if removed:
            out.append((delete, removed))
        if added:
            out.append((insert, added))
        return []

    for op, text in pieces:
        if not text:
            continue
        if op == equal:
            if gone or came:
                same = flush()
                gone, came = [], []
            same.append(text)
        else:
            if same:
                out.append((equal, "".join(same)))
                same = []
            (gone if op == delete else came).append(text)
    if gone or came:
        same = flush()
    if same:
        out.append((equal, "".join(same)))
    return out


# Private-use code points: neither letters nor spaces nor controls, so the
# semantic cleanup treats them all alike; BMP first, then planes 15 and 16.
_CODE_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_CAPACITY = sum(hi - lo + 1 for lo, hi in _CODE_RANGES)


@functools.cache
def _first_codes() -> tuple[str, ...]:
    """The code characters of the first range, made once: enough for nearly every diff."""
    lo, hi = _CODE_RANGES[0]
    return tuple(map(chr, range(lo, hi + 1)))


def _codes() -> Iterator[str]:
    """The code characters, in order, made only as far as they are used."""
    return chain.from_iterable(map(chr, range(lo, hi + 1)) for lo, hi in _CODE_RANGES)


def _core_py(
    ua: Sequence[str], ub: Sequence[str], *, semantic: bool, strip: bool = False
) -> list[tuple[Op, int]] | None:
    """Diff two sequences of units (chunks, grouped tokens or lines) as ``(op, unit count)`` runs.

    Each distinct unit becomes one code character (as diff-match-patch's line
    mode does with lines), the codes are diffed, and the answer is read back as
    counts. *semantic* also merges small equalities into the changes around them
    (right for words, wrong for whole lines: an unchanged paragraph stays
    unchanged). *strip* matches units (str) by what follows their leading whitespace. None
    when there are more distinct units than code characters.
    """
    if not ua or not ub:
        return _normalize([(_DELETE, len(ua)), (_INSERT, len(ub))])
    if strip:
        ua, ub = list(map(str.lstrip, ua)), list(map(str.lstrip, ub))
    if len(ua) + len(ub) <= 8 and set(ua).isdisjoint(ub):
        return _normalize([(_DELETE, len(ua)), (_INSERT, len(ub))])  # nothing in common: nothing to search
    distinct = dict.fromkeys(ua)
    distinct.update(dict.fromkeys(ub))
    if len(distinct) > _CAPACITY:
        return None
    first = _first_codes()
    # In C: no Python step per unit.
    code = dict(zip(distinct, first if len(distinct) <= len(first) else _codes(), strict=False))
    ea = "".join(map(code.__getitem__, ua))
    eb = "".join(map(code.__getitem__, ub))
    diffs: list[tuple[int, str]] = []
    _anchored(ea, eb, diffs)
    diffs = _joined(diffs)
    if semantic and _absorbable(diffs):
        _dmp.diff_cleanupSemantic(diffs)
        diffs = _keep_shared(diffs)
        return _normalize([(_OP[op], len(text)) for op, text in diffs])
    return [(_OP[op], len(text)) for op, text in diffs]  # already joined: nothing to normalize


_OP = {-1: _DELETE, 0: _EQUAL, 1: _INSERT}
_Compiled = Callable[
    [Sequence[str], Sequence[str], bool, "_Limits", tuple[Op, Op, Op], bool], list[tuple[Op, int]] | None
]


class _Limits(NamedTuple):
    """The core's constants as the compiled core takes them: defined once, here, and read by
    both cores (the C code keeps no copy of its own)."""

    capacity: int
    small: int
    huge: int
    rarest: int
    work: int
    work_floor: int
    shared: int
    part: int


def _limits() -> _Limits:
    """The constants as they are now (tests change them to reach rare paths in both cores)."""
    return _Limits(_CAPACITY, _SMALL, _HUGE, _RAREST, _WORK, _WORK_FLOOR, _SHARED, _PART)


_compiled: _Compiled | None = compiled("core")
"""``revtrack._speedups.core``: :func:`_core_py` compiled, the same answers faster."""
_OPS = (_DELETE, _EQUAL, _INSERT)
COMPILED = _compiled is not None
"""Whether the word diff runs on its compiled core (``revtrack._speedups``). The answers are the
same either way (``tests/test_speedups.py`` holds them to it); only the speed differs."""


def _core(
    ua: Sequence[str], ub: Sequence[str], *, semantic: bool, strip: bool = False
) -> list[tuple[Op, int]] | None:
    """:func:`_core_py`, on the compiled core when there is one."""
    if _compiled is not None:
        return _compiled(ua, ub, semantic, _limits(), _OPS, strip)
    return _core_py(ua, ub, semantic=semantic, strip=strip)


def _absorbable(diffs: list[tuple[int, str]]) -> bool:
    """Whether an equality lies between changes at least as long as it on both sides: what
    the semantic cleanup merges into them. Without one there is nothing for it to do but
    slide edits, which :func:`_shift_to_boundaries` does on the real text."""
    before = 0  # the longer side of the change before the current equality
    gone = came = 0
    pending = -1  # length of the last equality with a change before it
    for op, text in diffs:
        if op:
            if op < 0:
                gone += len(text)
            else:
                came += len(text)
            if 0 <= pending <= before and pending <= max(gone, came):
                return True
        else:
            if gone or came:
                before = max(gone, came)
                pending = len(text)
            else:
                pending = -1
            gone = came = 0
    return False


def _joined(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Neighbouring diffs of one kind joined, a removal before the insertion beside it."""
    return _grouped(diffs, -1, 0, 1)


_SMALL = 60
"""Stretches up to this many tokens (both sides) go to diff-match-patch directly."""
_HUGE = 4_000_000
"""A stretch with no anchor whose sides multiply to more than this is replaced whole."""


_SEARCH = 2
"""On the work stack of :func:`_anchored`: a stretch still to diff (the other entries are pieces
of the answer, ``(op, text, "")``, waiting for what comes before them)."""
_Task = tuple[int, str, str]


def _anchored(ea: str, eb: str, out: list[tuple[int, str]]) -> None:
    """Patience-style: split on tokens that occur once on each side (in order), and again in
    the stretches between, until they are small.

    Similar texts fall apart into small stretches at once, so diff-match-patch
    only ever sees small inputs; the cost stays near-linear without a deadline.
    The stretches wait on an explicit stack, not in recursion: no input is too
    deeply nested to diff.
    """
    stack: list[_Task] = [(_SEARCH, ea, eb)]
    work, budget = 0, _WORK * (len(ea) + len(eb)) + _WORK_FLOOR
    while stack:
        kind, ea, eb = stack.pop()
        if kind != _SEARCH:  # everything before this piece is written: it is next
            out.append((kind, ea))
            continue
        if not ea or not eb or ea == eb:  # the commonest gaps between anchors: nothing to search
            if ea == eb:
                out.append((0, ea))
            elif ea:
                out.append((-1, ea))
            else:
                out.append((1, eb))
            continue
        # Common prefix and suffix first: they are free.
        if ea[0] == eb[0]:
            p = _prefix_length(ea, eb, min(len(ea), len(eb)))
            out.append((0, ea[:p]))
            ea, eb = ea[p:], eb[p:]
        q = _suffix_length(ea, eb, min(len(ea), len(eb))) if ea and eb and ea[-1] == eb[-1] else 0
        if q:
            stack.append((0, ea[len(ea) - q :], ""))  # written after all of the middle
            ea, eb = ea[: len(ea) - q], eb[: len(eb) - q]
        if not ea or not eb or set(ea).isdisjoint(eb):
            # Nothing in common: what diff-match-patch would answer, without asking it.
            if ea:
                out.append((-1, ea))
            if eb:
                out.append((1, eb))
        elif len(ea) + len(eb) <= _SMALL:
            out.extend(_dmp.diff_main(ea, eb))
        else:
            work += len(ea) + len(eb)
            if work <= budget:
                _split_on_anchors(ea, eb, out, stack)
            else:  # past the budget: as if there were no anchors
                _unanchored(ea, eb, out)


_WORK = 16
_WORK_FLOOR = 10_000
"""The anchored split reads each unit once per level of splitting, two or three times in all on
real histories; input built so that every level peels off a single unit would make that
quadratic. Past ``_WORK`` times the input (plus ``_WORK_FLOOR`` units) the stretches left are
diffed as if they had no anchors. A count, not a clock: the answer stays the same everywhere."""


def _unanchored(ea: str, eb: str, out: list[tuple[int, str]]) -> None:
    """A stretch with no anchor: diff-match-patch when that is affordable, else replaced whole."""
    if len(ea) * len(eb) <= _HUGE:
        out.extend(_dmp.diff_main(ea, eb))
    else:
        out.append((-1, ea))
        out.append((1, eb))


def _split_on_anchors(ea: str, eb: str, out: list[tuple[int, str]], stack: list[_Task]) -> None:
    """Split on :func:`_anchors`: equal stretches and gaps that need no search are written at
    once, until the first gap that does; from there on, everything goes on *stack*, in order."""
    anchors = _anchors(ea, eb)
    if not anchors and len(ea) * len(eb) > _HUGE:  # too long to diff whole: anchor on runs of codes
        anchors = _gram_anchors(ea, eb)
    if not anchors:
        _unanchored(ea, eb, out)
        return
    later: list[_Task] = []  # from the first stretch to search on, in order

    def put(op: int, text: str) -> None:
        if later:  # behind a stretch still to search: it waits on the stack with it
            later.append((op, text, ""))
        else:
            out.append((op, text))

    i0 = j0 = 0  # where the stretch not yet written begins
    run = 0  # where the current equality (anchors and the equal stretches between them) begins in ea
    for i, j in anchors:
        if i == i0 and j == j0:  # the next anchor follows at once on both sides: the usual case
            i0 = i + 1
            j0 = j + 1
            continue
        if i == i0 or j == j0:  # a gap on one side only: nothing to search
            if run < i0:
                put(0, ea[run:i0])
            if j == j0:
                put(-1, ea[i0:i])
            else:
                put(1, eb[j0:j])
            run = i
        elif i - i0 == 1 == j - j0 and ea[i0] != eb[j0]:  # one unit for another
            if run < i0:
                put(0, ea[run:i0])
            put(-1, ea[i0])
            put(1, eb[j0])
            run = i
        elif i - i0 != j - j0 or ea[i0:i] != eb[j0:j]:
            if run < i0:
                put(0, ea[run:i0])
            later.append((_SEARCH, ea[i0:i], eb[j0:j]))
            run = i
        # else: the same stretch on both sides, part of the equality
        i0 = i + 1
        j0 = j + 1
    put(0, ea[run:i0])
    if i0 < len(ea) or j0 < len(eb):
        later.append((_SEARCH, ea[i0:], eb[j0:]))
    stack.extend(reversed(later))


def _anchors(ea: str, eb: str) -> list[tuple[int, int]]:
    """Positions ``(i, j)`` of equal codes to split on: the rarest codes that occur equally
    often on both sides (once, if any, as histogram diff does), paired in order, in increasing order."""
    count_a = Counter(ea)
    count_b = Counter(eb)
    once = {c for c, n in count_a.items() if n == 1}.intersection([c for c, n in count_b.items() if n == 1])
    if once:  # the usual case, in one pass over each side
        where = {c: j for j, c in enumerate(eb) if c in once}
        return _increasing([(i, where[c]) for i, c in enumerate(ea) if c in once])
    rarity = min((n for c, n in count_a.items() if count_b.get(c) == n), default=0)
    if not 0 < rarity <= _RAREST:
        return []
    wanted = {c for c, n in count_a.items() if n == rarity and count_b.get(c) == rarity}
    where_b: dict[str, list[int]] = {}
    for j, c in enumerate(eb):
        if c in wanted:
            where_b.setdefault(c, []).append(j)
    seen: dict[str, int] = {}
    pairs = []
    for i, c in enumerate(ea):
        if c in wanted:
            k = seen.get(c, 0)
            seen[c] = k + 1
            pairs.append((i, where_b[c][k]))
    return _increasing(pairs)


_RAREST = 4
"""Tokens that occur more often than this on each side are too common to anchor on."""


def _gram_anchors(ea: str, eb: str) -> list[tuple[int, int]]:
    """Anchors for a stretch too long to diff whole in which no code is rare (a long line of
    common words): runs of *k* codes that occur once on each side (the shortest *k* of
    :data:`_GRAMS` that has any), paired, as an increasing run; each run gives its *k* positions,
    and a run that overlaps the one before off its diagonal is passed over. Without them such a
    stretch would be replaced whole."""
    for k in _GRAMS:
        if k > min(len(ea), len(eb)):
            break
        count_a = Counter(ea[i : i + k] for i in range(len(ea) - k + 1))
        where: dict[str, int] = {}
        count_b: dict[str, int] = {}
        for j in range(len(eb) - k + 1):
            gram = eb[j : j + k]
            if count_a.get(gram) == 1:
                count_b[gram] = count_b.get(gram, 0) + 1
                where[gram] = j
        pairs = [
            (i, where[ea[i : i + k]])
            for i in range(len(ea) - k + 1)
            if count_b.get(ea[i : i + k]) == 1  # then once in ea too: only those were counted in eb
        ]
        if not pairs:
            continue
        out: list[tuple[int, int]] = []
        for i, j in _increasing(pairs):
            if out and (i <= out[-1][0] or j <= out[-1][1]) and i - j != out[-1][0] - out[-1][1]:
                continue  # overlaps the run before, and would pair its codes otherwise
            for t in range(k):
                if not out or (i + t > out[-1][0] and j + t > out[-1][1]):
                    out.append((i + t, j + t))
        return out
    return []


_GRAMS = (2, 4, 8, 16)
"""The lengths of the runs of codes :func:`_gram_anchors` tries, shortest first."""


def _keep_shared(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each removal and the insertion after it (what the semantic cleanup left) diffed again, and
    what they share kept as equal text where it is long: runs of :data:`_SHARED` units or more,
    when such runs make up at least one :data:`_PART` of the shorter side.

    The cleanup merges two changes across the equal text between them whenever that text is no
    longer than the changes on both sides, and after one merge the next is longer: a link added
    around two words and another three words on, ``the United States north of the Gulf`` →
    ``the [[United States]] north of the [[Gulf of Mexico|Gulf]]``, became one replacement of the
    whole phrase, showing words that stayed as removed and added again. Diffed again, the pair
    gives its shared words back. A shared run too short, or too small a part of the change (a
    few common words in a rewritten sentence), stays merged: the change reads as one.
    """
    out: list[tuple[int, str]] = []
    k = 0
    while k < len(diffs):
        op, x = diffs[k]
        if op < 0 and k + 1 < len(diffs) and diffs[k + 1][0] > 0:
            y = diffs[k + 1][1]
            if min(len(x), len(y)) >= _SHARED:
                again: list[tuple[int, str]] = []
                _anchored(x, y, again)
                again = _joined(again)
                kept = sum(len(t) for o, t in again if o == 0 and len(t) >= _SHARED)
                if kept and kept * _PART >= min(len(x), len(y)):
                    _write_shared(again, out)
                    k += 2
                    continue
        out.append(diffs[k])
        k += 1
    return _joined(out)


def _write_shared(again: list[tuple[int, str]], out: list[tuple[int, str]]) -> None:
    """*again* (a change diffed again) written to *out*: its long equalities kept, everything
    between them one removal and one insertion."""
    gone: list[str] = []
    came: list[str] = []
    for op, text in again:
        if op == 0 and len(text) >= _SHARED:
            if gone:
                out.append((-1, "".join(gone)))
            if came:
                out.append((1, "".join(came)))
            gone, came = [], []
            out.append((0, text))
            continue
        if op <= 0:
            gone.append(text)
        if op >= 0:
            came.append(text)
    if gone:
        out.append((-1, "".join(gone)))
    if came:
        out.append((1, "".join(came)))


_SHARED = 2
_PART = 2
"""A change the semantic cleanup made keeps the runs both its sides share that are at least
``_SHARED`` units long, when they make up at least 1/``_PART`` of its shorter side (so half).
Measured on 482 real revision pairs (``benchmarks/diff_quality.py``, RESULTS.md): with 3 units,
three pairs still marked more words than git's word diff and diff-match-patch both; with no part
required, rewrites kept chance pairs of common words (``of the``) as equal text."""


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of *pairs* (sorted by first) whose seconds increase."""
    seconds = [j for _, j in pairs]
    if all(map(int.__lt__, seconds, seconds[1:])):
        return pairs  # nothing moved: the usual case, checked in C
    return [pairs[k] for k in longest_increasing(seconds)]


def longest_increasing(values: Sequence[int], *, strict: bool = True) -> list[int]:
    """Indices of a longest increasing (or, not *strict*, non-decreasing) subsequence of *values*.

    Patience sorting, O(n log n); ties resolve the same way on every run.
    """
    find = bisect.bisect_left if strict else bisect.bisect_right
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(values)
    for k, v in enumerate(values):
        x = find(tails, v)
        if x == len(tails):
            tails.append(v)
            tail_at.append(k)
        else:
            tails[x] = v
            tail_at[x] = k
        back[k] = tail_at[x - 1] if x else -1
    out: list[int] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(k)
        k = back[k]
    out.reverse()
    return out


def _normalize(runs: list[tuple[Op, int]]) -> list[tuple[Op, int]]:
    """Drop empty runs, merge neighbours of one kind, put removals before insertions."""
    out: list[tuple[Op, int]] = []
    for op, count in runs:
        if not count:
            continue
        if out and out[-1][0] is op:
            out[-1] = (op, out[-1][1] + count)
        else:
            out.append((op, count))
    # Within each stretch of changes: one removal, then one insertion.
    merged: list[tuple[Op, int]] = []
    k = 0
    while k < len(out):
        if out[k][0] is _EQUAL:
            merged.append(out[k])
            k += 1
            continue
        dels = ins = 0
        while k < len(out) and out[k][0] is not _EQUAL:
            if out[k][0] is _DELETE:
                dels += out[k][1]
            else:
                ins += out[k][1]
            k += 1
        if dels:
            merged.append((_DELETE, dels))
        if ins:
            merged.append((_INSERT, ins))
    return merged
