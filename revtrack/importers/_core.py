"""The shared core of the importers: an ordered sequence of versions becomes a story.

Every importer reads its source into :class:`Version` records and hands them to
:func:`build_story`, which keeps only the text before the one it is reading and feeds
each update, in its smallest exact form, to a :class:`~revtrack.story.StoryBuilder`
(which keeps a bounded set of whole texts): a history of a gigabyte is built in the
memory of a few of its texts plus its changes. :func:`in_time_order` puts versions in time order
(stable for equal times) without holding their texts in memory beyond a budget.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import IO

import attrs

from revtrack.errors import SourceError
from revtrack.story import Story, StoryBuilder, Update, instant, smallest_update, surrogate_problem

__all__ = [
    "ImportFailure",
    "Note",
    "OnNote",
    "OnProgress",
    "Progress",
    "Version",
    "build_story",
    "in_time_order",
]


def _aware(_instance: object, _attribute: object, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"a version's timestamp needs a UTC offset, not {value.isoformat()}")


@attrs.frozen
class Version:
    """One version of a story, as a source holds it: its whole text and when it was published."""

    text: str = attrs.field(repr=False)
    timestamp: datetime = attrs.field(validator=_aware)
    label: str | None = None
    """The update's label in the story (None: revtrack's default, "Update k")."""
    author: str | None = None
    story: str = "story"
    """The id of the story this version belongs to."""
    title: str | None = None
    """The story's title as of this version, when the source has one."""
    where: str | None = None
    """Where the version was read, for messages: ``"line 12"``, ``"revision 185185"`` …"""


@attrs.frozen
class ImportFailure:
    """A story of a multi-story source that could not be imported; the others go on."""

    source: str
    """The file, database or repository."""
    problem: str
    story: str | None = None
    """The story's id, when it is known."""
    where: str | None = None
    """The record at fault: ``"line 12"``, ``"revision 185185"`` …"""

    def __str__(self) -> str:
        story = f"story {self.story!r}" if self.story is not None else None
        return ": ".join(p for p in (self.source, story, self.where, self.problem) if p)


@attrs.frozen
class Note:
    """Something the user should know about an import that is not an error (a choice made)."""

    source: str
    message: str
    story: str | None = None

    def __str__(self) -> str:
        story = f"story {self.story!r}" if self.story is not None else None
        return ": ".join(p for p in (self.source, story, self.message) if p)


@attrs.frozen
class Progress:
    """How far an import has got: for a progress line."""

    stories: int
    versions: int
    bytes_read: int
    """Bytes of the source read so far (compressed bytes for a compressed file)."""
    bytes_total: int | None
    """The source's size, when known."""


OnNote = Callable[[Note], None]
OnProgress = Callable[[Progress], None]


def _ignore(_: object) -> None:
    pass


def build_story(
    versions: Iterable[Version],
    *,
    source: str,
    id: str | None = None,  # noqa: A002 - the story file's own name for it
    title: str | None = None,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
) -> Story:
    """The story of *versions*, oldest first, each update in its smallest exact form.

    A version identical to the one before it adds nothing and is left out (one note counts
    them), unless *keep_identical*. Only the previous version's text is kept while building.

    Args:
        id, title: the story's; by default the versions' (the last title given).

    Raises:
        SourceError: no versions, or one older than the version before it (sources put their
            versions in time order, see :func:`in_time_order`).
    """
    note = on_note or _ignore
    builder: StoryBuilder | None = None
    previous: Version | None = None
    previous_text = ""
    story_id = id
    story_title = title
    identical = 0
    for version in versions:
        _check_text(version, source)
        if story_id is None:
            story_id = version.story
        if title is None and version.title is not None:
            story_title = version.title
        if previous is None:
            base = Update(version.timestamp, version.label, version.author, text=version.text)
            builder = StoryBuilder(base, source=source)
        else:
            assert builder is not None
            if instant(version.timestamp) < instant(previous.timestamp):
                raise SourceError(
                    source,
                    f"{version.timestamp.isoformat()} is earlier than the version before it "
                    f"({_name(previous)}, {previous.timestamp.isoformat()})",
                    where=version.where,
                )
            if version.text == previous_text and not keep_identical:
                identical += 1
                continue
            builder.add(
                smallest_update(previous_text, version.text, version.timestamp, version.label, version.author)
            )
        previous, previous_text = version, version.text
    if builder is None or story_id is None:
        raise SourceError(source, "no versions to import")
    if identical:
        same = "version was" if identical == 1 else "versions were"
        note(
            Note(
                source,
                f"{identical} {same} identical to the one before and left out (--keep-identical keeps them)",
                story=story_id,
            )
        )
    return builder.build(story_id, story_title)


def _check_text(version: Version, source: str) -> None:
    """Refuse what a story file cannot hold: a lone surrogate (not Unicode text)."""
    for field in ("text", "label", "author", "title"):
        value = getattr(version, field)
        if value is not None and (problem := surrogate_problem(value)):
            raise SourceError(source, f"{field}: {problem}", where=version.where)


def _name(version: Version) -> str:
    return version.where or (repr(version.label) if version.label else "the version before")


# --- time order ---------------------------------------------------------------------------


@attrs.frozen
class _Held:
    """A version whose text is in memory or in the spill file (then ``text`` is empty)."""

    key: tuple[object, int]
    version: Version
    offset: int = -1
    size: int = 0


def in_time_order(versions: Iterable[Version], *, budget: int = 64 << 20) -> Iterator[Version]:
    """*versions* in time order, equal times in the order given (a stable sort).

    Reads all of them first; texts beyond *budget* bytes in all go to a temporary file and are
    read back one at a time, so memory stays about *budget* however long the history.
    """
    held: list[_Held] = []
    in_memory = 0
    spill: IO[bytes] | None = None
    try:
        for seq, version in enumerate(versions):
            key = (instant(version.timestamp), seq)
            in_memory += len(version.text)
            if spill is None and in_memory > budget:
                spill = tempfile.TemporaryFile(prefix="revtrack-")  # noqa: SIM115 - closed in finally
                held = [_spilled(spill, h.key, h.version) for h in held]
            held.append(_Held(key, version) if spill is None else _spilled(spill, key, version))
        held.sort(key=lambda h: h.key)
        for h in held:
            if h.offset < 0:
                yield h.version
            else:
                assert spill is not None
                spill.seek(h.offset)
                yield attrs.evolve(h.version, text=spill.read(h.size).decode("utf-8"))
    finally:
        if spill is not None:
            spill.close()


def _spilled(spill: IO[bytes], key: tuple[object, int], version: Version) -> _Held:
    data = version.text.encode("utf-8")
    spill.seek(0, 2)
    offset = spill.tell()
    spill.write(data)
    return _Held(key, attrs.evolve(version, text=""), offset, len(data))
