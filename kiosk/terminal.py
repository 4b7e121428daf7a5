"""What the kiosk writes to the terminal outside Textual: clearing, the title, the neutral text.

The escape sequences are plain constants so the supervisor can use them without Textual.
"""

from __future__ import annotations

import shutil
import unicodedata
from typing import TextIO

# Home, clear the screen, clear the scrollback (ED 3; not every terminal honours it, hence
# the deployment guide's advice to run a terminal with no scrollback at all).
CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"
HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")


def set_title(out: TextIO, title: str) -> None:
    out.write(f"\x1b]0;{_printable(title).replace(chr(10), ' ')}\x07")


def clear(out: TextIO, title: str) -> None:
    out.write(CLEAR_ALL)
    set_title(out, title)
    out.flush()


def show_neutral(out: TextIO, title: str, text: str) -> None:
    """Clear everything, then draw the neutral text in the middle, as the kiosk's base does."""
    columns, rows = shutil.get_terminal_size((80, 24))
    lines = _printable(text).splitlines() or [""]
    out.write(CLEAR_ALL + HIDE_CURSOR)
    set_title(out, title)
    top = max(1, (rows - len(lines)) // 2 + 1)
    for offset, line in enumerate(lines):
        line = line[:columns]
        left = max(1, (columns - len(line)) // 2 + 1)
        out.write(f"\x1b[{top + offset};{left}H{line}")
    out.flush()
