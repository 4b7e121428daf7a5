"""Domain errors as codes on the wire, and back as the same exception classes.

Only codes and numbers travel: never a name, a PIN or a key. An exception this table does not
know becomes ``internal`` on the wire (the service logs nothing of it but its class name).
"""

from __future__ import annotations

import errno as errno_codes
from collections.abc import Callable, Mapping

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
from kiosk.vault.gatekeeper import ForgedHead
from kiosk.vault.ids import InvalidVaultId
from kiosk.vault.remote.protocol import (
    INTERNAL,
    MALFORMED,
    NOT_ALLOWED,
    WRONG_VERSION,
    Failure,
    Param,
)

FORGED_HEAD = "forged-head"
OS_ERROR = "os-error"
BAD_VALUE = "bad-value"

_PLAIN: dict[str, Callable[[], Exception]] = {
    error.code: error
    for error in (
        PinDisabled,
        RecoveryExhausted,
        SecretsDiffer,
        NameTaken,
        VaultDamaged,
        VaultFromNewerHarbour,
        VaultInUse,
        WeakSlot,
        StorageFull,
        VaultClosed,
        UnknownVault,
        InvalidVaultId,
        GatekeeperRefused,
    )
}


class RemoteFailure(Exception):
    """A failure code this layer does not raise itself (staff accounts' codes, for one)."""

    def __init__(self, code: str, params: Mapping[str, Param]) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def failure_of(error: BaseException) -> Failure | None:
    """The wire form of a vault-layer error, or None for one this layer does not know."""
    if isinstance(error, NotRecognised):
        return Failure(
            error.code, {"retry_after": error.retry_after, "tries_left": error.tries_left}
        )
    if isinstance(error, TryLater | KioskPaused):
        return Failure(error.code, {"retry_after": error.retry_after})
    if isinstance(error, WeakSecret | InvalidVaultName):
        return Failure(error.code, {"problem": error.problem.value})
    if isinstance(error, KioskSecretProblem):
        return Failure(error.code, {"detail": error.detail})
    if isinstance(error, UnsupportedSqlcipher):
        return Failure(error.code, {"found": error.found})
    if isinstance(error, VaultError) and error.code in _PLAIN:
        return Failure(error.code)
    if isinstance(error, ForgedHead):
        return Failure(FORGED_HEAD)
    if isinstance(error, OSError):
        # The service's own files (a full disk): said as the same OSError, without its path.
        return Failure(OS_ERROR, {"errno": error.errno, "strerror": error.strerror})
    if isinstance(error, ValueError):
        return Failure(BAD_VALUE)
    return None


def raise_failure(failure: Failure) -> None:
    """Raise ``failure`` as the exception the in-process gatekeeper would have raised."""
    code, params = failure.code, failure.params
    try:
        error = _rebuild(code, params)
    except (KeyError, TypeError, ValueError):
        raise GatekeeperUnavailable() from None
    if error is None:
        raise RemoteFailure(code, params)
    raise error


def _rebuild(code: str, params: Mapping[str, Param]) -> Exception | None:
    if code == NotRecognised.code:
        tries = params.get("tries_left")
        return NotRecognised(_number(params["retry_after"]), None if tries is None else int(tries))
    if code == TryLater.code:
        return TryLater(_number(params["retry_after"]))
    if code == KioskPaused.code:
        return KioskPaused(_number(params["retry_after"]))
    if code == WeakSecret.code:
        return WeakSecret(SecretProblem(params["problem"]))
    if code == InvalidVaultName.code:
        return InvalidVaultName(NameProblem(params["problem"]))
    if code == KioskSecretProblem.code:
        return KioskSecretProblem(str(params["detail"]))
    if code == UnsupportedSqlcipher.code:
        return UnsupportedSqlcipher(str(params["found"]))
    if code in _PLAIN:
        return _PLAIN[code]()
    if code == FORGED_HEAD:
        return ForgedHead()
    if code == OS_ERROR:
        number = params.get("errno")
        number = int(number) if isinstance(number, int) else errno_codes.EIO
        return OSError(number, str(params.get("strerror") or "error"))
    if code == BAD_VALUE:
        return ValueError("refused by the gatekeeper")
    if code == NOT_ALLOWED:
        return GatekeeperRefused()
    if code in (MALFORMED, WRONG_VERSION, INTERNAL):
        return GatekeeperUnavailable(reason=code)
    return None


def _number(value: Param) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("not a number")
    return float(value)
