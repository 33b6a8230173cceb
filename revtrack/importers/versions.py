"""Saved versions of one story: files, a folder of them, or a web archive's captures.

One version per file. Its time comes from ``times`` (one per file, in the order given; a
folder's files in the order of their paths) or from its path: a web archive's 14 digits
(``20200311201500``, UTC, as the Wayback Machine and waybackpack write them) in the file's
name or a folder above it, else an ISO 8601 time in the file's name (``2020-03-11T20:15``,
``2020-03-11T201500-0500``). A folder is read recursively, so waybackpack's layout
(``DIR/<14 digits>/<host>/<path>/index.html``) is read as it is.

HTML (``.html``, ``.htm``, or a file that starts like HTML) is reduced to the article's text by
trafilatura (``revtrack[html]``): the title, then the paragraphs, separated by blank lines.
Any other file is taken as it is (UTF-8). Label = the file's path within the folder (or its
name); times without an offset are read in ``tz`` (UTC unless told), with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from revtrack.errors import SourceError
from revtrack.files import read_text
from revtrack.importers import _zones
from revtrack.importers._core import Note, OnNote, Version, build_story, in_time_order
from revtrack.story import Story

__all__ = ["read_versions", "text_of_html"]

_ARCHIVE = re.compile(r"(?<![0-9])([0-9]{14})(?![0-9])")
_ISO = re.compile(
    r"(?<![0-9])([0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T_ ][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2}(?:\.[0-9]+)?)?)?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?)"
)
_HTML_SUFFIXES = frozenset((".html", ".htm", ".xhtml", ".shtml"))
_NEEDS = "reading HTML versions needs trafilatura: pip install 'revtrack[html]'"


def read_versions(
    inputs: Sequence[str | Path],
    *,
    times: Sequence[str | datetime] | None = None,
    id: str | None = None,  # noqa: A002 - the story file's own name for it
    title: str | None = None,
    tz: tzinfo | str | None = None,
    keep_identical: bool = False,
    on_note: OnNote | None = None,
) -> Story:
    """The story of saved versions: files, or folders of them (read recursively).

    Raises:
        SourceError: a file that cannot be read, a version without a time, as many times as
            files not given, HTML without trafilatura installed.
    """
    zone = _zones.parse_zone(tz) if isinstance(tz, str) else (tz or UTC)
    note = on_note or (lambda _: None)
    files = _files(inputs)
    source = str(inputs[0]) if len(inputs) == 1 else f"{inputs[0]} (and {len(inputs) - 1} more)"
    if not files:
        raise SourceError(source, "no files to import")
    if times is not None and len(times) != len(files):
        raise SourceError(
            source,
            f"{len(times)} time{'' if len(times) == 1 else 's'} (--times) "
            f"for {len(files)} file{'' if len(files) == 1 else 's'}",
        )
    naive: list[str] = []
    stamped: list[tuple[Path, str, datetime]] = []
    for k, (path, label) in enumerate(files):
        given = times[k] if times is not None else None
        when, was_naive = _time(path, label, given, zone)
        if was_naive:
            naive.append(label)
        stamped.append((path, label, when))
    if naive:
        note(Note(source, _zones.naive_note(len(naive), zone)))
    story_id = id if id is not None else _default_id(inputs)

    def versions() -> Iterator[Version]:
        for path, label, when in stamped:
            text, page_title = _read(path)
            yield Version(text, when, label=label, story=story_id, title=page_title, where=label)

    return build_story(
        in_time_order(versions()),
        source=source,
        id=story_id,
        title=title,
        keep_identical=keep_identical,
        on_note=on_note,
    )


def _files(inputs: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """Every file to read, with its label (its path within a given folder), in order."""
    out: list[tuple[Path, str]] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            out.extend((p, p.relative_to(path).as_posix()) for p in found)
        elif path.exists():
            out.append((path, path.name))
        else:
            raise SourceError(str(path), "no such file or folder")
    return out


def _time(path: Path, label: str, given: str | datetime | None, zone: tzinfo) -> tuple[datetime, bool]:
    """The version's time: given, or from its path; and whether it was read without an offset."""
    if isinstance(given, datetime):
        if given.tzinfo is None:
            return _zones.aware(given, zone), True
        return given, False
    if given is not None:
        try:
            when = datetime.fromisoformat(given)
        except ValueError:
            raise SourceError(str(path), f"--times: {given!r} is not an ISO 8601 time") from None
        return (_zones.aware(when, zone), True) if when.tzinfo is None else (when, False)
    parts = label.split("/")
    for part in reversed(parts):
        archive = _ARCHIVE.search(part)
        if archive is not None:
            try:
                return datetime.strptime(archive[1], "%Y%m%d%H%M%S").replace(tzinfo=UTC), False
            except ValueError:
                continue
    for part in reversed(parts):
        iso = _ISO.search(part)
        if iso is not None:
            text = iso[1].replace("_", "T")
            try:
                when = datetime.fromisoformat(text)
            except ValueError:
                continue
            return (_zones.aware(when, zone), True) if when.tzinfo is None else (when, False)
    raise SourceError(
        str(path),
        "no time in its name (20200311201500 or 2020-03-11T20:15): give them with --times",
    )


def _default_id(inputs: Sequence[str | Path]) -> str:
    from revtrack.importers.git import _slug

    first = Path(inputs[0])
    return _slug(first.resolve().name if first.is_dir() else first.name)


def _read(path: Path) -> tuple[str, str | None]:
    """A version's text (HTML reduced to its article), and its title when it is HTML."""
    source = str(path)
    if path.suffix.lower() in _HTML_SUFFIXES:
        return text_of_html(_bytes(path), source)
    data = _bytes(path)
    if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return text_of_html(data, source)
    return read_text(path, kind="text file", error=SourceError), None


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise SourceError(str(path), f"cannot read: {e.strerror or e}") from None


def text_of_html(page: bytes | str, source: str = "<memory>") -> tuple[str, str | None]:
    """The article in an HTML page as text — its title, then its paragraphs, separated by blank
    lines — and the title, by trafilatura.

    Raises:
        SourceError: trafilatura is not installed, or finds no text in the page.
    """
    try:
        import trafilatura
    except ImportError:
        raise SourceError(source, _NEEDS) from None
    document = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, favor_precision=True
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text:
        raise SourceError(source, "no article text found in this HTML page")
    title = getattr(document, "title", None) or None
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if title and (not paragraphs or paragraphs[0] != title.strip()):
        paragraphs.insert(0, title.strip())
    return "\n\n".join(paragraphs), title
