"""Marked articles: turn an article with inline update sections into a story.

Many newsrooms publish updates inline: the article grows sections that start
with a marker line such as ``UPDATE: 6:20pm EST:``, ``Update, 7:15 p.m. ET —``,
``UPDATED 20:15 GMT``, ``[Update 11:05 a.m.]`` or ``Updated at 9:40 p.m. PT:``.
:func:`import_marked` reads such an article back into its history: the base is
the article without its update sections, and each marker becomes an update at
its time, oldest first; the last revision is the article, byte for byte.

Rules:

* A marker is a line that starts (after an optional ``[`` or ``(``) with
  "update", "updated" or "updates" followed by punctuation or "at" and a time.
  A line that starts so but whose time cannot be read is an error, not text.
* Times are on ``date``; a time earlier than the one before it is on the next
  day (11:30pm, then 12:15am). A zone written in the marker wins over ``tz``;
  a zone that disagrees with the season (``EST`` on a date under daylight
  saving time) is kept as written, with a note.
* A footer after the last update section (a short last paragraph such as
  "Contact the author:" or "© 2020 …") was on the page all along: it is part of
  every revision, and the update sections are inserted before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from revtrack.errors import ArticleError
from revtrack.story import Story

__all__ = ["ImportResult", "Marker", "find_markers", "import_marked"]

# Fixed-offset abbreviations, and the region whose season decides them.
_ZONES: dict[str, tuple[float, str]] = {
    "EST": (-5, "America/New_York"),
    "EDT": (-4, "America/New_York"),
    "CST": (-6, "America/Chicago"),
    "CDT": (-5, "America/Chicago"),
    "MST": (-7, "America/Denver"),
    "MDT": (-6, "America/Denver"),
    "PST": (-8, "America/Los_Angeles"),
    "PDT": (-7, "America/Los_Angeles"),
    "AKST": (-9, "America/Anchorage"),
    "AKDT": (-8, "America/Anchorage"),
    "HST": (-10, "Pacific/Honolulu"),
    "GMT": (0, "Europe/London"),
    "BST": (1, "Europe/London"),
    "WET": (0, "Europe/Lisbon"),
    "WEST": (1, "Europe/Lisbon"),
    "CET": (1, "Europe/Paris"),
    "CEST": (2, "Europe/Paris"),
    "EET": (2, "Europe/Athens"),
    "EEST": (3, "Europe/Athens"),
    "MSK": (3, "Europe/Moscow"),
    "JST": (9, "Asia/Tokyo"),
    "AEST": (10, "Australia/Sydney"),
    "AEDT": (11, "Australia/Sydney"),
}
_UTC_NAMES = frozenset({"UTC", "Z"})
# Zones named by region alone: the offset follows the season there.
_GENERIC = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}

_CANDIDATE = re.compile(
    r"""^[ \t]*[\[(]?[ \t]*(?P<word>updated?|updates)\b
        (?=[ \t]*(?:[:,\u2014\u2013\-]|at\b|\d))""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
_TIME = re.compile(
    r"""[ \t]*(?:[:,\u2014\u2013\-][ \t]*)?(?:at[ \t]+)?
        (?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?
        (?:[ \t]*(?P<ampm>[ap])\.?[ \t]?m\b\.?)?
        (?:[ \t]*(?P<zone>[A-Za-z]{1,4})\b)?""",
    re.IGNORECASE | re.VERBOSE,
)
_FOOTER = re.compile(
    r"^(?:contact (?:the )?(?:author|reporter|writer)|email (?:the )?(?:author|reporter)|"
    r"write to |follow (?:us|the author)|©|\(c\)|copyright\b|related:|read more\b|more on this\b)",
    re.IGNORECASE,
)
_FOOTER_MAX = 300


@attrs.frozen
class Marker:
    """One update marker found in an article."""

    line: int
    """1-based line number."""
    offset: int
    """Where the marker line starts in the article."""
    label: str
    """The marker as written, without its closing punctuation."""
    hour: int
    minute: int
    zone: str | None


@attrs.frozen
class ImportResult:
    """The story read from a marked article, and notes worth telling the user."""

    story: Story
    markers: tuple[Marker, ...]
    notes: tuple[str, ...] = ()


def _label(text: str) -> str:
    return text.strip().strip("[]()").strip().rstrip(":,\u2014\u2013-").strip()


def find_markers(article: str, *, source: str = "<memory>") -> tuple[Marker, ...]:
    """Every update marker of *article*, in text order.

    Raises:
        ArticleError: a line starts like a marker but its time cannot be read.
    """
    markers = []
    for m in _CANDIDATE.finditer(article):
        line_no = article.count("\n", 0, m.start()) + 1
        line_end = article.find("\n", m.start())
        line = article[m.start() : line_end if line_end >= 0 else len(article)]
        t = _TIME.match(article, m.end(), line_end if line_end >= 0 else len(article))
        parsed = _marker_time(t) if t is not None else None
        if t is None or parsed is None:
            raise ArticleError(
                source, f"cannot read the time in update marker {line.strip()!r}", line=line_no
            )
        hour, minute, zone = parsed
        end = t.end("zone") if zone else _time_end(t)
        markers.append(Marker(line_no, m.start(), _label(article[m.start() : end]), hour, minute, zone))
    return tuple(markers)


def _marker_time(t: re.Match[str]) -> tuple[int, int, str | None] | None:
    """(hour, minute, zone) of a marker's time, or None when it is not a time."""
    hour = int(t.group("hour"))
    minute = int(t.group("minute") or 0)
    ampm = (t.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif t.group("minute") is None:
        return None  # a bare number ("Update 2") is not a time
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    zone = (t.group("zone") or "").upper()
    known = zone in _ZONES or zone in _GENERIC or zone in _UTC_NAMES
    return hour, minute, zone if known else None


def _time_end(t: re.Match[str]) -> int:
    """Where the time (without an unrecognised trailing word) ends."""
    for group in ("ampm", "minute", "hour"):
        if t.group(group) is not None:
            end = t.end(group)
            text = t.string
            # Include the dots of "p.m." after the letter.
            while end < len(text) and text[end] in ".mM" and group == "ampm":
                end += 1
            return end
    return t.end()


def _parse_time_of_day(value: str) -> tuple[int, int, str | None]:
    """``16:00``, ``4pm``, ``4:00 p.m. EST`` → (hour, minute, zone or None)."""
    t = _TIME.fullmatch(value.strip())
    if t is None:
        raise ValueError(value)
    hour = int(t.group("hour"))
    minute = int(t.group("minute") or 0)
    ampm = (t.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(value)
        hour = hour % 12 + (12 if ampm == "p" else 0)
    zone = (t.group("zone") or "").upper() or None
    if not (0 <= hour <= 23 and 0 <= minute <= 59) or (
        zone is not None and zone not in _ZONES and zone not in _GENERIC and zone not in _UTC_NAMES
    ):
        raise ValueError(value)
    return hour, minute, zone


def _resolve(
    day: date, hour: int, minute: int, zone: str | None, tz: tzinfo | None, where: str, notes: list[str]
) -> datetime | None:
    """The aware datetime of a time on *day*; None when no zone is known."""
    naive = datetime.combine(day, time(hour, minute))
    if zone in _UTC_NAMES:
        return naive.replace(tzinfo=UTC)
    if zone in _GENERIC:
        return naive.replace(tzinfo=ZoneInfo(_GENERIC[zone]))
    if zone in _ZONES:
        hours, region = _ZONES[zone]
        fixed = timezone(timedelta(hours=hours), zone)
        seasonal = naive.replace(tzinfo=ZoneInfo(region)).utcoffset()
        if seasonal != fixed.utcoffset(None):
            actual = naive.replace(tzinfo=ZoneInfo(region)).tzname()
            notes.append(
                f"{where}: {zone!r} on {day.isoformat()}, when {region.split('/')[-1].replace('_', ' ')} "
                f"observes {actual}; using {zone} ({_offset(fixed.utcoffset(None))}) as written"
            )
        return naive.replace(tzinfo=fixed)
    if tz is not None:
        return naive.replace(tzinfo=tz)
    return None


def _offset(delta: timedelta | None) -> str:
    assert delta is not None
    total = int(delta.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    return f"UTC{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def _footer_start(article: str, after: int) -> int | None:
    """Where a footer paragraph after *after* starts (the last paragraph, short, footer-like)."""
    body = article.rstrip()
    cut = body.rfind("\n\n", after)
    if cut < 0:
        return None
    start = cut + 2
    while start < len(body) and body[start] in "\n\r \t":
        start += 1
    last = body[start:]
    if len(last) <= _FOOTER_MAX and _FOOTER.match(last):
        return start
    return None


def import_marked(
    article: str,
    *,
    date: date,
    tz: str | None = None,
    published: str | None = None,
    source: str = "<memory>",
    id: str = "story",  # noqa: A002 - the story file's name for it
    title: str | None = None,
) -> ImportResult:
    """Read a marked article into a story.

    Args:
        date: the date of the first marker (later times that go back in the
            day are on the following days).
        tz: an IANA zone (``America/New_York``) for times without a zone.
        published: when the original went out: a time on *date* (``16:00``,
            ``4pm``, ``4:00 p.m. EST``) or a full ISO 8601 timestamp. Without
            it, the original is dated at the first update's time (with a note).
        title: defaults to the article's first non-empty line.

    Raises:
        ArticleError: no markers, a marker whose time cannot be read, no time
            zone for a time, an unknown ``tz``, or an unreadable ``published``.
    """
    zone: tzinfo | None = None
    if tz is not None:
        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ArticleError(
                source, f"unknown time zone {tz!r} (use an IANA name like America/New_York)"
            ) from None
    markers = find_markers(article, source=source)
    if not markers:
        raise ArticleError(source, "no update markers found (looked for lines like 'UPDATE: 6:20pm EST:')")
    notes: list[str] = []
    times: list[datetime] = []
    day = date
    previous: datetime | None = None
    for marker in markers:
        where = f"line {marker.line}"
        when = _resolve(day, marker.hour, marker.minute, marker.zone, zone, where, notes)
        if when is None:
            raise ArticleError(
                source,
                f"update marker {marker.label!r} has no time zone: give --tz (e.g. --tz America/New_York)",
                line=marker.line,
            )
        while previous is not None and when < previous:  # past midnight
            day += timedelta(days=1)
            when = _resolve(day, marker.hour, marker.minute, marker.zone, zone, where, [])
            assert when is not None
        times.append(when)
        previous = when
    base_time = _published(published, date, zone, markers, times, source, notes)

    footer = _footer_start(article, markers[-1].offset)
    body_end = footer if footer is not None else len(article)
    # Earlier revisions end with the footer as the article separates it from its body.
    tail = article[len(article[:body_end].rstrip()) :] if footer is not None else ""
    ends = [m.offset for m in markers]
    texts = [article[:end].rstrip() + tail for end in ends]
    texts.append(article)
    if title is None:
        title = next((line.strip() for line in article.splitlines() if line.strip()), None)
    story = Story.from_texts(
        texts,
        [base_time, *times],
        id=id,
        title=title,
        labels=["Original", *(m.label for m in markers)],
    )
    return ImportResult(attrs.evolve(story, source=source), markers, tuple(notes))


def _published(
    published: str | None,
    day: date,
    zone: tzinfo | None,
    markers: Sequence[Marker],
    times: Sequence[datetime],
    source: str,
    notes: list[str],
) -> datetime:
    if published is None:
        notes.append(
            f"no --published time: the original is dated at the first update's ({markers[0].label!r})"
        )
        return times[0]
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        when = None
    if when is not None and when.tzinfo is not None:
        result = when
    else:
        try:
            hour, minute, written = _parse_time_of_day(published)
        except ValueError:
            raise ArticleError(
                source, f"--published {published!r} is neither a time (16:00, 4pm) nor an ISO 8601 timestamp"
            ) from None
        resolved = _resolve(day, hour, minute, written, zone, "--published", notes)
        if resolved is None:
            resolved = datetime.combine(day, time(hour, minute)).replace(tzinfo=times[0].tzinfo)
        result = resolved
    if result > times[0]:
        raise ArticleError(
            source,
            f"--published {published} is after the first update "
            f"({markers[0].label!r} at {times[0].isoformat()})",
        )
    return result
