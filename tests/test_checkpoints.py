"""States rebuilt on demand (revtrack._checkpoints): any order of reads gives the states a walk gives."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

import revtrack._checkpoints as checkpoints_module
from revtrack._checkpoints import Checkpoints

# A step: ("add", word) appends to the state before; ("set", text) is a whole state.
_steps = st.lists(
    st.one_of(st.tuples(st.just("add"), st.text("ab", max_size=4)), st.tuples(st.just("set"), st.text("xy"))),
    min_size=1,
    max_size=60,
)


def _apply(before: str | None, step: tuple[str, str]) -> str:
    kind, text = step
    return text if kind == "set" or before is None else before + text


def _whole(step: tuple[str, str]) -> str | None:
    return step[1] if step[0] == "set" else None


@settings(max_examples=200, deadline=None)
@given(_steps, st.lists(st.integers(0, 10_000), max_size=40), st.integers(1, 64), st.integers(1, 32))
def test_any_state_in_any_order(
    steps: list[tuple[str, str]], reads: list[int], budget: int, spacing: int
) -> None:
    original = checkpoints_module._FIRST_SPACING
    checkpoints_module._FIRST_SPACING = spacing
    try:
        store: Checkpoints[str, tuple[str, str]] = Checkpoints(_apply, len, _whole, budget)
        truth: list[str] = []
        for step in steps:
            state = _apply(truth[-1] if truth else None, step)
            truth.append(state)
            store.append(step, state)
    finally:
        checkpoints_module._FIRST_SPACING = original
    assert len(store) == len(truth)
    for k in [r % len(truth) for r in reads] + list(range(len(truth))) + list(reversed(range(len(truth)))):
        assert store.get(k) == truth[k]


def test_kept_states_stay_within_the_budget() -> None:
    store: Checkpoints[str, tuple[str, str]] = Checkpoints(_apply, len, _whole, 10_000)
    state = ""
    for _ in range(5_000):
        state += "word "
        store.append(("add", "word "), state)
    assert store._kept_size <= 10_000 + len(state)  # within the budget, but for the newest kept
    assert 2 <= len(store._kept) < 20
    assert store.get(1234) == "word " * 1235


@settings(max_examples=200, deadline=None)
@given(_steps, st.integers(1, 8))
def test_applying_runs_at_once_gives_the_same_states(steps: list[tuple[str, str]], spacing: int) -> None:
    def apply_run(before: str | None, run: object) -> str:
        state = before
        for step in run:  # type: ignore[attr-defined]
            state = _apply(state, step)
        assert state is not None
        return state

    original = checkpoints_module._FIRST_SPACING
    checkpoints_module._FIRST_SPACING = spacing
    try:
        store: Checkpoints[str, tuple[str, str]] = Checkpoints(_apply, len, _whole, 4, apply_run)
        truth: list[str] = []
        for step in steps:
            truth.append(_apply(truth[-1] if truth else None, step))
            store.append(step, truth[-1])
    finally:
        checkpoints_module._FIRST_SPACING = original
    store._recent.clear()
    assert [store.get(k) for k in reversed(range(len(truth)))] == truth[::-1]
