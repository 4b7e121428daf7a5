"""'I forgot my PIN' at 80x24: a wide code field grouped as the code is printed, a show/hide
toggle, buttons on screen, and a wrong code answered as a wrong recovery code."""

from __future__ import annotations

from textual.widgets import Button, Input, Static

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.vault.recovery import ForgotPinScreen, RecoveryCodeScreen
from tests.ui.conftest import NAME, Kiosk
from tests.ui.helpers import settle, type_text


def message(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def fully_on_screen(app: KioskApp, selector: str) -> bool:
    region = app.screen.query_one(selector).region
    return (
        region.width > 0
        and region.height > 0
        and region.right <= app.size.width
        and region.bottom <= app.size.height
    )


async def to_forgot_pin(app: KioskApp, pilot: object) -> None:
    await pilot.press("enter")  # type: ignore[attr-defined]
    await type_text(pilot, NAME)  # type: ignore[arg-type]
    await pilot.click("#forgot")  # type: ignore[attr-defined]
    assert isinstance(app.screen, ForgotPinScreen)


async def test_code_field_is_wide_and_groups_the_code_as_printed(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_forgot_pin(app, pilot)
        code = app.screen.query_one("#code", Input)
        assert app.focused is code
        assert code.content_region.width >= len("7K3M-Q9TD-2WXH-J4RB-8NCE") + 1
        await type_text(pilot, "7k3mq9td2")
        assert code.value == "7K3M-Q9TD-2"
        assert str(code._value) == "••••-••••-•"  # hidden, the groups still show
        # A button ignores presses during its 0.2 s press effect; without it, no real waits.
        app.screen.query_one("#show-code", Button).active_effect_duration = 0
        await pilot.click("#show-code")
        assert not code.password and str(code._value) == "7K3M-Q9TD-2"
        assert "7K3M-Q9TD-2" in str(code.render_line(0).text)
        await pilot.click("#show-code")
        assert code.password


async def test_every_control_of_both_steps_is_on_screen_at_80x24(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_forgot_pin(app, pilot)
        for selector in ("#vault-name", "#code", "#show-code", "#recover", "#back"):
            assert fully_on_screen(app, selector), selector
        await type_text(pilot, kiosk.recovery_code)
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#new-pin", Input)
        assert str(app.screen.query_one("#recover", Button).label) == "Set new PIN"
        for selector in ("#new-pin", "#new-pin-again", "#recover", "#back"):
            assert fully_on_screen(app, selector), selector


async def test_a_wrong_code_is_answered_as_a_wrong_recovery_code(kiosk: Kiosk) -> None:
    said = []
    for name in (NAME, "nobody-here"):
        app = kiosk.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await type_text(pilot, name)
            await pilot.click("#forgot")
            for text in ("AAAA-BBBB-CCCC-DDDD-EEEE", "402917", "402917"):
                await type_text(pilot, text)
                await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ForgotPinScreen)
            said.append(message(app))
            assert app.focused is app.screen.query_one("#code", Input)
            assert app.screen.query_one("#code", Input).value == ""
    assert said[0] == said[1]
    assert "recovery code was not recognised" in said[0]
    assert "PIN was not recognised" not in said[0]


async def test_a_short_code_is_caught_before_anything_is_checked(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_forgot_pin(app, pilot)
        await type_text(pilot, "7K3M-Q9")
        await pilot.press("enter")
        assert "20 letters and digits" in message(app)
        assert app.focused is app.screen.query_one("#code", Input)


async def test_a_stray_enter_does_not_take_the_new_code_off_the_screen(kiosk: Kiosk) -> None:
    # The new code is shown once and the old one is spent. Enter pressed again while the PIN
    # was being set (it takes seconds) must not hide the code or close the screen before she
    # has written it down: no button has focus until she chooses one.
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_forgot_pin(app, pilot)
        await type_text(pilot, kiosk.recovery_code)
        await pilot.press("enter")
        await type_text(pilot, "739146")
        await pilot.press("tab")
        await type_text(pilot, "739146")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        code = str(app.screen.query_one("#code", Static).render())
        assert len(code) == len("7K3M-Q9TD-2WXH-J4RB-8NCE")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        assert str(app.screen.query_one("#code", Static).render()) == code


async def test_back_from_i_forgot_my_pin_returns_to_open_my_vault(kiosk: Kiosk) -> None:
    """She came from "Open my vault": Back took her to the welcome screen, one further back
    than she had come. From the PIN step, Back goes to the code step first, as before."""
    from kiosk.ui.screens.common.welcome import WelcomeScreen
    from kiosk.ui.screens.vault.unlock import UnlockScreen

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_forgot_pin(app, pilot)
        await pilot.click("#back")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#vault-name", Input).value == ""  # nothing kept of hers
        await pilot.click("#back")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
