"""The SQLite databases of news-edit trackers: NewsEdits and diffengine, one story per article.

* NewsEdits (Spangher et al., 2022): table ``entryversion`` with ``entry_id``, ``version``,
  ``created``, ``title``, ``url`` and ``summary``, the article's paragraphs joined by
  ``</p><p>``. Story id = the entry id (with the ``source`` column's outlet before it when the
  table has one: ``nyt-1234``); label = ``version N``.
* diffengine (docnow/diffengine, peewee models): tables ``entry`` (``id``, ``url``) and
  ``entryversion`` (``title``, ``url``, ``summary``, ``created``, ``archive_url``, ``entry_id``),
  the summary readability's HTML. Story id = the entry's URL; label = the archive URL when there
  is one, else ``version N``.

A version's text is its title, then its summary's paragraphs, separated by blank lines, markup
turned into text. Both tools store times without an offset (diffengine writes UTC): they are
read in ``tz``, UTC unless told, with a note. Versions are read one story at a time, in time
order (the version number breaks ties), straight from the database: memory stays flat.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path

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
    in_time_order,
)
from revtrack.importers._markup import paragraphs
from revtrack.story import Story

__all__ = ["read_diffengine", "read_newsedits"]


def read_newsedits(
    path: str | Path,
    *,
    tz: tzinfo | str | None = None,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[Story | ImportFailure]:
    """The articles of a NewsEdits SQLite database, one story each, read lazily.

    Raises:
        SourceError: not a SQLite database, or without NewsEdits' table and columns.
    """
    source = str(path)
    db = _connect(path)
    try:
        columns = _columns(db, source, "entryversion", ("entry_id", "version", "created", "title", "summary"))
        outlet = "source || '-' || entry_id" if "source" in columns else "entry_id"
        query = (
            f"SELECT {outlet}, version, created, title, summary, rowid FROM entryversion "
            "ORDER BY 1, created, version, rowid"
        )
        yield from _stories(
            db, source, query, "version {1}", _zone(tz), keep_identical, on_note, on_progress, "entryversion"
        )
    finally:
        db.close()


def read_diffengine(
    path: str | Path,
    *,
    tz: tzinfo | str | None = None,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[Story | ImportFailure]:
    """The entries of a diffengine SQLite database, one story each (id: the entry's URL), read lazily.

    Raises:
        SourceError: not a SQLite database, or without diffengine's tables and columns.
    """
    source = str(path)
    db = _connect(path)
    try:
        _columns(db, source, "entry", ("id", "url"))
        columns = _columns(db, source, "entryversion", ("title", "summary", "created", "entry_id"))
        archive = "v.archive_url" if "archive_url" in columns else "NULL"
        query = (
            f"SELECT e.url, {archive}, v.created, v.title, v.summary, v.rowid "
            "FROM entryversion v JOIN entry e ON e.id = v.entry_id ORDER BY e.url, v.created, v.rowid"
        )
        yield from _stories(
            db, source, query, None, _zone(tz), keep_identical, on_note, on_progress, "entryversion"
        )
    finally:
        db.close()


def _zone(tz: tzinfo | str | None) -> tzinfo:
    return _zones.parse_zone(tz) if isinstance(tz, str) else (tz or UTC)


def _connect(path: str | Path) -> sqlite3.Connection:
    source = str(path)
    if not Path(path).is_file():
        raise SourceError(source, "no such file" if not Path(path).exists() else "not a file")
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        raise SourceError(source, f"not a SQLite database ({e})") from None
    db.text_factory = bytes  # decoded here, so that bad UTF-8 names its row
    return db


def _columns(db: sqlite3.Connection, source: str, table: str, needed: tuple[str, ...]) -> set[str]:
    rows = db.execute(f"PRAGMA table_info({table})").fetchall()
    columns = {(r[1].decode() if isinstance(r[1], bytes) else r[1]).lower() for r in rows}
    if not columns:
        raise SourceError(source, f"no table {table!r}: not this tool's database")
    missing = [c for c in needed if c not in columns]
    if missing:
        raise SourceError(source, f"table {table!r} has no column {', '.join(map(repr, missing))}")
    return columns


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _stories(
    db: sqlite3.Connection,
    source: str,
    query: str,
    label_format: str | None,
    zone: tzinfo,
    keep_identical: bool,
    on_note: OnNote | None,
    on_progress: OnProgress | None,
    table: str,
) -> Iterator[Story | ImportFailure]:
    """Rows (story, label part, created, title, summary, rowid), grouped by story in order, as stories."""
    note = on_note or (lambda _: None)
    naive = [0]
    rows = db.execute(query)
    stories = versions = 0
    current: str | None = None
    group: list[Version] = []
    failure: ImportFailure | None = None

    def finish() -> Iterator[Story | ImportFailure]:
        if failure is not None:
            yield failure
            return
        try:
            # In time order: the query orders by the stored text, which sorts "10:00+05:00" after
            # "06:00+00:00" and "2020-01-01 10:00" before "2020-01-01T09:30" (equal times keep it).
            yield build_story(
                in_time_order(group), source=source, keep_identical=keep_identical, on_note=on_note
            )
        except SourceError as e:
            yield ImportFailure(source, e.problem, story=current, where=e.where)

    # One story's versions are held at a time: a news article's versions are small.
    for story_raw, extra, created, title, summary, rowid in rows:
        where = f"{table} row {rowid}"
        try:
            story = _text(story_raw) or ""
        except UnicodeDecodeError:
            story = repr(story_raw)
        if story != current:
            if current is not None:
                yield from finish()
                stories += 1
                if on_progress is not None:
                    on_progress(Progress(stories, versions, 0, None))
            current, group, failure = story, [], None
        versions += 1
        if failure is not None:
            continue
        try:
            version = _version(story, extra, created, title, summary, zone, label_format, where, naive)
        except (ValueError, UnicodeDecodeError) as e:
            failure = ImportFailure(
                source,
                str(e) if not isinstance(e, UnicodeDecodeError) else "not UTF-8 text",
                story=story,
                where=where,
            )
            continue
        group.append(version)
    if current is not None:
        yield from finish()
    if naive[0]:
        note(Note(source, _zones.naive_note(naive[0], zone)))


def _version(
    story: str,
    extra: object,
    created: object,
    title: object,
    summary: object,
    zone: tzinfo,
    label_format: str | None,
    where: str,
    naive: list[int],
) -> Version:
    created_text = _text(created)
    if created_text is None:
        raise ValueError("created: missing")
    try:
        when = datetime.fromisoformat(created_text.strip())
    except ValueError:
        raise ValueError(f"created: {created_text!r} is not a time") from None
    if when.tzinfo is None:
        naive[0] += 1
        when = _zones.aware(when, zone)
    title_text = _text(title)
    body = paragraphs(_text(summary) or "")
    heading = paragraphs(title_text) if title_text else []
    extra_text = _text(extra)
    label = (extra_text or None) if label_format is None else label_format.format(story, extra_text)
    return Version(
        "\n\n".join([*heading, *body]),
        when,
        label=label,
        story=story,
        title=" ".join(heading) or None,
        where=where,
    )
