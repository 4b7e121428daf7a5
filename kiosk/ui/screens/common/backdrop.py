"""The neutral base of the screen stack: what anyone walking past may see."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


class BackdropScreen(Screen[None]):
    def __init__(self, neutral_text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._neutral_text = neutral_text

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(self._neutral_text, markup=False, id="neutral-text")
