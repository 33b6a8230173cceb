"""revtrack._gc.paused: the collector is off inside, and as the caller had it after."""

from __future__ import annotations

import gc

import pytest

from revtrack._gc import paused


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    seen: list[bool] = []

    @paused
    def step(x: int) -> int:
        seen.append(gc.isenabled())
        return x + 1

    assert gc.isenabled()
    assert step(1) == 2
    assert seen == [False]
    assert gc.isenabled()


def test_an_error_inside_turns_it_back_on() -> None:
    @paused
    def fails() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fails()
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_finds_it_off() -> None:
    gc.disable()
    try:
        paused(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()
