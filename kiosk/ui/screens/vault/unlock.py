"""Open a vault: name, then a masked PIN, then Enter. One calm message for every refusal."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import _
from kiosk.ui.screens.common.base import FormScreen
from kiosk.ui.vault_io import VaultCallFailed
from kiosk.ui.widgets.keyboard import KeyArea


class UnlockScreen(FormScreen[None]):
    FIELDS = ("vault-name", "pin")
    LETTER_FIELDS = frozenset({"vault-name"})

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="unlock", classes="centred-row"):
            with Vertical(classes="form"):
                yield Static(_("Open my vault"), classes="title", markup=False)
                yield Label(_("Vault name"), classes="field-label")
                yield Input(id="vault-name", max_length=64)
                yield Label(_("PIN"), classes="field-label")
                yield Input(id="pin", password=True, max_length=128)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(_("Open"), id="open", variant="primary")
                    yield Button(_("Back"), id="back")
                yield Button(_("I forgot my PIN"), id="forgot", classes="link")
            yield KeyArea()

    def on_mount(self) -> None:
        self.query_one("#vault-name", Input).focus()

    @on(Button.Pressed, "#open")
    def submit(self) -> None:
        name, pin = self.values()
        if not name.strip():
            self.say(_("Please type your vault name first."))
            self.query_one("#vault-name", Input).focus()
            return
        if not pin:
            self.say(_("Please type your PIN."))
            self.query_one("#pin", Input).focus()
            return
        self.set_busy(True)
        self.say(_("Opening your vault…"))
        self.kit.vault.unlock(self, name, pin)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#forgot")
    def _forgot(self) -> None:
        from kiosk.ui.screens.vault.recovery import ForgotPinScreen

        name = self.query_one("#vault-name", Input).value
        self.app.switch_screen(ForgotPinScreen(self.kit, name, from_unlock=True))

    @on(VaultCallFailed)
    def _refused(self, failed: VaultCallFailed) -> None:
        self.clear("pin")
        self.set_busy(False)
        self.refuse(failed.error)
        self.query_one("#pin", Input).focus()
