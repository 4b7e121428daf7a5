"""What the terminal sends reaches the kiosk as keys, clicks and whole pastes, whatever it is
(kiosk/ui/paste_input.py). Found from outside: a paste's sequences handed on as keys ahead of
it; a paste that never ended swallowing every way out; malformed input ending the session
the wrong way; terminal replies typed into fields."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

import kiosk.ui.paste_input as paste_input
from kiosk.ui.paste_input import (
    PASTE_END,
    PASTE_START,
    PasteSafeParser,
    lenient_decoder,
    use_safe_input,
)

PASTED = (
    "[bold red]NOTE[/] \x1b]0;PWNED\x07 \x1b[31mRED\x1b[0m and \x1b[2J\x1b7 then \x1bPq#0\x1b\\"
    " Supercalifragilistic"
)
KEPT = "[bold red]NOTE[/]  RED and  then  Supercalifragilistic"


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
    # Not one character a read: an escape read alone inside a paste is the Escape key (below).
    for size in (2, 3, 5, 7, 64):
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

    before = {
        name: linux_driver.__dict__[name] for name in ("XTermParser", "getincrementaldecoder")
    }
    try:
        use_safe_input()
        assert linux_driver.__dict__["XTermParser"] is PasteSafeParser
        assert linux_driver.__dict__["getincrementaldecoder"] is lenient_decoder
    finally:
        linux_driver.__dict__.update(before)


@pytest.mark.parametrize(
    "way_out",
    ["\x1b[24~", "\x1b[<0;10;5M\x1b[<0;10;5m", "\x1bOP", "\x1b[[A"],
    ids=["F12", "a click", "F1 (SS3)", "F1 (console)"],
)
def test_a_paste_that_never_ends_ends_at_a_function_key_or_a_click(way_out: str) -> None:
    """A paste-start with no paste-end swallowed every key and click after it: F12, the Exit
    control, Esc twice and Shift three times did nothing until the idle lock."""
    got = read(PasteSafeParser(), "hello " + PASTE_START + "world", way_out)
    pasted = next(i for i, m in enumerate(got) if isinstance(m, events.Paste))
    assert got[pasted].text == "world"  # type: ignore[attr-defined]
    # The key or the click came after it, as a key or a click.
    assert any(
        isinstance(m, events.MouseDown) or (isinstance(m, events.Key) and m.key.startswith("f"))
        for m in got[pasted + 1 :]
    )


def test_a_paste_that_never_ends_ends_when_the_input_goes_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(paste_input.time, "monotonic", lambda: clock[0])
    parser = PasteSafeParser()
    assert typed(read(parser, PASTE_START + "wor", "ld")) == []
    clock[0] += paste_input.PASTE_SILENCE_SECONDS / 2
    assert typed(list(parser.tick())) == []  # a slow terminal's next part may still come
    clock[0] += paste_input.PASTE_SILENCE_SECONDS
    assert typed(list(parser.tick())) == [("paste", "world")]
    assert typed(read(parser, "x", "\x1b[24~")) == ["x", "f12"]  # keys are keys again


@pytest.mark.parametrize("malformed", ["\x1b[1114112u", "\x1b[9999999999;1u", "\x1b[2147483648;1~"])
def test_a_key_code_no_key_has_is_dropped_and_the_input_goes_on(malformed: str) -> None:
    """Textual's parser failed on these (and the driver's input thread with it: Textual's
    panic ended the visit without the quick exit's path, her unfinished words lost)."""
    parser = PasteSafeParser()
    got = typed(read(parser, "a", malformed, "b\x1b[24~"))
    assert got[0] == "a" and got[-2:] == ["b", "f12"]


def test_textual_alone_fails_on_a_key_code_no_key_has() -> None:
    """What the guard is for (if Textual drops such codes one day, it can go)."""
    with pytest.raises(Exception):  # noqa: B017 - whichever Textual raises
        read(XTermParser(), "\x1b[1114112u")


def test_bytes_that_are_not_utf8_become_a_replacement_character() -> None:
    """The driver decoded strictly: one such byte (a terminal set to Latin-1 sends one for
    every accented letter) ended the session the same wrong way."""
    decode = lenient_decoder("utf-8")().decode
    assert decode(b"caf\xe9 \xff") == "caf\ufffd \ufffd"
    assert decode(b"\xc3") + decode(b"\xa9") == "\u00e9"  # a character split between reads


@pytest.mark.parametrize(
    "reply",
    ["\x1b[?1;2c", "\x1b[>0;95;0c", "\x1b]11;rgb:0000/0000/0000\x1b\\", "\x1bP1$r0m\x1b\\",
     "\x1b]0;title\x07"],
)  # fmt: skip
def test_a_terminal_reply_or_a_string_outside_a_paste_is_not_typed(reply: str) -> None:
    for chunks in ([reply + "ok"], [reply[:3], reply[3:] + "ok"]):
        assert typed(read(PasteSafeParser(), *chunks)) == ["o", "k"], chunks


def test_what_may_begin_a_string_is_held_for_one_read_at_most() -> None:
    """Esc and "]" (Alt+]) look like the start of an OSC string: held back for one read, then
    passed on as read (keys typed after an Alt key are not held back with it)."""
    parser = PasteSafeParser()
    assert parser.cleaned("\x1b]") == ""
    assert parser.cleaned("abc") == "\x1b]abc"
    assert parser.cleaned("\x1b") == "\x1b"  # the Escape key is never held


def test_the_text_after_a_click_or_key_inside_a_paste_stays_text() -> None:
    """A click inside a paste ended it and the rest became key presses: its Tab and Enter
    moved to Save and pressed it. The rest is a paste of its own."""
    got = typed(
        read(PasteSafeParser(), PASTE_START + "PASTE\x1b[<0;40;15Mtyped\t\rafter" + PASTE_END)
    )
    assert got == [("paste", "PASTE"), ("paste", "typed\t\rafter")]


def test_esc_twice_ends_a_paste_that_never_ends_however_fast_keys_come() -> None:
    parser = PasteSafeParser()
    assert typed(read(parser, "\x1b[200~P4")) == []
    parser.cleaned("")  # nothing: just reads coming less than half a second apart
    assert parser.cleaned("\x1b") == PASTE_END + "\x1b"
    assert parser.cleaned("\x1b") == "\x1b"  # the second Escape, outside any paste


def test_keys_after_a_code_no_key_has_in_the_same_read_are_kept() -> None:
    for malformed in ("\x1b[99999999999u", "\x1b[1114112u", "\x1b[2147483648;1~"):
        assert typed(read(PasteSafeParser(), malformed + "abc\x1b[24~")) == ["a", "b", "c", "f12"]


@pytest.mark.parametrize(
    "reply", ["\x1b[?1u", "\x1b[8;24;80t", "\x1b[4;600;800t", "\x1b[0x", "\x1b[?997;1n", "\x1b[0n"]
)
def test_more_terminal_replies_are_not_typed(reply: str) -> None:
    assert typed(read(PasteSafeParser(), reply + "ok")) == ["o", "k"]


def test_the_in_band_resize_still_reaches_textual() -> None:
    got = read(PasteSafeParser(), "\x1b[48;30;100;600;1000t")
    assert any(isinstance(m, events.Resize) for m in got)
