"""Every revision's lines, kept as what changed from the revision before.

A revision's state is its list of :class:`~revtrack.provenance._model.Line`
objects; most of them are the very objects of the revision before. A state is
stored as a *delta* of the one before: ``-1 - start, count`` for a run of the
previous state's lines, and a line object for itself (the encoding the saved
state uses too, with row numbers for the objects). States are rebuilt on
demand from a bounded number of whole ones (:mod:`revtrack._checkpoints`).
"""

from __future__ import annotations

from collections.abc import Sequence

from revtrack._affixes import common_prefix, common_suffix
from revtrack._checkpoints import Checkpoints
from revtrack.provenance._model import Line

__all__ = ["Delta", "LineHistory", "apply_delta", "line_delta"]

Delta = tuple[int | Line, ...]
"""A state as what it keeps of the one before (see the module's docstring)."""

_BUDGET = 4 << 20
"""Line references a tracker keeps in whole states to rebuild the others from."""


def apply_delta(before: list[Line] | None, delta: Delta) -> list[Line]:
    """The state *delta* makes of *before*."""
    out: list[Line] = []
    k = 0
    n = len(delta)
    while k < n:
        x = delta[k]
        if isinstance(x, int):
            assert before is not None
            count = delta[k + 1]
            assert isinstance(count, int)
            out.extend(before[-1 - x : -1 - x + count])
            k += 2
        else:
            out.append(x)
            k += 1
    return out


def line_delta(rows: Sequence[Line], before: Sequence[Line], head: int = 0, tail: int = 0) -> Delta:
    """*rows* as what it keeps of *before*, in order, in one canonical form (*head* and *tail*:
    how many lines both are known to begin and end with alike).

    A line with sentences is in a revision once, so what lies in the common
    start and end of both is nowhere else in either; a line without sentences
    (one object per text, in many places) starts no run.
    """
    head = common_prefix(rows, before, head)
    tail = common_suffix(rows, before, min(len(rows), len(before)) - head, tail)
    out: list[int | Line] = [-1, head] if head else []
    end = len(before) - tail
    where = {id(line): k for k, line in enumerate(before[head:end], head)}
    at = -1  # where in *before* the current run of copied lines goes on
    for line in rows[head : len(rows) - tail]:
        if 0 <= at < end and before[at] is line:
            count = out[-1]
            assert isinstance(count, int)
            out[-1] = count + 1
            at += 1
            continue
        start = where.get(id(line))
        if start is None or not line.sentences:
            out.append(line)
            at = -1
        else:
            out += (-1 - start, 1)
            at = start + 1
    if tail:
        out += (-1 - end, tail)
    return tuple(out)


def _no_whole(_delta: Delta) -> list[Line] | None:
    return None


class LineHistory:
    """The lines of every revision a tracker has seen: deltas, and some whole states."""

    def __init__(self) -> None:
        self._states: Checkpoints[list[Line], Delta] = Checkpoints(apply_delta, len, _no_whole, _BUDGET)

    def __len__(self) -> int:
        return len(self._states)

    def append(self, delta: Delta, state: list[Line]) -> None:
        """Add the next revision: its delta from the one before, and its state (already built)."""
        self._states.append(delta, state)

    def state(self, revision: int) -> list[Line]:
        """The lines of *revision* (do not change the list)."""
        return self._states.get(revision)

    def delta(self, revision: int) -> Delta:
        """How *revision*'s lines are made from the revision before's."""
        return self._states.step(revision)
