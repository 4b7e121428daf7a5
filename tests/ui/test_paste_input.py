"""A paste reaches the kiosk whole and in order, whatever escape sequences it holds
(kiosk/ui/paste_input.py): Textual's parser read a sequence inside a paste as key presses
and handed them on ahead of the paste."""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from kiosk.ui.paste_input import PASTE_END, PASTE_START, PasteSafeParser, use_paste_safe_input

PASTED = (
    "[bold red]NOTE[/] \x1b]0;PWNED\x07 \x1b[31mRED\x1b[0m and \x1b[24~ no exit \x1bPq#0\x1b\\"
    " Supercalifragilistic"
)
KEPT = "[bold red]NOTE[/]  RED and  no exit  Supercalifragilistic"


def read(parser: XTermParser, *chunks: str) -> list[Message]:
    return [message for chunk in chunks for message in parser.feed(chunk)]


def typed(messages: list[Message]) -> list[object]:
    """Keys by name, pastes by text, in the order they came."""
    return [
        m.key if isinstance(m, events.Key) else ("paste", m.text)
        for m in messages
        if isinstance(m, events.Key | events.Paste)
    ]


def test_textual_alone_hands_a_pasted_sequence_on_as_keys_ahead_of_the_paste() -> None:
    """What this module is for (if Textual reads pastes whole one day, it can go)."""
    got = typed(read(XTermParser(), "a" + PASTE_START + "x\x1b[31my" + PASTE_END + "b"))
    assert got[0] == "a" and got[-1] == "b"
    assert got[1:-1] != [("paste", "xy")]


def test_a_paste_holding_escape_sequences_arrives_whole_in_order_and_without_them() -> None:
    got = typed(read(PasteSafeParser(), "a" + PASTE_START + PASTED + PASTE_END + "b"))
    assert got == ["a", ("paste", KEPT), "b"]


def test_markers_and_sequences_split_between_reads_are_found() -> None:
    whole = "a" + PASTE_START + PASTED + PASTE_END + "b"
    for size in (1, 2, 3, 5, 7, 64):
        chunks = [whole[i : i + size] for i in range(0, len(whole), size)]
        got = typed(read(PasteSafeParser(), *chunks))
        assert got == ["a", ("paste", KEPT), "b"], size


def test_outside_a_paste_everything_reaches_textual_as_read() -> None:
    parser = PasteSafeParser()
    for data in ("\x1b", "\x1b[24~", "\x1b[<0;10;5M", "abc\x1b[A", "\x1b[20", "0~"):
        assert parser.cleaned(data) == data


def test_two_pastes_and_keys_between_them() -> None:
    data = PASTE_START + "one\x1b[1m" + PASTE_END + "\x1b[24~" + PASTE_START + "two" + PASTE_END
    got = typed(read(PasteSafeParser(), data))
    assert got == [("paste", "one"), "f12", ("paste", "two")]


def test_the_kiosks_terminal_driver_reads_with_it() -> None:
    from textual.drivers import linux_driver

    before = linux_driver.__dict__["XTermParser"]
    try:
        use_paste_safe_input()
        assert linux_driver.__dict__["XTermParser"] is PasteSafeParser
    finally:
        linux_driver.__dict__["XTermParser"] = before
