"""Text from a story is data: no format a person reads, and no JSON, passes a control to the terminal."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import main
from revtrack.story import Story
from revtrack.storyfile import save_story

T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))
NASTY = "Esc\x1b[31m red. Csi\x9b[2J gone. Bell\x07 rings. Del\x7f here. Nel\x85next. Bidi\u202eevil.\rBack. Form\x0cfeed."

# What a terminal acts on: C0 controls but tab and line feed (a carriage return only before a
# line feed), DEL and C1; an escape only as our own colour (SGR) sequence.
_ACTS = re.compile("\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_OWN_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def story_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [
        NASTY,
        NASTY.replace("gone", "still gone") + "\n\nMore\x9b[1m text.",
        "Replaced\x1b]0;title\x07.",
    ]
    path = tmp_path_factory.mktemp("controls") / "nasty.json"
    save_story(
        Story.from_texts(texts, [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)], id="n\x1b[1m"), path
    )
    return path


COMMANDS = [
    *(
        ["show", "--at", at, *how]
        for at in ("1", "2")
        for how in (
            ["--format", "text"],
            ["--format", "ansi", "--color", "always"],
            ["--format", "markdown"],
            ["--format", "json"],
            ["--format", "text", "--words"],
        )
    ),
    *(["blame", "--at", at, *how] for at in ("1", "2") for how in ([], ["--format", "json"])),
    ["log"],
    ["log", "--format", "json"],
    ["audit"],
    ["audit", "--format", "json"],
    ["diff", "--from", "0", "--to", "1", "--format", "plain"],
    ["diff", "--from", "0", "--to", "1", "--format", "ansi", "--color", "always"],
    ["diff", "--from", "0", "--to", "2", "--format", "markdown"],
    ["diff", "--from", "0", "--to", "1", "--format", "html"],
    ["diff", "--from", "0", "--to", "2", "--format", "json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_control_reaches_the_terminal(story_file: Path, command: list[str]) -> None:
    result = CliRunner().invoke(main, [command[0], str(story_file), *command[1:]], color=True)
    assert result.exit_code == 0, result.output
    shown = _OWN_SGR.sub("", result.output)
    assert "\x1b" not in shown
    assert not _ACTS.findall(shown)
    if "json" in command:
        json.loads(result.output)  # still the same data, escaped as JSON allows
        assert "\u202e" not in result.output  # nor a bidi override, which reorders what is shown


def test_characters_that_hide_text_are_shown_in_a_change_and_escapes_are_unambiguous() -> None:
    """Tag characters spell hidden ASCII ('ASCII smuggling'); an escape of a character past
    U+FFFF has eight digits, so that it reads back as one character (not U+E004 then "1")."""
    from revtrack.diff import diff_texts
    from revtrack.render.diff import render_diff
    from revtrack.render.escape import show_invisible

    assert show_invisible("a\U000e0041\ufff9b") == "a\\U000e0041\\ufff9b"
    shown = render_diff(diff_texts("Say hi.", "Say hi.\U000e0049\U000e0047"), "plain")
    assert shown == "Say hi[-.-]{+.\\U000e0049\\U000e0047+}\n"
    assert "\U000e0049".encode("unicode_escape").decode() == "\\U000e0049"  # Python reads it back
