"""Every flow a visitor starts can be finished by mouse or touch alone: pilot.click only, never
pilot.press. Names and codes on the letter keyboard, digits on the number pad."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Select, Static

from kiosk.helplines.model import TOPICS
from kiosk.notes.repository import NotesRepository
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.screens.helplines.directory import ALL_TOPICS, HelplinesScreen
from kiosk.ui.screens.vault.change_pin import ChangePinScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.ui.screens.vault.recovery import ForgotPinScreen, RecoveryCodeScreen
from kiosk.ui.screens.vault.unlock import UnlockScreen
from kiosk.ui.widgets.top_bar import ExitControl
from kiosk.vault.service import VaultService
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import press_as_a_terminal_does, settle
from tests.ui.on_screen_keys import click_key, click_keys, click_pad


async def tap_letters(pilot: Pilot[None], text: str) -> None:
    await click_keys(pilot, text.lower())


async def tap_digits(pilot: Pilot[None], digits: str) -> None:
    for digit in digits:
        assert await click_pad(pilot, digit)


async def open_by_mouse(pilot: Pilot[None], name: str = NAME, pin: str = PIN) -> None:
    assert await pilot.click("#open-vault")
    assert isinstance(pilot.app.screen, UnlockScreen)
    await tap_letters(pilot, name)
    assert await click_key(pilot, "done")  # on to the PIN: the number pad comes up
    await tap_digits(pilot, pin)
    assert await click_pad(pilot, "done")
    await settle(pilot)
    if pilot.app.screen.__class__.__name__ == "QuickExitIntroScreen":
        assert await pilot.click("#understood")
        await pilot.pause()
    assert isinstance(pilot.app.screen, VaultHomeScreen)


async def test_open_and_leave_by_mouse(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_mouse(pilot)
        vault = app.vault
        assert vault is not None
        assert await pilot.click("#leave")
        await settle(pilot)
        assert vault.closed
    assert app.return_code == SessionEnd.ENDED


async def test_a_pin_with_a_repeated_digit_is_typed_whole(kiosk: Kiosk) -> None:
    kiosk.gatekeeper.change_secret(NAME, PIN, "730058", "730058")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_mouse(pilot, pin="730058")


async def test_recover_by_mouse(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await pilot.click("#open-vault")
        await tap_letters(pilot, NAME)
        assert await pilot.click("#forgot")
        assert isinstance(app.screen, ForgotPinScreen)
        await tap_letters(pilot, kiosk.recovery_code.replace("-", ""))
        assert await click_key(pilot, "done")
        await tap_digits(pilot, "402917")
        assert await click_pad(pilot, "done")
        await tap_digits(pilot, "402917")
        assert await click_pad(pilot, "done")
        await settle(pilot)
        assert isinstance(app.screen, RecoveryCodeScreen)
        assert await pilot.click("#done")
        await pilot.pause()
        assert app.vault is not None
    VaultService(kiosk.gatekeeper).open(NAME, "402917").close()


async def test_change_pin_by_mouse(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_mouse(pilot)
        assert await pilot.click("#change-pin")
        assert isinstance(app.screen, ChangePinScreen)
        for digits in (PIN, "402917", "402917"):
            await tap_digits(pilot, digits)
            assert await click_pad(pilot, "done")
        await settle(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
    VaultService(kiosk.gatekeeper).open(NAME, "402917").close()


async def test_helplines_and_saving_a_sheet_by_mouse(kiosk: Kiosk, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    app = kiosk.app(printing={"save_folder": str(folder)})
    async with app.run_test(size=(80, 24)) as pilot:
        assert await pilot.click("#helplines")
        assert isinstance(app.screen, HelplinesScreen)
        assert await pilot.click("#--content-tab-tab-steps")
        assert await pilot.click("#save-pdf")
        await settle(pilot)
        saved = list(folder.glob("*.pdf"))
        assert len(saved) == 1 and saved[0].read_bytes().startswith(b"%PDF")
        assert await pilot.click("#back")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "WelcomeScreen"


async def test_the_exit_control_is_large_and_labelled_in_words(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        control = app.screen.query_one(ExitControl)
        assert "Exit this page" in str(control.render())
        assert control.region.width >= 20 and control.region.y == 0
        assert control.region.right == app.size.width
        assert isinstance(app, KioskApp)
        await pilot.click("#exit-control")
        await pilot.pause()
    assert app.return_code == SessionEnd.ENDED


async def test_print_a_sheet_by_mouse_on_a_real_printer(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    """Through a private cupsd's capture queue; the paper follows the topic chosen on screen."""
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    given = kiosk.services
    services = Services(
        directory=given.directory, printer=printer, vaults=given.vaults, staff=given.staff
    )
    app = make_app(kiosk.config, services, kiosk.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await pilot.click("#helplines")
        assert await pilot.click("#topic SelectCurrent")
        await pilot.pause()
        overlay = app.screen.query_one("#topic SelectOverlay", OptionList)
        index = next(
            i
            for i in range(overlay.option_count)
            if str(overlay.get_option_at_index(i).prompt) == TOPICS["domestic-abuse"]
        )
        assert await pilot.click(overlay, offset=(3, index + 1))  # inside the border
        await pilot.pause()
        assert await pilot.click("#print-sheet")
        await settle(pilot, limit=60.0)
        said = str(app.screen.query_one("#message", Static).render())
        assert said.startswith("Printed."), said
        assert await pilot.click("#back")
    (job,) = folder.glob("job-*.pdf")
    text = pdf_text(job.read_bytes())
    assert "0808 2000 247" in text and "0808 802 0300" not in text


async def test_a_list_opened_by_mouse_closes_at_a_press_outside_it(kiosk: Kiosk) -> None:
    """Textual's Select closes its list when it loses focus; a press on text or empty space
    moves no focus, and the list stayed open over the screen for a visitor using only the
    mouse (she had to choose something, or find the list's own line again). Pressed as a
    terminal presses: a press inside the open list still chooses from it."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await pilot.click("#helplines")
        screen = app.screen
        topic = screen.query_one("#topic", Select)
        await press_as_a_terminal_does(pilot, topic)
        assert topic.expanded
        await press_as_a_terminal_does(pilot, screen.query_one("#helplines-title"))  # words
        assert not topic.expanded
        assert topic.value == ALL_TOPICS  # closing chose nothing
        await press_as_a_terminal_does(pilot, topic)
        assert topic.expanded
        await press_as_a_terminal_does(pilot, topic.query_one("SelectOverlay"), (4, 2))
        assert not topic.expanded
        assert topic.value != ALL_TOPICS


async def test_a_note_written_by_mouse_alone(kiosk: Kiosk) -> None:
    """The note editor has the on-screen keys too, as every other form does: a visitor with
    only a mouse or a touch screen could open it, and then write nothing."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_mouse(pilot)
        assert await pilot.click("#notes")
        await settle(pilot)
        assert await pilot.click("#write")
        await settle(pilot)
        assert await pilot.click("#keys")
        await settle(pilot)
        await tap_letters(pilot, "call ann")
        assert await pilot.click("#tap-done")
        await settle(pilot)
        assert await pilot.click("#save")
        await settle(pilot)
        vault = app.vault
        assert vault is not None
        assert [note.body for note in NotesRepository(vault).all()] == ["call ann"]
