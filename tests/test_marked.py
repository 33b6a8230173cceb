"""Importing articles with inline update sections (revtrack.marked, `revtrack import marked`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.cli import main
from revtrack.errors import ArticleError
from revtrack.marked import find_markers, import_marked
from revtrack.storyfile import dumps_story, load_story

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "fixtures" / "taji-article.txt"
EST = timezone(timedelta(hours=-5))
DAY = date(2020, 3, 11)


def article(*sections: str, footer: str = "") -> str:
    body = "Rocket attack in Iraq.\n\nTwo soldiers died.\n\n" + "\n\n".join(sections)
    return body + (f"\n\n{footer}" if footer else "")


def test_taji_fixture_is_what_the_importer_builds() -> None:
    result = CliRunner().invoke(
        main,
        [
            "import",
            "marked",
            str(ARTICLE),
            "--date",
            "2020-03-11",
            "--tz",
            "America/New_York",
            "--published",
            "4:00pm EST",
            "--id",
            "taji-rocket-attack",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (ROOT / "fixtures" / "taji.json").read_text(encoding="utf-8")
    story = load_story(ROOT / "fixtures" / "taji.json")
    assert story.last.text == ARTICLE.read_text(encoding="utf-8")
    assert [r.timestamp_text for r in story.revisions] == [
        "2020-03-11T16:00:00-05:00",
        "2020-03-11T18:20:00-05:00",
        "2020-03-11T19:15:00-05:00",
        "2020-03-11T20:15:00-05:00",
    ]
    assert [r.label for r in story.revisions] == [
        "Original",
        "UPDATE: 6:20pm EST",
        "UPDATE: 7:15pm EST",
        "UPDATE: 8:15pm EST",
    ]
    # The footer was on the page from the start; the update sections go before it.
    assert story.revisions[0].text.endswith("becomes available.\n\nContact the author:")
    assert "UPDATE" not in story.revisions[0].text


@pytest.mark.parametrize(
    ("marker", "hour", "minute", "zone", "label"),
    [
        ("UPDATE: 6:20pm EST:", 18, 20, "EST", "UPDATE: 6:20pm EST"),
        ("Update, 7:15 p.m. ET —", 19, 15, "ET", "Update, 7:15 p.m. ET"),
        ("UPDATED 20:15 GMT", 20, 15, "GMT", "UPDATED 20:15 GMT"),
        ("[Update 11:05 a.m.]", 11, 5, None, "Update 11:05 a.m."),
        ("Updated at 9:40 p.m. PT:", 21, 40, "PT", "Updated at 9:40 p.m. PT"),
        ("UPDATE 12:15am CST: More.", 0, 15, "CST", "UPDATE 12:15am CST"),
        ("(Update: 12 p.m. UTC)", 12, 0, "UTC", "Update: 12 p.m. UTC"),
    ],
)
def test_marker_shapes(marker: str, hour: int, minute: int, zone: str | None, label: str) -> None:
    (found,) = find_markers(article(marker + "\nNew text."))
    assert (found.hour, found.minute, found.zone, found.label, found.line) == (hour, minute, zone, label, 5)


def test_text_that_only_starts_with_update_is_not_a_marker() -> None:
    assert find_markers("Updated figures show more damage.\n\nUpdates follow.") == ()


@pytest.mark.parametrize("bad", ["UPDATE: later tonight:", "Update: 25:10 EST", "UPDATE 13:00 p.m.:"])
def test_unreadable_marker_time_is_an_error_naming_the_line(bad: str) -> None:
    with pytest.raises(ArticleError) as info:
        find_markers(article(bad), source="a.txt")
    assert str(info.value) == f"a.txt: line 5: cannot read the time in update marker {bad!r}"
    assert info.value.line == 5


def test_no_markers_is_an_error() -> None:
    with pytest.raises(ArticleError, match="no update markers found"):
        import_marked("Just a story.", date=DAY, tz="UTC")


def test_revisions_rebuild_the_article_and_sections_are_appends() -> None:
    text = article("UPDATE: 6:20pm EST:\n\nMore.", "UPDATE: 7:15pm EST:\n\nEven more.")
    result = import_marked(text, date=DAY, published="16:00 EST")
    story = result.story
    assert story.last.text == text
    assert [u.kind for u in story.updates] == ["append", "append"]
    assert story.revisions[0].text == "Rocket attack in Iraq.\n\nTwo soldiers died."
    assert [r.timestamp for r in story.revisions] == [
        datetime(2020, 3, 11, 16, tzinfo=EST),
        datetime(2020, 3, 11, 18, 20, tzinfo=EST),
        datetime(2020, 3, 11, 19, 15, tzinfo=EST),
    ]


def test_times_cross_midnight() -> None:
    text = article("UPDATE 11:30pm EST: a", "UPDATE 12:15am EST: b", "UPDATE 1:05am EST: c")
    story = import_marked(text, date=DAY, published="10pm EST").story
    assert [r.timestamp.isoformat() for r in story.revisions[1:]] == [
        "2020-03-11T23:30:00-05:00",
        "2020-03-12T00:15:00-05:00",
        "2020-03-12T01:05:00-05:00",
    ]


def test_zone_in_marker_wins_over_tz_with_a_note_when_out_of_season() -> None:
    text = article("UPDATE: 6:20pm EST: a", "UPDATE: 7:00pm: b")
    result = import_marked(text, date=date(2020, 7, 4), tz="America/New_York", published="16:00")
    first, second = result.story.revisions[1:]
    assert first.timestamp.utcoffset() == timedelta(hours=-5)
    assert second.timestamp.utcoffset() == timedelta(hours=-4)  # --tz, under daylight time
    assert (
        "line 5: 'EST' on 2020-07-04, when New York observes EDT; using EST (UTC-05:00) as written"
        in result.notes
    )


def test_generic_zone_follows_the_season() -> None:
    story = import_marked(
        article("Update, 7:15 p.m. ET — a"), date=date(2020, 7, 4), published="7pm ET"
    ).story
    assert story.last.timestamp.isoformat() == "2020-07-04T19:15:00-04:00"


def test_missing_zone_asks_for_tz() -> None:
    with pytest.raises(ArticleError) as info:
        import_marked(article("[Update 11:05 a.m.] a"), date=DAY, source="a.txt")
    assert str(info.value) == (
        "a.txt: line 5: update marker 'Update 11:05 a.m.' has no time zone: give --tz (e.g. --tz America/New_York)"
    )


def test_published_after_first_update_is_an_error() -> None:
    with pytest.raises(ArticleError, match="is after the first update"):
        import_marked(article("UPDATE: 6:20pm EST: a"), date=DAY, published="7pm EST")


def test_without_published_the_original_is_dated_at_the_first_update_with_a_note() -> None:
    result = import_marked(article("UPDATE: 6:20pm EST: a"), date=DAY)
    assert result.story.revisions[0].timestamp == result.story.revisions[1].timestamp
    assert any("no --published time" in note for note in result.notes)


def test_footer_after_the_last_update_is_on_every_revision() -> None:
    text = article("UPDATE: 6:20pm EST:\n\nMore.", footer="Contact the author: jt@example.com")
    story = import_marked(text, date=DAY, published="4pm EST").story
    assert (
        story.revisions[0].text
        == "Rocket attack in Iraq.\n\nTwo soldiers died.\n\nContact the author: jt@example.com"
    )
    assert story.last.text == text


def test_unknown_tz_is_an_error() -> None:
    with pytest.raises(ArticleError, match="unknown time zone 'Mars/Base'"):
        import_marked(article("UPDATE 6pm EST: a"), date=DAY, tz="Mars/Base")


# --- command line --------------------------------------------------------------------


def test_cli_writes_the_story_and_prints_notes(tmp_path: Path) -> None:
    src = tmp_path / "Flood Story.txt"
    src.write_text(article("UPDATE: 6:20pm EDT:\n\nMore."), encoding="utf-8")
    out = tmp_path / "story.json"
    result = CliRunner().invoke(main, ["import", "marked", str(src), "--date", "2020-03-11", "-o", str(out)])
    assert result.exit_code == 0, result.output
    story = load_story(out)
    assert story.id == "flood-story"
    assert story.title == "Rocket attack in Iraq."
    assert "note:" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.txt", "--date", "2020-03-11"], 1, "Error: missing.txt: no such file\n"),
        (["{article}", "--date", "March 11"], 2, "Invalid value for '--date'"),
        (["{article}"], 2, "Missing option '--date'"),
        (
            ["{article}", "--date", "2020-03-11", "--published", "teatime"],
            1,
            "Error: {article}: --published 'teatime' is neither a time (16:00, 4pm) nor an ISO 8601 timestamp\n",
        ),
    ],
)
def test_cli_errors(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article("UPDATE: 6:20pm EST: a"), encoding="utf-8")
    argv = ["import", "marked", *(a.format(article=src) for a in args)]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == code
    assert message.format(article=src) in result.stderr
    assert "Traceback" not in result.output


def test_cli_refuses_to_overwrite_the_article(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article("UPDATE: 6:20pm EST: a"), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "marked", str(src), "--date", "2020-03-11", "-o", str(src)])
    assert result.exit_code == 2
    assert src.read_text(encoding="utf-8") == article("UPDATE: 6:20pm EST: a")


# --- property ------------------------------------------------------------------------

_line = st.text(alphabet="abc XYZ.,\n", min_size=1, max_size=30).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(_line, min_size=1, max_size=3), st.lists(_line, min_size=1, max_size=5))
def test_any_marked_article_round_trips(base: list[str], sections: list[str]) -> None:
    body = "\n\n".join(p.strip() or "x" for p in base)
    parts = [f"UPDATE: {6 + k}:{10 + k}pm EST:\n\n{s}" for k, s in enumerate(sections)]
    text = body + "\n\n" + "\n\n".join(parts)
    story = import_marked(text, date=DAY, published="5pm EST").story
    assert story.last.text == text
    assert len(story) == len(sections) + 1
    assert all(a.timestamp <= b.timestamp for a, b in zip(story.revisions, story.revisions[1:], strict=False))
    assert dumps_story(story) == dumps_story(story)
