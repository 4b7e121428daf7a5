"""Directory care at 80x24, compared with the reviewed snapshots in tests/ui/__snapshots__/.
After a deliberate change: look at snapshot_report.html, then run with --snapshot-update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.events import MouseScrollDown
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.ui.conftest import Kiosk
from tests.ui.directory_care_fixtures import care_app, centre_folder, open_care
from tests.ui.helpers import settle


def _highlighted(pilot: Pilot[None]) -> str:
    options = pilot.app.screen.query_one("#care-entries", OptionList)
    assert options.highlighted is not None
    return str(options.get_option_at_index(options.highlighted).id)


async def overdue(pilot: Pilot[None]) -> None:
    await open_care(pilot)


async def all_entries_at_a_centre_entry(pilot: Pilot[None]) -> None:
    await open_care(pilot)
    await pilot.click("#show")
    await settle(pilot)
    await pilot.press("end")
    while _highlighted(pilot) != "uk/bracket-line":
        await pilot.press("up")


async def correcting(pilot: Pilot[None]) -> None:
    await all_entries_at_a_centre_entry(pilot)
    await pilot.click("#correct")
    await settle(pilot)


async def correcting_its_topics(pilot: Pilot[None]) -> None:
    await correcting(pilot)
    for _ in range(10):
        await pilot._post_mouse_events([MouseScrollDown], "#entry-fields", offset=(5, 1))
    await pilot.click("#entry-topics", offset=(8, 3))


async def no_centre_folder(pilot: Pilot[None]) -> None:
    await open_care(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


STEPS: dict[str, tuple[Callable[[Pilot[None]], Awaitable[None]], bool]] = {
    "overdue": (overdue, True),
    "all-entries": (all_entries_at_a_centre_entry, True),
    "correcting": (correcting, True),
    "correcting-topics": (correcting_its_topics, True),
    "no-centre-folder": (no_centre_folder, False),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_directory_care_screen(
    kiosk: Kiosk, tmp_path: Path, step: str, snap_compare: Callable[..., bool]
) -> None:
    steps, with_folder = STEPS[step]
    app = care_app(kiosk, centre_folder(tmp_path) if with_folder else None)

    async def run_before(pilot: Pilot[None]) -> None:
        await steps(pilot)
        await settle(pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
