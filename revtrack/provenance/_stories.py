"""Stories in, provenance out: a tracker fed with a story, and one revision's attribution."""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING

from revtrack.provenance._model import Provenance
from revtrack.provenance._tracker import Tracker

if TYPE_CHECKING:
    from datetime import datetime

    from revtrack._progress import Progress
    from revtrack.story import Story

__all__ = ["attribute", "track_story"]


def track_story(story: Story, upto: int | None = None, *, progress: Progress | None = None) -> Tracker:
    """A :class:`Tracker` fed with the story's revisions 0..*upto* (default: all), in one walk
    (*progress* is told ``(revisions done, revisions in all)``)."""
    _a_story(story)
    tracker = Tracker()
    revisions = story.revisions if upto is None else story.revisions[: upto + 1]
    total = len(revisions)
    for k, revision in enumerate(revisions, 1):
        tracker.add(revision.text)
        if progress is not None:
            progress(k, total)
    return tracker


def attribute(
    story: Story,
    at: int | str | datetime | None = None,
    *,
    tracker: Tracker | None = None,
    progress: Progress | None = None,
    origins: bool = False,
) -> Provenance:
    """The provenance of one revision of *story* (default: the last).

    Args:
        at: a revision index or time, as for :meth:`Story.find`.
        tracker: a tracker already fed with at least that many revisions.
        progress: told ``(revisions done, revisions to do)`` while a tracker is fed.
        origins: answer "who wrote these words" too: where each word first appeared anywhere
            in the story (:attr:`Provenance.with_origins`), not only in its sentence's lineage.

    Raises:
        StateError: *tracker* holds other texts than the story's.
    """
    _a_story(story)
    revision = story.last if at is None else story.find(at)
    if tracker is None or len(tracker) <= revision.index:
        tracker = track_story(story, revision.index, progress=progress)
    elif tracker.text(revision.index) != revision.text:  # a stale or mixed-up saved state
        from revtrack.errors import StateError

        raise StateError(
            f"{story.source}: the tracker's revision {revision.index} is not this story's: "
            "it was fed other texts"
        )
    return Provenance(
        story=story.id,
        revision=revision.index,
        revisions=story.revisions,
        text=revision.text,
        sentences=tracker.sentences(revision.index),
        with_origins=origins,
    )


def _a_story(story: object) -> None:
    """A TypeError that says what to pass, for anything but a story (a file name, most often)."""
    from revtrack.story import Story

    if not isinstance(story, Story):
        hint = " (revtrack.load_story reads a story file)" if isinstance(story, str | PathLike) else ""
        raise TypeError(f"expected a Story, found {type(story).__name__}{hint}")
