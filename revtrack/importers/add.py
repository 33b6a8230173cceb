"""Growing a story one version at a time: ``revtrack add``."""

from __future__ import annotations

from datetime import datetime

import attrs

from revtrack.errors import SourceError
from revtrack.story import Story, instant, smallest_update

__all__ = ["add_version"]


def add_version(
    story: Story,
    text: str,
    when: datetime,
    *,
    label: str | None = None,
    author: str | None = None,
    source: str = "<memory>",
) -> Story | None:
    """*story* with *text* as its newest version at *when*, stored in its smallest exact form;
    None when *text* is the last revision's text (nothing to add).

    Raises:
        SourceError: *when* is before the last revision's time (naming both).
        ValueError: *when* has no UTC offset.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("a version's time needs a UTC offset")
    last = story.last
    if instant(when) < instant(last.timestamp):
        raise SourceError(
            source,
            f"{when.isoformat()} is before the story's last revision "
            f"({last.index}, {last.label!r}) at {last.timestamp_text}",
            where="--time",
        )
    if text == last.text:
        return None
    update = smallest_update(last.text, text, when, label, author)
    return attrs.evolve(story, updates=(*story.updates, update))
