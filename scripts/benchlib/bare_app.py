"""The yardstick for the pseudo-terminal benchmarks: the smallest Textual app that does what the
kiosk does at the two moments measured. It shows one line of text, and on F12 (a priority
binding, like the kiosk's) pushes a screen with one word, then exits after that frame, as a
kiosk session does after its quick exit.

Run as ``python scripts/benchlib/bare_app.py``; it imports nothing from Harbour.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

READY_TEXT = "Bare app ready"
NEUTRAL_TEXT = "Neutral"


class NeutralScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(NEUTRAL_TEXT, markup=False)


class BareApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f12", "quick_exit", "Exit", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT, markup=False)

    def action_quick_exit(self) -> None:
        self.push_screen(NeutralScreen())
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    BareApp().run()
