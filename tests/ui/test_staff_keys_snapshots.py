"""The staff console's on-screen keys shown at 80x24 (snapshots in
tests/ui/__snapshots__/test_staff_keys_snapshots/), and every control still reachable with
them shown: the keys sit beside or under the field being typed, never over it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.staff.numbers import CentreNumbersScreen
from tests.ui.conftest import Kiosk
from tests.ui.directory_care_fixtures import care_app, centre_folder, open_care
from tests.ui.helpers import settle
from tests.ui.on_screen_keys import click_keys
from tests.ui.reach_checks import unreachable_even_by_scrolling
from tests.ui.staff_numbers_fixtures import fill_numbers, open_staff_screen


async def correcting_the_hours(pilot: Pilot[None]) -> None:
    """The correction form with its keys shown, the signs page turned to, in the hours."""
    await open_care(pilot)
    await pilot.click("#care-entries", offset=(10, 1))
    await pilot.click("#correct")
    await settle(pilot)
    await pilot.click("#entry-keys")
    await pilot.click("#entry-hours", offset=(40, 1))
    await click_keys(pilot, "!")


async def numbers_dates(pilot: Pilot[None]) -> None:
    """The numbers with their keys shown under the dates, the first day half typed."""
    await open_staff_screen(pilot, CentreNumbersScreen)
    await pilot.click("#numbers-keys")
    await pilot.click("#numbers-from")
    await click_keys(pilot, "2026-0")


async def capitals_at_sign_in(pilot: Pilot[None]) -> None:
    """Sign-in with the capitals page turned to (the passphrase masked as ever)."""
    await pilot.click("#staff")
    await click_keys(pilot, "S")
    await pilot.click("#passphrase")
    await click_keys(pilot, "aB")


STEPS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "entry-keys": correcting_the_hours,
    "numbers-keys": numbers_dates,
    "sign-in-capitals": capitals_at_sign_in,
}


def _app(kiosk: Kiosk, tmp_path: Path) -> KioskApp:
    fill_numbers(kiosk)
    return care_app(kiosk, centre_folder(tmp_path))


@pytest.mark.parametrize("step", list(STEPS))
def test_staff_keys_screen(
    kiosk: Kiosk, tmp_path: Path, step: str, snap_compare: Callable[..., bool]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await STEPS[step](pilot)
        await settle(pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    assert snap_compare(_app(kiosk, tmp_path), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("step", list(STEPS))
async def test_with_the_keys_shown_everything_is_reachable(
    kiosk: Kiosk, tmp_path: Path, step: str
) -> None:
    app = _app(kiosk, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await STEPS[step](pilot)
        await settle(pilot)
        typed_into = app.focused
        assert isinstance(typed_into, Input)
        # The field being typed is wholly on the screen, not under the keys.
        assert app.screen.get_widget_at(*typed_into.region.offset)[0] is typed_into
        assert await unreachable_even_by_scrolling(pilot) == []
