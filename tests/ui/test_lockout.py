"""Lock-out waits on screen: nothing is checked during a wait, the wait counts down from the
App's clock, the last tries are announced with the way out, and unknown names read the same."""

from __future__ import annotations

from textual.widgets import Input, Static

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.common.intro import QuickExitIntroScreen
from kiosk.ui.screens.vault.unlock import UnlockScreen
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import settle, type_text


def message(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


async def attempt(app: KioskApp, pilot: object, pin: str) -> str:
    app.screen.query_one("#pin", Input).focus()
    await type_text(pilot, pin)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return message(app)


async def start(app: KioskApp, pilot: object, name: str) -> None:
    app.idle_limit_seconds = 10**6  # the fake clock jumps past lock-out waits, not idle
    await pilot.press("enter")  # type: ignore[attr-defined]
    await type_text(pilot, name)  # type: ignore[arg-type]


async def test_the_right_pin_during_a_wait_is_not_called_wrong(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot, NAME)
        for n in range(4):
            said = await attempt(app, pilot, f"10000{n}")
        assert "not recognised" in said and "30 seconds" in said
        said = await attempt(app, pilot, PIN)  # the right PIN, during the wait
        assert isinstance(app.screen, UnlockScreen) and app.vault is None
        assert "not recognised" not in said
        assert said.startswith("Nothing was checked")
        assert "You can try again in 30 seconds" in said


async def test_the_wait_counts_down_on_the_fake_clock(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot, NAME)
        for n in range(4):
            await attempt(app, pilot, f"10000{n}")
        screen = app.screen
        assert isinstance(screen, UnlockScreen)
        kiosk.clock.advance(12)
        screen.count_down()
        assert "You can try again in 18 seconds" in message(app)
        kiosk.clock.advance(18)
        screen.count_down()
        assert "You can try again now" in message(app)
        app.screen.query_one("#pin", Input).focus()
        await type_text(pilot, PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickExitIntroScreen)


async def failures_until_three_left(kiosk: Kiosk, name: str) -> list[str]:
    app = kiosk.app()
    said = []
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot, name)
        for n in range(7):
            said.append(await attempt(app, pilot, f"20000{n}"))
            kiosk.clock.advance(3600)  # past any wait
        said.append(await attempt(app, pilot, "2999999"))
    return said


async def test_the_last_tries_are_counted_and_the_recovery_code_offered(kiosk: Kiosk) -> None:
    said = await failures_until_three_left(kiosk, NAME)
    assert all("tries left" not in text for text in said[:6])
    assert "You have 3 tries left before this PIN stops working" in said[6]
    assert "I forgot my PIN" in said[6] and "recovery code" in said[6]
    assert "You have 2 tries left" in said[7]


async def test_unknown_names_read_the_same_at_every_step(kiosk: Kiosk) -> None:
    known = await failures_until_three_left(kiosk, NAME)
    unknown = await failures_until_three_left(kiosk, "nobody-here")
    assert known == unknown


async def test_change_pin_does_not_speak_of_a_vault_name(kiosk: Kiosk) -> None:
    from kiosk.ui.screens.vault.change_pin import ChangePinScreen
    from tests.ui.helpers import open_vault

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#change-pin")
        for text in ("111111", "402917", "402917"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChangePinScreen)
        assert message(app) == "That is not your current PIN. Please try again."
