"""My diary: the entries in the order things happened, a filter (types of behaviour, dates),
a search that answers while she types, and the ways on: a new entry, the summary, the printed
record, the check of the record and a copy to keep elsewhere."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from kiosk.diary.model import Behaviour
from kiosk.diary.repository import DiaryFilter, EntrySummary
from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_list, format_number
from kiosk.text import one_line, terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskModal, KioskScreen
from kiosk.ui.screens.diary.entry_lines import EntryLines
from kiosk.ui.vault_io import CopyReminder, DiaryListLoaded, VaultCallFailed
from kiosk.ui.widgets.keyboard import LetterKeyboard
from kiosk.ui.wording import behaviour_label, describe, diary_date
from kiosk.vault.errors import VaultError

# A search starts once she has stopped typing for this long (each key restarts the wait).
SEARCH_DELAY_SECONDS = 0.3
MAX_QUERY_CHARACTERS = 200


def not_read(error: Exception) -> str:
    """The calm words for a diary read that failed."""
    if isinstance(error, VaultError):
        return describe(error)
    return _("Your diary could not be read just now. Please ask staff for help.")


def describe_filter(where: DiaryFilter) -> str:
    """What the filter keeps, in words ("" for the whole diary)."""
    parts = []
    if where.behaviours:
        kinds = sorted(where.behaviours, key=list(Behaviour).index)
        # An entry with any of them is kept: an "or" list, as her language writes one.
        parts.append(format_list([behaviour_label(b) for b in kinds], style="or"))
    if where.start and where.end:
        parts.append(
            _("from {start} to {end}").format(
                start=diary_date(where.start), end=diary_date(where.end)
            )
        )
    elif where.start:
        parts.append(_("from {start}").format(start=diary_date(where.start)))
    elif where.end:
        parts.append(_("up to {end}").format(end=diary_date(where.end)))
    return "; ".join(parts)


class DiaryScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self._where = DiaryFilter()
        self._query = ""
        self._search_timer: Timer | None = None
        self._loaded = False
        self._whole_diary_empty = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="diary", classes="wide"):
            yield Static(_("My diary"), classes="title", markup=False)
            with Horizontal(id="diary-search-row"):
                yield Input(
                    placeholder=_("Search your diary"),
                    id="diary-search",
                    max_length=MAX_QUERY_CHARACTERS,
                )
                yield Button(_("Filter"), id="diary-filter")
                yield Button(_("On-screen keys"), id="diary-keys")
            yield Static("", id="diary-status", markup=False)
            yield EntryLines(id="diary-lines")
            yield Static("", id="diary-empty", markup=False)
            with Horizontal(id="diary-reminder"):
                yield Static("", id="diary-reminder-text", markup=False)
                yield Button(_("Keep a copy now"), id="diary-reminder-copy", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(_("New entry"), id="diary-new", variant="primary")
                yield Button(_("Read entry"), id="diary-read", disabled=True)
                yield Button(_("Back"), id="diary-back")
            with Horizontal(id="diary-more"):
                yield Button(_("Summary"), id="list-summary", compact=True)
                yield Button(_("Print or save"), id="list-print", compact=True)
                yield Button(_("Check the record"), id="list-verify", compact=True)
                yield Button(_("Keep a copy"), id="list-export", compact=True)
                yield Button(_("Load a copy"), id="list-import", compact=True)

    def on_mount(self) -> None:
        self.query_one("#diary-reminder").display = False
        self.query_one("#diary-empty").display = False
        self.query_one("#list-import").display = False
        self.query_one("#diary-new", Button).focus()

    def on_screen_resume(self) -> None:
        self._reload()

    # -- reading -------------------------------------------------------------------------------

    def _reload(self) -> None:
        """The list again (after a new entry, an amendment, a change of filter or search)."""
        if self._query:
            self.kit.vault.search_diary(self, self._query, self._where)
        else:
            self.kit.vault.load_diary_list(self, self._where)

    @on(DiaryListLoaded)
    def _show(self, loaded: DiaryListLoaded) -> None:
        if loaded.query != self._query or loaded.where != self._where:
            return  # an answer to something she has since changed
        reminder = self.query_one("#diary-reminder")
        if not self._loaded:
            self.kit.vault.copy_reminder(self)  # once, when the list is first shown
        elif reminder.display:
            self.kit.vault.copy_reminder(self, on_show=True)  # its count kept true
        self._loaded = True
        lines = self.query_one(EntryLines)
        lines.show(loaded.entries)
        whole = not loaded.query and loaded.where == DiaryFilter()
        if whole:
            self._whole_diary_empty = not loaded.entries
        self.query_one("#diary-status", Static).update(self._status(loaded))
        empty = self.query_one("#diary-empty", Static)
        empty.update(self._nothing_shown(loaded) if not loaded.entries else "")
        empty.display = not loaded.entries
        lines.display = bool(loaded.entries)
        self.query_one("#diary-read", Button).disabled = not loaded.entries
        # A copy can only be loaded into an empty diary (kiosk.portable refuses otherwise);
        # an empty diary has nothing to sum up, print, check or copy.
        for action in self.query("#diary-more Button"):
            action.display = (action.id == "list-import") == self._whole_diary_empty

    def _status(self, loaded: DiaryListLoaded) -> Text:
        count = len(loaded.entries)
        if loaded.query:
            said = ngettext(
                "{count} entry found for “{query}”", "{count} entries found for “{query}”", count
            ).format(count=format_number(count), query=terminal_safe(one_line(loaded.query)))
        else:
            said = ngettext("{count} entry", "{count} entries", count).format(
                count=format_number(count)
            )
        kept = describe_filter(loaded.where)
        if kept:
            said = _("{found}; showing only: {kept}").format(found=said, kept=kept)
        return Text(said)

    def _nothing_shown(self, loaded: DiaryListLoaded) -> str:
        if loaded.query:
            return _(
                "Nothing found. Try fewer or shorter words, or clear the search to see every entry."
            )
        if loaded.where != DiaryFilter():
            return _("No entries match this filter. Choose Filter to change it.")
        return _(
            "Your diary has no entries yet. Choose New entry to write down what happened, "
            "small things too."
        )

    @on(CopyReminder)
    def _remind(self, reminder: CopyReminder) -> None:
        """Gently, once a visit: entries were added since her last copy or printed record."""
        if reminder.records <= 0:
            # None (or none now: she printed the whole record meanwhile) is said by nothing.
            self.query_one("#diary-reminder").display = False
            return
        words = ngettext(
            "{count} entry or change is not in a copy yet.",
            "{count} entries or changes are not in a copy yet.",
            reminder.records,
        ).format(count=format_number(reminder.records))
        self.query_one("#diary-reminder-text", Static).update(words)
        self.query_one("#diary-reminder").display = True

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        if failed.call == "copy_reminder":
            return  # a reminder that cannot be worked out is simply not shown
        self.app.notify(not_read(failed.error), timeout=6)

    # -- search --------------------------------------------------------------------------------

    @on(Input.Changed, "#diary-search")
    def _typed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY_SECONDS, self.search_now)

    @on(Input.Submitted, "#diary-search")
    def _submitted(self) -> None:
        self.search_now()
        lines = self.query_one(EntryLines)
        if lines.display:
            lines.focus()

    def search_now(self) -> None:
        """Search for what the box holds now (or show the whole list when it is empty)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        query = self.query_one("#diary-search", Input).value.strip()
        if query == self._query and self._loaded:
            return
        self._query = query
        self._reload()

    @on(Button.Pressed, "#diary-keys")
    def _keys(self) -> None:
        """A search by mouse or touch alone: the letter keyboard, in a dialog."""

        def typed(query: str | None) -> None:
            if query is not None:
                self.query_one("#diary-search", Input).value = query
                self.search_now()

        search = self.query_one("#diary-search", Input).value
        self.app.push_screen(SearchKeysDialog(self.kit, search), typed)

    # -- filter --------------------------------------------------------------------------------

    @on(Button.Pressed, "#diary-filter")
    def _filter(self) -> None:
        def chosen(where: DiaryFilter | None) -> None:
            if where is not None and where != self._where:
                self._where = where
                self._reload()

        self.app.push_screen(DiaryFilterDialog(self.kit, self._where), chosen)

    # -- entries -------------------------------------------------------------------------------

    @on(EntryLines.Chosen)
    def _chosen(self, chosen: EntryLines.Chosen) -> None:
        self._open(chosen.number)

    @on(Button.Pressed, "#diary-read")
    def _read(self) -> None:
        current = self.query_one(EntryLines).current
        if current is not None:
            self._open(current.number)

    def _open(self, number: int) -> None:
        from kiosk.ui.screens.diary.entry_view import EntryViewScreen

        self.app.push_screen(EntryViewScreen(self.kit, number))

    @on(Button.Pressed, "#diary-new")
    def _new(self) -> None:
        # HAND-OFF (form, branch w-form): the new-entry form; it returns the saved entry's
        # number or None. The list reloads when it is shown again.
        from kiosk.ui.screens.diary.entry_form import EntryFormScreen

        self.app.push_screen(EntryFormScreen(self.kit))

    def shown_numbers(self) -> list[int] | None:
        """The entries on the list when a filter or search narrows it; None: the whole diary."""
        if not self._query and self._where == DiaryFilter():
            return None
        return [entry.number for entry in self.query_one(EntryLines).entries]

    @on(Button.Pressed, "#list-summary")
    def _summary(self) -> None:
        from kiosk.ui.screens.diary.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.kit))

    @on(Button.Pressed, "#list-print")
    def _print(self) -> None:
        # HAND-OFF (print, branch w-print): the printed record of the entries on the list.
        from kiosk.ui.screens.diary.print_record import PrintRecordScreen

        self.app.push_screen(PrintRecordScreen(self.kit, numbers=self.shown_numbers()))

    @on(Button.Pressed, "#list-verify")
    def _verify(self) -> None:
        from kiosk.ui.screens.diary.verify import VerifyScreen

        self.app.push_screen(VerifyScreen(self.kit))

    @on(Button.Pressed, "#list-export")
    @on(Button.Pressed, "#diary-reminder-copy")
    def _export(self) -> None:
        from kiosk.ui.screens.diary.copies import KeepCopyScreen

        self.query_one("#diary-reminder").display = False
        self.app.push_screen(KeepCopyScreen(self.kit))

    @on(Button.Pressed, "#list-import")
    def _import(self) -> None:
        from kiosk.ui.screens.diary.copies import LoadCopyScreen

        self.app.push_screen(LoadCopyScreen(self.kit))

    @on(Button.Pressed, "#diary-back")
    def _back(self) -> None:
        self.dismiss(None)

    @property
    def entries(self) -> list[EntrySummary]:
        return self.query_one(EntryLines).entries


def parse_day(text: str) -> dt.date | None:
    """A day typed as year-month-day; None for anything else."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


class DiaryFilterDialog(KioskModal[DiaryFilter | None]):
    """Which entries the list shows: types of behaviour (any of those ticked) and dates."""

    def __init__(self, kit: ScreenKit, where: DiaryFilter) -> None:
        super().__init__(kit)
        self._where = where

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog", id="diary-filter-dialog"):
            yield Static(_("Show only entries about"), classes="field-label", markup=False)
            yield SelectionList[str](
                *[
                    Selection(Text(behaviour_label(b)), b.value, b in self._where.behaviours)
                    for b in Behaviour
                ],
                id="filter-behaviours",
            )
            with Horizontal(id="filter-dates"):
                with Vertical():
                    yield Label(_("From (year-month-day)"), classes="field-label")
                    yield Input(
                        self._day(self._where.start), id="filter-start", placeholder="2026-01-31"
                    )
                with Vertical():
                    yield Label(_("To (year-month-day)"), classes="field-label")
                    yield Input(
                        self._day(self._where.end), id="filter-end", placeholder="2026-12-31"
                    )
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Show"), id="filter-apply", variant="primary")
                yield Button(_("Show all"), id="filter-clear")
                yield Button(_("Cancel"), id="filter-cancel")

    @staticmethod
    def _day(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    def on_mount(self) -> None:
        self.query_one("#filter-behaviours", SelectionList).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#filter-apply")
    def _apply(self) -> None:
        start_text = self.query_one("#filter-start", Input).value
        end_text = self.query_one("#filter-end", Input).value
        start, end = parse_day(start_text), parse_day(end_text)
        message = self.query_one("#message", Static)
        if (start_text.strip() and start is None) or (end_text.strip() and end is None):
            message.update(_("Please write dates as year-month-day, for example 2026-01-31."))
            return
        if start and end and end < start:
            message.update(_("The second date is before the first. Please change one of them."))
            return
        ticked = self.query_one("#filter-behaviours", SelectionList).selected
        kinds = frozenset(Behaviour(value) for value in ticked)
        self.dismiss(DiaryFilter(behaviours=kinds, start=start, end=end))

    @on(Button.Pressed, "#filter-clear")
    def _clear(self) -> None:
        self.dismiss(DiaryFilter())

    @on(Button.Pressed, "#filter-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class SearchKeysDialog(KioskModal[str | None]):
    """The search box with the on-screen letter keyboard; OK searches."""

    def __init__(self, kit: ScreenKit, search: str) -> None:
        super().__init__(kit)
        self._search = search

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog", id="diary-keys-dialog"):
            yield Input(
                self._search,
                placeholder=_("Search your diary"),
                id="keys-search",
                max_length=MAX_QUERY_CHARACTERS,
            )
            yield LetterKeyboard()
            with Horizontal(classes="buttons"):
                yield Button(_("Search"), id="keys-apply", variant="primary")
                yield Button(_("Cancel"), id="keys-cancel")

    def on_mount(self) -> None:
        self.query_one("#keys-search", Input).focus()

    @on(LetterKeyboard.Typed)
    def _typed(self, event: LetterKeyboard.Typed) -> None:
        self.query_one("#keys-search", Input).insert_text_at_cursor(event.text)

    @on(LetterKeyboard.Erase)
    def _erase(self) -> None:
        self.query_one("#keys-search", Input).action_delete_left()

    @on(LetterKeyboard.Done)
    @on(Input.Submitted)
    @on(Button.Pressed, "#keys-apply")
    def _apply(self) -> None:
        self.dismiss(self.query_one("#keys-search", Input).value)

    @on(Button.Pressed, "#keys-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
