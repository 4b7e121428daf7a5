"""The welcome screen's display choices: high contrast and larger text, for this visit only.

Each is a tick box, so a keyboard (Tab, then Space or Enter) and a mouse or a touch (a tap)
both work; the choice applies to every screen at once (kiosk/ui/display.py).

The two boxes are drawn by this one widget, as Textual's compact Checkbox draws one, not a
Checkbox each in a row: each widget is work before the kiosk's first frame (issue 8). Each box
is a stop for Tab and Shift+Tab (the welcome screen moves between them), ticked with Space or
Enter, or by a click on it (down and up on the same box).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.strip import Strip
from textual.widget import Widget

from kiosk.i18n import _
from kiosk.ui import display

# As Textual's compact Checkbox: "▐X▌", a space, the label and a space; one cell between two.
_LEFT, _INNER, _RIGHT = "▐", "X", "▌"
_GAP = 1


class _Box(NamedTuple):
    name: str
    label: str
    x: int
    width: int


class _Choice(NamedTuple):
    name: str
    label: Callable[[], str]
    read: Callable[[App[Any]], bool]
    write: Callable[[App[Any], bool], None]


_CHOICES = (
    _Choice("high-contrast", lambda: _("High contrast"), display.high_contrast,
            display.set_high_contrast),
    _Choice("larger-text", lambda: _("Larger text"), display.larger_text,
            display.set_larger_text),
)  # fmt: skip


class DisplayOptions(Widget, can_focus=True):
    """High contrast and Larger text, each a tick box."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "tick", show=False),
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "display-options--box",
        "display-options--box-on",
        "display-options--label",
        "display-options--label-hover",
        "display-options--cursor",
    }

    # Textual 8.2's ToggleButton DEFAULT_CSS, compact and not ANSI, as components.
    DEFAULT_CSS = """
    DisplayOptions {
        width: 100%;
        height: 1;
        margin-top: 1;
    }
    DisplayOptions > .display-options--box {
        color: $panel-darken-2;
        background: $panel;
    }
    DisplayOptions > .display-options--box-on {
        color: $text-success;
        background: $panel;
    }
    DisplayOptions > .display-options--label {
        background: $surface;
    }
    DisplayOptions > .display-options--label-hover {
        background: $block-hover-background;
    }
    DisplayOptions > .display-options--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cursor = 0
        self._pressed: str | None = None

    # -- what it offers ----------------------------------------------------------------------

    @property
    def cursor(self) -> str:
        """The box the keyboard is on (shown so while the row has the focus)."""
        return _CHOICES[self._cursor].name

    def value(self, name: str) -> bool:
        """Whether the box ``name`` ("high-contrast", "larger-text") is ticked."""
        return self._choice(name).read(self.app)

    def box_offset(self, name: str) -> Offset:
        """The middle of box ``name``, in this widget's cells: where a click ticks it."""
        box = next(box for box in self._boxes() if box.name == name)
        return Offset(box.x + 1, 0)

    # -- Tab and Shift+Tab stop at each box (kiosk.ui.screens.common.welcome) ---------------

    def tab_within(self, forward: bool) -> bool:
        """Move to the next (or previous) box, if there is one: True when it moved."""
        step = 1 if forward else -1
        if not 0 <= self._cursor + step < len(_CHOICES):
            return False
        self._cursor += step
        self.refresh()
        return True

    def tabbed_into(self, forward: bool) -> None:
        """Reached by Tab (its first box) or Shift+Tab (its last)."""
        self._cursor = 0 if forward else len(_CHOICES) - 1
        self.refresh()

    # -- keys and pointer ----------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        self._cursor = min(max(self._cursor + step, 0), len(_CHOICES) - 1)
        self.refresh()

    def action_tick(self) -> None:
        self._toggle(self.cursor)

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
        self._cursor = [choice.name for choice in _CHOICES].index(name)
        self._toggle(name)

    def _toggle(self, name: str) -> None:
        choice = self._choice(name)
        choice.write(self.app, not choice.read(self.app))
        self.refresh()

    @staticmethod
    def _choice(name: str) -> _Choice:
        return next(choice for choice in _CHOICES if choice.name == name)

    def _name_at(self, offset: Offset) -> str | None:
        if offset.y != 0:
            return None
        return next((b.name for b in self._boxes() if b.x <= offset.x < b.x + b.width), None)

    # -- drawing -------------------------------------------------------------------------------

    def _boxes(self) -> list[_Box]:
        labels = [(choice.name, choice.label()) for choice in _CHOICES]
        widths = [len(_LEFT + _INNER + _RIGHT) + 1 + cell_len(label) + 1 for _, label in labels]
        total = sum(widths) + _GAP * (len(widths) - 1)
        x = max(0, (self.size.width - total) // 2)
        boxes = []
        for (name, label), width in zip(labels, widths, strict=True):
            boxes.append(_Box(name, label, x, width))
            x += width + _GAP
        return boxes

    def _hovered(self) -> str | None:
        if self.is_disabled or self.app.mouse_over is not self:
            return None
        return self._name_at(self.app.mouse_position - self.region.offset)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        between = Style(bgcolor=self.background_colors[1].rich_color)
        if y != 0:
            return Strip.blank(width, between)
        hovered = self._hovered()
        focused = self.has_focus
        label_style = self.get_component_rich_style("display-options--label")
        segments: list[Segment] = []
        x = 0
        for box in self._boxes():
            if box.x > x:
                segments.append(Segment(" " * (box.x - x), between))
            on = self.value(box.name)
            inner = self.get_component_rich_style(
                "display-options--box-on" if on else "display-options--box"
            )
            # The box's ends: its background drawn as half blocks on the label's.
            ends = label_style + Style(color=inner.bgcolor)
            text = label_style
            if focused and box.name == self.cursor:
                text = label_style + self.get_component_rich_style("display-options--cursor")
            elif box.name == hovered and not focused:
                text = label_style + self.get_component_rich_style(
                    "display-options--label-hover", partial=True
                )
            segments += [
                Segment(_LEFT, ends),
                Segment(_INNER, inner),
                Segment(_RIGHT, ends),
                Segment(" ", label_style),
                Segment(f"{box.label} ", text),
            ]
            x = box.x + box.width
        if x < width:
            segments.append(Segment(" " * (width - x), between))
        return Strip(segments).crop_extend(0, width, between)
