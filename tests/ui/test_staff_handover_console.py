"""After a handover at set-up, the staff console is not the visitor's.

Staff press Start, hand her the keyboard and look away (as the screen asks). Before, the
set-up's Back, then "Back to the staff menu", gave whoever held the keyboard the staff console
signed in as that staff member: vault care (a name oracle and Delete), Staff accounts (a new
account of their own), Leave the kiosk. Someone posing as a new visitor needed no passphrase.
Now the console asks for a staff sign-in again before it is anyone's; anything else signs
staff out."""

from __future__ import annotations

from textual.pilot import Pilot

from kiosk.ui.screens.common.welcome import WelcomeScreen
from kiosk.ui.screens.staff.menu import StaffMenuScreen
from kiosk.ui.screens.staff.provision import ProvisionScreen
from kiosk.ui.screens.vault.setup import VaultSetupScreen
from tests.ui.conftest import STAFF, Kiosk
from tests.ui.helpers import settle
from tests.ui.staff_fixtures import click_and_fill, sign_in_by_mouse


async def _handed_over_and_back(pilot: Pilot[None]) -> None:
    """Staff start a set-up and hand over; she presses Back at once: staff's screen again."""
    await sign_in_by_mouse(pilot)
    await pilot.click("#provision")
    await pilot.click("#hand-over")
    await pilot.click("#visitor-start")
    await settle(pilot)
    assert isinstance(pilot.app.screen, VaultSetupScreen)
    await pilot.click("#back")  # hers: leaves the set-up
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProvisionScreen)


def _console_open(pilot: Pilot[None]) -> bool:
    return any(isinstance(screen, StaffMenuScreen) for screen in pilot.app.screen_stack[-1:])


async def test_whoever_has_the_keyboard_after_a_handover_must_sign_in(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _handed_over_and_back(pilot)
        await pilot.click("#done")  # "Back to the staff menu", pressed by her
        await settle(pilot)
        assert not _console_open(pilot)
        assert app.screen.query("#passphrase")  # a staff sign-in, not the menu
        # She cannot sign in, and goes back: staff are signed out, the console is gone.
        await pilot.click("#back")
        await settle(pilot)
        assert not any(
            isinstance(screen, StaffMenuScreen | ProvisionScreen) for screen in app.screen_stack
        )
        assert isinstance(app.screen, WelcomeScreen)
        assert app.idle_limit_seconds == kiosk.config.session.idle_lock_seconds


async def test_set_up_another_asks_too(kiosk: Kiosk) -> None:
    """Else she starts set-ups herself: trying names of her choosing ("That name is taken"),
    and Back from there gave the menu as well."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _handed_over_and_back(pilot)
        await pilot.click("#again")
        await settle(pilot)
        assert app.screen.query("#passphrase")
        await click_and_fill(pilot, "#staff-name", STAFF[0])
        await click_and_fill(pilot, "#passphrase", STAFF[1])
        await pilot.click("#sign-in")
        await settle(pilot)
        assert isinstance(app.screen, ProvisionScreen)
        await pilot.click("#back")  # signed in again since the handover: straight back
        await settle(pilot)
        assert isinstance(app.screen, StaffMenuScreen)


async def test_the_staff_member_signs_in_again_and_has_the_menu_back(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _handed_over_and_back(pilot)
        await pilot.click("#done")
        await settle(pilot)
        await click_and_fill(pilot, "#staff-name", STAFF[0])
        await click_and_fill(pilot, "#passphrase", STAFF[1])
        await pilot.click("#sign-in")
        await settle(pilot)
        assert isinstance(app.screen, StaffMenuScreen)
        assert app.idle_limit_seconds == app.config.staff_idle_seconds()
