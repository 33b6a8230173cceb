"""History summaries: what each revision changed, in numbers (the data of ``revtrack log``;
:mod:`revtrack.render.log` writes it)."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import TYPE_CHECKING

import attrs

from revtrack.story import Story

if TYPE_CHECKING:
    from revtrack._progress import Progress
    from revtrack.provenance import Tracker

__all__ = ["RevisionStats", "revision_stats"]


@attrs.frozen
class RevisionStats:
    """What one revision changed against the one before it (the base: everything added)."""

    revision: int
    words_added: int
    words_removed: int
    sentences_added: int
    sentences_edited: int
    """Reworded, split or merged."""
    sentences_moved: int
    sentences_deleted: int
    sentences_restored: int


def revision_stats(
    story: Story, tracker: Tracker | None = None, *, progress: Progress | None = None
) -> tuple[RevisionStats, ...]:
    """Word and sentence counts for every revision, oldest first, in one walk (*progress* is told
    ``(revisions done, revisions in all)``; a tracker is fed first when none is given)."""
    from revtrack.diff import diff_texts
    from revtrack.provenance import ChangeKind, track_story
    from revtrack.text import is_word, split_words

    tracker = tracker if tracker is not None else track_story(story, progress=progress)
    revisions = story.revisions
    first = sum(1 for t in split_words(revisions[0].text) if is_word(t))
    stats = [RevisionStats(0, first, 0, len(tracker.sentences(0)), 0, 0, 0, 0)]
    for before, after in itertools.pairwise(revisions):
        d = diff_texts(before.text, after.text)
        changes = tracker.changes(after.index)
        kinds = Counter(c.kind for c in changes)
        stats.append(
            RevisionStats(
                after.index,
                d.words_added,
                d.words_removed,
                sentences_added=kinds[ChangeKind.ADDED],
                sentences_edited=kinds[ChangeKind.EDITED]
                + kinds[ChangeKind.SPLIT]
                + kinds[ChangeKind.MERGED],
                sentences_moved=sum(1 for c in changes if c.moved),
                sentences_deleted=kinds[ChangeKind.DELETED],
                sentences_restored=kinds[ChangeKind.RESTORED],
            )
        )
        if progress is not None:
            progress(after.index + 1, len(revisions))
    return tuple(stats)
