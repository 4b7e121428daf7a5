"""Screens in real shipped languages at 80x24, compared with the reviewed snapshots in
tests/ui/__snapshots__/: Polish (welcome, unlock, the diary's first step, a plan wizard page)
and Arabic (welcome, the helplines screen), each read at 80x24 before it was approved. The
language is the centre's (``[kiosk] language``), so each picture starts in it. After a
deliberate change: look at snapshot_report.html, then run with --snapshot-update."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import Kiosk
from tests.ui.diary_form_steps import open_form
from tests.ui.journeys import helplines, unlock_typing
from tests.ui.language_journey_steps import english_after  # noqa: F401
from tests.ui.test_plan_wizard_snapshots import page

Journey = Callable[[Pilot[None]], Awaitable[None]]


async def _welcome(pilot: Pilot[None]) -> None:
    await pilot.pause()


async def _unlock(pilot: Pilot[None]) -> None:
    await unlock_typing(pilot, "")


async def _diary_form(pilot: Pilot[None]) -> None:
    await open_form(pilot)


async def _helplines(pilot: Pilot[None]) -> None:
    await helplines(pilot, "")


SCREENS: dict[str, tuple[str, Journey]] = {
    "pl-welcome": ("pl", _welcome),
    "pl-unlock": ("pl", _unlock),
    "pl-diary-form": ("pl", _diary_form),
    "pl-plan-emergency": ("pl", page("emergency", filled=False)),
    "ar-welcome": ("ar", _welcome),
    "ar-helplines": ("ar", _helplines),
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_in_language(
    kiosk: Kiosk,
    screen: str,
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lang, journey = SCREENS[screen]
    monkeypatch.setenv("TZ", "UTC")  # dates from the kiosk's clock, in one zone for all
    time.tzset()

    async def run_before(pilot: Pilot[None]) -> None:
        await journey(pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    try:
        # The shipped plan content is read on first use, in the session's language, as in a
        # kiosk (not with_plan_content: read once per worker, in whichever language was on).
        app = kiosk.app(kiosk={"language": lang})
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        monkeypatch.undo()
        time.tzset()
