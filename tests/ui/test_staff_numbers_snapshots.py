"""The numbers and staff log screens at 80x24, compared with the reviewed snapshots in
tests/ui/__snapshots__/test_staff_numbers_snapshots/."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from kiosk.ui.screens.staff.audit_log import StaffLogScreen
from kiosk.ui.screens.staff.numbers import CentreNumbersScreen
from tests.ui.conftest import Kiosk
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.staff_numbers_fixtures import (  # noqa: F401 (stick: a fixture)
    fill_log,
    fill_numbers,
    open_staff_screen,
    stick,
)


async def _numbers_week(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, CentreNumbersScreen)


async def _numbers_month(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, CentreNumbersScreen)
    await pilot.click("#period-30")


async def _numbers_year(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, CentreNumbersScreen)
    await pilot.click("#period-12")
    await pilot.click("#numbers-tally")


async def _numbers_save(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, CentreNumbersScreen)
    await pilot.click("#numbers-save")


async def _staff_log(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, StaffLogScreen)


STEPS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "numbers-week": _numbers_week,
    "numbers-month": _numbers_month,
    "numbers-year": _numbers_year,
    "numbers-save": _numbers_save,
    "staff-log": _staff_log,
}


@pytest.mark.usefixtures("stick")
@pytest.mark.parametrize("screen", list(STEPS))
def test_staff_numbers_screen(kiosk: Kiosk, screen: str, snap_compare: Callable[..., bool]) -> None:
    fill_numbers(kiosk)
    fill_log(kiosk)

    async def run_before(pilot: Pilot[None]) -> None:
        await STEPS[screen](pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    assert snap_compare(kiosk.app(), terminal_size=(80, 24), run_before=run_before)
