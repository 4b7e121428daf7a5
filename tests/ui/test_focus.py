"""Focus is always visible, and the Exit control comes first in focus order, on every screen
the journeys reach (tests/ui/journeys.py), in both looks.

The quick-exit spec (/work/shared/reference/quick-exit.md, section 3.2) puts "Exit this page"
first in focus order: with nothing focused, the first Tab lands on it. A form still opens
with the focus in its first field, so a visitor can type straight away; that field comes
straight after Exit, so one Shift+Tab reaches Exit from it (docs/ACCESSIBILITY.md).
"""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.pilot import Pilot
from textual.widget import Widget

from kiosk.ui import display
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets.top_bar import ExitControl
from tests.ui.conftest import Kiosk
from tests.ui.journeys import EXPECTED_SCREEN, JOURNEYS

THEMES = ["default", "high-contrast"]

# Screens where the first Tab from nothing deliberately does not go to Exit; Exit is still
# first in their focus chain.
FIRST_TAB_ELSEWHERE = {
    # Shown once, straight after a PIN was set: an Enter pressed again must not end the visit
    # (kiosk/ui/screens/vault/recovery.py); Tab goes to "I have written it down".
    "recovery-code",
    # "Press any key to carry on": Tab is a key, and carries on.
    "still-there",
}


async def reach(kiosk: Kiosk, pilot: Pilot[None], journey: str, theme: str) -> KioskApp:
    app = pilot.app
    assert isinstance(app, KioskApp)
    if theme == "high-contrast":
        display.set_high_contrast(app, True)
    await JOURNEYS[journey](pilot, kiosk.recovery_code)
    await pilot.pause(0.3)  # a clicked button's highlight passes
    assert type(app.screen).__name__ == EXPECTED_SCREEN[journey]
    return app


def drawn(app: KioskApp, widget: Widget) -> list[list[Segment]]:
    """The widget as the screen draws it: its region's cells, with their styles."""
    region = widget.region
    strips = app.screen._compositor.render_strips()
    return [
        list(strips[y].crop(region.x, region.right))
        for y in range(region.y, min(region.bottom, len(strips)))
    ]


async def settled(pilot: Pilot[None]) -> None:
    """Focusing a control out of view scrolls it to the middle, animated: the scroll is
    queued, then runs for a while. Drawn half-way, a control below the screen's edge has no
    cells to compare (CI saw Input#record-folder "unseen" so)."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.fixture(autouse=True)
def fixed_recovery_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "kiosk.vault.gatekeeper.gate.generate_code", lambda: "7K3M-Q9TD-2WXH-J4RB-8NCE"
    )


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("journey", list(JOURNEYS))
async def test_every_control_looks_different_when_focused(
    kiosk: Kiosk, journey: str, theme: str
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await reach(kiosk, pilot, journey, theme)
        chain = list(app.screen.focus_chain)
        assert chain
        unseen = []
        for widget in chain:
            widget.focus()  # scrolled into view, as Tab does
            await settled(pilot)
            focused = drawn(app, widget)
            app.screen.set_focus(None)
            await pilot.pause()
            if drawn(app, widget) == focused:
                unseen.append(f"{type(widget).__name__}#{widget.id}")
        assert unseen == [], "focus not visible on these"


@pytest.mark.parametrize("journey", list(JOURNEYS))
async def test_exit_is_first_in_focus_order(kiosk: Kiosk, journey: str) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await reach(kiosk, pilot, journey, "default")
        screen = app.screen
        chain = list(screen.focus_chain)
        assert isinstance(chain[0], ExitControl)
        if journey not in FIRST_TAB_ELSEWHERE:
            # With nothing focused, the first Tab goes to Exit.
            screen.set_focus(None)
            await pilot.press("tab")
            assert isinstance(app.focused, ExitControl)
        # From the first control after it (a form's first field), one Shift+Tab.
        if len(chain) > 1:
            chain[1].focus()
            await pilot.pause()
            await pilot.press("shift+tab")
            assert isinstance(app.focused, ExitControl)
