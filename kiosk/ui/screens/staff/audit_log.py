"""The staff log: each record (day, staff account, what, detail), newest first; whether the
log is as it was written, in calm words; and "Save as CSV".

The records hold no visitor's words, vault name, PIN or code (kiosk.staff.audit); what they do
hold was typed by staff or read from a file, so it is shown literally and terminal-safe.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from kiosk.i18n import _
from kiosk.staff.audit import AuditRecord, StaffAction
from kiosk.staff.export import log_csv
from kiosk.text import one_line, terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.frame import KioskScreen
from kiosk.ui.screens.staff.context import Handover, StaffContext
from kiosk.ui.screens.staff.save_csv import SaveCsvScreen
from kiosk.ui.wording import describe, staff_action_name, staff_log_state, staff_log_unreadable
from kiosk.vault.errors import VaultError


def _cell(text: str) -> Text:
    return Text(terminal_safe(one_line(text)))


class StaffLogScreen(KioskScreen[Handover | None]):
    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._records: list[AuditRecord] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="staff-log", classes="wide"):
            yield Static(_("Staff log"), classes="title", markup=False)
            yield Static("", id="staff-log-state", markup=False)
            yield DataTable(id="staff-log-records", cursor_type="row", zebra_stripes=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="numbers-row"):
                yield Button(_("Save as CSV"), id="log-save", compact=True, variant="primary")
                yield Button(_("Back"), id="back", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#staff-log-records", DataTable)
        table.add_column(_("Day"), key="day")
        table.add_column(_("Staff"), key="staff")
        table.add_column(_("What"), key="what")
        table.add_column(_("Detail"), key="detail")
        self._load()
        table.focus()

    def _load(self) -> None:
        log = self.kit.audit
        try:
            self._records = log.records(skip_damaged=True)
            state = staff_log_state(log.verify(), len(self._records))
        except VaultError as error:
            # The records are read; only their seal's check needs the gatekeeper service,
            # stopped or restarting: they are shown, and this line says they are unchecked.
            state = describe(error)
        except Exception:
            self._records = []
            state = staff_log_unreadable()
        self.query_one("#staff-log-state", Static).update(state)
        table = self.query_one("#staff-log-records", DataTable)
        table.clear()
        for record in reversed(self._records):
            table.add_row(
                _cell(record.day),
                _cell(record.staff),
                _cell(staff_action_name(record.action)),
                _cell(record.detail),
            )
        if not self._records:
            self.query_one("#message", Static).update(_("Nothing has been noted yet."))
        self.query_one("#log-save", Button).disabled = not self._records

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#log-save")
    def _save(self) -> None:
        self.app.push_screen(
            SaveCsvScreen(
                self.kit,
                self._staff,
                title=_("Save the staff log as CSV"),
                data=log_csv(self._records),
                stem="staff-log",
                action=StaffAction.LOG_EXPORTED,
                detail=f"{len(self._records)} records",
            ),
            self._saved,
        )

    def _saved(self, words: str | None) -> None:
        if words is not None:
            self._load()  # the export is in the log now
            self.query_one("#message", Static).update(words)
