"""Stories: a base text plus timestamped updates, and the revisions they make.

Revision 0 is the base; revision k is the text after update k. Building a story
applies every update once, in order (so a bad patch or an out-of-order
timestamp is found then, naming the update); a revision's text is made when it
is read, from the nearest whole text the story keeps, so a story of thousands
of revisions holds about its largest text and its updates, not every revision.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast, overload

import attrs

from revtrack._affixes import common_prefix, common_suffix
from revtrack._checkpoints import Checkpoints
from revtrack.errors import RevisionLookupError, StoryError
from revtrack.patch import PatchError, apply_patch

if TYPE_CHECKING:
    from revtrack.diff import WordDiff

__all__ = [
    "Kind",
    "Revision",
    "Revisions",
    "Story",
    "StoryBuilder",
    "Update",
    "check_order",
    "find_surrogate",
    "parse_timestamp",
    "smallest_update",
    "surrogate_problem",
]

Kind = Literal["text", "append", "patch"]
KINDS: tuple[Kind, ...] = ("text", "append", "patch")
APPEND_SEPARATOR = "\n\n"
"""An ``append`` update joins its text to the previous one with one blank line."""


class _Missing(enum.Enum):
    MISSING = enum.auto()


_MISSING = _Missing.MISSING
_INDEX = re.compile(r"[+-]?[0-9]+")
_BASE_NEEDS_TEXT = "found {kind!r}, expected a whole 'text' (the base has no revision before it)"


_ISO8601 = re.compile(
    r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8}|[0-9]{4}-W[0-9]{2}-[0-9]|[0-9]{4}W[0-9]{3})"  # a date
    r"(?:T[0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2}(?:[.,][0-9]+)?)?)?"  # "T", a time
    r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"  # its UTC offset
)
"""What ISO 8601 allows of what Python's ``datetime.fromisoformat`` reads (which also takes any
character between the date and the time, and offsets with seconds): both must accept a story's
timestamp, which revtrack's output repeats as written."""
_SEPARATOR = re.compile(r"([0-9]{4}-?[0-9]{2}-?[0-9]{2}|[0-9]{4}-?W[0-9]{2}-?[0-9])([^T0-9])([0-9]{2}[:0-9])")
_OFFSET_SECONDS = re.compile(r"[+-][0-9]{2}:?[0-9]{2}:?[0-9]{2}(?:[.,][0-9]+)?$")


def parse_timestamp(value: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries a UTC offset.

    Raises:
        ValueError: the text is not ISO 8601, or it has no UTC offset.
    """
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp") from None
    if not _ISO8601.fullmatch(value):
        if sep := _SEPARATOR.match(value):
            fixed = f"{sep[1]}T{value[sep.end(2) :]}"
            if when.tzinfo is None:
                raise ValueError(
                    f"{value!r} has no UTC offset, nor 'T' between the date and the time "
                    f"(write it as e.g. {fixed}+00:00)"
                )
            raise ValueError(f"{value!r} is not ISO 8601: write 'T' between the date and the time ({fixed})")
        if _OFFSET_SECONDS.search(value):
            raise ValueError(f"{value!r} is not ISO 8601: a UTC offset is hours and minutes (+hh:mm) or Z")
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp")
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


def surrogate_problem(text: str, offset: int = 0) -> str | None:
    """What an error says of the first lone surrogate in *text* (its offset counted from
    *offset*), or None when there is none."""
    bad = find_surrogate(text)
    if bad is None:
        return None
    return f"lone surrogate U+{ord(text[bad]):04X} at offset {offset + bad} (not valid Unicode text)"


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


class _Pending:
    """The text of revision *index* of a store, built when first read (see :class:`Revision`).

    Compares, hashes and pickles as that text, so a revision read lazily is equal to one
    given its text."""

    __slots__ = ("_index", "_store")

    def __init__(self, store: _TextStore, index: int) -> None:
        self._store = store
        self._index = index

    def resolve(self) -> str:
        return self._store.text(self._index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Pending):
            other = other.resolve()
        return self.resolve() == other if isinstance(other, str) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.resolve())

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return (str, (self.resolve(),))


@attrs.frozen(eq=False)
class Revision:
    """The full text of a story after one update (revision 0 is the base).

    A story's revisions are made on demand: the text is built from the story's
    updates the first time it is read (then kept in this object), so looking at
    the time or label of every revision builds no text.
    """

    index: int
    timestamp: datetime
    label: str
    author: str | None
    _text: str | _Pending = attrs.field(alias="text", repr=False)
    timestamp_text: str = attrs.field(repr=False)
    """The timestamp as written in the story file."""
    kind: Kind = "text"
    """How the update was stored (the base is ``"text"``)."""

    @property
    def text(self) -> str:
        """The whole text of this revision."""
        text = self._text
        if isinstance(text, _Pending):
            text = text.resolve()
            object.__setattr__(self, "_text", text)
        return text

    def _key(self) -> tuple[object, ...]:
        return (self.index, self.timestamp, self.label, self.author, self.kind)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Revision)
        return self._key() == other._key() and self.text == other.text

    def __hash__(self) -> int:
        return hash((*self._key(), self.text))


def _default_label(index: int) -> str:
    return "Original" if index == 0 else f"Update {index}"


class _Head(NamedTuple):
    """What a revision is, apart from its text."""

    timestamp: datetime
    label: str | None
    author: str | None
    timestamp_text: str
    kind: Kind


# How one revision's text is made from the one before (see _apply_step):
#   ("text", text)                        the whole text
#   ("append", paragraphs)                the text before + APPEND_SEPARATOR + paragraphs
#   ("patch", patch_text)                 an exact diff-match-patch patch
#   ("delta", pieces)                     a whole text as read from a file, kept as what
#                                         changed: text, and (start, end) of text kept from before
_Step = tuple[Any, ...]

_TEXT_BUDGET = 32 << 20
"""Characters of whole revision texts a story keeps to rebuild the others from."""


def _apply_step(before: str | None, step: _Step) -> str:
    kind = step[0]
    if kind == "text":
        return str(step[1])
    assert before is not None
    if kind == "append":
        return "".join((before, APPEND_SEPARATOR, str(step[1])))  # one copy of the text before, not two
    if kind == "patch":
        return apply_patch(before, str(step[1]))
    return "".join(piece if isinstance(piece, str) else before[piece[0] : piece[1]] for piece in step[1])


def _apply_steps(before: str | None, steps: Sequence[_Step]) -> str:
    """Several steps at once: paragraphs appended are joined once, not copied at every step."""
    parts: list[str] = []
    for step in steps:
        if step[0] == "append" and (parts or before is not None):
            if not parts:
                assert before is not None
                parts.append(before)
            parts += (APPEND_SEPARATOR, str(step[1]))
            continue
        if parts:
            before = "".join(parts)
            parts = []
        before = _apply_step(before, step)
    if parts:
        return "".join(parts)
    assert before is not None
    return before


def _whole(step: _Step) -> str | None:
    return str(step[1]) if step[0] == "text" else None


def _delta(before: str, after: str) -> _Step:
    """*after* as what changed from *before*: its common start and end, and between them each
    line found in *before* as a reference to it (a revision edited in several places keeps only
    the lines it changed), the rest as text."""
    prefix = common_prefix(before, after)
    suffix = common_suffix(before, after, min(len(before), len(after)) - prefix)
    pieces: list[str | tuple[int, int]] = [(0, prefix)] if prefix else []
    old = before[prefix : len(before) - suffix].split("\n")
    new = after[prefix : len(after) - suffix].split("\n")
    # Where each old line starts in *before* (its "\n" included in the line but for the last).
    starts = list(itertools.accumulate((len(line) + 1 for line in old[:-1]), initial=prefix))

    def copy(begin: int, end: int) -> None:
        if pieces and not isinstance(pieces[-1], str) and pieces[-1][1] == begin:
            pieces[-1] = (pieces[-1][0], end)
        elif end > begin:
            pieces.append((begin, end))

    def text(piece: str) -> None:
        if pieces and isinstance(pieces[-1], str):
            pieces[-1] += piece
        elif piece:
            pieces.append(piece)

    last = len(new) - 1
    where: dict[str, int] | None = None
    at = -1  # the old line after the last one copied

    def look_up(j: int) -> None:
        nonlocal where, at
        if where is None:
            where = {}
            for k in range(len(old) - 1, -1, -1):
                where[old[k]] = k
        line = new[j]
        k = at if 0 <= at < len(old) and old[at] == line else where.get(line, -1)
        if k < 0 or (k == len(old) - 1) != (j == last):  # the last line has no "\n" of its own
            text(line + ("\n" if j < last else ""))
            at = -1
        else:
            copy(starts[k], starts[k] + len(line) + (j < last))
            at = k + 1

    if len(old) == len(new):  # most lines in place: compared in C, a run at a time
        j = 0
        for same, run in itertools.groupby(map(operator.eq, old, new)):
            end = j + len(list(run))
            if same:
                copy(starts[j], starts[end - 1] + len(old[end - 1]) + (end - 1 < last))
                at = end
            else:
                for k in range(j, end):
                    look_up(k)
            j = end
    else:
        for j in range(len(new)):
            look_up(j)
    if suffix:
        copy(len(before) - suffix, len(before))
    return ("delta", tuple(pieces))


class _TextStore:
    """Every revision of a story: what it is, and its text on demand (see :mod:`revtrack._checkpoints`)."""

    def __init__(self) -> None:
        self.heads: list[_Head] = []
        self._texts: Checkpoints[str, _Step] = Checkpoints(
            _apply_step, len, _whole, _TEXT_BUDGET, _apply_steps
        )
        self.made_for: tuple[Update, Sequence[Update]] | None = None
        """The base and the updates it was made with, by a maker that knew the texts."""
        self._instants: list[timedelta] | None = None

    def __len__(self) -> int:
        return len(self.heads)

    def add(self, head: _Head, step: _Step, text: str) -> None:
        """Add the next revision: how it is made, and its text (already built by the caller)."""
        self.heads.append(head)
        self._texts.append(step, text)
        self._instants = None

    def add_lazy(self, head: _Head, step: _Step, size: int, make: Callable[[], str]) -> None:
        """Add the next revision, its text made only if the store keeps it whole."""
        self.heads.append(head)
        self._texts.append_lazy(step, size, make)
        self._instants = None

    def remember(self, index: int, text: str) -> None:
        self._texts.remember(index, text)

    def text(self, index: int) -> str:
        return self._texts.get(index)

    def made_with(self, base: Update, updates: Sequence[Update]) -> bool:
        """Whether these very objects are what it was made with."""
        return self.made_for is not None and self.made_for[0] is base and self.made_for[1] is updates

    def step(self, index: int) -> _Step:
        return self._texts.step(index)

    def instants(self) -> list[timedelta]:
        if self._instants is None:
            self._instants = [instant(h.timestamp) for h in self.heads]
        return self._instants

    def revision(self, index: int, text: str | None = None) -> Revision:
        head = self.heads[index]
        return Revision(
            index=index,
            timestamp=head.timestamp,
            label=head.label if head.label is not None else _default_label(index),
            author=head.author,
            text=_Pending(self, index) if text is None else text,
            timestamp_text=head.timestamp_text,
            kind=head.kind,
        )


def _head(update: Update) -> _Head:
    return _Head(update.timestamp, update.label, update.author, update.timestamp_text, update.kind)


def _step(update: Update) -> _Step:
    kind = update.kind
    return (kind, getattr(update, kind))


class _ByValue:
    """Compared as a sequence of its items (equal to a tuple of equal items), as a tuple is."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        mine = cast("Sequence[object]", self)
        return len(mine) == len(other) and all(a == b for a, b in zip(mine, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(cast("Sequence[object]", self)))


class _StoredUpdates(_ByValue, Sequence[Update]):
    """A loaded story's updates, made on demand from its store (a whole text is not kept as
    such: it is rebuilt from the revisions around it)."""

    def __init__(self, store: _TextStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return len(self.store) - 1

    @overload
    def __getitem__(self, index: int) -> Update: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Update, ...]: ...
    def __getitem__(self, index: int | slice) -> Update | tuple[Update, ...]:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(len(self))))
        n = len(self)
        if not -n <= index < n:
            raise IndexError("update index out of range")
        k = index % n + 1
        head = self.store.heads[k]
        step = self.store.step(k)
        payload = self.store.text(k) if head.kind == "text" else step[1]
        return Update(
            head.timestamp,
            head.label,
            head.author,
            timestamp_text=head.timestamp_text,
            **{head.kind: payload},
        )

    def __repr__(self) -> str:
        return f"<{len(self)} updates>"


_EACH_UPDATE = attrs.validators.deep_iterable(attrs.validators.instance_of(Update))


def _as_updates(updates: Iterable[Update]) -> Sequence[Update]:
    return updates if isinstance(updates, _StoredUpdates) else tuple(updates)


class Revisions(_ByValue, Sequence[Revision]):
    """A story's revisions, oldest first: a read-only sequence whose texts are built when read.

    Reading the texts in order costs one update each; any other order rebuilds
    from the nearest revision the story keeps whole.
    """

    def __init__(self, store: _TextStore, indices: range) -> None:
        self._store = store
        self._indices = indices

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, index: int) -> Revision: ...
    @overload
    def __getitem__(self, index: slice) -> Revisions: ...
    def __getitem__(self, index: int | slice) -> Revision | Revisions:
        if isinstance(index, slice):
            return Revisions(self._store, self._indices[index])
        return self._store.revision(self._indices[index])

    def __iter__(self) -> Iterator[Revision]:
        store = self._store
        return (store.revision(k) for k in self._indices)

    def __repr__(self) -> str:
        return f"<revisions {self._indices.start} to {self._indices.stop - 1}>"


@attrs.frozen
class Story:
    """A base text plus its updates, oldest first; every revision's text is made on demand.

    Building a story applies every update once, in order, so a bad patch or an
    out-of-order timestamp is found then; it keeps a bounded number of whole
    texts to rebuild any revision from (:mod:`revtrack._checkpoints`), so its
    memory follows the size of the text, not of the history.
    """

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    base: Update = attrs.field(validator=attrs.validators.instance_of(Update))
    updates: Sequence[Update] = attrs.field(
        default=(),
        converter=_as_updates,
    )
    """The updates, oldest first (a tuple, or for a story read from a file a read-only
    sequence that makes each update when read)."""
    title: str | None = attrs.field(default=None, validator=_OPTIONAL_STR)
    source: str = attrs.field(default="<memory>", eq=False)
    """Where the story came from (a path or ``"<memory>"``), only for error messages."""
    _store: _TextStore | None = attrs.field(default=None, alias="_store", eq=False, repr=False)
    """Private: the texts of the revisions, when the maker already built them (see from_texts)."""

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
    def _check_updates(self, attribute: attrs.Attribute[Sequence[Update]], updates: Sequence[Update]) -> None:
        if isinstance(updates, _StoredUpdates):
            return  # checked as they were added (StoryBuilder)
        _EACH_UPDATE(self, attribute, updates)
        check_order(self.source, (self.base, *updates))

    def __attrs_post_init__(self) -> None:
        updates = self.updates
        if isinstance(updates, _StoredUpdates):
            object.__setattr__(self, "_store", updates.store)
        elif self._store is None or not self._store.made_with(self.base, updates):
            # Built here, unless given by a maker of this very base and updates (not carried over by
            # attrs.evolve to other ones).
            object.__setattr__(self, "_store", self._build())

    @property
    def _texts(self) -> _TextStore:
        assert self._store is not None
        return self._store

    def _build(self) -> _TextStore:
        """Apply every update once, in order (an error names the update), keeping what is needed
        to rebuild any revision."""
        assert self.base.text is not None
        store = _TextStore()
        text = self.base.text
        store.add(_head(self.base), _step(self.base), text)
        for k, update in enumerate(self.updates, 1):
            try:
                text = update.apply(text)
            except PatchError as e:
                raise StoryError(self.source, str(e), update=k, label=update.label, field="patch") from None
            store.add(_head(update), _step(update), text)
        return store

    # --- looking revisions up --------------------------------------------------

    @property
    def revisions(self) -> Revisions:
        """Every revision, oldest first; ``revisions[k]`` is the text after update k."""
        return Revisions(self._texts, range(len(self._texts)))

    @property
    def last(self) -> Revision:
        """The newest revision."""
        return self._texts.revision(len(self._texts) - 1)

    def __len__(self) -> int:
        """The number of revisions (updates + 1)."""
        return len(self._texts)

    def revision(self, index: int) -> Revision:
        """Revision *index*; negative counts from the end, as for a list.

        Raises:
            RevisionLookupError: no such revision.
        """
        n = len(self._texts)
        if not -n <= index < n:
            raise RevisionLookupError(
                self.source, f"no revision {index}: the story has revisions 0 to {n - 1}"
            )
        return self._texts.revision(index % n)

    def as_of(self, when: datetime) -> Revision:
        """The latest revision published at or before *when* ("as of" a time).

        Raises:
            RevisionLookupError: *when* is before the base was published.
        """
        if when.utcoffset() is None:
            raise ValueError("as_of needs a timestamp with a UTC offset")
        k = bisect.bisect_right(self._texts.instants(), instant(when)) - 1
        if k < 0:
            raise RevisionLookupError(
                self.source,
                f"no revision as of {when.isoformat()}: the story begins at {self.base.timestamp_text}",
            )
        return self._texts.revision(k)

    def find(self, spec: str | int | datetime) -> Revision:
        """A revision by index (``3``, ``-1``) or by time (``2020-03-11T19:00-05:00``, or a
        :class:`~datetime.datetime`).

        A time without a UTC offset is read in the offset of the base's timestamp.

        Raises:
            RevisionLookupError: no such revision, or *spec* is neither.
        """
        if isinstance(spec, bool) or not isinstance(spec, int | str | datetime):
            raise TypeError(f"a revision is named by an index or a time, not {type(spec).__name__}")
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

        The texts are read one at a time (an iterator of a long history is never held whole).

        Args:
            texts: the base text, then the full text after each update.
            timestamps: one per text, never decreasing, each with a UTC offset.
            labels, authors: one per text (None for the default), or None.
        """
        for name, given in (("texts", texts), ("timestamps", timestamps)):
            if isinstance(given, str | bytes):  # iterating one would make a revision of each character
                raise TypeError(f"{name}: expected one item per revision, found one {type(given).__name__}")
        text_iter, time_iter = iter(texts), iter(timestamps)
        label_iter = itertools.repeat(None) if labels is None else iter(labels)
        author_iter = itertools.repeat(None) if authors is None else iter(authors)
        base: Update | None = None
        updates: list[Update] = []
        store = _TextStore()  # the texts are known: no update is applied again
        before = ""
        n = 0
        for text in text_iter:
            when = next(time_iter, None)
            if when is None:
                raise ValueError(f"{n + 1 + sum(1 for _ in text_iter)} texts but {n} timestamps")
            if not isinstance(text, str):
                raise TypeError(f"texts[{n}]: expected a string, found {type(text).__name__}")
            if not isinstance(when, datetime):
                raise TypeError(
                    f"timestamps[{n}]: expected a datetime with a UTC offset, found {type(when).__name__}"
                )
            if problem := surrogate_problem(text):
                raise ValueError(f"texts[{n}]: {problem}")
            label, author = next(label_iter, _MISSING), next(author_iter, _MISSING)
            if label is _MISSING or author is _MISSING:
                raise ValueError("labels and authors need one entry per text")
            assert not isinstance(label, _Missing)
            assert not isinstance(author, _Missing)
            update = (
                Update(when, label, author, text=text)
                if base is None
                else smallest_update(before, text, when, label, author)
            )
            if base is None:
                base = update
            else:
                updates.append(update)
            store.add(_head(update), _step(update), text)
            before = text
            n += 1
        if base is None:
            raise ValueError("from_texts needs at least one text (the base)")
        extra = sum(1 for _ in time_iter)
        if extra:
            raise ValueError(f"{n} texts but {n + extra} timestamps")
        if (labels is not None and next(label_iter, _MISSING) is not _MISSING) or (
            authors is not None and next(author_iter, _MISSING) is not _MISSING
        ):
            raise ValueError("labels and authors need one entry per text")
        made = tuple(updates)
        store.made_for = (base, made)
        return cls(id=id, base=base, updates=made, title=title, _store=store)

    def compacted(self) -> Story:
        """The same story with every update stored in its smallest exact form."""
        updates = [
            attrs.evolve(
                smallest_update(before.text, after.text, after.timestamp, u.label, u.author),
                timestamp_text=u.timestamp_text,
            )
            for (before, after), u in zip(itertools.pairwise(self.revisions), self.updates, strict=True)
        ]
        return attrs.evolve(self, updates=tuple(updates))


class StoryBuilder:
    """Builds a story one update at a time, keeping only what rebuilding its revisions needs.

    For readers of long histories (a story file read as a stream, an importer):
    each update is checked and applied as it comes, and a whole-text update is
    kept as what changed from the revision before, so a history of thousands of
    whole texts costs about its largest text and its changes. Faults are raised by
    :meth:`build` in the order a story built at once finds them: the first update
    out of time order, else the first patch that does not apply.
    """

    def __init__(self, base: Update, *, source: str = "<memory>") -> None:
        if base.text is None:
            raise StoryError(
                source, _BASE_NEEDS_TEXT.format(kind=base.kind), update=0, label=base.label, field=base.kind
            )
        self.base = base
        self.source = source
        self._texts = _TextStore()
        self._texts.add(_head(base), _step(base), base.text)
        self._previous = base
        self._count = 1  # revisions added, stored or not (after a fault they are not)
        # The last text, as pieces to join: appending costs the paragraph, not the text.
        self._parts: list[str] | None = [base.text]
        self._length = len(base.text)
        self._order_error: StoryError | None = None
        self._patch_error: StoryError | None = None
        self._spent = False

    def __len__(self) -> int:
        """The number of revisions so far."""
        return self._count

    @property
    def text(self) -> str | None:
        """The text of the last revision so far (None after a patch that did not apply)."""
        return None if self._parts is None else self._joined()

    def _joined(self) -> str:
        assert self._parts is not None
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0]

    def add(self, update: Update) -> None:
        """Add the next update (a story's own order: times never decreasing).

        Raises:
            RuntimeError: the builder is spent (:meth:`build` was called: the story it made
                shares its texts, and must not change).
        """
        self._unspent()
        if not isinstance(update, Update):
            raise TypeError(f"expected an Update, found {type(update).__name__}")
        k = self._count
        self._count += 1
        if self._order_error is None:
            try:
                check_order(self.source, (self._previous, update), k - 1)
            except StoryError as e:
                self._order_error = e
        self._previous = update
        parts = self._parts
        if parts is None:
            return
        if update.append is not None:
            parts += (APPEND_SEPARATOR, update.append)
            self._length += len(APPEND_SEPARATOR) + len(update.append)
            step = _step(update)
        else:
            before = self._joined()
            try:
                text = update.apply(before)
            except PatchError as e:
                self._patch_error = StoryError(
                    self.source, str(e), update=k, label=update.label, field="patch"
                )
                self._parts = None
                return
            step = _delta(before, text) if update.kind == "text" else _step(update)
            parts[:] = [text]
            self._length = len(text)
        self._texts.add_lazy(_head(update), step, self._length, self._joined)

    def _unspent(self) -> None:
        if self._spent:
            raise RuntimeError("this StoryBuilder is spent: build() was called (start another)")

    def build(self, id: str, title: str | None = None) -> Story:  # noqa: A002 - the story file's name
        """The story (the builder is spent).

        Raises:
            StoryError: an update was out of time order, or a patch did not apply.
        """
        self._unspent()
        if self._order_error is not None:
            raise self._order_error
        if self._patch_error is not None:
            raise self._patch_error
        self._texts.remember(len(self._texts) - 1, self._joined())
        self._spent = True
        return Story(
            id=id, base=self.base, updates=_StoredUpdates(self._texts), title=title, source=self.source
        )


_FRACTION = re.compile(r"T[0-9]{2}:?[0-9]{2}:?[0-9]{2}[.,]([0-9]+)")


def _below_microseconds(stamp: str) -> str:
    """The digits of *stamp*'s fraction of a second past the sixth (a datetime keeps microseconds),
    without trailing zeros: a story's times are in order to the last digit written."""
    found = _FRACTION.search(stamp)
    return found[1][6:].rstrip("0") if found else ""


def _earlier(after: Update, before: Update) -> bool:
    a, b = instant(after.timestamp), instant(before.timestamp)
    if a != b:
        return a < b
    x, y = _below_microseconds(after.timestamp_text), _below_microseconds(before.timestamp_text)
    width = max(len(x), len(y))
    return x.ljust(width, "0") < y.ljust(width, "0")


def check_order(source: str, history: Iterable[Update], first: int = 0) -> None:
    """Raise the :class:`StoryError` for the first update of *history* (numbered from *first*)
    earlier than the one before it."""
    for k, (before, after) in enumerate(itertools.pairwise(history), first + 1):
        if _earlier(after, before):
            raise StoryError(
                source,
                f"{after.timestamp_text} is earlier than "
                f"{_name(k - 1, before.label)} at {before.timestamp_text}",
                update=k,
                label=after.label,
                field="timestamp",
            )


def smallest_update(before: str, after: str, when: datetime, label: str | None, author: str | None) -> Update:
    """The update from *before* to *after* in its smallest exact form: ``append`` when the change
    only adds paragraphs at the end, else ``patch`` when shorter than the text, else ``text``."""
    if after.startswith(before) and after.startswith(APPEND_SEPARATOR, len(before)):  # no copy of *before*
        return Update(when, label, author, append=after[len(before) + len(APPEND_SEPARATOR) :])
    from revtrack.patch import make_patch

    patch = make_patch(before, after)
    if len(patch) < len(after):
        return Update(when, label, author, patch=patch)
    return Update(when, label, author, text=after)


def _name(index: int, label: str | None) -> str:
    name = "the base" if index == 0 else f"update {index}"
    return f"{name} ({label!r})" if label else name
