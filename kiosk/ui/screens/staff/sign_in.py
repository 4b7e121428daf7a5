"""Staff sign-in: a staff name and passphrase, checked off the UI thread (Argon2id), then the
staff menu with the staff session's shorter idle lock."""

from __future__ import annotations

import contextlib

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import _
from kiosk.staff.audit import StaffAction
from kiosk.staff.errors import StaffSignInPaused
from kiosk.ui.key_order import LOADING_WORKER
from kiosk.ui.screens.common.base import FormScreen
from kiosk.ui.screens.staff.context import StaffContext, as_staff
from kiosk.ui.widgets.keyboard import FullKeyboard
from kiosk.ui.wording import describe
from kiosk.vault.errors import GatekeeperUnavailable


class StaffSignInScreen(FormScreen[StaffContext | None]):
    FIELDS = ("staff-name", "passphrase")

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="staff-sign-in", classes="centred-row staff-keys-row"):
            with Vertical(classes="form"):
                yield Static(_("Staff sign-in"), classes="title", markup=False)
                yield Label(_("Staff name"), classes="field-label")
                yield Input(id="staff-name", max_length=60)
                yield Label(_("Passphrase"), classes="field-label")
                yield Input(id="passphrase", password=True, max_length=256)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(_("Sign in"), id="sign-in", variant="primary")
                    yield Button(_("Back"), id="back")
            yield FullKeyboard()

    def on_mount(self) -> None:
        self.query_one("#staff-name", Input).focus()

    @on(Button.Pressed, "#sign-in")
    def submit(self) -> None:
        name, passphrase = self.values()
        if not name.strip() or not passphrase:
            self.say(_("Please type your staff name and passphrase."))
            return
        self.set_busy(True)
        self.say(_("Checking…"))
        self._verify(name, passphrase)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    # Named as loading: keys typed while the passphrase is checked wait for the menu it opens.
    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="staff",
        name=f"{LOADING_WORKER}staff-sign-in",
    )
    def _verify(self, name: str, passphrase: str) -> None:
        message = _("That staff name or passphrase was not recognised.")
        account: str | None = None
        try:
            if self.kit.staff.verify(name, passphrase):
                account = self.kit.staff.account_name(name)
        except StaffSignInPaused as paused:
            message = describe(paused)
        except GatekeeperUnavailable as silent:  # the gatekeeper service did not answer
            message = describe(silent)
        except Exception:
            account = None
        if account is not None:
            # Signing in changes nothing: a log that cannot be written does not stop it (the
            # screens that change something say so).
            with contextlib.suppress(OSError):
                self.kit.audit.record(StaffAction.SIGNED_IN, account)
        self.app.call_from_thread(self._verified, account, message)

    def _verified(self, account: str | None, message: str) -> None:
        # A quick exit or the idle lock may have come while the passphrase was checked: then
        # nothing of staff's may come back over the neutral screen.
        if self.kit.session.ending or not self.is_attached:
            return
        if account is not None and self.app.screen_stack[-1] is self:
            # The welcome screen opens the menu with what this screen is dismissed with.
            as_staff(self.kit)
            self.dismiss(StaffContext(account))
            return
        self.set_busy(False)
        self.clear("passphrase")
        # (Signed in under the "Still there?" screen: not signed in, to be asked again.)
        self.say(message if account is None else "")
        self.query_one("#passphrase", Input).focus()
