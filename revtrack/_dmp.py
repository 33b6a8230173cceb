"""The one diff-match-patch object revtrack uses, made on first use, with no time limit."""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["dmp"]


@functools.cache
def dmp() -> Any:
    """A ``diff_match_patch`` with ``Diff_Timeout = 0``: never a deadline, so the same answer on
    every machine under any load."""
    import diff_match_patch

    engine = diff_match_patch.diff_match_patch()
    engine.Diff_Timeout = 0
    return engine
