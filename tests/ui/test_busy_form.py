"""A form at work (the PIN being checked): its fields, buttons and on-screen keys are greyed
out and inert, switched in a handful of restyles rather than one for every key."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Button, Input

from kiosk.ui.screens.vault.unlock import UnlockScreen
from kiosk.ui.widgets.keyboard import KeyArea, LetterKeyboard
from kiosk.ui.widgets.pin_pad import PinPad
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle, until
from tests.ui.on_screen_keys import click_pad


async def open_unlock(pilot: Pilot[None]) -> UnlockScreen:
    """Enter on the welcome screen: the unlock form, its name field focused."""
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, UnlockScreen))
    screen = pilot.app.screen
    assert isinstance(screen, UnlockScreen)
    return screen


async def test_a_busy_form_greys_out_its_keys_and_ignores_them(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_unlock(pilot)
        await pilot.click("#pin")
        await settle(pilot)
        pin = screen.query_one("#pin", Input)

        screen.set_busy(True)
        await settle(pilot)
        keys = list(screen.query_one(KeyArea).query(Button))
        assert keys and all(key.is_disabled and key.has_pseudo_class("disabled") for key in keys)
        assert screen.query_one(LetterKeyboard).is_disabled
        assert screen.query_one(PinPad).is_disabled
        assert all(field.is_disabled for field in screen.query(Input))
        assert await click_pad(pilot, "1")
        await settle(pilot)
        assert pin.value == ""

        screen.set_busy(False)
        await settle(pilot)
        assert not any(key.is_disabled for key in keys)
        assert await click_pad(pilot, "1")
        await settle(pilot)
        assert pin.value == "1"


async def test_going_busy_restyles_the_form_a_few_times_not_once_a_key(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_unlock(pilot)
        restyles: list[object] = []
        update_nodes = app.stylesheet.update_nodes

        def counted(*args: object, **kwargs: object) -> None:
            restyles.append(args)
            update_nodes(*args, **kwargs)  # type: ignore[arg-type]

        app.stylesheet.update_nodes = counted  # type: ignore[method-assign]
        screen.set_busy(True)
        screen.set_busy(False)
        app.stylesheet.update_nodes = update_nodes  # type: ignore[method-assign]
        # Two fields, three buttons and the key area, each way; before, each key of the PIN pad
        # (and, while the letter keyboard was made of Buttons, each of its 40) was switched and
        # restyled on its own.
        assert len(restyles) <= 2 * 6, len(restyles)
