"""The welcome screen's display choices: high contrast and larger text, for this visit only.

Each is a tick box, so a keyboard (Tab, then Space or Enter) and a mouse or a touch (a tap)
both work; the choice applies to every screen at once (kiosk/ui/display.py).

The two boxes are drawn by this one widget (kiosk/ui/widgets/drawn_row.py), as Textual's
compact Checkbox draws one, not a Checkbox each: each box is a stop for Tab and Shift+Tab,
ticked with Space or Enter, or by a click on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.strip import Strip

from kiosk.i18n import _
from kiosk.ui import display
from kiosk.ui.widgets.drawn_row import DrawnRow, Place

# As Textual's compact Checkbox: "▐X▌", a space, the label and a space; one cell between two.
_LEFT, _INNER, _RIGHT = "▐", "X", "▌"
_BOX_WIDTH = len(_LEFT + _INNER + _RIGHT)
_GAP = 1


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


def _choice(name: str) -> _Choice:
    return next(choice for choice in _CHOICES if choice.name == name)


class DisplayOptions(DrawnRow):
    """High contrast and Larger text, each a tick box."""

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
        super().__init__(tuple(choice.name for choice in _CHOICES), id=id)

    def value(self, name: str) -> bool:
        """Whether the box ``name`` ("high-contrast", "larger-text") is ticked."""
        return _choice(name).read(self.app)

    def picked(self, name: str) -> None:
        choice = _choice(name)
        choice.write(self.app, not choice.read(self.app))
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------

    def places(self) -> list[Place]:
        widths = [_BOX_WIDTH + 1 + cell_len(choice.label()) + 1 for choice in _CHOICES]
        total = sum(widths) + _GAP * (len(widths) - 1)
        x = max(0, (self.size.width - total) // 2)
        found = []
        for choice, width in zip(_CHOICES, widths, strict=True):
            found.append(Place(choice.name, x, width))
            x += width + _GAP
        return found

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        between = Style(bgcolor=self.background_colors[1].rich_color)
        if y != 0:
            return Strip.blank(width, between)
        hovered = self.hovered()
        focused = self.has_focus
        label_style = self.get_component_rich_style("display-options--label")
        segments: list[Segment] = []
        x = 0
        for box, choice in zip(self.places(), _CHOICES, strict=True):
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
            elif box.name == hovered:
                # The theme's hover shade is translucent: laid over the label's background,
                # as Textual lays it (drawn as it is, it was white under light grey words).
                shade = self.get_component_styles("display-options--label-hover").background
                under = self.get_component_styles("display-options--label").background
                shaded = self.background_colors[1] + under + shade
                text = label_style + Style(bgcolor=shaded.rich_color)
            segments += [
                Segment(_LEFT, ends),
                Segment(_INNER, inner),
                Segment(_RIGHT, ends),
                Segment(" ", label_style),
                Segment(f"{choice.label()} ", text),
            ]
            x = box.x + box.width
        if x < width:
            segments.append(Segment(" " * (width - x), between))
        return Strip(segments).crop_extend(0, width, between)
