"""The story file, revtrack/story@1: every bad input named exactly, canonical round trips."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.cli import main
from revtrack.errors import RevtrackError, StoryError
from revtrack.story import Story, Update
from revtrack.storyfile import dumps_story, load_story, loads_story, story_from_dict

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "fixtures" / "broken"
STORIES = sorted((ROOT / "fixtures").glob("*.json"))

# file name -> (message after the path, attributes of the error)
CASES: dict[str, tuple[str, dict[str, object]]] = {
    "backwards.json": (
        "update 2 ('UPDATE 7:15pm EST'): timestamp: 2020-03-11T17:00:00-05:00 is earlier than "
        "update 1 ('UPDATE 6:20pm EST') at 2020-03-11T18:20:00-05:00",
        {"update": 2, "label": "UPDATE 7:15pm EST", "field": "timestamp"},
    ),
    "bad-timestamp.json": (
        "base: timestamp: 'March 11, 4pm' is not an ISO 8601 timestamp",
        {"update": 0, "field": "timestamp"},
    ),
    "broken-json.json": (
        "line 3, column 53: invalid JSON: Expecting ',' delimiter",
        {"line": 3, "column": 53, "update": None},
    ),
    "duplicate-key.json": ("duplicate key 'text'", {}),
    "naive-timestamp.json": (
        "base: timestamp: '2020-03-11T16:00:00' has no UTC offset (write it as e.g. 2020-03-11T16:00:00+00:00)",
        {"update": 0, "field": "timestamp"},
    ),
    "no-base-text.json": ("base: text: missing", {"update": 0, "field": "text"}),
    "no-base.json": ("base: missing", {"field": "base"}),
    "no-change.json": (
        "update 1 ('Update A'): needs exactly one of 'text', 'append', 'patch', found none",
        {"update": 1, "label": "Update A"},
    ),
    "no-format.json": ("format: missing, expected 'revtrack/story@1'", {"field": "format"}),
    "not-utf8.json": ("not UTF-8 text (byte 0xe9 at offset 94)", {}),
    "patch-mismatch.json": (
        "update 1 ('Fix'): patch: hunk 1 (@@ -5) does not apply exactly",
        {"update": 1, "label": "Fix", "field": "patch"},
    ),
    "surrogate.json": (
        "base: text: lone surrogate U+D800 at offset 4 (not valid Unicode text)",
        {"update": 0, "field": "text"},
    ),
    "text-not-string.json": ("base: text: expected a string, found a number", {"update": 0, "field": "text"}),
    "top-list.json": ("the top level is a list, expected an object", {}),
    "two-changes.json": (
        "update 1: needs exactly one of 'text', 'append', 'patch', found 'text' and 'patch'",
        {"update": 1},
    ),
    "unknown-format.json": (
        "format: unknown format 'revtrack/story@2', expected 'revtrack/story@1'",
        {"field": "format"},
    ),
    "unknown-key.json": ("unknown key 'titel' (known keys: format, id, title, base, updates)", {}),
    "unknown-update-key.json": (
        "update 1: unknown key 'lable' (known keys: timestamp, label, author, text, append, patch)",
        {"update": 1},
    ),
}


def test_every_broken_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.json")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_library_raises_one_error_family_with_the_facts(name: str) -> None:
    message, facts = CASES[name]
    path = BROKEN / name
    with pytest.raises(StoryError) as info:
        load_story(path)
    error = info.value
    assert isinstance(error, RevtrackError)
    assert str(error) == f"{path}: {message}"
    assert error.source == str(path)
    for key, value in facts.items():
        assert getattr(error, key) == value, key


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_prints_one_line_and_exits_1(name: str) -> None:
    message, _ = CASES[name]
    path = BROKEN / name
    for command in (["validate", str(path)], ["log", str(path)], ["show", str(path)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {path}: {message}\n"
        assert "Traceback" not in result.output


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match=r"nope\.json: no such file$"):
        load_story(tmp_path / "nope.json")
    with pytest.raises(StoryError, match=r"is a directory, not a story file$"):
        load_story(tmp_path)
    result = CliRunner().invoke(main, ["text", str(tmp_path / "nope.json")])
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / 'nope.json'}: no such file\n")


def test_more_shapes_of_bad_data() -> None:
    base = {"timestamp": "2020-03-11T16:00:00Z", "text": "x"}
    cases = [
        (
            {"format": "revtrack/story@1", "base": base, "updates": {}},
            "updates: expected a list, found an object",
        ),
        (
            {"format": "revtrack/story@1", "base": base, "updates": ["x"]},
            "update 1: expected an object, found a string",
        ),
        ({"format": "revtrack/story@1", "base": "x"}, "base: expected an object, found a string"),
        (
            {"format": "revtrack/story@1", "base": {**base, "append": "y"}},
            "base: unknown key 'append' (known keys: timestamp, label, author, text)",
        ),
        (
            {"format": "revtrack/story@1", "base": {**base, "author": None}, "title": 3},
            "title: expected a string, found a number",
        ),
        ({"format": "revtrack/story@1", "base": {"text": "x"}}, "base: timestamp: missing"),
    ]
    for data, message in cases:
        with pytest.raises(StoryError) as info:
            story_from_dict(data, source="s.json")
        assert str(info.value) == f"s.json: {message}"


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_fixture_stories_are_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    story = load_story(path)
    assert dumps_story(story) == text
    assert story.id
    assert len(story) >= 4


def test_id_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "my-story.json"
    path.write_text(
        '{"format": "revtrack/story@1", "base": {"timestamp": "2020-03-11T16:00:00Z", "text": "x"}}'
    )
    story = load_story(path)
    assert (story.id, story.title, story.updates) == ("my-story", None, ())
    assert story.revisions[0].label == "Original"


# --- round trips ---------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
_offsets = st.sampled_from([0, -5, 2, 5.5, -9.5]).map(lambda h: timezone(timedelta(hours=h)))


@st.composite
def stories(draw: st.DrawFn) -> Story:
    start = datetime(2020, 3, 11, 16, tzinfo=draw(_offsets))
    n = draw(st.integers(0, 5))
    gaps = draw(st.lists(st.integers(0, 600), min_size=n, max_size=n))
    texts = draw(st.lists(_text, min_size=n + 1, max_size=n + 1))
    labels = draw(st.lists(st.one_of(st.none(), _text), min_size=n + 1, max_size=n + 1))
    authors = draw(st.lists(st.one_of(st.none(), _text), min_size=n + 1, max_size=n + 1))
    times = [start]
    for gap in gaps:
        times.append((times[-1] + timedelta(minutes=gap)).astimezone(draw(_offsets)))
    story = Story.from_texts(
        texts,
        times,
        id=draw(_text.filter(bool)),
        title=draw(st.one_of(st.none(), _text)),
        labels=labels,
        authors=authors,
    )
    if draw(st.booleans()) and story.updates:  # some updates stored as whole texts
        k = draw(st.integers(0, len(story.updates) - 1))
        u = story.updates[k]
        updates = list(story.updates)
        updates[k] = Update(u.timestamp, u.label, u.author, text=texts[k + 1])
        story = Story(id=story.id, base=story.base, updates=updates, title=story.title)
    return story


@settings(max_examples=150, deadline=None)
@given(stories())
def test_save_load_round_trip_is_byte_exact(story: Story) -> None:
    text = dumps_story(story)
    loaded = loads_story(text)
    assert dumps_story(loaded) == text
    assert [r.text for r in loaded.revisions] == [r.text for r in story.revisions]
    assert [r.timestamp for r in loaded.revisions] == [r.timestamp for r in story.revisions]
