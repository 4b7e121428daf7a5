"""Signing in to the staff console, and a stand-in staff area, for the staff console's tests."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import Button, Input

from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.staff.context import Handover, StaffContext
from tests.ui.conftest import STAFF
from tests.ui.helpers import fill, settle
from tests.ui.on_screen_keys import click_keys


async def sign_in_by_keys(pilot: Pilot[None], name: str = STAFF[0]) -> None:
    """From the welcome screen: Tab to Staff, then the name and passphrase, Enter after each."""
    await tab_to(pilot, "staff")
    await pilot.press("enter")
    await fill(pilot, name)
    await pilot.press("enter")
    await fill(pilot, STAFF[1])
    await pilot.press("enter")
    await settle(pilot)


async def sign_in_by_mouse(pilot: Pilot[None]) -> None:
    await pilot.click("#staff")
    await click_and_fill(pilot, "#staff-name", STAFF[0])
    await click_and_fill(pilot, "#passphrase", STAFF[1])
    await pilot.click("#sign-in")
    await settle(pilot)


async def click_and_fill(pilot: Pilot[None], field: str, text: str) -> None:
    """Click the field, then type ``text`` by clicking the on-screen keys (mouse alone)."""
    await pilot.click(field)
    assert pilot.app.focused is pilot.app.screen.query_one(field, Input)
    await click_keys(pilot, text)
    assert pilot.app.screen.query_one(field, Input).value == text


async def tab_to(pilot: Pilot[None], widget_id: str, limit: int = 30) -> None:
    """Tab until the control has the focus, as someone at the keyboard does."""
    for _ in range(limit):
        focused = pilot.app.focused
        if focused is not None and focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"#{widget_id} never took the focus by Tab")


class HandsOverScreen(KioskScreen[Handover | None]):
    """Stands in for a staff area that gives the visitor "I forgot my PIN" (the vaults
    stream's vault care), so the menu's handling of ``Handover`` is tested on this branch."""

    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self.staff = staff

    def compose_body(self) -> ComposeResult:
        yield Button("Hand over", id="hand-over")
        yield Button("Done", id="done")

    @on(Button.Pressed, "#hand-over")
    def _hand_over(self) -> None:
        self.dismiss(Handover.RECOVERY)

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.dismiss(None)
