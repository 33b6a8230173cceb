"""The corpus tables (``revtrack/corpus@2``): their Arrow schemas, and a shard's rows gathered into them."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from revtrack.corpus._rows import TABLES, StoryRows

if TYPE_CHECKING:
    from revtrack.corpus._rows import Row

__all__ = ["SCHEMAS", "ShardTables"]

_ID = pa.string()
_INT = pa.int32()
_TIME = pa.timestamp("us", tz="UTC")
_STORY = pa.field("story", pa.int64(), nullable=False)
"""The story's place in the corpus (from 0, in input order): the key every table shares, as ids
may repeat across sources."""

SCHEMAS: dict[str, pa.Schema] = {
    "stories": pa.schema(
        [
            _STORY,
            pa.field("story_id", _ID, nullable=False),
            pa.field("source", pa.string(), nullable=False),
            pa.field("record", pa.string()),
            pa.field("title", pa.string()),
            pa.field("revisions", _INT, nullable=False),
            pa.field("first_timestamp", _TIME, nullable=False),
            pa.field("last_timestamp", _TIME, nullable=False),
            pa.field("words", _INT, nullable=False),
            pa.field("sentences", _INT, nullable=False),
            pa.field("silent_updates", _INT, nullable=False),
        ]
    ),
    "revisions": pa.schema(
        [
            _STORY,
            pa.field("story_id", _ID, nullable=False),
            pa.field("revision", _INT, nullable=False),
            pa.field("timestamp", _TIME, nullable=False),
            pa.field("timestamp_text", pa.string(), nullable=False),
            pa.field("label", pa.string(), nullable=False),
            pa.field("author", pa.string()),
            pa.field("kind", pa.string()),
            pa.field("words", _INT, nullable=False),
            pa.field("sentences", _INT, nullable=False),
            pa.field("words_added", _INT, nullable=False),
            pa.field("words_removed", _INT, nullable=False),
            pa.field("sentences_added", _INT, nullable=False),
            pa.field("sentences_edited", _INT, nullable=False),
            pa.field("sentences_moved", _INT, nullable=False),
            pa.field("sentences_deleted", _INT, nullable=False),
            pa.field("sentences_restored", _INT, nullable=False),
            pa.field("changes_in_lead", _INT),
            pa.field("changes_in_body", _INT),
        ]
    ),
    "sentences": pa.schema(
        [
            _STORY,
            pa.field("story_id", _ID, nullable=False),
            pa.field("revision", _INT, nullable=False),
            pa.field("index", _INT, nullable=False),
            pa.field("paragraph", _INT, nullable=False),
            pa.field("start", pa.int64(), nullable=False),
            pa.field("end", pa.int64(), nullable=False),
            pa.field("introduced", _INT, nullable=False),
            pa.field("modified", pa.list_(_INT), nullable=False),
            pa.field("text", pa.string(), nullable=False),
        ]
    ),
    "findings": pa.schema(
        [
            _STORY,
            pa.field("story_id", _ID, nullable=False),
            pa.field("revision", _INT, nullable=False),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("silent", pa.bool_(), nullable=False),
            pa.field("old_index", _INT),
            pa.field("old_text", pa.string()),
            pa.field("new_index", _INT),
            pa.field("new_text", pa.string()),
            pa.field("restored_from", _INT),
            pa.field("paragraph", _INT),
        ]
    ),
    "errors": pa.schema(
        [
            _STORY,
            pa.field("source", pa.string(), nullable=False),
            pa.field("record", pa.string()),
            pa.field("story_id", _ID),
            pa.field("message", pa.string(), nullable=False),
        ]
    ),
}
assert tuple(SCHEMAS) == TABLES

_FLUSH_ROWS = 16_384
"""Rows held as Python tuples before they become Arrow columns (which take a fraction of the memory)."""


class ShardTables:
    """The rows of one shard's stories, in story order, gathered into Arrow tables."""

    def __init__(self) -> None:
        self._pending: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._batches: dict[str, list[pa.RecordBatch]] = {name: [] for name in TABLES}
        self.stories = 0
        self.versions = 0
        self.errors = 0

    def add(self, rows: StoryRows) -> None:
        """Append one story's rows (after the stories added before it)."""
        self.stories += 1
        self.versions += rows.versions
        self.errors += rows.failed
        for name, table_rows in rows.rows.items():
            pending = self._pending[name]
            pending.extend(table_rows)
            if len(pending) >= _FLUSH_ROWS:
                self._flush(name)

    def sink(self, name: str) -> Callable[[list[Row]], None]:
        """Rows of table *name* taken as they come, within a story (see ``story_rows(sentences=)``)."""

        def take(rows: list[Row]) -> None:
            pending = self._pending[name]
            pending.extend(rows)
            if len(pending) >= _FLUSH_ROWS:
                self._flush(name)

        return take

    def count(self, name: str) -> int:
        """Rows of table *name* so far."""
        return int(sum(batch.num_rows for batch in self._batches[name])) + len(self._pending[name])

    def truncate(self, name: str, count: int) -> None:
        """Drop the rows of table *name* past the first *count* (a failed story's, given to a sink)."""
        self._flush(name)
        kept: list[pa.RecordBatch] = []
        for batch in self._batches[name]:
            if count <= 0:
                break
            kept.append(batch if batch.num_rows <= count else batch.slice(0, count))
            count -= batch.num_rows
        self._batches[name] = kept

    def _flush(self, name: str) -> None:
        pending = self._pending[name]
        if pending:
            self._batches[name].append(_batch(SCHEMAS[name], pending))
            pending.clear()

    def parquet(self) -> dict[str, bytes]:
        """Every table as the bytes of its Parquet file (zstd), written a batch at a time: what a
        shard sends to the driver, a fraction of the table's size (a sentence that stays the same
        over many revisions is stored once per page), so that no process holds a long history's
        table whole."""
        import pyarrow.parquet as pq

        out: dict[str, bytes] = {}
        for name in TABLES:
            self._flush(name)
            schema = SCHEMAS[name]
            buffer = io.BytesIO()
            with pq.ParquetWriter(buffer, schema, compression="zstd") as writer:
                for pieces in _groups(self._batches[name], _GROUP_ROWS):
                    group = pa.Table.from_batches([_plain(p, schema) for p in pieces], schema=schema)
                    writer.write_table(group, row_group_size=_GROUP_ROWS)
            self._batches[name] = []
            out[name] = buffer.getvalue()
        return out


_GROUP_ROWS = 1024 * 1024
"""Rows per Parquet row group (pyarrow's default): the groups are cut at these counts whatever the
batches held, so a shard's file is the same bytes however its rows came (a story at a time, or a
long one revision by revision)."""


def _groups(batches: list[pa.RecordBatch], size: int) -> Iterator[list[pa.RecordBatch]]:
    """*batches* re-cut into runs of exactly *size* rows (the last may have fewer), as slices."""
    pieces: list[pa.RecordBatch] = []
    have = 0
    for batch in batches:
        start = 0
        while start < batch.num_rows:
            take = min(size - have, batch.num_rows - start)
            pieces.append(batch.slice(start, take))
            have += take
            start += take
            if have == size:
                yield pieces
                pieces, have = [], 0
    if pieces or not batches:  # a table without rows is written too: its schema
        yield pieces


def _batch(schema: pa.Schema, rows: list[Row]) -> pa.RecordBatch:
    """*rows* as columns; text columns dictionary-encoded while the shard is held (the sentences
    of a long history repeat from revision to revision: stored once per batch)."""
    columns: list[Any] = list(zip(*rows, strict=True))
    arrays = [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)]
    arrays = [a.dictionary_encode() if pa.types.is_string(a.type) else a for a in arrays]
    return pa.RecordBatch.from_arrays(arrays, names=schema.names)


def _plain(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """A held batch in the table's own schema (its text columns decoded)."""
    return batch.cast(schema)
