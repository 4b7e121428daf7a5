"""Everything the vault layer can refuse, as domain exceptions with calm, human wording.

Each message is safe to show on the kiosk screen: it never names a vault, a PIN or a file.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base of every refusal the vault layer makes; ``str(error)`` is the visitor-facing text."""


class NotRecognised(VaultError):
    """Wrong name or wrong secret. Unknown names and wrong PINs raise exactly this, worded alike."""

    def __init__(self, retry_after: float = 0.0, tries_left: int | None = None) -> None:
        self.retry_after = max(0.0, retry_after)
        # PIN (or recovery-code) tries left before that way in stops for good; the same for an
        # unknown name, whose decoy counter runs on the same schedule.
        self.tries_left = tries_left
        super().__init__(not_recognised_text(self.retry_after, self.tries_left))


class TryLater(VaultError):
    """An attempt came before the lock-out delay ended; nothing was checked or counted."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        super().__init__(try_later_text(self.retry_after))


class KioskPaused(VaultError):
    """Too many failed unlocks across all vaults in the last hour: every unlock waits."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        super().__init__(
            "The kiosk is pausing all unlocks for a while after many failed attempts. "
            f"Please try again in {describe_wait(self.retry_after)}, or ask staff."
        )


class PinDisabled(VaultError):
    """Ten wrong PINs in a row: only the recovery code opens this vault now."""

    def __init__(self) -> None:
        super().__init__(
            "This PIN can no longer be used after too many attempts. "
            "You can still open your vault with your recovery code."
        )


class RecoveryExhausted(VaultError):
    """Ten wrong recovery codes in a row: the vault cannot be opened any more."""

    def __init__(self) -> None:
        super().__init__(
            "This vault can no longer be opened after too many attempts. "
            "Please speak to staff: they can set up a new vault for you."
        )


class WeakSecret(VaultError):
    """A new PIN or passphrase that the policy refuses; the text says why, kindly."""


class SecretsDiffer(VaultError):
    """The two entries of a new PIN did not match."""

    def __init__(self) -> None:
        super().__init__("The two PINs you typed are not the same. Please type the new PIN again.")


class InvalidVaultName(VaultError):
    """A vault name that cannot be used (too short, too long, no letters or digits)."""


class NameTaken(VaultError):
    """Provisioning asked for a name that another vault already has."""

    def __init__(self) -> None:
        super().__init__("That vault name is already in use. Please choose another one.")


class VaultDamaged(VaultError):
    """Vault files missing, empty, truncated, corrupt or not this vault's; left untouched."""

    def __init__(self) -> None:
        super().__init__(
            "This vault cannot be opened because its files are damaged. "
            "Nothing has been changed. Please ask staff for help."
        )


class VaultFromNewerHarbour(VaultError):
    """The vault's schema is newer than this Harbour's (an update rolled back): whole, untouched.

    Not damage: the files are fine, only this Harbour is too old to read them. Restoring a
    backup or deleting the vault would lose what the visitor wrote; updating Harbour opens it.
    """

    def __init__(self) -> None:
        super().__init__(
            "This vault was last opened by a newer version of the kiosk. "
            "Nothing has been changed. Please ask staff for help."
        )


class VaultInUse(VaultError):
    """Another session has this vault open."""

    def __init__(self) -> None:
        super().__init__(
            "This vault is already open in another session. "
            "Please close it there first, or ask staff for help."
        )


class KioskSecretProblem(VaultError):
    """The kiosk secret is missing, unreadable or malformed: the kiosk fails closed."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__("Vaults cannot be opened at the moment. Please ask staff for help.")


class WeakSlot(VaultError):
    """A key slot whose KDF parameters are below the floor: refused even with a valid tag."""

    def __init__(self) -> None:
        super().__init__(
            "This vault uses settings that are no longer considered safe. "
            "Please ask staff for help."
        )


class StorageFull(VaultError):
    """The disk is full or failing: nothing was changed, what was typed is kept in memory."""

    def __init__(self) -> None:
        super().__init__(
            "Your changes could not be saved because the kiosk's storage is full or failing. "
            "Nothing already saved was lost. Please ask staff for help."
        )


def describe_wait(seconds: float) -> str:
    """Say a wait in words a stressed visitor reads at a glance: '45 seconds', '15 minutes'."""
    whole = max(1, round(seconds))
    if whole < 60:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = -(-whole // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = -(-minutes // 60)
    return f"{hours} hour{'s' if hours != 1 else ''}"


# From this many tries left, a refusal says how many remain and points to the recovery code.
WARN_TRIES_LEFT = 3


def not_recognised_text(
    retry_after: float, tries_left: int | None = None, way_in: str = "PIN"
) -> str:
    """The one message for an unknown name and a wrong PIN (or recovery code)."""
    if retry_after <= 0:
        text = f"The vault name or {way_in} was not recognised. Please try again."
    else:
        text = (
            f"The vault name or {way_in} was not recognised. "
            f"You can try again in {describe_wait(retry_after)}."
        )
    return text + tries_left_text(tries_left, way_in)


def tries_left_text(tries_left: int | None, way_in: str = "PIN") -> str:
    """Before the last tries, say how many remain (with a leading space), else ""."""
    if tries_left is None or tries_left > WARN_TRIES_LEFT:
        return ""
    tries = f"{tries_left} {'try' if tries_left == 1 else 'tries'}"
    if way_in == "PIN":
        return (
            f" You have {tries} left before this PIN stops working. If you have forgotten "
            "your PIN, choose 'I forgot my PIN' and use your recovery code."
        )
    return (
        f" You have {tries} left before this recovery code stops working. After that, "
        "only staff can help, by setting up a new vault."
    )


# During a lock-out wait nothing is checked, so nothing can be called right or wrong.
NOTHING_CHECKED = "Nothing was checked: after several tries, the kiosk waits before checking again."


def try_later_text(retry_after: float) -> str:
    return f"{NOTHING_CHECKED} You can try again in {describe_wait(retry_after)}."


class UnknownVault(VaultError):
    """Staff tools only: no vault has that name. Visitors get NotRecognised instead."""

    def __init__(self) -> None:
        super().__init__("No vault has that name. Please check the spelling with the visitor.")
