"""Adding a staff account: a name and a passphrase twice. A weak or mistyped passphrase is
refused at once; the Argon2id hashing runs in a thread, never on the UI thread."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import _
from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.audit import StaffAction
from kiosk.staff.errors import AccountRefusal, StaffAccountError
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import FormScreen
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.widgets.keyboard import FullKeyboard
from kiosk.ui.wording import describe, something_went_wrong, staff_log_not_written
from kiosk.vault.errors import VaultError

PASSPHRASE_FIELDS = ("new-passphrase", "new-passphrase-again")


class AddStaffAccountScreen(FormScreen[str | None]):
    """Dismissed with what to tell staff once the account is added, or None if not."""

    FIELDS = ("new-name", *PASSPHRASE_FIELDS)

    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._outcome: str | None = None  # added under the idle screen: said once back

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="staff-account-add", classes="centred-row staff-keys-row"):
            with Vertical(classes="form"):
                yield Static(_("Add a staff account"), classes="title", markup=False)
                yield Label(_("Staff name"), classes="field-label")
                yield Input(id="new-name", max_length=60)
                yield Label(_("Passphrase: 12 or more characters"), classes="field-label")
                yield Input(id="new-passphrase", password=True, max_length=256)
                yield Label(_("Passphrase again"), classes="field-label")
                yield Input(id="new-passphrase-again", password=True, max_length=256)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(_("Add the account"), id="add", variant="primary")
                    yield Button(_("Cancel"), id="cancel")
            yield FullKeyboard()

    def on_mount(self) -> None:
        self.query_one("#new-name", Input).focus()

    @on(Button.Pressed, "#add")
    def submit(self) -> None:
        name, passphrase, again = self.values()
        try:
            StaffAccounts.check_new_account(name, passphrase, again)
            self.kit.staff.refuse_taken(name)
        except StaffAccountError as refusal:
            self._refused(refusal)
            return
        except VaultError as error:  # the gatekeeper service: nothing was changed
            self.say(describe(error))
            return
        self.set_busy(True)
        self.say(_("Saving…"))
        self._add(name, passphrase, again)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="staff-account")
    def _add(self, name: str, passphrase: str, again: str) -> None:
        """Hash and save; a quick exit meanwhile leaves the account added or not, never half."""
        try:
            saved = self.kit.staff.add(name, passphrase, again)
        except StaffAccountError as refusal:
            self.app.call_from_thread(self._refused, refusal)
            return
        except VaultError as error:
            self.app.call_from_thread(self._not_added, describe(error))
            return
        except Exception:
            self.app.call_from_thread(self._not_added)
            return
        outcome = _("Added: {name}").format(name=terminal_safe(saved))
        try:
            self.kit.audit.record(StaffAction.ACCOUNT_ADDED, self._staff.name, saved)
        except OSError:
            outcome = f"{outcome}. {staff_log_not_written()}"
        self.app.call_from_thread(self._added, outcome)

    def _still_here(self) -> bool:
        return not self.kit.session.ending and self.is_attached

    def _added(self, outcome: str) -> None:
        if not self._still_here():
            return
        if self.app.screen_stack[-1] is self:
            self.dismiss(outcome)
        else:
            # Under "Still there?": dismissing now would take that screen away instead.
            self._outcome = outcome

    def on_screen_resume(self) -> None:
        if self._outcome is not None:
            self.dismiss(self._outcome)

    def _not_added(self, why: str | None = None) -> None:
        if self._still_here():
            self.set_busy(False)
            self.say(why or something_went_wrong())

    def _refused(self, refusal: StaffAccountError) -> None:
        if not self._still_here():
            return
        self.set_busy(False)
        self.say(describe(refusal))
        if refusal.code in (AccountRefusal.NAME_LENGTH, AccountRefusal.NAME_TAKEN):
            self.query_one("#new-name", Input).focus()
        else:
            self.clear(*PASSPHRASE_FIELDS)
            self.query_one("#new-passphrase", Input).focus()
