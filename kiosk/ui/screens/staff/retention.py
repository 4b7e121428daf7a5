"""Unused vaults, for staff (issue 11, item 3; vault-security.md §8, retention): the vaults not
opened for ``[staff] retention_months``, by opaque id and creation month only, and one
confirmed step that deletes them all. Each is checked again just before it goes (one opened
since the list was shown is kept)."""

from __future__ import annotations

import contextlib
import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.staff.audit import AuditLogDamaged, StaffAction
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.common.dialogs import ConfirmDialog
from kiosk.ui.screens.staff.context import Handover, StaffContext
from kiosk.ui.wording import describe


class UnusedVaultsScreen(KioskScreen[Handover | None]):
    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._months = kit.config.staff.retention_months
        self._ids: list[str] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="unused-vaults", classes="wide"):
            yield Static(_("Unused vaults"), classes="title", markup=False)
            yield Static(
                ngettext(
                    "Vaults nobody has opened for {count} month or more, by number and the "
                    "month each was made. Their names are not known here.",
                    "Vaults nobody has opened for {count} months or more, by number and the "
                    "month each was made. Their names are not known here.",
                    self._months,
                ).format(count=format_number(self._months)),
                classes="lead",
                markup=False,
            )
            with VerticalScroll(id="unused-list", can_focus=True):
                yield Static("", id="unused-lines", markup=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("", id="delete-unused", variant="error")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self._refresh()

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).date()

    def _refresh(self) -> None:
        try:
            unused = self.kit.vault_care.unused(self._months, self._today())
        except Exception as error:
            unused = []
            self._say(describe(error))
        self._ids = [vault.vault_id for vault in unused]
        lines = [
            _("{id}  made {month}").format(id=vault.vault_id, month=vault.created_month)
            for vault in unused
        ]
        self.query_one("#unused-lines", Static).update(
            "\n".join(lines) if lines else _("No vault has gone unused that long.")
        )
        button = self.query_one("#delete-unused", Button)
        count = len(self._ids)
        button.label = ngettext(
            "Delete this {count} vault", "Delete these {count} vaults", count
        ).format(count=format_number(count))
        button.display = count > 0
        self.query_one("#delete-unused" if count else "#back", Button).focus()

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    @on(Button.Pressed, "#delete-unused")
    def _ask(self) -> None:
        count = len(self._ids)
        question = ngettext(
            "Delete {count} vault for ever? Everything in it will be gone. This cannot be undone.",
            "Delete {count} vaults for ever? Everything in them will be gone. This cannot be "
            "undone.",
            count,
        ).format(count=format_number(count))
        ids = list(self._ids)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.query_one("#delete-unused", Button).disabled = True
                self._say(_("Deleting…"))
                self._erase(ids)

        self.app.push_screen(
            ConfirmDialog(self.kit, question, _("Delete for ever"), _("Keep them")), confirmed
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="retention")
    def _erase(self, ids: list[str]) -> None:
        try:
            erased = self.kit.vault_care.delete_unused(ids, self._months, self._today())
        except Exception as error:
            self.app.call_from_thread(self._erased, describe(error))
            return
        if erased:
            with contextlib.suppress(OSError, AuditLogDamaged):
                self.kit.audit.record(
                    StaffAction.UNUSED_VAULTS_DELETED, self._staff.name, str(erased)
                )
        kept = len(ids) - erased
        message = ngettext(
            "{count} vault was deleted.", "{count} vaults were deleted.", erased
        ).format(count=format_number(erased))
        if kept:
            message += " " + ngettext(
                "{count} was kept: it was opened or is in use.",
                "{count} were kept: they were opened or are in use.",
                kept,
            ).format(count=format_number(kept))
        self.app.call_from_thread(self._erased, message)

    def _erased(self, message: str) -> None:
        if not self.is_attached:
            return
        self.query_one("#delete-unused", Button).disabled = False
        self._refresh()
        self._say(message)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)
