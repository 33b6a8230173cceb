"""Time zones for importers: zone names as newsrooms write them, IANA zones, and times stored
without an offset.

Marked articles name zones the way newsrooms write them (``EST``, ``ET``, ``GMT``); databases of
news-edit trackers store times without an offset. Both end here as aware datetimes, with a note
when a reading is a choice the user should know about.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from revtrack.story import instant

__all__ = [
    "FIXED",
    "REGIONS",
    "UTC_NAMES",
    "aware",
    "before",
    "known",
    "naive_note",
    "parse_zone",
    "reading",
    "utc_offset",
    "zone_of",
]

# Fixed-offset abbreviations (hours east of UTC), and the region whose season decides them.
# CST is the U.S. one (not China's); IST (India, Ireland, Israel) is left out as ambiguous.
FIXED: dict[str, tuple[float, str]] = {
    "EST": (-5, "America/New_York"),
    "EDT": (-4, "America/New_York"),
    "CST": (-6, "America/Chicago"),
    "CDT": (-5, "America/Chicago"),
    "MST": (-7, "America/Denver"),
    "MDT": (-6, "America/Denver"),
    "PST": (-8, "America/Los_Angeles"),
    "PDT": (-7, "America/Los_Angeles"),
    "AST": (-4, "America/Halifax"),
    "ADT": (-3, "America/Halifax"),
    "AKST": (-9, "America/Anchorage"),
    "AKDT": (-8, "America/Anchorage"),
    "HST": (-10, "Pacific/Honolulu"),
    "BST": (1, "Europe/London"),
    "WET": (0, "Europe/Lisbon"),
    "WEST": (1, "Europe/Lisbon"),
    "CET": (1, "Europe/Paris"),
    "CEST": (2, "Europe/Paris"),
    "EET": (2, "Europe/Athens"),
    "EEST": (3, "Europe/Athens"),
    "MSK": (3, "Europe/Moscow"),
    "HKT": (8, "Asia/Hong_Kong"),
    "SGT": (8, "Asia/Singapore"),
    "JST": (9, "Asia/Tokyo"),
    "KST": (9, "Asia/Seoul"),
    "AWST": (8, "Australia/Perth"),
    "ACST": (9.5, "Australia/Adelaide"),
    "ACDT": (10.5, "Australia/Adelaide"),
    "AEST": (10, "Australia/Sydney"),
    "AEDT": (11, "Australia/Sydney"),
    "NZST": (12, "Pacific/Auckland"),
    "NZDT": (13, "Pacific/Auckland"),
}
# Used all year round (wire services write GMT in summer too), so never out of season.
UTC_NAMES = frozenset({"UTC", "GMT", "Z"})
# Zones named by region alone: the offset follows the season there.
REGIONS = {
    "ET": "America/New_York",
    "EASTERN": "America/New_York",
    "CT": "America/Chicago",
    "CENTRAL": "America/Chicago",
    "MT": "America/Denver",
    "MOUNTAIN": "America/Denver",
    "PT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
}


def known(zone: str | None) -> bool:
    return zone in FIXED or zone in REGIONS or zone in UTC_NAMES


def zone_of(
    day: date, hour: int, minute: int, zone: str | None, tz: tzinfo | None
) -> tuple[datetime, str | None] | None:
    """The aware time on *day*, and a note when a fixed zone is out of season; None without a zone."""
    naive = datetime.combine(day, time(hour, minute))
    if zone in UTC_NAMES:
        return naive.replace(tzinfo=UTC), None
    if zone in REGIONS:
        return naive.replace(tzinfo=ZoneInfo(REGIONS[zone])), None
    if zone in FIXED:
        hours, region = FIXED[zone]
        fixed = timezone(timedelta(hours=hours), zone)
        local = naive.replace(tzinfo=ZoneInfo(region))
        note = None
        if local.utcoffset() != fixed.utcoffset(None):
            place = region.split("/")[-1].replace("_", " ")
            note = (
                f"{zone!r} on {day.isoformat()}, when {place} observes {local.tzname()}; "
                f"using {zone} ({utc_offset(fixed.utcoffset(None))}) as written"
            )
        return naive.replace(tzinfo=fixed), note
    if tz is not None:
        return naive.replace(tzinfo=tz), None
    return None


def reading(local: datetime, after: datetime | None) -> tuple[datetime, str | None]:
    """*local* as an instant: where its zone put clocks forward (a time that never showed) or back
    (a time that showed twice), the earliest of its two readings not before *after* (the update
    before it), with a note saying so."""
    first, second = sorted((local.replace(fold=0), local.replace(fold=1)), key=instant)
    if first.utcoffset() == second.utcoffset():
        return local, None
    when = first if after is None or not before(first, after) else second
    try:
        shown = when.astimezone(UTC).astimezone(when.tzinfo)
    except OverflowError:  # within hours of year 1 or 10000: leave it as written
        return local, None
    if shown.replace(tzinfo=None) != when.replace(tzinfo=None):
        how = f"does not exist in {when.tzinfo} (clocks were put forward): read as {shown:%H:%M %Z}"
        when = shown  # the same instant, as the clocks showed it
    else:
        which = "first" if when is first else "second"
        how = f"shows twice in {when.tzinfo} (clocks were put back): read as the {which}, {when:%H:%M %Z}"
    return when, f"{local:%H:%M} on {local.date().isoformat()} {how}"


def utc_offset(delta: timedelta | None) -> str:
    assert delta is not None
    total = int(delta.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    return f"UTC{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def before(a: datetime, b: datetime) -> bool:
    """Whether *a* is earlier than *b*, in UTC: two times in one zone would be compared by their
    clock reading, wrong across a daylight-saving change."""
    return instant(a) < instant(b)


def parse_zone(name: str) -> tzinfo:
    """A zone given by the user (``--tz``): an IANA name (``America/New_York``), ``UTC``, or a fixed
    offset (``+05:30``, ``-0400``).

    Raises:
        ValueError: none of these, in one line that says what is expected.
    """
    text = name.strip()
    if text.upper() in ("UTC", "Z", "GMT"):
        return UTC
    fixed = _OFFSET.fullmatch(text)
    if fixed is not None:
        sign = -1 if fixed["sign"] == "-" else 1
        delta = timedelta(hours=int(fixed["hours"]), minutes=int(fixed["minutes"] or 0))
        if delta >= timedelta(hours=24):
            raise ValueError(f"unknown time zone {name!r}: an offset is less than 24 hours")
        return timezone(sign * delta)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like America/New_York, or an offset like +05:30)"
        ) from None


_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>[0-9]{2}):?(?P<minutes>[0-9]{2})?")


def aware(when: datetime, zone: tzinfo) -> datetime:
    """*when* with *zone* when it has no offset of its own; a time that shows twice in *zone*
    (clocks put back) is read as the first, one that never showed (clocks put forward) as the
    same instant as the clocks showed it."""
    if when.tzinfo is not None and when.utcoffset() is not None:
        return when
    local = when.replace(tzinfo=zone, fold=0)
    try:
        return local.astimezone(UTC).astimezone(zone)
    except OverflowError:  # within hours of year 1 or 10000: as written
        return local


def naive_note(count: int, zone: tzinfo) -> str:
    """What every importer notes of the *count* times its source gave without a UTC offset."""
    times = "time" if count == 1 else "times"
    return f"{count} {times} without a UTC offset read in {zone} (--tz to change)"
