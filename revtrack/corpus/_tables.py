"""The corpus tables (``revtrack/corpus@1``): their Arrow schemas, and a shard's rows gathered into them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from revtrack.corpus._rows import TABLES, StoryRows

if TYPE_CHECKING:
    from revtrack.corpus._rows import Row

__all__ = ["SCHEMAS", "ShardTables"]

_ID = pa.string()
_INT = pa.int32()
_TIME = pa.timestamp("us", tz="UTC")

SCHEMAS: dict[str, pa.Schema] = {
    "stories": pa.schema(
        [
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

    def tables(self) -> dict[str, pa.Table]:
        """Every table (a table without rows still has its schema)."""
        for name in TABLES:
            self._flush(name)
        return {name: pa.Table.from_batches(self._batches[name], schema=SCHEMAS[name]) for name in TABLES}


def _batch(schema: pa.Schema, rows: list[Row]) -> pa.RecordBatch:
    columns: list[Any] = list(zip(*rows, strict=True))
    arrays = [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
