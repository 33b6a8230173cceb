"""Renderers and the commands that print them: text is data, never markup or control."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import main
from revtrack.diff import diff_texts
from revtrack.provenance import attribute
from revtrack.render.diff import DIFF_FORMATS, DiffOptions, render_diff, render_stat
from revtrack.render.provenance import SHOW_FORMATS, ShowOptions, render_blame, render_show
from revtrack.story import Story
from revtrack.storyfile import save_story

T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))
EVIL = '<script>alert(1)</script> \x1b[2J\x1b]0;pwned\x07 \u202eevil\u202c "><img src=x onerror=alert(1)> </style>'


def evil_story() -> Story:
    texts = ["A calm base text. " + EVIL, "A calm base text. " + EVIL + "\n\nUPDATE: " + EVIL]
    return Story.from_texts(
        texts, [T0, T0 + timedelta(hours=1)], id="evil<script>", labels=[EVIL, EVIL], authors=[EVIL, None]
    )


@pytest.mark.parametrize("fmt", sorted(DIFF_FORMATS))
def test_diff_formats_never_pass_control_or_markup_through(fmt: str) -> None:
    out = render_diff(diff_texts("calm", "calm " + EVIL), fmt)
    if fmt == "json":
        assert json.loads(out)["ops"][1][1] == " " + EVIL  # programs get the exact text
        return
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "\x1b]0" not in out
    assert "\x1b[2J" not in out
    if fmt == "html":
        assert "<script>" not in out
        assert "<img" not in out
        assert "</style>" not in out
        assert "&lt;script&gt;" in out


@pytest.mark.parametrize("fmt", sorted(SHOW_FORMATS))
def test_show_formats_never_pass_control_characters(fmt: str) -> None:
    out = render_show(attribute(evil_story()), fmt, ShowOptions(words=True))
    if fmt == "json":
        assert json.loads(out)["text"].endswith(EVIL)
        return
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "\x1b]0" not in out
    assert "\x1b[2J" not in out
    assert "x1b" in out  # shown, escaped


def test_blame_shows_controls_visibly() -> None:
    out = render_blame(attribute(evil_story()))
    assert "\x1b" not in out
    assert out.count("\n") == len(attribute(evil_story()).sentences)


def test_diff_context_skips_unchanged_paragraphs_with_a_marker() -> None:
    old = "\n\n".join(f"Paragraph {k}." for k in range(10))
    new = old.replace("Paragraph 5.", "Paragraph five.")
    out = render_diff(diff_texts(old, new), "plain", DiffOptions(context=1))
    assert out == (
        "@@ 4 unchanged paragraphs @@\n\nParagraph 4.\n\nParagraph [-5-]{+five+}.\n\nParagraph 6.\n\n"
        "@@ 3 unchanged paragraphs @@\n\n"
    )
    assert render_diff(diff_texts(old, new), "markdown", DiffOptions(context=0)).count("unchanged") == 2


def test_stat_line() -> None:
    d = diff_texts("Rocket attack in Iraq kills two.", "Rocket attacks in Iraq kill two people.")
    assert render_stat(d, DiffOptions(from_name=0, to_name=2)) == (
        "0 → 2: 4 words added, 3 removed, 3 kept; 2 changed regions\n"
    )


def test_diff_json_is_the_format() -> None:
    out = render_diff(
        diff_texts("Rocket attack in Iraq", "Rocket attacks in Iraq"),
        "json",
        DiffOptions(from_name=0, to_name=3),
    )
    assert out == (
        '{"format": "revtrack/diff@1", "from": 0, "to": 3, "ops": [["=", "Rocket "], ["-", "attack"], '
        '["+", "attacks"], ["=", " in Iraq"]]}\n'
    )


# --- commands --------------------------------------------------------------------------


@pytest.fixture
def story_file(tmp_path: Path) -> Path:
    path = tmp_path / "s.json"
    texts = ["Rocket attack in Iraq. Two killed.", "Rocket attacks in Iraq. Two killed.\n\nUPDATE: More."]
    save_story(Story.from_texts(texts, [T0, T0 + timedelta(hours=1)], id="s"), path)
    return path


def invoke(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env or {"NO_COLOR": None}).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_diff_command_defaults_and_exit_code(story_file: Path) -> None:
    code, out, _ = invoke("diff", str(story_file))
    assert code == 0
    assert out == "Rocket [-attack-]{+attacks+} in Iraq. Two killed.{+\n\nUPDATE: More.+}\n"
    assert invoke("diff", str(story_file), "--exit-code")[0] == 1
    assert invoke("diff", str(story_file), "--from", "1", "--to", "1", "--exit-code")[0] == 0
    assert (
        invoke("diff", str(story_file), "--stat")[1]
        == "0 → 1: 3 words added, 1 removed, 5 kept; 2 changed regions\n"
    )


def test_diff_of_two_plain_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one two", encoding="utf-8")
    (tmp_path / "b.txt").write_text("one three", encoding="utf-8")
    code, out, _ = invoke("diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "format": "revtrack/diff@1",
        "from": str(tmp_path / "a.txt"),
        "to": str(tmp_path / "b.txt"),
        "ops": [["=", "one "], ["-", "two"], ["+", "three"]],
    }
    code, _, err = invoke("diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--from", "0")
    assert code == 2
    assert "--from and --to name revisions of a story" in err
    (tmp_path / "bad.txt").write_bytes(b"\xff")
    code, _, err = invoke("diff", str(tmp_path / "a.txt"), str(tmp_path / "bad.txt"))
    assert (code, err) == (1, f"Error: {tmp_path / 'bad.txt'}: not UTF-8 text (byte 0xff at offset 0)\n")


def test_colour_follows_flag_and_no_color(story_file: Path) -> None:
    assert "\x1b[" in invoke("diff", str(story_file), "--color", "always")[1]
    assert "\x1b[" not in invoke("diff", str(story_file), "--format", "ansi")[1]  # not a terminal
    assert "\x1b[" not in invoke("show", str(story_file), "--format", "ansi", env={"NO_COLOR": "1"})[1]
    assert "\x1b[" in invoke("show", str(story_file), "--color", "always", env={"NO_COLOR": "1"})[1]


def test_show_since_marks_only_what_changed(story_file: Path) -> None:
    out = invoke("show", str(story_file), "--since", "0")[1]
    assert "[0→1] Rocket {attacks}[1] in Iraq." in out
    assert "[0] Two killed." not in out
    assert "Two killed." in out
    assert "[1] UPDATE: More." in out


def test_blame_lines(story_file: Path) -> None:
    code, out, _ = invoke("blame", str(story_file))
    assert code == 0
    assert out.splitlines() == [
        "0  2020-03-11T16:00:00-05:00  Original  1  Rocket attacks in Iraq.",
        "0  2020-03-11T16:00:00-05:00  Original  -  Two killed.",
        "1  2020-03-11T17:00:00-05:00  Update 1  -  UPDATE: More.",
    ]
    assert json.loads(invoke("blame", str(story_file), "--format", "json", "--at", "0")[1])["revision"] == 0


def test_windows_line_ends_are_kept_but_a_lone_carriage_return_is_shown() -> None:
    from revtrack.render._common import show_controls

    assert show_controls("one\r\ntwo\rthree") == "one\r\ntwo\\x0dthree"
