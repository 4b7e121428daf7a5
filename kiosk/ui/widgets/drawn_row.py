"""A row of choices drawn by one widget, each a stop for the keyboard as a widget each was.

The welcome screen's language row and display choices are drawn this way, not as a Button or
a Checkbox each: each widget is work before the kiosk's first frame (issue 8). Each item is a
stop for Tab and Shift+Tab (the welcome screen moves between them: ``tab_within`` and
``tabbed_into``); the arrow keys move along the row; Enter or Space picks the item with the
focus; a click picks the item under it, if the button went down and up on that same item, as
a Button took a click. A subclass lays the items out (``places``), draws them and says what
picking one does (``picked``).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.widget import Widget


class Place(NamedTuple):
    """Where one item is drawn: its name, and its cells in the row (the widget's first line)."""

    name: str
    x: int
    width: int


class DrawnRow(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
        Binding("enter,space", "pick", show=False),
    ]

    def __init__(self, names: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items = names
        self._cursor = 0
        self._pressed: str | None = None

    @abstractmethod
    def places(self) -> list[Place]:
        """Each item's place, laid out in the widget's present width."""

    @abstractmethod
    def picked(self, name: str) -> None:
        """Item ``name`` was picked, by a key or a click."""

    @property
    def cursor(self) -> str:
        """The item the keyboard is on (shown so while the row has the focus)."""
        return self._items[self._cursor] if self._items else ""

    def put_cursor(self, name: str) -> None:
        if name in self._items:
            self._cursor = self._items.index(name)
            self.refresh()

    def item_offset(self, name: str) -> Offset:
        """The middle of item ``name``, in the widget's cells: where a click picks it."""
        place = next(place for place in self.places() if place.name == name)
        return Offset(place.x + place.width // 2, 0)

    # -- Tab and Shift+Tab stop at each item (kiosk.ui.screens.common.welcome) -------------

    def tab_within(self, forward: bool) -> bool:
        """Move to the next (or previous) item, if there is one: True when it moved."""
        step = 1 if forward else -1
        if not 0 <= self._cursor + step < len(self._items):
            return False
        self._cursor += step
        self.refresh()
        return True

    def tabbed_into(self, forward: bool) -> None:
        """Reached by Tab (its first item) or Shift+Tab (its last)."""
        self._cursor = 0 if forward else max(0, len(self._items) - 1)
        self.refresh()

    # -- keys and pointer ----------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        self._cursor = min(max(self._cursor + step, 0), max(0, len(self._items) - 1))
        self.refresh()

    def action_pick(self) -> None:
        if self._items:
            self.picked(self.cursor)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._pressed = self._name_at(event.offset)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        name, self._pressed = self._name_at(event.offset), self._pressed
        if name is None or name != self._pressed or self.is_disabled:
            return
        self.put_cursor(name)
        self.picked(name)

    def focus_on_click(self) -> bool:
        """Only a press on an item takes the focus, as a row of Buttons had it: a press between
        two items, or beside them, left the focus where it was (and an Enter after it then
        picked an item she never pressed)."""
        return self._name_at(self.app.mouse_position - self.region.offset) is not None

    def hovered(self) -> str | None:
        """The item under the pointer, as the App knows it; none while disabled."""
        if self.is_disabled or self.app.mouse_over is not self:
            return None
        return self._name_at(self.app.mouse_position - self.region.offset)

    def _name_at(self, offset: Offset) -> str | None:
        if offset.y != 0:
            return None
        return next((p.name for p in self.places() if p.x <= offset.x < p.x + p.width), None)
