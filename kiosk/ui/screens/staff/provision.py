"""Set up a vault at the kiosk (issue 11, item 2): staff start it, hand the keyboard over and
look away; the visitor does the rest in private (kiosk/ui/screens/vault/setup.py); then the
screen comes back to staff saying only whether a vault was made.

Staff never see the name she keeps, her PIN or her recovery code: a suggested name goes
straight into her form, and nothing of hers is on this screen when it comes back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Static

from kiosk.i18n import _
from kiosk.staff.audit import AuditLogDamaged, StaffAction
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.staff.context import Handover, StaffContext, as_staff, as_visitor
from kiosk.ui.screens.staff.sign_in import StaffSignInScreen
from kiosk.ui.screens.vault.setup import VaultSetupScreen


class ProvisionScreen(KioskScreen[Handover | None]):
    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._suggested = ""
        # She has had the keyboard (and staff looked away): the console is staff's again only
        # after a staff sign-in, or anyone who pressed Back twice had it.
        self._handed_over = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="provision", classes="form centred"):
            yield Static(_("Set up a vault"), id="provision-title", classes="title", markup=False)
            with ContentSwitcher(initial="provision-start", id="provision-steps"):
                with Vertical(id="provision-start"):
                    yield Static(
                        _(
                            "The visitor chooses her vault name and PIN herself, in private. "
                            "You can suggest a random name for her; she can keep it or change "
                            "it."
                        ),
                        classes="lead",
                        markup=False,
                    )
                    yield Static("", id="suggestion", classes="lead", markup=False)
                    with Horizontal(classes="buttons"):
                        yield Button(_("Suggest a name"), id="suggest")
                        yield Button(_("Hand over"), id="hand-over", variant="primary")
                        yield Button(_("Back"), id="back")
                with Vertical(id="provision-hand-over"):
                    yield Static(
                        _(
                            "Please hand the keyboard to the visitor now and look away while "
                            "she sets her PIN. This screen will come back to you when she is "
                            "done, saying only whether a vault was made."
                        ),
                        classes="lead",
                        markup=False,
                    )
                    with Horizontal(classes="buttons"):
                        yield Button(_("Start"), id="visitor-start", variant="primary")
                        yield Button(_("Back"), id="hand-over-back")
                with Vertical(id="provision-done"):
                    yield Static("", id="outcome", classes="lead", markup=False)
                    with Horizontal(classes="buttons"):
                        yield Button(_("Set up another"), id="again")
                        yield Button(_("Back to the staff menu"), id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#hand-over", Button).focus()

    def _show(self, step: str, focus: str) -> None:
        self.query_one("#provision-steps", ContentSwitcher).current = step
        self.query_one(f"#{focus}", Button).focus()

    @on(Button.Pressed, "#suggest")
    def _suggest(self) -> None:
        self._suggested = self.kit.vault_care.suggest_name()
        # The suggestion goes into her form, not onto this screen.
        self.query_one("#suggestion", Static).update(
            _("A random name will be offered to her on the next page.")
        )
        self.query_one("#hand-over", Button).focus()

    @on(Button.Pressed, "#hand-over")
    def _hand_over(self) -> None:
        self._show("provision-hand-over", "visitor-start")

    @on(Button.Pressed, "#hand-over-back")
    def _not_yet(self) -> None:
        self._show("provision-start", "hand-over")

    @on(Button.Pressed, "#visitor-start")
    def _visitor_starts(self) -> None:
        self._handed_over = True
        as_visitor(self.kit)
        suggested, self._suggested = self._suggested, ""
        self.query_one("#suggestion", Static).update("")
        setup = VaultSetupScreen(self.kit, suggested, made=self._vault_made)
        self.app.push_screen(setup, self._back_to_staff)

    def _vault_made(self) -> None:
        # Recorded the moment the vault exists, whatever she does next; never its name. A log
        # that cannot be written must not stop her seeing her code.
        with contextlib.suppress(OSError, AuditLogDamaged):
            self.kit.audit.record(StaffAction.VAULT_MADE, self._staff.name)

    def _back_to_staff(self, made: bool | None) -> None:
        as_staff(self.kit)
        outcome = _("A vault was made.") if made else _("No vault was made.")
        self.query_one("#outcome", Static).update(outcome)
        self._show("provision-done", "done")

    @on(Button.Pressed, "#again")
    def _again(self) -> None:
        self._as_staff_again(lambda: self._show("provision-start", "hand-over"))

    @on(Button.Pressed, "#back")
    @on(Button.Pressed, "#done")
    def _leave(self) -> None:
        self._as_staff_again(self._back_to_menu)

    def _back_to_menu(self) -> None:
        self.dismiss(None)

    def _as_staff_again(self, then: Callable[[], None]) -> None:
        """``then``, once whoever has the keyboard after a handover has signed in as the same
        staff account (another set-up would let her try names for herself, the menu would give
        her the console); Back or anyone else signs staff out."""
        if not self._handed_over:
            then()
            return

        def signed_in(staff: StaffContext | None) -> None:
            if self.kit.session.ending:
                return
            if staff != self._staff:
                self.dismiss(Handover.SIGN_OUT)
                return
            self._handed_over = False
            then()

        self.app.push_screen(StaffSignInScreen(self.kit), signed_in)
