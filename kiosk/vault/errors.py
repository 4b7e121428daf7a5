"""Everything the vault layer can refuse, as domain exceptions that carry a code, not words.

Each error says *what* happened (its ``code`` and a few numbers); the words come later, from
whoever shows it: the kiosk's screens in the visitor's language (``kiosk.ui.wording``), the
operator's commands in English for staff (``kiosk.operator.wording``). ``str(error)`` is the
code and its numbers, for a log or a developer, never shown to a visitor. No error carries a
vault name, a PIN or a file.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import ClassVar

# From this many tries left, a refusal says how many remain and points to the recovery code.
WARN_TRIES_LEFT = 3


class VaultError(Exception):
    """Base of every refusal the vault layer makes."""

    code: ClassVar[str] = "vault-error"

    def __init__(self, **params: object) -> None:
        self.params: Mapping[str, object] = params
        shown = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{self.code} ({shown})" if shown else self.code)


class NotRecognised(VaultError):
    """Wrong name or wrong secret. Unknown names and wrong PINs raise exactly this, alike."""

    code = "not-recognised"

    def __init__(self, retry_after: float = 0.0, tries_left: int | None = None) -> None:
        self.retry_after = max(0.0, retry_after)
        # PIN (or recovery-code) tries left before that way in stops for good; the same for an
        # unknown name, whose decoy counter runs on the same schedule.
        self.tries_left = tries_left
        super().__init__(retry_after=self.retry_after, tries_left=tries_left)

    @property
    def warns(self) -> bool:
        """Whether so few tries are left that the visitor must be told how many."""
        return self.tries_left is not None and self.tries_left <= WARN_TRIES_LEFT


class TryLater(VaultError):
    """An attempt came before the lock-out delay ended; nothing was checked or counted."""

    code = "try-later"

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        super().__init__(retry_after=self.retry_after)


class KioskPaused(VaultError):
    """Too many failed unlocks across all vaults in the last hour: every unlock waits."""

    code = "kiosk-paused"

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        super().__init__(retry_after=self.retry_after)


class PinDisabled(VaultError):
    """Ten wrong PINs in a row: only the recovery code opens this vault now."""

    code = "pin-disabled"


class RecoveryExhausted(VaultError):
    """Ten wrong recovery codes in a row: the vault cannot be opened any more."""

    code = "recovery-exhausted"


class SecretProblem(enum.Enum):
    """Why the PIN policy refuses a new PIN or passphrase."""

    EMPTY = "empty"
    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"
    PATTERN = "pattern"
    COMMON = "common"
    DATE = "date"
    NEITHER_KIND = "neither-kind"
    SAME_WORD = "same-word"
    NAME = "name"  # the vault's name, or part of it, which staff and others may see or hear


class WeakSecret(VaultError):
    """A new PIN or passphrase that the policy refuses; ``problem`` says why."""

    code = "weak-secret"

    def __init__(self, problem: SecretProblem) -> None:
        self.problem = problem
        super().__init__(problem=problem.value)


class SecretsDiffer(VaultError):
    """The two entries of a new PIN did not match."""

    code = "secrets-differ"


class NameProblem(enum.Enum):
    """Why a vault name cannot be used."""

    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"
    BAD_CHARACTER = "bad-character"


class InvalidVaultName(VaultError):
    """A vault name that cannot be used (too short, too long, no letters or digits)."""

    code = "invalid-vault-name"

    def __init__(self, problem: NameProblem) -> None:
        self.problem = problem
        super().__init__(problem=problem.value)


class NameTaken(VaultError):
    """Provisioning asked for a name that another vault already has."""

    code = "name-taken"


class VaultDamaged(VaultError):
    """Vault files missing, empty, truncated, corrupt or not this vault's; left untouched."""

    code = "vault-damaged"


class VaultFromNewerHarbour(VaultError):
    """The vault's schema is newer than this Harbour's (an update rolled back): whole, untouched.

    Not damage: the files are fine, only this Harbour is too old to read them. Restoring a
    backup or deleting the vault would lose what the visitor wrote; updating Harbour opens it.
    """

    code = "vault-from-newer-harbour"


class VaultInUse(VaultError):
    """Another session has this vault open."""

    code = "vault-in-use"


class KioskSecretProblem(VaultError):
    """The kiosk secret is missing, unreadable or malformed: the kiosk fails closed.

    ``detail`` is for the operator only (it names files); a visitor is told to ask staff.
    """

    code = "kiosk-secret-problem"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__()


class WeakSlot(VaultError):
    """A key slot whose KDF parameters are below the floor: refused even with a valid tag."""

    code = "weak-slot"


class StorageFull(VaultError):
    """The disk is full or failing: nothing was changed, what was typed is kept in memory."""

    code = "storage-full"


class VaultClosed(VaultError):
    """The visit's vault was closed (the session is ending) before the change reached it."""

    code = "vault-closed"


class UnknownVault(VaultError):
    """Staff tools only: no vault has that name. Visitors get NotRecognised instead."""

    code = "unknown-vault"


class RecoveredButNotOpened(VaultError):
    """The new PIN and recovery code are set, but the vault could not be opened just now.

    The new code is also kept, encrypted, in the vault and shown again at its next opening
    (``VaultDatabase.pending_recovery_code``) until the visitor has seen it there.
    """

    code = "recovered-but-not-opened"

    def __init__(self, cause: VaultError, new_code: str) -> None:
        self.cause = cause
        self.new_code = new_code
        super().__init__(cause=cause.code)


class UnsupportedSqlcipher(VaultError):
    """The linked SQLCipher is not the version Harbour was checked against."""

    code = "unsupported-sqlcipher"

    def __init__(self, found: str) -> None:
        self.found = found
        super().__init__(found=found)


class GatekeeperUnavailable(VaultError):
    """The gatekeeper service could not be reached, or the connection broke mid-call.

    Nothing is known about the attempt (it may have been counted): the visitor is told that
    it could not be checked and to try again.
    """

    code = "gatekeeper-unavailable"


class GatekeeperRefused(VaultError):
    """The gatekeeper service refused a call this connection is not allowed to make."""

    code = "gatekeeper-refused"


class StaffSignInEnded(GatekeeperRefused):
    """Refused because the staff sign-in was on a connection the service has since closed
    (it restarted): the kiosk still shows staff screens, but staff must sign in again."""

    code = "staff-sign-in-ended"
