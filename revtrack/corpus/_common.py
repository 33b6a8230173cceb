"""What every part of the corpus package shares: its error, the optional extra, the format name."""

from __future__ import annotations

import importlib

from revtrack.errors import RevtrackError

__all__ = ["CORPUS_FORMAT", "CorpusError", "require"]

CORPUS_FORMAT = "revtrack/corpus@1"
"""The output folder's format: Parquet tables, a manifest and the shards' records (docs/FORMATS.md)."""

EXTRA = "revtrack[corpus]"


class CorpusError(RevtrackError):
    """A corpus run cannot start or go on (another run's folder, a missing extra, a worker that differs).

    Its ``str()`` is one line.
    """


def require(*modules: str) -> None:
    """Import *modules* (``pyarrow``, ``distributed`` …) or raise one :class:`CorpusError` naming the extra.

    The corpus commands need libraries the core install leaves out; without them a user gets one line
    that says what to install, not a traceback.
    """
    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        which = " and ".join(missing)
        verb = "is" if len(missing) == 1 else "are"
        raise CorpusError(
            f"the corpus commands need the optional extra {EXTRA}: {which} {verb} not installed "
            f"(pip install '{EXTRA}')"
        )
