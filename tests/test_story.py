"""The story model: revisions, lookups by index and time, smallest-form storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.errors import RevisionLookupError, StoryError
from revtrack.story import Story, Update

EST = timezone(timedelta(hours=-5))
T0 = datetime(2020, 3, 11, 16, tzinfo=EST)


def story(*texts: str, gaps: tuple[int, ...] | None = None) -> Story:
    gaps = gaps or tuple(60 for _ in texts[1:])
    times = [T0]
    for gap in gaps:
        times.append(times[-1] + timedelta(minutes=gap))
    return Story.from_texts(texts, times, id="s")


def test_revisions_and_default_labels() -> None:
    s = story("a", "a\n\nb", "a c\n\nb")
    assert [r.text for r in s.revisions] == ["a", "a\n\nb", "a c\n\nb"]
    assert [r.label for r in s.revisions] == ["Original", "Update 1", "Update 2"]
    assert [u.kind for u in s.updates] == ["append", "text"]
    assert len(s) == 3
    assert s.last.index == 2


def test_revision_by_index_and_negative_index() -> None:
    s = story("a", "b", "c")
    assert s.revision(1).text == "b"
    assert s.revision(-1).text == "c"
    with pytest.raises(RevisionLookupError) as info:
        s.revision(3)
    assert str(info.value) == "<memory>: no revision 3: the story has revisions 0 to 2"


def test_as_of_picks_the_latest_revision_at_or_before() -> None:
    s = story("a", "b", "c", gaps=(60, 0))
    assert s.as_of(T0).index == 0
    assert s.as_of(T0 + timedelta(minutes=59)).index == 0
    assert s.as_of(T0 + timedelta(minutes=60)).index == 2  # two updates at the same time: the later
    assert s.as_of(datetime(2020, 3, 12, tzinfo=UTC)).index == 2
    with pytest.raises(RevisionLookupError, match="story begins at 2020-03-11T16:00:00-05:00"):
        s.as_of(T0 - timedelta(seconds=1))
    with pytest.raises(ValueError, match="UTC offset"):
        s.as_of(datetime(2020, 3, 11, 17))


def test_find_by_index_time_and_naive_time() -> None:
    s = story("a", "b", "c")
    assert s.find("1").index == 1
    assert s.find("-1").index == 2
    assert s.find(0).index == 0
    assert s.find("2020-03-11T17:30-05:00").index == 1
    assert s.find("2020-03-11T22:30+00:00").index == 1
    assert s.find("2020-03-11T17:30").index == 1  # read in the base's offset
    with pytest.raises(RevisionLookupError) as info:
        s.find("yesterday")
    assert str(info.value) == "<memory>: 'yesterday' is neither a revision number nor an ISO 8601 time"


def test_model_validation() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        Update(datetime(2020, 3, 11), text="x")
    with pytest.raises(ValueError, match="exactly one"):
        Update(T0)
    with pytest.raises(ValueError, match="exactly one"):
        Update(T0, text="a", append="b")
    with pytest.raises(StoryError) as info:
        Story(
            id="s",
            base=Update(T0, text="a"),
            updates=[
                Update(T0 + timedelta(hours=2), "Late", append="b"),
                Update(T0 + timedelta(hours=1), "Early", append="c"),
            ],
        )
    assert str(info.value) == (
        "<memory>: update 2 ('Early'): timestamp: 2020-03-11T17:00:00-05:00 is earlier than "
        "update 1 ('Late') at 2020-03-11T18:00:00-05:00"
    )
    with pytest.raises(StoryError, match="the base needs a whole 'text'"):
        Story(id="s", base=Update(T0, append="x"))


def test_append_joins_with_one_blank_line() -> None:
    s = Story(id="s", base=Update(T0, text="a"), updates=[Update(T0, append="b")])
    assert s.last.text == "a\n\nb"


def test_diff_between_revisions() -> None:
    s = story("Rocket attack in Iraq", "Rocket attacks in Iraq")
    assert [(e.op.symbol, e.text) for e in s.diff(0, "-1").ops] == [
        ("=", "Rocket "),
        ("-", "attack"),
        ("+", "attacks"),
        ("=", " in Iraq"),
    ]


def test_materializing_applies_each_update_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = Update.apply

    def counting(self: Update, previous: str) -> str:
        calls.append(1)
        return original(self, previous)

    monkeypatch.setattr(Update, "apply", counting)
    texts = ["p0"] + [f"p{k}" for k in range(1, 300)]
    s = Story.from_texts(texts, [T0] * len(texts), id="s")
    calls.clear()
    Story(id=s.id, base=s.base, updates=s.updates)
    assert len(calls) == 299


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
_words = st.lists(
    st.sampled_from(["the ", "attack ", "U.S. ", "killed ", "\n\n", "base. ", "é ", "😀 "]), max_size=30
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_text, _words), min_size=1, max_size=6))
def test_from_texts_gives_back_the_texts_in_smallest_form(texts: list[str]) -> None:
    s = story(*texts)
    assert [r.text for r in s.revisions] == texts
    for before, after, update in zip(texts, texts[1:], s.updates, strict=False):
        assert (update.kind == "append") == after.startswith(before + "\n\n")
        if update.kind == "patch":
            assert update.patch is not None
            assert len(update.patch) < len(after)
    assert [r.text for r in s.compacted().revisions] == texts


@settings(max_examples=100, deadline=None)
@given(st.lists(_words, min_size=2, max_size=5))
def test_compacting_whole_texts_never_changes_a_revision(texts: list[str]) -> None:
    times = [T0 + timedelta(minutes=k) for k in range(len(texts))]
    whole = Story(
        id="s",
        base=Update(times[0], text=texts[0]),
        updates=[Update(t, text=x) for t, x in zip(times[1:], texts[1:], strict=True)],
    )
    compact = whole.compacted()
    assert [r.text for r in compact.revisions] == texts
    assert sum(len(getattr(u, u.kind)) for u in compact.updates) <= sum(len(x) for x in texts[1:])
