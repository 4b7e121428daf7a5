"""An on-screen number pad for mouse and touch. It only posts messages; the screen decides
which field the digits go to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.message import Message

from kiosk.i18n import _
from kiosk.ui.widgets.drawn_keys import DONE, ERASE, DrawnKey, DrawnKeys, centred_label

# Four rows of three keys, each seven cells wide and three lines tall (a line of shade above
# and below the label, as a Button is drawn), a cell between keys in a row, none between rows.
ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), (ERASE, "0", DONE))
KEY_WIDTH = 7
KEY_HEIGHT = 3
GUTTER = 1
# Half blocks: the thin line of shade above and below a key (Textual's "tall" border).
TOP_EDGE = "▔"
BOTTOM_EDGE = "▁"


def _layout() -> tuple[DrawnKey, ...]:
    labels = {ERASE: "⌫", DONE: _("OK")}
    return tuple(
        DrawnKey(
            Region(column * (KEY_WIDTH + GUTTER), row * KEY_HEIGHT, KEY_WIDTH, KEY_HEIGHT),
            labels.get(types, types),
            types,
        )
        for row, keys in enumerate(ROWS)
        for column, types in enumerate(keys)
    )


class PinPad(DrawnKeys):
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
        super().__init__(_layout(), id=id)

    def draw_key(self, key: DrawnKey, line: int, *, hovered: bool, between: Style) -> list[Segment]:
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
        return centred_label(key, style)

    def message_for(self, types: str) -> Message:
        if types == ERASE:
            return self.Erase()
        if types == DONE:
            return self.Done()
        return self.Digit(types)
