"""What staff accounts can refuse: light, so a screen can know them without loading the vault
code that accounts use (the welcome screen imports these, not the accounts)."""

from __future__ import annotations


class StaffAccountError(Exception):
    """A refusal about staff accounts, worded for the operator."""


class StaffSignInPaused(Exception):
    """Too many failed staff sign-ins in a row: the next try must wait ``retry_after`` seconds.

    The sign-in screen words it (``kiosk.ui.wording``)."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"staff-sign-in-paused (retry_after={retry_after!r})")
