"""Importers: histories from where they live — saved pages, JSON Lines, MediaWiki dumps, the
databases of news-edit trackers, git — read into stories.

Every source is read into :class:`Version` records (a whole text, a time, a label, an author,
the story's id and title) and built into a story by one shared core, :func:`build_story`:
versions in time order (stable for equal times; git keeps its history's order), a version
identical to the one before left out with a note (``keep_identical=True`` keeps it), each
update stored in its smallest exact form, only the previous text held while building.

The readers of multi-story sources are the one way in for programs (and for ``revtrack import``
and the corpus): each yields stories lazily, one at a time, never the whole source in memory,
and reports a story it cannot read as an :class:`ImportFailure` in its place, then goes on::

    for item in read_mediawiki("enwiki-pages-meta-history.xml.bz2"):
        if isinstance(item, ImportFailure):
            print(item)  # one line: the file, the page, the revision, what is wrong
        else:
            save(item)  # a Story

API:

* :func:`read_jsonl` (JSON Lines, one version a line), :func:`read_mediawiki` (a MediaWiki XML
  export, plain or ``.bz2``/``.gz``/``.xz``/``.lzma``; needs ``revtrack[wiki]``),
  :func:`read_newsedits` (NewsEdits' SQLite), :func:`read_diffengine` (diffengine's SQLite),
  :func:`read_newsdiffs` (NewsDiffs' git repositories): ``Iterator[Story | ImportFailure]``.
* :func:`read_versions` (saved pages: files, a folder, waybackpack's layout; HTML needs
  ``revtrack[html]``) and :func:`read_git` (one file's history in a git repository): one
  :class:`~revtrack.Story`.
* :func:`import_marked`: an article with inline "UPDATE: 6:20pm EST:" sections.
* :func:`add_version`: a story with one more version, in its smallest form.
* :func:`build_story`, :func:`in_time_order`, :class:`Version`: the core, for a source of one's own.
* :func:`story_filename`: the file name of a story in an output folder (safe, and never the
  same for two ids).

Every reader takes ``on_note`` (a callable given each :class:`Note`: a choice the user should
know about, such as a time read as UTC) and the readers of many stories ``on_progress`` (given
:class:`Progress` now and then); :func:`read_jsonl` and :func:`read_mediawiki` read ``-`` as
standard input. A source that cannot be read at all raises :class:`~revtrack.errors.SourceError`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from revtrack.importers._core import (
        ImportFailure as ImportFailure,
        Note as Note,
        Progress as Progress,
        Version as Version,
        build_story as build_story,
        in_time_order as in_time_order,
    )
    from revtrack.importers._names import story_filename as story_filename
    from revtrack.importers.add import add_version as add_version
    from revtrack.importers.git import read_git as read_git
    from revtrack.importers.jsonl import read_jsonl as read_jsonl
    from revtrack.importers.marked import import_marked as import_marked
    from revtrack.importers.mediawiki import read_mediawiki as read_mediawiki
    from revtrack.importers.newsdiffs import read_newsdiffs as read_newsdiffs
    from revtrack.importers.newsedits import (
        read_diffengine as read_diffengine,
        read_newsedits as read_newsedits,
    )
    from revtrack.importers.versions import read_versions as read_versions

_WHERE = {
    "revtrack.importers._core": (
        "ImportFailure",
        "Note",
        "Progress",
        "Version",
        "build_story",
        "in_time_order",
    ),
    "revtrack.importers._names": ("story_filename",),
    "revtrack.importers.add": ("add_version",),
    "revtrack.importers.git": ("read_git",),
    "revtrack.importers.jsonl": ("read_jsonl",),
    "revtrack.importers.marked": ("import_marked",),
    "revtrack.importers.mediawiki": ("read_mediawiki",),
    "revtrack.importers.newsdiffs": ("read_newsdiffs",),
    "revtrack.importers.newsedits": ("read_diffengine", "read_newsedits"),
    "revtrack.importers.versions": ("read_versions",),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'revtrack.importers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
