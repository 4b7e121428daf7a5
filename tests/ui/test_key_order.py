"""Keys reach the widget that has focus when each one is read, in order, even in a burst.

``pilot.press`` waits for the app to settle after every key, which is how a slow typist's keys
arrive. A fast typist, or a paste from a barcode reader, hands the terminal driver many keys in
one read; the driver posts them all to the App at once. These tests do the same.
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.ui.app import KioskApp
from kiosk.ui.key_order import app_is_busy
from kiosk.ui.screens.vault.unlock import UnlockScreen
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import settle, until

CHARACTERS = {"tab": "\t", "enter": "\r", "minus": "-"}


def burst(pilot: Pilot[None], keys: list[str]) -> None:
    """Post every key to the App without waiting in between, as the driver does for one read."""
    app = pilot.app
    for key in keys:
        character = key if len(key) == 1 else CHARACTERS.get(key)
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[str]:
    return ["minus" if ch == "-" else ch for ch in text]


async def test_name_tab_pin_enter_in_one_burst_opens_the_vault(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, UnlockScreen)
        burst(pilot, [*typed(NAME), "tab", *PIN, "enter"])
        # Before the vault opens: the name field holds the name only, the PIN is in its field.
        # The keys are handed on one at a time as the app settles (on a loaded machine none may
        # have landed after one pause): wait for the PIN to be typed, or the vault screen.
        await until(
            pilot,
            lambda: (
                not isinstance(app.screen, UnlockScreen)
                or any(
                    len(pin.value) == len(PIN) for pin in app.screen.query("#pin").results(Input)
                )
            ),
            limit=10,
        )
        if isinstance(app.screen, UnlockScreen):
            assert app.screen.query_one("#vault-name", Input).value == NAME
        # Each key of the burst is handed on once the one before has settled; the last, Enter,
        # starts the unlock: wait for the vault rather than for a fixed number of turns.
        await until(pilot, lambda: isinstance(app, KioskApp) and app.vault is not None, limit=20)
        assert isinstance(app, KioskApp) and app.visit_name == NAME


async def test_a_burst_from_the_welcome_screen_follows_the_screens_it_opens(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        # Enter opens the unlock screen; the name that follows must land in its name field.
        burst(pilot, ["enter", *typed(NAME), "tab", *PIN])
        # Every key handled (on a loaded machine that takes more than a fixed pause, so wait for
        # the last one to show): then each must have landed where it belongs.
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, UnlockScreen)
                # query, not query_one: the screen may still be composing its fields
                and any(
                    len(pin.value) == len(PIN) for pin in app.screen.query("#pin").results(Input)
                )
            ),
            limit=10,
        )
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#vault-name", Input).value == NAME
        assert app.screen.query_one("#pin", Input).value == PIN
        assert app.focused is app.screen.query_one("#pin", Input)


async def test_keys_typed_straight_after_a_click_that_opens_a_screen_reach_that_screen(
    kiosk: Kiosk,
) -> None:
    """A click on "Open my vault" and the name typed at once, in one read (a visitor with one
    hand on the mouse and one on the keys, or a touch screen and a barcode-style paste): the
    first letters went to the welcome screen, which was still on show, and were lost."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        button = app.screen.query_one("#open-vault")
        x, y = button.region.center
        for press in (events.MouseDown, events.MouseUp):
            app.post_message(press(None, x, y, 0, 0, 1, False, False, False, x, y))
        burst(pilot, typed(NAME))
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, UnlockScreen)
                # query, not query_one: the screen may still be composing its fields
                and [name.value for name in app.screen.query("#vault-name").results(Input)]
                == [NAME]
            ),
            limit=10,
        )


async def test_a_covered_screen_waiting_for_its_refresh_holds_no_key(kiosk: Kiosk) -> None:
    """A screen covered before its first frame keeps its after-refresh callbacks until it is
    shown again: the keys did not wait for them (each was held for the whole settle limit)."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app, KioskApp) and isinstance(app.screen, UnlockScreen)
        await settle(pilot)
        assert not app_is_busy(app)
        welcome = app.screen_stack[-2]
        welcome._callbacks.append((lambda: None, app))
        assert not app_is_busy(app)
        app.screen._callbacks.append((lambda: None, app))
        assert app_is_busy(app)
        app.screen._callbacks.clear()
        welcome._callbacks.clear()
