"""Importing articles with inline update sections (revtrack.importers.marked, `revtrack import marked`)."""

from __future__ import annotations

import importlib.util
import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings, strategies as st

from revtrack.cli import main
from revtrack.errors import ArticleError
from revtrack.history import revision_stats
from revtrack.importers.marked import find_markers, import_marked
from revtrack.story import Story
from revtrack.storyfile import dumps_story, load_story, loads_story

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "fixtures" / "taji-article.txt"
ARTICLES = ROOT / "fixtures" / "articles"
EST = timezone(timedelta(hours=-5))
DAY = date(2020, 3, 11)
SUMMER = date(2020, 7, 4)


def article(*sections: str, footer: str = "") -> str:
    body = "Rocket attack in Iraq.\n\nTwo soldiers died.\n\n" + "\n\n".join(sections)
    return body + (f"\n\n{footer}" if footer else "")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "marked", *args])
    return result.exit_code, result.stdout, result.stderr


# --- the Taji fixture ------------------------------------------------------------------


def test_taji_fixture_is_what_the_importer_builds() -> None:
    """fixtures/taji.json is the importer's output, byte for byte; its last revision is the article."""
    code, out, err = run(
        str(ARTICLE),
        "--date",
        "2020-03-11",
        "--tz",
        "America/New_York",
        "--published",
        "4:00pm EST",
        "--id",
        "taji-rocket-attack",
    )
    assert code == 0, err
    assert out == (ROOT / "fixtures" / "taji.json").read_text(encoding="utf-8")
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
    # Each revision is the one before it with one more section, as the reader saw it.
    for before, after in itertools.pairwise(story.revisions):
        head = before.text.removesuffix("\n\nContact the author:")
        assert after.text.startswith(head + "\n\nUPDATE: ")
    # One note for the same fact at four places.
    assert err == (
        f"note: {ARTICLE}: line 31, line 41, line 53, --published: 'EST' on 2020-03-11, when New York "
        "observes EDT; using EST (UTC-05:00) as written\n"
    )


# --- the sample articles ---------------------------------------------------------------

SAMPLES = {
    "election-night": (
        ["--date", "2024-11-05", "--published", "18:30"],
        [
            ("Update, 7:15 p.m. ET", "2024-11-05T19:15:00-05:00"),
            ("Update, 9:40 p.m. ET", "2024-11-05T21:40:00-05:00"),
            ("Update, 11:58 p.m. ET", "2024-11-05T23:58:00-05:00"),
            ("Update, 12:35 a.m. ET", "2024-11-06T00:35:00-05:00"),
        ],
        "\n\nThe Associated Press contributed to this report.\n",
    ),
    "wire-quake": (
        ["--date", "2025-08-10", "--published", "16:20Z"],
        [
            ("UPDATED 17:05 GMT", "2025-08-10T17:05:00+00:00"),
            ("UPDATED 18:40 GMT", "2025-08-10T18:40:00+00:00"),
            ("UPDATED 20:15 UTC", "2025-08-10T20:15:00+00:00"),
        ],
        "\n\nReporting by Ali Kucukgocmen and Huseyin Hayatsever; Editing by Daren Butler and Toby Chopra\n",
    ),
    "council-vote": (
        ["--date", "2025-03-04", "--tz", "America/Chicago", "--published", "9:30am"],
        [
            ("Update 11:05 a.m.", "2025-03-04T11:05:00-06:00"),
            ("Update 2:30 p.m.", "2025-03-04T14:30:00-06:00"),
            ("Update 4:45 p.m.", "2025-03-04T16:45:00-06:00"),
        ],
        "",
    ),
    "wildfire": (
        ["--date", "2025-08-18", "--published", "3:30pm"],
        [
            ("Updated at 6:10 p.m. PT", "2025-08-18T18:10:00-07:00"),
            ("Updated at 9:40 p.m. PT", "2025-08-18T21:40:00-07:00"),
            ("Updated Aug. 19 at 7:05 a.m. PT", "2025-08-19T07:05:00-07:00"),
        ],
        "\n\nContact the reporter: Mónica Ruiz, mruiz@example.com\n",
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_articles(name: str, tmp_path: Path) -> None:
    """Each marker shape imports to its labels and times; the footer is on every revision."""
    args, expected, footer = SAMPLES[name]
    path = ARTICLES / f"{name}.txt"
    out = tmp_path / "story.json"
    code, stdout, err = run(str(path), *args, "-o", str(out))
    assert (code, stdout) == (0, ""), err
    assert err == f"{out}: {len(expected) + 1} revisions ({len(expected)} updates)\n"
    story = load_story(out)
    assert story.id == name
    assert story.last.text == path.read_text(encoding="utf-8")
    assert [(r.label, r.timestamp_text) for r in story.revisions[1:]] == expected
    assert all(r.text.endswith(footer) for r in story.revisions)
    assert dumps_story(load_story(out)) == out.read_text(encoding="utf-8")


# --- finding markers -------------------------------------------------------------------


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
        ("**UPDATE 6:20 PM EDT:** More.", 18, 20, "EDT", "UPDATE 6:20 PM EDT"),
        ("### Update — 9 a.m. Eastern", 9, 0, "EASTERN", "Update — 9 a.m. Eastern"),
        ("Updates: 06.45 BST", 6, 45, "BST", "Updates: 06.45 BST"),
        ("UPDATE (6:20pm Pacific Time):", 18, 20, "PACIFIC", "UPDATE (6:20pm Pacific Time)"),
        ("Update: 6:20pm (EST) — police said", 18, 20, "EST", "Update: 6:20pm (EST)"),
        ("  update 7:15pm: police said more.", 19, 15, None, "update 7:15pm"),
    ],
)
def test_marker_shapes(marker: str, hour: int, minute: int, zone: str | None, label: str) -> None:
    (found,) = find_markers(article(marker + "\nNew text."))
    assert (found.hour, found.minute, found.zone, found.label, found.line) == (hour, minute, zone, label, 5)
    assert found.day is None


def test_a_date_in_the_marker_is_read() -> None:
    text = article("Updated March 12, 2021, 9:00 a.m. ET: a", "Updated on Mar. 13 at 10pm ET: b")
    first, second = find_markers(text, default_year=2020)
    assert (first.day, first.hour, first.label) == (
        date(2021, 3, 12),
        9,
        "Updated March 12, 2021, 9:00 a.m. ET",
    )
    assert (second.day, second.hour, second.label) == (date(2020, 3, 13), 22, "Updated on Mar. 13 at 10pm ET")


def test_text_that_only_starts_with_update_is_not_a_marker() -> None:
    text = "Updated figures show more damage.\n\nUpdates follow.\n\nWe will update this story."
    assert find_markers(text) == ()


@pytest.mark.parametrize(
    "bad",
    [
        "UPDATE: later tonight:",
        "Update: 25:10 EST",
        "UPDATE 13:00 p.m.:",
        "Update 2: police arrive",
        "Update: Marchy 12, 9am:",
        "Updated Sept. 31 at 9am:",
        "Update: 2.50% more",
    ],
)
def test_unreadable_marker_time_is_an_error_naming_the_line(bad: str) -> None:
    with pytest.raises(ArticleError) as info:
        find_markers(article(bad), source="a.txt", default_year=2020)
    assert str(info.value) == f"a.txt: line 5: cannot read the time in update marker {bad!r}"
    assert info.value.line == 5


def test_a_headline_that_starts_with_updated_is_not_a_marker() -> None:
    text = "\nUPDATED: Storm hits the coast\n\nBody.\n\nUPDATE 6pm EST: a"
    assert [m.line for m in find_markers(text)] == [6]
    assert import_marked(text, date=DAY, published="5pm EST").story.title == "UPDATED: Storm hits the coast"


def test_lines_are_counted_by_newlines_alone() -> None:
    text = "Title\u2028still line 1\r\n\r\nBody.\x0c\n\nUPDATE 6pm EST: a"
    (found,) = find_markers(text)
    assert (found.line, found.offset) == (5, text.index("UPDATE"))


# --- zones and times -------------------------------------------------------------------

ZONES = [
    # zone, offset on 2020-01-15 (hours east of UTC), offset on 2020-07-04 (None: as in January)
    ("EST", -5, None),
    ("EDT", -4, None),
    ("ET", -5, -4),
    ("Eastern", -5, -4),
    ("CST", -6, None),
    ("CDT", -5, None),
    ("CT", -6, -5),
    ("Central", -6, -5),
    ("MST", -7, None),
    ("MDT", -6, None),
    ("MT", -7, -6),
    ("Mountain", -7, -6),
    ("PST", -8, None),
    ("PDT", -7, None),
    ("PT", -8, -7),
    ("Pacific", -8, -7),
    ("AST", -4, None),
    ("ADT", -3, None),
    ("AKST", -9, None),
    ("AKDT", -8, None),
    ("HST", -10, None),
    ("GMT", 0, None),
    ("UTC", 0, None),
    ("Z", 0, None),
    ("BST", 1, None),
    ("WET", 0, None),
    ("WEST", 1, None),
    ("CET", 1, None),
    ("CEST", 2, None),
    ("EET", 2, None),
    ("EEST", 3, None),
    ("MSK", 3, None),
    ("HKT", 8, None),
    ("SGT", 8, None),
    ("JST", 9, None),
    ("KST", 9, None),
    ("AWST", 8, None),
    ("ACST", 9.5, None),
    ("ACDT", 10.5, None),
    ("AEST", 10, None),
    ("AEDT", 11, None),
    ("NZST", 12, None),
    ("NZDT", 13, None),
]


@pytest.mark.parametrize(("zone", "winter", "summer"), ZONES, ids=[z[0] for z in ZONES])
def test_every_zone(zone: str, winter: float, summer: float | None) -> None:
    """Fixed abbreviations keep their offset all year; region names (ET, Pacific) follow the season."""
    for day, hours in ((date(2020, 1, 15), winter), (SUMMER, winter if summer is None else summer)):
        result = import_marked(
            article(f"UPDATE 6:20pm {zone}: a"), date=day, tz="Asia/Tokyo", published="0:00"
        )
        assert result.story.last.timestamp.utcoffset() == timedelta(hours=hours)
        assert result.story.last.timestamp.hour == 18


@pytest.mark.parametrize(
    ("zone", "day", "note"),
    [
        ("EST", SUMMER, "'EST' on 2020-07-04, when New York observes EDT; using EST (UTC-05:00) as written"),
        (
            "PDT",
            DAY.replace(month=1),
            "'PDT' on 2020-01-11, when Los Angeles observes PST; using PDT (UTC-07:00) as written",
        ),
        (
            "BST",
            date(2020, 12, 1),
            "'BST' on 2020-12-01, when London observes GMT; using BST (UTC+01:00) as written",
        ),
        (
            "ACDT",
            SUMMER,
            "'ACDT' on 2020-07-04, when Adelaide observes ACST; using ACDT (UTC+10:30) as written",
        ),
        ("GMT", SUMMER, None),  # wire services write GMT all year
        ("EDT", SUMMER, None),
        ("ET", DAY.replace(month=1), None),
    ],
)
def test_zone_out_of_season_gets_a_note(zone: str, day: date, note: str | None) -> None:
    result = import_marked(article(f"UPDATE: 6:20pm {zone}: a"), date=day, published="0:00")
    assert result.notes == ((f"line 5: {note}",) if note else ())


def test_zone_in_marker_wins_over_tz() -> None:
    text = article("UPDATE: 6:20pm EST: a", "UPDATE: 7:30pm: b")
    result = import_marked(text, date=SUMMER, tz="America/New_York", published="16:00")
    first, second = result.story.revisions[1:]
    assert first.timestamp.isoformat() == "2020-07-04T18:20:00-05:00"
    assert second.timestamp.isoformat() == "2020-07-04T19:30:00-04:00"  # --tz, under daylight time
    assert result.notes == (
        "line 5: 'EST' on 2020-07-04, when New York observes EDT; using EST (UTC-05:00) as written",
    )


def test_times_cross_midnight() -> None:
    text = article(
        "UPDATE 11:30pm EST: a", "UPDATE 12:15am EST: b", "UPDATE 1:05am EST: c", "UPDATE 9am EST: d"
    )
    story = import_marked(text, date=DAY, published="10pm EST").story
    assert [r.timestamp.isoformat() for r in story.revisions[1:]] == [
        "2020-03-11T23:30:00-05:00",
        "2020-03-12T00:15:00-05:00",
        "2020-03-12T01:05:00-05:00",
        "2020-03-12T09:00:00-05:00",
    ]


def test_midnight_is_crossed_in_instants_across_zones() -> None:
    """8pm EST is 01:00 GMT the next day: 01:05 GMT after it is five minutes later."""
    text = article("UPDATE 8pm EST: a", "UPDATED 01:05 GMT: b")
    story = import_marked(text, date=DAY, published="7pm EST").story
    assert story.last.timestamp - story.revisions[1].timestamp == timedelta(minutes=5)


def test_a_date_in_the_marker_sets_the_day() -> None:
    text = article("UPDATE 8pm ET: a", "Updated March 13 at 9 a.m. ET: b", "UPDATE 10am ET: c")
    story = import_marked(text, date=DAY, published="7pm ET").story
    assert [r.timestamp.isoformat() for r in story.revisions[1:]] == [
        "2020-03-11T20:00:00-04:00",
        "2020-03-13T09:00:00-04:00",
        "2020-03-13T10:00:00-04:00",
    ]


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        (
            # Newest first: 7:15pm after 8:15pm is not the next day.
            ("UPDATE 8:15pm EST: b", "UPDATE 7:15pm EST: a"),
            "a.txt: line 7: update marker 'UPDATE 7:15pm EST' (2020-03-11T19:15:00-05:00) is earlier than "
            "'UPDATE 8:15pm EST' on line 5 (2020-03-11T20:15:00-05:00); updates must be oldest first",
        ),
        (
            ("UPDATE 10am EST: b", "UPDATE 9am EST: a"),
            "a.txt: line 7: update marker 'UPDATE 9am EST' (2020-03-11T09:00:00-05:00) is earlier than "
            "'UPDATE 10am EST' on line 5 (2020-03-11T10:00:00-05:00); updates must be oldest first",
        ),
        (
            ("Updated March 12, 9am EST: b", "Updated March 11, 10am EST: a"),
            "a.txt: line 7: update marker 'Updated March 11, 10am EST' (2020-03-11T10:00:00-05:00) is earlier "
            "than 'Updated March 12, 9am EST' on line 5 (2020-03-12T09:00:00-05:00); updates must be oldest first",
        ),
    ],
)
def test_updates_going_back_in_time_are_an_error(sections: tuple[str, ...], message: str) -> None:
    with pytest.raises(ArticleError) as info:
        import_marked(article(*sections), date=DAY, source="a.txt", published="8am EST")
    assert (str(info.value), info.value.line) == (message, 7)


def test_missing_zone_asks_for_tz() -> None:
    with pytest.raises(ArticleError) as info:
        import_marked(article("[Update 11:05 a.m.] a"), date=DAY, source="a.txt")
    assert str(info.value) == (
        "a.txt: line 5: update marker 'Update 11:05 a.m.' has no time zone: give --tz (e.g. --tz America/New_York)"
    )


def test_unknown_zone_needs_tz_and_is_noted() -> None:
    text = article("UPDATE 6:20pm IST: a")
    with pytest.raises(ArticleError) as info:
        import_marked(text, date=DAY, source="a.txt")
    assert str(info.value) == (
        "a.txt: line 5: update marker 'UPDATE 6:20pm IST': unknown time zone 'IST': give --tz (e.g. --tz Asia/Kolkata)"
    )
    result = import_marked(text, date=DAY, tz="Asia/Kolkata", published="9am")
    assert result.story.last.timestamp.isoformat() == "2020-03-11T18:20:00+05:30"
    assert result.notes == ("line 5: unknown time zone 'IST'; using --tz Asia/Kolkata",)


def test_unknown_tz_is_an_error() -> None:
    with pytest.raises(ArticleError) as info:
        import_marked(article("UPDATE 6pm EST: a"), date=DAY, tz="Mars/Base", source="a.txt")
    assert str(info.value) == (
        "a.txt: unknown time zone 'Mars/Base' (use an IANA name like America/New_York, or an offset like +05:30)"
    )


def test_a_fixed_offset_is_a_zone_as_for_every_importer() -> None:
    result = import_marked(article("UPDATE 6pm: a"), date=DAY, tz="+05:30", source="a.txt")
    assert result.story.updates[0].timestamp_text.endswith("+05:30")


# --- the original's time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("16:00", "2020-03-11T16:00:00-04:00"),
        ("4pm", "2020-03-11T16:00:00-04:00"),
        ("4:00 p.m. EST", "2020-03-11T16:00:00-05:00"),
        ("21:00Z", "2020-03-11T21:00:00+00:00"),
        ("2020-03-10T23:00:00+01:00", "2020-03-10T23:00:00+01:00"),
        ("2020-03-11T09:30", "2020-03-11T09:30:00-04:00"),
        (time(16), "2020-03-11T16:00:00-04:00"),
        (time(16, tzinfo=EST), "2020-03-11T16:00:00-05:00"),
        (datetime(2020, 3, 11, 12, tzinfo=ZoneInfo("Europe/London")), "2020-03-11T12:00:00+00:00"),
    ],
)
def test_published(published: str | time | datetime, expected: str) -> None:
    """A time is on --date, in its own zone, else --tz; an ISO timestamp stands as written."""
    story = import_marked(
        article("UPDATE 6:20pm ET: a"), date=DAY, tz="America/New_York", published=published
    ).story
    assert story.revisions[0].timestamp.isoformat() == expected


def test_published_without_zone_or_tz_takes_the_first_updates_zone() -> None:
    story = import_marked(article("UPDATED 20:15 GMT: a"), date=DAY, published="16:00").story
    assert story.revisions[0].timestamp.isoformat() == "2020-03-11T16:00:00+00:00"


def test_published_after_first_update_is_an_error() -> None:
    with pytest.raises(ArticleError) as info:
        import_marked(article("UPDATE: 6:20pm EST: a"), date=DAY, published="7pm EST", source="a.txt")
    assert str(info.value) == (
        "a.txt: --published 7pm EST is after the first update ('UPDATE: 6:20pm EST' at 2020-03-11T18:20:00-05:00)"
    )


@pytest.mark.parametrize("bad", ["teatime", "16", "4pm XYZ", "25:00"])
def test_unreadable_published_is_an_error(bad: str) -> None:
    with pytest.raises(ArticleError, match=r"^a\.txt: --published ") as info:
        import_marked(article("UPDATE: 6:20pm EST: a"), date=DAY, published=bad, source="a.txt")
    assert bad in str(info.value)


def test_without_published_the_original_is_dated_at_the_first_update_with_a_note() -> None:
    result = import_marked(article("UPDATE: 6:20pm EST: a"), date=DAY)
    assert result.story.revisions[0].timestamp == result.story.revisions[1].timestamp
    assert result.notes == (
        "line 5: 'EST' on 2020-03-11, when New York observes EDT; using EST (UTC-05:00) as written",
        "no --published time: the original is dated at the first update's ('UPDATE: 6:20pm EST')",
    )


# --- texts ---------------------------------------------------------------------------------


def test_revisions_rebuild_the_article_and_sections_are_appends() -> None:
    text = article("UPDATE: 6:20pm EST:\n\nMore.", "UPDATE: 7:15pm EST:\n\nEven more.")
    story = import_marked(text, date=DAY, published="16:00 EST").story
    assert story.last.text == text
    assert [u.kind for u in story.updates] == ["append", "append"]
    assert [r.text for r in story.revisions] == [
        "Rocket attack in Iraq.\n\nTwo soldiers died.",
        "Rocket attack in Iraq.\n\nTwo soldiers died.\n\nUPDATE: 6:20pm EST:\n\nMore.",
        text,
    ]
    assert [r.timestamp for r in story.revisions] == [
        datetime(2020, 3, 11, 16, tzinfo=EST),
        datetime(2020, 3, 11, 18, 20, tzinfo=EST),
        datetime(2020, 3, 11, 19, 15, tzinfo=EST),
    ]


def test_blank_lines_before_a_marker_are_trimmed_but_trailing_spaces_stay() -> None:
    text = "Base.  \n \n\n\nUPDATE 6pm EST: a   \n\n\nUPDATE 7pm EST: b\n"
    story = import_marked(text, date=DAY, published="5pm EST").story
    assert [r.text for r in story.revisions] == ["Base.  ", "Base.  \n \n\n\nUPDATE 6pm EST: a   ", text]


def test_crlf_article_round_trips() -> None:
    text = article("UPDATE 6pm EST:\r\n\r\nMore.", footer="Contact the author: x").replace("\n", "\r\n")
    text = text.replace("\r\r", "\r")
    story = import_marked(text, date=DAY, published="5pm EST").story
    assert story.last.text == text
    assert (
        story.revisions[0].text
        == "Rocket attack in Iraq.\r\n\r\nTwo soldiers died.\r\n\r\nContact the author: x"
    )
    assert story.updates[0].label == "UPDATE 6pm EST"


@pytest.mark.parametrize(
    "footer",
    [
        "Contact the author: jt@example.com",
        "© 2020 The War Zone",
        "Reporting by Ana Lima; Editing by Mark Heinrich",
        "The Associated Press contributed to this report.",
        "Additional reporting by Jo Park.\n\nWrite to Jo Park at jo@example.com",
    ],
)
def test_footer_after_the_last_update_is_on_every_revision(footer: str) -> None:
    text = article("UPDATE: 6:20pm EST:\n\nMore.", "UPDATE: 7pm EST: Even more.", footer=footer)
    story = import_marked(text, date=DAY, published="4pm EST").story
    assert [r.text for r in story.revisions] == [
        f"Rocket attack in Iraq.\n\nTwo soldiers died.\n\n{footer}",
        f"Rocket attack in Iraq.\n\nTwo soldiers died.\n\nUPDATE: 6:20pm EST:\n\nMore.\n\n{footer}",
        text,
    ]


def test_a_long_last_paragraph_is_the_updates_text_not_a_footer() -> None:
    last = "Contact the author: " + "words " * 60
    text = article("UPDATE: 6:20pm EST:\n\nMore.", footer=last)
    story = import_marked(text, date=DAY, published="4pm EST").story
    assert story.revisions[0].text == "Rocket attack in Iraq.\n\nTwo soldiers died."
    assert story.updates[0].kind == "append"


def test_title_and_id_defaults() -> None:
    story = import_marked(
        "\n\n  Flood hits Łódź  \n\nBody.\n\nUPDATE 6pm CET: a", date=DAY, published="5pm CET"
    ).story
    assert (story.id, story.title) == ("story", "Flood hits Łódź")
    story = import_marked(
        "T\n\nUPDATE 6pm CET: a", date=DAY, published="5pm CET", source="in/Łódź Fire (2).txt"
    ).story
    assert (story.id, story.source) == ("lodz-fire-2", "in/Łódź Fire (2).txt")
    story = import_marked("T\n\nUPDATE 6pm CET: a", date=DAY, published="5pm CET", id="x", title="Y").story
    assert (story.id, story.title) == ("x", "Y")


def test_no_markers_is_an_error() -> None:
    with pytest.raises(ArticleError) as info:
        import_marked("Just a story.\n\nUpdated figures follow.", date=DAY, tz="UTC", source="a.txt")
    assert str(info.value) == "a.txt: no update markers found (looked for lines like 'UPDATE: 6:20pm EST:')"


def test_an_article_that_begins_with_a_marker_has_no_original() -> None:
    with pytest.raises(ArticleError) as info:
        import_marked("\n[Update 6pm EST] a\n\nUPDATE 7pm EST: b", date=DAY, source="a.txt")
    assert (
        str(info.value)
        == "a.txt: line 2: the article begins with update marker 'Update 6pm EST': no original text"
    )


# --- command line --------------------------------------------------------------------


def test_cli_prints_the_story_without_output(tmp_path: Path) -> None:
    src = tmp_path / "Flood Story.txt"
    src.write_text(article("UPDATE: 6:20pm EDT:\n\nMore."), encoding="utf-8")
    code, out, err = run(str(src), "--date", "2020-03-11", "--published", "5pm EDT")
    assert (code, err) == (0, "")
    story = loads_story(out)
    assert (story.id, story.title) == ("flood-story", "Rocket attack in Iraq.")
    assert out == dumps_story(story)


def test_cli_writes_the_story_and_prints_notes(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article("UPDATE: 6:20pm EST:\n\nMore."), encoding="utf-8")
    out = tmp_path / "story.json"
    code, stdout, err = run(str(src), "--date", "2020-07-04", "--id", "x", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert err == (
        f"note: {src}: line 5: 'EST' on 2020-07-04, when New York observes EDT; using EST (UTC-05:00) as written\n"
        f"note: {src}: no --published time: the original is dated at the first update's ('UPDATE: 6:20pm EST')\n"
        f"{out}: 2 revisions (1 update)\n"
    )
    assert load_story(out).id == "x"


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (
            "Just text.",
            [],
            "Error: {a}: no update markers found (looked for lines like 'UPDATE: 6:20pm EST:')\n",
        ),
        (
            article("UPDATE: soon:"),
            [],
            "Error: {a}: line 5: cannot read the time in update marker 'UPDATE: soon:'\n",
        ),
        (
            article("UPDATE: 6pm: a"),
            [],
            "Error: {a}: line 5: update marker 'UPDATE: 6pm' has no time zone: give --tz (e.g. --tz America/New_York)\n",
        ),
        (
            article("UPDATE: 6pm EST: a"),
            ["--published", "teatime"],
            "Error: {a}: --published 'teatime' is neither a time (16:00, 4pm) nor an ISO 8601 timestamp\n",
        ),
        (b"Caf\xe9\n\nUPDATE 6pm EST: a", [], "Error: {a}: not UTF-8 text (byte 0xe9 at offset 3)\n"),
    ],
    ids=["no-markers", "unreadable-time", "no-zone", "bad-published", "not-utf8"],
)
def test_cli_errors_are_one_line_exit_1(
    tmp_path: Path, text: str | bytes, args: list[str], message: str
) -> None:
    src = tmp_path / "a.txt"
    if isinstance(text, bytes):
        src.write_bytes(text)
    else:
        src.write_text(text, encoding="utf-8")
    code, out, err = run(str(src), "--date", "2020-03-11", *args)
    assert (code, out, err) == (1, "", message.format(a=src))


def test_cli_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    assert run(str(missing), "--date", "2020-03-11") == (1, "", f"Error: {missing}: no such file\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "March 11"], "Invalid value for '--date'"),
        ([], "Missing option '--date'"),
        (["--date", "2020-03-11", "--bogus"], "No such option '--bogus'"),
        # A zone that does not exist is a usage error, as for every importer's --tz.
        (
            ["--date", "2020-03-11", "--tz", "New York"],
            "Invalid value for '--tz': unknown time zone 'New York' (use an IANA name like America/New_York, "
            "or an offset like +05:30)",
        ),
    ],
)
def test_cli_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article("UPDATE: 6:20pm EST: a"), encoding="utf-8")
    code, out, err = run(str(src), *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_cli_refuses_to_overwrite_the_article(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article("UPDATE: 6:20pm EST: a"), encoding="utf-8")
    code, _, err = run(str(src), "--date", "2020-03-11", "-o", str(src))
    assert code == 1
    assert err == f"Error: {src}: is the input {src}: writing would destroy it\n"
    assert src.read_text(encoding="utf-8") == article("UPDATE: 6:20pm EST: a")


def test_cli_help_has_an_example() -> None:
    for argv in (["import", "--help"], ["import", "marked", "--help"]):
        result = CliRunner().invoke(main, argv)
        assert result.exit_code == 0
        assert "Example:\n    revtrack import marked " in result.stdout


# --- the hand-made fixtures ----------------------------------------------------------------


def _made_fixtures() -> dict[str, Story]:
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "fixtures" / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {"flood": module.FLOOD, "election": module.ELECTION, "factory-fire": module.FIRE}


def test_hand_made_fixtures_are_what_make_fixtures_writes() -> None:
    """Same revisions (patch text may follow the diff engine), every update kind in every story."""
    made = _made_fixtures()
    totals: Counter[str] = Counter()
    for name, story in made.items():
        stored = load_story(ROOT / "fixtures" / f"{name}.json")
        assert [attrs.astuple(r) for r in stored.revisions] == [attrs.astuple(r) for r in story.revisions]
        assert [u.kind for u in stored.updates] == [u.kind for u in story.updates]
        assert {u.kind for u in stored.updates} == {"text", "append", "patch"}, name
        assert 6 <= len(stored) <= 12
        for stats in revision_stats(stored)[1:]:
            totals.update(
                edited=stats.sentences_edited,
                moved=stats.sentences_moved,
                deleted=stats.sentences_deleted,
                restored=stats.sentences_restored,
            )
    assert all(totals[k] > 0 for k in ("edited", "moved", "deleted", "restored")), totals


# --- property ------------------------------------------------------------------------

_paragraph = st.text(alphabet="abcQ xyz.,’é\n", min_size=1, max_size=30).map(str.strip).filter(bool)
# On 2020-03-11 every one of these zones is UTC-04:00, as --tz America/New_York.
_shapes = [
    "UPDATE: {h12}:{m:02d}{ap}{z}:",
    "Update, {h12}:{m:02d} {ap_dots}{z} —",
    "UPDATED {h:02d}:{m:02d}{z}",
    "[Update {h12}:{m:02d} {ap_dots}{z}]",
    "Updated at {h12}:{m:02d} {ap_dots}{z}:",
    "**Update {h12}{ap}{z}**",
]


@st.composite
def _marked_article(draw: st.DrawFn) -> tuple[str, int]:
    base = "\n\n".join(draw(st.lists(_paragraph, min_size=1, max_size=3)))
    # Minutes from midnight on --date, the day after allowed only from an evening to a morning.
    minutes = sorted(draw(st.lists(st.integers(0, 2 * 24 * 60 - 1), min_size=1, max_size=6)))
    for a, b in itertools.pairwise([0, *minutes]):
        if b // 1440 > a // 1440:
            assume(a % 1440 >= 12 * 60 > b % 1440 and a > 0)
    sections = []
    for minute in minutes:
        h, m = divmod(minute % 1440, 60)
        shape = draw(st.sampled_from([s for s in _shapes if m == 0 or "{m:02d}" in s]))
        marker = shape.format(
            h=h,
            m=m,
            h12=(h - 1) % 12 + 1,
            ap="am" if h < 12 else "pm",
            ap_dots="a.m." if h < 12 else "p.m.",
            z=draw(st.sampled_from(["", " EDT", " ET", " Eastern"])),
        )
        body = draw(st.lists(_paragraph, max_size=2))
        sep = draw(st.sampled_from(["\n\n", "\n", " ", "\n\n\n"]))
        sections.append(marker + (sep + "\n\n".join(body) if body else ""))
    text = base + "\n\n" + "\n\n".join(sections)
    if draw(st.booleans()):
        text += "\n\nContact the author: " + draw(_paragraph)
    return text + draw(st.sampled_from(["", "\n"])), len(minutes)


@settings(max_examples=200, deadline=None)
@given(_marked_article())
def test_any_marked_article_round_trips(case: tuple[str, int]) -> None:
    """The last revision is the article; one revision per marker plus the base; times never go back."""
    text, count = case
    story = import_marked(text, date=DAY, tz="America/New_York", published="0:00").story
    assert story.last.text == text
    assert len(story) == count + 1
    assert all(a.timestamp <= b.timestamp for a, b in itertools.pairwise(story.revisions))
    assert all(a.text != b.text for a, b in itertools.pairwise(story.revisions))
    assert loads_story(dumps_story(story)).revisions == story.revisions


def test_a_lowercase_z_after_a_time_is_text_not_zulu() -> None:
    story = import_marked("Q\n\nUPDATED 00:00 z", date=DAY, tz="America/New_York", published="0:00").story
    assert story.last.text.endswith("00:00 z")
    assert story.updates[0].timestamp.utcoffset() == timedelta(hours=-4)
    (marker,) = find_markers("Q\n\nUPDATED 10:00 Z\n\nNew text.")
    assert marker.zone == "Z"


def test_output_into_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "no" / "story.json"
    code, stdout, stderr = run(
        str(ROOT / "fixtures" / "taji-article.txt"), "--date", "2020-03-11", "-o", str(out)
    )
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[-1] == f"Error: {out}: no such directory: {out.parent}"
    assert "Traceback" not in stderr


def test_a_time_the_clocks_skipped_is_read_so_that_the_updates_stay_in_order() -> None:
    # 2:30am never showed in New York on 2024-03-10 (2am became 3am).
    text = article("Update 2:30 a.m.: a", "Update 3:10 a.m.: b")
    result = import_marked(text, date=date(2024, 3, 10), tz="America/New_York", published="1:00")
    stamps = [r.timestamp.isoformat() for r in result.story.revisions]
    assert stamps == ["2024-03-10T01:00:00-05:00", "2024-03-10T01:30:00-05:00", "2024-03-10T03:10:00-04:00"]
    assert result.notes == (
        "line 5: 02:30 on 2024-03-10 does not exist in America/New_York (clocks were put forward): "
        "read as 01:30 EST",
    )


def test_a_time_the_clocks_showed_twice_is_read_after_the_update_before_it() -> None:
    # 1:00 to 2:00am showed twice in New York on 2024-11-03 (2am EDT became 1am EST).
    text = article("Update 1:50 a.m.: a", "Update 1:10 a.m.: b", "Update 1:40 a.m.: c")
    result = import_marked(text, date=date(2024, 11, 3), tz="America/New_York", published="0:30")
    stamps = [r.timestamp.isoformat() for r in result.story.revisions[1:]]
    assert stamps == ["2024-11-03T01:50:00-04:00", "2024-11-03T01:10:00-05:00", "2024-11-03T01:40:00-05:00"]
    assert result.notes[1] == (
        "line 7: 01:10 on 2024-11-03 shows twice in America/New_York (clocks were put back): "
        "read as the second, 01:10 EST"
    )
    # In the order the clocks showed them, the times were out of order: one line, no traceback.
    with pytest.raises(ArticleError, match=r"'Update 1:10 a.m.' .* is earlier than 'Update 1:40 a.m. EST'"):
        import_marked(
            article("Update 1:40 a.m. EST: a", "Update 1:10 a.m.: b"),
            date=date(2024, 11, 3),
            tz="America/New_York",
        )


def test_an_update_after_the_last_representable_day_is_an_error() -> None:
    text = article("Updated Dec 31, 9999 at 11:59 p.m. EST: a", "UPDATE 12:05 a.m. EST: b")
    with pytest.raises(ArticleError, match="falls after 9999-12-31"):
        import_marked(text, date=date(2024, 3, 11))
