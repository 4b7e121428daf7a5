"""The text helpers every layer shares (kiosk/text.py): what reaches a terminal is only text."""

from __future__ import annotations

import sys

from kiosk.session.terminal import neutral_drawing, title_sequence
from kiosk.text import (
    _escaped,
    _terminal_unsafe,
    lower_first,
    one_line,
    printable,
    show,
    terminal_safe,
)


def test_printable_drops_what_a_terminal_could_act_on_and_keeps_new_lines() -> None:
    assert (
        printable("Info\x1b]0;owned\x07 point\u202e\u200b\nsecond") == "Info]0;owned point\nsecond"
    )


def test_the_kiosk_title_and_neutral_text_carry_no_escape_from_the_config() -> None:
    assert title_sequence("Info\x1b[2J\npoint") == "\x1b]0;Info[2J point\x07"
    drawing = neutral_drawing("Info", "Welcome\x1b]0;x\x07")
    assert drawing.endswith("HWelcome]0;x")


def test_message_helpers() -> None:
    assert one_line("a\nb\u2028c") == "a\\nb\\u2028c"
    assert show("x" * 50) == "'" + "x" * 39 + "…"
    assert lower_first("No such file") == "no such file"


def test_terminal_safe_escapes_every_character_a_terminal_could_act_on() -> None:
    """Its fast path returns printable text as it is: every character it must escape (each
    code point checked, one at a time and inside printable text) is unprintable to Python."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char != "\n" and _terminal_unsafe(char):
            assert not char.isprintable(), hex(code)
            assert terminal_safe(f"a{char}b") == f"a{_escaped(char)}b", hex(code)
    assert terminal_safe("line\nnext \u00e9") == "line\nnext \u00e9"
