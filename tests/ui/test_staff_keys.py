"""The staff console's full on-screen keyboard: everything it claims to type, typed by
pointing alone, with erase and OK on every page (the visitor's keyboard is unchanged)."""

from __future__ import annotations

import string

from textual.widgets import Input

from kiosk.ui.widgets.keyboard import CAPITAL_KEYS, KEYS, SIGN_KEYS
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle
from tests.ui.on_screen_keys import click_keys

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
        await pilot.click("#key-sign-done")  # OK on any page: on to the passphrase
        passphrase = app.screen.query_one("#passphrase", Input)
        assert app.focused is passphrase
        await click_keys(pilot, POINTABLE + "xY")
        await pilot.click("#key-cap-erase")  # erase on the capitals page too
        assert passphrase.value == POINTABLE + "x"
        assert app.screen.query_one("#staff-name", Input).value == "Sam"
