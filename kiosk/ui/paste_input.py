"""What the terminal sends reaches the kiosk as keys, clicks and whole pastes, whatever it is.

Textual 8.2's terminal input, as it is, let outside input do three things to a visit:

- **A paste that never ends** (a paste-start sequence with no paste-end, as any program or
  a broken terminal can send) made every key and click after it part of a paste that never
  came: F12, the Exit control, Esc twice and Shift three times all did nothing, and the
  visit could not be left until the idle lock.
- **Malformed input ended the session the wrong way**: a byte that is not UTF-8, or a key
  code no character has, raised an error in the driver's input thread, and Textual's panic
  ended the visit without the quick exit's path (her unfinished words lost, her screen up a
  moment longer).
- **Escape sequences became typing**: inside a paste each character of a sequence (the
  escape as "^") was handed on as a key ahead of the paste, so her note came back reordered;
  outside one, a terminal's reply or an OSC or DCS string was typed into the field with the
  focus.

``PasteSafeParser`` (Textual's parser, fed through ``cleaned``) and ``lenient_decoder`` (the
driver's UTF-8 decoder, with a replacement for bytes that are not UTF-8) stop all three. The
way out must work whatever state the input is in: a paste ends at its end marker, at an
Escape key read on its own, or after ``PASTE_SILENCE_SECONDS`` without input, and a click or
a function key inside it acts as itself (the text after it is a paste again, never keys).
What a paste holds is text, and Harbour keeps no escape sequence in text
(``kiosk.text.typed_text``). Outside a paste, keys, the mouse and the Escape key with its
timing reach Textual's parser as read, less unsolicited strings and replies and key codes no
key has. Only the kiosk's own sessions use it (``use_safe_input``); the headless driver of
the tests has no parser.
"""

from __future__ import annotations

import codecs
import functools
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from textual._xterm_parser import XTermParser  # Textual is pinned exactly (pyproject)
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
# A terminal sends a paste in one go: this long without input, a paste still open is over.
PASTE_SILENCE_SECONDS = 0.5
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


@functools.cache
def _way_out() -> re.Pattern[str]:
    """Inside a paste, what ends it: a mouse button pressed, or a function key (F1 to F24, as
    xterm, the Linux console and kitty send them)."""
    return re.compile(
        r"\x1b\[<\d+;\d+;\d+M(?:\x1b\[<\d+;\d+;\d+m)?"
        r"|\x1b\[(?:1[1-9]|2[0-9]|3[1-4])(?:;\d+)?~"
        r"|\x1b\[\[[A-E]"
        r"|\x1bO[P-S]|\x1b\[1;\d+[P-S]"
    )


@functools.cache
def _unsolicited() -> re.Pattern[str]:
    """Outside a paste, what Textual would type into a field as text and no key sends: OSC,
    DCS, SOS, PM and APC strings, and a terminal's replies (device attributes, status and
    window reports, parameters, keyboard flags; not the in-band resize Textual reads)."""
    return re.compile(
        r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
        r"|\x1b[PX^_][^\x1b]*\x1b\\"
        r"|\x1b\[[?>][0-9;]*c"
        r"|\x1b\[(?!48;)[0-9;]*t"
        r"|\x1b\[\??[0-9;]*[nx]"
        r"|\x1b\[\?[0-9;]*u",
        re.DOTALL,
    )


@functools.cache
def _csi() -> re.Pattern[str]:
    return re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])")


def _impossible_key(found: re.Match[str]) -> str:
    """A CSI sequence as it is, or nothing for a key code no character has (above U+10FFFF)
    or a number no key has: Textual's parser fails on those (``PasteSafeParser._guarded``
    keeps the input going if it does, but loses the rest of that read, F12 with it)."""
    numbers = [int(n) for n in re.findall(r"\d+", found[1])]
    if any(n >= 10**7 for n in numbers) or (found[2] == "u" and numbers and numbers[0] > 0x10FFFF):
        return ""
    return found[0]


def _outside_paste(text: str) -> str:
    """What passes on outside a paste: as read, without unsolicited strings and replies, and
    without key codes no key has."""
    if "\x1b" not in text:
        return text
    return _csi().sub(_impossible_key, _unsolicited().sub("", text))


def without_escapes(text: str) -> str:
    """``text`` with every escape sequence, and any escape left alone, taken out."""
    if "\x1b" not in text:
        return text
    return _escape().sub("", text).replace("\x1b", "")


def _unfinished_in_paste(text: str) -> int:
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


def _unfinished_string(text: str) -> int:
    """Outside a paste: how many characters at the end of ``text`` are an OSC, DCS, SOS, PM or
    APC string, or a reply to a query ("ESC [?", "ESC [>"), not ended yet: held until the next
    read ends it. Never a lone escape, which may be the Escape key: Textual times that."""
    start = text.rfind("\x1b")
    if start < 0 or len(text) - start > _LONGEST_HELD or len(text) - start < 2:
        return 0
    tail = text[start:]
    if tail[1] in "]PX^_":
        return 0 if _unsolicited().match(tail) else len(tail)
    if tail.startswith(("\x1b[?", "\x1b[>")) and not _escape().match(tail):
        return len(tail)
    return 0


class PasteSafeParser(XTermParser):
    """Textual's parser, fed what ``cleaned`` makes of the input (see the module)."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._debug = debug
        self._in_paste = False
        # A tail held back until the next read shows what it is.
        self._held = ""
        # Outside a paste: the last characters passed on, to see a start marker split
        # between reads.
        self._seen = ""
        self._last_read = time.monotonic()

    def feed(self, data: str) -> Iterable[Message]:
        self._last_read = time.monotonic()
        cleaned = self.cleaned(data)
        if data and not cleaned:
            return ()  # all held back, or all a sequence: an empty feed is Textual's end of file
        return self._guarded(lambda: super(PasteSafeParser, self).feed(cleaned))

    def tick(self) -> Iterable[Message]:
        """Textual's timeouts (the Escape key), and the end of a paste gone silent."""
        ended: list[Message] = []
        if self._in_paste and time.monotonic() - self._last_read >= PASTE_SILENCE_SECONDS:
            held, self._held, self._in_paste = self._held, "", False
            ended = self._guarded(
                lambda: super(PasteSafeParser, self).feed(without_escapes(held) + PASTE_END)
            )
        return [*ended, *self._guarded(lambda: super(PasteSafeParser, self).tick())]

    def _guarded(self, parse: Callable[[], Iterable[Message]]) -> list[Message]:
        """What ``parse`` gives. If Textual's parser fails on what it was given (a key code no
        character has, a number too large), what it gave so far, and a fresh parser for what
        comes next: the input thread must never end."""
        messages: list[Message] = []
        try:
            messages.extend(parse())
        except Exception:
            self._restart()
        return messages

    def _restart(self) -> None:
        debug_log = self._debug_log_file
        XTermParser.__init__(self, self._debug)
        if debug_log is not None:
            debug_log.close()
        self._in_paste, self._held, self._seen = False, "", ""

    def cleaned(self, data: str) -> str:
        """``data`` as Textual's parser should read it; keeps what it has not decided yet."""
        if self._in_paste and data == "\x1b" and not self._held:
            # The Escape key, read on its own: a paste arrives in one go, never an escape
            # alone. The paste is over (Esc twice is a way out, however fast she keeps typing).
            self._in_paste = False
            return PASTE_END + data
        held_before = bool(self._held)
        text, self._held = self._held + data, ""
        passed: list[str] = []
        while text:
            if not self._in_paste:
                seen = self._seen + text
                at = seen.find(PASTE_START)
                if at < 0:
                    # Held for one more read at most: an Alt key (Esc and "]") typed just
                    # before other keys is not held back with them.
                    keep = _unfinished_string(text) if data and not held_before else 0
                    given = text[: len(text) - keep]
                    passed.append(_outside_paste(given))
                    self._held = text[len(text) - keep :]
                    self._seen = (self._seen + given)[-(len(PASTE_START) - 1) :]
                    break
                # Where the marker begins and ends, counted in ``text`` (it may have begun in
                # what was passed on before).
                after = at + len(PASTE_START) - len(self._seen)
                begins = max(0, after - len(PASTE_START))
                passed.append(_outside_paste(text[:begins]))
                passed.append(text[begins:after])
                text, self._seen, self._in_paste = text[after:], "", True
                continue
            end = text.find(PASTE_END)
            way_out = _way_out().search(text)
            if way_out is not None and (end < 0 or way_out.start() < end):
                # A click or a function key: a key or a click, between the paste's text before
                # it and after it (the rest stays text, never keys: a Tab and an Enter in it
                # pressed Save).
                passed.append(without_escapes(text[: way_out.start()]) + PASTE_END)
                passed.append(way_out[0] + PASTE_START)
                text = text[way_out.end() :]
                continue
            if end < 0:
                keep = _unfinished_in_paste(text) if data else 0
                passed.append(without_escapes(text[: len(text) - keep]))
                self._held = text[len(text) - keep :]
                break
            passed.append(without_escapes(text[:end]) + PASTE_END)
            text, self._in_paste = text[end + len(PASTE_END) :], False
        return "".join(passed)


def lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """``codecs.getincrementaldecoder`` whose decoders put U+FFFD in place of bytes that are not
    ``encoding``, instead of failing (Textual's driver makes its UTF-8 decoder with it)."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def use_safe_input() -> None:
    """Have this process's terminal driver read its input with ``PasteSafeParser`` and
    ``lenient_decoder``: Textual's Linux driver makes both by these module-level names as its
    input thread starts."""
    from textual.drivers import linux_driver

    driver: Any = linux_driver
    driver.XTermParser = PasteSafeParser
    driver.getincrementaldecoder = lenient_decoder
