"""What every staff screen is given besides its ScreenKit: who is signed in. And the two
postures a staff session switches between: staff at the keyboard (the shorter idle lock) and a
visitor handed the keyboard (her idle lock)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.ui.screen_kit import ScreenKit


@dataclass(frozen=True)
class StaffContext:
    """The signed-in staff account, as its name was typed (spaces tidied)."""

    name: str


class Handover(enum.Enum):
    """What a staff screen may end with, for the staff menu to do: the staff member is signed
    out and the visitor is given a visitor's screen (the staff menu never pushes it itself
    from a staff area, so nothing of a staff screen is below hers)."""

    RECOVERY = "recovery"  # her PIN stopped: she goes to "I forgot my PIN"
    # The keyboard was handed over and nobody signed in again since: whoever has it now is
    # not known to be staff, so staff are signed out (the welcome screen).
    SIGN_OUT = "sign-out"


def as_staff(kit: ScreenKit) -> None:
    """Staff at the keyboard: the kiosk locks itself sooner (``[staff] idle_lock_seconds``),
    and the session is a staff member's, not a visit, in the centre's numbers."""
    kit.session.idle_limit_seconds = kit.config.staff_idle_seconds()
    kit.session.staff_signed_in = True


def as_visitor(kit: ScreenKit) -> None:
    """A visitor at the keyboard: her own idle lock (``[session] idle_lock_seconds``)."""
    kit.session.idle_limit_seconds = kit.config.session.idle_lock_seconds
