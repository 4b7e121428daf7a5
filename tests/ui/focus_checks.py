"""Is the focus visible on every control of the screen shown, and is the Exit control first
in its focus order?

The quick-exit spec (/work/shared/reference/quick-exit.md, section 3.2) puts "Exit this page"
first in focus order: with nothing focused, the first Tab lands on it. A form still opens
with the focus in its first field, so a visitor can type straight away; that field comes
straight after Exit, so one Shift+Tab reaches Exit from it (docs/ACCESSIBILITY.md).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual.pilot import Pilot
from textual.widget import Widget

from kiosk.ui.app import KioskApp
from kiosk.ui.widgets.top_bar import ExitControl

# Screens where the first Tab from nothing deliberately does not go to Exit; Exit is still
# first in their focus chain.
FIRST_TAB_ELSEWHERE = {
    # Shown once, straight after a PIN was set: an Enter pressed again must not end the visit
    # (kiosk/ui/screens/vault/recovery.py); Tab goes to "I have written it down".
    "recovery-code",
    # "Press any key to carry on": Tab is a key, and carries on.
    "still-there",
}


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


async def focus_unseen(
    pilot: Pilot[None], while_focused: Callable[[Widget], None] | None = None
) -> list[str]:
    """The controls of the focus chain drawn the same focused and unfocused; with each focused
    in turn, ``while_focused`` may check the screen further."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    chain = list(app.screen.focus_chain)
    assert chain
    unseen = []
    for widget in chain:
        widget.focus()  # scrolled into view, as Tab does
        await settled(pilot)
        focused = drawn(app, widget)
        if while_focused is not None:
            while_focused(widget)
        app.screen.set_focus(None)
        await pilot.pause()
        if drawn(app, widget) == focused:
            unseen.append(f"{type(widget).__name__}#{widget.id}")
    return unseen


async def check_exit_is_first_in_focus_order(pilot: Pilot[None], journey: str) -> None:
    app = pilot.app
    screen = app.screen
    chain = list(screen.focus_chain)
    assert isinstance(chain[0], ExitControl)
    if journey not in FIRST_TAB_ELSEWHERE:
        # With nothing focused, the first Tab goes to Exit.
        screen.set_focus(None)
        await pilot.press("tab")
        assert isinstance(app.focused, ExitControl), "the first Tab from nothing"
    # From the first control after it (a form's first field), one Shift+Tab.
    if len(chain) > 1:
        chain[1].focus()
        await pilot.pause()
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ExitControl), f"Shift+Tab from {chain[1]!r}"
