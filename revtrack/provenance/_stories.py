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

__all__ = ["attribute", "check_tracker", "track_story"]


def track_story(story: Story, upto: int | None = None, *, progress: Progress | None = None) -> Tracker:
    """A :class:`Tracker` fed with the story's revisions 0..*upto* (default: all), in one walk
    (*progress* is told ``(revisions done, revisions in all)``)."""
    _a_story(story)
    if upto is not None:  # -1 is the last, as everywhere; past the end is a RevisionLookupError
        upto = story.revision(upto).index
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
        tracker: a tracker already fed with this story's revisions, at least up to that one (one
            fed fewer is checked, then left as it is: the story is tracked anew).
        progress: told ``(revisions done, revisions to do)`` while a tracker is fed.
        origins: answer "who wrote these words" too: where each word first appeared anywhere
            in the story (:attr:`Provenance.with_origins`), not only in its sentence's lineage.

    Raises:
        StateError: *tracker* holds other texts than the story's (however many it holds).
    """
    _a_story(story)
    revision = story.last if at is None else story.find(at)
    if tracker is not None:
        _a_tracker(tracker)
        if 0 < len(tracker) <= revision.index:  # of no use, but it must be this story's
            check_tracker(story, tracker, len(tracker) - 1)
    if (
        tracker is None
        or len(tracker) <= revision.index  # not fed that far: no use
        or (origins and not tracker.tracks_origins)  # cannot say where words first appeared
    ):
        tracker = track_story(story, revision.index, progress=progress)
    else:
        check_tracker(story, tracker, revision.index)
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


def _a_tracker(tracker: object) -> None:
    if not isinstance(tracker, Tracker):
        hint = " (Tracker.loads reads a saved state)" if isinstance(tracker, str | bytes) else ""
        raise TypeError(f"tracker: expected a Tracker, found {type(tracker).__name__}{hint}")


def check_tracker(story: Story, tracker: Tracker, upto: int | None = None) -> None:
    """Raise :class:`~revtrack.errors.StateError` unless *tracker* was fed *story*'s revisions
    0..*upto* (default: every one, and no more): its count, and the texts of the base and of
    *upto* (a saved state kept beside a story that changed since, or another story's)."""
    from revtrack.errors import StateError

    _a_tracker(tracker)
    whole = upto is None
    upto = len(story) - 1 if upto is None else upto
    if len(tracker) <= upto or (whole and len(tracker) != len(story)):
        raise StateError(
            f"{story.source}: the tracker holds {len(tracker)} revisions, the story {len(story)}: "
            "it was fed another history"
        )
    for r in sorted({0, upto}):
        if tracker.text(r) != story.revision(r).text:
            raise StateError(
                f"{story.source}: the tracker's revision {r} is not this story's: it was fed other texts"
            )
