"""The neutral base of the screen stack: what anyone walking past may see."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from kiosk.ui.screens.common.first_show import DrawnAfterTheBatch, StyledAsMounted


class BackdropScreen(StyledAsMounted, DrawnAfterTheBatch, Screen[None]):
    """One line of neutral text in the middle (kiosk.tcss aligns it): no containers, since
    every session composes this screen before its welcome screen can be drawn."""

    def __init__(self, neutral_text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._neutral_text = neutral_text

    def compose(self) -> ComposeResult:
        yield Static(self._neutral_text, markup=False, id="neutral-text")
