"""Saved versions (revtrack import versions) and growing a story (revtrack add)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack import load_story
from revtrack.cli import main
from revtrack.errors import SourceError
from revtrack.importers import Note, read_versions

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Millbrook Ledger</title>
<meta property="og:title" content="{title}"></head>
<body><header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sports">Sports</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By K. Osei</p>
{paragraphs}
</article><aside><h2>Most read</h2><ul><li><a href="/a">Council meets</a></li><li><a href="/b">Fair opens</a></li></ul></aside></main>
<footer><p>© 2023 The Millbrook Ledger. All rights reserved.</p></footer></body></html>
"""
LEAD = "Floodwaters swept through the river town of Millbrook on Tuesday, forcing hundreds from their homes."
DEAD = "At least {n} people were killed, according to the county sheriff's office, which said the toll could rise."
RAIN = "More than 8 inches of rain fell in 12 hours, the National Weather Service said in a statement on Tuesday."


def page(title: str, *paragraphs: str) -> str:
    return PAGE.format(title=title, paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs))


def waybackpack(root: Path) -> Path:
    """Captures as waybackpack saves them: DIR/<14-digit time>/<host>/<path>/index.html."""
    captures = {
        "20230711110000": page("Flood hits Millbrook", LEAD, DEAD.format(n="two")),
        "20230711120000": page("Flood hits Millbrook", LEAD, DEAD.format(n="two")),
        "20230711134500": page("Flood kills three in Millbrook", LEAD, DEAD.format(n="three"), RAIN),
    }
    for stamp, html in captures.items():
        target = root / stamp / "www.ledger.example" / "2023" / "flood" / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(html, encoding="utf-8")
    return root


def test_web_archive_captures_become_a_story(tmp_path: Path) -> None:
    notes: list[Note] = []
    story = read_versions([waybackpack(tmp_path / "flood")], on_note=notes.append)
    assert story.id == "flood"
    assert story.title == "Flood kills three in Millbrook"
    assert [r.timestamp_text for r in story.revisions] == [
        "2023-07-11T11:00:00+00:00",
        "2023-07-11T13:45:00+00:00",
    ]
    assert story.revisions[0].label == "20230711110000/www.ledger.example/2023/flood/index.html"
    assert story.last.text == "\n\n".join(
        ["Flood kills three in Millbrook", LEAD, DEAD.format(n="three"), RAIN]
    )
    for text in (r.text for r in story.revisions):
        for furniture in ("Most read", "rights reserved", "Sports"):
            assert furniture not in text
        assert "By K. Osei" not in text  # trafilatura leaves the byline out, as page furniture
    assert [str(n) for n in notes] == [
        f"{tmp_path / 'flood'}: story 'flood': 1 version was identical to the one before and left out (--keep-identical keeps them)"
    ]


def test_text_files_with_times_in_their_names_or_given(tmp_path: Path) -> None:
    (tmp_path / "2020-03-11T2015.txt").write_text("B\n", encoding="utf-8")
    (tmp_path / "2020-03-11T1600.txt").write_text("A\n", encoding="utf-8")
    notes: list[Note] = []
    story = read_versions([tmp_path], tz="America/New_York", id="s", on_note=notes.append)
    assert [(r.text, r.timestamp_text) for r in story.revisions] == [
        ("A\n", "2020-03-11T16:00:00-04:00"),
        ("B\n", "2020-03-11T20:15:00-04:00"),
    ]
    assert "2 times without a UTC offset read in America/New_York" in str(notes[0])
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("first", encoding="utf-8")
    two.write_text("second", encoding="utf-8")
    given = read_versions([two, one], times=["2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z"])
    assert [r.text for r in given.revisions] == ["first", "second"]
    with pytest.raises(
        SourceError,
        match=r"one.txt: no time in its name \(20200311201500 or 2020-03-11T20:15\): give them with --times$",
    ):
        read_versions([one])
    with pytest.raises(SourceError, match=r"1 time \(--times\) for 2 files$"):
        read_versions([one, two], times=["2024-01-01T00:00:00Z"])


def test_html_without_trafilatura_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(SourceError) as info:
        read_versions([waybackpack(tmp_path / "flood")])
    assert str(info.value).endswith(": reading HTML versions needs trafilatura: pip install 'revtrack[html]'")


def test_cli_versions(tmp_path: Path) -> None:
    root = waybackpack(tmp_path / "flood")
    out = tmp_path / "flood.json"
    result = CliRunner().invoke(main, ["import", "versions", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f"{out}: 2 revisions (1 update)\n")
    assert load_story(out).last.text.startswith("Flood kills three in Millbrook\n\nFloodwaters swept")


# --- revtrack add ------------------------------------------------------------------------------


def test_add_grows_a_story_in_its_smallest_form(tmp_path: Path) -> None:
    story = tmp_path / "s.json"
    base = tmp_path / "base.txt"
    base.write_text("One.", encoding="utf-8")
    CliRunner().invoke(
        main, ["import", "versions", str(base), "--times", "2024-01-01T10:00Z", "--id", "s", "-o", str(story)]
    )
    result = CliRunner().invoke(
        main,
        ["add", str(story), "-", "--time", "2024-01-01T11:00+00:00", "--label", "more", "--author", "K."],
        input="One.\n\nTwo.",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{story}: revision 1 added (append)\n"
    grown = load_story(story)
    assert [(r.label, r.author, r.text) for r in grown.revisions] == [
        ("base.txt", None, "One."),
        ("more", "K.", "One.\n\nTwo."),
    ]
    same = CliRunner().invoke(
        main, ["add", str(story), "-", "--time", "2024-01-01T12:00+00:00"], input="One.\n\nTwo."
    )
    assert same.exit_code == 0
    assert same.stderr == "note: -: the same text as revision 1: nothing added\n"
    assert len(load_story(story)) == 2
    early = CliRunner().invoke(main, ["add", str(story), "-", "--time", "2024-01-01T10:30+00:00"], input="x")
    assert early.exit_code == 1
    assert early.stderr == (
        f"Error: {story}: --time: 2024-01-01T10:30:00+00:00 is before the story's last revision (1, 'more') "
        "at 2024-01-01T11:00:00+00:00\n"
    )
    naive = CliRunner().invoke(main, ["add", str(story), "-", "--time", "2024-01-01T13:00"], input="x")
    assert naive.exit_code == 2
    assert "has no UTC offset" in naive.stderr
    missing = CliRunner().invoke(
        main, ["add", str(story), str(tmp_path / "nope.txt"), "--time", "2024-01-02T00:00Z"]
    )
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file\n"


def test_add_refuses_a_story_file_as_the_new_version_and_notes_an_empty_one(tmp_path: Path) -> None:
    story = tmp_path / "s.json"
    first = tmp_path / "v1.txt"
    first.write_text("One.\n", encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["import", "versions", str(first), "--times", "2024-01-01T10:00Z", "-o", str(story)]
        ).exit_code
        == 0
    )
    before = story.read_bytes()
    result = runner.invoke(main, ["add", str(story), str(story), "--time", "2024-01-01T11:00Z"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {story}: is a story file, not a version's text\n",
    )
    assert story.read_bytes() == before
    result = runner.invoke(main, ["add", str(story), "-", "--time", "2024-01-01T12:00Z"], input="")
    assert result.exit_code == 0
    assert "note: <stdin>: empty: the new revision has no text (all of it deleted)" in result.stderr
    assert load_story(story).last.text == ""
