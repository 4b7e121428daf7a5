"""A kiosk with some weeks of counts and a few staff log records, and a way to open the
numbers and staff log screens as the staff menu does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.staff.audit import StaffAction
from kiosk.staff.numbers import Tally
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.staff.context import StaffContext
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle

DAY = 86_400.0
STAFF_NAME = "Sam"


@pytest.fixture
def stick(sticks: Path) -> Path:
    """One USB stick plugged in (``sticks``, tests/ui/save_place_fixtures.py): the one place
    a CSV is offered to be saved in."""
    folder = sticks / "CENTRE"
    folder.mkdir()
    return folder


def fill_numbers(kiosk: Kiosk, days: int = 40) -> None:
    """``days`` days of counts ending today, on the test's clock (which is put back)."""
    numbers = kiosk.services.numbers
    now = kiosk.clock.now
    for back in range(days, -1, -1):
        kiosk.clock.now = now - back * DAY
        numbers.count(Tally.VISITS, (back * 7) % 11 + 1)
        numbers.count(Tally.QUICK_EXITS, back % 3)
        numbers.count(Tally.SHEETS_HELPLINES, back % 4)
    kiosk.clock.now = now


def fill_log(kiosk: Kiosk, records: int = 30) -> None:
    audit = kiosk.services.audit
    now = kiosk.clock.now
    actions = list(StaffAction)
    for number in range(records):
        kiosk.clock.now = now - (records - number) * DAY
        action = actions[number % len(actions)]
        audit.record(action, ("Sam", "Alex Morgan", "Priya")[number % 3], f"{number + 1} sheets")
    kiosk.clock.now = now


async def open_staff_screen(pilot: Pilot[None], screen: Callable[..., Any]) -> Any:
    app = pilot.app
    assert isinstance(app, KioskApp)
    # The welcome screen draws first (pushed over before its first frame, its after-refresh
    # work waits for ever, and every settle() waits its limit out with it).
    await settle(pilot)
    opened = screen(app.kit, StaffContext(STAFF_NAME))
    app.push_screen(opened)
    await pilot.pause()
    return opened
