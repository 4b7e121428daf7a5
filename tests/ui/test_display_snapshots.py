"""Pictures of a few screens in high contrast and in larger text at 80x24, each chosen on the
welcome screen as a visitor would, compared with the reviewed snapshots in
tests/ui/__snapshots__/. After a deliberate change: look at snapshot_report.html, then run
with --snapshot-update."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import Kiosk
from tests.ui.diary_form_steps import open_form
from tests.ui.display_steps import tick
from tests.ui.journeys import JOURNEYS
from tests.ui.plan_wizard_steps import open_wizard, with_plan_content

Steps = Callable[[Pilot[None]], Awaitable[None]]


def journey(name: str) -> Steps:
    async def run(pilot: Pilot[None]) -> None:
        await JOURNEYS[name](pilot, "")

    return run


async def diary_entry(pilot: Pilot[None]) -> None:
    await open_form(pilot)


async def plan_wizard(pilot: Pilot[None]) -> None:
    wizard, _result = await open_wizard(pilot)
    await wizard._show("situation")


SCREENS: dict[str, tuple[tuple[str, ...], Steps]] = {
    "high-contrast-welcome": (("high-contrast",), journey("welcome")),
    "high-contrast-unlock": (("high-contrast",), journey("unlock")),
    "high-contrast-vault-home": (("high-contrast",), journey("vault-home")),
    "high-contrast-diary-entry": (("high-contrast",), diary_entry),
    "high-contrast-plan-wizard": (("high-contrast",), plan_wizard),
    "larger-text-welcome": (("larger-text",), journey("welcome")),
    "larger-text-unlock": (("larger-text",), journey("unlock")),
    "both-vault-home": (("high-contrast", "larger-text"), journey("vault-home")),
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_display_choice(
    kiosk: Kiosk, screen: str, snap_compare: Callable[..., bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")  # the plan's review days, in one zone for all
    time.tzset()
    choices, steps = SCREENS[screen]

    async def run_before(pilot: Pilot[None]) -> None:
        await tick(pilot, *choices)
        await steps(pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    try:
        app = with_plan_content(kiosk).app() if "plan" in screen else kiosk.app()
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        monkeypatch.undo()
        time.tzset()
