"""Defects found by an outside tester (probe 2) of the vault I/O worker path.

Each test shows one defect and fails on the code at the time it was written.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from textual.widgets import Button

from kiosk.notes.repository import NotesRepository
from kiosk.ui.screens.common.dialogs import ConfirmDialog
from kiosk.ui.screens.notes.notebook import NoteEditorScreen
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk, held_work
from tests.ui.helpers import open_vault, settle, type_text
from tests.ui.journeys import WRITTEN
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


async def test_a_save_that_answers_under_the_cancel_dialog_closes_the_editor_not_the_dialog(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save, then Cancel while the save runs: the "Throw away?" dialog is on top when
    NoteSaved arrives. ``is_current`` is True for a screen under a modal, so the editor calls
    ``dismiss``, and Textual pops the top screen: the dialog vanishes unanswered and the
    editor of a note already saved stays, its Save disabled for good. A quick exit then keeps
    the saved text as an unfinished draft: the next visit offers it again (a second copy)."""
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
            await pilot.click("#cancel")
            assert isinstance(app.screen, ConfirmDialog)
            go_on.set()
            await settle(pilot)
        stack = [type(screen).__name__ for screen in app.screen_stack]
        await pilot.press("f12")
        await settle(pilot)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as reopened:
        assert [note.body for note in NotesRepository(reopened).all()] == [TEXT]
        left = [d.fields.get("text") for d in DraftsRepository(reopened).all()]
    assert "NoteEditorScreen" not in stack, f"the saved note's editor stayed open: {stack}"
    assert left == [], f"the saved note was also kept as an unfinished draft: {left}"


async def test_deleting_a_note_also_deletes_its_unfinished_edit(kiosk: Kiosk) -> None:
    """A quick exit while editing note N keeps a draft keyed ("note", "N"). Deleting note N
    "for good" leaves that draft: its text (the note's words) stays in the vault, the home
    screen says "You have an unfinished note from last time" on every visit, and no screen
    can ever open or throw it away (Write a note finds no note for it)."""
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        note_id = NotesRepository(vault).add("He followed me home", written=WRITTEN)
        DraftsRepository(vault).save(
            "note",
            str(note_id),
            {"text": "He followed me home again"},
            saved=WRITTEN,
            interrupted=True,
        )
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        await pilot.click("#note-list", offset=(4, 1))
        await settle(pilot)
        await pilot.click("#delete")
        await pilot.click("#yes")
        await settle(pilot)
        await pilot.click("#back")
        await settle(pilot)
        line = str(app.screen.query_one("#draft-note").render())
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as reopened:
        assert NotesRepository(reopened).all() == []
        left = [d.fields.get("text") for d in DraftsRepository(reopened).all()]
    assert left == [], f"the deleted note's words stay in the vault as a draft: {left}"
    assert "unfinished" not in line, f"home still says: {line!r}"


async def test_a_save_is_one_transaction_so_a_failure_never_leaves_a_second_copy(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``save_note`` commits the note, then removes its draft in a second transaction. If the
    second one fails (disk full, a kill or power cut between the two), the note is stored
    but the editor says it was not saved and offers Save again: a second press stores it
    twice (and after a kill the draft of the stored note comes back as "unfinished").
    Fault injected: the draft's removal fails as a full disk would."""
    app = kiosk.app()

    def disk_full(self: DraftsRepository, kind: str, reference: str = "") -> None:
        raise sqlite3.OperationalError("database or disk is full")

    real_discard = DraftsRepository.discard
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, TEXT)
        monkeypatch.setattr(DraftsRepository, "discard", disk_full)
        await pilot.click("#save")
        await settle(pilot)
        # (not monkeypatch.undo(): that would also undo the conftest's settled Pilot)
        monkeypatch.setattr(DraftsRepository, "discard", real_discard)
        if isinstance(app.screen, NoteEditorScreen):
            save = app.screen.query_one("#save", Button)
            for _ in range(500):  # the failure's answer re-enables Save
                if not save.disabled:
                    break
                await pilot.pause(0.01)
            # "Something went wrong", says the screen: she presses Save again (not a second
            # click at once, which Textual would take as a double click).
            save.press()
            await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as reopened:
        bodies = [note.body for note in NotesRepository(reopened).all()]
    assert bodies == [TEXT], f"stored {len(bodies)} times: {bodies}"


async def test_a_save_that_fails_after_a_quick_exit_keeps_the_text_as_a_draft(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other side of a quick exit during a save: the save fails (a full disk) after she
    has left. Nothing was stored, so her words must be kept as the unfinished note."""
    app = kiosk.app()
    saving, go_on = threading.Event(), threading.Event()

    def full_disk(self: NotesRepository, body: str, *, written: object) -> int:
        saving.set()
        with held_work.holding():
            assert go_on.wait(timeout=15)
        raise sqlite3.OperationalError("database or disk is full")

    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, TEXT)
        monkeypatch.setattr(NotesRepository, "add", full_disk)
        await pilot.click("#save")
        assert saving.wait(timeout=30)
        await pilot.press("f12")
        go_on.set()
        await settle(pilot)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as reopened:
        assert NotesRepository(reopened).all() == []
        left = [d.fields.get("text") for d in DraftsRepository(reopened).all()]
    assert left == [TEXT], f"her words were lost: {left}"


async def test_a_save_that_answers_under_the_idle_screen_closes_the_editor_once_she_is_back(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The idle screen stays up when the save answers (the vault stays hidden); when she comes
    back, the editor of the saved note has closed and the notes list shows."""
    from kiosk.ui.screens.common.idle import StillThereScreen
    from kiosk.ui.screens.notes.notebook import NotesScreen

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
            app.push_screen(StillThereScreen(app.kit, 60))
            await pilot.pause()
            go_on.set()
            await settle(pilot)
        assert isinstance(app.screen, StillThereScreen)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen), type(app.screen).__name__
