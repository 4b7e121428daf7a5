"""English words for the codes the vault and printing layers report, for the operator's
commands. Staff read these at a console (and a visitor typing a new PIN there reads the PIN
refusals), so they stay in English; the kiosk's screens have their own, translated wording
(``kiosk.ui.wording``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.vault.errors import (
    GatekeeperRefused,
    GatekeeperUnavailable,
    InvalidVaultName,
    KioskPaused,
    KioskSecretProblem,
    NameProblem,
    NameTaken,
    NotRecognised,
    PinDisabled,
    RecoveryExhausted,
    SecretProblem,
    SecretsDiffer,
    StaffSignInEnded,
    StorageFull,
    TryLater,
    UnknownVault,
    UnsupportedSqlcipher,
    VaultClosed,
    VaultDamaged,
    VaultError,
    VaultFromNewerHarbour,
    VaultInUse,
    WeakSecret,
    WeakSlot,
)
from kiosk.vault.ids import InvalidVaultId

if TYPE_CHECKING:
    from kiosk.printing.service import Outcome

NOTHING_CHECKED = "Nothing was checked: after several tries, the kiosk waits before checking again."


def describe_wait(seconds: float) -> str:
    """'45 seconds', '15 minutes', '2 hours'."""
    whole = max(1, round(seconds))
    if whole < 60:
        return _counted(whole, "second")
    minutes = -(-whole // 60)
    if minutes < 60:
        return _counted(minutes, "minute")
    return _counted(-(-minutes // 60), "hour")


def _counted(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _tries_left(error: NotRecognised, way_in: str) -> str:
    if not error.warns or error.tries_left is None:
        return ""
    tries = "1 try" if error.tries_left == 1 else f"{error.tries_left} tries"
    if way_in == "PIN":
        return (
            f" You have {tries} left before this PIN stops working. If you have forgotten "
            "your PIN, choose 'I forgot my PIN' and use your recovery code."
        )
    return (
        f" You have {tries} left before this recovery code stops working. After that, "
        "only staff can help, by setting up a new vault."
    )


_SECRET_PROBLEMS = {
    SecretProblem.EMPTY: (
        "Please type a PIN of at least 6 digits, or a passphrase of four or more words, "
        "to protect your vault."
    ),
    SecretProblem.TOO_SHORT: (
        "This PIN is too short: a PIN needs at least 6 digits. "
        "Please choose a longer one, or use a passphrase of four or more words."
    ),
    SecretProblem.TOO_LONG: (
        "This PIN is longer than 12 digits, which is more than the kiosk can take. "
        "Please choose 6 to 12 digits, or use a passphrase of four or more words instead."
    ),
    SecretProblem.PATTERN: (
        "This PIN follows a pattern, such as repeated digits, counting up or down, "
        "or a line of keys on a keypad. Patterns are among the first things someone would try. "
        "Please choose digits in no particular order."
    ),
    SecretProblem.COMMON: (
        "This is a very common PIN: many people choose it, so it is among the first someone "
        "would try. Please choose digits that mean nothing to anyone else."
    ),
    SecretProblem.DATE: (
        "This PIN looks like a date — dates such as birthdays are easy to guess for someone "
        "who knows you. Please choose digits that are not a date."
    ),
    SecretProblem.NEITHER_KIND: (
        "A PIN can only have digits (0 to 9). A passphrase needs four or more words with a "
        "space between each, and at least 16 letters in all. Please choose a PIN of digits "
        "only, or a longer passphrase."
    ),
    SecretProblem.SAME_WORD: (
        "A passphrase needs four or more different words; repeating one word is easy to guess. "
        "Please use words that are not all the same."
    ),
    SecretProblem.NAME: (
        "This PIN or passphrase is too close to the vault name, which others may see or hear. "
        "Please choose one that has nothing to do with the name."
    ),
}

_NAME_PROBLEMS = {
    NameProblem.TOO_SHORT: (
        "A vault name needs at least 4 letters or numbers. Please choose a longer name."
    ),
    NameProblem.TOO_LONG: (
        "A vault name can have at most 64 letters or numbers. Please choose a shorter name."
    ),
    NameProblem.BAD_CHARACTER: (
        "A vault name can only use letters and numbers. Spaces and dashes are fine, but other "
        "signs cannot be used. Please choose a name without them."
    ),
}

_REFUSALS: dict[type[VaultError], str] = {
    PinDisabled: (
        "This PIN can no longer be used after too many attempts. "
        "You can still open your vault with your recovery code."
    ),
    RecoveryExhausted: (
        "This vault can no longer be opened after too many attempts. "
        "Please speak to staff: they can set up a new vault for you."
    ),
    SecretsDiffer: "The two PINs you typed are not the same. Please type the new PIN again.",
    NameTaken: "That vault name is already in use. Please choose another one.",
    VaultDamaged: (
        "This vault cannot be opened because its files are damaged. "
        "Nothing has been changed. Please ask staff for help."
    ),
    VaultFromNewerHarbour: (
        "This vault was last opened by a newer version of the kiosk. "
        "Nothing has been changed. Please ask staff for help."
    ),
    VaultInUse: (
        "This vault is already open in another session. "
        "Please close it there first, or ask staff for help."
    ),
    KioskSecretProblem: "Vaults cannot be opened at the moment. Please ask staff for help.",
    GatekeeperUnavailable: (
        "The gatekeeper service could not check that just now (it did not answer, or stopped "
        "mid-call): try again, or run 'kiosk doctor'."
    ),
    StaffSignInEnded: (
        "The gatekeeper service restarted during the command, which ended its staff sign-in; "
        "nothing more was changed: run the command again."
    ),
    GatekeeperRefused: (
        "The gatekeeper service refused that to this user: run the command as root or as "
        "the gatekeeper's user (sudo)."
    ),
    UnsupportedSqlcipher: "Vaults cannot be opened at the moment. Please ask staff for help.",
    WeakSlot: (
        "This vault uses settings that are no longer considered safe. Please ask staff for help."
    ),
    StorageFull: (
        "Your changes could not be saved because the kiosk's storage is full or failing. "
        "Nothing already saved was lost. Please ask staff for help."
    ),
    VaultClosed: "The vault was closed before the change reached it.",
    InvalidVaultId: (
        "That is not a vault id: an id is 32 characters, 0-9 and a-f, "
        "as 'kiosk admin vault list' shows it."
    ),
    UnknownVault: "No vault has that name. Please check the spelling with the visitor.",
}


def refusal(error: VaultError, way_in: str = "PIN") -> str:
    """The sentence a visitor would read for ``error``, in English; ``way_in`` is what was
    checked ("PIN" or "recovery code")."""
    if isinstance(error, NotRecognised):
        head = f"The vault name or {way_in} was not recognised."
        if error.retry_after <= 0:
            return f"{head} Please try again.{_tries_left(error, way_in)}"
        when = f"You can try again in {describe_wait(error.retry_after)}."
        return f"{head} {when}{_tries_left(error, way_in)}"
    if isinstance(error, TryLater):
        return f"{NOTHING_CHECKED} You can try again in {describe_wait(error.retry_after)}."
    if isinstance(error, KioskPaused):
        return (
            "The kiosk is pausing all unlocks for a while after many failed attempts. "
            f"Please try again in {describe_wait(error.retry_after)}, or ask staff."
        )
    if isinstance(error, WeakSecret):
        return _SECRET_PROBLEMS[error.problem]
    if isinstance(error, InvalidVaultName):
        return _NAME_PROBLEMS[error.problem]
    for kind in type(error).__mro__:
        if kind in _REFUSALS:
            if isinstance(error, GatekeeperUnavailable) and error.params.get("reason") == "version":
                return (
                    "The gatekeeper service runs another version of Harbour: install the same "
                    "version for both, then restart the service (docs/DEPLOY.md)."
                )
            return _REFUSALS[kind]
    return f"The vault could not be used ({error.code})."


def printing_now() -> str:
    return "Printing… please wait by the printer."


def sheets_printed(copies: int) -> str:
    """Said to the staff member who printed sheets with ``kiosk print``."""
    if copies == 1:
        return "Printed: collect it from the printer."
    return f"Printed {copies} copies: collect them from the printer."


def outcome(result: Outcome) -> str:
    """What became of a sheet or slip, for the command's output."""
    from kiosk.printing.cups import MESSAGES
    from kiosk.printing.service import Result

    if result.result is Result.PRINTED:
        return "Printed. Please collect your sheet from the printer."
    if result.result is Result.SESSION_ENDED:
        return "The session ended before the sheet was printed."
    if result.result is Result.PRINTING_PROBLEM and result.reason is not None:
        return MESSAGES[result.reason]
    if result.result is Result.NOT_MADE:
        return result.detail
    if result.result is Result.SAVED and result.saved_as is not None:
        return f"saved {result.saved_as}"
    if result.result is Result.SAVE_PROBLEM:
        return f"The document could not be saved ({result.detail or 'unknown problem'})."
    return "The sheet could not be printed. Please ask staff for help."
