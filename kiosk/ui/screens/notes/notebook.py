"""My notes: a list of the visitor's notes, a full-screen reader, and an editor (for a new note
or an existing one) whose unsaved text survives a quick exit as an encrypted draft."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.notes.repository import MAX_NOTE_CHARACTERS, NOTE_DRAFT, Note
from kiosk.text import terminal_safe, typed_text
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.common.dialogs import ConfirmDialog
from kiosk.ui.screens.common.tap_keys import type_by_tap
from kiosk.ui.vault_io import (
    DraftDiscarded,
    NotebookLoaded,
    NoteDeleted,
    NoteSaved,
    VaultCallFailed,
)
from kiosk.ui.wording import describe, note_time
from kiosk.vault.errors import VaultError
from kiosk.vault.storage.drafts import Draft


def _shown(text: str) -> str:
    """Stored text as it may reach the terminal: tabs as spaces, every control escaped."""
    return terminal_safe(text.expandtabs(4))


def _not_done(error: Exception) -> str:
    """The calm words for a vault call that failed."""
    if isinstance(error, LookupError):
        return _("This note is no longer in your vault, so it was not saved.")
    if isinstance(error, VaultError):
        return describe(error)
    return _("Something went wrong with your vault. Please ask staff for help.")


class NotesScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self._notes: list[Note] = []
        # The unfinished notes a quick exit left (a new one, edits), once the notebook is loaded.
        self._drafts: list[Draft] = []
        self._loaded = False
        self._write_when_loaded = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="notes", classes="wide"):
            yield Static(_("My notes"), classes="title", markup=False)
            yield Static(_("Only you can read these, with your vault name and PIN."), markup=False)
            yield OptionList(id="note-list", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Write a note"), id="write", variant="primary")
                yield Button(_("Read this note"), id="read", disabled=True)
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#write", Button).focus()

    def on_screen_resume(self) -> None:
        self._loaded = False  # what an editor just saved or threw away is read again
        self.kit.vault.load_notebook(self, NOTE_DRAFT)

    @on(NotebookLoaded)
    def _show_notebook(self, loaded: NotebookLoaded) -> None:
        self._notes, self._drafts, self._loaded = loaded.notes, loaded.drafts, True
        options = self.query_one("#note-list", OptionList)
        options.clear_options()
        if not self._notes:
            options.add_option(Option(_("No notes yet."), disabled=True))
        for note in self._notes:
            # Text, never a markup string: a note may contain anything, brackets included.
            # Escaped too: pasted text can hold escape sequences a terminal would act on.
            label = Text(f"{note_time(note.written)}  {_shown(note.first_line[:60])}")
            if self._draft_for(str(note.id)) is not None:
                label.append(_("  (unfinished)"))
            options.add_option(Option(label, id=str(note.id)))
        self.query_one("#read", Button).disabled = True
        if self._write_when_loaded:
            self._write_when_loaded = False
            self._write()

    @on(VaultCallFailed)
    def _not_loaded(self, failed: VaultCallFailed) -> None:
        self._write_when_loaded = False
        self.app.notify(_not_done(failed.error), timeout=6)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The list taken by Tab shows a note chosen, so that Enter reads it (it waited for an
        arrow key first, with nothing on show to say so)."""
        options = event.widget
        if not isinstance(options, OptionList) or options.id != "note-list":
            return
        if options.highlighted is None and self._notes:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#read", Button).disabled = self._selected(event.option.id) is None

    @on(OptionList.OptionSelected)
    def _selected_by_click_or_enter(self, event: OptionList.OptionSelected) -> None:
        self._open(self._selected(event.option.id))

    @on(Button.Pressed, "#read")
    def _read(self) -> None:
        options = self.query_one("#note-list", OptionList)
        if options.highlighted is not None:
            self._open(self._selected(options.get_option_at_index(options.highlighted).id))

    def _open(self, note: Note | None) -> None:
        if note is not None:
            self.app.push_screen(NoteReaderScreen(self.kit, note, self._draft_for(str(note.id))))

    def _selected(self, option_id: str | None) -> Note | None:
        return next((n for n in self._notes if str(n.id) == option_id), None)

    def _draft_for(self, reference: str) -> Draft | None:
        return next((d for d in self._drafts if d.reference == reference), None)

    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        if not self._loaded:
            self._write_when_loaded = True  # the draft may belong to a note: wait for it
            return
        # Always a new note (an unfinished new note left by a quick exit is taken up again):
        # an unfinished edit comes back only through its own note's Edit, so a new note can
        # never be written over an old one.
        self.app.push_screen(NoteEditorScreen(self.kit, None, self._draft_for("")))

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)


class NoteReaderScreen(KioskScreen[None]):
    """One note, full screen, scrolled with the arrow and page keys or the mouse wheel."""

    def __init__(self, kit: ScreenKit, note: Note, draft: Draft | None) -> None:
        super().__init__(kit)
        self._note = note
        self._draft = draft

    def compose_body(self) -> ComposeResult:
        with Vertical(id="note-reader-screen", classes="wide"):
            when = note_time(self._note.written)
            yield Static(_("Note written {when}").format(when=when), classes="title", markup=False)
            with VerticalScroll(id="note-reader", can_focus=True):
                yield Static(_shown(self._note.body), id="note-body", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Edit this note"), id="edit", variant="primary")
                # Not second: one press on a note in the list opens it here, and a press
                # straight after where "Read this note" was would have met "Delete".
                yield Button(_("Make a diary entry"), id="to-diary")
                yield Button(_("Delete this note"), id="delete")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#note-reader", VerticalScroll).focus()

    @on(Button.Pressed, "#to-diary")
    def _to_diary(self) -> None:
        from kiosk.ui.screens.diary.entry_form import EntryFormScreen, from_note

        def saved(number: int | None) -> None:
            if number is not None:
                self.app.notify(_("Saved in your diary as entry {number}.").format(number=number))

        prefill = from_note(self._note.body, self._note.written)
        self.app.push_screen(EntryFormScreen(self.kit, prefill=prefill), saved)

    @on(Button.Pressed, "#edit")
    def _edit(self) -> None:
        self.app.switch_screen(NoteEditorScreen(self.kit, self._note, self._draft))

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.kit.vault.delete_note(self, self._note.id)

        self.app.push_screen(
            ConfirmDialog(
                self.kit, _("Delete this note for good? This cannot be undone."), _("Delete")
            ),
            confirmed,
        )

    @on(NoteDeleted)
    def _deleted(self) -> None:
        self.dismiss(None)

    @on(VaultCallFailed)
    def _not_deleted(self, failed: VaultCallFailed) -> None:
        self.app.notify(_not_done(failed.error), timeout=6)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)


class NoteEditorScreen(KioskScreen[None]):
    """Writes a new note, or replaces the text of ``note``.

    Implements the draft protocol: ``draft_kind``, ``draft_reference()`` and ``draft_fields()``.
    """

    draft_kind = NOTE_DRAFT

    def __init__(
        self, kit: ScreenKit, note: Note | None = None, draft: Draft | None = None
    ) -> None:
        super().__init__(kit)
        self._note = note
        self._draft = draft
        self._note_stored = False
        self._closed_once = False
        self._close_when_shown = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="note-editor", classes="wide"):
            title = (
                _("New note")
                if self._note is None
                else _("Edit note of {when}").format(when=note_time(self._note.written))
            )
            yield Static(title, classes="title", markup=False)
            yield Static("", id="draft-message", markup=False)
            yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("On-screen keys"), id="keys")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        draft = self._draft
        area = self.query_one("#note-text", TextArea)
        if draft is not None and draft.reference != self.draft_reference():
            draft = None  # a draft of another note is kept for that note
        if self._note is not None:
            area.load_text(typed_text(self._note.body))
        if draft is not None:
            area.load_text(typed_text(draft.fields.get("text", "")))
            self.query_one("#draft-message", Static).update(
                _(
                    "This is what you were writing when the kiosk last closed. "
                    "It was kept safe in your vault."
                )
            )
        area.move_cursor(area.document.end)  # she goes on from where the text ends
        area.focus()

    def draft_reference(self) -> str:
        return "" if self._note is None else str(self._note.id)

    def draft_fields(self) -> dict[str, str] | None:
        text = self.query_one("#note-text", TextArea).text
        if self._note_stored or not text.strip():
            return None
        if self._note is not None and text == self._note.body:
            return None
        return {"text": text}

    @on(Button.Pressed, "#keys")
    def _keys(self) -> None:
        """Writing by mouse or touch alone, as on every other form."""
        area = self.query_one("#note-text", TextArea)
        if not area.read_only:  # not while it is being saved
            type_by_tap(self, self.kit, area)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text = self.query_one("#note-text", TextArea).text
        if not text.strip():
            self.query_one("#message", Static).update(_("There is nothing to save yet."))
            return
        if len(text.strip()) > MAX_NOTE_CHARACTERS:
            count = len(text.strip())
            too_long = ngettext(
                "This note is too long to save in one go ({count} character; the limit is "
                "{limit}). Please split it into two notes.",
                "This note is too long to save in one go ({count} characters; the limit is "
                "{limit}). Please split it into two notes.",
                count,
            )
            self.query_one("#message", Static).update(
                too_long.format(
                    count=format_number(count), limit=format_number(MAX_NOTE_CHARACTERS)
                )
            )
            return
        self.query_one("#save", Button).disabled = True
        # What is being saved stays as it is until the answer: a quick exit meanwhile keeps it
        # as a draft only if the save does not store it (kiosk.ui.vault_io).
        self.query_one("#note-text", TextArea).read_only = True
        written = dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).astimezone()
        note_id = None if self._note is None else self._note.id
        self.kit.vault.save_note(
            self,
            note_id,
            text,
            written=written,
            draft=(NOTE_DRAFT, self.draft_reference()),
            as_draft=self.draft_fields(),
        )

    @on(NoteSaved)
    def _note_saved(self) -> None:
        self._note_stored = True  # no draft of it from now on: it is a note
        self._done()

    @on(DraftDiscarded)
    def _done(self) -> None:
        """Close this editor once (a save and a cancel may both answer), whatever is above it:
        its own "Throw away?" dialog goes first (answered "keep": the note is saved); under the
        idle screen it closes when it is shown again."""
        stack = self.app.screen_stack
        if self._closed_once or self not in stack:
            return
        above = stack[stack.index(self) + 1 :]
        if above:
            self._close_when_shown = True
            if isinstance(above[-1], ConfirmDialog):
                above[-1].dismiss(False)
            return
        self._closed_once = True
        self.dismiss(None)

    def on_screen_resume(self) -> None:
        if self._close_when_shown:
            self._done()

    @on(VaultCallFailed)
    def _not_saved(self, failed: VaultCallFailed) -> None:
        if failed.call == "discard_draft":
            self._done()  # cancelled all the same; the draft is kept for next time
            return
        # The text stays in the editor: nothing typed is lost because a save failed.
        self.query_one("#save", Button).disabled = False
        self.query_one("#note-text", TextArea).read_only = False
        self.query_one("#message", Static).update(_not_done(failed.error))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        if self.draft_fields() is None:  # nothing written, or the note as it was
            self._discard_and_close()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._discard_and_close()

        self.app.push_screen(
            ConfirmDialog(
                self.kit, _("Throw away what you have written?"), _("Throw away"), _("Keep writing")
            ),
            confirmed,
        )

    def _discard_and_close(self) -> None:
        self.kit.vault.discard_draft(self, NOTE_DRAFT, self.draft_reference())
