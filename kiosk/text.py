"""Small helpers for one-line messages about files an operator edits, and for text bound for
a terminal (no UI imports)."""

from __future__ import annotations

import io
import unicodedata

# typing.TYPE_CHECKING, without importing typing (12 ms): the kiosk command sets the terminal
# for its first session (kiosk.session.terminal) while that session is still loading.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

_LINE_BREAKING = ("Cc", "Zl", "Zp")
# What a terminal may act on instead of showing: C0 and C1 controls (ESC starts every escape
# sequence), line and paragraph separators, surrogates, private-use and unassigned code
# points, and the bidirectional controls that can make a line read differently from what it
# holds. Joiners (ZWJ, ZWNJ) stay: names in several scripts need them.
_TERMINAL_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs", "Co", "Cn"})
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Bidirectional marks, embeddings, overrides and isolates: they can make text display in
another order than the one it holds, so a phone number could read other than as written."""


def show(value: str) -> str:
    """A value quoted for a message, cut short so one bad value cannot flood the line."""
    shown = repr(value)
    return shown if len(shown) <= 42 else shown[:40] + "…"


def lower_first(text: str) -> str:
    if text[1:2].isupper():
        return text  # an abbreviation, such as "PIN", keeps its capitals
    return text[:1].lower() + text[1:]


def one_line(text: str) -> str:
    """Escape control and line-breaking characters so a message stays on one line."""
    if not any(unicodedata.category(char) in _LINE_BREAKING for char in text):
        return text
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _LINE_BREAKING else char for char in text
    )


def printable(text: str) -> str:
    """``text`` without any control or format character (category C), newlines kept.

    For what the kiosk itself draws on the terminal (its title, the neutral screen): there is
    nothing to show the reader, so what a terminal could act on is dropped, not escaped.
    """
    return "".join(char for char in text if char == "\n" or unicodedata.category(char)[0] != "C")


def terminal_safe(text: str) -> str:
    """``text`` with everything a terminal could act on escaped (``\\x1b``), newlines kept."""
    # Printable text holds none of it (every unsafe category and bidi control is unprintable
    # to Python): a check in C, not a look at each character (a plan's million characters).
    if text.replace("\n", "").isprintable():
        return text
    return "".join(
        char if char == "\n" or not _terminal_unsafe(char) else _escaped(char) for char in text
    )


# Embeddings and overrides reorder what follows them, so pasted text could show one thing and
# hold another; marks and isolates, which right-to-left writing uses, stay.
_BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")


def typed_text(text: str) -> str:
    """Pasted or stored text as a visitor could have typed it: no control characters.

    An escape sequence in a paste (or in a note written before this filter) would otherwise
    reach the terminal through the field showing it: a changed window title, colours, worse.
    Line breaks become newlines and tabs stay; everything else a terminal acts on is dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        char
        for char in text
        if char in "\n\t"
        or (unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_OVERRIDES)
    )


def _terminal_unsafe(char: str) -> bool:
    return unicodedata.category(char) in _TERMINAL_UNSAFE_CATEGORIES or char in BIDI_CONTROLS


def _escaped(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class TerminalSafeWriter(io.TextIOBase):
    """A text stream that passes everything written through ``terminal_safe``."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self._out = out

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._out.isatty()

    def write(self, text: str) -> int:
        self._out.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self._out.flush()
