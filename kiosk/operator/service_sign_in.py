"""A staff sign-in on the gatekeeper service's connection, for operator commands run as the
kiosk's user: the service lets such a connection list, make and delete vaults and change
staff accounts only after one (kiosk/gatekeeper_service/answers.py). Run as root or as the
service's own user, or in-process, nothing is asked."""

from __future__ import annotations

import sys

from kiosk.operator.errors import CommandError
from kiosk.operator.prompts import SecretReader
from kiosk.staff.accounts import StaffAccountsProtocol
from kiosk.staff.errors import StaffSignInPaused
from kiosk.vault.gatekeeper import Gate
from kiosk.vault.remote import RemoteGatekeeper


def sign_in_if_asked(gatekeeper: Gate, staff: StaffAccountsProtocol, secrets: SecretReader) -> None:
    if not isinstance(gatekeeper, RemoteGatekeeper):
        return
    gatekeeper.secret_exists()  # connects: the service has said which role this user has
    if gatekeeper.connection.role != "kiosk" or not staff.names():
        return
    # On the terminal, not in what the command prints: a report is often saved with ``> FILE``.
    sys.stderr.write("The gatekeeper service asks for a staff sign-in for this user.\n")
    sys.stderr.flush()
    name = secrets.read_visible("Staff name")
    passphrase = secrets.read("Staff passphrase")
    try:
        accepted = staff.verify(name, passphrase)
    except StaffSignInPaused as paused:
        raise CommandError(
            f"too many failed staff sign-ins: try again in {round(paused.retry_after)} seconds"
        ) from None
    if not accepted:
        raise CommandError("that staff name or passphrase was not recognised; nothing was changed")
