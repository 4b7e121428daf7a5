"""``kiosk admin numbers`` and ``kiosk admin log``: the centre's counts and the staff log, as
CSV for funders and the centre's records, and ``log verify``.

CSV goes to standard output, or with ``--output`` to a new file, written whole beside it and
then linked into place, so a file that is already there is never overwritten (unless
``--replace``) and a kill leaves no half-written report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kiosk.config import Config
from kiosk.operator.errors import EXIT_REFUSED, EXIT_USAGE, CommandError
from kiosk.operator.output_file import output_name, write_new_file
from kiosk.operator.prompts import SecretReader
from kiosk.operator.service_sign_in import sign_in_if_asked
from kiosk.operator.set_up import require_set_up
from kiosk.services import build_gatekeeper, build_staff_accounts
from kiosk.staff.audit import COMMAND_LINE, AuditLog, AuditLogDamaged, AuditLogUnusable, StaffAction
from kiosk.staff.export import MAX_DAYS, every_day, log_csv, numbers_csv
from kiosk.staff.numbers import CentreNumbers, NumbersUnreadable
from kiosk.text import TerminalSafeWriter
from kiosk.vault.errors import VaultError


def add_commands(
    admin_commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    numbers = admin_commands.add_parser(
        "numbers", parents=[common], help="the centre's daily counts as CSV (no names, no times)"
    )
    numbers.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD")
    numbers.add_argument("--to", dest="end", metavar="DATE", help="last day (default: today)")
    _output_options(numbers)
    log = admin_commands.add_parser(
        "log", parents=[common], help="the staff log as CSV, or 'log verify' to check it"
    )
    log.add_argument("log_command", nargs="?", choices=["verify"], metavar="verify")
    _output_options(log)


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--output", metavar="FILE", help="write the CSV to this new file", type=output_name
    )
    command.add_argument(
        "--replace", action="store_true", help="with --output: replace the file if it exists"
    )


def run_report(
    args: argparse.Namespace,
    config: Config,
    out: TextIO,
    clock: Callable[[], float] = time.time,
    secrets: SecretReader | None = None,
) -> int:
    """Both reports go in the staff log, whose seal the gatekeeper service gives only to a
    staff-signed-in connection: run as the kiosk's user, the sign-in is asked for first, on
    the one connection every seal of this command then uses."""
    gatekeeper = build_gatekeeper(config)
    require_set_up(config, gatekeeper)
    sign_in_if_asked(
        gatekeeper,
        build_staff_accounts(config, gatekeeper),
        secrets if secrets is not None else SecretReader(sys.stdin),
    )
    log = AuditLog(config.data_path(), clock, seal=gatekeeper.staff_log_seal)
    if args.admin_command == "numbers":
        return _numbers(args, config, out, clock, log)
    return _log(args, out, log)


def _numbers(
    args: argparse.Namespace,
    config: Config,
    out: TextIO,
    clock: Callable[[], float],
    log: AuditLog,
) -> int:
    today = dt.datetime.fromtimestamp(clock()).date()
    end = _date("--to", args.end) if args.end else today
    given_start = _date("--from", args.start) if args.start else None
    numbers = CentreNumbers(config.data_path(), clock)
    try:
        counted = numbers.days(None, end)
    except NumbersUnreadable as error:
        raise CommandError(
            f"the counts file {numbers.path} cannot be read ({error.detail}); it is kept as it "
            "is, and the next count moves it aside and starts again beside it"
        ) from None
    start = given_start or (counted[0].day if counted else end)
    if start > end:
        raise CommandError(f"--from {start} is after --to {end}", EXIT_USAGE)
    if (end - start).days + 1 > MAX_DAYS:
        raise CommandError(f"a period of at most {MAX_DAYS} days, please", EXIT_USAGE)
    data = numbers_csv(every_day([d for d in counted if d.day >= start], start, end))
    _deliver(data, args, out)
    _note(log, StaffAction.NUMBERS_EXPORTED, f"{start} to {end}")
    for kept in numbers.set_aside():
        # Counts in a damaged file that was set aside are not in this report: say so.
        _warn(f"note: {numbers.path.parent / kept} was damaged; its counts are not in this report")
    return 0


def _log(args: argparse.Namespace, out: TextIO, log: AuditLog) -> int:
    if args.log_command == "verify":
        if args.output:
            raise CommandError("'log verify' writes nothing: leave out --output", EXIT_USAGE)
        try:
            broken = log.verify()
            count = len(log.records(skip_damaged=True))
        except AuditLogUnusable as error:
            raise CommandError(
                f"the staff log {log.path} cannot be read ({error.detail})"
            ) from None
        if broken is None:
            print(f"The staff log is whole: {count} records, none changed.", file=out)
            return 0
        print(
            f"The staff log has been changed: record {broken} is not as it was written "
            "(changed, removed, moved, added or cut off the end).",
            file=out,
        )
        return EXIT_REFUSED
    try:
        records = log.records()
    except AuditLogDamaged as error:
        raise CommandError(
            f"the staff log {log.path} has a line that cannot be read ({error.detail}); "
            "'kiosk admin log verify' says which"
        ) from None
    _deliver(log_csv(records), args, out)
    _note(log, StaffAction.LOG_EXPORTED, f"{len(records)} records")
    return 0


def _note(log: AuditLog, action: StaffAction, detail: str) -> None:
    """The export goes in the staff log; a log that cannot be written is said, not fatal (the
    report is already out)."""
    try:
        log.record(action, COMMAND_LINE, detail)
    except (OSError, VaultError) as error:  # the secret, or the gatekeeper service
        _warn(f"note: the staff log could not record this export ({error})")


def _date(option: str, text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{option} {text!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-01", EXIT_USAGE
        ) from None


def _deliver(data: bytes, args: argparse.Namespace, out: TextIO) -> None:
    if not args.output:
        if args.replace:
            raise CommandError("--replace goes with --output", EXIT_USAGE)
        out.write(data.decode("utf-8"))
        out.flush()
        return
    target = Path(args.output)
    write_new_file(target, data, replace=args.replace)
    print(f"Saved {target}", file=out)


def _warn(line: str) -> None:
    print(line, file=TerminalSafeWriter(sys.stderr))
