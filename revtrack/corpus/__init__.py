"""Many stories at once: provenance and edit statistics of a corpus, as Parquet tables.

API:
    run_corpus(sources, out, options, progress)   attribute and audit every story into OUT/
    RunOptions, Progress, RunSummary              how to run, where a run is, what it did
    corpus_stats(out)                             the corpus at a glance (:class:`CorpusStats`)
    open_source(spec), SOURCES, StoryRef          the sources a corpus reads, and how to add one
    CorpusError                                   a run that cannot start or go on

Stories are cut into shards of a fixed size in input order, and each shard is attributed by a
worker (a local process pool, or a dask.distributed cluster) into one Parquet file per table, so
the same input gives the same rows whatever the engine and the number of workers, and a run that
was stopped continues where it was. The tables are ``revtrack/corpus@2`` (docs/FORMATS.md).

This package needs the optional extra ``revtrack[corpus]`` (pyarrow; dask and distributed for a
cluster; matplotlib for the stats page). Its names load on first use, so that a missing extra is
one clear error (:func:`require`), not an import failure.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from revtrack.corpus._common import (
        CORPUS_FORMAT as CORPUS_FORMAT,
        CorpusError as CorpusError,
        require as require,
    )
    from revtrack.corpus._run import (
        Progress as Progress,
        RunOptions as RunOptions,
        RunSummary as RunSummary,
        run_corpus as run_corpus,
    )
    from revtrack.corpus._sources import (
        SOURCES as SOURCES,
        ImporterSource as ImporterSource,
        StoryRef as StoryRef,
        open_source as open_source,
    )
    from revtrack.corpus.stats import CorpusStats as CorpusStats, corpus_stats as corpus_stats

_WHERE = {
    "revtrack.corpus._common": ("CORPUS_FORMAT", "CorpusError", "require"),
    "revtrack.corpus._run": ("Progress", "RunOptions", "RunSummary", "run_corpus"),
    "revtrack.corpus._sources": ("SOURCES", "ImporterSource", "StoryRef", "open_source"),
    "revtrack.corpus.stats": ("CorpusStats", "corpus_stats"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'revtrack.corpus' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
