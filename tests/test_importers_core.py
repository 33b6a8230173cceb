"""The importers' shared core: versions into a story, time order, file names, markup, zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from revtrack.errors import SourceError
from revtrack.importers import Note, Version, build_story, in_time_order, story_filename
from revtrack.importers._markup import paragraphs
from revtrack.importers._zones import aware, parse_zone
from revtrack.story import instant

T0 = datetime(2024, 3, 1, 12, tzinfo=UTC)


def v(text: str, hours: float, label: str | None = None) -> Version:
    return Version(text, T0 + timedelta(hours=hours), label=label, story="s", where=f"v{label}")


def test_a_story_from_versions_in_smallest_form() -> None:
    notes: list[Note] = []
    story = build_story(
        [v("One.", 0, "a"), v("One.\n\nTwo.", 1, "b"), v("One.\n\nTwo.", 2, "c"), v("Uno.\n\nTwo.", 3, "d")],
        source="src",
        on_note=notes.append,
    )
    assert [r.text for r in story.revisions] == ["One.", "One.\n\nTwo.", "Uno.\n\nTwo."]
    assert [r.label for r in story.revisions] == ["a", "b", "d"]
    assert [u.kind for u in story.updates] == ["append", "text"]
    assert [str(n) for n in notes] == [
        "src: story 's': 1 version was identical to the one before and left out (--keep-identical keeps them)"
    ]
    kept = build_story([v("One.", 0), v("One.", 1)], source="src", keep_identical=True)
    assert len(kept) == 2


def test_versions_must_come_in_time_order() -> None:
    with pytest.raises(SourceError) as info:
        build_story([v("a", 1, "x"), v("b", 0, "y")], source="src")
    assert str(info.value) == (
        "src: vy: 2024-03-01T12:00:00+00:00 is earlier than the version before it (vx, 2024-03-01T13:00:00+00:00)"
    )


def test_no_versions_and_lone_surrogates_are_errors() -> None:
    with pytest.raises(SourceError, match=r"^src: no versions to import$"):
        build_story([], source="src")
    with pytest.raises(SourceError, match=r"^src: v1: text: lone surrogate U\+D800 at offset 1"):
        build_story([v("a\ud800", 0, "1")], source="src")


def test_a_version_needs_an_offset() -> None:
    with pytest.raises(ValueError, match="needs a UTC offset"):
        Version("x", datetime(2024, 1, 1))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.text(max_size=20)), max_size=30), st.integers(0, 60))
def test_time_order_is_a_stable_sort_whatever_the_budget(items: list[tuple[int, str]], budget: int) -> None:
    """Texts past the budget go to a temporary file and come back the same."""
    versions = [Version(text, T0 + timedelta(hours=h), label=str(k)) for k, (h, text) in enumerate(items)]
    expected = sorted(versions, key=lambda x: instant(x.timestamp))  # sorted() is stable
    assert list(in_time_order(versions, budget=budget)) == expected


def test_equal_instants_in_different_zones_keep_their_order() -> None:
    a = Version("a", datetime(2024, 1, 1, 12, tzinfo=UTC))
    b = Version("b", datetime(2024, 1, 1, 7, tzinfo=timezone(timedelta(hours=-5))))
    c = Version("c", datetime(2024, 1, 1, 11, tzinfo=UTC))
    assert [x.text for x in in_time_order([a, b, c])] == ["c", "a", "b"]


# --- file names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("story_id", "name"),
    [
        ("pear", "pear.json"),
        ("Pear", "%50ear.json"),
        ("Talk:Çullu, Agdam", "%54alk%3A%C3%87ullu%2C%20%41gdam.json"),
        ("https://example.com/a.html", "https%3A%2F%2Fexample.com%2Fa.html.json"),
        (".hidden", "%2Ehidden.json"),
        ("..", "%2E..json"),
        ("nul", "%6Eul.json"),
        ("", "~.json"),
        ("12345", "12345.json"),
    ],
)
def test_story_filenames(story_id: str, name: str) -> None:
    assert story_filename(story_id) == name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=2, max_size=2, unique=True))
def test_story_filenames_are_safe_and_distinct_even_ignoring_case(ids: list[str]) -> None:
    a, b = (story_filename(i) for i in ids)
    assert a.casefold() != b.casefold()
    for name in (a, b):
        assert len(name.encode()) <= 205
        assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789_-.%~ABCDEF")
        assert not name.startswith(".")


def test_long_ids_are_cut_with_a_digest() -> None:
    long_a, long_b = "a" * 300, "a" * 299 + "b"
    assert story_filename(long_a) != story_filename(long_b)
    assert story_filename(long_a).endswith(".json")
    assert "~" in story_filename(long_a)
    assert len(story_filename("É" * 100).encode()) <= 205  # cut at a whole escape


# --- markup and zones ---------------------------------------------------------------------------


def test_markup_becomes_paragraphs() -> None:
    assert paragraphs("<p>One <b>bold</b>&amp; more.</p><p>Two<br>lines</p><script>x()</script><p> </p>") == [
        "One bold& more.",
        "Two",
        "lines",
    ]
    assert paragraphs("Plain  text.\n\nSecond\nline.") == ["Plain text.", "Second line."]


def test_zones() -> None:
    assert parse_zone("UTC") is UTC
    assert parse_zone("+05:30").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert parse_zone("-0400").utcoffset(None) == timedelta(hours=-4)
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        parse_zone("Mars/Olympus")
    ny = parse_zone("America/New_York")
    # 02:30 on 2024-03-10 never showed in New York (clocks went forward): the same instant, 03:30 EDT.
    assert aware(datetime(2024, 3, 10, 2, 30), ny).isoformat() == "2024-03-10T03:30:00-04:00"
    assert aware(datetime(2024, 11, 3, 1, 30), ny).isoformat() == "2024-11-03T01:30:00-04:00"  # the first


# --- the progress line --------------------------------------------------------------------------


def test_progress_shows_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal after two seconds (from the start with --progress), never with --quiet or
    off a terminal; cleared at the end, so the summary line starts clean."""
    import sys

    from revtrack.cli._import import _ProgressLine
    from revtrack.importers import Progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    now = Progress(stories=3, versions=1200, bytes_read=50_000_000, bytes_total=100_000_000)
    early = _ProgressLine(progress=False)
    early(now)  # under two seconds in: nothing yet
    assert capsys.readouterr().err == ""
    early.start -= 2.5
    early(now)
    early.done()
    shown = capsys.readouterr().err
    assert shown.startswith("\r3 stories, 1,200 versions, 50.0 of 100.0 MB read (")
    assert "MB/s)" in shown
    assert shown.endswith("\r")
    asked = _ProgressLine(progress=True)
    asked(now)
    assert capsys.readouterr().err.startswith("\r3 stories")
    quiet = _ProgressLine(progress=True, quiet=True)
    quiet(now)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    piped = _ProgressLine(progress=True)
    piped(now)
    assert capsys.readouterr().err == ""
