"""What every part of the corpus package shares: its error, the optional extra, the format name."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from revtrack.errors import RevtrackError

__all__ = ["CORPUS_FORMAT", "CorpusError", "check_format", "require"]

CORPUS_FORMAT = "revtrack/corpus@2"
"""The output folder's format: Parquet tables, a manifest and the shards' records (docs/FORMATS.md)."""

EXTRA = "revtrack[corpus]"


class CorpusError(RevtrackError):
    """A corpus run cannot start or go on (another run's folder, a missing extra, a worker that differs).

    Its ``str()`` is one line.
    """


def check_format(path: Path, manifest: Any, *, any_version: bool = False) -> dict[str, Any]:
    """*manifest* (read from *path*), when it is one of :data:`CORPUS_FORMAT` (*any_version*: of any
    version of it, as for a run ``--restart`` removes); else a :class:`CorpusError`, which for a
    folder an older revtrack wrote says so, and how to make it again."""
    found = manifest.get("format") if isinstance(manifest, dict) else None
    older = isinstance(found, str) and found.startswith("revtrack/corpus@")
    if found == CORPUS_FORMAT or (any_version and older):
        return manifest  # type: ignore[no-any-return]
    if older:
        raise CorpusError(
            f"{path}: the folder holds {found} tables, this revtrack reads and writes {CORPUS_FORMAT} "
            "(run `revtrack corpus run` again with --restart to remake them)"
        )
    raise CorpusError(f"{path}: not a manifest of {CORPUS_FORMAT}")


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
