"""History summaries: what each revision changed, in numbers (``revtrack log``)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from revtrack._jsontext import json_line
from revtrack.story import Story

if TYPE_CHECKING:
    from revtrack.provenance import Tracker

__all__ = ["LOG_FORMAT", "RevisionStats", "render_log", "render_log_json", "revision_stats"]

LOG_FORMAT = "revtrack/log@1"


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


def revision_stats(story: Story, tracker: Tracker | None = None) -> tuple[RevisionStats, ...]:
    """Word and sentence counts for every revision, oldest first."""
    from revtrack.diff import diff_texts
    from revtrack.provenance import ChangeKind, track_story
    from revtrack.text import is_word, split_words

    tracker = tracker if tracker is not None else track_story(story)
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
    return tuple(stats)


_COLUMNS = ("rev", "timestamp", "+words", "-words", "added", "edited", "moved", "deleted", "restored")


def render_log(story: Story, stats: Sequence[RevisionStats] | None = None) -> str:
    """``revtrack log``: one aligned line per revision, then a newline."""
    from revtrack.render.escape import show_line

    stats = revision_stats(story) if stats is None else stats
    rows = [(*_COLUMNS, "label")]
    for rev, st in zip(story.revisions, stats, strict=True):
        who = f" ({rev.author})" if rev.author else ""
        rows.append(
            (
                str(rev.index),
                rev.timestamp_text,
                f"+{st.words_added}",
                f"-{st.words_removed}",
                str(st.sentences_added),
                str(st.sentences_edited),
                str(st.sentences_moved),
                str(st.sentences_deleted),
                str(st.sentences_restored),
                show_line(rev.label + who),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(_COLUMNS))]
    lines = []
    for row in rows:
        cells = [row[1].ljust(widths[1]) if i == 1 else row[i].rjust(widths[i]) for i in range(len(_COLUMNS))]
        lines.append("  ".join(cells) + "  " + row[-1])
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_log_json(story: Story, stats: Sequence[RevisionStats] | None = None) -> str:
    """``revtrack log --format json``: ``revtrack/log@1``, one line."""
    stats = revision_stats(story) if stats is None else stats
    data = {
        "format": LOG_FORMAT,
        "story": story.id,
        "revisions": [
            {
                "index": rev.index,
                "label": rev.label,
                "timestamp": rev.timestamp_text,
                "author": rev.author,
                "kind": rev.kind if rev.index else None,
                "words": {"added": st.words_added, "removed": st.words_removed},
                "sentences": {
                    "added": st.sentences_added,
                    "edited": st.sentences_edited,
                    "moved": st.sentences_moved,
                    "deleted": st.sentences_deleted,
                    "restored": st.sentences_restored,
                },
            }
            for rev, st in zip(story.revisions, stats, strict=True)
        ],
    }
    return json_line(data)
