"""Staff accounts from the console: the list, adding one and removing one (never the last).

Each change is in the staff log under the signed-in account's name. Passphrases are typed in
password fields and hashed off the UI thread (``account_add``).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.i18n import _
from kiosk.staff.errors import StaffAccountError
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.staff.context import Handover, StaffContext
from kiosk.ui.wording import describe
from kiosk.vault.errors import VaultError


class StaffAccountsScreen(KioskScreen[Handover | None]):
    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._names: list[str] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="staff-accounts", classes="wide"):
            yield Static(_("Staff accounts"), classes="title", markup=False)
            yield Static(
                _("These accounts can sign in to the staff console. Choose one to remove it."),
                markup=False,
            )
            yield OptionList(id="account-list", markup=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Add an account"), id="add-account", variant="primary")
                yield Button(_("Remove this account"), id="remove-account", disabled=True)
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self._show_accounts()
        self.query_one("#add-account", Button).focus()

    def _show_accounts(self) -> None:
        options = self.query_one("#account-list", OptionList)
        options.clear_options()
        self.query_one("#remove-account", Button).disabled = True
        try:
            self._names = self.kit.staff.names()
        except (StaffAccountError, VaultError) as error:  # VaultError: the gatekeeper service
            self._names = []
            self._say(describe(error))
        for name in self._names:
            options.add_option(Option(Text(terminal_safe(name)), id=name))

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    @on(OptionList.OptionHighlighted, "#account-list")
    def _highlighted(self) -> None:
        self.query_one("#remove-account", Button).disabled = self._chosen() is None

    @on(OptionList.OptionSelected, "#account-list")
    def _selected(self) -> None:
        self.query_one("#remove-account", Button).disabled = self._chosen() is None
        self.query_one("#remove-account", Button).focus()

    def _chosen(self) -> str | None:
        options = self.query_one("#account-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(Button.Pressed, "#add-account")
    def _add(self) -> None:
        from kiosk.ui.screens.staff.account_add import AddStaffAccountScreen

        self._say("")
        self.app.push_screen(AddStaffAccountScreen(self.kit, self._staff), self._added)

    def _added(self, outcome: str | None) -> None:
        self._show_accounts()
        if outcome is not None:
            self._say(outcome)

    @on(Button.Pressed, "#remove-account")
    def _remove(self) -> None:
        from kiosk.ui.screens.staff.account_remove import RemoveStaffAccountScreen

        chosen = self._chosen()
        if chosen is None:
            return
        try:
            name = self.kit.staff.check_removal(chosen)
            signed_in = self.kit.staff.account_name(self._staff.name)
        except (StaffAccountError, VaultError) as refusal:
            self._say(describe(refusal))  # the last account, or one removed meanwhile
            return
        if name == signed_in:
            # Removed, it would have gone on acting here (adding accounts) until sign-out.
            self._say(
                _(
                    "This is the account you are signed in with. Another member of staff "
                    "can remove it."
                )
            )
            return
        self._say("")
        self.app.push_screen(RemoveStaffAccountScreen(self.kit, self._staff, name), self._added)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)
