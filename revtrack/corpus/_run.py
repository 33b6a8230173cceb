"""A corpus run: sources cut into shards, shards attributed by an engine, tables written as shards finish.

The driver (this module) reads the sources lazily, cuts their stories into shards of a fixed size
in input order, skips the shards an earlier run finished, and keeps a bounded number in flight on
the engine: a local process pool, or a Dask cluster. Shard *k* always holds the same stories and
writes the same files, so the rows do not depend on the engine, the number of workers or the order
in which shards finish.
"""

from __future__ import annotations

import concurrent.futures
import functools
import itertools
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import attrs

from revtrack.corpus._common import CORPUS_FORMAT, CorpusError, require
from revtrack.corpus._shard import Shard, ShardOptions, ShardResult, report_progress, run_shard
from revtrack.corpus._sources import FolderSource, Source, open_source
from revtrack.corpus._store import Output, ShardRecord, open_output

__all__ = ["Progress", "RunOptions", "RunSummary", "revtrack_version", "run_corpus"]

_POLL = 0.25
"""Seconds between looks at the engine (and calls of the progress callback)."""


@functools.cache
def revtrack_version() -> str:
    """The installed revtrack's version (recorded in the manifest, checked on every worker)."""
    from importlib.metadata import version

    return version("revtrack")


@attrs.frozen
class RunOptions:
    """How to run: the options that shape the rows (recorded in the manifest) and the engine's."""

    last_only: bool = False
    """Keep only each story's last revision in ``sentences``."""
    shard_size: int | None = None
    """Stories per shard: the unit of work, of output files and of resumption. None: from the
    number of stories when the sources tell it (about 64 shards, 10 to 500 stories each, so a small
    corpus still keeps every worker busy), else 500. Never from the number of workers: the files
    are the same whatever runs them."""
    story_timeout: float | None = None
    """Seconds one story may take before it becomes a row of ``errors`` (None: no limit). A limit
    makes the rows depend on the machine's speed, so there is none by default."""
    pattern: str = "*.json"
    """Which files of a folder are story files."""
    workers: int | None = None
    """Local worker processes (default: every core this process may use)."""
    scheduler: str | None = None
    """A dask.distributed scheduler's address: run there instead of locally."""
    restart: bool = False
    """Remove an earlier run's files from the output folder and start over."""

    def recorded(self, total: int | None) -> dict[str, Any]:
        """The options a resumed run must share (the rest only change how fast it goes)."""
        return {
            "last_only": self.last_only,
            "shard_size": self.shard_size or _auto_shard_size(total),
            "story_timeout": self.story_timeout,
            "pattern": self.pattern,
        }


@attrs.frozen
class Progress:
    """Where a run is."""

    stories: int
    """Stories done, those of shards an earlier run finished included."""
    total: int | None
    """Stories in the corpus, when the sources say (folders do)."""
    versions: int
    """Revisions attributed by this run."""
    errors: int
    resumed: int
    """Stories an earlier run had done."""
    elapsed: float
    """Seconds since this run started working."""

    @property
    def rate(self) -> float:
        """Revisions per second in this run."""
        return self.versions / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def remaining(self) -> float | None:
        """Seconds left at this run's pace, when the total is known and some stories are done."""
        done_here = self.stories - self.resumed
        if self.total is None or done_here <= 0 or self.elapsed <= 0:
            return None
        return (self.total - self.stories) * self.elapsed / done_here


@attrs.frozen
class RunSummary:
    """What a finished run did."""

    out: Path
    stories: int
    versions: int
    """Revisions attributed in the whole corpus (this run and earlier ones)."""
    errors: int
    shards: int
    resumed: int
    """Shards an earlier run had finished."""
    seconds: float
    engine: str
    """``local, 2 workers`` or ``dask at tcp://…, 16 workers``."""
    cpu: float = 0.0
    """CPU seconds the workers spent on this run's shards (the machine's load does not change it)."""
    peak_memory: int = 0
    """The largest peak resident memory of a worker process, in bytes."""
    duplicates: tuple[tuple[str, int], ...] = ()
    """Story ids that more than one story of the corpus has, with how many (each story keeps its
    rows; the tables tell them apart by ``story``, the story's place in the corpus), in order of id."""


_SHARDS = 64
"""Shards an automatic shard size aims at."""


def _auto_shard_size(total: int | None) -> int:
    return 500 if total is None else min(500, max(10, -(-total // _SHARDS)))


def _shards(sources: Sequence[Source], size: int) -> Iterator[Shard]:
    """The input's stories in shards of *size*, each numbered by its place in the corpus."""
    refs = (
        attrs.evolve(ref, number=number)
        for number, ref in enumerate(itertools.chain.from_iterable(source.refs() for source in sources))
    )
    for index in itertools.count():
        batch = tuple(itertools.islice(refs, size))
        if not batch:
            return
        yield Shard(index, batch)


def run_corpus(
    sources: Sequence[str],
    out: str | Path,
    options: RunOptions = RunOptions(),
    progress: Callable[[Progress], None] | None = None,
) -> RunSummary:
    """Attribute and audit every story of *sources* into the Parquet tables of folder *out*.

    Args:
        sources: folders of story files, story files, or ``KIND:PATH`` for other kinds of source.
        progress: called with a :class:`Progress` every fraction of a second and when a shard ends.

    Raises:
        CorpusError: a source is missing, the extra is not installed, *out* holds something else or
            another run, or the engine cannot be used.
    """
    require("pyarrow", *(("dask", "distributed") if options.scheduler else ()))
    if options.shard_size is not None and options.shard_size < 1:
        raise ValueError("shard_size must be at least 1")
    opened = [_open(spec, options) for spec in sources]
    if not opened:
        raise CorpusError("no source to read")
    surveys = [s.survey() for s in opened]
    for source, survey in zip(opened, surveys, strict=True):
        if survey.count == 0 and isinstance(source, FolderSource):  # a mistyped folder or --pattern
            raise CorpusError(f"{source.spec}: no story file in it matches {source.pattern!r}")
    counts = [survey.count for survey in surveys]
    total = None if None in counts else sum(c for c in counts if c is not None)
    manifest = {
        "format": CORPUS_FORMAT,
        "revtrack": revtrack_version(),
        "inputs": [
            {"source": s.spec, "kind": s.kind, "fingerprint": survey.fingerprint}
            for s, survey in zip(opened, surveys, strict=True)
        ],
        "options": options.recorded(total),
    }
    # The engine first: a cluster that cannot be reached leaves the output folder untouched.
    engine: _Engine = _DaskEngine(options.scheduler) if options.scheduler else _LocalEngine(options.workers)
    try:
        output = open_output(Path(out), manifest, restart=options.restart)
    except BaseException:
        engine.close()
        raise
    try:
        return _Driver(output, engine, options, total, progress).run(opened)
    finally:
        engine.close()
        output.close()


def _open(spec: str, options: RunOptions) -> Source:
    source = open_source(spec)
    if isinstance(source, FolderSource):
        source = FolderSource(source.spec, options.pattern)
    return source


class _Driver:
    def __init__(
        self,
        output: Output,
        engine: _Engine,
        options: RunOptions,
        total: int | None,
        progress: Callable[[Progress], None] | None,
    ) -> None:
        self.output = output
        self.engine = engine
        self.total = total
        self.progress = progress
        self.options = ShardOptions(
            last_only=options.last_only, story_timeout=options.story_timeout, version=revtrack_version()
        )
        self.in_flight: dict[Any, Shard] = {}
        self.stories = self.versions = self.errors = self.resumed_stories = self.versions_here = 0
        self.shards = self.resumed = 0
        self.cpu = 0.0
        self.peak_memory = 0
        self.partial: dict[int, tuple[int, int]] = {}
        """Stories and versions done so far in shards still running, by shard."""
        self.isolated: set[int] = set()
        """Shards run again, story by story in child processes, after their worker died."""
        self.began = time.monotonic()
        self.start: float | None = None
        """When this run submitted its first shard: its pace counts from there."""

    def run(self, sources: Sequence[Source]) -> RunSummary:
        limit = 2 * self.engine.workers
        for shard in _shards(sources, self.output.manifest["options"]["shard_size"]):
            record = self.output.done.get(shard.index)
            if record is not None:
                self._resume(shard, record)
                continue
            while len(self.in_flight) >= limit:
                self._collect()
            if self.start is None:
                self.start = time.monotonic()
            self.in_flight[self.engine.submit(shard, self.options)] = shard
        while self.in_flight:
            self._collect()
        self.output.finish(
            {"shards": self.shards, "stories": self.stories, "versions": self.versions, "errors": self.errors}
        )
        self._report()
        return RunSummary(
            self.output.path,
            self.stories,
            self.versions,
            self.errors,
            self.shards,
            self.resumed,
            time.monotonic() - self.began,
            self.engine.name,
            self.cpu,
            self.peak_memory,
            _duplicate_ids(self.output.path),
        )

    def _resume(self, shard: Shard, record: ShardRecord) -> None:
        first, last = shard.refs[0].name, shard.refs[-1].name
        if (record.stories, record.first, record.last) != (len(shard.refs), first, last):
            raise CorpusError(
                f"{self.output.path}: shard {shard.index} held {record.first} to {record.last}, the input "
                f"now gives {first} to {last}: the input changed; add --restart to start over"
            )
        self.shards += 1
        self.resumed += 1
        self.stories += record.stories
        self.resumed_stories += record.stories
        self.versions += record.versions
        self.errors += record.errors

    def _collect(self) -> None:
        for future in self.engine.wait(list(self.in_flight), _POLL):
            shard = self.in_flight.pop(future)
            result = self.engine.result(future)
            if result is None and shard.index not in self.isolated:
                # The worker died: again, each story in a child process that may die instead.
                self.isolated.add(shard.index)
                self.partial.pop(shard.index, None)
                options = attrs.evolve(self.options, isolated=True)
                self.in_flight[self.engine.submit(shard, options)] = shard
                continue
            if result is None:  # died again, outside any story: the shard's stories are errors
                result = _lost(shard)
            record = ShardRecord(
                shard.index,
                result.stories,
                result.versions,
                result.errors,
                shard.refs[0].name,
                shard.refs[-1].name,
            )
            self.output.write_shard(record, result.tables)
            self.partial.pop(shard.index, None)
            self.shards += 1
            self.stories += result.stories
            self.versions += result.versions
            self.versions_here += result.versions
            self.errors += result.errors
            self.cpu += result.cpu
            self.peak_memory = max(self.peak_memory, result.peak_memory)
        self._report()

    def _report(self) -> None:
        running = {shard.index for shard in self.in_flight.values()}
        for shard, finished, versions in self.engine.stories_done():
            if shard in running:  # (a story of a finished shard is counted with its shard)
                stories, done = self.partial.get(shard, (0, 0))
                self.partial[shard] = (stories + finished, done + versions)
        if self.progress is not None:
            elapsed = 0.0 if self.start is None else time.monotonic() - self.start
            stories = self.stories + sum(s for s, _ in self.partial.values())
            versions = self.versions_here + sum(v for _, v in self.partial.values())
            self.progress(Progress(stories, self.total, versions, self.errors, self.resumed_stories, elapsed))


def _duplicate_ids(out: Path) -> tuple[tuple[str, int], ...]:
    """Story ids that several stories of the run in *out* have (two sources, one id)."""
    import pyarrow.parquet as pq

    counts: Counter[str] = Counter()
    for part in sorted((out / "stories").glob("part-*.parquet")):
        counts.update(pq.read_table(part, columns=["story_id"]).column("story_id").to_pylist())
    return tuple(sorted((story, n) for story, n in counts.items() if n > 1))


def _lost(shard: Shard) -> ShardResult:
    """A shard whose worker died twice, the second time outside any story: each story an error row."""
    from revtrack.corpus._rows import error_rows
    from revtrack.corpus._tables import ShardTables

    tables = ShardTables()
    for ref in shard.refs:
        tables.add(error_rows(ref, f"{ref.name}: not attributed: the worker running its shard died twice"))
    return ShardResult(shard.index, tables.parquet(), tables.stories, tables.versions, tables.errors)


# --- engines -------------------------------------------------------------------------------------


class _Engine(Protocol):
    name: str
    workers: int

    def submit(self, shard: Shard, options: ShardOptions) -> Any: ...

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        """The futures among *futures* that are done, after at most *timeout* seconds."""
        ...

    def result(self, future: Any) -> ShardResult | None:
        """The shard's result, or None when its worker died (the shard is to be run again)."""
        ...

    def stories_done(self) -> list[tuple[int, int, int]]:
        """``(shard, stories, versions)`` of the work done since the last call, as far as the engine
        tells: a story finished (1, and its versions not told yet), or revisions of a long one (0, and
        their number)."""
        ...

    def close(self) -> None: ...


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_worker(parent: int, queue: Any) -> None:
    """A pool worker's start: it reports each story done to *queue*, and exits with the driver."""
    report_progress(queue)
    _watch_parent(parent)


def _watch_parent(parent: int) -> None:
    """In a pool worker: exit when the driver is gone (killed), instead of waiting for work forever."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # alive, but another user's: cannot happen for our own parent
                pass

    threading.Thread(target=watch, daemon=True, name="revtrack-watch-parent").start()


_PRELOAD = ["revtrack.corpus._shard", "revtrack.corpus._tables", "revtrack.audit", "revtrack.history"]


class _LocalEngine:
    """A process pool on this machine: one process per core by default."""

    def __init__(self, workers: int | None) -> None:
        self.workers = workers if workers is not None else _usable_cores()
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        self.name = f"local, {self.workers} worker{'s' if self.workers != 1 else ''}"
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if self.context.get_start_method() == "forkserver":
            # Imported once in the server the workers are forked from, not once per worker.
            self.context.set_forkserver_preload(_PRELOAD)
        self.queue = self.context.SimpleQueue()
        self.pool = self._new_pool()

    def _new_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        return concurrent.futures.ProcessPoolExecutor(
            self.workers,
            mp_context=self.context,
            initializer=_start_worker,
            initargs=(os.getpid(), self.queue),
        )

    def stories_done(self) -> list[tuple[int, int, int]]:
        """``(shard, stories, versions)`` of the workers' work since the last call."""
        done = []
        while not self.queue.empty():
            done.append(self.queue.get())
        return done

    def submit(self, shard: Shard, options: ShardOptions) -> Any:
        try:
            return self.pool.submit(run_shard, shard, options)
        except concurrent.futures.BrokenExecutor:
            self.pool = self._new_pool()
            return self.pool.submit(run_shard, shard, options)

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        done, _ = concurrent.futures.wait(futures, timeout, concurrent.futures.FIRST_COMPLETED)
        return sorted(done, key=futures.index)

    def result(self, future: Any) -> ShardResult | None:
        try:
            result: ShardResult = future.result()
        except concurrent.futures.BrokenExecutor:
            return None
        return result

    def close(self) -> None:
        # A run that stops early (Ctrl-C, an error) must not leave workers behind; the pool has no
        # public way to stop a running task, so its processes are ended by their ids.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
            process.join()
        self.queue.close()


_WAIT_FOR_WORKERS = 60
"""Seconds to wait for a cluster's first worker."""


def scheduler_problem(address: str) -> str | None:
    """What is wrong with a Dask scheduler's *address* before trying it (None: nothing seen):
    without a port, dask.distributed raises deep inside its client after a 20 s wait."""
    from distributed.comm.addressing import get_address_host_port

    try:
        get_address_host_port(address)
    except ValueError:
        return f"{address!r} is not a scheduler's address with a port (as tcp://HOST:8786)"
    return None


class _DaskEngine:
    """An existing dask.distributed cluster."""

    def __init__(self, address: str) -> None:
        import distributed

        if problem := scheduler_problem(address):
            raise CorpusError(f"--scheduler: {problem}")

        client: Any = distributed.Client  # untyped
        try:
            self.client: Any = client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise CorpusError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        try:
            self.client.wait_for_workers(1, timeout=_WAIT_FOR_WORKERS)
        except TimeoutError:
            self.client.close()
            raise CorpusError(
                f"the Dask scheduler at {address} has no workers (waited {_WAIT_FOR_WORKERS} s)"
            ) from None
        versions = self.client.run(revtrack_version)
        other = sorted({v for v in versions.values() if v != revtrack_version()})
        if other:
            self.client.close()
            raise CorpusError(
                f"the Dask workers at {address} run revtrack {', '.join(other)}; this is {revtrack_version()}"
            )
        self.workers = max(
            1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values())
        )
        self.name = f"dask at {address}, {self.workers} worker thread{'s' if self.workers != 1 else ''}"

    def submit(self, shard: Shard, options: ShardOptions) -> Any:
        return self.client.submit(run_shard, shard, options, pure=False)

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        # distributed.wait needs a default client, which a library must not set for its caller.
        deadline = time.monotonic() + timeout
        while True:
            done = [f for f in futures if f.done()]
            if done or time.monotonic() >= deadline:
                return done
            time.sleep(0.02)

    def result(self, future: Any) -> ShardResult | None:
        from distributed import KilledWorker

        try:
            result: ShardResult = future.result()
        except KilledWorker:
            return None
        return result

    def stories_done(self) -> list[tuple[int, int, int]]:
        return []  # a Dask run hears of its shards only

    def close(self) -> None:
        self.client.close()
