"""Reading and editing notes: a long note is read full screen and scrolls by keyboard and mouse
wheel; a note can be edited, and an interrupted edit comes back as a draft of that note."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from textual.containers import VerticalScroll
from textual.events import MouseScrollDown, Paste
from textual.widgets import Input, OptionList, Static, TextArea

from kiosk.notes.repository import NotesRepository
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.notes.notebook import NoteEditorScreen, NoteReaderScreen, NotesScreen
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle, type_text
from tests.ui.journeys import WRITTEN

LONG_NOTE = "\n".join(f"Line {n}: what happened, where and when." for n in range(1, 61))


def store(kiosk: Kiosk, body: str) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        NotesRepository(vault).add(body, written=WRITTEN)


async def open_first_note(app: KioskApp, pilot: object) -> NoteReaderScreen:
    await open_vault(pilot)  # type: ignore[arg-type]
    await pilot.click("#notes")  # type: ignore[attr-defined]
    assert isinstance(app.screen, NotesScreen)
    await pilot.click("#note-list", offset=(4, 1))  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, NoteReaderScreen)
    return app.screen


async def test_a_long_note_is_read_full_screen_and_scrolls(kiosk: Kiosk) -> None:
    store(kiosk, LONG_NOTE)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_first_note(app, pilot)
        body = reader.query_one("#note-body", Static)
        assert "Line 60:" in str(body.render())  # the whole note, not six lines of it
        scroll = reader.query_one("#note-reader", VerticalScroll)
        assert app.focused is scroll
        assert scroll.region.height >= 14  # most of an 80x24 screen
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        after_keys = scroll.scroll_y
        assert after_keys > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0
        # The wheel, sent the way the driver sends it (Pilot has no public wheel method).
        await pilot._post_mouse_events([MouseScrollDown], "#note-reader", offset=(5, 3))
        await pilot.pause()
        assert scroll.scroll_y > 0


async def test_the_list_taken_by_tab_opens_a_note_with_enter(kiosk: Kiosk) -> None:
    """Found by an outside check: Shift+Tab to the list showed no note chosen, and Enter did
    nothing until an arrow key was pressed."""
    store(kiosk, "He was at the station")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("shift+tab")  # from "Write a note" to the list
        await settle(pilot)
        assert app.focused is app.screen.query_one("#note-list", OptionList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteReaderScreen)


async def test_a_note_can_be_edited(kiosk: Kiosk) -> None:
    store(kiosk, "He was at the station")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_note(app, pilot)
        await pilot.click("#edit")
        assert isinstance(app.screen, NoteEditorScreen)
        area = app.screen.query_one("#note-text", TextArea)
        assert area.text == "He was at the station"
        area.move_cursor(area.document.end)
        await type_text(pilot, " at 8pm")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        app.end_session("leave")
        await pilot.pause()
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        notes = NotesRepository(vault).all()
        assert [n.body for n in notes] == ["He was at the station at 8pm"]
        assert notes[0].written_at == "2026-09-21 10:00"


async def test_an_interrupted_edit_comes_back_on_its_note(kiosk: Kiosk) -> None:
    store(kiosk, "first version")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_note(app, pilot)
        await pilot.click("#edit")
        area = app.screen.query_one("#note-text", TextArea)
        area.load_text("second version, not saved")
        await pilot.press("f12")
        await pilot.pause()
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        draft = DraftsRepository(vault).load("note", "1")
        assert draft is not None and draft.fields["text"] == "second version, not saved"
        assert [n.body for n in NotesRepository(vault).all()] == ["first version"]
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        # Through the note's own Edit (Write a note always writes a new one).
        await open_first_note(app, pilot)
        await pilot.click("#edit")
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one("#note-text", TextArea).text == "second version, not saved"
        await pilot.click("#save")
        await settle(pilot)
        app.end_session("leave")
        await pilot.pause()
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert [n.body for n in NotesRepository(vault).all()] == ["second version, not saved"]
        assert DraftsRepository(vault).load("note", "1") is None


async def test_a_new_note_and_an_edit_interrupted_in_turn_are_both_kept(kiosk: Kiosk) -> None:
    store(kiosk, "first version")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        app.screen.query_one("#note-text", TextArea).load_text("a new note, half written")
        await pilot.press("f12")
        await pilot.pause()
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_note(app, pilot)
        await pilot.click("#edit")
        app.screen.query_one("#note-text", TextArea).load_text("first version, half edited")
        await pilot.press("f12")
        await pilot.pause()
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        kept = [(d.reference, d.fields["text"]) for d in DraftsRepository(vault).all()]
        assert kept == [("", "a new note, half written"), ("1", "first version, half edited")]
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_note(app, pilot)
        await pilot.click("#edit")
        assert app.screen.query_one("#note-text", TextArea).text == "first version, half edited"
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.click("#write")
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one("#note-text", TextArea).text == "a new note, half written"
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert [n.body for n in NotesRepository(vault).all()] == ["first version, half edited"]
        assert [d.reference for d in DraftsRepository(vault).all()] == [""]


async def test_a_note_shows_the_time_the_visitor_saw_wherever_the_kiosk_is_later(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        app = kiosk.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_vault(pilot)
            await pilot.click("#notes")
            await pilot.click("#write")
            app.screen.query_one("#note-text", TextArea).load_text("seen at 10:13 in New York")
            await pilot.click("#save")
            await settle(pilot)
            app.end_session("leave")
            await pilot.pause()
        monkeypatch.setenv("TZ", "Asia/Tokyo")  # the kiosk's zone changes afterwards
        time.tzset()
        with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
            (note,) = NotesRepository(vault).all()
        assert note.written == dt.datetime.fromtimestamp(kiosk.clock(), dt.UTC)
        assert note.written.utcoffset() == dt.timedelta(hours=-4)
        app = kiosk.app()
        async with app.run_test(size=(80, 24)) as pilot:
            reader = await open_first_note(app, pilot)
            title = str(reader.query_one(".title", Static).render())
            assert title == "Note written 2026-09-21 10:13"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_update_note_refuses_empty_text_and_missing_notes(kiosk: Kiosk) -> None:
    store(kiosk, "kept")
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        note = NotesRepository(vault).all()[0]
        with pytest.raises(ValueError):
            NotesRepository(vault).update(note.id, "   ")
        with pytest.raises(LookupError):
            NotesRepository(vault).update(note.id + 100, "text")
        assert [n.body for n in NotesRepository(vault).all()] == ["kept"]


async def test_escape_sequences_in_a_note_never_reach_the_terminal(kiosk: Kiosk) -> None:
    # Pasted text can hold escape sequences: raw, they retitle the terminal (OSC), recolour or
    # hide text, or make it answer with keystrokes. They are shown escaped, never sent as they are.
    store(kiosk, "[bold]x[/] \x1b]0;pwned\x07 \x1b[31mRED\x1b[0m\ttab\nsecond line")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_first_note(app, pilot)
        shown = str(reader.query_one("#note-body", Static).render())
        assert "\x1b" not in shown and "\x07" not in shown
        assert "[bold]x[/]" in shown and "\\x1b[31mRED" in shown and "second line" in shown
        await pilot.click("#back")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        listed = str(app.screen.query_one("#note-list", OptionList).get_option_at_index(0).prompt)
        assert "\x1b" not in listed and "\x07" not in listed and "[bold]x[/]" in listed


async def test_a_stored_note_with_escape_sequences_opens_in_the_editor_without_them(
    kiosk: Kiosk,
) -> None:
    # Found from outside: the editor sent a stored note's escape sequences to the terminal.
    store(kiosk, "before \x1b]0;pwned\x07\x1b[31mafter\r\nnext\tline")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_note(app, pilot)
        await pilot.click("#edit")
        area = app.screen.query_one("#note-text", TextArea)
        assert area.text == "before ]0;pwned[31mafter\nnext\tline"


async def test_a_paste_reaches_a_field_without_control_characters(kiosk: Kiosk) -> None:
    # Found from outside: a pasted escape sequence went into the vault-name field as it was,
    # and from there to the terminal.
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # "Open my vault"
        field = app.screen.query_one("#vault-name", Input)
        assert app.focused is field
        app.post_message(Paste("river\x1b[31m-stone\x07\u202e"))
        await settle(pilot)
        assert field.value == "river[31m-stone"
