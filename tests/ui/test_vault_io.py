"""Every vault read and write runs off the UI thread (kiosk/ui/vault_io.py), and a quick exit
during a slow one ends the session cleanly without losing what was being saved."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import TextArea

from kiosk.notes.repository import NotesRepository
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import NeutralScreen
from kiosk.ui.screens.notes.notebook import NoteEditorScreen, NoteReaderScreen, NotesScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.ui.screens.vault.unlock import UnlockScreen
from kiosk.ui.wording import describe
from kiosk.vault.errors import VaultDamaged
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk, held_work
from tests.ui.helpers import open_vault, settle, type_text, unlock
from tests.ui.journeys import WRITTEN

NEW_PIN = "402917"


def record_vault_threads(monkeypatch: pytest.MonkeyPatch) -> set[int]:
    """The threads every vault read and transaction ran on, from now on."""
    threads: set[int] = set()
    reading, transaction = VaultDatabase.reading, VaultDatabase.transaction

    def recorded_reading(self: VaultDatabase) -> Any:
        threads.add(threading.get_ident())
        return reading(self)

    def recorded_transaction(self: VaultDatabase) -> Any:
        threads.add(threading.get_ident())
        return transaction(self)

    monkeypatch.setattr(VaultDatabase, "reading", recorded_reading)
    monkeypatch.setattr(VaultDatabase, "transaction", recorded_transaction)
    return threads


async def test_no_vault_read_or_write_runs_on_the_ui_thread(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        NotesRepository(vault).add("He was at the station", written=WRITTEN)
    threads = record_vault_threads(monkeypatch)
    ui_thread = threading.get_ident()  # Pilot runs the app on the test's own event loop
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        # Open (and the first-use explanation, written as read), the home and its draft line.
        await open_vault(pilot)
        await settle(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        # The list of notes, a new note saved, one read and deleted.
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, "a new note")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.click("#note-list", offset=(4, 1))
        await settle(pilot)
        assert isinstance(app.screen, NoteReaderScreen)
        await pilot.click("#delete")
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        # A PIN change, then an unsaved note kept as a draft by a quick exit.
        await pilot.click("#back")
        await settle(pilot)
        await pilot.click("#change-pin")
        for text in (PIN, NEW_PIN, NEW_PIN):
            await type_text(pilot, text)
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, "typed, not saved")
        await pilot.press("f12")
        await settle(pilot)
    assert app.return_code == SessionEnd.ENDED
    assert threads, "the journey read and wrote the vault"
    assert ui_thread not in threads
    with VaultService(kiosk.gatekeeper).open(NAME, NEW_PIN) as vault:
        assert [note.body for note in NotesRepository(vault).all()] == ["He was at the station"]
        draft = DraftsRepository(vault).load("note")
        assert draft is not None and draft.fields["text"] == "typed, not saved"


@contextlib.contextmanager
def one_slow_transaction(
    monkeypatch: pytest.MonkeyPatch, started: threading.Event, go_on: threading.Event
) -> Iterator[list[bool]]:
    """Arms the next vault transaction to hold the vault, its writes not yet committed, until
    ``go_on``: a slow save in progress. Yields whether it was let go (or gave up waiting)."""
    transaction = VaultDatabase.transaction
    released: list[bool] = []
    armed = [True]

    @contextlib.contextmanager
    def slow(self: VaultDatabase) -> Iterator[Any]:
        with transaction(self) as db:
            yield db
            if armed and threading.current_thread() is not threading.main_thread():
                armed.clear()
                started.set()
                # A UI thread blocked on the vault would never let the test go on.
                with held_work.holding():
                    released.append(go_on.wait(timeout=15))

    monkeypatch.setattr(VaultDatabase, "transaction", slow)
    yield released


async def test_a_quick_exit_during_a_slow_save_ends_cleanly_and_keeps_the_note(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = kiosk.app()
    saving, go_on = threading.Event(), threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, "He was outside the school at 3pm")
        with one_slow_transaction(monkeypatch, saving, go_on) as released:
            await pilot.click("#save")
            assert saving.wait(timeout=30)
            vault = app.vault
            editor = app.screen
            assert isinstance(editor, NoteEditorScreen)
            await pilot.press("f12")
            # The neutral screen at once, and the UI goes on answering while the save runs.
            assert isinstance(app.screen, NeutralScreen)
            assert not editor.is_attached
            await pilot.pause()
            assert isinstance(app.screen, NeutralScreen)
            go_on.set()
            await settle(pilot)
        assert released == [True]
    assert app.return_code == SessionEnd.ENDED
    assert vault is not None and vault.closed and app.vault is None
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as reopened:
        notes = NotesRepository(reopened).all()
        assert [note.body for note in notes] == ["He was outside the school at 3pm"]


async def test_a_failed_save_keeps_the_text_and_says_so_calmly(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, "kept in the editor")
        assert app.vault is not None
        app.vault.close()  # as if the vault had been taken away under the visitor
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one("#note-text", TextArea).text == "kept in the editor"
        message = str(app.screen.query_one("#message").render())
        assert "closed" in message and "Traceback" not in message


async def test_a_vault_that_fails_after_opening_is_refused_calmly_and_left_closed(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(self: VaultDatabase) -> Any:
        raise VaultDamaged()

    # The first read after opening (whether the quick exit was explained) finds damage.
    monkeypatch.setattr(VaultDatabase, "reading", damaged)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert str(app.screen.query_one("#message").render()) == describe(VaultDamaged())
        assert app.vault is None
    assert app.return_code != SessionEnd.CRASHED
    # Nothing was left open: its lock is free for the next visitor.
    monkeypatch.undo()
    VaultService(kiosk.gatekeeper).open(NAME, PIN).close()
