"""An on-screen letter keyboard for names and recovery codes, and the key area that holds it
with the number pad, so every form can be finished by mouse or touch alone.

Like the number pad, the keyboard only posts messages; the screen decides which field the
letters go to.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher

from kiosk.i18n import _
from kiosk.ui.widgets.pin_pad import PinPad
from kiosk.ui.widgets.pointer_key import pointer_key

# Alphabetical, not QWERTY: easier to find for someone who does not type every day. Seven
# keys a row; "OK" takes the last three places of the last row.
KEYS = "abcdefghijklmnopqrstuvwxyz- 1234567890"
KEY_IDS = {"-": "key-hyphen", " ": "key-space"}
KEY_LABELS = {" ": "␣"}


class LetterKeyboard(Widget):
    DEFAULT_CSS = """
    LetterKeyboard {
        width: 27;
        height: 11;
    }
    LetterKeyboard Grid {
        grid-size: 7 6;
        grid-gutter: 1 1;
        grid-rows: 1;
        grid-columns: 3;
        width: 27;
        height: 11;
    }
    LetterKeyboard Button {
        min-width: 3;
        width: 100%;
        height: 1;
        border: none;
        margin: 0;
        background: $panel-lighten-2;
    }
    LetterKeyboard Button:hover {
        background: $primary;
    }
    LetterKeyboard #key-done {
        column-span: 3;
        background: $primary;
    }
    """

    @dataclass
    class Typed(Message):
        text: str

    @dataclass
    class Erase(Message):
        pass

    @dataclass
    class Done(Message):
        pass

    def compose(self) -> ComposeResult:
        with Grid():
            for char in KEYS:
                key_id = KEY_IDS.get(char, f"key-{char}")
                yield pointer_key(KEY_LABELS.get(char, char), key_id, compact=True)
            yield pointer_key("⌫", "key-erase", compact=True)
            yield pointer_key(_("OK"), "key-done", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = event.button.id or ""
        if key == "key-erase":
            self.post_message(self.Erase())
        elif key == "key-done":
            self.post_message(self.Done())
        elif key == "key-space":
            self.post_message(self.Typed(" "))
        elif key == "key-hyphen":
            self.post_message(self.Typed("-"))
        else:
            self.post_message(self.Typed(key.removeprefix("key-")))


class KeyArea(Widget):
    """The number pad or the letter keyboard, one at a time, and a button to swap them.

    The screen sets ``letters`` when a field that takes letters gets the focus; the visitor can
    always swap by hand (a PIN may also be words).
    """

    DEFAULT_CSS = """
    KeyArea {
        width: 27;
        height: auto;
    }
    KeyArea ContentSwitcher {
        height: auto;
    }
    KeyArea #swap-keys {
        width: 27;
        min-width: 0;
        height: 1;
        margin-top: 1;
        border: none;
        background: $panel;
        text-style: underline;
    }
    """

    letters: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="pin-pad"):
            yield PinPad(id="pin-pad")
            yield LetterKeyboard(id="letter-keyboard")
        swap = Button(_("Show letters"), id="swap-keys", compact=True)
        swap.can_focus = False
        yield swap

    def watch_letters(self, letters: bool) -> None:
        if not self.is_mounted:
            return
        self.query_one(ContentSwitcher).current = "letter-keyboard" if letters else "pin-pad"
        label = _("Show numbers") if letters else _("Show letters")
        self.query_one("#swap-keys", Button).label = label

    def on_mount(self) -> None:
        self.watch_letters(self.letters)

    @on(Button.Pressed, "#swap-keys")
    def _swap(self, event: Button.Pressed) -> None:
        event.stop()
        self.letters = not self.letters
