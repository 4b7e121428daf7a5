"""Defects found by an outside tester (probe 2) of the vault I/O worker path.

Each test shows one defect and fails on the code at the time it was written.
"""

from __future__ import annotations

import threading

import pytest

from kiosk.notes.repository import NotesRepository
from kiosk.ui.screens.notes.notebook import NoteEditorScreen
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle, type_text
from tests.ui.test_vault_io import one_slow_transaction

TEXT = "He was outside the school at 3pm"


async def test_a_quick_exit_while_a_save_runs_leaves_no_draft_of_the_saved_note(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save, then F12 before the save's answer has closed the editor (a slow disk, a busy
    machine): the editor is still on the stack, so its text is kept as an "unfinished note"
    draft after the note was saved. The next visit says she has an unfinished note and
    Write a note offers the same text again: saving it stores the note twice."""
    app = kiosk.app()
    saving, go_on = threading.Event(), threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, TEXT)
        with one_slow_transaction(monkeypatch, saving, go_on):
            await pilot.click("#save")
            assert saving.wait(timeout=30)
            assert isinstance(app.screen, NoteEditorScreen)
            await pilot.press("f12")
            go_on.set()
            await settle(pilot)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as reopened:
        assert [note.body for note in NotesRepository(reopened).all()] == [TEXT]
        left = [d.fields.get("text") for d in DraftsRepository(reopened).all()]
        assert left == [], f"the saved note was also kept as an unfinished draft: {left}"
