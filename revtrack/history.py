"""History summaries: what each update changed, in numbers (``revtrack log``)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from revtrack.story import Story

__all__ = ["RevisionStats", "revision_stats", "summarize"]


@attrs.frozen
class RevisionStats:
    """What one revision changed against the one before it (the base: all added)."""

    revision: int
    words_added: int
    words_removed: int


def revision_stats(story: Story) -> tuple[RevisionStats, ...]:
    """Word counts added and removed by every revision, oldest first."""
    from revtrack.diff import diff_texts
    from revtrack.text import is_word, split_words

    revisions = story.revisions
    first = sum(1 for t in split_words(revisions[0].text) if is_word(t))
    stats = [RevisionStats(0, first, 0)]
    for before, after in itertools.pairwise(revisions):
        d = diff_texts(before.text, after.text)
        stats.append(RevisionStats(after.index, d.words_added, d.words_removed))
    return tuple(stats)


def summarize(story: Story, stats: Sequence[RevisionStats] | None = None) -> str:
    """``revtrack log``: one aligned line per revision, then a newline."""
    stats = revision_stats(story) if stats is None else stats
    rows = [("rev", "timestamp", "words", "label")]
    for rev, st in zip(story.revisions, stats, strict=True):
        who = f" ({rev.author})" if rev.author else ""
        rows.append(
            (str(rev.index), rev.timestamp_text, f"+{st.words_added} -{st.words_removed}", rev.label + who)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip() for r in rows]
    return "\n".join(lines) + "\n"
