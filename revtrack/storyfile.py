"""The story file, ``revtrack/story@1``: read, validate, write.

Reading checks everything before a :class:`~revtrack.story.Story` is built,
so that each fault is reported once, in one line that names the file and the
place (``taji.json: update 2 ('UPDATE 7:15pm EST'): timestamp: ...``).
Writing gives the canonical form: two-space indented UTF-8 JSON, keys in the
order of the format, a final newline; reading and writing a canonical file
gives it back byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from revtrack.errors import StoryError
from revtrack.files import read_text, write_text
from revtrack.story import _BASE_NEEDS_TEXT, KINDS, Story, Update, find_surrogate, parse_timestamp

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


def load_story(path: str | Path) -> Story:
    """Read and validate a story file.

    Raises:
        StoryError: the file is missing, unreadable or not a valid story; the
            message names the file and the place at fault.
    """
    path = Path(path)
    text = read_text(path, kind="story file")
    return loads_story(text, source=str(path), default_id=path.stem)


def loads_story(text: str, *, source: str = "<memory>", default_id: str = "story") -> Story:
    """Parse and validate a story from JSON text (see :func:`load_story`)."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_parse_int)
    except json.JSONDecodeError as e:
        raise StoryError(source, f"invalid JSON: {e.msg}", line=e.lineno, column=e.colno) from None
    except RecursionError:
        raise StoryError(source, "invalid JSON: nested too deeply") from None
    except _DuplicateKey as e:
        raise _duplicate_key_error(text, e.args[0], source) from None
    return story_from_dict(data, source=source, default_id=default_id)


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
    bad = find_surrogate(value)
    if bad is not None:
        raise StoryError(
            source,
            f"lone surrogate U+{ord(value[bad]):04X} at offset {bad} (not valid Unicode text)",
            **where,
        )


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


def story_to_dict(story: Story) -> dict[str, Any]:
    """The ``revtrack/story@1`` JSON object of *story*, keys in the format's order."""
    out: dict[str, Any] = {"format": FORMAT, "id": story.id}
    if story.title is not None:
        out["title"] = story.title
    out["base"] = _update_to_dict(story.base)
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
    text = json.dumps(story_to_dict(story), ensure_ascii=False, indent=2) + "\n"
    if find_surrogate(text) is not None:
        _check_encodable(story)
    return text


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
    """Write *story* to *path* in canonical form (UTF-8, ``\\n`` line ends); a path that cannot
    be written raises :class:`~revtrack.errors.OutputError`."""
    write_text(path, dumps_story(story))
