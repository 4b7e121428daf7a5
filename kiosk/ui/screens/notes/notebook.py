"""My notes: a list of the visitor's notes, a full-screen reader, and an editor (for a new note
or an existing one) whose unsaved text survives a quick exit as an encrypted draft."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from kiosk.i18n import _, ngettext
from kiosk.notes.repository import MAX_NOTE_CHARACTERS, Note, NotesRepository
from kiosk.text import terminal_safe, typed_text
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.common.dialogs import ConfirmDialog
from kiosk.ui.wording import describe, note_time
from kiosk.vault.errors import VaultClosed, VaultError
from kiosk.vault.storage.drafts import DraftsRepository

# Drafts of notes are keyed by ("note", the id of the note being edited, or "" for a new one).
NOTE_DRAFT = "note"


def _shown(text: str) -> str:
    """Stored text as it may reach the terminal: tabs as spaces, every control escaped."""
    return terminal_safe(text.expandtabs(4))


class NotesScreen(KioskScreen[None]):
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
        self._reload()

    def _reload(self) -> None:
        vault = self.kiosk.vault
        self._notes: list[Note] = NotesRepository(vault).all() if vault else []
        options = self.query_one("#note-list", OptionList)
        options.clear_options()
        if not self._notes:
            options.add_option(Option(_("No notes yet."), disabled=True))
        for note in self._notes:
            # Text, never a markup string: a note may contain anything, brackets included.
            # Escaped too: pasted text can hold escape sequences a terminal would act on.
            label = Text(f"{note_time(note.written)}  {_shown(note.first_line[:60])}")
            options.add_option(Option(label, id=str(note.id)))
        self.query_one("#read", Button).disabled = True

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
            self.app.push_screen(NoteReaderScreen(note))

    def _selected(self, option_id: str | None) -> Note | None:
        return next((n for n in self._notes if str(n.id) == option_id), None)

    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        # An unfinished new note left by a quick exit is taken up again; failing that, an
        # unfinished edit, on the note it belongs to.
        vault = self.kiosk.vault
        references = (
            [d.reference for d in DraftsRepository(vault).of_kind(NOTE_DRAFT)] if vault else []
        )
        edited = [note for r in references if r and (note := self._selected(r)) is not None]
        self.app.push_screen(
            NoteEditorScreen(None if "" in references or not edited else edited[0])
        )

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)


class NoteReaderScreen(KioskScreen[None]):
    """One note, full screen, scrolled with the arrow and page keys or the mouse wheel."""

    def __init__(self, note: Note) -> None:
        super().__init__()
        self._note = note

    def compose_body(self) -> ComposeResult:
        with Vertical(id="note-reader-screen", classes="wide"):
            when = note_time(self._note.written)
            yield Static(_("Note written {when}").format(when=when), classes="title", markup=False)
            with VerticalScroll(id="note-reader", can_focus=True):
                yield Static(_shown(self._note.body), id="note-body", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Edit this note"), id="edit", variant="primary")
                yield Button(_("Delete this note"), id="delete")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#note-reader", VerticalScroll).focus()

    @on(Button.Pressed, "#edit")
    def _edit(self) -> None:
        self.app.switch_screen(NoteEditorScreen(self._note))

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes and self.kiosk.vault is not None:
                NotesRepository(self.kiosk.vault).delete(self._note.id)
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(_("Delete this note for good? This cannot be undone."), _("Delete")),
            confirmed,
        )

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)


class NoteEditorScreen(KioskScreen[None]):
    """Writes a new note, or replaces the text of ``note``.

    Implements the draft protocol: ``draft_kind``, ``draft_reference()`` and ``draft_fields()``.
    """

    draft_kind = NOTE_DRAFT

    def __init__(self, note: Note | None = None) -> None:
        super().__init__()
        self._note = note

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
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        vault = self.kiosk.vault
        draft = DraftsRepository(vault).load(NOTE_DRAFT, self.draft_reference()) if vault else None
        area = self.query_one("#note-text", TextArea)
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
        area.focus()

    def draft_reference(self) -> str:
        return "" if self._note is None else str(self._note.id)

    def draft_fields(self) -> dict[str, str] | None:
        text = self.query_one("#note-text", TextArea).text
        if not text.strip() or (self._note is not None and text == self._note.body):
            return None
        return {"text": text}

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
                too_long.format(count=count, limit=MAX_NOTE_CHARACTERS)
            )
            return
        self.query_one("#save", Button).disabled = True
        self._store(text, dt.datetime.fromtimestamp(self.kiosk.clock(), dt.UTC).astimezone())

    @work(thread=True, exclusive=True, exit_on_error=False, group="vault")
    def _store(self, text: str, written: dt.datetime) -> None:
        vault = self.kiosk.vault
        try:
            if vault is None:
                raise VaultClosed()
            if self._note is None:
                NotesRepository(vault).add(text, written=written)
            else:
                NotesRepository(vault).update(self._note.id, text)
            DraftsRepository(vault).discard(NOTE_DRAFT, self.draft_reference())
        except VaultError as error:
            self.app.call_from_thread(self._not_saved, describe(error))
        except LookupError:
            self.app.call_from_thread(
                self._not_saved, _("This note is no longer in your vault, so it was not saved.")
            )
        else:
            self.app.call_from_thread(self.dismiss, None)

    def _not_saved(self, message: str) -> None:
        # The text stays in the editor: nothing typed is lost because a save failed.
        self.query_one("#save", Button).disabled = False
        self.query_one("#message", Static).update(message)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        if not self.query_one("#note-text", TextArea).text.strip():
            self._discard_and_close()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._discard_and_close()

        self.app.push_screen(
            ConfirmDialog(
                _("Throw away what you have written?"), _("Throw away"), _("Keep writing")
            ),
            confirmed,
        )

    def _discard_and_close(self) -> None:
        if self.kiosk.vault is not None:
            DraftsRepository(self.kiosk.vault).discard(NOTE_DRAFT, self.draft_reference())
        self.dismiss(None)
