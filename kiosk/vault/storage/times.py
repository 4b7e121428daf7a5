"""How a moment is kept in a vault: a UTC instant, plus the UTC offset the visitor saw.

The instant orders and compares rows whatever the kiosk's clock zone was; the offset lets
whoever shows the time show it as the visitor saw it on the screen, even after the kiosk's
zone (or daylight saving) has changed.
"""

from __future__ import annotations

import datetime as dt

# SQLite tables check the offset against this too (CHECK in the migrations).
MAX_OFFSET_MINUTES = 18 * 60
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


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
    instant = dt.datetime.strptime(utc, _UTC_FORMAT).replace(tzinfo=dt.UTC)
    return instant.astimezone(dt.timezone(dt.timedelta(minutes=offset_minutes)))


def local_time_as_seen(text: str) -> dt.datetime:
    """An older vault's local wall-clock time (``2026-09-21 10:00`` or ``2026-09-21``) read in
    the kiosk's own zone, which is the zone the visitor saw it in; ValueError if it is not one."""
    naive = dt.datetime.fromisoformat(text.strip())
    if naive.tzinfo is not None:
        return naive
    return naive.astimezone()
