"""Typing by pointing: text typed by clicking the on-screen keys, a key at a time, as someone
with only a mouse or a touch screen does (turning the full keyboard's pages as needed).

A keyboard or number pad is one widget that draws its keys (kiosk/ui/widgets/keyboard.py,
pin_pad.py); a key is clicked at the place the widget says it is (``key_offset``)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widget import Widget

from kiosk.ui.widgets.keyboard import (
    CAPITAL_KEYS,
    DONE,
    ERASE,
    KEYS,
    SIGN_KEYS,
    FullKeyboard,
    LetterKeyboard,
)
from kiosk.ui.widgets.pin_pad import PinPad


class KeysAlone(App[None]):
    """An on-screen keyboard or number pad alone, writing down what its keys post (ERASE and
    DONE for those two keys)."""

    CSS: ClassVar[str] = "#around { width: auto; height: auto; }"

    def __init__(self, keys: Widget) -> None:
        super().__init__()
        self._keys = keys
        self.posted: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="around"):
            yield self._keys

    @on(LetterKeyboard.Typed)
    def _typed(self, event: LetterKeyboard.Typed) -> None:
        self.posted.append(event.text)

    @on(PinPad.Digit)
    def _digit(self, event: PinPad.Digit) -> None:
        self.posted.append(event.digit)

    @on(LetterKeyboard.Erase)
    @on(PinPad.Erase)
    def _erase(self) -> None:
        self.posted.append(ERASE)

    @on(LetterKeyboard.Done)
    @on(PinPad.Done)
    def _done(self) -> None:
        self.posted.append(DONE)


def _page_of(char: str) -> str:
    for page, keys in (("letters", KEYS), ("capitals", CAPITAL_KEYS), ("signs", SIGN_KEYS)):
        if char in keys:
            return page
    raise AssertionError(f"no on-screen key types {char!r}")


def _shown(widget: Widget) -> bool:
    """On show: neither it nor a container around it is hidden."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def shown_keyboard(pilot: Pilot[None]) -> LetterKeyboard:
    """The letter keyboard on show on the screen on top (a full keyboard's page shown)."""
    shown = [board for board in pilot.app.screen.query(LetterKeyboard) if _shown(board)]
    assert len(shown) == 1, f"{len(shown)} letter keyboards on show"
    return shown[0]


async def click_key(pilot: Pilot[None], key: str) -> bool:
    """Click the key that types ``key`` (a character, or ``"erase"`` or ``"done"``) on the
    keyboard on show; on a full keyboard, first turn to the page that has it. True if the click
    landed on the keyboard."""
    full = [board for board in pilot.app.screen.query(FullKeyboard) if _shown(board)]
    if full and key not in (ERASE, DONE) and full[0].page != _page_of(key):
        assert await pilot.click(f"#page-{_page_of(key)}")
    board = shown_keyboard(pilot)
    offset = board.key_offset(key)
    assert board.key_at(offset) == key
    return await pilot.click(board, offset=offset)


async def click_keys(pilot: Pilot[None], text: str) -> None:
    """Click the keys for ``text`` into the field the screen types into."""
    for char in text:
        assert await click_key(pilot, char), char


def shown_pad(pilot: Pilot[None]) -> PinPad:
    """The number pad on show on the screen on top."""
    shown = [pad for pad in pilot.app.screen.query(PinPad) if _shown(pad)]
    assert len(shown) == 1, f"{len(shown)} number pads on show"
    return shown[0]


async def click_pad(pilot: Pilot[None], key: str) -> bool:
    """Click the number pad's key that types ``key`` (a digit, or ``"erase"`` or ``"done"``).
    True if the click landed on the pad."""
    pad = shown_pad(pilot)
    offset = pad.key_offset(key)
    assert pad.key_at(offset) == key
    return await pilot.click(pad, offset=offset)
