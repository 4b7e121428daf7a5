"""The welcome screen's display choices: high contrast and larger text, for this visit only.

Each is a tick box, so a keyboard (Tab, then Space or Enter) and a mouse or a touch (a tap)
both work; the choice applies to every screen at once (kiosk/ui/display.py).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox

from kiosk.i18n import _
from kiosk.ui import display


class DisplayOptions(Horizontal):
    def compose(self) -> ComposeResult:
        yield Checkbox(
            _("High contrast"), display.high_contrast(self.app), id="high-contrast", compact=True
        )
        yield Checkbox(
            _("Larger text"), display.larger_text(self.app), id="larger-text", compact=True
        )

    @on(Checkbox.Changed, "#high-contrast")
    def _high_contrast(self, event: Checkbox.Changed) -> None:
        display.set_high_contrast(self.app, event.value)

    @on(Checkbox.Changed, "#larger-text")
    def _larger_text(self, event: Checkbox.Changed) -> None:
        display.set_larger_text(self.app, event.value)
