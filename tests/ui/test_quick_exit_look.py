"""A quick exit in high contrast or larger text: the neutral screen comes first, in a fresh
kiosk's look, and the visit's look is undone only after her screens are gone.

Undoing the look first (a theme change) restyled every screen of her visit before the neutral
screen could be drawn (kiosk/ui/app.py, ``end_session``). The neutral screen is now drawn while
her look is still on, so it must look the same in every look (kiosk.tcss, ``#neutral``).
"""

from __future__ import annotations

import pytest
from rich.segment import Segment

from kiosk.ui import display
from kiosk.ui.app import KioskApp, NeutralScreen
from tests.ui.conftest import Kiosk
from tests.ui.display_steps import tick
from tests.ui.helpers import open_vault, until

LOOKS = {
    "high-contrast": ("high-contrast",),
    "larger-text": ("larger-text",),
    "both": ("high-contrast", "larger-text"),
}

Drawn = list[list[tuple[str, str]]]


def drawn(app: KioskApp) -> Drawn:
    """Every cell of the screen: its text and its style."""
    return [
        [(segment.text, str(segment.style)) for segment in Segment.simplify(strip)]
        for strip in app.screen._compositor.render_strips()
    ]


async def neutral_drawn(kiosk: Kiosk, choices: tuple[str, ...]) -> Drawn:
    """The neutral screen of a quick exit, drawn while the look is still on."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        display.set_high_contrast(app, "high-contrast" in choices)
        display.set_larger_text(app, "larger-text" in choices)
        await app.push_screen(NeutralScreen(app.config.quick_exit.neutral_text, id="neutral"))
        await pilot.pause()
        return drawn(app)


@pytest.mark.parametrize("look", list(LOOKS))
async def test_the_neutral_screen_looks_the_same_in_every_look(kiosk: Kiosk, look: str) -> None:
    default = await neutral_drawn(kiosk, ())
    assert await neutral_drawn(kiosk, LOOKS[look]) == default


@pytest.mark.parametrize("look", list(LOOKS))
async def test_her_look_is_undone_only_once_her_screens_are_gone(
    kiosk: Kiosk, look: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = kiosk.app()
    stacks_when_undone: list[list[str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(pilot, *LOOKS[look])
        await open_vault(pilot)
        real_reset = display.reset_display

        def watched_reset(watched: KioskApp) -> None:
            stacks_when_undone.append([type(screen).__name__ for screen in watched.screen_stack])
            real_reset(watched)

        monkeypatch.setattr("kiosk.ui.app.reset_display", watched_reset)
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        await until(pilot, lambda: bool(stacks_when_undone))
        assert app.theme != "harbour-high-contrast" and not display.larger_text(app)
    # Undone once the screens beneath were torn down: only the base and the neutral screen.
    assert stacks_when_undone[0] == ["BackdropScreen", "NeutralScreen"]
