"""The kiosk posture: nothing lets a visitor leave the app, copy text or take a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.common.welcome import WelcomeScreen
from kiosk.ui.screens.vault.unlock import UnlockScreen
from tests.ui.conftest import PIN, Kiosk
from tests.ui.helpers import settle, type_text


def test_posture_is_declared_on_the_app() -> None:
    assert KioskApp.ENABLE_COMMAND_PALETTE is False
    assert KioskApp.ALLOW_SELECT is False
    bindings = {b.key: b for b in KioskApp.BINDINGS}  # type: ignore[union-attr]
    assert set(bindings) == {"f12"}
    assert bindings["f12"].priority and bindings["f12"].id == "quick_exit"


async def test_quit_palette_and_interrupt_keys_do_nothing(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual saves a screenshot in the working folder unless told otherwise: work in
    # tmp_path so that one taken by any of these keys would be found below.
    monkeypatch.chdir(tmp_path)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "ctrl+backslash", "ctrl+d", "ctrl+s"):
            await pilot.press(key)
        assert app.is_running
        assert isinstance(app.screen, WelcomeScreen)
        assert len(app.screen_stack) == 2
    assert not list(tmp_path.rglob("*.svg"))


async def test_pin_cannot_be_copied_or_cut(kiosk: Kiosk) -> None:
    app = kiosk.app()
    sent: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app._driver.write = sent.append  # type: ignore[union-attr,method-assign]
        await pilot.press("enter")
        await pilot.press("tab")
        await type_text(pilot, PIN)
        for keys in (("shift+home", "ctrl+c"), ("ctrl+a", "ctrl+x"), ("ctrl+a", "super+c")):
            await pilot.press(*keys)
        assert app.clipboard == ""
        pin_field = app.screen.query_one("#pin", Input)
        assert pin_field.password is True
    assert not any("\x1b]52" in chunk for chunk in sent)


async def test_markup_typed_into_a_field_is_shown_as_text(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, UnlockScreen)
        await type_text(pilot, "[bold]x[/bold]")
        await pilot.press("tab")
        await type_text(pilot, "123")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#vault-name", Input).value == "[bold]x[/bold]"
        assert app.is_running


async def test_welcome_shows_no_trace_of_earlier_visitors(kiosk: Kiosk) -> None:
    kiosk.gatekeeper.provision("another-vault", "402917", "402917")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)):
        text = " ".join(str(w.render()) for w in app.screen.query("Static, Button"))
        for hint in ("river", "another", "vault:", "2 vaults", "recent", "last"):
            assert hint not in text.lower()


async def test_a_crash_ends_the_session_without_a_traceback(kiosk: Kiosk) -> None:
    app = kiosk.app()
    with pytest.raises(RuntimeError, match="injected"):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

            def explode() -> None:
                secret_pin = PIN  # noqa: F841 - a local a traceback with locals would show
                raise RuntimeError("injected")

            app.call_later(explode)
            await pilot.pause()
    assert app.return_code == 70
    assert app._exit_renderables == []
