"""On-screen keys drawn by one widget, not a Button each (dozens of Buttons were most of the
cost of opening a form, on the kiosk and in the tests): where the keys are, the shade under
the pointer, and a click that types only when it goes down and up on the same key, as a
Button took it. The letter keyboard and the number pad each lay out and draw their own keys.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Offset, Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

# What the keys besides the characters do, by the names ``key_offset`` takes.
ERASE = "erase"
DONE = "done"
# A place kept on a shorter page: shown empty, typing nothing.
GAP = ""


@dataclass(frozen=True)
class DrawnKey:
    """One key as drawn: where it is (in the widget's own cells), what it shows, and what it
    types (a character, ERASE or DONE; GAP for a place that types nothing)."""

    region: Region
    label: str
    types: str


def centred_label(key: DrawnKey, style: Style) -> list[Segment]:
    """A key's label as a Button drew it: one cell of space each side, the whole centred in the
    key, the space around it in the key's background alone."""
    width = key.region.width
    label = key.label
    if cell_len(label) > width - 2:
        label = set_cell_size(label, width - 2)
    shown = f" {label} "
    left = (width - cell_len(shown)) // 2
    right = width - left - cell_len(shown)
    around = Style(bgcolor=style.bgcolor)
    drawn = [Segment(" " * left, around), Segment(shown, style), Segment(" " * right, around)]
    return [segment for segment in drawn if segment.text]


class DrawnKeys(Widget):
    """Keys laid out by a subclass (``layout``), each line of each drawn by ``draw_key``; a
    click on a key posts ``message_for`` what it types. No key takes the focus (keyboard users
    type), and while the widget or a container around it is disabled no key is shaded or
    typed."""

    def __init__(self, layout: tuple[DrawnKey, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout = layout
        self._key_of = {key.types: key for key in layout if key.types != GAP}
        # The key a mouse button went down on: a click types only if it comes up on it too.
        self._pressed: DrawnKey | None = None
        self._drawn_hover: DrawnKey | None = None

    @abstractmethod
    def draw_key(self, key: DrawnKey, line: int, *, hovered: bool, between: Style) -> list[Segment]:
        """Line ``line`` of ``key`` (``between``: the style of the cells between keys)."""

    @abstractmethod
    def message_for(self, types: str) -> Message:
        """What a click on the key that types ``types`` posts."""

    # -- where the keys are ---------------------------------------------------------------------

    def key_at(self, offset: Offset) -> str | None:
        """What the key at ``offset`` (in the widget's own cells) types, or None between keys."""
        key = self._key_at(offset)
        return None if key is None else key.types

    def key_offset(self, key: str) -> Offset:
        """The middle of the key that types ``key``, in the widget's own cells: where a test
        (or a script) points to press it."""
        region = self._key_of[key].region
        return Offset(region.x + region.width // 2, region.y + region.height // 2)

    def key_region(self, key: str) -> Region:
        """Every cell of the key that types ``key``, in the widget's own cells."""
        return self._key_of[key].region

    def _key_at(self, offset: Offset) -> DrawnKey | None:
        for key in self._layout:
            if key.types != GAP and key.region.contains_point(offset):
                return key
        return None

    def _hovered(self) -> DrawnKey | None:
        """The key under the pointer, as the App knows it; none while disabled (the widget
        hears no pointer then, so a shade drawn would stay behind when the pointer left)."""
        if self.is_disabled or self.app.mouse_over is not self:
            return None
        return self._key_at(self.app.mouse_position - self.region.offset)

    # -- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        between = Style(bgcolor=self.background_colors[1].rich_color)
        hovered = self._hovered()
        # What is drawn, so the pointer leaving redraws it (it may have been drawn on a
        # repaint the pointer did not cause, as when the widget is enabled again).
        self._drawn_hover = hovered
        segments: list[Segment] = []
        x = 0
        for key in self._layout:
            if not key.region.y <= y < key.region.bottom:
                continue
            if key.region.x > x:
                segments.append(Segment(" " * (key.region.x - x), between))
            line = y - key.region.y
            segments.extend(self.draw_key(key, line, hovered=key is hovered, between=between))
            x = key.region.right
        if x < width:
            segments.append(Segment(" " * (width - x), between))
        return Strip(segments).crop_extend(0, width, between)

    # -- pointing -------------------------------------------------------------------------------

    def on_enter(self, event: events.Enter) -> None:
        self._pointer_moved()

    def on_leave(self, event: events.Leave) -> None:
        self._pointer_moved()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._pointer_moved()

    def _pointer_moved(self) -> None:
        hovered = self._hovered()
        if hovered is not self._drawn_hover:
            self._drawn_hover = hovered
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._pressed = self._key_at(event.offset)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        key = self._key_at(event.offset)
        pressed, self._pressed = self._pressed, None
        if key is None or key is not pressed or self.is_disabled:
            return
        self.post_message(self.message_for(key.types))
