"""Pictures at 80x24 of printing for the centre (as it opens, and with a topic list open) and
of "Release my printing" where she finds it (the record's print screen after a held job, the
vault's home while something is held). After a deliberate change: look at each picture
(snapshot_report.html), then run
`pytest tests/ui/test_held_print_snapshots.py --snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from kiosk.printing.cups import PrintJob
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.staff.centre_print import CentrePrintScreen
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.widgets.release_printing import ReleasePrinting
from tests.printing.cupsd import PrivateCups
from tests.ui.conftest import Kiosk
from tests.ui.helpers import open_vault, settle, until
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.test_release_printing import print_held_record, two_printers_app

pytestmark = pytest.mark.usefixtures("sticks")  # the machine's own sticks stay out of them


async def centre_print(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(CentrePrintScreen(app.kit, StaffContext("Sam Carter")))
    await settle(pilot)


async def centre_print_topics_open(pilot: Pilot[None]) -> None:
    await centre_print(pilot)
    await pilot.press("tab", "tab", "enter", "down", "down")  # the topic list, at Stalking
    await settle(pilot)


async def home_with_printing_held(pilot: Pilot[None]) -> None:
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    # Held as the print flow holds it (the real queue is proven in test_release_printing).
    assert app.print_jobs.add(PrintJob("VISITOR-1", "VISITOR"), held_kind="plan")
    app.screen.query_one(ReleasePrinting).show_held()  # as when she comes back to the home
    await settle(pilot)


SCREENS: dict[str, Callable[[Pilot[None]], object]] = {
    "centre-print": centre_print,
    "centre-print-topics": centre_print_topics_open,
    "home-printing-held": home_with_printing_held,
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(kiosk: Kiosk, screen: str, snap_compare: Callable[..., bool]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await SCREENS[screen](pilot)  # type: ignore[misc]
        await pilot.pause(0.3)

    assert snap_compare(kiosk.app(), terminal_size=(80, 24), run_before=run_before)


def test_the_record_screen_after_a_held_job(
    kiosk: Kiosk, private_cups: PrivateCups, snap_compare: Callable[..., bool]
) -> None:
    app, _staff, _visitor = two_printers_app(kiosk, private_cups)

    async def run_before(pilot: Pilot[None]) -> None:
        await print_held_record(pilot)
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_home_after_her_printing_is_released(
    kiosk: Kiosk, private_cups: PrivateCups, snap_compare: Callable[..., bool]
) -> None:
    app, _staff, _visitor = two_printers_app(kiosk, private_cups)

    async def run_before(pilot: Pilot[None]) -> None:
        await print_held_record(pilot)
        await pilot.click("#back")
        await settle(pilot)
        await pilot.click("#release-printing")
        await until(pilot, lambda: "Printed" in str(app.screen.query_one("#release-note").render()))
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
