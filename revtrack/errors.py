"""Errors: one base class, and messages that say where the fault is."""

from __future__ import annotations

import attrs

__all__ = [
    "ArticleError",
    "OutputError",
    "RevisionLookupError",
    "RevtrackError",
    "SourceError",
    "StateError",
    "StoryError",
]


class RevtrackError(Exception):
    """Base class for every error revtrack raises on purpose.

    Its ``str()`` is a single line: the location first, then what was found.
    """


@attrs.define(str=False)
class StoryError(RevtrackError):
    """A story (file or data) is malformed: names the source and the place at fault."""

    source: str
    """The file path, or ``"<memory>"`` for a story built in memory."""
    problem: str
    """What is wrong, e.g. ``"missing"`` or ``"not a string"``."""
    update: int | None = None
    """1-based index of the update at fault (0 is the base), or None."""
    label: str | None = None
    """That update's label, when it has one."""
    field: str | None = None
    """The key at fault (``"timestamp"``, ``"patch"`` …), or None."""
    line: int | None = None
    column: int | None = None

    def __attrs_post_init__(self) -> None:
        Exception.__init__(self, str(self))

    @property
    def where(self) -> str:
        """The place at fault, e.g. ``"update 2 ('UPDATE 7:15pm EST'): timestamp"``."""
        parts: list[str] = []
        if self.line is not None:
            parts.append(f"line {self.line}, column {self.column}")
        if self.update is not None:
            parts.append(_name_update(self.update, self.label))
        if self.field is not None:
            parts.append(self.field)
        return ": ".join(parts)

    def __str__(self) -> str:
        return ": ".join(p for p in (self.source, self.where, self.problem) if p)


@attrs.define(str=False)
class ArticleError(RevtrackError):
    """A marked article cannot be turned into a story."""

    source: str
    problem: str
    line: int | None = None
    """1-based line of the marker at fault, when there is one."""

    def __attrs_post_init__(self) -> None:
        Exception.__init__(self, str(self))

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else None
        return ": ".join(p for p in (self.source, where, self.problem) if p)


@attrs.define(str=False)
class SourceError(RevtrackError):
    """A source of versions (saved pages, a JSON Lines file, a wiki dump, a database, a git
    repository) cannot be imported: names the source and the record at fault."""

    source: str
    problem: str
    where: str | None = None
    """The record at fault: ``"line 12"``, ``"page 'Pear': revision 185185"`` …, or None."""

    def __attrs_post_init__(self) -> None:
        Exception.__init__(self, str(self))

    def __str__(self) -> str:
        return ": ".join(p for p in (self.source, self.where, self.problem) if p)


@attrs.define(str=False)
class RevisionLookupError(RevtrackError, LookupError):
    """A revision asked for by index or time does not exist in the story."""

    source: str
    problem: str

    def __attrs_post_init__(self) -> None:
        Exception.__init__(self, str(self))

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


class OutputError(RevtrackError, OSError):
    """A file revtrack was asked to write cannot be written (also an :class:`OSError`)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StateError(RevtrackError, ValueError):
    """A saved tracker state cannot be read (damaged, or not one), or a tracker does not belong
    to the story it is used with (also a :class:`ValueError`)."""


def _name_update(index: int, label: str | None) -> str:
    name = "base" if index == 0 else f"update {index}"
    return f"{name} ({label!r})" if label else name
