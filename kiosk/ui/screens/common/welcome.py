"""The welcome screen: three ways in, and no hint of who used the kiosk before."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Button, Static

from kiosk.i18n import _
from kiosk.ui.screens.common.frame import KioskScreen


class WelcomeScreen(KioskScreen[None]):
    def compose_body(self) -> ComposeResult:
        with Vertical(id="welcome", classes="centred"):
            yield Static(_("Welcome"), classes="title", markup=False)
            yield Static(
                _(
                    "Everything here is private. Press F12, or 'Exit this page' at the top, "
                    "to leave any screen at once."
                ),
                classes="lead",
                markup=False,
            )
            with Center(), Vertical(classes="menu"):
                yield Button(_("Open my vault"), id="open-vault", variant="primary")
                yield Button(_("Helplines and printing"), id="helplines")
                yield Button(_("Staff"), id="staff")

    def on_mount(self) -> None:
        self.query_one("#open-vault", Button).focus()

    @on(Button.Pressed, "#open-vault")
    def _open_vault(self) -> None:
        from kiosk.ui.screens.vault.unlock import UnlockScreen

        self.app.push_screen(UnlockScreen(self.kit))

    @on(Button.Pressed, "#helplines")
    def _helplines(self) -> None:
        from kiosk.ui.screens.helplines.directory import HelplinesScreen

        self.app.push_screen(HelplinesScreen(self.kit))

    @on(Button.Pressed, "#staff")
    def _staff(self) -> None:
        from kiosk.ui.screens.staff.sign_in import StaffSignInScreen

        self.app.push_screen(StaffSignInScreen(self.kit))
