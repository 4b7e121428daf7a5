"""Small dialogs with typed results."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskModal


class ConfirmDialog(KioskModal[bool]):
    def __init__(self, kit: ScreenKit, question: str, yes: str, no: str = "Cancel") -> None:
        super().__init__(kit)
        self._question, self._yes, self._no = question, yes, no

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, markup=False, classes="lead")
            with Horizontal(classes="buttons"):
                yield Button(self._no, id="no")
                yield Button(self._yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no_pressed(self) -> None:
        self.dismiss(False)
