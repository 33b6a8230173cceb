"""States rebuilt on demand: a history kept as steps, with a bounded number of whole states.

A story's revisions and a tracker's line lists are both histories of states
where each state is the one before with a step applied. Keeping every state
costs the square of the history's length; keeping none makes the state of a
late revision cost the whole history. :class:`Checkpoints` keeps some whole
states, spread so that rebuilding any state applies steps whose total size is
at most a fixed share of the whole history's, and the total size of the kept
states stays within a budget (when it is exceeded, every other checkpoint is
dropped and the spacing doubles). The last two states built are kept too, so a
walk in order costs one step per state.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["Checkpoints"]

S = TypeVar("S")
D = TypeVar("D")

_FIRST_SPACING = 1 << 20
"""Size of the states a rebuild may walk through before a checkpoint is taken, to begin with."""


class Checkpoints(Generic[S, D]):
    """A history of states ``0..n-1``: state ``k`` is ``apply(state k-1, step k)``.

    Args:
        apply: builds a state from the state before it (None for the first) and a step.
        size: the size of a state (what keeping it costs, and what applying a step to it costs).
        whole: the state a step gives by itself, if it needs no state before it (a whole
            text); such steps are free checkpoints.
        budget: the total size of the kept states.
        apply_run: applies several steps at once, when that costs less than one at a time
            (texts that only grow at the end are joined once).
    """

    def __init__(
        self,
        apply: Callable[[S | None, D], S],
        size: Callable[[S], int],
        whole: Callable[[D], S | None],
        budget: int,
        apply_run: Callable[[S | None, Sequence[D]], S] | None = None,
    ) -> None:
        self._apply = apply
        self._apply_run = apply_run
        self._size = size
        self._whole = whole
        self._budget = budget
        self._steps: list[D] = []
        self._kept: list[int] = []  # indices of kept states, ascending
        self._states: dict[int, S] = {}
        self._kept_size = 0
        self._spacing = _FIRST_SPACING
        self._since = 0  # size of the states built since the last kept one
        self._recent: list[tuple[int, S]] = []  # the last two states built, newest last

    def __len__(self) -> int:
        return len(self._steps)

    def append(self, step: D, state: S) -> None:
        """Add the next step, with the state it gives (the caller has just built it)."""
        self.append_lazy(step, self._size(state), lambda: state)
        self._remember(len(self._steps) - 1, state)

    def append_lazy(self, step: D, size: int, make: Callable[[], S]) -> None:
        """Add the next step, with the size of the state it gives and a way to make that state,
        called only if the state is kept."""
        k = len(self._steps)
        self._steps.append(step)
        if self._whole(step) is not None:
            self._since = 0
            return
        self._since += size
        if k == 0 or self._since >= self._spacing:
            state = make()
            self._keep(k, state)
            self._remember(k, state)

    def remember(self, k: int, state: S) -> None:
        """Keep state *k* at hand for the next read (the caller has it)."""
        self._remember(k, state)

    def _keep(self, k: int, state: S) -> None:
        self._kept.append(k)
        self._states[k] = state
        self._kept_size += self._size(state)
        self._since = 0
        while self._kept_size > self._budget and len(self._kept) > 2:
            # Drop every other checkpoint but the first and the newest: the spacing doubles.
            keep = {self._kept[0], self._kept[-1], *self._kept[::2]}
            for j in self._kept:
                if j not in keep:
                    self._kept_size -= self._size(self._states.pop(j))
            self._kept = sorted(keep)
            self._spacing *= 2

    def _remember(self, k: int, state: S) -> None:
        if self._recent and self._recent[-1][0] == k:
            return
        self._recent = [*self._recent[-1:], (k, state)]

    def get(self, k: int) -> S:
        """State *k* (``0 <= k < len(self)``), rebuilt from the nearest state kept before it."""
        for index, recent in reversed(self._recent):
            if index == k:
                return recent
        start, state = self._start(k)
        if self._apply_run is not None and k > start:
            state = self._apply_run(state, self._steps[start : k + 1])
        else:
            for j in range(start, k + 1):
                state = self._apply(state, self._steps[j])
        assert state is not None
        self._remember(k, state)
        return state

    def step(self, k: int) -> D:
        """Step *k*, as given to :meth:`append`."""
        return self._steps[k]

    def _start(self, k: int) -> tuple[int, S | None]:
        """Where a rebuild of state *k* begins: the step after a known state, with that state."""
        best = -1
        best_state: S | None = None
        at = bisect.bisect_right(self._kept, k) - 1
        if at >= 0:
            best, best_state = self._kept[at], self._states[self._kept[at]]
        for index, state in self._recent:
            if best < index <= k:
                best, best_state = index, state
        # A whole step between the best known state and k starts a rebuild for free.
        for j in range(k, best, -1):
            whole = self._whole(self._steps[j])
            if whole is not None:
                return j + 1, whole
        return best + 1, best_state
