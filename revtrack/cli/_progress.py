"""Saying what is happening: a progress line on standard error for walks over long histories.

Shown only on a terminal, only once the command has run a couple of seconds (a
short story shows nothing), never in what is piped and never mixed with the
output (it is on standard error, and cleared before the command prints);
``--quiet`` silences it. It also remembers what is being done, so that running
out of memory can be reported as one line naming it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

__all__ = ["Progress", "doing", "progress"]

_DELAY = 2.0
"""Seconds a command runs before it shows progress."""
_EVERY = 0.1
"""Seconds between two updates of the line."""

_current: list[str] = []
"""What the command is doing, most recent last, for an error message."""


def doing() -> str | None:
    """What the running command is doing ("attributing fixtures/x.json: revision 5 of 9"), if known."""
    return _current[-1] if _current else None


class Progress:
    """One progress line on a terminal (or nothing); :meth:`phase` gives each step its callback."""

    def __init__(
        self,
        *,
        enabled: bool,
        stream: IO[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._enabled = enabled
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._start = clock()
        self._shown = 0  # width of the line on screen
        self._last = 0.0

    def phase(self, label: str, unit: str = "revision") -> Callable[[int, int | None], None]:
        """The callback for one step (*label*, e.g. "attributing taji.json"), told (done, total)."""
        started = self._clock()
        _current.append(label)

        def update(done: int, total: int | None) -> None:
            where = f"{unit} {done:,}" + (f" of {total:,}" if total else "")
            if unit == "byte":
                where = f"{_size(done)}" + (f" of {_size(total)}" if total else "")
            _current[-1] = f"{label}: {where}"
            if not self._enabled:
                return
            now = self._clock()
            if now - self._start < _DELAY or (now - self._last < _EVERY and done != total):
                return
            self._last = now
            line = _current[-1]
            if total:
                line += f" ({100 * done // total}%)"
                if 0 < done < total:
                    line += f", about {_duration((now - started) * (total - done) / done)} left"
            self._show(line)

        return update

    def _show(self, line: str) -> None:
        line = fit(line)  # a line that wraps leaves a trail: each redraw would start a new one
        width = max(self._shown, len(line))
        self._stream.write("\r" + line.ljust(width))
        self._stream.flush()
        self._shown = len(line)

    def clear(self) -> None:
        """Take the line off the screen (before the command prints, or on the way out)."""
        if self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._stream.flush()
            self._shown = 0


def fit(line: str) -> str:
    """*line* cut to the terminal's width (less one column: a line as wide as the terminal wraps in
    some), with "…" where it was cut."""
    import shutil

    width = shutil.get_terminal_size().columns - 1
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _size(n: int) -> str:
    for name, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:,.1f} {name}"
    return f"{n} bytes"


@contextmanager
def progress(quiet: bool = False) -> Iterator[Progress]:
    """A :class:`Progress` for one command: on standard error when it is a terminal and not
    *quiet*; cleared when the command ends, however it ends."""
    stream = sys.stderr
    shown = Progress(enabled=not quiet and stream.isatty(), stream=stream)
    depth = len(_current)
    try:
        yield shown
    except MemoryError:
        what = doing()
        del _current[depth:]
        shown.clear()
        import click

        raise click.ClickException(f"{what}: out of memory" if what else "out of memory") from None
    finally:
        shown.clear()
        del _current[depth:]
