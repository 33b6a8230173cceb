"""Where a corpus comes from: sources that list their stories lazily, in one fixed order.

A source is anything that can say what it is (a fingerprint, so that a resumed run can tell that
its input has not changed), how many stories it holds when that is cheap to know, and yield
:class:`StoryRef` items in an order that depends on the input alone. A folder of story files yields
references to files, which the workers read themselves; a multi-story source (JSON Lines, a wiki
dump, a news-edit database) yields the stories its importer reads, one at a time, and never holds
them all. Plugging in an importer is one small :class:`ImporterSource` subclass.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

import attrs

from revtrack.corpus._common import CorpusError
from revtrack.files import shown_name

if TYPE_CHECKING:
    from revtrack.story import Story

__all__ = [
    "SOURCES",
    "FolderSource",
    "ImporterSource",
    "Source",
    "StoryFileSource",
    "StoryRef",
    "Survey",
    "open_source",
]


@attrs.frozen
class StoryRef:
    """One story of a corpus, as a worker receives it: a file to read, a story already read, or an error."""

    source: str
    """The file the story comes from: a story file, or the multi-story source (a dump, a database)."""
    record: str | None = None
    """Where in a multi-story source (an entry id, a page title); None for a story file."""
    path: str | None = None
    """A story file for the worker to read."""
    story: Story | None = None
    """A story an importer read."""
    story_id: str | None = None
    """The story's id, when known before it is read (an importer's story)."""
    error: str | None = None
    """Why the importer could not read this record (it becomes a row of ``errors``)."""
    number: int = 0
    """The story's place in the corpus, from 0 in input order (the ``story`` column of every
    table): set when the run cuts the input into shards."""

    @property
    def name(self) -> str:
        """How messages and the ``errors`` table name it."""
        return self.source if self.record is None else f"{self.source}: {self.record}"


@attrs.frozen
class Survey:
    """What a source is now: a fingerprint and, when cheap to know, its number of stories."""

    fingerprint: str
    """Changes when the input changes (file names, sizes and modification times): a resumed run
    checks that its input is the one the folder's run read."""
    count: int | None
    """Stories in the source (for the progress bar), or None when only reading it all would tell."""


class Source(Protocol):
    """A corpus input: a fixed order of stories, and what identifies the input."""

    @property
    def kind(self) -> str:
        """The name on the command line (``stories``, ``jsonl`` …)."""
        ...

    @property
    def spec(self) -> str:
        """The source as given on the command line."""
        ...

    def survey(self) -> Survey:
        """What identifies the input now, and how many stories it holds if that is cheap to know."""
        ...

    def refs(self) -> Iterator[StoryRef]:
        """Every story, in an order that depends on the input alone."""
        ...


def _stat_line(path: Path, name: str) -> str:
    st = path.stat()
    return f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n"


@attrs.frozen
class FolderSource:
    """Every story file under a folder, recursively, in the order of their paths.

    Files whose name matches *pattern* (``*.json``) are story files; names starting with a dot
    (``.git``, editors' back-ups) are skipped, and so are links to folders (no cycles).
    """

    kind: ClassVar[str] = "stories"
    spec: str
    pattern: str = "*.json"

    def _files(self) -> Iterator[tuple[Path, str]]:
        """(path, path relative to the folder with ``/``), depth first in the order of names."""
        root = Path(self.spec)
        stack: list[tuple[Path, str]] = [(root, "")]
        while stack:
            folder, rel = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as e:
                raise CorpusError(f"{folder}: cannot list the folder: {e.strerror or e}") from None
            subfolders = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                name = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append((Path(entry.path), name + "/"))
                elif fnmatch.fnmatchcase(entry.name, self.pattern) and entry.is_file():
                    # A folder's files come before its subfolders, each in the order of names.
                    yield Path(entry.path), name
            stack.extend(reversed(subfolders))

    def survey(self) -> Survey:
        digest = hashlib.sha256(f"{self.kind}\0{self.pattern}\n".encode())
        count = 0
        for path, rel in self._files():
            digest.update(_stat_line(path, rel).encode("utf-8", "surrogateescape"))
            count += 1
        return Survey(digest.hexdigest(), count)

    def refs(self) -> Iterator[StoryRef]:
        for path, _ in self._files():
            # Read by an absolute path: a cluster's workers have another working directory.
            yield StoryRef(source=shown_name(str(path)), path=os.path.abspath(path))


@attrs.frozen
class StoryFileSource:
    """One story file given by itself."""

    kind: ClassVar[str] = "story"
    spec: str

    def survey(self) -> Survey:
        return Survey(
            hashlib.sha256(
                f"{self.kind}\n{_stat_line(Path(self.spec), '')}".encode("utf-8", "surrogateescape")
            ).hexdigest(),
            1,
        )

    def refs(self) -> Iterator[StoryRef]:
        yield StoryRef(source=shown_name(self.spec), path=os.path.abspath(self.spec))


@runtime_checkable
class Failure(Protocol):
    """A record an importer could not read (``revtrack.importers.ImportFailure``): ``str()`` is its
    one-line message."""

    @property
    def problem(self) -> str:
        """What is wrong."""
        ...

    @property
    def story(self) -> str | None:
        """The story's id, when known."""
        ...

    @property
    def where(self) -> str | None:
        """The record at fault (``line 12``, ``revision 185185``)."""
        ...


Reader = Callable[[str], Iterable["Story | Failure"]]
"""An importer's way in: the source's stories in a fixed order, in place of a story it could not
read a :class:`Failure`."""


@attrs.frozen
class ImporterSource:
    """A multi-story source read through an importer's lazy iterator of stories.

    The driver reads the stories one at a time and hands them to the workers; records the importer
    cannot read become rows of ``errors``, and the run goes on. A story is named inside the source
    by its id (an entry id, a page title).
    """

    kind: str
    spec: str
    read: Reader = attrs.field(eq=False, repr=False)

    def survey(self) -> Survey:
        path = Path(self.spec)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        digest = hashlib.sha256(f"{self.kind}\n".encode())
        for p in files:
            name = p.relative_to(path).as_posix() if path.is_dir() else ""
            digest.update(_stat_line(p, name).encode("utf-8", "surrogateescape"))
        return Survey(digest.hexdigest(), None)

    def refs(self) -> Iterator[StoryRef]:
        for item in self.read(self.spec):
            if isinstance(item, Failure):
                record = item.where or item.story
                yield StoryRef(
                    source=shown_name(self.spec), record=record, error=str(item), story_id=item.story
                )
            else:
                yield StoryRef(source=shown_name(self.spec), record=item.id, story=item, story_id=item.id)


def _importer(kind: str) -> Callable[[str], Source]:
    """The source of *kind*, read by ``revtrack.importers.read_<kind>``."""

    def read(path: str) -> Iterable[Story | Failure]:
        from revtrack import importers

        reader: Callable[[str], Iterable[Story | Failure]] = getattr(importers, f"read_{kind}")
        return reader(path)

    def make(spec: str) -> Source:
        return ImporterSource(kind, spec, read)

    return make


SOURCES: dict[str, Callable[[str], Source]] = {
    FolderSource.kind: FolderSource,
    StoryFileSource.kind: StoryFileSource,
    **{kind: _importer(kind) for kind in ("jsonl", "mediawiki", "newsedits", "diffengine", "newsdiffs")},
}
"""Every kind of source by its name on the command line (``KIND:PATH``)."""

_BY_SUFFIX = {".jsonl": "jsonl", ".xml": "mediawiki"}
"""Kinds told by a file's name without ``KIND:`` (a compressed dump too: ``.xml.bz2``, ``.xml.gz`` …)."""
_COMPRESSED = {".bz2", ".gz", ".xz", ".lzma"}


def _kind_by_name(path: str) -> str | None:
    suffixes = Path(path).suffixes
    if suffixes and suffixes[-1] in _COMPRESSED:
        suffixes = suffixes[:-1]
    return _BY_SUFFIX.get(suffixes[-1]) if suffixes else None


def open_source(spec: str) -> Source:
    """The source *spec* names: ``KIND:PATH``, or a path whose kind is plain (a folder of story files,
    or one story file).

    Raises:
        CorpusError: no such path, or no such kind.
    """
    kind, sep, rest = spec.partition(":")
    if sep and kind in SOURCES and not Path(spec).exists():
        make = SOURCES[kind]
        path = rest
    else:
        path = spec
        named = _kind_by_name(spec)
        if Path(spec).is_dir():
            make = SOURCES[FolderSource.kind]
        elif named is not None:
            make = SOURCES[named]
        else:
            make = SOURCES[StoryFileSource.kind]
    if make is FolderSource and Path(path).exists() and not Path(path).is_dir():
        raise CorpusError(f"{path}: is not a folder (a source of kind {FolderSource.kind})")
    if not Path(path).exists():
        kinds = ", ".join(sorted(SOURCES))
        raise CorpusError(
            f"{path}: no such file or folder (a source is a path, or KIND:PATH with KIND one of {kinds})"
        )
    return make(path)
