"""Open a vault: name, then a masked PIN, then Enter. One calm message for every refusal."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.screens.base import KioskScreen
from kiosk.vault.errors import VaultError
from kiosk.widgets.pin_pad import PinPad

SOMETHING_WENT_WRONG = "Something went wrong while opening the vault. Please ask staff for help."


class UnlockScreen(KioskScreen[None]):
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="unlock", classes="centred-row"):
            with Vertical(classes="form"):
                yield Static("Open my vault", classes="title", markup=False)
                yield Label("Vault name", classes="field-label")
                yield Input(id="vault-name", max_length=64)
                yield Label("PIN", classes="field-label")
                yield Input(id="pin", password=True, max_length=128)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Open", id="open", variant="primary")
                    yield Button("Back", id="back")
                yield Button("I forgot my PIN", id="forgot", classes="link")
            yield PinPad()

    def on_mount(self) -> None:
        self.query_one("#vault-name", Input).focus()

    @on(Input.Submitted, "#vault-name")
    def _name_entered(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#open")
    @on(PinPad.Done)
    def _submit(self) -> None:
        name = self.query_one("#vault-name", Input).value
        pin = self.query_one("#pin", Input).value
        if not name.strip():
            self._say("Please type your vault name first.")
            self.query_one("#vault-name", Input).focus()
            return
        if not pin:
            self._say("Please type your PIN.")
            self.query_one("#pin", Input).focus()
            return
        self._busy(True)
        self._say("Opening your vault…")
        self._open(name, pin)

    @on(PinPad.Digit)
    def _digit(self, event: PinPad.Digit) -> None:
        pin = self.query_one("#pin", Input)
        pin.insert_text_at_cursor(event.digit)
        pin.focus()

    @on(PinPad.Erase)
    def _erase(self) -> None:
        pin = self.query_one("#pin", Input)
        pin.value = pin.value[:-1]
        pin.focus()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#forgot")
    def _forgot(self) -> None:
        from kiosk.screens.recovery import ForgotPinScreen

        name = self.query_one("#vault-name", Input).value
        self.app.switch_screen(ForgotPinScreen(name))

    @work(thread=True, exclusive=True, exit_on_error=False, group="vault")
    def _open(self, name: str, pin: str) -> None:
        try:
            vault = self.kiosk.services.vaults.open(name, pin)
        except VaultError as error:
            self.app.call_from_thread(self._refused, str(error))
        except Exception:
            self.app.call_from_thread(self._refused, SOMETHING_WENT_WRONG)
        else:
            self.app.call_from_thread(self.kiosk.begin_visit, vault, name, self)

    def _refused(self, message: str) -> None:
        pin = self.query_one("#pin", Input)
        pin.value = ""
        self._busy(False)
        self._say(message)
        pin.focus()

    def _busy(self, busy: bool) -> None:
        for widget in self.query("Input, Button"):
            widget.disabled = busy

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)
