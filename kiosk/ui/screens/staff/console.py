"""Staff sign-in and the staff menu. Staff can close the kiosk; they can never open a vault."""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import _, ngettext
from kiosk.staff.errors import StaffSignInPaused
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import FormScreen, KioskScreen
from kiosk.ui.screens.common.dialogs import ConfirmDialog
from kiosk.ui.wording import check_date, describe


class StaffSignInScreen(FormScreen[None]):
    FIELDS = ("staff-name", "passphrase")

    def compose_body(self) -> ComposeResult:
        with Vertical(id="staff-sign-in", classes="form centred"):
            yield Static(_("Staff sign-in"), classes="title", markup=False)
            yield Label(_("Staff name"), classes="field-label")
            yield Input(id="staff-name", max_length=60)
            yield Label(_("Passphrase"), classes="field-label")
            yield Input(id="passphrase", password=True, max_length=256)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Sign in"), id="sign-in", variant="primary")
                yield Button(_("Back"), id="back")

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

    @work(thread=True, exclusive=True, exit_on_error=False, group="staff")
    def _verify(self, name: str, passphrase: str) -> None:
        message = _("That staff name or passphrase was not recognised.")
        try:
            accepted = self.kit.staff.verify(name, passphrase)
        except StaffSignInPaused as paused:
            accepted, message = False, describe(paused)
        except Exception:
            accepted = False
        self.app.call_from_thread(self._verified, accepted, name, message)

    def _verified(self, accepted: bool, name: str, message: str) -> None:
        if accepted:
            self.app.switch_screen(StaffMenuScreen(self.kit, " ".join(name.split())))
            return
        self.set_busy(False)
        self.clear("passphrase")
        self.say(message)
        self.query_one("#passphrase", Input).focus()


class StaffMenuScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit, staff_name: str) -> None:
        super().__init__(kit)
        self._staff_name = staff_name

    def compose_body(self) -> ComposeResult:
        with Vertical(id="staff-menu", classes="form centred"):
            title = _("Staff: {name}").format(name=self._staff_name)
            yield Static(title, classes="title", markup=False)
            yield Static(
                _(
                    "Vaults are set up, listed and deleted with the 'kiosk admin' command on "
                    "the operator's console. Staff cannot open or read any vault."
                ),
                classes="lead",
                markup=False,
            )
            yield Static(self._freshness(), id="freshness", classes="lead", markup=False)
            with Center(), Vertical(classes="menu wide-menu"):
                yield Button(_("Back to the welcome screen"), id="back")
                yield Button(_("Close the kiosk"), id="close-kiosk", variant="error")

    def _freshness(self) -> str:
        today = dt.datetime.fromtimestamp(self.kit.clock()).date()
        stale = [
            helpline
            for region in self.kit.directory.regions.values()
            for helpline in region.stale(today)
        ]
        if not stale:
            return _("All helpline entries were checked in the last six months.")
        names = ", ".join(f"{h.name} ({check_date(h.verified_on)})" for h in stale[:6])
        if len(stale) > 6:
            others = len(stale) - 6
            names = ngettext("{names} and {count} more", "{names} and {count} more", others).format(
                names=names, count=others
            )
        return ngettext(
            "{count} helpline entry has not been checked for six months: {names}. Please check "
            "it on the organisation's website ('kiosk doctor' lists them all).",
            "{count} helpline entries have not been checked for six months: {names}. Please "
            "check them on each organisation's website ('kiosk doctor' lists them all).",
            len(stale),
        ).format(count=len(stale), names=names)

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @on(Button.Pressed, "#close-kiosk")
    def _close(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.kit.session.close_kiosk()

        self.app.push_screen(
            ConfirmDialog(
                self.kit,
                _("Close the kiosk? Nobody can use it until it is started again."),
                _("Close the kiosk"),
                _("Keep it running"),
            ),
            confirmed,
        )

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)
