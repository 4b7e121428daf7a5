"""The course-of-conduct summary's months: every month from the first to the latest, zeros
included, so a chart shows the gaps and the escalation as they were."""

from __future__ import annotations


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def every_month(counts: dict[str, int]) -> dict[str, int]:
    """``counts`` by "YYYY-MM", with the months in between that have none added as 0."""
    if not counts:
        return {}
    first, latest = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    months: dict[str, int] = {}
    while (key := month_key(year, month)) <= latest:
        months[key] = counts.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
