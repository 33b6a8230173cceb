"""The story file, revtrack/story@1: every bad input named exactly, canonical round trips."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from revtrack.cli import main
from revtrack.errors import RevtrackError, StoryError
from revtrack.patch import make_patch
from revtrack.story import Story, Update
from revtrack.storyfile import (
    dumps_story,
    load_story,
    loads_story,
    save_story,
    story_from_dict,
    story_to_dict,
)

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "fixtures" / "broken"


def _stories() -> list[Path]:
    # Globbed when the tests are collected: every story other engineers add is checked too.
    return sorted((ROOT / "fixtures").glob("*.json"))


class Case(NamedTuple):
    """The message after ``<path>: `` and the error's facts."""

    message: str
    update: int | None = None
    label: str | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None


# fixtures/broken/<name> -> the error it gives
CASES: dict[str, Case] = {
    "backwards.json": Case(
        "update 2 ('UPDATE 7:15pm EST'): timestamp: 2020-03-11T17:00:00-05:00 is earlier than "
        "update 1 ('UPDATE 6:20pm EST') at 2020-03-11T18:20:00-05:00",
        update=2,
        label="UPDATE 7:15pm EST",
        field="timestamp",
    ),
    "backwards-from-base.json": Case(
        "update 1: timestamp: 2020-03-11T15:00:00-05:00 is earlier than the base ('Original') at "
        "2020-03-11T16:00:00-05:00",
        update=1,
        field="timestamp",
    ),
    "bad-timestamp.json": Case(
        "base: timestamp: 'March 11, 4pm' is not an ISO 8601 timestamp", update=0, field="timestamp"
    ),
    "base-append.json": Case(
        "base: append: found 'append', expected a whole 'text' (the base has no revision before it)",
        update=0,
        field="append",
    ),
    "base-not-object.json": Case("base: expected an object, found a string", update=0),
    "broken-json.json": Case("line 3, column 53: invalid JSON: Expecting ',' delimiter", line=3, column=53),
    "duplicate-key.json": Case("line 1, column 96: base: duplicate key 'text'", update=0, line=1, column=96),
    "duplicate-update-key.json": Case(
        "line 7, column 6: update 2: duplicate key 'label'", update=2, line=7, column=6
    ),
    "empty.json": Case("empty, not a story file"),
    "not-json.json": Case(
        "not a story file: not JSON (it begins 'UPDATE: 6:20pm EST: Two U.S. s'); a story file is "
        "revtrack/story@1 JSON, made from texts by `revtrack import versions` or `revtrack import marked`"
    ),
    "huge-number.json": Case("id: expected a string, found a number", field="id"),
    "label-not-string.json": Case(
        "update 1: label: expected a string, found a number", update=1, field="label"
    ),
    "naive-timestamp.json": Case(
        "base: timestamp: '2020-03-11T16:00:00' has no UTC offset (write it as e.g. 2020-03-11T16:00:00+00:00)",
        update=0,
        field="timestamp",
    ),
    "naive-update-timestamp.json": Case(
        "update 1 ('A'): timestamp: '2020-03-11T17:00' has no UTC offset (write it as e.g. 2020-03-11T17:00+00:00)",
        update=1,
        label="A",
        field="timestamp",
    ),
    "no-base-text.json": Case("base: text: missing", update=0, field="text"),
    "no-base.json": Case("base: missing", field="base"),
    "no-change.json": Case(
        "update 1 ('Update A'): needs exactly one of 'text', 'append', 'patch', found none",
        update=1,
        label="Update A",
    ),
    "no-format.json": Case("format: missing, expected 'revtrack/story@1'", field="format"),
    "no-timestamp.json": Case("update 1 ('A'): timestamp: missing", update=1, label="A", field="timestamp"),
    "not-utf8.json": Case("not UTF-8 text (byte 0xe9 at offset 94)"),
    "null-text.json": Case(
        "update 1 ('A'): text: expected a string, found null", update=1, label="A", field="text"
    ),
    "null-timestamp.json": Case(
        "base: timestamp: expected a string, found null", update=0, field="timestamp"
    ),
    "patch-malformed.json": Case(
        "update 1 ('Fix'): patch: line 3: expected a hunk header or a line starting with ' ', '-' or '+', found '*y'",
        update=1,
        label="Fix",
        field="patch",
    ),
    "patch-mismatch.json": Case(
        "update 1 ('Fix'): patch: hunk 1 (@@ -5,11 +5,11 @@) does not apply exactly: "
        "expected 'dog sat on ' at offset 4, found 'cat sat on '",
        update=1,
        label="Fix",
        field="patch",
    ),
    "surrogate-author.json": Case(
        "update 1 ('A'): author: lone surrogate U+DFFF at offset 0 (not valid Unicode text)",
        update=1,
        label="A",
        field="author",
    ),
    "surrogate.json": Case(
        "base: text: lone surrogate U+D800 at offset 4 (not valid Unicode text)", update=0, field="text"
    ),
    "text-not-string.json": Case("base: text: expected a string, found a number", update=0, field="text"),
    "top-list.json": Case("the top level is a list, expected an object"),
    "two-changes.json": Case(
        "update 1: needs exactly one of 'text', 'append', 'patch', found 'text' and 'patch'", update=1
    ),
    "unknown-format.json": Case(
        "format: unknown format 'revtrack/story@2', expected 'revtrack/story@1'", field="format"
    ),
    "unknown-key.json": Case("unknown key 'titel' (known keys: format, id, title, base, updates)"),
    "unknown-update-key.json": Case(
        "update 1: unknown key 'lable' (known keys: timestamp, label, author, text, append, patch)", update=1
    ),
    "update-not-object.json": Case("update 2: expected an object, found a string", update=2),
    "updates-not-list.json": Case("updates: expected a list, found an object", field="updates"),
}

_BASE = '"base": {"timestamp": "2020-03-11T16:00:00-05:00", "text": "%s"}'


def _write(data: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "story.json"
        path.write_bytes(data)
        return path

    return make


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "story.json"
    path.mkdir()
    return path


# Byte-level and file-system cases, made in tmp_path -> (maker, case)
MADE: dict[str, tuple[Callable[[Path], Path], Case]] = {
    "missing": (lambda tmp_path: tmp_path / "story.json", Case("no such file")),
    "directory": (_directory, Case("is a directory, not a story file")),
    "latin-1": (
        _write(('{"format": "revtrack/story@1", ' + _BASE % "café" + "}").encode("latin-1")),
        Case("not UTF-8 text (byte 0xe9 at offset 94)"),
    ),
    "surrogate-bytes": (
        _write(
            b'{"format": "revtrack/story@1", ' + (_BASE % "ab\udfff").encode("utf-8", "surrogatepass") + b"}"
        ),
        Case("not UTF-8 text (byte 0xed at offset 93)"),
    ),
    "surrogate-escape": (
        _write(b'{"format": "revtrack/story@1", ' + (_BASE % "ab\\ud83d!").encode() + b"}"),
        Case(
            "base: text: lone surrogate U+D83D at offset 2 (not valid Unicode text)", update=0, field="text"
        ),
    ),
    "nested-too-deeply": (_write(b"[" * 100_000 + b"]" * 100_000), Case("invalid JSON: nested too deeply")),
    "trailing-data": (
        _write(b'{"format": "revtrack/story@1", ' + (_BASE % "x").encode() + b"}\n{}\n"),
        Case("line 2, column 1: invalid JSON: Extra data", line=2, column=1),
    ),
}


def _check(error: StoryError, path: Path, case: Case) -> None:
    assert isinstance(error, RevtrackError)
    assert str(error) == f"{path}: {case.message}"
    assert error.source == str(path)
    assert (error.update, error.label, error.field, error.line, error.column) == (
        case.update,
        case.label,
        case.field,
        case.line,
        case.column,
    )
    assert "\n" not in str(error)


def test_every_broken_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.json")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_file_raises_one_error_with_the_facts(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(StoryError) as info:
        load_story(path)
    _check(info.value, path, CASES[name])


@pytest.mark.parametrize("name", sorted(MADE))
def test_a_broken_file_made_byte_by_byte(name: str, tmp_path: Path) -> None:
    make, case = MADE[name]
    path = make(tmp_path)
    with pytest.raises(StoryError) as info:
        load_story(path)
    _check(info.value, path, case)


@pytest.mark.parametrize("command", ["validate", "log", "text"])
@pytest.mark.parametrize("name", sorted(CASES) + sorted(MADE))
def test_cli_prints_one_line_and_exits_1(name: str, command: str, tmp_path: Path) -> None:
    if name in CASES:
        path, case = BROKEN / name, CASES[name]
    else:
        make, case = MADE[name]
        path = make(tmp_path)
    result = CliRunner().invoke(main, [command, str(path)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {path}: {case.message}\n"
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, (ValueError, LookupError, RecursionError))


_T = datetime(2020, 3, 11, 16, tzinfo=UTC)
_OK_BASE = {"timestamp": "2020-03-11T16:00:00Z", "text": "x"}


@pytest.mark.parametrize(
    ("data", "case"),
    [
        (
            {"format": "revtrack/story@1", "base": _OK_BASE, "title": 3},
            Case("title: expected a string, found a number", field="title"),
        ),
        (
            {"format": "revtrack/story@1", "base": _OK_BASE, "id": None, "title": ["t"]},
            Case("title: expected a string, found a list", field="title"),
        ),
        (
            {"format": "revtrack/story@1", "base": _OK_BASE, "updates": None},
            Case("updates: expected a list, found null", field="updates"),
        ),
        (
            {"format": "revtrack/story@1", "base": {**_OK_BASE, "text": None}},
            Case("base: text: expected a string, found null", update=0, field="text"),
        ),
        (
            {"format": "revtrack/story@1", "base": {**_OK_BASE, "timestamp": True}},
            Case("base: timestamp: expected a string, found true/false", update=0, field="timestamp"),
        ),
        (
            {
                "format": "revtrack/story@1",
                "base": {**_OK_BASE, "label": "L", "patch": "@@ -1 +1 @@\n-x\n+y\n"},
            },
            Case(
                "base ('L'): patch: found 'patch', expected a whole 'text' (the base has no revision before it)",
                update=0,
                label="L",
                field="patch",
            ),
        ),
        (
            {
                "format": "revtrack/story@1",
                "base": _OK_BASE,
                "updates": [{"timestamp": "2020-03-11T17:00:00Z", "append": 1}],
            },
            Case("update 1: append: expected a string, found a number", update=1, field="append"),
        ),
        (
            {"format": 1, "base": _OK_BASE},
            Case("format: unknown format 1, expected 'revtrack/story@1'", field="format"),
        ),
        ("revtrack/story@1", Case("the top level is a string, expected an object")),
        (None, Case("the top level is null, expected an object")),
    ],
    ids=[
        "title-number",
        "title-list",
        "updates-null",
        "base-text-null",
        "timestamp-bool",
        "base-patch",
        "append-number",
        "format-number",
        "top-string",
        "top-null",
    ],
)
def test_bad_data_from_memory(data: Any, case: Case) -> None:
    """story_from_dict checks data a publishing system built itself, naming the same places."""
    with pytest.raises(StoryError) as info:
        story_from_dict(data, source="s.json")
    _check(info.value, Path("s.json"), case)


def test_duplicate_keys_anywhere_are_named_with_their_place() -> None:
    text = '{"format": "revtrack/story@1",\n "format": "revtrack/story@1"}'
    with pytest.raises(StoryError) as info:
        loads_story(text)
    assert str(info.value) == "<memory>: line 2, column 2: duplicate key 'format'"
    text = '{"id": "a\\"{[", "base": {"text": {"q": [{"k": 1, "k\\u0022": 2, "k": 3}]}}}'
    with pytest.raises(StoryError) as info:
        loads_story(text)
    assert str(info.value) == "<memory>: line 1, column 64: base: duplicate key 'k'"


def test_a_missing_id_is_the_file_name_and_an_empty_one_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "my-story.json"
    path.write_text(
        '{"format": "revtrack/story@1", "base": {"timestamp": "2020-03-11T16:00:00Z", "text": "x"}}'
    )
    story = load_story(path)
    assert (story.id, story.title, story.updates) == ("my-story", None, ())
    assert story.revisions[0].label == "Original"
    path.write_text(
        '{"format": "revtrack/story@1", "id": "", "base": {"timestamp": "2020-03-11T16:00:00Z", "text": "x"}}'
    )
    assert load_story(path).id == ""


def test_null_for_an_optional_string_means_absent() -> None:
    story = loads_story(
        '{"format": "revtrack/story@1", "id": "s", "title": null, '
        '"base": {"timestamp": "2020-03-11T16:00:00Z", "label": null, "author": null, "text": "x"}}'
    )
    assert (story.title, story.base.label, story.base.author, story.revisions[0].label) == (
        None,
        None,
        None,
        "Original",
    )


@pytest.mark.parametrize("path", _stories(), ids=lambda p: p.stem)
def test_fixture_stories_are_canonical(path: Path) -> None:
    """Loading and saving a canonical file gives it back byte for byte: nothing is lost or changed."""
    text = path.read_bytes().decode("utf-8")
    story = load_story(path)
    assert dumps_story(story) == text
    assert story_to_dict(story) == json.loads(text)
    assert len(story) == len(json.loads(text)["updates"]) + 1


def test_saving_writes_utf8_with_newline_line_ends(tmp_path: Path) -> None:
    story = Story.from_texts(
        ["Łódź\r\nline", "Łódź\r\nline\n\n“more” 🚀"],
        [datetime(2020, 3, 11, 16, tzinfo=UTC)] * 2,
        id="s",
    )
    path = tmp_path / "s.json"
    save_story(story, path)
    data = path.read_bytes()
    assert data.decode("utf-8") == dumps_story(story)
    assert "“more” 🚀".encode() in data  # not \u-escaped
    assert b"\r\n" not in data  # the text's CRLF is escaped as \r\n in JSON
    assert load_story(path).revisions == story.revisions


# --- round trips ---------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_prose = st.lists(
    st.sampled_from(["Rocket ", "attack ", "in ", "Iraq", ". ", "\n\n", "é ", "😀 ", "“", "”"]), max_size=20
).map("".join)
_any_text = st.one_of(_text, _prose)
_offsets = st.sampled_from([0, -5, 2, 5.5, -9.5, 14, -12]).map(lambda h: timezone(timedelta(hours=h)))


@st.composite
def _timestamp_texts(draw: st.DrawFn, when: datetime) -> str:
    """One of the ways a publishing system may write *when*."""
    forms = [when.isoformat()]
    if when.second == when.microsecond == 0:
        forms.append(when.isoformat(timespec="minutes"))
    if when.utcoffset() == timedelta(0):
        forms += [f.replace("+00:00", "Z") for f in forms]
    return draw(st.sampled_from(forms))


@st.composite
def stories(draw: st.DrawFn) -> Story:
    """A random story: every update kind, labels, authors, timestamps with assorted UTC offsets."""
    when = datetime(2020, 3, 11, 16, tzinfo=draw(_offsets))
    text = draw(_any_text)
    optional = st.one_of(st.none(), _text)
    base = Update(
        when, draw(optional), draw(optional), text=text, timestamp_text=draw(_timestamp_texts(when))
    )
    updates = []
    for _ in range(draw(st.integers(0, 5))):
        gap = draw(
            st.sampled_from(
                [timedelta(0), timedelta(seconds=1), timedelta(minutes=55), timedelta(microseconds=7)]
            )
        )
        when = (when + gap).astimezone(draw(_offsets))
        kind = draw(st.sampled_from(["text", "append", "patch"]))
        if kind == "append":
            change = draw(_any_text)
            text = text + "\n\n" + change
        else:
            new = draw(_any_text)
            change = new if kind == "text" else make_patch(text, new)
            text = new
        stamp = draw(_timestamp_texts(when))
        updates.append(Update(when, draw(optional), draw(optional), timestamp_text=stamp, **{kind: change}))
    return Story(id=draw(_text), base=base, updates=updates, title=draw(optional))


@settings(max_examples=200, deadline=None)
@given(stories())
def test_save_load_round_trip_is_byte_exact(story: Story) -> None:
    text = dumps_story(story)
    loaded = loads_story(text)
    assert dumps_story(loaded) == text
    assert loaded == story
    assert loaded.revisions == story.revisions
    assert [(r.timestamp_text, r.timestamp.utcoffset()) for r in loaded.revisions] == [
        (r.timestamp_text, r.timestamp.utcoffset()) for r in story.revisions
    ]
    assert [u.kind for u in loaded.updates] == [u.kind for u in story.updates]


@pytest.mark.parametrize(
    ("story", "message"),
    [
        (
            Story(id="s", base=Update(_T, text="a"), updates=[Update(_T, "L", append="a\ud800b")]),
            "update 1 ('L'): append: lone surrogate U+D800 at offset 1 (not valid Unicode text)",
        ),
        (
            Story(id="s", base=Update(_T, "L\udc00", text="a")),
            "base: label: lone surrogate U+DC00 at offset 1 (not valid Unicode text)",
        ),
        (
            Story(id="s", title="\udc00", base=Update(_T, text="a")),
            "title: lone surrogate U+DC00 at offset 0 (not valid Unicode text)",
        ),
    ],
    ids=["append", "label", "title"],
)
def test_saving_a_lone_surrogate_is_a_story_error(story: Story, message: str, tmp_path: Path) -> None:
    """A story built in memory is checked as a file would be, before anything is written."""
    path = tmp_path / "s.json"
    with pytest.raises(StoryError) as info:
        save_story(story, path)
    assert str(info.value) == f"<memory>: {message}"
    assert not path.exists()


def test_save_story_where_it_cannot_write_names_the_path(tmp_path: Path) -> None:
    from revtrack.errors import OutputError

    story = load_story(ROOT / "fixtures" / "taji.json")
    with pytest.raises(OutputError, match=rf"^{re.escape(str(tmp_path))}: is a directory$") as caught:
        save_story(story, tmp_path)
    assert isinstance(caught.value, OSError)  # what code that catches OSError around a write expects
    with pytest.raises(OutputError, match="no such directory"):
        save_story(story, tmp_path / "no" / "story.json")


@pytest.mark.parametrize("pad", [0, 40 << 20], ids=["small", "streamed"])
def test_a_byte_order_mark_is_dropped(tmp_path: Path, pad: int) -> None:
    """JSON lets a reader drop a leading BOM (RFC 8259, 8.1), as editors on Windows write one;
    in a file read whole and in one read as a stream alike."""
    body = b'{"format": "revtrack/story@1", ' + (_BASE % ("x" * pad)).encode() + b"}"
    plain, marked = tmp_path / "plain.json", tmp_path / "marked.json"
    plain.write_bytes(body)
    marked.write_bytes(b"\xef\xbb\xbf" + body)
    assert load_story(marked).last.text == load_story(plain).last.text == "x" * pad
    assert loads_story("\ufeff" + body.decode()).last.text == "x" * pad


def _two_times(base: str, update: str) -> str:
    return json.dumps(
        {
            "format": "revtrack/story@1",
            "id": "t",
            "base": {"timestamp": base, "text": "A."},
            "updates": [{"timestamp": update, "append": "B."}],
        }
    )


@pytest.mark.parametrize(
    ("stamp", "problem"),
    [
        (
            "2020-03-11X16:00:00-05:00",
            "is not ISO 8601: write 'T' between the date and the time (2020-03-11T16:00:00-05:00)",
        ),
        (
            "2020-03-11 16:00:00-05:00",
            "is not ISO 8601: write 'T' between the date and the time (2020-03-11T16:00:00-05:00)",
        ),
        ("2020-03-11T16:00:00-05:00:30", "is not ISO 8601: a UTC offset is hours and minutes (+hh:mm) or Z"),
        (
            "2020-03-11T16:00:00+05:30:15.5",
            "is not ISO 8601: a UTC offset is hours and minutes (+hh:mm) or Z",
        ),
    ],
)
def test_a_timestamp_python_reads_but_iso_8601_does_not_is_an_error(stamp: str, problem: str) -> None:
    """revtrack's JSON repeats a story's timestamps as written, for programs that read ISO 8601."""
    with pytest.raises(StoryError) as caught:
        loads_story(_two_times(stamp, "2020-03-11T23:00:00Z"))
    assert str(caught.value) == f"<memory>: base: timestamp: {stamp!r} {problem}"


@pytest.mark.parametrize(
    "stamp",
    [
        "2020-03-11T16:00:00-05:00",
        "2020-03-11T16:00:00Z",
        "2020-03-11T16:00-05:00",
        "2020-03-11T16Z",
        "20200311T160000Z",
        "2020-W11-3T16:00:00+01:00",
        "2020-03-11T16:00:00,5+01:00",
        "2020-03-11T16:00:00.1234567+01:00",
    ],
)
def test_iso_8601_timestamps_are_read(stamp: str) -> None:
    story = loads_story(_two_times(stamp, "2020-03-11T23:00:00Z"))
    assert story.base.timestamp_text == stamp


def test_times_are_in_order_to_the_last_digit_written() -> None:
    """A datetime keeps microseconds; a story's times are compared to the nanosecond as written."""
    with pytest.raises(StoryError, match=r"update 1: timestamp: .*\.1234561Z is earlier than the base"):
        loads_story(_two_times("2020-03-11T21:00:00.1234569Z", "2020-03-11T21:00:00.1234561Z"))
    later = loads_story(_two_times("2020-03-11T21:00:00.1234561Z", "2020-03-11T21:00:00.12345610Z"))
    assert len(later) == 2
    assert (
        len(loads_story(_two_times("2020-03-11T21:00:00.123456Z", "2020-03-11T22:00:00.1234561+01:00"))) == 2
    )
