"""A Select whose screen is taken down while it is still mounting ends quietly.

CI met it: a burst of keys opened the vault and the test ended at once, so the App closed while
the vault's home, with its idle-time Select, was coming up. Textual's Select then raised
``NoMatches`` from its mount handler, and the App ended with that error; a kiosk session would
end with a traceback on the visitor's terminal. The screen here is the vault home's idle row.
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Label, Static

from kiosk.ui.widgets.select import Select


class IdleRowScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Your vault")
            with Horizontal():
                yield Label("Lock after no use for")
                yield Select([("1 minute", 60), ("5 minutes", 300)], value=300, allow_blank=False)


class ClosesAsItOpens(App[None]):
    """On any key, shows the screen and closes ``delay`` seconds later."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def on_key(self, _: events.Key) -> None:
        self.push_screen(IdleRowScreen())
        await asyncio.sleep(self.delay)
        self.exit()


async def test_a_select_whose_parts_are_gone_mounts_quietly() -> None:
    """The moment itself: the mount handler runs after the parts were taken down."""
    app = App[None]()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(IdleRowScreen())
        select = app.screen.query_one(Select)
        await select.remove_children()
        select._on_mount(events.Mount())
        select.value = 60
        await pilot.pause()
        assert select.value == 60


# Textual's own Select failed at a few of these moments in every run (which ones varies).
@pytest.mark.parametrize("delay_ms", [n / 4 for n in range(24)])
async def test_a_select_taken_down_while_it_mounts_raises_nothing(delay_ms: float) -> None:
    app = ClosesAsItOpens(delay_ms / 1000)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
    assert app.return_code == 0
