"""The staff console by mouse alone, as a mouse or a touch screen really sends it: through the
App, as the terminal's driver does (Pilot's own clicks go straight to the screen that was
showing, so they never meet the screen a click brings up)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Input

from kiosk.ui.screens.common.dialogs import ConfirmDialog
from kiosk.ui.screens.staff.accounts import StaffAccountsScreen
from kiosk.ui.screens.staff.menu import StaffMenuScreen
from kiosk.ui.screens.staff.vault_care import VaultCareScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle
from tests.ui.staff_fixtures import sign_in_by_mouse

A_DOUBLE_TAP = 0.1  # seconds between its two taps
TWO_TAPS = 1.0  # seconds: a second, deliberate tap at the same place


async def tap(pilot: Pilot[None], x: int, y: int, at: float) -> None:
    """Press and release at (x, y), stamped ``at`` (the driver's clock): the App makes it a
    click, on whatever screen is showing when it arrives."""
    for kind in (events.MouseDown, events.MouseUp):
        event = kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
        event.time = at
        pilot.app.post_message(event)
    await settle(pilot)


async def double_tap_in_one_read(pilot: Pilot[None], x: int, y: int) -> float:
    """Both taps of a double tap at (x, y) handed to the App at once, as one read from the
    terminal brings them; returns the first tap's time."""
    first = events.MouseDown(None, 0, 0, 0, 0, 1, False, False, False).time
    for at in (first, first + A_DOUBLE_TAP):
        for kind in (events.MouseDown, events.MouseUp):
            event = kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
            event.time = at
            pilot.app.post_message(event)
    await settle(pilot)
    return first


async def tap_twice(pilot: Pilot[None], selector: str, apart: float) -> None:
    x, y = pilot.app.screen.query_one(selector).region.center
    first = events.MouseDown(None, 0, 0, 0, 0, 1, False, False, False).time
    await tap(pilot, x, y, first)
    await tap(pilot, x, y, first + apart)


async def test_a_double_tap_on_back_does_not_press_what_the_menu_has_there(
    kiosk: Kiosk,
) -> None:
    """Staff accounts' Back sits where the menu has Leave the kiosk: a double tap on Back
    asked to close the kiosk."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        assert await pilot.click("#accounts")
        assert isinstance(app.screen, StaffAccountsScreen)
        await tap_twice(pilot, "#back", A_DOUBLE_TAP)
        assert isinstance(app.screen, StaffMenuScreen)


async def test_a_double_tap_on_a_menu_entry_types_nothing_on_its_screen(kiosk: Kiosk) -> None:
    """A visitor's vault's letter keys sit under the menu's entry: a double tap typed one."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await tap_twice(pilot, "#vault-care", A_DOUBLE_TAP)
        assert isinstance(app.screen, VaultCareScreen)
        assert app.screen.query_one("#vault-name", Input).value == ""


async def test_a_double_tap_on_a_dialog_button_does_not_act_behind_it(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        assert await pilot.click("#leave-kiosk")
        assert isinstance(app.screen, ConfirmDialog)
        await tap_twice(pilot, "#no", A_DOUBLE_TAP)
        assert isinstance(app.screen, StaffMenuScreen)
        assert not app.kit.session.ending


async def test_a_deliberate_second_tap_at_the_same_place_is_taken(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        assert await pilot.click("#accounts")
        await tap_twice(pilot, "#back", TWO_TAPS)
        assert isinstance(app.screen, ConfirmDialog)  # the menu's Leave the kiosk, asked


async def test_a_double_tap_on_hand_over_keeps_the_look_away_page(kiosk: Kiosk) -> None:
    """The page asking staff to hand over has its Back where Hand over was."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        assert await pilot.click("#provision")
        await tap_twice(pilot, "#hand-over", A_DOUBLE_TAP)
        steps = app.screen.query_one("#provision-steps", ContentSwitcher)
        assert steps.current == "provision-hand-over"


async def test_the_chosen_period_shows_when_it_has_the_focus(kiosk: Kiosk) -> None:
    """The numbers screen opens with the focus on the chosen period, whose bold replaced the
    focus's reverse: nothing on screen said where the focus was."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        assert await pilot.click("#numbers")
        chosen = app.screen.query_one("#period-7")
        assert app.focused is chosen and chosen.has_class("chosen")
        focused_look = chosen.rich_style
        app.screen.query_one("#period-30").focus()
        await settle(pilot)
        assert focused_look.reverse, "the focus is shown as every other button shows it"
        assert not chosen.rich_style.reverse
        assert chosen.rich_style.bold  # still marked as the chosen one


async def test_a_double_tap_read_in_one_go_types_nothing_on_the_screen_it_opens(
    kiosk: Kiosk,
) -> None:
    """Both taps in one read from the terminal: the second waits its turn until the first has
    opened its screen, and is judged then, against what the first tap brought up."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        x, y = app.screen.query_one("#vault-care").region.center
        await double_tap_in_one_read(pilot, x, y)
        assert isinstance(app.screen, VaultCareScreen)
        assert all(not field.value for field in app.screen.query(Input))


class _CountingScreen(Screen[None]):
    """One button that stays where it is, and how often it was pressed."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Button("Count", id="count")

    def on_button_pressed(self) -> None:
        self.presses += 1


async def test_a_double_tap_on_a_button_that_stays_presses_it_once(kiosk: Kiosk) -> None:
    """As Textual's Button has it (a press while it shows the last one is ignored): a double
    tap read in one go must not wait out that moment and then press it again (a sheet printed
    twice)."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the welcome screen drawn: nothing of it left to wait for
        screen = _CountingScreen()
        await app.push_screen(screen)
        await settle(pilot)
        x, y = screen.query_one("#count").region.center
        first = await double_tap_in_one_read(pilot, x, y)
        await pilot.pause(0.3)
        assert screen.presses == 1
        # A deliberate second tap, once the button has shown the first, is taken.
        await tap(pilot, x, y, first + TWO_TAPS)
        await pilot.pause(0.3)
        assert screen.presses == 2
