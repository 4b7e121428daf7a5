"""An on-screen number pad for mouse and touch. It only posts messages; the screen decides
which field the digits go to."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button

from kiosk.i18n import _
from kiosk.ui.widgets.pointer_key import pointer_key


class PinPad(Widget):
    DEFAULT_CSS = """
    PinPad {
        width: 23;
        height: auto;
    }
    PinPad Grid {
        grid-size: 3 4;
        grid-gutter: 0 1;
        grid-rows: 3;
        height: 12;
        width: 23;
    }
    PinPad Button {
        min-width: 7;
        width: 7;
        height: 3;
        margin: 0;
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

    def compose(self) -> ComposeResult:
        with Grid():
            for label in ("1", "2", "3", "4", "5", "6", "7", "8", "9"):
                yield pointer_key(label, f"pad-{label}")
            yield pointer_key("⌫", "pad-erase")
            yield pointer_key("0", "pad-0")
            yield pointer_key(_("OK"), "pad-done")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = event.button.id or ""
        if key == "pad-erase":
            self.post_message(self.Erase())
        elif key == "pad-done":
            self.post_message(self.Done())
        else:
            self.post_message(self.Digit(key.removeprefix("pad-")))
