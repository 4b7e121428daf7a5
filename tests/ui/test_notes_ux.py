"""How editing a note feels: where the cursor starts, and when Cancel asks."""

from __future__ import annotations

from textual.widgets import OptionList, Static, TextArea

from kiosk.notes.repository import NotesRepository
from kiosk.ui.screens.notes.notebook import NoteEditorScreen, NotesScreen
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle
from tests.ui.journeys import WRITTEN

BODY = "He followed me home\nThen he waited outside"


async def _edit_the_note(kiosk: Kiosk) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        NotesRepository(vault).add(BODY, written=WRITTEN)


async def test_editing_a_note_puts_the_cursor_at_the_end_of_its_text(kiosk: Kiosk) -> None:
    await _edit_the_note(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        await pilot.click("#note-list", offset=(4, 1))
        await settle(pilot)
        await pilot.click("#edit")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)
        area = app.screen.query_one("#note-text", TextArea)
        assert area.cursor_location == area.document.end


async def test_cancel_on_an_edit_that_changed_nothing_does_not_ask(kiosk: Kiosk) -> None:
    await _edit_the_note(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        await pilot.click("#note-list", offset=(4, 1))
        await settle(pilot)
        await pilot.click("#edit")
        await settle(pilot)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen), type(app.screen).__name__


async def test_write_a_note_opens_a_new_note_even_when_an_edit_is_unfinished(
    kiosk: Kiosk,
) -> None:
    """The only draft is an unfinished edit of a note: Write a note still opens a new note
    (else clearing it and writing anew would overwrite the old note); the list marks the
    note whose edit is unfinished, and its own Edit brings the edit back."""
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        note_id = NotesRepository(vault).add(BODY, written=WRITTEN)
        DraftsRepository(vault).save(
            "note", str(note_id), {"text": BODY + " again"}, saved=WRITTEN, interrupted=True
        )
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        listed = str(app.screen.query_one("#note-list", OptionList).get_option_at_index(0).prompt)
        await pilot.click("#write")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)
        title = str(app.screen.query_one(".title", Static).render())
        text = app.screen.query_one("#note-text", TextArea).text
        await pilot.click("#cancel")
        await settle(pilot)
        await pilot.click("#note-list", offset=(4, 1))
        await settle(pilot)
        await pilot.click("#edit")
        await settle(pilot)
        edited = app.screen.query_one("#note-text", TextArea).text
    assert "(unfinished)" in listed, listed
    assert title == "New note" and text == "", (title, text)
    assert edited == BODY + " again"
