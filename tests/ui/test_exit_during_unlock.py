"""A quick exit while the PIN is being checked (the KDF at work in a thread): the neutral
screen at once, and the vault that the worker opens afterwards is closed, never shown."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.session.ends import SessionEnd
from kiosk.ui.app import NeutralScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.vault.storage.database import VaultDatabase
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import settle, type_text


async def test_a_quick_exit_during_the_unlock_leaves_the_vault_closed(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    vaults = kiosk.services.vaults
    real_open = vaults.open
    checking = threading.Event()
    exited = threading.Event()
    opened: list[VaultDatabase] = []

    def open_after_the_exit(name: str, pin: str) -> VaultDatabase:
        # The real unlock, finishing only once the visitor has pressed F12: as with the real
        # KDF, which takes a second or more.
        checking.set()
        assert exited.wait(timeout=30)
        vault = real_open(name, pin)
        opened.append(vault)
        return vault

    monkeypatch.setattr(vaults, "open", open_after_the_exit)
    app = kiosk.app()
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, NAME)
        await pilot.press("tab")
        await type_text(pilot, PIN)
        await pilot.press("enter")
        assert checking.wait(timeout=30)
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        exited.set()
        await settle(pilot)
        seen = [type(screen).__name__ for screen in app.screen_stack]
    # The worker may finish after the app has stopped; it closes what it opened either way.
    deadline = time.monotonic() + 30
    while not (opened and opened[0].closed) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(opened) == 1 and opened[0].closed
    assert app.vault is None and app.visit_name == ""
    assert VaultHomeScreen.__name__ not in seen
    assert app.return_code == SessionEnd.ENDED
