"""An on-screen letter keyboard for names and recovery codes, and the key area that holds it
with the number pad, so every form can be finished by mouse or touch alone. Staff forms (a
passphrase, a helpline's details) have the full keyboard: the same letters, then capitals and
a page of punctuation, so anything printable in ASCII (and £ €) can be typed by pointing.

Like the number pad, the keyboard only posts messages; the screen decides which field the
letters go to.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Static

from kiosk.i18n import N_, _
from kiosk.ui.widgets.pin_pad import PinPad
from kiosk.ui.widgets.pointer_key import pointer_key

# Alphabetical, not QWERTY: easier to find for someone who does not type every day. Seven
# keys a row; "OK" takes the last three places of the last row.
KEYS = "abcdefghijklmnopqrstuvwxyz- 1234567890"
KEY_IDS = {"-": "key-hyphen", " ": "key-space"}
KEY_LABELS = {" ": "␣"}
# The full keyboard's other pages: the same places in capitals, and punctuation (the most
# used first; every printable ASCII sign, the space, and two currency signs).
CAPITAL_KEYS = KEYS.upper()
SIGN_KEYS = ".,'!?@&/:;-_()\"+=*#%$£€~<>[]{}|\\^` "
# Each page's keys have their own ids, so a test (or a script) can point at exactly one.
PAGE_PREFIXES = {"letters": "key-", "capitals": "key-cap-", "signs": "key-sign-"}
# Translators: the buttons that turn the staff's on-screen keyboard to another page.
PAGES = {"letters": N_("abc"), "capitals": N_("ABC"), "signs": N_("?&@")}


def key_id(char: str, prefix: str = "key-") -> str:
    """The id of the key that types ``char`` on the page whose ids start with ``prefix``."""
    named = KEY_IDS.get(char)
    if named is not None:
        return prefix + named.removeprefix("key-")
    if char.isascii() and char.isalnum():
        return prefix + char.lower()
    return f"{prefix}x{ord(char):x}"


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
    LetterKeyboard #key-done, LetterKeyboard .done-key {
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

    def __init__(self, keys: str = KEYS, *, prefix: str = "key-", id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys = keys
        self._prefix = prefix
        self._typed_by = {key_id(char, prefix): char for char in keys}

    def compose(self) -> ComposeResult:
        with Grid():
            for char in self._keys:
                label = KEY_LABELS.get(char, char)
                yield pointer_key(label, key_id(char, self._prefix), compact=True)
            # A shorter page leaves gaps, so erase and OK stay where they are on every page.
            for _gap in range(len(KEYS) - len(self._keys)):
                yield Static("")
            yield pointer_key("⌫", f"{self._prefix}erase", compact=True)
            done = pointer_key(_("OK"), f"{self._prefix}done", compact=True)
            done.add_class("done-key")
            yield done

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = event.button.id or ""
        if key == f"{self._prefix}erase":
            self.post_message(self.Erase())
        elif key == f"{self._prefix}done":
            self.post_message(self.Done())
        elif key in self._typed_by:
            self.post_message(self.Typed(self._typed_by[key]))


class FullKeyboard(Widget):
    """Three pages of keys (letters, capitals, signs) and a row to turn between them, for the
    staff console's names, passphrases and helpline details. The letters page is the
    visitor's keyboard, key for key; every page has the same erase and OK."""

    DEFAULT_CSS = """
    FullKeyboard {
        width: 27;
        height: 13;
    }
    FullKeyboard ContentSwitcher {
        height: 11;
    }
    FullKeyboard #key-pages {
        height: 1;
        margin-top: 1;
        width: 27;
    }
    FullKeyboard #key-pages Button {
        width: 1fr;
        min-width: 0;
        height: 1;
        border: none;
        margin: 0;
        background: $panel;
        text-style: underline;
    }
    FullKeyboard #key-pages Button.chosen {
        background: $primary;
        text-style: bold;
    }
    """

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="keys-letters"):
            yield LetterKeyboard(KEYS, prefix=PAGE_PREFIXES["letters"], id="keys-letters")
            yield LetterKeyboard(CAPITAL_KEYS, prefix=PAGE_PREFIXES["capitals"], id="keys-capitals")
            yield LetterKeyboard(SIGN_KEYS, prefix=PAGE_PREFIXES["signs"], id="keys-signs")
        with Horizontal(id="key-pages"):
            for page, label in PAGES.items():
                shown = page == "letters"
                turn = pointer_key(("▸" if shown else "") + _(label), f"page-{page}", compact=True)
                turn.set_class(shown, "chosen")
                turn.add_class("page-turn")
                yield turn

    @on(Button.Pressed, ".page-turn")
    def _turn(self, event: Button.Pressed) -> None:
        event.stop()
        page = (event.button.id or "").removeprefix("page-")
        if page in PAGES:
            self.show_page(page)

    def show_page(self, page: str) -> None:
        self.query_one(ContentSwitcher).current = f"keys-{page}"
        for name, label in PAGES.items():
            turn = self.query_one(f"#page-{name}", Button)
            # The page shown is marked by a sign, not only by colour.
            turn.label = ("▸" if name == page else "") + _(label)
            turn.set_class(name == page, "chosen")


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
