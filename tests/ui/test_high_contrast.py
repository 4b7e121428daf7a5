"""High contrast meets WCAG 2.2 AAA (1.4.6): every letter drawn on every screen has at least
7:1 against the colour behind it. Measured on the screens as Textual draws them in the
high-contrast theme, so every pair the stylesheet (kiosk/ui/kiosk.tcss) and Textual's own
widgets produce from the theme's colours is checked, not a list that could fall behind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from kiosk.ui import display
from tests.ui.conftest import Kiosk
from tests.ui.contrast import contrast, low_contrast
from tests.ui.diary_form_steps import open_form
from tests.ui.plan_wizard_steps import open_wizard, with_plan_content


def test_the_measure_is_wcags() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 0), (0, 0, 0)) == pytest.approx(19.56, abs=0.01)
    assert contrast((128, 128, 128), (0, 0, 0)) == pytest.approx(5.32, abs=0.01)


async def _diary_entry(pilot: Pilot[None], recovery_code: str) -> None:
    await open_form(pilot)


async def _plan_wizard(pilot: Pilot[None], recovery_code: str) -> None:
    await open_wizard(pilot)


# Every journey's screen is checked by tests/ui/test_every_screen.py; these two open with
# content of their own.
SCREENS: dict[str, Callable[[Pilot[None], str], Awaitable[None]]] = {
    "diary-entry": _diary_entry,
    "plan-wizard": _plan_wizard,
}


@pytest.mark.parametrize("screen", list(SCREENS))
async def test_every_letter_on_screen_has_7_to_1(
    kiosk: Kiosk, screen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "kiosk.vault.gatekeeper.gate.generate_code", lambda: "7K3M-Q9TD-2WXH-J4RB-8NCE"
    )
    app = (with_plan_content(kiosk) if screen == "plan-wizard" else kiosk).app()
    async with app.run_test(size=(80, 24)) as pilot:
        display.set_high_contrast(app, True)
        await SCREENS[screen](pilot, kiosk.recovery_code)
        await pilot.pause(0.3)  # a clicked button's highlight passes
        assert low_contrast(app) == []
        # And with the focus on each control in turn: the focused look counts too.
        for widget in list(app.screen.focus_chain):
            widget.focus(scroll_visible=False)
            await pilot.pause()
            assert low_contrast(app) == [], f"with {type(widget).__name__}#{widget.id} focused"
