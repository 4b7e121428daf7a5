"""Pictures of the diary's reading screens at 80x24 and at 120x40, against a real vault seeded
through DiaryRepository. After a deliberate change: look at each picture (snapshot_report.html),
then run `pytest tests/ui/test_diary_read_snapshots.py --snapshot-update`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.diary.repository import Verification
from tests.ui.conftest import Kiosk
from tests.ui.diary_read_fixtures import amend_and_withdraw, seed, to_diary
from tests.ui.helpers import settle
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)


async def diary_list(pilot: Pilot[None]) -> None:
    await to_diary(pilot)


async def search_results(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#diary-search")
    pilot.app.screen.query_one("#diary-search", Input).value = "outside"
    await pilot.press("enter")
    await settle(pilot)


async def nothing_found(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#diary-search")
    pilot.app.screen.query_one("#diary-search", Input).value = "umbrella"
    await pilot.press("enter")
    await settle(pilot)


async def filter_dialog(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#diary-filter")


async def entry_view(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#diary-lines", offset=(10, 1))
    await settle(pilot)


async def withdrawn_entry(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#diary-lines", offset=(10, 5))
    await settle(pilot)


async def summary(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#list-summary")
    await settle(pilot)


async def search_keys(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#diary-keys")


async def keep_copy(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#list-export")


async def verify(pilot: Pilot[None]) -> None:
    await to_diary(pilot)
    await pilot.click("#list-verify")
    await settle(pilot)


FIXED_CODE = "7F3A 19C2 5E80 D4B1 0A6F 93E2 C5D8 214B"

SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "list": diary_list,
    "search-results": search_results,
    "nothing-found": nothing_found,
    "filter": filter_dialog,
    "search-keys": search_keys,
    "entry": entry_view,
    "withdrawn-entry": withdrawn_entry,
    "summary": summary,
    "keep-copy": keep_copy,
    "verify": verify,
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_diary_screen(
    kiosk: Kiosk,
    screen: str,
    size: tuple[int, int],
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
    sticks: Path,  # noqa: F811
) -> None:
    # The USB sticks mounted on the machine running the tests, and the chain's code (it starts
    # from the vault's random id), would change the picture from run to run.
    (sticks / "USB STICK").mkdir()
    monkeypatch.setattr(Verification, "code", property(lambda self: FIXED_CODE))
    seed(kiosk)
    amend_and_withdraw(kiosk)

    async def run_before(pilot: Pilot[None]) -> None:
        await SCREENS[screen](pilot)
        # A clicked button stays highlighted for 0.2 s; let that pass so pictures are stable.
        await pilot.pause(0.3)

    assert snap_compare(kiosk.app(), terminal_size=size, run_before=run_before)
