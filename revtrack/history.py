"""History summaries: what each revision changed, in numbers (the data of ``revtrack log``;
:mod:`revtrack.render.log` writes it)."""

from __future__ import annotations

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
    ``(revisions done, revisions in all)``). Without a tracker, one is fed in that same walk: each
    revision's text is built once, for the tracker and for the word diff.

    Raises:
        StateError: *tracker* was fed another history than the story's.
    """
    from revtrack.diff import diff_texts
    from revtrack.provenance import ChangeKind, Tracker
    from revtrack.provenance._stories import check_tracker
    from revtrack.text import is_word, split_words

    if tracker is not None:
        check_tracker(story, tracker)
    feed = tracker is None
    attributed = Tracker() if tracker is None else tracker
    total = len(story)
    stats: list[RevisionStats] = []
    before = ""
    for after in story.revisions:
        text = after.text
        r = after.index
        if feed:
            attributed.add(text)
        if r == 0:
            first = sum(1 for t in split_words(text) if is_word(t))
            stats.append(RevisionStats(0, first, 0, len(attributed.sentences(0)), 0, 0, 0, 0))
        else:
            d = diff_texts(before, text)
            changes = attributed.changes(r)
            kinds = Counter(c.kind for c in changes)
            stats.append(
                RevisionStats(
                    r,
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
            progress(r + 1, total)
        before = text
    return tuple(stats)
