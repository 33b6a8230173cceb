"""Helpers for testing with revtrack, as ``click.testing`` is for click.

* :mod:`revtrack.testing.snapshots`: the syrupy extension and its ``snapshot_revtrack`` fixture
  (registered as a pytest plugin when revtrack is installed; needs pytest and syrupy);
* :mod:`revtrack.testing.synthetic`, :mod:`~revtrack.testing.harder`,
  :mod:`~revtrack.testing.newsroom`: generated histories with known truth, for tests and
  benchmarks (the standard library only: no pytest needed).

``provenance_snapshot`` and ``to_snapshot`` are importable from here too; the snapshot module
(and pytest) is loaded only when they are asked for.
"""

from __future__ import annotations

from typing import Any

__all__ = ["provenance_snapshot", "to_snapshot"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from revtrack.testing import snapshots

        return getattr(snapshots, name)
    raise AttributeError(f"module 'revtrack.testing' has no attribute {name!r}")
