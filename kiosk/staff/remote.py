"""Staff accounts kept by the gatekeeper service: the same calls as ``StaffAccounts``, over the
connection a ``RemoteGatekeeper`` holds (so a staff sign-in on it is what lets that connection
add or remove accounts and delete vaults; kiosk.gatekeeper_service.rules)."""

from __future__ import annotations

from typing import NoReturn, TypeVar

from kiosk.staff.errors import AccountRefusal, StaffAccountError, StaffSignInPaused
from kiosk.vault.errors import GatekeeperUnavailable
from kiosk.vault.remote import Connection, RemoteFailure
from kiosk.vault.remote import protocol as wire

STAFF_ACCOUNT = "staff-account"
STAFF_PAUSED = "staff-paused"

R = TypeVar("R", bound=wire.Reply)


def staff_failure(error: BaseException) -> wire.Failure | None:
    """The wire form of a staff refusal, for the service; None for any other error."""
    if isinstance(error, StaffAccountError):
        refusal = None if error.code is None else error.code.value
        return wire.Failure(STAFF_ACCOUNT, {"message": str(error), "refusal": refusal})
    if isinstance(error, StaffSignInPaused):
        return wire.Failure(STAFF_PAUSED, {"retry_after": error.retry_after})
    return None


def _raise_staff(failure: RemoteFailure) -> NoReturn:
    params = failure.params
    try:
        if failure.code == STAFF_ACCOUNT:
            refusal = params.get("refusal")
            code = None if refusal is None else AccountRefusal(refusal)
            raise StaffAccountError(str(params["message"]), code) from None
        if failure.code == STAFF_PAUSED:
            wait = params["retry_after"]
            if isinstance(wait, bool) or not isinstance(wait, int | float):
                raise ValueError("not a number")
            raise StaffSignInPaused(float(wait)) from None
    except (KeyError, ValueError):
        pass
    raise GatekeeperUnavailable(reason="unexpected failure") from None


class RemoteStaffAccounts:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def names(self) -> list[str]:
        return self._ask(wire.StaffNames(), wire.Names, repeatable=True).value

    def refuse_taken(self, name: str) -> None:
        self._ask(wire.StaffRefuseTaken(name=name), wire.Done, repeatable=True)

    def add(self, name: str, passphrase: str, again: str) -> str:
        request = wire.StaffAdd(name=name, passphrase=passphrase, again=again)
        return self._ask(request, wire.Text).value

    def remove(self, name: str) -> str:
        return self._ask(wire.StaffRemove(name=name), wire.Text).value

    def check_removal(self, name: str) -> str:
        return self._ask(wire.StaffCheckRemoval(name=name), wire.Text, repeatable=True).value

    def account_name(self, name: str) -> str | None:
        return self._ask(wire.StaffAccountName(name=name), wire.MaybeText, repeatable=True).value

    def verify(self, name: str, passphrase: str) -> bool:
        accepted = self._ask(wire.StaffVerify(name=name, passphrase=passphrase), wire.Flag).value
        # The service now holds this answer for this connection, whatever went before.
        self._connection.staff_signed_in, self._connection.staff_sign_in_lost = accepted, False
        return accepted

    def _ask(self, request: wire.Request, kind: type[R], repeatable: bool = False) -> R:
        try:
            reply = self._connection.call(request, repeatable=repeatable)
        except RemoteFailure as failure:
            _raise_staff(failure)
        if not isinstance(reply, kind):
            raise GatekeeperUnavailable(reason="unexpected reply")
        return reply
