"""Reading the user's files and writing revtrack's own (revtrack.files): one-line errors, atomic writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import main
from revtrack.errors import OutputError, StoryError
from revtrack.files import atomic_writer, read_text, write_text
from revtrack.storyfile import load_story

ROOT = Path(__file__).resolve().parents[1]
TAJI = ROOT / "fixtures" / "taji.json"


def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)  # the old file's permissions are kept
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    mask = os.umask(0o022)
    try:
        write_text(target, "x")
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_a_failure_while_writing_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def failing_writer() -> None:
        with atomic_writer(target) as stream:
            stream.write("half of the new")
            raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError):
        failing_writer()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_symbolic_link_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.txt", "no such directory: {tmp}/missing"),
        (".", "is a directory"),
    ],
)
def test_unwritable_targets_are_one_output_error(tmp_path: Path, where: str, message: str) -> None:
    target = tmp_path / where
    with pytest.raises(OutputError) as info:
        write_text(target, "x")
    assert str(info.value) == f"{target}: " + message.format(tmp=tmp_path)


def test_a_writer_killed_mid_write_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    """Kill a process that writes a large file, at many moments: the target is always whole."""
    target = tmp_path / "story.json"
    old = "old\n" * 1000
    target.write_text(old, encoding="utf-8")
    new = "new line of a large file\n" * 400_000  # 10 MB: the write takes a while
    script = (
        "import sys\nfrom revtrack.files import atomic_writer\n"
        "sys.stdout.write('ready\\n'); sys.stdout.flush()\n"
        f"with atomic_writer({str(target)!r}) as out:\n"
        "    for _ in range(400):\n"
        "        out.write('new line of a large file\\n' * 1000)\n"
    )
    seen = set()
    for delay in (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4):
        with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE) as process:
            assert process.stdout is not None
            process.stdout.readline()
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
        content = target.read_text(encoding="utf-8")
        assert content in (old, new)
        seen.add(content == new)
        target.write_text(old, encoding="utf-8")
    assert False in seen  # some kill came before the rename (else the test proves nothing)


def test_reading_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(main, ["text", "-", "--at", "0"], input=TAJI.read_bytes())
    assert result.exit_code == 0
    assert result.output == load_story(TAJI).revision(0).text


def test_standard_input_names_itself_in_errors() -> None:
    result = CliRunner().invoke(main, ["log", "-"], input=b'{"format": "revtrack/story@1"}')
    assert result.exit_code == 1
    assert result.stderr == "Error: <stdin>: base: missing\n"


def test_an_unreadable_file_is_one_line_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a usage error (click's own readability check is off): the library names the file."""
    story = tmp_path / "story.json"
    story.write_bytes(TAJI.read_bytes())
    real_open = open

    def refusing(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(story):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", refusing)
    monkeypatch.setattr(os, "access", lambda *_args, **_kwargs: False)
    for command in (["show", str(story)], ["validate", str(story)], ["diff", str(story), str(story)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, command
        assert result.stderr == f"Error: {story}: cannot read: Permission denied\n", command


def test_read_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match=r"no such file$"):
        read_text(tmp_path / "nothing.txt", kind="text file")
    with pytest.raises(StoryError, match=r"is a directory, not a text file$"):
        read_text(tmp_path, kind="text file")


# --- an output that is an input, or that cannot be written -------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _revtrack(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "revtrack", *args], stderr=subprocess.PIPE, text=True, check=False, **kwargs
    )


@pytest.mark.parametrize("by_link", [False, True])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path: Path, by_link: bool) -> None:
    story = tmp_path / "flood.json"
    story.write_bytes((FIXTURES / "flood.json").read_bytes())
    given = story
    if by_link:
        given = tmp_path / "link.json"
        given.symlink_to(story)
    result = CliRunner().invoke(main, ["report", str(given), "-o", str(story)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {story}: is the input {given}: writing would destroy it\n"
    assert story.read_bytes() == (FIXTURES / "flood.json").read_bytes()


def test_an_import_into_its_own_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "versions"
    folder.mkdir()
    (folder / "2020-03-11T10:00Z.txt").write_text("One.\n", encoding="utf-8")
    (folder / "2020-03-11T11:00Z.txt").write_text("One. Two.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["import", "versions", str(folder), "-o", str(folder / "story.json")])
    assert result.exit_code == 1
    assert "is inside the input folder" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["2020-03-11T10:00Z.txt", "2020-03-11T11:00Z.txt"]
    first = folder / "2020-03-11T10:00Z.txt"
    result = runner.invoke(
        main, ["import", "versions", str(first), str(folder / "2020-03-11T11:00Z.txt"), "-o", str(first)]
    )
    assert (result.exit_code, first.read_text(encoding="utf-8")) == (1, "One.\n")


def test_an_import_to_a_folder_never_replaces_a_file_that_is_not_a_story(tmp_path: Path) -> None:
    source = tmp_path / "versions.jsonl"
    source.write_text(
        '{"story": "a", "timestamp": "2020-01-01T00:00Z", "text": "x"}\n'
        '{"story": "b", "timestamp": "2020-01-01T00:00Z", "text": "y"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["import", "jsonl", str(source), "-o", str(out)]).exit_code == 0
    (out / "a.json").write_text("precious\n", encoding="utf-8")
    result = runner.invoke(main, ["import", "jsonl", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert f"error: {out / 'a.json'}: exists and is not a story file ('a' not written)" in result.stderr
    assert (out / "a.json").read_text(encoding="utf-8") == "precious\n"
    assert load_story(out / "b.json").id == "b"  # an earlier import's story file is replaced


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["show"], ["text"], ["blame", "--format", "json"], ["validate"]])
def test_a_full_standard_output_is_one_line_and_exit_1(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = _revtrack(*command, str(FIXTURES / "flood.json"), stdout=full)
    assert (result.returncode, result.stderr) == (
        1,
        "Error: <stdout>: cannot write: No space left on device\n",
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_device_that_fails_is_one_line_and_exit_1() -> None:
    result = _revtrack("report", str(FIXTURES / "flood.json"), "-o", "/dev/full")
    assert (result.returncode, result.stderr) == (
        1,
        "Error: /dev/full: cannot write: No space left on device\n",
    )


@pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX descriptor")
def test_a_closed_standard_output_is_an_error_only_for_a_command_that_writes_to_it(tmp_path: Path) -> None:
    closed = _revtrack("show", str(FIXTURES / "flood.json"), preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr) == (
        1,
        "Error: <stdout>: cannot write: standard output is closed\n",
    )
    page = tmp_path / "page.html"
    written = _revtrack(
        "report", str(FIXTURES / "flood.json"), "-o", str(page), preexec_fn=lambda: os.close(1)
    )
    assert written.returncode == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
