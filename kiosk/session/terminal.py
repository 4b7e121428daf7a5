"""What the kiosk writes to the terminal outside Textual: clearing, the title, the neutral text.

The escape sequences are plain constants so the supervisor can use them without Textual.

Under the supervisor, the whole kiosk lives on the terminal's alternate screen, which the
supervisor enters once and leaves when it stops: the alternate screen keeps no scrollback, and
sessions hand the screen over to each other without leaving it, so the neutral screen one
session draws on its way out stays until the next session paints the same neutral screen. Every
drawing of the neutral screen is one write, so no terminal shows the cleared, blank screen in
between.
"""

from __future__ import annotations

import termios

# typing.TYPE_CHECKING, without importing typing (12 ms): the kiosk command sets the terminal
# for its first session while that session is still loading.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

# Home, clear the screen, clear the scrollback (ED 3; not every terminal honours it, hence
# the deployment guide's advice to run a terminal with no scrollback at all).
CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"
CLEAR_SCROLLBACK = "\x1b[3J"
HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"
ENTER_ALTERNATE_SCREEN = "\x1b[?1049h"
LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l"


def discard_typed_keys(fd: int | None) -> None:
    """Whatever was typed on the terminal ``fd`` and not yet read belongs to no one: the
    session about to read it never saw when it was typed."""
    if fd is None:
        return
    try:  # noqa: SIM105 - contextlib is not loaded this early (kiosk.session.first_session)
        termios.tcflush(fd, termios.TCIFLUSH)
    except (OSError, termios.error):
        pass


def title_sequence(title: str) -> str:
    from kiosk.text import printable  # here: as shutil below

    return f"\x1b]0;{printable(title).replace(chr(10), ' ')}\x07"


def set_title(out: TextIO, title: str) -> None:
    out.write(title_sequence(title))


def clear(out: TextIO, title: str) -> None:
    out.write(CLEAR_ALL + title_sequence(title))
    out.flush()


def neutral_drawing(title: str, text: str) -> str:
    """Clear everything and draw the neutral text in the middle, as the kiosk's base does."""
    # Here: the kiosk command loads this module before its first session starts.
    import shutil

    from kiosk.text import printable

    columns, rows = shutil.get_terminal_size((80, 24))
    lines = printable(text).splitlines() or [""]
    parts = [CLEAR_ALL, HIDE_CURSOR, title_sequence(title)]
    top = max(1, (rows - len(lines)) // 2 + 1)
    for offset, line in enumerate(lines):
        line = line[:columns]
        left = max(1, (columns - len(line)) // 2 + 1)
        parts.append(f"\x1b[{top + offset};{left}H{line}")
    return "".join(parts)


def show_neutral(out: TextIO, title: str, text: str) -> None:
    # One write: the clear and the text reach the terminal together, never a blank frame.
    out.write(neutral_drawing(title, text))
    out.flush()


def hand_over(out: TextIO, title: str) -> None:
    """A session's last words under the supervisor: the neutral screen it shows stays.

    The scrollback is cleared all the same (the alternate screen keeps none, but a terminal
    set up otherwise might), and the cursor that Textual shows on its way out is hidden again.
    """
    out.write(CLEAR_SCROLLBACK + HIDE_CURSOR + title_sequence(title))
    out.flush()
