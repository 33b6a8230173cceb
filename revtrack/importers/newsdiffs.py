"""NewsDiffs: articles kept as files in git repositories, one commit per version.

NewsDiffs (ecprice/newsdiffs) writes each version of an article to one file per article URL
(``www.nytimes.com/2012/…``), as ``date\\ntitle\\nbyline\\n\\nbody``, and commits it. Each file
is a story: id = the file's path, title = the last version's title; each commit of it is a
version whose text is the title, the byline and the body, separated by blank lines (the date
line is the article's own dateline, not the version's: the time is the commit's). Commit times
that go back are moved up to the time before them, with a note (see :mod:`revtrack.importers.git`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from revtrack.errors import SourceError
from revtrack.importers._core import (
    ImportFailure,
    OnNote,
    OnProgress,
    Progress,
    Version,
    build_story,
)
from revtrack.importers.git import Blobs, Commit, _commit, decode, git, in_history_order, unquote
from revtrack.story import Story

__all__ = ["read_newsdiffs"]


def read_newsdiffs(
    repo: str | Path,
    *,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[Story | ImportFailure]:
    """The articles of a NewsDiffs git repository, one story per file, in the order of their paths.

    Raises:
        SourceError: no git, or not a git repository.
    """
    source = str(repo)
    note = on_note or (lambda _: None)
    log = git(
        repo,
        "log",
        "--reverse",
        "--no-renames",
        "--name-status",
        "--format=%x1e%H%x1f%cI%x1f%an%x1f%s",
        source=source,
    )
    histories: dict[str, list[Commit]] = {}
    for chunk in log.split("\x1e"):
        if not chunk.strip():
            continue
        head, _, changes = chunk.partition("\n")
        for line in changes.splitlines():
            if "\t" not in line:
                continue
            status, quoted = line.split("\t", 1)
            path = unquote(quoted)
            commit = _commit(f"{head}\n{line}")
            if status.startswith("D"):
                continue
            histories.setdefault(path, []).append(commit)
    stories = versions = 0
    with Blobs(repo, source) as blobs:
        for path in sorted(histories):
            commits = in_history_order(histories[path], source, note, story=path)
            try:
                yield build_story(
                    _versions(blobs, commits, path, source),
                    source=source,
                    id=path,
                    keep_identical=keep_identical,
                    on_note=on_note,
                )
            except SourceError as e:
                yield ImportFailure(source, e.problem, story=path, where=e.where)
            stories += 1
            versions += len(commits)
            if on_progress is not None:
                on_progress(Progress(stories, versions, 0, None))


def _versions(blobs: Blobs, commits: list[Commit], path: str, source: str) -> Iterator[Version]:
    for commit in commits:
        where = f"commit {commit.sha[:12]}"
        text = decode(blobs.read(commit.sha, path), source, where)
        lines = text.split("\n", 3)
        if len(lines) < 3:
            raise SourceError(
                source, "not a NewsDiffs version (date, title and byline lines, then the body)", where=where
            )
        _date, title, byline = (line.strip() for line in lines[:3])
        body = lines[3].strip("\n") if len(lines) > 3 else ""
        parts = [p for p in (title, byline, body.strip()) if p]
        yield Version(
            "\n\n".join(parts),
            commit.when,
            label=commit.subject or commit.sha[:12],
            author=None,
            story=path,
            title=title or None,
            where=where,
        )
