"""Pictures of the plan's print screen at 80x24: as it opens (nothing ticked), and scrolled to
the wallet card's choices. After a deliberate change: look at each picture (snapshot_report.html),
then run `pytest tests/ui/test_print_plan_snapshots.py --snapshot-update`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, RadioSet

from tests.ui.conftest import Kiosk
from tests.ui.print_plan_fixtures import open_print_plan, plan_app
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)


async def opened(pilot: Pilot[None]) -> None:
    await open_print_plan(pilot)


async def card_choices(pilot: Pilot[None]) -> None:
    await open_print_plan(pilot)
    box = pilot.app.screen.query_one("#card-code-word", Checkbox)
    box.focus(scroll_visible=False)
    box.scroll_visible(animate=False)
    await pilot.press("space")  # her code word, ticked: the card is now what she means


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "opened": opened,
    "card-choices": card_choices,
}


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.usefixtures("sticks")  # the machine's own USB sticks stay out of the pictures
def test_print_plan_screen(kiosk: Kiosk, screen: str, snap_compare: Callable[..., bool]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await SCREENS[screen](pilot)
        # A clicked button stays highlighted for 0.2 s; let that pass so pictures are stable.
        await pilot.pause(0.3)

    assert snap_compare(plan_app(kiosk), terminal_size=(80, 24), run_before=run_before)


def test_print_plan_screen_offers_a_stick(
    kiosk: Kiosk,
    sticks: Path,  # noqa: F811
    snap_compare: Callable[..., bool],
) -> None:
    (sticks / "KINGSTON").mkdir()

    async def run_before(pilot: Pilot[None]) -> None:
        await open_print_plan(pilot)
        places = pilot.app.screen.query_one(".save-place-places", RadioSet)
        places.focus(scroll_visible=False)
        places.scroll_visible(animate=False, top=True)
        await pilot.pause(0.3)

    assert snap_compare(plan_app(kiosk), terminal_size=(80, 24), run_before=run_before)
