"""Staff accounts: a name and an Argon2id hash of a passphrase. Staff hold no key to any vault.

Staff names are not secret, but passphrases are checked here only, and only as hashes.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import msgspec

from kiosk.staff.errors import StaffAccountError, StaffSignInPaused
from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.fsutil import atomic_write, private_dir
from kiosk.vault.gatekeeper import MAX_FAILURES, delay_after
from kiosk.vault.trusted import read_trusted

if TYPE_CHECKING:
    from argon2 import PasswordHasher

STAFF_DIR = "staff"
ACCOUNTS_FILE = "accounts.json"
ATTEMPTS_FILE = "attempts.json"
MIN_PASSPHRASE_LENGTH = 12


# What ``add`` writes: a normalised name of 2 to 60 characters, and an Argon2id hash (the
# encoded form starts with its algorithm). Anything else in the file is damage, not an account.
StaffName = Annotated[str, msgspec.Meta(min_length=2, max_length=60)]
PassphraseHash = Annotated[str, msgspec.Meta(pattern=r"\A\$argon2id\$[^\s]+\Z")]


class AccountsFile(msgspec.Struct, forbid_unknown_fields=True):
    """``staff/accounts.json``: staff names and their Argon2id passphrase hashes."""

    v: Literal[1] = 1
    accounts: dict[StaffName, PassphraseHash] = {}


class AttemptsFile(msgspec.Struct, forbid_unknown_fields=True):
    """``staff/attempts.json``: failed sign-ins in a row, kiosk-wide, and the clock at the last."""

    failures: Annotated[int, msgspec.Meta(ge=0)]
    last: Annotated[float, msgspec.Meta(ge=0)]


def _staff_delay(failures: int) -> float:
    # The visitors' schedule, but without a final stop: staff must always get back in.
    return delay_after(failures) if failures < MAX_FAILURES else 3600.0


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _name_key(name: str) -> str:
    """What makes two staff names the same: case and spacing do not ("sam" is "Sam ")."""
    return _normalise(name).casefold()


class StaffAccounts:
    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = data_dir / STAFF_DIR / ACCOUNTS_FILE
        self._attempts = data_dir / STAFF_DIR / ATTEMPTS_FILE
        self._hasher_made: PasswordHasher | None = None
        self._clock = clock

    @property
    def _hasher(self) -> PasswordHasher:
        """Made at the first sign-in, not with the accounts: a session's first screen needs
        no password hashing, and importing it costs the session's start."""
        if self._hasher_made is None:
            from argon2 import PasswordHasher

            self._hasher_made = PasswordHasher()
        return self._hasher_made

    def _load(self) -> dict[str, str]:
        try:
            document = read_trusted(self._path, AccountsFile, "the staff account file")
        except KioskSecretProblem as problem:
            raise StaffAccountError(problem.detail) from None
        return {} if document is None else dict(document.accounts)

    def names(self) -> list[str]:
        return sorted(self._load())

    @staticmethod
    def check_new_account(name: str, passphrase: str, again: str) -> None:
        """Refuse a new account's name or passphrase before anything is written."""
        name = _normalise(name)
        if not 2 <= len(name) <= 60 or not any(ch.isalnum() for ch in name):
            raise StaffAccountError("a staff name needs 2 to 60 characters")
        if _normalise(passphrase) != _normalise(again):
            raise StaffAccountError("the two passphrases are not the same")
        if len(_normalise(passphrase)) < MIN_PASSPHRASE_LENGTH:
            raise StaffAccountError(
                f"a staff passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters"
            )

    def add(self, name: str, passphrase: str, again: str) -> None:
        self.check_new_account(name, passphrase, again)
        name = _normalise(name)
        accounts = self._load()
        if _name_key(name) in (_name_key(existing) for existing in accounts):
            raise StaffAccountError(f"there is already a staff account called {name}")
        accounts[name] = self._hasher.hash(_normalise(passphrase))
        private_dir(self._path.parent)
        atomic_write(self._path, msgspec.json.encode(AccountsFile(accounts=accounts)))

    def verify(self, name: str, passphrase: str) -> bool:
        """Check a staff sign-in. Failures are counted kiosk-wide (not per name, so the count
        says nothing about which names exist) and saved before the hash runs, as for vaults."""
        failures, last = self._load_attempts()
        now = self._clock()
        wait = _staff_delay(failures) - (now - last) if now >= last else _staff_delay(failures)
        if failures and wait > 0:
            raise StaffSignInPaused(wait)
        self._save_attempts(failures + 1, now)
        accepted = self._check(name, passphrase)
        if accepted:
            self._save_attempts(0, now)
        return accepted

    def _load_attempts(self) -> tuple[int, float]:
        try:
            document = msgspec.json.decode(self._attempts.read_bytes(), type=AttemptsFile)
            return document.failures, document.last
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, msgspec.DecodeError, UnicodeDecodeError):
            # A damaged count must not become a free reset: treat it as the worst case.
            return MAX_FAILURES, self._clock()

    def _save_attempts(self, failures: int, last: float) -> None:
        private_dir(self._attempts.parent)
        atomic_write(self._attempts, msgspec.json.encode(AttemptsFile(failures, last)))

    def _stored_hash(self, name: str) -> str | None:
        """The account's hash, whatever the case typed; an exact match first, for any older
        file that holds two names differing only in case."""
        accounts = self._load()
        exact = accounts.get(_normalise(name))
        if exact is not None:
            return exact
        key = _name_key(name)
        return next((h for stored, h in accounts.items() if _name_key(stored) == key), None)

    def _check(self, name: str, passphrase: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        stored = self._stored_hash(name)
        if stored is None:
            # Same work for an unknown name, so timing does not list staff names.
            self._hasher.hash(_normalise(passphrase))
            return False
        try:
            return self._hasher.verify(stored, _normalise(passphrase))
        except (VerificationError, InvalidHashError):
            return False
