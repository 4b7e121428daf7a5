"""An on-screen number pad for mouse and touch. It only posts messages; the screen decides
which field the digits go to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Offset, Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from kiosk.i18n import _

# What the two keys besides the digits do, by the names ``PinPad.key_offset`` takes (the
# letter keyboard's erase and OK keys take the same names).
ERASE = "erase"
DONE = "done"

# Four rows of three keys, each seven cells wide and three lines tall (a line of shade above
# and below the label, as a Button is drawn), a cell between keys in a row, none between rows.
ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), (ERASE, "0", DONE))
KEY_WIDTH = 7
KEY_HEIGHT = 3
GUTTER = 1
# Half blocks: the thin line of shade above and below a key (Textual's "tall" border).
TOP_EDGE = "▔"
BOTTOM_EDGE = "▁"


@dataclass(frozen=True)
class _Key:
    """One key as drawn: where it is (in the pad's own cells), what it shows, what it types
    (a digit, ERASE or DONE)."""

    region: Region
    label: str
    types: str


def _layout() -> tuple[_Key, ...]:
    labels = {ERASE: "⌫", DONE: _("OK")}
    return tuple(
        _Key(
            Region(column * (KEY_WIDTH + GUTTER), row * KEY_HEIGHT, KEY_WIDTH, KEY_HEIGHT),
            labels.get(types, types),
            types,
        )
        for row, keys in enumerate(ROWS)
        for column, types in enumerate(keys)
    )


class PinPad(Widget):
    """The twelve keys, drawn by the widget itself: one widget, not a Button per key (twelve
    Buttons were most of the cost of opening a PIN form, on the kiosk and in the tests).

    Each key looks as a Button did: a bold label in $button-foreground on $surface between a
    line of lighter shade above and darker below; under the pointer a darker key with the
    line above in $surface; the label dimmed (text-opacity) while the pad or a container
    around it is disabled. The colours come from the component classes below, so the theme
    (high contrast) and the stylesheet decide them. A click on a key posts what it types; a
    click between keys, or while disabled, does nothing. No key takes the focus: keyboard
    users type.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pin-pad--key", "pin-pad--key-hover"}

    DEFAULT_CSS = """
    PinPad {
        width: 23;
        height: 12;
        pointer: pointer;
    }
    PinPad:disabled {
        pointer: not-allowed;
    }
    PinPad > .pin-pad--key, PinPad > .pin-pad--key-hover {
        color: $button-foreground;
        background: $surface;
        text-style: bold;
        border-top: tall $surface-lighten-1;
        border-bottom: tall $surface-darken-1;
    }
    PinPad > .pin-pad--key-hover {
        background: $surface-darken-1;
        border-top: tall $surface;
    }
    PinPad:disabled > .pin-pad--key, PinPad:disabled > .pin-pad--key-hover {
        text-opacity: 0.6;
    }
    """

    @dataclass
    class Digit(Message):
        digit: str

    @dataclass
    class Erase(Message):
        pass

    @dataclass
    class Done(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout = _layout()
        self._key_of = {key.types: key for key in self._layout}
        # The key a mouse button went down on: a click types only if it comes up on it too
        # (as a Button took only a press and release on itself).
        self._pressed: _Key | None = None
        self._drawn_hover: _Key | None = None

    # -- where the keys are ---------------------------------------------------------------------

    def key_at(self, offset: Offset) -> str | None:
        """What the key at ``offset`` (in the pad's own cells) types, or None between keys."""
        key = self._key_at(offset)
        return None if key is None else key.types

    def key_offset(self, key: str) -> Offset:
        """The middle of the key that types ``key`` (a digit, ERASE or DONE), in the pad's own
        cells: where a test (or a script) points to press it."""
        region = self._key_of[key].region
        return Offset(region.x + region.width // 2, region.y + region.height // 2)

    def key_region(self, key: str) -> Region:
        """Every cell of the key that types ``key``, in the pad's own cells."""
        return self._key_of[key].region

    def _key_at(self, offset: Offset) -> _Key | None:
        for key in self._layout:
            if key.region.contains_point(offset):
                return key
        return None

    def _hovered(self) -> _Key | None:
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
        # repaint the pointer did not cause, as when the pad is enabled again).
        self._drawn_hover = hovered
        segments: list[Segment] = []
        x = 0
        for key in self._layout:
            if not key.region.y <= y < key.region.bottom:
                continue
            if key.region.x > x:
                segments.append(Segment(" " * (key.region.x - x), between))
            segments.extend(self._draw_key(key, y - key.region.y, hovered=key is hovered))
            x = key.region.right
        if x < width:
            segments.append(Segment(" " * (width - x), between))
        return Strip(segments).crop_extend(0, width, between)

    def _draw_key(self, key: _Key, line: int, *, hovered: bool) -> list[Segment]:
        """One line of a key as a Button drew it: the shade above, the label (a cell of space
        each side, the whole centred), the shade below."""
        part = "pin-pad--key-hover" if hovered else "pin-pad--key"
        style = self.get_visual_style(part).rich_style
        width = key.region.width
        if line != 1:
            styles = self.get_component_styles(part)
            edge, (_, color) = (
                (TOP_EDGE, styles.border_top) if line == 0 else (BOTTOM_EDGE, styles.border_bottom)
            )
            background = Color.from_rich_color(style.bgcolor)
            shade = Style(color=(background + color).rich_color, bgcolor=style.bgcolor)
            return [Segment(edge * width, shade)]
        label = key.label
        if cell_len(label) > width - 2:
            label = set_cell_size(label, width - 2)
        shown = f" {label} "
        left = (width - cell_len(shown)) // 2
        right = width - left - cell_len(shown)
        around = Style(bgcolor=style.bgcolor)
        drawn = [Segment(" " * left, around), Segment(shown, style), Segment(" " * right, around)]
        return [segment for segment in drawn if segment.text]

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
        if key.types == ERASE:
            self.post_message(self.Erase())
        elif key.types == DONE:
            self.post_message(self.Done())
        else:
            self.post_message(self.Digit(key.types))
