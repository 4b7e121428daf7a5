"""The language chooser on the welcome screen: each offered language named in itself.

Choosing one switches the whole session (this process) to it at once: every later screen,
message and printed sheet. The next session is a new process and starts in the centre's
configured language again (``KioskApp`` sets it). With one language offered, nothing is shown.

The row is drawn by this one widget (kiosk/ui/widgets/drawn_row.py), not a Button each: the
six Buttons and their row were a third of the welcome screen's widgets. It looks and works as
the Buttons did: each language is a key of its own, a stop for Tab and Shift+Tab, chosen with
Enter or Space or a click; the language in use is marked by more than its colour (bold,
underlined).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from kiosk.i18n import language, language_name, use_language
from kiosk.ui.widgets.drawn_row import DrawnRow, Place

# As the Buttons were: at least this wide, one cell of padding each side, one cell between.
_KEY_MIN_WIDTH = 10
_GAP = 1


class LanguageChoice(DrawnRow):
    """A row of keys, one per offered language; the language in use is highlighted."""

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
        shown = offered if len(offered) > 1 else ()
        super().__init__(shown, id="language-choice")
        self.display = bool(shown)
        self._labels = [language_name(tag) for tag in shown]
        self.put_cursor(language())

    @property
    def offered(self) -> tuple[str, ...]:
        return self._items

    @property
    def labels(self) -> list[str]:
        """Each offered language, named in itself, in the order shown."""
        return list(self._labels)

    def focus_current(self) -> None:
        """Keyboard focus on the language in use (after a choice, where the visitor was)."""
        self.put_cursor(language())
        self.focus()

    def picked(self, name: str) -> None:
        use_language(name)
        self.post_message(self.Chosen(name))

    # -- drawing -------------------------------------------------------------------------------

    def places(self) -> list[Place]:
        widths = [max(_KEY_MIN_WIDTH, cell_len(label) + 2) for label in self._labels]
        total = sum(widths) + _GAP * (len(widths) - 1)
        x = max(0, (self.size.width - total) // 2)
        found = []
        for tag, width in zip(self._items, widths, strict=True):
            found.append(Place(tag, x, width))
            x += width + _GAP
        return found

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
        if y != 0 or not self._items:
            return Strip.blank(width, between)
        hovered = self.hovered()
        focused = self.has_focus
        segments: list[Segment] = []
        x = 0
        for key, label in zip(self.places(), self._labels, strict=True):
            if key.x > x:
                segments.append(Segment(" " * (key.x - x), between))
            padding, label_style = self._key_styles(
                key.name, hovered=key.name == hovered, cursor=focused and key.name == self.cursor
            )
            # The space around the label as the label's, without its underline.
            around = label_style + Style(underline=False)
            room = key.width - 2
            label = label if cell_len(label) <= room else set_cell_size(label, room)
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
