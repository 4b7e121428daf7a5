"""How editing a note feels: where the cursor starts, and when Cancel asks."""

from __future__ import annotations

from textual.widgets import TextArea

from kiosk.notes.repository import NotesRepository
from kiosk.ui.screens.notes.notebook import NoteEditorScreen, NotesScreen
from kiosk.vault.service import VaultService
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
