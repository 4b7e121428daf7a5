"""Pasted text arrives whole and in order, whatever escape sequences it holds.

Textual 8.2's terminal parser reads an escape sequence inside a bracketed paste as keys: each
character of it (the escape itself as "^") was handed on as a key press ahead of the paste, and
the paste came after. A paste holding "ESC]0;title BEL" or a colour code (copied from a
terminal, or sent on purpose) reached her note reordered, with remnants of the sequence in it.

``PasteSafeParser`` takes every escape sequence out of a paste before Textual's parser reads it:
what a paste holds is text, and Harbour keeps no escape sequence in text anyway
(``kiosk.text.typed_text``). Everything outside a paste (keys, the mouse, the Escape key with
its timing) reaches Textual's parser exactly as read. Only the kiosk's own sessions use it
(``use_paste_safe_input``); the headless driver of the tests has no parser.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from textual._xterm_parser import XTermParser  # Textual is pinned exactly (pyproject)
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
# A held-back tail longer than this is no sequence a terminal sends: cleaned and passed on.
_LONGEST_HELD = 256


@functools.cache
def _escape() -> re.Pattern[str]:
    """One escape sequence: CSI, OSC (ended by BEL or ST), DCS/SOS/PM/APC (ended by ST), or
    an escape and one character that starts none of those (as "ESC 7" or "ESC (B")."""
    return re.compile(
        r"\x1b\[[0-?]*[ -/]*[@-~]"
        r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
        r"|\x1b[PX^_][^\x1b]*\x1b\\"
        r"|\x1b[ -/]*[0-OQ-WYZ\\`a-~]",
        re.DOTALL,
    )


def without_escapes(text: str) -> str:
    """``text`` with every escape sequence, and any escape left alone, taken out."""
    if "\x1b" not in text:
        return text
    return _escape().sub("", text).replace("\x1b", "")


def _unfinished(text: str) -> int:
    """How many characters at the end of ``text`` (inside a paste) may be the start of a
    sequence the next read finishes: the paste's end marker, or an escape sequence split
    between two reads."""
    escape = _escape()
    start = text.find("\x1b")
    while start >= 0:
        whole = escape.match(text, start)
        if whole is None:
            # Not a whole sequence yet: its end may come with the next read.
            return len(text) - start if len(text) - start <= _LONGEST_HELD else 0
        start = text.find("\x1b", whole.end())
    return 0


class PasteSafeParser(XTermParser):
    """Textual's parser, fed pastes without escape sequences (see the module)."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._in_paste = False
        # Inside a paste: a tail held back until the next read shows what it is.
        self._held = ""
        # Outside: the last characters passed on, to see a start marker split between reads.
        self._seen = ""

    def feed(self, data: str) -> Iterable[Message]:
        cleaned = self.cleaned(data)
        if data and not cleaned:
            return ()  # all held back, or all a sequence: an empty feed is Textual's end of file
        return super().feed(cleaned)

    def cleaned(self, data: str) -> str:
        """``data`` as Textual's parser should read it; keeps what it has not decided yet."""
        text, self._held = self._held + data, ""
        passed: list[str] = []
        while text:
            if not self._in_paste:
                seen = self._seen + text
                at = seen.find(PASTE_START)
                if at < 0:
                    passed.append(text)
                    self._seen = seen[-(len(PASTE_START) - 1) :]
                    break
                # Where the marker ends, counted in ``text`` (it may have begun in ``_seen``).
                after = at + len(PASTE_START) - len(self._seen)
                passed.append(text[:after])
                text, self._seen, self._in_paste = text[after:], "", True
                continue
            at = text.find(PASTE_END)
            if at < 0:
                keep = _unfinished(text) if data else 0
                passed.append(without_escapes(text[: len(text) - keep]))
                self._held = text[len(text) - keep :]
                break
            passed.append(without_escapes(text[:at]) + PASTE_END)
            text, self._in_paste = text[at + len(PASTE_END) :], False
        return "".join(passed)


def use_paste_safe_input() -> None:
    """Have this process's terminal driver read its input with ``PasteSafeParser``. Textual's
    Linux driver makes its parser by this module-level name as its input thread starts."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = PasteSafeParser  # type: ignore[attr-defined]
