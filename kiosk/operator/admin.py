"""The operator's commands: ``kiosk admin init`` and ``kiosk admin vault …``.

They print only what the operator needs. A vault name and recovery code are printed once, at
creation or recovery, because the visitor must take them away; nothing else ever prints them.
With ``--print`` they go on a paper slip instead, so they do not stay in the terminal's
scrollback.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from kiosk.config import Config
from kiosk.operator import wording
from kiosk.operator.errors import EXIT_USAGE, CommandError
from kiosk.operator.prompts import SecretReader
from kiosk.operator.service_sign_in import sign_in_if_asked
from kiosk.operator.set_up import require_set_up, secret_missing
from kiosk.operator.staff_commands import read_new_staff_passphrase, record_change
from kiosk.services import build_gatekeeper, build_staff_accounts
from kiosk.staff.audit import StaffAction
from kiosk.staff.errors import StaffAccountError
from kiosk.vault.crypto import wipe
from kiosk.vault.errors import (
    KioskSecretProblem,
    NameTaken,
    NotRecognised,
    SecretsDiffer,
    TryLater,
    UnknownVault,
    VaultDamaged,
    VaultError,
    VaultFromNewerHarbour,
    WeakSecret,
)
from kiosk.vault.gatekeeper import Gate, VaultState, VaultSummary
from kiosk.vault.ids import InvalidVaultId, is_vault_id
from kiosk.vault.names import normalise_name
from kiosk.vault.pin_policy import check_new_secret, normalise_secret

if TYPE_CHECKING:
    from kiosk.printing.cups import Printer

# A refused new PIN is asked for again this many times in all on a terminal.
NEW_PIN_ASKS = 3


def run_admin(args: argparse.Namespace, config: Config, secrets: SecretReader, out: TextIO) -> int:
    try:
        if args.admin_command == "init":
            return _init(args, config, secrets, out)
        if args.admin_command == "staff":  # stream accounts: kiosk/operator/staff_commands.py
            from kiosk.operator.staff_commands import run_staff

            return run_staff(args, config, secrets, out)
        return _vault(args, config, secrets, out)
    except KioskSecretProblem as error:
        raise CommandError(f"{error.detail}. Run 'kiosk doctor' or ask the operator.") from None
    except (VaultError, StaffAccountError) as error:
        raise CommandError(_for_staff(error)) from None
    except OSError as error:
        raise CommandError(f"{error.filename or 'the data folder'}: {error.strerror}") from None


# The vault's messages are written for a visitor, who is told to ask staff; staff reading them
# here are told what they can do instead.
_ASK_STAFF = (" Please ask staff for help.", ", or ask staff for help.", ", or ask staff.")
_RESTORE_OR_DELETE = (
    "restore its folder from a backup with the kiosk stopped (docs/DEPLOY.md, step 9), "
    "or delete the vault with the visitor's agreement"
)

# A vault a newer Harbour upgraded is whole: restoring or deleting it would lose her notes.
_UPDATE_HARBOUR = (
    "install the newer Harbour again (docs/DEPLOY.md, step 9, 'Updates'); "
    "do not delete the vault or restore it from a backup, which would lose what she wrote"
)


def _for_staff(error: Exception) -> str:
    text = wording.refusal(error) if isinstance(error, VaultError) else str(error)
    for ending in _ASK_STAFF:
        if text.endswith(ending):
            text = text[: -len(ending)] + ("" if ending.startswith(" ") else ".")
    if isinstance(error, VaultDamaged):
        text += f" To help: {_RESTORE_OR_DELETE}."
    if isinstance(error, VaultFromNewerHarbour):
        text += f" To help: {_UPDATE_HARBOUR}."
    return text


def _init(args: argparse.Namespace, config: Config, secrets: SecretReader, out: TextIO) -> int:
    """The same in both modes: in-process, or through the gatekeeper service (which owns the
    secret, the calibration and the staff accounts; the first account is one it accepts from
    anyone, as none exists yet)."""
    data_dir = config.data_path()
    gatekeeper = build_gatekeeper(config)
    staff = build_staff_accounts(config, gatekeeper)
    secret_there = gatekeeper.secret_exists()
    if secret_there and staff.names():
        raise CommandError(f"{data_dir} is already set up; nothing was changed")
    if not secret_there and gatekeeper.holds_any_vault():
        # A new secret would open none of them: put the old one back instead.
        raise CommandError(f"{secret_missing(config)}; nothing was changed")
    passphrase, again = read_new_staff_passphrase(args.staff_name, secrets, out)
    created = gatekeeper.initialise_folders()
    out.write(f"data folder: {data_dir}\n")
    state = "created" if created else "kept, already there"
    out.write(f"kiosk secret: {config.secret_path()} ({state})\n")
    if config.kdf.profile == "calibrated":
        out.write("measuring this machine for the PIN key derivation…\n")
        out.flush()
        result = gatekeeper.calibrate_kdf()
        note = "" if result.within_target else " (slower than the 1 s aim: unlocks will be slow)"
        out.write(
            f"PIN key derivation: {result.params.describe()}, "
            f"{result.seconds:.2f} s per attempt{note}\n"
        )
    else:
        out.write(f"PIN key derivation: {config.kdf.profile} profile from the config file\n")
    staff.add(args.staff_name, passphrase, again)
    out.write(f"staff account: {' '.join(args.staff_name.split())}\n")
    return 0


def _vault(args: argparse.Namespace, config: Config, secrets: SecretReader, out: TextIO) -> int:
    gatekeeper = build_gatekeeper(config)
    require_set_up(config, gatekeeper)
    sign_in_if_asked(gatekeeper, build_staff_accounts(config, gatekeeper), secrets)
    command = args.vault_command
    if command == "create":
        slip_printer = _slip_printer(args, config)
        name = _new_name(args, gatekeeper, secrets, out)
        pin, again = _read_new_pin(secrets, out, name=name or "")
        made = gatekeeper.provision(name, pin, again)
        if not _printed_slip(slip_printer, made.name, made.recovery_code, out):
            out.write(f"name: {made.name}\nrecovery code: {made.recovery_code}\n")
            out.write("Give both to the visitor now; they are not shown again.\n")
        out.flush()  # her code is out before anything else can fail
        record_change(config, gatekeeper, out, StaffAction.VAULT_MADE, "")
    elif command == "list":
        summaries = gatekeeper.list_vaults()
        if not summaries:
            out.write("no vaults\n")
        for summary in summaries:
            out.write(f"{summary.vault_id}  created {summary.created}  {summary.state.value}\n")
    elif command == "state":
        summary = gatekeeper.state_of(_name(args, secrets))
        out.write(f"{summary.vault_id}  created {summary.created}  {_state_words(summary)}\n")
    elif command == "change-pin":
        name = _name(args, secrets)
        old = secrets.read("Current PIN")
        new, again = _read_new_pin(secrets, out, name=name)
        gatekeeper.change_secret(name, old, new, again)
        out.write("PIN changed.\n")
    elif command == "recover":
        slip_printer = _slip_printer(args, config)
        name = _name(args, secrets)
        code = secrets.read("Recovery code")
        new, again = _read_new_pin(secrets, out, name=name)
        try:
            key, new_code = gatekeeper.recover(name, code, new, again)
        except (NotRecognised, TryLater) as refusal:
            # Here the recovery code, not the PIN, was what was checked.
            raise CommandError(wording.refusal(refusal, way_in="recovery code")) from None
        wipe(key.data_key)
        out.write("PIN changed.\n")
        if not _printed_slip(slip_printer, " ".join(name.split()), new_code, out):
            out.write(f"new recovery code: {new_code}\n")
            out.write("The old recovery code no longer works. Give the new one to the visitor.\n")
    elif command == "delete":
        _delete(args, gatekeeper, secrets, out)
        record_change(config, gatekeeper, out, StaffAction.VAULT_DELETED, "")
    elif command == "unused":  # stream vaults (issue 11): retention
        from kiosk.operator.retention import list_unused

        list_unused(args, config, gatekeeper, out)
    elif command in ("verify", "export", "import"):
        from kiosk.operator.records import run_records

        return run_records(args, gatekeeper, secrets, out, data_dir=config.data_path())
    return 0


def _new_name(
    args: argparse.Namespace, gatekeeper: Gate, secrets: SecretReader, out: TextIO
) -> str | None:
    """The name for a new vault, refused before any PIN is typed; asked again on a terminal."""
    if not args.choose_name:
        _check_name_is_free(gatekeeper, args.name)
        return str(args.name) if args.name else None
    for ask in range(1, NEW_PIN_ASKS + 1):
        name = secrets.read_visible("Vault name")
        try:
            _check_name_is_free(gatekeeper, name)
        except VaultError as refusal:
            if not secrets.is_terminal() or ask == NEW_PIN_ASKS:
                raise
            out.write(f"{wording.refusal(refusal)}\n")
            out.flush()
            continue
        return name
    raise AssertionError("unreachable: the last ask either returns or raises")


def _check_name_is_free(gatekeeper: Gate, name: str | None) -> None:
    """Refuse a name that is malformed or taken before the visitor types any PIN for it."""
    if not name or not name.strip():
        return  # a name is suggested
    normalise_name(name)
    try:
        gatekeeper.state_of(name)
    except UnknownVault:
        return
    raise NameTaken()


def _read_new_pin(secrets: SecretReader, out: TextIO, *, name: str) -> tuple[str, str]:
    """The new PIN twice, checked after the first entry, so a refused PIN is never typed twice.

    On a terminal the reason is shown and the PIN asked for again (a command that ended on
    "please type the new PIN again" would leave the visitor typing her PIN into the shell,
    in clear and into its history); from a script the reason ends the command.
    """
    for ask in range(1, NEW_PIN_ASKS + 1):
        pin = secrets.read("New PIN")
        try:
            check_new_secret(pin, name=name)
            again = secrets.read("New PIN again")
            if normalise_secret(again) != normalise_secret(pin):
                raise SecretsDiffer()
        except (WeakSecret, SecretsDiffer) as refusal:
            if not secrets.is_terminal():
                raise CommandError(wording.refusal(refusal)) from None
            if ask == NEW_PIN_ASKS:
                raise CommandError(
                    f"{NEW_PIN_ASKS} tries without a PIN both accepted and typed the same twice; "
                    "nothing was changed"
                ) from None
            out.write(f"{wording.refusal(refusal)}\n")
            out.flush()
            continue
        return pin, again
    raise AssertionError("unreachable: the last ask either returns or raises")


def _state_words(summary: VaultSummary) -> str:
    words = str(summary.state.value)
    if summary.state is VaultState.WAITING:
        return (
            f"{words}: the PIN can be tried again in {wording.describe_wait(summary.wait_seconds)}"
        )
    if summary.state is VaultState.PIN_DISABLED:
        return f"{words} ('I forgot my PIN' at the kiosk, or 'kiosk admin vault recover')"
    if summary.state is VaultState.DAMAGED:
        return f"{words}: {_RESTORE_OR_DELETE}"
    return words


def _slip_printer(args: argparse.Namespace, config: Config) -> Printer | None:
    """The printer for a recovery slip, checked before anything is changed, or None."""
    if not (args.print_slip or args.printer):
        return None
    from kiosk.operator.print_sheets import checked_printer

    return checked_printer(config, args.printer, before="Nothing was changed.")


def _printed_slip(printer: Printer | None, name: str, code: str, out: TextIO) -> bool:
    """Print the name and code on a slip; False (and why) when they must be shown here instead.

    A vault whose code was neither printed nor shown could never be recovered, so a printing
    problem after the vault was changed falls back to the terminal rather than losing the code.
    """
    if printer is None:
        return False
    from kiosk.printing.cups import SessionPrintJobs
    from kiosk.printing.documents import RecoverySlip
    from kiosk.printing.renderer import RenderError, render_pdf
    from kiosk.printing.service import Outcome, Result, print_sheet

    jobs = SessionPrintJobs()
    try:
        outcome = print_sheet(render_pdf(RecoverySlip(name, code), jobs=jobs), printer, jobs=jobs)
    except RenderError as error:  # such as WeasyPrint unable to load Pango or a font
        outcome = Outcome(Result.NOT_MADE, detail=f"the slip could not be made ({error})")
    if outcome.done:
        out.write("printed\n")
        return True
    # A slip left waiting in the queue would come out later, with nobody there to take it.
    jobs.cancel_unstarted(printer)
    out.write(f"The slip was not printed: {wording.outcome(outcome)}\nShown here instead:\n")
    return False


def _name(args: argparse.Namespace, secrets: SecretReader) -> str:
    """The vault name from the command line, or asked for so it stays out of shell history."""
    return str(args.name) if args.name else secrets.read_visible("Vault name")


def _delete(args: argparse.Namespace, gatekeeper: Gate, secrets: SecretReader, out: TextIO) -> None:
    if args.name and args.vault_id:
        raise CommandError("name either a vault or --id, not both", EXIT_USAGE)
    if args.vault_id is not None and not is_vault_id(args.vault_id):
        # Checked before anything is asked or touched; the text given is not echoed back.
        raise CommandError(wording.refusal(InvalidVaultId()))
    name = None if args.vault_id else _name(args, secrets)
    # A vault that is not there is said before the confirmation is asked for, in the words
    # of what was given: an id is not "a name to check the spelling of with the visitor".
    if name is None:
        if args.vault_id not in {summary.vault_id for summary in gatekeeper.list_vaults()}:
            raise CommandError(
                f"no vault has the id {args.vault_id} ('kiosk admin vault list' shows them); "
                "nothing was changed"
            )
    else:
        gatekeeper.state_of(name)
    if not args.yes:
        try:
            answer = secrets.read("Type DELETE to erase this vault for good")
        except CommandError:
            raise CommandError(
                "not deleted: confirm with a line saying DELETE on standard input, or use --yes"
            ) from None
        if answer.strip() != "DELETE":
            raise CommandError("not deleted: the answer was not DELETE")
    if name is None:
        gatekeeper.delete_id(args.vault_id)
        vault_id = args.vault_id
    else:
        vault_id = gatekeeper.delete(name)
    out.write(f"deleted {vault_id}: its keys were destroyed, then its files removed\n")
