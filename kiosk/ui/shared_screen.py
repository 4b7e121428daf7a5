"""Textual's terminal driver for a session run by the supervisor: it never leaves the screen.

Textual switches to the alternate screen when it starts (which blanks it) and back when it
stops (which shows whatever was beneath). Between two sessions that meant a blank frame, then
the old screen, then a blank frame again. Under the supervisor the alternate screen is already
on for the kiosk's whole life (kiosk/session/terminal.py), so this driver leaves those two switches
out: a new session paints over what the last one left, the neutral screen.
"""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver

from kiosk.session.terminal import ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN

_SCREEN_SWITCHES = frozenset({ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN})


class SharedScreenDriver(LinuxDriver):
    def write(self, data: str) -> None:
        # Textual writes each switch on its own, so whole-write matching finds them.
        if data in _SCREEN_SWITCHES:
            return
        super().write(data)
