"""A visitor's vault, for staff (issue 11, item 3): the vault name she tells them, its state
in plain words, a way to guide her to recovery, and deleting it (the name typed again first).

Staff can never open a vault or reset a counter from here: the screen is given
``kit.vault_care`` (kiosk/staff/care.py), which offers neither. The typed name is cleared as
soon as it has been used; only the vault's opaque id is held between the look-up and a delete,
so the delete goes ahead only if the name typed again leads to the same vault.
"""

from __future__ import annotations

import contextlib

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import _
from kiosk.staff.audit import AuditLogDamaged, StaffAction
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import FormScreen
from kiosk.ui.screens.staff.context import Handover, StaffContext
from kiosk.ui.widgets.keyboard import KeyArea
from kiosk.ui.wording import describe, vault_not_deleted, vault_state_words
from kiosk.vault.errors import UnknownVault
from kiosk.vault.gatekeeper import VaultState

# States in which her recovery code sets a new PIN: a forgotten PIN is mostly a ready vault.
RECOVERABLE = frozenset({VaultState.READY, VaultState.WAITING, VaultState.PIN_DISABLED})


class VaultCareScreen(FormScreen[Handover | None]):
    FIELDS = ("vault-name",)
    LETTER_FIELDS = frozenset(FIELDS)

    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._vault_id = ""  # the vault looked up (opaque), never its name
        self._confirming = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="vault-care", classes="centred-row"):
            with Vertical(classes="form"):
                yield Static(_("A visitor's vault"), id="care-title", classes="title", markup=False)
                yield Label(
                    _("The vault name she tells you"), id="care-label", classes="field-label"
                )
                yield Input(id="vault-name", max_length=64)
                yield Static("", id="vault-state", markup=False)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons", id="look-up-actions"):
                    yield Button(_("Look up"), id="look-up", variant="primary")
                    yield Button(_("Back"), id="back")
                with Horizontal(classes="buttons", id="care-actions"):
                    yield Button(_("Guide her to recovery"), id="to-recovery")
                    yield Button(_("Delete this vault"), id="delete", variant="error")
                with Horizontal(classes="buttons", id="confirm-actions"):
                    yield Button(_("Delete for ever"), id="confirm-delete", variant="error")
                    yield Button(_("Keep it"), id="keep")
            yield KeyArea()

    def on_mount(self) -> None:
        self.query_one(KeyArea).letters = True
        self._show_actions(None)
        self.query_one("#vault-name", Input).focus()

    def _show_actions(self, state: VaultState | None) -> None:
        self.query_one("#care-actions").display = state is not None and not self._confirming
        self.query_one("#to-recovery").display = state in RECOVERABLE
        self.query_one("#confirm-actions").display = self._confirming
        # While she confirms a delete, the state (which may point at Guide her to recovery)
        # gives way to the warning.
        self.query_one("#vault-state").display = not self._confirming
        # Back too: between the warning and "Delete for ever" it read as part of the choice;
        # "Keep it" is the way out of deleting.
        self.query_one("#look-up-actions").display = not self._confirming

    def submit(self) -> None:
        if self._confirming:
            self._delete()
        else:
            self._look_up()

    @on(Button.Pressed, "#look-up")
    def _look_up(self) -> None:
        name = self.query_one("#vault-name", Input).value
        if not name.strip():
            self.say(_("Please type the vault name she tells you."))
            self.query_one("#vault-name", Input).focus()
            return
        self.clear("vault-name")
        self._vault_id = ""
        self.query_one("#vault-state", Static).update("")
        try:
            summary = self.kit.vault_care.state_of(name)
        except UnknownVault as unknown:
            self.say(describe(unknown))
            self._show_actions(None)
            self.query_one("#vault-name", Input).focus()
            return
        except Exception as error:
            self.say(describe(error))
            self._show_actions(None)
            return
        self._vault_id = summary.vault_id
        self.say("")
        self.query_one("#vault-state", Static).update(vault_state_words(summary))
        self._show_actions(summary.state)
        first = "#to-recovery" if summary.state in RECOVERABLE else "#delete"
        self.query_one(first, Button).focus()

    @on(Button.Pressed, "#to-recovery")
    def _to_recovery(self) -> None:
        self.dismiss(Handover.RECOVERY)

    @on(Button.Pressed, "#delete")
    def _ask_to_confirm(self) -> None:
        self._confirming = True
        self._show_actions(None)
        self.query_one("#care-label", Label).update(_("Type the vault name again to delete it"))
        self.say(_("Everything in it will be gone, for her too. This cannot be undone."))
        self.query_one("#vault-name", Input).focus()

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self._end_confirming()
        self.say(_("Nothing was deleted."))
        self.query_one("#vault-name", Input).focus()

    def _end_confirming(self) -> None:
        self._confirming = False
        self._vault_id = ""
        self.clear("vault-name")
        self.query_one("#vault-state", Static).update("")
        self.query_one("#care-label", Label).update(_("The vault name she tells you"))
        self._show_actions(None)

    @on(Button.Pressed, "#confirm-delete")
    def _delete(self) -> None:
        name = self.query_one("#vault-name", Input).value
        self.clear("vault-name")
        if not name.strip():
            self.say(_("Please type the vault name again to delete it."))
            self.query_one("#vault-name", Input).focus()
            return
        try:
            same = self.kit.vault_care.state_of(name).vault_id == self._vault_id
        except UnknownVault:
            same = False
        except Exception as error:  # the gatekeeper service could not be asked
            self._end_confirming()
            self.say(vault_not_deleted(error))
            self.query_one("#vault-name", Input).focus()
            return
        if not same:
            self._end_confirming()
            self.say(_("That is not the same vault name. Nothing was deleted."))
            self.query_one("#vault-name", Input).focus()
            return
        self.set_busy(True)
        self.say(_("Deleting…"))
        self._erase(name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="vault-care")
    def _erase(self, name: str) -> None:
        try:
            self.kit.vault_care.delete(name)
        except Exception as error:
            self.app.call_from_thread(self._erased, vault_not_deleted(error), False)
            return
        with contextlib.suppress(OSError, AuditLogDamaged):
            self.kit.audit.record(StaffAction.VAULT_DELETED, self._staff.name)
        self.app.call_from_thread(self._erased, _("The vault was deleted."), True)

    def _erased(self, message: str, _deleted: bool) -> None:
        if not self.is_attached:
            return
        self.set_busy(False)
        self._end_confirming()
        self.say(message)
        self.query_one("#vault-name", Input).focus()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.clear("vault-name")
        self.dismiss(None)
