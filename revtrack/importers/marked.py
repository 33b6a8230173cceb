"""Marked articles: turn an article with inline update sections into a story.

Many newsrooms publish updates inline: the article grows sections that start
with a marker line such as ``UPDATE: 6:20pm EST:``, ``Update, 7:15 p.m. ET —``,
``UPDATED 20:15 GMT``, ``[Update 11:05 a.m.]`` or ``Updated at 9:40 p.m. PT:``.
:func:`import_marked` reads such an article back into its history: the base is
the article without its update sections, and each marker becomes an update at
its time, oldest first; the last revision is the article, byte for byte.

API: :func:`import_marked` (article text → :class:`ImportResult`, the story
and notes for the user) and :func:`find_markers` (the markers alone).

Rules:

* A marker is a line that starts (after optional ``[``, ``(``, ``*``, ``_``,
  ``#`` or ``>``) with "update", "updated" or "updates", then punctuation,
  "at" or "on", and a time: ``6:20pm``, ``7:15 p.m.``, ``20:15``, ``9 a.m.``,
  optionally preceded by a date (``March 12, 9:00 a.m.``) and followed by a
  zone. A line that starts so but whose time cannot be read is an error, not
  text: an update must never be silently folded into the base.
* Revision k is the article up to the end of update k's section, without the
  blank lines before the next marker: what a reader saw after update k.
* Times without a date are on ``date``; a morning time after an afternoon or
  evening one is on the next day (11:30pm, then 12:15am). Any other time that
  goes back is an error: markers must be oldest first.
* A zone written in the marker wins over ``tz``. A fixed zone that disagrees
  with the season where it is used (``EST`` on a date under daylight saving
  time) is kept as written, with a note; ``GMT`` and ``UTC`` are used all year.
* A footer after the last update section (short last paragraphs such as
  "Contact the author:", "Reporting by …" or "© 2020 …") was on the page all
  along: it is part of every revision, and the sections are inserted before it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePath

import attrs

from revtrack.errors import ArticleError
from revtrack.importers import _zones
from revtrack.story import Story

__all__ = ["ImportResult", "Marker", "find_markers", "import_marked"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}

_LEAD = r"[ \t]*(?:[\[(*_#>][ \t]*)*"
_CANDIDATE = re.compile(
    _LEAD
    + r"""(?P<word>updated?|updates)\b
        (?=[ \t]*(?:[:,\u2014\u2013\-(]|(?:at|on)\b|\d
                  |(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))""",
    re.IGNORECASE | re.VERBOSE,
)
_WHEN = re.compile(
    r"""[ \t]*(?:[:,.\u2014\u2013\-(][ \t]*)?(?:(?:at|on)[ \t]+)?
        (?:(?P<month>[A-Za-z]{3,9})\.?[ \t]+(?P<mday>\d{1,2})(?:st|nd|rd|th)?
           (?:,?[ \t]+(?P<year>\d{4}))?[ \t]*(?:,|[ \t]at\b|\u2014|\u2013|-)?[ \t]*(?:at[ \t]+)?)?
        (?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?
        (?P<ampm>[ \t]*(?P<ap>[ap])\.?[ \t]?m\b\.?)?
        (?P<zone>[ \t]*\(?(?P<name>[A-Za-z]{1,8})\b\)?(?:[ \t]+time\b)?)?""",
    re.IGNORECASE | re.VERBOSE,
)
# What may follow a marker's time on its line: nothing, or the marker's closing punctuation.
_CLOSES = re.compile(r"[ \t]*(?:[:,.\]\u2014\u2013\-)*_]|$)")
_FOOTER = re.compile(
    r"(?:contact (?:the )?(?:author|reporter|writer)|e-?mail (?:the )?(?:author|reporter)|"
    r"write to |follow (?:us|the author|me)\b|©|\(c\)|copyright\b|related\b|read more\b|more on this\b|"
    r"(?:additional )?reporting by\b|(?:writing|editing) by\b|.{1,80}? contributed(?: reporting)? to this\b)",
    re.IGNORECASE,
)
_FOOTER_MAX = 300
"""A footer paragraph is at most this long: a closing line, not the last update's text."""
_BLANK_LINES = re.compile(r"\n(?:[ \t\r]*\n)+")


@attrs.frozen
class Marker:
    """One update marker found in an article."""

    line: int
    """1-based line number."""
    offset: int
    """Where the marker's line starts in the article."""
    label: str
    """The marker as written, without its brackets and closing punctuation."""
    hour: int
    minute: int
    zone: str | None
    """The zone as written, upper-cased (``"EST"``, ``"ET"``, ``"PACIFIC"``), or None."""
    day: date | None = None
    """The date written in the marker (``March 12``), or None: then it follows the markers before."""


@attrs.frozen
class ImportResult:
    """The story read from a marked article, its markers, and notes worth telling the user."""

    story: Story
    markers: tuple[Marker, ...]
    notes: tuple[str, ...] = ()
    """One line each, starting with the place (``line 37: 'EST' on 2020-07-04, when …``)."""


def find_markers(
    article: str, *, default_year: int | None = None, source: str = "<memory>"
) -> tuple[Marker, ...]:
    """Every update marker of *article*, in text order.

    Args:
        default_year: the year of a written date without one (``March 12``).

    Raises:
        ArticleError: a line starts like a marker but its time (or date) cannot be read.
    """
    markers = []
    offset = 0
    seen_text = False
    # Lines are counted by "\n" alone, as editors and ``sed -n`` count them.
    for line_no, line in enumerate(article.split("\n"), 1):
        start, offset = offset, offset + len(line) + 1
        head = _CANDIDATE.match(line)
        headline, seen_text = not seen_text, seen_text or bool(line.strip())
        if head is None:
            continue
        content = line.removesuffix("\r")
        found = _read_marker(content, head.end(), default_year)
        if found is None and headline:
            continue  # a headline such as "UPDATED: Storm hits the coast", not a marker
        if found is None:
            raise ArticleError(
                source, f"cannot read the time in update marker {content.strip()!r}", line=line_no
            )
        end, hour, minute, zone, day = found
        markers.append(Marker(line_no, start, _label(content[:end]), hour, minute, zone, day))
    return tuple(markers)


def _read_marker(
    line: str, pos: int, default_year: int | None
) -> tuple[int, int, int, str | None, date | None] | None:
    """(end of the marker, hour, minute, zone, date) of a marker line, or None when unreadable."""
    t = _WHEN.match(line, pos)
    if t is None:
        return None
    hour, minute = int(t["hour"]), int(t["minute"] or 0)
    if t["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if t["ap"].lower() == "p" else 0)
    elif t["minute"] is None:
        return None  # a bare number ("Update 2") is not a time
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    day: date | None = None
    if t["month"] is not None:
        month = _MONTHS.get(t["month"].lower())
        year = int(t["year"]) if t["year"] else default_year
        if month is None or year is None:
            return None
        try:
            day = date(year, month, int(t["mday"]))
        except ValueError:
            return None
    end = t.end("ampm") if t["ampm"] else t.end("minute") if t["minute"] else t.end("hour")
    zone = None
    if t["zone"] is not None:
        name = t["name"].upper()
        # An unknown word counts as a zone only when it looks like one ("IST:"), not prose ("Police said");
        # and the one-letter military "Z" only as a capital (a lowercase "z" is text).
        looks_like_zone = t["name"].isupper() and 2 <= len(name) <= 5 and _CLOSES.match(line, t.end())
        if (_zones.known(name) and (len(name) > 1 or t["name"].isupper())) or looks_like_zone:
            zone, end = name, t.end("zone")
    # Without a zone the time must end the marker ("[Update 11:05 a.m.]", "UPDATE 6:20pm: text").
    if zone is None and not _CLOSES.match(line, end) and not line[end : end + 1].isspace():
        return None
    return end, hour, minute, zone, day


def _label(text: str) -> str:
    """The marker without its brackets, emphasis and closing punctuation (the dot of "a.m." stays).

    A bracket opened inside the marker keeps its closing one: ``UPDATE 6:20pm (EST)``.
    """
    label = text.strip().lstrip("[(*_#> \t").rstrip(":,\u2014\u2013-])*_ \t")
    for opening, closing in ("()", "[]"):
        label += closing * max(0, label.count(opening) - label.count(closing))
    return label


def _line_end(article: str, end: int) -> int:
    """*end* moved back over the blank lines before it: the end of the last line with text."""
    last = len(article[:end].rstrip())
    if last == 0:
        return 0
    newline = article.find("\n", last, end)
    stop = newline if newline >= 0 else end
    return stop - 1 if stop > last and article[stop - 1] == "\r" else stop


def _footer_start(article: str, after: int) -> int | None:
    """Where the footer paragraphs after *after* start (short, footer-like, at the very end), or None."""
    body_end = _line_end(article, len(article))
    breaks = list(_BLANK_LINES.finditer(article, after, body_end))
    start = None
    for k in range(len(breaks) - 1, -1, -1):
        para_start = breaks[k].end()
        para_end = breaks[k + 1].start() if k + 1 < len(breaks) else body_end
        paragraph = article[para_start:para_end].strip()
        if len(paragraph) > _FOOTER_MAX or not _FOOTER.match(paragraph):
            break
        start = para_start
    return start


def import_marked(
    article: str,
    *,
    date: date,
    tz: str | None = None,
    published: time | datetime | str | None = None,
    source: str = "<memory>",
    id: str | None = None,  # noqa: A002 - the story file's name for it
    title: str | None = None,
) -> ImportResult:
    """Read a marked article into a story.

    Args:
        date: the date of the first marker (later times that go back from the
            evening to the morning are on the following day).
        tz: an IANA zone (``America/New_York``), ``UTC`` or a fixed offset (``+05:30``) for times
            without a zone.
        published: when the original went out: a time on *date* (``16:00``,
            ``4pm``, ``4:00 p.m. EST``, a :class:`~datetime.time`) or a full
            timestamp; without a zone, in *tz* or else the first update's zone.
            Without it, the original is dated at the first update's time (with
            a note): the latest it can have been published.
        source: the article's path, for messages; its file name gives the id.
        id: defaults to *source*'s file name, slugified (``"story"`` in memory).
        title: defaults to the article's first non-empty line.

    Raises:
        ArticleError: no markers; a marker whose time cannot be read; a time
            with no zone and no *tz*; markers out of time order; an unknown
            *tz*; an unreadable *published*, or one after the first update.
    """
    zone: tzinfo | None = None
    if tz is not None:
        from revtrack.importers._zones import parse_zone

        try:  # what every importer's --tz reads: an IANA name, UTC, or a fixed offset
            zone = parse_zone(tz)
        except ValueError as e:
            raise ArticleError(source, str(e)) from None
    markers = find_markers(article, default_year=date.year, source=source)
    if not markers:
        raise ArticleError(source, "no update markers found (looked for lines like 'UPDATE: 6:20pm EST:')")
    first = markers[0]
    if not article[: first.offset].strip():
        raise ArticleError(
            source,
            f"the article begins with update marker {first.label!r}: no original text",
            line=first.line,
        )
    notes: list[tuple[str, str]] = []  # (place, what): the same fact at several places is one note
    times = _marker_times(markers, date, zone, tz, source, notes)
    base_time = _published(published, date, zone, first, times[0], source, notes)

    footer = _footer_start(article, markers[-1].offset)
    # Earlier revisions end with the footer, separated from the body as in the article.
    tail = article[_line_end(article, footer) :] if footer is not None else ""
    texts = [article[: _line_end(article, m.offset)] + tail for m in markers]
    texts.append(article)
    if title is None:
        title = next((line.strip() for line in article.splitlines() if line.strip()), None)
    story = Story.from_texts(
        texts,
        [base_time, *times],
        id=id if id is not None else _slug(source),
        title=title,
        labels=["Original", *(m.label for m in markers)],
    )
    return ImportResult(attrs.evolve(story, source=source), markers, _join_notes(notes))


def _join_notes(notes: list[tuple[str, str]]) -> tuple[str, ...]:
    """``line 31, line 41: 'EST' on …``: one line per fact, its places in order."""
    places: dict[str, list[str]] = {}
    for place, what in notes:
        places.setdefault(what, []).append(place)
    return tuple(": ".join(filter(None, (", ".join(filter(None, at)), what))) for what, at in places.items())


def _marker_times(
    markers: tuple[Marker, ...],
    day: date,
    zone: tzinfo | None,
    tz: str | None,
    source: str,
    notes: list[tuple[str, str]],
) -> list[datetime]:
    """The time of each marker, rolling past midnight, with season and unknown-zone notes."""
    times: list[datetime] = []
    for k, marker in enumerate(markers):
        written = marker.zone if _zones.known(marker.zone) else None
        if marker.zone is not None and written is None:
            if zone is None:
                raise ArticleError(
                    source,
                    f"update marker {marker.label!r}: unknown time zone {marker.zone!r}: "
                    "give --tz (e.g. --tz Asia/Kolkata)",
                    line=marker.line,
                )
            notes.append((f"line {marker.line}", f"unknown time zone {marker.zone!r}; using --tz {tz}"))
        if marker.day is not None:
            day = marker.day
        resolved = _zones.zone_of(day, marker.hour, marker.minute, written, zone)
        if resolved is None:
            raise ArticleError(
                source,
                f"update marker {marker.label!r} has no time zone: give --tz (e.g. --tz America/New_York)",
                line=marker.line,
            )
        when, note = resolved
        if (
            times
            and _zones.before(when, times[-1])
            and marker.day is None
            and markers[k - 1].hour >= 12 > marker.hour
        ):
            if day == date.max:
                raise ArticleError(
                    source, f"update marker {marker.label!r} falls after {date.max}", line=marker.line
                )
            day += timedelta(days=1)  # an evening update, then one after midnight
            rolled = _zones.zone_of(day, marker.hour, marker.minute, written, zone)
            assert rolled is not None
            when, note = rolled
        if note is None:
            when, note = _zones.reading(when, times[-1] if times else None)
        if times and _zones.before(when, times[-1]):
            before = markers[k - 1]
            raise ArticleError(
                source,
                f"update marker {marker.label!r} ({when.isoformat()}) is earlier than "
                f"{before.label!r} on line {before.line} ({times[-1].isoformat()}); "
                "updates must be oldest first",
                line=marker.line,
            )
        if note is not None:
            notes.append((f"line {marker.line}", note))
        times.append(when)
    return times


def _published(
    published: time | datetime | str | None,
    day: date,
    zone: tzinfo | None,
    first: Marker,
    first_time: datetime,
    source: str,
    notes: list[tuple[str, str]],
) -> datetime:
    """The base's timestamp: *published* read on *day*, or the first update's time."""
    if published is None:
        notes.append(
            ("", f"no --published time: the original is dated at the first update's ({first.label!r})")
        )
        return first_time
    fallback = zone if zone is not None else first_time.tzinfo
    if isinstance(published, datetime):
        result = published if published.tzinfo is not None else published.replace(tzinfo=fallback)
    elif isinstance(published, time):
        naive = datetime.combine(day, published.replace(tzinfo=None))
        result = naive.replace(tzinfo=published.tzinfo or fallback)
    else:
        result = _read_published(published, day, fallback, source, notes)
    result, note = _zones.reading(result, None)
    if note is not None:
        notes.append(("--published", note))
    if _zones.before(first_time, result):
        raise ArticleError(
            source,
            f"--published {published} is after the first update "
            f"({first.label!r} at {first_time.isoformat()})",
        )
    return result


def _read_published(
    text: str, day: date, fallback: tzinfo | None, source: str, notes: list[tuple[str, str]]
) -> datetime:
    try:
        stamp = datetime.fromisoformat(text.strip())
    except ValueError:
        pass
    else:
        return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=fallback)
    found = _read_marker(text.strip(), 0, day.year)
    if found is None or found[0] != len(text.strip()):
        raise ArticleError(
            source, f"--published {text!r} is neither a time (16:00, 4pm) nor an ISO 8601 timestamp"
        )
    _, hour, minute, written, on = found
    if written is not None and not _zones.known(written):
        raise ArticleError(source, f"--published {text!r}: unknown time zone {written!r}")
    resolved = _zones.zone_of(on or day, hour, minute, written, fallback)
    assert resolved is not None  # fallback is the first update's zone at worst
    when, note = resolved
    if note is not None:
        notes.append(("--published", note))
    return when


# Letters that NFKD leaves whole: without these, "Łódź" would lose its first letter.
_NOT_DECOMPOSED = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
    }
)


def _slug(source: str) -> str:
    """A story id from a file name: ``Flood Story.txt`` → ``flood-story``."""
    if source == "<memory>":
        return "story"
    stem = unicodedata.normalize("NFKD", PurePath(source).stem.translate(_NOT_DECOMPOSED))
    stem = stem.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "story"
