"""The helplines screen prints through a renderer process: a quick exit kills it, and a
renderer that dies is one calm line. Real renderer processes, watched through /proc."""

from __future__ import annotations

import os
import signal
import threading
import time

from textual.pilot import Pilot
from textual.widgets import Static

from tests.printing.processes import ends, renderers
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle


async def renderer_started(pilot: Pilot[None], limit: float = 30.0) -> int:
    deadline = time.monotonic() + limit
    while not (found := renderers(os.getpid())):
        assert time.monotonic() < deadline, "no renderer process started"
        await pilot.pause(0.02)
    return found[0]


async def test_a_quick_exit_kills_the_renderer(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        await pilot.click("#print-sheet")
        renderer = await renderer_started(pilot)
        await pilot.press("f12")
        deadline = time.monotonic() + 10
        while app.is_running and time.monotonic() < deadline:
            await pilot.pause(0.02)
        assert not app.is_running
    assert ends(renderer)  # killed at the quick exit; dead once the kernel has run it
    assert renderers(os.getpid()) == []


def kill_the_next_renderer(sig: signal.Signals, limit: float = 30.0) -> threading.Event:
    """Watch /proc from a thread and send ``sig`` to this session's renderer the moment it
    appears: a card renders so fast that a watch between the app's turns could miss it
    altogether (it did, on a loaded machine). The event is set once it has been sent."""
    sent = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if found := renderers(os.getpid()):
                os.kill(found[0], sig)
                sent.set()
                return
            time.sleep(0.001)

    threading.Thread(target=watch, daemon=True).start()
    return sent


async def test_a_renderer_that_dies_is_one_calm_line(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        killed = kill_the_next_renderer(signal.SIGSEGV)
        await pilot.click("#print-card")
        deadline = time.monotonic() + 30
        while not killed.is_set():
            assert time.monotonic() < deadline, "no renderer process started"
            await pilot.pause(0.01)
        await settle(pilot)
        message = str(app.screen.query_one("#message", Static).render())
        assert message == "The sheet could not be prepared. Please ask staff."
        assert app.is_running
    assert renderers(os.getpid()) == []
