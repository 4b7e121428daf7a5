"""How a session process ends: the one code shared by the App and the supervisor."""

from __future__ import annotations

import enum


class SessionEnd(enum.IntEnum):
    """A session's exit code; the supervisor decides what comes next from it."""

    ENDED = 0  # leave, quick exit or idle: start a fresh session
    STAFF_CLOSED = 10  # staff left the kiosk: stop, and the kiosk command exits with it
    CRASHED = 70  # something went wrong: say sorry, then start a fresh session
