"""My notes: a list of the visitor's notes and an editor whose unsaved text survives a quick
exit as an encrypted draft."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from kiosk.screens.base import KioskScreen
from kiosk.screens.dialogs import ConfirmDialog
from kiosk.vault.drafts import discard_draft, load_draft
from kiosk.vault.errors import VaultError
from kiosk.vault.notes import MAX_NOTE_CHARACTERS, Note, add_note, delete_note, list_notes

NOTE_DRAFT = "note"


class NotesScreen(KioskScreen[None]):
    def compose_body(self) -> ComposeResult:
        with Vertical(id="notes", classes="wide"):
            yield Static("My notes", classes="title", markup=False)
            yield Static("Only you can read these, with your vault name and PIN.", markup=False)
            yield OptionList(id="note-list", markup=False)
            yield Static("", id="note-view", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Write a note", id="write", variant="primary")
                yield Button("Delete this note", id="delete", disabled=True)
                yield Button("Back", id="back")

    def on_mount(self) -> None:
        self.query_one("#write", Button).focus()

    def on_screen_resume(self) -> None:
        self._reload()

    def _reload(self) -> None:
        vault = self.kiosk.vault
        self._notes: list[Note] = list_notes(vault) if vault else []
        options = self.query_one("#note-list", OptionList)
        options.clear_options()
        if not self._notes:
            options.add_option(Option("No notes yet.", disabled=True))
        for note in self._notes:
            # Text, never a markup string: a note may contain anything, brackets included.
            label = Text(f"{note.written_at}  {note.first_line[:60]}")
            options.add_option(Option(label, id=str(note.id)))
        self.query_one("#note-view", Static).update("")
        self.query_one("#delete", Button).disabled = True

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        note = self._selected(event.option.id)
        self.query_one("#note-view", Static).update(note.body if note else "")
        self.query_one("#delete", Button).disabled = note is None

    def _selected(self, option_id: str | None) -> Note | None:
        return next((n for n in self._notes if str(n.id) == option_id), None)

    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        self.app.push_screen(NoteEditorScreen())

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        options = self.query_one("#note-list", OptionList)
        index = options.highlighted
        if index is None:
            return
        note = self._selected(options.get_option_at_index(index).id)
        if note is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes and self.kiosk.vault is not None:
                delete_note(self.kiosk.vault, note.id)
                self._reload()

        self.app.push_screen(
            ConfirmDialog("Delete this note for good? This cannot be undone.", "Delete"),
            confirmed,
        )

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)


class NoteEditorScreen(KioskScreen[None]):
    """Implements the draft protocol: ``draft_kind`` and ``draft_fields()``."""

    draft_kind = NOTE_DRAFT

    def compose_body(self) -> ComposeResult:
        with Vertical(id="note-editor", classes="wide"):
            yield Static("New note", classes="title", markup=False)
            yield Static("", id="draft-message", markup=False)
            yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        vault = self.kiosk.vault
        draft = load_draft(vault, NOTE_DRAFT) if vault else None
        area = self.query_one("#note-text", TextArea)
        if draft is not None:
            area.load_text(draft.fields.get("text", ""))
            self.query_one("#draft-message", Static).update(
                "This is what you were writing when the kiosk last closed. "
                "It was kept safe in your vault."
            )
        area.focus()

    def draft_fields(self) -> dict[str, str] | None:
        text = self.query_one("#note-text", TextArea).text
        return {"text": text} if text.strip() else None

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text = self.query_one("#note-text", TextArea).text
        if not text.strip():
            self.query_one("#message", Static).update("There is nothing to save yet.")
            return
        if len(text.strip()) > MAX_NOTE_CHARACTERS:
            self.query_one("#message", Static).update(
                f"This note is too long to save in one go ({len(text.strip())} characters; "
                f"the limit is {MAX_NOTE_CHARACTERS}). Please split it into two notes."
            )
            return
        self.query_one("#save", Button).disabled = True
        self._store(text, dt.datetime.fromtimestamp(self.kiosk.clock()).strftime("%Y-%m-%d %H:%M"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="vault")
    def _store(self, text: str, written_at: str) -> None:
        vault = self.kiosk.vault
        try:
            if vault is None:
                raise VaultError("Your vault is closed.")
            add_note(vault, text, written_at=written_at)
            discard_draft(vault, NOTE_DRAFT)
        except VaultError as error:
            self.app.call_from_thread(self._not_saved, str(error))
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
            ConfirmDialog("Throw away what you have written?", "Throw away", "Keep writing"),
            confirmed,
        )

    def _discard_and_close(self) -> None:
        if self.kiosk.vault is not None:
            discard_draft(self.kiosk.vault, NOTE_DRAFT)
        self.dismiss(None)
