"""Pictures of the saved plan's screens and the home's review note at 80x24, against a real
vault with plans stored through PlanRepository. After a deliberate change: look at each
picture (snapshot_report.html), then run
`pytest tests/ui/test_plan_living_snapshots.py --snapshot-update`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from kiosk.ui.app import KioskApp
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle
from tests.ui.plan_fixtures import (
    FIRST_SAVED,
    SECOND_SAVED,
    first_plan,
    keep_in_progress,
    save,
    second_plan,
    to_plan,
)
from tests.ui.reach_checks import unreachable


async def earlier_versions(pilot: Pilot[None]) -> None:
    await to_plan(pilot)
    await pilot.click("#plan-versions")


async def earlier_version(pilot: Pilot[None]) -> None:
    await earlier_versions(pilot)
    await pilot.press("enter")
    await settle(pilot)


def saved_twice(kiosk: Kiosk) -> None:
    content = kiosk.services.plan_content
    save(kiosk, first_plan(content))
    save(kiosk, second_plan(content), SECOND_SAVED)


def saved_often(kiosk: Kiosk) -> None:
    """A dozen versions: the list of earlier ones scrolls inside the dialog at 80x24."""
    content = kiosk.services.plan_content
    for month in range(12):
        saved = FIRST_SAVED.replace(year=2025 + (5 + month) // 12, month=(5 + month) % 12 + 1)
        save(kiosk, first_plan(content), saved)


def review_due(kiosk: Kiosk) -> None:
    """The fullest home: the review note under the note about an unfinished note."""
    save(kiosk, first_plan(kiosk.services.plan_content))
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        DraftsRepository(vault).save(
            "note", "", {"text": "half a note"}, saved=FIRST_SAVED, interrupted=True
        )


def started(kiosk: Kiosk) -> None:
    keep_in_progress(kiosk, first_plan(kiosk.services.plan_content), "home")


def nothing(kiosk: Kiosk) -> None:
    pass


SCREENS: dict[str, tuple[Callable[[Kiosk], None], Callable[[Pilot[None]], Awaitable[None]]]] = {
    "home-review-due": (review_due, open_vault),
    "start": (nothing, to_plan),
    "continue": (started, to_plan),
    "plan": (saved_twice, to_plan),
    "plan-review-due": (review_due, to_plan),
    "earlier-versions": (saved_often, earlier_versions),
    "earlier-version": (saved_twice, earlier_version),
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_plan_screen(kiosk: Kiosk, screen: str, snap_compare: Callable[..., bool]) -> None:
    stored, steps = SCREENS[screen]
    stored(kiosk)

    async def run_before(pilot: Pilot[None]) -> None:
        await steps(pilot)
        # Every button and field fully on the 80x24 screen (as tests/ui/reach_checks.py).
        assert isinstance(pilot.app, KioskApp)
        assert unreachable(pilot.app) == []
        # A clicked button stays highlighted for 0.2 s; let that pass so pictures are stable.
        await pilot.pause(0.3)

    assert snap_compare(kiosk.app(), terminal_size=(80, 24), run_before=run_before)
