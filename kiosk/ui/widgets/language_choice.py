"""The language chooser on the welcome screen: each offered language named in itself.

Choosing one switches the whole session (this process) to it at once: every later screen,
message and printed sheet. The next session is a new process and starts in the centre's
configured language again (``KioskApp`` sets it). With one language offered, nothing is shown.

The row is drawn by this one widget, not a Button each: the six Buttons and their row were a
third of the welcome screen's widgets, and each widget is work before the kiosk's first frame
(issue 8). It looks and works as the Buttons did: each language is a key of its own, a stop for
Tab and Shift+Tab (``TabStops``, kiosk.ui.screens.common.base), chosen with Enter or Space, or
by a click on it; the language in use is marked by more than its colour (bold, underlined).
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from kiosk.i18n import language, language_name, use_language

# As the Buttons were: at least this wide, one cell of padding each side, one cell between.
_KEY_MIN_WIDTH = 10
_GAP = 1


class _Key(NamedTuple):
    """One language's key: its tag, its name in itself, and where it is in the row's cells."""

    tag: str
    label: str
    x: int
    width: int


class LanguageChoice(Widget, can_focus=True):
    """A row of keys, one per offered language; the language in use is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
        Binding("enter,space", "choose", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "language-choice--key",
        "language-choice--key-hover",
        "language-choice--current",
        "language-choice--current-hover",
        "language-choice--cursor",
    }

    DEFAULT_CSS = """
    LanguageChoice {
        width: 100%;
        height: 1;
        margin-top: 1;
    }
    /* Textual's Button, compact, default and primary variants (kiosk/ui/widgets/buttons.py). */
    LanguageChoice > .language-choice--key {
        color: $button-foreground;
        background: $surface;
        text-style: bold;
    }
    LanguageChoice > .language-choice--key-hover {
        background: $surface-darken-1;
    }
    /* The language in use is marked by more than its colour (WCAG 1.4.1). */
    LanguageChoice > .language-choice--current {
        color: $button-color-foreground;
        background: $primary;
        text-style: bold underline;
    }
    LanguageChoice > .language-choice--current-hover {
        background: $primary-darken-2;
    }
    LanguageChoice > .language-choice--cursor {
        text-style: $button-focus-text-style;
        background-tint: $foreground 5%;
    }
    """

    class Chosen(Message):
        """The session now speaks ``tag``: the screen showing the chooser redraws in it."""

        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    def __init__(self, offered: tuple[str, ...]) -> None:
        super().__init__(id="language-choice")
        self._offered = offered if len(offered) > 1 else ()
        self.display = bool(self._offered)
        self._names = [language_name(tag) for tag in self._offered]
        current = language()
        self._cursor = self._offered.index(current) if current in self._offered else 0
        self._pressed: str | None = None

    # -- what it offers ----------------------------------------------------------------------

    @property
    def offered(self) -> tuple[str, ...]:
        return self._offered

    @property
    def labels(self) -> list[str]:
        """Each offered language, named in itself, in the order shown."""
        return list(self._names)

    @property
    def cursor(self) -> str:
        """The language the keyboard is on (shown so while the row has the focus)."""
        return self._offered[self._cursor] if self._offered else ""

    def key_offset(self, tag: str) -> Offset:
        """The middle of ``tag``'s key, in this widget's cells: where a click chooses it."""
        key = next(key for key in self._keys() if key.tag == tag)
        return Offset(key.x + key.width // 2, 0)

    def focus_current(self) -> None:
        """Keyboard focus on the language in use (after a choice, where the visitor was)."""
        if language() in self._offered:
            self._cursor = self._offered.index(language())
        self.focus()
        self.refresh()

    # -- Tab and Shift+Tab stop at each language (kiosk.ui.screens.common.base) -------------

    def tab_within(self, forward: bool) -> bool:
        """Move to the next (or previous) language, if there is one: True when it moved."""
        step = 1 if forward else -1
        if not 0 <= self._cursor + step < len(self._offered):
            return False
        self._cursor += step
        self.refresh()
        return True

    def tabbed_into(self, forward: bool) -> None:
        """Reached by Tab (its first language) or Shift+Tab (its last)."""
        self._cursor = 0 if forward else max(0, len(self._offered) - 1)
        self.refresh()

    # -- keys and pointer ----------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        self._cursor = min(max(self._cursor + step, 0), max(0, len(self._offered) - 1))
        self.refresh()

    def action_choose(self) -> None:
        if self._offered:
            self._choose(self._offered[self._cursor])

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._pressed = self._tag_at(event.offset)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        tag, self._pressed = self._tag_at(event.offset), self._pressed
        if tag is None or tag != self._pressed or self.is_disabled:
            return
        self._cursor = self._offered.index(tag)
        self._choose(tag)

    def _choose(self, tag: str) -> None:
        use_language(tag)
        self.post_message(self.Chosen(tag))

    def _tag_at(self, offset: Offset) -> str | None:
        if offset.y != 0:
            return None
        return next((k.tag for k in self._keys() if k.x <= offset.x < k.x + k.width), None)

    # -- drawing -------------------------------------------------------------------------------

    def _keys(self) -> list[_Key]:
        widths = [max(_KEY_MIN_WIDTH, cell_len(name) + 2) for name in self._names]
        total = sum(widths) + _GAP * (len(widths) - 1)
        x = max(0, (self.size.width - total) // 2)
        keys = []
        for tag, name, width in zip(self._offered, self._names, widths, strict=True):
            keys.append(_Key(tag, name, x, width))
            x += width + _GAP
        return keys

    def _hovered(self) -> str | None:
        if self.is_disabled or self.app.mouse_over is not self:
            return None
        return self._tag_at(self.app.mouse_position - self.region.offset)

    def _key_styles(self, tag: str, *, hovered: bool, cursor: bool) -> tuple[Style, Style]:
        """(padding, label) of ``tag``'s key, worked out as Textual styles a Button: its
        colours from the theme, its text's colour against the background it is drawn on
        (hovered, or tinted for the focus), and the focus's text style in place of its own."""
        name = "language-choice--current" if tag == language() else "language-choice--key"
        key = self.get_component_styles(name)
        background = (
            self.get_component_styles(f"{name}-hover").background if hovered else key.background
        )
        text_style = key.text_style
        if cursor:
            focus = self.get_component_styles("language-choice--cursor")
            background = background.tint(focus.background_tint)
            text_style = focus.text_style
        background = self.background_colors[1] + background
        colour = background + (
            background.get_contrast_text(key.color.a) if key.auto_color else key.color
        )
        padding = Style(bgcolor=background.rich_color)
        return padding, Style(color=colour.rich_color, bgcolor=background.rich_color) + text_style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        between = Style(bgcolor=self.background_colors[1].rich_color)
        if y != 0 or not self._offered:
            return Strip.blank(width, between)
        hovered = self._hovered()
        focused = self.has_focus
        segments: list[Segment] = []
        x = 0
        for key in self._keys():
            if key.x > x:
                segments.append(Segment(" " * (key.x - x), between))
            padding, label_style = self._key_styles(
                key.tag, hovered=key.tag == hovered, cursor=focused and key.tag == self.cursor
            )
            # The space around the label as the label's, without its underline.
            around = label_style + Style(underline=False)
            room = key.width - 2
            label = key.label if cell_len(key.label) <= room else set_cell_size(key.label, room)
            left = (room - cell_len(label)) // 2
            right = room - left - cell_len(label)
            segments += [
                Segment(" ", padding),
                Segment(" " * left, around),
                Segment(label, label_style),
                Segment(" " * right, around),
                Segment(" ", padding),
            ]
            x = key.x + key.width
        if x < width:
            segments.append(Segment(" " * (width - x), between))
        return Strip([s for s in segments if s.text]).crop_extend(0, width, between)
