"""The centre's numbers and the staff log as CSV, for funders and for the centre's records;
and the numbers as a calendar (every day or month of a period, with its totals), for the
chart on screen.

A cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe: a staff account's name or a detail is
text typed by someone, and must stay text in a funder's spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.staff.audit import AuditRecord
from kiosk.staff.numbers import DayCounts, Tally

# Ten years and a bit: a longer period is a typing mistake (year 0206 for 2026).
MAX_DAYS = 3700
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class PeriodTotals:
    """One row of a calendar: a day, or a month (``start`` its first day)."""

    start: dt.date
    counts: dict[Tally, int]


class PeriodTooLong(ValueError):
    pass


def every_day(counted: Sequence[DayCounts], start: dt.date, end: dt.date) -> list[PeriodTotals]:
    """Each day from ``start`` to ``end``, with zeros for a day nothing was counted."""
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodTooLong(f"at most {MAX_DAYS} days")
    by_day = {d.day: d.counts for d in counted}
    zeros = dict.fromkeys(Tally, 0)
    days = []
    day = start
    while day <= end:
        days.append(PeriodTotals(day, dict(by_day.get(day, zeros))))
        day += dt.timedelta(days=1)
    return days


def by_month(days: Iterable[PeriodTotals]) -> list[PeriodTotals]:
    """The days added up per calendar month, oldest first."""
    months: dict[dt.date, dict[Tally, int]] = {}
    for day in days:
        totals = months.setdefault(day.start.replace(day=1), dict.fromkeys(Tally, 0))
        for tally, count in day.counts.items():
            totals[tally] += count
    return [PeriodTotals(start, counts) for start, counts in sorted(months.items())]


def totals(rows: Iterable[PeriodTotals]) -> dict[Tally, int]:
    summed = dict.fromkeys(Tally, 0)
    for row in rows:
        for tally, count in row.counts.items():
            summed[tally] += count
    return summed


def numbers_csv(days: Iterable[PeriodTotals]) -> bytes:
    """``day,visits,…``: a header, then one row per day."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["day", *(tally.value for tally in Tally)])
    for day in days:
        writer.writerow([day.start.isoformat(), *(day.counts.get(t, 0) for t in Tally)])
    return buffer.getvalue().encode("utf-8")


def log_csv(records: Iterable[AuditRecord]) -> bytes:
    """``record,day,staff,action,detail``: a header, then the records oldest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["record", "day", "staff", "action", "detail"])
    for record in records:
        writer.writerow(
            [
                record.seq,
                record.day,
                _text_cell(record.staff),
                record.action.value,
                _text_cell(record.detail),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _text_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
