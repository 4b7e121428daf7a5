"""``kiosk admin vault unused``: the vaults not opened for some months, by opaque id and
creation month only (vault-security.md §8, retention). Deleting them is a staff step in the
kiosk's console, or ``kiosk admin vault delete --id`` one by one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import argparse

    from kiosk.config import Config
    from kiosk.vault.gatekeeper import Gate

# The kiosk command imports this module for its parser; a session's start, which shares that
# command's module, loads neither argparse nor the gatekeeper (tests/test_start_imports.py).

MIN_MONTHS = 1
MAX_MONTHS = 120


def months_argument(text: str) -> int:
    """A whole number of months, 1 to 120 (the range ``[staff] retention_months`` allows)."""
    import argparse

    try:
        months = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number of months, not {text!r}") from None
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise argparse.ArgumentTypeError(f"between {MIN_MONTHS} and {MAX_MONTHS} months")
    return months


def today_utc() -> dt.date:
    """Today as the gatekeeper dates vaults (UTC); tests replace it to move time on."""
    return dt.datetime.now(dt.UTC).date()


def list_unused(args: argparse.Namespace, config: Config, gatekeeper: Gate, out: TextIO) -> None:
    months: int = args.months or config.staff.retention_months
    today = today_utc()
    unused = gatekeeper.unused_vaults(months, today)
    period = f"{months} month" if months == 1 else f"{months} months"
    if not unused:
        out.write(f"no vaults unused for {period} or more\n")
        return
    for vault in unused:
        out.write(f"{vault.vault_id}  created {vault.created_month}\n")
    out.write(
        f"{len(unused)} not opened for {period} or more; delete each with "
        "'kiosk admin vault delete --id ID', or all at once in the kiosk's staff console.\n"
    )
