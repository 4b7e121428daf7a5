"""An on-screen letter keyboard for names and recovery codes, and the key area that holds it
with the number pad, so every form can be finished by mouse or touch alone. Staff forms (a
passphrase, a helpline's details) have the full keyboard: the same letters, then capitals and
a page of punctuation, so anything printable in ASCII (and £ €) can be typed by pointing.

Like the number pad, the keyboard only posts messages; the screen decides which field the
letters go to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher

from kiosk.i18n import N_, _
from kiosk.ui.widgets.drawn_keys import DONE, ERASE, GAP, DrawnKey, DrawnKeys, centred_label
from kiosk.ui.widgets.pin_pad import PinPad
from kiosk.ui.widgets.pointer_key import pointer_key

# Alphabetical, not QWERTY: easier to find for someone who does not type every day. Seven
# keys a row; "OK" takes the last three places of the last row.
KEYS = "abcdefghijklmnopqrstuvwxyz- 1234567890"
KEY_LABELS = {" ": "␣"}
# The full keyboard's other pages: the same places in capitals, and punctuation (the most
# used first; every printable ASCII sign, the space, and two currency signs).
CAPITAL_KEYS = KEYS.upper()
SIGN_KEYS = ".,'!?@&/:;-_()\"+=*#%$£€~<>[]{}|\\^` "
# Translators: the buttons that turn the staff's on-screen keyboard to another page.
PAGES = {"letters": N_("abc"), "capitals": N_("ABC"), "signs": N_("?&@")}
# Every page has ERASE and DONE after its own keys; a place that shows nothing types GAP
# (kiosk/ui/widgets/drawn_keys.py).

# The grid: seven columns of keys three cells wide with a cell between them, six rows with a
# line between them. OK spans the last three columns of the last row.
COLUMNS = 7
KEY_WIDTH = 3
PLACES = len(KEYS) + 2  # the letters, erase, OK


def _layout(keys: str) -> tuple[DrawnKey, ...]:
    """The keys of a page in their places. A shorter page leaves gaps (keys that type nothing
    and show nothing), so erase and OK stay where they are on every page."""
    placed: list[tuple[int, str, str]] = [
        (place, KEY_LABELS.get(char, char), char) for place, char in enumerate(keys)
    ]
    placed.extend((place, "", GAP) for place in range(len(keys), PLACES - 2))
    placed.append((PLACES - 2, "⌫", ERASE))
    placed.append((PLACES - 1, _("OK"), DONE))
    laid: list[DrawnKey] = []
    for place, label, types in placed:
        row, column = divmod(place, COLUMNS)
        # OK runs to the end of its row (over the places and gaps it takes).
        width = (COLUMNS - column) * (KEY_WIDTH + 1) - 1 if types == DONE else KEY_WIDTH
        laid.append(DrawnKey(Region(column * (KEY_WIDTH + 1), row * 2, width, 1), label, types))
    return tuple(laid)


class LetterKeyboard(DrawnKeys):
    """The keys of one page, drawn by the widget itself: one widget, not a Button per key
    (forty Buttons took most of the time of opening a form, on the kiosk and in the tests).

    Each key looks as a compact Button did: bold words in $button-foreground on $surface, a
    darker shade under the pointer, OK in $primary, dimmed (text-opacity) while the widget or
    a container around it is disabled; the colours come from the component classes below, so
    the theme (high contrast) and the stylesheet decide them. A click on a key posts what it
    types; a click between keys, or while disabled, does nothing. No key takes the focus:
    keyboard users type.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "letter-keyboard--key",
        "letter-keyboard--key-hover",
        "letter-keyboard--done",
    }

    DEFAULT_CSS = """
    LetterKeyboard {
        width: 27;
        height: 11;
        pointer: pointer;
    }
    LetterKeyboard:disabled {
        pointer: not-allowed;
    }
    LetterKeyboard > .letter-keyboard--key, LetterKeyboard > .letter-keyboard--key-hover,
    LetterKeyboard > .letter-keyboard--done {
        color: $button-foreground;
        background: $surface;
        text-style: bold;
    }
    LetterKeyboard > .letter-keyboard--key-hover {
        background: $surface-darken-1;
    }
    LetterKeyboard > .letter-keyboard--done {
        background: $primary;
    }
    LetterKeyboard:disabled > .letter-keyboard--key,
    LetterKeyboard:disabled > .letter-keyboard--key-hover,
    LetterKeyboard:disabled > .letter-keyboard--done {
        text-opacity: 0.6;
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

    def __init__(self, keys: str = KEYS, *, id: str | None = None) -> None:
        super().__init__(_layout(keys), id=id)

    def draw_key(self, key: DrawnKey, line: int, *, hovered: bool, between: Style) -> list[Segment]:
        """A key (one line tall) as a compact Button drew it."""
        if key.types == GAP:
            # As the empty Static that used to hold the place drew it (an empty run in the
            # widget's own style, then blank), so screenshots stay the same to the byte.
            return [Segment("", self.visual_style.rich_style), Segment(" " * KEY_WIDTH, between)]
        if key.types == DONE:
            part = "letter-keyboard--done"  # OK stays in $primary under the pointer
        else:
            part = "letter-keyboard--key-hover" if hovered else "letter-keyboard--key"
        return centred_label(key, self.get_visual_style(part).rich_style)

    def message_for(self, types: str) -> Message:
        if types == ERASE:
            return self.Erase()
        if types == DONE:
            return self.Done()
        return self.Typed(types)


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
            yield LetterKeyboard(KEYS, id="keys-letters")
            yield LetterKeyboard(CAPITAL_KEYS, id="keys-capitals")
            yield LetterKeyboard(SIGN_KEYS, id="keys-signs")
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

    @property
    def page(self) -> str:
        """The page shown (a key of PAGES)."""
        return (self.query_one(ContentSwitcher).current or "").removeprefix("keys-")

    @property
    def shown(self) -> LetterKeyboard:
        """The keys of the page shown."""
        return self.query_one(f"#keys-{self.page}", LetterKeyboard)

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
