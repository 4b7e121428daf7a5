"""The staff console's full on-screen keyboard: everything it claims to type, typed by
pointing alone, with erase and OK on every page (the visitor's keyboard is unchanged)."""

from __future__ import annotations

import string

from textual.widgets import Input

from kiosk.ui.screens.staff.account_add import AddStaffAccountScreen
from kiosk.ui.screens.staff.account_remove import RemoveStaffAccountScreen
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.screens.staff.numbers import CentreNumbersScreen
from kiosk.ui.screens.staff.sign_in import StaffSignInScreen
from kiosk.ui.widgets.keyboard import CAPITAL_KEYS, KEYS, SIGN_KEYS, FullKeyboard
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle
from tests.ui.on_screen_keys import click_key, click_keys

# What DEPLOY.md says a passphrase typed by pointing can hold.
POINTABLE = string.ascii_letters + string.digits + string.punctuation + " £€"


def test_every_printable_ascii_sign_has_one_key() -> None:
    pages = KEYS + CAPITAL_KEYS + SIGN_KEYS
    assert set(POINTABLE) <= set(pages)
    assert len(set(SIGN_KEYS)) == len(SIGN_KEYS) <= len(KEYS)


async def test_a_passphrase_of_every_sign_is_typed_by_pointing(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#staff")
        await click_keys(pilot, "Sam")
        await pilot.click("#page-signs")
        await click_key(pilot, "done")  # OK on any page: on to the passphrase
        passphrase = app.screen.query_one("#passphrase", Input)
        assert app.focused is passphrase
        await click_keys(pilot, POINTABLE + "xY")
        assert app.screen.query_one(FullKeyboard).page == "capitals"
        await click_key(pilot, "erase")  # erase on the capitals page too
        assert passphrase.value == POINTABLE + "x"
        assert app.screen.query_one("#staff-name", Input).value == "Sam"


async def test_the_keys_stay_out_of_the_keyboard_path(kiosk: Kiosk) -> None:
    """Tab goes through the Exit control first and then each form's own controls, never
    through an on-screen key, a page button or Show keys (those are for pointing)."""
    staff = StaffContext("Sam")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screens = [
            StaffSignInScreen(app.kit),
            AddStaffAccountScreen(app.kit, staff),
            RemoveStaffAccountScreen(app.kit, staff, "Sam"),
            CentreNumbersScreen(app.kit, staff),
        ]
        for screen in screens:
            app.push_screen(screen)
            await settle(pilot)
            chain = [widget.id or "" for widget in screen.focus_chain]
            assert chain[0] == "exit-control", chain
            pointing_only = [
                widget
                for widget in chain
                if widget.startswith(("key-", "page-")) or widget.endswith("-keys")
            ]
            assert pointing_only == [], type(screen).__name__
            assert any(isinstance(w, Input) for w in screen.focus_chain)
            screen.dismiss(None)
            await settle(pilot)
