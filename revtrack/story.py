"""Stories: a base text plus timestamped updates, and the revisions they make.

Revision 0 is the base; revision k is the text after update k. A story
materializes all of its revisions once, at construction, in one pass over the
history (each update is applied to the text before it), so a bad patch or an
out-of-order timestamp is found when the story is built, not when it is read.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

import attrs

from revtrack.errors import RevisionLookupError, StoryError
from revtrack.patch import PatchError, apply_patch

if TYPE_CHECKING:
    from revtrack.diff import WordDiff

__all__ = ["Kind", "Revision", "Story", "Update", "find_surrogate", "parse_timestamp", "smallest_update"]

Kind = Literal["text", "append", "patch"]
KINDS: tuple[Kind, ...] = ("text", "append", "patch")
APPEND_SEPARATOR = "\n\n"
"""An ``append`` update joins its text to the previous one with one blank line."""
_INDEX = re.compile(r"[+-]?[0-9]+")
_BASE_NEEDS_TEXT = "found {kind!r}, expected a whole 'text' (the base has no revision before it)"


def parse_timestamp(value: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries a UTC offset.

    Raises:
        ValueError: the text is not ISO 8601, or it has no UTC offset.
    """
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp") from None
    if when.tzinfo is None or when.utcoffset() is None:
        # As written, with an offset, if that reads as a time with one: a date ("2024-01-02")
        # takes no offset (Python reads "2024-01-02+00:00" without one).
        try:
            aware = datetime.fromisoformat(value + "+00:00").utcoffset() is not None
        except ValueError:
            aware = False
        example = value if aware else when.isoformat()
        raise ValueError(f"{value!r} has no UTC offset (write it as e.g. {example}+00:00)")
    return when


def instant(when: datetime) -> timedelta:
    """An aware time as the instant it names, for comparing: two datetimes in one zone (a
    ZoneInfo) compare by their clock reading, wrong across a daylight-saving change, and
    ``astimezone(UTC)`` overflows near year 1 and 9999; this does neither."""
    offset = when.utcoffset()
    assert offset is not None
    return when.replace(tzinfo=None) - datetime.min - offset


def find_surrogate(text: str) -> int | None:
    """The offset of the first lone surrogate in *text* (not encodable as UTF-8), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return e.start
    return None


def _denotes(text: str, when: datetime) -> bool:
    """Whether *text* is an ISO 8601 timestamp for *when*, in *when*'s own UTC offset."""
    try:
        written = parse_timestamp(text)
    except ValueError:
        return False
    return written == when and written.utcoffset() == when.utcoffset()


def _aware(_instance: object, _attribute: object, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"timestamp {value.isoformat()} has no UTC offset")


# What is saved as a JSON string must be one: a number given for a label would make a story
# file that does not load.
_OPTIONAL_STR = attrs.validators.optional(attrs.validators.instance_of(str))


@attrs.frozen
class Update:
    """One change to a story: a timestamp and exactly one of ``text``, ``append``, ``patch``."""

    timestamp: datetime = attrs.field(validator=[attrs.validators.instance_of(datetime), _aware])
    label: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    """As written; None means the default ("Original" for the base, "Update k")."""
    author: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    text: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    """The whole new text."""
    append: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    """Paragraph(s) added at the end, after one blank line."""
    patch: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    """A diff-match-patch ``patch_toText`` against the previous revision."""
    timestamp_text: str = attrs.field(
        default=attrs.Factory(lambda self: self.timestamp.isoformat(), takes_self=True),
        eq=False,
    )
    """The timestamp as written in the story file, kept for output.

    Only kept when it denotes ``timestamp`` exactly (same instant, same UTC
    offset); otherwise it is ``timestamp.isoformat()``, so that
    ``attrs.evolve(update, timestamp=...)`` never saves the old time."""

    def __attrs_post_init__(self) -> None:
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"an update needs exactly one of text, append, patch; got {given}")
        if not _denotes(self.timestamp_text, self.timestamp):
            object.__setattr__(self, "timestamp_text", self.timestamp.isoformat())

    @property
    def kind(self) -> Kind:
        """Which change this update carries: ``"text"``, ``"append"`` or ``"patch"``."""
        return next(k for k in KINDS if getattr(self, k) is not None)

    def apply(self, previous: str) -> str:
        """The text after this update, given the text before it.

        Raises:
            PatchError: a patch does not apply exactly.
        """
        if self.text is not None:
            return self.text
        if self.append is not None:
            return previous + APPEND_SEPARATOR + self.append
        assert self.patch is not None
        return apply_patch(previous, self.patch)


@attrs.frozen
class Revision:
    """The full text of a story after one update (revision 0 is the base)."""

    index: int
    timestamp: datetime
    label: str
    author: str | None
    text: str = attrs.field(repr=False)
    timestamp_text: str = attrs.field(eq=False, repr=False)
    """The timestamp as written in the story file."""
    kind: Kind = "text"
    """How the update was stored (the base is ``"text"``)."""


def _as_updates(updates: Iterable[Update]) -> tuple[Update, ...]:
    return tuple(updates)


def _default_label(index: int) -> str:
    return "Original" if index == 0 else f"Update {index}"


@attrs.frozen
class Story:
    """A base text plus its updates, oldest first, with every revision materialized."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    base: Update = attrs.field(validator=attrs.validators.instance_of(Update))
    updates: tuple[Update, ...] = attrs.field(
        default=(),
        converter=_as_updates,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Update)),
    )
    title: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    source: str = attrs.field(default="<memory>", eq=False)
    """Where the story came from (a path or ``"<memory>"``), only for error messages."""
    _revisions: tuple[Revision, ...] = attrs.field(init=False, eq=False, repr=False)

    @base.validator
    def _check_base(self, _attribute: object, base: Update) -> None:
        if base.text is None:
            raise StoryError(
                self.source,
                _BASE_NEEDS_TEXT.format(kind=base.kind),
                update=0,
                label=base.label,
                field=base.kind,
            )

    @updates.validator
    def _check_chronological(self, _attribute: object, updates: tuple[Update, ...]) -> None:
        history = (self.base, *updates)
        for k, (before, after) in enumerate(itertools.pairwise(history), 1):
            if instant(after.timestamp) < instant(before.timestamp):
                raise StoryError(
                    self.source,
                    f"{after.timestamp_text} is earlier than "
                    f"{_name(k - 1, before.label)} at {before.timestamp_text}",
                    update=k,
                    label=after.label,
                    field="timestamp",
                )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_revisions", self._materialize())

    def _materialize(self) -> tuple[Revision, ...]:
        assert self.base.text is not None
        text = self.base.text
        revisions = [self._revision(0, self.base, text)]
        for k, update in enumerate(self.updates, 1):
            try:
                text = update.apply(text)
            except PatchError as e:
                raise StoryError(self.source, str(e), update=k, label=update.label, field="patch") from None
            revisions.append(self._revision(k, update, text))
        return tuple(revisions)

    @staticmethod
    def _revision(index: int, update: Update, text: str) -> Revision:
        return Revision(
            index=index,
            timestamp=update.timestamp,
            label=update.label if update.label is not None else _default_label(index),
            author=update.author,
            text=text,
            timestamp_text=update.timestamp_text,
            kind=update.kind,
        )

    # --- looking revisions up --------------------------------------------------

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """Every revision, oldest first; ``revisions[k]`` is the text after update k."""
        return self._revisions

    @property
    def last(self) -> Revision:
        """The newest revision."""
        return self._revisions[-1]

    def __len__(self) -> int:
        """The number of revisions (updates + 1)."""
        return len(self._revisions)

    def revision(self, index: int) -> Revision:
        """Revision *index*; negative counts from the end, as for a list.

        Raises:
            RevisionLookupError: no such revision.
        """
        n = len(self._revisions)
        if not -n <= index < n:
            raise RevisionLookupError(
                self.source, f"no revision {index}: the story has revisions 0 to {n - 1}"
            )
        return self._revisions[index]

    def as_of(self, when: datetime) -> Revision:
        """The latest revision published at or before *when* ("as of" a time).

        Raises:
            RevisionLookupError: *when* is before the base was published.
        """
        if when.utcoffset() is None:
            raise ValueError("as_of needs a timestamp with a UTC offset")
        times = [instant(r.timestamp) for r in self._revisions]
        k = bisect.bisect_right(times, instant(when)) - 1
        if k < 0:
            raise RevisionLookupError(
                self.source,
                f"no revision as of {when.isoformat()}: the story begins at {self.base.timestamp_text}",
            )
        return self._revisions[k]

    def find(self, spec: str | int | datetime) -> Revision:
        """A revision by index (``3``, ``-1``) or by time (``2020-03-11T19:00-05:00``, or a
        :class:`~datetime.datetime`).

        A time without a UTC offset is read in the offset of the base's timestamp.

        Raises:
            RevisionLookupError: no such revision, or *spec* is neither.
        """
        if isinstance(spec, bool) or not isinstance(spec, int | str | datetime):
            raise TypeError(f"a revision is named by an index, a time or its text, not {type(spec).__name__}")
        if isinstance(spec, int):
            return self.revision(spec)
        if isinstance(spec, datetime):
            when = spec
        else:
            text = spec.strip()
            if _INDEX.fullmatch(text):  # not int(): it also reads "1_0" and non-ASCII digits
                return self.revision(int(text))
            try:
                when = datetime.fromisoformat(text)
            except ValueError:
                raise RevisionLookupError(
                    self.source, f"{spec!r} is neither a revision number nor an ISO 8601 time"
                ) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.base.timestamp.tzinfo)
        return self.as_of(when)

    def diff(self, a: str | int | datetime, b: str | int | datetime) -> WordDiff:
        """The word diff from revision *a* to revision *b* (indices or times)."""
        from revtrack.diff import diff_texts

        return diff_texts(self.find(a).text, self.find(b).text)

    # --- building ----------------------------------------------------------------

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        timestamps: Iterable[datetime],
        *,
        id: str,  # noqa: A002 - the story file's own name for it
        title: str | None = None,
        labels: Iterable[str | None] | None = None,
        authors: Iterable[str | None] | None = None,
    ) -> Story:
        """Build a story from successive full texts, storing each update in its smallest exact form.

        Args:
            texts: the base text, then the full text after each update.
            timestamps: one per text, never decreasing, each with a UTC offset.
            labels, authors: one per text (None for the default), or None.
        """
        text_list = list(texts)
        times = list(timestamps)
        if not text_list:
            raise ValueError("from_texts needs at least one text (the base)")
        if len(times) != len(text_list):
            raise ValueError(f"{len(text_list)} texts but {len(times)} timestamps")
        label_list = list(labels) if labels is not None else [None] * len(text_list)
        author_list = list(authors) if authors is not None else [None] * len(text_list)
        if not len(label_list) == len(author_list) == len(text_list):
            raise ValueError("labels and authors need one entry per text")
        base = Update(times[0], label_list[0], author_list[0], text=text_list[0])
        updates = [
            smallest_update(before, after, when, label, author)
            for (before, after), when, label, author in zip(
                itertools.pairwise(text_list), times[1:], label_list[1:], author_list[1:], strict=True
            )
        ]
        return cls(id=id, base=base, updates=tuple(updates), title=title)

    def compacted(self) -> Story:
        """The same story with every update stored in its smallest exact form."""
        texts = [r.text for r in self._revisions]
        updates = [
            attrs.evolve(
                smallest_update(before, after, u.timestamp, u.label, u.author),
                timestamp_text=u.timestamp_text,
            )
            for (before, after), u in zip(itertools.pairwise(texts), self.updates, strict=True)
        ]
        return attrs.evolve(self, updates=tuple(updates))


def smallest_update(before: str, after: str, when: datetime, label: str | None, author: str | None) -> Update:
    """The update from *before* to *after* in its smallest exact form: ``append`` when the change
    only adds paragraphs at the end, else ``patch`` when shorter than the text, else ``text``."""
    if after.startswith(before + APPEND_SEPARATOR):
        return Update(when, label, author, append=after[len(before) + len(APPEND_SEPARATOR) :])
    from revtrack.patch import make_patch

    patch = make_patch(before, after)
    if len(patch) < len(after):
        return Update(when, label, author, patch=patch)
    return Update(when, label, author, text=after)


def _name(index: int, label: str | None) -> str:
    name = "the base" if index == 0 else f"update {index}"
    return f"{name} ({label!r})" if label else name
