"""The top row of every screen: a neutral title and the Exit control, never covered."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from kiosk.i18n import _
from kiosk.ui.messages import QuickExitRequested


class ExitControl(Static, can_focus=True):
    """A control, not a Button: it reacts on mouse *down*, so a touch exits without a release.

    Labelled in words, wide and in the alarm colour, like GOV.UK's "Exit this page" button.
    """

    DEFAULT_CSS = """
    ExitControl {
        width: auto;
        min-width: 26;
        padding: 0 3;
        background: $error;
        color: $text;
        text-style: bold;
        content-align: center middle;
    }
    ExitControl:focus {
        text-style: bold reverse;
    }
    """

    def __init__(self, key_label: str) -> None:
        label = (
            _("Exit this page  ({key})").format(key=key_label) if key_label else _("Exit this page")
        )
        super().__init__(label, markup=False, id="exit-control")
        self.tooltip = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.post_message(QuickExitRequested())

    def on_key(self, event: events.Key) -> None:
        if event.key in ("enter", "space"):
            event.stop()
            self.post_message(QuickExitRequested())


# Where the Shift dots go: this many cells just left of the Exit control.
SHIFT_DOTS_WIDTH = 7


def shift_dots(presses: int) -> str:
    """Three dots that fill as Shift is pressed, as in GOV.UK's "Exit this page"; none before
    the first press."""
    if presses == 0:
        return ""
    return " ".join("●" if n < presses else "○" for n in range(3))


class TopBar(Widget):
    """The title, the Shift dots and the Exit control in one row. The title and the dots are
    drawn by the bar itself, not by a widget each: every screen has a bar, and each widget is
    work before a screen's first frame (two of the welcome screen's 22)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"top-bar--shift"}

    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        width: 100%;
        background: $panel;
        color: $text-muted;
    }
    TopBar > .top-bar--shift {
        color: $warning;
    }
    TopBar ExitControl {
        dock: right;
    }
    """

    presses: reactive[int] = reactive(0)

    def __init__(self, title: str, key_label: str) -> None:
        super().__init__()
        self._title = title
        self._key_label = key_label

    def compose(self) -> ComposeResult:
        yield ExitControl(self._key_label)

    def render(self) -> Text:
        exit_width = self.query_one(ExitControl).outer_size.width
        dots_at = max(0, self.size.width - exit_width - SHIFT_DOTS_WIDTH)
        # One cell of space each side of the title, as its own widget had.
        title = set_cell_size(self._title, max(0, dots_at - 2)) if dots_at > 2 else ""
        line = Text(f" {title} " if title else "", end="")
        line.pad_right(dots_at - line.cell_len)
        dots = shift_dots(self.presses)
        if dots:
            line.append(dots, style=self.get_component_rich_style("top-bar--shift"))
        return line
