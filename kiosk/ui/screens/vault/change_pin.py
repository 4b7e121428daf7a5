"""Change my PIN: the current PIN again (it counts like any attempt), then the new one twice."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import N_, _
from kiosk.ui.screens.common.base import FormScreen, new_pin_fields
from kiosk.ui.vault_io import PinChanged, VaultCallFailed
from kiosk.ui.widgets.keyboard import KeyArea


class ChangePinScreen(FormScreen[bool]):
    FIELDS = ("current", "new-pin", "new-pin-again")
    NOT_RECOGNISED = N_("That is not your current PIN.")

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="change-pin", classes="centred-row"):
            with Vertical(classes="form"):
                yield Static(_("Change my PIN"), classes="title", markup=False)
                yield Label(_("Current PIN"), classes="field-label")
                yield Input(id="current", password=True, max_length=128)
                yield from new_pin_fields()
                with Horizontal(classes="buttons"):
                    yield Button(_("Change PIN"), id="change", variant="primary")
                    yield Button(_("Back"), id="back")
            yield KeyArea()

    def on_mount(self) -> None:
        self.query_one("#current", Input).focus()

    @on(Button.Pressed, "#change")
    def submit(self) -> None:
        values = self.values()
        if not all(values):
            self.say(_("Please fill in all three fields."))
            return
        self.set_busy(True)
        self.say(_("Changing your PIN…"))
        current, new, again = values
        self.kit.vault.change_pin(self, current, new, again)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(False)

    @on(PinChanged)
    def _changed(self) -> None:
        self.app.notify(_("Your PIN has been changed."), timeout=6)
        self.dismiss(True)

    @on(VaultCallFailed)
    def _refused(self, failed: VaultCallFailed) -> None:
        self.set_busy(False)
        self.clear(*self.FIELDS)
        self.refuse(failed.error)
        self.query_one("#current", Input).focus()
