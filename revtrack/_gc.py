"""Pausing the cyclic garbage collector while a step builds many objects that live on.

CPython starts a collection every few hundred container allocations, and a full one
now and then, which walks every object alive: building the sentences of a long text
(hundreds of thousands of wordings that the tracker keeps) would pay for walking
them again and again, a fifth of the time; a word diff in a process that holds such
a tracker, two fifths. The steps paused here (``Tracker.add``, ``Tracker.sentences``,
``diff_texts``) make no cycles worth collecting at once; the collector runs again as
soon as they return. (The same remedy as Mercurial's ``util.nogc``.)
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["paused"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def paused(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """*func* run with the cyclic collector off (left off if the caller had turned it off)."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper
