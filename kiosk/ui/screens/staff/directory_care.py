"""Helpline directory care (staff): the entries overdue for checking, each with its file and
organisation, marked checked today or opened for correction; every entry reachable too.

Changes go through kiosk.helplines.care (see ``directory_entry.save_change``); the list is
read again from the directory the change gave back, so staff see it at once.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.helplines.care import CareEntry, DirectoryCare
from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.staff.context import Handover, StaffContext
from kiosk.ui.screens.staff.directory_entry import (
    DirectoryEntryScreen,
    Saved,
    save_change,
    today_of,
)
from kiosk.ui.wording import last_checked


def _option_id(entry: CareEntry) -> str:
    # Region codes and ids are slugs (lowercase letters, digits, "-"): "/" joins them safely.
    return f"{entry.region}/{entry.helpline.id}"


def entry_line(entry: CareEntry, today_label: str) -> Text:
    """One entry in the list: organisation, file, when last checked. Text, never markup."""
    line = Text(terminal_safe(entry.helpline.name), style="bold")
    line.append(f"  {terminal_safe(entry.file)}  {today_label}")
    return line


class DirectoryCareScreen(KioskScreen[Handover | None]):
    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self.staff = staff
        self._show_all = False
        self._entries: list[CareEntry] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="directory-care", classes="wide"):
            yield Static(_("Helpline directory"), classes="title", markup=False)
            yield Static("", id="care-summary", markup=False)
            yield OptionList(id="care-entries", markup=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Checked today"), id="checked", variant="primary")
                yield Button(_("Correct"), id="correct")
                yield Button(_("Show all entries"), id="show")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#care-entries", OptionList).focus()

    # The list ---------------------------------------------------------------------------------

    def _fill(self, keep: int = 0) -> None:
        """Read the session's directory into the list; highlight position ``keep``."""
        today = today_of(self.kit)
        care = DirectoryCare(self.kit.config.helplines_path())
        every = care.entries(self.kit.directory)
        overdue = [entry for entry in every if entry.overdue(today)]
        self._entries = every if self._show_all else overdue
        summary = self.query_one("#care-summary", Static)
        if overdue:
            summary.update(
                ngettext(
                    "{count} entry has not been checked for six months. Check it on the "
                    "organisation's website, then mark it checked or correct it.",
                    "{count} entries have not been checked for six months. Check each on the "
                    "organisation's website, then mark it checked or correct it.",
                    len(overdue),
                ).format(count=format_number(len(overdue)))
            )
        else:
            summary.update(_("Every entry was checked in the last six months."))
        options = self.query_one("#care-entries", OptionList)
        options.clear_options()
        for entry in self._entries:
            label = last_checked(entry.helpline.verified_on, today)
            options.add_option(Option(entry_line(entry, label), id=_option_id(entry)))
        if not self._entries:
            options.add_option(Option(_("No entry is overdue for checking."), disabled=True))
        else:
            options.highlighted = min(keep, len(self._entries) - 1)
        show = self.query_one("#show", Button)
        show.label = _("Show overdue only") if self._show_all else _("Show all entries")
        for button in ("#checked", "#correct"):
            self.query_one(button, Button).disabled = not self._entries

    def _chosen(self) -> CareEntry | None:
        options = self.query_one("#care-entries", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self._entries):
            return None
        return self._entries[index]

    def say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    # Actions ----------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#care-entries")
    def _selected(self) -> None:
        """Enter (or a click) on an entry: the buttons act on it; the focus goes to them."""
        self.query_one("#checked", Button).focus()

    @on(Button.Pressed, "#checked")
    def _mark_checked(self) -> None:
        entry = self._chosen()
        if entry is None:
            return
        self._busy(True)
        self.say(_("Saving…"))
        self._run(entry)

    @work(thread=True, exclusive=True, exit_on_error=False, group="directory")
    def _run(self, entry: CareEntry) -> None:
        saved = save_change(self.kit, self.staff, entry, None)
        self.app.call_from_thread(self._saved, saved)

    def _saved(self, saved: Saved | str | None) -> None:
        """After a change (here, or in the form): show the new directory and the words."""
        self._busy(False)
        if isinstance(saved, Saved):
            if saved.directory is not None:
                self.kit.services.replace_directory(saved.directory)
            message: str | None = saved.message
        else:
            message = saved
        keep = self.query_one("#care-entries", OptionList).highlighted or 0
        self._fill(keep)
        if message is not None:
            self.say(message)
        self.query_one("#care-entries", OptionList).focus()

    @on(Button.Pressed, "#correct")
    def _correct(self) -> None:
        entry = self._chosen()
        if entry is not None:
            self.say("")
            self.app.push_screen(DirectoryEntryScreen(self.kit, self.staff, entry), self._saved)

    @on(Button.Pressed, "#show")
    def _toggle(self) -> None:
        self._show_all = not self._show_all
        self.say("")
        self._fill()
        self.query_one("#care-entries", OptionList).focus()

    def _busy(self, busy: bool) -> None:
        for widget in self.query("OptionList, Button"):
            widget.disabled = busy

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)
