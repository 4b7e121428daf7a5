"""The second tap of a double tap, kept off the screen the first tap brought up.

A double tap (or a double click, or a shaky press on a touch screen) is two presses in a
moment. When the first opens a screen or a dialog, or closes one, the second lands on the new
screen, on whatever it has at that place: the staff menu's Leave the kiosk under Staff
accounts' Back, a letter key under a menu entry, the menu under a dialog's Stay, the next
page's Back under set-up's Hand over. So a press at the same place as the last release,
within Textual's double-click time, on another control than that release's (the first tap
changed what is there), is dropped, with its release. A double tap on a control that stays
is left to the control (a button takes one press of the two); a deliberate tap a moment later
is taken."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.widget import Widget


@dataclass
class _Release:
    time: float
    x: int
    y: int
    widget: Widget


class SecondTapGuard:
    def __init__(self, window: float) -> None:
        self._window = window
        self._last: _Release | None = None
        self._dropping = False

    def drops(self, event: events.MouseDown | events.MouseUp, under: Widget) -> bool:
        """True if ``event`` (from the terminal, before Textual handles it; ``under``: the
        widget under the pointer now) is to be dropped."""
        x, y = int(event.screen_x), int(event.screen_y)
        if isinstance(event, events.MouseUp):
            if self._dropping:
                self._dropping = False
                return True
            self._last = _Release(event.time, x, y, under)
            return False
        last = self._last
        self._dropping = (
            last is not None
            and last.widget is not under
            and (last.x, last.y) == (x, y)
            and event.time - last.time <= self._window
        )
        return self._dropping
