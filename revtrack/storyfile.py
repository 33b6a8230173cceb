"""The story file, ``revtrack/story@1``: read, validate, write.

Reading checks everything before a :class:`~revtrack.story.Story` is built,
so that each fault is reported once, in one line that names the file and the
place (``taji.json: update 2 ('UPDATE 7:15pm EST'): timestamp: ...``).
Writing gives the canonical form: two-space indented UTF-8 JSON, keys in the
order of the format, a final newline; reading and writing a canonical file
gives it back byte for byte.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from revtrack.errors import StoryError
from revtrack.files import atomic_writer, decode_text, open_binary, read_text, source_name
from revtrack.story import (
    _BASE_NEEDS_TEXT,
    KINDS,
    Story,
    StoryBuilder,
    Update,
    find_surrogate,
    parse_timestamp,
    surrogate_problem,
)

if TYPE_CHECKING:
    from revtrack._progress import Progress

__all__ = [
    "FORMAT",
    "dumps_story",
    "load_story",
    "loads_story",
    "read_text",
    "save_story",
    "story_from_dict",
    "story_to_dict",
]

FORMAT = "revtrack/story@1"
_TOP_KEYS = ("format", "id", "title", "base", "updates")
_UPDATE_KEYS = ("timestamp", "label", "author", *KINDS)


def load_story(path: str | Path, *, progress: Progress | None = None) -> Story:
    """Read and validate a story file (``-``: standard input).

    The file is read as a stream, one update at a time, so a story of thousands
    of whole texts is never held whole: each text is kept only as what changed
    from the revision before (see :class:`~revtrack.story.Story`).

    *progress* is told ``(bytes read, bytes in the file)`` (None for a pipe) as it goes.

    Raises:
        StoryError: the file is missing, unreadable or not a valid story; the
            message names the file and the place at fault.
    """
    source = source_name(path)
    default_id = "stdin" if source == "<stdin>" else Path(path).stem
    with open_binary(path, kind="story file") as stream:

        def again() -> _Chunks | None:
            """The file from its start once more, where it can be read twice (not a pipe)."""
            if not stream.seekable():
                return None
            stream.seek(0)
            return _Chunks(stream, source, progress)

        return _read(_Chunks(stream, source, progress), source, default_id, again)


def loads_story(text: str, *, source: str = "<memory>", default_id: str = "story") -> Story:
    """Parse and validate a story from JSON text (see :func:`load_story`); a leading byte order
    mark is dropped (JSON allows a reader to)."""
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_parse_int)
    except json.JSONDecodeError as e:
        if not text[: e.pos].strip() and text[e.pos : e.pos + 1] not in _JSON_STARTS:
            raise _not_json(source, text[e.pos : e.pos + 30]) from None
        raise StoryError(source, f"invalid JSON: {e.msg}", line=e.lineno, column=e.colno) from None
    except RecursionError:
        raise StoryError(source, "invalid JSON: nested too deeply") from None
    except _DuplicateKey as e:
        raise _duplicate_key_error(text, e.args[0], source) from None
    return story_from_dict(data, source=source, default_id=default_id)


_JSON_STARTS = frozenset('{["-0123456789tfnNI')
"""The characters a JSON value (or Python's NaN and Infinity) begins with."""


def _not_json(source: str, begins: str) -> StoryError:
    """The error for a file that is not JSON from its first character: empty, or a text given
    for a story, most likely."""
    if not begins:
        return StoryError(source, "empty, not a story file")
    return StoryError(
        source,
        f"not a story file: not JSON (it begins {begins!r}); a story file is revtrack/story@1 "
        "JSON, made from texts by `revtrack import versions` or `revtrack import marked`",
    )


# --- reading a story as a stream ---------------------------------------------------

_CHUNK = 1 << 20
"""Bytes read at a time."""
_WHOLE_LIMIT = 32 << 20
"""A faulty file up to this size is read again whole, so that its error is the one
:func:`loads_story` gives (the first fault in the order fields, times, patches)."""


class _Unstreamable(Exception):
    """What a stream cannot follow (the updates before the base), or a fault its reading must
    leave to the whole text's for a small file: the message for a large one, and where."""

    def __init__(self, problem: str, **where: Any) -> None:
        super().__init__(problem)
        self.where = where


class _HeaderLater(_Unstreamable):
    """The updates come before ``format`` or ``base``: a file that can be read again is read twice."""


class _Chunks:
    """A file's UTF-8 text, decoded a chunk at a time; keeps its bytes while they are few."""

    def __init__(self, stream: BinaryIO, source: str, progress: Progress | None = None) -> None:
        self._stream = stream
        self._source = source
        self._progress = progress
        try:
            info = os.fstat(stream.fileno())
            self._size: int | None = info.st_size if stat.S_ISREG(info.st_mode) else None
        except (OSError, ValueError, io.UnsupportedOperation):
            self._size = None
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()  # a leading BOM dropped
        self.offset = 0  # bytes read so far
        self.kept: list[bytes] | None = []  # every byte read, while at most _WHOLE_LIMIT
        self.done = False

    def read(self, want: int = _CHUNK) -> str:
        """At least *want* more bytes' worth of text (less at the end of the file)."""
        parts: list[str] = []
        got = 0
        while not self.done and got < want:
            try:
                data = self._stream.read(max(_CHUNK, want - got))
            except OSError as e:
                raise StoryError(self._source, f"cannot read: {e.strerror or e}") from None
            if self.kept is not None:
                self.kept.append(data)
                if self.offset + len(data) > _WHOLE_LIMIT:
                    self.kept = None
            self.offset += len(data)
            self.done = not data
            got += len(data)
            if self._progress is not None:
                self._progress(self.offset, self._size)
            nul = data.find(b"\0")
            if nul >= 0:
                raise StoryError(
                    self._source,
                    f"a binary file (NUL byte at offset {self.offset - len(data) + nul}), not a story file",
                )
            try:
                parts.append(self._decoder.decode(data, final=not data))
            except UnicodeDecodeError as e:
                at = self.offset - len(e.object) + e.start  # e.object: bytes kept from before, then data
                raise StoryError(
                    self._source, f"not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {at})"
                ) from None
        return "".join(parts)

    def whole(self) -> bytes | None:
        """The whole file, when it is small enough to have been kept (reading the rest)."""
        while self.kept is not None and not self.done:
            offset = self.offset
            try:
                self.read()
            except StoryError:  # the bytes are kept all the same: the caller decodes them again
                if self.offset == offset:  # nothing more could be read
                    return None
        if self.kept is None:
            return None
        return b"".join(self.kept)


class _Scanner:
    """Walks the JSON text of a story: the values of the top level one at a time, and the
    updates one object at a time (each decoded by :mod:`json`, in C)."""

    def __init__(self, chunks: _Chunks, source: str) -> None:
        self.chunks = chunks
        self.source = source
        self.buf = chunks.read()
        self.pos = 0
        self.lines = 0  # line breaks in the text dropped from the front of buf
        self.dropped = 0  # characters dropped from the front of buf
        self.decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_int=_parse_int)

    def _more(self) -> bool:
        """Read on, at least doubling what is unread; False at the end of the file."""
        if self.chunks.done:
            return False
        if self.pos > _CHUNK:
            head = self.buf[: self.pos]
            self.lines += head.count("\n")
            self.dropped += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += self.chunks.read(max(_CHUNK, 2 * (len(self.buf) - self.pos)))
        return True

    def error(self, message: str, pos: int | None = None) -> StoryError:
        at = self.pos if pos is None else pos
        line = self.lines + self.buf.count("\n", 0, at) + 1
        start = self.buf.rfind("\n", 0, at) + 1
        column = (at - start if start or self.lines else at + self.dropped) + 1
        return StoryError(self.source, f"invalid JSON: {message}", line=line, column=column)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\n\r":
                self.pos += 1
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos : self.pos + 1]

    def expect(self, chars: str, what: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise self.error(f"Expecting {what}")
        self.pos += 1
        return char

    def value(self, update: int | None = None) -> Any:
        """The next JSON value, decoded whole (*update*: the update it is, for messages)."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as e:
                if self._more():
                    continue
                raise self.error(e.msg, e.pos) from None
            except RecursionError:
                raise StoryError(self.source, "invalid JSON: nested too deeply") from None
            except _DuplicateKey as e:
                found = _find_duplicate_key(self.buf[self.pos :])
                if found is None:  # cannot happen: raw_decode read as far as the duplicate
                    raise StoryError(self.source, f"duplicate key {e.args[0]!r}", update=update) from None
                key, offset, _path = found
                error = self.error("", self.pos + offset)
                raise StoryError(
                    self.source, f"duplicate key {key!r}", update=update, line=error.line, column=error.column
                ) from None
            if end == len(self.buf) and self._more():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value


def _read(
    chunks: _Chunks, source: str, default_id: str, again: Callable[[], _Chunks | None] = lambda: None
) -> Story:
    try:
        return _stream(_Scanner(chunks, source), source, default_id)
    except (StoryError, _Unstreamable) as e:
        data = chunks.whole()
        if data is None and isinstance(e, _HeaderLater) and (first := again()) is not None:
            # A large file whose updates come before its header (JSON keys have no order): the
            # header first, each update read and dropped, then the updates again, in a stream.
            header = _read_header(_Scanner(first, source))
            story_from_dict({**header, "updates": []}, source=source)  # the header's own faults
            second = again()
            assert second is not None
            return _stream(_Scanner(second, source), source, default_id, header)
        if data is None:
            if isinstance(e, _Unstreamable):
                raise StoryError(source, *e.args, **e.where) from None
            raise
        text = decode_text(data, source, kind="story file")
        return loads_story(text, source=source, default_id=default_id)


def _stream(scan: _Scanner, source: str, default_id: str, header: dict[str, Any] | None = None) -> Story:
    """Read a story, keeping only what it needs of each update (see :class:`StoryBuilder`);
    *header*: the top-level keys already read (of a file whose updates come first)."""
    if (first_char := scan.peek()) not in _JSON_STARTS:
        raise _not_json(source, scan.buf[scan.pos : scan.pos + 30] if first_char else "")
    if first_char != "{":
        raise _Unstreamable(f"the top level is {_kind_of(scan.value())}, expected an object")
    scan.pos += 1
    top: dict[str, Any] = {}
    builder: StoryBuilder | None = None
    first = True
    while True:
        if scan.peek() == "}" and first:
            scan.pos += 1
            break
        if scan.peek() != '"':
            raise scan.error("Expecting property name enclosed in double quotes")
        at = scan.pos
        key = scan.value()
        if key in top:
            error = scan.error("", at)
            raise StoryError(source, f"duplicate key {key!r}", line=error.line, column=error.column)
        scan.expect(":", "':' delimiter")
        if key != "updates":
            top[key] = scan.value(0 if key == "base" else None)
        else:
            top[key] = []
            builder = _stream_updates(scan, source, {**(header or {}), **top})
        first = False
        if scan.expect(",}", "',' delimiter") == "}":
            break
    if scan.peek():
        raise scan.error("Extra data")
    header = {k: v for k, v in top.items() if k != "updates"}
    story_from_dict({**header, "updates": []}, source=source, default_id=default_id)  # checks the rest
    story_id = _optional_string(header, "id", source)
    title = _optional_string(header, "title", source)
    if builder is None:
        builder = StoryBuilder(_update(header["base"], 0, source), source=source)
    return builder.build(default_id if story_id is None else story_id, title)


def _stream_updates(scan: _Scanner, source: str, top: dict[str, Any]) -> StoryBuilder:
    for key in ("format", "base"):
        if key not in top:
            raise _HeaderLater(
                f"missing before 'updates' (a story over {_WHOLE_LIMIT >> 20} MB that cannot be read twice, "
                "as on standard input, is read as a stream, which needs 'format' and 'base' first)",
                field=key,
            )
    story_from_dict({**top, "updates": []}, source=source)  # the header's faults come first
    builder = StoryBuilder(_update(top["base"], 0, source), source=source)
    if scan.peek() != "[":
        raise _Unstreamable(f"expected a list, found {_kind_of(scan.value())}", field="updates")
    for k, value in _items(scan):
        builder.add(_update(value, k, source))
    return builder


def _items(scan: _Scanner) -> Iterator[tuple[int, Any]]:
    """``(k, item)`` for each item of the list whose "[" is next, numbered from 1 and read one at a
    time (an update's text is held only while the caller looks at it)."""
    scan.pos += 1
    if scan.peek() == "]":
        scan.pos += 1
        return
    for k in itertools.count(1):
        yield k, scan.value(k)
        if scan.expect(",]", "',' delimiter") == "]":
            return


def _read_header(scan: _Scanner) -> dict[str, Any]:
    """The top-level keys of a story file but ``updates``, whose items are read one at a time and
    dropped (a first reading of a file whose updates come before its header)."""
    header: dict[str, Any] = {}
    scan.peek()
    scan.pos += 1  # the "{" the first reading found
    while scan.peek() == '"':
        key = scan.value()
        scan.expect(":", "':' delimiter")
        if key == "updates" and scan.peek() == "[":
            for _ in _items(scan):
                pass
        else:
            header[key] = scan.value(0 if key == "base" else None)
        if scan.expect(",}", "',' delimiter") == "}":
            break
    return header


def _parse_int(digits: str) -> int | float:
    # No number is valid anywhere in a story; a very long one must still be
    # reported as "found a number", not stop int() at its digit limit.
    return int(digits) if len(digits) <= 4000 else float(digits)


class _DuplicateKey(Exception):
    pass


def _duplicate_key_error(text: str, key: str, source: str) -> StoryError:
    """The error for the first key repeated within one object, with its line, column and update."""
    found = _find_duplicate_key(text)
    if found is None:  # cannot happen for text json.loads read up to the duplicate
        return StoryError(source, f"duplicate key {key!r}")
    key, offset, path = found
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    update = None
    if path[:1] == ["base"]:
        update = 0
    elif len(path) >= 2 and path[0] == "updates" and isinstance(path[1], int):
        update = path[1] + 1
    return StoryError(source, f"duplicate key {key!r}", update=update, line=line, column=column)


def _find_duplicate_key(text: str) -> tuple[str, int, list[str | int]] | None:
    """The first key in *text* repeated within its object: the key, its offset, the path to its object.

    A scan of JSON that :func:`json.loads` has read as far as the duplicate;
    only strings can hold brackets, and they are skipped whole.
    """
    keys: list[set[str] | None] = []  # per open container: the keys seen, or None for a list
    path: list[str | int] = []  # per open container: the current key or list index
    expect_key = False
    i = 0
    try:
        while i < len(text):
            char = text[i]
            if char == '"':
                end = i + 1
                while text[end] != '"':
                    end += 2 if text[end] == "\\" else 1
                end += 1
                value = str(json.loads(text[i:end]))
                seen = keys[-1] if keys else None
                if expect_key and seen is not None:
                    if value in seen:
                        return value, i, path[:-1]
                    seen.add(value)
                    path[-1] = value
                expect_key = False
                i = end
                continue
            if char == "{":
                keys.append(set())
                path.append("")
                expect_key = True
            elif char == "[":
                keys.append(None)
                path.append(0)
            elif char in "]}":
                keys.pop()
                path.pop()
            elif char == "," and keys:
                if keys[-1] is None:
                    path[-1] = int(path[-1]) + 1
                else:
                    expect_key = True
            i += 1
    except (ValueError, IndexError):
        return None
    return None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _kind_of(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def story_from_dict(data: object, *, source: str = "<memory>", default_id: str = "story") -> Story:
    """Build a story from parsed ``revtrack/story@1`` JSON, checking every field.

    Raises:
        StoryError: naming *source* and the place at fault.
    """
    if not isinstance(data, Mapping):
        raise StoryError(source, f"the top level is {_kind_of(data)}, expected an object")
    if "format" not in data:
        raise StoryError(source, f"missing, expected {FORMAT!r}", field="format")
    if data["format"] != FORMAT:
        raise StoryError(source, f"unknown format {data['format']!r}, expected {FORMAT!r}", field="format")
    _check_keys(data, _TOP_KEYS, source)
    story_id = _optional_string(data, "id", source)
    if story_id is None:
        story_id = default_id
    title = _optional_string(data, "title", source)
    if "base" not in data:
        raise StoryError(source, "missing", field="base")
    updates_data = data.get("updates", [])
    if not isinstance(updates_data, list):
        raise StoryError(source, f"expected a list, found {_kind_of(updates_data)}", field="updates")
    base = _update(data["base"], 0, source)
    updates = tuple(_update(item, k, source) for k, item in enumerate(updates_data, 1))
    return Story(id=story_id, title=title, base=base, updates=updates, source=source)


def _check_keys(data: Mapping[str, Any], allowed: tuple[str, ...], source: str, **where: Any) -> None:
    for key in data:
        if key not in allowed:
            known = ", ".join(allowed)
            raise StoryError(source, f"unknown key {key!r} (known keys: {known})", **where)


def _optional_string(data: Mapping[str, Any], key: str, source: str, **where: Any) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    _check_string(value, source, field=key, **where)
    return str(value)


def _check_string(value: object, source: str, **where: Any) -> None:
    if not isinstance(value, str):
        raise StoryError(source, f"expected a string, found {_kind_of(value)}", **where)
    if problem := surrogate_problem(value):
        raise StoryError(source, problem, **where)


def _update(data: object, index: int, source: str) -> Update:
    if not isinstance(data, Mapping):
        raise StoryError(source, f"expected an object, found {_kind_of(data)}", update=index)
    label = data.get("label")
    at: dict[str, Any] = {"update": index, "label": label if isinstance(label, str) else None}
    if index == 0:
        for kind in KINDS[1:]:
            if kind in data:
                raise StoryError(source, _BASE_NEEDS_TEXT.format(kind=kind), field=kind, **at)
    _check_keys(data, _UPDATE_KEYS, source, **at)
    label = _optional_string(data, "label", source, **at)
    author = _optional_string(data, "author", source, **at)
    if "timestamp" not in data:
        raise StoryError(source, "missing", field="timestamp", **at)
    stamp = data["timestamp"]
    _check_string(stamp, source, field="timestamp", **at)
    try:
        when = parse_timestamp(stamp)
    except ValueError as e:
        raise StoryError(source, str(e), field="timestamp", **at) from None
    given = [k for k in KINDS if k in data]
    if index == 0 and not given:
        raise StoryError(source, "missing", field="text", **at)
    if len(given) != 1:
        found = " and ".join(repr(k) for k in given) if given else "none"
        raise StoryError(source, f"needs exactly one of 'text', 'append', 'patch', found {found}", **at)
    kind = given[0]
    _check_string(data[kind], source, field=kind, **at)
    return Update(when, label, author, timestamp_text=stamp, **{kind: data[kind]})


def story_to_dict(story: Story, *, updates: bool = True) -> dict[str, Any]:
    """The ``revtrack/story@1`` JSON object of *story*, keys in the format's order (without
    ``updates`` if *updates* is false)."""
    out: dict[str, Any] = {"format": FORMAT, "id": story.id}
    if story.title is not None:
        out["title"] = story.title
    out["base"] = _update_to_dict(story.base)
    if updates:
        out["updates"] = [_update_to_dict(u) for u in story.updates]
    return out


def _update_to_dict(update: Update) -> dict[str, Any]:
    out: dict[str, Any] = {"timestamp": update.timestamp_text}
    if update.label is not None:
        out["label"] = update.label
    if update.author is not None:
        out["author"] = update.author
    out[update.kind] = getattr(update, update.kind)
    return out


def dumps_story(story: Story) -> str:
    """The canonical text of a story file.

    Raises:
        StoryError: a string holds a lone surrogate, which UTF-8 cannot encode.
    """
    return "".join(_chunks(story))


def _chunks(story: Story) -> Iterator[str]:
    """The canonical text of a story file, an update at a time: ``json.dumps(story_to_dict(story),
    ensure_ascii=False, indent=2)`` and a newline, without holding every update at once."""
    top = story_to_dict(story, updates=False)
    head = json.dumps(top, ensure_ascii=False, indent=2)
    if not story.updates:
        yield from _encodable(story, head[:-2] + ',\n  "updates": []\n}\n')
        return
    yield from _encodable(story, head[:-2] + ',\n  "updates": [\n')
    for k, update in enumerate(story.updates):
        item = json.dumps(_update_to_dict(update), ensure_ascii=False, indent=2)
        yield from _encodable(story, ("    " if k == 0 else ",\n    ") + item.replace("\n", "\n    "))
    yield "\n  ]\n}\n"


def _encodable(story: Story, text: str) -> Iterator[str]:
    if find_surrogate(text) is not None:
        _check_encodable(story)
    yield text


def _check_encodable(story: Story) -> None:
    """Raise the error a reader of the file would give for the first lone surrogate in *story*."""
    _check_string(story.id, story.source, field="id")
    if story.title is not None:
        _check_string(story.title, story.source, field="title")
    for index, update in enumerate((story.base, *story.updates)):
        label = update.label
        at: dict[str, Any] = {
            "update": index,
            "label": label if label and find_surrogate(label) is None else None,
        }
        for key, value in _update_to_dict(update).items():
            _check_string(value, story.source, field=key, **at)


def save_story(story: Story, path: str | Path) -> None:
    """Write *story* to *path* in canonical form (UTF-8, ``\\n`` line ends), an update at a time
    and atomically: a crash leaves the old file or the new one whole. A path that cannot be
    written raises :class:`~revtrack.errors.OutputError`; a string UTF-8 cannot encode, a
    :class:`StoryError` (and the file is untouched)."""
    with atomic_writer(path) as stream:
        for chunk in _chunks(story):
            stream.write(chunk)
