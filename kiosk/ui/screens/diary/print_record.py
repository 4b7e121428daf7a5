"""Print the diary, or save it as a PDF: the whole diary, a date range or the entries she chose.

The vault is read through ``VaultIO`` (``load_diary_record``); the record is laid out in a
renderer process (``CancellableRender``) that Cancel, Back and the session's end all kill, so
neither the screen nor a quick exit ever waits for WeasyPrint. WeasyPrint says nothing while
it lays pages out, so the bar is an honest indeterminate one, with the stage named beside it.

Returns True when a record was printed or saved (for the diary's "keep a copy" reminder).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, ProgressBar, RadioButton, RadioSet, Static

from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.printing.diary_record import diary_record
from kiosk.printing.documents import DiaryRecord, RecordScope
from kiosk.printing.service import CancellableRender
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.delivery import render_and_deliver
from kiosk.ui.screens.common.print_or_save import PrintOrSaveScreen
from kiosk.ui.vault_io import DiaryRecordLoaded, VaultCallFailed
from kiosk.ui.widgets.release_printing import ReleasePrinting
from kiosk.ui.widgets.save_place import SavePlaceChoice
from kiosk.ui.wording import record_not_prepared, record_not_read, record_outcome


def _date(typed: str) -> dt.date | None:
    """A date typed as year-month-day; None for an empty field; ValueError otherwise."""
    typed = typed.strip()
    return dt.date.fromisoformat(typed) if typed else None


class PrintRecordScreen(PrintOrSaveScreen):
    PRINT_ID = "print-record-button"
    SAVE_ID = "save-record"
    CANCEL_ID = "cancel-record"
    PROGRESS_ID = "record-progress"
    STAGE_ID = "record-stage"

    def __init__(self, kit: ScreenKit, *, numbers: list[int] | None = None) -> None:
        super().__init__(kit)
        self._numbers = sorted(set(numbers)) if numbers else None
        self._save = False
        self._folder: Path | None = None
        self._scope = RecordScope.WHOLE
        self._from: dt.date | None = None
        self._to: dt.date | None = None
        self._whole_count: int | None = None  # the chain's records in a whole-diary record
        self._held_whole_count: int | None = None  # ... in one held at the printer
        self._request = 0  # which vault read the screen is waiting for

    # -- the screen --------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Vertical(id="print-record", classes="wide"):
            yield Static(_("Print my record"), classes="title", markup=False)
            with VerticalScroll(id="record-options"):
                yield Label(_("What to print"), classes="field-label")
                with RadioSet(id="record-scope"):
                    yield RadioButton(
                        Text(_("The whole diary")), value=self._numbers is None, id="scope-whole"
                    )
                    yield RadioButton(Text(_("Entries from a date range")), id="scope-range")
                    if self._numbers is not None:
                        # The entries on the list she came from (filtered, or found by a search).
                        chosen = ngettext(
                            "Only the entry on the list",
                            "Only the {count} entries on the list",
                            len(self._numbers),
                        ).format(count=format_number(len(self._numbers)))
                        yield RadioButton(Text(chosen), value=True, id="scope-chosen")
                with Horizontal(id="record-range"):
                    yield Label(_("From (year-month-day)"), classes="field-label")
                    yield Input(id="range-start", max_length=10)
                    yield Label(_("to"), classes="field-label")
                    yield Input(id="range-end", max_length=10)
                yield Label(_("Heading on every page"), classes="field-label")
                with RadioSet(id="record-heading"):
                    yield RadioButton(
                        Text(_('"Personal record" (says nothing about what it is)')),
                        value=True,
                        id="heading-neutral",
                    )
                    yield RadioButton(Text(_('"Incident diary"')), id="heading-titled")
                yield SavePlaceChoice(
                    self.kit.config.save_path(),
                    label=_("To save as PDF: where to save it"),
                    input_id="record-folder",
                    # Translators: where USB sticks appear on the kiosk; keep the path as it is.
                    placeholder=_("/media/…"),
                )
            yield Static("", id="message", markup=False)
            yield ReleasePrinting(self.kit)
            with Horizontal(id="record-progress"):
                yield ProgressBar(total=None, show_percentage=False, show_eta=False, id="bar")
                yield Static("", id="record-stage", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Print"), id="print-record-button", variant="primary")
                yield Button(_("Save as PDF"), id="save-record")
                yield Button(_("Cancel"), id="cancel-record")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self._show_busy()
        self.query_one("#record-scope", RadioSet).focus()

    # The dates are always shown, never hidden until the range is chosen: a Tab typed right
    # after choosing it could reach the focus chain before the newly shown fields.
    @on(Input.Changed, "#range-start, #range-end")
    def _a_date_means_a_range(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.query_one("#scope-range", RadioButton).value = True

    def _chosen_scope(self) -> RecordScope:
        pressed = self.query_one("#record-scope", RadioSet).pressed_button
        if pressed is not None and pressed.id == "scope-range":
            return RecordScope.RANGE
        if pressed is not None and pressed.id == "scope-chosen":
            return RecordScope.CHOSEN
        return RecordScope.WHOLE

    # -- asking for it -----------------------------------------------------------------------

    def _start(self, *, save: bool) -> None:
        if self._busy:
            self._say(_("Your record is still being prepared. Please wait for it."))
            return
        scope = self._chosen_scope()
        start = end = None
        if scope is RecordScope.RANGE:
            try:
                start = _date(self.query_one("#range-start", Input).value)
                end = _date(self.query_one("#range-end", Input).value)
            except ValueError:
                self._say(_("Please give the dates as year-month-day, for example 2026-11-29."))
                return
            if start is None and end is None:
                self._say(_("Please give the first date, the last date, or both."))
                return
            if start is not None and end is not None and start > end:
                self._say(_("The first date is after the last one. Please check them."))
                return
        folder = None
        if save and (folder := self._save_folder()) is None:
            return
        self._save, self._folder = save, folder
        self._scope, self._from, self._to = scope, start, end
        self._request += 1  # an answer to an earlier, cancelled request is dropped
        self._begin(_("Reading your diary…"))
        numbers = self._numbers if scope is RecordScope.CHOSEN else None
        self.kit.vault.load_diary_record(
            self, numbers=numbers, start=start, end=end, request=self._request
        )

    @on(DiaryRecordLoaded)
    def _loaded(self, loaded: DiaryRecordLoaded) -> None:
        if not self._busy or self._cancelled or loaded.request != self._request:
            return
        if not loaded.entries:
            self._finished(_("There are no entries to print for that choice."))
            return
        record = diary_record(
            loaded.entries,
            loaded.chain,
            loaded.verification,
            titled=self.query_one("#heading-titled", RadioButton).value,
            scope=self._scope,
            start=self._from,
            end=self._to,
        )
        # Only a record of the whole diary is a copy of it (the "keep a copy" reminder).
        self._whole_count = record.head_count if self._scope is RecordScope.WHOLE else None
        count = len(record.entries)
        self._stage(
            ngettext("Preparing {count} entry…", "Preparing {count} entries…", count).format(
                count=format_number(count)
            )
        )
        self._rendering = CancellableRender(self.kit.print_jobs)
        self._produce(self._rendering, record, self._save, self._folder)

    @on(VaultCallFailed)
    def _not_loaded(self, failed: VaultCallFailed) -> None:
        if self._busy and failed.call == "load_diary_record":
            self._finished(record_not_read(failed.error))

    @work(thread=True, exclusive=True, exit_on_error=False, group="printing")
    def _produce(
        self, render: CancellableRender, record: DiaryRecord, save: bool, folder: Path | None
    ) -> None:
        render_and_deliver(
            self,
            self.app.call_from_thread,
            render,
            record,
            folder=folder if save else None,
            not_prepared=record_not_prepared,
            worded=record_outcome,
        )

    def _on_finished(self, done: bool) -> None:
        if done and self._whole_count is not None:
            self.kit.vault.diary_record_kept(self._whole_count)
        elif self._whole_count is not None and self.kit.print_jobs.held:
            # Held at the printer: a copy she has once she releases it (``_on_released``).
            self._held_whole_count = self._whole_count
        self._whole_count = None

    def _on_released(self, released: ReleasePrinting.Released) -> None:
        if released.printed and self._held_whole_count is not None:
            self._made = True
            self.kit.vault.diary_record_kept(self._held_whole_count)
        self._held_whole_count = None
