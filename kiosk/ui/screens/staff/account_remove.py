"""Removing a staff account, confirmed by typing its name again (in any case)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import _
from kiosk.staff.audit import StaffAction
from kiosk.staff.errors import StaffAccountError
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import FormScreen
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.widgets.keyboard import FullKeyboard
from kiosk.ui.wording import describe, staff_log_not_written
from kiosk.vault.errors import VaultError


class RemoveStaffAccountScreen(FormScreen[str | None]):
    """Dismissed with what to tell staff once the account is removed, or None if not."""

    FIELDS = ("confirm-name",)

    def __init__(self, kit: ScreenKit, staff: StaffContext, name: str) -> None:
        super().__init__(kit)
        self._staff = staff
        self._account = name

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="staff-account-remove", classes="centred-row staff-keys-row"):
            with Vertical(classes="form"):
                yield Static(_("Remove a staff account"), classes="title", markup=False)
                yield Static(
                    _(
                        "The account {name} will no longer sign in. To confirm, type its name "
                        "again."
                    ).format(name=terminal_safe(self._account)),
                    classes="lead",
                    markup=False,
                )
                yield Label(_("Staff name"), classes="field-label")
                yield Input(id="confirm-name", max_length=60)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(_("Cancel"), id="cancel")
                    yield Button(_("Remove the account"), id="remove", variant="error")
            yield FullKeyboard()

    def on_mount(self) -> None:
        self.query_one("#confirm-name", Input).focus()

    @on(Button.Pressed, "#remove")
    def submit(self) -> None:
        (typed,) = self.values()
        try:
            if self.kit.staff.account_name(typed) != self._account:
                self.say(_("That is not the same name. Please type it again, or cancel."))
                return
            removed = self.kit.staff.remove(self._account)
        except (StaffAccountError, VaultError) as refusal:  # VaultError: the gatekeeper service
            self.say(describe(refusal))
            return
        outcome = _("Removed: {name}").format(name=terminal_safe(removed))
        try:
            self.kit.audit.record(StaffAction.ACCOUNT_REMOVED, self._staff.name, removed)
        except OSError:
            outcome = f"{outcome}. {staff_log_not_written()}"
        self.dismiss(outcome)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
