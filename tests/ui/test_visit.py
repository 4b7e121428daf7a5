"""A visitor's flows through the real App: unlock, forgot PIN, change PIN, notes, staff."""

from __future__ import annotations

import time

from textual.widgets import Input, Select, Static, TextArea

from kiosk.notes.repository import NotesRepository
from kiosk.session.ends import SessionEnd
from kiosk.ui.screens.common.intro import QuickExitIntroScreen
from kiosk.ui.screens.notes.notebook import NoteEditorScreen, NotesScreen
from kiosk.ui.screens.vault.change_pin import ChangePinScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.ui.screens.vault.recovery import ForgotPinScreen, RecoveryCodeScreen
from kiosk.ui.screens.vault.unlock import UnlockScreen
from kiosk.vault.gatekeeper.slots import read_slots
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle, type_text, unlock, until
from tests.ui.journeys import WRITTEN
from tests.ui.on_screen_keys import click_pad


def message(app: object) -> str:
    return str(app.screen.query_one("#message", Static).render())  # type: ignore[attr-defined]


async def test_unlock_focus_order_and_first_use_explanation(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, UnlockScreen)
        assert app.focused is app.screen.query_one("#vault-name", Input)
        await type_text(pilot, NAME)
        await pilot.press("tab")
        pin = app.screen.query_one("#pin", Input)
        assert app.focused is pin and pin.password
        await type_text(pilot, PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickExitIntroScreen)
        assert app.vault is not None
        await pilot.press("enter")
        assert isinstance(app.screen, VaultHomeScreen)
        assert app.vault.meta()["quick_exit_explained"] == "yes"


async def test_explanation_is_shown_only_the_first_time(kiosk: Kiosk) -> None:
    for expected in (QuickExitIntroScreen, VaultHomeScreen):
        app = kiosk.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            assert isinstance(app.screen, expected)
            if expected is QuickExitIntroScreen:
                await pilot.press("enter")
            app.end_session("leave")
            await pilot.pause()


async def test_wrong_pin_and_unknown_name_read_the_same(kiosk: Kiosk) -> None:
    texts = []
    for name, pin in ((NAME, "111111"), ("nobody-here", PIN)):
        app = kiosk.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot, name, pin)
            assert isinstance(app.screen, UnlockScreen)
            assert app.screen.query_one("#pin", Input).value == ""
            texts.append(message(app))
    assert texts[0] == texts[1] == "The vault name or PIN was not recognised. Please try again."


async def test_lockout_wait_is_shown(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for n in range(4):
            await type_text(pilot, NAME) if n == 0 else None
            app.screen.query_one("#pin", Input).focus()
            await type_text(pilot, f"10000{n}")
            await pilot.press("enter")
            await settle(pilot)
        assert "try again in 30 seconds" in message(app)


async def test_number_pad_types_the_pin(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, NAME)
        await pilot.click("#pin")  # the number pad replaces the letter keyboard
        for digit in "5839201":
            assert await click_pad(pilot, digit)
        assert await click_pad(pilot, "erase")
        assert app.screen.query_one("#pin", Input).value == PIN
        assert await click_pad(pilot, "done")
        await settle(pilot)
        assert isinstance(app.screen, QuickExitIntroScreen)


async def test_empty_fields_get_a_gentle_prompt(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter", "enter")  # open, name → PIN, submit
        assert "vault name" in message(app)
        assert app.focused is app.screen.query_one("#vault-name", Input)
        await type_text(pilot, NAME)
        await pilot.press("enter", "enter")
        assert "PIN" in message(app)


async def test_forgot_pin_recovers_and_shows_the_new_code_once(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, NAME)
        await pilot.click("#forgot")
        assert isinstance(app.screen, ForgotPinScreen)
        assert app.focused is app.screen.query_one("#code", Input)
        await type_text(pilot, kiosk.recovery_code)
        await pilot.press("enter")
        await type_text(pilot, "402917")
        await pilot.press("enter")
        await type_text(pilot, "402917")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        code = str(app.screen.query_one("#code", Static).render())
        assert len(code.replace("-", "")) == 20 and code != kiosk.recovery_code
        await pilot.press("enter")  # nothing has the focus: a stray Enter keeps the code
        assert str(app.screen.query_one("#code", Static).render()) == code
        await pilot.click("#hide")
        assert str(app.screen.query_one("#code", Static).render()) == "(hidden)"
        await pilot.click("#done")
        await pilot.pause()
        assert isinstance(app.screen, QuickExitIntroScreen | VaultHomeScreen)
        assert app.vault is not None
    VaultService(kiosk.gatekeeper).open(NAME, "402917").close()
    kiosk.gatekeeper.recover(NAME, code, "503918", "503918")


async def test_forgot_pin_refusal_keeps_the_form_calm(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.click("#forgot")
        for text in (NAME, "AAAA-BBBB-CCCC-DDDD-EEEE", "402917", "402917"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ForgotPinScreen)
        assert "not recognised" in message(app)
        assert app.screen.query_one("#code", Input).value == ""


async def test_change_pin(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#change-pin")
        assert isinstance(app.screen, ChangePinScreen)
        for text in (PIN, "123456", "123456"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await settle(pilot)
        assert "pattern" in message(app)
        for text in (PIN, "402917", "402917"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
    VaultService(kiosk.gatekeeper).open(NAME, "402917").close()


async def test_notes_are_saved_in_the_vault(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        assert isinstance(app.screen, NotesScreen)
        await pilot.click("#write")
        assert isinstance(app.screen, NoteEditorScreen)
        await type_text(pilot, "He waited outside work again")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        options = app.screen.query_one("#note-list")
        assert "He waited outside work again" in str(options.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        app.end_session("leave")
        await pilot.pause()
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert [n.body for n in NotesRepository(vault).all()] == ["He waited outside work again"]


async def test_leave_ends_the_session(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        vault = app.vault
        await pilot.click("#leave")
        await settle(pilot)
        assert vault is not None and vault.closed
    assert app.return_code == SessionEnd.ENDED


async def test_idle_time_offers_whole_minutes_shorter_and_longer(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        assert app.idle_limit_seconds == 120
        select = app.screen.query_one("#idle-time", Select)
        labels = [str(option[0]) for option in select._options]
        assert labels == [
            "1 minute",
            "2 minutes (usual)",
            "5 minutes",
            "10 minutes",
            "20 minutes",
        ]
        await pilot.click("#idle-time")
        await pilot.press("up", "enter")  # one shorter than the usual limit
        assert app.idle_limit_seconds == 60
        await pilot.click("#idle-time")
        await pilot.press("end", "enter")
        assert app.idle_limit_seconds == 1200


async def test_a_limit_under_a_minute_is_said_in_seconds(kiosk: Kiosk) -> None:
    app = kiosk.app(session={"idle_lock_seconds": 30})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        select = app.screen.query_one("#idle-time", Select)
        labels = [str(option[0]) for option in select._options]
        assert labels[0] == "30 seconds (usual)" and select.value == 30
        assert not any("." in label for label in labels)


async def test_note_editor_restores_an_interrupted_draft(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        await type_text(pilot, "half written")
        await pilot.press("f12")
        # The session ends once the vault is locked with the draft kept (a worker thread):
        # leaving the test's app before that is not what a quick exit does.
        await until(pilot, lambda: app.return_code is not None)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        draft = DraftsRepository(vault).load("note")
        assert draft is not None and draft.interrupted and draft.fields == {"text": "half written"}
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        assert "unfinished note" in str(app.screen.query_one("#draft-note", Static).render())
        await pilot.click("#notes")
        await pilot.click("#write")
        assert app.screen.query_one("#note-text", TextArea).text == "half written"
        await pilot.click("#save")
        await settle(pilot)
        assert app.vault is not None and DraftsRepository(app.vault).load("note") is None


async def test_brackets_in_a_note_are_just_text(kiosk: Kiosk) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        for body in ("a [/] b", "[b]bold?", "[@click=app.quit]press[/]", "[Mum] said no"):
            NotesRepository(vault).add(body, written=WRITTEN)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        assert isinstance(app.screen, NotesScreen)
        options = app.screen.query_one("#note-list")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(4)]  # type: ignore[attr-defined]
        assert any("[Mum] said no" in p for p in prompts)
        assert any("[@click=app.quit]press[/]" in p for p in prompts)
        await pilot.click("#note-list", offset=(4, 2))
        await pilot.pause()
        assert app.is_running


async def test_a_note_that_is_too_long_is_refused_not_cut(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        app.screen.query_one("#note-text", TextArea).load_text("x" * 20_001)
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        assert "too long" in message(app)


async def test_recovery_of_a_vault_open_elsewhere_changes_nothing(kiosk: Kiosk) -> None:
    holder = VaultService(kiosk.gatekeeper).open(NAME, PIN)  # open in another session
    app = kiosk.app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await type_text(pilot, NAME)
            await pilot.click("#forgot")
            for text in (kiosk.recovery_code, "402917", "402917"):
                await type_text(pilot, text)
                await pilot.press("enter")
            await settle(pilot)
            # The code is not spent while the vault cannot be re-keyed: nothing to show.
            assert isinstance(app.screen, ForgotPinScreen)
            assert "already open" in message(app)
            assert app.vault is None
    finally:
        holder.close()
    kiosk.gatekeeper.unlock(NAME, PIN)
    kiosk.gatekeeper.recover(NAME, kiosk.recovery_code, "503918", "503918")


async def test_a_new_recovery_code_not_yet_seen_is_shown_at_the_next_opening(
    kiosk: Kiosk,
) -> None:
    # The recovery finished in the background after a quick exit: its code was never shown.
    _, new_code = kiosk.gatekeeper.recover(NAME, kiosk.recovery_code, "402917", "402917")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, pin="402917")
        assert isinstance(app.screen, RecoveryCodeScreen)
        assert str(app.screen.query_one("#code", Static).render()) == new_code
        await pilot.click("#done")
        await pilot.pause()
        assert not isinstance(app.screen, RecoveryCodeScreen)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, pin="402917")
        assert not isinstance(app.screen, RecoveryCodeScreen)  # seen once: gone


def slots_generation_changed(kiosk: Kiosk) -> bool:
    [summary] = kiosk.gatekeeper.list_vaults()
    folder = kiosk.config.data_path() / "vaults" / summary.vault_id
    return read_slots(folder, summary.vault_id).generation > 1


async def test_quick_exit_right_after_set_new_pin_does_not_lose_the_new_code(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, NAME)
        await pilot.click("#forgot")
        for text in (kiosk.recovery_code, "402917", "402917"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("f12")  # at once: the recovery goes on without a screen to show on
    # The recovery worker may still be finishing in the background: wait for its result on
    # disk (a real thread, so real time), as the next visitor's session would find it.
    deadline = time.monotonic() + 30
    while not slots_generation_changed(kiosk):
        assert time.monotonic() < deadline, "the recovery never finished"
        time.sleep(0.01)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, pin="402917")
        assert isinstance(app.screen, RecoveryCodeScreen)
        new_code = str(app.screen.query_one("#code", Static).render())
    kiosk.gatekeeper.recover(NAME, new_code, "503918", "503918")  # the shown code is live
