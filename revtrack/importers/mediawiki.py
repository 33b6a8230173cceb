"""MediaWiki XML exports: one story per page, read by a streaming parser (``mwxml``).

A full-history export (schema 0.3 to 0.11, as ``Special:Export`` and the dumps write it, plain
or compressed with bzip2, gzip, xz or lzma) is read page by page, revision by revision: memory
follows the largest page's texts up to a budget, then a temporary file, never the dump.

Each page is a story: id and title = the page's title (as the dump writes it, namespace
included: ``Talk:Pear``), label = the revision id, author = the user name or IP address (None
when it was hidden), time = the revision's timestamp (UTC). Revisions are put in time order
(a dump lists them by id, which imported histories can break). A revision whose text was
deleted or suppressed has nothing to import: it is skipped, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from revtrack.errors import SourceError
from revtrack.importers._core import (
    ImportFailure,
    Note,
    OnNote,
    OnProgress,
    Progress,
    Version,
    build_story,
    in_time_order,
)
from revtrack.importers._input import DECOMPRESSION_ERRORS, CountingReader, open_stream
from revtrack.story import Story

__all__ = ["read_mediawiki"]

_NEEDS = "reading MediaWiki exports needs mwxml: pip install 'revtrack[wiki]'"


def _mwxml() -> Any:
    try:
        import mwxml
    except ImportError:
        raise SourceError("revtrack import mediawiki", _NEEDS) from None
    return mwxml


def read_mediawiki(
    path: str | Path,
    *,
    namespaces: Collection[int] | None = None,
    titles: Collection[str] | None = None,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[Story | ImportFailure]:
    """The pages of a MediaWiki XML export (*path*, or ``-`` for standard input), one story each,
    read lazily.

    Args:
        namespaces: only pages in these namespaces (0 is articles, 1 their talk pages …).
        titles: only pages with these titles (as the dump writes them).

    Raises:
        SourceError: the file cannot be read, is not a MediaWiki export, or breaks off (the
            pages before the fault have been yielded); mwxml is not installed.
    """
    mwxml = _mwxml()
    source = "<stdin>" if str(path) == "-" else str(path)
    note = on_note or (lambda _: None)
    stream, counter, size = open_stream(path, kind="MediaWiki export")
    stories = versions = 0
    where: str | None = None
    missing = set(titles) if titles is not None else set()  # asked for, and not met yet
    near: dict[str, list[str]] = {}  # a title asked for -> pages of that name in other namespaces
    with counter, stream:
        _check_xml(stream, source)
        try:
            try:
                dump = mwxml.Dump.from_file(stream)
            except AssertionError:  # mwxml asserts the root element's name
                raise SourceError(
                    source, "not a MediaWiki export: its root element is not <mediawiki>"
                ) from None
            prefixes = _prefixes(dump)
            for number, page in enumerate(dump, 1):
                title = _title(page, prefixes, number)
                where = f"page {title!r}"
                missing.discard(title)
                if ":" in title and (name := title.split(":", 1)[1]) in missing:
                    near.setdefault(name, []).append(title)
                if (namespaces is not None and page.namespace not in namespaces) or (
                    titles is not None and title not in titles
                ):
                    _read_past(page)
                    where = f"after page {title!r}"  # a fault in the next page's head is after it
                    continue
                counted = _Counted(
                    _versions(page, title, source, note),
                    _reporter(on_progress, stories, versions, counter, size),
                )
                try:
                    story = build_story(
                        in_time_order(counted),
                        source=source,
                        id=title,
                        title=title,
                        keep_identical=keep_identical,
                        on_note=on_note,
                    )
                except SourceError as e:
                    for _ in counted:  # the rest of the page's revisions
                        pass
                    yield ImportFailure(source, e.problem, story=title, where=_within(e.where, title))
                else:
                    yield story
                where = f"after page {title!r}"
                stories += 1
                versions += counted.count
                if on_progress is not None:
                    on_progress(Progress(stories, versions, counter.count, size))
            for title in sorted(missing):  # a --title that matched nothing says so
                others = near.get(title)
                hint = f" (there is {', '.join(map(repr, others))})" if others else ""
                note(Note(source, f"no page titled {title!r}{hint}"))
        except SourceError:
            raise
        except DECOMPRESSION_ERRORS as e:
            raise SourceError(source, f"cannot read: {e}", where=where) from None
        except Exception as e:  # mwxml's MalformedXML, expat's errors, a bad timestamp: the rest is lost
            if not _is_parse_error(e, mwxml):
                raise
            raise SourceError(
                source, f"not a readable MediaWiki export: {_one_line(e)}", where=where
            ) from None


def _prefixes(dump: Any) -> dict[int, str]:
    """The namespaces' names by number, from the export's site information."""
    site = getattr(dump, "site_info", None)
    spaces = getattr(site, "namespaces", None) or []
    return {int(ns.id): str(ns.name) for ns in spaces if ns.id is not None and ns.name}


def _title(page: Any, prefixes: dict[int, str], number: int) -> str:
    """The page's full title, namespace included (``Talk:Pear``), as the wiki shows it: mwxml
    leaves the namespace out when the export has no ``<ns>`` (schema 0.3 and 0.4)."""
    if page.title is None:
        return f"page {number}"
    title = str(page.title)
    prefix = prefixes.get(page.namespace) if page.namespace else None
    if prefix and not title.startswith(f"{prefix}:"):
        title = f"{prefix}:{title}"
    return title


def _is_parse_error(error: Exception, mwxml: Any) -> bool:
    from xml.etree.ElementTree import ParseError
    from xml.parsers.expat import ExpatError

    return isinstance(error, mwxml.errors.MalformedXML | ParseError | ExpatError | ValueError | TypeError)


_BUFFER = re.compile(r""": b["']""")
"""Where mwxml's message goes on with the bytes it was parsing: no help to a person."""


def _one_line(error: Exception) -> str:
    text = str(error)
    if cut := _BUFFER.search(text):
        text = text[: cut.start()]
    return " ".join(text.split()) or type(error).__name__


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _check_xml(stream: IO[bytes], source: str) -> None:
    """Refuse, in one line that says so, a file that is not XML at all (another file given by
    mistake): its first bytes, decompressed, are not a "<" (after a byte-order mark or spaces)."""
    peek = getattr(stream, "peek", None)
    try:
        head = bytes(peek(64)[:64]) if peek is not None else b""
    except DECOMPRESSION_ERRORS as e:
        raise SourceError(source, f"cannot read: {e}") from None
    if not head:
        raise SourceError(source, "not a MediaWiki export: the file is empty")
    if head.startswith(_BOMS) or b"\x00" in head[:4]:  # UTF-16 or UTF-32: the parser's to tell
        return
    if head.lstrip(b" \t\r\n").startswith(b"<"):
        return
    shown = head[:20].decode("utf-8", "backslashreplace")
    raise SourceError(source, f"not a MediaWiki export: not XML (it begins {shown!r})")


def _within(where: str | None, title: str) -> str:
    return where.removeprefix(f"page {title!r}: ") if where else ""


def _reporter(
    on_progress: OnProgress | None, stories: int, versions: int, counter: CountingReader, size: int | None
) -> Callable[[int], None]:
    """What tells *on_progress* how far a page has got, *n* of its revisions read."""

    def report(n: int) -> None:
        if on_progress is not None:
            on_progress(Progress(stories, versions + n, counter.count, size))

    return report


class _Counted:
    """An iterator of versions that counts them, and tells *every_100* now and then (a page's
    history can take minutes to read)."""

    def __init__(self, versions: Iterator[Version], every_100: Callable[[int], None]) -> None:
        self._versions = versions
        self._every_100 = every_100
        self.count = 0

    def __iter__(self) -> Iterator[Version]:
        return self

    def __next__(self) -> Version:
        version = next(self._versions)
        self.count += 1
        if self.count % 100 == 0:
            self._every_100(self.count)
        return version


_BAD_VALUE = (ValueError, TypeError)
"""What mwxml raises for a revision whose field it cannot read (an empty ``<timestamp>``, an id
that is not a number): the XML goes on, so the page fails and the next pages are read."""


def _read_past(page: Iterable[Any]) -> None:
    """Read past the revisions of a page not imported (a field of one that cannot be read is no
    fault of the pages asked for)."""
    try:
        for _ in page:
            pass
    except _BAD_VALUE:
        pass


def _revisions(page: Iterable[Any], source: str) -> Iterator[Any]:
    """The revisions of *page*; one whose field mwxml cannot read is a :class:`SourceError` naming
    the revision before it (the page fails, the dump goes on)."""
    revisions = iter(page)
    last = None
    while True:
        try:
            revision = next(revisions)
        except StopIteration:
            return
        except _BAD_VALUE as e:
            where = f"the revision after revision {last}" if last is not None else "its first revision"
            raise SourceError(source, f"cannot read a revision: {_one_line(e)}", where=where) from None
        last = revision.id
        yield revision


def _versions(page: Iterable[Any], title: str, source: str, note: OnNote) -> Iterator[Version]:
    """The revisions of *page* as versions; those without text skipped, with one note."""
    skipped: list[str] = []
    for revision in _revisions(page, source):
        where = f"revision {revision.id}"
        if revision.timestamp is None:
            raise SourceError(source, "no timestamp", where=where)
        when = datetime.fromtimestamp(revision.timestamp.unix(), UTC)
        main = revision.slots.contents.get("main") if revision.slots is not None else None
        text = main.text if main is not None else None
        if text is None and (revision.deleted.text or (main is not None and main.deleted)):
            skipped.append(str(revision.id))
            continue
        if text is None and main is not None and main.bytes not in (None, 0, "0"):
            raise SourceError(
                source,
                f"the text ({main.bytes} bytes) is not in the export (a stub dump?): "
                "import a dump with the pages' text (pages-meta-history)",
                where=where,
            )
        user = revision.user
        author = str(user.text) if user is not None and user.text is not None else None
        yield Version(
            text or "",
            when,
            label=str(revision.id),
            author=author,
            story=title,
            title=title,
            where=where,
        )
    if skipped:
        which = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        count = "revision" if len(skipped) == 1 else "revisions"
        note(
            Note(
                source,
                f"{len(skipped)} {count} whose text was deleted or suppressed skipped ({which})",
                title,
            )
        )
