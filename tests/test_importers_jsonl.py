"""JSON Lines of versions (revtrack.importers.jsonl, `revtrack import jsonl`)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from revtrack import load_story
from revtrack.cli import main
from revtrack.importers import ImportFailure, Note, read_jsonl, story_filename
from revtrack.story import Story


def write(path: Path, *lines: object) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def test_interleaved_versions_in_any_order(tmp_path: Path) -> None:
    src = write(
        tmp_path / "v.jsonl",
        {
            "story": "b",
            "timestamp": "2024-01-02T10:00:00Z",
            "text": "B two",
            "label": "second",
            "title": "Bee",
        },
        {"story": "a", "timestamp": "2024-01-01T10:00:00+01:00", "text": "A one", "author": "X"},
        {"story": "b", "timestamp": "2024-01-01T10:00:00Z", "text": "B one"},
        "",
        {"story": "a", "timestamp": "2024-01-01T10:00:00+01:00", "text": "A one, same time", "label": "tie"},
    )
    a, b = read_jsonl(src)
    assert isinstance(a, Story)
    assert isinstance(b, Story)
    assert [(r.text, r.label, r.author) for r in a.revisions] == [
        ("A one", "Original", "X"),
        ("A one, same time", "tie", None),
    ]
    assert [r.text for r in b.revisions] == ["B one", "B two"]
    assert b.title == "Bee"


def test_broken_records_are_reported_and_the_other_stories_imported(tmp_path: Path) -> None:
    src = write(
        tmp_path / "v.jsonl",
        {"story": "a", "timestamp": "2024-01-01T10:00:00Z", "text": "A"},
        "not json",
        {"story": "c", "timestamp": "yesterday", "text": "C"},
        {"story": "c", "timestamp": "2024-01-01T10:00:00Z", "text": "C fine"},
        {"timestamp": "2024-01-01T10:00:00Z", "text": "no story"},
        {"story": "d", "timestamp": "2024-01-01T10:00:00Z", "text": 5},
        [1, 2],
    )
    items = list(read_jsonl(src))
    assert [str(i) for i in items if isinstance(i, ImportFailure)] == [
        f"{src}: line 2: invalid JSON: Expecting value (column 1)",
        f"{src}: line 5: story: missing",
        f"{src}: line 7: expected an object, found list",
        f"{src}: story 'c': line 3: timestamp: 'yesterday' is not an ISO 8601 timestamp",
        f"{src}: story 'd': line 6: text: expected a string, found a number",
    ]
    assert [i.id for i in items if isinstance(i, Story)] == ["a"]


def test_times_without_an_offset_and_unknown_keys_get_a_note(tmp_path: Path) -> None:
    src = write(
        tmp_path / "v.jsonl",
        {"story": "a", "timestamp": "2024-07-01T10:00:00", "text": "A", "url": "https://x"},
        {"story": "a", "timestamp": "2024-07-01T11:00:00", "text": "A"},
    )
    notes: list[Note] = []
    (a,) = read_jsonl(src, tz="America/New_York", on_note=notes.append)
    assert isinstance(a, Story)
    assert a.base.timestamp_text == "2024-07-01T10:00:00-04:00"
    assert [str(n) for n in notes] == [
        f"{src}: keys other than story, timestamp, text, label, author, title ignored: url",
        f"{src}: 2 times without a UTC offset read in America/New_York (--tz to change)",
        f"{src}: story 'a': 1 version was identical to the one before and left out (--keep-identical keeps them)",
    ]


def test_cli(tmp_path: Path) -> None:
    src = write(
        tmp_path / "v.jsonl",
        {"story": "Flood", "timestamp": "2024-01-01T10:00:00Z", "text": "Rain."},
        {"story": "Flood", "timestamp": "2024-01-01T11:00:00Z", "text": "Rain.\n\nMore rain."},
        "{",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", "jsonl", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {src}: line 3: invalid JSON: Expecting property name enclosed in double quotes (column 2)\n"
        f"{out}: 1 story written (2 versions)\n"
        "Error: 1 story or record could not be imported (see above)\n"
    )
    story = load_story(out / story_filename("Flood"))
    assert [u.kind for u in story.updates] == ["append"]
    bad_tz = CliRunner().invoke(main, ["import", "jsonl", str(src), "-o", str(out), "--tz", "Nowhere/Else"])
    assert bad_tz.exit_code == 2
    assert "unknown time zone 'Nowhere/Else'" in bad_tz.stderr


def test_cli_reads_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    line = json.dumps({"story": "s", "timestamp": "2024-01-01T10:00:00Z", "text": "Rain."})
    result = CliRunner().invoke(main, ["import", "jsonl", "-", "-o", str(out)], input=line + "\n")
    assert result.exit_code == 0, result.output
    assert load_story(out / "s.json").base.text == "Rain."


def test_a_key_given_twice_is_a_broken_record(tmp_path: Path) -> None:
    source = tmp_path / "v.jsonl"
    source.write_text('{"story": "a", "story": "b", "timestamp": "2020-01-01T00:00Z", "text": "x"}\n')
    result = CliRunner().invoke(main, ["import", "jsonl", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"error: {source}: line 1: duplicate key 'story'" in result.stderr
    assert not list((tmp_path / "out").iterdir())


def test_a_story_id_with_a_lone_surrogate_is_a_broken_record_and_the_others_are_written(
    tmp_path: Path,
) -> None:
    source = tmp_path / "v.jsonl"
    ok = '{"story": "ok", "timestamp": "2020-01-01T00:00Z", "text": "x"}\n'
    source.write_text('{"story": "x\\ud800", "timestamp": "2020-01-01T00:00Z", "text": "x"}\n' + ok)
    result = CliRunner().invoke(main, ["import", "jsonl", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"error: {source}: line 1: story: lone surrogate U+D800 at offset 1" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ok.json"]


def test_a_file_none_of_whose_lines_is_an_object_is_not_json_lines_said_once(tmp_path: Path) -> None:
    source = tmp_path / "notes.jsonl"
    source.write_text('[tool.x]\nname = "y"\n\n[1, 2]\n')
    result = CliRunner().invoke(main, ["import", "jsonl", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {source}: not JSON Lines: none of its 3 lines is a JSON object "
        "(line 1: invalid JSON: Expecting value (column 2))\n"
    )


def test_lines_before_the_first_object_are_each_a_broken_record(tmp_path: Path) -> None:
    source = tmp_path / "v.jsonl"
    ok = '{"story": "ok", "timestamp": "2020-01-01T00:00Z", "text": "x"}\n'
    source.write_text("garbage\nmore garbage\n" + ok)
    result = CliRunner().invoke(main, ["import", "jsonl", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"error: {source}: line 1: invalid JSON" in result.stderr
    assert f"error: {source}: line 2: invalid JSON" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ok.json"]
