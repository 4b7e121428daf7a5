"""Saving a note and discarding its draft are one transaction: both happen or neither.

Were they two, a failure (or a kill) between them would store the note while the screen says
"not saved", and the visitor's second Save, or her draft coming back next visit, would make a
second copy of it.
"""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Button, Static, TextArea

from kiosk.notes.repository import NotesRepository
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import NeutralScreen
from kiosk.ui.screens.notes.notebook import NoteEditorScreen, NotesScreen
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle
from tests.ui.journeys import WRITTEN
from tests.ui.test_vault_io import one_slow_transaction

TEXT = "He followed me home from the bus stop"
# A real failure inside SQLCipher, at the draft's discard: the statement is refused.
FAILING_DISCARD = (
    "CREATE TRIGGER discard_fails BEFORE DELETE ON drafts BEGIN SELECT RAISE(ABORT, 'io'); END"
)


async def test_a_save_whose_draft_discard_fails_stores_nothing_and_a_second_save_one_note(
    kiosk: Kiosk,
) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        DraftsRepository(vault).save("note", "", {"text": TEXT}, saved=WRITTEN, interrupted=True)
        with vault.transaction() as tx:
            tx.execute(FAILING_DISCARD)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        await pilot.click("#write")
        await settle(pilot)
        assert app.screen.query_one("#note-text", TextArea).text == TEXT
        await pilot.click("#save")
        await settle(pilot)
        # "Not saved", and truly so: the text stays in the editor and nothing was stored.
        assert isinstance(app.screen, NoteEditorScreen)
        assert str(app.screen.query_one("#message", Static).render()) != ""
        assert app.vault is not None
        assert NotesRepository(app.vault).all() == []
        with app.vault.transaction() as tx:
            tx.execute("DROP TRIGGER discard_fails")  # the fault has passed
        # Save again (pressed, not clicked: a button ignores clicks for a moment after one).
        app.screen.query_one("#save", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert [note.body for note in NotesRepository(vault).all()] == [TEXT]
        assert DraftsRepository(vault).all() == []


async def test_a_quick_exit_during_a_save_that_then_succeeds_keeps_no_draft_of_it(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At the quick exit the editor still holds the text (its save has not answered), so it is
    # taken as an unsaved draft; once the save has committed, keeping it would bring the same
    # note back next visit, to be saved twice.
    app = kiosk.app()
    saving, go_on = threading.Event(), threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        await pilot.click("#write")
        await settle(pilot)
        app.screen.query_one("#note-text", TextArea).load_text(TEXT)
        with one_slow_transaction(monkeypatch, saving, go_on) as released:
            await pilot.click("#save")
            assert saving.wait(timeout=30)
            await pilot.press("f12")
            assert isinstance(app.screen, NeutralScreen)
            go_on.set()
            await settle(pilot)
        assert released == [True]
    assert app.return_code == SessionEnd.ENDED
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert [note.body for note in NotesRepository(vault).all()] == [TEXT]
        assert DraftsRepository(vault).all() == []
