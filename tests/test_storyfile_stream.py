"""Reading a story file as a stream (revtrack.storyfile): huge files, whole texts kept as changes."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import revtrack.storyfile as storyfile
from revtrack.errors import StoryError
from revtrack.story import Story, StoryBuilder, Update
from revtrack.storyfile import dumps_story, load_story, loads_story

ROOT = Path(__file__).resolve().parents[1]
BROKEN = sorted((ROOT / "fixtures" / "broken").glob("*.json"))
STORIES = sorted((ROOT / "fixtures").glob("*.json"))
T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file read as a large one is: no second reading of the whole text on a fault,
    and chunks of a few bytes, so that values straddle them."""
    monkeypatch.setattr(storyfile, "_WHOLE_LIMIT", 0)
    monkeypatch.setattr(storyfile, "_CHUNK", 7)


def _message(path: Path) -> str:
    try:
        load_story(path)
    except StoryError as e:
        return str(e)
    return "ok"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_a_large_broken_file_gets_the_same_error(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _message(path)
    monkeypatch.setattr(storyfile, "_WHOLE_LIMIT", 0)
    monkeypatch.setattr(storyfile, "_CHUNK", 7)
    streamed = _message(path)
    assert streamed == whole


@pytest.mark.usefixtures("streamed")
def test_a_large_file_whose_updates_come_before_its_header_is_read_twice(tmp_path: Path) -> None:
    """JSON keys have no order: a file that can be read again is read for its header, then for its
    updates (only standard input, read once, needs the header first, and says so)."""
    import subprocess
    import sys

    story = loads_story((ROOT / "fixtures" / "taji.json").read_text(encoding="utf-8"))
    data = json.loads(dumps_story(story))
    reordered = {"updates": data.pop("updates"), **{k: data[k] for k in reversed(list(data))}}
    path = tmp_path / "late-header.json"
    path.write_text(json.dumps(reordered), encoding="utf-8")
    assert dumps_story(load_story(path)) == dumps_story(story)
    del reordered["base"]
    path.write_text(json.dumps(reordered), encoding="utf-8")
    assert _message(path) == f"{path}: base: missing"  # as a whole reading says
    done = subprocess.run(
        [sys.executable, "-c", "import sys, revtrack.storyfile as s; s._WHOLE_LIMIT = 0; s.load_story('-')"],
        input=json.dumps({"updates": [], **data}).encode(),
        capture_output=True,
        check=False,
    )
    assert b"format: missing before 'updates' (a story over 0 MB that cannot be read twice" in done.stderr


@pytest.mark.usefixtures("streamed")
@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.name)
def test_fixture_stories_read_as_streams_are_the_same_stories(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    story = load_story(path)
    assert story == loads_story(text, source=str(path), default_id=path.stem)
    assert dumps_story(story) == text
    assert [r.text for r in story.revisions] == [r.text for r in loads_story(text).revisions]


def test_whole_texts_are_kept_as_what_changed(tmp_path: Path) -> None:
    """A file of whole texts: the story keeps each as a change of the text before, and gives it
    back whole when asked."""
    base = "\n\n".join(f"Paragraph {k} of a long article about the flood." for k in range(2000))
    texts = [base]
    for k in range(30):
        texts.append(texts[-1].replace(f"Paragraph {k * 50} ", f"Paragraph {k * 50} (edited) "))
    data = {
        "format": "revtrack/story@1",
        "id": "long",
        "base": {"timestamp": T0.isoformat(), "text": texts[0]},
        "updates": [{"timestamp": T0.isoformat(), "text": t} for t in texts[1:]],
    }
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    story = load_story(path)
    pieces = [piece for k in range(1, len(story)) for piece in story._texts.step(k)[1]]
    kept = sum(len(piece) for piece in pieces if isinstance(piece, str))
    assert kept < len(base) // 50  # the changes, not 30 whole texts
    assert [r.text for r in story.revisions] == texts
    assert story.revision(17).text == texts[17]
    assert [u.text for u in story.updates] == texts[1:]
    assert dumps_story(story) == path.read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a\n", "b\n", "\n", "c", "long line of text\n", "é\r\n"]), max_size=30),
    st.data(),
)
def test_a_whole_text_kept_as_a_change_is_given_back_exactly(lines: list[str], data: st.DataObject) -> None:
    before = "".join(lines)
    edited = data.draw(st.lists(st.sampled_from([*lines, "new\n", "x"]), max_size=30))
    after = "".join(edited)
    builder = StoryBuilder(Update(T0, text=before))
    builder.add(Update(T0, text=after))
    story = builder.build("s")
    assert story._texts.step(1)[0] == "delta"
    story._texts._texts._recent.clear()  # rebuilt from the base by applying the change
    assert [r.text for r in story.revisions] == [before, after]
    assert story.updates[0].text == after


def test_a_builder_finds_faults_in_the_order_a_whole_story_does() -> None:
    """A time out of order is reported before a patch that does not apply, as Story does."""
    builder = StoryBuilder(Update(T0, text="a dog"), source="s.json")
    builder.add(Update(T0, patch="@@ -1,5 +1,5 @@\n-a cat\n+a cow\n"))
    builder.add(Update(T0 - timedelta(hours=1), append="x"))
    with pytest.raises(StoryError) as info:
        builder.build("s")
    assert (info.value.update, info.value.field) == (2, "timestamp")


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(_text, min_size=1, max_size=6), st.integers(1, 40))
def test_any_story_reads_back_through_any_chunk_size(texts: list[str], chunk: int) -> None:
    story = Story.from_texts(texts, [T0] * len(texts), id="s", title="T")
    data = dumps_story(story).encode("utf-8")
    original = storyfile._CHUNK
    storyfile._CHUNK = chunk
    try:
        read = storyfile._read(storyfile._Chunks(io.BytesIO(data), "s.json"), "s.json", "s")
    finally:
        storyfile._CHUNK = original
    assert read == story
    assert [r.text for r in read.revisions] == texts
