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
                yield self._key(label, f"pad-{label}")
            yield self._key("⌫", "pad-erase")
            yield self._key("0", "pad-0")
            yield self._key("OK", "pad-done")

    @staticmethod
    def _key(label: str, id: str) -> Button:
        button = Button(label, id=id)
        # Keys on the pad are for pointing; keyboard users type, and Tab must not wander here.
        button.can_focus = False
        # No 0.2 s press effect: Button ignores clicks during it, so a quick "00" lost a digit.
        button.active_effect_duration = 0
        return button

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
