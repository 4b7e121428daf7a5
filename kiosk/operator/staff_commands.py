"""``kiosk admin staff add|remove|list``: the staff accounts that sign in to the kiosk's console.

Each change is written to the staff log (kiosk/staff/audit.py) with the account's name in its
detail; the staff member who did it is not known here (whoever can run the command line can
act as any account), so the log names the command line itself (``COMMAND_LINE``).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kiosk.config import Config
from kiosk.operator.errors import CommandError
from kiosk.operator.prompts import SecretReader
from kiosk.operator.service_sign_in import sign_in_if_asked
from kiosk.operator.set_up import require_set_up
from kiosk.services import build_gatekeeper, build_staff_accounts
from kiosk.staff.accounts import StaffAccounts, StaffAccountsProtocol
from kiosk.staff.audit import COMMAND_LINE, AuditLog, AuditLogUnusable, StaffAction
from kiosk.staff.errors import StaffAccountError
from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.gatekeeper import Gate

# A refused new passphrase is asked for again this many times in all on a terminal.
PASSPHRASE_ASKS = 3


def run_staff(args: argparse.Namespace, config: Config, secrets: SecretReader, out: TextIO) -> int:
    gatekeeper = build_gatekeeper(config)
    require_set_up(config, gatekeeper)
    accounts = build_staff_accounts(config, gatekeeper)
    if args.staff_command != "list":
        sign_in_if_asked(gatekeeper, accounts, secrets)
    if args.staff_command == "list":
        names = accounts.names()
        out.write("".join(f"{name}\n" for name in names) if names else "no staff accounts\n")
        return 0
    if args.staff_command == "add":
        # The name first: no passphrase is asked for an account that cannot be made.
        StaffAccounts.check_name(args.name)
        accounts.refuse_taken(args.name)
        passphrase, again = read_new_staff_passphrase(args.name, secrets, out)
        name = accounts.add(args.name, passphrase, again)
        out.write(f"staff account added: {name}\n")
        record_change(config, gatekeeper, out, StaffAction.ACCOUNT_ADDED, name)
        return 0
    removed = accounts.remove(_confirmed_removal(args, accounts, secrets))
    out.write(f"staff account removed: {removed}\n")
    record_change(config, gatekeeper, out, StaffAction.ACCOUNT_REMOVED, removed)
    return 0


def read_new_staff_passphrase(name: str, secrets: SecretReader, out: TextIO) -> tuple[str, str]:
    """A new account's passphrase twice, refused before anything is written.

    On a terminal a refusal is explained and both entries asked for again; from a script it
    ends the command in one line.
    """
    for ask in range(1, PASSPHRASE_ASKS + 1):
        passphrase = secrets.read("New staff passphrase")
        again = secrets.read("Staff passphrase again")
        try:
            StaffAccounts.check_new_account(name, passphrase, again)
        except StaffAccountError as refusal:
            if not secrets.is_terminal() or ask == PASSPHRASE_ASKS:
                raise CommandError(f"{refusal}; nothing was changed") from None
            out.write(f"{refusal}\n")
            out.flush()
            continue
        return passphrase, again
    raise AssertionError("unreachable: the last ask either returns or raises")


def _confirmed_removal(
    args: argparse.Namespace, accounts: StaffAccountsProtocol, secrets: SecretReader
) -> str:
    """The account's saved name, once the name was typed again (unless ``--yes``). An unknown
    name and the last account are refused before anything is asked."""
    stored = accounts.check_removal(args.name)
    if args.yes:
        return stored
    try:
        typed = secrets.read_visible("Type the account's name again to remove it")
    except CommandError:
        raise CommandError(
            "not removed: confirm with a line giving the account's name on standard input, "
            "or use --yes"
        ) from None
    if accounts.account_name(typed) != stored:
        raise CommandError("not removed: the name typed again was not the same")
    return stored


def record_change(
    config: Config, gatekeeper: Gate, out: TextIO, action: StaffAction, name: str
) -> None:
    """The change is made; a log that cannot be written is said, not hidden. Sealed under the
    kiosk secret, as the kiosk seals it: a plain seal would read as a changed log."""
    log = AuditLog(config.data_path(), seal=gatekeeper.staff_log_seal)
    try:
        log.record(action, COMMAND_LINE, name)
    except AuditLogUnusable as error:  # a link, a FIFO or a folder where the log belongs
        raise CommandError(
            f"the change is made, but the staff log {log.path} could not be written "
            f"({error.detail})"
        ) from None
    except OSError as error:
        raise CommandError(
            f"the change is made, but the staff log could not be written "
            f"({error.filename or 'the data folder'}: {error.strerror})"
        ) from None
    except KioskSecretProblem as error:
        raise CommandError(
            f"the change is made, but the staff log could not be written ({error})"
        ) from None
