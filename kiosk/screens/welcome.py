"""The welcome screen: three ways in, and no hint of who used the kiosk before."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static


class WelcomeScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static("Welcome", id="welcome-title", markup=False)
            yield Static(
                "This terminal is private. Press F12 at any time to leave this screen at once.",
                id="welcome-help",
                markup=False,
            )
            with Center():
                yield Button("Open my vault", id="open-vault", variant="primary")
            with Center():
                yield Button("Helplines and printing", id="helplines")
            with Center():
                yield Button("Staff", id="staff")
