"""What staff accounts can refuse: light, so a screen can know them without loading the vault
code that accounts use (the welcome screen imports these, not the accounts)."""

from __future__ import annotations

import enum


class StaffAccountError(Exception):
    """A refusal about staff accounts, worded for the operator; ``code`` says which, for the
    kiosk's screens to word it in the centre's language (``kiosk.ui.wording``)."""

    def __init__(self, message: str, code: AccountRefusal | None = None) -> None:
        super().__init__(message)
        self.code = code


class AccountRefusal(enum.Enum):
    """Which refusal a ``StaffAccountError`` is (None for a damaged account file)."""

    NAME_LENGTH = "name-length"
    NAME_CHARACTERS = "name-characters"
    NAME_ALPHABETS = "name-alphabets"
    NAME_RESERVED = "name-reserved"
    PASSPHRASES_DIFFER = "passphrases-differ"
    SHORT_PASSPHRASE = "short-passphrase"  # noqa: S105 - a refusal's code, not a secret
    NAME_TAKEN = "name-taken"
    UNKNOWN_ACCOUNT = "unknown-account"
    LAST_ACCOUNT = "last-account"


class StaffSignInPaused(Exception):
    """Too many failed staff sign-ins in a row: the next try must wait ``retry_after`` seconds.

    The sign-in screen words it (``kiosk.ui.wording``)."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"staff-sign-in-paused (retry_after={retry_after!r})")
