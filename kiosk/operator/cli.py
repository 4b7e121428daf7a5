"""The ``kiosk`` command: the kiosk itself, and the operator's ``admin`` commands.

Every admin command works without a terminal: secrets are read from standard input, one per
line, when it is not a terminal. Errors are one line on stderr and a non-zero exit: 1 for a
refusal (wrong PIN, name taken, …), 2 for a usage or configuration problem.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from kiosk.config import Config, ConfigError, find_config_path, load_config
from kiosk.operator.data_folder import is_installed_data_folder
from kiosk.operator.errors import EXIT_REFUSED, EXIT_USAGE, CommandError
from kiosk.operator.prompts import SecretReader
from kiosk.session.first_session import plain_run_options
from kiosk.text import TerminalSafeWriter

if TYPE_CHECKING:
    import argparse

    from kiosk.session.first_session import FirstSession


def _common_options(default: object) -> argparse.ArgumentParser:
    import argparse

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", metavar="FILE", default=default, help="the kiosk's TOML config file"
    )
    common.add_argument(
        "--data-dir", metavar="DIR", default=default, help="use this data folder instead"
    )
    return common


def _slip_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--print",
        dest="print_slip",
        action="store_true",
        help="print the name and recovery code on a slip instead of showing them here",
    )
    command.add_argument(
        "--printer", metavar="QUEUE", help="CUPS queue for the slip (implies --print)"
    )


def build_parser() -> argparse.ArgumentParser:
    """``--config`` and ``--data-dir`` are accepted before or after any command."""
    import argparse  # here: a session's start (see ``main``) does without it

    from kiosk.operator.output_file import output_name

    # Sub-commands must not reset what was given before them, hence SUPPRESS below the top.
    common = _common_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="kiosk",
        parents=[_common_options(None)],
        description="Harbour kiosk. With no command, runs the kiosk.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", parents=[common], help="run the kiosk (the default)")
    commands.add_parser(
        "session", parents=[common], help="run one visitor session (the supervisor uses this)"
    )

    printing = commands.add_parser("print", parents=[common], help="print or save a sheet")
    what = printing.add_subparsers(dest="print_what", metavar="SHEET")
    what.required = True
    helplines = what.add_parser(
        "helplines", parents=[common], help="the helpline sheet, practical steps or wallet card"
    )
    helplines.add_argument("--region", help="region code, e.g. uk or us (default: from config)")
    kind = helplines.add_mutually_exclusive_group()
    kind.add_argument("--card", action="store_true", help="a wallet-size card")
    kind.add_argument("--steps", action="store_true", help="the practical-steps sheet")
    target = helplines.add_mutually_exclusive_group()
    target.add_argument(
        "--output", metavar="FILE", help="save the PDF here instead of printing", type=output_name
    )
    target.add_argument("--printer", metavar="QUEUE", help="CUPS queue (default: from config)")
    helplines.add_argument(
        "--replace", action="store_true", help="with --output: replace the file if it exists"
    )
    helplines.add_argument("--copies", type=int, default=1, help="1 to 20")
    # print stream (issue 11): one topic's helplines only
    helplines.add_argument("--topic", help="only this topic's helplines, e.g. stalking")
    helplines.add_argument(
        "--language", help="the sheet's language, e.g. cy or ar (default: English)"
    )

    doctor = commands.add_parser(
        "doctor", parents=[common], help="check config, files, fonts, printer and CUPS settings"
    )
    doctor.add_argument("--cupsd-conf", default="/etc/cups/cupsd.conf", help="CUPS config to check")

    gatekeeper = commands.add_parser(
        "gatekeeper", parents=[common], help="the gatekeeper service (kiosk/gatekeeper_service)"
    )
    gatekeeper_commands = gatekeeper.add_subparsers(dest="gatekeeper_command", metavar="ACTION")
    gatekeeper_commands.required = True
    serve = gatekeeper_commands.add_parser(
        "serve", parents=[common], help="run the gatekeeper service until stopped (SIGTERM)"
    )
    serve.add_argument(
        "--socket",
        metavar="PATH",
        help="make and listen on this socket (mode 0660) when systemd passed none "
        "(default: [gatekeeper] socket)",
    )

    admin = commands.add_parser("admin", parents=[common], help="operator commands")
    admin_commands = admin.add_subparsers(dest="admin_command", metavar="ADMIN_COMMAND")
    admin_commands.required = True
    init = admin_commands.add_parser(
        "init",
        parents=[common],
        help="set up the data folder, kiosk secret and first staff account",
    )
    init.add_argument("--staff-name", required=True, help="name of the first staff account")
    _staff_commands(admin_commands, common)  # stream accounts

    vault = admin_commands.add_parser("vault", parents=[common], help="manage vaults")
    vault_commands = vault.add_subparsers(dest="vault_command", metavar="VAULT_COMMAND")
    vault_commands.required = True
    create = vault_commands.add_parser(
        "create", parents=[common], help="create a vault; the visitor types her PIN twice"
    )
    naming = create.add_mutually_exclusive_group()
    naming.add_argument(
        "--name",
        type=_given_vault_name,
        help="the vault name (default: a random pronounceable one)",
    )
    naming.add_argument(
        "--choose-name",
        action="store_true",
        help="ask for the name (prompt, or the first line of stdin) so it stays out of "
        "shell history and the process list",
    )
    _slip_options(create)
    vault_commands.add_parser("list", parents=[common], help="list vaults by id, never by name")
    for verb, text in (
        ("change-pin", "change a vault's PIN (old PIN, then the new one twice)"),
        ("recover", "use the recovery code to set a new PIN; prints a new code"),
        ("state", "show one vault's state, to guide a locked-out visitor"),
    ):
        by_name = vault_commands.add_parser(verb, parents=[common], help=text)
        by_name.add_argument("name", nargs="?", help="the vault name (asked for when left out)")
        if verb == "recover":
            _slip_options(by_name)
    delete = vault_commands.add_parser(
        "delete", parents=[common], help="crypto-erase a vault (by name, or --id from list)"
    )
    delete.add_argument("name", nargs="?")
    delete.add_argument("--id", dest="vault_id", help="the vault id shown by 'vault list'")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    # -- stream vaults (issue 11): retention --
    from kiosk.operator.retention import months_argument

    unused = vault_commands.add_parser(
        "unused", parents=[common], help="list vaults not opened for some months, by id"
    )
    unused.add_argument(
        "--months",
        type=months_argument,
        help="months without an opening (default: [staff] retention_months)",
    )
    # -- end stream vaults --
    _record_commands(vault_commands, common)
    # -- numbers: kiosk admin numbers, kiosk admin log -----------------------------------------
    from kiosk.operator.centre_reports import add_commands as add_report_commands

    add_report_commands(admin_commands, common)
    # -- end numbers ---------------------------------------------------------------------------
    return parser


# -- stream accounts: ``kiosk admin staff`` (kiosk/operator/staff_commands.py) ----------------
def _staff_commands(
    admin_commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    staff = admin_commands.add_parser(
        "staff", parents=[common], help="staff accounts for the kiosk's console"
    )
    staff_commands = staff.add_subparsers(dest="staff_command", metavar="STAFF_COMMAND")
    staff_commands.required = True
    add = staff_commands.add_parser(
        "add", parents=[common], help="add a staff account; its passphrase is asked twice"
    )
    add.add_argument("name", help="the staff member's name (2 to 60 characters)")
    remove = staff_commands.add_parser(
        "remove", parents=[common], help="remove a staff account (never the last one)"
    )
    remove.add_argument("name", help="the account's name, in any case")
    remove.add_argument("--yes", action="store_true", help="do not ask for the name again")
    staff_commands.add_parser("list", parents=[common], help="list the staff accounts")


# -- end of stream accounts -------------------------------------------------------------------


def _record_commands(
    vault_commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """``verify``, ``export`` and ``import`` (kiosk/operator/records.py): her PIN opens them."""
    from kiosk.operator.output_file import output_name

    name_help = "the vault name (asked for when left out)"
    verify = vault_commands.add_parser(
        "verify",
        parents=[common],
        help="check the vault's diary chain with her PIN; exit 1 if it is not intact",
    )
    verify.add_argument("name", nargs="?", help=name_help)
    export = vault_commands.add_parser(
        "export", parents=[common], help="write the whole vault as JSON (docs/EXPORT.md)"
    )
    export.add_argument("name", nargs="?", help=name_help)
    export.add_argument(
        "--output",
        metavar="FILE",
        type=output_name,
        help="write it here (private, 0600), not to standard output",
    )
    export.add_argument(
        "--replace", action="store_true", help="with --output: replace the file if it exists"
    )
    load = vault_commands.add_parser(
        "import", parents=[common], help="load an export into an empty vault, after checking it"
    )
    load.add_argument("name", nargs="?", help=name_help)
    load.add_argument("file", metavar="FILE", help="the export file")


def refuse_another_accounts_folder(config: Config) -> None:
    """Stop before writing in a data folder that belongs to another account.

    A file made there by root (``sudo kiosk …`` instead of ``sudo -u kiosk kiosk …``) cannot
    be read by the kiosk's account afterwards: one vault, or every vault, would stop opening.
    A folder that does not exist yet is left to ``admin init``, which makes it.
    """
    folder = config.data_path()
    try:
        info = folder.stat()
    except OSError:
        return
    if is_installed_data_folder(folder):
        # The two-user layout (deploy/data-folder): root's folder, shared with the kiosk's
        # group; the commands run as the kiosk's user, never as root.
        mine = os.geteuid() != 0 and info.st_gid in {os.getegid(), *os.getgroups()}
    else:
        mine = info.st_uid == os.geteuid()
    if not mine:
        raise CommandError(
            f"the data folder {folder} belongs to another account, and files made by this one "
            "would stop the kiosk opening its vaults; nothing was changed. Run Harbour's "
            "commands as its owner (on an installed kiosk: sudo -u kiosk kiosk …)",
            EXIT_USAGE,
        )


def _load(config: str | None, data_dir: str | None) -> tuple[Path, Config]:
    given = find_config_path(config)
    try:
        path = given.resolve()
    except (OSError, RuntimeError):
        # A symlink loop (RuntimeError before Python 3.13): reading it says so in one line.
        path = given.absolute()
    return path, load_config(path, data_dir=Path(data_dir) if data_dir else None)


def _given_vault_name(text: str) -> str:
    """``vault create --name``'s value, as argparse's ``type``: a name at all. An empty one (a
    shell variable left unset) quietly made a vault with a suggested name nobody chose."""
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError("give a name, or leave --name out for a suggested one")
    return text


def main(
    argv: Sequence[str] | None = None,
    *,
    run_visit: Callable[[Config], int] | None = None,
    first_session: FirstSession | None = None,
) -> int:
    """The ``kiosk`` command. ``run_visit`` runs one visitor session (``kiosk session``); the
    composition root hands it in, because this layer never imports the UI. ``first_session``:
    the kiosk's first session, already started (``kiosk.session.supervisor``), waiting for the
    checks below; whoever passes it ends it if the kiosk does not run."""
    # Everything the kiosk writes is private to its user, whatever the login shell set.
    os.umask(0o077)
    words = list(sys.argv[1:] if argv is None else argv)
    # Running the kiosk, and a session's start in the words the supervisor uses, are read
    # without the whole parser: a visitor waits for them, and building it costs 10 ms.
    plain_verb = "session" if words[:1] == ["session"] else "run"
    plain = plain_run_options(words, command=plain_verb)
    verb: str | None = plain_verb
    args: argparse.Namespace | None = None
    if plain is None:
        args = build_parser().parse_args(argv)
        verb = args.command
        options = (args.config, args.data_dir)
    else:
        options = plain
    # What the operator's commands print can hold text from files or from what was typed:
    # nothing in it may act on the terminal (escape sequences, bidirectional controls).
    out = cast(TextIO, TerminalSafeWriter(sys.stdout))
    errors = cast(TextIO, TerminalSafeWriter(sys.stderr))
    try:
        config_path, config = _load(*options)
        if verb in ("admin", "run", "session", None):
            refuse_another_accounts_folder(config)
        if verb == "admin":
            assert args is not None
            if args.admin_command in ("numbers", "log"):  # numbers
                from kiosk.operator.centre_reports import run_report

                return run_report(args, config, out, secrets=SecretReader(sys.stdin))
            from kiosk.operator.admin import run_admin

            return run_admin(args, config, SecretReader(sys.stdin), out)
        if verb == "print":
            assert args is not None
            from kiosk.operator.print_sheets import run_print

            return run_print(args, config, out)
        if verb == "gatekeeper":
            assert args is not None
            from kiosk.operator.gatekeeper_command import run_gatekeeper

            return run_gatekeeper(args, config, errors)
        if verb == "doctor":
            assert args is not None
            from kiosk.operator.doctor import run_doctor

            return run_doctor(args, config, config_path, out)
        if verb in ("run", "session", None) and not (sys.stdin.isatty() and sys.stdout.isatty()):
            # Everything the kiosk shows (a visitor's notes among it) would go to that file or
            # pipe as text.
            raise CommandError(
                "the kiosk needs a terminal for its input and output, not a file or a pipe: "
                "run it on the console (docs/DEPLOY.md, step 6) or in a terminal window",
                EXIT_USAGE,
            )
        if verb == "session":
            if run_visit is None:
                raise CommandError("'kiosk session' runs only from the kiosk command", EXIT_USAGE)
            return run_visit(config)
        from kiosk.session.first_session import session_command
        from kiosk.session.supervisor import Supervisor

        # Check what a session needs before the first one draws, so a broken file is one
        # clear line here instead of a session that cannot start. The first session, loading
        # meanwhile, checks the config and the data folder itself but reads the helpline files
        # only after its first frame (kiosk.ui.app): it is let draw only now.
        _read_session_files(config)
        if first_session is not None:
            first_session.release_when_ready()

        command = session_command(config_path, config.data_path())
        return Supervisor(
            config,
            command,
            first=first_session,
            why_sessions_fail=lambda: _start_problem(config_path, config.data_path()),
        ).run()
    except ConfigError as error:
        print(f"kiosk: {error}", file=errors)
        return EXIT_USAGE
    except CommandError as error:
        print(f"kiosk: {error}", file=errors)
        return error.code
    except Exception as error:
        said = _refusal(error)
        if said is None:
            raise
        line, code = said
        print(f"kiosk: {line}", file=errors)
        return code
    except KeyboardInterrupt:
        print("kiosk: interrupted; nothing was changed", file=errors)
        return EXIT_REFUSED


def _read_session_files(config: Config) -> None:
    """Read the helpline and plan-content files every session reads: a broken one raises."""
    from kiosk.helplines.loader import load_directory
    from kiosk.plan.content import load_plan_content

    load_directory(config.helplines_path())
    load_plan_content(config.plan_content_path())


def _start_problem(config_path: Path, data_dir: Path) -> tuple[str, int] | None:
    """The kiosk command's start checks made again, for a supervisor whose sessions keep
    failing: the line and exit code they give now, or None if they pass (or fail otherwise)."""
    try:
        _read_session_files(load_config(config_path, data_dir=data_dir))
    except ConfigError as error:
        return str(error), EXIT_USAGE
    except Exception as error:
        return _refusal(error)
    return None


def _refusal(error: Exception) -> tuple[str, int] | None:
    """The line and exit code for a broken helpline or plan-content file, a kiosk secret that
    cannot be used, or the gatekeeper service not answering or refusing this user (any
    command); None for anything else. Their classes are imported only here, on the way out:
    a session's start does without the modules that define them."""
    from kiosk.helplines.loader import DirectoryError
    from kiosk.plan.content import PlanContentError
    from kiosk.vault.errors import KioskSecretProblem, VaultError

    if isinstance(error, (DirectoryError, PlanContentError)):
        return str(error), EXIT_USAGE
    if isinstance(error, KioskSecretProblem):
        return error.detail, EXIT_REFUSED
    if isinstance(error, VaultError):
        from kiosk.operator.wording import refusal

        return refusal(error), EXIT_REFUSED
    return None
