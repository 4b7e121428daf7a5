"""The idle warning: the vault is already hidden behind this plain screen; a key brings it
back, otherwise the session ends exactly as a quick exit does."""

from __future__ import annotations

import math

from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Static

from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen


class StillThereScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit, seconds: int) -> None:
        super().__init__(kit)
        self._seconds = seconds
        self._started = 0.0

    def compose_body(self) -> ComposeResult:
        with Middle(), Center():
            yield Static("", id="still-there", markup=False)

    def on_mount(self) -> None:
        self._started = self.kit.clock()
        self._tick()
        self.set_interval(1.0, self._tick)

    def remaining(self) -> int:
        return max(0, math.ceil(self._seconds - (self.kit.clock() - self._started)))

    def _tick(self) -> None:
        left = self.remaining()
        if left == 0:
            self.kit.session.end_session("idle")
            return
        closing = ngettext(
            "This will close in {count} second.", "This will close in {count} seconds.", left
        ).format(count=format_number(left))
        self.query_one("#still-there", Static).update(
            _("Still there?\n\nPress any key or touch the screen to carry on.") + "\n" + closing
        )

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.dismiss(None)
