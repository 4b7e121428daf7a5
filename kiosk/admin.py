"""The operator's commands: ``kiosk admin init`` and ``kiosk admin vault …``.

They print only what the operator needs. A vault name and recovery code are printed once, at
creation or recovery, because the visitor must take them away; nothing else ever prints them.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kiosk.cli import EXIT_USAGE, CommandError, SecretReader
from kiosk.config import Config
from kiosk.services import build_gatekeeper
from kiosk.staff import StaffAccountError, StaffAccounts
from kiosk.vault.crypto import wipe
from kiosk.vault.errors import KioskSecretProblem, VaultError
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.ids import InvalidVaultId, is_vault_id
from kiosk.vault.kdf import calibrate


def run_admin(args: argparse.Namespace, config: Config, secrets: SecretReader, out: TextIO) -> int:
    try:
        if args.admin_command == "init":
            return _init(args, config, secrets, out)
        return _vault(args, config, secrets, out)
    except KioskSecretProblem as error:
        raise CommandError(f"{error.detail}. Run 'kiosk admin init' or ask the operator.") from None
    except (VaultError, StaffAccountError) as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"{error.filename or 'the data folder'}: {error.strerror}") from None


def _init(args: argparse.Namespace, config: Config, secrets: SecretReader, out: TextIO) -> int:
    data_dir = config.data_path()
    staff = StaffAccounts(data_dir)
    if config.secret_path().exists() and staff.names():
        raise CommandError(f"{data_dir} is already set up; nothing was changed")
    passphrase = secrets.read("New staff passphrase")
    again = secrets.read("Staff passphrase again")
    created = Gatekeeper.initialise(data_dir, config.secret_path())
    out.write(f"data folder: {data_dir}\n")
    state = "created" if created else "kept (already there)"
    out.write(f"kiosk secret: {config.secret_path()} ({state})\n")
    if config.kdf.profile == "calibrated":
        out.write("measuring this machine for the PIN key derivation…\n")
        out.flush()
        result = calibrate()
        Gatekeeper.save_calibration(data_dir, result.params, result.seconds)
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
    if not config.secret_path().exists():
        raise CommandError(f"{config.data_path()} is not set up yet: run 'kiosk admin init' first")
    gatekeeper = build_gatekeeper(config)
    command = args.vault_command
    if command == "create":
        name = secrets.read_visible("Vault name") if args.choose_name else args.name
        pin = secrets.read("New PIN")
        again = secrets.read("New PIN again")
        made = gatekeeper.provision(name, pin, again)
        out.write(f"name: {made.name}\nrecovery code: {made.recovery_code}\n")
        out.write("Give both to the visitor now; they are not shown again.\n")
    elif command == "list":
        summaries = gatekeeper.list_vaults()
        if not summaries:
            out.write("no vaults\n")
        for summary in summaries:
            out.write(f"{summary.vault_id}  created {summary.created}  {summary.state.value}\n")
    elif command == "state":
        summary = gatekeeper.state_of(_name(args, secrets))
        out.write(f"{summary.vault_id}  created {summary.created}  {summary.state.value}\n")
    elif command == "change-pin":
        name = _name(args, secrets)
        old = secrets.read("Current PIN")
        new = secrets.read("New PIN")
        again = secrets.read("New PIN again")
        gatekeeper.change_secret(name, old, new, again)
        out.write("PIN changed.\n")
    elif command == "recover":
        name = _name(args, secrets)
        code = secrets.read("Recovery code")
        new = secrets.read("New PIN")
        again = secrets.read("New PIN again")
        key, new_code = gatekeeper.recover(name, code, new, again)
        wipe(key.data_key)
        out.write(f"PIN changed.\nnew recovery code: {new_code}\n")
        out.write("The old recovery code no longer works. Give the new one to the visitor.\n")
    elif command == "delete":
        _delete(args, gatekeeper, secrets, out)
    return 0


def _name(args: argparse.Namespace, secrets: SecretReader) -> str:
    """The vault name from the command line, or asked for so it stays out of shell history."""
    return str(args.name) if args.name else secrets.read_visible("Vault name")


def _delete(
    args: argparse.Namespace, gatekeeper: Gatekeeper, secrets: SecretReader, out: TextIO
) -> None:
    if args.name and args.vault_id:
        raise CommandError("name either a vault or --id, not both", EXIT_USAGE)
    if args.vault_id is not None and not is_vault_id(args.vault_id):
        # Checked before anything is asked or touched; the text given is not echoed back.
        raise CommandError(str(InvalidVaultId()))
    name = None if args.vault_id else _name(args, secrets)
    if not args.yes:
        answer = secrets.read("Type DELETE to erase this vault for good")
        if answer.strip() != "DELETE":
            raise CommandError("not deleted")
    if name is None:
        gatekeeper.delete_id(args.vault_id)
        vault_id = args.vault_id
    else:
        vault_id = gatekeeper.delete(name)
    out.write(f"deleted {vault_id}: its keys were destroyed, then its files removed\n")
