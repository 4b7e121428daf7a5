"""A session that follows another starts on the neutral screen and holds it: keys pressed in
panic go nowhere, exit keys never bring anything back, and only a key after the hold shows
the welcome screen (the key itself does nothing there)."""

from __future__ import annotations

import time

from textual import events

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.common.backdrop import BackdropScreen
from kiosk.ui.screens.common.welcome import WelcomeScreen
from tests.ui.conftest import Kiosk

HOLD = 5.0


def holding(app: KioskApp) -> bool:
    return type(app.screen) is BackdropScreen and len(app.screen_stack) == 1


async def test_keys_during_the_hold_are_dropped_and_a_key_after_it_shows_the_welcome(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    app = type(app)(app.config, app.services, app.clock, neutral_hold=HOLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert holding(app)
        await pilot.press("enter", "space", "a", "tab", "enter")
        kiosk.clock.advance(HOLD - 0.5)
        await pilot.press("enter")
        assert holding(app)
        kiosk.clock.advance(1.0)
        # Exit keys and gestures pressed again after the hold still bring nothing back.
        await pilot.press("f12", "escape", "left_shift")
        assert holding(app)
        await pilot.press("enter")
        assert isinstance(app.screen, WelcomeScreen)
        # The waking key did not act on the welcome screen (Enter would open the vault's).
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.return_code is None


async def test_a_first_session_shows_the_welcome_at_once(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_after_the_hold_a_press_of_the_screen_shows_the_welcome(kiosk: Kiosk) -> None:
    app = kiosk.app()
    app = type(app)(app.config, app.services, app.clock, neutral_hold=HOLD)

    async def press_screen() -> None:
        # As the driver sends a mouse press or a touch to the App (pilot.click goes round it).
        app.post_message(events.MouseDown(None, 40, 12, 0, 0, 1, False, False, False, 40, 12))
        await pilot.pause()

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_screen()
        assert holding(app)
        kiosk.clock.advance(HOLD + 0.1)  # a press read after the hold (not at its last instant)
        await press_screen()
        assert isinstance(app.screen, WelcomeScreen)


async def test_a_key_read_during_the_hold_stays_dropped_when_it_is_handled_after_it(
    kiosk: Kiosk,
) -> None:
    """Keys wait in the App's queue while it is busy (its first frame, on a loaded machine):
    one read from the terminal during the hold is dropped even if its turn comes after it."""
    app = kiosk.app()
    app = type(app)(app.config, app.services, app.clock, neutral_hold=HOLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        kiosk.clock.advance(HOLD + 0.5)
        read_during_the_hold = events.Key("enter", "\r")
        read_during_the_hold.time = time.monotonic() - 2.0  # read 2 s ago, 1.5 s before its end
        app.post_message(read_during_the_hold)
        await pilot.pause()
        assert holding(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
