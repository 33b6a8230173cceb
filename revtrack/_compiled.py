"""The compiled twins of Python functions (``revtrack/_speedups.c``), found in one place."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["compiled"]


def compiled(name: str) -> Any:
    """``revtrack._speedups.<name>``, the compiled twin of a Python function; None when the extension
    was not built (no C compiler when revtrack was installed), lacks *name*, or ``REVTRACK_PURE_PYTHON``
    is set."""
    if os.environ.get("REVTRACK_PURE_PYTHON"):
        return None
    try:
        from revtrack import _speedups
    except ImportError:
        return None
    return getattr(_speedups, name, None)  # None too from an extension built before *name* was added
