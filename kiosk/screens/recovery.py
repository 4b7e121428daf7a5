"""Forgot my PIN: the recovery code opens the vault once, a new PIN is set, and a new code
is shown once, with a way to hide it from anyone looking over a shoulder."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.screens.base import FormScreen, KioskScreen, new_pin_fields
from kiosk.vault.service import RecoveredButNotOpened


class ForgotPinScreen(FormScreen[None]):
    FIELDS = ("vault-name", "code", "new-pin", "new-pin-again")
    WAY_IN = "recovery code"

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self._name = name

    def compose_body(self) -> ComposeResult:
        with Vertical(id="forgot", classes="form centred"):
            yield Static("I forgot my PIN", classes="title", markup=False)
            yield Static(
                "Type the recovery code you were given when your vault was made, "
                "then choose a new PIN. You will get a new recovery code.",
                classes="lead",
                markup=False,
            )
            yield Label("Vault name", classes="field-label")
            yield Input(self._name, id="vault-name", max_length=64)
            yield Label("Recovery code", classes="field-label")
            yield Input(id="code", password=True, max_length=40)
            yield from new_pin_fields()
            with Horizontal(classes="buttons"):
                yield Button("Set new PIN", id="recover", variant="primary")
                yield Button("Back", id="back")

    def on_mount(self) -> None:
        target = "#code" if self._name else "#vault-name"
        self.query_one(target, Input).focus()

    @on(Button.Pressed, "#recover")
    def submit(self) -> None:
        values = self.values()
        if not all(value.strip() for value in values):
            self.say("Please fill in all four fields.")
            return
        self.set_busy(True)
        self.say("Checking your recovery code…")
        self._recover(*values)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="vault")
    def _recover(self, name: str, code: str, new: str, again: str) -> None:
        try:
            vault, new_code = self.kiosk.services.vaults.open_with_recovery(name, code, new, again)
        except RecoveredButNotOpened as error:
            self.app.call_from_thread(self._recovered_but_closed, error, error.new_code)
        except Exception as error:
            self.app.call_from_thread(self._refused, error)
        else:
            shown = RecoveryCodeScreen(new_code)
            try:
                self.app.call_from_thread(self.kiosk.begin_visit, vault, name, self, shown)
            except RuntimeError:
                vault.close()  # the app stopped while the vault was opening

    def _recovered_but_closed(self, error: Exception, new_code: str) -> None:
        self._refused(error)
        self.app.push_screen(RecoveryCodeScreen(new_code))

    def _refused(self, error: Exception) -> None:
        self.set_busy(False)
        self.clear("code", "new-pin", "new-pin-again")
        self.refuse(error)
        self.query_one("#code", Input).focus()


class RecoveryCodeScreen(KioskScreen[None]):
    """Shows a new recovery code once. "Hide" blanks it at once; nothing shows it again."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._code = code

    def compose_body(self) -> ComposeResult:
        with Vertical(id="recovery-code", classes="form centred"):
            yield Static("Your new recovery code", classes="title", markup=False)
            yield Static(
                "Write this down and keep it somewhere safe, away from your phone. "
                "It opens your vault if you forget your PIN, and works once. "
                "It will not be shown again.",
                classes="lead",
                markup=False,
            )
            yield Static(self._code, id="code", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Hide the code", id="hide")
                yield Button("I have written it down", id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#hide", Button).focus()

    @on(Button.Pressed, "#hide")
    def _hide(self) -> None:
        self._code = ""
        self.query_one("#code", Static).update("(hidden)")
        self.query_one("#hide", Button).disabled = True
        self.query_one("#done", Button).focus()

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self._code = ""
        self.dismiss(None)
