"""git histories: one file (revtrack import git) and NewsDiffs' repositories, in repositories built here."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack import load_story
from revtrack.cli import main
from revtrack.errors import SourceError
from revtrack.importers import ImportFailure, Note, read_git, read_newsdiffs, story_filename
from revtrack.story import Story


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.run("init", "-q")
        self.run("config", "user.email", "desk@example.com")
        self.run("config", "user.name", "Ann Writer")

    def run(self, *args: str, when: str = "2020-01-01T10:00:00+00:00") -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", "-C", str(self.path), *args], check=True, env=env, capture_output=True)

    def commit(self, files: dict[str, str | bytes], message: str, when: str) -> None:
        for name, content in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
            self.run("add", name)
        self.run("commit", "-q", "-m", message, when=when)


def test_a_files_history_follows_renames_and_keeps_time_from_going_back(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit({"story.txt": "First para.\n"}, "Publish", "2020-03-11T16:00:00-05:00")
    repo.commit(
        {"story.txt": "First para.\n\nSecond para.\n"}, "Update: second para", "2020-03-11T15:00:00-05:00"
    )
    repo.run("mv", "story.txt", "taji.txt")
    repo.run("commit", "-q", "-m", "Rename", when="2020-03-11T17:00:00-05:00")
    repo.commit(
        {"taji.txt": "First para, fixed.\n\nSecond para.\n"}, "Fix the lead", "2020-03-11T18:20:00-05:00"
    )
    repo.commit({"other.txt": "unrelated\n"}, "Other", "2020-03-11T19:00:00-05:00")
    notes: list[Note] = []
    story = read_git(repo.path, "taji.txt", on_note=notes.append)
    assert story.id == "taji"
    assert [(r.label, r.author, r.timestamp_text) for r in story.revisions] == [
        ("Publish", "Ann Writer", "2020-03-11T16:00:00-05:00"),
        ("Update: second para", "Ann Writer", "2020-03-11T16:00:00-05:00"),
        ("Fix the lead", "Ann Writer", "2020-03-11T18:20:00-05:00"),
    ]
    assert story.last.text == "First para, fixed.\n\nSecond para.\n"
    assert len(notes) == 2
    assert "is dated before commit" in str(notes[0])
    assert str(notes[0]).endswith("given the earlier commit's time")
    assert str(notes[1]).endswith(
        "1 version was identical to the one before and left out (--keep-identical keeps them)"
    )


def test_git_errors_name_the_place(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit({"a.txt": "a\n"}, "a", "2020-01-01T00:00:00Z")
    repo.commit({"a.txt": b"\xff\xfe bad"}, "binary-ish", "2020-01-02T00:00:00Z")
    with pytest.raises(SourceError) as info:
        read_git(repo.path, "a.txt")
    assert str(info.value).startswith(f"{repo.path}:a.txt: commit ")
    assert str(info.value).endswith(": not UTF-8 text (byte 0xff at offset 0)")
    with pytest.raises(SourceError, match="no commit changed this file"):
        read_git(repo.path, "missing.txt")
    with pytest.raises(SourceError, match="not a git repository"):
        read_git(tmp_path, "a.txt")


def test_cli_git(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit({"s.txt": "One.\n"}, "one", "2020-01-01T00:00:00Z")
    repo.commit({"s.txt": "One.\n\nTwo.\n"}, "two", "2020-01-01T01:00:00Z")
    out = tmp_path / "s.json"
    result = CliRunner().invoke(main, ["import", "git", str(repo.path), "s.txt", "-o", str(out), "--id", "s"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{out}: 2 revisions (1 update)\n"
    assert [r.label for r in load_story(out).revisions] == ["one", "two"]


def newsdiffs_version(title: str, body: str) -> str:
    """A version as NewsDiffs writes it (parsers/baseparser.py: date, title, byline, then the body)."""
    return f"March 11, 2020\n{title}\nBy J. T.\n\n{body}\n"


def test_newsdiffs(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "articles")
    a = "www.example.com/2020/03/11/taji.html"
    b = "www.example.com/2020/03/11/vote.html"
    repo.commit(
        {a: newsdiffs_version("Rocket attack", "Two killed.")}, "Adding file", "2020-03-11T16:00:00-05:00"
    )
    repo.commit({b: newsdiffs_version("Vote", "Polls open.")}, "Adding file", "2020-03-11T16:30:00-05:00")
    repo.commit(
        {a: newsdiffs_version("Rocket attack kills three", "Three killed.\n\nMore to come.")},
        "Change to article",
        "2020-03-11T18:20:00-05:00",
    )
    repo.commit({b: "just one line"}, "Broken", "2020-03-11T19:00:00-05:00")
    taji, vote = read_newsdiffs(repo.path)
    assert isinstance(taji, Story)
    assert taji.id == a
    assert taji.title == "Rocket attack kills three"
    assert [r.text for r in taji.revisions] == [
        "Rocket attack\n\nBy J. T.\n\nTwo killed.",
        "Rocket attack kills three\n\nBy J. T.\n\nThree killed.\n\nMore to come.",
    ]
    assert taji.revisions[1].timestamp_text == "2020-03-11T18:20:00-05:00"
    assert isinstance(vote, ImportFailure)
    assert str(vote).startswith(f"{repo.path}: story '{b}': commit ")
    assert str(vote).endswith("not a NewsDiffs version (date, title and byline lines, then the body)")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", "newsdiffs", str(repo.path), "-o", str(out)])
    assert result.exit_code == 1
    assert [p.name for p in out.iterdir()] == [story_filename(a)]


def test_a_merged_branch_is_one_version_at_its_merge(tmp_path: Path) -> None:
    """The file as it stood on the main line: a branch's commits come in as their merge."""
    repo = Repo(tmp_path / "repo")
    repo.commit({"s.txt": "One.\n"}, "one", "2020-01-01T00:00:00Z")
    repo.run("checkout", "-q", "-b", "edits")
    repo.commit({"s.txt": "One.\n\nTwo.\n"}, "branch: two", "2020-01-01T01:00:00Z")
    repo.commit({"s.txt": "One.\n\nTwo.\n\nThree.\n"}, "branch: three", "2020-01-01T02:00:00Z")
    repo.run("checkout", "-q", "-")
    repo.commit({"other.txt": "x\n"}, "other", "2020-01-01T03:00:00Z")
    repo.run("merge", "-q", "--no-ff", "-m", "Merge edits", "edits", when="2020-01-01T04:00:00Z")
    story = read_git(repo.path, "s.txt")
    assert [(r.label, r.text) for r in story.revisions] == [
        ("one", "One.\n"),
        ("Merge edits", "One.\n\nTwo.\n\nThree.\n"),
    ]


@pytest.mark.parametrize("path", ["d", "d/", "./d", "."])
def test_a_folder_is_refused_not_read_as_one_file(tmp_path: Path, path: str) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit({"d/s.txt": "One.\n"}, "first", "2020-01-01T10:00:00+00:00")
    repo.commit({"d/t.txt": "Other file.\n"}, "second", "2020-01-01T11:00:00+00:00")
    with pytest.raises(SourceError, match="is a folder, not a file"):
        read_git(repo.path, path)
    assert read_git(repo.path, "d/s.txt").last.text == "One.\n"


def test_the_output_may_not_be_the_file_imported(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit({"s.txt": "One.\n"}, "first", "2020-01-01T10:00:00+00:00")
    target = repo.path / "s.txt"
    result = CliRunner().invoke(main, ["import", "git", str(repo.path), "s.txt", "-o", str(target)])
    assert result.exit_code == 1
    assert "writing would destroy it" in result.stderr
    assert target.read_text(encoding="utf-8") == "One.\n"


@pytest.mark.parametrize("name", ['say "hi".html', "back\\slash.html", "tab\there.html", "été.html"])
def test_a_path_git_lists_in_quotes_is_read(tmp_path: Path, name: str) -> None:
    """git writes a path with a quote, a backslash or a control character C-quoted, even with
    core.quotepath off: read as it is named, not as a file called '"..."' that is not there."""
    repo = Repo(tmp_path / "articles")
    path = f"www.example.com/2020/{name}"
    repo.commit({path: newsdiffs_version("Vote", "Polls open.")}, "Add", "2020-03-11T16:00:00-05:00")
    repo.commit({path: newsdiffs_version("Vote", "Polls closed.")}, "Change", "2020-03-11T17:00:00-05:00")
    (story,) = read_newsdiffs(repo.path)
    assert isinstance(story, Story)
    assert (story.id, len(story)) == (path, 2)
    one = read_git(repo.path, path)
    assert one.revisions[1].text.endswith("Polls closed.\n")
