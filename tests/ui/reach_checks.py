"""Is every button and field of the screen shown reachable? Fully on screen and not clipped
by its container, or, inside a part of the screen that scrolls and shows its scrollbar (so a
mouse user sees there is more), fully on screen once scrolled to (issue 13)."""

from __future__ import annotations

from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from kiosk.ui.app import KioskApp

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
