"""One story's rows in the corpus tables: attribution, revision counts and audit findings, as plain tuples.

This is the work a corpus does per story, kept free of pyarrow so that a worker's child process
sends plain rows back; :mod:`revtrack.corpus._tables` turns them into Arrow columns. Everything here
comes from the library's public API (load, track, ``revision_stats``, ``audit_story``), with one
tracker per story: a story is attributed once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
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
    return StoryRows({"errors": [(ref.number, ref.source, ref.record, story_id or ref.story_id, message)]}, 0)


_ALPHANUMERIC = re.compile(r"[^\W_]")
"""A letter or digit: ``str.isalnum``, as :func:`revtrack.text.is_word` asks, but searched in C."""


def _words(text: str) -> int:
    """How many words *text* has, as the word diff counts them."""
    from revtrack.text import split_words

    return sum(map(bool, map(_ALPHANUMERIC.search, split_words(text))))


Sink = Callable[[list[Row]], None]
"""Takes rows of ``sentences`` as they are made (a long history has millions)."""


def story_rows(
    ref: StoryRef,
    *,
    last_only: bool = False,
    sentences: Sink | None = None,
    progress: Callable[[int], None] | None = None,
) -> StoryRows:
    """Read, attribute and audit one story; any failure is a row of ``errors`` naming it, never an exception.

    Args:
        last_only: keep only the last revision's sentences (the other tables are whole).
        sentences: given, each revision's rows of ``sentences`` go to it as they are made, not into
            the result, so that a story's sentences are never all held as tuples (when the story
            fails, the caller drops what it was given of it).
        progress: told every :data:`PROGRESS_EVERY` revisions attributed (a long history takes
            minutes), with their number.
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
        return _attributed(ref, story, last_only=last_only, sink=sentences, progress=progress)
    except RevtrackError as e:
        return error_rows(ref, str(_as_given(e, ref)), story_id)
    except RecursionError:
        return error_rows(ref, f"{ref.name}: nested too deeply to attribute", story_id)
    except MemoryError:
        return error_rows(ref, f"{ref.name}: out of memory", story_id)
    except Exception as e:  # a bug must cost one story, not the run; the message says it is one
        return error_rows(ref, f"{ref.name}: internal error: {type(e).__name__}: {e}", story_id)


def _as_given(error: RevtrackError, ref: StoryRef) -> RevtrackError:
    """*error* naming its file as the source was given (a story file is read by its absolute path,
    the same on a cluster's workers; the rows name it as the user did, in valid UTF-8)."""
    from revtrack.errors import StoryError

    if isinstance(error, StoryError) and ref.path is not None and error.source == ref.path:
        return attrs.evolve(error, source=ref.source)
    return error


PROGRESS_EVERY = 100
"""Revisions between two words to ``story_rows(progress=)``."""


def _attributed(
    ref: StoryRef, story: Story, *, last_only: bool, sink: Sink | None, progress: Callable[[int], None] | None
) -> StoryRows:
    """One pass over the story's revisions, in order: each text is built once, fed to the tracker,
    diffed against the one before, and its sentences read while it is the tracker's newest."""
    from revtrack.audit import NOTE_KINDS, audit_story
    from revtrack.diff import diff_texts
    from revtrack.provenance import ChangeKind, Tracker

    tracker = Tracker(origins=False)  # the tables hold no word origins
    key, sid = ref.number, story.id
    last = len(story) - 1
    revisions: list[Row] = []
    sentences: list[Row] = []
    paragraphs: list[list[int]] = []  # of every revision: a finding's paragraph, a change's place
    previous_text = ""
    words = 0
    for rev in story.revisions:
        text = rev.text
        r = tracker.add(text)
        wordings = tracker.wordings(r)
        current = [paragraph for paragraph, _ in wordings]
        # The counts of revtrack/log@1, as history.revision_stats makes them.
        if r == 0:
            added = words = _words(text)
            removed = 0
            kinds: Counter[ChangeKind] = Counter({ChangeKind.ADDED: len(wordings)})
            moved = 0
            lead = body = None
        else:
            d = diff_texts(previous_text, text)
            added, removed = d.words_added, d.words_removed
            words += added - removed
            changes = tracker.changes(r)
            kinds = Counter(c.kind for c in changes)
            moved = sum(1 for c in changes if c.moved)
            lead = body = 0
            for c in changes:
                place = current[c.new] if c.new is not None else paragraphs[r - 1][c.old[0]]
                if place == 0:
                    lead += 1
                else:
                    body += 1
        revisions.append(
            (
                key,
                sid,
                r,
                micros(rev.timestamp),
                rev.timestamp_text,
                rev.label,
                rev.author,
                rev.kind if r else None,
                words,
                len(wordings),
                added,
                removed,
                kinds[ChangeKind.ADDED],
                kinds[ChangeKind.EDITED] + kinds[ChangeKind.SPLIT] + kinds[ChangeKind.MERGED],
                moved,
                kinds[ChangeKind.DELETED],
                kinds[ChangeKind.RESTORED],
                lead,
                body,
            )
        )
        if not last_only or r == last:
            made = [
                (key, sid, r, i, paragraph, start, end, w.introduced, list(w.modified), text[start:end])
                for i, ((paragraph, w), (start, end)) in enumerate(
                    zip(wordings, tracker.bounds(r), strict=True)
                )
            ]
            if sink is None:
                sentences.extend(made)
            else:
                sink(made)
        paragraphs.append(current)
        previous_text = text
        if progress is not None and (r + 1) % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)

    audit = audit_story(story, tracker)
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
                    key,
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
    first, final = revisions[0], revisions[-1]
    stories = [
        (
            key,
            sid,
            ref.source,
            ref.record,
            story.title,
            last + 1,
            first[3],
            final[3],
            words,
            final[9],
            len(audit.silent_updates()),
        )
    ]
    rows = {"stories": stories, "revisions": revisions, "sentences": sentences, "findings": findings}
    return StoryRows(rows, last + 1)
