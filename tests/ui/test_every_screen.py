"""Every screen the journeys reach (tests/ui/journeys.py, so a new journey is checked too),
reached once and checked as each visitor meets it:

- Exit first in its focus order (focus_checks.py);
- every button, field and list reachable at 80x24 and at 200x60, and at 80x24 in larger text
  (reach_checks.py; docs/ACCESSIBILITY.md, issue 13);
- every control that takes the focus drawn differently when it has it, in the default look
  and in high contrast;
- in high contrast, every letter at 7:1 or more against its background, with nothing focused
  and with each control focused in turn (test_high_contrast.py).

The looks and sizes are switched on the screen reached, as the welcome screen's tick boxes
switch them for a whole visit: each check then sees the screen as if it had been opened in
that look. (Reaching each screen once for all of these, not once a check, saved about 200
CPU-seconds of the suite: issue 8, a fast suite.)
"""

from __future__ import annotations

import pytest
from textual.widget import Widget

from kiosk.ui import display
from kiosk.ui.app import KioskApp
from tests.ui.conftest import Kiosk
from tests.ui.contrast import low_contrast
from tests.ui.focus_checks import check_exit_is_first_in_focus_order, focus_unseen
from tests.ui.journeys import EXPECTED_SCREEN, JOURNEYS
from tests.ui.reach_checks import unreachable_even_by_scrolling


@pytest.fixture(autouse=True)
def fixed_recovery_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "kiosk.vault.gatekeeper.gate.generate_code", lambda: "7K3M-Q9TD-2WXH-J4RB-8NCE"
    )


@pytest.mark.parametrize("journey", list(JOURNEYS))
async def test_every_screen_is_reachable_and_shows_its_focus(kiosk: Kiosk, journey: str) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app, KioskApp)
        await JOURNEYS[journey](pilot, kiosk.recovery_code)
        await pilot.pause(0.3)  # a clicked button's highlight passes
        assert type(app.screen).__name__ == EXPECTED_SCREEN[journey]
        screen = app.screen

        await check_exit_is_first_in_focus_order(pilot, journey)

        assert await unreachable_even_by_scrolling(pilot) == [], "at 80x24"
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert await unreachable_even_by_scrolling(pilot) == [], "at 200x60"
        await pilot.resize_terminal(80, 24)
        display.set_larger_text(app, True)
        await pilot.pause()
        assert await unreachable_even_by_scrolling(pilot) == [], "at 80x24 in larger text"
        display.set_larger_text(app, False)
        await pilot.pause()

        assert await focus_unseen(pilot) == [], "focus not visible on these (default look)"
        display.set_high_contrast(app, True)
        await pilot.pause()
        assert low_contrast(app) == []

        def contrast_with(widget: Widget) -> None:
            problems = low_contrast(app)
            assert problems == [], f"with {type(widget).__name__}#{widget.id} focused"

        unseen = await focus_unseen(pilot, while_focused=contrast_with)
        assert unseen == [], "focus not visible on these (high contrast)"
        assert app.screen is screen, "a check left the screen it was checking"
