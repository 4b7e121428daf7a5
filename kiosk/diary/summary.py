"""The course-of-conduct summary's months: every month from the first to the latest, zeros
included, so a chart shows the gaps and the escalation as they were."""

from __future__ import annotations


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


# A century of months. A diary spanning more holds a date typed wrong (0026 for 2026) or a
# file's: filling every month from year 1 to 9999 made 1.2 million of them to draw.
MAX_FILLED_MONTHS = 1200


def every_month(counts: dict[str, int]) -> dict[str, int]:
    """``counts`` by "YYYY-MM", with the months in between that have none added as 0; over
    more than ``MAX_FILLED_MONTHS``, only the months that have entries, in order."""
    if not counts:
        return {}
    first, latest = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    span = (int(latest[:4]) - year) * 12 + int(latest[5:7]) - month + 1
    if span > MAX_FILLED_MONTHS:
        return dict(sorted(counts.items()))
    months: dict[str, int] = {}
    while (key := month_key(year, month)) <= latest:
        months[key] = counts.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
