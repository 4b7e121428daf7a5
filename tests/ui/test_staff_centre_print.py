"""Printing for the centre, driven as staff would: by keyboard alone and by mouse alone, on a
private cupsd with a staff queue and a visitors' queue. The sheets go to the staff printer in
the copies asked for, hold only the chosen topic's services, and are counted and logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, OptionList, Select, Static

from kiosk.helplines.model import TOPICS
from kiosk.printing.counting import log_detail
from kiosk.printing.cups import CupsPrinter
from kiosk.printing.service import Sheet
from kiosk.services import Services
from kiosk.staff.audit import AuditLog, StaffAction
from kiosk.staff.numbers import CentreNumbers, Tally
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.screens.staff.centre_print import CentrePrintScreen
from kiosk.ui.screens.staff.context import StaffContext
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle, until
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("buttons_take_every_press", "sticks")

STAFF_NAME = "Sam Carter"


def centre_app(kiosk: Kiosk, cups: PrivateCups, **changes: object) -> tuple[KioskApp, Path, Path]:
    staff_queue = cups.add_queue("STAFF")
    visitor_queue = cups.add_queue("VISITOR")
    given = kiosk.services
    data = kiosk.config.data_path()
    services = Services(
        directory=given.directory,
        printer=CupsPrinter(queue="STAFF", server=cups.server),
        visitor_printer=CupsPrinter(queue="VISITOR", server=cups.server),
        vaults=given.vaults,
        staff=given.staff,
        numbers=CentreNumbers(data),
        audit=AuditLog(data),
    )
    return make_app(kiosk.app(**changes).config, services, kiosk.clock), staff_queue, visitor_queue


async def open_centre_print(pilot: Pilot[None]) -> CentrePrintScreen:
    app = pilot.app
    assert isinstance(app, KioskApp)
    screen = CentrePrintScreen(app.kit, StaffContext(STAFF_NAME))
    app.push_screen(screen)
    await settle(pilot)
    return screen


async def choose_by_mouse(pilot: Pilot[None], select: str, prompt: str) -> None:
    """Open a Select with a click and click the option showing ``prompt``."""
    app = pilot.app
    assert await pilot.click(f"#{select} SelectCurrent")
    await pilot.pause()
    overlay = app.screen.query_one(f"#{select} SelectOverlay", OptionList)
    index = next(
        i
        for i in range(overlay.option_count)
        if str(overlay.get_option_at_index(i).prompt) == prompt
    )
    assert await pilot.click(overlay, offset=(3, index + 1))  # inside the border
    await pilot.pause()


def said(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def counted(app: KioskApp) -> dict[Tally, int]:
    return {t: n for day in app.services.numbers.days() for t, n in day.counts.items() if n}


def logged(app: KioskApp) -> list[tuple[StaffAction, str, str]]:
    return [(r.action, r.staff, r.detail) for r in app.services.audit.records()]


async def printed(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    await settle(pilot, limit=90.0)
    await until(pilot, lambda: said(app).startswith(("Printed", "The", "No")), limit=60.0)


def only_stalking(text: str, kiosk: Kiosk) -> None:
    region = kiosk.services.directory.regions["uk"]
    for helpline in region.helplines:
        if helpline.phone:
            assert (helpline.phone in text) == ("stalking" in helpline.topics), helpline.name
    assert "999" in text


async def test_by_keyboard_three_stalking_sheets_on_the_staff_printer(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, staff_queue, visitor_queue = centre_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_centre_print(pilot)
        assert isinstance(app.focused, Select) and app.focused.id == "sheet"
        await pilot.press("tab", "tab")  # the region (as configured), then the topic
        assert isinstance(app.focused, Select) and app.focused.id == "topic"
        await pilot.press("enter", "down", "down", "enter")  # All, Emergencies, Stalking
        assert app.screen.query_one("#topic", Select).value == "stalking"
        await pilot.press("tab", "enter", "down", "down", "enter")  # copies: 3
        assert app.screen.query_one("#copies", Select).value == 3
        await pilot.press("tab", "tab", "tab")  # Look again, the folder, Print
        assert isinstance(app.focused, Button) and app.focused.id == "centre-print-button"
        await pilot.press("enter")
        await printed(pilot)
        assert said(app) == "Printed 3 copies. They are at the staff printer."
        assert counted(app) == {Tally.SHEETS_HELPLINES: 3}
        assert logged(app) == [
            (StaffAction.SHEETS_PRINTED, STAFF_NAME, "3 x helpline sheet, uk, stalking")
        ]
    (job,) = staff_queue.glob("job-*.pdf")
    assert int(job.with_suffix(".copies").read_text()) == 3
    only_stalking(pdf_text(job.read_bytes()), kiosk)
    assert not list(visitor_queue.glob("job-*"))


async def test_by_mouse_a_wallet_card_for_one_topic(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, staff_queue, visitor_queue = centre_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_centre_print(pilot)
        await choose_by_mouse(pilot, "sheet", "Wallet card")
        assert app.screen.query_one("#sheet", Select).value == Sheet.WALLET_CARD.value
        await choose_by_mouse(pilot, "topic", TOPICS["stalking"])
        assert app.screen.query_one("#topic", Select).value == "stalking"
        assert await pilot.click("#centre-print-button")
        await printed(pilot)
        assert said(app) == "Printed 1 copy. It is at the staff printer."
        assert counted(app) == {Tally.SHEETS_CARDS: 1}
        assert logged(app)[-1][2] == "1 x wallet card, uk, stalking"
        assert await pilot.click("#back")
        await settle(pilot)
        assert not isinstance(app.screen, CentrePrintScreen)
    (job,) = staff_queue.glob("job-*.pdf")
    only_stalking(pdf_text(job.read_bytes()), kiosk)
    assert not list(visitor_queue.glob("job-*"))


async def test_a_topic_the_region_has_no_services_for_prints_nothing(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, staff_queue, _visitors = centre_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_centre_print(pilot)
        screen.query_one("#region", Select).value = "us"
        screen.query_one("#topic", Select).value = "men"
        await pilot.click("#centre-print-button")
        await settle(pilot)
        assert said(app) == "No helplines for this topic in this region. Choose 'All topics'."
        assert counted(app) == {} and logged(app) == []
    assert not list(staff_queue.glob("job-*"))


def test_the_log_detail_names_no_one_and_stays_short() -> None:
    assert log_detail(Sheet.PRACTICAL_STEPS, 1, "us", "") == "1 x practical steps, us, all"
    assert len(log_detail(Sheet.HELPLINES, 20, "x" * 200, "stalking")) == 120


async def test_by_mouse_practical_steps_saved_as_pdf_on_a_stick(
    kiosk: Kiosk,
    private_cups: PrivateCups,
    sticks: Path,  # noqa: F811
) -> None:
    (sticks / "KINGSTON").mkdir()
    app, staff_queue, _visitors = centre_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_centre_print(pilot)
        await choose_by_mouse(pilot, "sheet", "Practical steps")
        await choose_by_mouse(pilot, "topic", TOPICS["mental-health"])
        assert await pilot.click("#centre-save")
        await settle(pilot, limit=90.0)
        await until(pilot, lambda: said(app).startswith("Saved"), limit=60.0)
        (saved,) = (sticks / "KINGSTON").glob("*.pdf")
        assert said(app) == f'Saved to the USB stick "KINGSTON" as {saved.name}.'
        assert counted(app) == {} and logged(app) == []  # saved, not printed
    text = pdf_text(saved.read_bytes())
    assert "Practical steps" in text and "116 123" in text and "0808 802 0300" not in text
    assert not list(staff_queue.glob("job-*"))
