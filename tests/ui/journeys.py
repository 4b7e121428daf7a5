"""How to reach every screen the kiosk has, as a visitor or staff member would (text goes
into the focused field in one step, `fill`: typing itself is tested elsewhere)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from kiosk.ui.app import KioskApp
from kiosk.vault.errors import VaultError
from tests.ui.conftest import NAME, PIN, STAFF
from tests.ui.helpers import fill, open_vault, settle, unlock
from tests.ui.on_screen_keys import click_keys

Journey = Callable[[Pilot[None], str], Awaitable[None]]

# Shown as 2026-09-21 10:00 whatever the zone of the machine running the tests.
WRITTEN = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


async def welcome(pilot: Pilot[None], recovery_code: str) -> None:
    await pilot.pause()


async def unlock_typing(pilot: Pilot[None], recovery_code: str) -> None:
    await pilot.press("enter")
    await fill(pilot, NAME)
    await pilot.press("tab")
    await fill(pilot, PIN[:3])


async def on_screen_keyboard(pilot: Pilot[None], recovery_code: str) -> None:
    """The vault name typed by mouse alone, on the letter keyboard."""
    await pilot.click("#open-vault")
    await click_keys(pilot, "river")


async def unlock_refused(pilot: Pilot[None], recovery_code: str) -> None:
    await unlock(pilot, NAME, "111111")


async def _wrong_pins(pilot: Pilot[None], count: int, *, past_waits: bool) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.idle_limit_seconds = 10**6  # the fake clock jumps past lock-out waits, not idle
    await pilot.press("enter")
    await fill(pilot, NAME)
    await pilot.press("tab")
    for n in range(count):
        # Past each wait before the next try; never after the last, so that what the screen
        # shows does not hang on whether its countdown ticked before the snapshot.
        if past_waits and n > 0:
            app.clock.advance(3600)  # type: ignore[attr-defined]
        await fill(pilot, f"30000{n}")
        await pilot.press("enter")
        await settle(pilot)


async def lockout_wait(pilot: Pilot[None], recovery_code: str) -> None:
    """The right PIN typed during a wait: nothing is checked, and the wait counts down."""
    await _wrong_pins(pilot, 4, past_waits=False)
    await fill(pilot, PIN)
    await pilot.press("enter")
    await settle(pilot)
    app = pilot.app
    app.clock.advance(10)  # type: ignore[attr-defined]
    app.screen.count_down()  # type: ignore[attr-defined]


async def tries_left(pilot: Pilot[None], recovery_code: str) -> None:
    await _wrong_pins(pilot, 7, past_waits=True)


async def forgot_pin(pilot: Pilot[None], recovery_code: str) -> None:
    await pilot.press("enter")
    await fill(pilot, NAME)
    await pilot.click("#forgot")
    await fill(pilot, "ABCD")


async def forgot_pin_refused(pilot: Pilot[None], recovery_code: str) -> None:
    """Seven wrong recovery codes: the last tries are counted, in recovery words.

    The first six go straight to the gatekeeper (typing them all took 20 s a test); the
    seventh is typed on the screen, which then says what a visitor sees. The clock is not moved
    after it: the screen's countdown, ticking in real time, would then say "now" or "in 15
    minutes" depending on whether it ticked before the picture was taken.
    """
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.idle_limit_seconds = 10**6  # the fake clock jumps past lock-out waits, not idle
    for n in range(6):
        with contextlib.suppress(VaultError):
            wrong = f"AAAA-BBBB-CCCC-DDDD-EEE{n}"
            app.services.gatekeeper.recover(NAME, wrong, "402917", "402917")
        app.clock.advance(3600)  # type: ignore[attr-defined]
    await forgot_pin(pilot, recovery_code)
    await pilot.press(*["backspace"] * 4)
    # The clock moved past each wait before this try and never after it, so the picture does
    # not depend on whether a countdown tick lands before it is taken.
    for text in ("AAAA-BBBB-CCCC-DDDD-EEE6", "402917", "402917"):
        await fill(pilot, text)
        await pilot.press("enter")
    await settle(pilot)


async def recovery_code_shown(pilot: Pilot[None], recovery_code: str) -> None:
    await forgot_pin(pilot, recovery_code)
    await pilot.press(*["backspace"] * 4)
    for text in (recovery_code, "402917", "402917"):
        await fill(pilot, text)
        await pilot.press("enter")
    await settle(pilot)


async def helplines(pilot: Pilot[None], recovery_code: str) -> None:
    await pilot.click("#helplines")
    await pilot.pause()


async def practical_steps(pilot: Pilot[None], recovery_code: str) -> None:
    await helplines(pilot, recovery_code)
    await pilot.click("#--content-tab-tab-steps")
    await pilot.pause()


async def staff_sign_in(pilot: Pilot[None], recovery_code: str) -> None:
    await pilot.click("#staff")
    await fill(pilot, STAFF[0])


async def staff_menu(pilot: Pilot[None], recovery_code: str) -> None:
    await staff_sign_in(pilot, recovery_code)
    await pilot.press("enter")
    await fill(pilot, STAFF[1])
    await pilot.press("enter")
    await settle(pilot)


async def leave_kiosk_confirm(pilot: Pilot[None], recovery_code: str) -> None:
    await staff_menu(pilot, recovery_code)
    await pilot.click("#leave-kiosk")


async def staff_accounts(pilot: Pilot[None], recovery_code: str) -> None:
    await staff_menu(pilot, recovery_code)
    await pilot.click("#accounts")


async def staff_account_add(pilot: Pilot[None], recovery_code: str) -> None:
    """The passphrases typed were not the same: refused, and asked for again."""
    await staff_accounts(pilot, recovery_code)
    await pilot.click("#add-account")
    await fill(pilot, "Dana Lee")
    await pilot.press("tab")
    await fill(pilot, "a long passphrase here")
    await pilot.press("tab")
    await fill(pilot, "a long passphrase hare")
    await pilot.press("enter")


async def staff_account_remove(pilot: Pilot[None], recovery_code: str) -> None:
    """A second account chosen in the list, its name typed again wrongly."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.services.staff.add("Dana Lee", STAFF[1], STAFF[1])
    await staff_accounts(pilot, recovery_code)
    await pilot.click("#account-list", offset=(4, 1))
    await pilot.click("#remove-account")
    await fill(pilot, "Dana")
    await pilot.press("enter")


async def first_use_explanation(pilot: Pilot[None], recovery_code: str) -> None:
    await unlock(pilot)


async def vault_home(pilot: Pilot[None], recovery_code: str) -> None:
    await open_vault(pilot)


async def change_pin(pilot: Pilot[None], recovery_code: str) -> None:
    await open_vault(pilot)
    await pilot.click("#change-pin")
    await fill(pilot, PIN[:2])


async def notes(pilot: Pilot[None], recovery_code: str) -> None:
    await open_vault(pilot)
    await pilot.click("#notes")


async def note_editor(pilot: Pilot[None], recovery_code: str) -> None:
    await notes(pilot, recovery_code)
    await pilot.click("#write")
    await fill(pilot, "He followed me to the bus stop")


async def note_reader(pilot: Pilot[None], recovery_code: str) -> None:
    """A note longer than the screen, read full screen and scrolled a page down."""
    from kiosk.notes.repository import NotesRepository

    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp) and app.vault is not None
    body = "\n".join(f"Line {n}: he was outside the house again." for n in range(1, 41))
    NotesRepository(app.vault).add(body, written=WRITTEN)
    await pilot.click("#notes")
    await pilot.click("#note-list", offset=(4, 1))
    await pilot.press("pagedown")


async def confirm_dialog(pilot: Pilot[None], recovery_code: str) -> None:
    await note_editor(pilot, recovery_code)
    await pilot.click("#cancel")


async def still_there(pilot: Pilot[None], recovery_code: str) -> None:
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.clock.advance(app.idle_limit_seconds)  # type: ignore[attr-defined]
    app.check_inactivity()
    await pilot.pause()


async def print_record(pilot: Pilot[None], recovery_code: str) -> None:
    """The diary's print screen for the whole diary (pushed directly until the diary's list,
    which opens it, is merged)."""
    from kiosk.ui.screens.diary.print_record import PrintRecordScreen

    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(PrintRecordScreen(app.kit))
    await settle(pilot)


async def print_record_range(pilot: Pilot[None], recovery_code: str) -> None:
    """The entries on the list offered, a date range chosen, its dates the wrong way round."""
    from kiosk.ui.screens.diary.print_record import PrintRecordScreen

    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(PrintRecordScreen(app.kit, numbers=[2, 5, 7]))
    await settle(pilot)
    await pilot.click("#scope-range")
    await pilot.click("#range-start")
    await fill(pilot, "2026-11-30")
    await pilot.click("#range-end")
    await fill(pilot, "2026-11-01")
    await pilot.click("#print-record-button")


JOURNEYS: dict[str, Journey] = {
    "welcome": welcome,
    "unlock": unlock_typing,
    "on-screen-keyboard": on_screen_keyboard,
    "unlock-refused": unlock_refused,
    "lockout-wait": lockout_wait,
    "tries-left": tries_left,
    "forgot-pin": forgot_pin,
    "forgot-pin-refused": forgot_pin_refused,
    "recovery-code": recovery_code_shown,
    "helplines": helplines,
    "practical-steps": practical_steps,
    "staff-sign-in": staff_sign_in,
    "staff-menu": staff_menu,
    "leave-kiosk-confirm": leave_kiosk_confirm,
    "staff-accounts": staff_accounts,
    "staff-account-add": staff_account_add,
    "staff-account-remove": staff_account_remove,
    "first-use-explanation": first_use_explanation,
    "vault-home": vault_home,
    "change-pin": change_pin,
    "notes": notes,
    "note-editor": note_editor,
    "note-reader": note_reader,
    "confirm-dialog": confirm_dialog,
    "still-there": still_there,
    "print-record": print_record,
    "print-record-range": print_record_range,
}

EXPECTED_SCREEN = {
    "welcome": "WelcomeScreen",
    "unlock": "UnlockScreen",
    "on-screen-keyboard": "UnlockScreen",
    "unlock-refused": "UnlockScreen",
    "lockout-wait": "UnlockScreen",
    "tries-left": "UnlockScreen",
    "forgot-pin": "ForgotPinScreen",
    "forgot-pin-refused": "ForgotPinScreen",
    "recovery-code": "RecoveryCodeScreen",
    "helplines": "HelplinesScreen",
    "practical-steps": "HelplinesScreen",
    "staff-sign-in": "StaffSignInScreen",
    "staff-menu": "StaffMenuScreen",
    "leave-kiosk-confirm": "ConfirmDialog",
    "staff-accounts": "StaffAccountsScreen",
    "staff-account-add": "AddStaffAccountScreen",
    "staff-account-remove": "RemoveStaffAccountScreen",
    "print-record": "PrintRecordScreen",
    "print-record-range": "PrintRecordScreen",
    "first-use-explanation": "QuickExitIntroScreen",
    "vault-home": "VaultHomeScreen",
    "change-pin": "ChangePinScreen",
    "notes": "NotesScreen",
    "note-editor": "NoteEditorScreen",
    "note-reader": "NoteReaderScreen",
    "confirm-dialog": "ConfirmDialog",
    "still-there": "StillThereScreen",
}
