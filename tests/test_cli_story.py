"""The story commands through the command line: validate, log, text; help; entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from revtrack.cli import main

ROOT = Path(__file__).resolve().parents[1]
TAJI = ROOT / "fixtures" / "taji.json"
BROKEN = ROOT / "fixtures" / "broken"

SMALL = """\
{
  "format": "revtrack/story@1",
  "id": "small",
  "base": {"timestamp": "2020-03-11T16:00:00-05:00", "author": "J. T.", "text": "Rockets hit the base. Two people were hurt."},
  "updates": [
    {"timestamp": "2020-03-11T18:20:00-05:00", "label": "UPDATE 6:20pm", "append": "Officials confirmed the attack."},
    {"timestamp": "2020-03-11T19:15:00-05:00", "label": "UPDATE 7:15pm", "author": "A. B.",
     "text": "Rockets hit the base. Three people were hurt.\\n\\nOfficials confirmed the attack."}
  ]
}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.json"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


# --- validate ----------------------------------------------------------------------------


def test_validate_prints_one_line_per_story(small: Path, tmp_path: Path) -> None:
    backwards = BROKEN / "backwards.json"
    code, out, err = run("validate", small, TAJI, backwards, tmp_path / "nope.json", tmp_path)
    assert code == 1
    assert out == (
        f"{small}: ok: 3 revisions, 2 updates (1 append, 1 text)\n{TAJI}: ok: 4 revisions, 3 updates (3 patch)\n"
    )
    assert err == (
        f"Error: {backwards}: update 2 ('UPDATE 7:15pm EST'): timestamp: 2020-03-11T17:00:00-05:00 is earlier than "
        "update 1 ('UPDATE 6:20pm EST') at 2020-03-11T18:20:00-05:00\n"
        f"Error: {tmp_path / 'nope.json'}: no such file\n"
        f"Error: {tmp_path}: is a directory, not a story file\n"
    )


def test_validate_exits_0_when_every_story_is_good(small: Path) -> None:
    assert run("validate", small, TAJI) == (
        0,
        f"{small}: ok: 3 revisions, 2 updates (1 append, 1 text)\n{TAJI}: ok: 4 revisions, 3 updates (3 patch)\n",
        "",
    )


def test_validate_a_story_without_updates(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        '{"format": "revtrack/story@1", "base": {"timestamp": "2020-03-11T16:00:00Z", "text": "x"}}'
    )
    assert run("validate", path) == (0, f"{path}: ok: 1 revision, 0 updates\n", "")


def test_validate_every_broken_fixture_one_line_each() -> None:
    paths = sorted(BROKEN.glob("*.json"))
    code, out, err = run("validate", *paths)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == len(paths)
    for path, line in zip(paths, lines, strict=True):
        assert line.startswith(f"Error: {path}: ")


# --- log -------------------------------------------------------------------------------


def test_log(small: Path) -> None:
    assert run("log", small) == (
        0,
        "rev  timestamp                  +words  -words  added  edited  moved  deleted  restored  label\n"
        "  0  2020-03-11T16:00:00-05:00      +8      -0      2       0      0        0         0  Original (J. T.)\n"
        "  1  2020-03-11T18:20:00-05:00      +4      -0      1       0      0        0         0  UPDATE 6:20pm\n"
        "  2  2020-03-11T19:15:00-05:00      +1      -1      0       1      0        0         0  UPDATE 7:15pm (A. B.)\n",
        "",
    )


def test_log_json(small: Path) -> None:
    code, out, err = run("log", "--format", "json", small)
    assert (code, err) == (0, "")
    assert out.endswith("}\n")
    assert out.count("\n") == 1
    data = json.loads(out)
    assert (data["format"], data["story"]) == ("revtrack/log@1", "small")
    assert [(r["index"], r["label"], r["author"], r["kind"]) for r in data["revisions"]] == [
        (0, "Original", "J. T.", None),
        (1, "UPDATE 6:20pm", None, "append"),
        (2, "UPDATE 7:15pm", "A. B.", "text"),
    ]
    assert data["revisions"][2]["words"] == {"added": 1, "removed": 1}
    assert data["revisions"][2]["sentences"] == {
        "added": 0,
        "edited": 1,
        "moved": 0,
        "deleted": 0,
        "restored": 0,
    }


# --- text ------------------------------------------------------------------------------

REV0 = "Rockets hit the base. Two people were hurt."
REV1 = REV0 + "\n\nOfficials confirmed the attack."
REV2 = "Rockets hit the base. Three people were hurt.\n\nOfficials confirmed the attack."


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (None, REV2),
        ("0", REV0),
        ("1", REV1),
        ("-1", REV2),
        ("-3", REV0),
        ("2020-03-11T16:00-05:00", REV0),  # exactly at the base
        ("2020-03-11T19:00-05:00", REV1),  # between updates 1 and 2
        ("2020-03-12T00:15Z", REV2),  # exactly at update 2, written in UTC
        ("2020-03-11T18:20", REV1),  # naive: in the base's offset
    ],
)
def test_text_prints_one_revision_exactly(small: Path, at: str | None, expected: str) -> None:
    args = ["text", small] + ([] if at is None else ["--at", at])
    assert run(*args) == (0, expected, "")


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("3", "no revision 3: the story has revisions 0 to 2"),
        ("-4", "no revision -4: the story has revisions 0 to 2"),
        (
            "2020-03-11T15:59-05:00",
            "no revision as of 2020-03-11T15:59:00-05:00: the story begins at 2020-03-11T16:00:00-05:00",
        ),
        ("yesterday", "'yesterday' is neither a revision number nor an ISO 8601 time"),
    ],
)
def test_text_at_what_is_not_there_exits_1(small: Path, at: str, message: str) -> None:
    assert run("text", small, "--at", at) == (1, "", f"Error: {small}: {message}\n")


CONTROLS = "Calm. \x1b[31mRed\x1b[0m \x1b]0;title\x07 end.\r\n"


def _story_with(text: str, tmp_path: Path) -> Path:
    path = tmp_path / "controls.json"
    base = {"timestamp": "2020-03-11T16:00:00Z", "text": text}
    path.write_text(json.dumps({"format": "revtrack/story@1", "base": base}), encoding="utf-8")
    return path


def test_text_piped_is_exact_even_with_escape_sequences(tmp_path: Path) -> None:
    # click.echo would strip the escape sequences from what is not a terminal.
    result = CliRunner().invoke(main, ["text", str(_story_with(CONTROLS, tmp_path))])
    assert (result.exit_code, result.stdout_bytes) == (0, CONTROLS.encode())


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_text_to_a_terminal_shows_escape_sequences_instead_of_running_them(tmp_path: Path) -> None:
    import os
    import pty

    leader, follower = pty.openpty()
    path = _story_with(CONTROLS, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "revtrack", "text", str(path)], stdout=follower, check=True)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end is closed: everything has been read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 0
    assert b"\x1b" not in shown
    assert b"\x07" not in shown
    assert b"Calm. \\x1b[31mRed\\x1b[0m \\x1b]0;title\\x07 end." in shown


def test_text_of_the_real_story() -> None:
    article = (ROOT / "fixtures" / "taji-article.txt").read_text(encoding="utf-8")
    assert run("text", TAJI) == (0, article, "")


# --- usage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate"], "Error: Missing argument 'STORIES...'."),
        (["log"], "Error: Missing argument 'STORY_FILE'."),
        (["text"], "Error: Missing argument 'STORY_FILE'."),
        (["text", str(TAJI), "--bogus"], "Error: No such option '--bogus'."),
        (["text", str(TAJI), "--at"], "Error: Option '--at' requires an argument."),
        (
            ["log", str(TAJI), "--format", "pdf"],
            "Error: Invalid value for '--format': 'pdf' is not one of 'text', 'json'.",
        ),
        (["nonsense"], "Error: No such command 'nonsense'."),
    ],
    ids=[
        "validate-nothing",
        "log-nothing",
        "text-nothing",
        "unknown-option",
        "at-no-value",
        "bad-choice",
        "unknown-command",
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.endswith(f"{message}\n")
    assert "Traceback" not in err


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    ctx = click.Context(group)
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


def test_every_lazily_loaded_command_is_where_the_table_says() -> None:
    from revtrack.cli import COMMANDS

    ctx = click.Context(main)
    assert main.list_commands(ctx) == sorted(COMMANDS)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert isinstance(command, click.Command)
        assert command.name == name
    assert main.get_command(ctx, "no-such-command") is None


@pytest.mark.parametrize("command", _commands(main), ids=" ".join)
def test_every_command_help_shows_an_example(command: tuple[str, ...]) -> None:
    code, out, err = run(*command, "--help")
    assert (code, err) == (0, "")
    assert f"Usage: main {' '.join(command)} " in out or f"Usage: revtrack {' '.join(command)} " in out
    assert "Example" in out


def test_main_help_lists_the_story_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "Example" in out
    for name in ("validate", "log", "text"):
        assert f"  {name} " in out


# --- entry points, as real processes ------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["-m", "revtrack"], ["cli.py"]], ids=["python -m revtrack", "python cli.py"]
)
def test_entry_points_from_a_checkout(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, *argv, "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "Usage: " in done.stdout
    assert "validate" in done.stdout


def test_a_bad_file_in_a_real_process_is_one_line_without_traceback() -> None:
    paths = [str(p.relative_to(ROOT)) for p in sorted(BROKEN.glob("*.json"))]
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "validate", *paths],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == len(paths)
    assert (
        "Error: fixtures/broken/backwards.json: update 2 ('UPDATE 7:15pm EST'): timestamp: "
        "2020-03-11T17:00:00-05:00 is earlier than update 1 ('UPDATE 6:20pm EST') at 2020-03-11T18:20:00-05:00\n"
    ) in done.stderr


def test_diffing_two_files_loads_neither_attrs_nor_the_story_layer(tmp_path: Path) -> None:
    """Start-up is part of every ``revtrack diff``: it must not pay for what it does not use."""
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("Rocket attack in Iraq.", encoding="utf-8")
    new.write_text("Rocket attacks in Iraq.", encoding="utf-8")
    script = (
        "import sys\n"
        "from revtrack.cli import main\n"
        "try:\n"
        "    main([sys.argv[1], sys.argv[2], sys.argv[3], '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'attrs', 'attr'} or m in {'revtrack.story', 'revtrack.errors', 'revtrack.provenance'})\n"
        "print(loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "diff", str(old), str(new)],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert done.stderr == "[]\n"
    assert json.loads(done.stdout)["ops"][1] == ["-", "attack"]


@pytest.mark.skipif(sys.platform == "win32", reason="a file name with a line break")
def test_a_file_name_with_a_line_break_or_escape_stays_one_visible_line(tmp_path: Path) -> None:
    bad = tmp_path / "a\nb\x1b[31m.json"
    bad.write_text('{"format": "revtrack/story@1"}', encoding="utf-8")
    code, _, stderr = run("validate", bad)
    assert code == 1
    assert stderr.count("\n") == 1
    assert "\x1b" not in stderr
    assert stderr.startswith(f"Error: {tmp_path}/a\\nb\\x1b[31m.json: ")
    code, _, stderr = run("log", bad)
    assert (code, stderr.count("\n")) == (1, 1)


# --- what the whole program does with Ctrl-C, stdin given twice, names with controls ---------------


def test_ctrl_c_is_one_line_and_the_shells_status_for_it(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import revtrack.storyfile

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(revtrack.storyfile, "load_story", interrupted)
    assert run("validate", small) == (130, "", "interrupted\n")


def test_standard_input_is_only_one_of_the_two_files_diffed() -> None:
    result = CliRunner().invoke(main, ["diff", "-", "-"], input="x\n")
    assert result.exit_code == 2
    assert "standard input (-) can be only one of the two files" in result.stderr


@pytest.mark.parametrize("command", [["validate"], ["import", "versions"]])
def test_standard_input_given_twice_is_a_usage_error(command: list[str], small: Path) -> None:
    """The second read would find it empty, and call a good story broken."""
    result = CliRunner().invoke(main, [*command, "-", "-"], input=small.read_text(encoding="utf-8"))
    assert result.exit_code == 2
    assert "standard input ('-') can be read only once" in result.stderr


def test_diff_errors_escape_the_file_name(tmp_path: Path, small: Path) -> None:
    named = tmp_path / "ev\x1b[2Jil\nname.json"
    named.write_bytes(small.read_bytes())
    other = tmp_path / "new.txt"
    other.write_text("x\n", encoding="utf-8")
    code, out, err = run("diff", named, other)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "\x1b" not in err
    assert "ev\\x1b[2Jil\\nname.json: is a story file" in err


def test_show_says_json_has_no_since_and_refuses_a_since_after_the_revision() -> None:
    taji = str(Path(__file__).resolve().parents[1] / "fixtures" / "taji.json")
    plain = CliRunner().invoke(main, ["show", taji, "--format", "json"])
    result = CliRunner().invoke(main, ["show", taji, "--format", "json", "--since", "1"])
    assert (result.exit_code, result.stdout) == (0, plain.stdout)
    assert result.stderr == "note: --since marks the text for people; JSON gives every sentence whole\n"
    result = CliRunner().invoke(main, ["show", taji, "--at", "1", "--since", "2"])
    assert result.exit_code == 2
    assert "--since 2 is revision 2, after the revision shown (1)" in result.stderr
    assert CliRunner().invoke(main, ["show", taji, "--at", "2", "--since", "2"]).exit_code == 0
