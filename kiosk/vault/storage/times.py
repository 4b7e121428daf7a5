"""How a moment is kept in a vault: a UTC instant, plus the UTC offset the visitor saw.

The instant orders and compares rows whatever the kiosk's clock zone was; the offset lets
whoever shows the time show it as the visitor saw it on the screen, even after the kiosk's
zone (or daylight saving) has changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

# SQLite tables check the offset against this too (CHECK in the migrations).
MAX_OFFSET_MINUTES = 18 * 60
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_UTC_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def stored_time(when: dt.datetime) -> tuple[str, int]:
    """``(UTC instant as ISO-8601 with Z, offset in minutes)`` for an aware ``when``."""
    offset = when.utcoffset()
    if offset is None:
        raise ValueError("a stored time needs the offset the visitor saw")
    minutes = round(offset.total_seconds() / 60)
    if abs(minutes) > MAX_OFFSET_MINUTES:
        raise ValueError("no clock zone is that far from UTC")
    return when.astimezone(dt.UTC).strftime(_UTC_FORMAT), minutes


def shown_time(utc: str, offset_minutes: int) -> dt.datetime:
    """The stored moment as an aware time in the offset the visitor saw."""
    # fromisoformat, after a check of the exact stored shape, is ten times faster than
    # strptime: the diary's list reads thousands of these at once.
    if not _UTC_SHAPE.fullmatch(utc):
        raise ValueError(f"not a stored UTC time: {utc!r}")
    try:
        return dt.datetime.fromisoformat(utc).astimezone(_zone(offset_minutes))
    except OverflowError:
        # 9999-12-31T23:59:59Z seen at +14:00 is in a year no calendar here has.
        raise ValueError(f"no such time at offset {offset_minutes}: {utc!r}") from None


@functools.lru_cache(maxsize=64)
def _zone(offset_minutes: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(minutes=offset_minutes))


def local_time_as_seen(text: str) -> dt.datetime:
    """An older vault's local wall-clock time (``2026-09-21 10:00`` or ``2026-09-21``) read in
    the kiosk's own zone, which is the zone the visitor saw it in; ValueError if it is not one.

    The wall time is what she saw, so it is always kept. In the hour repeated when clocks go
    back it is the first of the two; in the hour skipped when they go forward (which the
    zone, changed since, may not have had then) it takes the offset in force before the gap.
    """
    naive = dt.datetime.fromisoformat(text.strip())
    if naive.tzinfo is not None:
        return naive
    readings = [naive.replace(fold=fold).astimezone() for fold in (0, 1)]
    for aware in readings:
        if aware.replace(tzinfo=None, fold=0) == naive:
            return aware
    # A gap: the offset grows across it, so the one before is the smaller of the two.
    before = min(offset for aware in readings if (offset := aware.utcoffset()) is not None)
    return naive.replace(tzinfo=dt.timezone(before))
