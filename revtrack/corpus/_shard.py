"""A shard's work, as a worker does it: its stories' rows, in order, gathered into tables.

The same function runs in a local process pool and on a Dask worker, so the rows cannot depend on
the engine. By default a worker attributes the stories itself. With a story time limit (or when a
shard is run again after its worker died) each story is attributed in a child process the worker
can kill: a Dask task runs in a thread, which nothing can stop, and a crash in a story must not take
its worker down. A child serves the stories of one shard, one at a time, and is replaced when it is
killed or dies.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import time
from typing import IO, TYPE_CHECKING, Any

import attrs

from revtrack.corpus._rows import StoryRows, error_rows, story_rows

if TYPE_CHECKING:
    from revtrack.corpus._sources import StoryRef

__all__ = ["Shard", "ShardOptions", "ShardResult", "run_shard"]

_HEADER = struct.Struct(">Q")
_READY = b"ready"
_START_TIMEOUT = 120.0
"""Seconds a child may take to start (import revtrack) before it counts as broken."""


@attrs.frozen
class Shard:
    """Consecutive stories of the corpus: shard *k* holds stories ``k·size`` to ``(k+1)·size - 1``."""

    index: int
    refs: tuple[StoryRef, ...]


@attrs.frozen
class ShardOptions:
    """What a worker needs to know besides the shard."""

    last_only: bool = False
    story_timeout: float | None = None
    """Seconds one story may take; None: no limit."""
    isolated: bool = False
    """Attribute each story in a child process even without a time limit."""
    version: str | None = None
    """The revtrack version the driver runs; a worker that runs another refuses the shard."""


@attrs.frozen
class ShardResult:
    """A shard's tables (the bytes of each one's Parquet file, by name) and counts."""

    index: int
    tables: dict[str, bytes] = attrs.field(repr=False)
    stories: int
    versions: int
    errors: int
    cpu: float = 0.0
    """CPU seconds the worker (and its children) spent on the shard: a cost the machine's load does
    not change, for benchmarks and estimates. Not part of the tables."""
    peak_memory: int = 0
    """The worker process's peak resident memory so far, in bytes (its largest child's, if larger)."""


_progress: Any = None
"""In a local pool's worker: the queue that hears of each story done, ``(shard, versions)``."""


def report_progress(queue: Any) -> None:
    """Make :func:`run_shard` tell *queue* ``(shard, stories, versions)`` as it goes: each story it finishes,
    and every hundred revisions of a long one (a pool worker's initializer)."""
    global _progress
    _progress = queue


def run_shard(shard: Shard, options: ShardOptions) -> ShardResult:
    """Attribute every story of *shard*; a story that fails is a row of ``errors``, never an exception."""
    from revtrack.corpus._tables import ShardTables

    if options.version is not None:
        from revtrack.corpus._run import revtrack_version

        here = revtrack_version()
        if here != options.version:
            raise RuntimeError(f"this worker runs revtrack {here}, the run needs {options.version}")
    tables = ShardTables()
    cpu = _cpu()
    if options.isolated or options.story_timeout is not None:
        with _Children(options) as children:
            for ref in shard.refs:
                _done(shard, tables, children.rows(ref))
    else:
        sink = tables.sink("sentences")  # a long history's sentences stream into Arrow columns
        told = [0]  # revisions of the current story the driver has heard of

        def tell(revisions: int) -> None:
            told[0] += revisions
            if _progress is not None:
                _progress.put((shard.index, 0, revisions))

        for ref in shard.refs:
            before = tables.count("sentences")
            told[0] = 0
            rows = story_rows(ref, last_only=options.last_only, sentences=sink, progress=tell)
            if rows.failed:  # what the sink was given of a story that failed is not kept
                tables.truncate("sentences", before)
            _done(shard, tables, rows, told[0])
    built = tables.parquet()
    cpu = _cpu() - cpu
    return ShardResult(
        shard.index, built, tables.stories, tables.versions, tables.errors, cpu, _peak_memory()
    )


def _done(shard: Shard, tables: Any, rows: StoryRows, told: int = 0) -> None:
    """*rows* added; the driver told of the story, and of its versions less the *told* ones."""
    tables.add(rows)
    if _progress is not None:
        _progress.put((shard.index, 1, rows.versions - told))


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (a worker's thread in Dask shares
    the process with others: there, only the children and this thread's share are exact)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _peak_memory() -> int:
    try:
        import resource
    except ImportError:  # not POSIX
        return 0
    # Linux reports kilobytes (macOS bytes; a benchmark figure, not worth a second rule).
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024


# --- children ------------------------------------------------------------------------------------


class _ChildGone(Exception):
    """The child exited (or closed its pipe) before it answered."""


class _TimedOut(Exception):
    pass


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    chunks = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise _TimedOut
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise _ChildGone
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None) -> bytes:
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    return _read_exactly(fd, size, deadline)


class _Children:
    """One child process at a time, serving stories; replaced when it runs too long or dies."""

    def __init__(self, options: ShardOptions) -> None:
        self.options = options
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _Children:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _start(self) -> subprocess.Popen[bytes]:
        # The child finds modules where its parent does (as multiprocessing's children do).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "revtrack.corpus._child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert proc.stdout is not None
        try:
            ready = _read_frame(proc.stdout.fileno(), time.monotonic() + _START_TIMEOUT)
        except (_ChildGone, _TimedOut):
            ready = b""
        if ready != _READY:
            proc.kill()
            proc.wait()
            raise RuntimeError(
                f"a worker's child process did not start ({sys.executable} -m revtrack.corpus._child)"
            )
        self.proc = proc
        return proc

    def _stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()

    def rows(self, ref: StoryRef) -> StoryRows:
        """*ref*'s rows, computed in the child; a story over the time limit, or that kills its child,
        is a row of ``errors``."""
        proc = self.proc or self._start()
        assert proc.stdin is not None
        assert proc.stdout is not None
        limit = self.options.story_timeout
        try:
            _write_frame(proc.stdin, pickle.dumps((ref, self.options.last_only), pickle.HIGHEST_PROTOCOL))
            deadline = None if limit is None else time.monotonic() + limit
            rows: StoryRows = pickle.loads(_read_frame(proc.stdout.fileno(), deadline))
        except _TimedOut:
            self._stop()
            return error_rows(
                ref, f"{ref.name}: not attributed: took longer than the story time limit ({limit:g} s)"
            )
        except (_ChildGone, BrokenPipeError):
            status = proc.wait()
            self._stop()
            how = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
            return error_rows(ref, f"{ref.name}: not attributed: its worker process died ({how})")
        return rows


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """A child's loop: read a story reference, write its rows, until the parent closes the pipe."""
    # Loaded before saying ready, so that a story's time limit counts attribution only.
    import revtrack.audit
    import revtrack.history
    import revtrack.storyfile  # noqa: F401

    _write_frame(stdout, _READY)
    fd = stdin.fileno()
    while True:
        try:
            ref, last_only = pickle.loads(_read_frame(fd, None))
        except _ChildGone:
            return
        _write_frame(stdout, pickle.dumps(story_rows(ref, last_only=last_only), pickle.HIGHEST_PROTOCOL))
