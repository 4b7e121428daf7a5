"""Retention never lists a vault in use because the record of openings is missing or damaged.

Before, a vault with no month on record counted as last used in its creation month: a damaged
``last_used.json`` (a disk fault, a kill of an old version), or a kiosk upgraded to this
version with vaults made before it, listed every vault older than the retention period as
unused, however recently its owner had opened it, and "Delete these N vaults" erased them.
Now the file says since when it records every opening; a vault with no month on record counts
as used in that month, and with no complete record nothing without a month is listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FakeClock

PIN = "583920"
DAY = 24 * 3600.0
# The fake clock starts at 2026-09-21.


def _months_file(data_dir: Path) -> Path:
    return data_dir / "gatekeeper" / "last_used.json"


def test_a_damaged_record_lists_no_vault_opened_since(
    gatekeeper: Gatekeeper, clock: FakeClock, data_dir: Path
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)  # 2026-09
    clock.advance(400 * DAY)  # 2027-10: she opens it
    VaultService(gatekeeper).open("river-stone", PIN).close()
    _months_file(data_dir).write_bytes(b"{not json")

    assert gatekeeper.unused_vaults(12, dt.date(2027, 11, 1)) == []
    assert gatekeeper.delete_unused([made.vault_id], 12, dt.date(2027, 11, 1)) == 0
    VaultService(gatekeeper).open("river-stone", PIN).close()  # still there


def test_vaults_made_before_the_record_began_count_from_its_start(
    gatekeeper: Gatekeeper, clock: FakeClock, data_dir: Path
) -> None:
    older = gatekeeper.provision("river-stone", PIN, PIN)  # 2026-09
    _months_file(data_dir).unlink()  # as on a kiosk upgraded to this version
    clock.advance(400 * DAY)  # 2027-10
    assert gatekeeper.unused_vaults(12, dt.date(2027, 11, 1)) == []

    newer = gatekeeper.provision("harbour-light", PIN, PIN)  # the record begins: 2027-10
    assert gatekeeper.unused_vaults(12, dt.date(2028, 9, 30)) == []
    listed = gatekeeper.unused_vaults(12, dt.date(2028, 10, 1))
    assert {v.vault_id for v in listed} == {older.vault_id, newer.vault_id}
