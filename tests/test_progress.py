"""Saying what is happening on long histories: progress on a terminal only, one-line out-of-memory."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import revtrack.cli._progress as progress_module
from revtrack.cli import main
from revtrack.cli._progress import Progress, doing, progress

ROOT = Path(__file__).resolve().parents[1]
TAJI = ROOT / "fixtures" / "taji.json"


@pytest.fixture(autouse=True)
def _nothing_being_done(monkeypatch: pytest.MonkeyPatch) -> None:
    progress_module._current.clear()  # steps made outside a command's progress() stay behind
    monkeypatch.setenv("COLUMNS", "120")  # the terminal's width, whatever runs the tests


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_shown_in_the_first_seconds() -> None:
    out, clock = io.StringIO(), Clock()
    shown = Progress(enabled=True, stream=out, clock=clock)
    step = shown.phase("attributing s.json")
    for k in range(1, 50):
        clock.now = k * 0.01
        step(k, 100)
    assert out.getvalue() == ""


def test_then_a_line_with_how_far_and_how_long() -> None:
    out, clock = io.StringIO(), Clock()
    shown = Progress(enabled=True, stream=out, clock=clock)
    step = shown.phase("attributing s.json")
    clock.now = 10.0
    step(250, 1000)
    assert out.getvalue() == "\rattributing s.json: revision 250 of 1,000 (25%), about 30 s left"
    shown.clear()
    assert out.getvalue().endswith("\r" + " " * 64 + "\r")


def test_bytes_and_unknown_totals() -> None:
    out, clock = io.StringIO(), Clock()
    shown = Progress(enabled=True, stream=out, clock=clock)
    clock.now = 5.0
    shown.phase("reading big.json", unit="byte")(3 << 20, None)
    assert out.getvalue() == "\rreading big.json: 3.0 MB"


def test_disabled_shows_nothing_but_knows_what_it_does() -> None:
    out, clock = io.StringIO(), Clock()
    shown = Progress(enabled=False, stream=out, clock=clock)
    clock.now = 100.0
    shown.phase("auditing s.json")(7, 9)
    assert out.getvalue() == ""
    assert doing() == "auditing s.json: revision 7 of 9"


def test_never_on_a_pipe_and_quiet_is_accepted() -> None:
    for command in ("show", "blame", "log", "audit", "text", "validate", "diff"):
        result = CliRunner().invoke(main, [command, str(TAJI), "--quiet"])
        assert result.exit_code == 0, (command, result.output)
        assert result.stderr == "", command


def test_running_out_of_memory_is_one_line_naming_what_was_done(monkeypatch: pytest.MonkeyPatch) -> None:
    from revtrack.provenance import _tracker

    def exhausted(self: object, text: str) -> int:
        raise MemoryError

    monkeypatch.setattr(_tracker.Tracker, "add", exhausted)
    result = CliRunner().invoke(main, ["blame", str(TAJI)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: attributing {TAJI}: out of memory\n"
    assert not progress_module._current  # nothing left behind for the next command


def test_the_line_is_cleared_however_the_command_ends() -> None:
    out = io.StringIO()

    def failing() -> None:
        with progress(quiet=False) as shown:
            shown._enabled, shown._stream = True, out
            shown._start -= 10
            shown.phase("reading x.json", unit="byte")(5, 10)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing()
    assert out.getvalue().endswith("\r")


def test_a_line_wider_than_the_terminal_is_cut_to_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line that wraps leaves a trail of lines on the screen, one a redraw."""
    monkeypatch.setenv("COLUMNS", "40")
    out, clock = io.StringIO(), Clock()
    shown = Progress(enabled=True, stream=out, clock=clock)
    step = shown.phase("attributing a-story-with-a-long-name.json")
    clock.now = 10.0
    step(250, 1000)
    assert out.getvalue() == "\rattributing a-story-with-a-long-name.j…"
    assert len(out.getvalue()) == 1 + 39
