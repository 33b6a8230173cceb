"""The story model: revisions, lookups by index and time, smallest-form storage."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from revtrack.errors import RevisionLookupError, RevtrackError, StoryError
from revtrack.patch import make_patch
from revtrack.story import Story, Update

EST = timezone(timedelta(hours=-5))
T0 = datetime(2020, 3, 11, 16, tzinfo=EST)


def story(*texts: str, gaps: tuple[int, ...] | None = None) -> Story:
    """A story of *texts*, the first at T0, the others *gaps* minutes apart (60 by default)."""
    gaps = gaps or tuple(60 for _ in texts[1:])
    times = [T0]
    for gap in gaps:
        times.append(times[-1] + timedelta(minutes=gap))
    return Story.from_texts(texts, times, id="s")


TAJI = story("a", "b", "c", "d")  # 16:00, 17:00, 18:00, 19:00 EST


def test_revisions_and_default_labels() -> None:
    s = story("a", "a\n\nb", "a c\n\nb")
    assert [r.text for r in s.revisions] == ["a", "a\n\nb", "a c\n\nb"]
    assert [r.label for r in s.revisions] == ["Original", "Update 1", "Update 2"]
    assert [r.index for r in s.revisions] == [0, 1, 2]
    assert [r.kind for r in s.revisions] == ["text", "append", "text"]
    assert len(s) == 3
    assert s.last == s.revisions[-1] == s.revision(2)


def test_given_labels_and_authors_are_kept() -> None:
    s = Story.from_texts(["a", "b"], [T0, T0], id="s", labels=["First", None], authors=[None, "J. T."])
    assert [(r.label, r.author) for r in s.revisions] == [("First", None), ("Update 1", "J. T.")]
    assert (s.base.label, s.updates[0].label) == ("First", None)  # as written, the default is not stored


@pytest.mark.parametrize(("index", "expected"), [(0, "a"), (1, "b"), (3, "d"), (-1, "d"), (-4, "a")])
def test_revision_by_index(index: int, expected: str) -> None:
    assert TAJI.revision(index).text == expected


@pytest.mark.parametrize("index", [4, 99, -5])
def test_revision_out_of_range(index: int) -> None:
    with pytest.raises(RevisionLookupError) as info:
        TAJI.revision(index)
    assert str(info.value) == f"<memory>: no revision {index}: the story has revisions 0 to 3"
    assert (info.value.source, info.value.problem) == (
        "<memory>",
        f"no revision {index}: the story has revisions 0 to 3",
    )
    assert isinstance(info.value, RevtrackError)
    assert isinstance(info.value, LookupError)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (T0, 0),  # exactly at the base
        (T0 + timedelta(minutes=59, seconds=59), 0),  # between
        (T0 + timedelta(hours=1), 1),  # exactly at update 1
        (T0 + timedelta(hours=2, minutes=30), 2),
        (datetime(2020, 3, 11, 23, 30, tzinfo=UTC), 2),  # 18:30 EST, written in UTC
        (
            datetime(2020, 3, 12, 9, tzinfo=timezone(timedelta(hours=9))),
            3,
        ),  # 19:00 EST, written in Tokyo time
        (datetime(2030, 1, 1, tzinfo=UTC), 3),  # long after the last
    ],
)
def test_as_of_is_the_latest_revision_at_or_before(when: datetime, expected: int) -> None:
    assert TAJI.as_of(when).index == expected


def test_as_of_equal_timestamps_gives_the_later_revision() -> None:
    s = story("a", "b", "c", "d", gaps=(60, 0, 0))
    assert s.as_of(T0 + timedelta(hours=1)).index == 3
    assert s.as_of(T0 + timedelta(minutes=59)).index == 0
    assert story("a", "b", gaps=(0,)).as_of(T0).index == 1  # an update at the base's own time


def test_as_of_before_the_base() -> None:
    with pytest.raises(RevisionLookupError) as info:
        TAJI.as_of(T0 - timedelta(seconds=1))
    assert str(info.value) == (
        "<memory>: no revision as of 2020-03-11T15:59:59-05:00: the story begins at 2020-03-11T16:00:00-05:00"
    )


def test_as_of_a_naive_time_is_misuse() -> None:
    with pytest.raises(ValueError, match="as_of needs a timestamp with a UTC offset"):
        TAJI.as_of(datetime(2020, 3, 11, 17))


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("3", 3),
        ("-1", 3),
        (" 2 ", 2),
        ("0", 0),
        ("+2", 2),
        (1, 1),
        (-4, 0),
        ("2020-03-11T19:00-05:00", 3),
        ("2020-03-11T18:59:59-05:00", 2),
        ("2020-03-11T22:30+00:00", 1),
        ("2020-03-11T22:30Z", 1),
        ("2020-03-11T17:30", 1),  # naive: read in the base's offset (EST)
        ("2020-03-11T16:00", 0),
        ("2020-03-12", 3),  # a date alone is its midnight, in the base's offset
    ],
)
def test_find_by_index_or_time(spec: str | int, expected: int) -> None:
    assert TAJI.find(spec).index == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("garbage", "'garbage' is neither a revision number nor an ISO 8601 time"),
        ("", "'' is neither a revision number nor an ISO 8601 time"),
        ("3.5", "'3.5' is neither a revision number nor an ISO 8601 time"),
        ("1_0", "'1_0' is neither a revision number nor an ISO 8601 time"),
        ("٣", "'٣' is neither a revision number nor an ISO 8601 time"),
        ("4", "no revision 4: the story has revisions 0 to 3"),
        ("-5", "no revision -5: the story has revisions 0 to 3"),
        (
            "2020-03-11T15:00",
            "no revision as of 2020-03-11T15:00:00-05:00: the story begins at 2020-03-11T16:00:00-05:00",
        ),
        (
            "2020-03-11T20:59Z",
            "no revision as of 2020-03-11T20:59:00+00:00: the story begins at 2020-03-11T16:00:00-05:00",
        ),
    ],
)
def test_find_what_is_not_there(spec: str, message: str) -> None:
    with pytest.raises(RevisionLookupError) as info:
        TAJI.find(spec)
    assert str(info.value) == f"<memory>: {message}"


def test_lookup_errors_name_the_source() -> None:
    s = Story(id="s", base=Update(T0, text="a"), source="taji.json")
    with pytest.raises(
        RevisionLookupError, match=r"^taji\.json: no revision 1: the story has revisions 0 to 0$"
    ):
        s.find("1")


def test_update_validation_is_a_builtin_error() -> None:
    """Programmer misuse of the model raises ValueError, not a RevtrackError."""
    with pytest.raises(ValueError, match="timestamp 2020-03-11T00:00:00 has no UTC offset"):
        Update(datetime(2020, 3, 11), text="x")
    with pytest.raises(ValueError, match=r"needs exactly one of text, append, patch; got \[\]"):
        Update(T0)
    with pytest.raises(ValueError, match=r"got \['text', 'append'\]"):
        Update(T0, text="a", append="b")
    with pytest.raises(ValueError, match=r"got \['append', 'patch'\]"):
        Update(T0, append="a", patch="")


def test_backwards_timestamps_name_both_updates() -> None:
    with pytest.raises(StoryError) as info:
        Story(
            id="s",
            base=Update(T0, text="a"),
            updates=[
                Update(T0 + timedelta(hours=1), append="b"),
                Update(T0 + timedelta(hours=3), "Late", append="c"),
                Update(T0 + timedelta(hours=2), "Early", append="d"),
            ],
        )
    error = info.value
    assert str(error) == (
        "<memory>: update 3 ('Early'): timestamp: 2020-03-11T18:00:00-05:00 is earlier than "
        "update 2 ('Late') at 2020-03-11T19:00:00-05:00"
    )
    assert (error.update, error.label, error.field) == (3, "Early", "timestamp")


def test_an_update_before_the_base() -> None:
    with pytest.raises(StoryError) as info:
        Story(id="s", base=Update(T0, text="a"), updates=[Update(T0 - timedelta(minutes=1), append="b")])
    assert str(info.value) == (
        "<memory>: update 1: timestamp: 2020-03-11T15:59:00-05:00 is earlier than the base at 2020-03-11T16:00:00-05:00"
    )


def test_the_base_needs_a_whole_text() -> None:
    with pytest.raises(StoryError) as info:
        Story(id="s", base=Update(T0, "Original", append="x"))
    assert str(info.value) == (
        "<memory>: base ('Original'): append: found 'append', expected a whole 'text' (the base has no revision before it)"
    )
    assert (info.value.update, info.value.label, info.value.field) == (0, "Original", "append")


def test_a_patch_that_does_not_apply_names_the_update() -> None:
    with pytest.raises(StoryError) as info:
        Story(
            id="s",
            base=Update(T0, text="the cat"),
            updates=[Update(T0, "Fix", patch=make_patch("a dog", "a cat"))],
        )
    assert str(info.value) == (
        "<memory>: update 1 ('Fix'): patch: hunk 1 (@@ -1,5 +1,5 @@) does not apply exactly: "
        "expected 'a dog' at offset 0, found 'the c'"
    )
    assert (info.value.update, info.value.field) == (1, "patch")


def test_from_texts_misuse() -> None:
    with pytest.raises(ValueError, match="2 texts but 1 timestamps"):
        Story.from_texts(["a", "b"], [T0], id="s")
    with pytest.raises(ValueError, match="at least one text"):
        Story.from_texts([], [], id="s")
    with pytest.raises(ValueError, match="one entry per text"):
        Story.from_texts(["a", "b"], [T0, T0], id="s", labels=["x"])


def test_append_joins_with_one_blank_line() -> None:
    s = Story(id="s", base=Update(T0, text="a"), updates=[Update(T0, append="b"), Update(T0, append="")])
    assert [r.text for r in s.revisions] == ["a", "a\n\nb", "a\n\nb\n\n"]


def test_diff_between_revisions() -> None:
    s = story("Rocket attack in Iraq", "Rocket attacks in Iraq")
    assert [(e.op.symbol, e.text) for e in s.diff(0, "-1").ops] == [
        ("=", "Rocket "),
        ("-", "attack"),
        ("+", "attacks"),
        ("=", " in Iraq"),
    ]
    assert [e.op.symbol for e in s.diff("2020-03-11T16:30-05:00", 0).ops] == ["="]


def test_materializing_applies_each_update_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """One pass over the history: linear in the number of updates."""
    texts = ["p0"]
    for k in range(1, 2000):
        texts.append(texts[-1] + f"\n\nParagraph {k}." if k % 3 else f"p{k}")
    built = Story.from_texts(texts, [T0] * len(texts), id="s")
    assert {u.kind for u in built.updates} == {"append", "text"}
    calls: list[int] = []
    original = Update.apply

    def counting(self: Update, previous: str) -> str:
        calls.append(1)
        return original(self, previous)

    monkeypatch.setattr(Update, "apply", counting)
    s = Story(id=built.id, base=built.base, updates=built.updates)
    assert len(calls) == 1999
    assert [r.text for r in s.revisions] == texts
    s.revisions, s.last, s.find("-1"), s.as_of(T0)  # looking up applies nothing again
    assert len(calls) == 1999


# --- smallest form ---------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
_words = st.lists(
    st.sampled_from(["the ", "attack ", "U.S. ", "killed ", "\n\n", "base. ", "é ", "😀 "]), max_size=30
).map("".join)
_any = st.one_of(_text, _words)


@st.composite
def _histories(draw: st.DrawFn) -> list[str]:
    """Successive texts, often an append or a small edit of the one before."""
    texts = [draw(_any)]
    for _ in range(draw(st.integers(0, 5))):
        step = draw(st.sampled_from(["new", "append", "edit"]))
        if step == "append":
            texts.append(texts[-1] + "\n\n" + draw(_any))
        elif step == "edit" and texts[-1]:
            at = draw(st.integers(0, len(texts[-1])))
            texts.append(texts[-1][:at] + draw(_any) + texts[-1][at + draw(st.integers(0, 5)) :])
        else:
            texts.append(draw(_any))
    return texts


@settings(max_examples=200, deadline=None)
@given(_histories())
def test_from_texts_gives_back_the_texts_in_smallest_form(texts: list[str]) -> None:
    s = story(*texts)
    assert [r.text for r in s.revisions] == texts
    for before, after, update in zip(texts, texts[1:], s.updates, strict=False):
        assert (update.kind == "append") == after.startswith(before + "\n\n")
        if update.kind == "append":
            assert before + "\n\n" + (update.append or "") == after
        elif update.kind == "patch":
            assert update.patch is not None
            assert len(update.patch) < len(after)
        else:
            assert update.text == after
            assert len(make_patch(before, after)) >= len(after)


@st.composite
def _stories(draw: st.DrawFn) -> Story:
    """A story whose updates are stored in any kind, not necessarily the smallest."""
    texts = draw(_histories())
    updates = []
    for k, (before, after) in enumerate(itertools.pairwise(texts), 1):
        kinds = ["text", "patch"] + (["append"] if after.startswith(before + "\n\n") else [])
        kind = draw(st.sampled_from(kinds))
        change = {"text": after, "patch": make_patch(before, after), "append": after[len(before) + 2 :]}[kind]
        when = T0 + timedelta(minutes=k)
        updates.append(
            Update(
                when, draw(st.one_of(st.none(), _text)), draw(st.one_of(st.none(), _text)), **{kind: change}
            )
        )
    return Story(id="s", base=Update(T0, text=texts[0]), updates=updates, source="s.json")


@settings(max_examples=200, deadline=None)
@given(_stories())
def test_compacting_never_changes_a_revision(s: Story) -> None:
    compact = s.compacted()

    def facts(story: Story) -> list[tuple[object, ...]]:
        return [(r.index, r.text, r.timestamp, r.label, r.author) for r in story.revisions]

    assert facts(compact) == facts(s)
    assert [r.timestamp_text for r in compact.revisions] == [r.timestamp_text for r in s.revisions]
    assert compact.source == s.source
    for before, mine in zip(s.updates, compact.updates, strict=True):
        assert len(getattr(mine, mine.kind)) <= len(getattr(before, before.kind))
    assert compact.compacted() == compact


def test_the_written_timestamp_is_kept_only_while_it_is_the_timestamp() -> None:
    """``attrs.evolve(update, timestamp=...)`` must not keep, and later save, the old time."""
    kept = Update(T0, text="x", timestamp_text="2020-03-11T16:00-05:00")
    assert kept.timestamp_text == "2020-03-11T16:00-05:00"
    moved = attrs.evolve(kept, timestamp=T0 + timedelta(hours=1))
    assert moved.timestamp_text == "2020-03-11T17:00:00-05:00"
    same_instant_other_offset = attrs.evolve(kept, timestamp=T0.astimezone(UTC))
    assert same_instant_other_offset.timestamp_text == "2020-03-11T21:00:00+00:00"
    assert Update(T0, text="x", timestamp_text="not a time").timestamp_text == "2020-03-11T16:00:00-05:00"
    assert Update(T0, text="x").timestamp_text == "2020-03-11T16:00:00-05:00"


def test_times_in_one_zone_are_ordered_as_instants_across_a_clock_change() -> None:
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    # 2024-11-03: 1:50am EDT, then (clocks back) 1:10am EST, 20 minutes later.
    edt = datetime(2024, 11, 3, 1, 50, tzinfo=ny)
    est = datetime(2024, 11, 3, 1, 10, tzinfo=ny, fold=1)
    story = Story.from_texts(["a", "b"], [edt, est], id="s")
    assert story.as_of(datetime(2024, 11, 3, 6, 0, tzinfo=UTC)).index == 0  # 1:00am EST
    assert story.as_of(datetime(2024, 11, 3, 6, 15, tzinfo=UTC)).index == 1
    with pytest.raises(
        StoryError,
        match=r"update 1: timestamp: 2024-11-03T01:50:00-04:00 is earlier than the base at 2024-11-03T01:10:00-05:00",
    ):
        Story.from_texts(["a", "b"], [est, edt], id="s")  # by the clock it looks later


def test_times_near_the_ends_of_the_calendar_compare_without_overflow() -> None:
    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    story = Story.from_texts(["a", "b"], [late - timedelta(hours=1), late], id="s")
    assert story.as_of(late).index == 1


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.sampled_from(["%Y-%m-%d", "%Y%m%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y%m%dT%H%M%S"]),
)
def test_the_fix_suggested_for_a_timestamp_without_offset_is_itself_valid(when: datetime, form: str) -> None:
    from revtrack.story import parse_timestamp

    value = f"{when.year:04d}" + when.strftime(form)[len(str(when.year)) :]
    with pytest.raises(ValueError, match="has no UTC offset") as caught:
        parse_timestamp(value)
    suggested = str(caught.value).split("write it as e.g. ")[1].rstrip(")")
    assert parse_timestamp(suggested).replace(tzinfo=None) == datetime.fromisoformat(value)


def test_find_takes_a_datetime_and_rejects_what_names_no_revision() -> None:
    story = Story.from_texts(["a", "b"], [T0, T0 + timedelta(hours=1)], id="s")
    assert story.find(T0 + timedelta(minutes=30)).index == 0
    assert story.find((T0 + timedelta(hours=2)).replace(tzinfo=None)).index == 1  # in the base's offset
    assert story.diff(T0, T0 + timedelta(hours=1)).words_added == 1
    for bad in (None, 1.5, True):
        with pytest.raises(TypeError, match="a revision is named by an index or a time"):
            story.find(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"id": 5},
        {"id": "s", "labels": [3, None]},
        {"id": "s", "authors": [None, b"J."]},
        {"id": "s", "title": 1},
    ],
)
def test_what_a_story_file_saves_as_text_must_be_text(kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError, match="must be <class 'str'>"):
        Story.from_texts(["a", "b"], [T0, T0], **kwargs)  # type: ignore[arg-type]


def test_evolving_a_story_made_from_texts_builds_its_own_revisions() -> None:
    """from_texts hands its texts to the story; a story evolved from it must not reuse them."""
    s = Story.from_texts(["a b c", "a b d", "a b d\n\ne"], [T0] * 3, id="s")
    assert [r.kind for r in s.revisions] == ["text", "text", "append"]
    other = attrs.evolve(s, updates=(Update(T0, text="x"), Update(T0, append="y")))
    assert [r.text for r in other.revisions] == ["a b c", "x", "x\n\ny"]
    rebased = attrs.evolve(s, base=Update(T0, text="z b c"))
    assert rebased.revision(0).text == "z b c"
    assert attrs.evolve(s, title="T").revision(2).text == "a b d\n\ne"


def test_a_revision_far_from_a_kept_text_is_built_the_same() -> None:
    """Rebuilt from the base through appends and patches at once (revtrack.story._apply_steps)."""
    texts = ["Lead."]
    for k in range(300):
        texts.append(
            texts[-1].replace("Lead", f"Lead {k}", 1) if k % 7 == 0 else texts[-1] + f"\n\nPara {k}."
        )
    s = Story.from_texts(texts, [T0] * len(texts), id="s")
    loaded = Story(id="s", base=s.base, updates=s.updates)
    loaded._texts._texts._recent.clear()
    assert [loaded.revision(k).text for k in (250, 3, 299, 120)] == [texts[k] for k in (250, 3, 299, 120)]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: Story.from_texts("ab", [T0, T0], id="s"),
            TypeError,
            "texts: expected one item per revision, found one str",
        ),
        (
            lambda: Story.from_texts(["a"], "2020", id="s"),
            TypeError,
            "timestamps: expected one item per revision",
        ),
        (
            lambda: Story.from_texts(["a"], ["2020-01-01"], id="s"),
            TypeError,
            "timestamps[0]: expected a datetime",
        ),
        (
            lambda: Story.from_texts(["a", None], [T0, T0], id="s"),
            TypeError,
            "texts[1]: expected a string, found NoneType",
        ),
        (
            lambda: Story.from_texts(["a \ud800 b."], [T0], id="s"),
            ValueError,
            "texts[0]: lone surrogate U+D800 at offset 2",
        ),
    ],
)
def test_from_texts_says_which_argument_is_wrong(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        call()
    assert str(info.value).startswith(message)


def test_attribute_of_a_file_name_says_to_load_the_story() -> None:
    from revtrack.provenance import attribute, track_story

    with pytest.raises(
        TypeError, match=r"expected a Story, found str \(revtrack.load_story reads a story file\)"
    ):
        attribute("story.json")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"expected a Story, found NoneType$"):
        track_story(None)  # type: ignore[arg-type]


def test_a_spent_builder_refuses_to_change_the_story_it_built() -> None:
    from revtrack.story import StoryBuilder

    builder = StoryBuilder(Update(T0, text="Base."))
    builder.add(Update(T0 + timedelta(hours=1), append="One."))
    story = builder.build("s")
    with pytest.raises(RuntimeError, match="spent"):
        builder.add(Update(T0 + timedelta(hours=2), text="Totally different."))
    with pytest.raises(RuntimeError, match="spent"):
        builder.build("t")
    assert (len(story), story.last.text) == (2, "Base.\n\nOne.")
    with pytest.raises(TypeError, match="expected an Update, found str"):
        StoryBuilder(Update(T0, text="Base.")).add("x")  # type: ignore[arg-type]
