"""News-edit trackers' SQLite databases: NewsEdits and diffengine, built here with each tool's schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack import load_story
from revtrack.cli import main
from revtrack.errors import SourceError
from revtrack.importers import ImportFailure, Note, read_diffengine, read_newsedits, story_filename
from revtrack.story import Story

# diffengine's peewee models (docnow/diffengine, diffengine/__init__.py), as peewee creates them in SQLite.
DIFFENGINE_SCHEMA = """
CREATE TABLE "feed" ("id" INTEGER NOT NULL PRIMARY KEY, "url" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "created" DATETIME NOT NULL);
CREATE UNIQUE INDEX "feed_url" ON "feed" ("url");
CREATE TABLE "entry" ("id" INTEGER NOT NULL PRIMARY KEY, "url" VARCHAR(255) NOT NULL, "created" DATETIME NOT NULL, "checked" DATETIME NOT NULL, "tweet_status_id_str" VARCHAR(255) NOT NULL);
CREATE UNIQUE INDEX "entry_url" ON "entry" ("url");
CREATE TABLE "feedentry" ("id" INTEGER NOT NULL PRIMARY KEY, "feed_id" INTEGER NOT NULL, "entry_id" INTEGER NOT NULL, "created" DATETIME NOT NULL, FOREIGN KEY ("feed_id") REFERENCES "feed" ("id"), FOREIGN KEY ("entry_id") REFERENCES "entry" ("id"));
CREATE TABLE "entryversion" ("id" INTEGER NOT NULL PRIMARY KEY, "title" VARCHAR(255) NOT NULL, "url" VARCHAR(255) NOT NULL, "summary" VARCHAR(255) NOT NULL, "created" DATETIME NOT NULL, "archive_url" VARCHAR(255), "entry_id" INTEGER NOT NULL, "tweet_status_id_str" VARCHAR(255) NOT NULL, FOREIGN KEY ("entry_id") REFERENCES "entry" ("id"));
CREATE INDEX "entryversion_entry_id" ON "entryversion" ("entry_id");
CREATE TABLE "diff" ("id" INTEGER NOT NULL PRIMARY KEY, "old_id" INTEGER NOT NULL, "new_id" INTEGER NOT NULL, "created" DATETIME NOT NULL, "tweeted" DATETIME, "blogged" DATETIME, FOREIGN KEY ("old_id") REFERENCES "entryversion" ("id"), FOREIGN KEY ("new_id") REFERENCES "entryversion" ("id"));
"""

# NewsEdits' released databases (one per outlet): the versions table written by pandas' to_sql.
NEWSEDITS_SCHEMA = """
CREATE TABLE "entryversion" ("index" INTEGER, "version" INTEGER, "title" TEXT, "created" TEXT, "url" TEXT,
  "source" TEXT, "entry_id" INTEGER, "archive_url" TEXT, "num_versions" INTEGER, "summary" TEXT);
CREATE INDEX "ix_entryversion_index" ON "entryversion" ("index");
"""

URL = "https://www.example.com/2019/05/01/flood.html"


def diffengine_db(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript(DIFFENGINE_SCHEMA)
    db.execute(
        "INSERT INTO entry VALUES (1, ?, '2019-05-01 14:00:00.000000', '2019-05-01 18:00:00.000000', '')",
        (URL,),
    )
    db.execute(
        "INSERT INTO entry VALUES (2, 'https://www.example.com/other', '2019-05-01 14:00:00', '2019-05-01 14:00:00', '')"
    )
    rows = [
        (
            1,
            "Flood hits town",
            "<p>Floodwaters swept through the town on Tuesday.</p><p>At least <b>two</b> people were killed.</p>",
            "2019-05-01 14:03:22.123456",
            None,
        ),
        (
            2,
            "Flood kills three",
            "<p>Floodwaters swept through the town on Tuesday.</p><p>At least <b>three</b> people were killed.</p>",
            "2019-05-01 16:10:00.000000",
            "https://web.archive.org/web/20190501161000/" + URL,
        ),
        (
            3,
            "Flood kills three",
            "<div><p>Floodwaters swept through the town on Tuesday.</p>\n<p>At least <b>three</b> people were killed.</p></div>",
            "2019-05-01 17:00:00.000000",
            None,
        ),
    ]
    for vid, title, summary, created, archive in rows:
        db.execute(
            "INSERT INTO entryversion VALUES (?, ?, ?, ?, ?, ?, 1, '')",
            (vid, title, URL, summary, created, archive),
        )
    db.execute(
        "INSERT INTO entryversion VALUES (4, 'Other', 'https://www.example.com/other', '<p>x</p>', 'not a time', NULL, 2, '')"
    )
    db.execute("INSERT INTO diff VALUES (1, 1, 2, '2019-05-01 16:10:01', NULL, NULL)")
    db.commit()
    db.close()
    return path


def test_diffengine(tmp_path: Path) -> None:
    db = diffengine_db(tmp_path / "diffengine.db")
    notes: list[Note] = []
    first, second = read_diffengine(db, on_note=notes.append)
    assert isinstance(first, Story)
    assert first.id == URL
    assert first.title == "Flood kills three"
    assert [r.text for r in first.revisions] == [
        "Flood hits town\n\nFloodwaters swept through the town on Tuesday.\n\nAt least two people were killed.",
        "Flood kills three\n\nFloodwaters swept through the town on Tuesday.\n\nAt least three people were killed.",
    ]
    assert [r.timestamp_text for r in first.revisions] == [
        "2019-05-01T14:03:22.123456+00:00",
        "2019-05-01T16:10:00+00:00",
    ]
    assert first.revisions[1].label == "https://web.archive.org/web/20190501161000/" + URL
    assert isinstance(second, ImportFailure)
    assert (
        str(second)
        == f"{db}: story 'https://www.example.com/other': entryversion row 4: created: 'not a time' is not a time"
    )
    assert [str(n) for n in notes] == [
        f"{db}: story '{URL}': 1 version was identical to the one before and left out (--keep-identical keeps them)",
        f"{db}: 3 times without a UTC offset read in UTC (--tz to change)",
    ]


def test_newsedits(tmp_path: Path) -> None:
    path = tmp_path / "ap.db"
    db = sqlite3.connect(path)
    db.executescript(NEWSEDITS_SCHEMA)
    versions = [
        (
            0,
            0,
            "Storm nears coast",
            "2020-08-26 14:00:00",
            7,
            "The storm strengthened overnight.</p><p>Residents were told to leave.",
        ),
        (
            1,
            1,
            "Storm nears coast",
            "2020-08-26 18:00:00",
            7,
            "The storm strengthened overnight.</p><p>Residents were told to leave.</p><p>Winds reached 150 mph.",
        ),
        (2, 0, "Vote count", "2020-11-04 02:00:00", 9, "Counting went on &amp; on."),
    ]
    for index, version, title, created, entry, summary in versions:
        db.execute(
            "INSERT INTO entryversion VALUES (?, ?, ?, ?, 'u', 'ap', ?, NULL, 2, ?)",
            (index, version, title, created, entry, summary),
        )
    db.commit()
    db.close()
    storm, vote = read_newsedits(path, tz="America/New_York")
    assert isinstance(storm, Story)
    assert isinstance(vote, Story)
    assert (storm.id, vote.id) == ("ap-7", "ap-9")
    assert [r.label for r in storm.revisions] == ["version 0", "version 1"]
    assert storm.revisions[0].timestamp_text == "2020-08-26T14:00:00-04:00"
    assert storm.last.text == (
        "Storm nears coast\n\nThe storm strengthened overnight.\n\nResidents were told to leave.\n\nWinds reached 150 mph."
    )
    assert storm.updates[0].kind == "append"
    assert vote.base.text == "Vote count\n\nCounting went on & on."


def test_not_the_tools_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(SourceError, match=r"other.db: no table 'entryversion': not this tool's database$"):
        list(read_newsedits(other))
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(SourceError, match=r"notes.txt: not a SQLite database \(file is not a database\)$"):
        list(read_diffengine(text))
    with pytest.raises(SourceError, match=r"nope.db: no such file$"):
        list(read_diffengine(tmp_path / "nope.db"))


def test_cli(tmp_path: Path) -> None:
    db = diffengine_db(tmp_path / "diffengine.db")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", "diffengine", str(db), "-o", str(out), "--tz", "+02:00"])
    assert result.exit_code == 1
    assert "\nerror: " in result.stderr
    assert result.stderr.endswith("Error: 1 story or record could not be imported (see above)\n")
    story = load_story(out / story_filename(URL))
    assert story.base.timestamp_text == "2019-05-01T14:03:22.123456+02:00"


def test_versions_are_ordered_by_time_not_by_how_their_time_is_written(tmp_path: Path) -> None:
    """A database that mixes "2020-01-01 10:00:00" with "…T09:30:00", or offsets: the text order
    put 10:00+05:00 (05:00 UTC) after 06:00+00:00, and the import refused time going back."""
    path = tmp_path / "ap.db"
    db = sqlite3.connect(path)
    db.executescript(NEWSEDITS_SCHEMA)
    rows = [
        (0, "2020-01-01 10:00:00+05:00", "First. Lead."),
        (1, "2020-01-01T06:00:00+00:00", "First. Lead. Second."),
        (2, "2020-01-01 07:00:00", "First. Lead. Second. Third."),
        (3, "2020-01-01T06:30:00", "First. Lead. Second. Two and a half."),
    ]
    for version, created, text in rows:
        db.execute(
            "INSERT INTO entryversion VALUES (?, ?, 'T', ?, 'https://x.example/a', 'ap', 7, '', 4, ?)",
            (version, version, created, f"<p>{text}</p>"),
        )
    db.commit()
    db.close()
    (story,) = read_newsedits(path)
    assert isinstance(story, Story)
    assert [r.timestamp_text for r in story.revisions] == [
        "2020-01-01T10:00:00+05:00",
        "2020-01-01T06:00:00+00:00",
        "2020-01-01T06:30:00+00:00",
        "2020-01-01T07:00:00+00:00",
    ]
