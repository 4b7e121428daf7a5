"""The vault's home: its features, the visit's lock timing, and Leave."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Button, Static

from kiosk.screens.base import KioskScreen
from kiosk.vault.drafts import load_draft

# Per-visit choices for the idle lock (WCAG 2.2.1: the user can extend the limit beforehand).
IDLE_CHOICES_MINUTES = (2, 5, 10, 20)


class VaultHomeScreen(KioskScreen[None]):
    def compose_body(self) -> ComposeResult:
        with Vertical(id="home", classes="form centred"):
            yield Static("Your vault", classes="title", markup=False)
            yield Static("", id="draft-note", markup=False)
            with Center(), Vertical(classes="menu wide-menu"):
                yield Button("My notes", id="notes", variant="primary")
                yield Button("Change my PIN", id="change-pin")
                yield Button("", id="idle-time")
                yield Button("Leave and lock my vault", id="leave", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#notes", Button).focus()
        self._show_idle_time()

    def on_screen_resume(self) -> None:
        vault = self.kiosk.vault
        unfinished = vault is not None and load_draft(vault, "note") is not None
        self.query_one("#draft-note", Static).update(
            "You have an unfinished note from last time, kept safe in your vault."
            if unfinished
            else ""
        )

    def _show_idle_time(self) -> None:
        minutes = self.kiosk.idle_limit_seconds / 60
        shown = f"{minutes:g} minute{'s' if minutes != 1 else ''}"
        self.query_one("#idle-time", Button).label = f"Lock when idle after: {shown} (change)"

    @on(Button.Pressed, "#idle-time")
    def _next_idle_time(self) -> None:
        current = self.kiosk.idle_limit_seconds
        choices = sorted(
            {self.kiosk.config.session.idle_lock_seconds} | {m * 60 for m in IDLE_CHOICES_MINUTES}
        )
        later = [c for c in choices if c > current]
        self.kiosk.idle_limit_seconds = later[0] if later else choices[0]
        self._show_idle_time()

    @on(Button.Pressed, "#notes")
    def _notes(self) -> None:
        from kiosk.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen())

    @on(Button.Pressed, "#change-pin")
    def _change_pin(self) -> None:
        from kiosk.screens.change_pin import ChangePinScreen

        self.app.push_screen(ChangePinScreen())

    @on(Button.Pressed, "#leave")
    def _leave(self) -> None:
        self.kiosk.end_session("leave")
