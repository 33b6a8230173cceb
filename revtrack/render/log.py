"""The history in numbers for people and programs (``revtrack log``): a table, or ``revtrack/log@1``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from revtrack._jsontext import json_line
from revtrack.render.escape import show_line

if TYPE_CHECKING:
    from revtrack.history import RevisionStats
    from revtrack.story import Story

__all__ = ["LOG_FORMAT", "LOG_FORMATS", "render_log", "render_log_json", "render_log_text"]

LOG_FORMAT = "revtrack/log@1"

_COLUMNS = ("rev", "timestamp", "+words", "-words", "added", "edited", "moved", "deleted", "restored")


def render_log_text(story: Story, stats: Sequence[RevisionStats]) -> str:
    """One aligned line per revision, then a newline."""
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


def render_log_json(story: Story, stats: Sequence[RevisionStats]) -> str:
    """``revtrack/log@1``, one line."""
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


LOG_FORMATS: dict[str, Callable[[Story, Sequence[RevisionStats]], str]] = {
    "text": render_log_text,
    "json": render_log_json,
}


def render_log(story: Story, stats: Sequence[RevisionStats], fmt: str = "text") -> str:
    """Render the per-revision *stats* of *story* in format *fmt* (a key of :data:`LOG_FORMATS`)."""
    return LOG_FORMATS[fmt](story, stats)
