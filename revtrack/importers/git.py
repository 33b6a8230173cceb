"""git: one file's history, following renames; and the plumbing NewsDiffs' repositories share.

Each commit that changed the file on the main line (first parents: a merged branch comes in as
one version, at its merge) is a version: label = the commit's subject, author = its author's
name, time = its committer date (when it entered the history, with its offset). The history's
order is kept (oldest first, as ``git log --follow --first-parent`` walks it): a commit dated
before the one before it — a rebase, an amended commit, a machine with a wrong clock — is
given that earlier commit's time, with a note naming both, since a story's times never go
back. A commit that deletes the file is skipped, with a note.

git itself is run (``git`` on the PATH), through ``git log`` and one ``git cat-file --batch``.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO

import attrs

from revtrack.errors import SourceError
from revtrack.importers._core import Note, OnNote, Version, build_story
from revtrack.story import Story, instant

__all__ = ["read_git"]

_FIELDS = "%H%x1f%cI%x1f%an%x1f%s"


@attrs.frozen
class Commit:
    """A commit that changed a file: its id, time, author, subject, and the file's path there."""

    sha: str
    when: datetime
    author: str
    subject: str
    path: str | None
    """The file's path in that commit (renames followed); empty when the commit deleted it, None
    when git listed no change of it (then it is where the commit before left it)."""


def git(repo: str | Path, *args: str, source: str) -> str:
    """The output of ``git -C REPO ARGS`` (UTF-8), or a :class:`SourceError` with git's message."""
    if shutil.which("git") is None:
        raise SourceError(source, "importing from git needs git (the command) on the PATH")
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "-c", "core.quotepath=off", *args],
            capture_output=True,
            check=False,
        )
    except OSError as e:
        raise SourceError(source, f"cannot run git: {e.strerror or e}") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split()) or f"exit status {done.returncode}"
        raise SourceError(source, message.removeprefix("fatal: "))
    return done.stdout.decode("utf-8", "replace")


def file_history(repo: str | Path, path: str, *, source: str) -> list[Commit]:
    """The commits that changed *path*, oldest first, following renames."""
    out = git(
        repo,
        "log",
        "--follow",
        "--first-parent",
        "-M",
        "--name-status",
        f"--format=%x1e{_FIELDS}",
        "--",
        path,
        source=source,
    )
    commits = [_commit(chunk) for chunk in out.split("\x1e") if chunk.strip()]
    commits.reverse()
    # A commit listed without a change of its own (a merge, shown against its first parent in
    # older gits) has the file where the commit before it left it.
    known = path
    for k, commit in enumerate(commits):
        if commit.path is None:
            commits[k] = attrs.evolve(commit, path=known)
        elif commit.path:
            known = commit.path
    return commits


def _is_folder(repo: str | Path, sha: str | None, path: str, source: str) -> bool:
    """Whether *path* is a folder in commit *sha* (``git log`` takes a folder too, and lists the
    commits of every file in it)."""
    if sha is None:
        return False
    name = posixpath.normpath(path).removeprefix("./")
    try:
        return (
            git(repo, "cat-file", "-t", f"{sha}:{'' if name == '.' else name}", source=source).strip()
            == "tree"
        )
    except SourceError:  # not there under this name (renamed since): a file's history
        return False


def _commit(chunk: str) -> Commit:
    head, _, changes = chunk.partition("\n")
    sha, when, author, subject = head.split("\x1f", 3)
    path: str | None = None
    for line in changes.splitlines():
        parts = line.split("\t")
        if not parts[0]:
            continue
        status = parts[0][0]
        path = "" if status == "D" else unquote(parts[-1])
    return Commit(sha, datetime.fromisoformat(when), author, subject, path)


_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote(path: str) -> str:
    """A path as ``git log --name-status`` lists it: in double quotes, with C escapes, when it holds
    a quote, a backslash or a control character (``core.quotepath=off`` leaves other bytes be)."""
    if len(path) < 2 or path[0] != '"' or path[-1] != '"':
        return path
    body = path[1:-1]
    out = bytearray()
    k = 0
    while k < len(body):
        if body[k] != "\\" or k + 1 == len(body):
            out += body[k].encode("utf-8", "surrogateescape")
            k += 1
        elif body[k + 1] in "01234567":
            out.append(int(body[k + 1 : k + 4], 8) & 0xFF)
            k += 4
        else:
            out.append(_C_ESCAPES.get(body[k + 1], ord(body[k + 1]) & 0xFF))
            k += 2
    return out.decode("utf-8", "replace")


class Blobs:
    """File contents at commits, read through one ``git cat-file --batch`` process."""

    def __init__(self, repo: str | Path, source: str) -> None:
        self.source = source
        self._process = subprocess.Popen(
            ["git", "-C", str(repo), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def read(self, sha: str, path: str) -> bytes:
        """The file at *path* in commit *sha*."""
        stdin, stdout = self._pipes()
        stdin.write(f"{sha}:{path}\n".encode())
        stdin.flush()
        header = stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            raise SourceError(self.source, f"{path!r} is not a file there", where=f"commit {sha[:12]}")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after the contents
        return data

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        return self._process.stdin, self._process.stdout

    def close(self) -> None:
        stdin, stdout = self._pipes()
        stdin.close()
        stdout.close()
        self._process.wait()

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def decode(data: bytes, source: str, where: str) -> str:
    """A version's bytes as UTF-8 text (a BOM dropped), or a :class:`SourceError` naming the commit."""
    if b"\0" in data:
        raise SourceError(source, "a binary file, not text", where=where)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        raise SourceError(
            source, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})", where=where
        ) from None


def in_history_order(
    commits: list[Commit], source: str, note: OnNote, story: str | None = None
) -> list[Commit]:
    """*commits* with a time that goes back moved up to the time before it, with a note each."""
    out: list[Commit] = []
    for commit in commits:
        if out and instant(commit.when) < instant(out[-1].when):
            before = out[-1]
            note(
                Note(
                    source,
                    f"commit {commit.sha[:12]} ({commit.when.isoformat()}) is dated before commit "
                    f"{before.sha[:12]} that comes before it ({before.when.isoformat()}): "
                    "given the earlier commit's time",
                    story=story,
                )
            )
            commit = attrs.evolve(commit, when=before.when)
        out.append(commit)
    return out


def read_git(
    repo: str | Path,
    path: str,
    *,
    id: str | None = None,  # noqa: A002 - the story file's own name for it
    title: str | None = None,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
) -> Story:
    """The history of *path* in the git repository *repo* as a story.

    Args:
        path: the file, relative to *repo* (as ``git log`` takes it), at its newest name.
        id: defaults to the file's name, slugified.

    Raises:
        SourceError: no git, not a repository, no commit of that file, a version that is not
            UTF-8 text (naming the commit).
    """
    source = f"{repo}:{path}"
    note = on_note or (lambda _: None)
    commits = file_history(repo, path, source=source)
    if not commits:
        raise SourceError(source, "no commit changed this file (is it in the repository, at this path?)")
    if _is_folder(repo, next((c.sha for c in reversed(commits) if c.path), None), path, source):
        raise SourceError(source, "is a folder, not a file: give the path of one file in it")
    deleted = [c for c in commits if not c.path]
    if deleted:
        shas = ", ".join(c.sha[:12] for c in deleted)
        note(Note(source, f"skipped {len(deleted)} commit(s) that deleted the file: {shas}"))
    commits = in_history_order([c for c in commits if c.path], source, note)
    story_id = id if id is not None else _slug(PurePosixPath(path).name)

    def versions(blobs: Blobs) -> Iterator[Version]:
        for commit in commits:
            where = f"commit {commit.sha[:12]}"
            assert commit.path  # file_history put every commit's path in
            text = decode(blobs.read(commit.sha, commit.path), source, where)
            yield Version(
                text,
                commit.when,
                label=commit.subject,
                author=commit.author or None,
                story=story_id,
                where=where,
            )

    with Blobs(repo, source) as blobs:
        return build_story(
            versions(blobs),
            source=source,
            id=story_id,
            title=title,
            keep_identical=keep_identical,
            on_note=on_note,
        )


def _slug(name: str) -> str:
    stem = unicodedata.normalize("NFKD", PurePosixPath(name).stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "story"
