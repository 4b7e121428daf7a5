"""The gatekeeper's own files, and the files SQLite keeps beside a vault, replaced by a FIFO:
refused at once, never waited on.

Opening a FIFO to read waits until someone opens it to write. A FIFO in place of the attempt
counters, the name map, the KDF calibration or the staff accounts held every unlock (with the
gatekeeper's lock), every command that reads them and ``kiosk doctor`` itself, for ever; one in
place of a vault's rollback journal held whoever opened that vault. (On an installed kiosk the
gatekeeper's files are its service's own; a vault's folder is the kiosk's group's to write.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.errors import StaffAccountError
from kiosk.vault.errors import KioskSecretProblem, VaultDamaged
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.trusted import MAX_TRUSTED_BYTES, read_trusted
from tests.unit.test_staff_files_planted import _finishes

NAME, PIN = "river-stone", "583920"


@pytest.mark.parametrize("name", ["counters.json", "names.json", "kdf.json"])
def test_a_fifo_as_a_gatekeeper_file_is_refused_at_once(
    make_gatekeeper: Callable[..., Gatekeeper], data_dir: Path, name: str
) -> None:
    gatekeeper = make_gatekeeper()
    gatekeeper.provision(NAME, PIN, PIN)
    planted = data_dir / "gatekeeper" / name
    planted.unlink(missing_ok=True)
    os.mkfifo(planted, 0o600)
    if name == "kdf.json":
        outcome = _finishes(lambda: Gatekeeper.load_calibration(data_dir), planted)
    else:
        outcome = _finishes(lambda: Gatekeeper.check_state_files(data_dir), planted)
    assert isinstance(outcome, KioskSecretProblem)
    assert "not a regular file" in outcome.detail and str(planted) in outcome.detail


def test_a_fifo_as_the_staff_accounts_is_refused_at_once(tmp_path: Path) -> None:
    accounts = StaffAccounts(tmp_path)
    planted = tmp_path / "staff" / "accounts.json"
    planted.parent.mkdir(parents=True)
    os.mkfifo(planted, 0o600)
    outcome = _finishes(accounts.names, planted)
    assert isinstance(outcome, StaffAccountError)


def test_a_file_far_larger_than_the_gatekeeper_makes_is_damage_not_read_whole(
    tmp_path: Path,
) -> None:
    huge = tmp_path / "counters.json"
    with huge.open("wb") as file:
        file.truncate(MAX_TRUSTED_BYTES + 2)
    with pytest.raises(KioskSecretProblem) as refused:
        read_trusted(huge, dict, "the attempt counter file")
    assert "damaged" in refused.value.detail


@pytest.mark.parametrize("side_file", ["vault.db-journal", "vault.db-wal", "vault.db-shm"])
def test_a_fifo_beside_a_vaults_database_is_damage_not_a_wait(
    make_gatekeeper: Callable[..., Gatekeeper], data_dir: Path, side_file: str
) -> None:
    gatekeeper = make_gatekeeper()
    made = gatekeeper.provision(NAME, PIN, PIN)
    planted = data_dir / "vaults" / made.vault_id / side_file
    os.mkfifo(planted, 0o600)
    outcome = _finishes(lambda: VaultService(gatekeeper).open(NAME, PIN).close(), planted)
    assert isinstance(outcome, VaultDamaged)
    planted.unlink()
    VaultService(gatekeeper).open(NAME, PIN).close()  # nothing else was touched
