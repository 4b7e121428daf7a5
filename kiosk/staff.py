"""Staff accounts: a name and an Argon2id hash of a passphrase. Staff hold no key to any vault.

Staff names are not secret, but passphrases are checked here only, and only as hashes.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.vault.fsutil import atomic_write, private_dir

STAFF_DIR = "staff"
ACCOUNTS_FILE = "accounts.json"
MIN_PASSPHRASE_LENGTH = 12


class StaffAccountError(Exception):
    """A refusal about staff accounts, worded for the operator."""


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


class StaffAccounts:
    def __init__(self, data_dir: Path) -> None:
        self._path = data_dir / STAFF_DIR / ACCOUNTS_FILE
        self._hasher = PasswordHasher()

    def _load(self) -> dict[str, str]:
        try:
            document = json.loads(self._path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise StaffAccountError(f"the staff account file {self._path} is damaged") from error
        return {str(k): str(v) for k, v in document.get("accounts", {}).items()}

    def names(self) -> list[str]:
        return sorted(self._load())

    def add(self, name: str, passphrase: str, again: str) -> None:
        name = _normalise(name)
        if not 2 <= len(name) <= 60 or not any(ch.isalnum() for ch in name):
            raise StaffAccountError("a staff name needs 2 to 60 characters")
        if _normalise(passphrase) != _normalise(again):
            raise StaffAccountError("the two passphrases are not the same")
        if len(_normalise(passphrase)) < MIN_PASSPHRASE_LENGTH:
            raise StaffAccountError(
                f"a staff passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters"
            )
        accounts = self._load()
        if name.casefold() in (existing.casefold() for existing in accounts):
            raise StaffAccountError(f"there is already a staff account called {name}")
        accounts[name] = self._hasher.hash(_normalise(passphrase))
        private_dir(self._path.parent)
        atomic_write(self._path, json.dumps({"v": 1, "accounts": accounts}).encode())

    def verify(self, name: str, passphrase: str) -> bool:
        stored = self._load().get(_normalise(name))
        if stored is None:
            # Same work for an unknown name, so timing does not list staff names.
            self._hasher.hash(_normalise(passphrase))
            return False
        try:
            return self._hasher.verify(stored, _normalise(passphrase))
        except (VerificationError, InvalidHashError):
            return False
