"""The numbers screen's period and chart, as plain text: bars of block characters, read
without colour, at most ``WIDTH`` columns wide (80x24 with the screen's padding).

A period is shown per day when its days fit across, otherwise per month, otherwise per year.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from kiosk.i18n import _
from kiosk.i18n.formats import format_number
from kiosk.staff.export import PeriodTotals, by_month
from kiosk.staff.numbers import Tally
from kiosk.ui.wording import month_short

WIDTH = 74
HEIGHT = 7
_AXIS = 7  # "  1234 ┤"
_PARTS = " ▁▂▃▄▅▆▇█"


class Step(enum.Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @staticmethod
    def last_days(today: dt.date, days: int) -> Period:
        return Period(today - dt.timedelta(days=days - 1), today)

    @staticmethod
    def last_months(today: dt.date, months: int) -> Period:
        month_index = today.year * 12 + today.month - 1 - (months - 1)
        return Period(dt.date(month_index // 12, month_index % 12 + 1, 1), today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def step(self) -> Step:
        if self.days <= WIDTH - _AXIS:
            return Step.DAY
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return Step.MONTH if months * 2 <= WIDTH - _AXIS else Step.YEAR


def buckets(days: list[PeriodTotals], step: Step) -> list[PeriodTotals]:
    if step is Step.DAY:
        return days
    months = by_month(days)
    if step is Step.MONTH:
        return months
    years: dict[int, dict[Tally, int]] = {}
    for month in months:
        totals = years.setdefault(month.start.year, dict.fromkeys(Tally, 0))
        for tally, count in month.counts.items():
            totals[tally] += count
    return [PeriodTotals(dt.date(year, 1, 1), counts) for year, counts in sorted(years.items())]


def _label(start: dt.date, step: Step, slot: int) -> str:
    if step is Step.YEAR:
        return str(start.year)
    if step is Step.MONTH:
        return month_short(start.month) if slot >= 4 else month_short(start.month)[:1]
    if slot >= 7:
        return f"{start.day} {month_short(start.month)}"
    return str(start.day)


def draw(rows: list[PeriodTotals], tally: Tally, step: Step) -> str:
    """The bars for ``tally``, the scale on the left, and labels below."""
    values = [row.counts.get(tally, 0) for row in rows]
    top = max(values, default=0)
    if top == 0:
        return _("Nothing of this kind was counted in this period.")
    room = WIDTH - _AXIS
    slot = max(1, min(8, room // len(values)))
    bar = slot - 1 if slot >= 2 else 1
    eighths = [0 if v == 0 else max(1, round(v * HEIGHT * 8 / top)) for v in values]
    lines = []
    for row in range(HEIGHT - 1, -1, -1):
        scale = f"{format_number(top):>5} ┤" if row == HEIGHT - 1 else "      │"
        cells = []
        for filled in eighths:
            part = min(8, max(0, filled - row * 8))
            cells.append((_PARTS[part] * bar).ljust(slot))
        lines.append(scale + " " + "".join(cells).rstrip())
    lines.append("    0 └" + "─" * (slot * len(values) + 1))
    labels = _labels(rows, step, slot)
    lines.append("       " + " " + labels.rstrip())
    return "\n".join(lines)


def _labels(rows: list[PeriodTotals], step: Step, slot: int) -> str:
    """Labels under the bars, each under its own bar, left out where they would collide."""
    line = ""
    for index, row in enumerate(rows):
        label = _label(row.start, step, slot)
        position = index * slot
        if position >= len(line) + (1 if line else 0) and (
            step is not Step.DAY or slot >= 3 or index % 5 == 0 or index == len(rows) - 1
        ):
            line = line.ljust(position) + label
    return line
