"""The welcome screen's display choices, ticked as a visitor would before any journey."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Button

from kiosk.ui.widgets.display_options import DisplayOptions
from tests.ui.journeys import JOURNEYS, Journey


async def tick(pilot: Pilot[None], *choices: str) -> None:
    """Tap each choice ("high-contrast", "larger-text"), then put the focus back on "Open my
    vault", where a fresh welcome screen has it (the journeys start with Enter)."""
    for choice in choices:
        options = pilot.app.screen.query_one(DisplayOptions)
        assert await pilot.click(DisplayOptions, offset=options.item_offset(choice))
    pilot.app.screen.query_one("#open-vault", Button).focus()
    await pilot.pause()


def with_display(journey: str, *choices: str) -> Journey:
    async def run(pilot: Pilot[None], recovery_code: str) -> None:
        await tick(pilot, *choices)
        await JOURNEYS[journey](pilot, recovery_code)

    return run
