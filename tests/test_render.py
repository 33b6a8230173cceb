"""Renderers and the commands that print them: text is data, never markup or control."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

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
        "@@ 3 unchanged paragraphs @@\n"
    )
    assert render_diff(diff_texts(old, new), "markdown", DiffOptions(context=0)).count("unchanged") == 2
    # Nothing changed: nothing to show, as diff -U.
    assert render_diff(diff_texts(old, old), "plain", DiffOptions(context=1)) == ""


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
    # An error is not an answer: 2 under --exit-code (as diff(1)), still 1 without it.
    missing = str(story_file.parent / "missing.txt")
    assert invoke("diff", str(story_file), missing, "--exit-code") == (
        2,
        "",
        f"Error: {missing}: no such file\n",
    )
    assert invoke("diff", str(story_file), missing)[0] == 1
    assert invoke("diff", str(story_file), "--to", "9", "--exit-code")[0] == 2
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
    assert "\x1b[" not in invoke("diff", str(story_file))[1]  # not a terminal: plain by default
    assert "\x1b[" not in invoke("show", str(story_file), env={"NO_COLOR": "1"})[1]
    # --format ansi is colour, as asked, on a pipe too and over NO_COLOR; --color never is not.
    assert "\x1b[" in invoke("diff", str(story_file), "--format", "ansi")[1]
    assert "\x1b[" in invoke("show", str(story_file), "--format", "ansi", env={"NO_COLOR": "1"})[1]
    assert "\x1b[" not in invoke("show", str(story_file), "--format", "ansi", "--color", "never")[1]
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
    from revtrack.render.escape import show_controls

    assert show_controls("one\r\ntwo\rthree") == "one\r\ntwo\\x0dthree"


# --- Markdown, read back by a CommonMark parser ------------------------------------------

_md_pieces = st.lists(
    st.sampled_from(
        [
            "said",
            "Baghdad",
            "27",
            "U.S.",
            "it",
            "é",
            "😀",
            "“",
            "”",
            ",",
            ".",
            ":",
            "(",
            ")",
            "!",
            "?",
            "'",
            " ",
            " ",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\r\n",
            "\t",
            "- ",
            "+ ",
            "1. ",
            "2) ",
            "    ",
            "===",
            "---",
            "#",
            "*",
            "**",
            "_",
            "~~",
            "`",
            "[",
            "]",
            "<b>",
            ">",
            "&copy;",
            "|",
            "\\",
            "\u00a0",
        ]
    ),
    max_size=25,
).map("".join)


def _markdown_reads(source: str) -> tuple[str, str]:
    """What a CommonMark reader (with ~~strikethrough~~) shows: the old text (kept and struck)
    and the new one (kept and strong), without whitespace (Markdown keeps the whitespace of a
    change outside its marks, where both texts show it)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("strikethrough").parse(source)
    old: list[str] = []
    new: list[str] = []
    for block in tokens:
        assert block.type in ("paragraph_open", "paragraph_close", "inline"), (block.type, source)
        if block.type != "inline":
            old.append(" ")
            new.append(" ")
            continue
        struck = strong = False
        for t in block.children or []:
            if t.type in ("s_open", "s_close"):
                struck = t.type == "s_open"
            elif t.type in ("strong_open", "strong_close"):
                strong = t.type == "strong_open"
            elif t.type in ("text", "softbreak", "hardbreak"):
                text = t.content if t.type == "text" else "\n"
                assert not (struck and strong)
                if not strong:
                    old.append(text)
                if not struck:
                    new.append(text)
            else:
                raise AssertionError((t.type, source))
    return "".join("".join(old).split()), "".join("".join(new).split())


@settings(max_examples=600, deadline=None)
@given(_md_pieces, _md_pieces)
def test_markdown_reads_back_as_both_texts(old: str, new: str) -> None:
    """Rendered, the Markdown shows the old text with removals struck and the new one with
    additions strong, and nothing else: no list, heading, code, link, entity or stray mark."""
    source = render_diff(diff_texts(old, new), "markdown")
    # A carriage return that came or went alone (a line end's style changed) is shown, as \x0d.
    shown_old, shown_new = (text.replace("\\x0d", "") for text in _markdown_reads(source))
    assert (shown_old, shown_new) == ("".join(old.split()), "".join(new.split()))
    assert "\r" not in source.replace("\r\n", "")


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        (
            "Casualties: 12 dead. Confirmed",
            "Casualties: 12 dead.\rNone dead. Confirmed",
            r"**\\x0dNone dead.**",
        ),
        ("A line.\r\nB line.", "A line.\nB line.", "A line.~~\\\\x0d~~\nB line."),
        ("A.\n\nB.", "A.\n\x0b\nNew.\n\nB.", "**\\\\x0b\nNew.**"),
        ("A. B.", "A.\u2028B.", r"A.**\\u2028**B."),
    ],
)
def test_markdown_shows_a_control_or_separator_that_changed_escaped_never_raw(
    old: str, new: str, shown: str
) -> None:
    """A raw carriage return would let the terminal write the new text over the old."""
    source = render_diff(diff_texts(old, new), "markdown")
    assert shown in source
    assert not any(c in source for c in "\r\x0b\u2028")


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("Trump said it", "Trump said: it", "Trump ~~said~~**said:** it\n"),
        ("in Baghdad. Later", "in Baghdad, later", "in ~~Baghdad. Later~~**Baghdad, later**\n"),
        ("a Dec. 27 attack", "a Dec. 27, 2019 attack", "a Dec. ~~27~~**27, 2019** attack\n"),
        ("Rocket attack in Iraq", "Rocket attacks in Iraq", "Rocket ~~attack~~**attacks** in Iraq\n"),
        ("the (old) text", "the (new) text", "the (~~old~~**new**) text\n"),
        (
            "A\r\n\r\nB  \n\nC",
            "X\r\n\r\nY",
            "~~A~~\r\n\r\n~~B~~  \n\n~~C~~**X**\r\n\r\n**Y**\n",
        ),
        (
            "A\r\n\r\nB  \n\nC",
            "X\r\n\r\nY  \n\nZ",
            "~~A~~**X**\r\n\r\n~~B~~**Y**  \n\n~~C~~**Z**\n",
        ),
    ],
)
def test_markdown_marks_sit_where_they_open_and_close(old: str, new: str, shown: str) -> None:
    assert render_diff(diff_texts(old, new), "markdown") == shown


def test_a_line_break_changed_alone_is_shown() -> None:
    d = diff_texts("It rained.\n\nThe bridge closed.", "It rained. The bridge closed.")
    assert render_diff(d, "ansi") == "It rained.\x1b[31;9m¶¶\x1b[0m\x1b[32;4m \x1b[0mThe bridge closed.\n"
    assert render_diff(d, "html").startswith(
        '<div class="revtrack-diff" style="white-space: pre-wrap">It rained.<del>¶¶</del><ins> </ins>The'
    )
    # Added, the break is shown and kept, so the new text reads as it is laid out.
    back = diff_texts("It rained. The bridge closed.", "It rained.\n\nThe bridge closed.")
    assert (
        render_diff(back, "ansi") == "It rained.\x1b[31;9m \x1b[0m\x1b[32;4m¶¶\x1b[0m\n\nThe bridge closed.\n"
    )
    assert render_diff(back, "markdown") == "It rained.\n\nThe bridge closed.\n"  # the new layout
    assert render_diff(back, "plain") == "It rained.[- -]{+\n\n+}The bridge closed.\n"  # wdiff: as it is


def test_characters_that_show_nothing_are_shown_in_a_change() -> None:
    d = diff_texts("\ufeffHello world", "Hello world\u200b")
    for fmt in ("plain", "ansi", "markdown", "html"):
        out = render_diff(d, fmt)
        assert "\\ufeff" in out, fmt
        assert "\\u200b" in out, fmt
        assert "\ufeff" not in out
        assert "\u200b" not in out
    # Unchanged, they are left alone (Thai and Khmer use the zero-width space to break lines).
    assert render_diff(diff_texts("ก\u200bข x", "ก\u200bข y"), "plain") == "ก\u200bข [-x-]{+y+}\n"


def test_stat_says_one_word() -> None:
    assert render_stat(diff_texts("a b", "a c"), DiffOptions()) == (
        "0 → 1: 1 word added, 1 removed, 1 kept; 1 changed region\n"
    )


def test_diff_refuses_what_it_cannot_compare(story_file: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Rocket attack.", encoding="utf-8")
    code, out, err = invoke("diff", str(story_file), str(plain))
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {story_file}: is a story file, not a text file; to compare its revisions: "
        f"revtrack diff {story_file} --from A --to B\n"
    )
    code, _, err = invoke("diff", str(story_file), "--to", "0")
    assert code == 2
    assert "--to 0 is the base (revision 0): give --from to compare it with" in err
    code, _, err = invoke("diff", str(story_file), "--stat", "--format", "json")
    assert code == 2
    assert "--stat prints a summary line" in err
    code, _, err = invoke("diff", str(story_file), "--stat", "--format", "html")  # was ignored
    assert code == 2
    assert "--stat prints a summary line, in no --format (html: leave out --stat)" in err
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = invoke("diff", str(binary), str(plain))
    assert (code, err) == (1, f"Error: {binary}: a binary file (NUL byte at offset 8), not a text file\n")
    base_only = tmp_path / "base.json"
    save_story(Story.from_texts(["Only a base."], [T0], id="b"), base_only)
    code, _, err = invoke("diff", str(base_only))
    assert (code, err) == (1, f"Error: {base_only}: the story has only its base: nothing to compare\n")


def test_output_the_terminal_cannot_encode_is_escaped_not_a_traceback(story_file: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "diff", str(story_file), "--stat"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"0 \\u2192 1: 3 words added, 1 removed, 5 kept; 2 changed regions\n"


@pytest.mark.parametrize(
    "args",
    [
        ["blame", "--format", "json"],
        ["show", "--format", "json"],
        ["show", "--format", "markdown"],
        ["diff", "--format", "json"],
        ["diff", "--format", "html"],
        ["log", "--format", "json"],
        ["audit", "--format", "json"],
        ["report", "-o", "-"],
    ],
    ids=lambda a: " ".join(a),
)
def test_json_and_pages_are_utf8_whatever_the_terminal_s_encoding(args: list[str], tmp_path: Path) -> None:
    """JSON is UTF-8 (FORMATS.md); on a Latin-1 terminal "é" came out as byte 0xE9 and "🚀" as the
    escape ``\\U0001f680``, which is not JSON."""
    import os
    import subprocess
    import sys

    path = tmp_path / "s.json"
    save_story(
        Story.from_texts(
            ["Café rocket 🚀 launched.", "Café rocket 🚀 launched. Crowd 👏 cheered."], [T0, T0], id="é🚀"
        ),
        path,
    )
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "NO_COLOR": "1"}
    command, *options = args
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", command, str(path), *options],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")  # not Latin-1: this would fail on 0xE9
    assert "🚀" in text
    assert "\\U0001f680" not in text
    if "json" in args:
        json.loads(text)


@pytest.mark.parametrize(
    "args",
    [["log"], ["show"], ["show", "--format", "markdown"], ["blame"], ["audit"]],
    ids=lambda a: " ".join(a),
)
def test_a_line_break_in_a_label_author_or_title_stays_on_its_line(args: list[str], tmp_path: Path) -> None:
    texts = [
        "Rockets hit the base.",
        "Rockets hit the base. Two were hurt.",
        "Rockets hit the base. Three were hurt.",
    ]
    story = Story.from_texts(
        texts,
        [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)],
        id="two\nlines",
        labels=[None, "UPDATE\n6:20pm", "Fix\r\nlast"],
        authors=[None, "J.\u2028T.", "Ann\tWriter"],
    )
    path = tmp_path / "story.json"
    save_story(story, path)
    out = CliRunner().invoke(main, [args[0], str(path), *args[1:]]).stdout
    shown = "UPDATE\\\\n6:20pm" if "markdown" in args else "UPDATE\\n6:20pm"  # Markdown escapes the backslash
    assert shown in out
    assert "\t" not in out  # a tab in an author would break the columns of log
    for line in out.splitlines():
        assert not line.startswith(("6:20pm", "last", "T.", "lines")), out


def test_show_markdown_reads_the_same_with_windows_line_ends() -> None:
    from markdown_it import MarkdownIt

    lf = "Rockets hit the base.\nTwo were hurt.\n\nOfficials spoke.\nThey said more."
    pages = []
    for text in (lf, lf.replace("\n", "\r\n")):
        story = Story.from_texts([text], [T0], id="s")
        pages.append(
            MarkdownIt("commonmark").enable("table").render(render_show(attribute(story), "markdown"))
        )
    assert pages[0] == pages[1]
    assert pages[0].count("<p>") == 2  # two paragraphs,
    assert pages[0].count("<br />") == 2  # each with its line break kept


@pytest.mark.parametrize("indent", ["    ", "\t", "  \t", "        "])
def test_show_markdown_never_makes_an_indented_paragraph_a_code_block(indent: str) -> None:
    from markdown_it import MarkdownIt

    story = Story.from_texts([f"Intro here.\n\n{indent}An indented line.\n\nEnd."], [T0], id="s")
    page = MarkdownIt("commonmark").render(render_show(attribute(story), "markdown"))
    assert "<pre>" not in page
    assert "<code>[0]</code> An indented line." in page


@pytest.mark.skipif(sys.platform != "linux", reason="a file name that is not UTF-8")
def test_diff_json_names_a_file_whose_name_is_not_utf8_in_valid_utf8(tmp_path: Path) -> None:
    old = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xffold.txt"))
    old.write_text("one two", encoding="utf-8")
    (tmp_path / "new.txt").write_text("one three", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(old), str(tmp_path / "new.txt"), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout_bytes.decode("utf-8"))  # strict: valid UTF-8
    assert doc["from"] == f"{tmp_path}/\\xffold.txt"
