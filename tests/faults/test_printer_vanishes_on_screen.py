"""The printer vanishing while her diary record waits held, seen as she sees it: the real app
driven with Pilot at 80x24, a private cupsd behind it. Staff delete the visitors' queue (or
the print service stops) after her record was sent; she presses "Release my printing": one
calm line, nothing of hers in the scheduler or its spool, and the kiosk goes on working (her
vault's other parts open, and the next record prints once the printer is back)."""

from __future__ import annotations

import pytest

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.notes.notebook import NotesScreen
from tests.faults.test_printer_vanishes import one_calm_line
from tests.printing.conftest import cups_tools, make_private_cups, private_cups  # noqa: F401
from tests.printing.cupsd import PrivateCups
from tests.ui.conftest import (  # noqa: F401  (the Pilot fixtures the UI tests run with)
    Kiosk,
    buttons_take_every_press,
    data_template,
    finer_idle_checks,
    kiosk,
    no_blinking_cursors,
    pilot_skips_idle_widgets,
    pilot_waits_until_settled,
    stylesheets_parsed_once,
)
from tests.ui.helpers import settle, until
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.test_print_record import capture_app, open_print_screen, released_note, said

pytestmark = pytest.mark.usefixtures("buttons_take_every_press", "sticks")

HELD = "Sent to the printer and held there: nothing comes out until you release it."


def nothing_of_hers_left(cups: PrivateCups) -> None:
    cups.wait_until(
        "the spool emptied",
        lambda: not cups.spool_files() and not cups.run("lpstat", "-o", check=False).stdout,
    )


@pytest.mark.parametrize("vanishing", ["queue deleted", "print service stopped"])
async def test_the_printer_vanishing_while_her_record_is_held_is_one_calm_line(
    kiosk: Kiosk,  # noqa: F811
    private_cups: PrivateCups,  # noqa: F811
    vanishing: str,
) -> None:
    app, queue = capture_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot)
        await pilot.click("#print-record-button")
        await until(pilot, lambda: said(app) == HELD, limit=90.0)
        if vanishing == "queue deleted":
            private_cups.run("lpadmin", "-x", "CAPTURE")
        else:
            private_cups.stop()
        await pilot.click("#release-printing")
        await until(pilot, lambda: released_note(app) not in ("", HELD), limit=60.0)
        await settle(pilot)
        words = released_note(app)
        assert words != "Printed. Please collect every page from the printer."
        one_calm_line(words, _NoDetail())
        if vanishing == "print service stopped":
            private_cups.start()  # staff start it again; her record is still held, hers
        assert isinstance(app, KioskApp)
        # The kiosk goes on working: she leaves the print screen and opens her notes.
        await pilot.click("#back")
        await settle(pilot)
        await pilot.click("#notes")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("f12")  # her quick exit: whatever is still held is recalled
        await settle(pilot)
    nothing_of_hers_left(private_cups)
    assert not list(queue.glob("job-*"))  # and nothing of hers was printed


class _NoDetail:
    """The outcome's detail is not on the screen to compare with: only the words are."""

    detail = "\0"
