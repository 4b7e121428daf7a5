"""Every button and every field of every screen is reachable at 80x24 and at 200x60 (issue 13):
fully on screen and not
clipped by its container, or, inside a part of the screen that scrolls and shows its
scrollbar (so a mouse user sees there is more), fully on screen once scrolled to. The screens
are the ones the snapshot tests reach (tests/ui/journeys.py), so a new journey is checked too."""

from __future__ import annotations

import pytest
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from kiosk.ui import display
from kiosk.ui.app import KioskApp
from tests.ui.conftest import Kiosk
from tests.ui.journeys import EXPECTED_SCREEN, JOURNEYS

CONTROLS = "Button, Input, Select, TextArea, OptionList, ExitControl"


def shown(widget: Widget) -> bool:
    """False for a widget that is deliberately not displayed (a closed tab, another step)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def unreachable(app: KioskApp) -> list[str]:
    return [problem for _, problem in _cut_or_hidden(app)]


def _cut_or_hidden(app: KioskApp) -> list[tuple[Widget, str]]:
    screen = app.screen
    whole = Region(0, 0, *app.size)
    problems = []
    for widget in screen.query(CONTROLS):
        if not shown(widget):
            continue
        name = f"{type(widget).__name__}#{widget.id}"
        try:
            geometry = screen.find_widget(widget)  # what the compositor actually draws
        except NoWidget:
            problems.append((widget, f"{name}: not drawn at all"))
            continue
        region, clip = geometry.region, geometry.clip.intersection(whole)
        if region.area == 0:
            problems.append((widget, f"{name}: has no size"))
        elif clip.intersection(region) != region:
            problems.append((widget, f"{name}: {region} is cut by {clip}"))
    return problems


def _scrolls_with_a_scrollbar(widget: Widget) -> Widget | None:
    """The nearest part of the screen that scrolls ``widget`` and shows it can (a scrollbar)."""
    for node in widget.ancestors:
        if isinstance(node, Widget) and node.show_vertical_scrollbar:
            return node
    return None


async def unreachable_even_by_scrolling(pilot: Pilot[None]) -> list[str]:
    """Controls cut or hidden that scrolling their scrollbar-showing container does not bring
    fully onto the screen."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    problems = []
    for widget, problem in _cut_or_hidden(app):
        container = _scrolls_with_a_scrollbar(widget)
        if container is None or "not drawn" in problem or "no size" in problem:
            problems.append(problem)
            continue
        container.scroll_to_widget(widget, animate=False, immediate=True)
        await pilot.pause()
        problems.extend(p for w, p in _cut_or_hidden(app) if w is widget)
    return problems


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
@pytest.mark.parametrize("journey", list(JOURNEYS))
async def test_every_control_is_reachable(
    kiosk: Kiosk, journey: str, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "kiosk.vault.gatekeeper.gate.generate_code", lambda: "7K3M-Q9TD-2WXH-J4RB-8NCE"
    )
    app = kiosk.app()
    async with app.run_test(size=size) as pilot:
        await JOURNEYS[journey](pilot, kiosk.recovery_code)
        await pilot.pause()
        assert type(app.screen).__name__ == EXPECTED_SCREEN[journey]
        assert await unreachable_even_by_scrolling(pilot) == []


@pytest.mark.parametrize("journey", list(JOURNEYS))
async def test_every_control_is_reachable_at_80x24_in_larger_text(
    kiosk: Kiosk, journey: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Larger text (docs/ACCESSIBILITY.md) must not push anything off an 80x24 screen."""
    monkeypatch.setattr(
        "kiosk.vault.gatekeeper.gate.generate_code", lambda: "7K3M-Q9TD-2WXH-J4RB-8NCE"
    )
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        display.set_larger_text(app, True)
        await JOURNEYS[journey](pilot, kiosk.recovery_code)
        await pilot.pause()
        assert type(app.screen).__name__ == EXPECTED_SCREEN[journey]
        assert await unreachable_even_by_scrolling(pilot) == []
