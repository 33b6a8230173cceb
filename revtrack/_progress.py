"""How a long walk over a history says how far it is: a callback, for the command line to show.

The library never prints (only :mod:`revtrack.cli` does); functions that walk a
whole history take ``progress=``, a callable told ``(done, total)`` as they go
(``total`` is None when it is not known, as for a story read from a pipe).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress"]

Progress = Callable[[int, "int | None"], None]
"""Told ``(done, total)`` as a walk over a history goes on."""
