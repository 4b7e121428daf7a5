"""Staff accounts: a name and an Argon2id hash of a passphrase. Staff hold no key to any vault.

Staff names are not secret, but passphrases are checked here only, and only as hashes. The
files live in the gatekeeper's own folder (``<data>/gatekeeper/staff/``), which the kiosk's
user cannot read or change once the gatekeeper runs as its own service; a data folder from an
older Harbour has them in ``<data>/staff/``, and they are moved on first use.
"""

from __future__ import annotations

import contextlib
import os
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Protocol

import msgspec

from kiosk.staff.audit import COMMAND_LINE
from kiosk.staff.errors import AccountRefusal, StaffAccountError, StaffSignInPaused
from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.fsutil import atomic_write, folder_lock, fsync_dir, private_dir, read_regular
from kiosk.vault.gatekeeper import MAX_FAILURES, delay_after
from kiosk.vault.trusted import read_trusted

if TYPE_CHECKING:
    from argon2 import PasswordHasher

STAFF_DIR = "gatekeeper/staff"
# Where Harbour kept them before the gatekeeper became a service (moved on first use).
OLD_STAFF_DIR = "staff"
ACCOUNTS_FILE = "accounts.json"
ATTEMPTS_FILE = "attempts.json"
LOCK_FILE = "accounts.lock"
_MAX_ATTEMPTS_BYTES = 4096
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


# Scripts written together in one name (Japanese mixes these); letters of any two others in
# one name are refused.
_ONE_ALPHABET = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}
# Letters named by what they are, not by a script (a modifier letter apostrophe).
_NO_ALPHABET = {"MODIFIER"}


def _alphabets(name: str) -> set[str]:
    """The scripts of the letters in ``name``, by the first word of each letter's Unicode name
    ("LATIN", "CYRILLIC", "GREEK", "ARABIC" …)."""
    found = set()
    for character in name:
        if character.isalpha():
            script = unicodedata.name(character, "").split(" ")[0]
            if script and script not in _NO_ALPHABET:
                found.add(_ONE_ALPHABET.get(script, script))
    return found


def _name_key(name: str) -> str:
    """What makes two staff names the same: case and spacing do not ("sam" is "Sam ")."""
    return _normalise(name).casefold()


class StaffAccountsProtocol(Protocol):
    """What the kiosk and the operator's commands ask of staff accounts, kept in this process
    (``StaffAccounts``) or by the gatekeeper service (kiosk.staff.remote)."""

    def names(self) -> list[str]: ...

    def refuse_taken(self, name: str) -> None: ...

    def add(self, name: str, passphrase: str, again: str) -> str: ...

    def remove(self, name: str) -> str: ...

    def check_removal(self, name: str) -> str: ...

    def account_name(self, name: str) -> str | None: ...

    def verify(self, name: str, passphrase: str) -> bool: ...


def move_old_files(data_dir: Path) -> None:
    """Move ``<data>/staff/accounts.json`` and its attempt count into the gatekeeper's folder,
    once; safe against a kill at any point (each file is one rename, the old name gone only
    when the new one is there). A file already at the new place is kept: the old one stays
    as it was, and is never read again.

    Fails closed: an old file that cannot be moved is ``StaffAccountError``, never "no
    accounts yet" (which would let anyone make the first account).
    """
    # The accounts go last: once they are at the new place the move is done, and the old
    # folder (the kiosk's own, holding its staff log, which the service's user cannot look
    # in) is never looked at again.
    for name in (ATTEMPTS_FILE, ACCOUNTS_FILE):
        old = data_dir / OLD_STAFF_DIR / name
        new = data_dir / STAFF_DIR / name
        try:
            if _there(data_dir / STAFF_DIR / ACCOUNTS_FILE):
                return
            # Not ``os.path.lexists``: it answers "not there" when the folder cannot be
            # looked in, and an unseen old accounts file must never read as "no accounts".
            if not _there(old) or _there(new):
                continue
            private_dir(new.parent)
            os.rename(old, new)
            fsync_dir(new.parent)
            fsync_dir(old.parent)
        except OSError as error:
            raise StaffAccountError(
                f"the staff account file {old} could not be moved to {new} "
                f"({error.strerror}): move it there by hand, owned by the gatekeeper's user"
            ) from None


def _there(path: Path) -> bool:
    """Whether anything (a link too) is at ``path``; ``OSError`` when that cannot be known."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    return True


class StaffAccounts:
    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self._data_dir = data_dir
        self._path = data_dir / STAFF_DIR / ACCOUNTS_FILE
        self._attempts = data_dir / STAFF_DIR / ATTEMPTS_FILE
        self._moved = False
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

    def _move_old_files(self) -> None:
        if not self._moved:
            move_old_files(self._data_dir)
            self._moved = True

    def _load(self) -> dict[str, str]:
        self._move_old_files()
        try:
            document = read_trusted(self._path, AccountsFile, "the staff account file")
        except KioskSecretProblem as problem:
            raise StaffAccountError(problem.detail) from None
        return {} if document is None else dict(document.accounts)

    def names(self) -> list[str]:
        return sorted(self._load())

    @staticmethod
    def check_name(name: str) -> None:
        """Refuse a new account's name before anything is asked or written."""
        name = _normalise(name)
        if not 2 <= len(name) <= 60 or not any(ch.isalnum() for ch in name):
            raise StaffAccountError(
                "a staff name needs 2 to 60 characters", AccountRefusal.NAME_LENGTH
            )
        if len(_alphabets(name)) > 1:
            # Cyrillic "е" in "Dеmo staff" looks like Latin "e": a second account that reads as
            # another's name, and the staff log would credit that person with what it does.
            raise StaffAccountError(
                "a staff name must use the letters of one alphabet",
                AccountRefusal.NAME_ALPHABETS,
            )
        if _name_key(name) == _name_key(COMMAND_LINE):
            raise StaffAccountError(
                f"a staff account cannot be called {COMMAND_LINE!r}: the staff log uses that "
                "name for changes made with the kiosk command",
                AccountRefusal.NAME_RESERVED,
            )
        if not name.isprintable():
            # An invisible or control character would make a second "Sam" that the staff log
            # (which keeps printable text only) records as "Sam": another's name on one's acts.
            raise StaffAccountError(
                "a staff name may hold only characters that show on screen",
                AccountRefusal.NAME_CHARACTERS,
            )

    def refuse_taken(self, name: str) -> None:
        """Refuse a name that an account has already, in any case or spacing."""
        if self._stored_name(self._load(), name) is not None:
            raise StaffAccountError(
                f"there is already a staff account called {_normalise(name)}",
                AccountRefusal.NAME_TAKEN,
            )

    @staticmethod
    def check_new_account(name: str, passphrase: str, again: str) -> None:
        """Refuse a new account's name or passphrase before anything is written."""
        StaffAccounts.check_name(name)
        if _normalise(passphrase) != _normalise(again):
            raise StaffAccountError(
                "the two passphrases are not the same", AccountRefusal.PASSPHRASES_DIFFER
            )
        if len(_normalise(passphrase)) < MIN_PASSPHRASE_LENGTH:
            raise StaffAccountError(
                f"a staff passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters",
                AccountRefusal.SHORT_PASSPHRASE,
            )

    def add(self, name: str, passphrase: str, again: str) -> str:
        """Add an account; returns its name as saved (spaces tidied)."""
        self.check_new_account(name, passphrase, again)
        name = _normalise(name)
        self.refuse_taken(name)
        # Hashed before the lock is taken (it is the slow part), then checked again under it.
        hashed = self._hasher.hash(_normalise(passphrase))
        with self._locked():
            self.refuse_taken(name)
            accounts = self._load()
            accounts[name] = hashed
            self._save(accounts)
        return name

    def remove(self, name: str) -> str:
        """Remove the account of that name (whatever its case); returns its name as saved."""
        with self._locked():
            accounts = self._load()
            stored = self._removable(accounts, name)
            del accounts[stored]
            self._save(accounts)
        return stored

    def check_removal(self, name: str) -> str:
        """The saved name of the account ``remove`` would remove, or its refusal, before a
        confirmation is asked for."""
        return self._removable(self._load(), name)

    def _removable(self, accounts: dict[str, str], name: str) -> str:
        """The last account is never removed: without one, nobody could sign in to the
        console (or leave the kiosk) until an operator made one at the command line."""
        stored = self._stored_name(accounts, name)
        if stored is None:
            raise StaffAccountError(
                f"there is no staff account called {_normalise(name)}",
                AccountRefusal.UNKNOWN_ACCOUNT,
            )
        if len(accounts) == 1:
            raise StaffAccountError(
                f"{stored} is the only staff account, and staff could not sign in without "
                "one: add another account first",
                AccountRefusal.LAST_ACCOUNT,
            )
        return stored

    def account_name(self, name: str) -> str | None:
        """The account's name as saved, for a name typed in any case; None if there is none."""
        return self._stored_name(self._load(), name)

    @staticmethod
    def _stored_name(accounts: dict[str, str], name: str) -> str | None:
        """An exact match first, for any older file that holds two names differing only in
        case; then the same name in another case or spacing."""
        if _normalise(name) in accounts:
            return _normalise(name)
        key = _name_key(name)
        return next((stored for stored in accounts if _name_key(stored) == key), None)

    def _save(self, accounts: dict[str, str]) -> None:
        private_dir(self._path.parent)
        atomic_write(self._path, msgspec.json.encode(AccountsFile(accounts=accounts)))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One change at a time, from the kiosk's console and the command line alike: two
        read-change-write cycles at once would lose one of the changes."""
        with folder_lock(self._path.parent, LOCK_FILE):
            yield

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
            # No count left, and no time: the file kept the second of the last sign-in (often
            # a visitor's set-up), where the staff log keeps only the day.
            with contextlib.suppress(FileNotFoundError):
                self._attempts.unlink()
        return accepted

    def _load_attempts(self) -> tuple[int, float]:
        self._move_old_files()
        try:
            # read_regular: a FIFO as the attempt count held every staff sign-in at "Checking…".
            attempts = read_regular(self._attempts, _MAX_ATTEMPTS_BYTES)
            document = msgspec.json.decode(attempts, type=AttemptsFile)
            return document.failures, document.last
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, msgspec.DecodeError, UnicodeDecodeError):
            # A damaged count must not become a free reset: treat it as the worst case.
            return MAX_FAILURES, self._clock()

    def _save_attempts(self, failures: int, last: float) -> None:
        private_dir(self._attempts.parent)
        atomic_write(self._attempts, msgspec.json.encode(AttemptsFile(failures, last)))

    def _stored_hash(self, name: str) -> str | None:
        """The account's hash, whatever the case typed."""
        accounts = self._load()
        stored = self._stored_name(accounts, name)
        return None if stored is None else accounts[stored]

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
