""" "Release my printing", where she will find it: on the print screen after a held job and on
the vault's home while anything of hers is held; by mouse alone and by keyboard alone, on a
private cupsd with a staff queue and a visitors' queue. And what visitors print without a vault
(the helpline sheet) goes to the visitors' printer at once, not held, and is counted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Static

from kiosk.printing.cups import CupsPrinter
from kiosk.printing.held_jobs import record_folder
from kiosk.services import Services
from kiosk.session.ends import SessionEnd
from kiosk.staff.numbers import CentreNumbers, Tally
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.screens.common.idle import StillThereScreen
from kiosk.ui.screens.diary.print_record import PrintRecordScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.ui.widgets.release_printing import ReleasePrinting
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle, until
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.test_print_record import open_print_screen
from tests.ui.test_quick_exit import countdown_tick

pytestmark = pytest.mark.usefixtures("buttons_take_every_press", "sticks")


def two_printers_app(kiosk: Kiosk, cups: PrivateCups) -> tuple[KioskApp, Path, Path]:
    staff_queue = cups.add_queue("STAFF")
    visitor_queue = cups.add_queue("VISITOR")
    given = kiosk.services
    services = Services(
        directory=given.directory,
        printer=CupsPrinter(queue="STAFF", server=cups.server),
        visitor_printer=CupsPrinter(queue="VISITOR", server=cups.server),
        vaults=given.vaults,
        staff=given.staff,
        numbers=CentreNumbers(kiosk.config.data_path()),
    )
    return make_app(kiosk.config, services, kiosk.clock), staff_queue, visitor_queue


def text_of(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def counted(app: KioskApp) -> dict[Tally, int]:
    return {t: n for day in app.services.numbers.days() for t, n in day.counts.items() if n}


def release_shown(app: KioskApp) -> bool:
    boxes = list(app.screen.query("#release-box"))
    return bool(boxes) and boxes[0].display and app.screen.query_one("#release-printing").display


async def tab_to(pilot: Pilot[None], wanted: str) -> None:
    """Tab (a few times at most) until ``wanted`` has the focus."""
    for _ in range(12):
        focused = pilot.app.focused
        if focused is not None and focused.id == wanted:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{wanted}")


async def print_held_record(pilot: Pilot[None], *, by_keyboard: bool = False) -> None:
    """Her record, printed by mouse (or keyboard): held at the visitors' printer."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    await open_print_screen(pilot)
    assert not release_shown(app)  # nothing of hers is held yet
    if by_keyboard:
        await tab_to(pilot, "print-record-button")
        await pilot.press("enter")
    else:
        assert await pilot.click("#print-record-button")
    await settle(pilot, limit=90.0)
    await until(pilot, lambda: app.print_jobs.held, limit=60.0)
    await settle(pilot)


async def test_by_mouse_released_from_the_vault_home(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, staff_queue, visitor_queue = two_printers_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await print_held_record(pilot)
        assert release_shown(app)
        # Written down for the supervisor, in case this session is killed outright
        # (tests/printing/test_held_printing.py: the supervisor cancels what it finds there).
        (job,) = app.print_jobs.jobs
        record = record_folder(kiosk.config.data_path()) / str(os.getpid())
        assert record.read_text() == f"{job.job_id}\n"
        assert await pilot.click("#back")
        await settle(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        assert release_shown(app)
        assert not list(visitor_queue.glob("job-*"))  # still held
        assert counted(app) == {}
        assert await pilot.click("#release-printing")
        await until(pilot, lambda: text_of(app, "#release-note").startswith("Printed"), 60.0)
        assert text_of(app, "#release-note") == (
            "Printed. Please collect every page from the printer."
        )
        assert not app.screen.query_one("#release-printing", Button).display
        # Her focus is not lost with the button (the screen hears of the release just after).
        await until(pilot, lambda: app.focused is not None and app.focused.id == "change-pin")
        assert counted(app) == {Tally.SHEETS_RECORDS: 1}
        assert await pilot.click("#notes")  # the home still works as before
        await settle(pilot)
        assert not isinstance(app.screen, VaultHomeScreen)
    (job,) = visitor_queue.glob("job-*.pdf")
    assert "Entry text 1" in pdf_text(job.read_bytes())
    assert not list(staff_queue.glob("job-*"))  # her record never went to the staff printer


async def test_by_keyboard_released_from_the_vault_home(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, _staff_queue, visitor_queue = two_printers_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await print_held_record(pilot, by_keyboard=True)
        assert isinstance(app.screen, PrintRecordScreen)
        assert app.focused is not None and app.focused.id == "release-printing"
        await tab_to(pilot, "back")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        await tab_to(pilot, "release-printing")  # after the idle choice, before Leave
        await pilot.press("enter")
        await until(pilot, lambda: text_of(app, "#release-note").startswith("Printed"), 60.0)
    assert len(list(visitor_queue.glob("job-*.pdf"))) == 1


async def test_a_quick_exit_on_the_home_with_printing_held_prints_nothing(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, staff_queue, visitor_queue = two_printers_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await print_held_record(pilot)
        assert await pilot.click("#back")
        await settle(pilot)
        assert release_shown(app)
        await pilot.press("f12")
        await pilot.pause()
    assert private_cups.run("lpstat", "-o", check=False).stdout.strip() == ""
    assert private_cups.spool_files() == []
    assert not list(visitor_queue.glob("job-*")) and not list(staff_queue.glob("job-*"))


async def test_the_helpline_sheet_from_the_welcome_goes_to_the_visitors_printer_unheld(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, staff_queue, visitor_queue = two_printers_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await pilot.click("#helplines")
        assert await pilot.click("#print-card")
        await settle(pilot, limit=60.0)
        await until(pilot, lambda: text_of(app, "#message").startswith("Printed"), 60.0)
        assert await pilot.click("#print-sheet")
        await settle(pilot, limit=60.0)
        await until(pilot, lambda: counted(app).get(Tally.SHEETS_HELPLINES) == 1, 60.0)
        assert counted(app) == {Tally.SHEETS_CARDS: 1, Tally.SHEETS_HELPLINES: 1}
        assert not app.print_jobs.held
    assert len(list(visitor_queue.glob("job-*.pdf"))) == 2
    assert not list(staff_queue.glob("job-*"))


async def test_a_release_with_the_print_service_down_is_one_calm_line_and_can_be_tried_again(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, _staff_queue, visitor_queue = two_printers_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await print_held_record(pilot)
        private_cups.stop()
        assert await pilot.click("#release-printing")
        await until(pilot, lambda: text_of(app, "#release-note").startswith("Printing is"), 60.0)
        assert text_of(app, "#release-note") == (
            "Printing is not working at the moment (the print service is not running). "
            "Please ask staff."
        )
        assert release_shown(app)  # still held: she can try again
        private_cups.start()
        assert await pilot.click("#release-printing")
        await until(pilot, lambda: text_of(app, "#release-note").startswith("Printed"), 60.0)
        assert counted(app) == {Tally.SHEETS_RECORDS: 1}
    assert len(list(visitor_queue.glob("job-*.pdf"))) == 1


@pytest.mark.parametrize("ending", ["idle lock", "leave"])
async def test_her_held_printing_is_cancelled_when_her_session_ends(
    kiosk: Kiosk, private_cups: PrivateCups, ending: str
) -> None:
    app, staff_queue, visitor_queue = two_printers_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await print_held_record(pilot)
        assert await pilot.click("#back")
        await settle(pilot)
        assert queue_listing(private_cups) != ""
        if ending == "leave":
            assert await pilot.click("#leave")
        else:
            kiosk.clock.advance(app.idle_limit_seconds)
            app.check_inactivity()
            await pilot.pause()
            assert isinstance(app.screen, StillThereScreen)
            kiosk.clock.advance(kiosk.config.session.idle_warning_seconds)
            countdown_tick(app)
        await pilot.pause()
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == SessionEnd.ENDED
    assert queue_listing(private_cups) == ""
    assert private_cups.spool_files() == []
    assert not list(visitor_queue.glob("job-*")) and not list(staff_queue.glob("job-*"))


def queue_listing(cups: PrivateCups) -> str:
    return cups.run("lpstat", "-o", check=False).stdout.strip()


async def test_asked_before_its_own_buttons_are_mounted_it_waits_quietly(kiosk: Kiosk) -> None:
    """The vault's home asks on resuming, and may do so before the widget has its children
    (a burst that opened the vault was seen to raise NoMatches here): nothing to show yet."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        release = ReleasePrinting(app.kit, compact=True)
        release.show_held(fresh=True)  # not mounted: no children to look up
        assert not release.query("#release-printing")
