"""One story's rows in the corpus tables: attribution, revision counts and audit findings, as plain tuples.

This is the work a corpus does per story, kept free of pyarrow so that a worker's child process
sends plain rows back; :mod:`revtrack.corpus._tables` turns them into Arrow columns. Everything here
comes from the library's public API (load, track, ``revision_stats``, ``audit_story``), with one
tracker per story: a story is attributed once.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from revtrack.errors import RevtrackError

if TYPE_CHECKING:
    from revtrack.corpus._sources import StoryRef
    from revtrack.story import Story

__all__ = ["TABLES", "StoryRows", "error_rows", "story_rows"]

TABLES = ("stories", "revisions", "sentences", "findings", "errors")
"""The corpus tables, in the order they are written."""

_EPOCH = datetime(1970, 1, 1)

Row = tuple[Any, ...]


@attrs.frozen
class StoryRows:
    """What one story adds to each table (an unreadable story adds one row of ``errors``)."""

    rows: dict[str, list[Row]]
    versions: int
    """Revisions attributed (0 for a story that failed)."""

    @property
    def failed(self) -> bool:
        return bool(self.rows.get("errors"))


def micros(when: datetime) -> int:
    """An aware time as microseconds since 1970 UTC (what Parquet stores), for any year datetime allows."""
    offset = when.utcoffset()
    assert offset is not None  # stories only hold aware times
    delta = when.replace(tzinfo=None) - _EPOCH - offset
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def error_rows(ref: StoryRef, message: str, story_id: str | None = None) -> StoryRows:
    """The row of ``errors`` for a story that could not be read or attributed."""
    return StoryRows({"errors": [(ref.source, ref.record, story_id or ref.story_id, message)]}, 0)


def _words(text: str) -> int:
    from revtrack.text import is_word, split_words

    return sum(1 for t in split_words(text) if is_word(t))


def story_rows(ref: StoryRef, *, last_only: bool = False) -> StoryRows:
    """Read, attribute and audit one story; any failure is a row of ``errors`` naming it, never an exception.

    Args:
        last_only: keep only the last revision's sentences (the other tables are whole).
    """
    if ref.error is not None:
        return error_rows(ref, ref.error)
    story_id = None
    try:
        story = ref.story
        if story is None:
            from revtrack.storyfile import load_story

            assert ref.path is not None
            story = load_story(ref.path)
            story_id = story.id
        return _attributed(ref, story, last_only=last_only)
    except RevtrackError as e:
        return error_rows(ref, str(e), story_id)
    except RecursionError:
        return error_rows(ref, f"{ref.name}: nested too deeply to attribute", story_id)
    except MemoryError:
        return error_rows(ref, f"{ref.name}: out of memory", story_id)
    except Exception as e:  # a bug must cost one story, not the run; the message says it is one
        return error_rows(ref, f"{ref.name}: internal error: {type(e).__name__}: {e}", story_id)


def _attributed(ref: StoryRef, story: Story, *, last_only: bool) -> StoryRows:
    from revtrack.audit import NOTE_KINDS, audit_story
    from revtrack.history import revision_stats
    from revtrack.provenance import track_story

    tracker = track_story(story)
    stats = revision_stats(story, tracker)
    audit = audit_story(story, tracker)
    sid = story.id
    last = len(stats) - 1

    # The paragraphs of the revisions whose findings need them (a deletion's is in the revision before).
    wanted = {u.revision - (f.new_index is None) for u in audit.updates for f in u.findings}
    paragraphs: dict[int, list[int]] = {}

    revisions: list[Row] = []
    sentences: list[Row] = []
    previous: tuple[Any, ...] = ()
    words = 0
    first_time = last_time = 0
    for rev, st in zip(story.revisions, stats, strict=True):
        r = rev.index
        current = tracker.sentences(r)
        words += st.words_added - st.words_removed
        lead = body = None
        if r:
            lead = body = 0
            for c in tracker.changes(r):
                paragraph = current[c.new].paragraph if c.new is not None else previous[c.old[0]].paragraph
                if paragraph == 0:
                    lead += 1
                else:
                    body += 1
        when = micros(rev.timestamp)
        if r == 0:
            first_time = when
        last_time = when
        revisions.append(
            (
                sid,
                r,
                when,
                rev.timestamp_text,
                rev.label,
                rev.author,
                rev.kind if r else None,
                words,
                len(current),
                st.words_added,
                st.words_removed,
                st.sentences_added,
                st.sentences_edited,
                st.sentences_moved,
                st.sentences_deleted,
                st.sentences_restored,
                lead,
                body,
            )
        )
        if not last_only or r == last:
            text = tracker.text(r)
            sentences.extend(
                (
                    sid,
                    r,
                    i,
                    s.paragraph,
                    s.start,
                    s.end,
                    s.introduced,
                    list(s.modified),
                    text[s.start : s.end],
                )
                for i, s in enumerate(current)
            )
        if r in wanted:
            paragraphs[r] = [s.paragraph for s in current]
        previous = current
    last_sentences = len(previous)

    findings: list[Row] = []
    for update in audit.updates:
        r = update.revision
        for f in update.findings:
            # Where the finding's sentence is: in this revision, or (a deletion) in the one before.
            if f.new_index is not None:
                where: int | None = paragraphs[r][f.new_index]
            elif f.old_index is not None:
                where = paragraphs[r - 1][f.old_index]
            else:
                where = None
            findings.append(
                (
                    sid,
                    r,
                    f.kind,
                    f.kind not in NOTE_KINDS,
                    f.old_index,
                    f.old_text,
                    f.new_index,
                    f.new_text,
                    f.restored_from,
                    where,
                )
            )
    stories = [
        (
            sid,
            ref.source,
            ref.record,
            story.title,
            last + 1,
            first_time,
            last_time,
            words,
            last_sentences,
            len(audit.silent_updates()),
        )
    ]
    rows = {"stories": stories, "revisions": revisions, "sentences": sentences, "findings": findings}
    return StoryRows(rows, last + 1)
