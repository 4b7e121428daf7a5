"""The top row of every screen: a neutral title and the Exit control, never covered."""

from __future__ import annotations

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


class ShiftProgress(Static):
    """Three dots that fill as Shift is pressed, as in GOV.UK's "Exit this page"."""

    presses: reactive[int] = reactive(0)

    DEFAULT_CSS = """
    ShiftProgress {
        width: 7;
        color: $warning;
    }
    """

    def render(self) -> str:
        if self.presses == 0:
            return ""
        return " ".join("●" if n < self.presses else "○" for n in range(3))


class TopBar(Widget):
    # Laid out in a row itself, not in a Horizontal: every screen has one, and each container
    # is work before a screen's first frame.
    DEFAULT_CSS = """
    TopBar {
        dock: top;
        layout: horizontal;
        height: 1;
        width: 100%;
        background: $panel;
    }
    TopBar #top-title {
        width: 1fr;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, title: str, key_label: str) -> None:
        super().__init__()
        self._title = title
        self._key_label = key_label

    def compose(self) -> ComposeResult:
        yield Static(self._title, markup=False, id="top-title")
        yield ShiftProgress()
        yield ExitControl(self._key_label)
