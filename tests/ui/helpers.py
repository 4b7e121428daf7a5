"""Steps a visitor takes, written once for the Pilot tests and the snapshots."""

from __future__ import annotations

import time

from textual.pilot import Pilot

from kiosk.ui.app import KioskApp
from kiosk.ui.key_order import wait_until_settled
from tests.ui.conftest import NAME, PIN


async def settle(pilot: Pilot[None], limit: float = 30.0) -> None:
    """Let thread workers (KDF, vault, printing) finish and their results land on screen.

    Bounded by time, not by turns: on a loaded machine a worker may take a while.
    """
    app = pilot.app
    deadline = time.monotonic() + limit
    while any(worker.is_running for worker in app.workers) and time.monotonic() < deadline:
        await pilot.pause(0.01)
    await wait_until_settled(app, limit=10.0)
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def unlock(pilot: Pilot[None], name: str = NAME, pin: str = PIN) -> None:
    await pilot.press("enter")  # "Open my vault" has the focus on the welcome screen
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)


async def open_vault(pilot: Pilot[None]) -> None:
    """Unlock and get past the first-use explanation, to the vault's home."""
    await unlock(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    if app.screen.__class__.__name__ == "QuickExitIntroScreen":
        await pilot.press("enter")
        await pilot.pause()
