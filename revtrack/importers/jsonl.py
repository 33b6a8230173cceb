"""JSON Lines: one version a line, versions of many stories interleaved and in any order.

Each line is an object with ``story`` (the story's id), ``timestamp`` (ISO 8601), ``text`` (the
whole text of that version) and optionally ``label``, ``author`` and ``title`` (strings or
null); other keys are ignored, with a note naming them. A timestamp without a UTC offset is
read in ``tz`` (UTC unless told), with a note.

The file is read twice: once to check every line and index it (story, time, where the line
is) in a temporary SQLite table, which sorts on disk, then once per story, in the order of
the stories' ids, reading its lines in time order (equal times in file order). Memory stays
flat whatever the file's size. A line that is not a version is reported, and with it the
story it belongs to when that can be told; the other stories are imported.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO, Any

from revtrack.errors import SourceError
from revtrack.importers import _zones
from revtrack.importers._core import (
    ImportFailure,
    Note,
    OnNote,
    OnProgress,
    Progress,
    Version,
    build_story,
)
from revtrack.story import Story, instant, surrogate_problem
from revtrack.storyfile import _DuplicateKey, _no_duplicates  # the story file's own rule for keys

__all__ = ["read_jsonl"]

_KEYS = ("story", "timestamp", "text", "label", "author", "title")


def read_jsonl(
    path: str | Path,
    *,
    tz: tzinfo | str | None = None,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[Story | ImportFailure]:
    """The stories of a JSON Lines file of versions (``-``: standard input), one at a time, in the
    order of their ids.

    Raises:
        SourceError: the file cannot be read.
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    zone = _zones.parse_zone(tz) if isinstance(tz, str) else (tz or UTC)
    note = on_note or (lambda _: None)
    handle = _open(path, source)
    size = os.fstat(handle.fileno()).st_size
    with handle, tempfile.TemporaryDirectory(prefix="revtrack-") as scratch:
        index = sqlite3.connect(Path(scratch) / "index.sqlite")
        try:
            yield from _read(handle, index, source, zone, size, keep_identical, note, on_note, on_progress)
        finally:
            index.close()


def _read(
    handle: IO[bytes],
    index: sqlite3.Connection,
    source: str,
    zone: tzinfo,
    size: int,
    keep_identical: bool,
    note: OnNote,
    on_note: OnNote | None,
    on_progress: OnProgress | None,
) -> Iterator[Story | ImportFailure]:
    index.execute("CREATE TABLE v (story TEXT, at INTEGER, line INTEGER, offset INTEGER, size INTEGER)")
    failed: dict[str, ImportFailure] = {}
    unknown: set[str] = set()
    naive = 0
    offset = 0
    rows: list[tuple[str, int, int, int, int]] = []
    # Lines that are not JSON objects wait until one is: a file none of whose lines is one is not
    # JSON Lines (another file given by mistake), said once, not once a line.
    waiting: list[ImportFailure] | None = []
    for number, raw in enumerate(handle, 1):
        start, offset = offset, offset + len(raw)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
            start += 3
        if not raw.strip():
            continue
        try:
            record = _record(raw, number)
        except _Broken as e:
            if waiting is not None and e.object:
                yield from waiting
                waiting = None
            if e.story is None:
                failure = ImportFailure(source, e.problem, where=f"line {number}")
                if waiting is None:
                    yield failure
                else:
                    waiting.append(failure)
            elif e.story not in failed:
                failed[e.story] = ImportFailure(source, e.problem, story=e.story, where=f"line {number}")
            continue
        if waiting is not None:
            yield from waiting
            waiting = None
        unknown.update(k for k in record if k not in _KEYS)
        try:
            when, was_naive = _time(record["timestamp"], zone)
        except ValueError as e:
            story = record["story"]
            failed.setdefault(
                story, ImportFailure(source, f"timestamp: {e}", story=story, where=f"line {number}")
            )
            continue
        naive += was_naive
        rows.append((record["story"], _micro(when), number, start, len(raw)))
        if len(rows) >= 10_000:
            index.executemany("INSERT INTO v VALUES (?, ?, ?, ?, ?)", rows)
            rows.clear()
            if on_progress is not None:
                on_progress(Progress(0, number, offset, size))
    index.executemany("INSERT INTO v VALUES (?, ?, ?, ?, ?)", rows)
    if waiting and len(waiting) > 1:
        first = waiting[0]
        raise SourceError(
            source,
            f"not JSON Lines: none of its {len(waiting)} lines is a JSON object "
            f"({first.where}: {first.problem})",
        )
    yield from waiting or ()
    if unknown:
        note(Note(source, f"keys other than {', '.join(_KEYS)} ignored: {', '.join(sorted(unknown))}"))
    if naive:
        note(Note(source, _zones.naive_note(naive, zone)))
    stories = versions = 0
    group: list[tuple[int, int, int]] = []
    current: str | None = None
    query = index.execute("SELECT story, line, offset, size FROM v ORDER BY story, at, line")
    for story, line, start, length in (*query, (None, 0, 0, 0)):
        if story != current and current is not None:
            if current in failed:
                yield failed.pop(current)
            else:
                try:
                    yield build_story(
                        _versions(handle, group, source, zone),
                        source=source,
                        keep_identical=keep_identical,
                        on_note=on_note,
                    )
                except SourceError as e:
                    yield ImportFailure(source, e.problem, story=current, where=e.where)
            stories += 1
            versions += len(group)
            if on_progress is not None:
                on_progress(Progress(stories, versions, size, size))
            group = []
        current = story
        group.append((line, start, length))
    yield from failed.values()  # stories none of whose lines could be read


def _open(path: str | Path, source: str) -> IO[bytes]:
    """The file, or standard input copied to a temporary file (it is read twice)."""
    if str(path) == "-":
        spool = tempfile.TemporaryFile(prefix="revtrack-")  # noqa: SIM115 - closed by the caller
        shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
        spool.seek(0)
        return spool
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except IsADirectoryError:
        raise SourceError(source, "is a directory, not a JSON Lines file") from None
    except OSError as e:
        raise SourceError(source, f"cannot read: {e.strerror or e}") from None


class _Broken(Exception):
    def __init__(self, problem: str, story: str | None = None, *, is_object: bool = True) -> None:
        super().__init__(problem)
        self.problem = problem
        self.story = story
        self.object = is_object
        """Whether the line was a JSON object (with a field amiss)."""


def _record(raw: bytes, number: int) -> dict[str, Any]:
    """A line's object, its fields checked."""
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as e:
        raise _Broken(
            f"not UTF-8 text (byte 0x{raw[e.start]:02x} at column {e.start + 1})", is_object=False
        ) from None
    try:
        record = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as e:
        raise _Broken(f"duplicate key {e.args[0]!r}") from None
    except json.JSONDecodeError as e:
        raise _Broken(f"invalid JSON: {e.msg} (column {e.colno})", is_object=False) from None
    except RecursionError:
        raise _Broken("invalid JSON: nested too deeply", is_object=False) from None
    if not isinstance(record, dict):
        raise _Broken(f"expected an object, found {type(record).__name__}", is_object=False)
    story = record.get("story")
    if not isinstance(story, str):
        raise _Broken("story: missing" if story is None else "story: expected a string")
    if problem := surrogate_problem(story):  # an id must name files and index rows: UTF-8
        raise _Broken(f"story: {problem}")
    for key in ("timestamp", "text"):
        if key not in record:
            raise _Broken(f"{key}: missing", story)
        if not isinstance(record[key], str):
            raise _Broken(f"{key}: expected a string, found {_kind(record[key])}", story)
    for key in ("label", "author", "title"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise _Broken(f"{key}: expected a string or null, found {_kind(record[key])}", story)
    return record


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _time(text: str, zone: tzinfo) -> tuple[datetime, bool]:
    """A timestamp, read in *zone* when it has no offset (and whether it had none)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 timestamp") from None
    if when.tzinfo is None or when.utcoffset() is None:
        return _zones.aware(when, zone), True
    return when, False


def _micro(when: datetime) -> int:
    """The instant of *when* in microseconds, for sorting in SQLite."""
    delta = instant(when)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _versions(
    handle: IO[bytes], group: list[tuple[int, int, int]], source: str, zone: tzinfo
) -> Iterator[Version]:
    """The versions of one story, read again from their lines, in time order."""
    for number, start, length in group:
        handle.seek(start)
        record = json.loads(handle.read(length).decode("utf-8"))
        when, _ = _time(record["timestamp"], zone)
        yield Version(
            record["text"],
            when,
            label=record.get("label"),
            author=record.get("author"),
            story=record["story"],
            title=record.get("title"),
            where=f"line {number}",
        )
